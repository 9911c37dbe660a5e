"""Value kinds as one table: a row per kind says how its values parse, what a cell holds, how an
achieved value is checked at the keyboard, how it scores against a target and which outcome it
has.

A target's kind and the kind of its achieved value are two things: a range target ("tra 85% e
95%") is achieved by a percentage, "da 10 a 20" by a number. :func:`achieved_kind` says which;
the sector workbook's keyboard rule, the reading of a return and its checks follow the achieved
kind, the scoring the target's.

Every module that treats a value by its kind asks this table; none has an ``if`` chain of its
own, so a new kind is a new row here (its :class:`~pegxl.values.Kind` member and its texts in the
catalogue: ``kind.<k>``, ``expect.<k>``, ``hint.<k>`` for one that may be achieved).

Scoring, written down (the design's scoring section): ``done`` 100 when as expected, else 0;
``date`` 100 on time, then minus ``late_points_per_day`` per day late; ``number`` and
``percent`` by the plan's direction (achieved / target or target / achieved, capped, the
baseline and target-zero rules); ``range`` 100 inside the range, outside it the direction's rule
against the nearer bound (below 85% of a higher-is-better "tra 85% e 95%": achieved / 85).

The module is long because it is the whole table: every kind's parsing of a cell, keyboard rule,
score, outcome and shortfall side by side, so that a kind is read (and added) in one place.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Protocol

from pegxl.findings import Code
from pegxl.i18n import T, text, tr
from pegxl.values import (
    Kind,
    ParseError,
    Value,
    format_done,
    format_number,
    format_percent,
    format_value,
    parse_auto,
    parse_cell,
    parse_date,
    parse_done,
    parse_number,
    parse_percent,
    shown_pct,
    shown_value,
)

__all__ = [
    "KINDS",
    "KindRow",
    "Outcome",
    "ScoreRules",
    "Scored",
    "achieved_kind",
    "comparable",
    "measurable",
    "parse",
    "parse_range",
    "range_bounds",
    "read_cell",
    "recognise",
    "row",
    "stored_value",
]


class Outcome(StrEnum):
    """An indicator's result against its target: in line, above, below, or not measurable."""

    IN_LINE = "in_linea"
    ABOVE = "superiore"
    BELOW = "inferiore"
    NOT_MEASURABLE = "non_valutabile"


@dataclass(frozen=True)
class Scored:
    """A computed score (``None``: not measurable), the sentence that computed it, and the
    findings worth making about it (code and message parameters)."""

    score: float | None
    trace: T
    notes: tuple[tuple[Code, dict[str, object]], ...] = ()


class ScoreRules(Protocol):
    """The rules a kind's scoring reads (:class:`pegxl.results.rules.Rules` has them all)."""

    @property
    def cap(self) -> float:
        """The highest score."""

    @property
    def late_points_per_day(self) -> float:
        """Points off per day late."""

    @property
    def baseline(self) -> str:
        """``none`` or ``prior``."""

    @property
    def in_line_tolerance(self) -> float:
        """The gap, in percent of the target, still in line."""


#: the keyboard rule of an achieved value: XlsxWriter's data validation (without its titles) and
#: the condition that marks a wrong value red ("FALSE": nothing can be wrong)
Keyboard = Callable[[str, tuple[date, date], int, str], tuple[dict[str, Any], str]]
Score = Callable[[Value, Value, bool, ScoreRules, Value | None], Scored]
OutcomeOf = Callable[[Value, Value, bool, ScoreRules], tuple[Outcome, float | None]]
Shortfall = Callable[[Value, Value, bool], bool]


@dataclass(frozen=True)
class KindRow:
    """What a value kind does, everywhere pegxl meets one.

    - ``parse``: a text to a value of the kind (raises :class:`~pegxl.values.ParseError`);
    - ``from_cell``: a cell's content (a number, a date, a boolean or a text; ``True`` when the
      cell has a percent format) to a value, ``None`` for an empty cell;
    - ``stored``: what a cell holds for a value (written, and hashed);
    - ``achieved``: the kind of the value that achieves a target of this kind;
    - ``keyboard``: the rule of a cell where an achieved value of this kind is typed (``None``:
      a kind that is only ever a target);
    - ``score``, ``outcome``, ``shortfall``: a target of this kind against an achieved value,
      by the plan's direction (``None`` score: a kind that is not measurable);
    - ``span``: the lowest and highest number a target of this kind stands for (``None``: not a
      number), for the checks of plausibility (a value a hundred times the target, a fraction
      typed for a percentage);
    - ``recognise``: a free text (the text export's Valore atteso) read as this kind when it is
      one, ``None`` otherwise, tried before the kinds :func:`~pegxl.values.parse_auto` knows.
    """

    kind: Kind
    parse: Callable[[str], Value]
    from_cell: Callable[[object, bool], Value | None]
    stored: Callable[[Value], float | date | str]
    achieved: Callable[[Value | None], Kind]
    keyboard: Keyboard | None
    score: Score | None
    outcome: OutcomeOf
    shortfall: Shortfall
    span: Callable[[Value], tuple[float, float] | None]
    recognise: Callable[[str], Value | None] | None = None


# -- parsing ----------------------------------------------------------------------------------


def _cell_as(kind: Kind) -> Callable[[object, bool], Value | None]:
    return lambda cell, pct: parse_cell(cell, kind, percent_format=pct)


def _text(raw: str) -> Value:
    return Value(Kind.TEXT, raw.strip(), raw)  # free text comes back exactly as typed


_RANGE = re.compile(
    r"(?:tra|fra|da|dal|dallo|between|from)\s+(?P<lo>.+?)\s+(?:e|a|al|and|to)\s+(?P<hi>.+)",
    re.IGNORECASE,
)


def _bound(raw: str, whole: str) -> tuple[float, bool]:
    """A bound of a range: its number and whether it is a percentage."""
    t = raw.strip()
    pct = t.endswith("%")
    try:
        v = parse_percent(t) if pct else parse_number(t)
    except ParseError:
        raise _range_error(whole) from None
    assert isinstance(v.value, float)
    return v.value, pct


def _range_error(raw: str, why: str = "") -> ParseError:
    message = tr("parse.not_range", raw=raw, why=tr(f"parse.why.{why}") if why else "")
    return ParseError(raw, message, tr("expect.range"))


def _range_text(lo: float, hi: float, pct: bool) -> str:
    show = format_percent if pct else format_number
    return f"tra {show(lo)} e {show(hi)}"


def parse_range(raw: str) -> Value:
    """A range target: ``tra 85% e 95%``, ``da 10 a 20``, ``fra 1.000 e 1.500`` (either
    bound's ``%`` makes it a range of percentages); the lower bound first. Its value is the
    range's one spelling (``tra 85% e 95%``), so that two spellings of one range are equal."""
    m = _RANGE.fullmatch(" ".join(raw.replace("\u00a0", " ").split()))
    if m is None:
        raise _range_error(raw)
    (lo, lo_pct), (hi, hi_pct) = _bound(m["lo"], raw), _bound(m["hi"], raw)
    if lo > hi:
        raise _range_error(raw, "range_order")
    return Value(Kind.RANGE, _range_text(lo, hi, lo_pct or hi_pct), raw)


@functools.lru_cache(maxsize=1024)
def _bounds(spelled: str) -> tuple[float, float, bool]:
    m = _RANGE.fullmatch(spelled)
    assert m is not None, spelled
    (lo, lo_pct), (hi, hi_pct) = _bound(m["lo"], spelled), _bound(m["hi"], spelled)
    return lo, hi, lo_pct or hi_pct


def range_bounds(v: Value) -> tuple[float, float, bool]:
    """The lower and upper bound of a range target and whether they are percentages."""
    return _bounds(str(v.value))


def _recognise_range(raw: str) -> Value | None:
    """A free text that is a range (``tra 85% e 95%``), else ``None`` (``tra 1 e 2 giorni`` is
    no range: a text)."""
    if _RANGE.fullmatch(" ".join(raw.replace("\u00a0", " ").split())) is None:
        return None  # the common case, without an error made and dropped
    try:
        return parse_range(raw)
    except ParseError:
        return None


def _range_from_cell(cell: object, pct: bool) -> Value | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, str):
        return parse_range(cell)
    raise _range_error(str(cell))


# -- cells ------------------------------------------------------------------------------------


def _stored_number(v: Value) -> float:
    return float(v.value)  # type: ignore[arg-type]


def _stored_percent(v: Value) -> float:
    return float(v.value) / 100  # type: ignore[arg-type]


def _stored_date(v: Value) -> date:
    assert isinstance(v.value, date)
    return v.value


def _stored_done(v: Value) -> str:
    raw = v.raw.strip()
    return raw if raw and parse_auto(raw) == v else format_value(v)


def _stored_text(v: Value) -> str:
    return str(v.value)


# -- the keyboard -----------------------------------------------------------------------------


def _keys_done(
    first: str, window: tuple[date, date], year: int, lang: str
) -> tuple[dict[str, Any], str]:
    """Fatto / Non fatto from a list."""
    rule = {
        "validate": "list",
        "source": [format_done(True), format_done(False)],
        "input_message": text("rule.done.input", lang),
        "error_message": text("rule.done.error", lang),
    }
    return rule, f'AND({first}<>"",{first}<>"Fatto",{first}<>"Non fatto")'


def _keys_percent(
    first: str, window: tuple[date, date], year: int, lang: str
) -> tuple[dict[str, Any], str]:
    """A percentage from 0 to 100."""
    rule = {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": 100,
        "input_message": text("rule.percent.input", lang),
        "error_message": text("rule.percent.error", lang),
    }
    bad = (
        f'OR(AND({first}<>"",NOT(ISNUMBER({first}))),'
        f"AND(ISNUMBER({first}),OR({first}<0,{first}>100)))"
    )
    return rule, bad


def _keys_date(
    first: str, window: tuple[date, date], year: int, lang: str
) -> tuple[dict[str, Any], str]:
    """A date in the plan's window."""
    lo, hi = window
    rule = {
        "validate": "date",
        "criteria": "between",
        "minimum": lo,
        "maximum": hi,
        "input_message": text("rule.date.input", lang, year=year),
        "error_message": text("rule.date.error", lang, lo=f"{lo:%d/%m/%Y}", hi=f"{hi:%d/%m/%Y}"),
    }
    return rule, f'AND({first}<>"",NOT(ISNUMBER({first})))'


def _keys_number(
    first: str, window: tuple[date, date], year: int, lang: str
) -> tuple[dict[str, Any], str]:
    """A number of zero or more."""
    rule = {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "input_message": text("rule.number.input", lang),
        "error_message": text("rule.number.error", lang),
    }
    return rule, f'OR(AND({first}<>"",NOT(ISNUMBER({first}))),AND(ISNUMBER({first}),{first}<0))'


def _keys_text(
    first: str, window: tuple[date, date], year: int, lang: str
) -> tuple[dict[str, Any], str]:
    """Free text, up to 2,000 characters."""
    rule = {
        "validate": "length",
        "criteria": "<=",
        "value": 2000,
        "input_message": text("rule.text.input", lang),
        "error_message": text("rule.text.error", lang),
    }
    return rule, "FALSE"


# -- scoring ----------------------------------------------------------------------------------


def _number(v: Value) -> float | None:
    return float(v.value) if v.kind in (Kind.NUMBER, Kind.PERCENT) else None  # type: ignore[arg-type]


def _differs() -> Scored:
    return Scored(None, tr("trace.kind_differs"))


def _score_done(t: Value, a: Value, higher: bool, rules: ScoreRules, prior: Value | None) -> Scored:
    """100 when as expected, else 0."""
    if a.kind is not Kind.DONE:
        return _differs()
    s = 100.0 if bool(a.value) == bool(t.value) else 0.0
    return Scored(s, tr("trace.done", a=shown_value(a), t=shown_value(t), s=shown_pct(s)))


def _score_date(t: Value, a: Value, higher: bool, rules: ScoreRules, prior: Value | None) -> Scored:
    """100 on time, then the rules' points off per day late."""
    a_date, t_date = a.value, t.value
    if not isinstance(a_date, date) or not isinstance(t_date, date):
        return _differs()
    a_shown, t_shown = shown_value(a), shown_value(t)
    late = (a_date - t_date).days
    if late <= 0:
        return Scored(100.0, tr("trace.date_on_time", a=a_shown, t=t_shown, s=shown_pct(100)))
    s = max(0.0, 100.0 - late * rules.late_points_per_day)
    ppd = format_number(rules.late_points_per_day)
    return Scored(
        s, tr("trace.date_late", a=a_shown, t=t_shown, days=late, ppd=ppd, s=shown_pct(s))
    )


def _score_numeric(
    t: Value, a_value: Value, higher: bool, rules: ScoreRules, prior: Value | None
) -> Scored:
    """By the direction: achieved / target (higher is better) or target / achieved,
    capped; against the baseline year when the rules say so; a target of zero or less by the
    side the value is on."""
    a, tv = _number(a_value), _number(t)
    if a is None or tv is None:
        return _differs()
    a_shown, t_shown = shown_value(a_value), shown_value(t)
    if rules.baseline == "prior" and prior is not None:
        py = _number(prior)
        if py is not None and tv != py:
            raw = (a - py) / (tv - py) * 100
            s = min(max(raw, 0.0), rules.cap)
            py_shown = shown_value(prior)
            trace = tr("trace.baseline", a=a_shown, t=t_shown, py=py_shown, s=shown_pct(s))
            return Scored(s, trace)
    if tv <= 0:
        right_side = a >= tv if higher else a <= tv
        s = 100.0 if right_side else 0.0
        side = tr("trace.side_right" if right_side else "trace.side_wrong")
        trace = tr("trace.zero", a=a_shown, t=t_shown, side=side, s=shown_pct(s))
        return Scored(s, trace, ((Code.TARGET_ZERO, {"detail": side, "score": shown_pct(s)}),))
    notes: tuple[tuple[Code, dict[str, object]], ...] = ()
    if higher:
        raw = a / tv * 100
        s = max(min(raw, rules.cap), 0.0)  # a negative value is an error, never below 0
        key = "trace.higher" if raw <= rules.cap else "trace.higher_capped"
        cap = shown_pct(rules.cap)
        trace = tr(key, a=a_shown, t=t_shown, raw=shown_pct(raw), cap=cap, s=shown_pct(s))
        if a >= 100 * tv and a > 100:
            notes = ((Code.HUNDREDFOLD, {"score": shown_pct(s)}),)
        return Scored(s, trace, notes)
    if a <= tv:
        raw = tv / a * 100 if a > 0 else math.inf
        s = 100.0 if rules.cap <= 100 else min(raw, rules.cap)
        return Scored(s, tr("trace.lower_met", a=a_shown, t=t_shown, s=shown_pct(s)))
    s = tv / a * 100
    return Scored(s, tr("trace.lower", a=a_shown, t=t_shown, s=shown_pct(s)))


def _nearer_bound(t: Value, a: Value) -> Value | None:
    """The bound of a range target ``a`` lies beyond, as a value of the achieved kind; ``None``
    when ``a`` is inside (or not a number)."""
    x = _number(a)
    if x is None:
        return None
    lo, hi, pct = range_bounds(t)
    if lo <= x <= hi:
        return None
    return Value(Kind.PERCENT if pct else Kind.NUMBER, lo if x < lo else hi)


def _score_range(
    t: Value, a: Value, higher: bool, rules: ScoreRules, prior: Value | None
) -> Scored:
    """100 inside the range; outside it, the direction's rule against the nearer bound."""
    if _number(a) is None:
        return _differs()
    bound = _nearer_bound(t, a)
    if bound is None:
        return Scored(100.0, tr("trace.range_in", a=shown_value(a), t=shown_value(t)))
    outside = _score_numeric(bound, a, higher, rules, None)
    return Scored(outside.score, tr("trace.range_out", t=shown_value(t), how=outside.trace))


def _outcome_done(
    t: Value, a: Value, higher: bool, rules: ScoreRules
) -> tuple[Outcome, float | None]:
    """In line when as expected, else below."""
    if a.kind is not Kind.DONE:
        return Outcome.NOT_MEASURABLE, None
    return (Outcome.IN_LINE if bool(a.value) == bool(t.value) else Outcome.BELOW), None


def _outcome_date(
    t: Value, a: Value, higher: bool, rules: ScoreRules
) -> tuple[Outcome, float | None]:
    """In line on the day, above when early, below when late; the gap in days."""
    a_date, t_date = a.value, t.value
    if not isinstance(a_date, date) or not isinstance(t_date, date):
        return Outcome.NOT_MEASURABLE, None
    days = (a_date - t_date).days
    outcome = Outcome.IN_LINE if days == 0 else Outcome.ABOVE if days < 0 else Outcome.BELOW
    return outcome, float(days)


def _outcome_numeric(
    t: Value, a_value: Value, higher: bool, rules: ScoreRules
) -> tuple[Outcome, float | None]:
    """In line within the rules' tolerance, else above or below by the direction; the gap
    in the value's units."""
    a, tv = _number(a_value), _number(t)
    if a is None or tv is None:
        return Outcome.NOT_MEASURABLE, None
    gap = a - tv
    scale = abs(tv) if tv else 1.0
    if abs(gap) / scale * 100 <= rules.in_line_tolerance:
        return Outcome.IN_LINE, gap
    better = gap > 0 if higher else gap < 0
    return (Outcome.ABOVE if better else Outcome.BELOW), gap


def _outcome_range(
    t: Value, a: Value, higher: bool, rules: ScoreRules
) -> tuple[Outcome, float | None]:
    """In line inside the range (gap 0); outside it, by the direction against the nearer
    bound (the gap from that bound)."""
    if _number(a) is None:
        return Outcome.NOT_MEASURABLE, None
    bound = _nearer_bound(t, a)
    if bound is None:
        return Outcome.IN_LINE, 0.0
    return _outcome_numeric(bound, a, higher, rules)


def _outcome_none(
    t: Value, a: Value, higher: bool, rules: ScoreRules
) -> tuple[Outcome, float | None]:
    return Outcome.NOT_MEASURABLE, None


def _short_done(t: Value, a: Value, higher: bool) -> bool:
    return a.kind is Kind.DONE and bool(t.value) and not bool(a.value)


def _short_date(t: Value, a: Value, higher: bool) -> bool:
    return isinstance(a.value, date) and isinstance(t.value, date) and a.value > t.value


def _short_numeric(t: Value, a: Value, higher: bool) -> bool:
    x, tv = _number(a), _number(t)
    if x is None or tv is None:
        return False
    return x < tv if higher else x > tv


def _short_range(t: Value, a: Value, higher: bool) -> bool:
    bound = _nearer_bound(t, a)
    return bound is not None and _short_numeric(bound, a, higher)


def _short_none(t: Value, a: Value, higher: bool) -> bool:
    return False


def _span_number(t: Value) -> tuple[float, float] | None:
    return (t.value, t.value) if isinstance(t.value, float) else None


def _span_none(t: Value) -> tuple[float, float] | None:
    return None


def _span_range(t: Value) -> tuple[float, float] | None:
    lo, hi, _ = range_bounds(t)
    return lo, hi


def _itself(kind: Kind) -> Callable[[Value | None], Kind]:
    return lambda target: kind


def _range_achieved(target: Value | None) -> Kind:
    if target is None or target.kind is not Kind.RANGE:
        return Kind.NUMBER
    return Kind.PERCENT if range_bounds(target)[2] else Kind.NUMBER


_ROWS: Final = (
    KindRow(
        Kind.NUMBER,
        parse_number,
        _cell_as(Kind.NUMBER),
        _stored_number,
        _itself(Kind.NUMBER),
        _keys_number,
        _score_numeric,
        _outcome_numeric,
        _short_numeric,
        _span_number,
    ),
    KindRow(
        Kind.PERCENT,
        parse_percent,
        _cell_as(Kind.PERCENT),
        _stored_percent,
        _itself(Kind.PERCENT),
        _keys_percent,
        _score_numeric,
        _outcome_numeric,
        _short_numeric,
        _span_number,
    ),
    KindRow(
        Kind.DONE,
        parse_done,
        _cell_as(Kind.DONE),
        _stored_done,
        _itself(Kind.DONE),
        _keys_done,
        _score_done,
        _outcome_done,
        _short_done,
        _span_none,
    ),
    KindRow(
        Kind.DATE,
        parse_date,
        _cell_as(Kind.DATE),
        _stored_date,
        _itself(Kind.DATE),
        _keys_date,
        _score_date,
        _outcome_date,
        _short_date,
        _span_none,
    ),
    KindRow(
        Kind.TEXT,
        _text,
        _cell_as(Kind.TEXT),
        _stored_text,
        _itself(Kind.TEXT),
        _keys_text,
        None,
        _outcome_none,
        _short_none,
        _span_none,
    ),
    # a target only: achieved by a percentage or a number, as its bounds are
    KindRow(
        Kind.RANGE,
        parse_range,
        _range_from_cell,
        _stored_text,
        _range_achieved,
        None,
        _score_range,
        _outcome_range,
        _short_range,
        _span_range,
        _recognise_range,
    ),
)

#: every kind's row, by kind
KINDS: Final[Mapping[Kind, KindRow]] = MappingProxyType({r.kind: r for r in _ROWS})


def row(kind: Kind) -> KindRow:
    """The row of ``kind``."""
    return KINDS[kind]


def parse(raw: str, kind: Kind) -> Value:
    """``raw`` read as ``kind`` (raises :class:`~pegxl.values.ParseError`)."""
    return KINDS[kind].parse(raw)


def read_cell(cell: object, kind: Kind, percent_format: bool = False) -> Value | None:
    """A cell's content read as ``kind`` (``None`` for an empty cell)."""
    return KINDS[kind].from_cell(cell, percent_format)


def stored_value(v: Value) -> float | date | str:
    """What a cell holds for ``v``: a percentage 91 as 0.91, a date as a date, Fatto as the text
    the plan wrote (normalised if it was not a plain Fatto/Non fatto), a range as its one
    spelling. The writer writes this and the integrity hash is computed on it."""
    return KINDS[v.kind].stored(v)


def recognise(raw: str) -> Value | None:
    """A free value's kind recognised from its text: a kind of the table that recognises it
    (a range), else done, percent, date, number or text (:func:`~pegxl.values.parse_auto`);
    blank → ``None``."""
    for r in _ROWS:
        if r.recognise is not None and (v := r.recognise(raw)) is not None:
            return v
    return parse_auto(raw)


def achieved_kind(target: Value | None) -> Kind:
    """The kind of the value that achieves ``target`` (text without a target)."""
    return KINDS[target.kind].achieved(target) if target is not None else Kind.TEXT


def measurable(target: Value | None) -> bool:
    """Whether a target of this kind can be scored (a text target cannot)."""
    return target is not None and KINDS[target.kind].score is not None


def comparable(value: Kind, target: Value | None) -> bool:
    """Whether a value of kind ``value`` can be set against ``target`` (a prior year's value, an
    achieved one): of the kind that achieves it, a number and a percentage alike."""
    if target is None:
        return True
    due = achieved_kind(target)
    numeric = {Kind.NUMBER, Kind.PERCENT}
    return value is due or value is target.kind or {value, due} <= numeric

"""What each input cell accepts: Excel's data validation and the formula that marks a wrong
value red (never an empty one: to fill in is not wrong), by the kind of the target — as pure
functions of the cell references.

A rule is computed for the first cell of a run of rows (``H4``) and applied by the writer to every
row of the run (Excel shifts the references). The value checks here are the spreadsheet's first
line of defence only: headless clients and scripts ignore validation, and ``pegxl check``
applies the same rules again (:mod:`pegxl.returns.validate`), with the same date window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from pegxl.i18n import text
from pegxl.kinds import row
from pegxl.values import Kind

__all__ = [
    "InputRule",
    "achieved_rule",
    "cell_ranges",
    "choice_rule",
    "date_window",
    "phase_rules",
    "text_rule",
]

#: The longest texts Excel allows in a validation's title and message.
TITLE_LIMIT, MESSAGE_LIMIT = 32, 255


def date_window(year: int) -> tuple[date, date]:
    """The dates a value of a plan for ``year`` may take: from 1 January of the year before to
    31 December of the year after (a phase may start early or end late, not in another era)."""
    return date(year - 1, 1, 1), date(year + 1, 12, 31)


@dataclass(frozen=True)
class InputRule:
    """What one input column accepts in its rows: ``validation`` is XlsxWriter's
    ``data_validation`` options (without the ranges), ``flag`` the formula of the conditional
    format that marks the cell red (``None``: no mark)."""

    validation: dict[str, Any] | None = None
    flag: str | None = None
    key: str = field(default="")

    def __post_init__(self) -> None:
        v = self.validation or {}
        for name, limit in (
            ("input_title", TITLE_LIMIT),
            ("error_title", TITLE_LIMIT),
            ("input_message", MESSAGE_LIMIT),
            ("error_message", MESSAGE_LIMIT),
        ):
            if name in v and len(v[name]) > limit:
                raise ValueError(f"{name} longer than Excel allows: {v[name]!r}")


def _flag(bad: str) -> str | None:
    """The formula that marks a wrong value red (``None`` when nothing can be wrong). An empty
    cell is never marked: a cell still to fill in is yellow, not wrong — a blank workbook opens
    with nothing red, and a red cell always means a value to correct."""
    return None if bad == "FALSE" else f"={bad}"


def achieved_rule(kind: Kind, first: str, year: int, final: bool, lang: str) -> InputRule:
    """The Valore Raggiunto of an indicator whose achieved value is of ``kind``
    (:func:`pegxl.kinds.achieved_kind` of its target), first cell ``first``: the kind's keyboard
    rule from :mod:`pegxl.kinds` — Fatto/Non fatto from a list, a percentage 0–100, a date in the
    window, a number of zero or more, free text up to 2,000 characters. (Missing values are due
    in the final report, and ``pegxl check`` says so; the workbook does not mark an empty
    cell.)"""
    keyboard = row(kind).keyboard
    if keyboard is None:
        raise ValueError(f"no value of kind {kind} is typed: it is achieved by another kind")
    rule, bad = keyboard(first, date_window(year), year, lang)
    rule = {**rule, "input_title": text("rule.achieved.title", lang)}
    rule["error_title"] = text("rule.invalid.title", lang)
    return InputRule(rule, _flag(bad), "achieved")


def phase_rules(
    progress: str, start: str, end: str, year: int, final: bool, lang: str
) -> list[InputRule]:
    """The rules of a phase's input block, first cells ``progress``, ``start`` and ``end``:
    Avanzamento 0–100; actual dates in the window, the end not before the start, and (final
    report) a phase at 100% has its end date. A cell still empty is not marked."""
    lo, hi = date_window(year)
    progress_rule = InputRule(
        {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "input_title": text("rule.progress.title", lang),
            "input_message": text("rule.progress.input", lang),
            "error_title": text("rule.invalid.title", lang),
            "error_message": text("rule.progress.error", lang),
        },
        f'=OR(AND({progress}<>"",NOT(ISNUMBER({progress}))),'
        f"AND(ISNUMBER({progress}),OR({progress}<0,{progress}>100)))",
        "progress",
    )

    def dates(title: str) -> dict[str, Any]:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": lo,
            "maximum": hi,
            "input_title": title,
            "input_message": text("rule.date.input_phase", lang, year=year),
            "error_title": text("rule.date.invalid", lang),
            "error_message": text(
                "rule.date.error_phase", lang, lo=f"{lo:%d/%m/%Y}", hi=f"{hi:%d/%m/%Y}"
            ),
        }

    end_text = f'AND({end}<>"",NOT(ISNUMBER({end})))'
    end_order = f"AND(ISNUMBER({end}),ISNUMBER({start}),{end}<{start})"
    end_done = f'AND({progress}=100,{end}="")' if final else "FALSE"
    return [
        progress_rule,
        InputRule(
            dates(text("col.actual_start", lang)),
            f'=AND({start}<>"",NOT(ISNUMBER({start})))',
            "actual_start",
        ),
        InputRule(
            dates(text("col.actual_end", lang)),
            f"=OR({end_text},{end_order},{end_done})",
            "actual_end",
        ),
    ]


def choice_rule(key: str, choices: tuple[str, ...], first: str, lang: str) -> InputRule:
    """A monitoring input chosen from a list (``Stato di attuazione``: In linea / In ritardo /
    Critico; ``Raggiungibile al 31/12``: Sì / Parzialmente / No), first cell ``first``: the
    list, and a value not in it marked red."""
    listed = ",".join(f'{first}<>"{c}"' for c in choices)
    return InputRule(
        {
            "validate": "list",
            "source": list(choices),
            "input_title": text(f"col.{key}", lang)[:TITLE_LIMIT],
            "input_message": text("rule.choice.input", lang, choices=" / ".join(choices)),
            "error_title": text("rule.invalid.title", lang),
            "error_message": text("rule.choice.error", lang, choices=" / ".join(choices)),
        },
        _flag(f'AND({first}<>"",{listed})'),
        key,
    )


def text_rule(key: str, limit: int, lang: str) -> InputRule:
    """A monitoring text (Criticità, Azioni correttive, the proposal and its reason): at most
    ``limit`` characters."""
    return InputRule(
        {
            "validate": "length",
            "criteria": "<=",
            "value": limit,
            "input_title": text(f"col.{key}", lang)[:TITLE_LIMIT],
            "input_message": text(f"rule.{key}.input", lang, limit=limit),
            "error_title": text("rule.invalid.title", lang),
            "error_message": text("rule.long.error", lang, limit=limit),
        },
        None,
        key,
    )


def cell_ranges(col: int, rows: Iterable[int]) -> str:
    """The cells of ``col`` in ``rows`` (0-based) as Excel ranges: ``H4:H9 H12``."""
    spans: list[tuple[int, int]] = []
    for r in sorted(rows):
        if spans and r == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], r)
        else:
            spans.append((r, r))
    out = []
    for a, b in spans:
        first = xl_rowcol_to_cell(a, col)
        out.append(first if a == b else f"{first}:{xl_rowcol_to_cell(b, col)}")
    return " ".join(out)

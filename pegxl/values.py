"""Parse and format every value that appears in a plan or a return, the Italian way.

Every parse keeps the raw text beside the parsed value (:class:`Value`). A text that cannot be
parsed raises :class:`ParseError` with a message in Italian and English and what was expected:
never a silent ``None`` or ``0``.

Kinds (:class:`Kind`): ``number``, ``percent`` (in percent units: 91 for 91%), ``done``
(Fatto = True, Non fatto = False), ``date`` and ``text``.

Number rules, written down because a number typed in Italy and one typed on an English-locale PC
can look alike:

1. Spaces, non-breaking spaces and a leading or trailing ``€`` are ignored; a sign may lead.
2. Both ``.`` and ``,`` present: the one that comes *last* is the decimal separator, the other
   groups thousands (``150.000,00`` = 150000; ``1,234.5`` = 1234.5). Groups must have 3 digits.
3. Only commas: one comma is the decimal comma (``4,00``, ``12,5``, also ``1,234`` = 1.234, the
   Italian reading); several commas group thousands (``1,234,567``).
4. Only dots: several dots group thousands (``1.234.567``). One dot followed by exactly three
   digits, after an integer part of 1–3 digits not starting with 0, groups thousands (``150.000`` =
   150000, the Italian reading) and is reported as ambiguous; any other single dot is a decimal
   point typed on an English-locale PC (``12.5``, ``0.500``, ``1234.567``).

Dates: ``31/12/2025``, ``31-12-2025``, ``31.12.2025``, ``31/12/25`` (20xx), ``2025-12-31``, a
``date``/``datetime`` from a cell, or an Excel serial number (1900 date system).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from pegxl import i18n

__all__ = [
    "Kind",
    "ParseError",
    "Value",
    "date_from_serial",
    "format_date",
    "format_done",
    "format_number",
    "format_percent",
    "format_value",
    "kind_label",
    "ooxml_unescape",
    "parse",
    "parse_auto",
    "parse_cell",
    "parse_date",
    "parse_done",
    "parse_kind_label",
    "parse_number",
    "parse_percent",
    "shown_pct",
    "shown_value",
]


class Kind(StrEnum):
    """What a value is: the kind of a target decides how the achieved value is read and scored."""

    NUMBER = "number"
    PERCENT = "percent"
    DONE = "done"
    DATE = "date"
    TEXT = "text"
    #: a target between two bounds (``tra 85% e 95%``), achieved by a number or a percentage
    RANGE = "range"


def kind_label(kind: Kind, lang: str = "it") -> str:
    """The user-facing name of a kind (``percentuale`` / ``percent``)."""
    return i18n.text(f"kind.{kind.value}", lang)


@functools.cache
def _kind_labels() -> dict[str, Kind]:
    """Every spelling of every kind (code, Italian and English label, the label's first word
    before a slash), the first kind winning a spelling two share."""
    out: dict[str, Kind] = {}
    for kind in Kind:
        it, en = i18n.tr(f"kind.{kind.value}")
        for label in (kind.value, it, en, it.split("/")[0], en.split("/")[0]):
            out.setdefault(label, kind)
    return out


@functools.lru_cache(maxsize=256)
def _kind_of_label(text: str) -> Kind | None:
    return _kind_labels().get(_norm_word(text))  # a plan repeats a handful of spellings


def parse_kind_label(text: str) -> Kind:
    """Read a kind from its Italian or English label or its code; raise :class:`ParseError`."""
    kind = _kind_of_label(text)
    if kind is not None:
        return kind
    labels = ", ".join(kind_label(k) for k in Kind)
    raise ParseError(
        text,
        i18n.tr("parse.not_kind", raw=text),
        i18n.T(labels, ", ".join(kind_label(k, "en") for k in Kind)),
    )


ValueType = float | bool | date | str


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed value with the raw text it came from.

    Equality compares kind and value only: ``raw`` (the text as written), ``decimals`` (how many
    decimals the source showed, used to format it back the same way) and ``note`` (why a reading
    was ambiguous, in both languages) describe the source, not the value.
    """

    kind: Kind
    value: ValueType
    raw: str = field(default="", compare=False)
    decimals: int | None = field(default=None, compare=False)
    note: i18n.T | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return format_value(self)

    def __reduce__(self) -> tuple[type[Value], tuple[object, ...]]:
        # a plain tuple: the generic slots pickling of dataclasses calls fields() per object,
        # which made unpickling a batch's results in the parent process cost more than reading
        if self.decimals is None and self.note is None:  # most values: shorter, as fast
            return (Value, (self.kind, self.value, self.raw))
        return (Value, (self.kind, self.value, self.raw, self.decimals, self.note))


class ParseError(ValueError):
    """A text that could not be read as the expected kind: ``message`` says why and
    ``expected`` what would do, both in Italian and English."""

    def __init__(self, raw: str, message: i18n.T, expected: i18n.T) -> None:
        super().__init__(message.en)
        self.raw = raw
        self.message = message
        self.expected = expected

    def detached(self) -> ParseError:
        """This error without its traceback and the errors it was raised after, to be kept: a
        traceback (its own, or one of the error it replaced) holds the frames that raised it,
        whose locals hold the error — a cycle that kept a whole sheet alive until the next full
        garbage collection."""
        self.__traceback__ = self.__context__ = self.__cause__ = None
        return self

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, i18n.T, i18n.T]]:
        # picklable, so results cross process boundaries (parallel check)
        return (ParseError, (self.raw, self.message, self.expected))


# ---------------------------------------------------------------------------------------------
# numbers

_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")

#: the most characters a spreadsheet cell holds (Excel's limit, and what XlsxWriter writes)
MAX_CELL_TEXT = 32_767


def cell_length(text: str) -> int:
    """The length of ``text`` as a spreadsheet counts it against :data:`MAX_CELL_TEXT`: in
    UTF-16 units (an emoji, any character past U+FFFF, is two)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut_to_cell(text: str, room: int = MAX_CELL_TEXT) -> str:
    """The longest start of ``text`` that takes at most ``room`` UTF-16 units (never half of a
    character)."""
    if cell_length(text) <= room:
        return text
    data = text.encode("utf-16-le", "surrogatepass")[: room * 2]
    if len(data) >= 2 and 0xD8 <= data[-1] <= 0xDB:  # a high surrogate without its pair
        data = data[:-2]
    return data.decode("utf-16-le", "surrogatepass")


def fit_to_cell(text: str, lang: str, mark: str) -> str:
    """``text`` as a cell can hold it: one longer than :data:`MAX_CELL_TEXT` (a note of 40,000
    characters) is cut, and the cell ends with the catalogue text ``mark`` (``{n}``: the
    length, as ``lang`` writes it) saying so — never cut in silence, never past the limit."""
    length = cell_length(text)  # as Excel counts: an emoji is two
    if length <= MAX_CELL_TEXT:
        return text
    n = shown_value(Value(Kind.NUMBER, float(length), str(length), 0)).get(lang)  # 40.000
    said = i18n.text(mark, lang, n=n)
    return cut_to_cell(text, MAX_CELL_TEXT - cell_length(said)) + said


#: the largest magnitude read as a measured number: a spreadsheet keeps 15 significant digits,
#: so nothing larger is a count or an amount anyone measured (and a ratio of two such numbers
#: to a target never overflows a float: 1E+308 typed as a value once stopped every sector)
MAX_MAGNITUDE = 1e15


def _clean(text: str) -> str:
    return (
        text.replace("\u00a0", " ")
        .replace("\u202f", " ")
        .replace("\u2212", "-")  # typographic minus
        .strip()
    )


def _number_error(raw: str, why: str = "") -> ParseError:
    message = i18n.tr("parse.not_number", raw=raw, why=i18n.tr(f"parse.why.{why}") if why else "")
    return ParseError(raw, message, i18n.tr("expect.number"))


def _split_number(raw: str) -> tuple[float, int, i18n.T | None]:
    """Return (value, decimals shown, ambiguity note) for a number text; see the module rules."""
    t = _clean(raw).replace(" ", "")
    if t.startswith("€"):
        t = t[1:]
    elif t.endswith("€"):
        t = t[:-1]
    sign = ""
    if t and t[0] in "+-":
        sign, t = ("-" if t[0] == "-" else ""), t[1:]
    if not t or not re.fullmatch(r"\d[\d.,]*", t) or t[-1] in ".,":
        raise _number_error(raw)
    dots, commas = t.count("."), t.count(",")
    note: i18n.T | None = None
    if dots and commas:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec == "," else ","
        int_part, _, frac = t.rpartition(dec)
        if dec in int_part or not _GROUPED.fullmatch(int_part) or thou in frac:
            raise _number_error(raw, "separators")
        int_digits = int_part.replace(thou, "")
    elif commas:
        if commas == 1:
            int_digits, _, frac = t.partition(",")
            if len(frac) == 3 and 1 <= len(int_digits) <= 3 and not int_digits.startswith("0"):
                note = i18n.tr("note.comma_decimal")
        elif _GROUPED.fullmatch(t):
            int_digits, frac = t.replace(",", ""), ""
        else:
            raise _number_error(raw, "commas")
    elif dots:
        if dots == 1:
            int_digits, _, frac = t.partition(".")
            if len(frac) == 3 and 1 <= len(int_digits) <= 3 and not int_digits.startswith("0"):
                int_digits, frac = int_digits + frac, ""
                note = i18n.tr("note.dot_thousands")
        elif _GROUPED.fullmatch(t):
            int_digits, frac = t.replace(".", ""), ""
        else:
            raise _number_error(raw, "dots")
    else:
        int_digits, frac = t, ""
    value = float(f"{sign}{int_digits}.{frac or '0'}")
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise _number_error(raw, "too_large")
    return value, len(frac), note


def parse_number(raw: str) -> Value:
    """Parse an Italian (or English-locale) number: ``4,00``, ``150.000,00``, ``12.5``, ``60``."""
    value, decimals, note = _split_number(raw)
    return Value(Kind.NUMBER, value, raw, decimals, note)


def _group(int_digits: str) -> str:
    out = []
    while len(int_digits) > 3:
        out.append(int_digits[-3:])
        int_digits = int_digits[:-3]
    out.append(int_digits)
    return ".".join(reversed(out))


def format_number(value: float, decimals: int | None = None) -> str:
    """Format a number the Italian way: ``150.000,00``; ``decimals=None`` shows as many as needed.

    ``parse_number(format_number(x)) == x`` for every finite float ``x``.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if decimals is None and float(value).is_integer() and abs(value) < 1e15:
        whole = int(value)  # the common case: a whole number, no Decimal needed
        return ("-" if whole < 0 else "") + _group(str(abs(whole)))
    exact = format(Decimal(repr(float(value))), "f")
    text = exact if decimals is None else f"{value:.{decimals}f}"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    int_digits, _, frac = text.partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    if sign and not frac.strip("0") and not int_digits.strip("0"):
        sign = ""  # no "-0"
    out = sign + _group(int_digits)
    return f"{out},{frac}" if frac else out


# ---------------------------------------------------------------------------------------------
# percentages


def parse_percent(raw: str) -> Value:
    """Parse a percentage in percent units: ``91%``, ``91 %``, ``91,5%`` and a bare ``91`` → 91.

    A fraction typed as ``0,91`` is read as 0.91 (percent units); whether it was meant as 91% is
    for validation to question, not for the parser to guess.
    """
    t = _clean(raw)
    body = t[:-1].strip() if t.endswith("%") else t
    try:
        value, decimals, note = _split_number(body)
    except ParseError:
        raise ParseError(
            raw, i18n.tr("parse.not_percent", raw=raw), i18n.tr("expect.percent")
        ) from None
    return Value(Kind.PERCENT, value, raw, decimals, note)


def format_percent(value: float, decimals: int | None = None) -> str:
    """Format percent units: 91 → ``91%``, 91.5 → ``91,5%``."""
    return f"{format_number(value, decimals)}%"


# ---------------------------------------------------------------------------------------------
# done / not done

_DONE_TRUE = {"fatto", "fatta", "fatti", "sì", "si", "vero", "true", "yes", "done"}
_DONE_FALSE = {"non fatto", "non fatta", "non fatti", "no", "falso", "false", "not done"}


def _norm_word(text: str) -> str:
    t = " ".join(_clean(text).casefold().split())
    return t.rstrip(".!").strip()


def parse_done(raw: str) -> Value:
    """Parse ``Fatto``/``fatto``/``FATTO``/``Sì``/``Si``/``Vero`` → True and
    ``Non fatto``/``No``/``Falso`` → False."""
    t = _norm_word(raw)
    if t in _DONE_TRUE:
        return Value(Kind.DONE, True, raw)
    if t in _DONE_FALSE:
        return Value(Kind.DONE, False, raw)
    raise ParseError(raw, i18n.tr("parse.not_done", raw=raw), i18n.tr("expect.done"))


def format_done(value: bool, lang: str = "it") -> str:
    """True → ``Fatto``, False → ``Non fatto`` (``Done``/``Not done`` in English)."""
    return i18n.text("done.true" if value else "done.false", lang)


# ---------------------------------------------------------------------------------------------
# dates

_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999


def _date_error(raw: str, why: str = "") -> ParseError:
    message = i18n.tr("parse.not_date", raw=raw, why=i18n.tr(f"parse.why.{why}") if why else "")
    return ParseError(raw, message, i18n.tr("expect.date"))


def date_from_serial(serial: float, raw: str | None = None) -> date:
    """Convert an Excel serial (1900 date system) to a date; the time of day is dropped."""
    text = (
        raw
        if raw is not None
        else (format_number(serial) if math.isfinite(serial) else str(serial))
    )
    if not math.isfinite(serial) or not 1 <= serial <= _MAX_SERIAL:
        raise _date_error(text, "serial")
    n = int(serial)
    if n == 60:  # 29/02/1900, which Excel invents
        raise _date_error(text, "feb29")
    return _EXCEL_EPOCH + timedelta(days=n if n > 60 else n + 1)


def parse_date(raw: str) -> Value:
    """Parse ``31/12/2025``, ``31-12-2025``, ``31.12.2025``, ``31/12/25`` or ``2025-12-31``."""
    t = _clean(raw)
    note = None
    if m := _DMY.fullmatch(t):
        d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
        year = int(y)
        if len(y) == 2:
            year += 2000
            note = i18n.tr("note.two_digit_year", year=year)
    elif m := _ISO.fullmatch(t):
        year, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise _date_error(raw)
    try:
        return Value(Kind.DATE, date(year, mo, d), raw, None, note)
    except ValueError:
        raise _date_error(raw, "no_day") from None


def format_date(value: date) -> str:
    """Format a date as ``31/12/2025``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


# ---------------------------------------------------------------------------------------------
# dispatch


def parse(raw: str, kind: Kind) -> Value:
    """Parse ``raw`` as ``kind``; ``text`` accepts anything non-empty."""
    if kind is Kind.NUMBER:
        return parse_number(raw)
    if kind is Kind.PERCENT:
        return parse_percent(raw)
    if kind is Kind.DONE:
        return parse_done(raw)
    if kind is Kind.DATE:
        return parse_date(raw)
    return Value(Kind.TEXT, raw.strip(), raw)  # free text comes back exactly as typed


def parse_auto(raw: str) -> Value | None:
    """Recognise the kind of a free value: done, percent, date, number, else text; blank → None."""
    t = _clean(raw)
    if not t:
        return None
    if _norm_word(t) in _DONE_TRUE | _DONE_FALSE:
        return parse_done(raw)
    if t.endswith("%"):
        try:
            return parse_percent(raw)
        except ParseError:
            pass
    if _DMY.fullmatch(t) or _ISO.fullmatch(t):
        try:
            return parse_date(raw)
        except ParseError:
            pass
    try:
        return parse_number(raw)
    except ParseError:
        return Value(Kind.TEXT, t, raw)


def format_value(v: Value, lang: str = "it") -> str:
    """Format a :class:`Value` back to text the Italian way, keeping the decimals it showed."""
    if v.kind is Kind.NUMBER:
        return format_number(float(v.value), v.decimals)  # type: ignore[arg-type]
    if v.kind is Kind.PERCENT:
        return format_percent(float(v.value), v.decimals)  # type: ignore[arg-type]
    if v.kind is Kind.DONE:
        return format_done(bool(v.value), lang)
    if v.kind is Kind.DATE:
        assert isinstance(v.value, date)
        return format_date(v.value)
    return str(v.value)


def _en_number(x: float, decimals: int | None) -> str:
    """A number as English writes it: 1,250.5."""
    x = float(x)
    if decimals is None:
        decimals = 0 if x.is_integer() else len(repr(x).partition(".")[2].rstrip("0"))
    return f"{x:,.{min(decimals, 15)}f}"


def shown_pct(x: float) -> i18n.T:
    """A score in percent units as each language writes it, to one decimal: 98,8% and
    98.8%."""
    if not math.isfinite(x):  # a ratio to a target of next to nothing: said, never a crash
        shown = "—" if math.isnan(x) else "-∞%" if x < 0 else "∞%"
        return i18n.T(shown, shown)
    return _shown_pct(round(float(x), 1) + 0.0)  # + 0.0: no "-0%" (and one cache entry)


@functools.lru_cache(maxsize=4096)
def _shown_pct(r: float) -> i18n.T:
    """:func:`shown_pct` of a rounded score (a region's hundred thousand scores and expected
    progresses take a few thousand values: each written once)."""
    decimals = None if r.is_integer() else 1
    return i18n.T(format_number(r, decimals) + "%", _en_number(r, decimals) + "%")


def shown_value(v: Value) -> i18n.T:
    """A value as each language shows it: 1.250,5 and 1,250.5; Fatto and Done; 31/12/2025."""
    if v.kind in (Kind.NUMBER, Kind.PERCENT) and isinstance(v.value, float):
        sign = "%" if v.kind is Kind.PERCENT else ""
        return i18n.T(format_value(v, "it"), _en_number(v.value, v.decimals) + sign)
    return i18n.T(format_value(v, "it"), format_value(v, "en"))


def parse_cell(
    cell: object, kind: Kind, *, percent_format: bool = False, raw: str | None = None
) -> Value | None:
    """Read a cell value as ``kind``: typed values (number, bool, datetime) or text.

    ``percent_format`` says the cell carries a percent number format, so a stored 0.91 is 91%.
    A number in a date cell is an Excel serial. Blank cells give ``None``. ``raw`` is
    :func:`cell_text` of the cell when the caller has it already.
    """
    if cell is None or (isinstance(cell, str) and not _clean(cell)):
        return None
    if isinstance(cell, str):
        return parse(cell, kind)
    if raw is None:
        raw = cell_text(cell, percent_format)
    if isinstance(cell, bool):
        if kind in (Kind.DONE, Kind.TEXT):
            return Value(kind, cell if kind is Kind.DONE else raw, raw)
        raise ParseError(raw, i18n.tr("parse.boolean", raw=raw, kind=_kind(kind)), _expected(kind))
    if isinstance(cell, datetime | date):
        d = cell.date() if isinstance(cell, datetime) else cell
        if kind is Kind.DATE:
            return Value(Kind.DATE, d, raw)
        if kind is Kind.TEXT:
            return Value(Kind.TEXT, raw, raw)
        raise ParseError(raw, i18n.tr("parse.date", raw=raw, kind=_kind(kind)), _expected(kind))
    if isinstance(cell, int | float):
        number = float(cell)
        if not math.isfinite(number):  # NaN, infinity, a number past the float range (1e309)
            raise ParseError(raw, i18n.tr("parse.not_finite", raw=raw), _expected(kind))
        if kind in (Kind.NUMBER, Kind.PERCENT) and abs(number) > MAX_MAGNITUDE:
            raise _number_error(raw, "too_large")
        if kind is Kind.PERCENT:
            pct = number * 100 if percent_format else number
            return Value(Kind.PERCENT, _tidy(pct), raw)
        if kind is Kind.NUMBER:
            return Value(Kind.NUMBER, _tidy(number * 100 if percent_format else number), raw)
        if kind is Kind.DATE:
            return Value(Kind.DATE, date_from_serial(number, raw), raw)
        if kind is Kind.TEXT:
            return Value(Kind.TEXT, raw, raw)
        return parse_done(raw)  # raises: a number is not Fatto/Non fatto
    return parse(str(cell), kind)


def _tidy(x: float) -> float:
    """Undo binary noise of a percent scaling (0.07*100 = 7.000000000000001 → 7.0)."""
    r = round(x, 9)
    return r if abs(r - x) < 1e-9 else x


def cell_text(cell: object, percent_format: bool = False) -> str:
    """What a user sees in a cell, as text: ``150.000,5``, ``91%`` (a percent format),
    ``31/12/2025``, ``VERO``/``FALSO``; text as it is; ``""`` for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "VERO" if cell else "FALSO"
    if isinstance(cell, datetime | date):
        d = cell.date() if isinstance(cell, datetime) else cell
        return format_date(d)
    if isinstance(cell, int | float):
        if not math.isfinite(cell):  # what no spreadsheet shows: said as what it is
            return "NaN" if math.isnan(cell) else ("-∞" if cell < 0 else "∞")
        if percent_format and abs(cell) < 1e300:
            return format_percent(_tidy(float(cell) * 100))
        return format_number(float(cell))
    return str(cell)


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_unescape(text: str) -> str:
    """Undo the ``_xHHHH_`` escapes of OOXML text (ECMA-376 22.9.2.19): a character XML cannot
    hold (a form feed, U+FFFE) is written ``_x000C_``, and a literal ``_x000B_`` is written with
    its underscore escaped, ``_x005F_x000B_``. One pass, left to right, so an escaped underscore
    is never read as the start of another escape."""
    return _OOXML_ESCAPE.sub(_ooxml_char, text)


def _ooxml_char(m: re.Match[str]) -> str:
    code = int(m.group(1), 16)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)  # no lone surrogate in a text


def _expected(kind: Kind) -> i18n.T:
    return i18n.tr(f"expect.{kind.value}")


def _kind(kind: Kind) -> i18n.T:
    return i18n.tr(f"kind.{kind.value}")

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

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

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
]


class Kind(StrEnum):
    """What a value is: the kind of a target decides how the achieved value is read and scored."""

    NUMBER = "number"
    PERCENT = "percent"
    DONE = "done"
    DATE = "date"
    TEXT = "text"


_KIND_LABELS = {
    Kind.NUMBER: ("numero", "number"),
    Kind.PERCENT: ("percentuale", "percent"),
    Kind.DONE: ("fatto/non fatto", "done/not done"),
    Kind.DATE: ("data", "date"),
    Kind.TEXT: ("testo", "text"),
}


def kind_label(kind: Kind, lang: str = "it") -> str:
    """The user-facing name of a kind (``percentuale`` / ``percent``)."""
    it, en = _KIND_LABELS[kind]
    return en if lang == "en" else it


def parse_kind_label(text: str) -> Kind:
    """Read a kind from its Italian or English label or its code; raise :class:`ParseError`."""
    t = _norm_word(text)
    for kind, (it, en) in _KIND_LABELS.items():
        if t in (kind.value, it, en, it.split("/")[0], en.split("/")[0]):
            return kind
    raise ParseError(
        text,
        f"«{text}» non è un tipo di valore",
        f"«{text}» is not a value kind",
        ", ".join(it for it, _ in _KIND_LABELS.values()),
    )


ValueType = float | bool | date | str

#: English for the "expected" texts below (looked up by the Italian text).
_EXPECTED_EN = {
    "un numero, ad es. 12 oppure 1.234,5": "a number, e.g. 12 or 1.234,5",
    "una percentuale, ad es. 85% oppure 85": "a percentage, e.g. 85% or 85",
    "Fatto oppure Non fatto": "Fatto (done) or Non fatto (not done)",
    "una data gg/mm/aaaa, ad es. 31/12/2025": "a date dd/mm/yyyy, e.g. 31/12/2025",
    "un testo": "a text",
}


@dataclass(frozen=True, slots=True)
class Value:
    """A parsed value with the raw text it came from.

    Equality compares kind and value only: ``raw`` (the text as written), ``decimals`` (how many
    decimals the source showed, used to format it back the same way) and ``note`` (why a reading
    was ambiguous) describe the source, not the value.
    """

    kind: Kind
    value: ValueType
    raw: str = field(default="", compare=False)
    decimals: int | None = field(default=None, compare=False)
    note: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return format_value(self)

    def __reduce__(self) -> tuple[type[Value], tuple[object, ...]]:
        # a plain tuple: the generic slots pickling of dataclasses calls fields() per object,
        # which made unpickling a batch's results in the parent process cost more than reading
        if self.decimals is None and self.note is None:  # most values: shorter, as fast
            return (Value, (self.kind, self.value, self.raw))
        return (Value, (self.kind, self.value, self.raw, self.decimals, self.note))


class ParseError(ValueError):
    """A text that could not be read as the expected kind, with messages for the user."""

    def __init__(
        self, raw: str, message_it: str, message_en: str, expected: str, expected_en: str = ""
    ) -> None:
        super().__init__(message_en)
        self.raw = raw
        self.message_it = message_it
        self.message_en = message_en
        self.expected = expected
        self.expected_en = expected_en or _EXPECTED_EN.get(expected, expected)

    def message(self, lang: str = "it") -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message_it

    def detached(self) -> ParseError:
        """This error without its traceback and the errors it was raised after, to be kept: a
        traceback (its own, or one of the error it replaced) holds the frames that raised it,
        whose locals hold the error — a cycle that kept a whole sheet alive until the next full
        garbage collection."""
        self.__traceback__ = self.__context__ = self.__cause__ = None
        return self

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, str, str, str]]:
        # picklable, so results cross process boundaries (parallel check)
        args = (self.raw, self.message_it, self.message_en, self.expected, self.expected_en)
        return (ParseError, args)


# ---------------------------------------------------------------------------------------------
# numbers

_EXPECT_NUMBER = "un numero, ad es. 12 oppure 1.234,5"
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def _clean(text: str) -> str:
    return (
        text.replace("\u00a0", " ")
        .replace("\u202f", " ")
        .replace("\u2212", "-")  # typographic minus
        .strip()
    )


def _number_error(raw: str, why_it: str = "", why_en: str = "") -> ParseError:
    return ParseError(
        raw,
        f"«{raw}» non è un numero{why_it}",
        f"«{raw}» is not a number{why_en}",
        _EXPECT_NUMBER,
    )


def _split_number(raw: str) -> tuple[float, int, str | None]:
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
    note: str | None = None
    if dots and commas:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        thou = "." if dec == "," else ","
        int_part, _, frac = t.rpartition(dec)
        if dec in int_part or not _GROUPED.fullmatch(int_part) or thou in frac:
            raise _number_error(raw, ": separatori non coerenti", ": inconsistent separators")
        int_digits = int_part.replace(thou, "")
    elif commas:
        if commas == 1:
            int_digits, _, frac = t.partition(",")
            if len(frac) == 3 and 1 <= len(int_digits) <= 3 and not int_digits.startswith("0"):
                note = _COMMA_NOTE
        elif _GROUPED.fullmatch(t):
            int_digits, frac = t.replace(",", ""), ""
        else:
            raise _number_error(raw, ": troppe virgole", ": too many commas")
    elif dots:
        if dots == 1:
            int_digits, _, frac = t.partition(".")
            if len(frac) == 3 and 1 <= len(int_digits) <= 3 and not int_digits.startswith("0"):
                int_digits, frac = int_digits + frac, ""
                note = _DOT_NOTE
        elif _GROUPED.fullmatch(t):
            int_digits, frac = t.replace(".", ""), ""
        else:
            raise _number_error(raw, ": troppi punti", ": too many dots")
    else:
        int_digits, frac = t, ""
    value = float(f"{sign}{int_digits}.{frac or '0'}")
    if not math.isfinite(value):
        raise _number_error(raw, ": fuori intervallo", ": out of range")
    return value, len(frac), note


_COMMA_NOTE = "virgola letta come separatore decimale (convenzione italiana)"
_DOT_NOTE = "punto letto come separatore delle migliaia (convenzione italiana)"
_NOTES_EN = {
    _COMMA_NOTE: "comma read as the decimal separator (Italian convention)",
    _DOT_NOTE: "dot read as the thousands separator (Italian convention)",
}


def note_en(note: str) -> str:
    """The English of an ambiguity note (``Value.note`` is in Italian)."""
    if note.startswith("anno a due cifre letto come "):
        return "two-digit year read as " + note.rsplit(" ", 1)[-1]
    return _NOTES_EN.get(note, note)


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

_EXPECT_PERCENT = "una percentuale, ad es. 85% oppure 85"


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
            raw, f"«{raw}» non è una percentuale", f"«{raw}» is not a percentage", _EXPECT_PERCENT
        ) from None
    return Value(Kind.PERCENT, value, raw, decimals, note)


def format_percent(value: float, decimals: int | None = None) -> str:
    """Format percent units: 91 → ``91%``, 91.5 → ``91,5%``."""
    return f"{format_number(value, decimals)}%"


# ---------------------------------------------------------------------------------------------
# done / not done

_DONE_TRUE = {"fatto", "fatta", "fatti", "sì", "si", "vero", "true", "yes", "done"}
_DONE_FALSE = {"non fatto", "non fatta", "non fatti", "no", "falso", "false", "not done"}
_EXPECT_DONE = "Fatto oppure Non fatto"


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
    raise ParseError(
        raw,
        f"«{raw}» non è né Fatto né Non fatto",
        f"«{raw}» is neither Fatto (done) nor Non fatto (not done)",
        _EXPECT_DONE,
    )


def format_done(value: bool, lang: str = "it") -> str:
    """True → ``Fatto``, False → ``Non fatto`` (``Done``/``Not done`` in English)."""
    if lang == "en":
        return "Done" if value else "Not done"
    return "Fatto" if value else "Non fatto"


# ---------------------------------------------------------------------------------------------
# dates

_EXPECT_DATE = "una data gg/mm/aaaa, ad es. 31/12/2025"
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999


def _date_error(raw: str, why_it: str = "", why_en: str = "") -> ParseError:
    return ParseError(
        raw,
        f"«{raw}» non è una data valida{why_it}",
        f"«{raw}» is not a valid date{why_en}",
        _EXPECT_DATE,
    )


def date_from_serial(serial: float, raw: str | None = None) -> date:
    """Convert an Excel serial (1900 date system) to a date; the time of day is dropped."""
    text = (
        raw
        if raw is not None
        else (format_number(serial) if math.isfinite(serial) else str(serial))
    )
    if not math.isfinite(serial) or not 1 <= serial <= _MAX_SERIAL:
        raise _date_error(text, ": numero di serie fuori intervallo", ": serial out of range")
    n = int(serial)
    if n == 60:  # 29/02/1900, which Excel invents
        raise _date_error(text, ": il 29/02/1900 non esiste", ": 29/02/1900 does not exist")
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
            note = f"anno a due cifre letto come {year}"
    elif m := _ISO.fullmatch(t):
        year, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise _date_error(raw)
    try:
        return Value(Kind.DATE, date(year, mo, d), raw, None, note)
    except ValueError:
        raise _date_error(raw, ": giorno o mese inesistente", ": no such day or month") from None


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
        raise ParseError(
            raw,
            f"«{raw}» è un valore logico, non {kind_label(kind)}",
            f"«{raw}» is a boolean, not a {kind_label(kind, 'en')}",
            _expected(kind),
        )
    if isinstance(cell, datetime | date):
        d = cell.date() if isinstance(cell, datetime) else cell
        if kind is Kind.DATE:
            return Value(Kind.DATE, d, raw)
        if kind is Kind.TEXT:
            return Value(Kind.TEXT, raw, raw)
        raise ParseError(
            raw,
            f"«{raw}» è una data, non {kind_label(kind)}",
            f"«{raw}» is a date, not a {kind_label(kind, 'en')}",
            _expected(kind),
        )
    if isinstance(cell, int | float):
        number = float(cell)
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
        if percent_format:
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


def _expected(kind: Kind) -> str:
    return {
        Kind.NUMBER: _EXPECT_NUMBER,
        Kind.PERCENT: _EXPECT_PERCENT,
        Kind.DONE: _EXPECT_DONE,
        Kind.DATE: _EXPECT_DATE,
        Kind.TEXT: "un testo",
    }[kind]

"""values: Italian numbers, percentages, Fatto/Non fatto and dates, with properties."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pegxl.i18n import T
from pegxl.values import (
    Kind,
    ParseError,
    Value,
    date_from_serial,
    format_date,
    format_done,
    format_number,
    format_percent,
    format_value,
    kind_label,
    parse,
    parse_auto,
    parse_cell,
    parse_date,
    parse_done,
    parse_kind_label,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("raw", "value", "decimals", "ambiguous"),
    [
        ("4,00", 4.0, 2, False),
        ("150.000,00", 150000.0, 2, False),
        ("60", 60.0, 0, False),
        ("12,5", 12.5, 1, False),
        ("12.5", 12.5, 1, False),  # typed on an English-locale PC
        ("1,234.5", 1234.5, 1, False),
        ("1.234.567", 1234567.0, 0, False),
        ("1,234,567", 1234567.0, 0, False),
        ("150.000", 150000.0, 0, True),  # Italian thousands, reported as ambiguous
        ("1,234", 1.234, 3, True),  # Italian decimal comma, reported as ambiguous
        ("0.500", 0.5, 3, False),  # a leading 0 cannot open a thousands group
        ("1234.567", 1234.567, 3, False),
        ("-3", -3.0, 0, False),
        ("€ 1.200,50", 1200.5, 2, False),
        ("1 200,50", 1200.5, 2, False),
        ("\u00a012,5\u00a0", 12.5, 1, False),
    ],
)
def test_parse_number(raw: str, value: float, decimals: int, ambiguous: bool) -> None:
    v = parse_number(raw)
    assert v.kind is Kind.NUMBER
    assert v.value == value
    assert v.decimals == decimals
    assert v.raw == raw
    assert (v.note is not None) is ambiguous


@pytest.mark.parametrize(
    "raw", ["", "abc", "12,", "1.2.3,4,5", "1,23.456,7", "12a", "--1", "1.23.4", "%"]
)
def test_parse_number_rejects(raw: str) -> None:
    with pytest.raises(ParseError) as e:
        parse_number(raw)
    assert raw in e.value.message.it and e.value.expected


def test_format_number_italian() -> None:
    assert format_number(150000.0, 2) == "150.000,00"
    assert format_number(4.0, 2) == "4,00"
    assert format_number(12.5) == "12,5"
    assert format_number(1234567.891) == "1.234.567,891"
    assert format_number(-0.0) == "0"
    assert format_number(1e16) == "10.000.000.000.000.000"
    assert format_number(1.5e-7) == "0,00000015"
    with pytest.raises(ValueError):
        format_number(math.inf)


@pytest.mark.parametrize(
    ("raw", "value"), [("91%", 91.0), ("91 %", 91.0), ("91,5%", 91.5), ("85", 85.0), ("0,91", 0.91)]
)
def test_parse_percent(raw: str, value: float) -> None:
    v = parse_percent(raw)
    assert (v.kind, v.value) == (Kind.PERCENT, value)


def test_parse_percent_rejects() -> None:
    with pytest.raises(ParseError, match="not a percentage"):
        parse_percent("molto")


@pytest.mark.parametrize("raw", ["Fatto", "fatto", "FATTO", "Sì", "Si", "si", "fatto.", " Vero "])
def test_done_true(raw: str) -> None:
    assert parse_done(raw) == Value(Kind.DONE, True)


@pytest.mark.parametrize("raw", ["Non fatto", "non fatto", "NON FATTO", "No", "NO", "Falso"])
def test_done_false(raw: str) -> None:
    assert parse_done(raw) == Value(Kind.DONE, False)


def test_done_rejects_with_message() -> None:
    with pytest.raises(ParseError) as e:
        parse_done("quasi")
    assert e.value.message.get("it") == "«quasi» non è né Fatto né Non fatto"
    assert e.value.expected.it == "Fatto oppure Non fatto"


@pytest.mark.parametrize(
    "raw",
    ["31/12/2025", "31-12-2025", "31.12.2025", "2025-12-31", "31/12/25", "2025-12-31 00:00:00"],
)
def test_parse_date(raw: str) -> None:
    assert parse_date(raw).value == date(2025, 12, 31)


@pytest.mark.parametrize("raw", ["31/02/2025", "2025-13-01", "domani", "12/2025", "00/01/2025"])
def test_parse_date_rejects(raw: str) -> None:
    with pytest.raises(ParseError, match="not a valid date"):
        parse_date(raw)


def test_excel_serials() -> None:
    assert date_from_serial(45657) == date(2024, 12, 31)
    assert date_from_serial(45658.75) == date(2025, 1, 1)  # the time of day is dropped
    assert date_from_serial(1) == date(1900, 1, 1)
    assert date_from_serial(61) == date(1900, 3, 1)
    for bad in (0, -5, 60, 2958466, math.nan):
        with pytest.raises(ParseError):
            date_from_serial(bad)


def test_parse_auto_recognises_kinds() -> None:
    assert parse_auto("") is None and parse_auto("  ") is None
    assert parse_auto("Fatto") == Value(Kind.DONE, True)
    assert parse_auto("91%") == Value(Kind.PERCENT, 91.0)
    assert parse_auto("31/12/2025") == Value(Kind.DATE, date(2025, 12, 31))
    assert parse_auto("150.000,00") == Value(Kind.NUMBER, 150000.0)
    assert parse_auto("entro l'anno") == Value(Kind.TEXT, "entro l'anno")


def test_parse_cell_typed_values() -> None:
    assert parse_cell(None, Kind.NUMBER) is None
    assert parse_cell("  ", Kind.NUMBER) is None
    assert parse_cell(0.85, Kind.PERCENT, percent_format=True) == Value(Kind.PERCENT, 85.0)
    assert parse_cell(0.07, Kind.PERCENT, percent_format=True) == Value(Kind.PERCENT, 7.0)
    assert parse_cell(85, Kind.PERCENT) == Value(Kind.PERCENT, 85.0)
    assert parse_cell(12.5, Kind.NUMBER) == Value(Kind.NUMBER, 12.5)
    assert parse_cell(45657, Kind.DATE) == Value(Kind.DATE, date(2024, 12, 31))
    assert parse_cell(datetime(2025, 6, 30), Kind.DATE) == Value(Kind.DATE, date(2025, 6, 30))
    assert parse_cell(True, Kind.DONE) == Value(Kind.DONE, True)
    assert parse_cell("12,5", Kind.NUMBER) == Value(Kind.NUMBER, 12.5)
    assert parse_cell(3, Kind.TEXT) == Value(Kind.TEXT, "3")
    for cell, kind in ((True, Kind.NUMBER), (datetime(2025, 1, 1), Kind.NUMBER), (1.0, Kind.DONE)):
        with pytest.raises(ParseError):
            parse_cell(cell, kind)


def test_kind_labels_round_trip() -> None:
    for kind in Kind:
        assert parse_kind_label(kind_label(kind)) is kind
        assert parse_kind_label(kind_label(kind, "en")) is kind
        assert parse_kind_label(kind.value) is kind
    assert parse_kind_label("Fatto/Non fatto") is Kind.DONE
    with pytest.raises(ParseError):
        parse_kind_label("colore")


def test_format_done_and_date() -> None:
    assert format_done(True) == "Fatto" and format_done(False) == "Non fatto"
    assert format_done(True, "en") == "Done"
    assert format_date(date(2025, 1, 2)) == "02/01/2025"


# ---- properties: format -> parse is the identity ---------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@given(finite)
def test_number_round_trip(x: float) -> None:
    assert parse_number(format_number(x)).value == x


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=4))
def test_number_round_trip_with_decimals(n: int, decimals: int) -> None:
    x = n / 10**decimals
    v = parse_number(format_number(x, decimals))
    assert v.value == pytest.approx(x) and v.decimals == decimals
    assert format_value(v) == format_number(x, decimals)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_percent_round_trip(x: float) -> None:
    assert parse_percent(format_percent(x)).value == x


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_date_round_trip(d: date) -> None:
    assert parse_date(format_date(d)).value == d


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_serial_round_trip(d: date) -> None:
    serial = (d - date(1899, 12, 30)).days
    assert date_from_serial(serial) == d


@given(st.booleans())
def test_done_round_trip(b: bool) -> None:
    assert parse_done(format_done(b)).value is b
    assert parse_done(format_done(b, "en")).value is b


@given(
    st.one_of(
        finite.map(lambda x: Value(Kind.NUMBER, x)),
        st.floats(0, 1e6).map(lambda x: Value(Kind.PERCENT, x)),
        st.booleans().map(lambda b: Value(Kind.DONE, b)),
        st.dates(min_value=date(1900, 3, 1)).map(lambda d: Value(Kind.DATE, d)),
    )
)
def test_value_round_trip_by_kind(v: Value) -> None:
    assert parse(format_value(v), v.kind) == v


@given(st.text(max_size=30))
def test_parsers_never_fail_other_than_parse_error(text: str) -> None:
    for fn in (parse_number, parse_percent, parse_done, parse_date):
        try:
            fn(text)
        except ParseError as e:
            assert e.message.it and e.message.en and e.expected.it and e.expected.en
    parse_auto(text)


@pytest.mark.parametrize(
    "decimals,note", [(None, None), (2, None), (None, T("nota", "note")), (0, T("n", "n"))]
)
@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"error": ParseError("x", T("it", "en"), T("atteso", "expected"))},
        {"formula": "A1+1"},
        {"cell_error": "#DIV/0!"},
        {"from_text": True},
    ],
)
def test_values_cross_processes_whole(
    decimals: int | None, note: T | None, extra: dict[str, object]
) -> None:
    """Results travel from worker processes by pickle, in a short form when fields are unset:
    every field comes back, those that equality ignores included."""
    import pickle

    from pegxl.returns.reader import ReadValue

    v = Value(Kind.NUMBER, 12.5, "12,5", decimals, note)
    rv = ReadValue("Fasi", "H4", "x/F1", "Avanzamento (%)", "progress", Kind.PERCENT, "12,5", v)
    for key, val in extra.items():
        setattr(rv, key, val)
    back = pickle.loads(pickle.dumps(rv))
    for name in ReadValue.__dataclass_fields__:
        got, want = getattr(back, name), getattr(rv, name)
        if name == "error" and want is not None:
            assert (got.raw, got.message.it, got.expected.en) == ("x", "it", "expected")
        else:
            assert got == want, name
    assert (back.value.raw, back.value.decimals, back.value.note) == ("12,5", decimals, note)


@pytest.mark.parametrize(
    ("x", "it", "en"),
    [
        (98.76, "98,8%", "98.8%"),
        (100.0, "100%", "100%"),
        (1234.56, "1.234,6%", "1,234.6%"),
        (-3.21, "-3,2%", "-3.2%"),
        (-0.04, "0%", "0%"),  # rounds to zero: never "-0%"
        (0.0, "0%", "0%"),
    ],
)
def test_shown_pct(x: float, it: str, en: str) -> None:
    from pegxl.values import shown_pct

    assert tuple(shown_pct(x)) == (it, en)
    assert tuple(shown_pct(x)) == (it, en)  # the same when remembered

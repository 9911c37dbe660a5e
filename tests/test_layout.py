"""The layout contract: the row hash is the hash of the canonical values, whatever shortcut
computes it, and canonical values agree between what pegxl writes and what a client saves."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pegxl.workbook.layout import canonical, row_hash

cell_values = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=" \t\r\nab"),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
)


@given(st.lists(cell_values, max_size=8))
def test_row_hash_is_the_hash_of_the_canonical_values(values: list[object]) -> None:
    blob = "\x1f".join(canonical(v) for v in values)
    assert row_hash(values) == hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def test_canonical_agrees_across_clients() -> None:
    # a date written by pegxl comes back as a datetime at midnight from every client
    assert canonical(date(2025, 6, 30)) == canonical(datetime(2025, 6, 30)) == "2025-06-30"
    # numbers: 4 written, 4.0 read; binary noise of a client's save is rounded away
    assert canonical(4) == canonical(4.0) == canonical(4.0000000000001)
    # text: trailing spaces and line endings of a client do not change the hash
    assert canonical("a \r\nb ") == canonical("a\nb") == "a\nb"
    assert canonical(None) == "" and canonical(True) == "1"


def test_row_hash_keeps_equal_values_of_other_types_apart() -> None:
    """True == 1 == 1.0 and the hash remembers the text of floats: each type keeps its own."""
    for values in ([1.0, True, 1, "1"], [True, 1.0], [datetime(2025, 1, 1), date(2025, 1, 1)]):
        for v in values:
            assert row_hash([v]) == hashlib.sha256(canonical(v).encode()).hexdigest()[:20]
    assert row_hash([float("nan")] * 3) == row_hash([float("nan")] * 3)


def test_the_row_table_is_read_in_both_schemas_and_any_line_ending() -> None:
    """Schema 2 packs many rows per cell, one per line (a row id may hold the separator: the
    last three fields are split off); schema 1 wrote one tab-separated row per cell. Line ends
    as any client saves them; malformed lines are skipped."""
    from pegxl.sheets.book import Cell, Sheet
    from pegxl.workbook import meta as workbook_meta

    sep = workbook_meta.META_ROWS_SEP
    head = sep.join(workbook_meta.META_ROWS_HEADER)
    packed = f"a{sep}b{sep}Fasi{sep}12{sep}h1\r\nx/F1{sep}Fasi{sep}3{sep}h2\rnot a row\n"
    packed += f"x/F2{sep}Fasi{sep}²{sep}h3\n{sep}Obiettivi{sep}4{sep}h4"
    rows = [("sector_code", "S07"), (head, None), (packed, None), ("x/I1\tIndicatori\t5\th5", None)]
    sheet = Sheet("_pegxl")
    for r, (a, b) in enumerate(rows, 1):
        sheet.cells[(r, 1)] = Cell(r, 1, a)
        if b is not None:
            sheet.cells[(r, 2)] = Cell(r, 2, b)
    meta, hashes = workbook_meta.read_sheet(sheet)
    assert meta == {"sector_code": "S07"}
    assert hashes == {
        ("Fasi", f"a{sep}b"): (12, "h1"),
        ("Fasi", "x/F1"): (3, "h2"),
        ("Obiettivi", ""): (4, "h4"),
        ("Indicatori", "x/I1"): (5, "h5"),
    }

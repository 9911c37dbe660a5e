"""The layout contract: the row hash is the hash of the canonical values, whatever shortcut
computes it, and canonical values agree between what pegxl writes and what a client saves."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from pegxl.layout import canonical, row_hash

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

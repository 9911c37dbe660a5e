"""The record of a workbook as pegxl reads it — cells, sheets, the book — and the cell budget:
what the .xlsx reader (:mod:`pegxl.sheets.xlsx`) and the .ods reader (:mod:`pegxl.sheets.ods`)
both build, so that neither imports the other's module."""

from __future__ import annotations

import contextlib
import functools
import io
import operator
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Protocol

__all__ = [
    "COL_NUMBERS",
    "MAX_CELLS",
    "Book",
    "Cell",
    "MemoryParts",
    "Sheet",
    "Source",
    "TooManyCells",
    "col_letter",
    "col_number",
    "local_name",
    "open_source",
    "take_cells",
]

#: most cells with content a reader keeps from one workbook (a return), whatever the guard let
#: through; a plan is read with a budget of its own
MAX_CELLS = 500_000


@functools.lru_cache(maxsize=1024)
def col_letter(col: int) -> str:
    """2 → ``B`` (remembered: a sheet has few columns and a million cell references)."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_number(letters: bytes) -> int:
    """``b"B"`` → 2, ``b"XFD"`` → 16384 (cached: a sheet repeats a handful of columns)."""
    n = COL_NUMBERS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + (ch - 64)
        COL_NUMBERS[letters] = n
    return n


#: column letters -> number, as :func:`col_number` found them (the .xlsx reader looks here
#: first, in its loop over every cell)
COL_NUMBERS: dict[bytes, int] = {}


@dataclass(slots=True)
class Cell:
    """A non-empty cell: its value (str, float, bool, datetime), number format, formula."""

    row: int
    col: int
    value: object
    fmt: str = ""
    formula: str | None = None
    error: str | None = None

    @property
    def ref(self) -> str:
        """The A1 reference."""
        return f"{col_letter(self.col)}{self.row}"


_BY_COL = operator.attrgetter("col")


@dataclass
class Sheet:
    """A sheet: name, visibility (visible, hidden, veryHidden), protection, cells by position."""

    name: str
    state: str = "visible"
    protected: bool = False
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    _by_row: dict[int, list[Cell]] | None = field(default=None, repr=False, compare=False)

    def row(self, r: int) -> list[Cell]:
        """The non-empty cells of row ``r``, left to right."""
        if self._by_row is None:
            index: dict[int, list[Cell]] = {}
            for (rr, _), cell in self.cells.items():  # files list cells row by row already
                index.setdefault(rr, []).append(cell)
            for cells in index.values():
                cells.sort(key=_BY_COL)  # linear when already in order
            self._by_row = index
        return self._by_row.get(r, [])

    def get(self, row: int, col: int) -> Cell | None:
        """The cell at 1-based (row, col), if not empty."""
        return self.cells.get((row, col))

    def value(self, row: int, col: int) -> object:
        """The value at 1-based (row, col), or None."""
        c = self.cells.get((row, col))
        return c.value if c else None

    @property
    def max_row(self) -> int:
        """The last row holding a value (0 if empty)."""
        return max((r for r, _ in self.cells), default=0)

    def rows(self) -> Iterator[int]:
        """Rows holding values, in order."""
        return iter(sorted({r for r, _ in self.cells}))


@dataclass
class Book:
    """What pegxl reads of a workbook."""

    format: str  # xlsx | ods
    sheets: list[Sheet]
    structure_locked: bool = False
    properties: dict[str, str] = field(default_factory=dict)
    #: when the document says it was last saved (ISO 8601, as written), if it says
    modified: str | None = None

    def sheet(self, name: str) -> Sheet | None:
        """The sheet called ``name``, if any."""
        return next((s for s in self.sheets if s.name == name), None)


def local_name(tag: str) -> str:
    """An element's name without its namespace (``{urn:…}table`` -> ``table``)."""
    return tag.rsplit("}", 1)[-1]


class Source(Protocol):
    """What the readers need of a container: a zip file, or the parts the guard already
    inflated (:class:`MemoryParts`)."""

    def namelist(self) -> list[str]:
        """The names of the parts."""

    def read(self, name: str) -> bytes:
        """The bytes of a part."""

    def open(self, name: str) -> IO[bytes]:
        """A part as a stream."""


class MemoryParts:
    """Inflated parts kept by the guard, so nothing is decompressed twice."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self._parts = parts

    def namelist(self) -> list[str]:
        """The names of the parts kept."""
        return list(self._parts)

    def read(self, name: str) -> bytes:
        """The bytes of a part kept."""
        return self._parts[name]

    def open(self, name: str) -> IO[bytes]:
        """A part kept, as a stream."""
        return io.BytesIO(self._parts[name])


@contextlib.contextmanager
def open_source(path: str, parts: dict[str, bytes] | None) -> Iterator[Source]:
    """The parts of a workbook: those the guard kept in memory, else the zip file itself."""
    if parts is not None:
        yield MemoryParts(parts)
    else:
        with zipfile.ZipFile(path) as z:
            yield z


class TooManyCells(ValueError):
    """A workbook with more cells holding something than the reader's budget allows."""


def take_cells(left: int, n: int, budget: int = MAX_CELLS) -> int:
    """What is left of the workbook's cells (``budget`` in all) after ``n`` more; going past
    it is an error, raised before the cells are made."""
    if n > left:
        raise TooManyCells(f"more than {budget} cells with content in the workbook")
    return left - n

"""The one door to a workbook's cells: :func:`read_book` reads a file the guard
(:mod:`pegxl.sheets.guard`) accepted with the reader of its format — :mod:`pegxl.sheets.xlsx`
or :mod:`pegxl.sheets.ods` — within a cell budget."""

from __future__ import annotations

from pegxl.sheets.book import MAX_CELLS, Book
from pegxl.sheets.ods import read_ods
from pegxl.sheets.xlsx import read_xlsx

__all__ = ["read_book"]


def read_book(
    path: str,
    fmt: str,
    skip: frozenset[str] = frozenset(),
    parts: dict[str, bytes] | None = None,
    max_cells: int | None = None,
) -> Book:
    """Read a workbook already accepted by the guard; ``fmt`` is ``xlsx`` or ``ods``.

    Sheets named in ``skip`` are listed (name, state) but their cells are not read; ``parts``
    are the XML parts the guard inflated (read from the file when not given); more than
    ``max_cells`` (default :data:`~pegxl.sheets.book.MAX_CELLS`) cells with content in the whole
    workbook is an error."""
    budget = MAX_CELLS if max_cells is None else max_cells
    if fmt == "ods":
        return read_ods(path, parts, budget)
    return read_xlsx(path, skip, parts, budget)

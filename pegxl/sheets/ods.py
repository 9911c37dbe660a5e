"""The bounded reader of an .ods workbook (OpenDocument spreadsheet), beside the .xlsx one.

``content.xml`` is streamed with ``iterparse`` (the guard has refused DTDs and entities), and
only non-empty cells are kept. What a few bytes can ask to be expanded is bounded before it is
made: repeated cells and rows count against the workbook's cell budget, at most
:data:`_MAX_REPEAT` copies each (files pad rows with 16,384 empty columns), and a cell's text,
spaces included, is cut one character past the 32,767 a cell can hold (so the reader can say it
was cut, ``VALUE-014``, and the rest of the file is read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import iterparse

from pegxl.sheets import book
from pegxl.sheets.book import Book, Cell, Sheet, Source

__all__ = ["read_ods"]

_NS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_NS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_NS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_NS_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"

#: Never expand more repeated empty cells or rows than this: files pad with 16384 columns.
_MAX_REPEAT = 4096


def read_ods(
    path: str, parts: dict[str, bytes] | None = None, max_cells: int = book.MAX_CELLS
) -> Book:
    """Read an .ods: sheets (visibility from their table style, protection), the structure lock,
    every non-empty cell with repeats expanded within the budget (``max_cells`` cells with
    content in the whole workbook, as for an .xlsx: a return's budget grows with its plan,
    :meth:`~pegxl.sheets.guard.Limits.for_plan`), custom properties."""
    with book.open_source(path, parts) as z:
        hidden_styles: set[str] = set()
        sheets: list[Sheet] = []
        structure_locked = False
        sheet: Sheet | None = None
        row = 0
        col = 0
        left = max_cells  # repeats included: a few bytes can repeat a cell millions of times
        row_cells: list[Cell] = []  # the cells of the row being read, to repeat it
        for ev, el in iterparse(z.open("content.xml"), events=("start", "end")):
            name = book.local_name(el.tag)
            if ev == "start":
                if name == "spreadsheet":
                    structure_locked = el.get(f"{_NS_TABLE}structure-protected") == "true"
                elif name == "table":
                    style = el.get(f"{_NS_TABLE}style-name", "")
                    sheet = Sheet(
                        el.get(f"{_NS_TABLE}name", ""),
                        "hidden" if style in hidden_styles else "visible",
                        el.get(f"{_NS_TABLE}protected") == "true",
                    )
                    sheets.append(sheet)
                    row = 0
                elif name == "table-row":
                    col = 0
                    row_cells = []
                continue
            if name == "style" and el.get(f"{_STYLE_FAMILY}") == "table":
                props = el.find(f"{_NS_STYLE}table-properties")
                if props is not None and props.get(f"{_NS_TABLE}display") == "false":
                    hidden_styles.add(el.get(f"{_NS_STYLE}name", ""))
            elif name in ("table-cell", "covered-table-cell") and sheet is not None:
                repeat = int(el.get(f"{_NS_TABLE}number-columns-repeated", "1"))
                cell = _ods_cell(el, row + 1, col + 1) if name == "table-cell" else None
                if cell is not None:
                    copies = min(repeat, _MAX_REPEAT)
                    left = book.take_cells(left, copies, max_cells)
                    for k in range(copies):
                        c = Cell(
                            row + 1, col + 1 + k, cell.value, cell.fmt, cell.formula, cell.error
                        )
                        sheet.cells[(row + 1, col + 1 + k)] = c
                        row_cells.append(c)
                col += repeat
                el.clear()
            elif name == "table-row" and sheet is not None:
                repeat = int(el.get(f"{_NS_TABLE}number-rows-repeated", "1"))
                if repeat > 1 and row_cells:
                    copies = min(repeat, _MAX_REPEAT) - 1
                    left = book.take_cells(left, copies * len(row_cells), max_cells)
                    for k in range(1, copies + 1):
                        for c in row_cells:
                            sheet.cells[(row + 1 + k, c.col)] = Cell(
                                row + 1 + k, c.col, c.value, c.fmt, c.formula, c.error
                            )
                row += repeat
                el.clear()
        props = _ods_meta(z) if "meta.xml" in z.namelist() else {}
    modified = props.pop(_MODIFIED_KEY, None)
    return Book("ods", sheets, structure_locked, props, modified)


_STYLE_FAMILY = f"{_NS_STYLE}family"


def _ods_cell(el: object, row: int, col: int) -> Cell | None:
    """One table cell: its value by type (percentages with a percent format, dates with a date
    format), its formula and error, or ``None`` when empty."""
    get = el.get  # type: ignore[attr-defined]
    vtype = get(f"{_NS_OFFICE}value-type")
    formula = get(f"{_NS_TABLE}formula")
    text = _ods_text(el.findall(f"{_NS_TEXT}p"))  # type: ignore[attr-defined]
    value: object = None
    fmt = ""
    if vtype in ("float", "currency"):
        value = float(get(f"{_NS_OFFICE}value"))
    elif vtype == "percentage":
        value = float(get(f"{_NS_OFFICE}value"))
        fmt = "0%"
    elif vtype == "date":
        raw = get(f"{_NS_OFFICE}date-value", "")
        value = (
            datetime.fromisoformat(raw) if "T" in raw else datetime.fromisoformat(raw + "T00:00:00")
        )
        fmt = "dd/mm/yyyy"
    elif vtype == "boolean":
        value = get(f"{_NS_OFFICE}boolean-value") == "true"
    elif vtype == "string":
        value = get(f"{_NS_OFFICE}string-value", text)
    elif text:
        value = text
    error = None
    if formula and text.startswith(("#", "Err:")) and vtype is None:
        error, value = text, None
    if value is None and formula is None and error is None:
        return None
    return Cell(row, col, value, fmt, formula, error)


#: the most characters a cell holds (Excel's and Calc's limit): <text:s text:c="…"/> can ask
#: for any number of spaces in a few bytes
_MAX_TEXT = 32767


class _Cut(Exception):
    """A cell's text reached one character past :data:`_MAX_TEXT`: nothing more is made."""


def _ods_text(paragraphs: Sequence[Any]) -> str:
    """The text of a cell's <text:p> paragraphs, with <text:tab/>, <text:s text:c="n"/> and
    <text:line-break/> turned back into the characters they stand for; cut at one character
    past :data:`_MAX_TEXT` (checked before each piece is made: a billion spaces asked for in
    40 bytes are never made)."""
    out: list[str] = []
    left = _MAX_TEXT

    def put(text: str) -> None:
        nonlocal left
        if len(text) > left:
            out.append(text[: left + 1])  # one past the limit: the reader says it was cut
            raise _Cut
        left -= len(text)
        out.append(text)

    def walk(el: Any) -> None:
        put(el.text or "")
        for child in el:
            name = book.local_name(child.tag)
            if name == "tab":
                put("\t")
            elif name == "s":
                put(" " * min(int(child.get(f"{_NS_TEXT}c", "1")), left + 1))
            elif name == "line-break":
                put("\n")
            else:
                walk(child)
            put(child.tail or "")

    try:
        for k, p in enumerate(paragraphs):
            if k:
                put("\n")
            walk(p)
    except _Cut:
        pass
    return "".join(out)


#: where :func:`_ods_meta` puts the date the document was last saved (``dc:date``)
_MODIFIED_KEY = "\0modified"


def _ods_meta(z: Source) -> dict[str, str]:
    """The user-defined properties of an .ods, name → text, and the date it was last saved."""
    out: dict[str, str] = {}
    for _, el in iterparse(z.open("meta.xml")):
        name = book.local_name(el.tag)
        if name == "user-defined":
            out[el.get(f"{_NS_META}name", "")] = "".join(el.itertext()).strip()
        elif name == "date" and el.text and el.text.strip():
            out[_MODIFIED_KEY] = el.text.strip()[:64]
    return out

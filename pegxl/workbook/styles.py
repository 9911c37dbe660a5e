"""How the sector workbook looks: colours, cell formats, row heights and column widths.

Formats are made once per workbook and shared (:class:`Styles`): XlsxWriter writes one ``xf``
entry per distinct format, so the same look must come from the same object.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pegxl.values import Value, format_number
from pegxl.workbook.layout import Column

__all__ = [
    "BAND",
    "GREY_TEXT",
    "HEADER_BG",
    "LOCKED_REF",
    "RED",
    "YELLOW",
    "YELLOW_BORDER",
    "Styles",
    "fit_widths",
    "height",
    "wrapped_lines",
]

YELLOW = "#FFF2CC"
YELLOW_BORDER = "#BF9000"
BAND = "#DDEBF7"
HEADER_BG = "#1F4E78"
GREY_TEXT = "#595959"
RED = "#F4B6B6"
LOCKED_REF = "#F2F2F2"


class Styles:
    """The formats of one workbook, made on first use and shared."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}
        #: the format of each kind of data cell (a workbook has tens of thousands of cells and
        #: a few dozen kinds)
        self._cells: dict[tuple[str, bool, bool, str, bool], Any] = {}

    def fmt(self, **props: Any) -> Any:
        """The format with exactly these properties (one object per distinct set)."""
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def cell(self, col: Column, num_format: str = "", marked: bool = False) -> Any:
        """A data cell of ``col``: yellow and unlocked for input, grey for the previous period,
        red with a thick border when a finding marks it."""
        key = (col.key, col.wrap, col.input, num_format, marked)
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = self._cell(col, num_format, marked)
        return found

    def _cell(self, col: Column, num_format: str, marked: bool) -> Any:
        """The format :meth:`cell` keeps, made from its properties."""
        props: dict[str, Any] = {
            "valign": "top",
            "font_size": 10,
            "border": 1,
            "border_color": "#BFBFBF",
        }
        if col.wrap:
            props["text_wrap"] = True
        if num_format:
            props["num_format"] = num_format
        if col.input:
            props.update(locked=False, bg_color=YELLOW, border_color=YELLOW_BORDER)
        elif col.key.startswith("prev."):
            props.update(bg_color=LOCKED_REF, font_color=GREY_TEXT)
        if marked:
            props.update(bg_color=RED, border_color="#C00000", border=2)
        return self.fmt(**props)

    def header(self) -> Any:
        """A column header: white on dark blue, centred, wrapped."""
        return self.fmt(
            bold=True,
            font_size=10,
            font_color="#FFFFFF",
            bg_color=HEADER_BG,
            text_wrap=True,
            valign="vcenter",
            align="center",
            border=1,
            border_color="#FFFFFF",
        )

    def band(self) -> Any:
        """The band that opens an objective."""
        return self.fmt(
            bold=True,
            font_size=10,
            bg_color=BAND,
            text_wrap=True,
            valign="top",
            border=1,
            border_color="#9BC2E6",
        )

    def title(self) -> Any:
        """A sheet's title."""
        return self.fmt(bold=True, font_size=13, font_color=HEADER_BG, valign="vcenter")

    def label(self) -> Any:
        """The label of a line of an objective's card."""
        return self.fmt(
            bold=True,
            font_size=10,
            valign="top",
            text_wrap=True,
            border=1,
            border_color="#BFBFBF",
            font_color=GREY_TEXT,
        )

    def body(self) -> Any:
        """Wrapped text in a bordered cell (the findings sheet)."""
        return self.fmt(
            font_size=10, text_wrap=True, valign="top", border=1, border_color="#BFBFBF"
        )

    def link(self) -> Any:
        """A link to a cell (the findings sheet)."""
        return self.fmt(
            font_size=10,
            valign="top",
            border=1,
            border_color="#BFBFBF",
            font_color="#0563C1",
            underline=1,
        )


def wrapped_lines(text: str, width: float) -> int:
    """Estimated wrapped line count of ``text`` in a column ``width`` characters wide.

    Calibrated on LibreOffice's rendering with DejaVu Sans, the widest font a client substitutes
    (about 1.36 characters per width unit at 10 pt); Calibri in Excel fits more per line, so rows
    can only be roomier there, never cut."""
    per_line = max(4.0, width * 1.28 - 2)
    return sum(max(1, math.ceil(len(p) / per_line)) for p in str(text).split("\n"))


def height(n_lines: int, font: float = 10) -> float:
    """The height of a row showing ``n_lines`` lines (at most the 409 points Excel allows)."""
    return min(409.0, max(15.0, n_lines * (font * 1.28) + 4))


def fit_widths(cols: Sequence[Column], rows: Sequence[Mapping[str, object]]) -> list[float]:
    """Column widths that fit the content: non-wrapping columns grow to their longest value (up to
    a bound), wrapping columns keep the layout width."""
    out = []
    for col in cols:
        if col.wrap or col.key == "id":
            out.append(col.width)
            continue
        longest = max((len(word) for word in col.title("it").split()), default=4) + 2
        for r in rows:
            v = r.get(col.key)
            if isinstance(v, Value):
                shown = str(v)
            elif isinstance(v, date):
                shown = "00/00/0000"
            elif isinstance(v, float):
                shown = format_number(v)
            else:
                shown = "" if v is None else str(v)
            longest = max(longest, len(shown) + 2)
        out.append(float(min(max(longest, 8), col.width + 14)))
    return out

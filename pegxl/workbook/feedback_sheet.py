"""The *Segnalazioni* sheet that opens a feedback workbook: every finding of a return, with a link
to the cell it points to, and what to do.

What turns a sector workbook into a feedback workbook is a :class:`Feedback`: the values the
sector typed (put back into the input cells), the messages for each marked cell (a red fill and a
comment) and the findings to list here. :mod:`pegxl.returns.feedback` builds it from a return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from pegxl.findings import Finding
from pegxl.i18n import text
from pegxl.outputs import clean_text
from pegxl.workbook.styles import HEADER_BG, Styles, height, wrapped_lines

__all__ = ["Feedback", "Target", "write_feedback_sheet"]

#: A cell of the workbook by meaning: (sheet, row id, column key); key "" is the row itself.
Target = tuple[str, str, str]


@dataclass(frozen=True)
class Feedback:
    """What turns a workbook into a feedback workbook for a return.

    ``values`` are what the sector typed (a parsed Value, or the raw text when it could not be
    read), put back into the input cells by row id; ``marks`` are the messages for a cell, shown
    as a red fill and a comment; ``findings`` are listed on the first sheet, each with the cell it
    points to (if any).
    """

    source: str
    values: Mapping[str, Mapping[str, object]]
    marks: Mapping[Target, Sequence[str]]
    findings: Sequence[tuple[Finding, Target | None]]
    #: ``fix`` (findings to correct) or ``other_period`` (a workbook of another period: what
    #: to send instead); the sheet's opening words follow it
    kind: str = "fix"

    def intro_key(self) -> str:
        """The catalogue key of the words that open the sheet: red cells to correct, or the
        findings listed (nothing is red), or a workbook of another period."""
        if self.kind == "other_period":
            return "feedback.intro_other_period"
        return "feedback.intro" if self.marks else "feedback.intro_listed"


_COLUMNS = (
    ("code", 12),
    ("severity", 10),
    ("sheet", 12),
    ("cell", 8),
    ("item", 18),
    ("todo", 90),
)
_HEAD_ROW = 3


def write_feedback_sheet(
    ws: Any,
    styles: Styles,
    feedback: Feedback,
    positions: Mapping[Target, tuple[int, int]],
    lang: str,
    password: str,
) -> None:
    """Fill ``ws`` (the workbook's first sheet) with the findings of ``feedback``; ``positions``
    says where the writer put each target (0-based row and column), for the links."""
    for c, (_, width) in enumerate(_COLUMNS):
        ws.set_column(c, c, width)
    last = len(_COLUMNS) - 1
    width = sum(w for _, w in _COLUMNS)
    title = text("feedback.title", lang, source=feedback.source)
    title_format = styles.fmt(
        bold=True, font_size=13, font_color=HEADER_BG, valign="vcenter", text_wrap=True
    )
    ws.merge_range(0, 0, 0, last, title, title_format)
    ws.set_row(0, height(wrapped_lines(title, width * 10 / 13), 13))  # a long name: wrapped
    intro = text(feedback.intro_key(), lang)
    ws.merge_range(1, 0, 1, last, intro, styles.fmt(font_size=10, text_wrap=True, valign="top"))
    ws.set_row(1, height(wrapped_lines(intro, width) + 1))
    for c, (key, _) in enumerate(_COLUMNS):
        ws.write_string(_HEAD_ROW, c, text(f"feedback.col.{key}", lang), styles.header())
    body = styles.body()
    link = styles.link()
    for r, (f, target) in enumerate(feedback.findings, start=_HEAD_ROW + 1):
        pos = positions.get(target) if target else None
        sheet = target[0] if target else (f.sheet or "")
        ws.write_string(r, 0, f.code.value, body)
        ws.write_string(r, 1, text(f"severity.{f.severity.value}", lang), body)
        ws.write_string(r, 2, sheet, body)
        if pos is not None:
            a1 = xl_rowcol_to_cell(*pos)
            ws.write_url(r, 3, f"internal:'{sheet}'!{a1}", link, a1)
        else:
            ws.write_string(r, 3, f.cell or "", body)
        ws.write_string(r, 4, f.row_id or "", body)
        message = clean_text(f.message(lang))
        ws.write_string(r, 5, message, body)
        ws.set_row(r, height(wrapped_lines(message, 90)))
    ws.freeze_panes(_HEAD_ROW + 1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(_HEAD_ROW)
    ws.activate()
    ws.protect(password, {"select_locked_cells": True, "select_unlocked_cells": True})

"""``pegxl diff OLD NEW``: every value that changed between two versions of a sector's workbook,
by row id, with the cell it was in in each file.

Rows are matched by the hidden id every row of a pegxl workbook carries (never by position), and
columns by their header, so a row moved or a column added is not a change of every value after
it. Every cell of the data sheets — and of «Monitoraggio», the answers of an interim return —
is compared as the user sees it (``12,5``, ``31/12/2025``, ``Fatto``): the values typed, and
the plan's text too, so a locked cell someone changed shows.
No plan is needed: both files pass the guard and the bounded reader, like any return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pegxl.document import document
from pegxl.findings import Code, Finding, make
from pegxl.i18n import tr
from pegxl.outputs import display_name
from pegxl.sheets.book import Book, Sheet, col_letter
from pegxl.sheets.guard import Limits, check_file
from pegxl.sheets.read import read_book
from pegxl.values import cell_text
from pegxl.workbook import layout, meta

__all__ = ["Change", "Diff", "diff_files"]


@dataclass(frozen=True)
class Change:
    """One value that differs: sheet, row id, column header, the cell in each file (empty when
    the row is not in that file) and the value as shown in each."""

    sheet: str
    row_id: str
    column: str
    old_cell: str
    new_cell: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        """``{"sheet", "row_id", "column", "old_cell", "new_cell", "old", "new"}``."""
        return {
            "sheet": self.sheet,
            "row_id": self.row_id,
            "column": self.column,
            "old_cell": self.old_cell,
            "new_cell": self.new_cell,
            "old": self.old,
            "new": self.new,
        }


@dataclass
class Diff:
    """The changes from ``old`` to ``new``, and the findings of reading them (a file that is not
    a workbook; two files that are not the same workbook)."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: False when a file could not be read (then there are no changes to list)
    readable: bool = True

    def to_dict(self, lang: str = "it") -> dict[str, object]:
        """The JSON document (:func:`pegxl.document.document`): ``valid``, ``findings``, the
        two files and every change. Its text for a person is :func:`pegxl.render.diff_text`."""
        changes = [c.to_dict() for c in self.changes]
        return document(
            self.readable, self.findings, lang, old=self.old, new=self.new, changes=changes
        )


#: (sheet, row id, header) -> (cell reference, value shown)
_Cells = dict[tuple[str, str, str], tuple[str, str]]


def _read(
    path: Path, limits: Limits
) -> tuple[_Cells, dict[str, str], list[Finding]] | list[Finding]:
    """The cells of a workbook's data sheets by row id and header, and its identity; or the
    findings of why it cannot be read."""
    guard = check_file(path, limits)
    if not guard.ok or guard.format is None:
        return guard.findings
    try:
        book = read_book(str(path), guard.format, parts=guard.parts, max_cells=limits.max_cells)
    except Exception as e:  # bounded readers raise on what they refuse: a finding
        from pegxl.findings import error_detail

        return [make(Code.FILE_CORRUPT, file=str(path), detail=error_detail(e))]
    return _cells(book), _identity(book), list(guard.findings)


def _identity(book: Book) -> dict[str, str]:
    sheet = book.sheet(layout.S_META)
    keys = meta.read_sheet(sheet)[0] if sheet is not None else {}
    return keys or meta.from_properties(book.properties)


#: the sheets compared, in the order changes are listed: the data sheets, then the monitoring
#: answers of an interim return (state, forecast, criticità, corrective actions, proposals)
_SHEETS = (*layout.DATA_SHEETS, layout.S_MONITORING)


def _cells(book: Book) -> _Cells:
    out: _Cells = {}
    for name in _SHEETS:
        sheet = book.sheet(name)
        if sheet is not None:
            _sheet_cells(sheet, out)
    return out


def _sheet_cells(sheet: Sheet, out: _Cells) -> None:
    """Every cell of a data sheet's rows under a header (empty ones too: a value typed where
    there was none is a change at that cell), by row id and header."""
    header_row = layout.HEADER_ROW + 1
    heads = {c.col: str(c.value).strip() for c in sheet.row(header_row) if c.value is not None}
    heads.pop(layout.ID_COL + 1, None)
    for r in sheet.rows():
        if r <= header_row:
            continue
        row_id = sheet.value(r, layout.ID_COL + 1)
        if not isinstance(row_id, str) or not row_id.strip():
            continue
        for col, head in heads.items():
            c = sheet.get(r, col)
            shown = cell_text(c.value, "%" in c.fmt) if c is not None else ""
            out[(sheet.name, row_id, head)] = (f"{col_letter(col)}{r}", shown)
        for c in sheet.row(r):  # a value outside every header column
            if c.col not in heads and c.col != layout.ID_COL + 1:
                out[(sheet.name, row_id, c.ref.rstrip("0123456789"))] = (c.ref, cell_text(c.value))


def diff_files(old: str | Path, new: str | Path, limits: Limits | None = None) -> Diff:
    """Every value that differs from ``old`` to ``new``, in sheet and row order of ``new``."""
    limits = limits or Limits()
    result = Diff(str(old), str(new))
    a, b = _read(Path(old), limits), _read(Path(new), limits)
    if isinstance(a, list) or isinstance(b, list):
        result.readable = False
        result.findings = [*(a if isinstance(a, list) else []), *(b if isinstance(b, list) else [])]
        return result
    (old_cells, old_id, old_found), (new_cells, new_id, new_found) = a, b
    result.findings = [*old_found, *new_found]
    differs = [
        k
        for k in ("plan_fingerprint", "sector_code", "period")
        if old_id.get(k, "") != new_id.get(k, "")
    ]
    if differs:
        detail = tr(
            "diff.not_same",
            old=f"{old_id.get('sector_code') or '?'} {old_id.get('period') or '?'}",
            new=f"{new_id.get('sector_code') or '?'} {new_id.get('period') or '?'}",
        )
        result.findings.append(
            make(Code.DIFF_OTHER_WORKBOOK, file=display_name(new), detail=detail)
        )
    order: dict[tuple[str, str, str], int] = {}
    for i, k in enumerate([*new_cells, *old_cells]):
        order.setdefault(k, i)
    for key in sorted(set(old_cells) | set(new_cells), key=lambda k: (_sheet_rank(k[0]), order[k])):
        o, n = old_cells.get(key, ("", "")), new_cells.get(key, ("", ""))
        if o[1] != n[1]:
            result.changes.append(Change(key[0], key[1], key[2], o[0], n[0], o[1], n[1]))
    return result


def _sheet_rank(name: str) -> int:
    return _SHEETS.index(name) if name in _SHEETS else len(_SHEETS)

"""The Nucleo di Valutazione's scores (``--overrides``): a small table of ``ID``, ``punteggio
concesso``, ``motivazione`` applied on top of the computed scores.

The table is a workbook (.xlsx or .ods, its first sheet with such a header; read through the
guard and the scanner like a return) or a CSV file (``;`` or ``,``, UTF-8 or Windows-1252). The
headers are matched without regard to case or accents, in Italian or English (``ID``,
``granted score``, ``reason``). An ID is an objective code (``2025_S07_01``) or an indicator's
(``2025_S07_01/I2``). A row that cannot be applied — an unknown ID, a phase, a score that is
not a number from 0 to 200, no reason, control characters (a NUL inside ``9\\0 5``), the same
ID twice (the first row counts, the finding says which and with what score) — is a
``SCORE-008`` finding with its cell, and is not applied; the other rows are. Rows past the
10,000th are not read, and a finding says so.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from pegxl.cells import read_value
from pegxl.findings import Code, Collector, Finding, os_error
from pegxl.i18n import tr
from pegxl.model import Plan
from pegxl.outputs import display_name
from pegxl.reading import read_at_most
from pegxl.results.scoring import Override
from pegxl.sheets.book import Sheet, col_letter
from pegxl.sheets.guard import check_file
from pegxl.sheets.headers import header_key
from pegxl.sheets.read import read_book
from pegxl.values import Kind, ParseError, format_number

__all__ = ["MAX_CSV_BYTES", "load_overrides"]

#: the most bytes an overrides CSV may have (a few hundred rows)
MAX_CSV_BYTES = 1024 * 1024
#: the most rows of an overrides table read
MAX_ROWS = 10_000

#: header -> field, as :func:`~pegxl.sheets.headers.header_key` compares them
_HEADERS = {
    "id": "id",
    "punteggio concesso": "score",
    "punteggio": "score",
    "granted score": "score",
    "score": "score",
    "motivazione": "reason",
    "motivo": "reason",
    "reason": "reason",
}


#: one row of the table: where (row number, cell of each field) and the raw cells
_Row = tuple[int, dict[str, tuple[str, object, str]]]


def _rows(grid: Iterable[tuple[int, list[tuple[int, object, str]]]]) -> Iterator[_Row] | None:
    """The data rows below the first row holding an ``ID`` header; ``None`` without one. Each
    row maps a field to (cell, value, number format)."""
    it = iter(grid)
    for _, cells in it:
        fields = {c: _HEADERS.get(header_key(v)) for c, v, _ in cells if isinstance(v, str)}
        if "id" in fields.values():
            break
    else:
        return None

    def data() -> Iterator[_Row]:
        for r, cells in it:
            by_col = {c: (v, fmt) for c, v, fmt in cells if v not in (None, "")}
            if not any(c in by_col for c, name in fields.items() if name):
                continue
            yield (
                r,
                {
                    name: (f"{col_letter(c)}{r}", *by_col.get(c, (None, "")))
                    for c, name in fields.items()
                    if name
                },
            )

    return data()


#: a grid row of the table: its number and its cells (column, value, number format)
_GridRow = tuple[int, list[tuple[int, object, str]]]


def _sheet_grid(sheet: Sheet, found: Collector) -> Iterator[_GridRow]:
    rows = list(sheet.rows())
    for r in rows[:MAX_ROWS]:
        yield r, [(c.col, c.value, c.fmt) for c in sheet.row(r)]
    past = [r for r in rows[MAX_ROWS:] if any(c.value not in (None, "") for c in sheet.row(r))]
    if past:
        _past_limit(found, past[0])


def _csv_grid(text: str, found: Collector) -> Iterator[_GridRow]:
    """The rows of an overrides CSV (``;`` or ``,``, whichever the first lines use more), up
    to :data:`MAX_ROWS`; a row past them holding anything is reported."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        if n > MAX_ROWS:
            if any(v.strip() for v in row):  # the first row not read that holds something
                _past_limit(found, n)
                return
            continue
        yield n, [(c, v.strip(), "") for c, v in enumerate(row, 1)]


def _past_limit(found: Collector, row: int) -> None:
    """Rows past :data:`MAX_ROWS` are not read: said, never ignored in silence."""
    most = f"{MAX_ROWS:,}".replace(",", ".")
    found.add(
        Code.OVERRIDE_INVALID,
        cell=f"A{row}",
        detail=tr("override.too_many_rows", most=most, row=row),
    )


def _controls(text: str, keep: str = "", categories: tuple[str, ...] = ("Cc", "Cf")) -> str:
    """The control characters of ``text`` (those in ``keep`` aside), shown as escapes; empty
    when there is none. An ID or a score holds no invisible character at all (``Cf``: a
    zero-width space hides inside "95"); a reason may (a soft hyphen pasted from a document)."""
    bad = sorted({c for c in text if unicodedata.category(c) in categories and c not in keep})
    return " ".join(f"U+{ord(c):04X}" for c in bad)


def load_overrides(path: str | Path, plan: Plan) -> tuple[dict[str, Override], list[Finding]]:
    """The scores granted by the Nucleo, by ID, and the findings about the file (each row not
    applied, with its cell)."""
    path = Path(path)
    found = Collector(str(path), cap=None)
    grid = _grid(path, found)
    if grid is None:
        return {}, found.done()
    rows = _rows(grid)
    if rows is None:
        found.add(Code.OVERRIDE_INVALID, cell="A1", detail=tr("override.no_header"))
        return {}, found.done()
    objectives = {o.code for o in plan.objectives}
    indicators = {i.id for i in plan.indicators()}
    phases = {p.id for p in plan.phases()}
    granted: dict[str, Override] = {}
    first: dict[str, str] = {}  # the cell of each ID's first row
    name = display_name(path.name)
    for _, cells in rows:
        id_cell, raw_id, _ = cells["id"]
        row_id = str(raw_id or "").strip()
        score_cell, raw_score, fmt = cells.get("score", (id_cell, None, ""))
        reason_cell = cells.get("reason", (id_cell, None, ""))[0]
        reason = str(cells.get("reason", ("", None, ""))[1] or "").strip()
        shown_id = row_id if not _controls(row_id) else None

        def bad(cell: str, why: object, row_id: str | None = shown_id) -> None:
            found.add(Code.OVERRIDE_INVALID, cell=cell, row_id=row_id or None, detail=why)

        controls = [
            (id_cell, "what_id", _controls(row_id)),
            (score_cell, "what_score", _controls(str(raw_score or ""))),
            (reason_cell, "what_reason", _controls(reason, "\t\n\r", ("Cc",))),
        ]
        control = next(((c, w, raw) for c, w, raw in controls if raw), None)
        # the first row of an ID is the one that counts, applied or not; a later one never
        earlier = first.get(row_id) if shown_id else None
        if shown_id and earlier is None:
            first[row_id] = id_cell
        if earlier is not None:
            kept = granted.get(row_id)
            if kept is None:  # the first row was not applied either: none is
                bad(id_cell, tr("override.twice_none", id=row_id, first=earlier))
            else:
                shown = format_number(kept.granted)
                bad(id_cell, tr("override.twice", id=row_id, first=earlier, score=shown))
        elif control is not None:  # a NUL inside "9\0 5" once granted 95
            cell, what, raw = control
            bad(cell, tr("override.control", what=tr(f"override.{what}"), raw=raw))
        elif not row_id:
            bad(id_cell, tr("override.no_id"))
        elif row_id in phases:
            bad(id_cell, tr("override.phase", id=row_id))
        elif row_id not in objectives and row_id not in indicators:
            bad(id_cell, tr("override.unknown_id", id=row_id))
        elif raw_score is None:
            bad(score_cell, tr("override.no_score"))
        elif not reason:
            bad(id_cell, tr("override.no_reason"))
        else:
            score = _score(raw_score, fmt)
            if isinstance(score, float):
                granted[row_id] = Override(score, reason, f"{name} {score_cell}")
            else:
                bad(score_cell, score)
    return granted, found.done()


def _score(raw: object, fmt: str) -> float | object:
    """A granted score in points from 0 to 200 (``95``, ``95%``, ``95,5``, a cell formatted as
    a percentage), or why it is not one."""
    try:
        v = read_value(raw, fmt, Kind.PERCENT)
    except ParseError:
        return tr("override.not_number", raw=str(raw))
    if v is None or not isinstance(v.value, float):
        return tr("override.not_number", raw=str(raw))
    x = float(v.value)
    if 0 < x < 1 and "%" not in fmt and not str(raw).strip().endswith("%"):
        return tr("override.fraction", raw=format_number(x), points=format_number(x * 100))
    if not 0 <= x <= 200:
        return tr("override.range", raw=format_number(x))
    return x


def _grid(
    path: Path, found: Collector
) -> Iterator[tuple[int, list[tuple[int, object, str]]]] | None:
    """The cells of the overrides table, row by row: a CSV's, or the first sheet's of a
    workbook that passed the guard; ``None`` (with findings) when the file cannot be read."""
    if path.suffix.lower() in (".csv", ".txt"):
        try:
            data = read_at_most(path, MAX_CSV_BYTES)
        except OSError as e:
            found.add(Code.FILE_UNREADABLE, detail=os_error(e))
            return None
        if len(data) > MAX_CSV_BYTES:
            found.add(Code.OVERRIDE_INVALID, cell="A1", detail=tr("override.too_large"))
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return _csv_grid(text, found)  # a NUL kept: a score holding one is refused
    guard = check_file(path)
    found.extend(guard.findings)
    if not guard.ok or guard.format is None:
        return None
    try:
        book = read_book(str(path), guard.format, frozenset(), guard.parts)
    except Exception as e:  # a damaged part the guard could not see
        from pegxl.findings import error_detail

        found.add(Code.FILE_CORRUPT, detail=error_detail(e))
        return None
    visible = [s for s in book.sheets if s.state == "visible"] or book.sheets
    if not visible:
        found.add(Code.OVERRIDE_INVALID, cell="A1", detail=tr("override.no_header"))
        return None
    return _sheet_grid(visible[0], found)

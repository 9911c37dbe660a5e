"""Load the plan workbook (written by :func:`pegxl.plan.workbook_writer.save`, edited by the
office) into a :class:`~pegxl.model.Plan`, validating it with sheet and cell.

The rule is that **every cell is either read or reported**. The file passes the guard first,
with a plan's limits (:data:`pegxl.sheets.guard.PLAN_LIMITS`), and is read by the same bounded
scanner as the returns, which finds the real extent of every sheet (a stored ``<dimension>`` is
never trusted).
Columns are found by their header: an exact header is read; a recognisable variant of one
(``Valore atteso 2025``, ``Peso (%)``, ``Note:``) is read and reported (``PLAN-023``); an
unknown header (``PLAN-022``), a header given twice (``PLAN-024``), values in a column without a
header or outside the plan's fields (``PLAN-028``) and a sheet that is not the plan's
(``PLAN-027``) are reported with their cell. A formula is reported and its saved result read
(``PLAN-025``), or, without one, is an error (``PLAN-026``). Then the plan checks shared with the
text import run (:mod:`pegxl.plan.checks`).

Work is linear in the number of cells: rows are grouped by objective once, and a row without an
id gets the next free one from a running counter.

This module is long because reading a table sheet and building the model from it share one
loader: every finding needs the cell it is about, and the loader remembers where each field of
each row is (header matching is apart, in :mod:`pegxl.sheets.headers`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from datetime import date as _Date
from pathlib import Path
from typing import Any

from pegxl import cells
from pegxl.findings import Code, Collector, Finding, Severity, error_detail, os_error, parse_error
from pegxl.i18n import tr
from pegxl.kinds import achieved_kind
from pegxl.memory import no_cyclic_gc
from pegxl.model import (
    DIRECTION_LABELS,
    Direction,
    Indicator,
    Link,
    Objective,
    Phase,
    Plan,
    PriorValue,
    Sector,
    Variation,
    indicator_id,
    phase_id,
)
from pegxl.model import VARIABLE_FIELDS as _VARIABLE
from pegxl.plan import cache as plancache
from pegxl.plan import checks
from pegxl.plan.workbook_writer import (
    OBJECTIVE_COLS,
    PHASE_COLS,
    PLAN_FIELDS,
    S_INDICATORS,
    S_OBJECTIVES,
    S_PHASES,
    S_PLAN,
    S_README,
    S_SECTORS,
    S_VARIATIONS,
    SECTOR_COLS,
    SHEETS,
    VARIATION_COLS,
    VARIATION_KEYS,
    Col,
    indicator_cols,
)
from pegxl.sheets.book import Cell, Sheet, TooManyCells, col_letter
from pegxl.sheets.guard import PLAN_LIMITS, check_file
from pegxl.sheets.headers import header_key, match_headers
from pegxl.sheets.read import read_book
from pegxl.values import Kind, ParseError, Value, cell_text, format_value, parse_kind_label

__all__ = ["LoadResult", "load"]


@dataclass
class LoadResult:
    """A loaded plan (``None`` if the file could not be read at all) and the findings."""

    plan: Plan | None
    findings: list[Finding]


# ---------------------------------------------------------------------------------------------
# rows


_EMPTY: tuple[object, str] = (None, "")


@dataclass
class _Row:
    """One data row of a plan sheet: the cells of the plan's columns, by column key."""

    sheet: str
    row: int
    #: the column of each key in the sheet (also where the row's cell is empty)
    at: dict[str, int] = field(default_factory=dict)
    cells: dict[str, tuple[object, str]] = field(default_factory=dict)  # value, number format

    def value(self, key: str) -> Any:
        """The value of the row's cell in column ``key`` (``None`` when empty)."""
        return self.cells.get(key, _EMPTY)[0]

    def text(self, key: str) -> str:
        """The cell as text: spaces collapsed (kept as written in the long texts)."""
        v = self.cells.get(key, _EMPTY)[0]
        if v is None:
            return ""
        if type(v) is str and v.isprintable() and "  " not in v and v == v.strip():
            return v  # the common case: already one line, single spaces
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        elif not isinstance(v, str):
            v = cell_text(v)
        return " ".join(str(v).split()) if key not in ("modalita", "note") else str(v).strip()

    def a1(self, key: str) -> str:
        """The A1 reference of the row's cell in column ``key`` ("" if the sheet lacks it)."""
        col = self.at.get(key)
        return f"{col_letter(col)}{self.row}" if col else ""

    def fmt(self, key: str) -> str:
        """The number format of the row's cell in column ``key``."""
        return self.cells.get(key, _EMPTY)[1]


@dataclass
class _NotRead:
    """Cells of a sheet that are not read, counted under one reason."""

    count: int = 0
    first: Cell | None = None

    def add(self, cell: Cell) -> None:
        """Count one more cell, remembering the first (by position)."""
        self.count += 1
        if self.first is None or (cell.row, cell.col) < (self.first.row, self.first.col):
            self.first = cell


class _Loader:
    """Reads one plan workbook: the guard, the scanner, each sheet by its headers, then the plan
    checks. Findings are collected in :attr:`found`; :attr:`places` remembers the cell of each
    row id and field, for the checks to point at."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found = Collector(str(path))
        self.places: dict[tuple[str, str], tuple[str, str]] = {}
        #: the row of each row id, its cells' places worked out only when a finding needs one
        self.rows_of: dict[str, _Row] = {}
        #: the SHA-256 of the bytes the guard read
        self.sha256: str | None = None
        #: the rows of the «Variazioni» sheet by their number
        self.variation_rows: dict[int, _Row] = {}

    def add(self, code: Code, sheet: str | None = None, cell: str | None = None, **kw: Any) -> None:
        """A finding about this plan workbook."""
        self.found.add(code, sheet=sheet, cell=cell, **kw)

    def locate(self, row_id: str, key: str) -> dict[str, object]:
        """Where the checks' finding about ``(row_id, key)`` goes: the cell of that field, else
        the row's first cell."""
        place = self.places.get((row_id, key))
        row = self.rows_of.get(row_id)
        if place is None and row is not None:
            first = min(row.at.values(), default=1)
            place = (row.sheet, row.a1(key) or f"{col_letter(first)}{row.row}")
        place = place or self.places.get((row_id, ""))
        where: dict[str, object] = {"file": str(self.path)}
        if place is not None:
            where.update(sheet=place[0], cell=place[1])
        return where

    # -- the file ----------------------------------------------------------------------------
    def load(self) -> Plan | None:
        """The plan, or ``None`` when the file cannot be read as a plan workbook at all."""
        if os.path.isdir(self.path):
            self.add(Code.FILE_UNREADABLE, detail=os_error(IsADirectoryError()))
            return None
        guard = check_file(self.path, PLAN_LIMITS, plan=True)
        self.found.extend(guard.findings)
        self.sha256 = guard.sha256
        if not guard.ok:
            return None
        if guard.format != "xlsx":
            self.add(
                Code.PLAN_NOT_XLSX,
                detail=tr("plan_reader.ods"),
            )
            return None
        try:
            book = read_book(
                str(self.path), "xlsx", frozenset({S_README}), guard.parts, PLAN_LIMITS.max_cells
            )
        except TooManyCells as e:
            self.add(Code.PLAN_TOO_LARGE, detail=str(e))
            return None
        except Exception as e:  # a damaged part the guard could not see: a finding, not a crash
            self.add(Code.FILE_CORRUPT, detail=error_detail(e))
            return None
        sheets = {s.name: s for s in book.sheets}
        for s in book.sheets:
            if s.name not in SHEETS and s.cells:
                n = len(s.cells)
                self.add(
                    Code.SHEET_NOT_READ,
                    sheet=s.name,
                    detail=tr("plan_reader.cells", n=n),
                )
        return self.build(sheets)

    def build(self, sheets: dict[str, Sheet]) -> Plan | None:
        """The plan from its sheets; ``None`` when there are no objectives to read."""
        header = self.plan_header(sheets.get(S_PLAN))
        sectors = self.sectors(sheets.get(S_SECTORS))
        objectives = self.objectives(sheets.get(S_OBJECTIVES), {s.code for s in sectors})
        if objectives is None:
            return None
        if not objectives:  # a blank plan (pegxl init) not filled in yet
            self.add(Code.PLAN_EMPTY, S_OBJECTIVES, "A2")
        codes = {o.code for o in objectives}
        phases = self.phases(sheets.get(S_PHASES), codes)
        indicators = self.indicators(sheets.get(S_INDICATORS), codes)
        by_phase: dict[str, list[Phase]] = {}
        for p in phases:
            by_phase.setdefault(p.objective_code, []).append(p)
        by_ind: dict[str, list[Indicator]] = {}
        for i in indicators:
            by_ind.setdefault(i.objective_code, []).append(i)
        full = tuple(
            replace(
                o, phases=tuple(by_phase.get(o.code, ())), indicators=tuple(by_ind.get(o.code, ()))
            )
            for o in objectives
        )
        year = header.get("year", 0)
        year = 0 if year == -1 else year
        plan = Plan(
            entity=str(header.get("entity", "")),
            year=year if isinstance(year, int) else 0,
            view=str(header.get("view", "")),
            level=str(header.get("level", "")),
            value_label=str(header.get("value_label", "")),
            sectors=tuple(sectors),
            objectives=full,
            act=str(header.get("act", "")),
            act_date=act_date if isinstance(act_date := header.get("act_date"), date) else None,
            smvp=str(header.get("smvp", "")),
        )
        variations = self.variations(sheets.get(S_VARIATIONS), plan)
        if variations:
            plan = replace(plan, variations=variations)
            self.varied_checks(plan)
        self.found.extend(checks.check(plan, self.locate))
        return plan

    # -- «Variazioni» --------------------------------------------------------------------------
    def variations(self, sheet: Sheet | None, plan: Plan) -> tuple[Variation, ...]:
        """The variations of the «Variazioni» sheet (optional: a plan workbook of before it has
        none), each checked with its cell (PLAN-061…069); a row in error is left out. In the
        order of their acts, each one's original compared with the value in force at its date
        (the plan's, or the new value of an earlier variation of the same field)."""
        if sheet is None or not sheet.cells:
            return ()
        table = self.table(sheet, S_VARIATIONS, VARIATION_COLS)
        if table is None:
            return ()
        h = {c.key: c.header for c in VARIATION_COLS}
        phases, indicators = plan.phase_index(), plan.indicator_index()
        found: list[Variation] = []
        for r in table[0]:
            self.variation_rows[r.row] = r
            if not self.required(r, [c for c in VARIATION_COLS if c.key in VARIATION_KEYS]):
                continue
            rid = r.text("row_id")
            row: Phase | Indicator | None = indicators.get(rid) or phases.get(rid)
            if row is None:
                self.add(Code.VARIATION_UNKNOWN_ID, r.sheet, r.a1("row_id"), raw=rid, row_id=rid)
                continue
            fields = _VARIABLE["I" if isinstance(row, Indicator) else "F"]
            by_header = {header_key(label): key for key, label in fields.items()}
            key = by_header.get(header_key(r.text("header")))
            if key is None:
                self.add(
                    Code.VARIATION_FIELD,
                    r.sheet,
                    r.a1("header"),
                    raw=r.text("header"),
                    row_id=rid,
                    expected=", ".join(f"«{x}»" for x in fields.values()),
                )
                continue
            ok = True
            for col in ("reason", "act", "act_date"):
                if not r.text(col):
                    ok = False
                    self.add(
                        Code.VARIATION_INCOMPLETE,
                        r.sheet,
                        r.a1(col),
                        column=h[col],
                        row_id=rid,
                    )
            act_date = self.variation_date(r, plan.year, rid) if r.text("act_date") else None
            kind = row.kind if isinstance(row, Indicator) else _FIELD_KIND[key]
            new = self.varied_value(r, "new", h["new"], kind, rid)
            original = self.varied_value(r, "original", h["original"], kind, rid)
            if not ok or act_date is None or not isinstance(new, Value) or original is False:
                continue
            assert not isinstance(original, bool)
            found.append(
                Variation(
                    row_id=rid,
                    field=key,
                    original=original,
                    new=new,
                    reason=r.text("reason"),
                    act=r.text("act"),
                    act_date=act_date,
                    source_line=r.row,
                )
            )
        return self.in_order(found, plan)

    def variation_date(self, r: _Row, year: int, rid: str) -> date | None:
        """The act's date of a variation row: a date of the plan's year (else reported)."""
        raw = r.value("act_date")
        d: date | None = None
        if type(raw) is datetime:
            d = raw.date()
        else:
            try:
                v = cells.read_value(raw, r.fmt("act_date"), Kind.DATE)
                d = v.value if v is not None and isinstance(v.value, date) else None
            except ParseError:
                d = None
        shown = format_value(Value(Kind.DATE, d)) if d is not None else cell_text(raw)
        if d is None or (year and d.year != year):
            self.add(
                Code.VARIATION_DATE,
                r.sheet,
                r.a1("act_date"),
                raw=shown,
                detail=tr("variation.not_date" if d is None else "variation.other_year"),
                expected=str(year or "?"),
                row_id=rid,
            )
            return None
        if (d.month, d.day) > (12, 15):
            self.add(Code.VARIATION_LATE, r.sheet, r.a1("act_date"), raw=shown, row_id=rid)
        return d

    def varied_value(
        self, r: _Row, key: str, header: str, kind: Kind, rid: str
    ) -> Value | bool | None:
        """The original or new value of a variation row read as its field's kind: ``None`` when
        empty, ``False`` when it does not read (reported)."""
        v = r.value(key)
        if v is None:
            return None
        try:
            value = cells.read_value(v, r.fmt(key), kind)
        except ParseError as e:
            self.add(
                Code.VARIATION_VALUE,
                r.sheet,
                r.a1(key),
                raw=cell_text(v),
                column=header,
                row_id=rid,
                **parse_error(e),
            )
            return False
        if value is not None and kind is Kind.NUMBER and key == "new" and value.value < 0:  # type: ignore[operator]
            self.add(
                Code.VARIATION_VALUE,
                r.sheet,
                r.a1(key),
                raw=cell_text(v),
                column=header,
                row_id=rid,
                detail=tr("variation.negative"),
                expected=tr("expect.number"),
            )
            return False
        return value

    def in_order(self, found: list[Variation], plan: Plan) -> tuple[Variation, ...]:
        """The variations in the order of their acts (then of their rows), each original checked
        against the value in force at its date; two of a field on one date are reported."""
        current: dict[tuple[str, str], Value | None] = {}
        when: dict[tuple[str, str, date], int] = {}
        out: list[Variation] = []
        phases, indicators = plan.phase_index(), plan.indicator_index()
        for v in sorted(found, key=lambda v: (v.act_date, v.source_line or 0)):
            label = v.header
            at = (v.row_id, v.field)
            same_day = (*at, v.act_date)
            row = self.variation_row(v)
            if same_day in when:
                self.add(
                    Code.VARIATION_TWICE,
                    S_VARIATIONS,
                    row.a1("act_date"),
                    raw=format_value(Value(Kind.DATE, v.act_date)),
                    row_id=v.row_id,
                    field=label,
                    other_row=when[same_day],
                )
                continue
            when[same_day] = v.source_line or 0
            if at not in current:
                current[at] = _plan_value(indicators.get(v.row_id) or phases[v.row_id], v.field)
            in_force = current[at]
            if not _same(v.original, in_force):
                self.add(
                    Code.VARIATION_ORIGINAL,
                    S_VARIATIONS,
                    row.a1("original"),
                    raw=format_value(v.original) if v.original is not None else "",
                    expected=format_value(in_force) if in_force is not None else "—",
                    row_id=v.row_id,
                    field=label,
                )
                continue
            if _same(v.new, v.original):
                self.add(
                    Code.VARIATION_SAME,
                    S_VARIATIONS,
                    row.a1("new"),
                    raw=format_value(v.new),
                    row_id=v.row_id,
                    field=label,
                )
            current[at] = v.new
            out.append(v)
        return tuple(out)

    def varied_checks(self, plan: Plan) -> None:
        """The plan after each act that varies a phase: its objective's weights still sum to
        100 (PLAN-070), its dates still run forward (PLAN-071), at the act's new value."""
        for act_date in sorted({v.act_date for v in plan.variations}):
            acts = [v for v in plan.variations if v.act_date == act_date and "/F" in v.row_id]
            if not acts:
                continue
            now = plan.as_of(act_date)
            phases = now.phase_index()
            shown = format_value(Value(Kind.DATE, act_date))
            weighed: set[str] = set()
            for v in acts:
                p = phases[v.row_id]
                cell = self.variation_row(v).a1("new")
                if v.field == "weight" and p.objective_code not in weighed:
                    weighed.add(p.objective_code)
                    o = next(o for o in now.objectives if o.code == p.objective_code)
                    total = o.weight_total
                    if abs(total - 100.0) > 1e-6:
                        self.add(
                            Code.VARIED_WEIGHTS,
                            S_VARIATIONS,
                            cell,
                            raw=shown,
                            objective=o.code,
                            total=format_value(Value(Kind.NUMBER, total)),
                            row_id=v.row_id,
                        )
                start, end = p.planned_start, p.planned_end
                if v.field != "weight" and start and end and end < start:
                    self.add(
                        Code.VARIED_DATES,
                        S_VARIATIONS,
                        cell,
                        raw=shown,
                        row_id=v.row_id,
                        expected=format_value(Value(Kind.DATE, end)),
                        detail=format_value(Value(Kind.DATE, start)),
                    )

    def variation_row(self, v: Variation) -> _Row:
        """The «Variazioni» row a variation was read from."""
        return self.variation_rows[v.source_line or 0]

    # -- cells ---------------------------------------------------------------------------------
    def cell_value(self, sheet: str, cell: Cell) -> object:
        """What a cell holds for the plan: its value, its formula's saved result (reported), or
        ``None`` for an error value or a formula without result (reported as errors)."""
        if cell.error is not None:
            self.add(
                Code.BAD_CELL_VALUE,
                sheet,
                cell.ref,
                raw=cell.error,
                column=sheet,
                detail=tr("plan_reader.cell_error"),
                expected=tr("expect.value"),
            )
            return None
        if cell.formula is not None:
            formula = f"={cell.formula}"[:80]
            if cell.value is None or cell.value == "":
                self.add(Code.PLAN_FORMULA_NO_VALUE, sheet, cell.ref, detail=formula)
                return None
            self.add(Code.PLAN_FORMULA, sheet, cell.ref, raw=cell_text(cell.value), detail=formula)
        value = cell.value
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def not_read(self, sheet: str, groups: dict[str, _NotRead]) -> None:
        """One finding per reason (a catalogue key with an ``{n}``) for the cells of ``sheet``
        that are not read."""
        for reason, group in groups.items():
            if group.count and group.first is not None:
                self.add(
                    Code.CELLS_NOT_READ,
                    sheet,
                    group.first.ref,
                    raw=cell_text(group.first.value)[:80],
                    detail=tr(reason, n=group.count),
                )

    def missing_sheet(self, name: str) -> None:
        """A sheet of the plan workbook that is not there: an error of structure."""
        self.add(
            Code.BAD_WORKBOOK_STRUCTURE, sheet=name, detail=tr("plan_reader.no_sheet", sheet=name)
        )

    # -- a table sheet -------------------------------------------------------------------------
    def table(
        self, sheet: Sheet | None, name: str, cols: Sequence[Col], prior: bool = False
    ) -> tuple[list[_Row], tuple[int, ...]] | None:
        """The data rows of a table sheet by its headers (row 1, or the first row holding
        anything), and the prior years found in its headers (``prior``: Indicatori); ``None``
        when the sheet or a required column is missing (reported)."""
        if sheet is None:
            self.missing_sheet(name)
            return None
        rows = sorted({r for r, _ in sheet.cells})
        if not rows:
            self.add(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=name,
                cell="A1",
                detail=tr("plan_reader.empty_sheet", sheet=name),
            )
            return None
        head = rows[0]
        texts = [(c.col, cell_text(c.value).strip()) for c in sheet.row(head)]
        match = match_headers([(col, t) for col, t in texts if t], cols, prior)
        for col, raw, expected in match.variants:
            self.add(
                Code.COLUMN_VARIANT, name, f"{col_letter(col)}{head}", raw=raw, expected=expected
            )
        missing = [c for c in cols if c.required and c.key not in match.columns]
        for c in missing:
            self.add(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=name,
                cell=f"A{head}",
                detail=tr("plan_reader.no_column", sheet=name, column=c.header),
            )
        by_col = {col: key for key, col in match.columns.items()}
        duplicates = match.duplicates
        unknown = match.unknown
        header_text = dict(texts)
        out: list[_Row] = []
        counts = dict.fromkeys(unknown, 0)
        differs: dict[int, Cell] = {}
        no_header = _NotRead()
        for r in rows[1:]:
            row = _Row(name, r, match.columns)
            seen: dict[str, object] = {}
            for cell in sheet.row(r):
                found = by_col.get(cell.col)
                if found is not None:
                    value = cell.value
                    if cell.error is not None or cell.formula is not None:
                        value = self.cell_value(name, cell)
                    elif type(value) is str and (not value or value[0].isspace()):
                        value = value if value.strip() else None  # blank text is no value
                    seen[found] = value
                    if value is not None:
                        row.cells[found] = (value, cell.fmt)
                elif cell.col in duplicates:
                    continue  # compared below
                elif cell.col in unknown:
                    counts[cell.col] += 1
                else:
                    no_header.add(cell)
            for at, dup_key in duplicates.items():
                dup = sheet.get(r, at)
                if (
                    dup is not None
                    and cell_text(dup.value).strip() != cell_text(seen.get(dup_key)).strip()
                ):
                    differs.setdefault(at, dup)
            if row.cells:
                out.append(row)
        for at, raw in unknown.items():
            n = counts[at]
            self.add(
                Code.COLUMN_UNKNOWN,
                name,
                f"{col_letter(at)}{head}",
                severity=None if n else Severity.INFO,
                raw=raw,
                detail=tr("plan_reader.values", n=n) if n else tr("plan_reader.no_values"),
            )
        for at, dup_key in duplicates.items():
            bad = differs.get(at)
            self.add(
                Code.COLUMN_DUPLICATE,
                name,
                f"{col_letter(at)}{head}",
                severity=Severity.ERROR if bad is not None else None,
                raw=header_text[at],
                other=f"{col_letter(match.columns[dup_key])}{head}",
                detail=tr("plan_reader.copy_differs", cell=bad.ref)
                if bad is not None
                else tr("plan_reader.copy_same"),
            )
        self.not_read(name, {"plan_reader.no_header": no_header})
        if missing:
            return None
        return out, tuple(match.years)

    # -- typed values --------------------------------------------------------------------------
    def value(self, row: _Row, key: str, header: str, kind: Kind | None) -> Value | None:
        """A cell read as ``kind`` (``None``: recognised from the cell); a value that does not
        read as it is an error with its cell."""
        v = row.value(key)
        try:
            return cells.read_value(v, row.fmt(key), kind)
        except ParseError as e:
            self.add(
                Code.BAD_CELL_VALUE,
                row.sheet,
                row.a1(key),
                raw=cell_text(v),
                column=header,
                **parse_error(e),
            )
            return None

    def date(self, row: _Row, key: str, header: str) -> date | None:
        """A date cell of the row, or ``None`` (an unreadable one reported)."""
        cell = row.value(key)
        if type(cell) is datetime:  # the common case: a date cell, as the plan workbook has it
            return cell.date()
        v = self.value(row, key, header, Kind.DATE)
        return v.value if v is not None and isinstance(v.value, date) else None

    def number(self, row: _Row, key: str, header: str) -> float | None:
        """A number cell of the row, or ``None`` (an unreadable one reported)."""
        cell = row.value(key)
        if type(cell) is float or type(cell) is int:  # the common case: a number cell
            return float(cell)
        v = self.value(row, key, header, Kind.NUMBER)
        return float(v.value) if v is not None else None  # type: ignore[arg-type]

    def required(self, row: _Row, cols: Sequence[Col]) -> bool:
        """True when the row has every required field; each one missing is an error."""
        ok = True
        for col in cols:
            if col.required and not row.text(col.key):
                ok = False
                self.add(
                    Code.BAD_CELL_VALUE,
                    row.sheet,
                    row.a1(col.key) or f"A{row.row}",
                    raw="",
                    column=col.header,
                    detail=tr("plan_reader.required"),
                    expected=tr("expect.value"),
                )
        return ok

    def unique(self, rows: list[_Row], key: str) -> list[_Row]:
        """The rows whose ``key`` was not seen before; a repeated one is an error."""
        seen: dict[str, int] = {}
        out = []
        for row in rows:
            code = row.text(key)
            if code in seen:
                self.add(
                    Code.DUPLICATE_ID,
                    row.sheet,
                    row.a1(key),
                    raw=code,
                    other_row=seen[code],
                    row_id=code,
                )
                continue
            seen[code] = row.row
            out.append(row)
        return out

    def remember(self, row: _Row, row_id: str) -> None:
        """Keep the row of ``row_id``: where its fields are, for the checks' findings (the first
        row of an id, as before)."""
        self.rows_of.setdefault(row_id, row)

    # -- sheets --------------------------------------------------------------------------------
    def plan_header(self, sheet: Sheet | None) -> dict[str, object]:
        """Ente, Anno, Vista, Livello, Valore pubblico from the Piano sheet (label in A, value
        in B); anything else there is reported."""
        out: dict[str, object] = {}
        if sheet is None:
            self.missing_sheet(S_PLAN)
            return out
        labels = {header_key(label): key for key, label in PLAN_FIELDS}
        heads = {header_key("Campo"), header_key("Valore")}
        groups = {"label": _NotRead(), "column": _NotRead()}
        for r in sorted({r for r, _ in sheet.cells}):
            row = sheet.row(r)
            label_cell = sheet.get(r, 1)
            label = header_key(cell_text(label_cell.value)) if label_cell else ""
            if r == 1 and label in heads:
                continue
            key = labels.get(label)
            for cell in row:
                if cell.col > 2:
                    groups["column"].add(cell)
                elif key is None or key in out:
                    groups["label"].add(cell)
            if key is None or key in out:
                continue
            value_cell = sheet.get(r, 2)
            value = self.cell_value(S_PLAN, value_cell) if value_cell is not None else None
            self.places[("", key)] = (S_PLAN, f"B{r}")
            if key == "year":
                try:
                    year = int(float(value)) if value is not None else 0  # type: ignore[arg-type]
                    if value is not None and not 1990 <= year <= 2100:
                        raise ValueError(year)
                    out[key] = year
                except (TypeError, ValueError):
                    out[key] = -1  # said here, not again as missing
                    self.add(
                        Code.BAD_CELL_VALUE,
                        S_PLAN,
                        f"B{r}",
                        raw=str(int(value))
                        if isinstance(value, float | int) and float(value).is_integer()
                        else cell_text(value),
                        column="Anno",
                        detail=tr("plan_reader.year"),
                        expected=tr("expect.year"),
                    )
            elif key == "act_date":
                out[key] = self.act_date(value, f"B{r}")
            else:
                out[key] = "" if value is None else cell_text(value)
        self.not_read(
            S_PLAN,
            {"plan_reader.not_fields": groups["label"], "plan_reader.beyond_b": groups["column"]},
        )
        if "year" not in out or out["year"] == 0:
            where = self.places.get(("", "year"), (S_PLAN, "B3"))
            self.add(
                Code.BAD_CELL_VALUE,
                S_PLAN,
                where[1],
                raw="",
                column="Anno",
                detail=tr("plan_reader.required"),
                expected=tr("expect.year"),
            )
        return out

    def act_date(self, value: object, ref: str) -> _Date | None:
        """The date of the plan's act (a date cell, or a date written as text), ``None`` when
        empty; anything else is reported."""
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        try:
            parsed = cells.read_value(value, "", Kind.DATE)
        except ParseError as e:
            self.add(
                Code.BAD_CELL_VALUE,
                S_PLAN,
                ref,
                raw=cell_text(value),
                column="Data della delibera",
                **parse_error(e),
            )
            return None
        return parsed.value if parsed is not None and isinstance(parsed.value, _Date) else None

    def sectors(self, sheet: Sheet | None) -> list[Sector]:
        """The sectors of the Settori sheet (a repeated code reported)."""
        table = self.table(sheet, S_SECTORS, SECTOR_COLS)
        if table is None:
            return []
        rows = [r for r in table[0] if self.required(r, SECTOR_COLS)]
        out = []
        for r in self.unique(rows, "code"):
            self.remember(r, r.text("code"))
            out.append(
                Sector(
                    code=r.text("code"),
                    name=r.text("name"),
                    assessorato=r.text("assessorato"),
                    responsabile=r.text("responsabile"),
                    email=r.text("email"),
                )
            )
        return out

    def objectives(self, sheet: Sheet | None, sector_codes: set[str]) -> list[Objective] | None:
        """The objectives of the Obiettivi sheet, each kept with its code even when its sector is
        unknown (reported), so its phases do not cascade into errors; ``None`` without the
        sheet."""
        table = self.table(sheet, S_OBJECTIVES, OBJECTIVE_COLS)
        if table is None:
            return None
        rows = [r for r in table[0] if self.required(r, [OBJECTIVE_COLS[0]])]
        out = []
        for r in self.unique(rows, "code"):
            code = r.text("code")
            self.remember(r, code)
            sector = r.text("sector_code")
            if not sector:
                self.required(r, [OBJECTIVE_COLS[1]])
            elif sector not in sector_codes:
                self.add(
                    Code.UNKNOWN_PARENT,
                    r.sheet,
                    r.a1("sector_code"),
                    raw=sector,
                    parent="settore",
                    parent_sheet=S_SECTORS,
                    row_id=code,
                )
            out.append(
                Objective(
                    code=code,
                    title=r.text("title"),
                    sector_code=sector,
                    assessorato=r.text("assessorato"),
                    responsabile=r.text("responsabile"),
                    valore_pubblico=r.text("valore_pubblico"),
                    mandate=Link(r.text("mandate.code"), r.text("mandate.label")),
                    mission=Link(r.text("mission.code"), r.text("mission.label")),
                    program=Link(r.text("program.code"), r.text("program.label")),
                    modalita=r.text("modalita"),
                    stato=r.text("stato"),
                    provisional=header_key(r.text("provisional"))
                    in ("sì", "si", "yes", "true", "1"),
                )
            )
        return out

    def ids(
        self, rows: list[_Row], sheet: str, make_id: Callable[[str, int], str], prefix: str
    ) -> list[tuple[_Row, str]]:
        """Stable ids: kept from the sheet; a row without one gets the next free position of its
        objective (a running maximum: linear in the rows)."""
        pattern = re.compile(rf"(.+)/{prefix}(\d+)")
        top: dict[str, int] = {}
        for r in rows:
            m = pattern.fullmatch(r.text("id"))
            if m and m.group(1) == r.text("objective_code"):
                top[m.group(1)] = max(top.get(m.group(1), 0), int(m.group(2)))
        out = []
        seen: dict[str, int] = {}
        derived: list[tuple[_Row, str]] = []
        for r in rows:
            rid = r.text("id")
            oc = r.text("objective_code")
            if not rid:
                top[oc] = top.get(oc, 0) + 1
                rid = make_id(oc, top[oc])
                derived.append((r, rid))
            elif not (m := pattern.fullmatch(rid)) or m.group(1) != oc:
                self.add(
                    Code.BAD_CELL_VALUE,
                    sheet,
                    r.a1("id"),
                    raw=rid,
                    column=r.sheet,
                    detail=tr("plan_reader.id_elsewhere", objective=oc),
                    expected=make_id(oc, 1).replace("1", "n"),
                    row_id=rid,
                )
                continue
            if rid in seen:
                self.add(
                    Code.DUPLICATE_ID, sheet, r.a1("id"), raw=rid, other_row=seen[rid], row_id=rid
                )
                continue
            seen[rid] = r.row
            self.remember(r, rid)
            out.append((r, rid))
        if derived:
            first, first_id = derived[0]
            column = "ID fase" if prefix == "F" else "ID indicatore"
            self.add(
                Code.IDS_DERIVED,
                sheet,
                first.a1("id") or f"A{first.row}",
                raw=first_id,
                expected=prefix,
                n=len(derived),
                row=first.row,
                column=column,
                row_id=first_id,
            )
        return out

    def known_parent(self, rows: list[_Row], codes: set[str]) -> list[_Row]:
        """The rows whose objective exists; each other one is an error."""
        out = []
        for r in rows:
            if r.text("objective_code") not in codes:
                self.add(
                    Code.UNKNOWN_PARENT,
                    r.sheet,
                    r.a1("objective_code"),
                    raw=r.text("objective_code"),
                    parent="obiettivo",
                    parent_sheet=S_OBJECTIVES,
                    row_id=r.text("id") or None,
                )
                continue
            out.append(r)
        return out

    def phases(self, sheet: Sheet | None, codes: set[str]) -> list[Phase]:
        """The phases of the Fasi sheet, with stable ids."""
        table = self.table(sheet, S_PHASES, PHASE_COLS)
        if table is None:
            return []
        rows = self.known_parent([r for r in table[0] if self.required(r, PHASE_COLS)], codes)
        h = {c.key: c.header for c in PHASE_COLS}
        out = []
        for r, pid in self.ids(rows, S_PHASES, phase_id, "F"):
            oc = r.text("objective_code")
            self.places.setdefault((oc, "weight"), (S_PHASES, r.a1("weight") or r.a1("id")))
            out.append(
                Phase(
                    id=pid,
                    objective_code=oc,
                    name=r.text("name"),
                    planned_start=self.date(r, "planned_start", h["planned_start"]),
                    planned_end=self.date(r, "planned_end", h["planned_end"]),
                    actual_start=self.date(r, "actual_start", h["actual_start"]),
                    actual_end=self.date(r, "actual_end", h["actual_end"]),
                    weight=self.number(r, "weight", h["weight"]),
                    progress=self.number(r, "progress", h["progress"]),
                    responsabili=tuple(
                        x.strip() for x in r.text("responsabili").split(";") if x.strip()
                    ),
                    centro=r.text("centro"),
                    note=r.text("note"),
                )
            )
        return out

    def indicators(self, sheet: Sheet | None, codes: set[str]) -> list[Indicator]:
        """The indicators of the Indicatori sheet, with stable ids, their values read by the kind
        of their target."""
        table = self.table(sheet, S_INDICATORS, indicator_cols(()), prior=True)
        if table is None:
            return []
        rows, years = table
        cols = indicator_cols(years)
        rows = self.known_parent([r for r in rows if self.required(r, cols)], codes)
        h = {c.key: c.header for c in cols}
        out = []
        for r, iid in self.ids(rows, S_INDICATORS, indicator_id, "I"):
            try:
                kind = parse_kind_label(r.text("kind")) if r.text("kind") else self.kind_of(r, iid)
            except ParseError as e:
                self.add(
                    Code.BAD_CELL_VALUE,
                    r.sheet,
                    r.a1("kind"),
                    raw=r.text("kind"),
                    column=h["kind"],
                    **parse_error(e),
                    row_id=iid,
                )
                continue
            target = self.value(r, "target", h["target"], kind)
            out.append(
                Indicator(
                    id=iid,
                    objective_code=r.text("objective_code"),
                    description=r.text("description"),
                    tipo=r.text("tipo"),
                    target=target,
                    # read as the kind that achieves the target (a range by a percentage)
                    achieved=self.achieved(
                        r, h["achieved"], achieved_kind(target) if target else kind
                    ),
                    prior=tuple(
                        PriorValue(y, v)
                        for y in years
                        if (v := self.value(r, f"prior.{y}", h[f"prior.{y}"], None)) is not None
                    ),
                    note=r.text("note"),
                    direction=self.direction(r, h["direction"], iid),
                )
            )
        return out

    def kind_of(self, row: _Row, iid: str) -> Kind:
        """The kind of an indicator whose «Tipo valore» is blank, from its target's cell (a
        number, a percentage, a date, Fatto); said as information. Without a target it is
        text, which the plan checks report as a target that cannot be measured."""
        target = row.value("target")
        if target is None:
            return Kind.TEXT
        kind = cells.kind_of_cell(target, row.fmt("target"))
        self.add(
            Code.KIND_DERIVED,
            row.sheet,
            row.a1("kind") or row.a1("target"),
            raw=row.text("target"),
            expected=tr(f"kind.{kind.value}"),
            row_id=iid,
        )
        return kind

    def achieved(self, row: _Row, header: str, kind: Kind) -> Value | None:
        """The achieved value of the plan. The export may hold a value of another kind than the
        target's there (as in the prior years), so the cell's own type decides: a number stays a
        number (read as a percentage when the target is one), a date a date; only a text is read
        as the target's kind first, then recognised like a prior year's value."""
        v = row.value("achieved")
        fmt = row.fmt("achieved")
        own = cells.kind_of_cell(v, fmt) if v is not None else None
        numeric = (Kind.NUMBER, Kind.PERCENT)
        if isinstance(v, str):
            try:
                return cells.read_value(v, fmt, kind)
            except ParseError:
                return self.value(row, "achieved", header, None)
        if own in numeric and kind in numeric:
            return self.value(row, "achieved", header, kind)
        return self.value(row, "achieved", header, None)

    def direction(self, row: _Row, header: str, iid: str) -> Direction:
        """The direction of an indicator (``crescente`` or ``decrescente``, in either language);
        an unknown one is reported and read as higher is better."""
        d = header_key(row.text("direction"))
        for direction, labels in DIRECTION_LABELS.items():
            if d in labels:
                return direction
        if d:
            self.add(
                Code.BAD_CELL_VALUE,
                row.sheet,
                row.a1("direction"),
                raw=row.text("direction"),
                column=header,
                detail=tr("plan_reader.direction"),
                expected=tr("expect.direction"),
                row_id=iid,
            )
        return Direction.HIGHER


#: the kind of each phase field a variation may change
_FIELD_KIND = {"planned_start": Kind.DATE, "planned_end": Kind.DATE, "weight": Kind.NUMBER}


def _plan_value(row: Phase | Indicator, key: str) -> Value | None:
    """The plan's value of a variable field, as a :class:`Value` (what an original is compared
    with)."""
    if isinstance(row, Indicator):
        return row.target
    v = getattr(row, key)
    if v is None:
        return None
    if isinstance(v, date):
        return Value(Kind.DATE, v)
    return Value(Kind.NUMBER, float(v))


def _same(a: Value | None, b: Value | None) -> bool:
    """Whether two values are the same (numbers to a billionth: 85 and 85,0 are one value)."""
    if a is None or b is None:
        return a is None and b is None
    x, y = a.value, b.value
    if isinstance(x, int | float) and isinstance(y, int | float) and not isinstance(x, bool):
        return abs(float(x) - float(y)) < 1e-9 and a.kind == b.kind
    return a == b


def load(path: str | Path, *, cache: bool = True) -> LoadResult:
    """Read and validate a plan workbook. Never raises on bad content: see the findings.

    With ``cache`` (and unless ``PEGXL_CACHE=off``), a plan already loaded from the same bytes
    by the same pegxl is taken from :mod:`pegxl.plan.cache`, findings included."""
    p = Path(path)
    digest = stamp = None
    if cache and plancache.directory() is not None:
        digest, stamp = plancache.file_sha256(p), _stamp(p)
        with no_cyclic_gc():
            hit = plancache.get(p, digest) if digest is not None else None
        if hit is not None:
            return LoadResult(*hit)
    loader = _Loader(p)
    with no_cyclic_gc():
        plan = loader.load()
    found = loader.found.done()
    if (
        plan is not None
        and digest is not None
        and loader.sha256 == digest  # the bytes read are the bytes hashed …
        and _stamp(p) == stamp  # … and the file did not change while it was read
    ):
        plancache.put(p, digest, plan, found)
    return LoadResult(plan, found)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is written: its size, modification time and inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino

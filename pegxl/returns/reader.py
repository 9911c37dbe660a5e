"""Read a return (a filled-in sector workbook, .xlsx or .ods) into a :class:`Return`.

Every file passes :func:`pegxl.sheets.guard.check_file` first. Then the reader establishes the
identity of the workbook (metadata sheet — whatever its visibility — or custom document properties:
schema version, plan fingerprint, sector, period), checks its integrity against the plan (rows
matched by their hidden id, the hash of each row's locked content, rows deleted, added, moved or
duplicated, sheets missing, added or renamed, protection removed, values outside the input cells)
and reads every input cell with its raw text. It judges nothing about the values themselves: that
is :mod:`pegxl.returns.validate`.

This module is long because integrity is one piece: matching sheets, rows, hashes and inputs
against the layout is a single pass over each sheet, and splitting it would spread that pass
over modules that share all of its state.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pegxl.findings import Code, Collector, Finding, Severity, error_detail
from pegxl.i18n import tr
from pegxl.model import Indicator, Objective, Period, PeriodKind, Phase, Plan
from pegxl.sheets.book import Book, Cell, Sheet, col_letter
from pegxl.sheets.guard import Limits, check_file
from pegxl.sheets.headers import header_columns, header_key
from pegxl.sheets.read import read_book
from pegxl.values import (
    MAX_CELL_TEXT,
    Kind,
    ParseError,
    Value,
    cell_length,
    cell_text,
    parse_cell,
)
from pegxl.workbook import layout, meta
from pegxl.workbook.layout import Column

__all__ = ["ReadValue", "Return", "ReturnStatus", "read_return"]


@dataclass(slots=True)
class ReadValue:
    """One input cell as read: where, what was typed (raw), and the value it was read as.

    ``value`` is ``None`` for an empty cell or one that could not be read (``error`` says why).
    """

    sheet: str
    cell: str
    row_id: str
    column: str
    key: str
    kind: Kind
    raw: str
    value: Value | None = None
    error: ParseError | None = None
    formula: str | None = None
    cell_error: str | None = None
    from_text: bool = False

    def json_value(self) -> object:
        """The value for JSON: number, percent units, ISO date, true/false, text or null."""
        v = self.value
        if v is None:
            return None
        if isinstance(v.value, date):
            return v.value.isoformat()
        return v.value

    def __reduce__(self) -> tuple[type[ReadValue], tuple[object, ...]]:
        # a plain tuple, for the same reason as values.Value.__reduce__ (worker → parent); the
        # fields after ``value`` only when one of them is set (a value read plainly: most)
        head = (self.sheet, self.cell, self.row_id, self.column, self.key, self.kind, self.raw)
        if (
            self.error is None
            and self.formula is None
            and self.cell_error is None
            and not self.from_text
        ):
            return (ReadValue, (*head, self.value))
        tail = (self.value, self.error, self.formula, self.cell_error, self.from_text)
        return (ReadValue, (*head, *tail))

    def to_dict(self) -> dict[str, object]:
        """``{"sheet", "cell", "row_id", "column", "raw", "value", "kind"}``."""
        return {
            "sheet": self.sheet,
            "cell": self.cell,
            "row_id": self.row_id,
            "column": self.column,
            "raw": self.raw,
            "value": self.json_value(),
            "kind": self.kind.value,
        }


class ReturnStatus(StrEnum):
    """What became of a return: read and fine, read with warnings, read with errors, or not
    read at all (rejected)."""

    OK = "ok"
    WARNINGS = "warnings"
    ERRORS = "errors"
    REJECTED = "rejected"


@dataclass
class Return:
    """A return as read: identity, every input value and the findings of reading it."""

    path: str
    format: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    values: list[ReadValue] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rejected: bool = False
    #: values of the locked "al 30/06" reference columns, by row id and key (progress, achieved)
    reference: dict[str, dict[str, object]] = field(default_factory=dict)
    #: the SHA-256 of the file as read (``None`` if it could not be read)
    sha256: str | None = None
    #: when the document says it was last saved (ISO 8601 as written), if it says
    modified: str | None = None
    #: False when the values were dropped after reading (:meth:`thin`)
    kept_values: bool = True
    #: the column key of each locked plan cell found changed (``STRUCT-011``), by (sheet, cell):
    #: a feedback workbook marks the cell that changed, wherever the column now is
    changed: dict[tuple[str, str], str] = field(default_factory=dict)

    def thin(self) -> None:
        """Drop the values read (a version that will not count: see
        :class:`pegxl.returns.deliveries.Versions`); identity and findings stay."""
        self.values = []
        self.reference = {}
        self.kept_values = False

    @property
    def sector(self) -> str | None:
        """The sector code the workbook was generated for."""
        return self.meta.get("sector_code") or None

    @property
    def period(self) -> Period | None:
        """The period the workbook was generated for."""
        try:
            end = date.fromisoformat(self.meta.get("period", ""))
        except ValueError:
            return None
        kind = self.meta.get("period_kind") or None
        return Period.of(end, kind if kind in {k.value for k in PeriodKind} else None)

    @property
    def status(self) -> ReturnStatus:
        """Rejected, with errors, with warnings, or ok."""
        if self.rejected:
            return ReturnStatus.REJECTED
        sev = {f.severity for f in self.findings}
        if Severity.ERROR in sev:
            return ReturnStatus.ERRORS
        return ReturnStatus.WARNINGS if Severity.WARNING in sev else ReturnStatus.OK

    def value(self, row_id: str, key: str) -> ReadValue | None:
        """The value read for ``row_id`` and column ``key``."""
        return next((v for v in self.values if v.row_id == row_id and v.key == key), None)


# ---------------------------------------------------------------------------------------------


class _Reader:
    """Reads one return: the guard, the scanner, identity, then every data sheet row by row.
    Findings go to :attr:`found` (capped per code); :attr:`hashes` is the metadata's row table
    and :attr:`card_text` what the objective cards should hold when it is missing."""

    def __init__(self, path: Path, plan: Plan, limits: Limits | None) -> None:
        self.path = path
        self.plan = plan
        self.limits = limits
        self.ret = Return(str(path))
        self.found = Collector(str(path))
        self.hashes: meta.Hashes = {}
        #: the objectives whose monitoring row the workbook has (intermediate periods), by code
        self.monitored: dict[str, Objective] = {}
        self.card_text: dict[str, list[object]] = {}

    def add(self, code: Code, **kw: Any) -> None:
        """A finding of this file (past :data:`~pegxl.findings.FINDINGS_PER_CODE` of one code,
        only counted: a block pasted beside the table would otherwise give one per cell)."""
        self.found.add(code, **kw)

    def run(self) -> Return:
        """The return as read, with its findings; rejected when it cannot be read as a
        workbook of this plan."""
        self.ret.rejected = not self.read()
        self.ret.findings = self.found.done()
        return self.ret

    def read(self) -> bool:
        """Read the file; False when it must be rejected."""
        limits = self.limits or Limits.for_plan(self.plan)
        guard = check_file(self.path, limits)
        self.found.extend(guard.findings)
        self.ret.sha256 = guard.sha256
        if not guard.ok or guard.format is None:
            return False
        self.ret.format = guard.format
        try:
            book = read_book(
                str(self.path),
                guard.format,
                frozenset({layout.S_INSTRUCTIONS}),
                guard.parts,
                limits.max_cells,
            )
        except Exception as e:  # a damaged part the guard could not see: a finding, not a crash
            self.add(Code.FILE_CORRUPT, detail=error_detail(e))
            return False
        self.ret.modified = book.modified
        if not self.identity(book):
            return False
        self.contents(book)
        return True

    # -- identity --------------------------------------------------------------------------------
    def identity(self, book: Book) -> bool:
        """The workbook's metadata (sheet, else custom properties): a workbook of this plan's
        sectors, in a schema this reader knows; False when it cannot be read as one."""
        meta_sheet = book.sheet(layout.S_META)
        values: dict[str, str] = {}
        if meta_sheet is not None:
            values, self.hashes = meta.read_sheet(meta_sheet)
            if meta_sheet.state == "visible":
                self.add(Code.META_VISIBLE, sheet=layout.S_META)
        # custom properties survive every client we know
        for key, value in meta.from_properties(book.properties).items():
            values.setdefault(key, value)
        found = {k: v for k, v in values.items() if v}
        self.ret.meta = found
        if "sector_code" not in found or "plan_fingerprint" not in found:
            self.add(Code.NOT_PEGXL, detail=tr("reader.no_meta"))
            return False
        if found.get("schema_version") not in meta.READABLE_SCHEMAS:
            self.add(
                Code.SCHEMA_UNSUPPORTED,
                raw=found.get("schema_version", "?"),
                expected=meta.SCHEMA_VERSION,
            )
            return False
        self.in_force(found["plan_fingerprint"])
        try:
            self.plan.sector(found["sector_code"])
        except KeyError:
            codes = [s.code for s in self.plan.sectors[:20]] + (
                ["…"] if len(self.plan.sectors) > 20 else []
            )
            self.add(
                Code.OTHER_SECTOR,
                raw=found["sector_code"],
                detail=tr("reader.no_such_sector", codes=", ".join(codes)),
            )
            return False
        return True

    def in_force(self, fingerprint: str) -> None:
        """The workbook's plan: one of the plans in force during the year (the plan, or the plan
        after an approved variation), else another plan (``STRUCT-003``). A workbook generated
        before a variation that holds for its period is read as it was made and measured on
        the values in force (``FILE-051``)."""
        made_from = self.plan.generated_from(fingerprint)
        period = self.ret.period
        now = self.plan.as_of(period.end) if period is not None else self.plan
        if made_from is None:
            expected = now.fingerprint()
            self.add(Code.OTHER_PLAN, raw=fingerprint[:12], expected=expected[:12])
            return
        self.plan = made_from
        if period is not None and now.fingerprint() != fingerprint:
            acts = [v for v in now.variations if v.applies(period.end)]
            newest = max(acts, key=lambda v: v.act_date)
            self.add(
                Code.BEFORE_VARIATION,
                raw=", ".join(sorted({v.row_id for v in acts}))[:200],
                detail=f"{newest.act} ({newest.act_date:%d/%m/%Y})",
            )

    # -- contents --------------------------------------------------------------------------------
    def contents(self, book: Book) -> None:
        """Every data sheet, matched by name or header: each row by its id, its locked content
        against its hash (or the plan), its input cells read."""
        plan, found = self.plan, self.ret.meta
        sector = plan.sector(found["sector_code"])
        objectives = plan.objectives_of(sector.code)
        lang = found.get("lang", "it")
        prev = None
        if found.get("prefill_period"):
            try:
                prev = Period.of(date.fromisoformat(found["prefill_period"]))
            except ValueError:
                prev = None
        form = layout.form_of(self.ret.period)
        specs = {
            layout.S_OBJECTIVES: layout.OBJECTIVE_COLUMNS,
            layout.S_PHASES: layout.phase_columns(prev, form),
            layout.S_INDICATORS: layout.indicator_columns(
                plan.prior_years(),
                prev,
                form,
                self.ret.period is not None and self.ret.period.policy.explain_shortfall,
            ),
        }
        if form.monitoring:
            specs[layout.S_MONITORING] = layout.monitoring_columns(form, prev)
        self.monitored = {o.code: o for o in objectives} if form.monitoring else {}
        sheets = self.match_sheets(book, specs, lang)
        monitoring = sheets.get(layout.S_MONITORING)
        if prev is not None and monitoring is not None:
            # a workbook of a pegxl that carried no answers to Monitoraggio has none of the
            # «al 30/06» columns there (its rows hashed without them): read as it was written
            _, found_cols = _locate_columns(monitoring, specs[layout.S_MONITORING], lang)
            if not any(k.startswith("prev.") for k in found_cols):
                specs[layout.S_MONITORING] = layout.monitoring_columns(form)
        phases = {p.id: p for o in objectives for p in o.phases}
        indicators = {i.id: i for o in objectives for i in o.indicators}
        expected_rows: dict[str, dict[str, tuple[int, str | None]]] = {s: {} for s in specs}
        for (sheet_name, row_id), (row, digest) in self.hashes.items():
            if sheet_name in expected_rows:
                expected_rows[sheet_name][row_id] = (row, digest)
        if not self.hashes:
            # no row table (metadata sheet deleted): the plan says which rows there must be,
            # and the locked cells are compared with the plan directly
            self.add(Code.SHEET_MISSING, sheet=layout.S_META, severity=Severity.WARNING)
            for o in objectives:
                for s in specs:
                    expected_rows[s][layout.band_id(o.code)] = (0, None)
                self.card_text[layout.band_id(o.code)] = [layout.band_text(o)]
                for key, label, content in layout.objective_card(o, lang):
                    expected_rows[layout.S_OBJECTIVES][layout.card_id(o.code, key)] = (0, None)
                    self.card_text[layout.card_id(o.code, key)] = [label, content]
                for p in o.phases:
                    expected_rows[layout.S_PHASES][p.id] = (0, None)
                for i in o.indicators:
                    expected_rows[layout.S_INDICATORS][i.id] = (0, None)
                if form.monitoring:
                    expected_rows[layout.S_MONITORING][o.code] = (0, None)
        for name, cols in specs.items():
            sheet = sheets.get(name)
            if sheet is None:
                continue
            if not sheet.protected:
                self.add(Code.PROTECTION_REMOVED, sheet=sheet.name)
            self.read_sheet(sheet, name, cols, expected_rows[name], phases, indicators, lang)

    def match_sheets(
        self, book: Book, specs: Mapping[str, Sequence[Column]], lang: str
    ) -> dict[str, Sheet]:
        """Find each data sheet by name, or a renamed one by its header row (in the workbook's
        language)."""
        expected = {*layout.ALL_SHEETS, layout.S_FEEDBACK}
        found: dict[str, Sheet] = {}
        extra = [s for s in book.sheets if s.name not in expected]
        for name, cols in specs.items():
            sheet = book.sheet(name)
            if sheet is None:
                heads = {header_key(c.title(lang)) for c in cols[1:]}
                renamed = next((s for s in extra if heads <= _headers(s)[1].keys()), None)
                if renamed is not None:
                    self.add(Code.SHEET_RENAMED, sheet=renamed.name, raw=name)
                    extra.remove(renamed)
                    sheet = renamed
                else:
                    self.add(Code.SHEET_MISSING, sheet=name)
                    continue
            found[name] = sheet
        if book.sheet(layout.S_INSTRUCTIONS) is None:
            self.add(Code.SHEET_MISSING, sheet=layout.S_INSTRUCTIONS, severity=Severity.WARNING)
        for s in extra:
            if s.name != layout.S_META:
                self.add(Code.SHEET_ADDED, sheet=s.name)
        return found

    def read_sheet(
        self,
        sheet: Sheet,
        name: str,
        cols: Sequence[Column],
        expected: Mapping[str, tuple[int, str | None]],
        phases: Mapping[str, Phase],
        indicators: Mapping[str, Indicator],
        lang: str,
    ) -> None:
        """One data sheet: its header row, each row by its id (added, duplicated, moved or
        deleted rows reported), the locked content of each row checked, its inputs read, and
        values outside the input columns reported."""
        header_row, col_of = _locate_columns(sheet, cols, lang)
        if header_row is None:
            self.add(Code.COLUMN_MISSING, sheet=sheet.name, cell="A2", expected=layout.ID_HEADER)
            return
        missing = [c for c in cols if c.key not in col_of]
        for c in missing:
            self.add(Code.COLUMN_MISSING, sheet=sheet.name, expected=c.title(lang))
        plan = _SheetPlan(cols, col_of, lang)
        last_col = max(col_of.values())
        monitoring = name == layout.S_MONITORING
        data_rows = self.monitored.keys() if monitoring else phases.keys() | indicators.keys()
        has_inputs = name in (layout.S_PHASES, layout.S_INDICATORS, layout.S_MONITORING)
        cells = sheet.cells
        beyond: dict[int, list[Cell]] = {}  # cells right of the last column, by row
        for (r, col), cell in cells.items():
            if col > last_col:
                beyond.setdefault(r, []).append(cell)
        seen: dict[str, int] = {}
        order: list[tuple[str, int]] = []
        for r in sheet.rows():
            if r <= header_row:
                continue
            id_cell = cells.get((r, 1))
            rid = str(id_cell.value).strip() if id_cell and id_cell.value is not None else ""
            if not rid or rid not in expected:
                self.stray_row(sheet, r, rid, last_col)
                continue
            if rid in seen:
                self.add(
                    Code.ROW_DUPLICATED,
                    sheet=sheet.name,
                    cell=f"A{r}",
                    row_id=rid,
                    expected=str(seen[rid]),
                )
                continue
            seen[rid] = r
            order.append((rid, r))
            self.check_row(sheet, name, r, rid, plan, expected[rid][1], phases, indicators)
            for cell in sorted(beyond.get(r, ()), key=_col_of):
                self.add(
                    Code.OUTSIDE_INPUT,
                    sheet=sheet.name,
                    cell=cell.ref,
                    row_id=rid,
                    raw=cell_text(cell.value),
                )
            if has_inputs and rid in data_rows:
                self.read_inputs(sheet, r, rid, plan, indicators)
        for rid, (row, _) in expected.items():
            if rid not in seen and rid in data_rows:
                self.add(
                    Code.ROW_DELETED, sheet=sheet.name, row_id=rid, cell=f"A{row}" if row else None
                )
        for rid, r in _moved(order, expected) if self.hashes else ():
            self.add(
                Code.ROW_MOVED,
                sheet=sheet.name,
                cell=f"A{r}",
                row_id=rid,
                expected=str(expected[rid][0]),
            )

    def stray_row(self, sheet: Sheet, r: int, rid: str, last_col: int) -> None:
        """A row the plan does not know: report every value in it, so nothing is lost."""
        cells = [c for c in sheet.row(r) if c.value not in (None, "")]
        if not cells:
            return
        if rid:
            text = " | ".join(cell_text(c.value) for c in cells)[:200]
            self.add(Code.ROW_ADDED, sheet=sheet.name, cell=f"A{r}", raw=text, row_id=rid)
            return
        for c in cells:
            self.add(Code.OUTSIDE_INPUT, sheet=sheet.name, cell=c.ref, raw=cell_text(c.value))

    def check_row(
        self,
        sheet: Sheet,
        name: str,
        r: int,
        rid: str,
        plan: _SheetPlan,
        digest: str | None,
        phases: Mapping[str, Phase],
        indicators: Mapping[str, Indicator],
    ) -> None:
        """Compare the row's locked content with its hash (or, without one, with the plan); on
        a mismatch, name the cells."""
        cells = sheet.cells
        monitored = self.monitored.get(rid) if name == layout.S_MONITORING else None
        if rid not in phases and rid not in indicators and monitored is None:
            # a band (objective code and title, column B) or a line of an objective card
            # (label in B, text in C), hashed as written
            is_card = name == layout.S_OBJECTIVES and "#" in rid
            label, text = cells.get((r, 2)), cells.get((r, 3)) if is_card else None
            values = [label.value if label else None]
            if is_card:
                values.append(text.value if text else None)
            target = layout.row_hash(self.card_text[rid]) if digest is None else digest
            if layout.row_hash(values) != target:
                self.add(
                    Code.LOCKED_CHANGED,
                    sheet=sheet.name,
                    cell=f"{'C' if is_card else 'B'}{r}",
                    row_id=rid,
                    raw=cell_text(values[-1])[:120],
                    expected=tr("reader.plan_text"),
                )
            return
        values = []
        for col in plan.locked_at:
            cell = cells.get((r, col)) if col else None
            values.append(cell.value if cell is not None else None)
        if digest is not None and layout.row_hash(values) == digest:
            return
        if monitored is not None:
            expected_values = layout.monitoring_row_values(monitored)
        elif rid in phases:
            expected_values = layout.phase_row_values(phases[rid])
        else:
            expected_values = layout.indicator_row_values(indicators[rid], plan.lang)
        named = False
        for c, col, got in zip(plan.locked, plan.locked_at, values, strict=True):
            if c.key.startswith("prev."):
                continue
            want = layout.stored(c, expected_values.get(c.key))
            if layout.canonical(got) != layout.canonical(want):
                named = True
                ref = f"{col_letter(col or 1)}{r}"
                self.ret.changed[(sheet.name, ref)] = c.key
                self.add(
                    Code.LOCKED_CHANGED,
                    sheet=sheet.name,
                    cell=ref,
                    row_id=rid,
                    raw=cell_text(got),
                    expected=cell_text(want),
                )
        if not named and digest is not None:
            self.add(
                Code.LOCKED_CHANGED,
                sheet=sheet.name,
                cell=f"A{r}",
                row_id=rid,
                raw=tr("reader.row"),
                expected=tr("reader.original"),
            )

    def read_inputs(
        self, sheet: Sheet, r: int, rid: str, plan: _SheetPlan, indicators: Mapping[str, Indicator]
    ) -> None:
        """The input cells of a row, each kept with its raw text and what it was read as (or why
        it could not be)."""
        cells = sheet.cells
        ind = indicators.get(rid)
        for c, col in plan.references:
            self.read_reference(sheet, r, rid, c, col, indicators)
        for c, col, title, letter, fixed_kind in plan.inputs:
            kind = fixed_kind or _input_kind(c, ind)
            cell = cells.get((r, col))
            rv = ReadValue(sheet.name, f"{letter}{r}", rid, title, c.key, kind, "")
            self.ret.values.append(rv)
            if cell is None:
                continue
            rv.formula = cell.formula
            if cell.error is not None:
                rv.cell_error = cell.error
                rv.raw = cell.error
                continue
            value = cell.value
            if value is None:
                continue
            percent_format = "%" in cell.fmt
            is_text = isinstance(value, str)
            rv.raw = raw = value if isinstance(value, str) else cell_text(value, percent_format)
            # a 40,000-character note (counted as Excel counts, an emoji two): said
            if (
                isinstance(value, str)
                and len(value) > MAX_CELL_TEXT // 2
                and cell_length(value) > MAX_CELL_TEXT
            ):
                self.add(Code.TEXT_TOO_LONG, sheet=sheet.name, cell=rv.cell, row_id=rid, raw=title)
            try:
                rv.value = parse_cell(value, kind, percent_format=percent_format, raw=raw)
            except ParseError as e:
                rv.error = e.detached()  # a traceback would keep the whole sheet alive
                continue
            rv.from_text = is_text and kind in _TEXT_TYPED

    def read_reference(
        self,
        sheet: Sheet,
        r: int,
        rid: str,
        c: Column,
        col: int,
        indicators: Mapping[str, Indicator],
    ) -> None:
        """Keep the locked "al 30/06" value, so a feedback workbook can show it again."""
        cell = sheet.get(r, col)
        if cell is None or cell.value is None:
            return
        key = c.key.split(".", 1)[1]
        kind = (
            indicators[rid].achieved_kind
            if key == "achieved" and rid in indicators
            else Kind.TEXT
            if key in layout.MONITORING_INPUTS
            else Kind.NUMBER
        )
        try:
            ref = parse_cell(cell.value, kind, percent_format="%" in cell.fmt)
        except ParseError:
            return
        if ref is not None:
            self.ret.reference.setdefault(rid, {})[key] = ref if key == "achieved" else ref.value


class _SheetPlan:
    """Where a data sheet's columns are, worked out once per sheet rather than once per row:
    the locked columns (hashed), the input columns (read) and the reference columns."""

    def __init__(self, cols: Sequence[Column], col_of: Mapping[str, int], lang: str) -> None:
        self.lang = lang
        self.locked = [c for c in cols if not c.input and c.key != "id"]
        #: the column of each locked key, 0 when the column is missing
        self.locked_at = [col_of.get(c.key, 0) for c in self.locked]
        self.references = [
            (c, col_of[c.key]) for c in cols if c.key.startswith("prev.") and c.key in col_of
        ]
        #: (column, its number, header, letter, its kind unless it is the indicator's own)
        self.inputs = [
            (c, col_of[c.key], c.title(lang), col_letter(col_of[c.key]), _fixed_kind(c))
            for c in cols
            if c.input and c.key in col_of and not c.key.startswith("prev.")
        ]


_TEXT_TYPED = frozenset({Kind.NUMBER, Kind.PERCENT, Kind.DATE})


def _fixed_kind(c: Column) -> Kind | None:
    """The kind of an input column, or None when it depends on the row (an indicator's value)."""
    return None if c.type == "value" else _input_kind(c, None)


def _input_kind(c: Column, ind: Indicator | None) -> Kind:
    """How an input column is read: Avanzamento as a percentage, dates as dates, the indicator's
    value as the kind that achieves its target, notes as text."""
    if c.type == "progress":
        return Kind.PERCENT
    if c.type == "date":
        return Kind.DATE
    if c.type == "value" and ind is not None:
        return ind.achieved_kind
    return Kind.TEXT


def _col_of(cell: Cell) -> int:
    return cell.col


def _headers(sheet: Sheet) -> tuple[int | None, dict[str, int]]:
    """The header row (the one whose column A reads «ID», within the first ten) and the column
    of each header, normalised for spacing and case."""
    for r in range(1, 11):
        if str(sheet.value(r, 1) or "").strip() == layout.ID_HEADER:
            row = sorted((c for (rr, _), c in sheet.cells.items() if rr == r), key=_col_of)
            return r, header_columns((c.col, c.value) for c in row)
    return None, {}


def _locate_columns(
    sheet: Sheet, cols: Sequence[Column], lang: str
) -> tuple[int | None, dict[str, int]]:
    """The header row and the column of each expected header (in the workbook's language)."""
    row, heads = _headers(sheet)
    wanted = {c.key: header_key(c.title(lang)) for c in cols}
    return row, {key: heads[h] for key, h in wanted.items() if h in heads}


def _moved(
    order: list[tuple[str, int]], expected: Mapping[str, tuple[int, str | None]]
) -> list[tuple[str, int]]:
    """Rows out of their original relative order: those not in the longest increasing run of
    original positions (rows shifted by a deletion above are not moved)."""
    seq = [expected[rid][0] for rid, _ in order]
    if seq == sorted(set(seq)):
        return []  # strictly increasing: every row where it was (the common case)
    # patience sorting for the longest increasing subsequence
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
            tails_idx.append(i)
        else:
            tails[k] = x
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    keep = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return [order[i] for i in range(len(order)) if i not in keep]


def read_return(path: str | Path, plan: Plan, limits: Limits | None = None) -> Return:
    """Read one return against ``plan``. Never raises on file content: see the findings."""
    return _Reader(Path(path), plan, limits).run()

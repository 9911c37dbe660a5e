"""The tables of a consolidation, one per grain, typed and tidy: what the master workbook's
sheets hold and what :meth:`Consolidation.tables` gives as DataFrames.

Each table is a list of :class:`Column` (header in the user's language, and a kind that says
how a cell is typed) and rows of plain values: numbers as floats, percentages as fractions
(98,8% is 0.988, as a spreadsheet stores it), dates as dates, a plan's value as a
:class:`~pegxl.values.Value` typed cell by cell (a target may be a number, a percentage, a date
or Fatto). One row per objective, phase, indicator, sector, group, file and finding; every
value consolidated with its lineage (file, SHA-256, sheet, cell, what was typed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pegxl.i18n import text
from pegxl.model import Link, Objective, PeriodKind, Plan
from pegxl.results.deliveries import COUNTED, DeliveryRow
from pegxl.results.rollup import objective_weight
from pegxl.results.rules import rules_rows
from pegxl.results.scoring import (
    IndicatorResult,
    ObjectiveResult,
    PhaseResult,
    Status,
    status_of,
)
from pegxl.returns.reader import ReadValue
from pegxl.values import Kind, Value, format_value, kind_label

if TYPE_CHECKING:
    import pandas as pd

    from pegxl.results.consolidate import Consolidation

__all__ = ["Column", "Table", "build_tables"]


@dataclass(frozen=True)
class Column:
    """A column: its key (stable, for code), header (in the user's language), width, and kind:
    how its cells are typed — ``text``, ``int``, ``number``, ``percent`` (a fraction), ``date``,
    ``datetime`` or ``value`` (a plan's value, typed cell by cell)."""

    key: str
    header: str
    kind: str = "text"
    width: int = 14


@dataclass
class Table:
    """A sheet's table: its key (``objectives``…), sheet name, Excel table name, columns and
    rows."""

    key: str
    name: str
    table_name: str
    columns: list[Column]
    rows: list[list[object]]
    #: a table meant for reading (wrapped text, printed on the page width) rather than for
    #: pivoting (one line per row)
    wrap: bool = False
    #: rows shown in bold (a total)
    bold_rows: frozenset[int] = frozenset()

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame with the headers as column names: plan values as Python
        values (a percentage as a fraction, Fatto as its text), empty cells as ``None``."""
        import pandas as pd

        data = [[_plain(v) for v in row] for row in self.rows]
        return pd.DataFrame(data, columns=[c.header for c in self.columns])


def _plain(v: object) -> object:
    """A cell's value for a DataFrame (an empty text is an empty cell: ``None``)."""
    if v == "":
        return None
    if isinstance(v, Value):
        from pegxl.cells import stored_value

        return stored_value(v)
    return v


def _link(link: Link) -> tuple[str | None, str | None]:
    """A DUP objective's code and name, each its own cell (a name alone when there is no code,
    as an export without codes has)."""
    return link.code or None, link.label or None


def _pct(x: float | None) -> float | None:
    """A score in percent units (98.8) as a fraction (0.988), rounded to what a sheet shows."""
    return None if x is None else round(x / 100, 6)


def _read(r: ReadValue | None) -> tuple[Value | None, str, str, str]:
    """The value read from a cell, what was typed, the sheet and the cell."""
    if r is None:
        return None, "", "", ""
    return r.value, r.raw, r.sheet, r.cell


class _Builder:
    """Builds every table of one consolidation in one language."""

    def __init__(self, result: Consolidation, lang: str) -> None:
        self.r = result
        self.lang = lang
        self.plan: Plan = result.plan
        self.sector_name = {s.code: s.name for s in self.plan.sectors}
        #: the delivery of each sector's counted file
        self.counted: dict[str, DeliveryRow] = {
            row.sector: row for row in result.selection.rows if row.status in COUNTED
        }
        self.period = result.period.end

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the table's language."""
        return text(key, self.lang, **params)

    def col(self, key: str, kind: str = "text", width: int = 14, **params: object) -> Column:
        """A column whose header is ``mcol.<key>``."""
        return Column(key, self.t(f"mcol.{key}", **params), kind, width)

    def v(self, value: Value | None) -> Value | str | None:
        """A plan value for a cell: typed, but Fatto/Non fatto always in its one spelling (the
        plan or a sector may write «fatto», «Sì», «FATTO»), so that a pivot counts them
        together."""
        if value is not None and value.kind is Kind.DONE:
            return format_value(value, self.lang)
        return value

    def status(self, s: Status) -> str:
        """A status band as the user reads it."""
        return self.t(f"band.{s.value}")

    # -- the context every item row starts with ---------------------------------------------
    def context_columns(self) -> list[Column]:
        """ID, sector, objective and its links, valore pubblico."""
        return [
            self.col("id", width=18),
            self.col("sector", width=9),
            self.col("sector_name", width=28),
            self.col("objective_code", width=14),
            self.col("objective", width=40),
            self.col("mandate_code", width=18),
            self.col("mandate", width=28),
            self.col("mission_code", width=20),
            self.col("mission", width=28),
            self.col("program_code", width=18),
            self.col("program", width=28),
            self.col("valore_pubblico", width=28),
        ]

    def context(self, row_id: str, o: Objective) -> list[object]:
        """The context cells of an item of objective ``o``."""
        return [
            row_id,
            o.sector_code,
            self.sector_name.get(o.sector_code, ""),
            o.code,
            o.title,
            *_link(o.mandate),  # code and name apart, as in the plan workbook: a pivot
            *_link(o.mission),  # groups by the code, a reader reads the name
            *_link(o.program),
            o.valore_pubblico,
        ]

    def lineage_columns(self) -> list[Column]:
        """Period, file, SHA-256, sheet, cell."""
        return [
            self.col("period", "date", 11),
            self.col("file", width=30),
            self.col("sha256", width=20),
            self.col("sheet", width=11),
            self.col("cell", width=7),
        ]

    def lineage(self, sector: str, sheet: str, cell: str) -> list[object]:
        """Where a row's value came from (the file only when one counted for the sector)."""
        row = self.counted.get(sector)
        return [
            self.period,
            row.name if row else "",
            (row.sha256 or "") if row else "",
            sheet if row else "",
            cell if row else "",
        ]

    def override(self, granted: object) -> list[object]:
        """Granted score and reason."""
        o = getattr(granted, "override", None)
        return [_pct(o.granted), o.reason or None] if o is not None else [None, None]

    # -- the item tables -----------------------------------------------------------------------
    def objectives(self) -> Table:
        """One row per objective: its counts, means, score, the Nucleo's, status and trace."""
        cols = [
            *self.context_columns(),
            self.col("responsabile", width=24),
            self.col("n_indicators", "int", 11),
            self.col("n_phases", "int", 9),
            self.col("measured", "int", 11),
            self.col("indicator_mean", "percent", 12),
            self.col("phase_progress", "percent", 12),
            self.col("score", "percent", 13),
            self.col("granted", "percent", 12),
            self.col("reason", width=30),
            self.col("final", "percent", 12),
            self.col("weight_in_means", "number", 11),
            self.col("status", width=20),
            self.col("trace", width=50),
            self.col("period", "date", 11),
            self.col("file", width=30),
            self.col("sha256", width=20),
        ]
        rows: list[list[object]] = []
        rules = self.r.rules
        for res in self.r.scores.objectives:
            o = res.objective
            row = self.counted.get(o.sector_code)
            rows.append(
                [
                    *self.context(o.code, o),
                    o.responsabile,
                    len(o.indicators),
                    len(o.phases),
                    res.measured,
                    _pct(res.indicator_mean),
                    _pct(res.phase_progress),
                    _pct(res.score),
                    *self.override(res),
                    _pct(res.final),
                    objective_weight(res, rules) if res.final is not None else None,
                    self.status(status_of(res.final, rules)),
                    res.trace.get(self.lang),
                    self.period,
                    row.name if row else "",
                    (row.sha256 or "") if row else "",
                ]
            )
        return self.table("objectives", cols, rows)

    def phases(self) -> Table:
        """One row per phase: plan, weight used, progress read, dates, expected progress and
        timing (intermediate periods), trace, note, lineage."""
        intermediate = self.r.period.kind is PeriodKind.INTERMEDIATE
        cols = [
            *self.context_columns(),
            self.col("responsabili", width=24),
            self.col("phase", width=40),
            self.col("weight", "number", 8),
            self.col("weight_used", "percent", 10),
            self.col("planned_start", "date", 11),
            self.col("planned_end", "date", 11),
            self.col("progress", "percent", 12),
            self.col("actual_start", "date", 11),
            self.col("actual_end", "date", 11),
        ]
        if intermediate:
            cols += [self.col("expected", "percent", 12), self.col("timing", width=12)]
        cols += [
            self.col("typed", width=14),
            self.col("trace", width=40),
            self.col("note", width=30),
            *self.lineage_columns(),
        ]
        rows: list[list[object]] = []
        for res in self.r.scores.objectives:
            o = res.objective
            for p in res.phases:
                _, raw, sheet, cell = _read(p.read)
                read_progress = p.read.value if p.read is not None else None
                progress = read_progress.value if read_progress is not None else None
                row = [
                    *self.context(p.phase.id, o),
                    "; ".join(p.phase.responsabili),
                    p.phase.name,
                    p.phase.weight,
                    _pct(p.weight),
                    p.phase.planned_start,
                    p.phase.planned_end,
                    _pct(progress) if isinstance(progress, float) else None,
                    p.actual_start,
                    p.actual_end,
                ]
                if intermediate:
                    timing = self.t(f"timing.{p.timing.value}") if p.timing else ""
                    row += [_pct(p.expected), timing]
                row += [
                    raw,
                    p.trace.get(self.lang),
                    p.note or None,  # no note: an empty cell, never an empty text
                    *self.lineage(o.sector_code, sheet, cell),
                ]
                rows.append(row)
        return self.table("phases", cols, rows)

    def indicators(self) -> Table:
        """One row per indicator: plan, target, achieved value and what was typed, prior
        years, score, the Nucleo's, status, outcome, gap, trace, note, lineage."""
        years = self.plan.prior_years()
        cols = [
            *self.context_columns(),
            self.col("responsabile", width=24),
            self.col("description", width=40),
            self.col("tipo", width=14),
            self.col("value_kind", width=12),
            self.col("direction", width=11),
            self.col("target", "value", 12),
            self.col("achieved", "value", 12),
            self.col("typed", width=14),
            *(Column(f"prior_{y}", self.t("mcol.prior", year=y), "value", 12) for y in years),
            self.col("score", "percent", 13),
            self.col("granted", "percent", 12),
            self.col("reason", width=30),
            self.col("final", "percent", 12),
            self.col("status", width=20),
            self.col("outcome", width=14),
            self.col("gap", "value", 12),
            self.col("trace", width=50),
            self.col("note", width=30),
            *self.lineage_columns(),
        ]
        rows: list[list[object]] = []
        rules = self.r.rules
        for res in self.r.scores.objectives:
            o = res.objective
            for ind in res.indicators:
                i = ind.indicator
                value, raw, sheet, cell = _read(ind.read)
                rows.append(
                    [
                        *self.context(i.id, o),
                        o.responsabile,
                        i.description,
                        i.tipo,
                        kind_label(i.kind, self.lang),
                        self.t(f"direction.{i.direction.value}"),
                        self.v(i.target),
                        self.v(value),
                        raw,
                        *(self.v(i.prior_value(y)) for y in years),
                        _pct(ind.score),
                        *self.override(ind),
                        _pct(ind.final),
                        self.status(status_of(ind.final, rules)),
                        self.t(f"outcome.{ind.outcome.value}"),
                        _gap(ind),
                        ind.trace.get(self.lang),
                        ind.note or None,
                        *self.lineage(o.sector_code, sheet, cell),
                    ]
                )
        return self.table("indicators", cols, rows)

    # -- the summaries -----------------------------------------------------------------------
    def summary(self) -> Table:
        """One row per sector and one for the entity: counts, means, statuses, the return."""
        cols = [
            self.col("sector", width=9),
            self.col("sector_name", width=34),
            self.col("return_status", width=14),
            self.col("objectives", "int", 10),
            self.col("measured_objectives", "int", 10),
            self.col("indicators", "int", 10),
            self.col("with_value", "int", 10),
            self.col("phases", "int", 8),
            self.col("with_progress", "int", 12),
            self.col("missing", "int", 10),
            self.col("in_error", "int", 10),
            self.col("weighted", "percent", 11),
            self.col("plain", "percent", 11),
            *(Column(f"n_{s.value}", self.status(s), "int", 11) for s in Status),
        ]
        by_sector: dict[str, list[ObjectiveResult]] = {}
        for res in self.r.scores.objectives:
            by_sector.setdefault(res.objective.sector_code, []).append(res)
        rollups = {r.key: r for r in self.r.scores.rollups if r.level == "sector"}
        deliveries = {row.sector: row for row in self.r.selection.rows if row.sector}
        rows: list[list[object]] = []
        for s in self.plan.sectors:
            if s.code not in by_sector:
                continue
            d = self.counted.get(s.code) or deliveries.get(s.code)
            status = self.t(f"dstatus.{d.status.value}") if d else ""
            rows.append([s.code, s.name, status, *_counts(by_sector[s.code], rollups.get(s.code))])
        entity = self.r.scores.rollups[-1]
        counted = len(self.counted)
        n = len(rows)
        rows.append(
            [
                "",
                self.t("report.entity_row", name=self.plan.entity or "—"),
                self.t("report.returns_n", n=counted, total=n),
                *_counts(self.r.scores.objectives, entity),
            ]
        )
        table = self.table("summary", cols, rows)
        table.wrap, table.bold_rows = True, frozenset({len(rows) - 1})
        return table

    def rollups(self) -> Table:
        """One row per group at each level and one for the entity."""
        cols = [
            self.col("level", width=22),
            self.col("code", width=16),
            self.col("label", width=44),
            self.col("objectives", "int", 10),
            self.col("measured_objectives", "int", 10),
            self.col("weighted", "percent", 11),
            self.col("plain", "percent", 11),
            *(Column(f"n_{s.value}", self.status(s), "int", 11) for s in Status),
        ]
        rows: list[list[object]] = [
            [
                self.t(f"level.{r.level}"),
                r.key,
                r.label,
                r.objectives,
                r.measured,
                _pct(r.weighted),
                _pct(r.plain),
                *(r.counts[s] for s in Status),
            ]
            for r in self.r.scores.rollups
        ]
        return self.table("rollups", cols, rows)

    def deliveries(self) -> Table:
        """One row per input file and per missing sector."""
        cols = [
            self.col("file", width=34),
            self.col("sector", width=9),
            self.col("sector_name", width=26),
            self.col("return_period", "date", 11),
            self.col("received", "datetime", 17),
            self.col("clock", width=12),
            self.col("delivery", width=20),
            self.col("why", width=60),
            self.col("errors", "int", 8),
            self.col("warnings", "int", 8),
            self.col("replaced_by", width=30),
            self.col("sha256", width=20),
            self.col("path", width=40),
        ]
        rows: list[list[object]] = [
            [
                d.name,
                d.sector,
                self.sector_name.get(d.sector, ""),
                d.period.end if d.period else None,
                d.received,
                self.t(f"clock.{d.clock}") if d.clock else "",
                self.t(f"dstatus.{d.status.value}"),
                d.why.get(self.lang),
                d.errors,
                d.warnings,
                d.replaced_by,
                d.sha256 or "",
                d.path,
            ]
            for d in self.r.selection.rows
        ]
        return self.table("deliveries", cols, rows, wrap=True)

    def checks(self) -> Table:
        """One row per finding of the check, of the choice of returns and of the scoring."""
        from pathlib import Path

        from pegxl.outputs import display_name

        cols = [
            self.col("code", width=11),
            self.col("severity", width=9),
            self.col("file", width=30),
            self.col("sheet", width=11),
            self.col("cell", width=7),
            self.col("line", "int", 6),
            self.col("id", width=18),
            self.col("message", width=90),
        ]
        rows: list[list[object]] = [
            [
                f.code.value,
                self.t(f"severity.{f.severity.value}"),
                display_name(Path(f.file).name) if f.file else "",
                f.sheet or "",
                f.cell or "",
                f.line,
                f.row_id or "",
                f.message(self.lang),
            ]
            for f in [*self.r.findings, *self.r.outputs]
        ]
        return self.table("checks", cols, rows, wrap=True)

    def rules(self) -> Table:
        """The rules in force: key in the file, value, what it means."""
        cols = [
            self.col("rule", width=34),
            self.col("value", width=24),
            self.col("meaning", width=90),
        ]
        rows: list[list[object]] = [
            [key, value, self.t(f"rulehelp.{name}")]
            for key, value, name in rules_rows(self.r.rules)
        ]
        rows.append(["source", self.r.rules.source, self.t("rulehelp.source")])
        return self.table("rules", cols, rows, wrap=True)

    def table(
        self, key: str, cols: list[Column], rows: list[list[object]], wrap: bool = False
    ) -> Table:
        """A table named by its key: sheet name in the user's language, table name fixed."""
        return Table(key, self.t(f"sheet.{key}"), TABLE_NAMES[key], cols, rows, wrap)


#: the Excel table of each sheet: fixed names, the same in both languages, so that a formula or
#: a Power Query step that names them works on every master
TABLE_NAMES = {
    "summary": "Sintesi",
    "objectives": "Obiettivi",
    "phases": "Fasi",
    "indicators": "Indicatori",
    "rollups": "Aggregati",
    "deliveries": "Consegne",
    "checks": "Controlli",
    "rules": "Regole",
}


def _gap(ind: IndicatorResult) -> Value | None:
    """The gap as a value typed like the target (percentage points as a percentage, days as a
    number)."""
    if ind.gap is None or ind.indicator.target is None:
        return None
    kind = Kind.PERCENT if ind.indicator.kind is Kind.PERCENT else Kind.NUMBER
    decimals = ind.indicator.target.decimals if kind is not Kind.NUMBER or ind.gap % 1 else 0
    return Value(kind, round(ind.gap, 6), "", decimals)


def _counts(results: Sequence[ObjectiveResult], rollup: Any) -> list[object]:
    """The Sintesi counts of some objectives: objectives, measured, indicators and those with a
    value, phases and those with progress, values missing and in error, the means, the
    statuses."""
    inds = [i for r in results for i in r.indicators]
    phases = [p for r in results for p in r.phases]
    filled = sum(1 for i in inds if _has_value(i.read))
    progressed = sum(1 for p in phases if _has_value(p.read))
    errors = sum(1 for x in _reads(inds, phases) if x is not None and _in_error(x))
    missing = len(inds) + len(phases) - filled - progressed - errors
    return [
        len(results),
        rollup.measured if rollup else 0,
        len(inds),
        filled,
        len(phases),
        progressed,
        missing,
        errors,
        _pct(rollup.weighted) if rollup else None,
        _pct(rollup.plain) if rollup else None,
        *((rollup.counts[s] if rollup else 0) for s in Status),
    ]


def _reads(
    inds: Iterable[IndicatorResult], phases: Iterable[PhaseResult]
) -> Iterable[ReadValue | None]:
    yield from (i.read for i in inds)
    yield from (p.read for p in phases)


def _has_value(r: ReadValue | None) -> bool:
    return r is not None and r.value is not None


def _in_error(r: ReadValue) -> bool:
    return r.value is None and (r.error is not None or r.cell_error is not None)


def build_tables(result: Consolidation, lang: str = "it") -> list[Table]:
    """Every table of the master workbook, in sheet order."""
    b = _Builder(result, lang)
    return [
        b.summary(),
        b.objectives(),
        b.phases(),
        b.indicators(),
        b.rollups(),
        b.deliveries(),
        b.checks(),
        b.rules(),
    ]

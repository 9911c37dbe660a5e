"""The tables of a consolidation, one per grain, typed and tidy: what the master workbook's
sheets hold and what :meth:`Consolidation.tables` gives as DataFrames.

Each table is a list of :class:`Column` (header in the user's language, and a kind that says
how a cell is typed) and rows of plain values: numbers as floats, percentages as fractions
(98,8% is 0.988, as a spreadsheet stores it), dates as dates. Every column holds one kind of
value, so that a pivot's sum or average, pandas, polars and a Parquet column all see one type:
a plan's value, which may be a number, a percentage, a date or Fatto, is split over three
columns (:func:`value_columns`) — the number (a percentage as a fraction, shown with its
percent format and decimals: a :class:`~pegxl.values.Value` in the row), the date, and the text
(Fatto / Non fatto, or a text target) — and the kind of the target is in *Tipo valore*. One row
per objective, phase, indicator, sector, group, file and finding; the entity's totals in a
table of their own (*Totale ente*), never mixed with the sectors' rows; every value
consolidated with its lineage (file, SHA-256, sheet, cell, what was typed).

This module is long because every table of the master is here, column by column: the one
place that says what finance pivots, the master shows and the Parquet files hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pegxl.findings import Finding
from pegxl.i18n import CATALOGUE, T, text, tr
from pegxl.model import Link, Objective, Period, Plan, Variation
from pegxl.results.rollup import objective_weight
from pegxl.results.rules import Rules, rules_rows
from pegxl.results.scoring import (
    IndicatorResult,
    ObjectiveResult,
    Scores,
    band_of,
    bands_for,
)
from pegxl.returns.deliveries import COUNTED, DeliveryRow, Selection
from pegxl.returns.reader import ReadValue
from pegxl.values import Kind, Value, format_date, format_value, kind_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TABLE_NAMES",
    "Column",
    "Consolidated",
    "Table",
    "build_tables",
    "value_columns",
    "value_parts",
]


class Consolidated(Protocol):
    """What the tables are built from: a consolidated period
    (:class:`pegxl.results.consolidate.Consolidation` is one; the tables need no more, and do
    not import it)."""

    @property
    def plan(self) -> Plan:
        """The plan."""

    @property
    def period(self) -> Period:
        """The period consolidated."""

    @property
    def rules(self) -> Rules:
        """The measurement rules applied."""

    @property
    def selection(self) -> Selection:
        """What became of every file (counted, replaced, rejected…)."""

    @property
    def scores(self) -> Scores:
        """The scores."""

    @property
    def findings(self) -> list[Finding]:
        """Every finding about the returns."""

    @property
    def outputs(self) -> list[Finding]:
        """The findings about the outputs written."""


@dataclass(frozen=True)
class Column:
    """A column: its key (stable, for code), header (in the user's language), width, and kind:
    how its cells are typed — ``text``, ``int``, ``number``, ``percent`` (a fraction), ``date``
    or ``datetime``. A ``number`` or ``date`` column may hold a plan's
    :class:`~pegxl.values.Value` of its kind, written with the value's own number format.
    ``name`` is the column's name for query tools (the Parquet files): its Italian header as
    an identifier, the same whatever the language (:func:`column_name`)."""

    key: str
    header: str
    kind: str = "text"
    width: int = 14
    name: str = ""


def column_name(header: str) -> str:
    """A header as a name query tools take without quoting: lower case, accents dropped, ``%``
    as ``pct``, every other run of signs as one ``_`` (``Raggiungimento %`` →
    ``raggiungimento_pct``, ``Valore Raggiunto 2024 (data)`` → ``valore_raggiunto_2024_data``,
    ``Gravità`` → ``gravita``)."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", header.replace("%", " pct "))
    ascii_only = plain.encode("ascii", "ignore").decode("ascii").lower()
    name = re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")
    return name if name and not name[0].isdigit() else f"c_{name}"


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


#: the part of a plan's value each of its three columns holds: the number (a number or a
#: percentage), the date, the text (Fatto / Non fatto, a text)
_PARTS = (("", "number", 12), ("_date", "date", 11), ("_text", "text", 12))


def value_columns(key: str, header: T, lang: str) -> list[Column]:
    """The three columns of a plan's value whose header is ``header`` (both languages): ``key``
    the number (``Valore atteso``), ``key_date`` the date (``Valore atteso (data)``),
    ``key_text`` the text (``Valore atteso (testo)``)."""

    def named(suffix: str, lang: str) -> str:
        name = header.get(lang)
        return text(f"mcol.part{suffix}", lang, name=name) if suffix else name

    return [
        Column(key + suffix, named(suffix, lang), kind, width, column_name(named(suffix, "it")))
        for suffix, kind, width in _PARTS
    ]


def value_parts(value: Value | None, lang: str) -> list[object]:
    """A plan's value in its three columns (:func:`value_columns`): a number or a percentage as
    itself in the first (written with its format), a date in the second, Fatto / Non fatto in
    its one spelling (the plan or a sector may write «fatto», «Sì», «FATTO»: a pivot counts them
    together) or a text in the third; the others empty."""
    if value is None:
        return [None, None, None]
    if value.kind in (Kind.NUMBER, Kind.PERCENT):
        return [value, None, None]
    if value.kind is Kind.DATE:
        return [None, value, None]
    if value.kind is Kind.DONE:
        return [None, None, format_value(value, lang)]
    return [None, None, str(value.value)]


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

    def __init__(self, result: Consolidated, lang: str) -> None:
        self.r = result
        self.lang = lang
        self.plan: Plan = result.plan
        self.sector_name = {s.code: s.name for s in self.plan.sectors}
        #: the delivery of each sector's counted file
        self.counted: dict[str, DeliveryRow] = {
            row.sector: row for row in result.selection.rows if row.status in COUNTED
        }
        self.period = result.period.end
        #: the period grades (final report) or monitors: states, progress (intermediate)
        self.grades = result.period.policy.grades
        self.bands = bands_for(result.period)
        #: the acts in force for each varied (row id, field), in the order of their dates
        self.acts: dict[tuple[str, str], list[Variation]] = {}
        for v in self.plan.in_force(self.period):
            self.acts.setdefault((v.row_id, v.field), []).append(v)
        base = self.plan.base
        self.base_phases, self.base_indicators = base.phase_index(), base.indicator_index()

    def original(self, row_id: str, key: str) -> tuple[object, str | None]:
        """The approved plan's value of a varied field and the acts that varied it (``None``
        and ``None`` when the field is not varied in this period)."""
        acts = self.acts.get((row_id, key))
        if not acts:
            return None, None
        if key == "target":
            value: object = self.base_indicators[row_id].target
        else:
            value = getattr(self.base_phases[row_id], key)
        shown = "; ".join(
            self.t("variation.act", act=v.act, date=format_date(v.act_date)) for v in acts
        )
        return value, shown

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the table's language."""
        return text(key, self.lang, **params)

    def col(self, key: str, kind: str = "text", width: int = 14, **params: object) -> Column:
        """A column whose header is ``mcol.<key>`` — in a period that does not grade, its
        interim header where it has one (``Avanzamento %``, never an achievement); its name
        for query tools is the same in every period, so two periods are one dataset."""
        name = column_name(text(f"mcol.{key}", "it", **params))
        label = f"mcol.{key}"
        if not self.grades and f"mcol.interim.{key}" in CATALOGUE:
            label = f"mcol.interim.{key}"
        return Column(key, self.t(label, **params), kind, width, name)

    def value_columns(self, key: str, header: str = "", **params: object) -> list[Column]:
        """The three columns of a plan's value whose header is ``mcol.<header>`` (default:
        ``mcol.<key>``)."""
        return value_columns(key, tr(f"mcol.{header or key}", **params), self.lang)

    def status(self, s: str) -> str:
        """A band (a grade, or an interim state) as the user reads it."""
        return self.t(f"band.{s}")

    def status_columns(self) -> list[Column]:
        """A count per band of the period (grades, or states at an intermediate period),
        then the provisional objectives (in no band)."""
        return [
            *(
                Column(f"n_{s}", self.status(s), "int", 11, column_name(text(f"band.{s}", "it")))
                for s in self.bands
            ),
            self.col("n_provisional", "int", 11),
        ]

    def banded(self, res: ObjectiveResult) -> str:
        """An objective's band as the user reads it — its grade, or at an intermediate period
        its computed state — marked when provisional (never counted as the band:
        :class:`~pegxl.results.rollup.Rollup`)."""
        band = self.status(band_of(res, self.r.rules, self.grades))
        return self.t("band.provisional", band=band) if res.provisional else band

    def banded_indicator(self, ind: IndicatorResult) -> str:
        """An indicator's grade, or at an intermediate period its timing (on time, late) where
        one is judged — a deadline, a linear expectation — and nothing otherwise."""
        if self.grades:
            from pegxl.results.scoring import status_of

            band = self.status(status_of(ind.final, self.r.rules))
        elif ind.timing is not None:
            band = self.t(f"timing.{ind.timing.value}")
        else:
            return ""
        return self.t("band.provisional", band=band) if ind.provisional else band

    def flag(self, on: bool) -> str:
        """Yes or no, as the user reads it."""
        return self.t("flag.yes" if on else "flag.no")

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
            self.col("provisional", width=11),
            self.col("trace", width=50),
            *self.monitoring_columns(),
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
                    self.banded(res),
                    self.flag(res.provisional),
                    res.trace.get(self.lang),
                    *self.monitoring(res),
                    self.period,
                    row.name if row else "",
                    (row.sha256 or "") if row else "",
                ]
            )
        return self.table("objectives", cols, rows)

    def monitoring_columns(self) -> list[Column]:
        """What an intermediate period adds to an objective (empty at the final report, so
        both periods' tables have the same columns): the declared state beside the computed
        one and why, the forecast, deadlines passed and items late, the sector's criticità,
        corrective actions and proposal with its reason."""
        return [
            self.col("declared_state", width=14),
            self.col("state_trace", width=44),
            self.col("forecast", width=13),
            self.col("overdue", "int", 10),
            self.col("late", "int", 10),
            self.col("criticita", width=36),
            self.col("actions", width=36),
            self.col("proposal", width=36),
            self.col("proposal_reason", width=36),
        ]

    def monitoring(self, res: ObjectiveResult) -> list[object]:
        """The cells of :meth:`monitoring_columns` for an objective."""
        if self.grades or res.sector_missing:
            return [None] * 9
        return [
            res.answer("declared_state") or None,
            res.state_trace.get(self.lang) or None,
            res.answer("forecast") or None,
            len(res.overdue),
            len(res.late),
            *(res.answer(k) or None for k in ("criticita", "actions", "proposal")),
            res.answer("proposal_reason") or None,
        ]

    def proposals(self) -> Table:
        """«Proposte»: the sectors' proposals of rimodulazione with exactly the headers of the
        plan's «Variazioni» (ID, Campo, Valore originale, Nuovo valore, Motivazione, Atto, Data
        atto), so the office pastes the rows the Giunta approves into the plan and adds the
        act. A new target or planned end is a row ready to paste (Campo: the plan's header of
        the field); a proposal in words is a row by objective, its Campo left for the office
        to choose. Values are written as the plan workbook shows them (dates gg/mm/aaaa)."""
        cols = [
            Column(
                key, self.t(f"vcol.{key}"), "text", width, column_name(text(f"vcol.{key}", "it"))
            )
            for key, width in (
                ("id", 18),
                ("field", 16),
                ("original", 16),
                ("new", 36),
                ("reason", 48),
                ("act", 16),
                ("act_date", 11),
            )
        ]
        rows: list[list[object]] = []
        for res in self.r.scores.objectives:
            if self.grades or res.sector_missing:
                continue
            reason = res.answer("proposal_reason") or None
            text_proposal = res.answer("proposal")
            if text_proposal:
                rows.append([res.objective.code, None, None, text_proposal, reason, None, None])
            for p in res.phases:
                if p.proposed is not None and p.proposed.value is not None:
                    end = p.phase.planned_end
                    rows.append(
                        [
                            p.phase.id,
                            self.t("pfield.planned_end"),
                            f"{end:%d/%m/%Y}" if end else None,
                            format_value(p.proposed.value),
                            reason,
                            None,
                            None,
                        ]
                    )
            for i in res.indicators:
                if i.proposed is not None and i.proposed.value is not None:
                    target = i.indicator.target
                    rows.append(
                        [
                            i.indicator.id,
                            self.t("pfield.target"),
                            format_value(target) if target is not None else None,
                            format_value(i.proposed.value),
                            reason,
                            None,
                            None,
                        ]
                    )
        table = self.table("proposals", cols, rows)
        table.wrap = True
        return table

    def phases(self) -> Table:
        """One row per phase: plan, weight used, progress read, dates, expected progress and
        timing (intermediate periods; empty at the final report, so that both periods' tables
        have the same columns: appended by Power Query, read as one Parquet dataset), trace,
        note, lineage."""
        intermediate = self.r.period.policy.timing
        cols = [
            *self.context_columns(),
            self.col("responsabili", width=24),
            self.col("phase", width=40),
            self.col("weight", "number", 8),
            self.col("weight_used", "percent", 10),
            self.col("planned_start", "date", 11),
            self.col("planned_end", "date", 11),
            self.col("planned_start_original", "date", 11),
            self.col("planned_end_original", "date", 11),
            self.col("weight_original", "number", 8),
            self.col("act", width=24),
            self.col("progress", "percent", 12),
            self.col("actual_start", "date", 11),
            self.col("actual_end", "date", 11),
            self.col("expected", "percent", 12),
            self.col("timing", width=12),
            self.col("overdue_flag", width=11),
            self.col("proposed_end", "date", 12),
            self.col("provisional", width=11),
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
                read_progress = p.read.value if p.read is not None and not p.in_error else None
                progress = read_progress.value if read_progress is not None else None
                row = [
                    *self.context(p.phase.id, o),
                    "; ".join(p.phase.responsabili),
                    p.phase.name,
                    p.phase.weight,
                    _pct(p.weight),
                    p.phase.planned_start,
                    p.phase.planned_end,
                    *self.phase_originals(p.phase.id),
                    _pct(progress) if isinstance(progress, float) else None,
                    p.actual_start,
                    p.actual_end,
                ]
                timing = self.t(f"timing.{p.timing.value}") if p.timing else ""
                proposed = p.proposed.value if p.proposed and p.proposed.value else None
                row += [
                    _pct(p.expected) if intermediate else None,
                    timing,
                    None if self.grades else self.flag(p.overdue is not None),
                    proposed.value if proposed is not None else None,
                    self.flag(p.provisional),
                ]
                row += [
                    raw,
                    p.trace.get(self.lang),
                    p.note or None,  # no note: an empty cell, never an empty text
                    *self.lineage(o.sector_code, sheet, cell),
                ]
                rows.append(row)
        return self.table("phases", cols, rows)

    def phase_originals(self, row_id: str) -> list[object]:
        """The approved plan's start, end and weight of a phase where a variation in force
        changed them, and the acts (empty cells where nothing varied)."""
        out: list[object] = []
        acts: list[str] = []
        for key in ("planned_start", "planned_end", "weight"):
            value, shown = self.original(row_id, key)
            out.append(value)
            if shown and shown not in acts:
                acts.append(shown)
        return [*out, "; ".join(acts) or None]

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
            *self.value_columns("target"),
            *self.value_columns("target_original"),
            self.col("act", width=24),
            *self.value_columns("achieved"),
            self.col("typed", width=14),
            *(c for y in years for c in self.value_columns(f"prior_{y}", "prior", year=y)),
            self.col("score", "percent", 13),
            self.col("granted", "percent", 12),
            self.col("reason", width=30),
            self.col("final", "percent", 12),
            self.col("status", width=20),
            self.col("provisional", width=11),
            self.col("outcome", width=14),
            self.col("gap", "number", 12),
            self.col("trace", width=50),
            self.col("expectation", width=44),
            self.col("overdue_flag", width=11),
            *self.value_columns("proposed_target"),
            self.col("note", width=30),
            self.col("cause", width=20),
            *self.lineage_columns(),
        ]
        rows: list[list[object]] = []
        for res in self.r.scores.objectives:
            o = res.objective
            for ind in res.indicators:
                i = ind.indicator
                _, raw, sheet, cell = _read(ind.read)
                value = ind.achieved  # a value in error is left out: blank, what was typed kept
                rows.append(
                    [
                        *self.context(i.id, o),
                        o.responsabile,
                        i.description,
                        i.tipo,
                        kind_label(i.kind, self.lang),
                        self.t(f"direction.{i.direction.value}"),
                        *value_parts(i.target, self.lang),
                        *self.target_original(i.id),
                        *value_parts(value, self.lang),
                        raw,
                        *(x for y in years for x in value_parts(i.prior_value(y), self.lang)),
                        _pct(ind.score),
                        *self.override(ind),
                        _pct(ind.final),
                        self.banded_indicator(ind),
                        self.flag(ind.provisional),
                        # at mid-year an annual target is not a result to compare against
                        self.t(f"outcome.{ind.outcome.value}") if self.grades else None,
                        _gap(ind) if self.grades else None,
                        ind.trace.get(self.lang),
                        ind.expectation.get(self.lang) or None,
                        None if self.grades else self.flag(ind.overdue is not None),
                        *value_parts(ind.proposed.value if ind.proposed else None, self.lang),
                        ind.note or None,
                        self.t(f"cause.{ind.cause}") if ind.cause else None,
                        *self.lineage(o.sector_code, sheet, cell),
                    ]
                )
        return self.table("indicators", cols, rows)

    def target_original(self, row_id: str) -> list[object]:
        """The approved plan's target of an indicator a variation in force changed, in its three
        columns, and the acts (empty cells where nothing varied)."""
        value, shown = self.original(row_id, "target")
        assert value is None or isinstance(value, Value)
        return [*value_parts(value, self.lang), shown] if shown else [None, None, None, None]

    def variations(self) -> Table:
        """Every variation of the plan: the seven columns of the plan workbook's «Variazioni»
        (the same headers), then its sector and objective and whether it holds for this
        period."""
        cols = [
            self.col("variation_id", width=18),
            self.col("variation_field", width=16),
            self.col("variation_original", width=16),
            self.col("variation_new", width=16),
            self.col("reason", width=40),
            self.col("act", width=24),
            self.col("act_date", "date", 11),
            self.col("sector", width=9),
            self.col("objective_code", width=14),
            self.col("in_force", width=11),
        ]
        rows: list[list[object]] = [
            [
                v.row_id,
                v.header,
                format_value(v.original, self.lang) if v.original is not None else None,
                format_value(v.new, self.lang),
                v.reason,
                v.act,
                v.act_date,
                self.sector_of(v.row_id),
                v.row_id.rpartition("/")[0],
                self.flag(v.applies(self.period)),
            ]
            for v in self.plan.variations
        ]
        return self.table("variations", cols, rows, wrap=True)

    def sector_of(self, row_id: str) -> str:
        """The sector of a phase's or indicator's objective."""
        code = row_id.rpartition("/")[0]
        o = next((o for o in self.plan.objectives if o.code == code), None)
        return o.sector_code if o is not None else ""

    # -- the summaries -----------------------------------------------------------------------
    def summary_columns(self) -> list[Column]:
        """The columns of Sintesi and of the entity's total."""
        return [
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
            self.col("provisional", width=11),
            *self.status_columns(),
        ]

    def summary(self) -> Table:
        """One row per sector: counts, means, statuses, the return (the entity's total is a
        table of its own, :meth:`summary_total`: a pivot or a sort of this one never meets
        it)."""
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
            counts = _counts(by_sector[s.code], rollups.get(s.code), self.flag, self.bands)
            rows.append([s.code, s.name, status, *counts])
        table = self.table("summary", self.summary_columns(), rows)
        table.wrap = True
        return table

    def summary_total(self) -> Table:
        """The entity's one row, with the columns of Sintesi: its own table below the sectors',
        in bold."""
        entity = self.r.scores.rollups[-1]
        sectors = {o.objective.sector_code for o in self.r.scores.objectives}
        row = [
            "",
            self.t("report.entity_row", name=self.plan.entity or "—"),
            self.t("report.returns_n", n=len(self.counted), total=len(sectors)),
            *_counts(self.r.scores.objectives, entity, self.flag, self.bands),
        ]
        table = self.table("summary_total", self.summary_columns(), [row])
        table.wrap, table.bold_rows = True, frozenset({0})
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
            self.col("provisional", width=11),
            *self.status_columns(),
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
                self.flag(r.is_provisional),
                *(r.counts.get(s, 0) for s in self.bands),
                r.provisional,
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
                f.severity_text(self.lang),
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
            for key, value, name in rules_rows(self.r.rules, self.grades)
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
    "summary_total": "Totale_ente",
    "objectives": "Obiettivi",
    "phases": "Fasi",
    "indicators": "Indicatori",
    "proposals": "Proposte",
    "variations": "Variazioni",
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
    kind = Kind.PERCENT if ind.indicator.achieved_kind is Kind.PERCENT else Kind.NUMBER
    decimals = ind.indicator.target.decimals if kind is not Kind.NUMBER or ind.gap % 1 else 0
    return Value(kind, round(ind.gap, 6), "", decimals)


def _counts(
    results: Sequence[ObjectiveResult], rollup: Any, flag: Any, bands: Sequence[str]
) -> list[object]:
    """The Sintesi counts of some objectives: objectives, measured, indicators and those with a
    value, phases and those with progress, values missing and in error (left out of every
    score), the means and whether they are provisional, the statuses and the provisional
    objectives apart."""
    inds = [i for r in results for i in r.indicators]
    phases = [p for r in results for p in r.phases]
    errors = sum(1 for i in inds if i.in_error) + sum(1 for p in phases if p.in_error)
    filled = sum(1 for i in inds if not i.in_error and _has_value(i.read))
    progressed = sum(1 for p in phases if not p.in_error and _has_value(p.read))
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
        flag(rollup.is_provisional if rollup else False),
        *((rollup.counts.get(s, 0) if rollup else 0) for s in bands),
        rollup.provisional if rollup else 0,
    ]


def _has_value(r: ReadValue | None) -> bool:
    return r is not None and r.value is not None


def build_tables(result: Consolidated, lang: str = "it") -> list[Table]:
    """Every table of the master workbook, in sheet order."""
    b = _Builder(result, lang)
    return [
        b.summary(),
        b.summary_total(),
        b.objectives(),
        b.phases(),
        b.indicators(),
        b.proposals(),
        b.variations(),
        b.rollups(),
        b.deliveries(),
        b.checks(),
        b.rules(),
    ]

"""The HTML report of a consolidated period, for the Nucleo di Valutazione and the Giunta.

Laid out like a *Relazione sulla performance*: headline figures, the sectors and the public
values, how the indicators stand against their targets (and the phases against their dates in
an intermediate period), the comparison with prior years, then one section per sector with
each objective's indicators and phases (a sector that sent nothing in one line), the indicators
falling short with the sector's notes; a table of contents after the cover, page numbers when
printed, and the technical notes — the deliveries with their SHA-256, the rules in force with
their keys, the plan's fingerprint — in an annex at the end, out of the Giunta's text.

This module is long because it prepares every section of both documents the office prints —
the interim report that opens with what needs action and the final Relazione of DFP guideline
3/2018 — from one consolidation; splitting it by section is the next wave's (issue 18).

One self-contained page (``templates/relazione.html.j2``): styles inline, charts as inline
SVG drawn by the template from numbers, no script, nothing loaded from the network; printed on
A4 with each sector on its own pages. Every text comes from the catalogue or the data and is
escaped by jinja2's autoescaping — a note a sector typed (``<script>``) is shown as typed. The
page carries no time of its own: the same consolidation gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pegxl import resources
from pegxl.i18n import CATALOGUE, text
from pegxl.outputs import OutputKind, Outputs, seal_text, write_text_atomic
from pegxl.results.consolidate import Consolidation
from pegxl.results.rollup import Rollup
from pegxl.results.rollup import group as rollup_group
from pegxl.results.rules import rules_rows
from pegxl.results.scoring import (
    IndicatorResult,
    ObjectiveResult,
    Outcome,
    PhaseResult,
    Timing,
    band_of,
    bands_for,
    status_of,
)
from pegxl.returns.deliveries import COUNTED, Delivery
from pegxl.values import Kind, Value, format_date, shown_pct, shown_value
from pegxl.workbook.layout import CAUSES

__all__ = ["render_report", "write_report"]

#: the css class (and colour) of a provisional score: computed without values in error, never
#: drawn in a status's colour
PROVISIONAL = "provvisorio"


@dataclass
class _Bar:
    """One bar of a chart: its label, its value (0–1 of the scale) and what it shows."""

    label: str
    share: float
    shown: str
    css: str = ""


@dataclass
class _Stack:
    """One stacked bar: its label and its parts (css class, count)."""

    label: str
    parts: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0


class _View:
    """Turns a consolidation into what the template shows, in one language."""

    def __init__(self, result: Consolidation, lang: str) -> None:
        self.r = result
        self.lang = lang
        #: the period grades (final report) or monitors (intermediate): states and progress
        self.grades = result.period.policy.grades
        self.bands = bands_for(result.period)

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the page's language; at a period that does not grade, the
        interim wording where there is one (``master.interim.…``, ``mcol.interim.…``,
        ``report.interim.…``: progress and states, never achievement)."""
        if not self.grades:
            section, _, rest = key.partition(".")
            interim = {
                "master": f"master.interim.{rest}",
                "mcol": f"mcol.interim.{rest}",
                "report": f"report.interim.{rest}",
            }.get(section, "")
            if interim in CATALOGUE:
                key = interim
        return text(key, self.lang, **params)

    def pct(self, x: float | None) -> str:
        """A score as the reader's language writes it; a dash when not measurable."""
        return shown_pct(x).get(self.lang) if x is not None else "—"

    def value(self, v: Value | None) -> str:
        """A plan value as the reader's language writes it; a dash when there is none."""
        return shown_value(v).get(self.lang) if v is not None else "—"

    def band(self, score: float | None, provisional: bool = False) -> tuple[str, str]:
        """The status of a score: its label and its css class; a provisional score (computed
        without values in error) is marked so, in a colour of its own, never a band's. A
        period that does not grade gives a score no band (a dash): progress is not a result."""
        if not self.grades:
            return ("—", "none") if not provisional else (self.t("band.provvisorio"), PROVISIONAL)
        s = status_of(score, self.r.rules)
        label = self.t(f"band.{s.value}")
        if provisional:
            return self.t("band.provisional", band=label), PROVISIONAL
        return label, s.value

    def pct_marked(self, x: float | None, provisional: bool) -> str:
        """A score as :meth:`pct` shows it, marked when provisional."""
        shown = self.pct(x)
        return self.t("band.provisional", band=shown) if provisional and x is not None else shown

    def gap(self, ind: IndicatorResult) -> str:
        """The gap from the target, signed, in the target's units (days for a date)."""
        if ind.gap is None or ind.indicator.target is None:
            return "—"
        t = ind.indicator.target
        if t.kind is Kind.DATE:
            return self.t("report.days", n=f"{ind.gap:+.0f}")
        kind = Kind.PERCENT if ind.indicator.achieved_kind is Kind.PERCENT else Kind.NUMBER
        decimals = None if ind.gap.is_integer() else t.decimals
        shown = self.value(Value(kind, abs(ind.gap), "", decimals))
        return ("+" if ind.gap > 0 else "−" if ind.gap < 0 else "") + shown

    # -- the parts of the page ------------------------------------------------------------------
    def headline(self) -> dict[str, object]:
        """The headline figures: the entity's scores, returns counted, objectives by status."""
        entity = self.r.scores.rollups[-1]
        sectors = [s for s in self.r.plan.sectors if self.r.plan.objectives_of(s.code)]
        counted = sum(1 for d in self.r.selection.rows if d.status in COUNTED)
        label, css = self.band(entity.weighted, entity.is_provisional)
        return {
            "weighted": self.pct(entity.weighted),
            "plain": self.pct(entity.plain),
            "weighted_marked": self.pct_marked(entity.weighted, entity.is_provisional),
            "plain_marked": self.pct_marked(entity.plain, entity.is_provisional),
            "provisional": entity.is_provisional,
            "band": label,
            "band_css": css,
            "returns": counted,
            "sectors": len(sectors),
            "returns_share": counted / len(sectors) if sectors else 0.0,
            "measured": entity.measured,
            "objectives": entity.objectives,
            "counts": [
                *((self.t(f"band.{s}"), s, entity.counts.get(s, 0)) for s in self.bands),
                (self.t("band.provvisorio"), PROVISIONAL, entity.provisional),
            ],
        }

    def rollup_rows(self, level: str) -> list[dict[str, object]]:
        """The rows of one level of the roll-ups."""
        return [self.rollup_row(r) for r in self.r.scores.rollups if r.level == level]

    def rollup_row(self, r: Rollup) -> dict[str, object]:
        """One group of a roll-up as the page shows it."""
        label, css = self.band(r.weighted, r.is_provisional)
        return {
            "key": r.key,
            "label": r.label,
            "objectives": r.objectives,
            "measured": r.measured,
            "weighted": self.pct_marked(r.weighted, r.is_provisional),
            "plain": self.pct_marked(r.plain, r.is_provisional),
            "band": label,
            "band_css": css,
            "counts": [*(r.counts.get(s, 0) for s in self.bands), r.provisional],
            # at a period that does not grade a group has no state of its own (states are
            # an objective's): its objectives by computed state, as the master's Sintesi
            "states": self.state_counts(r),
        }

    def state_counts(self, r: Rollup) -> list[tuple[str, str, int]]:
        """A group's objectives by band of the period (its computed states at an interim),
        then the provisional ones: label, css class, count — the words with the numbers, so
        a printed page needs no legend."""
        return [
            *((self.t(f"band.{s}"), s, r.counts.get(s, 0)) for s in self.bands),
            (self.t("band.provvisorio"), PROVISIONAL, r.provisional),
        ]

    def score_bars(self) -> list[_Bar]:
        """The bars of the chart of the sectors' scores (weighted means)."""
        cap = max(100.0, self.r.rules.objective_cap)
        bars = []
        for r in self.r.scores.rollups:
            if r.level != "sector":
                continue
            share = min(max((r.weighted or 0.0) / cap, 0.0), 1.0)  # never a bar of no width
            _, css = self.band(r.weighted, r.is_provisional)
            shown = self.pct_marked(r.weighted, r.is_provisional)
            bars.append(_Bar(f"{r.key} {r.label}", share, shown, css))
        return bars

    def status_stacks(self) -> list[_Stack]:
        """The stacked bars of the chart of each sector's objectives by status."""
        stacks = []
        for r in self.r.scores.rollups:
            if r.level == "sector":
                parts = [(s, r.counts.get(s, 0)) for s in self.bands]
                parts.append((PROVISIONAL, r.provisional))
                stacks.append(_Stack(f"{r.key} {r.label}", parts, r.objectives))
        return stacks

    def outcomes(self) -> list[tuple[str, str, int, str]]:
        """Indicators by outcome: label, css class, count, share; at a period that does not
        grade, by timing instead (on time, late: a deadline passed or behind a linear
        expectation; nothing judged yet), never against the annual target."""
        inds = list(self.r.scores.indicators())
        out = []
        if not self.grades:
            for tm in (Timing.ON_TIME, Timing.LATE):
                n = sum(1 for i in inds if i.timing is tm)
                out.append((self.t(f"timing.{tm.value}"), tm.value, n, self.share(n, len(inds))))
            n = sum(1 for i in inds if i.timing is None)
            out.append((self.t("report.not_judged"), "none", n, self.share(n, len(inds))))
            return out
        for o in Outcome:
            n = sum(1 for i in inds if i.outcome is o)
            out.append((self.t(f"outcome.{o.value}"), o.value, n, self.share(n, len(inds))))
        return out

    def timings(self) -> list[tuple[str, str, int, str]]:
        """Phases by timing (intermediate periods): label, css class, count, share."""
        phases = [p for o in self.r.scores.objectives if not o.sector_missing for p in o.phases]
        out = []
        for tm in Timing:
            n = sum(1 for p in phases if p.timing is tm)
            out.append((self.t(f"timing.{tm.value}"), tm.value, n, self.share(n, len(phases))))
        n = sum(1 for p in phases if p.timing is None)
        out.append((self.t("report.timing_none"), "none", n, self.share(n, len(phases))))
        return out

    def share(self, n: int, total: int) -> str:
        """A count as a percentage of a total (a dash for no total)."""
        return self.pct(n / total * 100) if total else "—"

    def indicator_row(self, ind: IndicatorResult) -> dict[str, object]:
        """An indicator as the page shows it: target, achieved, score, gap, outcome, note."""
        label, css = self.band(ind.final, ind.provisional)
        if self.grades:
            outcome, outcome_css = self.t(f"outcome.{ind.outcome.value}"), ind.outcome.value
        elif ind.timing is not None:
            outcome, outcome_css = self.t(f"timing.{ind.timing.value}"), ind.timing.value
        else:
            outcome, outcome_css = "—", "none"
        typed = (ind.read.raw if ind.read else "") or "—"
        if ind.in_error:
            typed = self.t("report.in_error", raw=typed)
        return {
            "id": ind.indicator.id,
            "description": ind.indicator.description,
            "target": self.value(ind.indicator.target),
            "achieved": self.value(ind.achieved) if ind.achieved else typed,
            "score": self.pct_marked(ind.final, ind.provisional),
            "computed": self.pct(ind.score) if ind.override else "",
            "gap": self.gap(ind) if self.grades else "—",
            "outcome": outcome,
            "outcome_css": outcome_css,
            # a number's "no share expected" is said once, in the section's introduction
            "expectation": ind.expectation.get(self.lang)
            if ind.timing is not None or ind.indicator.kind in (Kind.DONE, Kind.DATE)
            else "",
            "band": label,
            "band_css": css,
            "note": ind.note,
            "cause": self.t(f"cause.{ind.cause}") if ind.cause else "",
            "varied": self.varied(ind.indicator.id, "target"),
            "trace": ind.trace.get(self.lang),
            "reason": ind.override.reason if ind.override else "",
        }

    def varied(self, row_id: str, key: str) -> str:
        """«originale 120 — DGC n. 120 del 15/07/2025» where a variation in force changed the
        field of a row (empty otherwise): the original is always shown beside the new value."""
        acts = [
            v
            for v in self.r.plan.in_force(self.r.period.end)
            if v.row_id == row_id and v.field == key
        ]
        if not acts:
            return ""
        first = acts[0]
        original = self.value(first.original) if first.original is not None else "—"
        shown = "; ".join(
            self.t("variation.act", act=v.act, date=format_date(v.act_date)) for v in acts
        )
        return self.t("report.varied", original=original, acts=shown)

    # -- the final Relazione (DFP guideline 3/2018) ----------------------------------------
    def variations(self) -> list[dict[str, object]]:
        """Every variation of the plan approved during the year, with its act, and whether it
        holds for this period."""
        base = self.r.plan.base
        phases, indicators = base.phase_index(), base.indicator_index()
        out = []
        for v in self.r.plan.variations:
            row = indicators.get(v.row_id) or phases.get(v.row_id)
            what = getattr(row, "description", "") or getattr(row, "name", "")
            out.append(
                {
                    "id": v.row_id,
                    "what": what,
                    "field": self.t(f"vfield.{v.field}"),
                    "original": self.value(v.original),
                    "new": self.value(v.new),
                    "reason": v.reason,
                    "act": v.act,
                    "date": format_date(v.act_date),
                    "in_force": v.applies(self.r.period.end),
                }
            )
        return out

    def gaps(self) -> tuple[list[dict[str, object]], list[tuple[str, int]]]:
        """Every scostamento of the final report (an indicator below its target) with the
        sector's motivazione and cause, in plan order; and how many there are by cause."""
        rows = []
        by_cause = dict.fromkeys([*CAUSES, ""], 0)
        for o in self.r.scores.objectives:
            for i in o.indicators:
                if i.outcome is Outcome.BELOW:
                    row = self.indicator_row(i)
                    row["sector"] = o.objective.sector_code
                    row["objective"] = o.objective.code
                    rows.append(row)
                    by_cause[i.cause] += 1
        labels = [(self.t(f"cause.{k}" if k else "cause.none"), n) for k, n in by_cause.items()]
        return rows, labels

    def objective_rows(self) -> list[dict[str, object]]:
        """Each objective planned against achieved: its sector, responsabile, items, score,
        result and scostamenti."""
        out: list[dict[str, object]] = []
        said: set[str] = set()
        for o in self.r.scores.objectives:
            code = o.objective.sector_code
            if o.sector_missing:  # a sector that sent nothing: one line, not a row each
                if code not in said:
                    said.add(code)
                    n = sum(1 for x in self.r.scores.objectives if x.objective.sector_code == code)
                    name = self.r.plan.sector(code).name
                    said_line = f"{name}: {self.t('report.sector_missing', n=n)}"
                    out.append({"sector": code, "missing_line": said_line})
                continue
            label, css = self.band(o.final, o.provisional)
            below = sum(1 for i in o.indicators if i.outcome is Outcome.BELOW)
            out.append(
                {
                    "code": o.objective.code,
                    "title": o.objective.title,
                    "sector": o.objective.sector_code,
                    "responsabile": self.responsabile(o),
                    "planned": self.t(
                        "relazione.planned",
                        indicators=len(o.indicators),
                        phases=len(o.phases),
                    ),
                    "score": self.pct_marked(o.final, o.provisional),
                    "band": label,
                    "band_css": css,
                    "below": below,
                    "missing_line": "",
                }
            )
        return out

    def responsabile(self, o: ObjectiveResult) -> str:
        """Who answers for an objective: its own responsabile, else its sector's."""
        if o.objective.responsabile:
            return o.objective.responsabile
        try:
            return self.r.plan.sector(o.objective.sector_code).responsabile
        except KeyError:
            return ""

    def by_responsabile(self) -> list[dict[str, object]]:
        """The results of each responsabile's objectives (the basis of the individual
        evaluation that follows), in order of first appearance in the plan."""
        members: dict[str, list[ObjectiveResult]] = {}
        for o in self.r.scores.objectives:
            members.setdefault(self.responsabile(o) or "—", []).append(o)
        out = []
        for name, objectives in members.items():
            r = rollup_group("responsabile", name, name, objectives, self.r.rules)
            row = self.rollup_row(r)
            row["codes"] = ", ".join(o.objective.code for o in objectives)
            out.append(row)
        return out

    def phase_row(self, p: PhaseResult) -> dict[str, object]:
        """A phase as the page shows it: weight, progress, expected progress, timing, note."""
        return {
            "id": p.phase.id,
            "name": p.phase.name,
            "weight": self.value(Value(Kind.NUMBER, p.phase.weight))
            if p.phase.weight is not None
            else "—",
            "progress": self.pct_marked(p.progress, p.provisional)
            if p.read is not None and p.read.value is not None and not p.in_error
            else self.t("report.in_error", raw=p.read.raw)
            if p.in_error and p.read is not None
            else "—",
            "expected": self.pct(p.expected),
            "timing": self.t(f"timing.{p.timing.value}") if p.timing else "—",
            "timing_css": p.timing.value if p.timing else "none",
            "note": p.note,
            # a variation in force beside the phase, as beside an indicator's target: the
            # value in force, the original and the act
            "weight_varied": self.varied(p.phase.id, "weight"),
            "dates_varied": [
                {
                    "field": self.t(f"vfield.{key}"),
                    "now": self.shown(getattr(p.phase, key)),
                    "varied": varied,
                }
                for key in ("planned_start", "planned_end")
                if (varied := self.varied(p.phase.id, key))
            ],
        }

    def objective(self, o: ObjectiveResult) -> dict[str, object]:
        """An objective with its score, status, trace, indicators and phases; at an
        intermediate period its computed state (never a grade), the state the sector declared
        and its answers."""
        label, css = self.band(o.final, o.provisional)
        if not self.grades:
            state = band_of(o, self.r.rules, False)
            label, css = self.t(f"band.{state}"), state
            if o.provisional:
                label = self.t("band.provisional", band=label)
        return {
            "code": o.objective.code,
            "title": o.objective.title,
            "responsabile": o.objective.responsabile,
            "valore_pubblico": o.objective.valore_pubblico,
            "score": self.pct_marked(o.final, o.provisional),
            "computed": self.pct(o.score) if o.override else "",
            "reason": o.override.reason if o.override else "",
            "band": label,
            "band_css": css,
            "trace": o.trace.get(self.lang),
            "state_trace": o.state_trace.get(self.lang),
            "declared": o.answer("declared_state"),
            "disagrees": o.disagrees,
            "forecast": o.answer("forecast"),
            "criticita": o.answer("criticita"),
            "actions": o.answer("actions"),
            "proposal": o.answer("proposal"),
            "proposal_reason": o.answer("proposal_reason"),
            "indicators": [self.indicator_row(i) for i in o.indicators],
            "phases": [self.phase_row(p) for p in o.phases],
        }

    def sectors(self) -> list[dict[str, object]]:
        """One section per sector that has objectives, in plan order."""
        deliveries = {d.sector: d for d in self.r.selection.rows if d.status in COUNTED}
        missing = {d.sector for d in self.r.selection.rows if d.status is Delivery.MISSING}
        rollups = {r.key: r for r in self.r.scores.rollups if r.level == "sector"}
        out = []
        for s in self.r.plan.sectors:
            objectives = [o for o in self.r.scores.objectives if o.objective.sector_code == s.code]
            if not objectives:
                continue
            d = deliveries.get(s.code)
            r = rollups.get(s.code)
            provisional = r is not None and r.is_provisional
            label, css = self.band(r.weighted if r else None, provisional)
            out.append(
                {
                    "code": s.code,
                    "name": s.name,
                    "responsabile": s.responsabile,
                    "file": d.name if d else "",
                    "delivery": self.t(f"dstatus.{d.status.value}") if d else "",
                    "missing": s.code in missing,
                    "weighted": self.pct_marked(r.weighted if r else None, provisional),
                    "plain": self.pct_marked(r.plain if r else None, provisional),
                    "band": label,
                    "band_css": css,
                    "states": self.state_counts(r) if r is not None else [],
                    "objectives": [self.objective(o) for o in objectives],
                }
            )
        return out

    def action(self) -> dict[str, list[dict[str, object]]]:
        """What needs action, first in an intermediate period's report (DFP 2/2017: the
        monitoring feeds corrective action): the objectives A rischio or Critico (and every
        one whose declared state differs from the computed one), the deadlines passed, the
        sectors' criticità and corrective actions, their proposals of rimodulazione — in the
        words the sectors typed."""
        at_risk: list[dict[str, object]] = []
        overdue: list[dict[str, object]] = []
        issues: list[dict[str, object]] = []
        proposals: list[dict[str, object]] = []
        if self.grades:
            return {"at_risk": [], "overdue": [], "issues": [], "proposals": []}
        names = {p.id: p.name for p in self.r.plan.phases()}
        names |= {i.id: i.description for i in self.r.plan.indicators()}
        order = {"critico": 0, "a_rischio": 1, "in_linea": 2}
        for o in self.r.scores.objectives:
            if o.sector_missing:
                continue
            code, sector = o.objective.code, o.objective.sector_code
            base = {"code": code, "title": o.objective.title, "sector": sector}
            if o.state in ("a_rischio", "critico") or o.disagrees:
                state = o.state or "non_valutabile"
                at_risk.append(
                    {
                        **base,
                        "state": self.t(f"band.{state}"),
                        "state_css": state,
                        "declared": o.answer("declared_state") or "—",
                        "disagrees": o.disagrees,
                        "forecast": o.answer("forecast") or "—",
                        "why": o.state_trace.get(self.lang),
                        "sort": (order.get(state, 3), sector, code),
                    }
                )
            for x in o.overdue:
                overdue.append(
                    {
                        **base,
                        "id": x.row_id,
                        "item": names.get(x.row_id, ""),
                        "deadline": f"{x.deadline:%d/%m/%Y}",
                        "why": x.why.get(self.lang),
                        "sort": (x.deadline.isoformat(), x.row_id),
                    }
                )
            if o.answer("criticita") or o.answer("actions"):
                issues.append(
                    {**base, "criticita": o.answer("criticita"), "actions": o.answer("actions")}
                )
            changes = [
                (p.phase.id, self.t("pfield.planned_end"), p.phase.planned_end, p.proposed)
                for p in o.phases
                if p.proposed is not None
            ] + [
                (i.indicator.id, self.t("pfield.target"), i.indicator.target, i.proposed)
                for i in o.indicators
                if i.proposed is not None
            ]
            if o.answer("proposal") or changes:
                proposals.append(
                    {
                        **base,
                        "text": o.answer("proposal"),
                        "reason": o.answer("proposal_reason"),
                        "changes": [
                            {
                                "id": rid,
                                "field": field,
                                "old": self.shown(old),
                                "new": self.value(new.value) if new else "—",
                            }
                            for rid, field, old, new in changes
                        ],
                    }
                )
        at_risk.sort(key=lambda r: str(r["sort"]))
        overdue.sort(key=lambda r: str(r["sort"]))
        return {"at_risk": at_risk, "overdue": overdue, "issues": issues, "proposals": proposals}

    def shown(self, v: object) -> str:
        """A plan's value or date as the page writes it (a dash for none)."""
        from datetime import date

        if isinstance(v, Value):
            return self.value(v)
        if isinstance(v, date):
            return f"{v:%d/%m/%Y}"
        return "—"

    def short(self) -> list[dict[str, object]]:
        """The indicators below their target, worst first, with the sector's note (none at a
        period that does not grade: an annual target is not missed at mid-year)."""
        if not self.grades:
            return []
        rows = []
        for o in self.r.scores.objectives:
            for i in o.indicators:
                if i.outcome is Outcome.BELOW:
                    row = self.indicator_row(i)
                    row["sector"] = o.objective.sector_code
                    row["sort"] = i.final if i.final is not None else -1.0
                    rows.append(row)
        return sorted(rows, key=lambda r: (r["sort"], r["id"]))

    def prior(self) -> tuple[list[int], list[dict[str, object]]]:
        """The indicators the plan gives prior-year values for: target, achieved now, and the
        values of the prior years."""
        years = list(self.r.plan.prior_years())
        rows: list[dict[str, object]] = []
        for o in self.r.scores.objectives:
            for i in o.indicators:
                values = [i.indicator.prior_value(y) for y in years]
                if any(v is not None for v in values):
                    rows.append(
                        {
                            "id": i.indicator.id,
                            "description": i.indicator.description,
                            "target": self.value(i.indicator.target),
                            "achieved": self.value(i.achieved),
                            "prior": [self.value(v) for v in values],
                            "trend": _trend(i, values),
                        }
                    )
        return years, rows

    def deliveries(self) -> list[dict[str, object]]:
        """Every file and every missing sector, with what became of it."""
        return [
            {
                "name": d.name or "—",
                "sector": d.sector,
                "status": self.t(f"dstatus.{d.status.value}"),
                "status_css": d.status.value,
                "why": d.why.get(self.lang),
                "received": f"{d.received:%d/%m/%Y %H:%M}" if d.received else "—",
                "sha": (d.sha256 or "")[:12],
            }
            for d in self.r.selection.rows
        ]

    def act(self) -> str:
        """The plan's act as the heading says it (``Piano approvato con …``), or ``""``."""
        line = self.r.plan.act_line(self.lang)
        return f"{self.t('plan.word')} {line}." if line else ""

    def context(self) -> dict[str, object]:
        """Everything the template shows."""
        from pegxl.findings import count

        years, prior_rows = self.prior()
        return {
            "lang": self.lang,
            "t": self.t,
            "entity": self.r.plan.entity,
            "year": self.r.plan.year,
            "act": self.act(),
            "period": self.r.period.label(self.lang),
            "intermediate": self.r.period.policy.timing,
            "grades": self.grades,
            "action": self.action(),
            "fingerprint": self.r.plan.fingerprint()[:12],
            "rules_source": self.r.rules.source,
            "headline": self.headline(),
            "statuses": [
                *((self.t(f"band.{s}"), s) for s in self.bands),
                (self.t("band.provvisorio"), PROVISIONAL),
            ],
            "sector_rows": self.rollup_rows("sector"),
            "vp_rows": self.rollup_rows("valore_pubblico"),
            "mission_rows": self.rollup_rows("mission"),
            "program_rows": self.rollup_rows("program"),
            "score_bars": self.score_bars(),
            "status_stacks": self.status_stacks(),
            "outcomes": self.outcomes(),
            "timings": self.timings(),
            "sectors": (sectors := self.sectors()),
            "missing_sectors": [s for s in sectors if s["missing"]],
            "short": self.short(),
            "prior_years": years,
            "prior_rows": prior_rows,
            "deliveries": self.deliveries(),
            "rules": rules_rows(self.r.rules, self.grades),
            "counts": count(self.r.findings),
            "variations": self.variations(),
            **self.final_parts(),
        }

    def final_parts(self) -> dict[str, object]:
        """The parts of the final Relazione (none in an intermediate period, which monitors and
        does not grade)."""
        if not self.grades:
            return {"final": False}
        gaps, by_cause = self.gaps()
        return {
            "final": True,
            "gaps": gaps,
            "gaps_by_cause": by_cause,
            "objective_rows": self.objective_rows(),
            "responsabili": self.by_responsabile(),
        }


def _trend(ind: IndicatorResult, prior: Sequence[Value | None]) -> str:
    """``up``, ``down`` or ``same``: the achieved value against the latest prior year's, read
    by the indicator's direction (better or worse); empty when they cannot be compared."""
    a = ind.achieved
    last = next((v for v in prior if v is not None), None)
    if a is None or last is None or not isinstance(a.value, float):
        return ""
    if not isinstance(last.value, float) or a.kind is not last.kind:
        return ""
    if a.value == last.value:
        return "same"
    better = a.value > last.value
    if ind.indicator.direction.value == "lower":
        better = not better
    return "better" if better else "worse"


def render_report(result: Consolidation, lang: str = "it") -> str:
    """The report page as text (sealed as pegxl's report)."""
    page = resources.render("relazione.html.j2", **_View(result, lang).context())
    return seal_text(page, OutputKind.REPORT)


def write_report(
    result: Consolidation, path: str | Path, lang: str = "it", outputs: Outputs | None = None
) -> Path:
    """Write the report page to ``path`` (atomically; refused over a file pegxl did not write
    or over an input; the report it replaces is kept in the archive, ``outputs.kept``)."""
    outputs = outputs or Outputs()
    target = outputs.claim(path, OutputKind.REPORT)
    write_text_atomic(target, render_report(result, lang), outputs)
    return target

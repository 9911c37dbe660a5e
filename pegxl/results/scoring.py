"""Scores by the measurement rules: every indicator, phase and objective.

Each score carries the sentence that computed it, in both languages ("84 su 85, più alto è
meglio → 98,8%"), so the Nucleo di Valutazione can check any number by hand. The rules are
:class:`~pegxl.results.rules.Rules` (see ``templates/regole.toml``):

* **indicator** (a = achieved, t = target, PY = a prior year's value): higher is better
  ``min(a/t·100, cap)``; lower is better ``100`` if a ≤ t else ``t/a·100``; Fatto 100, Non fatto
  0; a percentage like a number; a date target 100 when done by the date, then the rule's points
  fewer per day late; target 0 (or below) by its side: 100 when a is on the right side, else 0;
  with ``baseline = "prior"``, ``(a − PY)/(t − PY)·100`` clamped to 0–cap;
* **missing** values by the period's policy: excluded (not measurable), zero, or an error;
* **values in error** — every value an error finding condemns (unreadable, a Valore Raggiunto
  of −400, a progress of 150, an end before the start: :class:`Flaws`) — are left out of every
  score, never counted as zero; a score computed without them, or on a row that still has an
  error, is *provisional* (``provisional``), and says so wherever it is shown;
* **phase progress** of an objective ``Σ(weight·progress)/Σweight``, phases without weight
  sharing what is left to 100, weights not summing to 100 rescaled and reported; in an
  intermediate period each phase also gets its expected progress (the elapsed share of its
  planned dates) and a timing status;
* **objective**: the mean of its indicators where there are any, else its phase progress (or a
  blend), capped; bands Raggiunto / Parzialmente raggiunto / Non raggiunto / Non valutabile;
* **overrides** of the Nucleo replace a score in the roll-ups (:mod:`pegxl.results.rollup`),
  the computed one kept beside.

Pure functions: :func:`score_plan` takes the values read, returns the results and findings.
This module is long because the measurement rules are: every rule of the SMVP, with the
sentence that traces it, in one place a reviewer reads from top to bottom.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pegxl.findings import Code, Collector, Finding
from pegxl.i18n import T, tr
from pegxl.kinds import Outcome, Scored, measurable, row
from pegxl.model import Direction, Indicator, Objective, Period, Phase, Plan
from pegxl.results import monitoring
from pegxl.results.monitoring import DECLARED, MonitorState, Overdue
from pegxl.results.rollup import (
    FINAL_BANDS,
    INTERIM_BANDS,
    Rollup,
    Status,
    band_of,
    rollups,
    status_of,
)
from pegxl.results.rules import Rules
from pegxl.returns.reader import ReadValue
from pegxl.values import Kind, Value, format_number, format_value, shown_pct
from pegxl.workbook.layout import cause_of

__all__ = [
    "Flaws",
    "IndicatorResult",
    "ObjectiveResult",
    "Outcome",
    "Override",
    "PhaseResult",
    "Scores",
    "Status",
    "Timing",
    "band_of",
    "bands_for",
    "expected_progress",
    "indicator_score",
    "outcome_of",
    "phase_weights",
    "score_plan",
    "status_of",
]


class Timing(StrEnum):
    """A phase's progress against the elapsed share of its planned dates."""

    ON_TIME = "in_linea"
    LATE = "in_ritardo"
    NOT_STARTED = "non_avviata"


#: the trace of an item not scored yet
_NO_TRACE = T("", "")


def bands_for(period: Period) -> tuple[str, ...]:
    """The bands of ``period``'s objectives: grades when its kind grades, else states."""
    return FINAL_BANDS if period.policy.grades else INTERIM_BANDS


# -- one indicator -------------------------------------------------------------------------------


def indicator_score(
    ind: Indicator, achieved: Value, rules: Rules, prior: Value | None = None
) -> Scored:
    """The score of an indicator whose achieved value is ``achieved`` (``prior``: the baseline
    year's value, used when the rules say ``baseline = "prior"``)."""
    t = ind.target
    if t is None or not measurable(t):
        return Scored(None, tr("trace.text_target"))
    score = row(t.kind).score
    assert score is not None
    return score(t, achieved, ind.direction is Direction.HIGHER, rules, prior)


def outcome_of(
    ind: Indicator, achieved: Value | None, rules: Rules
) -> tuple[Outcome, float | None]:
    """The indicator's result against its target (in line within the rules' tolerance, above,
    below), and the gap (scostamento: achieved − target, in the value's units; days for a
    date)."""
    t = ind.target
    if achieved is None or t is None:
        return Outcome.NOT_MEASURABLE, None
    return row(t.kind).outcome(t, achieved, ind.direction is Direction.HIGHER, rules)


# -- phases ------------------------------------------------------------------------------------


def expected_progress(phase: Phase, at: date) -> float | None:
    """The share of a phase's planned dates elapsed at ``at``, in percent (``None`` without both
    planned dates)."""
    start, end = phase.planned_start, phase.planned_end
    if start is None or end is None:
        return None
    if end <= start:
        return 100.0 if at >= end else 0.0
    share = (at - start).days / (end - start).days
    return round(min(max(share, 0.0), 1.0) * 100, 1)


def phase_weights(phases: Sequence[Phase], rules: Rules) -> tuple[list[float], bool]:
    """The weight each phase has in its objective's progress, before rescaling: its own; the
    phases without one share what is left to 100 (``share``), or all weigh alike (``equal``).
    The flag says some phases without weight got 0 because the others reach 100 already."""
    given = [p.weight for p in phases]
    if rules.unweighted == "equal" or all(w is None for w in given):
        return [1.0] * len(phases), False
    total = sum(w for w in given if w is not None)
    missing = sum(1 for w in given if w is None)
    share = (100.0 - total) / missing if missing and total < 100 else 0.0
    return [w if w is not None else share for w in given], bool(missing) and total >= 100


# -- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """A score set by the Nucleo di Valutazione, with its reason and where it was written."""

    granted: float
    reason: str
    source: str = ""


@dataclass
class IndicatorResult:
    """An indicator as scored: the value read (with its cell), the score and its trace, the
    outcome against the target and the gap, the Nucleo's score if any."""

    indicator: Indicator
    read: ReadValue | None = None
    score: float | None = None
    trace: T = _NO_TRACE
    outcome: Outcome = Outcome.NOT_MEASURABLE
    gap: float | None = None
    override: Override | None = None
    note: str = ""
    #: the key of «Causa dello scostamento» (:data:`pegxl.workbook.layout.CAUSES`) the sector
    #: chose at the final report, "" when none
    cause: str = ""
    #: the value read is in error (see :class:`Flaws`): left out of every score
    in_error: bool = False
    #: an error is on this indicator's row (its value or another cell)
    flawed: bool = False
    #: intermediate periods: on time or late (a deadline, or a linear expectation), overdue
    timing: Timing | None = None
    overdue: Overdue | None = None
    #: intermediate periods: what was expected of it by now, in words
    expectation: T = _NO_TRACE
    #: the proposed new target (intermediate periods), if the sector typed one
    proposed: ReadValue | None = None

    @property
    def achieved(self) -> Value | None:
        """The achieved value read, if it could be and is not in error."""
        return self.read.value if self.read is not None and not self.in_error else None

    @property
    def final(self) -> float | None:
        """The score that counts: the Nucleo's when given, else the computed one."""
        return self.override.granted if self.override is not None else self.score

    @property
    def provisional(self) -> bool:
        """The score may change once the sector corrects its return (an error on the row); a
        score the Nucleo granted is not."""
        return self.flawed and self.override is None


@dataclass
class PhaseResult:
    """A phase as scored: the progress read, its weight in the objective (rescaled to 100 among
    the measured phases), and in an intermediate period its expected progress and timing."""

    phase: Phase
    progress: float | None = None
    read: ReadValue | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    note: str = ""
    weight: float | None = None
    expected: float | None = None
    timing: Timing | None = None
    trace: T = _NO_TRACE
    #: the progress read is in error (see :class:`Flaws`): left out of every score
    in_error: bool = False
    #: an error is on this phase's row (its progress, a date or another cell)
    flawed: bool = False
    #: intermediate periods: past its Fine Prevista and not at 100%
    overdue: Overdue | None = None
    #: the proposed new planned end (intermediate periods), if the sector typed one
    proposed: ReadValue | None = None

    @property
    def provisional(self) -> bool:
        """The phase's part of its objective's score may change once the sector corrects it."""
        return self.flawed


@dataclass
class ObjectiveResult:
    """An objective as scored: its indicators and phases, the indicators' mean and the phases'
    progress, the score with its trace, the Nucleo's score if any, and the number of items
    measured."""

    objective: Objective
    indicators: list[IndicatorResult] = field(default_factory=list)
    phases: list[PhaseResult] = field(default_factory=list)
    indicator_mean: float | None = None
    phase_progress: float | None = None
    score: float | None = None
    trace: T = _NO_TRACE
    override: Override | None = None
    measured: int = 0
    sector_missing: bool = False
    #: computed without values in error, or with an error on one of its rows
    flawed: bool = False
    #: intermediate periods (:mod:`pegxl.results.monitoring`): the computed state and why, the
    #: state the sector declared, its answers (by key: forecast, criticita, actions, proposal,
    #: proposal_reason; each a value read, with its cell) and its overdue and late items
    state: MonitorState | None = None
    state_trace: T = _NO_TRACE
    declared: MonitorState | None = None
    answers: dict[str, ReadValue] = field(default_factory=dict)
    overdue: list[Overdue] = field(default_factory=list)
    late: list[str] = field(default_factory=list)

    @property
    def final(self) -> float | None:
        """The score that counts: the Nucleo's when given, else the computed one."""
        return self.override.granted if self.override is not None else self.score

    @property
    def provisional(self) -> bool:
        """The score may change once the sector corrects its return; a score the Nucleo
        granted is not."""
        return self.flawed and self.override is None

    def answer(self, key: str) -> str:
        """The sector's answer ``key`` as typed (a listed answer as listed), empty when none."""
        read = self.answers.get(key)
        if read is None or read.value is None:
            return ""
        typed = str(read.value.value).strip()
        if key in ("forecast", "declared_state"):
            from pegxl.workbook.layout import choice_of

            return choice_of(key, typed) or ""
        return typed

    @property
    def disagrees(self) -> bool:
        """The declared state is not the computed one (both known)."""
        return self.declared is not None and self.state is not None and self.declared != self.state


@dataclass
class Scores:
    """Everything scored: objectives in plan order (each with its indicators and phases) and the
    roll-ups by level."""

    objectives: list[ObjectiveResult]
    rollups: list[Rollup]

    def indicators(self) -> Iterable[IndicatorResult]:
        """Every indicator result, in plan order."""
        for o in self.objectives:
            yield from o.indicators

    def phases(self) -> Iterable[PhaseResult]:
        """Every phase result, in plan order."""
        for o in self.objectives:
            yield from o.phases


# -- the whole plan ---------------------------------------------------------------------------

#: a row's values read from the counted return of its sector: row id -> column key -> value
Values = Mapping[str, Mapping[str, ReadValue]]


@dataclass(frozen=True)
class Flaws:
    """What the errors found in the counted returns mean for the scores: the values every score
    leaves out (``values``: row id and column key, see
    :func:`~pegxl.returns.validate.values_in_error`), the rows (phases, indicators, objectives)
    with an error finding, and the sectors whose counted return has an error on no row of the
    plan (a missing sheet or column, findings too many to list): every score of theirs is
    provisional."""

    values: frozenset[tuple[str, str]] = frozenset()
    rows: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()

    def excluded(self, read: ReadValue | None) -> bool:
        """Whether the value read is in error (an unreadable value always is)."""
        if read is None:
            return False
        if read.error is not None or read.cell_error is not None:
            return True
        return (read.row_id, read.key) in self.values

    def on_row(self, row_id: str, sector: str) -> bool:
        """Whether an error is on the row ``row_id`` of ``sector``'s return."""
        return row_id in self.rows or sector in self.sectors


class _Scorer:
    """Scores a plan's items from the values read, under the rules; findings go to
    :attr:`found`."""

    def __init__(
        self,
        plan: Plan,
        period: Period,
        rules: Rules,
        overrides: Mapping[str, Override],
        file_of: Mapping[str, str],
        flaws: Flaws,
    ) -> None:
        self.flaws = flaws
        self.plan = plan
        self.period = period
        self.rules = rules
        self.overrides = overrides
        self.file_of = file_of
        self.policy = rules.missing_for(period.policy.missing)
        self.found = Collector(cap=None)
        #: an intermediate period: states, not grades (:mod:`pegxl.results.monitoring`)
        self.monitors = not period.policy.grades
        baseline = rules.baseline_year or (plan.year - 1 if plan.year else 0)
        self.baseline_year = baseline

    def add(self, code: Code, row_id: str, **kw: object) -> None:
        """A finding about the item ``row_id`` (in the file its value came from, if any)."""
        self.found.add(code, row_id=row_id, file=self.file_of.get(row_id), **kw)

    def missing(self, row_id: str, read: ReadValue | None) -> tuple[float | None, T]:
        """A value that is not there, by the period's policy: excluded, zero, or an error. A
        value that was there but could not be read, or is in error, is never counted: not
        measurable, and the score it leaves is provisional."""
        if read is not None and (read.error is not None or read.cell_error is not None):
            return None, tr("trace.unreadable")
        if self.flaws.excluded(read):
            return None, tr("trace.in_error")
        policy = tr(self.period.policy.missing_key)
        cell = {"sheet": read.sheet, "cell": read.cell} if read is not None else {}
        if self.policy == "zero":
            self.add(Code.MISSING_ZERO, row_id, detail=policy, **cell)
            return 0.0, tr("trace.missing_zero", policy=policy)
        if self.policy == "error":
            self.add(Code.MISSING_REQUIRED, row_id, detail=policy, **cell)
            return None, tr("trace.missing_error", policy=policy)
        self.add(Code.MISSING_EXCLUDED, row_id, detail=policy, **cell)
        return None, tr("trace.missing_excluded", policy=policy)

    def indicator(
        self, ind: Indicator, values: Mapping[str, ReadValue], sector: str
    ) -> IndicatorResult:
        """An indicator from its values read (a value in error left out)."""
        read = values.get("achieved")
        note_cell = values.get("note")
        result = IndicatorResult(
            ind, read, note=_text(note_cell), cause=cause_of(_text(values.get("cause"))) or ""
        )
        result.in_error = self.flaws.excluded(read)
        result.flawed = result.in_error or self.flaws.on_row(ind.id, sector)
        achieved = result.achieved
        if not measurable(ind.target):
            result.trace = tr("trace.text_target")
            self.add(Code.NOT_MEASURABLE, ind.id, detail=tr("trace.text_target"))
        elif achieved is None:
            result.score, result.trace = self.missing(ind.id, read)
        else:
            prior = ind.prior_value(self.baseline_year)
            if self.rules.baseline == "prior" and prior is None:
                self.add(Code.BASELINE_MISSING, ind.id, year=self.baseline_year)
            scored = indicator_score(ind, achieved, self.rules, prior)
            result.score, result.trace = scored.score, scored.trace
            for code, params in scored.notes:
                shown = format_value(ind.target) if ind.target else ""
                assert read is not None
                self.add(
                    code,
                    ind.id,
                    sheet=read.sheet,
                    cell=read.cell,
                    raw=read.raw,
                    expected=shown,
                    **params,
                )
        result.outcome, result.gap = outcome_of(ind, achieved, self.rules)
        if self.monitors:
            self.interim_indicator(result, values)
        self.apply_override(ind.id, result)
        return result

    def interim_indicator(self, result: IndicatorResult, values: Mapping[str, ReadValue]) -> None:
        """An indicator at an intermediate period: overdue when its deadline passed and it is
        not done; against a linear share of its target where the rules ask one; else progress
        only (the trace says which)."""
        ind = result.indicator
        result.proposed = _given(values.get("proposed_target"))
        at = self.period.end
        result.overdue = monitoring.overdue_indicator(ind, result.achieved, at)
        kind = ind.kind
        if result.overdue is not None:
            result.timing = Timing.LATE
            result.expectation = result.overdue.why
        elif kind in (Kind.DONE, Kind.DATE):
            deadline = monitoring.deadline_of(ind)
            done = _done(ind, result.achieved)
            if done:
                result.timing = Timing.ON_TIME
            result.expectation = (
                tr("monitor.deadline_ahead", d=f"{deadline:%d/%m/%Y}")
                if deadline is not None and not done
                else tr("monitor.done")
                if done
                else tr("monitor.no_deadline")
            )
        elif self.rules.linear(kind.value):
            year = self.plan.year or at.year
            ok, result.expectation = monitoring.linear_expectation(
                ind, result.achieved, at, year, self.rules.in_line_tolerance
            )
            result.timing = None if ok is None else Timing.ON_TIME if ok else Timing.LATE
        else:
            result.expectation = tr("monitor.no_expectation")

    def apply_override(self, row_id: str, result: IndicatorResult | ObjectiveResult) -> None:
        """The Nucleo's score for ``row_id``, kept beside the computed one and reported."""
        override = self.overrides.get(row_id)
        if override is None:
            return
        result.override = override
        computed = shown_pct(result.score) if result.score is not None else tr("trace.none")
        self.found.add(
            Code.OVERRIDE_APPLIED,
            row_id=row_id,
            file=override.source or None,
            granted=shown_pct(override.granted),
            computed=computed,
            reason=override.reason,
        )

    def phase(self, phase: Phase, values: Mapping[str, ReadValue], sector: str) -> PhaseResult:
        """A phase from its values read (those in error left out), with its expected progress
        and timing (intermediate)."""
        read = values.get("progress")
        start, end = values.get("actual_start"), values.get("actual_end")
        flaws = self.flaws
        result = PhaseResult(
            phase,
            read=read,
            actual_start=None if flaws.excluded(start) else _date(start),
            actual_end=None if flaws.excluded(end) else _date(end),
            note=_text(values.get("note")),
            in_error=flaws.excluded(read),
        )
        result.flawed = (
            result.in_error
            or flaws.excluded(start)
            or flaws.excluded(end)
            or flaws.on_row(phase.id, sector)
        )
        value = read.value if read is not None and not result.in_error else None
        if value is not None and isinstance(value.value, float):
            result.progress = min(max(value.value, 0.0), 100.0)
            result.trace = tr("trace.progress", p=shown_pct(result.progress))
        else:
            result.progress, result.trace = self.missing(phase.id, read)
        if self.period.policy.timing:
            result.expected = expected_progress(phase, self.period.end)
            result.timing = self.timing(result)
        if self.monitors:
            result.overdue = monitoring.overdue_phase(phase, result.progress, self.period.end)
            result.proposed = _given(values.get("proposed_end"))
        return result

    def timing(self, r: PhaseResult) -> Timing | None:
        """In line, late (more than the tolerance behind the expected progress) or not started
        (no progress and no start when it was due)."""
        if r.expected is None:
            return None
        if (r.progress is None or r.progress == 0) and r.actual_start is None and r.expected > 0:
            return Timing.NOT_STARTED
        if r.progress is None:
            return None
        if r.progress < r.expected - self.rules.late_tolerance:
            return Timing.LATE
        return Timing.ON_TIME

    def progress(self, o: Objective, phases: list[PhaseResult]) -> float | None:
        """The weighted progress of an objective's measured phases (their weights rescaled to
        100 and reported when they do not sum to it)."""
        weights, zeroed = phase_weights(o.phases, self.rules)
        if zeroed:
            given = format_number(sum(p.weight or 0 for p in o.phases))
            self.add(Code.UNWEIGHTED_ZERO, o.code, objective=o.code, total=given)
        measured = [(w, r) for w, r in zip(weights, phases, strict=True) if r.progress is not None]
        if not measured:
            return None
        total = sum(w for w, _ in measured)
        if total <= 0:
            measured = [(1.0, r) for _, r in measured]
            total = float(len(measured))
        weighted = any(p.weight is not None for p in o.phases) and self.rules.unweighted == "share"
        if weighted and abs(total - 100) > 1e-6:
            self.add(
                Code.WEIGHTS_NORMALISED,
                o.code,
                objective=o.code,
                total=format_number(round(total, 2)),
            )
        for w, r in measured:
            r.weight = round(w / total * 100, 4)
        return sum(w * (r.progress or 0.0) for w, r in measured) / total

    def objective(self, o: Objective, values: Values, missing_sector: bool) -> ObjectiveResult:
        """An objective: its indicators and phases, then its score by the rules' mode."""
        result = ObjectiveResult(o, sector_missing=missing_sector)
        if missing_sector:
            # nothing computed; but a score the Nucleo granted an indicator of a sector that
            # sent nothing is the Nucleo's judgement (of evidence it had otherwise): applied
            # and reported (SCORE-007, computed "—"), and the objective scored from it, as it
            # would be had the sector sent a return with only that value
            result.indicators = [
                IndicatorResult(i, trace=tr("trace.no_return")) for i in o.indicators
            ]
            for r in result.indicators:
                self.apply_override(r.indicator.id, r)
            result.phases = [PhaseResult(p, trace=tr("trace.no_return")) for p in o.phases]
            granted = [r.final for r in result.indicators if r.final is not None]
            if granted:
                result.indicator_mean = sum(granted) / len(granted)
                result.measured = len(granted)
                result.score, result.trace = self.combine(result, len(granted))
            else:
                result.trace = tr("trace.no_return")
            self.apply_override(o.code, result)
            return result
        sector = o.sector_code
        result.indicators = [self.indicator(i, values.get(i.id, {}), sector) for i in o.indicators]
        result.phases = [self.phase(p, values.get(p.id, {}), sector) for p in o.phases]
        result.flawed = (
            any(i.provisional for i in result.indicators)
            or any(p.provisional for p in result.phases)
            or self.flaws.on_row(o.code, sector)
        )
        scores = [r.final for r in result.indicators if r.final is not None]
        result.indicator_mean = sum(scores) / len(scores) if scores else None
        result.phase_progress = self.progress(o, result.phases)
        result.measured = len(scores) + sum(1 for p in result.phases if p.progress is not None)
        result.score, result.trace = self.combine(result, len(scores))
        if self.monitors:
            self.interim_state(result, values.get(o.code, {}))
        self.apply_override(o.code, result)
        return result

    def interim_state(self, r: ObjectiveResult, answers: Mapping[str, ReadValue]) -> None:
        """The objective's computed state from its overdue and late items and the sector's
        forecast, the state it declared beside it, and a finding where they disagree."""
        r.answers = {k: v for k, v in answers.items() if v.value is not None}
        items: list[PhaseResult | IndicatorResult] = [*r.phases, *r.indicators]
        r.overdue = [x.overdue for x in items if x.overdue is not None]
        overdue_ids = {x.row_id for x in r.overdue}
        r.late = [
            p.phase.id
            for p in r.phases
            if p.timing in (Timing.LATE, Timing.NOT_STARTED) and p.phase.id not in overdue_ids
        ] + [
            i.indicator.id
            for i in r.indicators
            if i.timing is Timing.LATE and i.indicator.id not in overdue_ids
        ]
        forecast = r.answer("forecast") or None
        r.state = monitoring.state_of(
            len(r.overdue),
            len(r.late),
            r.measured > 0,
            forecast,
            self.rules.critical_overdue,
            self.rules.at_risk_late,
        )
        r.state_trace = monitoring.state_trace(r.state, r.overdue, r.late, forecast)
        declared = r.answer("declared_state")
        r.declared = DECLARED.get(declared)
        if r.disagrees:
            assert r.state is not None and r.declared is not None
            cell = r.answers["declared_state"]
            self.found.add(
                Code.STATE_DISAGREES,
                row_id=r.objective.code,
                file=self.file_of.get(r.objective.code) or self.file_of.get(cell.row_id),
                sheet=cell.sheet,
                cell=cell.cell,
                raw=declared,
                expected=tr(f"mstate.{r.state.value}"),
                detail=r.state_trace,
            )

    def combine(self, r: ObjectiveResult, n: int) -> tuple[float | None, T]:
        """The objective's score from its indicators' mean and its phases' progress."""
        mean, progress, cap = r.indicator_mean, r.phase_progress, self.rules.objective_cap
        if self.rules.objective_mode == "blend":
            parts = [
                (w, x)
                for w, x in (
                    (self.rules.indicators_weight, mean),
                    (self.rules.phases_weight, progress),
                )
                if x is not None and w > 0
            ]
            if not parts:
                return None, tr("trace.objective_none")
            s = min(sum(w * x for w, x in parts) / sum(w for w, _ in parts), cap)
            return s, tr(
                "trace.objective_blend",
                wi=format_number(self.rules.indicators_weight),
                mi=shown_pct(mean) if mean is not None else tr("trace.none"),
                wp=format_number(self.rules.phases_weight),
                mp=shown_pct(progress) if progress is not None else tr("trace.none"),
                s=shown_pct(s),
            )
        if mean is not None:
            s = min(mean, cap)
            return s, tr("trace.objective_indicators", n=n, s=shown_pct(s))
        if progress is not None:
            s = min(progress, cap)
            return s, tr("trace.objective_phases", s=shown_pct(s))
        return None, tr("trace.objective_none")


def _text(read: ReadValue | None) -> str:
    """The text of a note cell (empty when there is none)."""
    return "" if read is None or read.value is None else str(read.value.value).strip()


def _given(read: ReadValue | None) -> ReadValue | None:
    """A value read only when it holds something."""
    return read if read is not None and read.value is not None else None


def _done(ind: Indicator, achieved: Value | None) -> bool:
    """Whether a Fatto/Non fatto or date indicator is done: Fatto, or a date by its target."""
    if achieved is None:
        return False
    if achieved.kind is Kind.DONE:
        return bool(achieved.value)
    t = ind.target
    if achieved.kind is Kind.DATE and t is not None and isinstance(t.value, date):
        return isinstance(achieved.value, date) and achieved.value <= t.value
    return False


def _date(read: ReadValue | None) -> date | None:
    """The date of a date cell, if it could be read."""
    value = read.value.value if read is not None and read.value is not None else None
    return value if isinstance(value, date) else None


def score_plan(
    plan: Plan,
    period: Period,
    values: Values,
    rules: Rules,
    *,
    missing_sectors: Iterable[str] = (),
    overrides: Mapping[str, Override] | None = None,
    file_of: Mapping[str, str] | None = None,
    flaws: Flaws | None = None,
) -> tuple[Scores, list[Finding]]:
    """Score every objective of ``plan`` from ``values`` (the counted returns' values by row id)
    and roll them up. ``missing_sectors`` sent nothing: their objectives are not measurable (one
    finding per sector). ``file_of`` names the file each row's value came from; ``flaws`` says
    which values are in error (left out) and which rows have errors (their scores
    provisional)."""
    scorer = _Scorer(plan, period, rules, overrides or {}, file_of or {}, flaws or Flaws())
    missing = set(missing_sectors)
    results = [scorer.objective(o, values, o.sector_code in missing) for o in plan.objectives]
    for code in sorted(missing):
        n = len(plan.objectives_of(code))
        if n:
            scorer.found.add(Code.SECTOR_NOT_MEASURED, raw=code, n=n, row_id=code)

    grades = period.policy.grades
    return Scores(results, rollups(plan, results, rules, grades)), scorer.found.done()

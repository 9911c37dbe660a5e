"""Roll-ups of the objectives' scores: by sector, valore pubblico, mandate, mission and program
objective, and for the whole entity.

Each group gets the weighted and the plain mean of its measured objectives (both shown: the
reference systems use either, see ``scoring-references.md``) and the count of objectives in
each status; an objective whose score is provisional (computed without values in error) is
counted apart, never in a status, and makes its group's means provisional.

An objective's weight is the rules' own for its code, else the number of its items
measured (``weights = "items"``) or 1 (``"equal"``); a not measurable objective leaves both
means, and is counted as *Non valutabile*.

The bands (:class:`Status`: Raggiunto ≥ ``band_achieved``, Parzialmente raggiunto ≥
``band_partial``) are here, with the counts that use them; the scoring reads them from here,
and this module reads of a scored objective only what :class:`Member` says (no import of the
scoring: the roll-ups sit below it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from pegxl.model import Objective, Plan
from pegxl.results.monitoring import MonitorState
from pegxl.results.rules import Rules

__all__ = [
    "FINAL_BANDS",
    "INTERIM_BANDS",
    "LEVELS",
    "Member",
    "Rollup",
    "Status",
    "band_of",
    "group",
    "objective_weight",
    "rollups",
    "status_of",
]


class Status(StrEnum):
    """The outcome of a score by the bands of the rules."""

    ACHIEVED = "raggiunto"
    PARTIAL = "parzialmente"
    NOT_ACHIEVED = "non_raggiunto"
    NOT_MEASURABLE = "non_valutabile"


def status_of(score: float | None, rules: Rules) -> Status:
    """The band of a score: Raggiunto, Parzialmente raggiunto, Non raggiunto; no score is Non
    valutabile."""
    if score is None:
        return Status.NOT_MEASURABLE
    if score >= rules.band_achieved:
        return Status.ACHIEVED
    if score >= rules.band_partial:
        return Status.PARTIAL
    return Status.NOT_ACHIEVED


#: the bands objectives are counted in: the grades of the final report, the states of an
#: intermediate period (with Non valutabile for an objective with nothing to judge)
FINAL_BANDS: tuple[str, ...] = tuple(Status)
INTERIM_BANDS: tuple[str, ...] = (*tuple(MonitorState), Status.NOT_MEASURABLE)


def band_of(r: Member, rules: Rules, grades: bool) -> str:
    """An objective's band: its grade by the rules' thresholds (a period that grades), else
    its computed state (Non valutabile when there is nothing to judge)."""
    if grades:
        return status_of(r.final, rules)
    return r.state if r.state is not None else Status.NOT_MEASURABLE


class Member(Protocol):
    """What a roll-up reads of an objective as scored
    (:class:`pegxl.results.scoring.Member`)."""

    @property
    def objective(self) -> Objective:
        """The objective of the plan."""

    @property
    def measured(self) -> int:
        """How many of its items were measured."""

    @property
    def final(self) -> float | None:
        """Its score, the Nucleo's where it gave one."""

    @property
    def provisional(self) -> bool:
        """Its score may change once a sector corrects a return."""

    @property
    def state(self) -> MonitorState | None:
        """Its computed state, in an intermediate period."""


@dataclass
class Rollup:
    """The objectives of one group (a sector, a valore pubblico, a mandate, mission or program
    objective, the entity): how many, how many measured, the weighted and the plain mean of
    their scores, and how many are in each status."""

    level: str
    key: str
    label: str
    objectives: int = 0
    measured: int = 0
    weighted: float | None = None
    plain: float | None = None
    #: the bands its objectives are counted in: grades (final report) or states (interim)
    bands: tuple[str, ...] = FINAL_BANDS
    #: objectives in each band, those with a provisional score apart (:attr:`provisional`)
    counts: dict[str, int] = field(default_factory=dict)
    #: objectives whose score is provisional: the means are provisional when there is one
    provisional: int = 0

    @property
    def is_provisional(self) -> bool:
        """The group's means include a provisional score."""
        return self.provisional > 0


#: the levels of the roll-ups, in the order they are shown
LEVELS = ("sector", "valore_pubblico", "mandate", "mission", "program")


def objective_weight(r: Member, rules: Rules) -> float:
    """An objective's weight in the means: the rules' own for its code, else the number of its
    items measured (``items``) or 1 (``equal``)."""
    if r.objective.code in rules.objective_weights:
        return rules.objective_weights[r.objective.code]
    return float(max(r.measured, 1)) if rules.weights == "items" else 1.0


def _group_keys(plan: Plan, o: Objective) -> dict[str, tuple[str, str]]:
    """The group of an objective at each level: (key, label)."""
    try:
        sector_name = plan.sector(o.sector_code).name
    except KeyError:
        sector_name = ""
    return {
        "sector": (o.sector_code, sector_name),
        "valore_pubblico": (o.valore_pubblico, o.valore_pubblico),
        "mandate": (o.mandate.code or str(o.mandate), str(o.mandate)),
        "mission": (o.mission.code or str(o.mission), str(o.mission)),
        "program": (o.program.code or str(o.program), str(o.program)),
    }


def rollups(
    plan: Plan, results: Sequence[Member], rules: Rules, grades: bool = True
) -> list[Rollup]:
    """The roll-ups of the objectives by level (groups in order of first appearance in the
    plan), then the entity; its objectives counted by grade (``grades``) or by computed state
    (an intermediate period)."""
    groups: dict[tuple[str, str], tuple[Rollup, list[Member]]] = {}
    for r in results:
        for level, (key, label) in _group_keys(plan, r.objective).items():
            if not key:
                continue
            entry = groups.setdefault((level, key), (Rollup(level, key, label), []))
            entry[1].append(r)
    out = []
    for level in LEVELS:
        for (lv, _), (rollup, members) in groups.items():
            if lv == level:
                out.append(_fill(rollup, members, rules, grades))
    out.append(_fill(Rollup("entity", "", plan.entity), list(results), rules, grades))
    return out


def group(level: str, key: str, label: str, members: Sequence[Member], rules: Rules) -> Rollup:
    """The roll-up of any group of objectives (the objectives of one responsabile, for the
    Relazione), counted and averaged as every level is."""
    return _fill(Rollup(level, key, label), members, rules, True)


def _fill(rollup: Rollup, members: Sequence[Member], rules: Rules, grades: bool) -> Rollup:
    """Count and average a group's objectives."""
    rollup.bands = FINAL_BANDS if grades else INTERIM_BANDS
    rollup.counts = dict.fromkeys(rollup.bands, 0)
    rollup.objectives = len(members)
    scored = [(objective_weight(r, rules), r.final) for r in members if r.final is not None]
    rollup.measured = len(scored)
    for r in members:
        if r.provisional:
            rollup.provisional += 1
        else:
            rollup.counts[band_of(r, rules, grades)] += 1
    if scored:
        rollup.plain = sum(s for _, s in scored) / len(scored)
        total = sum(w for w, _ in scored)
        rollup.weighted = sum(w * s for w, s in scored) / total if total > 0 else rollup.plain
    return rollup

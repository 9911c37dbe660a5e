"""Roll-ups of the objectives' scores: by sector, valore pubblico, mandate, mission and program
objective, and for the whole entity.

Each group gets the weighted and the plain mean of its measured objectives (both shown: the
reference systems use either, see ``scoring-references.md``) and the count of objectives in
each status; an objective whose score is provisional (computed without values in error) is
counted apart, never in a status, and makes its group's means provisional.

An objective's weight is the rules' own for its code, else the number of its items
measured (``weights = "items"``) or 1 (``"equal"``); a not measurable objective leaves both
means, and is counted as *Non valutabile*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pegxl.model import Objective, Plan
from pegxl.results.rules import Rules
from pegxl.results.scoring import ObjectiveResult, Status, status_of

__all__ = ["LEVELS", "Rollup", "group", "objective_weight", "rollups"]


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
    #: objectives in each status, those with a provisional score apart (:attr:`provisional`)
    counts: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    #: objectives whose score is provisional: the means are provisional when there is one
    provisional: int = 0

    @property
    def is_provisional(self) -> bool:
        """The group's means include a provisional score."""
        return self.provisional > 0


#: the levels of the roll-ups, in the order they are shown
LEVELS = ("sector", "valore_pubblico", "mandate", "mission", "program")


def objective_weight(r: ObjectiveResult, rules: Rules) -> float:
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


def rollups(plan: Plan, results: Sequence[ObjectiveResult], rules: Rules) -> list[Rollup]:
    """The roll-ups of the objectives by level (groups in order of first appearance in the
    plan), then the entity."""
    groups: dict[tuple[str, str], tuple[Rollup, list[ObjectiveResult]]] = {}
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
                out.append(_fill(rollup, members, rules))
    out.append(_fill(Rollup("entity", "", plan.entity), list(results), rules))
    return out


def group(
    level: str, key: str, label: str, members: Sequence[ObjectiveResult], rules: Rules
) -> Rollup:
    """The roll-up of any group of objectives (the objectives of one responsabile, for the
    Relazione), counted and averaged as every level is."""
    return _fill(Rollup(level, key, label), members, rules)


def _fill(rollup: Rollup, members: Sequence[ObjectiveResult], rules: Rules) -> Rollup:
    """Count and average a group's objectives."""
    rollup.objectives = len(members)
    scored = [(objective_weight(r, rules), r.final) for r in members if r.final is not None]
    rollup.measured = len(scored)
    for r in members:
        if r.provisional:
            rollup.provisional += 1
        else:
            rollup.counts[status_of(r.final, rules)] += 1
    if scored:
        rollup.plain = sum(s for _, s in scored) / len(scored)
        total = sum(w for w, _ in scored)
        rollup.weighted = sum(w * s for w, s in scored) / total if total > 0 else rollup.plain
    return rollup

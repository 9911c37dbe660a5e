"""The plan as frozen dataclasses: Plan, Sector, Objective, Phase, Indicator. No I/O here.

Stable ids are derived from the objective code and the position of the row inside its objective:
``2025_S07_01/F1`` is the first phase of objective ``2025_S07_01``, ``2025_S07_01/I3`` its third
indicator. They are written into the plan workbook and read back from it, so they never change when
the same plan is loaded again (see :func:`phase_id`, :func:`indicator_id`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from dataclasses import field as _field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from pegxl.i18n import T, text, tr
from pegxl.kinds import achieved_kind
from pegxl.periods import POLICIES, PeriodKind, PeriodPolicy, default_kind
from pegxl.values import Kind, Value

_T = TypeVar("_T")

__all__ = [
    "Direction",
    "Indicator",
    "Link",
    "Objective",
    "Period",
    "PeriodKind",
    "Phase",
    "Plan",
    "PriorValue",
    "Sector",
    "Variation",
    "indicator_id",
    "phase_id",
]


#: The sheet of each part of a plan: the same names in the plan workbook and in a sector's
#: workbook (Italian in both languages: they name the parts of the PEG report).
OBJECTIVES_SHEET, PHASES_SHEET, INDICATORS_SHEET = "Obiettivi", "Fasi", "Indicatori"


class Direction(StrEnum):
    """Whether a higher or a lower achieved value is better."""

    HIGHER = "higher"
    LOWER = "lower"


DIRECTION_LABELS = {
    Direction.HIGHER: ("crescente", "higher"),
    Direction.LOWER: ("decrescente", "lower"),
}


def phase_id(objective_code: str, position: int) -> str:
    """The stable id of the ``position``-th (1-based) phase of an objective."""
    return f"{objective_code}/F{position}"


def indicator_id(objective_code: str, position: int) -> str:
    """The stable id of the ``position``-th (1-based) indicator of an objective."""
    return f"{objective_code}/I{position}"


@dataclass(frozen=True)
class Link:
    """A link to the DUP hierarchy (mandate, mission or program objective): code and label."""

    code: str = ""
    label: str = ""

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()


@dataclass(frozen=True)
class Sector:
    """A Settore / Centro di Responsabilità: the unit that receives one workbook."""

    code: str
    name: str
    assessorato: str = ""
    responsabile: str = ""
    email: str = ""


@dataclass(frozen=True)
class Phase:
    """A FASE of an objective: planned and actual dates, weight, progress, responsabili."""

    id: str
    objective_code: str
    name: str
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    weight: float | None = None
    progress: float | None = None
    responsabili: tuple[str, ...] = ()
    centro: str = ""
    note: str = ""
    source_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PriorValue:
    """The value achieved in an earlier year (``Valore Raggiunto 2024``)."""

    year: int
    value: Value


@dataclass(frozen=True)
class Indicator:
    """An INDICATORE: description, tipo, target, achieved and prior-year values, direction."""

    id: str
    objective_code: str
    description: str
    tipo: str
    target: Value | None
    achieved: Value | None = None
    prior: tuple[PriorValue, ...] = ()
    note: str = ""
    direction: Direction = Direction.HIGHER
    source_line: int | None = field(default=None, compare=False)

    @property
    def kind(self) -> Kind:
        """The kind of the target, which decides how it is scored."""
        return self.target.kind if self.target is not None else Kind.TEXT

    @property
    def achieved_kind(self) -> Kind:
        """The kind of the value that achieves the target, which decides how an achieved
        value is typed, read and checked (a range of percentages is achieved by a
        percentage)."""
        return achieved_kind(self.target)

    def prior_value(self, year: int) -> Value | None:
        """The value achieved in ``year``, if the plan has one."""
        for p in self.prior:
            if p.year == year:
                return p.value
        return None


@dataclass(frozen=True)
class Objective:
    """An objective (obiettivo esecutivo) of the PEG, owned by one sector."""

    code: str
    title: str
    sector_code: str
    assessorato: str = ""
    responsabile: str = ""
    valore_pubblico: str = ""
    mandate: Link = Link()
    mission: Link = Link()
    program: Link = Link()
    modalita: str = ""
    stato: str = ""
    provisional: bool = False
    phases: tuple[Phase, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    source_line: int | None = field(default=None, compare=False)

    @property
    def weight_total(self) -> float:
        """Sum of the phase weights (missing weights count as 0)."""
        return sum(p.weight or 0.0 for p in self.phases)


#: the fields an approved variation may change, by the kind of row: the model field and the
#: header of the plan workbook's column that holds it (the «Campo» of a «Variazioni» row).
#: Targets, planned dates and weights are what the Giunta varies by an act (art. 6 d.lgs.
#: 150/2009): they change what a sector is measured against, never what is measured. An
#: indicator's kind and direction, and every description, are not here: a varied kind would
#: make the returns already sent unreadable, a varied direction would turn a miss into a success
#: after the fact; a new indicator or phase is a new row of the plan, not a variation.
VARIABLE_FIELDS: dict[str, dict[str, str]] = {
    "I": {"target": "Valore Atteso"},
    "F": {"planned_start": "Inizio Previsto", "planned_end": "Fine Prevista", "weight": "Peso"},
}


@dataclass(frozen=True)
class Variation:
    """A variation of the plan approved by an act (a Giunta deliberation): the row and field it
    varies, the value it replaces and the new one, why, the act and its date. It applies to
    every period that ends on or after the act's date (:meth:`Plan.as_of`)."""

    row_id: str
    field: str  # a model field of VARIABLE_FIELDS
    original: Value | None
    new: Value
    reason: str
    act: str
    act_date: date
    source_line: int | None = _field(default=None, compare=False)

    @property
    def header(self) -> str:
        """The «Campo» of the variation: the plan workbook's header of its field."""
        return VARIABLE_FIELDS[_row_kind(self.row_id)][self.field]

    def applies(self, end: date) -> bool:
        """Whether the variation is in force for a period ending on ``end``."""
        return self.act_date <= end


def _row_kind(row_id: str) -> str:
    """``I`` for an indicator's id, ``F`` for a phase's, ``""`` for anything else."""
    tail = row_id.rpartition("/")[2]
    return tail[:1] if tail[:1] in ("I", "F") and tail[1:].isdigit() else ""


@dataclass(frozen=True)
class Plan:
    """The whole plan: header labels of the export, sectors and objectives in source order."""

    entity: str
    year: int
    view: str = ""
    level: str = ""
    value_label: str = ""
    sectors: tuple[Sector, ...] = ()
    objectives: tuple[Objective, ...] = ()
    #: the act that approved the plan (``Delibera di Giunta n. 45``), its date and the SMVP in
    #: force: what the plan *is* approved by, not what it holds, so they are outside equality
    #: and the fingerprint (correcting an act's number does not make the workbooks already
    #: sent another plan's)
    act: str = field(default="", compare=False)
    act_date: date | None = field(default=None, compare=False)
    smvp: str = field(default="", compare=False)

    def act_line(self, lang: str = "it") -> str:
        """The plan's act as a heading says it (``approvato con Delibera di Giunta n. 45 del
        27/03/2025; SMVP: …``), ``""`` when the plan does not give one."""
        parts = []
        if self.act or self.act_date:
            when = self.act_date.strftime("%d/%m/%Y") if self.act_date else ""
            key = "plan.act_both" if self.act and when else "plan.act_one"
            parts.append(text(key, lang, act=self.act or when, date=when))
        if self.smvp:
            parts.append(text("plan.smvp_line", lang, smvp=self.smvp))
        return "; ".join(parts)

    #: the variations approved during the year («Variazioni»), in order of their acts; not part
    #: of :meth:`fingerprint` (a return generated before a variation still belongs to the plan):
    #: the plan in force for a period is :meth:`as_of` its end
    variations: tuple[Variation, ...] = ()

    def sector(self, code: str) -> Sector:
        """The sector with ``code``; ``KeyError`` if there is none."""
        by_code = self._memo("_sectors_by_code", lambda: {s.code: s for s in self.sectors})
        return by_code[code]

    def objectives_of(self, sector_code: str) -> tuple[Objective, ...]:
        """The objectives owned by a sector, in plan order (indexed once per Plan object: a
        region's plan has thousands of sectors, and every return asks for its own)."""

        def index() -> dict[str, tuple[Objective, ...]]:
            out: dict[str, list[Objective]] = {}
            for o in self.objectives:
                out.setdefault(o.sector_code, []).append(o)
            return {code: tuple(objs) for code, objs in out.items()}

        return self._memo("_objectives_by_sector", index).get(sector_code, ())

    def phases(self) -> Iterator[Phase]:
        """Every phase of the plan, in order."""
        for o in self.objectives:
            yield from o.phases

    def indicators(self) -> Iterator[Indicator]:
        """Every indicator of the plan, in order."""
        for o in self.objectives:
            yield from o.indicators

    def phase_index(self) -> dict[str, Phase]:
        """Every phase by its id (indexed once per Plan object: each return asks)."""
        return self._memo("_phase_index", lambda: {p.id: p for p in self.phases()})

    def indicator_index(self) -> dict[str, Indicator]:
        """Every indicator by its id (indexed once per Plan object: each return asks)."""
        return self._memo("_indicator_index", lambda: {i.id: i for i in self.indicators()})

    def largest_sector_rows(self) -> int:
        """The rows of the largest sector's workbook: its objectives, phases and indicators
        (what the reading limits of a return must allow, worked out once)."""

        def compute() -> int:
            rows: dict[str, int] = {}
            for o in self.objectives:
                n = 1 + len(o.phases) + len(o.indicators)
                rows[o.sector_code] = rows.get(o.sector_code, 0) + n
            return max(rows.values(), default=0)

        return self._memo("_largest_sector_rows", compute)

    def stats(self) -> dict[str, int]:
        """Counts of sectors, objectives, phases and indicators."""
        return {
            "sectors": len(self.sectors),
            "objectives": len(self.objectives),
            "phases": sum(len(o.phases) for o in self.objectives),
            "indicators": sum(len(o.indicators) for o in self.objectives),
        }

    def fingerprint(self) -> str:
        """A SHA-256 of the plan's content (not of its file): same plan ⇒ same fingerprint.

        Computed once per Plan object (it is frozen) and kept."""

        def compute() -> str:
            content = _canonical(self)
            assert isinstance(content, dict)
            content.pop("variations", None)
            blob = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
            return hashlib.sha256(blob.encode("utf-8")).hexdigest()

        return self._memo("_fingerprint", compute)

    def in_force(self, end: date) -> tuple[Variation, ...]:
        """The variations in force for a period ending on ``end``."""
        return tuple(v for v in self.variations if v.applies(end))

    def as_of(self, end: date) -> Plan:
        """The plan in force for a period ending on ``end``: every variation whose act is dated
        on or before it applied (the last one of a field wins), the variations kept. The plan
        itself when none applies, so its fingerprint is the plan's; otherwise the fingerprint
        is that of the varied plan (what ``generate`` writes into that period's workbooks)."""
        base: Plan = self.__dict__.get("_base", self)  # a plan in force: from the plan itself
        if base is not self:
            return base.as_of(end)
        now = self.in_force(end)
        if not now:
            return self
        memo: dict[date, Plan] = self._memo("_as_of", dict)
        if end in memo:
            return memo[end]
        changes: dict[str, dict[str, object]] = {}
        for v in sorted(now, key=lambda v: v.act_date):
            changes.setdefault(v.row_id, {})[v.field] = (
                v.new if v.field == "target" else v.new.value
            )
        objectives = []
        for o in self.objectives:
            if not any(p.id in changes for p in o.phases) and not any(
                i.id in changes for i in o.indicators
            ):
                objectives.append(o)
                continue
            phases = tuple(
                replace(p, **changes[p.id]) if p.id in changes else p  # type: ignore[arg-type]
                for p in o.phases
            )
            indicators = tuple(
                replace(i, **changes[i.id]) if i.id in changes else i  # type: ignore[arg-type]
                for i in o.indicators
            )
            objectives.append(replace(o, phases=phases, indicators=indicators))
        varied = replace(self, objectives=tuple(objectives))
        object.__setattr__(varied, "_base", self)
        memo[end] = varied
        return varied

    @property
    def base(self) -> Plan:
        """The plan as approved, before any variation (itself unless it is a plan in force)."""
        base: Plan = self.__dict__.get("_base", self)
        return base

    def fingerprints(self) -> frozenset[str]:
        """The fingerprints of every plan in force during the year: the plan's own and the one
        after each variation's act (a return or master of any period belongs to the plan)."""
        base = self.base
        return frozenset(
            {base.fingerprint(), *(base.as_of(v.act_date).fingerprint() for v in base.variations)}
        )

    def generated_from(self, fingerprint: str) -> Plan | None:
        """The plan in force during the year whose fingerprint is ``fingerprint`` (what a
        workbook or master of that fingerprint was made from), ``None`` if there is none."""
        base = self.base
        if base.fingerprint() == fingerprint:
            return base
        for v in base.variations:
            plan = base.as_of(v.act_date)
            if plan.fingerprint() == fingerprint:
                return plan
        return None

    def remember_fingerprint(self, fingerprint: str) -> None:
        """Keep the fingerprint :meth:`fingerprint` computed for this plan's content before (the
        plan cache stores it beside the plan: a region's plan takes half a second to hash)."""
        object.__setattr__(self, "_fingerprint", fingerprint)

    def prior_years(self) -> tuple[int, ...]:
        """The prior years shown as columns: those in the plan, at least the two before its year.

        Computed once per Plan object (the reader asks for them on every return)."""

        def compute() -> tuple[int, ...]:
            years = {self.year - 1, self.year - 2} if self.year else set()
            for ind in self.indicators():
                years.update(p.year for p in ind.prior)
            return tuple(sorted(years, reverse=True))

        return self._memo("_prior_years", compute)

    def _memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """A value derived from the plan, computed once: the plan is frozen, so it cannot go
        stale; kept outside the fields, so equality and the fingerprint ignore it."""
        cached = self.__dict__.get(key)
        if cached is None:
            cached = compute()
            object.__setattr__(self, key, cached)
        return cached


#: the fields of each model class that equality looks at, in order (worked out once per class)
_COMPARED: dict[type, tuple[str, ...]] = {}


def _compared(cls: type) -> tuple[str, ...]:
    names = _COMPARED.get(cls)
    if names is None:
        from dataclasses import fields

        names = _COMPARED[cls] = tuple(f.name for f in fields(cls) if f.compare)
    return names


def _canonical(obj: object) -> object:
    """A JSON-able form of model objects that ignores fields excluded from equality (the
    fingerprint's input: a region's plan has hundreds of thousands of values, so the common
    types are tested first and each class's fields worked out once)."""
    if obj is None or isinstance(obj, str | int | float):
        return obj.value if isinstance(obj, StrEnum) else obj
    if isinstance(obj, tuple | list):
        return [_canonical(x) for x in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    cls = type(obj)
    if hasattr(cls, "__dataclass_fields__"):
        return {name: _canonical(getattr(obj, name)) for name in _compared(cls)}
    return obj


@dataclass(frozen=True)
class Period:
    """A monitoring period: the date the values refer to and its kind (whose
    :attr:`policy` says what the period asks and how its values are judged)."""

    end: date
    kind: PeriodKind

    @classmethod
    def of(cls, end: date, kind: PeriodKind | str | None = None) -> Period:
        """A period ending on ``end``; without ``kind``, the kind the day implies (31/12 is
        final, any other date intermediate: :func:`pegxl.periods.default_kind`)."""
        k = default_kind(end.month, end.day) if kind is None else PeriodKind(kind)
        return cls(end, k)

    @property
    def policy(self) -> PeriodPolicy:
        """What a period of this kind asks and how its values are judged."""
        return POLICIES[self.kind]

    @property
    def iso(self) -> str:
        """``2025-06-30``."""
        return self.end.isoformat()

    @property
    def short(self) -> str:
        """``30/06``: used in column headers such as ``Avanzamento al 30/06``."""
        return f"{self.end.day:02d}/{self.end.month:02d}"

    def label(self, lang: str = "it") -> str:
        """``Monitoraggio intermedio al 30/06/2025`` (or English)."""
        d = f"{self.end.day:02d}/{self.end.month:02d}/{self.end.year}"
        return text(self.policy.label_key, lang, d=d)

    def labels(self) -> T:
        """:meth:`label` in both languages, for a message of a finding."""
        return T(self.label("it"), self.label("en"))

    def of_label(self) -> T:
        """The label after "of", with the article its noun takes: ``della Rendicontazione
        finale al 31/12/2025``, ``del Monitoraggio intermedio al 30/06/2025`` (English: ``the
        final report at 31/12/2025``)."""
        d = f"{self.end.day:02d}/{self.end.month:02d}/{self.end.year}"
        return tr(self.policy.of_label_key, d=d)

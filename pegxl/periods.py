"""The kinds of monitoring period, as policy records: one row per kind.

A period kind is not a switch spread over the modules: it is the record of what a period of
that kind asks and how its values are judged. The workbook writer, ``check`` and the scoring read
the record, never the kind's name, so a town that holds one more campaign (a review at 30/09, as
some hold before the year's closing) adds a row to :data:`POLICIES` (a member of
:class:`PeriodKind` for its name, and its texts in the catalogue: ``period.<kind>``,
``period.of.<kind>``, ``period.asks.<kind>``) and every stage follows it.

The fields of a record:

- ``values_due``: every value is due by the end of the period: an empty Valore Raggiunto or
  Avanzamento is a finding of ``check`` (the final report).
- ``end_date_due``: a phase at 100% must have its Fine Effettiva: the workbook marks the cell red
  at the keyboard and ``check`` makes it an error (otherwise a warning).
- ``explain_shortfall``: a result short of its target needs a note saying why.
- ``missing``: which entry of the rules file's ``[missing]`` table scores a value not given
  (``intermediate`` or ``final``; see :meth:`pegxl.results.rules.Rules.missing_for`).
- ``timing``: the expected progress of each phase and its timing (In linea / In ritardo / Non
  avviata) are computed and shown, in the master's tables and in the report.
- ``questions``: the monitoring questions each objective gets a row of input cells for (the
  «Monitoraggio» sheet: declared state, forecast at 31/12, criticità, corrective actions, a
  proposal of rimodulazione and its reason; :data:`MONITORING_QUESTIONS`), as real SMVPs switch
  them per period; none: no such sheet.
- ``proposals``: the structured proposals are asked (a new target on Indicatori, a new planned
  end on Fasi), so that an approved proposal becomes a variation without retyping.
- ``grades``: objectives, sectors and the entity are graded Raggiunto / Parzialmente raggiunto /
  Non raggiunto (the final report only: an intermediate period monitors progress and states,
  DFP 2/2017).
- ``default_on``: the day of the year (month, day) that implies this kind when none is given
  (31/12 is the final report); a date no row claims takes the kind marked ``fallback``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal


class PeriodKind(StrEnum):
    """The name of a period kind, as written in a workbook's metadata and given to ``--kind``."""

    INTERMEDIATE = "intermedio"
    REVIEW = "verifica"
    FINAL = "finale"


#: every monitoring question an objective may be asked, in the order of their columns
MONITORING_QUESTIONS: Final = (
    "declared_state",
    "forecast",
    "criticita",
    "actions",
    "proposal",
    "proposal_reason",
)


@dataclass(frozen=True)
class PeriodPolicy:
    """What a period of one kind asks and how its values are judged (see the module's text)."""

    kind: PeriodKind
    values_due: bool
    end_date_due: bool
    explain_shortfall: bool
    missing: Literal["intermediate", "final"]
    timing: bool
    questions: tuple[str, ...] = ()
    proposals: bool = False
    grades: bool = False
    default_on: tuple[int, int] | None = None
    fallback: bool = False

    @property
    def label_key(self) -> str:
        """The catalogue key of the period's name (``Monitoraggio intermedio al {d}``)."""
        return f"period.{self.kind.value}"

    @property
    def of_label_key(self) -> str:
        """The catalogue key of the name after "of" (``del Monitoraggio intermedio al {d}``)."""
        return f"period.of.{self.kind.value}"

    @property
    def asks_key(self) -> str:
        """The catalogue key of the line of the workbook's instructions saying what the period
        asks."""
        return f"period.asks.{self.kind.value}"

    @property
    def missing_key(self) -> str:
        """The catalogue key naming the rule for missing values, in a trace or a finding."""
        return f"policy.{self.missing}"


_ROWS: Final = (
    PeriodPolicy(
        PeriodKind.INTERMEDIATE,
        values_due=False,
        end_date_due=False,
        explain_shortfall=False,
        missing="intermediate",
        timing=True,
        questions=MONITORING_QUESTIONS,
        proposals=True,
        fallback=True,
    ),
    # a review before the year's closing (30/09): still intermediate in what it asks and how a
    # missing value counts, but a phase declared done must say when it ended, so that the
    # office's last round of reminders works on dated facts
    PeriodPolicy(
        PeriodKind.REVIEW,
        values_due=False,
        end_date_due=True,
        explain_shortfall=False,
        missing="intermediate",
        timing=True,
        questions=MONITORING_QUESTIONS,
        proposals=True,
    ),
    PeriodPolicy(
        PeriodKind.FINAL,
        values_due=True,
        end_date_due=True,
        explain_shortfall=True,
        missing="final",
        timing=False,
        grades=True,
        default_on=(12, 31),
    ),
)

#: the policy of every period kind, by kind
POLICIES: Final[Mapping[PeriodKind, PeriodPolicy]] = MappingProxyType({p.kind: p for p in _ROWS})

#: the kinds' names, in the table's order (the choices of ``--kind``)
KIND_NAMES: Final[tuple[str, ...]] = tuple(p.kind.value for p in _ROWS)


def policy(kind: PeriodKind | str) -> PeriodPolicy:
    """The policy of ``kind`` (its name, or the member); a ``ValueError`` for an unknown name."""
    return POLICIES[PeriodKind(kind)]


def known(name: object) -> PeriodKind | None:
    """The kind named ``name`` (as read from a workbook's metadata), ``None`` if no row has it."""
    return PeriodKind(name) if isinstance(name, str) and name in KIND_NAMES else None


def default_kind(month: int, day: int) -> PeriodKind:
    """The kind a period ending on this day of the year has when none is given: the row that
    claims the day, else the fallback row."""
    for p in _ROWS:
        if p.default_on == (month, day):
            return p.kind
    return next(p.kind for p in _ROWS if p.fallback)

"""The checks a sound plan passes, made the same way whatever the plan came from.

The text import (:mod:`pegxl.plan.pegtext`) and the plan workbook loader
(:mod:`pegxl.plan.workbook_reader`) both build a :class:`~pegxl.model.Plan` and then call
:func:`check`: weights (missing, not summing to 100), planned dates (missing, reversed), fields an
objective should have, indicator types and targets that cannot be measured, provisional codes.
Only *where* differs — a line of the export, or a cell of the plan workbook — and the caller says
it through ``locate``. So whatever ``pegxl import`` writes, ``load`` reports the same findings
about it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from pegxl.findings import Code, Finding, make
from pegxl.i18n import tr
from pegxl.kinds import measurable
from pegxl.model import Objective, Plan
from pegxl.values import format_number

__all__ = ["CODES", "KNOWN_TIPI", "Locate", "check", "normal_tipo", "short", "weight_total"]

#: Indicator types found in Italian SMVP practice; any other is reported (``PLAN-007``).
KNOWN_TIPI = (
    "EFFICIENZA",
    "EFFICACIA",
    "QUALITA",
    "QUANTITATIVO",
    "QUALITATIVO",
    "ECONOMICITA",
    "IMPATTO",
    "TEMPORALE",
)

#: Where a finding about ``(row id, field)`` is: ``{"line": 120}`` for the text export,
#: ``{"sheet": "Fasi", "cell": "F7"}`` for the plan workbook, ``{}`` when unknown. The row id is
#: an objective code, a phase or indicator id, a sector code, or "" for the plan itself.
Locate = Callable[[str, str], dict[str, object]]

#: the codes of the findings these checks make
CODES = frozenset(
    {
        Code.FIELD_MISSING,
        Code.ENTITY_MISSING,
        Code.SECTOR_NAME_MISSING,
        Code.HEADER_LOST,
        Code.NOTHING_TO_MONITOR,
        Code.WEIGHT_MISSING,
        Code.WEIGHT_SUM,
        Code.PLANNED_DATES_MISSING,
        Code.DATES_REVERSED,
        Code.UNKNOWN_TIPO,
        Code.TARGET_TEXT,
    }
)

_OBJECTIVE_FIELDS = ("title", "responsabile", "assessorato", "valore_pubblico", "stato")


def short(text: str, n: int = 70) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, for a message."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@functools.lru_cache(maxsize=256)
def normal_tipo(tipo: str) -> str:
    """The comparison form of an indicator type: upper case, no accents (QUALITÀ → QUALITA)."""
    t = unicodedata.normalize("NFKD", tipo.strip())
    return "".join(ch for ch in t if not unicodedata.combining(ch)).upper()


def weight_total(o: Objective) -> float:
    """The sum of an objective's phase weights (a phase without weight counts 0)."""
    return sum(p.weight or 0.0 for p in o.phases)


def check(plan: Plan, locate: Locate) -> list[Finding]:
    """Every finding the plan checks make about ``plan``, objective by objective in plan order."""
    out: list[Finding] = []

    def add(code: Code, row_id: str, at: str, **kw: object) -> None:
        where = locate(row_id, at)
        out.append(make(code, row_id=row_id or None, **where, **kw))  # type: ignore[arg-type]

    if not plan.entity:
        add(Code.ENTITY_MISSING, "", "entity")
    for s in plan.sectors:
        if not s.name:
            add(Code.SECTOR_NAME_MISSING, s.code, "name", raw=s.code)
    for o in plan.objectives:
        if o.provisional:
            add(Code.HEADER_LOST, o.code, "code", objective=o.code, title=short(o.title))
        for name in _OBJECTIVE_FIELDS:
            if not getattr(o, name):
                add(
                    Code.FIELD_MISSING,
                    o.code,
                    name,
                    objective=o.code,
                    field=tr(f"objective.{name}"),
                )
        if not o.phases and not o.indicators:
            add(Code.NOTHING_TO_MONITOR, o.code, "", objective=o.code)
        for p in o.phases:
            if p.weight is None:
                add(Code.WEIGHT_MISSING, p.id, "weight", objective=o.code, phase=short(p.name))
        if o.phases:
            total = weight_total(o)
            if abs(total - 100.0) > 1e-6:
                add(Code.WEIGHT_SUM, o.code, "weight", objective=o.code, total=format_number(total))
        for p in o.phases:
            if p.planned_start is None and p.planned_end is None:
                add(
                    Code.PLANNED_DATES_MISSING,
                    p.id,
                    "planned_start",
                    objective=o.code,
                    phase=short(p.name),
                )
            for first, a, second, b, at in (
                ("Inizio Previsto", p.planned_start, "Fine Prevista", p.planned_end, "planned_end"),
                ("Inizio Effettivo", p.actual_start, "Fine Effettiva", p.actual_end, "actual_end"),
            ):
                if a and b and a > b:
                    add(
                        Code.DATES_REVERSED,
                        p.id,
                        at,
                        objective=o.code,
                        phase=short(p.name),
                        first=first,
                        a=a.strftime("%d/%m/%Y"),
                        second=second,
                        b=b.strftime("%d/%m/%Y"),
                    )
        for ind in o.indicators:
            tipo_known = normal_tipo(ind.tipo) in KNOWN_TIPI
            target_text = not measurable(ind.target)
            if tipo_known and not target_text:
                continue  # the common case: nothing to say, no message made
            where = tr("where.indicator", name=short(ind.description))
            if not tipo_known:
                add(
                    Code.UNKNOWN_TIPO,
                    ind.id,
                    "tipo",
                    raw=ind.tipo or tr("plan.empty"),
                    where=where,
                    expected=", ".join(KNOWN_TIPI),
                )
            if target_text:
                raw = (
                    tr("plan.empty")
                    if ind.target is None
                    else (ind.target.raw or str(ind.target.value))
                )
                add(Code.TARGET_TEXT, ind.id, "target", raw=raw, where=where)
    return out

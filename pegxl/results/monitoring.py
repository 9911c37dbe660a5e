"""The interim monitoring's own measures: states, not grades (DFP 2/2017).

In a period whose policy does not grade (:mod:`pegxl.periods`: ``grades``), an objective is not
Raggiunto or Non raggiunto: it is **In linea**, **A rischio** or **Critico**, computed here from

* its **overdue items**: a Fatto/Non fatto or date target whose deadline has passed and that is
  not done (the deadline of a Fatto/Non fatto target is the date its description gives,
  «entro il 15/05/2025»; a date target's is its own value), and a phase past its Fine Prevista
  and not at 100%;
* its **late items**: a phase behind its expected progress or not started when due (the
  timing of :mod:`pegxl.results.scoring`), and, where the rules ask a linear expectation for
  the indicator's kind, an indicator behind it;
* the **sector's own forecast** («Raggiungibile al 31/12»).

The rule (``[interim]`` of the rules file sets the threshold): *Critico* when the sector
forecasts No, or at least ``critical_overdue`` items are overdue; *A rischio* when it forecasts
Parzialmente, or any item is overdue, or at least ``at_risk_late`` items are late (default 1:
the DFP guidelines set no threshold; an entity's SMVP may tolerate one late phase among many);
*In linea* otherwise, when anything was measured
or declared; nothing to judge (no return) gives no state. The state the sector declared («Stato
di attuazione») is shown beside it, and where the two disagree the office is told.

Numeric targets are annual: by default no share of them is expected at mid-year (activity is
not linear), so a number below its annual target is progress, not a shortfall; the rules may set
a linear expectation per kind (``number = "linear"``), and the trace says which was used.

Pure functions over the plan's items and the values read: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pegxl.i18n import T, tr
from pegxl.model import Direction, Indicator, Phase
from pegxl.values import Kind, Value, format_number, format_value, shown_pct

__all__ = [
    "DECLARED",
    "MonitorState",
    "Overdue",
    "deadline_of",
    "linear_share",
    "state_of",
]


class MonitorState(StrEnum):
    """An objective's state at an intermediate period, computed or declared."""

    IN_LINE = "in_linea"
    AT_RISK = "a_rischio"
    CRITICAL = "critico"


#: the declared «Stato di attuazione» as a state: In ritardo is A rischio
DECLARED = {
    "In linea": MonitorState.IN_LINE,
    "In ritardo": MonitorState.AT_RISK,
    "Critico": MonitorState.CRITICAL,
}

_DEADLINE = re.compile(
    r"\bentro\s+(?:il\s+|l'|la\s+data\s+del\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b",
    re.IGNORECASE,
)


def deadline_of(ind: Indicator) -> date | None:
    """The date by which an indicator is due: a date target's own value; for a Fatto/Non fatto
    target, the date its description (or note) gives after «entro» (``entro il 15/05/2025``,
    ``entro il 31.5.2025``); ``None`` when it has none."""
    t = ind.target
    if t is None:
        return None
    if t.kind is Kind.DATE:
        return t.value if isinstance(t.value, date) else None
    if t.kind is not Kind.DONE:
        return None
    for source in (ind.description, ind.note):
        m = _DEADLINE.search(source or "")
        if m:
            day, month, year = (int(g) for g in m.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


@dataclass(frozen=True)
class Overdue:
    """An item past its deadline and not done: its row id, the deadline, and why, in words."""

    row_id: str
    deadline: date
    why: T


def overdue_indicator(ind: Indicator, achieved: Value | None, at: date) -> Overdue | None:
    """The indicator as overdue at ``at``: a deadline passed and not done (a Fatto/Non fatto
    target not Fatto; a date target with no date, or a later one)."""
    deadline = deadline_of(ind)
    if deadline is None or deadline >= at:
        return None
    d = f"{deadline:%d/%m/%Y}"
    if ind.target is not None and ind.target.kind is Kind.DONE:
        if achieved is not None and achieved.kind is Kind.DONE and bool(achieved.value):
            return None
        shown = format_value(achieved) if achieved is not None else tr("monitor.not_given")
        return Overdue(ind.id, deadline, tr("monitor.overdue_done", d=d, a=shown))
    got = achieved.value if achieved is not None else None
    if isinstance(got, date) and got <= deadline:
        return None
    shown = format_value(achieved) if achieved is not None else tr("monitor.not_given")
    return Overdue(ind.id, deadline, tr("monitor.overdue_date", d=d, a=shown))


def overdue_phase(phase: Phase, progress: float | None, at: date) -> Overdue | None:
    """The phase as overdue at ``at``: past its Fine Prevista and not at 100%."""
    end = phase.planned_end
    if end is None or end >= at or (progress is not None and progress >= 100):
        return None
    shown = shown_pct(progress) if progress is not None else tr("monitor.not_given")
    return Overdue(phase.id, end, tr("monitor.overdue_phase", d=f"{end:%d/%m/%Y}", p=shown))


def linear_share(at: date, year: int) -> float:
    """The share of the plan's year elapsed at ``at`` (0–1): 30/06 is 181/364 of the year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if at <= start:
        return 0.0
    if at >= end:
        return 1.0
    return (at - start).days / (end - start).days


def linear_expectation(
    ind: Indicator, achieved: Value | None, at: date, year: int, tolerance: float
) -> tuple[bool | None, T]:
    """The indicator against a linear share of its annual target at ``at``: on time (True),
    behind (False) or not known (None), with the sentence that says it."""
    t = ind.target
    share = linear_share(at, year)
    if t is None or not isinstance(t.value, float):
        return None, tr("monitor.no_expectation")
    expected = t.value * share
    shown = format_number(round(expected, 2))
    if achieved is None or not isinstance(achieved.value, float):
        return None, tr("monitor.linear_none", e=shown, share=shown_pct(share * 100))
    a = achieved.value
    margin = abs(expected) * tolerance / 100
    higher = ind.direction is Direction.HIGHER
    ok = a >= expected - margin if higher else a <= expected + margin
    key = "monitor.linear_ok" if ok else "monitor.linear_late"
    return ok, tr(key, e=shown, share=shown_pct(share * 100), a=format_value(achieved))


def state_of(
    overdue: int,
    late: int,
    measured: bool,
    forecast: str | None,
    critical_overdue: int,
    at_risk_late: int = 1,
) -> MonitorState | None:
    """The computed state of an objective (the rule of the module's text)."""
    if forecast == "No" or (overdue and overdue >= critical_overdue):
        return MonitorState.CRITICAL
    if forecast == "Parzialmente" or overdue or (late and late >= at_risk_late):
        return MonitorState.AT_RISK
    if measured or forecast == "Sì":
        return MonitorState.IN_LINE
    return None


def state_trace(
    state: MonitorState | None,
    overdue: list[Overdue],
    late: list[str],
    forecast: str | None,
) -> T:
    """Why the state is what it is, in one sentence: the overdue items, the late ones, the
    forecast."""
    parts: list[T] = []
    if overdue:
        ids = ", ".join(o.row_id.rsplit("/", 1)[-1] for o in overdue[:6])
        parts.append(tr("monitor.trace_overdue", n=len(overdue), ids=ids))
    if late:
        ids = ", ".join(r.rsplit("/", 1)[-1] for r in late[:6])
        parts.append(tr("monitor.trace_late", n=len(late), ids=ids))
    if forecast:
        parts.append(tr("monitor.trace_forecast", f=forecast))
    if not parts:
        parts.append(tr("monitor.trace_nothing"))
    shown = tr(f"mstate.{state.value}") if state is not None else tr("mstate.none")
    it = "; ".join(p.it for p in parts) + f" → {shown.it}"
    en = "; ".join(p.en for p in parts) + f" → {shown.en}"
    return T(it, en)

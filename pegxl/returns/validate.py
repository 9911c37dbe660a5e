"""Rules: Return × Plan → findings about the values a sector typed. Every rule runs; nothing stops
at the first problem.

Each finding names the file, sheet, A1 cell and row id, keeps the raw text typed, says what was
expected and how to fix it. How strict is the period kind's policy (:mod:`pegxl.periods`): the
final report requires every value, a phase at 100% with its end date, and a result short of its
target needs an explanation in the Notes (scostamento).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pegxl.findings import FINDINGS_PER_CODE, Code, Collector, Finding, Severity, parse_error
from pegxl.i18n import CATALOGUE, T, tr
from pegxl.kinds import row
from pegxl.model import PHASES_SHEET, Direction, Indicator, Objective, Period, Plan
from pegxl.returns.reader import ReadValue, Return
from pegxl.values import Kind, Value, format_value
from pegxl.workbook import layout
from pegxl.workbook.data_validation import date_window
from pegxl.workbook.layout import cause_of

__all__ = ["IN_ERROR_EXCEPT", "shortfall", "validate", "values_in_error"]


def _fmt_date(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def shortfall(ind: Indicator, achieved: Value) -> bool:
    """True when ``achieved`` falls short of the indicator's target, by its direction."""
    target = ind.target
    if target is None:
        return False
    return row(target.kind).shortfall(target, achieved, ind.direction is Direction.HIGHER)


class _Validator:
    """The rules applied to one return's values against ``period``: cell by cell, then phase by
    phase and indicator by indicator. Findings go to :attr:`found` (capped per code)."""

    def __init__(
        self, ret: Return, plan: Plan, period: Period, cap: int | None = FINDINGS_PER_CODE
    ) -> None:
        self.ret = ret
        self.plan = plan
        self.period = period
        self.policy = period.policy
        self.form = layout.form_of(period)
        self.found = Collector(ret.path, cap)
        self.indicators = plan.indicator_index()
        self.phases = plan.phase_index()
        self.window = date_window(plan.year or period.end.year)

    def add(self, code: Code, v: ReadValue, severity: Severity | None = None, **kw: Any) -> None:
        """A finding about the cell of ``v`` (its raw text quoted unless given)."""
        kw.setdefault("raw", v.raw)
        self.found.add(code, sheet=v.sheet, cell=v.cell, row_id=v.row_id, severity=severity, **kw)

    def run(self) -> list[Finding]:
        """Every rule on every value; an empty return is one finding and nothing else."""
        required = [v for v in self.ret.values if v.key in ("progress", "achieved")]
        if required and all(not v.raw and v.formula is None for v in required):
            self.found.add(Code.EMPTY_RETURN, sheet=PHASES_SHEET, expected=str(len(required)))
            return self.found.done()
        by_row: dict[str, dict[str, ReadValue]] = {}
        for v in self.ret.values:
            by_row.setdefault(v.row_id, {})[v.key] = v
            self.cell(v)
        for rid, vals in by_row.items():
            if rid in self.phases:
                self.phase(rid, vals)
            elif rid in self.indicators:
                self.indicator(self.indicators[rid], vals)
        if self.form.monitoring and self.ret.sector:
            for o in self.plan.objectives_of(self.ret.sector):
                self.monitoring(o, by_row)
        return self.found.done()

    # -- the monitoring of an objective (intermediate periods) ---------------------------------
    def monitoring(self, o: Objective, by_row: dict[str, dict[str, ReadValue]]) -> None:
        """The rules of an objective's monitoring row and its proposals: a forecast No or
        Parzialmente says what the criticità are; every proposal of rimodulazione (the text, a
        new target, a new end) has its reason; a proposed value differs from the plan's and a
        proposed end is not before the phase's start."""
        row = by_row.get(o.code, {})
        forecast = row.get("forecast")
        answer = layout.choice_of("forecast", _typed(forecast))
        if forecast is not None and answer in ("No", "Parzialmente"):
            crit = row.get("criticita")
            if not _typed(crit).strip():
                self.add(Code.CRITICITA_REQUIRED, crit or forecast, raw=answer)
        proposals: list[ReadValue] = []
        if _typed(row.get("proposal")).strip():
            proposals.append(row["proposal"])
        for p in o.phases:
            pv = by_row.get(p.id, {}).get(layout.PROPOSED_END)
            if pv is None or pv.value is None:
                continue
            proposals.append(pv)
            new_end = pv.value.value
            if isinstance(new_end, date) and new_end == p.planned_end:
                self.add(Code.PROPOSAL_SAME, pv, raw=_fmt_date(new_end))
            elif (
                isinstance(new_end, date)
                and p.planned_start is not None
                and new_end < p.planned_start
            ):
                self.add(
                    Code.PROPOSED_END_EARLY,
                    pv,
                    raw=_fmt_date(new_end),
                    expected=_fmt_date(p.planned_start),
                )
        for ind in o.indicators:
            iv = by_row.get(ind.id, {}).get(layout.PROPOSED_TARGET)
            if iv is None or iv.value is None:
                continue
            proposals.append(iv)
            if ind.target is not None and iv.value.value == ind.target.value:
                self.add(Code.PROPOSAL_SAME, iv, raw=format_value(iv.value))
        reason = row.get("proposal_reason")
        if proposals and not _typed(reason).strip():
            where = ", ".join(f"«{v.column}» {v.sheet}!{v.cell}" for v in proposals[:5])
            if len(proposals) > 5:
                where += ", …"
            target = reason or proposals[0]
            self.found.add(
                Code.PROPOSAL_REASON_REQUIRED,
                sheet=target.sheet,
                cell=target.cell,
                row_id=o.code,
                raw=target.raw,
                detail=where,
            )

    # -- one cell ------------------------------------------------------------------------------
    def cell(self, v: ReadValue) -> None:
        """The rules of one cell: an error or formula, a value that could not be read, a
        percentage outside 0–100, a negative number, a date outside the window or after the
        period."""
        if v.cell_error is not None:
            self.add(Code.CELL_ERROR, v)
            return
        if v.formula is not None:
            if v.value is None and v.error is None and not v.raw:
                self.add(Code.FORMULA_NO_VALUE, v, detail=f"={v.formula}"[:80])
                return
            self.add(Code.FORMULA_USED, v, detail=f"={v.formula}"[:80])
        if v.error is not None:
            self.add(
                Code.VALUE_UNREADABLE,
                v,
                **parse_error(v.error),
            )
            return
        if v.value is None:
            return
        if v.key in layout.UNSCORED_INPUTS and not self.unscored(v):
            return
        if v.from_text:
            self.add(Code.READ_FROM_TEXT, v, value=format_value(v.value))
        val = v.value.value
        if v.kind is Kind.PERCENT and isinstance(val, float) and not 0 <= val <= 100:
            self.add(
                Code.VALUE_OUT_OF_RANGE,
                v,
                detail=tr("validate.percent_range"),
                expected=tr("expect.percent_range"),
            )
        elif v.kind is Kind.NUMBER and isinstance(val, float) and val < 0:
            self.add(
                Code.VALUE_OUT_OF_RANGE,
                v,
                detail=tr("validate.negative"),
                expected=tr("expect.not_negative"),
            )
        elif v.kind is Kind.DATE and isinstance(val, date):
            lo, hi = self.window
            if not lo <= val <= hi:
                self.add(
                    Code.VALUE_OUT_OF_RANGE,
                    v,
                    detail=tr("validate.date_outside"),
                    expected=tr("expect.date_between", lo=_fmt_date(lo), hi=_fmt_date(hi)),
                )
            elif v.key in ("actual_start", "actual_end") and val > self.period.end:
                self.add(Code.DATE_AFTER_PERIOD, v, expected=_fmt_date(self.period.end))

    def unscored(self, v: ReadValue) -> bool:
        """The rules of a monitoring or proposal cell: a listed answer, a bounded text, no
        proposal at the final report; True when the value rules of its kind apply too (a
        proposed target or end is validated like the plan's own values)."""
        typed = _typed(v)
        if v.key in layout.CHOICES:
            if layout.choice_of(v.key, typed) is None and typed.strip():
                choices = " / ".join(layout.CHOICES[v.key])
                self.add(Code.CHOICE_INVALID, v, column=v.column, expected=choices)
            return False
        if v.key in layout.MONITORING_TEXTS and len(typed) > layout.TEXT_LIMIT:
            self.add(
                Code.ANSWER_TOO_LONG,
                v,
                raw=typed[:60] + "…",
                column=v.column,
                n=len(typed),
                expected=layout.TEXT_LIMIT,
            )
        if not self.form.proposals and v.key in layout.PROPOSAL_KEYS and typed.strip():
            shown = format_value(v.value) if v.value is not None else typed
            self.add(Code.PROPOSAL_IN_FINAL, v, raw=shown[:80], period=self.period.labels())
            return False
        return v.key in layout.PROPOSAL_KEYS and v.key != "proposal"

    def missing(self, v: ReadValue, severity: Severity = Severity.ERROR) -> None:
        """A value that is due and was not given."""
        key = f"missing.{v.key}"
        what = tr(key) if key in CATALOGUE else T(v.column, v.column)
        self.add(Code.VALUE_MISSING, v, severity=severity, what=what, expected=v.column)

    # -- a phase -------------------------------------------------------------------------------
    def phase(self, rid: str, vals: dict[str, ReadValue]) -> None:
        """The rules of a phase: progress is due, the end not before the start, a phase at 100%
        has its end, a phase with an end is at 100%."""
        prog, start, end = vals.get("progress"), vals.get("actual_start"), vals.get("actual_end")
        if prog is not None and prog.value is None and prog.error is None and not prog.cell_error:
            self.missing(prog)
        p = prog.value.value if prog is not None and prog.value is not None else None
        s = start.value.value if start is not None and start.value is not None else None
        e = end.value.value if end is not None and end.value is not None else None
        if isinstance(s, date) and isinstance(e, date) and e < s and end is not None:
            self.add(Code.DATES_ORDER, end, raw=_fmt_date(e), expected=_fmt_date(s))
        if p == 100 and e is None and end is not None and end.error is None:
            sev = Severity.ERROR if self.policy.end_date_due else Severity.WARNING
            self.add(Code.DONE_WITHOUT_END, end, severity=sev)
        if isinstance(e, date) and isinstance(p, float) and p < 100 and prog is not None:
            self.add(
                Code.SUSPICIOUS,
                prog,
                detail=tr("validate.ended_not_100", end=_fmt_date(e)),
            )

    # -- an indicator --------------------------------------------------------------------------
    def indicator(self, ind: Indicator, vals: dict[str, ReadValue]) -> None:
        """The rules of an indicator: the value is due at 31/12, a value 100 times the target or
        a fraction typed for a percentage is suspicious, a shortfall at 31/12 needs a note."""
        ach, note = vals.get("achieved"), vals.get("note")
        if ach is None:
            return
        if ach.value is None:
            unread = ach.error is not None or ach.cell_error is not None
            if self.policy.values_due and not unread and ach.formula is None:
                self.missing(ach)
            return
        target = ind.target
        val = ach.value.value
        span = row(target.kind).span(target) if target is not None else None
        if target is not None and span is not None and isinstance(val, float):
            low, high = span
            if high > 0 and val >= 100 * high and val > 100:
                self.add(
                    Code.SUSPICIOUS,
                    ach,
                    detail=tr("validate.hundredfold", target=format_value(target)),
                )
            elif ach.kind is Kind.PERCENT and 0 < val <= 1 and low >= 10:
                pct = format_value(Value(Kind.PERCENT, round(val * 100, 6)))
                self.add(
                    Code.SUSPICIOUS,
                    ach,
                    detail=tr("validate.fraction", pct=pct),
                )
        short = self.policy.explain_shortfall and shortfall(ind, ach.value)
        self.cause(ind, vals.get("cause"), ach, short)
        if short:
            typed = note.value.value if note is not None and note.value is not None else ""
            # the plan's own note, already in the cell, does not explain this year's shortfall
            if not str(typed).strip() or str(typed).strip() == (ind.note or "").strip():
                self.add(
                    Code.NOTE_REQUIRED,
                    note or ach,
                    raw=format_value(ach.value),
                    expected=format_value(target) if target else "",
                )

    def cause(self, ind: Indicator, cause: ReadValue | None, ach: ReadValue, short: bool) -> None:
        """«Causa dello scostamento» (final period): one of the three for every shortfall,
        none where the target is reached."""
        if cause is None or not self.policy.explain_shortfall:
            return  # not a final workbook (or judged as another period's), or no column
        typed = str(cause.value.value).strip() if cause.value is not None else ""
        if typed and cause_of(typed) is None:
            self.add(Code.CAUSE_UNKNOWN, cause, raw=typed[:80])
        elif short and not typed:
            assert ach.value is not None
            self.add(
                Code.CAUSE_MISSING,
                cause,
                raw=format_value(ach.value),
                expected=format_value(ind.target) if ind.target else "",
            )
        elif typed and not short and ach.value is not None:
            self.add(Code.CAUSE_WITHOUT_SHORTFALL, cause, raw=typed[:80])


def _typed(v: ReadValue | None) -> str:
    """What a text cell holds (empty when nothing or nothing readable)."""
    if v is None or v.value is None:
        return ""
    return str(v.value.value)


def validate(ret: Return, plan: Plan, period: Period | None = None) -> list[Finding]:
    """The findings about the values of ``ret`` (its own period unless ``period`` is given),
    against the plan in force at the period's end (the approved variations applied)."""
    period = period or ret.period
    if period is None or ret.rejected:
        return []
    return _Validator(ret, plan.as_of(period.end), period).run()


#: error findings on a value's cell that do not say the value itself is wrong: a shortfall
#: without its explanation (the value stands; the note is missing, and when the Note column
#: itself is missing the finding falls on the value's cell)
IN_ERROR_EXCEPT = frozenset({Code.NOTE_REQUIRED})


def values_in_error(ret: Return, plan: Plan, period: Period) -> set[tuple[str, str]]:
    """The cells (sheet, cell) of ``ret``'s values that an error finding condemns — one that
    could not be read or holds an error, and every one the value rules call an error (a
    Valore Raggiunto of −400, a percentage or a progress of 150, an end before the start, a
    date after the period): the values every score leaves out. The rules run again without the
    cap on findings per code (:data:`~pegxl.findings.FINDINGS_PER_CODE`), so the 201st value in
    error is left out like the first."""
    cells = {(v.sheet, v.cell) for v in ret.values if v.error is not None or v.cell_error}
    if ret.rejected:
        return cells
    for f in _Validator(ret, plan, period, cap=None).run():
        if f.severity is Severity.ERROR and f.code not in IN_ERROR_EXCEPT and f.cell:
            cells.add((f.sheet or "", f.cell))
    return cells


def unscored_cells(ret: Return) -> set[tuple[str, str]]:
    """The cells (sheet, cell) of ``ret``'s monitoring and proposal inputs (declared state,
    forecast, criticità, proposals): never scored, so an error on one makes no score
    provisional."""
    return {(v.sheet, v.cell) for v in ret.values if v.key in layout.UNSCORED_INPUTS}

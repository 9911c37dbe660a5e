"""The feedback workbook of a return: what the sector typed, marked where it is wrong.

A feedback workbook is the sector's workbook generated again from the plan, with what the sector
typed put back into the input cells by row id (the raw text where it could not be read), every
cell with a finding highlighted in red and commented, and a first sheet *Segnalazioni* listing the
findings with links to their cells. It keeps the dropdowns, the protection and valid metadata, so
the sector can correct it and send it back as a new return. It is written for .xlsx and .ods
returns alike, and never touches the original file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, error_detail, make
from pegxl.i18n import tr
from pegxl.model import Period, Plan
from pegxl.outputs import (
    OutputKind,
    OutputRefused,
    Outputs,
    clean_text,
    display_name,
    fit_name,
    write_error,
)
from pegxl.returns.deliveries import Delivery, select_returns
from pegxl.returns.reader import Return
from pegxl.values import Value, fit_to_cell
from pegxl.workbook import layout
from pegxl.workbook.feedback_sheet import Feedback, Target
from pegxl.workbook.writer import GenerateOptions, Prefill, write_sector_workbook

__all__ = [
    "OFFICE_ONLY",
    "SETTLED",
    "FeedbackResult",
    "build_feedback",
    "feedback_kind",
    "feedback_name",
    "for_the_sector",
    "needs_feedback",
    "sector_can_fix",
    "write_feedback",
    "write_feedbacks",
]


#: findings only the performance office can act on: never a reason for a feedback workbook,
#: and never shown to the sector in one (which version counts, a sector that sent nothing, a
#: workbook of another plan or sector, what the command itself wrote)
OFFICE_ONLY = frozenset(
    {
        Code.DUPLICATE_RETURN,
        Code.RETURN_MISSING,
        Code.OTHER_PLAN,
        Code.OTHER_SECTOR,
        Code.SCHEMA_UNSUPPORTED,
        Code.NOT_PEGXL,
        Code.PREFILL_SKIPPED,
        Code.READER_CRASHED,
        Code.OUTPUT_REFUSED,
        Code.OUTPUT_RENAMED,
        Code.OUTPUT_FAILED,
        *(c for c in Code if c.value.startswith("SCORE-")),
    }
)
#: findings a feedback workbook settles by being what it is (protected again, its technical
#: sheet hidden, its sheets and rows where they belong, no macros or links) or that only go
#: with others: listed when a feedback is written, never a reason for one on their own
SETTLED = frozenset(
    {
        Code.META_VISIBLE,
        Code.PROTECTION_REMOVED,
        Code.SHEET_RENAMED,
        Code.ROW_MOVED,
        Code.FILE_MACROS,
        Code.FILE_EXTERNAL_LINKS,
        Code.FILE_EMBEDDED,
        Code.FINDINGS_OMITTED,
    }
)


def for_the_sector(f: Finding) -> bool:
    """Whether a finding belongs in the sector's feedback workbook (not the office's own)."""
    return f.code not in OFFICE_ONLY


def sector_can_fix(f: Finding) -> bool:
    """Whether a finding asks the sector to correct its workbook: an error or a warning about
    what it typed or did to the workbook, not one the feedback settles or the office's own."""
    return (
        f.severity is not Severity.INFO
        and f.code not in OFFICE_ONLY
        and f.code not in SETTLED
        and f.code is not Code.OTHER_PERIOD
    )


def build_feedback(ret: Return, lang: str = "it") -> Feedback:
    """The values and marks of a return, ready for the writer: every finding the sector can
    act on, on the cell it is about (a changed plan cell on that very cell, said as what
    happened: the feedback shows the plan's value again)."""
    values: dict[str, dict[str, object]] = {}
    by_cell: dict[tuple[str, str], tuple[str, str]] = {}
    for v in ret.values:
        by_cell[(v.sheet, v.cell)] = (v.row_id, v.key)
        typed: object = v.value if v.value is not None else v.raw or None  # raw: to correct
        # a text past what a cell holds (a note of 40,000 characters) is cut, and says so
        if isinstance(typed, Value) and isinstance(typed.value, str):
            typed = replace(typed, value=fit_to_cell(typed.value, lang, "feedback.cut"))
        elif isinstance(typed, str):
            typed = fit_to_cell(typed, lang, "feedback.cut")
        if typed is not None:
            values.setdefault(v.row_id, {})[v.key] = typed
    marks: dict[Target, list[str]] = {}
    listed: list[tuple[Finding, Target | None]] = []
    for f in ret.findings:
        if not for_the_sector(f):
            continue
        shown = _for_sector(f)
        target: Target | None = None
        sheet = _canonical_sheet(f.sheet)
        if sheet and f.cell and (sheet, f.cell) in by_cell:
            rid, key = by_cell[(sheet, f.cell)]
            target = (sheet, rid, key)
        elif sheet and f.cell and (f.sheet or "", f.cell) in ret.changed and f.row_id:
            target = (sheet, f.row_id, ret.changed[(f.sheet or "", f.cell)])  # a plan cell
        elif sheet and f.row_id:
            target = (sheet, f.row_id, "")  # the row (a band, a card's text, a whole row)
        if target is not None:
            marks.setdefault(target, []).append(f"{f.code}: {clean_text(shown.message(lang))}")
        listed.append((shown, target))
    return Feedback(display_name(Path(ret.path).name), values, marks, listed)


def _for_sector(f: Finding) -> Finding:
    """A finding as the sector reads it in its feedback workbook: a changed plan cell says
    that the workbook shows the plan's value again (the cell no longer holds what was typed)."""
    if f.code is not Code.LOCKED_CHANGED:
        return f
    if f.expected == tr("reader.original").it:
        message = tr("feedback.row_restored")
    elif f.expected == tr("reader.plan_text").it:
        message = tr("feedback.text_restored", raw=f.raw or "")
    else:
        message = tr("feedback.value_restored", raw=f.raw or "", expected=f.expected or "")
    return f.reworded(message)


def _other_period(ret: Return, expected: Period) -> Feedback:
    """The feedback of a workbook of another period: one message, to the sector, on what to
    send instead and what to keep this workbook for; nothing marked."""
    assert ret.period is not None
    later = ret.period.end > expected.end
    message = tr(
        "feedback.other_period_later" if later else "feedback.other_period_earlier",
        own=ret.period.labels(),
        expected=expected.labels(),
    )
    f = make(Code.OTHER_PERIOD, file=ret.path, raw=ret.period.label(), expected=expected.label())
    shown = f.reworded(message)
    feedback = build_feedback(replace(ret, findings=[]))
    return replace(feedback, marks={}, findings=[(shown, None)], kind="other_period")


def _canonical_sheet(name: str | None) -> str | None:
    """The data sheet a finding points to (a renamed sheet is written back under its name)."""
    return name if name in (*layout.DATA_SHEETS, layout.S_MONITORING) else None


#: characters a file name may not hold on Windows (the sector opens the feedback there)
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SUFFIX = "_riscontro.xlsx"
#: what an earlier feedback left in a name: ``_riscontro``, ``_riscontro_2``, a copy's
#: ``_riscontro (1)`` — a corrected feedback sent back is named after the return, once
_EARLIER = re.compile(r"_riscontro(?:_\d+| ?\(\d+\))?(?=_|$| )", re.IGNORECASE)


def feedback_name(ret: Return) -> str:
    """``<return name>_riscontro.xlsx``: readable (a name that was not UTF-8 is decoded as
    Windows-1252), valid on Windows, short enough for any disk, and ``_riscontro`` once
    however many rounds of feedback the workbook has been through."""
    stem = display_name(Path(ret.path).stem)
    stem = _NOT_IN_NAMES.sub("_", _EARLIER.sub("", stem)).strip() or "scheda"
    return fit_name(stem, _SUFFIX)


def feedback_kind(ret: Return, status: Delivery | None, period: Period | None) -> str | None:
    """What feedback a return gets, if any: ``fix`` (findings the sector can correct),
    ``other_period`` (a workbook of another period: a message to the sector), or ``None``.

    Only a workbook pegxl can read as one of the plan's sectors gets feedback; never a
    version another one supersedes (``status``, the choice of
    :func:`~pegxl.returns.deliveries.select_returns`), one of another plan, or one whose only
    findings are the office's or settled by the feedback itself."""
    if ret.rejected or ret.period is None or not ret.sector:
        return None
    if status in (Delivery.SUPERSEDED, Delivery.OTHER_PLAN, Delivery.REJECTED):
        return None
    if any(f.code is Code.OTHER_PLAN for f in ret.findings):
        return None
    if period is not None and ret.period.end != period.end:
        return "other_period"
    return "fix" if any(sector_can_fix(f) for f in ret.findings) else None


def needs_feedback(
    plan: Plan, ret: Return, status: Delivery | None = None, period: Period | None = None
) -> bool:
    """Whether ``ret`` gets a feedback workbook (:func:`feedback_kind`), its sector being one
    of the plan's."""
    if not ret.sector or not any(s.code == ret.sector for s in plan.sectors):
        return False
    return feedback_kind(ret, status, period) is not None


def write_feedback(
    plan: Plan,
    ret: Return,
    path: str | Path,
    lang: str | None = None,
    outputs: Outputs | None = None,
    period: Period | None = None,
) -> Path:
    """Write the feedback workbook of ``ret`` to ``path`` (which the caller has claimed; the
    file it replaces kept in the archive, ``outputs.kept``); ``period`` is the one the batch
    was checked against (a return of another period gets a message on what to send instead)."""
    assert ret.period is not None and ret.sector is not None
    lang = lang or ret.meta.get("lang", "it")
    prefill = None
    if ret.meta.get("prefill_period"):
        prev = Period.of(date.fromisoformat(ret.meta["prefill_period"]))
        prefill = Prefill(prev, ret.reference)
    other = period is not None and ret.period.end != period.end
    feedback = _other_period(ret, period) if other and period else build_feedback(ret, lang)
    opts = GenerateOptions(lang=lang, prefill=prefill, feedback=feedback)
    return write_sector_workbook(plan, plan.sector(ret.sector), ret.period, path, opts, outputs)


@dataclass
class FeedbackResult:
    """The feedback workbooks written, and the findings about writing them: a name that was
    taken or too long (``FILE-017``), a file that could not be written (``FILE-018``), an
    earlier feedback workbook replaced and kept in the archive (``FILE-025``).
    ``crashed`` says one failed for a reason that is a bug in pegxl."""

    written: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    crashed: bool = False


def write_feedbacks(
    plan: Plan,
    returns: Sequence[Return],
    out_dir: str | Path,
    outputs: Outputs,
    lang: str | None = None,
    period: Period | None = None,
) -> FeedbackResult:
    """The feedback workbook of every return that needs one (:func:`needs_feedback`), into
    ``out_dir``; ``period`` is the one the batch was checked against, and the versions are
    judged as consolidate judges them (a superseded one gets none). One file's trouble is a
    finding on that file; the others are still written. Raises
    :class:`~pegxl.outputs.OutputRefused` only when ``out_dir`` itself cannot be a folder."""
    out = outputs.folder(out_dir, OutputKind.FEEDBACK)
    result = FeedbackResult()
    kept = len(outputs.kept)
    status = {row.path: row.status for row in select_returns(plan, returns, period).rows}
    for ret in returns:
        if not needs_feedback(plan, ret, status.get(ret.path), period):
            continue
        target = out / feedback_name(ret)
        wanted_name = target.name
        try:
            path, why = outputs.claim_free(target, OutputKind.FEEDBACK)
        except OutputRefused as e:
            result.findings.extend(e.findings())
            continue
        if why is not None or path.name != wanted_name:
            detail = why.detail() if why is not None else tr("feedback.too_long_name")
            result.findings.append(
                make(
                    Code.OUTPUT_RENAMED,
                    file=display_name(ret.path),
                    raw=display_name(Path(ret.path).name),
                    expected=path.name,
                    name=wanted_name,
                    detail=detail,
                )
            )
        try:
            result.written.append(write_feedback(plan, ret, path, lang, outputs, period))
        except OSError as e:
            result.findings.append(write_error(path, e))
        except Exception as e:  # a bug: reported on that file, the batch goes on
            result.crashed = True
            result.findings.append(
                make(Code.OUTPUT_FAILED, file=str(path), raw=path.name, detail=error_detail(e))
            )
    result.findings.extend(k.finding() for k in outputs.kept[kept:])  # the earlier ones kept
    return result

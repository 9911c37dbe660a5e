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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pegxl.findings import Code, Finding, error_detail, make
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
from pegxl.returns.reader import Return
from pegxl.workbook import layout
from pegxl.workbook.feedback_sheet import Feedback, Target
from pegxl.workbook.writer import GenerateOptions, Prefill, write_sector_workbook

__all__ = [
    "FeedbackResult",
    "build_feedback",
    "feedback_name",
    "needs_feedback",
    "write_feedback",
    "write_feedbacks",
]


def build_feedback(ret: Return, lang: str = "it") -> Feedback:
    """The values and marks of a return, ready for the writer."""
    values: dict[str, dict[str, object]] = {}
    by_cell: dict[tuple[str, str], tuple[str, str]] = {}
    for v in ret.values:
        by_cell[(v.sheet, v.cell)] = (v.row_id, v.key)
        if v.value is not None:
            values.setdefault(v.row_id, {})[v.key] = v.value
        elif v.raw:
            values.setdefault(v.row_id, {})[v.key] = v.raw  # what was typed, to be corrected
    marks: dict[Target, list[str]] = {}
    listed: list[tuple[Finding, Target | None]] = []
    for f in ret.findings:
        target: Target | None = None
        sheet = _canonical_sheet(f.sheet)
        if sheet and f.cell and (sheet, f.cell) in by_cell:
            rid, key = by_cell[(sheet, f.cell)]
            target = (sheet, rid, key)
        elif sheet and f.cell and f.cell[:1] in ("B", "C") and f.row_id:
            target = (sheet, f.row_id, "")  # a locked cell of the row (name, band, card text)
        elif sheet and f.row_id:
            target = (sheet, f.row_id, "")
        if target is not None:
            marks.setdefault(target, []).append(f"{f.code}: {clean_text(f.message(lang))}")
        listed.append((f, target))
    return Feedback(display_name(Path(ret.path).name), values, marks, listed)


def _canonical_sheet(name: str | None) -> str | None:
    """The data sheet a finding points to (a renamed sheet is written back under its name)."""
    return name if name in layout.DATA_SHEETS else None


#: characters a file name may not hold on Windows (the sector opens the feedback there)
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SUFFIX = "_riscontro.xlsx"


def feedback_name(ret: Return) -> str:
    """``<return name>_riscontro.xlsx``: readable (a name that was not UTF-8 is decoded as
    Windows-1252), valid on Windows, and short enough for any disk."""
    stem = _NOT_IN_NAMES.sub("_", display_name(Path(ret.path).stem)).strip() or "scheda"
    return fit_name(stem, _SUFFIX)


def needs_feedback(plan: Plan, ret: Return) -> bool:
    """A feedback workbook is written for a return with findings that pegxl could read as a
    workbook of one of the plan's sectors (not for a rejected file)."""
    if ret.rejected or ret.period is None or not ret.findings or not ret.sector:
        return False
    return any(s.code == ret.sector for s in plan.sectors)


def write_feedback(
    plan: Plan,
    ret: Return,
    path: str | Path,
    lang: str | None = None,
    outputs: Outputs | None = None,
) -> Path:
    """Write the feedback workbook of ``ret`` to ``path`` (which the caller has claimed; the
    file it replaces kept in the archive, ``outputs.kept``)."""
    assert ret.period is not None and ret.sector is not None
    lang = lang or ret.meta.get("lang", "it")
    prefill = None
    if ret.meta.get("prefill_period"):
        prev = Period.of(date.fromisoformat(ret.meta["prefill_period"]))
        prefill = Prefill(prev, ret.reference)
    opts = GenerateOptions(lang=lang, prefill=prefill, feedback=build_feedback(ret, lang))
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
    returns: Iterable[Return],
    out_dir: str | Path,
    outputs: Outputs,
    lang: str | None = None,
) -> FeedbackResult:
    """The feedback workbook of every return that needs one, into ``out_dir``. One file's
    trouble is a finding on that file; the others are still written. Raises
    :class:`~pegxl.outputs.OutputRefused` only when ``out_dir`` itself cannot be a folder."""
    out = outputs.folder(out_dir, OutputKind.FEEDBACK)
    result = FeedbackResult()
    kept = len(outputs.kept)
    for ret in returns:
        if not needs_feedback(plan, ret):
            continue
        wanted_name = display_name(Path(ret.path).stem) + _SUFFIX
        target = out / feedback_name(ret)
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
            result.written.append(write_feedback(plan, ret, path, lang, outputs))
        except OSError as e:
            result.findings.append(write_error(path, e))
        except Exception as e:  # a bug: reported on that file, the batch goes on
            result.crashed = True
            result.findings.append(
                make(Code.OUTPUT_FAILED, file=str(path), raw=path.name, detail=error_detail(e))
            )
    result.findings.extend(k.finding() for k in outputs.kept[kept:])  # the earlier ones kept
    return result

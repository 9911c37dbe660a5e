"""Reports for people: the feedback workbook of a return (and, later, the master report).

A feedback workbook is the sector's workbook generated again from the plan, with what the sector
typed put back into the input cells by row id (the raw text where it could not be read), every
cell with a finding highlighted in red and commented, and a first sheet *Segnalazioni* listing the
findings with links to their cells. It keeps the dropdowns, the protection and valid metadata, so
the sector can correct it and send it back as a new return. It is written for .xlsx and .ods
returns alike, and never touches the original file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pegxl import layout
from pegxl.findings import Finding
from pegxl.model import Period, Plan
from pegxl.reader import Return
from pegxl.writer import Feedback, GenerateOptions, Prefill, write_sector_workbook

__all__ = ["build_feedback", "feedback_path", "write_feedback"]


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
    marks: dict[tuple[str, str, str], list[str]] = {}
    listed: list[tuple[Finding, tuple[str, str, str] | None]] = []
    for f in ret.findings:
        target: tuple[str, str, str] | None = None
        sheet = _canonical_sheet(f.sheet)
        if sheet and f.cell and (sheet, f.cell) in by_cell:
            rid, key = by_cell[(sheet, f.cell)]
            target = (sheet, rid, key)
        elif sheet and f.cell and f.cell[:1] in ("B", "C") and f.row_id:
            target = (sheet, f.row_id, "")  # a locked cell of the row (name, band, card text)
        elif sheet and f.row_id:
            target = (sheet, f.row_id, "")
        if target is not None:
            marks.setdefault(target, []).append(f"{f.code}: {f.message(lang)}")
        listed.append((f, target))
    return Feedback(Path(ret.path).name, values, marks, listed)


def _canonical_sheet(name: str | None) -> str | None:
    return name if name in layout.DATA_SHEETS else None


def feedback_path(ret: Return, out_dir: str | Path) -> Path:
    """``<return name>_riscontro.xlsx`` in ``out_dir``."""
    return Path(out_dir) / f"{Path(ret.path).stem}_riscontro.xlsx"


def write_feedback(
    plan: Plan, ret: Return, out_dir: str | Path, lang: str | None = None
) -> Path | None:
    """Write the feedback workbook of ``ret`` into ``out_dir``; ``None`` when there is nothing
    to write back (a rejected file, a file of another sector, or a return without findings)."""
    period = ret.period
    if ret.rejected or period is None or not ret.findings or not ret.sector:
        return None
    try:
        sector = plan.sector(ret.sector)
    except KeyError:
        return None
    lang = lang or ret.meta.get("lang", "it")
    prefill = None
    if ret.meta.get("prefill_period"):
        prev = Period.of(date.fromisoformat(ret.meta["prefill_period"]))
        prefill = Prefill(prev, ret.reference)
    opts = GenerateOptions(lang=lang, prefill=prefill, feedback=build_feedback(ret, lang))
    return write_sector_workbook(plan, sector, period, feedback_path(ret, out_dir), opts)

"""Import the text export of the PEG-PIAO report ("PEG-PIAO-SEZ. 2.2 PERFORMANCE") into a Plan.

The export is a page-by-page dump: every page may repeat the header (entity name, the PEG-PIAO
block with the objective code, Assessorato, Centro di Responsabilità, title, Responsabile),
sometimes wrapped in ``**bold**`` markup, or only the title. Tables are tab-separated, and the
phase table lets its fields wander: planned dates, weight and responsabile can sit on the row of
the phase name, on the row of the ``Inizio Effettivo`` placeholders, or on the rows after it.

The importer therefore works in layers: a line classifier (:mod:`.lines`: page header, label,
paragraph, table row, blank), a state machine per objective that fills *slots*
(:mod:`.parser`), and a builder that turns the slots into the model (:mod:`.build`). Then the
plan rules shared with the plan workbook run (:mod:`pegxl.plan.rules`).

Nothing is dropped: an objective whose header page was lost is kept with a provisional code (or
the code of a later continuation page), a line that fits nowhere becomes a ``PLAN-011`` finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pegxl.findings import Code, Finding, make, os_error
from pegxl.i18n import tr
from pegxl.model import Plan
from pegxl.plan import rules as planrules
from pegxl.plan.pegtext.build import Builder
from pegxl.plan.pegtext.parser import Parser
from pegxl.reading import read_at_most

__all__ = ["ImportResult", "decode", "import_text", "parse_text"]


@dataclass
class ImportResult:
    """The outcome of an import: the plan (``None`` if no sound plan could be read) and findings."""

    plan: Plan | None
    findings: list[Finding]


def parse_text(text: str, source: str = "<testo>") -> ImportResult:
    """Parse the text of a PEG-PIAO export. Never raises on bad content: see the findings."""
    p = Parser(text, source)
    p.run()
    if not p.objectives:
        detail = tr("detail.no_objective" if not p.saw_marker else "detail.no_readable_objective")
        return ImportResult(None, [make(Code.NOT_A_PEG_EXPORT, file=source, detail=detail)])
    plan = Builder(p).build()
    lines: dict[str, int | None] = {}
    for o in plan.objectives:
        lines[o.code] = o.source_line
        for ph in o.phases:
            lines[ph.id] = ph.source_line
        for ind in o.indicators:
            lines[ind.id] = ind.source_line

    def locate(row_id: str, key: str) -> dict[str, object]:
        return {"file": source, "line": lines.get(row_id)}

    p.found.extend(planrules.check(plan, locate))
    return ImportResult(plan, sorted(p.found.done(), key=lambda f: f.line or 0))


def decode(data: bytes) -> str:
    """Decode an export: UTF-8 (with or without BOM), else Windows-1252 as saved by Office."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


#: the largest text export read (a region's is a few megabytes): nothing beyond it is read
MAX_EXPORT_BYTES = 64 * 1024 * 1024


def import_text(path: str | Path) -> ImportResult:
    """Read a PEG-PIAO text export from ``path`` into a Plan (see :func:`parse_text`)."""
    path = Path(path)
    try:
        data = read_at_most(path, MAX_EXPORT_BYTES)  # a pipe or a device: refused at once
    except OSError as e:
        return ImportResult(None, [make(Code.FILE_UNREADABLE, file=str(path), detail=os_error(e))])
    if len(data) > MAX_EXPORT_BYTES:
        most = f"{MAX_EXPORT_BYTES:,}".replace(",", ".")
        detail = tr("guard.too_large", size=f"> {most}", most=most)
        return ImportResult(None, [make(Code.NOT_A_PEG_EXPORT, file=str(path), detail=detail)])
    if b"\x00" in data[:4096]:
        return ImportResult(
            None,
            [
                make(
                    Code.NOT_A_PEG_EXPORT,
                    file=str(path),
                    detail=tr("detail.binary"),
                )
            ],
        )
    return parse_text(decode(data), source=str(path))

"""Import the text export of the PEG-PIAO report ("PEG-PIAO-SEZ. 2.2 PERFORMANCE") into a Plan.

The export is a page-by-page dump: every page may repeat the header (entity name, the PEG-PIAO
block with the objective code, Assessorato, Centro di Responsabilità, title, Responsabile),
sometimes wrapped in ``**bold**`` markup, or only the title. Tables are tab-separated, and the
phase table lets its fields wander: planned dates, weight and responsabile can sit on the row of
the phase name, on the row of the ``Inizio Effettivo`` placeholders, or on the rows after it.

The importer therefore works in layers: a line classifier (:mod:`.lines`: page header, label,
paragraph, table row, blank), a state machine per objective that fills *slots*
(:mod:`.parser`), and a builder that turns the slots into the model (:mod:`.build`). Then the
plan checks shared with the plan workbook run (:mod:`pegxl.plan.checks`).

Several exports (one per Valore Pubblico, or per area) make one plan (:func:`import_texts`):
sectors united by code, each objective kept with its own Valore Pubblico, provisional codes
distinct across the exports, one fingerprint. An objective code in two exports, the same export
given twice, or exports of another entity or year are errors naming both files and lines; every
finding names the export it is about as well as the line.

Nothing is dropped: an objective whose header page was lost is kept with a provisional code (or
the code of a later continuation page), a line that fits nowhere becomes a ``PLAN-011`` finding.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, make, os_error
from pegxl.i18n import T, tr
from pegxl.model import Objective, Plan, Sector
from pegxl.outputs import display_name
from pegxl.plan import checks
from pegxl.plan.pegtext.build import Builder
from pegxl.plan.pegtext.lines import norm_key
from pegxl.plan.pegtext.parser import Parser
from pegxl.reading import read_at_most

__all__ = ["ImportResult", "decode", "import_text", "import_texts", "parse_text"]


@dataclass
class ImportResult:
    """The outcome of an import: the plan (``None`` if no sound plan could be read) and findings."""

    plan: Plan | None
    findings: list[Finding]


@dataclass
class _Export:
    """One export of an import: its name as given, its parser (``None`` when it could not be
    read as an export), the plan built from it and the line of each of its row ids."""

    source: str
    parser: Parser | None = None
    plan: Plan | None = None
    lines: dict[str, int | None] = field(default_factory=dict)
    failed: list[Finding] = field(default_factory=list)


def parse_text(text: str, source: str = "<testo>") -> ImportResult:
    """Parse the text of a PEG-PIAO export. Never raises on bad content: see the findings."""
    return _merge([_parse(text, source)])


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
    return import_texts([path])


def import_texts(paths: Sequence[str | Path]) -> ImportResult:
    """Read several PEG-PIAO text exports of one entity and year (one per Valore Pubblico, or
    per area) into one Plan. Never raises on bad content: see the findings.

    No plan is made when an export cannot be read, is not an export, is given twice, or shares
    an objective code with another, or when the exports are of different entities or years:
    a plan missing a Valore Pubblico, or with an objective counted twice, would score the
    entity wrongly without saying so."""
    if not paths:
        raise ValueError("import_texts needs at least one export")
    exports: list[_Export] = []
    seen: dict[str, _Export] = {}
    twice: list[Finding] = []
    for path in paths:
        source = str(path)
        try:
            data = read_at_most(Path(path), MAX_EXPORT_BYTES)  # a pipe, a device: refused
        except OSError as e:
            exports.append(
                _Export(
                    source, failed=[make(Code.FILE_UNREADABLE, file=source, detail=os_error(e))]
                )
            )
            continue
        if len(data) > MAX_EXPORT_BYTES:
            most = f"{MAX_EXPORT_BYTES:,}".replace(",", ".")
            detail = tr("guard.too_large", size=f"> {most}", most=most)
            failed = [make(Code.NOT_A_PEG_EXPORT, file=source, detail=detail)]
            exports.append(_Export(source, failed=failed))
            continue
        why = _not_text(data)
        if why is not None:
            failed = [make(Code.NOT_A_PEG_EXPORT, file=source, detail=why)]
            exports.append(_Export(source, failed=failed))
            continue
        digest = hashlib.sha256(data).hexdigest()
        first = seen.get(digest)
        if first is not None:
            twice.append(_same_twice(first, source))
            continue
        export = _parse(decode(data), source)
        exports.append(export)
        if export.parser is not None:
            seen[digest] = export
    result = _merge(exports)
    if twice:
        result.findings.extend(twice)
        result.plan = None
    return result


def _not_text(data: bytes) -> T | None:
    """Why ``data`` cannot be an export's text, or ``None``: empty, UTF-16 (as Notepad saves
    «Unicode»), a workbook or zip, or binary."""
    if not data.strip():
        return tr("detail.file_empty") if not data else tr("detail.blank_text")
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        b"\x00" in head
        and (head[1::2].count(0) > len(head) // 4 or head[::2].count(0) > len(head) // 4)
    ):
        return tr("detail.utf16")
    if head.startswith(b"PK\x03\x04"):  # .xlsx, .ods, .zip: perhaps the plan workbook itself
        return tr("detail.zip_given")
    if b"\x00" in head:
        return tr("detail.binary")
    return None


def _parse(text: str, source: str) -> _Export:
    """One export read by the parser (not yet built into a plan)."""
    p = Parser(text, source)
    p.run()
    if not p.objectives:
        detail = tr("detail.no_objective" if not p.saw_marker else "detail.no_readable_objective")
        return _Export(source, failed=[make(Code.NOT_A_PEG_EXPORT, file=source, detail=detail)])
    return _Export(source, parser=p)


def _same_twice(first: _Export, source: str) -> Finding:
    """The finding about an export given twice: both files, its objectives with their lines."""
    assert first.parser is not None
    obs = [o for o in first.parser.objectives if o.code is not None]
    shown = [tr("merge.code_at_line", code=o.code, line=o.line) for o in obs[:3]]
    detail = tr("merge.and_others", n=len(obs) - 3) if len(obs) > 3 else None
    parts = [*shown, detail] if detail is not None else shown
    same_file = os.path.realpath(first.source) == os.path.realpath(source)
    return make(
        Code.SAME_EXPORT_TWICE,
        file=source,
        n=len(first.parser.objectives),
        detail=tr("merge.given_twice")
        if same_file
        else tr("merge.same_content", other=display_name(first.source)),
        codes=_join(parts),
    )


def _join(parts: Sequence[object]) -> object:
    """Catalogue texts joined by commas, each language with its own half."""
    from pegxl.i18n import T

    items = [p if isinstance(p, T) else T(str(p), str(p)) for p in parts]
    return T(", ".join(t.it for t in items), ", ".join(t.en for t in items))


def _merge(exports: list[_Export]) -> ImportResult:
    """The plan of the exports: each built in turn (provisional codes and sectors distinct
    across them), checked against the others, then merged and checked by the plan checks."""
    findings: list[Finding] = [f for e in exports for f in e.failed]
    good = [e for e in exports if e.parser is not None]
    if not good:
        return ImportResult(None, findings)
    # real codes first, everywhere: a provisional code of one export is never a real one of
    # another; a real code in two exports is an error naming both
    owner: dict[str, tuple[_Export, int]] = {}
    for e in good:
        assert e.parser is not None
        for ob in e.parser.objectives:
            if ob.code is None:
                continue
            other = owner.get(ob.code)
            if other is None:
                owner[ob.code] = (e, ob.line)
            elif other[0] is not e:
                findings.append(
                    make(
                        Code.OBJECTIVE_IN_TWO_EXPORTS,
                        file=e.source,
                        line=ob.line,
                        row_id=ob.code,
                        raw=ob.code,
                        other_file=display_name(other[0].source),
                        line_a=other[1],
                        line_b=ob.line,
                    )
                )
    taken = set(owner)
    known: dict[str, Sector] = {}
    for e in good:
        assert e.parser is not None
        e.plan = Builder(e.parser, taken, known).build()
        for o in e.plan.objectives:
            taken.add(o.code)
            e.lines[o.code] = o.source_line
            for ph in o.phases:
                e.lines[ph.id] = ph.source_line
            for ind in o.indicators:
                e.lines[ind.id] = ind.source_line
        for sector in e.plan.sectors:
            known.setdefault(sector.code, sector)
    plan, notes = _combine(good)
    findings.extend(notes)

    def locate(row_id: str, key: str) -> dict[str, object]:
        for e in good:
            if row_id in e.lines:
                return {"file": e.source, "line": e.lines[row_id]}
        for e in good:  # a sector, or the plan itself: the first export that has it
            assert e.plan is not None
            if not row_id or any(s.code == row_id for s in e.plan.sectors):
                return {"file": e.source, "line": None}
        return {"file": good[0].source, "line": None}

    plan_findings = checks.check(plan, locate)
    order = {e.source: n for n, e in enumerate(good)}
    for e in good:
        assert e.parser is not None
        findings.extend(e.parser.found.done())
    findings.extend(plan_findings)
    findings.sort(key=lambda f: (order.get(f.file or "", len(order)), f.line or 0))
    if any(f.severity is Severity.ERROR for f in findings if f.code in _REFUSING):
        return ImportResult(None, findings)
    return ImportResult(plan, findings)


#: the findings that leave no plan: an export missing, or the exports not one plan
_REFUSING = frozenset(
    {
        Code.FILE_UNREADABLE,
        Code.NOT_A_PEG_EXPORT,
        Code.OBJECTIVE_IN_TWO_EXPORTS,
        Code.SAME_EXPORT_TWICE,
        Code.EXPORTS_OTHER_ENTITY,
        Code.EXPORTS_OTHER_YEAR,
    }
)


def _combine(exports: list[_Export]) -> tuple[Plan, list[Finding]]:
    """One plan of the exports' plans: the header of the first (the others compared with it),
    sectors united by code (the first spelling kept, another reported), objectives in the order
    of the exports."""
    first = exports[0]
    assert first.plan is not None
    if len(exports) == 1:
        return first.plan, []
    notes: list[Finding] = []
    base = first.plan
    entity, year = base.entity, base.year
    labels: list[str] = []
    sectors: dict[str, Sector] = {}
    objectives: list[Objective] = []
    for e in exports:
        plan = e.plan
        assert plan is not None
        if not entity:
            entity = plan.entity
        elif plan.entity and norm_key(plan.entity) != norm_key(entity):
            notes.append(
                make(
                    Code.EXPORTS_OTHER_ENTITY,
                    file=e.source,
                    other_file=display_name(first.source),
                    raw=plan.entity,
                    expected=entity,
                )
            )
        if not year:
            year = plan.year
        elif plan.year and plan.year != year:
            notes.append(
                make(
                    Code.EXPORTS_OTHER_YEAR,
                    file=e.source,
                    other_file=display_name(first.source),
                    raw=str(plan.year),
                    expected=str(year),
                )
            )
        for name, label in (("view", "Vista"), ("level", "Livello")):
            mine, theirs = getattr(base, name), getattr(plan, name)
            if mine and theirs and norm_key(mine) != norm_key(theirs):
                notes.append(
                    make(
                        Code.EXPORTS_OTHER_VIEW,
                        file=e.source,
                        other_file=display_name(first.source),
                        field=label,
                        raw=theirs,
                        expected=mine,
                    )
                )
        if plan.value_label and norm_key(plan.value_label) not in map(norm_key, labels):
            labels.append(plan.value_label)
        for s in plan.sectors:
            had = sectors.get(s.code)
            if had is None:
                sectors[s.code] = s
                continue
            if s.name and had.name and norm_key(s.name) != norm_key(had.name):
                line = next(
                    (o.source_line for o in plan.objectives if o.sector_code == s.code), None
                )
                notes.append(
                    make(
                        Code.FIELD_CONFLICT,
                        file=e.source,
                        line=line,
                        row_id=s.code,
                        field="Centro di Responsabilità",
                        where=tr("where.sector", code=s.code),
                        a=had.name,
                        b=s.name,
                    )
                )
            sectors[s.code] = Sector(
                code=had.code,
                name=had.name or s.name,
                assessorato=had.assessorato or s.assessorato,
                responsabile=had.responsabile or s.responsabile,
                email=had.email or s.email,
            )
        objectives.extend(plan.objectives)
    merged = Plan(
        entity=entity,
        year=year,
        view=base.view or next((e.plan.view for e in exports if e.plan and e.plan.view), ""),
        level=base.level or next((e.plan.level for e in exports if e.plan and e.plan.level), ""),
        value_label="; ".join(labels),
        sectors=tuple(sectors.values()),
        objectives=tuple(objectives),
    )
    return merged, notes

"""The previous period's values for the next period's workbooks (``generate --prefill``).

The 31/12 workbooks show, in locked "al 30/06" columns, what each sector reported at 30/06 (and
with ``--prefill-inputs`` start the input cells from it). The values come from the master
workbook of the previous period (``pegxl consolidate``: the values the office counted) or from
the returns themselves, each checked like ``pegxl check`` and chosen like ``pegxl consolidate``
chooses them (:func:`~pegxl.returns.deliveries.select_returns`): per sector the latest return
of this plan without errors, of the latest period among them. Every file not used is reported
(``STRUCT-020``) with why.

Only a source of a period before the one generated counts (``STRUCT-031``). A master is
recognised by its seal or, once saved again by Excel or LibreOffice, by its ``pegxl_kind``
property; it is read through the guard and the scanner like any input, with a budget from the
plan (it holds every row of the plan), and its values are checked against the digests it
carries (:mod:`pegxl.results.lineage`): a sector whose values were changed since pegxl wrote
it (``STRUCT-032``), or that holds an ID twice (``STRUCT-033``), gives none. Per sector, the
result says how many values it carries and from which files, and names a sector it carries
none for (``STRUCT-030``).

A workbook whose period asks the monitoring questions (30/09 after 30/06) also gets each
objective's previous answers — declared state, forecast, criticità, corrective actions, proposal
and its reason — in locked «al 30/06» columns of its «Monitoraggio» sheet, from the returns'
«Monitoraggio» or the master's «Obiettivi». A master's answers count only when it vouches for
them with their own digest (:data:`~pegxl.results.lineage.ANSWERS_PROPERTY`): changed since,
its sector gives nothing (``STRUCT-032``); written by a pegxl that did not digest them, they are
not carried (``STRUCT-034``) and the phases' and indicators' values still are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, make
from pegxl.i18n import LANGS, T, text, tr
from pegxl.model import Period, PeriodKind, Plan
from pegxl.outputs import OutputKind, display_name, owned_kind
from pegxl.results import lineage
from pegxl.returns.batch import Scan, check, scanned
from pegxl.returns.reader import Return, ReturnStatus
from pegxl.sheets.book import Book, Sheet
from pegxl.sheets.guard import Limits, check_file
from pegxl.sheets.headers import columns_of
from pegxl.sheets.read import read_book
from pegxl.workbook.layout import CHOICES, choice_of, form_of
from pegxl.workbook.writer import Prefill

__all__ = ["MasterValues", "PrefillResult", "SectorPrefill", "load_prefill", "read_master"]


@dataclass
class SectorPrefill:
    """What the next period's workbooks of one sector show of the previous period: how many
    values, and from which files."""

    sector: str
    values: int
    files: list[str]

    def to_dict(self) -> dict[str, object]:
        """``{"sector", "values", "files"}``."""
        return {"sector": self.sector, "values": self.values, "files": self.files}


@dataclass
class PrefillResult:
    """The prefill built from accepted sources (``None`` if none could be used), findings,
    and per sector of the plan what it carries (:class:`SectorPrefill`, also for a sector it
    carries nothing for)."""

    prefill: Prefill | None
    findings: list[Finding]
    sectors: list[SectorPrefill] = field(default_factory=list)


Values = lineage.Values


def _skip(path: str, why: T) -> Finding:
    return make(Code.PREFILL_SKIPPED, file=path, raw=display_name(Path(path).name), detail=why)


def _not_earlier(path: str, own: Period, period: Period, master: bool) -> Finding:
    """A source of the same period as the workbooks to generate, or a later one: its values
    are not the previous period's (an error for a master, named on purpose; a warning for a
    return among others in a folder)."""
    return make(
        Code.PREFILL_NOT_EARLIER,
        file=path,
        raw=display_name(Path(path).name),
        own=own.labels(),
        expected=period.labels(),
        severity=None if master else Severity.WARNING,
    )


def load_prefill(
    plan: Plan,
    sources: Sequence[str | Path] | Scan,
    fill_inputs: bool = False,
    period: Period | None = None,
    sectors: Sequence[str] | None = None,
) -> PrefillResult:
    """The values of the previous period from masters and returns (folders or files, or a
    :class:`~pegxl.returns.batch.Scan` of them already made, pegxl's outputs kept), for the
    workbooks of ``period`` (of ``sectors``, default all): only sources of a period before it
    count. Every file not used is reported with why, and so is every sector the prefill
    carries nothing for."""
    scan = scanned(sources, skip_outputs=False)
    files = scan.files
    masters = [f for f in files if owned_kind(f) is OutputKind.MASTER]
    others = [f for f in files if f not in masters]
    # the answers of the monitoring questions only where the workbooks ask them
    answers = period is None or form_of(period).monitoring
    findings: list[Finding] = [*scan.findings]  # a subfolder not read, a file given twice
    #: (period, values, file, is a master): a master's values come first
    found: list[tuple[Period, Values, str, bool]] = []
    if others:
        report = check(plan, Scan(others))  # expanded above: not again
        for r in report.returns:
            if r.rejected and any(f.code is Code.NOT_PEGXL for f in r.findings):
                masters.append(Path(r.path))  # perhaps a master saved again by a client
        returns = [r for r in report.returns if Path(r.path) not in masters]
        found += [(*x, False) for x in _from_returns(plan, returns, findings, period, answers)]
    for path in masters:
        master = read_master(plan, path, answers)
        if isinstance(master, T):
            findings.append(_skip(str(path), master))
        elif period is not None and master.period.end >= period.end:
            findings.append(_not_earlier(str(path), master.period, period, master=True))
        else:
            findings.extend(master.findings)
            both = {**master.values, **master.answers}  # by row id: never the same row
            found.append((master.period, both, str(path), True))
    if not found:
        return PrefillResult(None, findings)
    end = max(p.end for p, _, _, _ in found)
    values: Values = {}
    rows = lineage.Rows(plan)
    carried: dict[str, dict[str, int]] = {s: {} for s in rows.sectors}  # sector -> file -> n
    for own, vals, source, _ in sorted(found, key=lambda x: not x[3]):
        if own.end != end:
            findings.append(_skip(source, tr("prefill.earlier", end=f"{end:%d/%m/%Y}")))
            continue
        name = display_name(Path(source).name)
        for row_id, by_key in vals.items():
            have = values.setdefault(row_id, {})
            new = {k: v for k, v in by_key.items() if k not in have}
            have.update(new)
            sector = rows.sector.get(row_id, "")
            if new and sector in carried:
                carried[sector][name] = carried[sector].get(name, 0) + len(new)
    previous = Period.of(end)
    chosen = [
        SectorPrefill(s, sum(by.values()), sorted(by))
        for s, by in carried.items()
        if sectors is None or s in sectors
    ]
    order = {s.code: n for n, s in enumerate(plan.sectors)}
    chosen.sort(key=lambda x: order.get(x.sector, len(order)))
    used = {display_name(Path(f).name) for own, _, f, _ in found if own.end == end}
    names = ", ".join(sorted(used))
    for s in chosen:
        if not s.values:
            findings.append(make(Code.PREFILL_NONE, raw=s.sector, detail=names, at=previous.short))
    return PrefillResult(Prefill(previous, values, fill_inputs), findings, chosen)


#: the values of a return the next period shows, by the row they are on (a proposal of
#: rimodulazione on Fasi or Indicatori is an act of its period: not carried)
_CARRIED = {
    "phase": frozenset({"progress", "actual_start", "actual_end", "note"}),
    "indicator": frozenset({"achieved", "note"}),
}


def _from_returns(
    plan: Plan,
    returns: Sequence[Return],
    findings: list[Finding],
    before: Period | None,
    answers: bool = True,
) -> list[tuple[Period, Values, str]]:
    """The values of the returns that count, by the rules of ``consolidate``: for the latest
    period before ``before`` of this plan's returns without errors, per sector the latest of
    them (with ``answers``, the monitoring answers of each objective too, a listed answer as
    listed)."""
    from pegxl.returns.deliveries import Delivery, select_returns

    fingerprints = plan.fingerprints()  # the plan in force at any date of the year
    usable = [
        r
        for r in returns
        if r.status in (ReturnStatus.OK, ReturnStatus.WARNINGS)
        and r.period is not None
        and r.meta.get("plan_fingerprint") in fingerprints
        and (before is None or r.period.end < before.end)
    ]
    latest = max((r.period for r in usable if r.period), key=lambda p: p.end, default=None)
    selection = select_returns(plan, returns, latest)
    rows = lineage.Rows(plan)
    keys = {
        **dict.fromkeys(rows.phases, _CARRIED["phase"]),
        **dict.fromkeys(rows.kinds, _CARRIED["indicator"]),
        **dict.fromkeys(rows.objectives if answers else (), frozenset(lineage.ANSWERS)),
    }
    out = []
    for row in selection.rows:
        if not row.path:  # a sector that sent nothing: nothing to say here
            continue
        if before is not None and row.period is not None and row.period.end >= before.end:
            findings.append(_not_earlier(row.path, row.period, before, master=False))
            continue
        if row.status is Delivery.COUNTED and row.period is not None:
            values: Values = {}
            for rv in selection.counted[row.sector].values:
                if rv.value is None or rv.key not in keys.get(rv.row_id, ()):
                    continue
                value = rv.value if rv.key == "achieved" else rv.value.value
                if rv.key in lineage.ANSWERS:
                    value = str(value).strip()
                    if rv.key in CHOICES:
                        value = choice_of(rv.key, value) or ""
                    if not value:
                        continue
                values.setdefault(rv.row_id, {})[rv.key] = value
            out.append((row.period, values, row.path))
            continue
        why = {
            Delivery.REJECTED: tr("prefill.rejected"),
            Delivery.COUNTED_WITH_ERRORS: tr("prefill.errors"),
            Delivery.OTHER_PLAN: tr("prefill.other_plan"),
        }.get(row.status)
        if why is None and row.status is Delivery.OTHER_PERIOD and latest is not None:
            why = tr("prefill.earlier", end=f"{latest.end:%d/%m/%Y}")
        findings.append(_skip(row.path, why or row.why))
    return out


# -- a master workbook -------------------------------------------------------------------------


#: the sheets of a master that hold none of the values the next period shows (in any language)
_NOT_READ = frozenset(
    text(f"sheet.{k}", lang)
    for k in ("summary", "rollups", "deliveries", "checks", "rules")
    for lang in LANGS
)
#: the sheet of a master that holds the objectives' monitoring answers (in any language)
_ANSWERS_SHEET = frozenset(text("sheet.objectives", lang) for lang in LANGS)


@dataclass
class MasterValues:
    """What a master of this plan gives the next period: its period, the values it may give
    (a sector whose values were changed since pegxl wrote it, or that holds an ID twice, gives
    none), the findings of its lineage check, and the monitoring answers it may give, by
    objective (those it vouches for)."""

    period: Period
    values: Values
    findings: list[Finding]
    answers: Values = field(default_factory=dict)


def read_master(plan: Plan, path: str | Path, answers: bool = True) -> MasterValues | T:
    """The period and the values of a master workbook of this plan (with ``answers``, the
    monitoring answers of its objectives too), checked against the digests it carries
    (:mod:`pegxl.results.lineage`), or why it cannot be used. It is read with a budget from
    the plan (a master holds every row of the plan), not a return's."""
    limits = Limits.for_master(plan)
    guard = check_file(path, limits)
    if not guard.ok or guard.format is None:
        return tr("prefill.rejected")
    try:
        skip = _NOT_READ if answers else _NOT_READ | _ANSWERS_SHEET
        book = read_book(str(path), guard.format, skip, guard.parts, limits.max_cells)
    except Exception:  # a damaged part the guard could not see
        return tr("prefill.rejected")
    props = book.properties
    if props.get("pegxl_kind") != OutputKind.MASTER.value:
        return tr("prefill.rejected")
    if props.get("pegxl_plan_fingerprint") not in plan.fingerprints():
        return tr("prefill.other_plan")
    try:
        end = date.fromisoformat(props.get("pegxl_period", ""))
    except ValueError:
        return tr("prefill.rejected")
    kind = props.get("pegxl_period_kind")
    period = Period.of(end, kind if kind in {k.value for k in PeriodKind} else None)
    rows = lineage.Rows(plan)
    values, said, twice = _master_values(rows, book, answers)
    findings: list[Finding] = []
    name = display_name(Path(path).name)
    refused: set[str] = set()
    for row_id, places in twice.items():
        sheet, first, again = places
        refused.add(rows.sector.get(row_id, ""))
        findings.append(
            make(
                Code.PREFILL_ID_TWICE,
                file=str(path),
                sheet=sheet,
                cell=f"A{again}",
                row_id=row_id,
                raw=row_id,
                name=name,
                other_row=first,
            )
        )
    carried = {k: v for k, v in props.items() if k.startswith(lineage.DIGEST_PROPERTY)}
    vouched = {k: v for k, v in props.items() if k.startswith(lineage.ANSWERS_PROPERTY)}
    vouched = vouched if answers else {}
    found = lineage.digests(rows, values) if carried else {}
    found_answers = lineage.digests(rows, said) if vouched else {}
    with_answers = {rows.sector.get(k, "") for k in said}
    unvouched: set[str] = set()
    for sector in rows.sectors:
        if sector in refused:
            continue
        # a master of an earlier pegxl carries no digest of its values: nothing to compare with
        changed = bool(carried) and carried.get(lineage.DIGEST_PROPERTY + sector) != found[sector]
        if vouched:
            prop = lineage.ANSWERS_PROPERTY + sector
            changed = changed or vouched.get(prop) != found_answers[sector]
        elif answers and sector in with_answers:  # answers no digest vouches for: not carried
            unvouched.add(sector)
        if changed:
            refused.add(sector)
            findings.append(make(Code.PREFILL_CHANGED, file=str(path), raw=sector, name=name))
        elif sector in unvouched:
            findings.append(
                make(Code.PREFILL_ANSWERS_UNVOUCHED, file=str(path), raw=sector, name=name)
            )
    if refused:
        values = {k: v for k, v in values.items() if rows.sector.get(k) not in refused}
    if refused or unvouched:
        dropped = refused | unvouched
        said = {k: v for k, v in said.items() if rows.sector.get(k) not in dropped}
    return MasterValues(period, values, findings, said)


def _master_values(
    rows: lineage.Rows, book: Book, answers: bool = True
) -> tuple[Values, Values, dict[str, tuple[str, int, int]]]:
    """The phases' and indicators' values of a master, by row id, read from the sheets whose
    header names them; the objectives' monitoring answers (with ``answers``); and each ID found
    twice in a sheet (the sheet, its first row and the repeated one)."""
    names = lineage.header_keys()
    values: Values = {}
    said: Values = {}
    twice: dict[str, tuple[str, int, int]] = {}
    for sheet in book.sheets:
        cols = _columns(sheet, names)
        if "id" not in cols:
            continue
        seen: dict[str, int] = {}
        for r in sheet.rows():
            if r == 1:
                continue
            id_cell = sheet.get(r, cols["id"])
            row_id = str(id_cell.value) if id_cell is not None else ""
            wanted = lineage.wanted(rows, row_id, cols)
            into = values
            if not wanted and answers:
                wanted, into = lineage.wanted_answers(rows, row_id, cols), said
            if not wanted:
                continue
            if row_id in seen:
                twice.setdefault(row_id, (sheet.name, seen[row_id], r))
                continue
            seen[row_id] = r
            for key, kind in wanted.items():
                column = lineage.column_of(key, kind, cols)
                cell = sheet.get(r, cols[column]) if column in cols else None
                value = lineage.value_of(cell.value, cell.fmt, key, kind) if cell else None
                if value is not None:
                    into.setdefault(row_id, {})[key] = value
    return values, said, twice


def _columns(sheet: Sheet, names: Mapping[str, str]) -> dict[str, int]:
    """The columns of a master's table (its header on the first row), by key."""
    return columns_of(((c.col, c.value) for c in sheet.row(1)), names)

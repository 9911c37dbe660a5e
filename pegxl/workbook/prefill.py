"""The previous period's values for the next period's workbooks (``generate --prefill``).

The 31/12 workbooks show, in locked "al 30/06" columns, what each sector reported at 30/06 (and
with ``--prefill-inputs`` start the input cells from it). The values come from the master
workbook of the previous period (``pegxl consolidate``: the values the office counted) or from
the returns themselves, each checked like ``pegxl check`` and chosen like ``pegxl consolidate``
chooses them (:func:`~pegxl.results.deliveries.select_returns`): per sector the latest return
of this plan without errors, of the latest period among them. Every file not used is reported
(``STRUCT-020``) with why.

A master is recognised by its seal or, once saved again by Excel or LibreOffice, by its
``pegxl_kind`` property; it is read through the guard and the scanner like any input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pegxl.cells import read_value
from pegxl.findings import Code, Finding, make
from pegxl.i18n import LANGS, T, text, tr
from pegxl.model import Period, PeriodKind, Plan
from pegxl.outputs import OutputKind, display_name, owned_kind
from pegxl.returns.batch import check, expand_paths
from pegxl.returns.guard import check_file
from pegxl.returns.reader import Return, ReturnStatus
from pegxl.returns.scan import Book, Sheet, read_book
from pegxl.values import Kind, ParseError, Value
from pegxl.workbook.writer import Prefill

__all__ = ["PrefillResult", "load_prefill", "read_master"]


@dataclass
class PrefillResult:
    """The prefill built from accepted sources (``None`` if none could be used) and
    findings."""

    prefill: Prefill | None
    findings: list[Finding]


#: row id -> key (progress, actual_start, actual_end, note, achieved) -> value
Values = dict[str, dict[str, object]]


def _skip(path: str, why: T) -> Finding:
    return make(Code.PREFILL_SKIPPED, file=path, raw=display_name(Path(path).name), detail=why)


def load_prefill(
    plan: Plan, sources: Sequence[str | Path], fill_inputs: bool = False
) -> PrefillResult:
    """The values of the previous period from masters and returns (folders or files), for the
    next period's workbooks; every file not used is reported with why."""
    files = expand_paths(sources)
    masters = [f for f in files if owned_kind(f) is OutputKind.MASTER]
    others = [f for f in files if f not in masters]
    findings: list[Finding] = []
    #: (period, values, file, is a master): a master's values come first
    found: list[tuple[Period, Values, str, bool]] = []
    if others:
        report = check(plan, others)
        for r in report.returns:
            if r.rejected and any(f.code is Code.NOT_PEGXL for f in r.findings):
                masters.append(Path(r.path))  # perhaps a master saved again by a client
        returns = [r for r in report.returns if Path(r.path) not in masters]
        found += [(*x, False) for x in _from_returns(plan, returns, findings)]
    for path in masters:
        master = read_master(plan, path)
        if isinstance(master, T):
            findings.append(_skip(str(path), master))
        else:
            found.append((*master, str(path), True))
    if not found:
        return PrefillResult(None, findings)
    end = max(p.end for p, _, _, _ in found)
    values: Values = {}
    for period, vals, source, _ in sorted(found, key=lambda x: not x[3]):
        if period.end != end:
            findings.append(_skip(source, tr("prefill.earlier", end=f"{end:%d/%m/%Y}")))
            continue
        for row_id, by_key in vals.items():
            values.setdefault(row_id, {}).update(
                {k: v for k, v in by_key.items() if k not in values.get(row_id, {})}
            )
    return PrefillResult(Prefill(Period.of(end), values, fill_inputs), findings)


def _from_returns(
    plan: Plan, returns: Sequence[Return], findings: list[Finding]
) -> list[tuple[Period, Values, str]]:
    """The values of the returns that count, by the rules of ``consolidate``: for the latest
    period of this plan's returns without errors, per sector the latest of them."""
    from pegxl.results.deliveries import Delivery, select_returns

    fingerprint = plan.fingerprint()
    usable = [
        r
        for r in returns
        if r.status in (ReturnStatus.OK, ReturnStatus.WARNINGS)
        and r.period is not None
        and r.meta.get("plan_fingerprint") == fingerprint
    ]
    latest = max((r.period for r in usable if r.period), key=lambda p: p.end, default=None)
    selection = select_returns(plan, returns, latest)
    out = []
    for row in selection.rows:
        if not row.path:  # a sector that sent nothing: nothing to say here
            continue
        if row.status is Delivery.COUNTED and row.period is not None:
            values: Values = {}
            for rv in selection.counted[row.sector].values:
                if rv.value is not None:
                    value = rv.value if rv.key == "achieved" else rv.value.value
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

#: the columns of a master read for the next period, by key: their headers in every language
_KEYS = ("id", "progress", "actual_start", "actual_end", "note", "achieved")
#: the column of the achieved value that holds each kind (a master before 0.2 had one column)
_ACHIEVED_IN = {Kind.DATE: "achieved_date", Kind.DONE: "achieved_text", Kind.TEXT: "achieved_text"}


def _headers() -> dict[str, str]:
    """Header text (any language) -> key; the achieved value's date and text columns too."""
    names = {text(f"mcol.{k}", lang): k for k in _KEYS for lang in LANGS}
    for lang in LANGS:  # as pegxl.results.tables.value_columns names them
        for part in ("date", "text"):
            header = text(f"mcol.part_{part}", lang, name=text("mcol.achieved", lang))
            names[header] = f"achieved_{part}"
    return names


def read_master(plan: Plan, path: str | Path) -> tuple[Period, Values] | T:
    """The period and the values of a master workbook of this plan, or why it cannot be
    used."""
    guard = check_file(path)
    if not guard.ok or guard.format is None:
        return tr("prefill.rejected")
    try:
        book = read_book(str(path), guard.format, frozenset(), guard.parts)
    except Exception:  # a damaged part the guard could not see
        return tr("prefill.rejected")
    props = book.properties
    if props.get("pegxl_kind") != OutputKind.MASTER.value:
        return tr("prefill.rejected")
    if props.get("pegxl_plan_fingerprint") != plan.fingerprint():
        return tr("prefill.other_plan")
    try:
        end = date.fromisoformat(props.get("pegxl_period", ""))
    except ValueError:
        return tr("prefill.rejected")
    kind = props.get("pegxl_period_kind")
    period = Period.of(end, kind if kind in {k.value for k in PeriodKind} else None)
    return period, _master_values(plan, book)


def _master_values(plan: Plan, book: Book) -> Values:
    """The phases' and indicators' values of a master, by row id, read from the sheets whose
    header names them."""
    kinds = {i.id: i.kind for i in plan.indicators()}
    phases = {p.id for p in plan.phases()}
    names = _headers()
    values: Values = {}
    for sheet in book.sheets:
        cols = _columns(sheet, names)
        if "id" not in cols:
            continue
        for r in sheet.rows():
            if r == 1:
                continue
            id_cell = sheet.get(r, cols["id"])
            row_id = str(id_cell.value) if id_cell is not None else ""
            if row_id in phases and "progress" in cols:
                wanted: Mapping[str, Kind] = {
                    "progress": Kind.PERCENT,
                    "actual_start": Kind.DATE,
                    "actual_end": Kind.DATE,
                    "note": Kind.TEXT,
                }
            elif row_id in kinds and "achieved" in cols:
                wanted = {"achieved": kinds[row_id], "note": Kind.TEXT}
            else:
                continue
            for key, kind in wanted.items():
                column = _ACHIEVED_IN.get(kind, key) if key == "achieved" else key
                column = column if column in cols else key  # a master of one column
                cell = sheet.get(r, cols[column]) if column in cols else None
                value = _value(cell.value, cell.fmt, kind) if cell is not None else None
                if value is not None:
                    stored = value if key == "achieved" else value.value
                    values.setdefault(row_id, {})[key] = stored
    return values


def _columns(sheet: Sheet, names: Mapping[str, str]) -> dict[str, int]:
    """The columns of a master's table (its header on the first row), by key."""
    return {names[str(c.value)]: c.col for c in sheet.row(1) if str(c.value) in names}


def _value(v: object, fmt: str, kind: Kind) -> Value | None:
    """A master's cell as a value of ``kind`` (``None`` when it is empty or is not one)."""
    try:
        return read_value(v, fmt, kind)
    except ParseError:
        return None

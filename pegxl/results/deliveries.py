"""Which returns count: per sector the latest valid return of the period, and what became of
every other file.

A campaign's folder holds more than one file per sector (a first version, then a corrected
one; a copy sent twice), files of another monitoring period, files generated from an earlier
plan, and files that are not a return at all. Nothing is dropped in silence: each file gets a
:class:`Delivery` status and the reason, and each sector with no return of the period is listed
as missing.

*Latest* is decided by the time the document says it was last saved (``dcterms:modified`` of an
.xlsx, ``dc:date`` of an .ods: Excel and LibreOffice write it on every save, and it travels
with the file through e-mail and copies), else by the file's own modification time; the
delivery says which. A workbook pegxl wrote and nobody saved carries pegxl's fixed date, which
is no evidence of when it was filled in, so the file's time is used for it. Ties go to the
file name, so the choice never depends on the order the files were given in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, make
from pegxl.i18n import T, tr
from pegxl.model import Period, Plan
from pegxl.outputs import FIXED_DATE, display_name
from pegxl.returns.reader import Return

__all__ = [
    "Delivery",
    "DeliveryRow",
    "Selection",
    "Versions",
    "received_time",
    "select_returns",
]


class Delivery(StrEnum):
    """What became of a file (or of a sector with no file)."""

    COUNTED = "conteggiato"
    COUNTED_WITH_ERRORS = "conteggiato_con_errori"
    SUPERSEDED = "superato"
    DISCARDED = "scartato"
    OTHER_PERIOD = "altro_periodo"
    OTHER_PLAN = "altro_piano"
    REJECTED = "rifiutato"
    MISSING = "mancante"


#: the statuses of a file whose values are consolidated
COUNTED = (Delivery.COUNTED, Delivery.COUNTED_WITH_ERRORS)


@dataclass
class DeliveryRow:
    """One input file (or one missing sector) and what became of it: its identity, when it was
    received and by which clock, its status, why, and the file that replaced it."""

    path: str
    name: str
    sector: str
    status: Delivery
    why: T
    sha256: str | None = None
    period: Period | None = None
    received: datetime | None = None
    #: ``document`` (the time saved in the file) or ``file`` (the file system's), or empty
    clock: str = ""
    errors: int = 0
    warnings: int = 0
    replaced_by: str = ""


@dataclass
class Selection:
    """The deliveries in order (files as given, then missing sectors), the counted return of
    each sector, and the findings about the choice."""

    rows: list[DeliveryRow]
    counted: dict[str, Return]
    findings: list[Finding]


def _parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as written in a document's properties, in UTC (naive); ``None`` when
    there is none, it cannot be read, or it is pegxl's fixed date."""
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(UTC).replace(tzinfo=None)
    return None if t <= FIXED_DATE.replace(year=FIXED_DATE.year + 1) else t.replace(microsecond=0)


def received_time(ret: Return) -> tuple[datetime | None, str]:
    """When a return was last saved, in UTC, and by which clock: the document's own time, else
    the file's."""
    saved = _parse_time(ret.modified)
    if saved is not None:
        return saved, "document"
    try:
        mtime = os.stat(ret.path).st_mtime
    except (OSError, ValueError):
        return None, ""
    return datetime.fromtimestamp(int(mtime), UTC).replace(tzinfo=None), "file"


def _counts(ret: Return, more: Sequence[Finding] = ()) -> tuple[int, int]:
    """Errors and warnings of a return, with ``more`` of its findings (the duplicate notice of
    check left out: choosing among the versions is what this module does)."""
    own = [f for f in (*ret.findings, *more) if f.code is not Code.DUPLICATE_RETURN]
    errors = sum(f.severity is Severity.ERROR for f in own)
    return errors, sum(f.severity is Severity.WARNING for f in own)


def _first_error(ret: Return) -> T:
    """The message of a file's first error, as the reason it was not counted."""
    for f in ret.findings:
        if f.severity is Severity.ERROR:
            return T(f.message_it, f.message_en)
    return tr("delivery.why_rejected")


_Rank = tuple[bool, tuple[datetime, str, str]]


def _rank_of(errors: int, received: datetime | None, name: str, path: str) -> _Rank:
    """How a version ranks among those of its sector and period, the one order both
    :func:`select_returns` and :class:`Versions` choose by: valid (no error) first, then the
    latest saved, then name and path (a fixed order for ties)."""
    return errors == 0, (received or datetime.min, name, path)


def _row_rank(row: DeliveryRow) -> _Rank:
    """The rank of a delivery row's file."""
    return _rank_of(row.errors, row.received, row.name, row.path)


def _rank(ret: Return, rules: Sequence[Finding]) -> _Rank:
    """The rank of a return just read, the errors of its value ``rules`` included."""
    received, _ = received_time(ret)
    name = display_name(Path(ret.path).name)
    return _rank_of(_counts(ret, rules)[0], received, name, ret.path)


class Versions:
    """Keeps, while a batch is read, only the values of the version of each sector and period
    that can still count: a version another one beats is *thinned* (its values dropped, its
    identity and findings kept), so a campaign folder holding every version of every return
    costs the memory of one version per sector, not of all the files.

    :meth:`offer` is called with each return as it is read; the ranking is the one
    :func:`select_returns` chooses by, so a thinned version is never the one that counts."""

    def __init__(self, plan: Plan) -> None:
        self.fingerprints = plan.fingerprints()
        self.best: dict[tuple[str, date], tuple[tuple[bool, tuple[datetime, str, str]], Return]]
        self.best = {}

    def offer(self, ret: Return, rules: Sequence[Finding] = ()) -> None:
        """A return just read, with the findings of its value rules: kept whole if it may
        count, thinned if a kept one beats it (and the one it beats thinned)."""
        own = None if ret.rejected else ret.period
        if (
            own is None
            or not ret.sector
            or ret.meta.get("plan_fingerprint") not in self.fingerprints
        ):
            return  # never a candidate: nothing to choose between
        key = (ret.sector, own.end)
        rank = _rank(ret, rules)
        kept = self.best.get(key)
        if kept is None or rank > kept[0]:
            self.best[key] = (rank, ret)
            if kept is not None:
                kept[1].thin()
        else:
            ret.thin()


def _when(t: datetime | None) -> str:
    return f"{t:%d/%m/%Y %H:%M}" if t is not None else "?"


def select_returns(plan: Plan, returns: Sequence[Return], period: Period | None) -> Selection:
    """Per sector, the return that counts for ``period``, and the delivery of every file.

    A return of this plan and period without errors is *valid*; the latest valid one counts and
    the earlier ones are superseded (a later one with errors is discarded: the valid one still
    counts). A sector that sent only returns with errors has its latest counted *with errors*:
    its readable values are consolidated and the office is told (``SCORE-011``)."""
    rows: list[DeliveryRow] = []
    found: list[Finding] = []
    fingerprints = plan.fingerprints()  # the plan, and the plan after each variation
    candidates: dict[str, list[tuple[Return, DeliveryRow]]] = {}
    for ret in returns:
        name = display_name(Path(ret.path).name)
        received, clock = received_time(ret)
        errors, warnings = _counts(ret)
        own = None if ret.rejected else ret.period
        row = DeliveryRow(
            ret.path,
            name,
            ret.sector or "",
            Delivery.REJECTED,
            _first_error(ret),
            ret.sha256,
            own,
            received,
            clock,
            errors,
            warnings,
        )
        rows.append(row)
        if own is None:  # rejected, or no period can be read from it
            continue
        if ret.meta.get("plan_fingerprint") not in fingerprints:
            row.status, row.why = Delivery.OTHER_PLAN, tr("delivery.why_other_plan")
        elif period is not None and own.end != period.end:
            row.status = Delivery.OTHER_PERIOD
            row.why = tr(
                "delivery.why_other_period", own=own.of_label(), expected=period.of_label()
            )
        else:
            candidates.setdefault(row.sector, []).append((ret, row))
    counted: dict[str, Return] = {}
    for sector in sorted(candidates):
        versions = candidates[sector]
        chosen_ret, chosen = max(versions, key=lambda v: _row_rank(v[1]))
        counted[sector] = chosen_ret
        if chosen.errors == 0:  # the best is valid: some version is
            chosen.status, chosen.why = Delivery.COUNTED, tr("delivery.why_counted")
        else:
            chosen.status, chosen.why = Delivery.COUNTED_WITH_ERRORS, tr("delivery.why_errors")
            found.append(
                make(Code.COUNTED_WITH_ERRORS, file=chosen.path, raw=sector, name=chosen.name)
            )
        chosen.why = _with_clock(chosen.why, chosen)
        for _, row in versions:
            if row is chosen:
                continue
            row.replaced_by = chosen.name
            if row.sha256 is not None and row.sha256 == chosen.sha256:
                row.status, row.why = Delivery.SUPERSEDED, tr("delivery.why_copy", name=chosen.name)
            elif _row_rank(row)[1] < _row_rank(chosen)[1]:  # saved before the chosen one
                row.status = Delivery.SUPERSEDED
                row.why = tr(
                    "delivery.why_superseded", name=chosen.name, when=_when(chosen.received)
                )
            else:
                row.status, row.why = (
                    Delivery.DISCARDED,
                    tr("delivery.why_discarded", name=chosen.name),
                )
            code = (
                Code.RETURN_SUPERSEDED
                if row.status is Delivery.SUPERSEDED
                else Code.RETURN_DISCARDED
            )
            found.append(make(code, file=row.path, raw=sector, name=row.name, detail=row.why))
    for s in plan.sectors:
        if s.code not in counted and plan.objectives_of(s.code):
            rows.append(
                DeliveryRow(
                    "", "", s.code, Delivery.MISSING, tr("delivery.why_missing", name=s.name)
                )
            )
    return Selection(rows, counted, found)


def _with_clock(why: T, row: DeliveryRow) -> T:
    """The reason a file counts, with when it was saved and by which clock."""
    if row.received is None:
        return why
    clock = tr(f"saved.{row.clock}", when=_when(row.received))
    return T(f"{why.it} ({clock.it})", f"{why.en} ({clock.en})")

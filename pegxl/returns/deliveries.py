"""Which returns count: per sector the latest return of the period, and what became of every
other file.

A campaign's folder holds more than one file per sector (a first version, then a corrected
one; a copy sent twice), files of another monitoring period, files generated from an earlier
plan, and files that are not a return at all. Nothing is dropped in silence: each file gets a
:class:`Delivery` status and the reason, and each sector with no return of the period is listed
as missing (a sector whose only files are of another period too, ``SCORE-023``).

The latest version counts, with or without errors: it is what the sector last said, and a
valid earlier version would report values the sector has since changed (a later version with
errors is counted with errors, ``SCORE-011``, and the office asks for its correction). *Latest*
is decided by the time the document says it was last saved (``dcterms:modified`` of an .xlsx,
``dc:date`` of an .ods: Excel and LibreOffice write it on every save, and it travels with the
file through e-mail and copies), else by the file's own modification time; the delivery says
which. A workbook pegxl wrote and nobody saved carries pegxl's fixed date, which is no evidence
of when it was filled in, so the file's time is used for it. Two versions saved in the same
second cannot be told apart by time: the one without errors counts, else the last by name, so
the choice never depends on the order the files were given in; the other is *discarded* and
the office is told (``SCORE-016``).

This is the one choice of versions: ``check``, ``consolidate``, ``campaign status`` and the desk
all make it here (it is part of reading the returns, so it stands with them and the results
import it), and a file that does not count because another one does, or because it is
of another period (:data:`SETTLED`), has its findings set down to information
(:meth:`Selection.as_they_stand`): they are listed, with their own severity kept, but neither
the exit code nor the totals count them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, make
from pegxl.i18n import T, tr
from pegxl.model import Period, Plan
from pegxl.outputs import FIXED_DATE, display_name
from pegxl.returns.reader import Return

__all__ = [
    "COUNTED",
    "SETTLED",
    "Delivery",
    "DeliveryRow",
    "Selection",
    "Versions",
    "future_time",
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
#: the statuses of a file that does not count because another version of its sector counts,
#: or because it is of another period: what is wrong in it needs no action (its findings are
#: information, their own severity kept). So is a workbook of an earlier plan when its sector
#: has a version that counts (:meth:`Selection.settled`); alone, it needs the office to send the
#: current workbook. A file that cannot be read is never settled: it may be the latest version.
SETTLED = (Delivery.SUPERSEDED, Delivery.DISCARDED, Delivery.OTHER_PERIOD)
#: the findings of the choice about a file that does not count (``check`` says them too; the
#: counted-with-errors notice is about scoring, and is consolidate's alone)
_ABOUT_FILES = frozenset({"SCORE-015", "SCORE-016", "SCORE-023"})


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
    _by_path: dict[str, DeliveryRow] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for row in self.rows:  # a file named twice: the delivery that still counts, if any
            if row.path and (row.path not in self._by_path or not self._is_settled(row)):
                self._by_path[row.path] = row

    def _is_settled(self, row: DeliveryRow) -> bool:
        return row.status in SETTLED or (
            row.status is Delivery.OTHER_PLAN and row.sector in self.counted
        )

    def row_of(self, path: str) -> DeliveryRow | None:
        """The delivery of the file at ``path`` (``None`` for a file not in the choice)."""
        return self._by_path.get(path)

    def settled(self, path: str) -> bool:
        """Whether the file at ``path`` does not count because another version of its sector
        counts, or because it is of another period (:data:`SETTLED`), or it is a workbook of
        another plan from a sector that has a version that counts."""
        row = self.row_of(path)
        return row is not None and self._is_settled(row)

    def as_they_stand(self, ret: Return) -> list[Finding]:
        """The findings of ``ret`` as they stand in the batch: as made, or set down to
        information (:meth:`~pegxl.findings.Finding.as_information`) when the file is
        settled."""
        if not self.settled(ret.path):
            return list(ret.findings)
        return [f.as_information() for f in ret.findings]

    def about_files(self) -> list[Finding]:
        """The findings of the choice about the files that do not count and the sectors whose
        only files are of another period (``SCORE-015``, ``SCORE-016``, ``SCORE-023``): what
        ``check`` says of the versions, in place of asking the office to discard files."""
        return [f for f in self.findings if f.code.value in _ABOUT_FILES]

    def other_period_only(self) -> set[str]:
        """The sectors whose only files of this plan are of another period (``SCORE-023``)."""
        return {f.raw or "" for f in self.findings if f.code.value == "SCORE-023"}


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


#: how far after the moment of the run a time may be and still be believed (two computers'
#: clocks a few minutes apart); anything later is a wrong clock
FUTURE_GRACE = timedelta(minutes=15)


def _now() -> datetime:
    """The moment of the run, in UTC (naive, as the times of :func:`received_time`)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _file_time(path: str) -> datetime | None:
    """The file system's modification time of ``path``, in UTC (``None`` if there is none)."""
    try:
        mtime = os.stat(path).st_mtime
    except (OSError, ValueError, OverflowError):
        return None
    try:
        return datetime.fromtimestamp(int(mtime), UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def future_time(ret: Return) -> datetime | None:
    """The time a return says it was saved, when that is later than now (past
    :data:`FUTURE_GRACE`): the clock of the computer that saved it is wrong. Without a time of
    its own, the file's time, when that is in the future."""
    limit = _now() + FUTURE_GRACE
    saved = _parse_time(ret.modified)
    if saved is not None:
        return saved if saved > limit else None
    mtime = _file_time(ret.path)
    return mtime if mtime is not None and mtime > limit else None


def received_time(ret: Return) -> tuple[datetime | None, str]:
    """When a return was last saved, in UTC, and by which clock: the document's own time, else
    the file's.

    A time later than now is no evidence (a computer with a wrong clock, "saved in 2099"): it
    would beat every later correction. Then the file's own time counts, if it is not in the
    future too; else none (the version ranks after every one saved at a credible time).
    :func:`select_returns` says so (``FILE-043``)."""
    limit = _now() + FUTURE_GRACE
    saved = _parse_time(ret.modified)
    if saved is not None and saved <= limit:
        return saved, "document"
    mtime = _file_time(ret.path)
    if mtime is None or mtime > limit:
        return None, ""
    return mtime, "file"


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


_Rank = tuple[datetime, bool, str, str]


def _rank_of(errors: int, received: datetime | None, name: str, path: str) -> _Rank:
    """How a version ranks among those of its sector and period, the one order both
    :func:`select_returns` and :class:`Versions` choose by: the latest saved, then (saved in
    the same second) the one without errors, then name and path (a fixed order for ties)."""
    return received or datetime.min, errors == 0, name, path


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
        self.best: dict[tuple[str, date, Period], tuple[_Rank, Return]] = {}

    def offer(
        self, ret: Return, judged_at: Period | None = None, rules: Sequence[Finding] = ()
    ) -> None:
        """A return just read, with the period its value rules were judged against (default:
        its own) and their findings: kept whole if it may count, thinned if a kept one beats
        it (and the one it beats thinned).

        Versions are ranked only against versions judged against the same period: a version
        judged under its own final rules is never thinned by one judged as intermediate, nor
        the reverse. :func:`~pegxl.returns.batch.check` offers every version again once it
        knows the batch's period, judged against it, so the version kept is the one
        :func:`select_returns` counts for that period."""
        own = None if ret.rejected else ret.period
        if (
            own is None
            or not ret.sector
            or ret.meta.get("plan_fingerprint") not in self.fingerprints
        ):
            return  # never a candidate: nothing to choose between
        key = (ret.sector, own.end, judged_at or own)
        rank = _rank(ret, rules)
        kept = self.best.get(key)
        if kept is not None and kept[1] is ret:
            self.best[key] = (rank, ret)
        elif kept is None or rank > kept[0]:
            self.best[key] = (rank, ret)
            if kept is not None:
                kept[1].thin()
        else:
            ret.thin()


def _when(t: datetime | None) -> str:
    return f"{t:%d/%m/%Y %H:%M}" if t is not None else "?"


def select_returns(plan: Plan, returns: Sequence[Return], period: Period | None) -> Selection:
    """Per sector, the return that counts for ``period``, and the delivery of every file.

    Among a sector's returns of this plan and period the latest saved counts: *counted* when it
    has no error, *counted with errors* when it has (its readable values are consolidated and
    the office is told, ``SCORE-011``). The earlier ones are *superseded* (``SCORE-015``); one
    saved in the same second as the one that counts is *discarded* (``SCORE-016``). A sector
    whose only files are of another period is missing, and the office is told which files
    came instead (``SCORE-023``)."""
    rows: list[DeliveryRow] = []
    found: list[Finding] = []
    fingerprints = plan.fingerprints()  # the plan, and the plan after each variation
    candidates: dict[str, list[tuple[Return, DeliveryRow]]] = {}
    elsewhere: dict[str, list[DeliveryRow]] = {}
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
        wrong = future_time(ret)
        if wrong is not None:
            why = (
                tr("batch.future_file", when=_when(received))
                if received is not None
                else tr("batch.future_none")
            )
            found.append(
                make(
                    Code.SAVED_IN_FUTURE,
                    file=ret.path,
                    raw=name,
                    detail=_when(wrong),
                    expected=_when(_now()),
                    why=why,
                )
            )
        if ret.meta.get("plan_fingerprint") not in fingerprints:
            row.status, row.why = Delivery.OTHER_PLAN, tr("delivery.why_other_plan")
        elif period is not None and own.end != period.end:
            row.status = Delivery.OTHER_PERIOD
            row.why = tr(
                "delivery.why_other_period", own=own.of_label(), expected=period.of_label()
            )
            if row.sector:
                elsewhere.setdefault(row.sector, []).append(row)
        else:
            candidates.setdefault(row.sector, []).append((ret, row))
    counted: dict[str, Return] = {}
    for sector in sorted(candidates):
        versions = candidates[sector]
        chosen_ret, chosen = max(versions, key=lambda v: _row_rank(v[1]))
        counted[sector] = chosen_ret
        if chosen.errors == 0:
            chosen.status, chosen.why = Delivery.COUNTED, tr("delivery.why_counted")
        else:
            chosen.status, chosen.why = Delivery.COUNTED_WITH_ERRORS, tr("delivery.why_errors")
            found.append(
                make(Code.COUNTED_WITH_ERRORS, file=chosen.path, raw=sector, name=chosen.name)
            )
        chosen.why = _with_clock(chosen.why, chosen)
        for _, row in versions:
            if row is not chosen:
                _not_chosen(row, chosen)
                code = (
                    Code.RETURN_SUPERSEDED
                    if row.status is Delivery.SUPERSEDED
                    else Code.RETURN_DISCARDED
                )
                found.append(make(code, file=row.path, raw=sector, name=row.name, detail=row.why))
    for sector in sorted(elsewhere):
        if sector in counted or period is None or not plan.objectives_of(sector):
            continue
        listed = [
            tr("delivery.other_period_file", name=r.name, own=r.period.labels())
            for r in elsewhere[sector]
            if r.period is not None
        ]
        detail = T(", ".join(t.it for t in listed), ", ".join(t.en for t in listed))
        found.append(
            make(
                Code.OTHER_PERIOD_ONLY,
                file=elsewhere[sector][0].path,
                raw=sector,
                detail=detail,
                expected=period.iso,
                of=period.of_label(),
            )
        )
    for s in plan.sectors:
        if s.code not in counted and plan.objectives_of(s.code):
            why = tr("delivery.why_missing", name=s.name)
            if s.code in elsewhere and period is not None:
                why = tr("delivery.why_missing_other_period", name=s.name)
            rows.append(DeliveryRow("", "", s.code, Delivery.MISSING, why))
    return Selection(rows, counted, found)


def _not_chosen(row: DeliveryRow, chosen: DeliveryRow) -> None:
    """What became of a version of a sector that does not count, and why: an identical copy of
    the one that counts, or saved before it (*superseded*), or saved in the same second
    (*discarded*: the time cannot tell which came last)."""
    row.replaced_by = chosen.name
    if row.sha256 is not None and row.sha256 == chosen.sha256:
        row.status, row.why = Delivery.SUPERSEDED, tr("delivery.why_copy", name=chosen.name)
    elif _row_rank(row)[0] < _row_rank(chosen)[0]:  # saved before the chosen one
        row.status = Delivery.SUPERSEDED
        row.why = tr("delivery.why_superseded", name=chosen.name, when=_when(chosen.received))
    else:  # saved in the same second: the one without errors, else the last by name, counts
        key = "why_same_time_valid" if chosen.errors == 0 and row.errors else "why_same_time"
        row.status = Delivery.DISCARDED
        row.why = tr(f"delivery.{key}", name=chosen.name, when=_when(chosen.received))


def _with_clock(why: T, row: DeliveryRow) -> T:
    """The reason a file counts, with when it was saved and by which clock."""
    if row.received is None:
        return why
    clock = tr(f"saved.{row.clock}", when=_when(row.received))
    return T(f"{why.it} ({clock.it})", f"{why.en} ({clock.en})")

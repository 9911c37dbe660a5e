"""``pegxl check``: read many returns against the plan, each independently, on worker processes.

Every file goes through the guard, the reader and the value rules; one bad file never stops the
batch, and one that kills the process reading it takes down only its own worker (the pool of
:mod:`pegxl.workers`). Then the batch as a whole: the period most files declare, files of another
period, sectors that sent nothing, and which version of each sector counts, chosen as
``consolidate`` chooses (:func:`~pegxl.returns.deliveries.select_returns`: the findings of a
superseded version are then information). The result is a
:class:`~pegxl.returns.report.CheckReport`.
"""

from __future__ import annotations

import gc
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pegxl import workers as pool
from pegxl.findings import Code, Finding, Severity, error_detail, make
from pegxl.i18n import T, tr
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period, Plan
from pegxl.outputs import ARCHIVE, OutputKind, display_name, owned_kind
from pegxl.reading import open_input
from pegxl.returns.deliveries import select_returns
from pegxl.returns.reader import Return, read_return
from pegxl.returns.report import CheckReport
from pegxl.returns.validate import validate
from pegxl.sheets.guard import Limits

__all__ = ["Scan", "check", "expand_paths", "scan_paths", "scanned"]


#: files a folder of returns may hold that nobody sent: the system's own
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


@dataclass
class Scan:
    """The files of a batch (:func:`scan_paths`) and what was found on the way: folders not
    read, a file or folder given twice, pegxl's own outputs left out."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


#: pegxl's own outputs that are never a sector's return: the master, the report, the plan and
#: the Parquet tables (a blank or feedback workbook is one, and is read)
_NOT_RETURNS = {
    OutputKind.MASTER: "batch.own_master",
    OutputKind.REPORT: "batch.own_report",
    OutputKind.PLAN: "batch.own_plan",
    OutputKind.TABLE: "batch.own_table",
}
#: an output's seal is near the end of the file: a zip's comment, the report's last line
_TAIL = 256


def _own_output(path: Path, size: int) -> OutputKind | None:
    """The kind of pegxl output (not a return) that ``path`` is, if it is one: its last bytes
    are read first (a return's cost), the whole seal checked only when they name such a
    kind."""
    try:
        with open_input(path) as fh:
            fh.seek(max(0, size - _TAIL))
            tail = fh.read(_TAIL)
    except OSError:
        return None
    named = any(f"pegxl {k.value} ".encode() in tail for k in _NOT_RETURNS)
    if not named and not tail.endswith(b"PAR1"):
        return None
    kind = owned_kind(path)
    return kind if kind in _NOT_RETURNS else None


def scan_paths(paths: Iterable[str | Path], skip_outputs: bool = True) -> Scan:
    """Files as given, folders expanded to every entry they hold that is not a folder, sorted
    by name: a file that is not a workbook (a PDF sent instead, a link to nothing, a pipe) is
    then rejected and listed, never skipped in silence. Hidden files, Office lock files
    (``~$…``) and the system's own files are not returns and are skipped; so is pegxl's own
    archive of the files it replaced (:data:`~pegxl.outputs.ARCHIVE`). A subfolder is not read
    and said (``FILE-040``); a file or folder given twice, by another path or through a link,
    is read once (``FILE-041``); pegxl's own master, report, plan or Parquet table in a folder
    of returns is not read as a return (``FILE-042``), unless ``skip_outputs`` is false (the
    sources of a prefill: masters among returns)."""
    scan = Scan()
    seen: dict[tuple[int, int], Path] = {}

    def first_time(p: Path, st: os.stat_result, key: str) -> bool:
        ident = (st.st_dev, st.st_ino)
        if st.st_ino and ident in seen:
            scan.findings.append(
                make(
                    Code.SAME_INPUT,
                    file=str(p),
                    raw=display_name(p),
                    expected=display_name(seen[ident]),
                    detail=tr(key),
                )
            )
            return False
        seen[ident] = p
        return True

    for p in map(Path, paths):
        try:
            st = os.stat(p)
        except OSError:
            scan.files.append(p)  # not there, or a link to nothing: the guard says which
            continue
        if not stat.S_ISDIR(st.st_mode):
            if first_time(p, st, "batch.same_file"):
                scan.files.append(p)
            continue
        if not first_time(p, st, "batch.same_folder"):
            continue
        entries: list[tuple[Path, os.stat_result | None]] = []
        with os.scandir(p) as it:
            for e in it:
                name = e.name
                if name.startswith((".", "~$")) or name.lower() in SYSTEM_FILES:
                    continue
                try:
                    est: os.stat_result | None = e.stat()
                except OSError:
                    est = None  # a link to nothing: listed, and refused by the guard
                if est is not None and stat.S_ISDIR(est.st_mode):
                    if name != ARCHIVE:
                        scan.findings.append(_subfolder(Path(e.path)))
                    continue
                entries.append((Path(e.path), est))
        for path, est in sorted(entries, key=lambda x: x[0]):
            if est is not None:
                if not first_time(path, est, "batch.same_file"):
                    continue
                if skip_outputs and stat.S_ISREG(est.st_mode):
                    kind = _own_output(path, est.st_size)
                    if kind is not None:
                        scan.findings.append(
                            make(
                                Code.OWN_OUTPUT_SKIPPED,
                                file=str(path),
                                raw=display_name(path.name),
                                detail=tr(_NOT_RETURNS[kind]),
                            )
                        )
                        continue
            scan.files.append(path)
    return scan


def _subfolder(path: Path) -> Finding:
    """The finding of a subfolder of a folder of returns, which is not read."""
    try:
        with os.scandir(path) as it:
            n = sum(1 for e in it if not e.name.startswith("."))
    except OSError:
        n = 0
    return make(
        Code.SUBFOLDER_NOT_READ,
        file=str(path),
        raw=display_name(path),
        detail=tr("batch.subfolder", n=n),
    )


def scanned(paths: Iterable[str | Path] | Scan, skip_outputs: bool = True) -> Scan:
    """The files of a batch expanded once on a command: a :class:`Scan` already made (by the
    command, or by :func:`~pegxl.results.consolidate.consolidate` before it checks) is taken
    as it is, with its findings; files and folders are expanded (:func:`scan_paths`)."""
    return paths if isinstance(paths, Scan) else scan_paths(paths, skip_outputs)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files of :func:`scan_paths`, pegxl's own outputs among them (what it found on the
    way left out): the sources of a prefill, the files a campaign receives."""
    return scan_paths(paths, skip_outputs=False).files


def _read_one(path: Path, plan: Plan, limits: Limits | None) -> Return:
    try:
        return read_return(path, plan, limits)
    except Exception as e:  # the batch goes on whatever one file does
        ret = Return(str(path), rejected=True)
        ret.findings.append(make(Code.FILE_CORRUPT, file=str(path), detail=error_detail(e)))
        return ret


def _rules(ret: Return, plan: Plan, period: Period) -> list[Finding]:
    """The value rules of one return; a rule that fails is a finding, not a lost batch."""
    try:
        return validate(ret, plan, period)
    except Exception as e:
        return [
            make(Code.FILE_CORRUPT, file=ret.path, severity=Severity.ERROR, detail=error_detail(e))
        ]


#: a return as read, the period its values were judged against and the findings of the rules
_Read = tuple[Return, Period | None, list[Finding]]


def _read_and_judge(path: Path, plan: Plan, limits: Limits | None, period: Period | None) -> _Read:
    """Read a return and, where it can be, apply the value rules at once — against ``period``,
    or the return's own period when the batch's is not known yet (``check`` applies them again
    in the rare case the batch turns out to be of another period)."""
    ret = _read_one(path, plan, limits)
    target = period or ret.period
    if ret.rejected or ret.period is None or target is None:
        return ret, None, []
    return ret, target, _rules(ret, plan, target)


def _crashed(path: Path, detail: str | T) -> Return:
    """A file whose reader crashed: rejected, with a finding that says so."""
    ret = Return(str(path), rejected=True)
    ret.findings.append(make(Code.READER_CRASHED, file=str(path), detail=detail))
    return ret


#: what every worker reads from: the files, the plan, the limits and the period
_State = tuple[Sequence[Path], Plan, Limits | None, Period | None]


#: what is given each return as it is read: the return, the period its value rules were judged
#: against (``None`` when they were not: rejected, or no period), and their findings
Received = Callable[[Return, Period | None, list[Finding]], None]


def _read_task(state: _State, i: int) -> _Read:
    """Read and judge the ``i``-th file (on a worker process)."""
    files, plan, limits, period = state
    return _read_and_judge(files[i], plan, limits, period)


def _read_parallel(
    plan: Plan,
    files: list[Path],
    limits: Limits | None,
    period: Period | None,
    workers: int,
    progress: Callable[[int, int, Path], None] | None,
    received: Received | None = None,
) -> list[_Read]:
    """Read files on the worker pool (:mod:`pegxl.workers`), each result given to ``received``
    as it arrives. A file whose reader raised is rejected with what it raised; a file that
    kills the process reading it (killed for memory by the system, say) loses only its own
    worker, is read once more alone, and is reported if it kills that one too."""
    # what every reader derives from the plan, computed here once and inherited by the workers
    # (each would compute the fingerprint itself: 8 ms per worker per batch); objectives_of
    # builds the index of objectives by sector on its first call
    plan.fingerprint()
    plan.phase_index(), plan.indicator_index(), plan.objectives_of("")
    plan.prior_years(), plan.largest_sector_rows()
    arrived = 0

    def got(i: int, read: _Read) -> None:
        nonlocal arrived
        arrived += 1
        if received:
            received(*read)
        if progress:
            progress(arrived, len(files), files[i])

    def failed(i: int, error: BaseException | None) -> _Read:
        detail = tr("batch.died") if error is None else error_detail(error, 200)
        return _crashed(files[i], detail), None, []

    state: _State = (files, plan, limits, period)
    # gc.disable: as in the parent (see pegxl.memory): inherited under fork, not under spawn
    return pool.run_all(_read_task, state, len(files), workers, failed, got, setup=gc.disable)


def check(
    plan: Plan,
    paths: Sequence[str | Path] | Scan,
    *,
    period: Period | None = None,
    limits: Limits | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    workers: int | None = None,
    received: Received | None = None,
) -> CheckReport:
    """Check returns against ``plan``: ``paths`` are files and folders, or a :class:`Scan` of them
    already made (not expanded again). ``period`` is the expected period; without it, the period
    most of the files declare. ``workers`` processes read the files (default: by batch size).
    ``received`` is given each return as soon as it is read, with the period its value rules were
    judged against and their findings (it may :meth:`~Return.thin` it). Without ``period`` a return
    is first judged against its own; once the batch's period is known, every return of that date
    judged against another is judged again against it (a thinned one read again, its values with it)
    and given to ``received`` once more, so whatever ``received`` keeps is finally kept by the
    batch's period alone.
    Never raises on file content."""
    scan = scanned(paths)
    files = scan.files
    report = CheckReport()
    report.batch.extend(scan.findings)
    n_workers = pool.count(len(files)) if workers is None else workers
    with no_cyclic_gc():
        if n_workers > 1 and len(files) > 1:
            reads = _read_parallel(plan, files, limits, period, n_workers, progress, received)
        else:
            reads = []
            for n, path in enumerate(files, 1):
                if progress:
                    progress(n, len(files), path)
                reads.append(_read_and_judge(path, plan, limits, period))
                if received:
                    received(*reads[-1])
    report.returns.extend(ret for ret, _, _ in reads)
    # each return's own period, worked out once (a property that parses the metadata)
    periods = [None if ret.rejected else ret.period for ret, _, _ in reads]
    readable = [p for p in periods if p is not None]
    expected = period
    if expected is None and readable:
        # the most declared; a tie goes to the latest, whatever the order of the files
        counted = Counter(readable)
        expected = max(counted, key=lambda p: (counted[p], p.end, p.kind.value))
    report.period = expected
    by_sector: dict[str, list[Return]] = {}
    for (r, judged_at, rules), own in zip(reads, periods, strict=True):
        if own is None:
            continue
        if expected is not None and own.end != expected.end:
            r.findings.append(
                make(Code.OTHER_PERIOD, file=r.path, raw=own.label(), expected=expected.label())
            )
        elif r.sector:
            by_sector.setdefault(r.sector, []).append(r)
        target = expected or own
        if judged_at != target:  # judged against its own period, not the batch's
            candidate = received is not None and own.end == target.end and bool(r.sector)
            if not r.kept_values:  # thinned: read again, its values too if it may count
                again = _read_one(Path(r.path), plan, limits)
                if candidate and again.sha256 == r.sha256:
                    r.values, r.reference, r.kept_values = again.values, again.reference, True
                rules = _rules(again, plan, target)
            else:
                rules = _rules(r, plan, target)
            if candidate and received is not None:  # chosen again, by the batch's period
                received(r, target, rules)
        r.findings.extend(rules)
    if expected is not None:  # the versions judged as consolidate judges them
        report.selection = select_returns(plan, report.returns, expected)
        report.choice = report.selection.about_files()
    # a sector whose only files are of another period is said missing by the choice (SCORE-023)
    elsewhere = report.selection.other_period_only() if report.selection else set()
    if len(readable) > 1:  # a campaign: say which sectors sent nothing
        for s in plan.sectors:
            if s.code not in by_sector and s.code not in elsewhere and plan.objectives_of(s.code):
                report.batch.append(make(Code.RETURN_MISSING, raw=s.code, detail=s.name))
    return report

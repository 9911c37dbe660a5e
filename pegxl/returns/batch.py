"""``pegxl check``: read many returns against the plan, each independently, on worker processes.

Every file goes through the guard, the reader and the value rules; one bad file never stops the
batch, and one that makes a reader abort takes down only its own worker. Then the batch as a
whole: the period most files declare, files of another period, sectors that sent nothing or sent
twice. The result is a :class:`~pegxl.returns.report.CheckReport`.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import os
import pickle
import stat
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from pegxl.findings import Code, Finding, Severity, error_detail, make
from pegxl.i18n import T, tr
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period, Plan
from pegxl.outputs import ARCHIVE, OutputKind, display_name, owned_kind
from pegxl.reading import open_input
from pegxl.returns.guard import Limits
from pegxl.returns.reader import Return, read_return
from pegxl.returns.report import CheckReport
from pegxl.returns.validate import validate

__all__ = ["Scan", "check", "expand_paths", "scan_paths"]


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


def _worker(
    files: Sequence[Path],
    conn: Connection,
    plan: Plan,
    limits: Limits | None,
    period: Period | None,
) -> None:
    """A reading process: receives the index of a file, reads and judges it, sends the result;
    stops on an empty message or when the parent is gone. The parent keeps files queued ahead
    (:data:`_AHEAD`), so a worker never waits for it."""
    gc.disable()  # as in the parent (see pegxl.memory): inherited under fork, not under spawn
    with conn:
        while True:
            try:
                message = conn.recv_bytes()
            except EOFError:
                return
            if not message:  # nothing left
                return
            i = int.from_bytes(message, "little")
            try:
                read = _read_and_judge(files[i], plan, limits, period)
                data = pickle.dumps((i, read), pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # reported as a finding of that file
                read = (_crashed(files[i], error_detail(e, 200)), None, [])
                data = pickle.dumps((i, read), pickle.HIGHEST_PROTOCOL)
            conn.send_bytes(data)


#: files handed to a worker ahead of the one it is reading
_AHEAD = 2


def worker_context() -> multiprocessing.context.BaseContext:
    """fork where there is one (the workers inherit the plan), spawn elsewhere (Windows)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _read_parallel(
    plan: Plan,
    files: list[Path],
    limits: Limits | None,
    period: Period | None,
    workers: int,
    progress: Callable[[int, int, Path], None] | None,
    received: Callable[[Return, list[Finding]], None] | None = None,
) -> list[_Read]:
    """Read files on worker processes, each result sent as soon as it is ready (and given to
    ``received`` as it arrives).

    A worker that dies (a file that makes a native reader abort) loses only the file it was
    reading: a new worker takes its place while files remain, and each file left without a
    result is read once more alone, in a process of its own, so only the guilty file is
    reported. (A pool of our own rather than ProcessPoolExecutor: no threads in the parent to
    compete with the workers for the cores; about 3% faster on two cores, see
    benchmarks/README.md.)"""
    # what every reader derives from the plan, computed here once and inherited by the workers
    # (each would compute the fingerprint itself: 8 ms per worker per batch); objectives_of
    # builds the index of objectives by sector on its first call
    plan.fingerprint()
    plan.phase_index(), plan.indicator_index(), plan.objectives_of("")
    plan.prior_years(), plan.largest_sector_rows()
    results = _run_workers(plan, files, limits, period, workers, progress, received)
    for i, path in enumerate(files):
        if i not in results:  # the file a worker was reading when it died: alone, once more
            alone = _run_workers(plan, [path], limits, period, 1, None, received, replace=False)
            died = tr("batch.died")
            results[i] = alone.get(0) or (_crashed(path, died), None, [])
            if progress:
                progress(len(results), len(files), path)
    return [results[i] for i in range(len(files))]


def _run_workers(
    plan: Plan,
    files: list[Path],
    limits: Limits | None,
    period: Period | None,
    workers: int,
    progress: Callable[[int, int, Path], None] | None,
    received: Callable[[Return, list[Finding]], None] | None = None,
    replace: bool = True,
) -> dict[int, _Read]:
    """The results of the workers by file index; a file whose worker died has none.

    The parent hands out the files, a few ahead to each worker, and knows which ones each
    worker holds: when one dies, the first it held (the one it was reading) is left without a
    result, and the others go back to the queue for the other workers. No lock is shared, so a
    worker killed at any moment cannot block the others."""
    ctx = worker_context()
    todo = deque(range(len(files)))
    results: dict[int, _Read] = {}
    live: dict[Connection, BaseProcess] = {}
    held: dict[Connection, deque[int]] = {}
    # a worker that dies is replaced at most once per file, so workers that could not even
    # start (one killed for memory, a broken install under spawn) cannot be restarted forever
    replacements = len(files) if replace else 0

    def feed(conn: Connection) -> None:
        queued = held[conn]
        try:
            while todo and len(queued) <= _AHEAD:
                queued.append(todo[0])
                conn.send_bytes(todo.popleft().to_bytes(4, "little"))
            if not queued:
                conn.send_bytes(b"")  # nothing left: the worker stops
        except OSError:  # it died: seen when its pipe ends
            pass

    def start() -> None:
        conn, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(  # type: ignore[attr-defined]
            target=_worker, args=(files, child, plan, limits, period), daemon=True
        )
        proc.start()
        child.close()
        live[conn], held[conn] = proc, deque()
        feed(conn)

    try:
        for _ in range(min(workers, len(files))):
            start()
        while live:
            for conn in wait(list(live)):
                assert isinstance(conn, Connection)
                try:
                    i, read = pickle.loads(conn.recv_bytes())
                except (EOFError, OSError, pickle.UnpicklingError):  # finished, or died
                    proc = live.pop(conn)
                    lost = held.pop(conn)
                    conn.close()
                    proc.join()
                    if lost:  # the first was being read; the others never started
                        lost.popleft()
                        todo.extendleft(reversed(lost))
                    if proc.exitcode != 0 and replacements and todo:
                        replacements -= 1
                        start()
                    continue
                held[conn].remove(i)
                results[i] = read
                if received:
                    received(read[0], read[2])
                if progress:
                    progress(len(results), len(files), files[i])
                feed(conn)
    finally:  # interrupted (Ctrl-C): no worker is left behind
        for conn, proc in live.items():
            proc.terminate()
            proc.join()
            conn.close()
    return results


def default_workers(n_files: int) -> int:
    """Worker processes for a batch: one for small batches, up to the cores (max 8) for big."""
    if n_files < 16:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def check(
    plan: Plan,
    paths: Sequence[str | Path],
    *,
    period: Period | None = None,
    limits: Limits | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    workers: int | None = None,
    received: Callable[[Return, list[Finding]], None] | None = None,
) -> CheckReport:
    """Check returns against ``plan``. ``period`` is the expected period; without it, the period
    most of the files declare. ``workers`` processes read the files (default: by batch size).
    ``received`` is given each return as soon as it is read, with the findings of its value
    rules (it may :meth:`~Return.thin` it: a return thinned and to be judged against another
    period than the one it was judged against is read again).
    Never raises on file content."""
    scan = scan_paths(paths)
    files = scan.files
    report = CheckReport()
    report.batch.extend(scan.findings)
    n_workers = default_workers(len(files)) if workers is None else workers
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
                    received(reads[-1][0], reads[-1][2])
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
        if judged_at != target and not r.kept_values:  # thinned: its values read again
            again = _read_one(Path(r.path), plan, limits)
            rules = _rules(again, plan, target)
            judged_at = target
        r.findings.extend(rules if judged_at == target else _rules(r, plan, target))
    if len(readable) > 1:  # a campaign: say which sectors sent nothing
        for s in plan.sectors:
            if s.code not in by_sector and plan.objectives_of(s.code):
                report.batch.append(make(Code.RETURN_MISSING, raw=s.code, detail=s.name))
    for sector, rets in by_sector.items():
        if len(rets) > 1:
            _versions_of(sector, rets)
    return report


#: the other versions a finding about one version of a sector names (the rest are counted): a
#: finding's size stays the same however many versions a sector has
OTHERS_NAMED = 3


def _versions_of(sector: str, rets: Sequence[Return]) -> None:
    """Each version of a sector that sent several is told so (``STRUCT-018``), with how many
    there are and the first others by name: the findings of ``n`` versions are linear in
    ``n``, never each one listing all the others."""
    names = [display_name(Path(r.path).name) for r in rets[: OTHERS_NAMED + 1]]
    for i, r in enumerate(rets):
        others = [name for j, name in enumerate(names) if j != i][:OTHERS_NAMED]
        more = len(rets) - 1 - len(others)
        listed = ", ".join(others)
        detail = (
            tr("batch.versions_more", n=len(rets), names=listed, more=more)
            if more
            else tr("batch.versions", n=len(rets), names=listed)
        )
        r.findings.append(make(Code.DUPLICATE_RETURN, file=r.path, raw=sector, detail=detail))

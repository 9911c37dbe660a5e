"""Worker processes, for every command that spreads its work over the cores: one start method,
one rule for how many, one pool (``generate`` writes workbooks on it, ``check`` reads returns).

The pool is pegxl's own rather than :class:`concurrent.futures.ProcessPoolExecutor`: no threads
in the parent to compete with the workers for the cores (about 3% faster on two cores, see
benchmarks/README.md), and a worker that dies — killed for memory by the system, or by anything
that ends a process without a Python exception — loses only the item it was working on. The
parent hands out the items by index, a few ahead to each worker, and knows which ones each
holds: when one dies, the first it held (the one under way) is left without a result, the others
go back to the queue, and a new worker takes its place while items remain. Each item left
without a result is then run once more alone, in a process of its own, so that only the guilty
item is reported. No lock is shared, so a worker killed at any moment cannot block the others.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import pickle
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

__all__ = ["PARALLEL_FROM", "context", "count", "run_all"]

S = TypeVar("S")
R = TypeVar("R")

#: the fewest items worth starting processes for: below, one process does it all (a town
#: hall's handful of sectors or returns, where starting workers would cost more than it saves)
PARALLEL_FROM = 16

#: the most workers: past this the disk, not the cores, sets the pace
MAX_WORKERS = 8

#: items handed to a worker ahead of the one it is working on
_AHEAD = 2


def context() -> multiprocessing.context.BaseContext:
    """fork where there is one (the workers inherit the plan), spawn elsewhere (Windows)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _cores() -> int:
    """The cores this process may run on (its affinity where the system says, as in a
    container limited to some cores)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return os.cpu_count() or 1


def count(n_items: int) -> int:
    """How many worker processes for ``n_items`` items: one below :data:`PARALLEL_FROM`, else
    one per core, at most :data:`MAX_WORKERS` (and never more than the items)."""
    if n_items < PARALLEL_FROM:
        return 1
    return max(1, min(_cores(), MAX_WORKERS, n_items))


class _Failed(Generic[R]):
    """An item whose task raised: the exception, sent back to the parent."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _sendable(e: BaseException) -> BaseException:
    """``e`` if it crosses a process boundary, else a plain error with its text."""
    try:
        pickle.loads(pickle.dumps(e))
    except Exception:
        return RuntimeError(f"{type(e).__name__}: {e}")
    return e


def _serve(
    conn: Connection,
    task: Callable[[S, int], R],
    state: S,
    setup: Callable[[], None] | None,
) -> None:
    """A worker: receives the index of an item, runs ``task(state, index)``, sends the result
    (or the exception it raised); stops on an empty message or when the parent is gone."""
    if setup is not None:
        setup()
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
                result: R | _Failed[R] = task(state, i)
                data = pickle.dumps((i, result), pickle.HIGHEST_PROTOCOL)
            except Exception as e:  # the parent decides what it means
                data = pickle.dumps((i, _Failed(_sendable(e))), pickle.HIGHEST_PROTOCOL)
            conn.send_bytes(data)


def run(
    task: Callable[[S, int], R],
    state: S,
    indices: Sequence[int],
    workers: int,
    arrived: Callable[[int, R | _Failed[R]], None],
    setup: Callable[[], None] | None = None,
    replace: bool = True,
) -> set[int]:
    """Run ``task`` on the items ``indices`` on ``workers`` processes, each result given to
    ``arrived`` as it comes; the indices that got one. An item whose worker died has none."""
    ctx = context()
    todo = deque(indices)
    done: set[int] = set()
    live: dict[Connection, BaseProcess] = {}
    held: dict[Connection, deque[int]] = {}
    # a worker that dies is replaced at most once per item, so workers that could not even
    # start (one killed for memory, a broken install under spawn) cannot be restarted forever
    replacements = len(indices) if replace else 0

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
            target=_serve, args=(child, task, state, setup), daemon=True
        )
        proc.start()
        child.close()
        live[conn], held[conn] = proc, deque()
        feed(conn)

    try:
        for _ in range(min(workers, len(indices))):
            start()
        while live:
            for conn in wait(list(live)):
                assert isinstance(conn, Connection)
                try:
                    i, result = pickle.loads(conn.recv_bytes())
                except (EOFError, OSError, pickle.UnpicklingError):  # finished, or died
                    proc = live.pop(conn)
                    lost = held.pop(conn)
                    conn.close()
                    proc.join()
                    if lost:  # the first was under way; the others never started
                        lost.popleft()
                        todo.extendleft(reversed(lost))
                    if proc.exitcode != 0 and replacements and todo:
                        replacements -= 1
                        start()
                    continue
                held[conn].remove(i)
                done.add(i)
                arrived(i, result)
                feed(conn)
    finally:  # interrupted (Ctrl-C), or a result the caller raised on: no worker is left behind
        for conn, proc in live.items():
            proc.terminate()
            proc.join()
            conn.close()
    return done


def run_all(
    task: Callable[[S, int], R],
    state: S,
    n: int,
    workers: int,
    failed: Callable[[int, BaseException | None], R],
    received: Callable[[int, R], None] | None = None,
    setup: Callable[[], None] | None = None,
) -> list[R]:
    """``task(state, i)`` for every ``i`` below ``n``, on ``workers`` processes, in order.

    ``received`` is given each item's result once, as soon as it is final. An item whose task
    raised is ``failed(i, error)``; one whose worker died is run once more alone, and if it
    kills that process too it is ``failed(i, None)`` (``failed`` may raise instead: the workers
    are stopped). ``task`` and ``setup`` are module-level functions and ``state`` is
    picklable, so the pool works where processes are spawned as well as forked."""
    results: dict[int, R] = {}

    def arrived(i: int, result: R | _Failed[R]) -> None:
        results[i] = failed(i, result.error) if isinstance(result, _Failed) else result
        if received is not None:
            received(i, results[i])

    run(task, state, range(n), workers, arrived, setup)
    for i in range(n):
        # the item a worker was on when it died: alone, once more
        if i not in results and not run(task, state, [i], 1, arrived, setup, replace=False):
            results[i] = failed(i, None)
            if received is not None:
                received(i, results[i])
    return [results[i] for i in range(n)]

"""workers: one start method, one worker-count rule, one pool for generate and check."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from pegxl import workers


def _square(state: tuple[int, frozenset[int], frozenset[int]], i: int) -> int:
    """i² + the state's offset; raises on the state's bad items, kills its process on its
    deadly ones."""
    offset, bad, deadly = state
    if i in deadly:
        os._exit(134)
    if i in bad:
        raise ValueError(f"item {i} is bad")
    return i * i + offset


def _failed(i: int, error: BaseException | None) -> int:
    return -1 if error is None else -1000 - i


@pytest.mark.parametrize(
    ("n", "cores", "expected"),
    [(0, 4, 1), (1, 4, 1), (15, 4, 1), (16, 4, 4), (16, 32, 8), (500, 2, 2), (16, 1, 1)],
)
def test_one_rule_for_how_many_workers(
    n: int, cores: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "_cores", lambda: cores)
    assert workers.count(n) == expected


def test_the_start_method_is_fork_where_there_is_one() -> None:
    methods = multiprocessing.get_all_start_methods()
    assert workers.context().get_start_method() == ("fork" if "fork" in methods else "spawn")


def test_every_item_once_in_order_what_raised_and_what_killed_its_worker_apart() -> None:
    seen: list[tuple[int, int]] = []
    state = (10, frozenset({3}), frozenset({5}))
    results = workers.run_all(
        _square, state, 9, 2, _failed, received=lambda i, r: seen.append((i, r))
    )
    assert results == [10, 11, 14, -1003, 26, -1, 46, 59, 74]
    # each item given to received exactly once, with its final result
    assert sorted(seen) == list(enumerate(results))


def test_a_raised_error_reaches_failed_as_itself() -> None:
    errors: list[BaseException | None] = []

    def keep(i: int, error: BaseException | None) -> int:
        errors.append(error)
        return 0

    workers.run_all(_square, (0, frozenset({1}), frozenset()), 3, 2, keep)
    assert [(type(e), str(e)) for e in errors] == [(ValueError, "item 1 is bad")]


def test_failed_may_raise_and_no_worker_is_left_behind() -> None:
    def stop(i: int, error: BaseException | None) -> int:
        raise RuntimeError(f"stop at {i}")

    with pytest.raises(RuntimeError, match="stop at 2"):
        workers.run_all(_square, (0, frozenset({2}), frozenset()), 20, 2, stop)
    assert multiprocessing.active_children() == []


def test_the_pool_works_with_spawned_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "context", lambda: multiprocessing.get_context("spawn"))
    assert workers.run_all(_square, (1, frozenset(), frozenset()), 4, 2, _failed) == [1, 2, 5, 10]

"""Pausing the cyclic garbage collector while pegxl builds many objects at once.

pegxl's bulk work — loading a plan (hundreds of thousands of cells and model objects), reading a
batch of returns, writing a master workbook — makes objects that hold no reference cycles, and
reference counting frees them as usual. The cyclic collector, though, runs every 700 new objects
and rescans the live ones again and again: it cost about a quarter of a batch's time (200
returns, one process: 1.43 s with it, 1.04 s without) and a third of loading a region's plan
(2.4 s with it, 1.6 s without; see benchmarks/README.md).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_cyclic_gc"]


@contextlib.contextmanager
def no_cyclic_gc(*, lasting: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested blocks are fine).

    ``lasting``: the objects made in the block outlive it (a loaded plan, a batch's results,
    scores). They would all sit in the young generation, and the first collection would scan
    them at once: they are moved to the oldest generation instead (``freeze`` then
    ``unfreeze``, which moves lists, not objects) — unless the program froze objects itself,
    which must stay frozen. Not ``lasting``: the block's objects are mostly garbage when it
    ends (a workbook written and closed, whose objects refer to each other); they are left
    young, so that the next collection frees them — moved to the oldest generation they would
    wait for a full collection, and a process writing workbook after workbook grew by each."""
    enabled = gc.isenabled()
    if not enabled:  # already paused by an outer block (or by the program): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if lasting and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()

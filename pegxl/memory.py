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
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested blocks are fine).

    At the end, the objects made meanwhile (hundreds of thousands) would all sit in the young
    generation, and the first collection would scan them at once: they are moved to the oldest
    generation instead (``freeze`` then ``unfreeze``, which moves lists, not objects) — unless
    the program froze objects itself, which must stay frozen."""
    enabled = gc.isenabled()
    if not enabled:  # already paused by an outer block (or by the program): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        gc.enable()

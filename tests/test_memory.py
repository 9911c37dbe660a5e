"""pegxl pauses the cyclic garbage collector while it builds many objects (pegxl.memory): what
it writes is still freed without waiting for a full collection, and the collector is left as
it was found — also by a command run inside the caller's process."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter

from pegxl.cli import main
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.results.master import write_master
from pegxl.workbook.writer import write_sector_workbook


def workbooks_alive() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, xlsxwriter.Workbook))


def test_a_written_workbook_is_freed_by_a_young_collection(seed_plan: Plan, tmp_path: Path) -> None:
    """Moved to the oldest generation, a workbook's objects (which refer to each other) waited
    for a full collection: a process writing workbook after workbook grew by each."""
    gc.collect()
    before = workbooks_alive()
    for n in range(3):
        write_sector_workbook(
            seed_plan, seed_plan.sectors[n], Period.of(date(2025, 6, 30)), tmp_path / f"{n}.xlsx"
        )
    gc.collect(1)  # the young generations only
    assert workbooks_alive() == before


def test_a_written_master_is_freed_by_a_young_collection(
    seed_plan: Plan, june_dir: Path, tmp_path: Path
) -> None:
    result = consolidate(seed_plan, [june_dir])
    gc.collect()
    before = workbooks_alive()
    write_master(result, tmp_path / "m.xlsx")
    gc.collect(1)
    assert workbooks_alive() == before


def test_lasting_objects_go_to_the_oldest_generation() -> None:
    gc.collect()
    with no_cyclic_gc():
        kept = [[n] for n in range(5000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 5000  # not left young: the next collection does not rescan them
    assert len(kept) == 5000


def test_the_collector_is_left_as_found_by_a_command_in_process(
    seed_plan_path: Path, june_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    main(["check", str(seed_plan_path), str(june_dir), "--format", "json"])
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        with no_cyclic_gc():
            pass
        assert not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()

"""make bench: `pegxl check` of 200 filled returns against the loop an analyst would write,
``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` over the same files, in one run.

    .venv/bin/python benchmarks/run.py [--files 200] [--runs 5]

The returns are built here: the five sector workbooks of the Cinisello Balsamo example, filled by
a script with seeded random values (about one in ten with a mistake). pegxl does strictly more
work than the baseline: guard, identity, integrity hashes, every value parsed and validated.
Every case runs once per round, ``--runs`` rounds. Prints a Markdown table (median, min, max
seconds; ratio of medians; peak traced memory).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd

from pegxl import import_text, sheets
from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.workbook.writer import generate

ROOT = Path(__file__).resolve().parent.parent


def build_returns(plan: Plan, n: int, out: Path, seed: int = 2025) -> list[Path]:
    rnd = random.Random(seed)
    blanks = generate(plan, Period.of(date(2025, 6, 30)), out / "blank").files
    kinds = {i.id: i.kind.value for i in plan.indicators()}
    files = []
    for k in range(n):
        src = blanks[k % len(blanks)]
        wb = openpyxl.load_workbook(src)
        fasi, ind = wb["Fasi"], wb["Indicatori"]
        for r in range(3, fasi.max_row + 1):
            if "/" in str(fasi.cell(r, 1).value):
                fasi.cell(r, 8).value = rnd.choice([25, 40, 50, 60, 75, 100])
                fasi.cell(r, 9).value = datetime(2025, 1, rnd.randint(1, 31))
                if rnd.random() < 0.05:
                    fasi.cell(r, 8).value = "circa metà"  # a mistake to report
        heads = [c.value for c in ind[2]]
        col = heads.index("Valore Raggiunto") + 1
        for r in range(3, ind.max_row + 1):
            rid = str(ind.cell(r, 1).value)
            if rid in kinds:
                kind = kinds[rid]
                value: object = {
                    "done": rnd.choice(["Fatto", "Non fatto"]),
                    "percent": rnd.randint(40, 100),
                    "date": datetime(2025, 5, rnd.randint(1, 28)),
                }.get(kind, rnd.randint(0, 500))
                ind.cell(r, col).value = value
                if rnd.random() < 0.3:
                    ind.cell(r, col + 1).value = "nota di monitoraggio"
        path = out / f"{k:03d}_{src.name}"
        wb.save(path)
        files.append(path)
    return files


@contextlib.contextmanager
def filled_returns(n: int) -> Iterator[tuple[Plan, list[Path]]]:
    """The example plan and ``n`` filled returns, built in a temporary folder removed after."""
    plan = import_text(ROOT / "examples" / "cinisello_2025_vp4.txt").plan
    assert plan is not None
    tmp = Path(tempfile.mkdtemp(prefix="pegxl-bench-"))
    try:
        print(f"building {n} filled returns…", file=sys.stderr)
        yield plan, build_returns(plan, n, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    gc.collect()  # no case pays for the garbage the previous one left
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def peak(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1024 / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    with filled_returns(args.files) as (plan, files):
        report = check(plan, files)
        stats = report.stats

        def pandas_loop() -> None:
            for f in files:
                pd.read_excel(f, sheet_name=None, engine="openpyxl")

        def without_part_cache() -> None:
            # every part parsed afresh, as if no two returns shared a part (the 200 returns here
            # come from 5 sector workbooks, so repeated parts would flatter the cache)
            saved = sheets._PART_CACHE_BYTES
            sheets._PART_CACHE_BYTES = 0
            for cache in sheets.PART_CACHES.values():
                cache.cache_clear()
            try:
                check(plan, files)
            finally:
                sheets._PART_CACHE_BYTES = saved

        cases = {
            "pegxl check (worker processes, default)": lambda: check(plan, files),
            "pegxl check (worker processes, no part cache)": without_part_cache,
            "pegxl check (one process)": lambda: check(plan, files, workers=1),
            "pandas.read_excel loop (openpyxl)": pandas_loop,
        }
        # rounds: every case once per round, so a slow spell of a shared machine falls on all
        # of them alike instead of on whichever case happened to run then
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, fn in cases.items():
                times[name].append(timed(fn))
        mem = {
            "pegxl check (one process)": peak(lambda: check(plan, files, workers=1)),
            "pandas.read_excel loop (openpyxl)": peak(pandas_loop),
        }
        base = statistics.median(times["pandas.read_excel loop (openpyxl)"])
        print(
            f"{args.files} returns, {stats['values']} values read, {stats['error']} errors "
            f"and {stats['warning']} warnings found by pegxl; {args.runs} runs each.\n"
        )
        print("| what | median s | min s | max s | baseline ÷ this | peak traced MB |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, ts in times.items():
            med = statistics.median(ts)
            m = f"{mem[name]:.0f}" if name in mem else "—"
            cols = [f"{med:.2f}", f"{min(ts):.2f}", f"{max(ts):.2f}", f"{base / med:.1f}×", m]
            print(f"| {name} | " + " | ".join(cols) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

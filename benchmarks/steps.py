"""Where the time of `pegxl check` goes, step by step, for one filled return in one process.

    cd benchmarks && ../.venv/bin/python steps.py [--sectors 200] [--runs 7]

Builds one filled return per sector of a synthetic plan of typical sectors (``synth.py``) and,
for each, times the guard (``guard.check_file``), the cell reader (``scan.read_book`` on the
parts the guard inflated), the reader's identity and
contents passes (metadata, row table, row hashes, every input value) and the value rules, then
the whole of one file (``read_return`` and ``validate``) on its own. Prints the medians over the
rounds of the mean per return, in ms. The cyclic garbage collector is paused, as ``check`` does.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import synth

from pegxl.returns.reader import _Reader, read_return
from pegxl.returns.validate import validate
from pegxl.sheets.guard import check_file
from pegxl.sheets.read import read_book
from pegxl.workbook import layout

STEPS = {
    "guard": "guard: inflate every XML part under limits, refuse DTDs, CRC, bound the extent",
    "read": "read the cells of four sheets from the inflated parts",
    "identity": "identity (metadata, row table)",
    "contents": "integrity (row hashes) and every input value",
    "rules": "value rules",
    "whole": "one file, everything included",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sectors", type=int, default=200)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pegxl-steps-"))
    try:
        plan = synth.synth_plan(args.sectors)
        files = synth.filled_returns(plan, tmp / "returns")
        skip = frozenset({layout.S_INSTRUCTIONS})
        per_run: dict[str, list[float]] = {k: [] for k in STEPS}
        gc.disable()
        for _ in range(args.runs + 1):  # the first round warms the caches and is dropped
            total = dict.fromkeys(STEPS, 0.0)
            for f in files:
                t0 = time.perf_counter()
                guard = check_file(f)
                t1 = time.perf_counter()
                assert guard.format is not None
                book = read_book(str(f), guard.format, skip, guard.parts)
                t2 = time.perf_counter()
                reader = _Reader(f, plan, None)
                reader.identity(book)
                t3 = time.perf_counter()
                reader.contents(book)
                t4 = time.perf_counter()
                period = reader.ret.period
                assert period is not None
                validate(reader.ret, plan, period)
                t5 = time.perf_counter()
                ret = read_return(f, plan)
                assert ret.period is not None
                validate(ret, plan, ret.period)
                t6 = time.perf_counter()
                times = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)
                for k, d in zip(STEPS, times, strict=True):
                    total[k] += d
            for k in STEPS:
                per_run[k].append(total[k] / len(files) * 1000)
        gc.enable()
        print("| step | ms per return |\n|---|---:|")
        medians = {k: statistics.median(v[1:]) for k, v in per_run.items()}
        for k, label in STEPS.items():
            if k == "whole":
                steps = sum(medians[s] for s in STEPS if s != "whole")
                print(f"| **sum of the steps** | **{steps:.2f}** |")
            print(f"| {label} | {medians[k]:.2f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

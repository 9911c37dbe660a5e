"""Load a plan workbook as every pegxl command does (guard, scanner, every cell, the plan
rules) and print how much it holds: the plan-load figure of the benchmarks, in a process of its
own."""

from __future__ import annotations

import json
import sys

from pegxl.plan.workbook_reader import load

if __name__ == "__main__":
    loaded = load(sys.argv[1])
    assert loaded.plan is not None
    print(json.dumps(loaded.plan.stats()))

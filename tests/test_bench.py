"""The benchmark code cannot rot: its quick mode (``make bench-quick``, about a minute) runs end
to end, and every figure's pegxl and baseline saw the same data. No time is asserted
(benchmarks/README.md has the figures), and the repository's results and README table are left
alone (the run writes into a folder of the test's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.slow
def test_the_benchmarks_run_and_agree_with_their_baselines(tmp_path: Path) -> None:
    results = tmp_path / "results"
    readme = (BENCH / "README.md").read_bytes()
    r = subprocess.run(
        [sys.executable, "bench.py", "--quick", "--results", str(results)],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    figures = {p.stem: json.loads(p.read_text()) for p in results.glob("*.json")}
    assert sorted(figures) == [
        "check",
        "consolidate",
        "generate",
        "growth",
        "plan",
        "run",
        "startup",
        "versions",
    ]
    assert [p["files_read"] for p in figures["versions"]["points"]] == [100, 400]
    assert all(f["agree"] is True for f in figures.values()), figures
    assert figures["consolidate"]["master_rows"]["rows"] > 0
    assert "| figure | pegxl | baseline | ratio | goal | met |" in r.stdout
    assert (BENCH / "README.md").read_bytes() == readme

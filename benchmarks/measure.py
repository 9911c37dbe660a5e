"""How the benchmarks measure: whole processes, side by side with their baseline, in rounds.

A case is a command line. :func:`run` starts it and samples the resident memory of its whole
process tree (the command and every worker it starts) from ``/proc`` every few milliseconds
until it ends: wall time and peak RSS. :func:`rounds` runs every case of a figure once per round,
for several rounds, so that a slow spell of the shared machine falls on all of them alike; the
figure is the median with min and max, and the ratio is of the medians.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: how often the memory of the process tree is sampled
SAMPLE_S = 0.005


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += _rss_kb(p)
        todo.extend(_children(p))
    return total / 1024


@dataclass
class Run:
    """One run of a command: wall seconds, peak RSS of its process tree, what it printed."""

    seconds: float
    peak_mb: float
    stdout: str
    code: int


def run(cmd: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Run:
    """Run ``cmd`` to the end, measuring its wall time and the peak RSS of its process tree."""
    environment = {**os.environ, **(env or {})}
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"pegxl-bench-out-{os.getpid()}"
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=subprocess.DEVNULL, cwd=cwd, env=environment
        )
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(SAMPLE_S)
        seconds = time.perf_counter() - start
    text = out_path.read_text(encoding="utf-8", errors="replace")
    out_path.unlink(missing_ok=True)
    return Run(seconds, peak, text, proc.returncode)


@dataclass
class Figure:
    """The runs of each case of one figure, and what the cases printed last."""

    name: str
    cases: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, case: str) -> float:
        return statistics.median(r.seconds for r in self.cases[case])

    def summary(self, baseline: str | None) -> list[dict[str, object]]:
        """Per case: median, min, max seconds, peak MB, and the baseline's median over this
        one's."""
        base = self.median(baseline) if baseline else None
        out = []
        for case, runs in self.cases.items():
            secs = [r.seconds for r in runs]
            med = statistics.median(secs)
            out.append(
                {
                    "case": case,
                    "median_s": round(med, 3),
                    "min_s": round(min(secs), 3),
                    "max_s": round(max(secs), 3),
                    "peak_mb": round(max(r.peak_mb for r in runs), 1),
                    "ratio": round(base / med, 2) if base else None,
                    "runs": len(runs),
                }
            )
        return out


def rounds(
    name: str, cases: Mapping[str, Sequence[str]], n: int, cwd: Path | None = None
) -> Figure:
    """Every case once per round, ``n`` rounds; a case that fails stops the benchmark."""
    figure = Figure(name, {case: [] for case in cases})
    for _ in range(n):
        for case, cmd in cases.items():
            r = run(cmd, cwd)
            if r.code not in (0, 1):  # 1: the command found errors in its inputs, as it should
                raise SystemExit(f"{name}: {case} failed with exit {r.code}: {' '.join(cmd)}")
            figure.cases[case].append(r)
    return figure

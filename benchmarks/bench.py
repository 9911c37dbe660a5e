"""make bench: the whole cycle measured as a user runs it, each figure beside its baseline.

    .venv/bin/python benchmarks/bench.py            # full: under 15 minutes on two cores
    .venv/bin/python benchmarks/bench.py --quick    # under 2 minutes (make bench-quick)
    .venv/bin/python benchmarks/bench.py --tiny --results DIR   # the test's smoke run

Every case is a whole process (the ``pegxl`` command, or the baseline script of
``benchmarks/naive.py``), timed with the peak RSS of its process tree (``measure.py``), in
interleaved rounds. Results go to ``benchmarks/results/<figure>.json``; the full and quick runs
also rewrite the table in ``benchmarks/README.md`` between its markers. Each figure also
records whether pegxl and its baseline saw the same data (``agree``), never a time in a test.

Workloads (``synth.py``): *typical*, the Cinisello Balsamo plan; *large*, 40 sectors × 50
objectives × 8 phases and 8 indicators; *many*, 1,000 sectors of a typical size and one filled
return each (written by XlsxWriter, saved again by openpyxl, by LibreOffice); *huge*, one return
with 100,000 indicator rows; *scale*, 10 to 5,000 returns.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import synth
from measure import rounds, run

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
PY = sys.executable
PEGXL = [PY, "-m", "pegxl"]
NAIVE = [PY, str(HERE / "naive.py")]


#: the cases run with the plan cache off (the first command on a new plan); the others find
#: the plan in the run's own cache, as every later command of a campaign does
FIRST_CHECK = "pegxl check --format json, first on this plan (no plan cache)"
FIRST_CONSOLIDATE = "pegxl consolidate, first on this plan (no plan cache)"
PLAN_AGAIN = "plan workbook load (pegxl), again (from its cache)"


@dataclass(frozen=True)
class Sizes:
    """The sizes of one mode."""

    rounds: int
    many: int
    scale: tuple[int, ...]
    large: tuple[int, int, int, int]
    huge: int
    other_producers: int
    libreoffice: bool
    import_copies: tuple[int, ...]
    #: the versions figure: small returns of the typical plan's 5 sectors, at each point
    versions: tuple[int, int] = (2500, 10_000)


MODES = {
    "full": Sizes(3, 1000, (10, 100, 1000, 5000), (40, 50, 8, 8), 100_000, 300, True, (23, 91)),
    "quick": Sizes(2, 100, (10, 50, 100), (8, 10, 8, 8), 10_000, 40, False, (3, 9), (100, 400)),
    "tiny": Sizes(1, 8, (4, 8), (2, 3, 2, 2), 500, 4, False, (1, 2), (20, 80)),
}


def pegxl(*args: str) -> list[str]:
    return [*PEGXL, *args]


def naive(*args: str) -> list[str]:
    return [*NAIVE, *args]


def cold(cmd: list[str]) -> list[str]:
    """The command with pegxl's plan cache off: the first command on a new plan (``env``
    replaces itself with the command, so the process measured is the command's)."""
    return ["env", "PEGXL_CACHE=off", *cmd]


class Bench:
    """Builds the workloads once and measures each figure."""

    def __init__(self, sizes: Sizes, work: Path, results: Path) -> None:
        self.s = sizes
        self.work = work
        self.results = results
        self.figures: dict[str, dict[str, object]] = {}

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def save(self, name: str, data: dict[str, object]) -> None:
        """One figure's results, in memory and in ``results/<name>.json``."""
        self.figures[name] = data
        self.results.mkdir(parents=True, exist_ok=True)
        (self.results / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")

    # -- workloads -------------------------------------------------------------------------
    def plan_file(self, name: str, plan: synth.Plan) -> Path:
        from pegxl.plan.workbook_reader import load
        from pegxl.plan.workbook_writer import save

        path = self.work / f"{name}.xlsx"
        if not path.exists():
            save(plan, path)
            load(path)  # into the run's own plan cache, as the first command on it would
        return path

    def returns(self, name: str, plan: synth.Plan, producer: str, n: int | None = None) -> Path:
        folder = self.work / f"{name}-{producer}-{n or 'all'}"
        if not folder.exists():
            self.log(f"building {n or len(plan.sectors)} returns of {name} ({producer})")
            sectors = [s.code for s in plan.sectors[:n]] if n else None
            synth.filled_returns(plan, folder, producer, sectors)
        return folder

    # -- figures ---------------------------------------------------------------------------
    def startup(self) -> None:
        """`pegxl --help` and `pegxl check` of one typical return, against a bare Python."""
        plan = synth.seed_plan()
        plan_path = self.plan_file("typical", plan)
        one = self.returns("typical", plan, "xlsxwriter", 1)
        [ret] = sorted(one.iterdir())
        fig = rounds(
            "startup",
            {
                "python -c pass": [PY, "-c", "pass"],
                "pegxl --help": pegxl("--help"),
                "pegxl check (one typical return)": pegxl("check", str(plan_path), str(ret)),
            },
            max(self.s.rounds * 3, 5),
        )
        bare = fig.median("python -c pass")
        self.save(
            "startup",
            {
                "cases": fig.summary(None),
                "over_python_ms": {
                    case: round((fig.median(case) - bare) * 1000)
                    for case in fig.cases
                    if case != "python -c pass"
                },
                "goals_ms": {"pegxl --help": 100, "pegxl check (one typical return)": 400},
                "agree": True,
            },
        )

    def generate(self) -> None:
        """`pegxl generate` of the large plan against bare XlsxWriter and openpyxl scripts
        writing the same cells from the same plan."""
        sectors, objectives, phases, indicators = self.s.large
        plan = synth.synth_plan(sectors, objectives, phases, indicators)
        path = self.plan_file("large", plan)
        outs = {k: self.work / f"gen-{k}" for k in ("pegxl", "xlsxwriter", "openpyxl")}
        cases = {
            "pegxl generate": pegxl(
                "generate", str(path), "--period", "2025-06-30", "-o", str(outs["pegxl"]), "--force"
            ),
            "bare XlsxWriter script": naive(
                "generate-xlsxwriter", str(path), str(outs["xlsxwriter"])
            ),
            "openpyxl script": naive("generate-openpyxl", str(path), str(outs["openpyxl"])),
        }
        fig = rounds("generate", cases, self.s.rounds)
        counts = {k: len(list(p.glob("*.xlsx"))) for k, p in outs.items()}
        pegxl_s, bare_s = fig.median("pegxl generate"), fig.median("bare XlsxWriter script")
        self.save(
            "generate",
            {
                "workload": (
                    f"{sectors} sectors × {objectives} objectives × {phases} phases + "
                    f"{indicators} indicators"
                ),
                "cases": fig.summary("openpyxl script"),
                "overhead_vs_xlsxwriter": round(pegxl_s / bare_s, 2),
                "goal_overhead": 1.25,
                "speedup_vs_openpyxl": round(fig.median("openpyxl script") / pegxl_s, 2),
                "goal_speedup": 2.5,
                "agree": len(set(counts.values())) == 1 and counts["pegxl"] == sectors,
            },
        )

    def check(self) -> None:
        """`pegxl check` of the many returns, each producer, against the pandas loop and
        calamine, whole processes."""
        plan = synth.synth_plan(self.s.many)
        path = self.plan_file("many", plan)
        producers = {"xlsxwriter": None, "openpyxl": self.s.other_producers}
        if self.s.libreoffice and shutil.which("soffice"):
            producers["libreoffice"] = self.s.other_producers
        data: dict[str, object] = {"returns": {}}
        agree = True
        for producer, n in producers.items():
            folder = self.returns("many", plan, producer, n)
            as_json = pegxl("check", str(path), str(folder), "--format", "json")
            cases = {
                "pegxl check --format json": as_json,
                "pegxl check (text)": pegxl("check", str(path), str(folder)),
            }
            if producer == "xlsxwriter":
                cases[FIRST_CHECK] = cold(as_json)
            cases |= {
                "pandas.read_excel loop (openpyxl)": naive("read", str(folder)),
            }
            if _has("python_calamine"):
                cases["python-calamine (values only)"] = naive("calamine", str(folder))
            fig = rounds(f"check-{producer}", cases, self.s.rounds)
            seen = _counts_of_check(fig.cases["pegxl check --format json"][-1].stdout)
            base = json.loads(fig.cases["pandas.read_excel loop (openpyxl)"][-1].stdout)
            same = seen == {"achieved": base["achieved"], "progress": base["progress"]}
            agree = agree and same
            data["returns"][producer] = {  # type: ignore[index]
                "files": len(list(folder.glob("*.xlsx"))),
                "cases": fig.summary("pandas.read_excel loop (openpyxl)"),
                "values_seen": seen,
                "agree": same,
            }
        data["goal"] = 12.0
        data["agree"] = agree
        self.save("check", data)

    def consolidate(self) -> None:
        """`pegxl consolidate` of the many returns against the read loop + concat + to_excel,
        and what part of it the master's write takes against a bare XlsxWriter write."""
        plan = synth.synth_plan(self.s.many)
        path = self.plan_file("many", plan)
        folder = self.returns("many", plan, "xlsxwriter")
        master, naive_out = self.work / "master.xlsx", self.work / "naive.xlsx"
        command = pegxl(
            "consolidate", str(path), str(folder), "-o", str(master), "--force", "--format", "json"
        )
        cases = {
            "pegxl consolidate (master workbook)": command,
            FIRST_CONSOLIDATE: cold(command),
            "pandas loop + concat + to_excel (openpyxl)": naive(
                "consolidate", str(folder), str(naive_out)
            ),
        }
        fig = rounds("consolidate", cases, self.s.rounds)
        parts = _master_parts(plan, folder, self.work)
        base = json.loads(fig.cases["pandas loop + concat + to_excel (openpyxl)"][-1].stdout)
        ours = _master_counts(master)
        self.save(
            "consolidate",
            {
                "returns": self.s.many,
                "cases": fig.summary("pandas loop + concat + to_excel (openpyxl)"),
                "goal": 4.0,
                "parts_s": parts,
                "master_rows": ours,
                "agree": ours["achieved"] == base["achieved"],
            },
        )

    def growth(self) -> None:
        """check and consolidate at each scale point: time and peak memory, and the huge
        return."""
        # the many plan's sectors; past one return per sector, later versions of the returns
        # (other values, saved later): consolidate then also chooses among versions
        biggest = max(self.s.scale)
        plan = synth.synth_plan(self.s.many)
        path = self.plan_file("many", plan)
        files = sorted(self.returns("many", plan, "xlsxwriter").glob("*.xlsx"))
        version = 1
        while len(files) < biggest:
            folder = self.work / f"many-version-{version}"
            self.log(f"building version {version + 1} of the many returns")
            later = synth.filled_returns(plan, folder, seed=7 + version)
            for f in later:
                f.rename(f.with_name(f"v{version + 1}_{f.name}"))
            files += sorted(folder.glob("*.xlsx"))
            version += 1
        points = []
        for n in self.s.scale:
            folder = self.work / f"scale-{n}"
            if not folder.exists():
                folder.mkdir()
                for f in files[:n]:
                    (folder / f.name).symlink_to(f)
            self.log(f"scale point {n}")
            fig = rounds(
                f"scale-{n}",
                {
                    "check": pegxl("check", str(path), str(folder), "--format", "json"),
                    "consolidate": pegxl(
                        "consolidate",
                        str(path),
                        str(folder),
                        "-o",
                        str(self.work / f"m{n}.xlsx"),
                        "--force",
                    ),
                },
                2 if n < biggest else 1,
            )
            points.append(
                {
                    "returns": n,
                    "check_s": round(fig.median("check"), 3),
                    "consolidate_s": round(fig.median("consolidate"), 3),
                    "check_peak_mb": round(max(r.peak_mb for r in fig.cases["check"]), 1),
                    "consolidate_peak_mb": round(
                        max(r.peak_mb for r in fig.cases["consolidate"]), 1
                    ),
                }
            )
        huge_plan = synth.huge_plan(self.s.huge)
        huge_path = self.plan_file("huge", huge_plan)
        huge = self.returns("huge", huge_plan, "xlsxwriter")
        self.log("the huge return")
        r = run(pegxl("check", str(huge_path), str(huge), "--format", "json"))
        first = run(cold(pegxl("check", str(huge_path), str(huge), "--format", "json")))
        huge_doc = json.loads(r.stdout)
        by_n = {p["returns"]: p for p in points}
        linear = {}
        if 1000 in by_n and 5000 in by_n:
            for what in ("check_s", "consolidate_s"):
                linear[what] = round(by_n[5000][what] / (5 * by_n[1000][what]), 2)  # type: ignore[operator]
        self.save(
            "growth",
            {
                "points": points,
                "linearity_5000_over_5x1000": linear,
                "goal_linearity": 1.2,
                "goal_peak_mb_at_1000": 500,
                "workload": "the many plan; past one return per sector, later versions",
                "huge": {
                    "indicator_rows": self.s.huge,
                    "seconds": round(r.seconds, 2),
                    "peak_mb": round(r.peak_mb, 1),
                    "first_seconds": round(first.seconds, 2),
                    "first_peak_mb": round(first.peak_mb, 1),
                    "valid": huge_doc["valid"],
                    "values": huge_doc["stats"]["values"],
                    "goal_s": 10,
                },
                "agree": huge_doc["stats"]["files"] == 1 and huge_doc["stats"]["rejected"] == 0,
            },
        )

    def versions(self) -> None:
        """check and consolidate of many small returns of few sectors (every version of each
        of the typical plan's 5 sectors in one folder), whole commands: peak memory and the
        size of check's JSON at two points, linear when the larger point costs its multiple of
        the smaller one's, no more."""
        plan = synth.seed_plan()
        path = self.plan_file("typical", plan)
        blanks = sorted(self.returns("typical", plan, "xlsxwriter").glob("*.xlsx"))
        small, large = self.s.versions
        points = []
        for n in (small, large):
            folder = self.work / f"versions-{n}"
            if not folder.exists():
                self.log(f"building {n} versions of {len(blanks)} sectors")
                folder.mkdir()
                for i in range(n):  # files of their own (not links): each read as sent
                    src = blanks[i % len(blanks)]
                    shutil.copyfile(src, folder / f"v{i // len(blanks):05}_{src.name}")
            master = self.work / f"versions-{n}.xlsx"
            fig = rounds(
                f"versions-{n}",
                {
                    "check": pegxl("check", str(path), str(folder), "--format", "json"),
                    "consolidate": pegxl(
                        "consolidate", str(path), str(folder), "-o", str(master), "--force"
                    ),
                },
                1,
            )
            [check_run] = fig.cases["check"]
            doc = json.loads(check_run.stdout)
            points.append(
                {
                    "files": n,
                    "files_read": doc["stats"]["files"],
                    "check_s": round(fig.median("check"), 2),
                    "consolidate_s": round(fig.median("consolidate"), 2),
                    "check_peak_mb": round(check_run.peak_mb, 1),
                    "consolidate_peak_mb": round(fig.cases["consolidate"][0].peak_mb, 1),
                    "check_json_bytes": len(check_run.stdout.encode()),
                }
            )
        a, b = points
        k = b["files"] / a["files"]
        ratios = {
            what: round(b[what] / (k * a[what]), 2)
            for what in ("check_peak_mb", "consolidate_peak_mb", "check_json_bytes")
        }
        self.save(
            "versions",
            {
                "workload": f"the typical plan's {len(blanks)} sectors, many versions of each",
                "points": points,
                "ratio_over_linear": ratios,
                "goal_ratio": 1.1,
                "agree": all(p["files_read"] == p["files"] for p in points),
            },
        )

    def plan_import(self) -> None:
        """Import of a large text export and load of its plan workbook (linear; no slower than
        openpyxl's read-only load)."""
        points = []
        agree = True
        for copies in self.s.import_copies:
            text = self.work / f"export-{copies}.txt"
            text.write_text(synth.export_text(copies), encoding="utf-8")
            plan_path = self.work / f"imported-{copies}.xlsx"
            fig = rounds(
                f"import-{copies}",
                {
                    "pegxl import": pegxl(
                        "import", str(text), "-o", str(plan_path), "--force", "--format", "json"
                    ),
                    "plan workbook load (pegxl)": cold(
                        [PY, str(HERE / "load_plan.py"), str(plan_path)]
                    ),
                    PLAN_AGAIN: [PY, str(HERE / "load_plan.py"), str(plan_path)],
                    "openpyxl read-only load": naive("openpyxl-load", str(plan_path)),
                },
                self.s.rounds,
            )
            loaded = json.loads(fig.cases["plan workbook load (pegxl)"][-1].stdout)
            agree = agree and loaded["objectives"] == 22 * copies
            points.append(
                {
                    "objectives": 22 * copies,
                    "bytes": text.stat().st_size,
                    "cases": fig.summary("openpyxl read-only load"),
                }
            )
        self.save("plan", {"points": points, "agree": agree})


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _counts_of_check(stdout: str) -> dict[str, int]:
    """How many achieved values and progress values pegxl read (from its JSON)."""
    doc = json.loads(stdout)
    seen: Counter[str] = Counter()
    keys = {"Valore Raggiunto": "achieved", "Avanzamento (%)": "progress"}
    for f in doc["files"]:
        for v in f["values"]:
            if v["column"] in keys and v["value"] is not None:
                seen[keys[v["column"]]] += 1
    return {"achieved": seen["achieved"], "progress": seen["progress"]}


def _master_counts(master: Path) -> dict[str, int]:
    """Rows of the master's Indicatori table and its achieved values."""
    import openpyxl

    wb = openpyxl.load_workbook(master, read_only=True)
    ws = wb["Indicatori"]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    # the achieved value is in the column of its kind: the number, the date or the text
    names = ("Valore raggiunto", "Valore raggiunto (data)", "Valore raggiunto (testo)")
    cols = [header.index(name) for name in names]
    n = achieved = 0
    for row in rows:
        n += 1
        achieved += any(row[c] is not None for c in cols)
    wb.close()
    return {"rows": n, "achieved": achieved}


def _master_parts(plan: synth.Plan, folder: Path, work: Path) -> dict[str, float]:
    """In one process: check and choose and score, build the tables, write the master; and a
    bare XlsxWriter write of the same tables (a process of its own)."""
    from pegxl.results.consolidate import consolidate
    from pegxl.results.master import write_master
    from pegxl.results.tables import build_tables

    t0 = time.perf_counter()
    result = consolidate(plan, [folder])
    t1 = time.perf_counter()
    tables = build_tables(result, "it")
    t2 = time.perf_counter()
    write_master(result, work / "parts.xlsx")
    t3 = time.perf_counter()
    pickled = work / "tables.pickle"
    with open(pickled, "wb") as fh:
        rows = [
            (t.name, [c.header for c in t.columns], [[_bare(v) for v in r] for r in t.rows])
            for t in tables
        ]
        pickle.dump(rows, fh)
    bare = run(naive("write-tables", str(pickled), str(work / "bare.xlsx")))
    return {
        "check_choose_score": round(t1 - t0, 2),
        "tables": round(t2 - t1, 2),
        "master_write_with_tables": round(t3 - t2, 2),
        "bare_xlsxwriter_write_process": round(bare.seconds, 2),
    }


def _bare(v: object) -> object:
    from pegxl.cells import stored_value
    from pegxl.values import Value

    return stored_value(v) if isinstance(v, Value) else v


# -- the README table -------------------------------------------------------------------------

START, END = "<!-- bench-table -->", "<!-- /bench-table -->"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(figures: dict[str, dict[str, object]], mode: str, seconds: float) -> str:
    """The README's table of every figure, with its baseline, ratio and goal."""
    lines = [
        f"Mode `{mode}`, {date.today():%Y-%m-%d}, {platform.machine()} with {os.cpu_count()} "
        "cores"
        + (f", whole run {seconds / 60:.1f} min" if seconds else "")
        + ". Median of the rounds (min–max); ratio = baseline median ÷ pegxl median; peak = "
        "RSS of the process tree.",
        "",
        _row("figure", "pegxl", "baseline", "ratio", "goal", "met"),
        _row(*["---"] * 6),
    ]
    add = lines.append
    for name, rows in (
        ("startup", _startup_rows),
        ("generate", _generate_rows),
        ("check", _check_rows),
        ("consolidate", _consolidate_rows),
        ("growth", _growth_rows),
        ("versions", _versions_rows),
        ("plan", _plan_rows),
    ):
        if name in figures:
            for row in rows(figures[name]):
                add(_row(*row))
    agree = ", ".join(f"{k} {'yes' if v.get('agree') else 'NO'}" for k, v in figures.items())
    add("")
    add(f"Agreement with the baselines (same values, same totals): {agree}.")
    return "\n".join(lines)


Rows = list[tuple[object, ...]]


def _span(c: dict[str, Any]) -> str:
    return f"{c['median_s']} s ({c['min_s']}–{c['max_s']})"


def _by_case(d: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["case"]: c for c in d["cases"]}


def _startup_rows(f: dict[str, Any]) -> Rows:
    over = f["over_python_ms"]
    return [
        (
            f"start-up: {case}",
            f"+{over[case]} ms",
            "python -c pass",
            "—",
            f"≤ +{goal} ms",
            _met(over[case] <= goal),
        )
        for case, goal in f["goals_ms"].items()
    ]


def _generate_rows(f: dict[str, Any]) -> Rows:
    cases = _by_case(f)
    p, bare, opx = (
        cases[k] for k in ("pegxl generate", "bare XlsxWriter script", "openpyxl script")
    )
    over, speed = f["overhead_vs_xlsxwriter"], f["speedup_vs_openpyxl"]
    return [
        (
            f"generate, {f['workload']}",
            _span(p),
            f"bare XlsxWriter {_span(bare)}",
            f"{over}× its time",
            "≤ 1.25×",
            _met(over <= 1.25),
        ),
        (
            "generate, same",
            _span(p),
            f"openpyxl {_span(opx)}",
            f"{speed}×",
            "≥ 2.5×",
            _met(speed >= 2.5),
        ),
    ]


def _check_rows(f: dict[str, Any]) -> Rows:
    rows: Rows = []
    for producer, d in f["returns"].items():
        cases = _by_case(d)
        base = cases["pandas.read_excel loop (openpyxl)"]
        what = f"check {d['files']} returns ({producer})"
        for case in ("pegxl check --format json", "pegxl check (text)", FIRST_CHECK):
            if case not in cases:
                continue
            c = cases[case]
            rows.append(
                (
                    f"{what}: {case}",
                    _span(c),
                    f"pandas loop {_span(base)}",
                    f"{c['ratio']}×",
                    "≥ 12×",
                    _met(c["ratio"] >= 12),
                )
            )
        cal = cases.get("python-calamine (values only)")
        if cal:
            c = cases["pegxl check --format json"]
            ratio = round(cal["median_s"] / c["median_s"], 2)
            rows.append(
                (
                    f"{what}: against the fastest bare reader",
                    _span(c),
                    f"python-calamine {_span(cal)}",
                    f"{ratio}×",
                    "say how far",
                    "—",
                )
            )
    return rows


def _consolidate_rows(f: dict[str, Any]) -> Rows:
    cases = _by_case(f)
    c = cases["pegxl consolidate (master workbook)"]
    base = cases["pandas loop + concat + to_excel (openpyxl)"]
    parts = f["parts_s"]
    return [
        (
            f"consolidate {f['returns']} returns",
            _span(c),
            f"pandas loop + concat + to_excel {_span(base)}",
            f"{c['ratio']}×",
            "≥ 4×",
            _met(c["ratio"] >= 4),
        ),
        *(
            (
                f"consolidate {f['returns']} returns, first on this plan (no plan cache)",
                _span(first),
                f"pandas loop + concat + to_excel {_span(base)}",
                f"{first['ratio']}×",
                "≥ 4×",
                _met(first["ratio"] >= 4),
            )
            for first in [cases[FIRST_CONSOLIDATE]]
            if FIRST_CONSOLIDATE in cases
        ),
        (
            "consolidate: the master's write (in process)",
            f"{parts['master_write_with_tables']} s",
            f"bare XlsxWriter write of the same cells {parts['bare_xlsxwriter_write_process']} s",
            "—",
            "say what part",
            "—",
        ),
        (
            "consolidate: peak memory",
            f"{c['peak_mb']} MB",
            f"{base['peak_mb']} MB",
            "—",
            "≤ 500 MB",
            _met(c["peak_mb"] <= 500),
        ),
    ]


def _growth_rows(f: dict[str, Any]) -> Rows:
    rows: Rows = [
        (
            f"growth: {p['returns']} returns",
            f"check {p['check_s']} s, consolidate {p['consolidate_s']} s",
            "—",
            "—",
            "linear",
            f"peak {p['check_peak_mb']} / {p['consolidate_peak_mb']} MB",
        )
        for p in f["points"]
    ]
    for what, x in f["linearity_5000_over_5x1000"].items():
        rows.append(
            (f"growth: {what} at 5,000 ÷ 5 × at 1,000", x, "—", "—", "≤ 1.2", _met(x <= 1.2))
        )
    h = f["huge"]
    rows.append(
        (
            f"one return of {h['indicator_rows']:,} indicator rows",
            f"{h['seconds']} s, {h['peak_mb']} MB",
            "—",
            "—",
            "< 10 s",
            _met(h["seconds"] < 10),
        )
    )
    if "first_seconds" in h:
        rows.append(
            (
                "the same, first on its plan (no plan cache)",
                f"{h['first_seconds']} s, {h['first_peak_mb']} MB",
                "—",
                "—",
                "< 10 s",
                _met(h["first_seconds"] < 10),
            )
        )
    return rows


def _versions_rows(f: dict[str, Any]) -> Rows:
    rows: Rows = [
        (
            f"versions: {p['files']:,} small returns of 5 sectors",
            f"check {p['check_s']} s, {p['check_peak_mb']} MB, JSON "
            f"{p['check_json_bytes'] / 1e6:.1f} MB; consolidate {p['consolidate_s']} s, "
            f"{p['consolidate_peak_mb']} MB",
            "—",
            "—",
            "linear",
            "—",
        )
        for p in f["points"]
    ]
    a, b = f["points"]
    for what, x in f["ratio_over_linear"].items():
        rows.append(
            (
                f"versions: {what} at {b['files']:,} ÷ {b['files'] // a['files']} × at "
                f"{a['files']:,}",
                x,
                "—",
                "—",
                f"≤ {f['goal_ratio']}",
                _met(x <= f["goal_ratio"]),
            )
        )
    return rows


def _plan_rows(f: dict[str, Any]) -> Rows:
    rows: Rows = []
    for p in f["points"]:
        cases = _by_case(p)
        load, base = cases["plan workbook load (pegxl)"], cases["openpyxl read-only load"]
        rows.append(
            (
                f"import of {p['objectives']} objectives ({p['bytes'] // 1024} KB)",
                _span(cases["pegxl import"]),
                "—",
                "—",
                "linear",
                "—",
            )
        )
        rows.append(
            (
                "load of its plan workbook (no plan cache)",
                _span(load),
                f"openpyxl read-only {_span(base)}",
                f"{load['ratio']}×",
                "≥ 1×",
                _met(load["ratio"] >= 1),
            )
        )
        again = cases.get(PLAN_AGAIN)
        if again:
            rows.append(
                (
                    "the same plan loaded again (from the plan cache)",
                    _span(again),
                    f"openpyxl read-only {_span(base)}",
                    f"{again['ratio']}×",
                    "—",
                    "—",
                )
            )
    return rows


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _write_readme(text: str) -> None:
    """The table into benchmarks/README.md, between its markers."""
    readme = HERE / "README.md"
    current = readme.read_text(encoding="utf-8")
    block = re.escape(START) + ".*?" + re.escape(END)
    readme.write_text(
        re.sub(block, f"{START}\n{text}\n{END}", current, flags=re.S), encoding="utf-8"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument(
        "--results",
        help="where the figures go (default: results/ for the full mode, the figures of the "
        "README's table; results/quick/ for the quick mode)",
    )
    ap.add_argument("--only", action="append", help="run only these figures")
    ap.add_argument(
        "--table", action="store_true", help="rewrite the README table from the saved results"
    )
    args = ap.parse_args()
    mode = "tiny" if args.tiny else "quick" if args.quick else "full"
    if args.results is None:
        args.results = str(HERE / "results" / ("quick" if mode != "full" else ""))
    if args.table:
        saved = {
            p.stem: json.loads(p.read_text()) for p in sorted(Path(args.results).glob("*.json"))
        }
        order = ["startup", "generate", "check", "consolidate", "growth", "versions", "plan"]
        figures = {k: saved[k] for k in order if k in saved}
        meta = saved.get("run", {"mode": mode, "seconds": 0})
        _write_readme(table(figures, str(meta["mode"]), float(meta["seconds"])))
        return 0
    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="pegxl-bench-"))
    os.environ["PEGXL_CACHE_DIR"] = str(work / "cache")  # the run's own, never the user's
    os.environ.pop("PEGXL_CACHE", None)
    # as installed: pip compiles the bytecode of what it installs, so a user's command does not
    # compile pegxl's sources on every start (an environment that forbids it would add ~80 ms)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    try:
        bench = Bench(MODES[mode], work, Path(args.results))
        names = ("startup", "generate", "check", "consolidate", "growth", "versions", "plan_import")
        for name in names:
            if args.only and name not in args.only:
                continue
            bench.log(name)
            getattr(bench, name)()
        seconds = time.perf_counter() - start
        if not args.only:
            bench.save("run", {"mode": mode, "seconds": round(seconds), "agree": True})
        text = table({k: v for k, v in bench.figures.items() if k != "run"}, mode, seconds)
        print(text)
        # the README's table is the full mode's, in the repository's own results (a quick run,
        # or a run into another folder as the test's, leaves it alone)
        if mode == "full" and not args.only and Path(args.results) == HERE / "results":
            _write_readme(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(f.get("agree") for f in bench.figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())

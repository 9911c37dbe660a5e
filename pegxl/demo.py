"""``pegxl demo``: the whole cycle on the embedded Cinisello Balsamo example, as a user runs it.

Each step is the real command (import, generate, check with feedback), shown before it runs;
between them, the sector workbooks are filled in as sector staff would (:func:`simulate_returns`):
most values are plausible, a few sectors make the mistakes the office meets every campaign (text
in a number cell, an end date before the start, a changed plan cell, a fraction typed for a
percentage), and one sector does not reply at all. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pegxl import resources
from pegxl.findings import Finding
from pegxl.i18n import text
from pegxl.model import INDICATORS_SHEET, PHASES_SHEET, Period, Plan
from pegxl.outputs import OutputKind, OutputRefused, Outputs, atomic_path, seal_zip
from pegxl.values import Kind

__all__ = ["DemoResult", "run_demo", "simulate_returns"]

#: the period the demo monitors, and whom the workbooks go back to
PERIOD = date(2025, 6, 30)
CONTACT = "Ufficio Performance, performance@comune.example"

#: runs one command of the cycle (its argv, and how to show it); returns its exit code
Step = Callable[[list[str], str], int]


@dataclass
class DemoResult:
    """How the demo ended (an exit code), the findings of the check, and what it wrote."""

    code: int
    findings: list[Finding] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


def run_demo(out_dir: str | Path, lang: str, step: Step) -> DemoResult:
    """The cycle into ``out_dir``: import, generate for 30/06/2025, simulated returns, check with
    feedback. Stops at the first step that fails (its exit code)."""
    out = Path(out_dir)
    try:
        Outputs().folder(out, OutputKind.WORKBOOK)
    except OutputRefused as e:
        return DemoResult(2, e.findings())
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "plan": out / "piano.xlsx",
        "workbooks": out / f"schede_{PERIOD.isoformat()}",
        "returns": out / f"risposte_{PERIOD.isoformat()}",
        "feedback": out / "riscontri",
    }
    plan_path = paths["plan"]
    example = resources.example_plan_text()
    rc = step(
        ["import", str(example), "-o", str(plan_path)],
        f"import {resources.EXAMPLE_NAME} -o {plan_path}",
    )
    if rc:
        return DemoResult(rc)
    june = paths["workbooks"]
    rc = step(
        [
            "generate",
            str(plan_path),
            "--period",
            PERIOD.isoformat(),
            "-o",
            str(june),
            "--contact",
            CONTACT,
        ],
        f"generate {plan_path} --period {PERIOD.isoformat()} -o {june}",
    )
    if rc:
        return DemoResult(rc)
    from pegxl.plan.planload import load

    plan = load(plan_path).plan
    assert plan is not None
    period = Period.of(PERIOD)
    try:
        filled = simulate_returns(plan, sorted(june.glob("*.xlsx")), period, paths["returns"])
    except OutputRefused as e:
        return DemoResult(2, e.findings())
    print("\n" + text("cli.demo_simulated", lang, n=len(filled)))
    returns, feedback = paths["returns"], paths["feedback"]
    rc = step(
        ["check", str(plan_path), str(returns), "--feedback", str(feedback)],
        f"check {plan_path} {returns} --feedback {feedback}",
    )
    if rc not in (0, 1):  # findings are expected: the simulated sectors made the usual mistakes
        return DemoResult(rc)
    from pegxl.returns.batch import check

    report = check(plan, [returns])
    return DemoResult(0, report.findings, {k: str(v) for k, v in paths.items()})


def simulate_returns(
    plan: Plan, workbooks: Sequence[Path], period: Period, out_dir: Path, seed: int = 2025
) -> list[Path]:
    """Fill all but the last workbook; return the filled copies (the originals are untouched).

    The copies follow the output rules: they replace only simulated returns of an earlier
    demo (:class:`~pegxl.outputs.OutputRefused` otherwise)."""
    import openpyxl

    rnd = random.Random(seed)
    indicators = {i.id: i for i in plan.indicators()}
    outputs = Outputs(workbooks)
    out_dir = outputs.folder(out_dir, OutputKind.SIMULATED)
    targets = [out_dir / src.name.replace(".xlsx", "_compilato.xlsx") for src in workbooks[:-1]]
    outputs.claim_all([(t, OutputKind.SIMULATED) for t in targets])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, (src, target) in enumerate(zip(workbooks[:-1], targets, strict=True)):
        wb = openpyxl.load_workbook(src)
        fasi, ind = wb[PHASES_SHEET], wb[INDICATORS_SHEET]
        start = datetime(period.end.year, 1, 1)
        for r in range(3, fasi.max_row + 1):
            if "/" not in str(fasi.cell(r, 1).value):
                continue
            progress = rnd.choice([30, 40, 50, 50, 60, 75, 100])
            fasi.cell(r, 8).value = progress
            fasi.cell(r, 9).value = start + timedelta(days=rnd.randint(0, 40))
            if progress == 100:
                fasi.cell(r, 10).value = start + timedelta(days=rnd.randint(60, 170))
        heads = [c.value for c in ind[2]]
        col = heads.index(text("col.achieved", "it")) + 1
        for r in range(3, ind.max_row + 1):
            i = indicators.get(str(ind.cell(r, 1).value))
            if i is None or i.target is None:
                continue
            value: str | float | datetime
            if i.kind is Kind.DONE:
                value = rnd.choice(["Fatto", "Fatto", "Non fatto"])
            elif i.kind in (Kind.NUMBER, Kind.PERCENT):
                value = round(float(i.target.value) * rnd.uniform(0.4, 0.9), 0)  # type: ignore[arg-type]
            elif i.kind is Kind.DATE:
                value = datetime(period.end.year, 5, 31)
            else:
                value = "in corso"
            ind.cell(r, col).value = value
        if n == 1:  # the usual mistakes
            fasi["H4"] = "circa metà"
            fasi["I5"], fasi["J5"] = (
                datetime(period.end.year, 3, 1),
                datetime(period.end.year, 2, 1),
            )
            fasi["H5"] = 100
            fasi["E4"] = 99
            ind.cell(4, col).value = (
                0.85 if indicators[str(ind.cell(4, 1).value)].kind is Kind.PERCENT else "quasi"
            )
        with atomic_path(target) as tmp:
            wb.save(tmp)
            seal_zip(tmp, OutputKind.SIMULATED)
        written.append(target)
    return written

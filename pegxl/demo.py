"""Simulated returns for `pegxl demo`: the sector workbooks filled in as sector staff would.

Most values are plausible; a few sectors make the mistakes the office meets every campaign
(text in a number cell, an end date before the start, a changed plan cell, a fraction typed for a
percentage), and one sector does not reply at all. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

from pegxl.model import Period, Plan
from pegxl.outputs import OutputKind, Outputs, atomic_path, seal_zip
from pegxl.values import Kind

__all__ = ["simulate_returns"]


def simulate_returns(
    plan: Plan, workbooks: Sequence[Path], period: Period, out_dir: Path, seed: int = 2025
) -> list[Path]:
    """Fill all but the last workbook; return the filled copies (the originals are untouched).

    The copies follow the output rules: they replace only simulated returns of an earlier
    demo (:class:`~pegxl.outputs.OutputRefused` otherwise)."""
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
        fasi, ind = wb["Fasi"], wb["Indicatori"]
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
        col = heads.index("Valore Raggiunto") + 1
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

"""Synthetic plans and filled returns for the benchmarks, with the shapes of the real plan.

Everything is drawn, with a fixed seed, from the Cinisello Balsamo example: objective titles,
phase names and indicator descriptions (so text lengths are real ones), the mix of target kinds
(numbers, percentages, Fatto), planned dates, weights, prior-year values, responsabili and the
links to the DUP. Sizes are the benchmark's:

* :func:`synth_plan` — ``sectors × objectives`` with ``phases`` and ``indicators`` each, or, when
  those are ``None``, as many as the example's objectives have (a *typical* sector);
* :func:`filled_returns` — one filled return per sector, written by pegxl's own writer
  (XlsxWriter) with the values in the input cells, then optionally saved again by openpyxl or
  LibreOffice, the three producers a campaign meets;
* :func:`export_text` — a PEG text export of many objectives, made of the example's own
  objective blocks renamed, for the import benchmark.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from pegxl import import_text
from pegxl.model import (
    Indicator,
    Period,
    Plan,
    Sector,
    indicator_id,
    phase_id,
)
from pegxl.values import Kind, Value
from pegxl.workbook.writer import GenerateOptions, Prefill, generate

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "examples" / "cinisello_2025_vp4.txt"
JUNE = Period.of(date(2025, 6, 30))


@cache
def seed_plan() -> Plan:
    """The real plan every synthetic one is drawn from."""
    plan = import_text(SEED_TEXT).plan
    assert plan is not None
    return plan


def synth_plan(
    sectors: int,
    objectives: int | None = None,
    phases: int | None = None,
    indicators: int | None = None,
    seed: int = 2025,
) -> Plan:
    """A plan of ``sectors`` sectors; ``None`` sizes are drawn from the example's own."""
    base = seed_plan()
    rnd = random.Random(seed)
    pool_obj = list(base.objectives)
    pool_ph = [p for o in base.objectives for p in o.phases]
    pool_ind = [i for o in base.objectives for i in o.indicators]
    per_sector = [len(base.objectives_of(s.code)) for s in base.sectors]
    out_sectors, out_objectives = [], []
    for s in range(1, sectors + 1):
        code = f"S{s:04d}" if sectors > 999 else f"S{s:03d}"
        out_sectors.append(
            Sector(code, f"SETTORE SINTETICO {s}", responsabile=rnd.choice(pool_obj).responsabile)
        )
        n_obj = objectives if objectives is not None else rnd.choice(per_sector)
        for j in range(1, n_obj + 1):
            template = rnd.choice(pool_obj)
            ocode = f"2025_{code}_{j:02d}"
            n_ph = phases if phases is not None else len(rnd.choice(pool_obj).phases)
            n_ind = indicators if indicators is not None else len(rnd.choice(pool_obj).indicators)
            weight = round(100 / n_ph, 2) if n_ph else None
            ph = tuple(
                replace(
                    rnd.choice(pool_ph),
                    id=phase_id(ocode, k),
                    objective_code=ocode,
                    weight=weight,
                    progress=None,
                    actual_start=None,
                    actual_end=None,
                )
                for k in range(1, n_ph + 1)
            )
            ind = tuple(
                replace(
                    rnd.choice(pool_ind),
                    id=indicator_id(ocode, k),
                    objective_code=ocode,
                    achieved=None,
                )
                for k in range(1, n_ind + 1)
            )
            out_objectives.append(
                replace(
                    template,
                    code=ocode,
                    sector_code=code,
                    phases=ph,
                    indicators=ind,
                    provisional=False,
                )
            )
    return Plan(
        base.entity,
        base.year,
        base.view,
        base.level,
        base.value_label,
        tuple(out_sectors),
        tuple(out_objectives),
    )


def _achieved(ind: Indicator, rnd: random.Random) -> Value | None:
    """A plausible achieved value for an indicator, of its target's kind."""
    t = ind.target
    if t is None or t.kind is Kind.TEXT:
        return None
    if t.kind is Kind.DONE:
        return Value(Kind.DONE, rnd.random() < 0.7)
    if t.kind is Kind.DATE:
        return Value(Kind.DATE, date(2025, rnd.randint(1, 6), rnd.randint(1, 28)))
    x = float(t.value) * rnd.uniform(0.4, 1.1)  # type: ignore[arg-type]
    return Value(t.kind, round(min(x, 100.0) if t.kind is Kind.PERCENT else x, 0))


def prefill_values(plan: Plan, seed: int = 7) -> dict[str, dict[str, object]]:
    """The values a sector types: progress and start for each phase, a value for each
    indicator, a note now and then."""
    rnd = random.Random(seed)
    values: dict[str, dict[str, object]] = {}
    for o in plan.objectives:
        for p in o.phases:
            v: dict[str, object] = {
                "progress": float(rnd.choice([25, 40, 50, 60, 75, 100])),
                "actual_start": date(2025, 1, rnd.randint(1, 31)),
            }
            if v["progress"] == 100.0:
                v["actual_end"] = date(2025, rnd.randint(3, 6), rnd.randint(1, 28))
            values[p.id] = v
        for i in o.indicators:
            a = _achieved(i, rnd)
            if a is not None:
                values[i.id] = {"achieved": a}
                if rnd.random() < 0.3:
                    values[i.id]["note"] = "nota di monitoraggio"
    return values


def filled_returns(
    plan: Plan,
    out: Path,
    producer: str = "xlsxwriter",
    sectors: Sequence[str] | None = None,
    seed: int = 7,
) -> list[Path]:
    """One filled return per sector in ``out``: written by pegxl's writer with the values in the
    input cells (``xlsxwriter``), then saved again by ``openpyxl`` or ``libreoffice``; another
    ``seed``, other values (a later version of the same returns)."""
    values = prefill_values(plan, seed)
    written = out / "xlsxwriter" if producer != "xlsxwriter" else out
    # the values as the previous period's with fill_inputs: the writer puts them in the input
    # cells (and shows them, locked, in the "al 30/06" columns too)
    opts = GenerateOptions(prefill=Prefill(Period.of(date(2025, 3, 31)), values, True))
    files = generate(plan, JUNE, written, sectors, opts).files
    if producer == "xlsxwriter":
        return files
    out.mkdir(parents=True, exist_ok=True)
    cores = max(1, min(os.cpu_count() or 1, 8))
    if producer == "openpyxl":
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(cores) as pool:
            saved = list(pool.map(_resave, files, [out] * len(files), chunksize=8))
        shutil.rmtree(written)
        return saved
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed for returns saved by LibreOffice"
    # one soffice per core, each with a profile of its own, each converting its share
    shares = [files[i::cores] for i in range(cores) if files[i::cores]]
    procs = [
        subprocess.Popen(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={(out / f'lo-profile-{i}').resolve().as_uri()}",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                *map(str, share),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i, share in enumerate(shares)
    ]
    for proc in procs:
        if proc.wait(timeout=1800) != 0:
            raise RuntimeError(f"soffice failed with exit {proc.returncode}")
    shutil.rmtree(written)
    for i in range(len(shares)):
        shutil.rmtree(out / f"lo-profile-{i}", ignore_errors=True)
    return sorted(out.glob("*.xlsx"))


def _resave(path: Path, out: Path) -> Path:
    """A return opened and saved again by openpyxl (in a worker process)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.save(out / path.name)
    return out / path.name


_HEADER = re.compile(r"PEG-PIAO-SEZ\. 2\.2\nPERFORMANCE\n(2025_[A-Z]+[0-9]*_[0-9]+)\n")


def export_text(copies: int) -> str:
    """A text export with ``copies`` times the example's objectives, each copy's codes and
    sector names renamed so that every objective is distinct."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    start = _HEADER.search(text)
    assert start is not None
    head, body = text[: start.start()], text[start.start() :]
    base = seed_plan()
    names = sorted({s.name for s in base.sectors}, key=len, reverse=True)
    parts = [head]
    for n in range(copies):
        block = re.sub(
            r"2025_([A-Z]+)([0-9]*)_([0-9]+)",
            lambda m, n=n: f"2025_{m.group(1)}{m.group(2)}X{n}_{m.group(3)}",
            body,
        )
        for name in names:
            block = block.replace(name, f"{name} {n}")
        parts.append(block)
    return "".join(parts)


def huge_plan(indicators: int = 100_000) -> Plan:
    """One sector whose return has ``indicators`` indicator rows (100 per objective)."""
    return synth_plan(1, objectives=indicators // 100, phases=1, indicators=100, seed=11)

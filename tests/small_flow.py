"""A whole small cycle on disk, made fast: the smallest sound plan (``PLAN_TABLES``: one
sector, one objective, two phases, one indicator) rewritten by pegxl, its workbook for the
monitoring at 30/06/2025, and that workbook returned half filled in (one phase at 100% without
its end date: a warning; the other phase left blank: an error; the indicator at 60)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pegxl.model import Period
from pegxl.plan.workbook_reader import load
from pegxl.workbook.writer import GenerateOptions, generate

from .tables import PLAN_TABLES, fill, write_book

JUNE = Period.of(date(2025, 6, 30))
#: the headers the sector types under, by the language of the workbook
HEADERS = {"it": ("Avanzamento (%)", "Valore Raggiunto"), "en": ("Progress (%)", "Achieved")}


@dataclass(frozen=True)
class SmallFlow:
    """The files of the small cycle: the plan typed by hand, the plan pegxl wrote, the blank
    workbook and the one returned (in ``returns/``)."""

    root: Path
    tables: Path
    plan: Path
    blank: Path
    returned: Path

    @property
    def returns(self) -> Path:
        return self.returned.parent


def small_flow(root: Path, lang: str = "it") -> SmallFlow:
    """The small cycle in ``root``, its workbook in ``lang``."""
    from pegxl.plan.workbook_writer import save

    root.mkdir(parents=True, exist_ok=True)
    tables = write_book(root / "tabelle.xlsx", PLAN_TABLES)
    loaded = load(tables)
    assert loaded.plan is not None
    plan = save(loaded.plan, root / "piano.xlsx")
    [blank] = generate(loaded.plan, JUNE, root / "schede", None, GenerateOptions(lang=lang)).files
    progress, achieved = HEADERS[lang]
    values = {"2025_S01_01/F1": {progress: 100}, "2025_S01_01/I1": {achieved: 60}}
    returned = fill(blank, values, root / "risposte" / blank.name)
    return SmallFlow(root, tables, plan, blank, returned)

"""The baselines of the benchmarks: what an analyst writes instead of pegxl, run as a whole
process each, like the pegxl command.

    python benchmarks/naive.py read FOLDER                 the pandas loop: read every sheet
    python benchmarks/naive.py calamine FOLDER             the fastest bare reader: values only
    python benchmarks/naive.py consolidate FOLDER OUT.xlsx read loop + concat + to_excel (openpyxl)
    python benchmarks/naive.py write-tables PICKLE OUT.xlsx  bare XlsxWriter write of the tables
    python benchmarks/naive.py openpyxl-load PLAN.xlsx     openpyxl's own read-only load
    python benchmarks/naive.py generate-xlsxwriter PLAN.xlsx OUT   the sector workbooks' cells,
    python benchmarks/naive.py generate-openpyxl PLAN.xlsx OUT     bare (no checks, no metadata)

Each prints one JSON line: what it read or wrote (sheets, rows, cells with a value, the sum of
the numbers), so the benchmark can check that the baseline saw the same data as pegxl. None of
them checks anything.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

#: the sheets a return's values are in (the plan's part names, the same in every language)
SHEETS = ("Obiettivi", "Fasi", "Indicatori")


def _files(folder: str) -> list[Path]:
    return sorted(p for p in Path(folder).iterdir() if p.suffix == ".xlsx")


#: the input columns whose values the baselines count, to compare with what pegxl read
ACHIEVED, PROGRESS = "Valore Raggiunto", "Avanzamento (%)"


def read(folder: str) -> dict[str, float]:
    """``pandas.read_excel(path, sheet_name=None, engine="openpyxl")`` over every file (the
    header is the second row of a sector workbook)."""
    import pandas as pd

    rows = cells = achieved = progress = 0
    for f in _files(folder):
        for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl", header=1).items():
            if name in SHEETS:
                rows += len(df)
                cells += int(df.notna().sum().sum())
                if ACHIEVED in df:
                    achieved += int(df[ACHIEVED].notna().sum())
                if PROGRESS in df:
                    progress += int(df[PROGRESS].notna().sum())
    return {"rows": rows, "cells": cells, "achieved": achieved, "progress": progress}


def calamine(folder: str) -> dict[str, float]:
    """python-calamine reading the same sheets' values."""
    from python_calamine import CalamineWorkbook

    rows = cells = 0
    for f in _files(folder):
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            if name in SHEETS:
                data = wb.get_sheet_by_name(name).to_python()
                rows += max(len(data) - 1, 0)
                cells += sum(1 for row in data[1:] for v in row if v not in ("", None))
    return {"rows": rows, "cells": cells}


def consolidate(folder: str, out: str) -> dict[str, float]:
    """The loop, ``pandas.concat`` per sheet with the file name, ``DataFrame.to_excel``."""
    import pandas as pd

    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in SHEETS}
    for f in _files(folder):
        for name, df in pd.read_excel(f, sheet_name=None, engine="openpyxl", header=1).items():
            if name in frames:
                frames[name].append(df.assign(File=f.name))
    rows = achieved = 0
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, parts in frames.items():
            table = pd.concat(parts, ignore_index=True)
            table.to_excel(writer, sheet_name=name, index=False)
            rows += len(table)
            if name == "Indicatori":
                achieved = int(table[ACHIEVED].notna().sum())
    return {"rows": rows, "achieved": achieved}


def write_tables(pickled: str, out: str) -> dict[str, float]:
    """The master's tables (pickled lists of rows) written by a bare XlsxWriter loop: the
    floor of the master workbook's write, without pegxl's formats, tables and charts."""
    import pickle
    from datetime import date, datetime

    import xlsxwriter

    with open(pickled, "rb") as fh:
        tables: list[tuple[str, list[str], list[list[object]]]] = pickle.load(fh)
    wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False})
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    cells = 0
    for name, headers, rows in tables:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                cells += 1
                if isinstance(v, str):
                    ws.write_string(r, c, v)
                elif isinstance(v, datetime | date):
                    ws.write_datetime(r, c, v, date_format)
                else:
                    ws.write_number(r, c, float(v))  # type: ignore[arg-type]
    wb.close()
    return {"cells": cells}


def openpyxl_load(plan: str) -> dict[str, float]:
    """openpyxl's read-only load of a workbook, every cell visited."""
    import openpyxl

    wb = openpyxl.load_workbook(plan, read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += sum(1 for v in row if v is not None)
    wb.close()
    return {"cells": cells}


def _sector_rows(plan_path: str) -> tuple[object, list[tuple[str, dict[str, list[list[object]]]]]]:
    """The plan (loaded as pegxl loads it) and, per sector, the rows of its workbook's sheets:
    the plan's cells pegxl writes, and empty input cells."""
    from pegxl.cells import stored_value
    from pegxl.plan.workbook_reader import load

    plan = load(plan_path).plan
    assert plan is not None

    def v(x: object) -> object:
        from pegxl.values import Value

        return stored_value(x) if isinstance(x, Value) else x

    out = []
    for s in plan.sectors:
        objs = plan.objectives_of(s.code)
        sheets = {
            "Istruzioni": [[f"PEG-PIAO {plan.year} — {s.name}"]]
            + [["testo delle istruzioni " * 4]] * 30,
            "Obiettivi": [
                [
                    "Codice",
                    "Obiettivo",
                    "Responsabile",
                    "Valore pubblico",
                    "Mandato",
                    "Missione",
                    "Programma",
                    "Stato",
                ]
            ]
            + [
                [
                    o.code,
                    o.title,
                    o.responsabile,
                    o.valore_pubblico,
                    str(o.mandate),
                    str(o.mission),
                    str(o.program),
                    o.stato,
                ]
                for o in objs
            ],
            "Fasi": [
                [
                    "ID",
                    "FASE",
                    "Inizio Previsto",
                    "Fine Prevista",
                    "Peso",
                    "Responsabile",
                    "Centro",
                    "Avanzamento (%)",
                    "Inizio Effettivo",
                    "Fine Effettiva",
                    "Note",
                ]
            ]
            + [
                [
                    p.id,
                    p.name,
                    p.planned_start,
                    p.planned_end,
                    p.weight,
                    "; ".join(p.responsabili),
                    p.centro,
                    None,
                    None,
                    None,
                    None,
                ]
                for o in objs
                for p in o.phases
            ],
            "Indicatori": [
                [
                    "ID",
                    "Descrizione",
                    "Tipo",
                    "Tipo valore",
                    "Valore Atteso",
                    "Valore Raggiunto 2024",
                    "Valore Raggiunto 2023",
                    "Valore Raggiunto",
                    "Note",
                ]
            ]
            + [
                [
                    i.id,
                    i.description,
                    i.tipo,
                    i.kind.value,
                    v(i.target),
                    v(i.prior_value(2024)),
                    v(i.prior_value(2023)),
                    None,
                    None,
                ]
                for o in objs
                for i in o.indicators
            ],
        }
        out.append((s.code, sheets))
    return plan, out


def generate_xlsxwriter(plan_path: str, out: str) -> dict[str, float]:
    """The sector workbooks' cells with a bare XlsxWriter loop: a header format, wrapped text,
    dates, yellow unlocked input cells, sheet protection."""
    from datetime import date, datetime

    import xlsxwriter

    _, sectors = _sector_rows(plan_path)
    Path(out).mkdir(parents=True, exist_ok=True)
    for code, sheets in sectors:
        wb = xlsxwriter.Workbook(str(Path(out) / f"{code}.xlsx"), {"strings_to_formulas": False})
        head = wb.add_format(
            {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True}
        )
        text = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
        when = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        yellow = wb.add_format({"bg_color": "#FFF2CC", "locked": False, "border": 1})
        for name, rows in sheets.items():
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, rows[0], head)
            for r, row in enumerate(rows[1:], 1):
                for c, x in enumerate(row):
                    if x is None:
                        ws.write_blank(r, c, None, yellow)
                    elif isinstance(x, date):
                        ws.write_datetime(r, c, datetime.combine(x, datetime.min.time()), when)
                    elif isinstance(x, int | float):
                        ws.write_number(r, c, x, text)
                    else:
                        ws.write_string(r, c, str(x), text)
            ws.protect()
        wb.close()
    return {"workbooks": len(sectors)}


def generate_openpyxl(plan_path: str, out: str) -> dict[str, float]:
    """The same cells and formats with openpyxl."""
    from datetime import date

    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    _, sectors = _sector_rows(plan_path)
    Path(out).mkdir(parents=True, exist_ok=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for code, sheets in sectors:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, rows in sheets.items():
            ws = wb.create_sheet(name)
            for c, h in enumerate(rows[0], 1):
                cell = ws.cell(1, c, h)
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F4E78")
            for r, row in enumerate(rows[1:], 2):
                for c, x in enumerate(row, 1):
                    cell = ws.cell(r, c, x)
                    cell.border = border
                    if x is None:
                        cell.fill = PatternFill("solid", fgColor="FFF2CC")
                        cell.protection = Protection(locked=False)
                    elif isinstance(x, date):
                        cell.number_format = "dd/mm/yyyy"
                    else:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.protection.sheet = True
        wb.save(Path(out) / f"{code}.xlsx")
    return {"workbooks": len(sectors)}


def main(argv: list[str]) -> int:
    commands = {
        "generate-xlsxwriter": generate_xlsxwriter,
        "generate-openpyxl": generate_openpyxl,
        "read": read,
        "calamine": calamine,
        "consolidate": consolidate,
        "write-tables": write_tables,
        "openpyxl-load": openpyxl_load,
    }
    result = commands[argv[0]](*argv[1:])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

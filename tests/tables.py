"""Test helpers: inputs written inline as small tables, findings flattened for exact asserts.

write_book(path, {"Fasi": [["ID fase", "Codice obiettivo", "FASE"], [None, "2025_S01_01", "x"]]})
flatten(findings, ["code", "sheet", "cell"]) == [("PLAN-022", "Fasi", "M1")]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from pegxl.findings import Finding


def write_book(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook with one sheet per table (rows of cell values; ``None`` leaves a cell empty;
    a text starting with ``=`` is a formula), saved by openpyxl like an office user's."""
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c).value = value
    wb.save(path)
    return path


def flatten(findings: Iterable[Finding] | Any, keys: Sequence[str]) -> list[tuple[Any, ...]]:
    """The findings (or a report's) as tuples of the given fields, in order (frictionless'
    ``flatten``); the severity as its value."""
    items = findings.findings if hasattr(findings, "findings") else findings
    return [
        tuple(f.severity.value if k == "severity" else getattr(f, k) for k in keys) for f in items
    ]


def fill(src: Path, values: Mapping[str, Mapping[str, Any]], dst: Path | None = None) -> Path:
    """Fill a generated sector workbook as a sector would: by row id and column header as the
    workbook shows them (``{"2025_S07_01/F1": {"Avanzamento (%)": 50}}``), saved by openpyxl; a
    row id is found on the first sheet that has it, or on the sheet named before it
    (``"Monitoraggio!2025_S07_01"``). A text is typed as text (even one starting with ``=``);
    ``None`` empties the cell."""
    wb = openpyxl.load_workbook(src)
    where: dict[str, tuple[Any, int, dict[str, int]]] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or ws.max_row < 2:
            continue
        headers = {str(c.value): c.column for c in ws[2] if c.value is not None}
        for r in range(3, ws.max_row + 1):
            rid = ws.cell(r, 1).value
            if rid is not None:
                where.setdefault(str(rid), (ws, r, headers))
                where.setdefault(f"{ws.title}!{rid}", (ws, r, headers))
    for rid, columns in values.items():
        ws, row, headers = where[rid]
        for header, value in columns.items():
            cell = ws.cell(row, headers[header])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    target = dst or src
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


#: the smallest sound plan workbook: every rule satisfied, nothing to report
PLAN_TABLES: dict[str, list[list[Any]]] = {
    "Piano": [["Campo", "Valore"], ["Ente", "Comune di Prova"], ["Anno", 2025]],
    "Settori": [
        ["Codice settore", "Settore (Centro di Responsabilità)", "Responsabile"],
        ["S01", "SETTORE UNO", "Mario Rossi"],
    ],
    "Obiettivi": [
        [
            "Codice obiettivo",
            "Codice settore",
            "Obiettivo",
            "Responsabile",
            "Assessorato",
            "Valore pubblico",
            "Stato",
        ],
        ["2025_S01_01", "S01", "Primo obiettivo", "Mario Rossi", "Giunta", "VP1", "In Corso"],
    ],
    "Fasi": [
        ["ID fase", "Codice obiettivo", "FASE", "Inizio Previsto", "Fine Prevista", "Peso", "Note"],
        [
            "2025_S01_01/F1",
            "2025_S01_01",
            "Prima fase",
            date(2025, 1, 1),
            date(2025, 6, 30),
            60,
            None,
        ],
        [
            "2025_S01_01/F2",
            "2025_S01_01",
            "Seconda fase",
            date(2025, 7, 1),
            date(2025, 12, 31),
            40,
            None,
        ],
    ],
    "Indicatori": [
        [
            "ID indicatore",
            "Codice obiettivo",
            "Descrizione",
            "Tipo",
            "Tipo valore",
            "Valore Atteso",
        ],
        ["2025_S01_01/I1", "2025_S01_01", "Pratiche evase", "EFFICACIA", "numero", 120],
    ],
}


def plan_tables(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """:data:`PLAN_TABLES` with some sheets replaced (``Fasi=[...]``)."""
    tables = {k: [list(r) for r in v] for k, v in PLAN_TABLES.items()}
    tables.update(changes)
    return tables


def excel_tables(path: Path) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every Excel Table of a workbook, as a pivot or Power Query sees it: by table name, its
    header and its data rows (cell values as openpyxl reads them, exactly the table's range)."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for ws in wb.worksheets:
        for table in ws.tables.values():
            rows = [[c.value for c in row] for row in ws[table.ref]]
            out[table.name] = ([str(h) for h in rows[0]], rows[1:])
    return out

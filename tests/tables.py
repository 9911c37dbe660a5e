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


def flatten(findings: Iterable[Finding], keys: Sequence[str]) -> list[tuple[Any, ...]]:
    """The findings as tuples of the given fields, in order (frictionless' ``flatten``)."""
    return [tuple(getattr(f, k) for k in keys) for f in findings]


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
        [None, "2025_S01_01", "Prima fase", date(2025, 1, 1), date(2025, 6, 30), 60, None],
        [None, "2025_S01_01", "Seconda fase", date(2025, 7, 1), date(2025, 12, 31), 40, None],
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
        [None, "2025_S01_01", "Pratiche evase", "EFFICACIA", "numero", 120],
    ],
}


def plan_tables(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    """:data:`PLAN_TABLES` with some sheets replaced (``Fasi=[...]``)."""
    tables = {k: [list(r) for r in v] for k, v in PLAN_TABLES.items()}
    tables.update(changes)
    return tables

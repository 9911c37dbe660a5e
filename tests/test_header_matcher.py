"""The one header matcher: one normaliser (``header_key``) and one finder of columns by header
(``columns_of``), used by the plan workbook, a sector's return, the overrides and the prefill."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pegxl.results import lineage
from pegxl.results.prefill import _columns
from pegxl.sheets.book import Cell, Sheet
from pegxl.sheets.headers import columns_of, header_columns, header_key

PACKAGE = Path(__file__).resolve().parent.parent / "pegxl"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Valore Atteso", "valore atteso"),
        ("  Valore \t Atteso\n", "valore atteso"),
        ("VALORE ATTESO", "valore atteso"),
        ("Attività", "attivita"),
        ("ATTIVITÀ", "attivita"),
        ("Punteggio_concesso", "punteggio concesso"),
        ("Peso (%)", "peso (%)"),
        ("", ""),
        (None, ""),
        (2025, "2025"),
    ],
)
def test_one_normaliser(header: object, key: str) -> None:
    assert header_key(header) == key


def test_columns_of_finds_each_key_by_its_header_in_any_spelling() -> None:
    names = {"ID": "id", "Avanzamento": "progress", "Progress": "progress", "Note": "note"}
    row = [(1, "id"), (2, None), (3, "  AVANZAMENTO "), (4, "Altro"), (5, ""), (7, "note")]
    assert columns_of(row, names) == {"id": 1, "progress": 3, "note": 7}
    # of two alike the later, as every reader did
    assert header_columns([(1, "Note"), (4, "NOTE")]) == {"note": 4}
    assert columns_of([], names) == {}


def test_the_prefill_finds_a_master_s_columns_whatever_their_case() -> None:
    """A master whose header an office retyped (case, spacing, an accent) is still read."""
    heads = ["id", "AVANZAMENTO", "Fine  effettiva", "valore raggiunto (TESTO)", "Nota"]
    sheet = Sheet("Fasi", cells={(1, c): Cell(1, c, h) for c, h in enumerate(heads, start=1)})
    assert _columns(sheet, lineage.header_keys()) == {
        "id": 1,
        "progress": 2,
        "actual_end": 3,
        "achieved_text": 4,
    }


def test_no_other_module_has_a_header_normaliser_of_its_own() -> None:
    """The copies of the normaliser (the reader's, the overrides', a prefill's exact match) are
    gone: no module but sheets/headers defines a function that folds a header's case."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).as_posix() == "sheets/headers.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in {"_norm", "_norm_header"}:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert offenders == []

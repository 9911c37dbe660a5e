"""The Nucleo's scores (--overrides): a workbook or CSV applied on top of the computed scores;
both kept; each row that cannot be applied is a finding with its cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from pegxl.model import Plan
from pegxl.results.overrides import MAX_CSV_BYTES, load_overrides

from .tables import flatten, write_book

HEADER = ["ID", "Punteggio concesso", "Motivazione"]


def test_a_workbook_of_granted_scores(tmp_path: Path, seed_plan: Plan) -> None:
    path = write_book(
        tmp_path / "nucleo.xlsx",
        {
            "Punteggi": [
                ["Punteggi concessi dal Nucleo di Valutazione, seduta del 15/07/2025"],
                [],
                HEADER,
                ["2025_S07_01", 95, "ritardo dovuto al fornitore"],
                ["2025_S05_04/I1", "80%", "dato corretto dal settore"],
                ["2025_S07_02", 72.5, "  obiettivo rimodulato  "],
            ]
        },
    )
    granted, found = load_overrides(path, seed_plan)
    assert found == []
    assert {k: (v.granted, v.reason) for k, v in granted.items()} == {
        "2025_S07_01": (95.0, "ritardo dovuto al fornitore"),
        "2025_S05_04/I1": (80.0, "dato corretto dal settore"),
        "2025_S07_02": (72.5, "obiettivo rimodulato"),
    }
    assert granted["2025_S07_01"].source == "nucleo.xlsx B4"


def test_rows_that_cannot_be_applied(tmp_path: Path, seed_plan: Plan) -> None:
    path = write_book(
        tmp_path / "nucleo.xlsx",
        {
            "Foglio1": [
                ["id", "PUNTEGGIO CONCESSO", "motivazione"],
                ["2025_S99_01", 90, "non esiste"],
                ["2025_S07_01/F1", 90, "una fase"],
                ["2025_S07_01", "molto", "non è un numero"],
                ["2025_S07_02", 0.9, "una frazione"],
                ["2025_S07_03", 250, "fuori scala"],
                ["2025_S07_04", 90, None],
                [None, 90, "senza ID"],
                ["2025_S07_05", None, "senza punteggio"],
                ["2025_S07_06", 90, "buono"],
                ["2025_S07_06", 91, "doppio"],
            ]
        },
    )
    granted, found = load_overrides(path, seed_plan)
    assert list(granted) == ["2025_S07_06"]
    assert flatten(found, ["code", "cell", "row_id", "severity"]) == [
        ("SCORE-008", "A2", "2025_S99_01", "error"),
        ("SCORE-008", "A3", "2025_S07_01/F1", "error"),
        ("SCORE-008", "B4", "2025_S07_01", "error"),
        ("SCORE-008", "B5", "2025_S07_02", "error"),
        ("SCORE-008", "B6", "2025_S07_03", "error"),
        ("SCORE-008", "A7", "2025_S07_04", "error"),
        ("SCORE-008", "A8", None, "error"),
        ("SCORE-008", "B9", "2025_S07_05", "error"),
        ("SCORE-008", "A11", "2025_S07_06", "error"),
    ]
    assert "sembra una frazione: scrivere 90 o 90%" in found[3].message_it


@pytest.mark.parametrize("sep", [";", ","])
def test_a_csv_of_granted_scores(tmp_path: Path, seed_plan: Plan, sep: str) -> None:
    path = tmp_path / "nucleo.csv"
    rows = [
        sep.join(["ID", "granted score", "reason"]),
        sep.join(["2025_S07_01", "95", '"late supplier, agreed"']),
    ]
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    granted, found = load_overrides(path, seed_plan)
    assert found == []
    assert (granted["2025_S07_01"].granted, granted["2025_S07_01"].reason) == (
        95.0,
        "late supplier, agreed",
    )


def test_files_that_are_not_a_table_of_scores(tmp_path: Path, seed_plan: Plan) -> None:
    no_header = write_book(tmp_path / "x.xlsx", {"A": [["codice", "voto"], ["2025_S07_01", 9]]})
    assert flatten(load_overrides(no_header, seed_plan)[1], ["code", "cell"]) == [
        ("SCORE-008", "A1")
    ]
    big = tmp_path / "big.csv"
    big.write_bytes(b"ID;x\n" * (MAX_CSV_BYTES // 4))
    assert flatten(load_overrides(big, seed_plan)[1], ["code"]) == [("SCORE-008",)]
    fake = tmp_path / "fake.xlsx"
    fake.write_text("ID;punteggio concesso;motivazione\n")
    assert flatten(load_overrides(fake, seed_plan)[1], ["code"]) == [("FILE-006",)]
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "ID;Punteggio concesso;Motivazione\n2025_S07_01;95;perché sì\n".encode("cp1252")
    )
    granted, found = load_overrides(latin, seed_plan)
    assert found == [] and granted["2025_S07_01"].reason == "perché sì"

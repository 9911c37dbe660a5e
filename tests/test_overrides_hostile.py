"""Every row of the Nucleo's scores is applied or reported (issues 16.3, 16.6, 16.7): the same
ID twice says which row counts; control characters (a NUL inside ``9\\0 5`` granted 95) are
refused; rows past the 10,000th are reported; a score NaN, infinite or 1e308 is refused; an
indicator of a sector that sent nothing gets the score the Nucleo granted it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.results.overrides import MAX_ROWS, load_overrides

from .conftest import workbook_of
from .tables import fill, flatten, write_book

HEADER = ["ID", "Punteggio concesso", "Motivazione"]
JUNE = Period.of(date(2025, 6, 30))


def csv_file(tmp_path: Path, rows: list[str], name: str = "nucleo.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(["ID;Punteggio concesso;Motivazione", *rows]) + "\n").encode())
    return path


def test_the_same_id_twice_says_which_row_counts(tmp_path: Path, seed_plan: Plan) -> None:
    path = csv_file(
        tmp_path,
        [
            "2025_S07_01;95;prima",
            "2025_S07_02;molto;non un numero",
            "2025_S07_01;60;seconda",
            "2025_S07_02;70;corretta dopo",
            "2025_S07_01;61;terza",
        ],
    )
    granted, found = load_overrides(path, seed_plan)
    assert {k: v.granted for k, v in granted.items()} == {"2025_S07_01": 95.0}
    assert flatten(found, ["code", "cell", "row_id"]) == [
        ("SCORE-008", "B3", "2025_S07_02"),
        ("SCORE-008", "A4", "2025_S07_01"),
        ("SCORE-008", "A5", "2025_S07_02"),
        ("SCORE-008", "A6", "2025_S07_01"),
    ]
    assert "vale solo la prima riga (A2, punteggio 95), questa non è applicata" in (
        found[1].message_it
    )
    assert "only the first row counts (A2, score 95)" in found[3].message_en
    assert "vale solo la prima riga (A3), che non è applicata; questa nemmeno" in (
        found[2].message_it
    )


@pytest.mark.parametrize(
    ("row", "cell", "raw"),
    [
        ("2025_S07_01;9\0 5;motivo", "B2", "U+0000"),
        ("2025_S07_01;95\0;motivo", "B2", "U+0000"),
        ("2025_S07_01;\x0795;motivo", "B2", "U+0007"),
        ("2025_S07_01;9\u200b5;motivo", "B2", "U+200B"),  # a zero-width space
        ("2025_S07_01;95;mo\0tivo", "C2", "U+0000"),
        ("2025_S07_01;95;mo\x1btivo", "C2", "U+001B"),
        ("2025_S07_01\0;95;motivo", "A2", "U+0000"),
        ("2025_S07\x0001;95;motivo", "A2", "U+0000"),
    ],
)
def test_control_characters_are_refused_on_their_cell(
    tmp_path: Path, seed_plan: Plan, row: str, cell: str, raw: str
) -> None:
    granted, found = load_overrides(csv_file(tmp_path, [row]), seed_plan)
    assert granted == {}
    assert flatten(found, ["code", "cell"]) == [("SCORE-008", cell)]
    assert f"caratteri di controllo ({raw})" in found[0].message_it


def test_a_reason_with_a_soft_hyphen_is_applied(tmp_path: Path, seed_plan: Plan) -> None:
    """A soft hyphen or a zero-width space pasted from a document into a reason is no control
    character a score could hide behind: the row is applied."""
    row = "2025_S07_01;95;ritardo del forni\u00adtore\u200b"
    granted, found = load_overrides(csv_file(tmp_path, [row]), seed_plan)
    assert found == []
    assert granted["2025_S07_01"].reason == "ritardo del forni\u00adtore\u200b"


def test_a_reason_on_two_lines_is_no_control_character(tmp_path: Path, seed_plan: Plan) -> None:
    path = tmp_path / "nucleo.csv"
    path.write_bytes(
        b'ID;Punteggio concesso;Motivazione\n2025_S07_01;95;"riga uno\r\n\triga due"\n'
    )
    granted, found = load_overrides(path, seed_plan)
    assert found == []
    assert granted["2025_S07_01"].reason == "riga uno\r\n\triga due"


def test_a_nul_in_a_workbook_cell_is_refused_too(tmp_path: Path, seed_plan: Plan) -> None:
    """An .xlsx cannot hold a NUL, but _x0000_ escapes one into a text: refused as in a CSV."""
    from .hostile import rewrite

    base = write_book(tmp_path / "b.xlsx", {"P": [HEADER, ["2025_S07_01", "9Q5", "motivo"]]})

    def nul(name: str, data: bytes) -> bytes:
        return data.replace(b"9Q5", b"9_x0000_5")

    path = rewrite(base, tmp_path / "nucleo.xlsx", nul)
    granted, found = load_overrides(path, seed_plan)
    assert granted == {}
    assert flatten(found, ["code", "cell"]) == [("SCORE-008", "B2")]


@pytest.mark.parametrize("score", ["nan", "NaN", "inf", "-inf", "1e308", "1E+308", "1e309"])
def test_a_score_nan_infinite_or_overflowing_is_refused(
    tmp_path: Path, seed_plan: Plan, score: str
) -> None:
    granted, found = load_overrides(csv_file(tmp_path, [f"2025_S07_01;{score};m"]), seed_plan)
    assert granted == {}
    assert flatten(found, ["code", "cell"]) == [("SCORE-008", "B2")]


@pytest.mark.parametrize("score", [float("nan"), float("inf"), 1e308])
def test_a_workbook_score_nan_infinite_or_overflowing_is_refused(
    tmp_path: Path, seed_plan: Plan, score: float
) -> None:
    from .hostile import rewrite

    base = write_book(tmp_path / "b.xlsx", {"P": [HEADER, ["2025_S07_01", 777.25, "motivo"]]})

    def swap(name: str, data: bytes) -> bytes:
        return data.replace(b"<v>777.25</v>", f"<v>{score!r}</v>".encode())

    path = rewrite(base, tmp_path / "nucleo.xlsx", swap)
    granted, found = load_overrides(path, seed_plan)
    assert granted == {}
    assert flatten(found, ["code", "cell"]) == [("SCORE-008", "B2")]


def test_rows_past_the_limit_are_reported(tmp_path: Path, seed_plan: Plan) -> None:
    rows = [";;"] * (MAX_ROWS - 2) + [
        "2025_S07_01;95;entro il limite",
        ";;",
        "2025_S07_02;90;oltre",
    ]
    granted, found = load_overrides(csv_file(tmp_path, rows), seed_plan)
    assert {k: v.granted for k, v in granted.items()} == {"2025_S07_01": 95.0}
    assert flatten(found, ["code", "cell"]) == [("SCORE-008", f"A{MAX_ROWS + 2}")]
    assert "le righe dopo la 10.000ª non sono lette (la prima è la riga 10002)" in (
        found[0].message_it
    )


def test_empty_rows_past_the_limit_say_nothing(tmp_path: Path, seed_plan: Plan) -> None:
    rows = ["2025_S07_01;95;m"] + [";;"] * (MAX_ROWS + 5)
    granted, found = load_overrides(csv_file(tmp_path, rows), seed_plan)
    assert found == [] and list(granted) == ["2025_S07_01"]


def test_workbook_rows_past_the_limit_are_reported(tmp_path: Path, seed_plan: Plan) -> None:
    rows: list[list[object]] = [HEADER, ["2025_S07_01", 95, "m"]]
    rows += [[None, None, f"riga {n}"] for n in range(3, MAX_ROWS + 3)]
    path = write_book(tmp_path / "nucleo.xlsx", {"P": rows})
    granted, found = load_overrides(path, seed_plan)
    assert list(granted) == ["2025_S07_01"]
    assert flatten(found, ["code", "cell"])[-1] == ("SCORE-008", f"A{MAX_ROWS + 1}")


def test_an_override_of_a_sector_that_sent_nothing_is_applied(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    """S05 sent nothing; the Nucleo granted its indicator 80 (evidence it had otherwise): the
    indicator and its objective score 80 and the finding says so; ND's objective granted as a
    whole too."""
    folder = tmp_path / "r"
    fill(
        workbook_of(june_dir, "S07"), {"2025_S07_01/I1": {"Valore Raggiunto": 3}}, folder / "a.xlsx"
    )
    path = csv_file(
        tmp_path,
        ["2025_S05_04/I1;80;verificato dal Nucleo sugli atti", "2025_ND_01;70;obiettivo valutato"],
    )
    result = consolidate(seed_plan, [folder], period=JUNE, overrides=path, workers=1)
    [ind] = [i for i in result.scores.indicators() if i.indicator.id == "2025_S05_04/I1"]
    assert (ind.score, ind.final) == (None, 80.0)
    [o] = [o for o in result.scores.objectives if o.objective.code == "2025_S05_04"]
    assert (o.sector_missing, o.score, o.final, o.measured) == (True, 80.0, 80.0, 1)
    [nd] = [o for o in result.scores.objectives if o.objective.code == "2025_ND_01"]
    assert (nd.score, nd.final) == (None, 70.0)
    applied = [f for f in result.findings if f.code.value == "SCORE-007"]
    assert flatten(applied, ["row_id"]) == [("2025_S05_04/I1",), ("2025_ND_01",)]
    assert "(calcolato —)" in applied[0].message_it
    [s05] = [r for r in result.scores.rollups if r.level == "sector" and r.key == "S05"]
    assert (s05.weighted, s05.measured) == (80.0, 1)

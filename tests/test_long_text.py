"""A text longer than an Excel cell holds (32,767 characters) is said when read and marked where
it is cut (issue 16.10): VALUE-014 on its cell in check and consolidate, and the master's cell
ends saying it was cut, in the master's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.results.master import write_master
from pegxl.returns.reader import read_return
from pegxl.values import MAX_CELL_TEXT

from .conftest import workbook_of
from .tables import fill, flatten

JUNE = Period.of(date(2025, 6, 30))


def long_return(june_dir: Path, dst: Path, indicator_note: str, phase_note: str = "") -> Path:
    """S05 filled in, its notes written into the XML as they are (openpyxl itself cuts a text
    at 32,767 characters: Excel's limit, which a file from another program may pass)."""
    from .hostile import rewrite

    tmp = fill(
        workbook_of(june_dir, "S05"),
        {
            "2025_S05_04/F1": {"Avanzamento (%)": 50, "Note": "NOTAFASE" if phase_note else None},
            "2025_S05_04/F2": {"Avanzamento (%)": 20},
            "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "NOTAINDICATORE"},
        },
        dst.with_name("tmp_" + dst.name),
    )

    def change(name: str, data: bytes) -> bytes:
        data = data.replace(b"NOTAINDICATORE", indicator_note.encode())
        return data.replace(b"NOTAFASE", phase_note.encode())

    rewrite(tmp, dst, change)
    tmp.unlink()
    return dst


def master_texts(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    out = [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str) and len(c) > 1000
    ]
    wb.close()
    return out


@pytest.mark.parametrize("n", [MAX_CELL_TEXT + 1, 40_000, 100_000])
def test_a_text_past_the_cell_limit_is_a_finding_on_its_cell(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, n: int
) -> None:
    note = ("Relazione. " * (n // 11 + 1))[:n]
    path = long_return(june_dir, tmp_path / "s05.xlsx", note, phase_note="p" * n)
    ret = read_return(path, seed_plan)
    assert flatten(ret.findings, ["code", "severity", "sheet", "cell", "row_id"]) == [
        ("VALUE-014", "warning", "Fasi", "K4", "2025_S05_04/F1"),
        ("VALUE-014", "warning", "Indicatori", "I4", "2025_S05_04/I1"),
    ]
    assert ret.findings[1].message_it.startswith(
        "Il testo di 2025_S05_04/I1 (Note) supera i 32.767 caratteri che una cella di Excel "
        "può contenere: nel file consolidato è tagliato, e la cella lo dice."
    )
    # the value itself is read whole: only the master's cell is cut
    [v] = [v for v in ret.values if (v.row_id, v.key) == ("2025_S05_04/I1", "note")]
    assert v.raw == note


@pytest.mark.parametrize("n", [MAX_CELL_TEXT - 1, MAX_CELL_TEXT])
def test_a_text_that_fits_is_neither_said_nor_cut(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, n: int
) -> None:
    folder = tmp_path / "r"
    long_return(june_dir, folder / "s05.xlsx", "n" * n)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    assert "VALUE-014" not in {f.code.value for f in result.findings}
    texts = master_texts(write_master(result, tmp_path / "m.xlsx"))
    assert "n" * n in texts


@pytest.mark.parametrize(
    ("lang", "mark"),
    [
        ("it", " […] [TESTO TAGLIATO: 40.000 caratteri, una cella ne contiene al massimo 32.767; "),
        ("en", " […] [TEXT CUT: 40,000 characters, a cell holds at most 32,767; "),
    ],
)
def test_the_master_cell_says_it_was_cut(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, lang: str, mark: str
) -> None:
    folder = tmp_path / "r"
    note = "".join(chr(0x41 + i % 26) for i in range(40_000))
    long_return(june_dir, folder / "s05.xlsx", note)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    found = [f for f in result.findings if f.code.value == "VALUE-014"]
    assert flatten(found, ["cell", "row_id"]) == [("I4", "2025_S05_04/I1")]
    texts = master_texts(write_master(result, tmp_path / "m.xlsx", lang=lang))
    cut = [t for t in texts if t.startswith(note[:1000])]
    assert cut  # the note's cell (and no other copy of it whole)
    for t in cut:
        assert len(t) == MAX_CELL_TEXT
        assert mark in t
        assert t.startswith(note[: MAX_CELL_TEXT - 200])
    assert not any(note in t for t in texts)


def test_check_reports_the_long_text(
    tmp_path: Path, seed_plan_path: Path, june_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from pegxl.cli import main

    path = long_return(june_dir, tmp_path / "s05.xlsx", "x" * 40_000)
    code = main(["check", str(seed_plan_path), str(path), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    found = [f for f in doc["findings"] if f["code"] == "VALUE-014"]
    assert code == 0
    assert [(f["sheet"], f["cell"], f["severity"]) for f in found] == [
        ("Indicatori", "I4", "warning")
    ]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_characters_past_u_ffff_count_twice_as_in_excel(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    """20,000 emoji are 40,000 characters for Excel (and XlsxWriter, which would cut them in
    silence): said, and cut with the mark whole, never half an emoji."""
    folder = tmp_path / "r"
    note = "\U0001f600" * 20_000
    long_return(june_dir, folder / "s05.xlsx", note)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    found = [f for f in result.findings if f.code.value == "VALUE-014"]
    assert flatten(found, ["cell", "row_id"]) == [("I4", "2025_S05_04/I1")]
    texts = master_texts(write_master(result, tmp_path / "m.xlsx"))
    cut = [t for t in texts if t.startswith("\U0001f600" * 100)]
    assert cut
    for t in cut:
        assert utf16(t) <= MAX_CELL_TEXT
        assert t.endswith("il testo intero è nella scheda del settore]")
        assert "[TESTO TAGLIATO: 40.000 caratteri" in t
        assert set(t[: t.index(" […]")]) == {"\U0001f600"}


def test_emoji_that_fit_are_neither_said_nor_cut(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder = tmp_path / "r"
    note = "\U0001f600" * 16_383 + "x"  # 32,767 UTF-16 units
    long_return(june_dir, folder / "s05.xlsx", note)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    assert "VALUE-014" not in {f.code.value for f in result.findings}
    assert note in master_texts(write_master(result, tmp_path / "m.xlsx"))


@pytest.mark.parametrize("room", [0, 1, 2, 3, 10, 32_767])
def test_a_cut_never_splits_a_character(room: int) -> None:
    from pegxl.values import cell_length, cut_to_cell

    text = "a\U0001f600b\U0001f600\U0001f600c" * 10_000
    cut = cut_to_cell(text, room)
    assert text.startswith(cut)
    assert cell_length(cut) <= room
    assert cell_length(cut) >= room - 1  # at most the half of a pair left out

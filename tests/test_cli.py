"""The pegxl command line, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pegxl import load_plan
from pegxl.cli import main

from .conftest import SEED, VARIANT, MadeDemo


def test_import_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "PLAN-002" in text and "riga 1917" in text
    assert "0 errori, 21 avvisi, 2 informazioni." in text
    assert f"Piano scritto in {out}: 5 settori, 22 obiettivi, 100 fasi, 99 indicatori." in text
    assert load_plan(out).plan is not None


def test_import_json_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["import", str(VARIANT), "-o", str(out), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True and data["output"] == str(out)
    assert data["stats"] == {"sectors": 2, "objectives": 4, "phases": 7, "indicators": 9}
    f = data["findings"][0]
    assert set(f) >= {"code", "severity", "file", "line", "row_id", "message"}
    assert "ambiguous" in f["message"]


def test_not_a_peg_export_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("una lista della spesa\n")
    out = tmp_path / "p.xlsx"
    assert main(["import", str(bad), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "PLAN-001" in text and "Nessun piano scritto." in text
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "p.xlsx")]) == 2
    assert "FILE-001" in capsys.readouterr().err  # usage errors go to stderr
    with pytest.raises(SystemExit) as e:
        main(["import", str(SEED)])  # -o missing
    assert e.value.code == 2
    (tmp_path / "dir.xlsx").mkdir()
    assert main(["import", str(SEED), "-o", str(tmp_path / "dir.xlsx")]) == 2


def test_existing_output_replaced_atomically(tmp_path: Path) -> None:
    """A plan workbook pegxl wrote is replaced; any other file only with --force."""
    out = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    assert main(["import", str(SEED), "-o", str(out)]) == 0  # its own output: replaced
    out.write_bytes(b"old")
    assert main(["import", str(SEED), "-o", str(out)]) == 2
    assert out.read_bytes() == b"old"
    assert main(["import", str(SEED), "-o", str(out), "--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    # no temp file left behind; the file --force replaced is kept in the archive
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_archivio", "piano.xlsx"]
    [kept] = (tmp_path / "_archivio").iterdir()
    assert kept.read_bytes() == b"old" and kept.name.startswith("piano_")


def test_input_is_never_modified(tmp_path: Path) -> None:
    before = SEED.read_bytes()
    main(["import", str(SEED), "-o", str(tmp_path / "p.xlsx")])
    assert SEED.read_bytes() == before


def test_demo(made_demo: MadeDemo) -> None:
    assert made_demo.rc == 0
    assert (made_demo.folder / "piano.xlsx").exists()
    assert "22 obiettivi" in made_demo.out and "5 schede scritte" in made_demo.out
    assert len(list((made_demo.folder / "schede_2025-06-30").glob("*.xlsx"))) == 5


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("pegxl")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pegxl.cli"]
    r = subprocess.run(
        [*cmd, "import", str(SEED), "-o", str(tmp_path / "p.xlsx"), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["stats"]["objectives"] == 22
    r = subprocess.run([*cmd, "import", "--help"], capture_output=True, text=True)
    assert "esempi:" in r.stdout and "uso: pegxl import" in r.stdout
    r = subprocess.run([*cmd, "import", "--help", "--lang", "en"], capture_output=True, text=True)
    assert "examples:" in r.stdout and "usage: pegxl import" in r.stdout


def test_example_plan_workbook_is_current(tmp_path: Path) -> None:
    """examples/piano_cinisello_2025.xlsx is exactly what `pegxl import` makes of the export."""
    out = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    committed = SEED.parent / "piano_cinisello_2025.xlsx"
    assert out.read_bytes() == committed.read_bytes(), (
        "regenerate it: pegxl import examples/cinisello_2025_vp4.txt "
        "-o examples/piano_cinisello_2025.xlsx"
    )


def test_generate(tmp_path: Path, seed_plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schede"
    rc = main(
        [
            "generate",
            str(seed_plan_path),
            "--period",
            "30/06/2025",
            "-o",
            str(out),
            "--sector",
            "S07",
            "--sector",
            "S05",
        ]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert "2 schede scritte" in text and "Monitoraggio intermedio al 30/06/2025" in text
    assert sorted(p.name[:18] for p in out.iterdir()) == [
        "PEG_2025-06-30_S05",
        "PEG_2025-06-30_S07",
    ]


def test_generate_usage_errors(tmp_path: Path, seed_plan_path: Path) -> None:
    base = ["generate", str(seed_plan_path), "-o", str(tmp_path / "o")]
    assert main([*base, "--period", "31/02/2025"]) == 2
    assert main([*base, "--period", "2025-06-30", "--sector", "S99"]) == 2
    assert main(["generate", str(tmp_path / "nope.xlsx"), "--period", "2025-06-30", "-o", "x"]) == 2
    assert not (tmp_path / "o").exists()


def test_generate_refuses_a_plan_with_errors(tmp_path: Path, seed_plan_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(seed_plan_path)
    wb["Obiettivi"]["A3"] = "2025_S07_01"  # duplicate code
    wb.save(tmp_path / "bad.xlsx")
    rc = main(
        [
            "generate",
            str(tmp_path / "bad.xlsx"),
            "--period",
            "2025-06-30",
            "-o",
            str(tmp_path / "o"),
        ]
    )
    assert rc == 1 and not (tmp_path / "o").exists()


def test_generate_with_prefill_from_june_returns(tmp_path: Path, seed_plan_path: Path) -> None:
    import openpyxl

    june = tmp_path / "giugno"
    assert (
        main(
            [
                "generate",
                str(seed_plan_path),
                "--period",
                "2025-06-30",
                "-o",
                str(june),
                "--sector",
                "S05",
            ]
        )
        == 0
    )
    [path] = june.glob("*.xlsx")
    wb = openpyxl.load_workbook(path)  # the sector fills it in, as a script would
    wb["Fasi"]["H4"], wb["Fasi"]["H5"] = 45, 20
    wb["Indicatori"]["H4"] = 2
    wb.save(path)
    dec = tmp_path / "dicembre"
    assert (
        main(
            [
                "generate",
                str(seed_plan_path),
                "--period",
                "2025-12-31",
                "-o",
                str(dec),
                "--sector",
                "S05",
                "--prefill",
                str(june),
            ]
        )
        == 0
    )
    [final] = dec.glob("*.xlsx")
    assert final.name.startswith("PEG_2025-12-31_S05")
    wb = openpyxl.load_workbook(final)
    heads = [c.value for c in wb["Fasi"][2]]
    assert wb["Fasi"].cell(4, heads.index("Avanzamento al 30/06 (%)") + 1).value == 45
    assert wb["Fasi"].cell(4, heads.index("Avanzamento (%)") + 1).value is None  # not copied
    iheads = [c.value for c in wb["Indicatori"][2]]
    assert wb["Indicatori"].cell(4, iheads.index("Valore Raggiunto al 30/06") + 1).value == 2


def test_prefill_uses_only_accepted_returns(
    tmp_path: Path, seed_plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    june = tmp_path / "giugno"
    main(
        [
            "generate",
            str(seed_plan_path),
            "--period",
            "2025-06-30",
            "-o",
            str(june),
            "--sector",
            "S05",
            "--sector",
            "ND",
        ]
    )
    good, bad = sorted(june.glob("*S05*.xlsx")) + sorted(june.glob("*ND*.xlsx"))
    wb = openpyxl.load_workbook(good)
    wb["Fasi"]["H4"], wb["Fasi"]["H5"], wb["Indicatori"]["H4"] = 45, 20, 2
    wb.save(good)
    wb = openpyxl.load_workbook(bad)  # ND: errors (progress missing everywhere but one)
    wb["Fasi"]["H4"] = 70
    wb.save(bad)
    capsys.readouterr()
    dec = tmp_path / "dicembre"
    assert (
        main(
            [
                "generate",
                str(seed_plan_path),
                "--period",
                "2025-12-31",
                "-o",
                str(dec),
                "--prefill",
                str(june),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "STRUCT-020" in out and "PEG_2025-06-30_ND_servizi-ai-cittadini.xlsx" in out
    nd = openpyxl.load_workbook(next(dec.glob("*_ND_*.xlsx")))["Fasi"]
    heads = [c.value for c in nd[2]]
    assert nd.cell(4, heads.index("Avanzamento al 30/06 (%)") + 1).value is None  # not accepted
    s05 = openpyxl.load_workbook(next(dec.glob("*_S05_*.xlsx")))["Fasi"]
    assert s05.cell(4, heads.index("Avanzamento al 30/06 (%)") + 1).value == 45


def test_library_api(tmp_path: Path, seed_plan_path: Path) -> None:
    import pegxl

    out = pegxl.generate(seed_plan_path, period="30/06/2025", out_dir=tmp_path, sectors=["S05"])
    assert [p.name[:18] for p in out.files] == ["PEG_2025-06-30_S05"]
    report = pegxl.check(seed_plan_path, [tmp_path], period="2025-06-30")
    assert report.stats["files"] == 1 and not report.valid  # nothing filled in yet
    assert [f.code for f in report.findings] == ["VALUE-013"]
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    with pytest.raises(pegxl.PlanError):
        pegxl.check(bad, [tmp_path])

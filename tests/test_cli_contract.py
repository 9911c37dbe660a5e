"""The command line's contract where a command ends early (issue 16.12): ``--format json`` gives
a JSON document on every exit, a reader that closes the pipe (``| head``) ends the command
quietly."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pegxl.cli import EXIT_PIPE, main

from .conftest import MadeDemo


def doc_of(out: str) -> dict[str, object]:
    doc = json.loads(out)
    assert isinstance(doc, dict)
    return doc


GENERATE = ["generate", "PLAN", "--period", "2025-06-30", "-o", "OUT"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["check", "PLAN", "EMPTY"], "FILE-039", "Nessun file da controllare."),
        (["consolidate", "PLAN", "EMPTY", "-o", "OUT/m.xlsx"], "FILE-039", "Nessun file"),
        (
            ["check", "PLAN", "JUNE", "--period", "2025-13-01"],
            "FILE-039",
            "Data non valida per --period",
        ),
        (
            ["consolidate", "PLAN", "JUNE", "-o", "OUT/m.xlsx", "--period", "31 giugno"],
            "FILE-039",
            "Data non valida per --period",
        ),
        (["check", "PLAN", "JUNE", "--period", "2031-06-30"], "PLAN-", ""),
        (["consolidate", "PLAN", "PDF", "-o", "OUT/m.xlsx"], "FILE-039", "--period"),
        (
            ["generate", "PLAN", "--period", "2025-06-30", "-o", "OUT", "--sector", "S99"],
            "FILE-039",
            "S99",
        ),
        (
            ["generate", "PLAN", "--period", "2025-06-30", "-o", "OUT", "--deadline", "ieri"],
            "FILE-039",
            "--deadline",
        ),
        (["campaign", "status", "EMPTY"], "FILE-039", "vuota"),
        (["diff", "EMPTY", "PLAN"], "FILE-039", "vuota"),
        (["check", "PLAN", "NOWHERE"], "FILE-001", "il file non esiste"),
        (["check", "NOWHERE", "JUNE"], "FILE-001", "il file non esiste"),
    ],
)
def test_every_early_exit_gives_a_json_document(
    tmp_path: Path,
    seed_plan_path: Path,
    june_dir: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: str,
    message: str,
) -> None:
    (tmp_path / "vuota").mkdir()
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "scheda.xlsx").write_bytes(b"%PDF-1.4 non una scheda")
    names = {
        "PLAN": str(seed_plan_path),
        "EMPTY": str(tmp_path / "vuota"),
        "JUNE": str(june_dir),
        "PDF": str(tmp_path / "pdf"),
        "OUT": str(tmp_path / "out"),
        "NOWHERE": str(tmp_path / "non_esiste.xlsx"),
    }
    real = [
        "/".join(names.get(part, part) for part in a.split("/")) if "/" in a else names.get(a, a)
        for a in argv
    ]
    capsys.readouterr()
    assert main([*real, "--format", "json"]) == 2
    captured = capsys.readouterr()
    doc = doc_of(captured.out)
    assert doc["valid"] is False
    findings = doc["findings"]
    assert isinstance(findings, list)
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1 and errors[0]["code"].startswith(code)
    assert message in errors[0]["message"]
    assert captured.err == ""
    # the same in text: the message on stderr, nothing on stdout
    assert main([*real, "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip()
    assert not (tmp_path / "out").exists()


def test_json_in_english_says_why_in_english(
    tmp_path: Path, seed_plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "vuota").mkdir()
    capsys.readouterr()
    argv = ["check", str(seed_plan_path), str(tmp_path / "vuota"), "--format", "json"]
    assert main([*argv, "--lang", "en"]) == 2
    [f] = doc_of(capsys.readouterr().out)["findings"]  # type: ignore[misc]
    assert (f["code"], f["severity"], f["message"]) == (
        "FILE-039",
        "error",
        "The command cannot go on: No files to check.",
    )


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="a pipe's size: Linux")
@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(
    tmp_path: Path, seed_plan_path: Path, june_dir: Path, fmt: str
) -> None:
    returns = tmp_path / "risposte"
    returns.mkdir()
    for n in range(12):  # a report of well over a pipe's buffer
        for f in sorted(june_dir.glob("*.xlsx")):
            shutil.copy(f, returns / f"{n:02}_{f.name}")
    argv = [sys.executable, "-m", "pegxl", "check", str(seed_plan_path), str(returns)]
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # the report is larger than the pipe
    proc = subprocess.Popen([*argv, "--format", fmt], stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    assert proc.stderr is not None
    with os.fdopen(read_end, "rb") as reader:
        first = reader.read(20)
    # the pipe closed as `| head -c 20` does
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == EXIT_PIPE
    assert len(first) == 20 and err == ""
    # the help, too
    proc = subprocess.Popen(
        [sys.executable, "-m", "pegxl", "check", "--help"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "40"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(5)
    proc.stdout.close()
    assert "Traceback" not in proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, EXIT_PIPE)


def test_the_demo_says_its_errors_shows_no_control_character_and_writes_the_same_master(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], made_demo: MadeDemo
) -> None:
    """``pegxl demo --format json`` is valid only without errors (its sectors make mistakes on
    purpose: ``simulated_mistakes``, exit 0); a folder named with ESC and BEL reaches the
    terminal escaped, in the text of a command and in the JSON; two folders (the session's
    ``demo-out``, run from inside its checkout, and this one, given whole) give the same master
    and report, byte for byte."""
    odd = tmp_path / "altrove" / "più in fondo" / "demo\x1b[31m\x07rosso"
    assert main(["demo", str(odd), "--format", "json"]) == 0
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out + shown.err and "\x07" not in shown.out + shown.err
    doc = doc_of(shown.out)
    assert doc["valid"] is False and doc["simulated_mistakes"] is True
    errors = [f for f in doc["findings"] if f["severity"] == "error"]  # type: ignore[union-attr]
    assert errors and all(f["code"].startswith(("VALUE", "STRUCT")) for f in errors)
    for name in ("riepilogo_2025-06-30.xlsx", "relazione_2025-06-30.html"):
        assert (odd / name).read_bytes() == (made_demo.folder / name).read_bytes(), name
    # the closing list of a text run names the folder escaped, as every command's text does
    # (the same terminal_text); generate's is the quickest to show it
    argv = ["generate", str(odd / "piano.xlsx"), "--period", "2025-06-30", "-o", str(odd / "w")]
    assert main(argv) == 0
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out + shown.err and "\x07" not in shown.out + shown.err
    assert "demo\\x1b[31m\\x07rosso" in shown.out

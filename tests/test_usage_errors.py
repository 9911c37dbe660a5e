"""Usage and setup errors are said in words and exit 2; a bug exits 3; never a traceback. And
the housekeeping every run does: its temporary files, its permissions, a clean terminal."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period, Plan
from pegxl.outputs import atomic_path, sweep, terminal_text
from pegxl.workbook.writer import generate

from .conftest import SEED
from .tables import fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Plan]:
    plan = load_plan(write_book(tmp_path / "base.xlsx", plan_tables())).plan
    assert plan is not None
    return save_plan(plan, tmp_path / "piano.xlsx"), plan


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    rc = main(argv)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    return rc, " ".join(text.split())  # messages wrap: compare words


def test_plans_that_cannot_be_read_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ods = tmp_path / "piano.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    xls = tmp_path / "piano.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    for plan, code in ((ods, "PLAN-030"), (xls, "FILE-005"), (tmp_path, "FILE-001")):
        for cmd in (
            ["generate", str(plan), "--period", "2025-06-30", "-o", str(tmp_path / "o")],
            ["check", str(plan), str(tmp_path)],
        ):
            rc, text = _run(cmd, capsys)
            assert (rc, code in text) == (2, True), (cmd, text)
    rc, text = _run(["check", str(tmp_path / "manca.xlsx"), str(tmp_path)], capsys)
    assert rc == 2 and "non esiste" in text
    rc, text = _run(
        ["check", str(tmp_path / "missing.xlsx"), str(tmp_path), "--lang", "en"], capsys
    )
    assert rc == 2 and "does not exist" in text
    rc, text = _run(["import", str(tmp_path), "-o", str(tmp_path / "p.xlsx")], capsys)
    assert rc == 2 and "cartella" in text
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_file_that_cannot_be_read_is_named(
    tmp_path: Path, small: tuple[Path, Plan], capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """FILE-001 says which file, whichever input it is: the plan, a return, the export, the
    rules, the overrides, the prefill; missing, or a folder where a file is due."""
    plan, _ = small
    folder = tmp_path / "una cartella"
    folder.mkdir()
    gone = tmp_path / "sparito, davvero.xlsx"
    o = str(tmp_path / "out.xlsx")
    cases = [
        (["check", str(gone), str(tmp_path)], gone),
        (["check", str(plan), str(gone)], gone),
        (["import", str(tmp_path / "export.txt"), "-o", o], tmp_path / "export.txt"),
        (["import", str(folder), "-o", o], folder),
        (["generate", str(folder), "--period", "2025-06-30", "-o", str(tmp_path / "g")], folder),
        (
            ["generate", str(plan), "--period", "2025-06-30", "-o", "g", "--prefill", str(gone)],
            gone,
        ),
        (["consolidate", str(plan), str(tmp_path), "-o", o, "--rules", str(gone)], gone),
        (["consolidate", str(plan), str(tmp_path), "-o", o, "--overrides", str(gone)], gone),
    ]
    for argv, named in cases:
        rc, text = _run([*argv, "--lang", lang], capsys)
        assert rc == 2 and "FILE-001" in text, (argv, text)
        opening = "Impossibile leggere il file" if lang == "it" else "Cannot read the file"
        assert f"{opening} «{named}»" in text, (argv, text)
    rc, out = _run(["check", str(plan), str(gone), "--format", "json", "--lang", lang], capsys)
    assert str(gone) in out and "FILE-001" in out


def test_a_plan_with_errors_exits_1_in_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_book(tmp_path / "p.xlsx", plan_tables(Settori=[["Codice settore"], ["S99"]]))
    for cmd in (
        ["generate", str(bad), "--period", "2025-06-30", "-o", str(tmp_path / "o")],
        ["check", str(bad), str(tmp_path)],
    ):
        rc, text = _run(cmd, capsys)
        assert rc == 1 and "PLAN-014" in text


@pytest.mark.parametrize("period", ["0001-01-01", "31/12/99", "9999-12-31", "2023-12-31"])
def test_a_period_far_from_the_plans_year_is_a_usage_error(
    period: str, small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "s").files
    for cmd in (
        ["generate", str(plan_path), "--period", period, "-o", str(tmp_path / "o")],
        ["check", str(plan_path), str(blank), "--period", period],
    ):
        rc, text = _run(cmd, capsys)
        assert rc == 2 and "PLAN-031" in text, text
    assert not (tmp_path / "o").exists()


def test_a_period_in_the_year_next_to_the_plans_is_a_warning(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, _ = small
    rc, text = _run(
        ["generate", str(plan_path), "--period", "2026-01-31", "-o", str(tmp_path / "o")], capsys
    )
    assert rc == 0 and "PLAN-031" in text and "avviso" in text


def test_outputs_the_system_refuses_are_said_in_words(
    small: tuple[Path, Plan],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_name = tmp_path / ("p" * 300 + ".xlsx")
    rc, text = _run(["import", str(SEED), "-o", str(long_name)], capsys)
    assert rc == 2 and "troppo lungo" in text
    import pegxl.outputs as outputs

    real_open = os.open
    for err, words in (
        (errno.ENOSPC, "disco è pieno"),
        (errno.EACCES, "permesso negato"),
        (errno.EROFS, "sola lettura"),
    ):

        def refuse(path: object, flags: int, mode: int = 0o777, err: int = err) -> int:
            if str(path).endswith(".pegxl-tmp"):
                raise OSError(err, os.strerror(err), str(path))
            return real_open(path, flags, mode)  # type: ignore[arg-type]

        monkeypatch.setattr(outputs.os, "open", refuse)
        rc, text = _run(["import", str(SEED), "-o", str(tmp_path / "p.xlsx")], capsys)
        assert rc == 2 and words in text and "FILE-018" in text
        plan_path, _ = small
        rc, text = _run(
            ["generate", str(plan_path), "--period", "2025-06-30", "-o", str(tmp_path / "o")],
            capsys,
        )
        assert rc == 2 and words in text
        monkeypatch.setattr(outputs.os, "open", real_open)
    assert not (tmp_path / "p.xlsx").exists()


def test_a_file_size_limit_met_while_writing_is_said_not_traced(tmp_path: Path) -> None:
    """A real write failure (the file size limit, as a full disk would stop it), whole process."""
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from pegxl.cli import main\n"
        f"sys.exit(main(['import', {str(SEED)!r}, '-o', {str(tmp_path / 'p.xlsx')!r}]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "FILE-018" in r.stderr
    assert not (tmp_path / "p.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".pegxl-tmp")]


def test_a_bug_exits_3_with_a_short_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pegxl.plan.pegtext as pegtext

    def broken(path: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(pegtext, "import_texts", broken)
    rc, text = _run(["import", str(SEED), "-o", str(tmp_path / "p.xlsx")], capsys)
    assert rc == 3 and "Errore interno di pegxl" in text and "boom" not in text
    monkeypatch.setenv("PEGXL_DEBUG", "1")
    assert main(["import", str(SEED), "-o", str(tmp_path / "p.xlsx")]) == 3
    assert "RuntimeError: boom" in capsys.readouterr().err


# -- housekeeping -------------------------------------------------------------------------------


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_temporary_files_of_a_killed_run_are_swept(tmp_path: Path) -> None:
    host = socket.gethostname().replace(".", "-")[:32]
    dead = tmp_path / f".piano.xlsx.{_dead_pid()}.{host}.0badc0de.pegxl-tmp"
    live = tmp_path / f".piano.xlsx.{os.getpid()}.{host}.0badc0de.pegxl-tmp"
    remote = tmp_path / ".piano.xlsx.12.altrohost.0badc0de.pegxl-tmp"
    old = tmp_path / ".piano.xlsx.13.altrohost.0badc0de.pegxl-tmp"
    someone_elses = tmp_path / ".bozza.tmp"
    for p in (dead, live, remote, old, someone_elses):
        p.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    with atomic_path(tmp_path / "piano.xlsx") as tmp:
        tmp.write_bytes(b"PK")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([live.name, remote.name, someone_elses.name, "piano.xlsx"])
    assert sweep(tmp_path / "non-esiste") == []


def test_a_killed_run_leaves_nothing_the_next_run_does_not_clean(tmp_path: Path) -> None:
    code = (
        "import os, sys\n"
        "from pegxl.outputs import atomic_path\n"
        f"with atomic_path({str(tmp_path / 'piano.xlsx')!r}) as tmp:\n"
        "    tmp.write_bytes(b'half')\n"
        "    os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".pegxl-tmp")]
    assert main(["import", str(SEED), "-o", str(tmp_path / "piano.xlsx")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["piano.xlsx"]


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_outputs_get_the_permissions_of_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert main(["import", str(SEED), "-o", str(tmp_path / "p.xlsx")]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "p.xlsx").stat().st_mode & 0o777 == 0o666 & ~umask


def test_control_characters_never_reach_the_terminal(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "s").files
    ret = tmp_path / "r"
    typed = "\u009b31mROSSO\u202eotatto"  # C1 CSI and a right-to-left override
    name = "\x1b]8;;http:\\evil.example\x07clic\x1b]8;;\x07\x1b[2J.xlsx"
    fill(blank, {"2025_S01_01/F1": {"Avanzamento (%)": typed}}, ret / name)
    for fmt in ("text", "json", "csv"):
        rc, text = _run(["check", str(plan_path), str(ret), "--format", fmt], capsys)
        assert rc == 1
        for ch in ("\x1b", "\x07", "\u009b", "\u202e"):
            assert ch not in text, (fmt, ch)
    assert terminal_text("a\x1bb\nc\r") == "a\\x1bb\nc\\x0d"


def test_names_that_are_not_utf8_print_on_any_terminal(
    small: tuple[Path, Plan], tmp_path: Path
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "s").files
    ret = tmp_path / "r"
    fill(
        blank,
        {"2025_S01_01/F1": {"Avanzamento (%)": "metà"}},
        ret / os.fsdecode(b"Attivit\xe0.xlsx"),
    )
    for fmt in ("text", "json", "csv"):
        env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
        r = subprocess.run(
            [sys.executable, "-m", "pegxl.cli", "check", str(plan_path), str(ret), "--format", fmt],
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert r.returncode == 1, r.stderr
        assert b"Traceback" not in r.stderr
        if fmt == "csv":  # a document for Excel: UTF-8 with its byte order mark, whatever
            text = r.stdout.decode("utf-8")  # the console's encoding
            assert text.startswith("\ufeff") and "Attività.xlsx" in text
        else:
            r.stdout.decode("ascii")  # nothing the terminal cannot show

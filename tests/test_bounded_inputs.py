"""Every file pegxl reads is read only as far as its limit, and only if it is a regular file: a
pipe or a device is refused at once (never waited on, never read forever), a sparse file of
gigabytes costs the bytes of its limit, a folder is a usage error (issue 16.5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pegxl.model import Plan
from pegxl.reading import NotRegularFile, open_input, read_at_most, regular_file_problem
from pegxl.results.overrides import MAX_CSV_BYTES, load_overrides
from pegxl.results.rules import MAX_RULES_BYTES, load_rules
from pegxl.sheets.guard import check_file

from .tables import flatten

posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
NOT_REGULAR = "non è un file ma una pipe, un dispositivo o un socket"
IS_FOLDER = "è una cartella, non un file"


def in_time(call: Callable[[], Any], seconds: float = 60) -> Any:
    """The result of ``call``, which must return (a hang fails the test, never blocks it: a
    reader left waiting on a pipe is released by opening its other end)."""
    box: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            box.append((True, call()))
        except BaseException as e:  # raised again in the test's thread
            box.append((False, e))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if not box:
        pytest.fail("the read waited instead of refusing the file")
    ok, value = box[0]
    if not ok:
        raise value
    return value


@pytest.fixture
def fifo(tmp_path: Path) -> Any:
    path = tmp_path / "tubo.toml"
    os.mkfifo(path)
    yield path
    # a reader that did wait would be released here
    fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    os.close(fd)


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


@posix
def test_the_reader_refuses_what_is_not_a_regular_file(tmp_path: Path, fifo: Path) -> None:
    for path in (fifo, Path("/dev/zero"), Path("/dev/null")):
        with pytest.raises(NotRegularFile):
            in_time(lambda p=path: open_input(p))
        assert isinstance(regular_file_problem(path), NotRegularFile)
    with pytest.raises(IsADirectoryError):
        open_input(tmp_path)
    assert isinstance(regular_file_problem(tmp_path), IsADirectoryError)
    assert isinstance(regular_file_problem(tmp_path / "nope"), FileNotFoundError)
    link = tmp_path / "link.toml"
    link.symlink_to(fifo)
    assert isinstance(regular_file_problem(link), NotRegularFile)
    f = tmp_path / "ok.toml"
    f.write_bytes(b"abcdef")
    assert regular_file_problem(f) is None
    assert read_at_most(f, 3) == b"abcd" and read_at_most(f, 10) == b"abcdef"


@posix
@pytest.mark.parametrize("device", ["fifo", "/dev/zero", "/dev/urandom"])
def test_rules_and_overrides_refuse_a_pipe_or_a_device_at_once(
    fifo: Path, seed_plan: Plan, device: str
) -> None:
    path = fifo if device == "fifo" else Path(device)
    rules, found = in_time(lambda: load_rules(path))
    assert rules is None
    assert flatten(found, ["code", "file"]) == [("FILE-001", str(path))]
    assert NOT_REGULAR in found[0].message_it
    granted, found = in_time(lambda: load_overrides(path, seed_plan))
    assert granted == {} and flatten(found, ["code", "file"]) == [("FILE-001", str(path))]


@posix
def test_a_workbook_named_like_one_that_is_a_pipe_is_refused(
    tmp_path: Path, seed_plan: Plan
) -> None:
    for name in ("punteggi.xlsx", "punteggi.ods", "risposta.xlsx"):
        path = tmp_path / name
        os.mkfifo(path)
        try:
            guard = in_time(lambda p=path: check_file(p))
            assert not guard.ok
            assert flatten(guard.findings, ["code"]) == [("FILE-001",)]
            assert NOT_REGULAR in guard.findings[0].message_it
            granted, found = in_time(lambda p=path: load_overrides(p, seed_plan))
            assert granted == {} and flatten(found, ["code"]) == [("FILE-001",)]
        finally:
            os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))


def test_a_sparse_file_of_gigabytes_costs_only_its_limit(tmp_path: Path, seed_plan: Plan) -> None:
    rules_file = sparse(tmp_path / "regole.toml", 3 * 1024**3, b"[scores]\n")
    csv_file = sparse(
        tmp_path / "punteggi.csv", 3 * 1024**3, b"ID;Punteggio concesso;Motivazione\n"
    )
    tracemalloc.start()
    try:
        rules, rule_findings = load_rules(rules_file)
        granted, csv_findings = load_overrides(csv_file, seed_plan)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rules is None and granted == {}
    assert flatten(rule_findings, ["code", "line"]) == [("SCORE-009", None)]
    assert "troppo grande" in rule_findings[0].message_it
    assert flatten(csv_findings, ["code", "cell"]) == [("SCORE-008", "A1")]
    assert "troppo grande" in csv_findings[0].message_it
    assert peak < 8 * (MAX_RULES_BYTES + MAX_CSV_BYTES)  # bytes of the limits, not of the files


def test_one_byte_past_the_limit_is_refused_at_the_limit_read(tmp_path: Path) -> None:
    at = tmp_path / "at.toml"
    at.write_bytes(b"#" * MAX_RULES_BYTES)
    assert load_rules(at) == (load_rules(None)[0].__class__(source="at.toml"), [])
    over = tmp_path / "over.toml"
    over.write_bytes(b"#" * (MAX_RULES_BYTES + 1))
    assert flatten(load_rules(over)[1], ["code"]) == [("SCORE-009",)]


def cli(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a process of its own: a hang is a failed test."""
    return subprocess.run(
        [sys.executable, "-m", "pegxl", *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@posix
def test_the_command_refuses_a_folder_a_pipe_or_a_device_as_usage_errors(
    tmp_path: Path, seed_plan_path: Path, june_dir: Path
) -> None:
    returns = tmp_path / "risposte"
    returns.mkdir()
    (returns / "s05.xlsx").write_bytes(next(june_dir.glob("PEG_*_S05_*.xlsx")).read_bytes())
    pipe = tmp_path / "tubo.csv"
    os.mkfifo(pipe)
    folder = tmp_path / "cartella.toml"
    folder.mkdir()
    base = ["consolidate", str(seed_plan_path), str(returns), "-o", str(tmp_path / "m.xlsx")]
    try:
        for option, path, why in [
            ("--rules", folder, IS_FOLDER),
            ("--overrides", folder, IS_FOLDER),
            ("--rules", pipe, NOT_REGULAR),
            ("--overrides", pipe, NOT_REGULAR),
            ("--rules", Path("/dev/zero"), NOT_REGULAR),
            ("--overrides", Path("/dev/zero"), NOT_REGULAR),
        ]:
            run = cli(*base, option, str(path), "--format", "json")
            assert run.returncode == 2, (option, path, run.stderr)
            doc = json.loads(run.stdout)
            assert doc["valid"] is False
            assert [(f["code"], f["file"]) for f in doc["findings"]] == [("FILE-001", str(path))]
            assert why in doc["findings"][0]["message"]
            assert not (tmp_path / "m.xlsx").exists()
        text_run = cli(*base, "--rules", str(folder))
        assert text_run.returncode == 2 and "FILE-001" in text_run.stderr
        assert "Traceback" not in text_run.stderr
        # a pipe named as a return, or as the plan: refused, never waited on
        run = cli("check", str(seed_plan_path), str(pipe), "--format", "json")
        assert run.returncode == 1
        doc = json.loads(run.stdout)
        assert [(f["code"], f["file"]) for f in doc["findings"]] == [("FILE-001", str(pipe))]
        assert NOT_REGULAR in doc["findings"][0]["message"]
        run = cli("check", str(pipe), str(returns), "--format", "json")
        assert run.returncode == 2 and "FILE-001" in run.stdout
        run = cli("import", "/dev/zero", "-o", str(tmp_path / "p.xlsx"), "--format", "json")
        assert run.returncode == 2 and json.loads(run.stdout)["findings"][0]["code"] == "FILE-001"
    finally:
        os.close(os.open(pipe, os.O_RDWR | os.O_NONBLOCK))

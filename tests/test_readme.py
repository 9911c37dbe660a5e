"""The README's command blocks are the real output of the real commands (docs/readme.py runs
them on the example; ``python docs/readme.py`` rewrites the README after a deliberate change),
and every command the README tells a newcomer to type runs as written after ``make demo``."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shlex
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import DEMO, MadeDemo

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _readme() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme", DOCS / "readme.py")
    assert spec is not None and spec.loader is not None
    readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme)
    return readme


def test_readme_command_blocks_are_current(made_demo: MadeDemo) -> None:
    readme = _readme()
    current = readme.README.read_text(encoding="utf-8")
    assert readme.BLOCK.search(current), "no marked command block in the README"
    fresh = readme.render(current, made_demo.work)
    if fresh != current:
        pytest.fail("README.md is not current: run python docs/readme.py and review the diff")


def test_the_readmes_demo_folder_is_the_makefiles() -> None:
    readme = _readme()
    makefile = (readme.ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^DEMO\s*\?=\s*{readme.DEMO}\s*$", makefile, re.M)
    assert readme.DEMO == DEMO  # the tests' own checkout after make demo (conftest.made_demo)
    text = readme.README.read_text(encoding="utf-8")
    assert "demo/" not in text.replace("demo-out/", "")  # no path of another folder
    assert ". .venv/bin/activate" in text and ".venv/bin/pegxl" in text  # how to reach pegxl


def test_the_commands_of_a_text_are_found() -> None:
    readme = _readme()
    text = (
        "Run `pegxl check demo-out/piano.xlsx\ndemo-out/r --format csv > c.csv`, not `pegxl "
        "check PLAN.xlsx RETURN...` nor `pegxl import`.\n\n```\npegxl demo demo-out   # all\n"
        "pegxl generate PLAN.xlsx --period DATE [--force]\n```\n\n```console\n$ pegxl --help\n"
        "usage: pegxl\n```\n"
    )
    assert readme.commands(text) == [
        "pegxl demo demo-out",
        "pegxl --help",
        "pegxl check demo-out/piano.xlsx demo-out/r --format csv > c.csv",
    ]


def test_every_readme_command_runs_as_written_after_make_demo(
    after_make_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newcomer's first ten minutes: ``make demo``, then each command of the README copied
    and pasted, in order, then its Python; none fails for a reason of its own (exit 0, or 1
    for the findings the demo's returns have), none is a bug."""
    from pegxl.cli import main

    readme = _readme()
    text = readme.README.read_text(encoding="utf-8")
    monkeypatch.chdir(after_make_demo)
    found = readme.commands(text)
    assert len(found) >= 8
    for command in found:
        line, _, redirect = command.partition(" > ")
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                rc = main(shlex.split(line)[1:])
            except SystemExit as e:  # --help
                rc = int(e.code or 0)
        printed = out.getvalue()
        assert rc in (0, 1), (command, rc, printed[-1500:])
        assert "Errore interno" not in printed and "Traceback" not in printed
        if redirect:
            Path(redirect.strip()).write_text(printed, encoding="utf-8")
    for path in ("riepilogo.xlsx", "relazione.html", "controlli.csv", "piano.xlsx"):
        assert os.path.getsize(path) > 0, path
    assert any(Path("finali").glob("PEG_2025-12-31_*.xlsx"))
    for block in readme.python_blocks(text):
        exec(compile(block, "README.md", "exec"), {})  # the README's own code
    assert Path("riepilogo.xlsx").is_file() and Path("relazione.html").is_file()

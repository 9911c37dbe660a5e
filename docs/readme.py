"""Keep the README's command blocks true: run each one and write its real output under it.

A block to keep is a fenced ``console`` block right after a marker comment::

    <!-- readme-run -->
    ```console
    $ pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx
    (the output is written here)
    ```

The marker may say ``setup="…"`` (a command run silently before), ``lines=N`` (keep the first N
lines of the output, then ``…``), ``last=N`` (``…``, then the last N lines) and ``mask="REGEX"``
(every letter and digit of what the expression matches shown as ``·``: a random secret, the time
a file arrived). Every block runs,
in README order, in one fresh folder holding a copy of ``examples/`` and ``templates/`` where
``make demo`` has run (``demo-out/``, as a newcomer's checkout has it), through the same entry
point as the ``pegxl`` command, so paths in the output are the short relative ones a reader
types.

:func:`commands` lists every command the README tells a reader to type (the blocks above, the
lines of other code blocks, the commands in the text), and :func:`python_blocks` its Python:
``tests/test_readme.py`` runs them all after ``make demo``.

    python docs/readme.py          # rewrite README.md
    python docs/readme.py --check  # exit 1 if README.md is not current (tests/test_readme.py)
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(
    r"(<!-- readme-run(?P<opts>[^>]*)-->\n```console\n)\$ (?P<cmd>[^\n]+)\n(?P<out>.*?)(```)",
    re.DOTALL,
)
OPTION = re.compile(r'(\w+)="([^"]*)"|(\w+)=(\S+)')


def _run(command: str) -> str:
    """The output of one ``pegxl …`` command line, as a terminal shows it (stdout then
    stderr)."""
    from pegxl.cli import main

    argv = shlex.split(command)
    assert argv[0] == "pegxl", command
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        main(argv[1:])
    return out.getvalue() + err.getvalue()


#: the folder ``make demo`` writes (the Makefile's ``DEMO``)
DEMO = "demo-out"


def after_make_demo(work: Path, made: Path | None = None) -> None:
    """``work`` as a checkout is after ``make demo``: the repository's examples and templates,
    and the demo's folder; a copy of ``made`` when it is such a checkout already (the tests make
    one per run)."""
    if made is not None:
        shutil.copytree(made, work, symlinks=True, dirs_exist_ok=True)
        return
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "templates", work / "templates")
    cwd = os.getcwd()
    os.chdir(work)
    try:
        _run(f"pegxl demo {DEMO}")
    finally:
        os.chdir(cwd)


#: a command's synopsis, not a command: placeholders in capitals, options in brackets
_SYNOPSIS = re.compile(r"\[|\b[A-Z][A-Z_]{2,}\b|\.\.\.|…")


def commands(text: str) -> list[str]:
    """Every ``pegxl …`` command the README tells a reader to type, in order: the ``$`` lines of
    its console blocks, the lines of its other code blocks, the commands in its text; not a
    synopsis (``pegxl check PLAN.xlsx RETURN... [--feedback DIR]``)."""
    found: list[str] = []
    fences = re.findall(r"```[a-z]*\n(.*?)```", text, re.DOTALL)
    for block in fences:
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip().removeprefix("$ ").strip()
            if line.startswith("pegxl ") and not _SYNOPSIS.search(line):
                found.append(line)
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    for span in re.findall(r"`(pegxl [^`]+)`", prose):
        line = " ".join(span.split())
        if not _SYNOPSIS.search(line) and " -" in line:  # a whole command, not its name
            found.append(line)
    return found


def python_blocks(text: str) -> list[str]:
    """The README's Python code blocks."""
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def render(text: str, made: Path | None = None) -> str:
    """``text`` (the README) with every marked block's output made again (in a copy of
    ``made``, a checkout after ``make demo``, when given)."""
    with tempfile.TemporaryDirectory(prefix="pegxl-readme-") as work:
        after_make_demo(Path(work), made)
        cwd = os.getcwd()
        os.chdir(work)
        try:

            def block(m: re.Match[str]) -> str:
                opts = {
                    (k1 or k2): (v1 or v2) for k1, v1, k2, v2 in OPTION.findall(m.group("opts"))
                }
                if "setup" in opts:
                    _run(opts["setup"])
                output = _run(m.group("cmd")).rstrip("\n").split("\n")
                if "mask" in opts:  # what differs on every run (a random secret, a time)
                    hide = re.compile(opts["mask"])
                    output = [
                        hide.sub(lambda h: re.sub(r"[A-Za-z0-9_-]", "·", h.group(0)), line)
                        for line in output
                    ]
                if "lines" in opts and len(output) > int(opts["lines"]):
                    output = [*output[: int(opts["lines"])], "  …"]
                if "last" in opts and len(output) > int(opts["last"]):  # the table's end
                    output = ["  …", *output[-int(opts["last"]) :]]
                body = "\n".join(line.rstrip() for line in output)
                return f"{m.group(1)}$ {m.group('cmd')}\n{body}\n```"

            return BLOCK.sub(block, text)
        finally:
            os.chdir(cwd)


def main(argv: list[str]) -> int:
    """Rewrite the README, or with ``--check`` say whether it is current."""
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md is not current: run python docs/readme.py", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

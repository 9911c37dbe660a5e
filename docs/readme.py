"""Keep the README's command blocks true: run each one and write its real output under it.

A block to keep is a fenced ``console`` block right after a marker comment::

    <!-- readme-run -->
    ```console
    $ pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx
    (the output is written here)
    ```

The marker may say ``setup="…"`` (a command run silently before, e.g. the demo that makes the
returns) and ``lines=N`` (keep the first N lines of the output, then ``…``). Every block runs,
in README order, in one fresh folder holding a copy of ``examples/``, through the same entry
point as the ``pegxl`` command, so paths in the output are the short relative ones a reader
types.

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


def render(text: str) -> str:
    """``text`` (the README) with every marked block's output made again."""
    with tempfile.TemporaryDirectory(prefix="pegxl-readme-") as work:
        shutil.copytree(ROOT / "examples", Path(work) / "examples")
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
                if "lines" in opts and len(output) > int(opts["lines"]):
                    output = [*output[: int(opts["lines"])], "  …"]
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

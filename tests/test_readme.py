"""The README's command blocks are the real output of the real commands (docs/readme.py runs
them on the example; ``python docs/readme.py`` rewrites the README after a deliberate change)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_readme_command_blocks_are_current() -> None:
    spec = importlib.util.spec_from_file_location("readme", DOCS / "readme.py")
    assert spec is not None and spec.loader is not None
    readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme)
    current = readme.README.read_text(encoding="utf-8")
    assert readme.BLOCK.search(current), "no marked command block in the README"
    fresh = readme.render(current)
    if fresh != current:
        pytest.fail("README.md is not current: run python docs/readme.py and review the diff")

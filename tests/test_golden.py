"""Golden files: the unzipped XML parts of one sector workbook, compared with stored copies.

A deliberate change to the workbook layout regenerates them:
    PEGXL_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and the diff of tests/golden/ shows, part by part, what the change did to the file.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.workbook.writer import GenerateOptions, generate

GOLDEN = Path(__file__).resolve().parent / "golden" / "S05_2025-06-30"
_TIMESTAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {
            name: _TIMESTAMPS.sub(b"", z.read(name))
            for name in z.namelist()
            if name.endswith((".xml", ".rels"))
        }


def test_sector_workbook_matches_golden(tmp_path: Path, seed_plan: Plan) -> None:
    opts = GenerateOptions(deadline=date(2025, 7, 15), contact="Ufficio Performance")
    [path] = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path, ["S05"], opts).files
    parts = _parts(path)
    if os.environ.get("PEGXL_REGEN_GOLDEN"):
        for name, data in parts.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        pytest.skip("golden files regenerated")
    stored = {str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(parts) == sorted(stored)
    for name, data in parts.items():
        assert data == stored[name], f"{name} differs from tests/golden (see the module docstring)"

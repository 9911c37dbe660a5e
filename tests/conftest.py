"""Shared fixtures: the real Cinisello Balsamo export, its import and its plan workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from pegxl import import_text, save_plan
from pegxl.pegtext import ImportResult

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "cinisello_2025_vp4.txt"
VARIANT = Path(__file__).resolve().parent / "data" / "peg_variant_2026.txt"


@pytest.fixture(scope="session")
def seed_result() -> ImportResult:
    return import_text(SEED)


@pytest.fixture(scope="session")
def seed_plan_path(tmp_path_factory: pytest.TempPathFactory, seed_result: ImportResult) -> Path:
    assert seed_result.plan is not None
    return save_plan(seed_result.plan, tmp_path_factory.mktemp("plan") / "piano.xlsx")

"""Shared fixtures: the real Cinisello Balsamo export, its import and its plan workbook."""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from pegxl import import_text, save_plan
from pegxl.model import Period, Plan
from pegxl.plan.pegtext import ImportResult
from pegxl.workbook.writer import generate

# every finding pegxl builds is recorded; a whole run fails if a code is never built
from .codes_reached import pytest_deselected, pytest_sessionfinish  # noqa: F401

# CI must never fail by chance: there the property tests draw the same examples every run
# (derandomize); locally they explore new ones. .ci/run sets HYPOTHESIS_PROFILE=ci.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The plan cache (pegxl.plan.cache) of the tests is their own, made new for each run: never the
# user's, never one a previous run filled. Set before any test starts a command, so the CLI's
# processes inherit it.
_CACHE = tempfile.mkdtemp(prefix="pegxl-test-cache-")
os.environ["PEGXL_CACHE_DIR"] = _CACHE
os.environ.pop("PEGXL_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

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


@pytest.fixture(scope="session")
def seed_plan(seed_result: ImportResult) -> Plan:
    assert seed_result.plan is not None
    return seed_result.plan


@pytest.fixture(scope="session")
def june_dir(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> Path:
    """The workbooks of every sector for the monitoring at 30/06/2025."""
    out = tmp_path_factory.mktemp("june")
    generate(seed_plan, Period.of(date(2025, 6, 30)), out)
    return out


def workbook_of(folder: Path, sector: str) -> Path:
    return next(folder.glob(f"PEG_*_{sector}_*.xlsx"))


@dataclass(frozen=True)
class MadeDemo:
    """A checkout after ``make demo``, made once per session: ``work`` holds the repository's
    examples and templates and the demo's folder ``work / DEMO`` (``demo-out``, the Makefile's);
    ``out`` is what ``pegxl demo demo-out`` printed (Italian, text) and ``rc`` its exit code."""

    work: Path
    out: str
    rc: int

    @property
    def folder(self) -> Path:
        return self.work / DEMO


#: the folder ``make demo`` writes (the Makefile's ``DEMO``; tests/test_readme.py holds them equal)
DEMO = "demo-out"


@pytest.fixture(scope="session")
def made_demo(tmp_path_factory: pytest.TempPathFactory) -> MadeDemo:
    """``make demo`` once for the whole run: the whole year takes some 16 s, and a dozen tests
    read what it wrote. A test never writes into it: it takes its own copy
    (:func:`demo_folder`, :func:`after_make_demo`, :func:`copy_demo`)."""
    from pegxl.cli import main

    work = tmp_path_factory.mktemp("after-make-demo")
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "templates", work / "templates")
    out, cwd = io.StringIO(), os.getcwd()
    os.chdir(work)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            rc = main(["demo", DEMO])
    finally:
        os.chdir(cwd)
    return MadeDemo(work, out.getvalue(), rc)


def copy_demo(made: MadeDemo, target: Path) -> Path:
    """A private copy of the demo's folder at ``target`` (times kept, as the demo wrote them)."""
    shutil.copytree(made.folder, target, symlinks=True)
    return target


@pytest.fixture
def demo_folder(made_demo: MadeDemo, tmp_path: Path) -> Path:
    """This test's own copy of the demo's folder."""
    return copy_demo(made_demo, tmp_path / "demo")


@pytest.fixture
def after_make_demo(made_demo: MadeDemo, tmp_path: Path) -> Path:
    """This test's own copy of a checkout after ``make demo`` (examples, templates, demo-out)."""
    work = tmp_path / "checkout"
    shutil.copytree(made_demo.work, work, symlinks=True)
    return work

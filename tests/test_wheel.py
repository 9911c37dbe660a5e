"""The installed wheel carries its templates and the example: build it, install it in a fresh
venv, run commands that need them."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

pytestmark = pytest.mark.slow  # builds a wheel and a venv: about 15 s


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.fail(f"wheel build failed: {r.stderr[-2000:]}")
    wheel = next(dist.glob("pegxl-*.whl"))
    env = base / "venv"
    venv.create(env, with_pip=True)
    r = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.fail(f"wheel install failed: {r.stderr[-2000:]}")
    return env


def test_wheel_contains_templates_and_example(wheel_env: Path) -> None:
    import zipfile

    wheel = next((wheel_env.parent / "dist").glob("pegxl-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "pegxl/templates/planbook_leggimi.it.txt.j2" in names
    assert "pegxl/examples/cinisello_2025_vp4.txt" in names


def test_installed_import_uses_packaged_template(wheel_env: Path, tmp_path: Path) -> None:
    out = tmp_path / "piano.xlsx"
    # run from an unrelated folder so nothing can be found through the checkout
    r = subprocess.run(
        [str(wheel_env / "bin" / "pegxl"), "import", str(SEED), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    check = subprocess.run(
        [
            str(wheel_env / "bin" / "python"),
            "-c",
            "import pegxl.resources as r, openpyxl, sys;"
            "print(r.templates_dir());"
            "print(openpyxl.load_workbook(sys.argv[1])['Leggimi']['A1'].value)",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert check.returncode == 0, check.stderr
    tdir, title = check.stdout.splitlines()
    assert "site-packages/pegxl/templates" in tdir
    assert title.startswith("Piano della performance — Città di Cinisello Balsamo")
    r = subprocess.run(
        [str(wheel_env / "bin" / "pegxl"), "demo", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr

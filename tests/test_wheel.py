"""The installed wheel carries its templates and the example: build it, install it in a fresh
venv, run commands that need them; and the README's make-free routes (a venv, pipx) install it
and run the demo as the README says."""

from __future__ import annotations

import os
import re
import shlex
import shutil
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
    assert "pegxl/templates/plan_workbook_leggimi.it.txt.j2" in names
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


def _windows_blocks() -> list[list[str]]:
    """The README's make-free routes (the code blocks that install the wheel), line by line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", text, re.DOTALL)
    return [
        [line.split("  #", 1)[0].strip() for line in b.splitlines() if line.strip()]
        for b in blocks
        if "pegxl-0.1.0-py3-none-any.whl" in b
    ]


def _as_here(line: str, python: str, wheel: Path) -> list[str]:
    """A line of the README's Windows route as it runs here: ``py`` is this Python, a
    ``Scripts\\`` folder is ``bin/``, the wheel is the one just built."""
    line = line.replace("\\Scripts\\", "/bin/").replace("pegxl-0.1.0-py3-none-any.whl", str(wheel))
    argv = shlex.split(line)
    return [python, *argv[1:]] if argv[0] == "py" else argv


def test_the_readme_venv_route_from_the_wheel(wheel_env: Path, tmp_path: Path) -> None:
    """As the README says for an office PC without make: a venv, the wheel installed into it,
    the demo; then the commands of the README, run with that pegxl."""
    [route] = [b for b in _windows_blocks() if b[0].startswith("py -m venv")]
    wheel = next((wheel_env.parent / "dist").glob("pegxl-*.whl"))
    for line in route:  # run in a folder with nothing of the checkout
        r = subprocess.run(
            _as_here(line, sys.executable, wheel), capture_output=True, text=True, cwd=tmp_path
        )
        assert r.returncode == 0, (line, r.stdout[-1000:], r.stderr[-2000:])
    assert (tmp_path / "demo-out" / "riepilogo_2025-06-30.xlsx").is_file()
    pegxl = tmp_path / "pegxl-env" / "bin" / "pegxl"
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    r = subprocess.run([str(pegxl), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("uso: pegxl")
    for argv in (
        ["check", "demo-out/piano.xlsx", "demo-out/risposte_2025-06-30", "--format", "csv"],
        [
            "consolidate",
            "demo-out/piano.xlsx",
            "demo-out/risposte_2025-06-30",
            "-o",
            "m.xlsx",
            "--rules",
            "templates/regole.toml",
        ],
    ):
        r = subprocess.run([str(pegxl), *argv], capture_output=True, cwd=tmp_path)
        assert r.returncode == 1 and b"Traceback" not in r.stderr  # the demo's mistakes


def test_the_readme_pipx_route_from_the_wheel(wheel_env: Path, tmp_path: Path) -> None:
    """The README's pipx route, with pipx's folders in the test's own (no shell profile is
    touched: ``ensurepath`` is what a user runs once, here the folder is named)."""
    [route] = [b for b in _windows_blocks() if "pipx install" in " ".join(b)]
    wheel = next((wheel_env.parent / "dist").glob("pegxl-*.whl"))
    host = tmp_path / "host"
    venv.create(host, with_pip=True)  # the office PC's Python
    python = str(host / "bin" / "python")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))},
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    for line in route:
        argv = _as_here(line, python, wheel)
        if "ensurepath" in argv:
            continue  # it edits the user's shell profile: PIPX_BIN_DIR is on PATH already
        argv = [a for a in argv if a != "--user"]  # a venv stands for the user's site here
        r = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env=env)
        assert r.returncode == 0, (line, r.stdout[-1000:], r.stderr[-2000:])
    assert (tmp_path / "bin" / "pegxl").exists()
    assert (tmp_path / "demo-out" / "relazione_2025-06-30.html").is_file()

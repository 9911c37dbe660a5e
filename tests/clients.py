"""Helpers for the real-client tests: LibreOffice headless and Gnumeric.

Locally a missing client skips its tests with the reason; in CI (PEGXL_REQUIRE_CLIENTS=1, set by
.ci/run, which has installed them) a missing client fails the run instead of hiding it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SSCONVERT = shutil.which("ssconvert")
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    r = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return r.returncode == 0


HAS_UNO = bool(SOFFICE) and _has_uno()


def need(what: str, present: bool, how: str = "make clients-deps, as root") -> None:
    """Skip (locally) or fail (CI) when a client is missing; ``how`` says how to get it."""
    if present:
        return
    msg = f"{what} is not installed ({how})"
    if os.environ.get("PEGXL_REQUIRE_CLIENTS"):
        pytest.fail(msg)
    pytest.skip(msg)


def soffice_convert(
    files: list[Path], fmt: str, outdir: Path, profile: Path, attempts: int = 2
) -> list[Path]:
    """Convert files with LibreOffice headless (a profile of its own per attempt, so runs never
    collide); a conversion that fails (soffice crashed on a loaded machine) is tried again."""
    need("LibreOffice", bool(SOFFICE))
    outdir.mkdir(parents=True, exist_ok=True)
    ext = fmt.split(":")[0]
    out = [outdir / f"{f.stem}.{ext}" for f in files]
    report = ""
    for attempt in range(1, attempts + 1):
        cmd = [
            str(SOFFICE),
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(profile / str(attempt)).resolve().as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        report = f"exit {r.returncode}: {r.stdout} {r.stderr}"
        if r.returncode == 0 and all(p.exists() and p.stat().st_size for p in out):
            return out
    raise AssertionError(f"LibreOffice did not convert {files}: {report}")


def ssconvert(src: Path, dst: Path) -> Path:
    """Re-save a workbook with Gnumeric."""
    need("Gnumeric (ssconvert)", bool(SSCONVERT))
    r = subprocess.run(
        [str(SSCONVERT), str(src), str(dst)], capture_output=True, text=True, timeout=120
    )
    assert dst.exists(), f"ssconvert failed: {r.stderr}"
    return dst


def uno_type(
    src: Path,
    tmp: Path,
    lang: str,
    actions: list[list[str]],
    outputs: tuple[str, ...] = ("xlsx", "ods"),
    attempts: int = 3,
) -> tuple[list[dict[str, object]], dict[str, Path]]:
    """Open ``src`` in LibreOffice under ``lang``, type ``actions`` like a keyboard, save.

    Returns what each cell held after typing and the saved files. Each attempt has a profile of
    its own; when soffice itself dies (the driver says so with its exit status), the attempt is
    repeated, up to ``attempts`` times — a crash is never read as a result."""
    report, outs = _uno_job(src, tmp, lang, actions, outputs, attempts)
    assert isinstance(report, list)
    return report, outs


#: LibreOffice's CSV import as its dialog opens by default: tab, comma and semicolon ticked as
#: separators, the double quote as text delimiter, UTF-8 (what it detects from a byte order
#: mark), from the first line
CSV_IMPORT = ("Text - txt - csv (StarCalc)", "9/44/59,34,76,1")


def uno_inspect(
    src: Path,
    tmp: Path,
    lang: str = "it_IT.UTF-8",
    load: tuple[str, str] | None = None,
    outputs: tuple[str, ...] = ("xlsx",),
    attempts: int = 3,
) -> tuple[dict[str, Any], dict[str, Path]]:
    """Open ``src`` in LibreOffice (with the import ``load`` = (filter, options) if given) and
    say what a user meets: the sheet it opens on, each sheet's cells as shown, its comments and
    links by cell, and where each internal link leads (tests/uno_driver.py); then save it as
    ``outputs``, as LibreOffice writes them."""
    report, outs = _uno_job(src, tmp, lang, [], outputs, attempts, load, inspect=True)
    assert isinstance(report, dict)
    return report["inspect"], outs


def _uno_job(
    src: Path,
    tmp: Path,
    lang: str,
    actions: list[list[str]],
    outputs: tuple[str, ...],
    attempts: int,
    load: tuple[str, str] | None = None,
    inspect: bool = False,
) -> tuple[Any, dict[str, Path]]:
    """Run one job of tests/uno_driver.py, retried when soffice itself dies."""
    import json

    need("LibreOffice with the Python UNO bridge", HAS_UNO)
    tmp.mkdir(parents=True, exist_ok=True)
    outs = {fmt: tmp / f"{src.stem}.{fmt}" for fmt in outputs}
    driver = Path(__file__).with_name("uno_driver.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    failures = []
    for attempt in range(1, attempts + 1):
        for path in outs.values():
            path.unlink(missing_ok=True)
        job = {
            "soffice": SOFFICE,
            "profile": str(tmp / f"profile-{attempt}"),
            "input": str(src),
            "outputs": {k: str(v) for k, v in outs.items()},
            "lang": lang,
            "actions": actions,
            "inspect": inspect,
        }
        if load is not None:
            job["filter"], job["filter_options"] = load
        (tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        r = subprocess.run(
            [SYSTEM_PYTHON, str(driver), str(tmp / "job.json")],
            capture_output=True,
            text=True,
            timeout=420,
            env=env,
        )
        if r.returncode == EXIT_CLIENT_DIED:
            failures.append(r.stderr.strip()[-500:])
            continue
        assert r.returncode == 0, f"UNO driver failed: {r.stderr[-2000:]}"
        report = json.loads(r.stdout.strip().splitlines()[-1]) if r.stdout.strip() else []
        for fmt, path in outs.items():
            assert path.exists(), f"LibreOffice did not save {fmt}"
        return report, outs
    raise AssertionError(f"LibreOffice died in each of {attempts} attempts: {failures}")


#: the driver's exit status when soffice died under it (tests/uno_driver.py)
EXIT_CLIENT_DIED = 75

"""Helpers for the real-client tests: LibreOffice headless and Gnumeric.

Locally a missing client skips its tests with the reason; in CI (PEGXL_REQUIRE_CLIENTS=1, set by
.ci/run, which has installed them) a missing client fails the run instead of hiding it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

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


def need(what: str, present: bool) -> None:
    """Skip (locally) or fail (CI) when a client is missing."""
    if present:
        return
    msg = (
        f"{what} is not installed (apt-get install -y libreoffice-calc-nogui python3-uno gnumeric)"
    )
    if os.environ.get("PEGXL_REQUIRE_CLIENTS"):
        pytest.fail(msg)
    pytest.skip(msg)


def soffice_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert files with LibreOffice headless (own profile, so runs never collide)."""
    need("LibreOffice", bool(SOFFICE))
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(SOFFICE),
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    ext = fmt.split(":")[0]
    out = [outdir / f"{f.stem}.{ext}" for f in files]
    missing = [p for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {r.stdout} {r.stderr}"
    return out


def ssconvert(src: Path, dst: Path) -> Path:
    """Re-save a workbook with Gnumeric."""
    need("Gnumeric (ssconvert)", bool(SSCONVERT))
    r = subprocess.run(
        [str(SSCONVERT), str(src), str(dst)], capture_output=True, text=True, timeout=120
    )
    assert dst.exists(), f"ssconvert failed: {r.stderr}"
    return dst

"""LibreOffice opens every generated workbook, renders it, and its re-saves keep integrity."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pegxl.model import Plan
from pegxl.returns.reader import read_return

from .clients import soffice_convert

pytestmark = pytest.mark.client


def test_libreoffice_opens_and_renders_every_workbook(june_dir: Path, tmp_path: Path) -> None:
    files = sorted(june_dir.glob("*.xlsx"))
    pdfs = soffice_convert(files, "pdf", tmp_path / "pdf", tmp_path / "profile")
    for pdf in pdfs:
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        pages = int(
            next(ln.split()[-1] for ln in info.stdout.splitlines() if ln.startswith("Pages:"))
        )
        assert pages >= 4, pdf.name  # Istruzioni, Obiettivi, Fasi, Indicatori at least
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert "Che cosa compilare" in text and "Avanzamento" in text and "Atteso" in text
        assert "_pegxl" not in text  # the metadata sheet is never printed


@pytest.mark.parametrize("fmt", ["xlsx:Calc MS Excel 2007 XML", "ods"])
def test_libreoffice_resave_keeps_identity_and_integrity(
    june_dir: Path, tmp_path: Path, seed_plan: Plan, fmt: str
) -> None:
    files = sorted(june_dir.glob("*.xlsx"))
    out = soffice_convert(files, fmt, tmp_path / "out", tmp_path / "profile")
    for path in out:
        ret = read_return(path, seed_plan)
        assert ret.status == "ok", (path.name, [f.message_en for f in ret.findings])
        assert ret.period is not None and ret.period.iso == "2025-06-30"
        # nothing typed yet: what is read is what the plan put there (Inizio Effettivo 01/01,
        # the notes of the export)
        rows = {p.id: p for p in seed_plan.phases()} | {i.id: i for i in seed_plan.indicators()}
        assert ret.values
        for v in ret.values:
            want = getattr(rows[v.row_id], v.key)
            got = v.value.value if v.value is not None else None
            assert got == (want or None), v

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
            if v.row_id not in rows or not hasattr(rows[v.row_id], v.key):
                # the monitoring answers and the proposals: nothing in a blank workbook
                assert v.value is None and not v.raw, v
                continue
            want = getattr(rows[v.row_id], v.key)
            got = v.value.value if v.value is not None else None
            assert got == (want or None), v


def _red_pixels(pdf: Path, tmp: Path) -> int:
    """How many pixels of the Fasi and Indicatori pages LibreOffice printed have the red of a
    value to correct (the legend of Istruzioni shows it on purpose); pdftoppm's plain PPM, read
    here without an image library."""
    from pegxl.workbook.styles import RED

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    want = bytes(int(RED[i : i + 2], 16) for i in (1, 3, 5))
    found = 0
    for n in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        if "— Fasi —" not in text and "— Indicatori —" not in text:
            continue
        prefix = tmp / f"page{n}"
        subprocess.run(
            ["pdftoppm", "-r", "40", "-f", str(n), "-l", str(n), str(pdf), str(prefix)],
            check=True,
        )
        for page in tmp.glob(f"page{n}*.ppm"):
            pixels = page.read_bytes().split(maxsplit=4)[4]  # P6, width, height, maxval
            found += sum(1 for i in range(0, len(pixels) - 2, 3) if pixels[i : i + 3] == want)
    return found


def test_a_blank_workbook_opens_with_nothing_red_and_a_wrong_value_is(
    tmp_path: Path, seed_plan: Plan
) -> None:
    """To fill in is not wrong: LibreOffice renders a blank workbook without one red cell, at
    30/06 and at 31/12 (when every value is due); a value out of range is red."""
    from datetime import date

    import openpyxl

    from pegxl.model import Period
    from pegxl.workbook.writer import generate

    blanks = []
    for end in (date(2025, 6, 30), date(2025, 12, 31)):
        blanks += generate(seed_plan, Period.of(end), tmp_path / end.isoformat(), ["S07"]).files
    wrong = tmp_path / "wrong.xlsx"
    wb = openpyxl.load_workbook(blanks[0])
    wb["Fasi"]["H4"] = 150  # a progress above 100
    wb.save(wrong)
    pdfs = soffice_convert([*blanks, wrong], "pdf", tmp_path / "pdf", tmp_path / "profile")
    for n, pdf in enumerate(pdfs):
        (tmp_path / f"png{n}").mkdir()
        reds = _red_pixels(pdf, tmp_path / f"png{n}")
        if pdf.stem == "wrong":
            assert reds > 0
        else:
            assert reds == 0, pdf.name

"""Render the images of the README, as a user sees what pegxl writes.

    .venv/bin/python docs/make_images.py            (or: make docs)

The sector workbook: the S07 workbook of the example plan, converted to PDF by LibreOffice
headless, the first page of each sheet turned into docs/images/<sheet>.png by pdftoppm.

The master workbook and the report: the demo's consolidation; the master's first page (Sintesi)
as docs/images/master_sintesi.png and a close-up of its Indicatori table as
master_indicatori.png; the HTML report as headless Chromium shows it, relazione.png, and one of
its printed sector pages, relazione_stampa.png.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from pegxl import import_text
from pegxl.model import Period
from pegxl.workbook.writer import GenerateOptions, generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
SHEETS = ("Istruzioni", "Obiettivi", "Fasi", "Indicatori")


def main() -> int:
    soffice = shutil.which("soffice")
    if not soffice or not shutil.which("pdftoppm"):
        print("needs LibreOffice (soffice) and poppler-utils (pdftoppm)", file=sys.stderr)
        return 2
    plan = import_text(ROOT / "examples" / "cinisello_2025_vp4.txt").plan
    assert plan is not None
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        opts = GenerateOptions(
            deadline=date(2025, 7, 15), contact="Ufficio Performance, performance@comune.example"
        )
        [xlsx] = generate(plan, Period.of(date(2025, 6, 30)), t, ["S07"], opts).files
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={(t / 'p').as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(t),
                str(xlsx),
            ],
            check=True,
            capture_output=True,
        )
        pdf = t / f"{xlsx.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
        first: dict[str, int] = {}
        for n in range(1, pages + 1):
            text = subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                capture_output=True,
                text=True,
            ).stdout
            head = text.splitlines()[0] if text.strip() else ""
            sheet = next((s for s in SHEETS[1:] if head.rstrip().endswith(s)), "Istruzioni")
            first.setdefault(sheet, n)
        OUT.mkdir(parents=True, exist_ok=True)
        for sheet, n in first.items():
            target = OUT / sheet.lower()
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-singlefile",
                    str(pdf),
                    str(target),
                ],
                check=True,
            )
            print(f"{target}.png (page {n})")
    return results(soffice)


def _pdf(soffice: str, src: Path, tmp: Path) -> Path:
    """``src`` converted to PDF by LibreOffice headless, in a profile of its own."""
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    return tmp / f"{src.stem}.pdf"


def _page_with(pdf: Path, text: str) -> int:
    """The first page of ``pdf`` whose text holds ``text``."""
    n = 1
    while True:
        page = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        )
        if page.returncode != 0:
            raise SystemExit(f"no page of {pdf.name} holds {text!r}")
        if text in page.stdout:
            return n
        n += 1


def _png(pdf: Path, page: int, target: Path, dpi: int, crop: tuple[int, int] | None = None) -> None:
    """One page of ``pdf`` as ``target`` (.png), whole or its top-left ``crop`` (pixels)."""
    args = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
    if crop:
        args += ["-x", "0", "-y", "0", "-W", str(crop[0]), "-H", str(crop[1])]
    subprocess.run([*args, str(pdf), str(target.with_suffix(""))], check=True)
    print(f"{target} (page {page})")


def results(soffice: str) -> int:
    """The images of the master workbook and of the report, from the demo's consolidation."""
    import contextlib
    import io

    from pegxl.cli import main as pegxl

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("needs Chromium for the report images", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        with contextlib.redirect_stdout(io.StringIO()):
            pegxl(["demo", str(t / "demo"), "--format", "json"])
        master = t / "demo" / "riepilogo_2025-06-30.xlsx"
        report = t / "demo" / "relazione_2025-06-30.html"
        pdf = _pdf(soffice, master, t)
        _png(pdf, 1, OUT / "master_sintesi.png", 110, (1290, 640))
        _png(pdf, _page_with(pdf, "Tipo valore"), OUT / "master_indicatori.png", 300, (1900, 800))
        shot = OUT / "relazione.png"
        for args in (
            [f"--screenshot={shot}", "--window-size=1280,1500"],
            [f"--print-to-pdf={t / 'relazione.pdf'}", "--no-pdf-header-footer"],
        ):
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--hide-scrollbars",
                    f"--user-data-dir={t / 'chromium'}",
                    *args,
                    report.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
        print(shot)
        printed = t / "relazione.pdf"
        sector_page = _page_with(printed, "Scheda: PEG_2025-06-30_S08")  # not the contents
        _png(printed, sector_page, OUT / "relazione_stampa.png", 80)
    return 0


if __name__ == "__main__":
    sys.exit(main())

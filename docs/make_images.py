"""Render one page image per sheet of a sector workbook, as a user would see it printed.

    .venv/bin/python docs/make_images.py            (or: make docs)

Generates the S07 workbook of the example plan, converts it to PDF with LibreOffice headless and
turns the first page of each sheet into docs/images/<sheet>.png with pdftoppm.
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

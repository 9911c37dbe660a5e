"""consolidate --pdf: the Relazione as PDF/A with every font embedded, real text, no link or
script from what a sector typed, sealed as pegxl's own; without WeasyPrint a usage error that
names the extra (issue 19 §4)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest

from pegxl.cli import main
from pegxl.model import Period
from pegxl.outputs import OutputKind, owned_kind
from pegxl.plan.workbook_writer import save
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.results.pdf import available

from .tables import fill
from .test_variations import ACT, IND, WHY, _load

# WeasyPrint (pegxl[pdf]) and the system's Pango it loads; without them --pdf is the usage error
# of the last test, which runs whatever this machine has
needs_pdf = pytest.mark.skipif(not available(), reason="WeasyPrint (pegxl[pdf]) not usable")
POPPLER = shutil.which("pdffonts") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdffonts) not installed")

HOSTILE = '<script>alert(1)</script> <a href="https://evil.example">qui</a> =HYPERLINK("x")'


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> tuple[Consolidation, Path, Path]:
    """A final consolidation of a plan with one variation, whose sector typed markup and a link
    into its note; the plan saved beside it."""
    from pegxl.workbook.writer import generate

    folder = tmp_path_factory.mktemp("pdf")
    plan, found = _load([IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)])
    assert plan is not None and found == []
    plan_path = save(plan, folder / "piano.xlsx")
    [wb] = generate(plan, Period.of(date(2025, 12, 31)), folder / "schede").files
    ret = fill(
        wb,
        {
            IND: {"Valore Raggiunto": 90, "Note": HOSTILE, "Causa dello scostamento": "esogena"},
            "2025_S01_01/F1": {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)},
            "2025_S01_01/F2": {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 12, 1)},
        },
        folder / "risposte" / "s01.xlsx",
    )
    return consolidate(plan, [ret]), plan_path, ret.parent


def _streams(data: bytes) -> bytes:
    """The PDF with every compressed stream inflated (what a viewer reads)."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


@needs_poppler
@needs_pdf
def test_the_pdf_embeds_every_font_and_holds_real_text(
    tmp_path: Path, final: tuple[Consolidation, Path, Path]
) -> None:
    from pegxl.results.pdf import write_pdf

    result, _, _ = final
    path = write_pdf(result, tmp_path / "relazione.pdf")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:]]
    assert rows  # text is set in fonts, not drawn as pictures
    # the columns emb, sub, uni: every font embedded (as a subset) with its Unicode map
    assert [r[-5:-2] for r in rows] == [["yes", "yes", "yes"]] * len(rows)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
    assert re.search(r"^JavaScript:\s+no$", info.stdout, re.M)
    assert re.search(r"^Page size:.*\(A4\)$", info.stdout, re.M)
    words = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Relazione sulla performance 2025",
        "Scostamenti: motivazioni e cause",
        "Variazioni del piano approvate nell'anno",
        "Risultati per responsabile",
        "Validazione del Nucleo di Valutazione",
        "DGC n. 120",
        "<script>alert(1)</script>",  # the note as typed: text, never markup
        "Pagina 1 di",
    ):
        assert expected in words, expected
    data = path.read_bytes()
    assert b"pdfaid:part>2<" in _streams(data) or b'pdfaid:part="2"' in _streams(data)
    inflated = _streams(data)
    for forbidden in (b"/URI", b"/JavaScript", b"/JS ", b"/Launch", b"/SubmitForm", b"evil"):
        assert forbidden not in inflated, forbidden


@needs_pdf
def test_the_pdf_is_pegxls_own_and_the_same_every_time(
    tmp_path: Path, final: tuple[Consolidation, Path, Path]
) -> None:
    from pegxl.results.pdf import render_pdf, write_pdf

    result, _, _ = final
    path = write_pdf(result, tmp_path / "r.pdf")
    assert owned_kind(path) is OutputKind.PDF
    assert render_pdf(result) == path.read_bytes()  # no time of its own
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1  # one bit changed anywhere: no longer pegxl's untouched output
    (tmp_path / "changed.pdf").write_bytes(bytes(data))
    assert owned_kind(tmp_path / "changed.pdf") is None
    (tmp_path / "other.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert owned_kind(tmp_path / "other.pdf") is None


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


@needs_pdf
def test_consolidate_pdf_writes_it_and_refuses_a_foreign_file(
    tmp_path: Path, final: tuple[Consolidation, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, plan_path, returns = final
    pdf = tmp_path / "RELAZIONE.pdf"
    args = ["consolidate", str(plan_path), str(returns), "-o", str(tmp_path / "m.xlsx")]
    rc, out, err = run(capsys, *args, "--pdf", str(pdf))
    assert rc == 0, err
    assert owned_kind(pdf) is OutputKind.PDF and str(pdf) in out
    foreign = tmp_path / "altro.pdf"
    foreign.write_bytes(b"%PDF-1.4\nsomeone else's\n%%EOF\n")
    rc, _, err = run(capsys, *args, "--pdf", str(foreign))
    assert rc == 2 and foreign.read_bytes().startswith(b"%PDF-1.4\nsomeone")
    rc, _, err = run(capsys, *args, "--pdf", str(tmp_path / "relazione.html"))
    assert rc == 2 and ".pdf" in err


def test_without_weasyprint_pdf_is_a_usage_error_that_names_the_extra(
    tmp_path: Path,
    final: tuple[Consolidation, Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, plan_path, returns = final
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    master = tmp_path / "m.xlsx"
    rc, _, err = run(
        capsys,
        "consolidate",
        str(plan_path),
        str(returns),
        "-o",
        str(master),
        "--pdf",
        str(tmp_path / "r.pdf"),
    )
    assert rc == 2
    assert "pip install 'pegxl[pdf]'" in err and "Traceback" not in err
    assert not master.exists() and not (tmp_path / "r.pdf").exists()  # said before any work

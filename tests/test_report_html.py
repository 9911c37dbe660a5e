"""The HTML report: self-contained, escaped, printable, deterministic, in both languages; and a
look at it in headless Chromium when it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.outputs import OutputKind, owned_kind
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.results.html import render_report, write_report
from pegxl.results.scoring import Override

from .conftest import workbook_of
from .tables import fill

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def result(
    tmp_path_factory: pytest.TempPathFactory, june_dir: Path, seed_plan: Plan
) -> Consolidation:
    folder = tmp_path_factory.mktemp("r")
    fill(
        workbook_of(june_dir, "S05"),
        {
            "2025_S05_04/F1": {"Avanzamento (%)": 50, "Note": HOSTILE},
            "2025_S05_04/F2": {"Avanzamento (%)": 20},
            "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "fornitore in ritardo <b>"},
        },
        folder / "s05.xlsx",
    )
    granted = {"2025_S05_04": Override(70.0, 'ritardo "giustificato" & documentato')}
    return consolidate(seed_plan, [folder], overrides=granted, period=Period.of(date(2025, 6, 30)))


def test_self_contained_and_without_script(result: Consolidation) -> None:
    page = render_report(result)
    assert "<script" not in page.replace("&lt;script", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page


def test_every_text_is_escaped(result: Consolidation) -> None:
    page = render_report(result)
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "fornitore in ritardo &lt;b&gt;" in page
    assert "ritardo &#34;giustificato&#34; &amp; documentato" in page


def test_what_the_report_holds(result: Consolidation) -> None:
    page = render_report(result)
    for text in [
        "Relazione sul monitoraggio della performance",
        "Monitoraggio intermedio al 30/06/2025",
        "Risultati principali",
        "Risultati per settore",
        "Per valore pubblico",
        "Cosa richiede un intervento",  # the interim report opens with what needs action
        "Indicatori: scadenze e avanzamento",  # never "against the target" at mid-year
        "Fasi rispetto ai tempi previsti",
        "Confronto con gli anni precedenti",
        "Schede ricevute",
        "Regole di misurazione applicate",
        "Annesso tecnico: schede ricevute e regole di misurazione",
        "Settori senza scheda del periodo",
        "non ha inviato la scheda del periodo, i suoi 5 obiettivi sono non valutabili.",
        "2025_S05_04 — ",
        "Punteggio concesso dal Nucleo di Valutazione (calcolato 50%)",
        "1 su 2,00, più alto è meglio → 50%",
    ]:
        assert text in page, text
    assert "Indicatori sotto il valore atteso" not in page
    assert page.index('id="azioni"') < page.index('id="risultati"')
    # the sector that sent its workbook on pages of its own, the four that did not in a line
    # each, the deliveries and the rules in the annex
    assert page.count('<section class="sector"') == 1
    assert page.count('<p class="missing">') == 4
    assert '<section class="annex" id="annesso">' in page
    assert "@page" in page and "break-before: page" in page
    assert page.count("<svg") == 2


def _body(page: str) -> str:
    """What the Giunta reads: the page before the technical annex, without its styles."""
    before = page.split('<section class="annex"', 1)[0]
    return re.sub(r"<style>.*?</style>", "", before, flags=re.S)


def test_a_table_of_contents_whose_links_all_lead_somewhere(result: Consolidation) -> None:
    for lang in ("it", "en"):
        page = render_report(result, lang)
        toc = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
        targets = re.findall(r'href="#([^"]+)"', toc)
        assert {"azioni", "risultati", "settori", "esiti", "annesso"} <= set(targets)
        assert any(t.startswith("settore-") for t in targets)  # each sector measured
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        assert set(targets) <= ids, set(targets) - ids
    assert "<h2>Indice</h2>" in render_report(result)
    assert "<h2>Contents</h2>" in render_report(result, "en")


def test_no_configuration_key_or_fingerprint_in_the_giuntas_text(result: Consolidation) -> None:
    from pegxl.results.rules import rules_rows

    page = render_report(result)
    body = _body(page)
    for key, _, _ in rules_rows(result.rules):
        assert f"<code>{key}</code>" not in body and f">{key}<" not in body
    for word in ("exclude", "share", "indicators_else_phases", "SHA-256", "regole.toml"):
        assert word not in body, word
    assert result.plan.fingerprint()[:12] not in body
    for row in result.selection.rows:
        if row.sha256:
            assert row.sha256[:12] not in body
    annex = page.split('<section class="annex"', 1)[1]
    assert "SHA-256" in annex and result.plan.fingerprint()[:12] in annex
    assert "<code>missing.intermediate</code>" in annex and "exclude" in annex


def test_page_numbers_when_printed(result: Consolidation) -> None:
    page = render_report(result)
    assert 'content: "Pagina " counter(page) " di " counter(pages)' in page
    assert 'content: "Page " counter(page) " of " counter(pages)' in render_report(result, "en")


@pytest.mark.parametrize(
    ("own", "expected", "italian", "english"),
    [
        (
            date(2025, 12, 31),
            date(2025, 6, 30),
            "è della Rendicontazione finale al 31/12/2025, non del Monitoraggio intermedio al "
            "30/06/2025",
            "it is for the final report at 31/12/2025, not for the intermediate monitoring at "
            "30/06/2025",
        ),
        (
            date(2025, 6, 30),
            date(2025, 12, 31),
            "è del Monitoraggio intermedio al 30/06/2025, non della Rendicontazione finale al "
            "31/12/2025",
            "it is for the intermediate monitoring at 30/06/2025, not for the final report at "
            "31/12/2025",
        ),
        (
            date(2025, 3, 31),
            date(2025, 6, 30),
            "è del Monitoraggio intermedio al 31/03/2025, non del Monitoraggio intermedio al "
            "30/06/2025",
            "it is for the intermediate monitoring at 31/03/2025, not for the intermediate "
            "monitoring at 30/06/2025",
        ),
    ],
)
def test_a_workbook_of_another_period_said_in_good_italian(
    own: date, expected: date, italian: str, english: str
) -> None:
    from pegxl.i18n import tr

    why = tr(
        "delivery.why_other_period",
        own=Period.of(own).of_label(),
        expected=Period.of(expected).of_label(),
    )
    assert (why.it, why.en) == (italian, english)


def test_english_report(result: Consolidation) -> None:
    page = render_report(result, "en")
    assert '<html lang="en">' in page and "Performance monitoring report" in page
    shown = re.sub(r"<[^>]*>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S))
    for italian in ["Risultati principali", "Relazione", "mancante", "Media ponderata", "Esito"]:
        assert italian not in shown


def test_same_bytes_and_sealed(result: Consolidation, tmp_path: Path) -> None:
    assert render_report(result) == render_report(result)
    path = write_report(result, tmp_path / "r.html")
    assert owned_kind(path) is OutputKind.REPORT
    path.write_text(path.read_text() + "<!-- changed -->")
    assert owned_kind(path) is None


@pytest.mark.client
def test_chromium_renders_the_report(result: Consolidation, tmp_path: Path) -> None:
    from .clients import need

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    need("Chromium", bool(chromium))
    page = write_report(result, tmp_path / "r.html")
    shot = tmp_path / "r.png"
    for attempt in range(2):  # a loaded machine may starve the first start
        r = subprocess.run(
            [
                str(chromium),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--user-data-dir={tmp_path / f'profile{attempt}'}",
                f"--screenshot={shot}",
                "--window-size=1280,1600",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=180,
        )
        if shot.exists() and shot.stat().st_size > 10_000:
            break
    assert shot.exists() and shot.stat().st_size > 10_000, r.stderr[-500:]


@pytest.mark.client
def test_printed_by_chromium_every_page_is_numbered(result: Consolidation, tmp_path: Path) -> None:
    """Printed as a user prints it (Chromium to PDF, without the browser's own header and
    footer): «Pagina n di N» at the foot of every page, the contents on the first."""
    from .clients import need

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    need("Chromium", bool(chromium))
    need("poppler-utils (pdftotext)", bool(shutil.which("pdftotext")))
    page = write_report(result, tmp_path / "r.html")
    pdf = tmp_path / "r.pdf"
    for attempt in range(2):
        subprocess.run(
            [
                str(chromium),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp_path / f'profile{attempt}'}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=180,
        )
        if pdf.exists() and pdf.stat().st_size > 10_000:
            break
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3
    for n, text in enumerate(pages, 1):
        assert f"Pagina {n} di {len(pages)}" in text, n
    assert "Indice" in pages[0] and "Annesso tecnico" in pages[-1] + pages[-2]

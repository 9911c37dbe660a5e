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
        "Indicatori rispetto al valore atteso",
        "Fasi rispetto ai tempi previsti",
        "Indicatori sotto il valore atteso",
        "Confronto con gli anni precedenti",
        "Schede ricevute",
        "Regole di misurazione applicate",
        "2025_S05_04 — ",
        "Punteggio concesso dal Nucleo di Valutazione (calcolato 50%)",
        "1 su 2,00, più alto è meglio → 50%",
    ]:
        assert text in page, text
    assert page.count('<section class="sector">') == 6  # 5 sectors and the deliveries
    assert "@page" in page and "break-before: page" in page
    assert page.count("<svg") == 2


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

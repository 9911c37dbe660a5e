"""The desk in a real browser: Playwright driving the system Chromium (nothing downloaded), a
private profile per run, the desk served by `pegxl serve` on a port the system chose.

The office logs in; a sector opens its link, uploads a return with errors and sees its findings
at once, downloads its feedback, uploads the corrected return; the board turns it valid."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .campaign_kit import PASSWORD, Kit, Server, by_sector, copy_kit, kit, secrets_of
from .clients import need

__all__ = ["kit"]

pytestmark = pytest.mark.client

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: the flags every run of Chromium gets: nothing from the network, no first-run work
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
#: generous waits (milliseconds) for a loaded machine
TIMEOUT = 90_000


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A Chromium context with a private profile."""
    have = os.path.exists(CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        have = False
    if not have:
        need(
            "Chromium or the Python playwright package",
            False,
            "make clients-deps as root; playwright is in the dev extra",
        )
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profilo"),
            executable_path=CHROMIUM,
            args=FLAGS,
            headless=True,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT)
        try:
            yield context
        finally:
            context.close()


def test_office_and_sector_in_a_real_browser(browser: Any, tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    secret = secrets_of(root)["S05"]
    server = Server(root, tmp_path / "serve.log")
    try:
        office = browser.new_page()
        office.goto(server.url + "/")
        assert office.url.endswith("/login")
        office.fill("#password", "sbagliata")
        office.click("button[type=submit]")
        assert "Password errata." in office.inner_text("main")
        office.fill("#password", PASSWORD)
        office.click("button[type=submit]")
        office.wait_for_url(server.url + "/")
        row = office.locator("#settore-S05 [data-state]")
        assert row.get_attribute("data-state") == "missing"

        sector = browser.new_page()
        messages: list[str] = []
        sector.on("console", lambda m: messages.append(m.text))
        sector.goto(f"{server.url}/s/{secret}")
        assert "SETTORE OPERE PUBBLICHE" in sector.inner_text("h1")
        with sector.expect_download() as dl:
            sector.click("text=Scarica la scheda")
        assert "_S05_" in dl.value.suggested_filename
        sector.set_input_files("#file", str(by_sector(kit, "S05")))
        sector.click("button[type=submit]")
        sector.wait_for_selector("#esito")
        result = sector.inner_text("#esito")
        assert "contiene 4 errori" in result
        for code in ("STRUCT-011", "VALUE-001", "VALUE-006"):
            assert code in result
        with sector.expect_download() as dl:
            sector.click("text=Scarica la scheda di riscontro")
        assert dl.value.suggested_filename.endswith("_riscontro.xlsx")

        office.reload()
        assert office.locator("#settore-S05 [data-state]").get_attribute("data-state") == "errors"

        sector.set_input_files("#file", str(kit.returns["S05_ok"]))
        sector.click("button[type=submit]")
        sector.wait_for_selector("#esito")
        assert "è arrivato ed è valido" in sector.inner_text("#esito")

        office.reload()
        assert office.locator("#settore-S05 [data-state]").get_attribute("data-state") == "valid"
        office.click("#settore-S05 a >> nth=0")
        office.wait_for_url(server.url + "/settore/S05")
        history = office.inner_text("main")
        assert "superato" in history and "conteggiato" in history
        assert "valori cambiati." in history  # the diff of the two versions
        # no script ran and nothing was refused by the policy (a browser's own request for a
        # favicon is not the page's)
        assert [m for m in messages if "favicon" not in m] == []
    finally:
        server.stop()


def test_the_pages_load_nothing_from_elsewhere(browser: Any, tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    secret = secrets_of(root)["S07"]
    server = Server(root, tmp_path / "serve.log")
    try:
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        page.goto(f"{server.url}/s/{secret}")
        page.goto(f"{server.url}/login")
        assert asked and all(u.startswith(server.url + "/") for u in asked)
        css = page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
        assert css == "rgb(31, 78, 121)"  # the desk's own style sheet applied under the CSP
    finally:
        server.stop()

"""The README's pictures of the desk: the office's board and a sector's page after an upload with
errors, from a real campaign of the example served by ``pegxl serve`` and shot by the system
Chromium through Playwright (nothing downloaded).

    python docs/desk_images.py      # writes docs/images/desk_board.png, desk_sector.png
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
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


def main() -> int:
    from playwright.sync_api import sync_playwright

    from pegxl.campaign import Campaign
    from pegxl.cli import main as pegxl

    with tempfile.TemporaryDirectory(prefix="pegxl-desk-images-") as work:
        demo = Path(work) / "demo"
        with open(os.devnull, "w") as sink:
            old = sys.stdout
            sys.stdout = sink
            try:
                pegxl(["demo", str(demo)])
            finally:
                sys.stdout = old
        root = demo / "campagna"
        c = Campaign.open(root)
        secret = {r["code"]: r["secret"] for r in c.ledger.sectors()}
        c.close()
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log = Path(work) / "serve.out"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "pegxl", "serve", str(root), "--port", "0"],
                stdout=out,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        try:
            url = ""
            for _ in range(600):
                found = re.search(r"http://127\.0\.0\.1:\d+", log.read_text())
                if found:
                    url = found.group(0)
                    break
                time.sleep(0.1)
            assert url, "pegxl serve did not start"
            bad = next((demo / "risposte_2025-06-30").glob("PEG_2025-06-30_S05_*.xlsx"))
            with sync_playwright() as p:
                context = p.chromium.launch_persistent_context(
                    str(Path(work) / "profilo"),
                    executable_path="/usr/bin/chromium",
                    args=FLAGS,
                    viewport={"width": 1200, "height": 900},
                    locale="it-IT",
                )
                page = context.new_page()
                page.goto(f"{url}/s/{secret['S05']}")
                page.set_input_files("#file", str(bad))
                page.click("button[type=submit]")
                page.wait_for_selector("#esito")
                page.screenshot(path=str(IMAGES / "desk_sector.png"), full_page=True)
                page.goto(f"{url}/login")
                page.fill("#password", os.environ.get("PEGXL_OFFICE_PASSWORD", "demo-pegxl"))
                page.click("button[type=submit]")
                page.wait_for_url(f"{url}/")
                # the links are secrets: the picture shows them cut short
                page.eval_on_selector_all(
                    "td.code.small",
                    "cells => cells.forEach(c => c.textContent = c.textContent.slice(0, 9) + '…')",
                )
                page.screenshot(path=str(IMAGES / "desk_board.png"), full_page=True)
                context.close()
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    print(f"written: {IMAGES / 'desk_board.png'}, {IMAGES / 'desk_sector.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

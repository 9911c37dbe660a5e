"""What the campaign and desk tests start from: a campaign of the example plan (every sector
with an «E-mail referente»), its returns filled in as sector staff would, and a server of the
desk run as the office runs it (``pegxl serve``, a port the system chooses)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest

from pegxl import save_plan
from pegxl.campaign.folder import WORKBOOKS, Campaign, new_campaign
from pegxl.demo import simulate_returns
from pegxl.model import Period, Plan

PASSWORD = "una-password-lunga"
PERIOD = Period.of(date(2025, 6, 30))
#: a generous wait for a server to start or answer on a loaded machine
WAIT = 60.0


def email_of(code: str) -> str:
    return f"{code.lower()}@comune.example"


@dataclass
class Kit:
    """A campaign made once, and the returns for it (copied per test)."""

    root: Path
    returns: dict[str, Path]  # name -> filled return


def make_kit(base: Path, plan: Plan) -> Kit:
    """A campaign of ``plan`` with e-mail addresses, and the returns of the demo for it:
    ``ND`` a draft and a final, ``S05`` with mistakes, ``S07`` also the final period's,
    ``S08``; ``S09`` sends nothing; ``S05_ok`` a corrected S05."""
    with_emails = replace(
        plan, sectors=tuple(replace(s, email=email_of(s.code)) for s in plan.sectors)
    )
    plan_path = save_plan(with_emails, base / "piano_email.xlsx")
    root = base / "campagna"
    made = new_campaign(root, plan_path, PERIOD, PASSWORD, deadline=date(2025, 7, 15))
    assert made.campaign is not None
    loaded = made.campaign.plan
    made.campaign.close()
    books = sorted((root / WORKBOOKS).glob("*.xlsx"))
    filled = simulate_returns(loaded, books, PERIOD, base / "risposte")
    s05 = next(b for b in books if "_S05_" in b.name)
    s09 = next(b for b in books if "_S09_" in b.name)
    clean = simulate_returns(loaded, [s05, s09], PERIOD, base / "corrette")
    returns = {p.name: p for p in filled}
    returns["S05_ok"] = next(p for p in clean if "bozza" not in p.name)
    return Kit(root, returns)


def by_sector(kit: Kit, code: str, final: bool = False) -> Path:
    """The return of a sector (the final version, not the draft; ``final``: of 31/12)."""
    if code == "S05_ok":
        return kit.returns["S05_ok"]
    for name, p in kit.returns.items():
        if f"_{code}_" in name and "bozza" not in name and ("2025-12-31" in name) == final:
            return p
    raise KeyError(code)


def copy_kit(kit: Kit, tmp: Path) -> Path:
    """A private copy of the kit's campaign folder."""
    root = tmp / "campagna"
    shutil.copytree(kit.root, root)
    return root


def eml(
    path: Path, attachment: Path | None, sender: str, when: str = "Thu, 03 Jul 2025 09:15:00 +0200"
) -> Path:
    """A saved e-mail with ``attachment`` (or none), from ``sender``."""
    m = EmailMessage()
    m["From"] = f"Referente <{sender}>"
    m["To"] = "performance@comune.example"
    m["Subject"] = "Scheda PEG"
    m["Date"] = when
    m.set_content("In allegato la scheda compilata.")
    if attachment is not None:
        m.add_attachment(
            attachment.read_bytes(),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=attachment.name,
        )
    path.write_bytes(m.as_bytes())
    return path


def secrets_of(root: Path) -> dict[str, str]:
    c = Campaign.open(root)
    try:
        return {r["code"]: r["secret"] for r in c.ledger.sectors()}
    finally:
        c.close()


#: no proxy: every request of the tests goes to this machine's loopback only
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Server:
    """``pegxl serve`` in a process of its own, on a port the system chooses."""

    def __init__(self, root: Path, log: Path, threads: int = 8) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.log = log
        self.out = open(log.with_suffix(".out"), "w+b")  # noqa: SIM115
        self.err = open(log, "w+b")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pegxl",
                "serve",
                str(root),
                "--port",
                "0",
                "--threads",
                str(threads),
            ],
            stdout=self.out,
            stderr=self.err,
            env=env,
        )
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            text = log.with_suffix(".out").read_text(encoding="utf-8", errors="replace")
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", text)
            if found:
                self.port = int(found.group(1))
                self.url = f"http://127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise AssertionError("pegxl serve did not start: " + log.read_text(errors="replace"))

    def stop(self, kill: bool = False) -> None:
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            self.proc.wait(timeout=WAIT)
        self.out.close()
        self.err.close()

    def logs(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") + self.log.with_suffix(
            ".out"
        ).read_text(encoding="utf-8", errors="replace")


def multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file."""
    boundary = "----pegxl-test-boundary-7d2a"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def upload(url: str, name: str, data: bytes, accept: str = "application/json") -> tuple[int, bytes]:
    """POST a file to a sector's link; the status and the body."""
    body, ctype = multipart("file", name, data)
    req = urllib.request.Request(url, data=body, method="POST")
    req.add_header("Content-Type", ctype)
    req.add_header("Accept", accept)
    try:
        with OPENER.open(req, timeout=WAIT * 2) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> Kit:
    """The campaign and returns every campaign and desk test copies."""
    return make_kit(tmp_path_factory.mktemp("kit"), seed_plan)

"""The ledger: every write one transaction, WAL, two processes writing at once, a process killed
in the middle of a write, sessions and secrets."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pegxl.campaign import Campaign, campaign_status
from pegxl.campaign.ledger import Ledger, digest, hash_password, verify_password

from .campaign_kit import WAIT, Kit, by_sector, copy_kit, kit

__all__ = ["kit"]

ROOT = Path(__file__).resolve().parent.parent

#: a process receiving files into a campaign, as `campaign receive` does, N times over
RECEIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pegxl.campaign import Campaign
    from pegxl.campaign.receive import Incoming, receive_one
    root, path, n, tag = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    c = Campaign.open(root)
    data = path.read_bytes()
    for i in range(n):
        # a different note each time: new bytes, a new archived file and a new version
        body = data + f"{tag}{i}".encode()
        receive_one(c, Incoming(f"{tag}_{i}.xlsx", body, "folder", f"{tag}@x"))
    c.close()
    print("done")
    """
)

#: a process that stops for good inside a write transaction, after saying so
STUCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import pegxl.campaign.ledger as ledger
    from pegxl.campaign import Campaign
    from pegxl.campaign.receive import Incoming, receive_one
    root, path, flag = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    def stop(what):
        if what == "receipt":
            flag.write_text("in transaction")
            time.sleep(3600)
    ledger._in_transaction = stop
    c = Campaign.open(root)
    receive_one(c, Incoming("killed.xlsx", path.read_bytes(), "folder", "k@x"))
    """
)


def _run(script: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_the_ledger_is_wal_and_sound(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    ledger = Ledger(root / "registro.sqlite")
    try:
        assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert ledger.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert ledger.integrity() == "ok"
    finally:
        ledger.close()


def test_a_write_that_fails_leaves_nothing(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    ledger = Ledger(root / "registro.sqlite")
    try:
        with pytest.raises(RuntimeError), ledger.write("test") as db:
            db.execute(
                "INSERT INTO reminders (created, sector, recipient, path, state) "
                "VALUES ('x', 'S07', '', 'p', 'bozza')"
            )
            raise RuntimeError("in the middle")
        assert ledger.reminders() == []
    finally:
        ledger.close()


def test_two_processes_receive_at_once_and_lose_nothing(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    src = by_sector(kit, "S07")
    n = 6
    procs = [_run(RECEIVER, str(root), str(src), str(n), tag) for tag in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=WAIT * 10)
        assert p.returncode == 0, err.decode(errors="replace")[-2000:]
        assert out.decode().strip() == "done"
    c = Campaign.open(root)
    try:
        receipts = c.ledger.receipts()
        assert len(receipts) == 2 * n
        assert sorted(r.name for r in receipts) == sorted(
            f"{t}_{i}.xlsx" for t in ("a", "b") for i in range(n)
        )
        assert len({r.id for r in receipts}) == 2 * n
        for r in receipts:  # every row points to its whole archived file
            assert (root / r.archive).is_file()
            from pegxl.campaign.receive import _sha256_of

            assert _sha256_of(root / r.archive) == r.sha256
        status = campaign_status(c)
        assert {s.code: s.versions for s in status.sectors}["S07"] == 2 * n
        assert c.ledger.integrity() == "ok"
    finally:
        c.close()


def test_a_process_killed_inside_a_write_leaves_the_ledger_as_before(
    tmp_path: Path, kit: Kit
) -> None:
    root = copy_kit(kit, tmp_path)
    src = by_sector(kit, "S08")
    flag = tmp_path / "flag"
    p = _run(STUCK, str(root), str(src), str(flag))
    deadline = time.monotonic() + WAIT * 2
    while not flag.exists() and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), p.stderr.read().decode(errors="replace") if p.stderr else ""
    # another writer waits for the lock while the stuck one holds it; kill the stuck one
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=WAIT)
    c = Campaign.open(root)
    try:
        assert c.ledger.integrity() == "ok"
        assert c.ledger.receipts() == []  # the row was never committed
        # the archived copy is there, and the next receipt of the same bytes reuses it
        archived = list((root / "archivio").iterdir())
        assert len(archived) == 1
        from pegxl.campaign.receive import Incoming, receive_one

        got = receive_one(c, Incoming("again.xlsx", src.read_bytes(), "folder"))
        assert got.accepted and got.sector == "S08"
        assert list((root / "archivio").iterdir()) == archived
        [r] = c.ledger.receipts()
        assert (root / r.archive).name == "killed.xlsx"  # the first name the bytes came under
        assert {s.code: s.state for s in campaign_status(c).sectors}["S08"] == "valid"
    finally:
        c.close()


def test_kills_at_any_moment_leave_a_sound_ledger(tmp_path: Path, kit: Kit) -> None:
    """Receivers killed after a varying delay, wherever they are: the ledger stays sound and
    every row it has points to a whole archived file."""
    root = copy_kit(kit, tmp_path)
    src = by_sector(kit, "S07")
    for k, delay in enumerate((0.3, 0.8, 1.5, 2.5)):
        p = _run(RECEIVER, str(root), str(src), "50", f"k{k}")
        time.sleep(delay)
        p.kill()
        p.wait(timeout=WAIT)
    c = Campaign.open(root)
    try:
        assert c.ledger.integrity() == "ok"
        from pegxl.campaign.receive import _sha256_of

        for r in c.ledger.receipts():
            assert _sha256_of(root / r.archive) == r.sha256
        campaign_status(c)  # readable whatever was left
    finally:
        c.close()


def test_sessions_and_secrets(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    ledger = Ledger(root / "registro.sqlite")
    try:
        token, csrf = ledger.new_session()
        assert ledger.session_csrf(token) == csrf
        assert ledger.session_csrf(token + "x") is None and ledger.session_csrf("") is None
        assert token not in (root / "registro.sqlite").read_bytes().decode("latin-1")
        ledger.end_session(token)
        assert ledger.session_csrf(token) is None
        secret = ledger.sectors()[0]["secret"]
        assert ledger.sector_by_secret(secret)["code"] == "S07"
        for wrong in ("", secret[:-1], secret + "A", secret.upper(), "x" * 5000):
            assert ledger.sector_by_secret(wrong) is None
        assert digest(secret) != secret
    finally:
        ledger.close()


def test_password_hashes() -> None:
    stored = hash_password("la password dell'ufficio")
    assert stored != hash_password("la password dell'ufficio")  # salted
    assert verify_password("la password dell'ufficio", stored)
    for wrong in ("", "la password dell'ufficio ", "LA PASSWORD DELL'UFFICIO"):
        assert not verify_password(wrong, stored)
    for broken in ("", "scrypt$", "md5$x$y$z$w$v", "scrypt$16384$8$1$zz$zz"):
        assert not verify_password("x", broken)

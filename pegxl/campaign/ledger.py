"""The ledger of a campaign: one SQLite file that is the campaign's memory and its only state.

Every file received (when, how, from whom, its SHA-256, where it is archived, its findings and
its fate), every reminder drafted, every closing, and the desk's login sessions are rows here; the
archive, the feedback workbooks and the masters are files the rows point to. The desk keeps
nothing in memory that a restart would lose.

Safety against two processes at once (``campaign receive`` in a terminal while ``pegxl serve``
takes uploads): the database runs in WAL mode (readers never wait for a writer), every write is
one transaction opened with ``BEGIN IMMEDIATE`` (the write lock is taken at the start, so two
writers queue instead of failing half-way), a writer waits up to :data:`BUSY_SECONDS` for the lock,
and ``synchronous=FULL`` makes a committed row survive a power cut. A process killed in the
middle of a transaction leaves the ledger as it was before it (SQLite's journal), and the files a
row would point to are written *before* the row, each atomically: the worst a kill leaves is an
archived file no row points to yet, which the next receipt of those bytes reuses.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "LEDGER_NAME",
    "Ledger",
    "Receipt",
    "Reminder",
    "hash_password",
    "new_secret",
    "now",
    "verify_password",
]

#: the ledger's file name inside the campaign folder
LEDGER_NAME = "registro.sqlite"
#: how long a writer waits for another's transaction before giving up
BUSY_SECONDS = 60
#: the layout of the tables; bumped when they change
SCHEMA = 1
#: a login of the office lasts this long
SESSION_HOURS = 8

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sectors (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    secret TEXT NOT NULL,
    secret_digest TEXT NOT NULL UNIQUE,
    workbook TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received TEXT NOT NULL,
    channel TEXT NOT NULL,
    sender TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    archive TEXT NOT NULL,
    via_sector TEXT,
    sector TEXT,
    period TEXT,
    status TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    judged TEXT NOT NULL,
    feedback TEXT
);
CREATE INDEX IF NOT EXISTS receipts_sector ON receipts (sector);
CREATE TABLE IF NOT EXISTS reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    sector TEXT NOT NULL,
    recipient TEXT NOT NULL,
    path TEXT NOT NULL,
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS closings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    folder TEXT NOT NULL,
    master TEXT NOT NULL,
    report TEXT NOT NULL,
    valid INTEGER NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    expires TEXT NOT NULL
);
"""


def now() -> datetime:
    """The time now, in UTC, to the second (naive: every time in the ledger is UTC)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def new_secret() -> str:
    """A sector's upload secret: 192 random bits, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def digest(secret: str) -> str:
    """The SHA-256 a secret is looked up by: the lookup never compares the secret itself
    character by character."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


#: scrypt's cost: 2**15 blocks of 8 (32 MiB, about 0.1 s), as OWASP's cheat sheet recommends
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """The office password as stored: ``scrypt$n$r$p$salt$hash`` (a salted, memory-hard key
    derivation from the standard library)."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, maxmem=64 * 1024 * 1024, dklen=32, **_SCRYPT
    )
    n, r, p = _SCRYPT["n"], _SCRYPT["r"], _SCRYPT["p"]
    return f"scrypt${n}${r}${p}${salt.hex()}${key.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (compared in constant time)."""
    try:
        name, n, r, p, salt, key = stored.split("$")
        if name != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=len(key) // 2,
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), key)


@dataclass(frozen=True)
class Receipt:
    """One file received: when (UTC), how (``upload``, ``email``, ``folder``, ``file``), from
    whom, its name as sent, its bytes (SHA-256, size, where archived), the sector whose link it
    came through (uploads), what the check found (sector, period, status, counts, the findings
    as JSON) and whether it was accepted into the campaign."""

    id: int
    received: datetime
    channel: str
    sender: str
    name: str
    sha256: str
    size: int
    archive: str
    via_sector: str | None
    sector: str | None
    period: str | None
    status: str
    accepted: bool
    errors: int
    warnings: int
    judged: dict[str, Any]
    feedback: str | None


@dataclass(frozen=True)
class Reminder:
    """A reminder drafted for a sector: when, to whom, the draft's path."""

    id: int
    created: datetime
    sector: str
    recipient: str
    path: str
    state: str


#: called inside every write transaction before it commits (tests kill a process there)
_in_transaction: Callable[[str], None] | None = None


class Ledger:
    """The campaign's SQLite ledger. Open one per thread or process (a connection is not shared
    between threads); every method that writes is one transaction."""

    def __init__(self, path: str | Path, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise FileNotFoundError(str(self.path))
        self.db = sqlite3.connect(
            str(self.path), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # a file system without shared memory (a network share)
            self.db.execute("PRAGMA journal_mode = DELETE")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")
        if create:
            self.db.executescript(_TABLES)  # each statement idempotent (IF NOT EXISTS)
            with self.write("schema") as db:
                db.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA),)
                )
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)  # the secrets and the password hash: the office's

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextlib.contextmanager
    def write(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: the write lock taken at once (``BEGIN IMMEDIATE``), committed
        whole at the end, rolled back whole on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            if _in_transaction is not None:
                _in_transaction(what)
            self.db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise

    # -- the campaign's settings -----------------------------------------------------------------
    def set_meta(self, values: dict[str, str]) -> None:
        """Store settings (plan, period, password hash, base URL…)."""
        with self.write("meta") as db:
            db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                sorted(values.items()),
            )

    def meta(self) -> dict[str, str]:
        """Every setting."""
        return {r["key"]: r["value"] for r in self.db.execute("SELECT key, value FROM meta")}

    # -- sectors and their links -----------------------------------------------------------------
    def add_sectors(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        """The sectors: (code, name, e-mail, secret, workbook path relative to the campaign)."""
        with self.write("sectors") as db:
            db.executemany(
                "INSERT INTO sectors (code, name, email, secret, secret_digest, workbook) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(c, n, e, s, digest(s), w) for c, n, e, s, w in rows],
            )

    def sectors(self) -> list[sqlite3.Row]:
        """Every sector in plan order (as added)."""
        return list(self.db.execute("SELECT * FROM sectors ORDER BY rowid"))

    def sector_by_secret(self, secret: str) -> sqlite3.Row | None:
        """The sector whose upload secret is ``secret``, if any."""
        if not secret or len(secret) > 200:
            return None
        row = self.db.execute(
            "SELECT * FROM sectors WHERE secret_digest = ?", (digest(secret),)
        ).fetchone()
        return row if isinstance(row, sqlite3.Row) else None

    # -- receipts ----------------------------------------------------------------------------------
    def add_receipt(self, **fields: Any) -> int:
        """Record one file received; its id."""
        fields["received"] = fields["received"].isoformat()
        fields["judged"] = json.dumps(fields["judged"], ensure_ascii=False, sort_keys=True)
        fields["accepted"] = int(fields["accepted"])
        names = sorted(fields)
        with self.write("receipt") as db:
            cur = db.execute(
                f"INSERT INTO receipts ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [fields[n] for n in names],
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def receipts(self, sector: str | None = None) -> list[Receipt]:
        """Every receipt in the order received (of one sector: by what the file said, or by
        the link it came through)."""
        if sector is None:
            rows = self.db.execute("SELECT * FROM receipts ORDER BY id")
        else:
            rows = self.db.execute(
                "SELECT * FROM receipts WHERE sector = ? OR via_sector = ? ORDER BY id",
                (sector, sector),
            )
        return [_receipt(r) for r in rows]

    def receipt(self, receipt_id: int) -> Receipt | None:
        """One receipt by its id."""
        row = self.db.execute("SELECT * FROM receipts WHERE id = ?", (receipt_id,)).fetchone()
        return _receipt(row) if row is not None else None

    def first_with(self, sha256: str) -> Receipt | None:
        """The first receipt of these bytes."""
        row = self.db.execute(
            "SELECT * FROM receipts WHERE sha256 = ? ORDER BY id LIMIT 1", (sha256,)
        ).fetchone()
        return _receipt(row) if row is not None else None

    # -- reminders and closings --------------------------------------------------------------------
    def add_reminders(self, rows: list[tuple[str, str, str]]) -> None:
        """Reminders drafted now: (sector, recipient, path relative to the campaign)."""
        when = now().isoformat()
        with self.write("reminders") as db:
            db.executemany(
                "INSERT INTO reminders (created, sector, recipient, path, state) "
                "VALUES (?, ?, ?, ?, 'bozza')",
                [(when, s, r, p) for s, r, p in rows],
            )

    def reminders(self, sector: str | None = None) -> list[Reminder]:
        """Every reminder drafted (of one sector), oldest first."""
        sql, args = "SELECT * FROM reminders", tuple[str, ...]()
        if sector is not None:
            sql, args = sql + " WHERE sector = ?", (sector,)
        rows = self.db.execute(sql + " ORDER BY id", args)
        return [
            Reminder(
                r["id"],
                datetime.fromisoformat(r["created"]),
                r["sector"],
                r["recipient"],
                r["path"],
                r["state"],
            )
            for r in rows
        ]

    def add_closing(self, folder: str, master: str, report: str, valid: bool, summary: str) -> int:
        """A closing written (paths relative to the campaign); its id."""
        with self.write("closing") as db:
            cur = db.execute(
                "INSERT INTO closings (created, folder, master, report, valid, summary) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (now().isoformat(), folder, master, report, int(valid), summary),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def closings(self) -> list[sqlite3.Row]:
        """Every closing, oldest first."""
        return list(self.db.execute("SELECT * FROM closings ORDER BY id"))

    # -- the office's login sessions ---------------------------------------------------------------
    def new_session(self) -> tuple[str, str]:
        """A login session: its token (the cookie; only its digest is stored) and its CSRF
        token. Expired sessions are removed."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = (now() + timedelta(hours=SESSION_HOURS)).isoformat()
        with self.write("session") as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (now().isoformat(),))
            db.execute(
                "INSERT INTO sessions (digest, csrf, expires) VALUES (?, ?, ?)",
                (digest(token), csrf, expires),
            )
        return token, csrf

    def session_csrf(self, token: str | None) -> str | None:
        """The CSRF token of a live session, or ``None`` (no such session, or expired)."""
        if not token or len(token) > 200:
            return None
        row = self.db.execute(
            "SELECT csrf, expires FROM sessions WHERE digest = ?", (digest(token),)
        ).fetchone()
        if row is None or row["expires"] < now().isoformat():
            return None
        return str(row["csrf"])

    def end_session(self, token: str | None) -> None:
        """Log out: the session is gone."""
        if token:
            with self.write("logout") as db:
                db.execute("DELETE FROM sessions WHERE digest = ?", (digest(token),))

    def integrity(self) -> str:
        """SQLite's own check of the file: ``ok`` when sound."""
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def _receipt(r: sqlite3.Row) -> Receipt:
    """A receipts row as a :class:`Receipt`."""
    return Receipt(
        r["id"],
        datetime.fromisoformat(r["received"]),
        r["channel"],
        r["sender"],
        r["name"],
        r["sha256"],
        r["size"],
        r["archive"],
        r["via_sector"],
        r["sector"],
        r["period"],
        r["status"],
        bool(r["accepted"]),
        r["errors"],
        r["warnings"],
        json.loads(r["judged"]),
        r["feedback"],
    )

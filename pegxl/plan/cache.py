"""A cache of loaded plans, keyed by the plan file's SHA-256 and by pegxl's own code.

Every command starts by loading the plan workbook, and during a campaign the office runs
``check`` many times on the same plan (each time a few more returns arrive), then
``consolidate``, then ``generate --prefill``. Loading a region's plan (1,000 sectors,
370,000 cells) takes seconds; reading it back from this cache takes a fraction of that. What
is kept is exactly what :func:`pegxl.plan.workbook_reader.load` returned for those bytes: the
plan and every finding about it, so a cached load and a fresh one cannot differ.

- **The key** is the SHA-256 of the file's bytes and a digest of pegxl's own source files and
  catalogue (:func:`code_key`): another plan, an edited plan, or another version of pegxl (even
  a local edit) never meets an entry it did not write.
- **The form** is JSON of plain values (strings, numbers, lists), decoded field by field into
  the model's own classes: nothing in an entry can run code or build any other object. An entry
  that does not decode is ignored (and written again).
- **The place** is ``$PEGXL_CACHE_DIR``, else ``$XDG_CACHE_HOME/pegxl``, else
  ``~/.cache/pegxl``, in a folder only the user can open; ``PEGXL_CACHE=off`` turns the cache off.
  A folder that cannot be made, or is not the user's own, just means no cache: never an error.
  Entries are written atomically (:func:`pegxl.outputs.atomic_path`) and the oldest are removed
  past :data:`MAX_ENTRIES` — only files the cache can prove it wrote (:func:`is_entry`: the
  entries' name and their mark inside), never another file of the folder.
- Only a plan that loaded (with or without findings) is kept; findings name the file they were
  found in, so they are stored without it and given the path of the file being loaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import fields
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from pegxl.findings import Code, Finding, Severity
from pegxl.i18n import T
from pegxl.model import (
    Direction,
    Indicator,
    Link,
    Objective,
    Phase,
    Plan,
    PriorValue,
    Sector,
    Variation,
)
from pegxl.outputs import atomic_path
from pegxl.reading import open_input
from pegxl.values import Kind, Value

__all__ = [
    "FORMAT",
    "MAX_ENTRIES",
    "code_key",
    "decode",
    "directory",
    "encode",
    "file_sha256",
    "get",
    "is_entry",
    "put",
]

#: the version of the entries' form (part of every key)
FORMAT = 2
#: entries kept at most (the least recently used go first): a campaign has one plan, a
#: consolidating body a handful
MAX_ENTRIES = 16
#: a file larger than any plan the guard lets through is not hashed for the cache
MAX_PLAN_BYTES = 64 * 1024 * 1024

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_key() -> str:
    """A digest of pegxl's source files and resources (names and bytes): any change to how a
    plan is read or what its findings say gives new keys."""
    h = hashlib.sha256(f"pegxl-plan-cache/{FORMAT}".encode())
    for p in sorted(_PACKAGE.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".toml", ".j2", ".json", ".txt", ".html"):
            h.update(str(p.relative_to(_PACKAGE)).encode("utf-8") + b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def directory() -> Path | None:
    """Where entries go (``None``: the cache is off)."""
    if os.environ.get("PEGXL_CACHE", "").strip().lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("PEGXL_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) / "plans" if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pegxl" / "plans"


def _usable(folder: Path, make: bool) -> bool:
    """The folder exists (made when ``make``), is a folder, and is the user's own and closed to
    others: an entry is trusted only from there."""
    try:
        if make:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's profile is closed to others by its ACL
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


#: every entry's name: pegxl's prefix and a digest (no other file in the folder is touched)
_ENTRY_NAME = re.compile(r"pegxl-plan-[0-9a-f]{64}\.json")
#: every entry's first bytes (written first by :func:`put`): with the name, what proves a file
#: in the folder is an entry of this cache
_MARK = b'{"pegxl":"plan-cache",'


def _entry(folder: Path, file_sha256: str) -> Path:
    """The entry of a file's bytes for this code."""
    digest = hashlib.sha256(f"{file_sha256}/{code_key()}".encode()).hexdigest()
    return folder / f"pegxl-plan-{digest}.json"


def is_entry(path: Path) -> bool:
    """Whether ``path`` is an entry this cache wrote: a regular file (not a link) named as
    entries are, whose first bytes are the entries' mark. Only such files are ever removed."""
    if not _ENTRY_NAME.fullmatch(path.name):
        return False
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return os.read(fd, len(_MARK)) == _MARK
    except OSError:
        return False
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (``None`` if it cannot be read)."""
    try:
        with open_input(path) as fh:  # a pipe or a device: no digest, never waited on
            if os.fstat(fh.fileno()).st_size > MAX_PLAN_BYTES:
                return None  # the guard refuses it: not worth reading to the end
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def get(path: Path, digest: str) -> tuple[Plan, list[Finding]] | None:
    """The plan and findings kept for the bytes of ``path`` (whose SHA-256 is ``digest``), if
    any."""
    folder = directory()
    if folder is None or not _usable(folder, make=False):
        return None
    entry = _entry(folder, digest)
    try:
        st = os.lstat(entry)
        if not stat.S_ISREG(st.st_mode):
            return None
        raw = entry.read_bytes()
        if not raw.startswith(_MARK):
            return None
        data = json.loads(raw)
        if data.get("key") != [FORMAT, digest, code_key()]:
            return None
        plan, findings = decode(data, str(path))
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # not there, or not an entry this code wrote: load the file
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used
    return plan, findings


def put(path: Path, file_sha256: str, plan: Plan, findings: Sequence[Finding]) -> None:
    """Keep the plan and findings loaded from bytes whose SHA-256 is ``file_sha256``. Never
    raises: a cache that cannot be written is no cache."""
    folder = directory()
    if folder is None or not _usable(folder, make=True):
        return
    name = str(path)
    if any(name in f.message_it or name in f.message_en for f in findings):
        return  # a message that names the file could not be given another path: not kept
    try:
        blob = json.dumps(
            {
                "pegxl": "plan-cache",  # the mark: first, as _MARK
                "key": [FORMAT, file_sha256, code_key()],
                **encode(plan, findings, name),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        with atomic_path(_entry(folder, file_sha256)) as tmp:  # in a folder only the user opens
            tmp.write_bytes(blob)
        _trim(folder)
    except (OSError, ValueError, TypeError):
        return


def _trim(folder: Path) -> None:
    """Remove the least recently used entries past :data:`MAX_ENTRIES`: only files this cache
    wrote (:func:`is_entry`), whatever else the folder holds (``PEGXL_CACHE_DIR`` may name a
    folder of the user's)."""
    entries = []
    for p in folder.glob("pegxl-plan-*.json"):
        if is_entry(p):
            with contextlib.suppress(OSError):
                entries.append((os.lstat(p).st_mtime, p))
    entries.sort(reverse=True)
    for _, p in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            p.unlink()


# ---------------------------------------------------------------------------------------------
# the form: each model object a list of its fields in declaration order, each field converted by
# its type (a date as ISO text, a Value as a list, an enum as its value)

_Enc = Callable[[Any], Any]


def _opt(f: _Enc) -> _Enc:
    return lambda x: None if x is None else f(x)


def _tuple_of(f: _Enc) -> _Enc:
    return lambda xs: tuple(f(x) for x in xs)


def _list_of(f: _Enc) -> _Enc:
    return lambda xs: [f(x) for x in xs]


def _enc_scalar(v: object) -> object:
    """A Value's value: a date as ``["d", iso]`` (a datetime ``["t", iso]``); the rest as is."""
    if isinstance(v, datetime):
        return ["t", v.isoformat()]
    if isinstance(v, date):
        return ["d", v.isoformat()]
    if isinstance(v, bool | float | int | str):
        return v
    raise TypeError(f"not a value: {type(v).__name__}")


def _dec_scalar(v: Any) -> Any:
    """The value of :func:`_enc_scalar`."""
    if isinstance(v, list):
        tag, iso = v
        if tag == "t":
            return datetime.fromisoformat(iso)
        if tag == "d":
            return date.fromisoformat(iso)
        raise ValueError(f"unknown tag {tag!r}")
    if isinstance(v, bool | float | int | str):
        return v
    raise TypeError(f"not a value: {type(v).__name__}")


def _enc_value(v: Value) -> list[object]:
    """A Value as ``[kind, value, raw, decimals, note]``."""
    note = None if v.note is None else [v.note.it, v.note.en]
    return [v.kind.value, _enc_scalar(v.value), v.raw, v.decimals, note]


def _dec_value(a: list[Any]) -> Value:
    """The Value of :func:`_enc_value`."""
    kind, value, raw, decimals, note = a
    return Value(Kind(kind), _dec_scalar(value), raw, decimals, None if note is None else T(*note))


_opt_date_dec: _Enc = _opt(date.fromisoformat)
_opt_date_enc: _Enc = _opt(date.isoformat)


class _Codec:
    """How the objects of one model class become a list and back: the fields in the order of
    the class (checked against the class when the codec is made), each converted by its type; a
    field given ``None`` (text, a number, a truth value) is stored as it is."""

    def __init__(self, cls: type, spec: dict[str, tuple[_Enc, _Enc] | None]) -> None:
        names = tuple(f.name for f in fields(cls))
        if set(names) != set(spec):
            raise RuntimeError(f"the plan cache does not know every field of {cls.__name__}")
        self.cls = cls
        self.names = names
        converted = [(i, c) for i, c in enumerate(spec[n] for n in names) if c is not None]
        self.enc = tuple((i, c[0]) for i, c in converted)
        self.dec = tuple((i, c[1]) for i, c in converted)

    def encode(self, obj: object) -> list[object]:
        """The object as a list of its fields."""
        out: list[object] = [getattr(obj, n) for n in self.names]
        for i, f in self.enc:
            out[i] = f(out[i])
        return out

    def decode(self, a: list[Any]) -> Any:
        """The object of :meth:`encode`'s list (which is converted in place)."""
        if type(a) is not list or len(a) != len(self.names):
            raise ValueError(f"not a {self.cls.__name__}")
        for i, f in self.dec:
            a[i] = f(a[i])
        return self.cls(*a)


_LINE = None  # a source line
_S = None  # a text field
_LINK = _Codec(Link, {"code": _S, "label": _S})
_SECTOR = _Codec(
    Sector, {"code": _S, "name": _S, "assessorato": _S, "responsabile": _S, "email": _S}
)
_DATE = (_opt_date_enc, _opt_date_dec)
_PHASE = _Codec(
    Phase,
    {
        "id": _S,
        "objective_code": _S,
        "name": _S,
        "planned_start": _DATE,
        "planned_end": _DATE,
        "actual_start": _DATE,
        "actual_end": _DATE,
        "weight": None,
        "progress": None,
        "responsabili": (list, tuple),
        "centro": _S,
        "note": _S,
        "source_line": _LINE,
    },
)
_VALUE = (_opt(_enc_value), _opt(_dec_value))
_PRIOR = _Codec(PriorValue, {"year": None, "value": (_enc_value, _dec_value)})
_INDICATOR = _Codec(
    Indicator,
    {
        "id": _S,
        "objective_code": _S,
        "description": _S,
        "tipo": _S,
        "target": _VALUE,
        "achieved": _VALUE,
        "prior": (_list_of(_PRIOR.encode), _tuple_of(_PRIOR.decode)),
        "note": _S,
        "direction": (lambda d: d.value, lambda v: Direction(v)),
        "source_line": _LINE,
    },
)
_OBJECTIVE = _Codec(
    Objective,
    {
        "code": _S,
        "title": _S,
        "sector_code": _S,
        "assessorato": _S,
        "responsabile": _S,
        "valore_pubblico": _S,
        "mandate": (_LINK.encode, _LINK.decode),
        "mission": (_LINK.encode, _LINK.decode),
        "program": (_LINK.encode, _LINK.decode),
        "modalita": _S,
        "stato": _S,
        "provisional": None,
        "phases": (_list_of(_PHASE.encode), _tuple_of(_PHASE.decode)),
        "indicators": (_list_of(_INDICATOR.encode), _tuple_of(_INDICATOR.decode)),
        "source_line": _LINE,
    },
)
_VARIATION = _Codec(
    Variation,
    {
        "row_id": _S,
        "field": _S,
        "original": _VALUE,
        "new": (_enc_value, _dec_value),
        "reason": _S,
        "act": _S,
        "act_date": (date.isoformat, date.fromisoformat),
        "source_line": _LINE,
    },
)
_PLAN = _Codec(
    Plan,
    {
        "entity": _S,
        "year": None,
        "view": _S,
        "level": _S,
        "value_label": _S,
        "sectors": (_list_of(_SECTOR.encode), _tuple_of(_SECTOR.decode)),
        "objectives": (_list_of(_OBJECTIVE.encode), _tuple_of(_OBJECTIVE.decode)),
        "act": _S,
        "act_date": _DATE,
        "smvp": _S,
        "variations": (_list_of(_VARIATION.encode), _tuple_of(_VARIATION.decode)),
    },
)
_OPT_S = None
_CODES = {c.value: c for c in Code}
_FINDING = _Codec(
    Finding,
    {
        "code": (lambda c: c.value, _CODES.__getitem__),
        "severity": (lambda s: s.value, lambda v: Severity(v)),
        "message_it": _S,
        "message_en": _S,
        "file": _OPT_S,
        "sheet": _OPT_S,
        "cell": _OPT_S,
        "line": None,
        "row_id": _OPT_S,
        "raw": _OPT_S,
        "expected": _OPT_S,
        "original": (_opt(lambda s: s.value), _opt(Severity)),
    },
)


def encode(plan: Plan, findings: Sequence[Finding], file: str) -> dict[str, object]:
    """The JSON-able form of a loaded plan; a finding about ``file`` is kept without its path."""
    out = []
    for f in findings:
        a = _FINDING.encode(f)
        a[4] = True if f.file == file else f.file  # this file: given back the path it is read from
        out.append(a)
    return {"plan": _PLAN.encode(plan), "fingerprint": plan.fingerprint(), "findings": out}


def decode(data: dict[str, Any], file: str) -> tuple[Plan, list[Finding]]:
    """The plan and findings of :func:`encode`, the findings about the file given ``file``.
    Raises ``ValueError``/``TypeError`` on anything this module did not write."""
    findings = []
    for a in data["findings"]:
        if type(a) is list and len(a) > 4 and a[4] is True:
            a = [*a[:4], file, *a[5:]]
        findings.append(_FINDING.decode(a))
    plan: Plan = _PLAN.decode(data["plan"])
    fingerprint = data["fingerprint"]
    if type(fingerprint) is not str or len(fingerprint) != 64:
        raise ValueError("not a fingerprint")
    plan.remember_fingerprint(fingerprint)
    return plan, findings

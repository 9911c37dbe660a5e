"""Everything pegxl writes follows the rules of this module.

* **Atomic**: a file is written under a temporary name beside its target and renamed over it, so a
  reader never sees half a file (:func:`atomic_path`). Temporary files are named so that pegxl
  recognises its own: one left behind by a killed run is removed by the next run that writes in
  the same folder (:func:`sweep`). Outputs get the permissions the user's umask gives.
* **Nothing of ours lost**: when an output replaces an earlier file (pegxl's own output of
  last week, or any file under ``--force``), the earlier file is first kept in an archive
  folder beside it, ``_archivio/``, under a name that says when it was written and what it
  holds (:func:`keep_earlier`); the command says so (``FILE-025``). A file replaced by the
  same bytes is not kept twice, and nothing in the archive is ever written over.
* **Never over what is not ours**: an output never replaces an input of the same run, never takes
  the name of another output of the same run (names compared ignoring case, as on a
  case-insensitive disk), and replaces an existing file only when that file is pegxl's own output
  of the same kind, left untouched since pegxl wrote it — or when the user says ``--force``
  (:class:`Outputs`). A workbook pegxl writes is *sealed*: its zip archive comment names its kind
  and a digest of its entries (:func:`seal_zip`); any program that saves the file again writes a
  new archive without it, so an edited plan, a corrected return or an unrelated file is never
  taken for pegxl's output. Text outputs (the HTML report) carry the same seal in a last comment
  line (:func:`seal_text`).
* **Inert**: a CSV cell that a spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``, tab, CR, or
  their full-width forms) is neutralised with a leading apostrophe, as OWASP's CSV-injection rule
  says, and every field holding a separator, quote, CR or LF is quoted (:func:`csv_text`); text
  shown on a terminal carries no control character (:func:`terminal_text`), and JSON escapes the
  ones JSON itself leaves raw (:func:`json_text`).

This module is long because these rules belong together: whoever adds an output reads one
module to know how to write it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import socket
import stat as _stat
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pegxl.findings import Code, Finding, make
from pegxl.i18n import T, tr
from pegxl.i18n import clean_text as clean_text  # the one place file names are made readable
from pegxl.i18n import display_name as display_name
from pegxl.reading import open_input

__all__ = [
    "ARCHIVE",
    "BOM",
    "FIXED_DATE",
    "PARQUET_SEAL_KEY",
    "Kept",
    "OutputKind",
    "OutputRefused",
    "Outputs",
    "Refusal",
    "atomic_path",
    "clean_text",
    "close_workbook",
    "csv_cell",
    "csv_text",
    "display_name",
    "fit_name",
    "json_text",
    "keep_earlier",
    "new_workbook",
    "owned_kind",
    "parquet_seal",
    "seal_text",
    "seal_zip",
    "sweep",
    "terminal_text",
    "write_error",
    "write_text_atomic",
]


class OutputKind(StrEnum):
    """The kinds of file pegxl writes; one kind never replaces another."""

    PLAN = "plan"
    WORKBOOK = "workbook"
    FEEDBACK = "feedback"
    MASTER = "master"
    REPORT = "report"
    PDF = "pdf"
    TABLE = "table"
    SIMULATED = "simulated"


# ---------------------------------------------------------------------------------------------
# text that reaches a terminal, a JSON reader or a spreadsheet

#: C0 and C1 control characters, DEL, the bidirectional overrides and isolates that reorder what
#: a terminal shows ("Trojan Source"), and lone surrogates (bytes of a file name that were not
#: UTF-8)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def terminal_text(text: str, keep: str = "\n") -> str:
    """``text`` with every control character (ESC, BEL, CR, the C1 range), bidirectional
    override and undecodable byte shown as an escape (``\\x1b``), except those in ``keep``: what a
    user typed can never move the cursor, ring, recolour, retitle or link the terminal."""

    def sub(m: re.Match[str]) -> str:
        ch = m.group(0)
        return ch if ch in keep else _escaped(ch)

    return _UNSAFE.sub(sub, text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


#: levels of a JSON document laid out one item per line; deeper ones are written compact
JSON_LEVELS = 2


class Rows:
    """A JSON list whose items are made one at a time, as the document is written (a batch's
    files, each with every value read): the whole document never sits in memory as objects,
    and :func:`json_pieces` can write it out piece by piece."""

    def __init__(self, items: Callable[[], Iterable[object]]) -> None:
        self.items = items


def _json_layout(data: object, level: int) -> str:
    """``data`` with its first :data:`JSON_LEVELS` levels one item per line, indented, and
    each item below written by the C encoder on one line: as readable as full indentation
    where a person looks (the top keys, one finding or file per line) and ten times faster on
    a batch of thousands of returns, whose values the pure-Python indenting encoder would
    walk one by one."""
    return "".join(_json_parts(data, level))


def _json_parts(data: object, level: int) -> Iterator[str]:
    """The pieces of :func:`_json_layout`, in order."""
    if isinstance(data, Rows):
        pad, first = "  " * (level + 1), True
        yield "["
        for item in data.items():
            yield ("\n" if first else ",\n") + pad + _json_layout(item, level + 1)
            first = False
        yield "]" if first else "\n" + "  " * level + "]"
        return
    if level >= JSON_LEVELS or not isinstance(data, dict | list) or not data:
        yield json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
        return
    pad = "  " * (level + 1)
    if isinstance(data, dict):
        yield "{\n"
        for n, (k, v) in enumerate(data.items()):
            yield (",\n" if n else "") + pad + json.dumps(str(k), ensure_ascii=False) + ": "
            yield from _json_parts(v, level + 1)
        yield "\n" + "  " * level + "}"
        return
    yield "[\n"
    for n, v in enumerate(data):
        yield (",\n" if n else "") + pad
        yield from _json_parts(v, level + 1)
    yield "\n" + "  " * level + "]"


def json_pieces(data: object) -> Iterator[str]:
    """:func:`json_text` in pieces, in order (a :class:`Rows` list rendered item by item):
    what a command writes out as it goes."""
    for piece in _json_parts(data, 0):
        yield _JSON_UNSAFE.sub(_json_escape, piece)


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group(0)):04x}"


def json_text(data: object) -> str:
    """``data`` as JSON (UTF-8 text, stable key order as given), its top levels one item per
    line, in which the characters JSON leaves raw but a terminal would obey (DEL, C1 controls,
    bidirectional overrides, lone surrogates) are written as ``\\uXXXX`` escapes: the same
    data for a JSON reader."""
    return "".join(json_pieces(data))


#: what makes a spreadsheet evaluate a CSV cell: OWASP's list and the full-width forms that some
#: clients fold to them
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_CSV_CONTROLS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def csv_cell(value: object) -> str:
    """One CSV field, inert: numbers as numbers; any text whose first character (or first after
    spaces) would start a formula gets a leading apostrophe; control characters other than tab,
    CR and LF are shown as escapes. ``None`` is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = _CSV_CONTROLS.sub(lambda m: _escaped(m.group(0)), str(value))
    first = text.lstrip(" \u00a0")[:1]
    if text[:1] in _FORMULA_START or first in _FORMULA_START:
        text = "'" + text
    return text


def _quoted(field: str, delimiter: str) -> str:
    if delimiter in field or '"' in field or "\r" in field or "\n" in field:
        return '"' + field.replace('"', '""') + '"'
    return field


def _quoted_text(value: object, delimiter: str) -> str:
    """A field quoted unless it is a number or empty: what a reader that splits on any of
    several separators (LibreOffice's import with tab, comma and semicolon ticked) keeps whole."""
    field = csv_cell(value)
    if value is None or isinstance(value, int | float):
        return _quoted(field, delimiter)
    return '"' + field.replace('"', '""') + '"'


#: what opens a CSV for Excel: the byte order mark that tells it the text is UTF-8
BOM = "\ufeff"


def csv_text(
    rows: Iterable[Sequence[object]], delimiter: str = ";", quote_text: bool = False
) -> str:
    """Rows as CSV text: every field through :func:`csv_cell`, quoted when it holds the
    separator, a quote, CR or LF (quotes doubled), one record per line. With ``quote_text``
    every field that is not a number or empty is quoted, whatever it holds: a comma inside
    then never splits it, whichever separators the reader tries."""
    field = _quoted_text if quote_text else lambda v, d: _quoted(csv_cell(v), d)
    return "".join(delimiter.join(field(v, delimiter) for v in row) + "\n" for row in rows)


# ---------------------------------------------------------------------------------------------
# writing atomically

#: The creation date written into every workbook: the same inputs give the same bytes.
FIXED_DATE = datetime(2000, 1, 1)

#: a temporary file of pegxl: ``.<name>.<pid>.<host>.<random>.pegxl-tmp``
_TEMP = re.compile(r"\..*\.(\d+)\.([A-Za-z0-9-]{1,32})\.[0-9a-f]{8}\.pegxl-tmp")
_TEMP_SUFFIX = ".pegxl-tmp"
#: a temporary file of another machine (a shared folder) or of a live process is left alone
#: unless older than this
_STALE_SECONDS = 24 * 3600


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname())[:32].strip("-") or "host"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine still runs (on Windows, assumed: only age decides
    there)."""
    if os.name != "posix":  # os.kill would end the process on Windows: judge by age only
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: str | Path) -> list[Path]:
    """Remove the temporary files that a killed pegxl run left in ``folder``: those of a process
    of this machine that no longer runs, and any older than a day. Returns what was removed;
    never raises."""
    removed: list[Path] = []
    host = _host()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TEMP.fullmatch(entry.name) if entry.name.endswith(_TEMP_SUFFIX) else None
        if m is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_SECONDS
            dead = m.group(2) == host and not _alive(int(m.group(1)))
            if old or dead:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


#: longest file name most file systems allow, in bytes
NAME_MAX = 255


def fit_name(stem: str, suffix: str, limit: int = NAME_MAX) -> str:
    """``stem + suffix``, the stem shortened (by whole characters) so that the name fits in
    ``limit`` bytes as the file system stores it."""
    name = stem + suffix
    while len(os.fsencode(name)) > limit and stem:
        stem = stem[:-1]
        name = stem + suffix
    return name


@contextlib.contextmanager
def atomic_path(
    target: str | Path, before_replace: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``.

    On any exception the temporary file is removed and ``target`` is left as it was. The
    temporary file is created with the permissions the umask gives (as the final file will
    have them), and stale temporary files of earlier runs in the folder are removed first.
    ``before_replace`` is called with the temporary path once it is written, just before it
    replaces ``target`` (:meth:`Outputs.atomic` keeps the earlier file there); if it raises,
    ``target`` is left as it was."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep(target.parent)
    stem = target.name[:40].encode("utf-8", "surrogateescape")[:40].decode("utf-8", "ignore")
    tmp = target.parent / (f".{stem}.{os.getpid()}.{_host()}.{secrets.token_hex(4)}{_TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    try:
        yield tmp
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# ---------------------------------------------------------------------------------------------
# the archive: the earlier version of every file an output replaces

#: the folder, beside an output, that keeps the earlier versions of the files pegxl replaced.
#: Its name starts with "_", which the dataset readers (pyarrow, Spark, Hive) skip, and a
#: folder of returns never reads it as one (:func:`pegxl.returns.batch.expand_paths`)
ARCHIVE = "_archivio"


@dataclass(frozen=True)
class Kept:
    """An output that replaced an earlier file, and where that earlier file is kept."""

    path: Path
    archive: Path

    def finding(self) -> Finding:
        """What the command says about it (``FILE-025``, information)."""
        return make(
            Code.OUTPUT_ARCHIVED,
            file=display_name(self.path),
            raw=display_name(self.path.name),
            expected=display_name(self.archive),
        )


def _digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in pieces."""
    d = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            d.update(block)
    return d.hexdigest()


def archive_name(path: Path, modified: float, digest: str) -> str:
    """The archive's name for the file ``path`` last written at ``modified`` (a timestamp,
    shown in local time) whose bytes have SHA-256 ``digest``:
    ``riepilogo_2025-07-08_101500_3fa2c1d9.xlsx``. The same file always gets the same name, two
    files with other bytes never do."""
    stamp = datetime.fromtimestamp(modified).strftime("%Y-%m-%d_%H%M%S")
    return fit_name(path.stem, f"_{stamp}_{digest[:8]}{path.suffix}")


def keep_earlier(
    target: str | Path, new: str | Path, folder: str | Path | None = None
) -> Path | None:
    """Keep the file at ``target``, which ``new`` is about to replace, in the archive
    ``folder`` (default: :data:`ARCHIVE` beside ``target``) under :func:`archive_name`; return
    where, or ``None`` when nothing needed keeping: no regular file at ``target``, or ``new``
    holding the same bytes, or the same bytes already kept under that name.

    Never writes over anything: the earlier file is hard-linked into the archive (no copy, its
    date kept), or copied under a temporary name where the disk has no hard links; a name
    taken by other bytes gets ``_2``, ``_3``… Raises :class:`OSError` when the file cannot be
    kept (the caller then does not replace it)."""
    target, new = Path(target), Path(new)
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not _stat.S_ISREG(st.st_mode):
        return None
    digest = _digest(target)
    if os.path.getsize(new) == st.st_size and _digest(new) == digest:
        return None  # the same bytes again: nothing is lost by replacing them
    archive = Path(folder) if folder is not None else target.parent / ARCHIVE
    archive.mkdir(parents=True, exist_ok=True)
    name = archive_name(target, st.st_mtime, digest)
    for n in range(1, 10_000):
        candidate = archive / (
            name if n == 1 else fit_name(Path(name).stem, f"_{n}{target.suffix}")
        )
        if os.path.lexists(candidate):
            if os.path.isfile(candidate) and _digest(candidate) == digest:
                return None  # kept already (by an earlier run that then failed to replace it)
            continue
        if _link_or_copy(target, candidate):
            return candidate
    raise FileExistsError(errno.EEXIST, "no free name in the archive", str(archive))


def _link_or_copy(src: Path, dst: Path) -> bool:
    """Put ``src`` at ``dst`` without writing over anything there: a hard link, else a copy
    made under a temporary name and moved in place. False when ``dst`` appeared meanwhile."""
    try:
        os.link(src, dst)
        return True
    except FileExistsError:
        return False
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
    import shutil

    with atomic_path(dst, lambda _: _refuse_existing(dst)) as tmp:
        shutil.copy2(src, tmp)
    return True


def _refuse_existing(path: Path) -> None:
    """Raise when ``path`` exists (the last check before a copy is moved in place)."""
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "exists", str(path))


#: XlsxWriter's options for everything pegxl writes: text is written as text, never turned into
#: a formula, a link or a number, whatever a user typed
SAFE_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(path: str | Path, protection: Sequence[tuple[str, str]] = ()) -> Any:
    """An XlsxWriter workbook at ``path`` (a temporary path of :func:`atomic_path`) with
    :data:`SAFE_WORKBOOK_OPTIONS`: the one way pegxl starts a workbook.

    ``protection``: the attributes of a ``<workbookProtection>`` element (the structure lock),
    which XlsxWriter has no API for: written by a subclass where the schema wants it, before
    ``<bookViews>``. The caller checks it is there (another XlsxWriter may not call the hook)
    and otherwise adds it by rewriting the file."""
    import xlsxwriter

    if not protection:
        return xlsxwriter.Workbook(str(path), dict(SAFE_WORKBOOK_OPTIONS))
    attributes = list(protection)

    class _Protected(xlsxwriter.Workbook):  # type: ignore[misc]
        """A workbook that writes its structure lock where the schema wants it."""

        def _write_book_views(self) -> None:
            self._xml_empty_tag("workbookProtection", attributes)
            super()._write_book_views()

    return _Protected(str(path), dict(SAFE_WORKBOOK_OPTIONS))


def close_workbook(wb: Any) -> None:
    """Close (write) an XlsxWriter workbook; when the system refuses the file (a full disk, a
    size limit) the :class:`OSError` itself is raised, not XlsxWriter's wrapper, so the caller
    says why in words."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        wb.close()
    except FileCreateError as e:
        cause = e.args[0] if e.args else None
        if isinstance(cause, OSError):
            raise cause from None
        raise


def write_text_atomic(target: str | Path, text: str, outputs: Outputs | None = None) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically (through ``outputs``, which keeps the
    file it replaces, when given)."""
    with outputs.atomic(target) if outputs is not None else atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# the seal: which files are pegxl's own, untouched output

_SEAL = re.compile(rb"pegxl ([a-z]+) ([0-9a-f]{64})")


def _entries_digest(z: zipfile.ZipFile) -> str:
    d = hashlib.sha256()
    for info in sorted(z.infolist(), key=lambda i: i.filename):
        d.update(f"{info.filename}\0{info.CRC}\0{info.file_size}\n".encode())
    return d.hexdigest()


def seal_zip(path: str | Path, kind: OutputKind) -> None:
    """Mark a workbook pegxl has just written as its own output of ``kind``: the zip archive
    comment holds the kind and a digest of every entry's name, CRC and size. Only the central
    directory is rewritten; no entry is recompressed."""
    with zipfile.ZipFile(path, "a") as z:
        z.comment = f"pegxl {kind.value} {_entries_digest(z)}".encode("ascii")


_TEXT_SEAL = re.compile(r"<!-- pegxl ([a-z]+) ([0-9a-f]{64}) -->\n?\Z")


def seal_text(text: str, kind: OutputKind) -> str:
    """``text`` (an HTML page) with a last comment line that marks it as pegxl's output of
    ``kind``: the digest of everything before it."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{text}<!-- pegxl {kind.value} {digest} -->\n"


def owned_kind(path: str | Path) -> OutputKind | None:
    """The kind of pegxl output ``path`` is, if pegxl wrote it and nothing changed it since;
    ``None`` for any other file (or one that cannot be read)."""
    try:
        with open_input(path) as fh:  # a pipe at the name: not ours, never waited on
            head = fh.read(4)
            if head == b"PK\x03\x04":
                fh.seek(0)
                with zipfile.ZipFile(fh) as z:
                    m = _SEAL.fullmatch(z.comment)
                    if m and m.group(2).decode() == _entries_digest(z):
                        return _kind(m.group(1).decode())
                return None
            if head == b"PAR1":
                return _parquet_kind(path)
            if head == b"%PDF":
                fh.seek(0)
                return _pdf_kind(fh.read(256 * 1024 * 1024))
            fh.seek(0)
            data = fh.read(64 * 1024 * 1024)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _TEXT_SEAL.search(text)
    if found is None:
        return None
    body = text[: found.start()]
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != found.group(2):
        return None
    return _kind(found.group(1))


#: the seal of a PDF: the first half of the trailer's /ID (the PDF/A rules allow no byte after
#: %%EOF, so nothing can be appended): ``pegxl-<kind>-`` and the SHA-256 of the file's bytes
#: with those 64 digits written as zeros
_PDF_SEAL = re.compile(rb"/ID \[\(pegxl-([a-z]+)-([0-9a-f]{64})\)")
_ZEROS = b"0" * 64


def pdf_identifier(kind: OutputKind) -> bytes:
    """The placeholder of the seal a PDF is written with (:func:`seal_pdf` fills it in)."""
    return f"pegxl-{kind.value}-".encode("ascii") + _ZEROS


def seal_pdf(data: bytes, kind: OutputKind) -> bytes:
    """A PDF written with :func:`pdf_identifier` as its /ID, sealed as pegxl's output of
    ``kind``: the placeholder replaced by the digest of the bytes (the same length, so no
    offset of the file moves)."""
    marker = pdf_identifier(kind)
    at = data.rfind(marker)
    if at < 0:
        raise ValueError("the PDF was not written with pegxl's identifier")
    digest = hashlib.sha256(data).hexdigest().encode("ascii")
    start = at + len(marker) - 64
    return data[:start] + digest + data[start + 64 :]


def _pdf_kind(data: bytes) -> OutputKind | None:
    """The kind of a PDF pegxl sealed (:func:`seal_pdf`) and nothing changed since."""
    seals = list(_PDF_SEAL.finditer(data, max(0, len(data) - 64 * 1024)))
    found = seals[-1] if seals else None  # the last trailer
    # an incremental update after pegxl's (another /ID after it) is not pegxl's
    if found is None or data.rfind(b"/ID [", found.end()) >= 0:
        return None
    start, end = found.span(2)
    if hashlib.sha256(data[:start] + _ZEROS + data[end:]).hexdigest().encode() != found.group(2):
        return None
    return _kind(found.group(1).decode())


def _kind(name: str) -> OutputKind | None:
    try:
        return OutputKind(name)
    except ValueError:
        return None


#: the key of a Parquet file's metadata that holds pegxl's seal
PARQUET_SEAL_KEY = "pegxl_seal"


def _parquet_data_end(size: int, tail: bytes) -> int | None:
    """Where a Parquet file's footer starts (its data ends), from its last 8 bytes."""
    if len(tail) != 8 or tail[4:] != b"PAR1":
        return None
    end = size - 8 - int.from_bytes(tail[:4], "little")
    return end if end >= 4 else None


def _parquet_digest(data: Iterable[bytes], meta: dict[bytes, bytes]) -> str:
    """The digest of a Parquet file's data (in blocks) and of its metadata but the seal."""
    d = hashlib.sha256(b"pegxl parquet 1\n")
    for block in data:
        d.update(block)
    for key in sorted(meta):
        if key != PARQUET_SEAL_KEY.encode():
            d.update(b"\0" + key + b"\0" + meta[key])
    return d.hexdigest()


def parquet_seal(data: bytes, meta: dict[bytes, bytes]) -> str | None:
    """The seal of a Parquet file's bytes ``data`` with its key-value metadata ``meta``: a
    digest of every byte before the footer (every value of every column) and of each metadata
    entry (the schema, pegxl's keys) but the seal itself; ``None`` if ``data`` has no footer."""
    end = _parquet_data_end(len(data), data[-8:])
    return None if end is None else _parquet_digest([data[:end]], meta)


def _parquet_kind(path: str | Path) -> OutputKind | None:
    """The kind of a Parquet file pegxl wrote and nothing changed since: its metadata names
    the kind and holds the seal of its bytes (:func:`parquet_seal`). Needs pyarrow."""
    try:
        import pyarrow.parquet as pq  # optional: only where Parquet output is used
    except ImportError:
        return None
    try:
        meta = pq.read_metadata(path).metadata or {}
        seal = meta.get(PARQUET_SEAL_KEY.encode(), b"").decode("ascii")
        if not re.fullmatch(r"[0-9a-f]{64}", seal):
            return None
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(0, size - 8))
            end = _parquet_data_end(size, fh.read(8))
            if end is None:
                return None
            fh.seek(0)

            def blocks(left: int = end) -> Iterator[bytes]:
                while left > 0:
                    block = fh.read(min(left, 1 << 20))
                    if not block:
                        raise EOFError
                    left -= len(block)
                    yield block

            if _parquet_digest(blocks(), meta) != seal:
                return None
    except Exception:  # a damaged or foreign file is simply not ours
        return None
    return _kind(meta.get(b"pegxl_kind", b"").decode("ascii", "replace"))


# ---------------------------------------------------------------------------------------------
# which outputs a run may write


class Reason(StrEnum):
    """Why an output may not be written under a name."""

    INPUT = "input"
    TWICE = "twice"
    FOREIGN = "foreign"
    FOLDER = "folder"
    NOT_FOLDER = "not_folder"
    SUFFIX = "suffix"


#: the suffix of the outputs whose name the user chooses and that are workbooks: no workbook
#: bytes under an ``.ods`` or ``.csv`` name
_SUFFIX_OF = {OutputKind.PLAN: ".xlsx", OutputKind.MASTER: ".xlsx", OutputKind.PDF: ".pdf"}


@dataclass(frozen=True)
class Refusal:
    """An output name that may not be used, and why; ``other`` is the output of this run that
    already has the name (:attr:`Reason.TWICE`)."""

    path: Path
    kind: OutputKind
    reason: Reason
    other: Path | None = None
    suffix: str = ""

    def detail(self) -> T:
        """Why, in both languages, as a message parameter."""
        kind = tr(f"output.kind.{self.kind.value}")
        if self.reason is Reason.TWICE:
            other = display_name(self.other.name) if self.other else ""
            return tr("output.twice", other=other)
        if self.reason is Reason.SUFFIX:
            return tr("output.suffix", kind=kind, suffix=self.suffix)
        if self.reason is Reason.FOREIGN:
            return tr("output.foreign", kind=kind)
        return tr(f"output.{self.reason.value}")

    def finding(self) -> Finding:
        """The refusal as a finding (``FILE-016``)."""
        return make(
            Code.OUTPUT_REFUSED,
            file=display_name(self.path),
            raw=display_name(self.path),
            detail=self.detail(),
        )


class OutputRefused(Exception):
    """Outputs that this command may not write (see :class:`Refusal`); nothing was written."""

    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__("; ".join(f"{r.path}: {r.detail().en}" for r in refusals))
        self.refusals = list(refusals)

    def findings(self) -> list[Finding]:
        """One ``FILE-016`` finding per refused output."""
        return [r.finding() for r in self.refusals]


def _name_key(path: Path) -> str:
    """What makes two paths one file on a case-insensitive, normalising disk."""
    absolute = os.path.normcase(os.path.abspath(path))
    return unicodedata.normalize("NFC", absolute).casefold()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


class Outputs:
    """The outputs of one command: checks each name against the rules of this module before
    anything is written.

    ``inputs`` are every file the command reads (the plan, the export, each return); ``force``
    allows replacing an existing file that is not pegxl's own output, never an input and never
    another output of the same command. Written through :meth:`atomic`, an output keeps the
    file it replaces in the archive (``archive=False``: not), and :attr:`kept` lists them."""

    def __init__(
        self, inputs: Iterable[str | Path] = (), force: bool = False, archive: bool = True
    ) -> None:
        self.force = force
        self.archive = archive
        self.input_keys: set[str] = set()
        self.input_ids: set[tuple[int, int]] = set()
        for p in inputs:
            self.add_input(Path(p))
        self.claimed: dict[str, Path] = {}
        #: the files this command's outputs replaced, each kept in the archive
        self.kept: list[Kept] = []

    @contextlib.contextmanager
    def atomic(self, target: str | Path, archive: str | Path | None = None) -> Iterator[Path]:
        """:func:`atomic_path` for an output of this command: just before the new file
        replaces ``target``, the file there is kept in the archive (``archive``: its folder,
        default :data:`ARCHIVE` beside ``target``) and listed in :attr:`kept`. If the file
        cannot be kept, ``target`` is not replaced (:class:`OSError`)."""
        target = Path(target)
        made: list[Path] = []

        def keep(tmp: Path) -> None:
            if self.archive:
                where = keep_earlier(target, tmp, archive)
                if where is not None:
                    made.append(where)

        try:
            with atomic_path(target, keep) as tmp:
                yield tmp
        except BaseException:
            for where in made:  # not replaced after all: the target still holds those bytes
                with contextlib.suppress(OSError):
                    os.unlink(where)
            raise
        self.kept.extend(Kept(target, where) for where in made)

    def kept_findings(self) -> list[Finding]:
        """One ``FILE-025`` per file kept in the archive."""
        return [k.finding() for k in self.kept]

    def add_input(self, path: Path) -> None:
        """One more file the command reads."""
        self.input_keys.add(_name_key(path))
        ident = _identity(path)
        if ident is not None:
            self.input_ids.add(ident)

    def refusal(self, target: str | Path, kind: OutputKind) -> Refusal | None:
        """Why ``target`` may not be written as ``kind`` (``None``: it may)."""
        target = Path(target)
        suffix = _SUFFIX_OF.get(kind)
        if suffix is not None and target.suffix.lower() != suffix:
            return Refusal(target, kind, Reason.SUFFIX, suffix=suffix)
        key = _name_key(target)
        ident = _identity(target)
        if key in self.input_keys or (ident is not None and ident in self.input_ids):
            return Refusal(target, kind, Reason.INPUT)
        if key in self.claimed:
            return Refusal(target, kind, Reason.TWICE, self.claimed[key])
        if os.path.isdir(target):
            return Refusal(target, kind, Reason.FOLDER)
        if os.path.lexists(target) and not self.force and owned_kind(target) is not kind:
            return Refusal(target, kind, Reason.FOREIGN)
        return None

    def claim(self, target: str | Path, kind: OutputKind) -> Path:
        """Reserve ``target`` for this command; raise :class:`OutputRefused` if it may not be
        written."""
        refusal = self.refusal(target, kind)
        if refusal is not None:
            raise OutputRefused([refusal])
        target = Path(target)
        self.claimed[_name_key(target)] = target
        return target

    def claim_free(self, target: str | Path, kind: OutputKind) -> tuple[Path, Refusal | None]:
        """Reserve ``target``, or the first free name ``<stem>_2<suffix>``, ``_3``… beside it;
        returns the name reserved and, if it is not ``target``, why ``target`` was not."""
        target = Path(target)
        first = self.refusal(target, kind)
        if first is None:
            return self.claim(target, kind), None
        for n in range(2, 10_000):
            name = fit_name(target.stem, f"_{n}{target.suffix}")
            candidate = target.with_name(name)
            if self.refusal(candidate, kind) is None:
                return self.claim(candidate, kind), first
        raise OutputRefused([first])

    def claim_all(self, targets: Sequence[tuple[Path, OutputKind]]) -> None:
        """Reserve every target, or none: :class:`OutputRefused` lists each one refused."""
        refusals = []
        for target, kind in targets:
            refusal = self.refusal(target, kind)
            if refusal is None:
                self.claimed[_name_key(target)] = target
            else:
                refusals.append(refusal)
        if refusals:
            for target, _ in targets:
                self.claimed.pop(_name_key(target), None)
            raise OutputRefused(refusals)

    def folder(self, path: str | Path, kind: OutputKind) -> Path:
        """``path`` as the folder outputs of ``kind`` go into: refused when a file has its
        name."""
        path = Path(path)
        if os.path.lexists(path) and not os.path.isdir(path):
            raise OutputRefused([Refusal(path, kind, Reason.NOT_FOLDER)])
        return path


def write_error(path: str | Path, error: OSError) -> Finding:
    """An output that could not be written (``FILE-018``): why, in words a user acts on."""
    return make(
        Code.OUTPUT_FAILED,
        file=display_name(path),
        raw=display_name(path),
        detail=os_write_error(error),
    )


#: the system's reasons for refusing a write that a user can act on
_WRITE_ERRORS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "quota",
    errno.EFBIG: "too_big",
    errno.EROFS: "read_only",
    errno.EACCES: "denied",
    errno.EPERM: "not_permitted",
    errno.ENAMETOOLONG: "too_long",
    errno.ENOENT: "no_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.EISDIR: "is_folder",
    errno.EILSEQ: "bad_name",
}


def os_write_error(e: OSError) -> T:
    """Why a file could not be written, in both languages."""
    reason = _WRITE_ERRORS.get(e.errno or 0)
    if reason is not None:
        return tr(f"write.{reason}")
    message = e.strerror or type(e).__name__
    return T(message, message)

"""Pre-parse safety checks on every incoming file, before any parser touches it.

The guard sniffs the file type from its bytes (legacy .xls, password-encrypted OOXML, CSV or HTML
renamed to .xlsx, truncated or corrupt zips are refused with a message that says what to do),
checks the zip container (entry count, names, compression methods, encryption flags) and then
inflates every XML part under limits — per part, in total and as a compression ratio — so a zip
bomb is stopped after a bounded amount of work whatever its headers claim: a typical return (up
to 16 MB) is read once and each part inflated from memory in one call whose output is capped by
those limits, its local header and CRC checked; a larger part is *streamed* chunk by chunk with
running limits. Every part is refused if it holds a DOCTYPE or ENTITY declaration (billion
laughs, XXE), and the real extent of every worksheet is computed from its cell references
(``<dimension>`` is never trusted). Macros, external links and embedded objects are reported.
All limits are in :class:`Limits`; only a regular file is opened (:mod:`pegxl.reading`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pegxl.findings import Code, Collector, Finding, make, os_error
from pegxl.i18n import T, tr
from pegxl.reading import file_size, open_input
from pegxl.sheets.book import MAX_CELLS, col_letter, col_number

if TYPE_CHECKING:
    from pegxl.model import Plan

__all__ = ["GuardResult", "Limits", "check_file"]


@dataclass(frozen=True)
class Limits:
    """Safety limits; the defaults are generous for a sector return (a few hundred rows)."""

    max_file_bytes: int = 25 * 1024 * 1024
    max_entries: int = 1000
    max_part_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: float = 150.0  # uncompressed / compressed, for parts larger than ratio_floor
    ratio_floor: int = 1024 * 1024
    max_cells: int = MAX_CELLS
    max_row: int = 100_000
    max_col: int = 1_000
    max_shared_strings: int = 500_000

    @classmethod
    def for_plan(cls, plan: Plan) -> Limits:
        """The limits for the returns of ``plan``: the defaults, raised only as far as the
        plan's largest sector needs (a region's sector of 100,000 indicators has a workbook
        of that many rows); never below the defaults."""
        rows = plan.largest_sector_rows()
        base = cls()
        needed = rows * 2 + 1_000  # its rows, with room for the rows a sector adds
        if needed <= base.max_row:
            return base
        scale = needed / base.max_row
        return cls(
            max_file_bytes=int(base.max_file_bytes * scale),
            max_part_bytes=int(base.max_part_bytes * scale),
            max_total_bytes=int(base.max_total_bytes * scale),
            max_cells=max(int(base.max_cells * scale), needed * 10),  # ten cells a row
            max_row=needed,
            max_shared_strings=int(base.max_shared_strings * scale),
        )

    @classmethod
    def for_master(cls, plan: Plan) -> Limits:
        """The limits for a master workbook of ``plan`` read again (``generate --prefill``):
        a master holds every objective, phase and indicator of the plan, each on a row of some
        thirty columns, with the findings and deliveries besides; so the budget grows with the
        plan, never below a plan workbook's."""
        items = len(plan.objectives) + sum(
            len(o.phases) + len(o.indicators) for o in plan.objectives
        )
        base = PLAN_LIMITS
        rows = items + 50_000  # every item's row, and room for findings and deliveries
        cells = items * 40 * 2 + 1_000_000
        if rows <= base.max_row and cells <= base.max_cells:
            return base
        scale = max(rows / base.max_row, cells / base.max_cells)
        return cls(
            max_file_bytes=int(base.max_file_bytes * scale),
            max_part_bytes=int(base.max_part_bytes * scale),
            max_total_bytes=int(base.max_total_bytes * scale),
            max_cells=max(cells, base.max_cells),
            max_row=max(rows, base.max_row),
            max_col=base.max_col,
            max_shared_strings=int(base.max_shared_strings * scale),
        )


@dataclass
class GuardResult:
    """``format`` is ``xlsx`` or ``ods`` when the file may be read, else ``None``."""

    format: str | None
    findings: list[Finding] = field(default_factory=list)
    #: bytes decompressed while checking: bounded by the limits whatever the file claims
    inflated: int = 0
    #: the XML parts as inflated while checking, kept for the reader when they are small
    parts: dict[str, bytes] | None = None
    #: the SHA-256 of the file's bytes as read (``None`` when it could not be read or is larger
    #: than the limit), so that a report can say exactly which file it counted
    sha256: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file may be passed to a reader."""
        return self.format is not None


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
#: a cell reference attribute (r="XFD1048576", also x:r="…"); row tags carry digits only and never
#: match. Any attribute ending in "r" with such a value would count too: the extent can only be
#: overestimated, never missed. The pattern starts with a literal, so the regex engine jumps
#: between candidates (one that starts with a character class or a lookbehind is 3 to 8 times
#: slower).
_CELL_REF = re.compile(rb'r="([A-Z]{1,4})([0-9]{1,9})"')
#: the longest cell reference (``r="XFDA123456789"``) or .ods cell opening, in bytes
_REF_BYTES = 20
_SST_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^<>]*?\buniqueCount=\"(-?[0-9]+)\"")
_SI = re.compile(rb"<(?:\w+:)?si[\s>]")
_ODS_CELL = re.compile(rb"<table:table-cell\b")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 64 * 1024
_WHOLE_BYTES = 8 * 1024 * 1024  # a part up to this size is kept whole and measured in one pass
_KEEP_BYTES = 32 * 1024 * 1024  # parts kept in memory for the reader, at most
#: a file up to this size is read once and its parts inflated from memory in one call each
_BLOB_BYTES = 16 * 1024 * 1024
#: a zip local file header: signature, versions, flags, method, time, date, CRC, sizes,
#: name length, extra length
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_XML_SUFFIXES = (".xml", ".rels", ".vml")


class _Extent:
    """What a part really holds: cells and the farthest cell reference, shared strings."""

    def __init__(self) -> None:
        self.cells = self.max_row = self.max_col = self.sis = 0
        self.unique: int | None = None

    def whole(self, data: bytes, is_sheet: bool, is_sst: bool, is_ods: bool) -> None:
        """Measure a whole part in one pass; Python looks only at distinct values."""
        if is_sheet:
            self.refs(_CELL_REF.findall(data))
        elif is_ods:
            self.cells += len(_ODS_CELL.findall(data))
        elif is_sst:
            found = _SST_COUNT.search(data) if self.unique is None else None
            if found:
                self.unique = int(found.group(1))
            self.sis += len(_SI.findall(data))

    def refs(self, refs: list[tuple[bytes, bytes]]) -> None:
        """Count cell references (column letters, row digits) and the farthest of them, Python
        looking only at distinct values."""
        self.cells += len(refs)
        if refs:
            letters, rows = (set(x) for x in zip(*refs, strict=True))
            longest = max(map(len, letters))
            self.max_col = max(
                self.max_col, col_number(max(x for x in letters if len(x) == longest))
            )
            self.max_row = max(self.max_row, max(map(int, rows)))

    def chunk(self, buf: bytes, new: int, is_sheet: bool, is_sst: bool, is_ods: bool) -> None:
        """Measure a chunk (``buf`` = tail of the previous one + this one, which starts at
        ``new``); a match ending in the old tail was counted with the previous chunk. A cell
        reference or an .ods cell is a fixed literal and at most :data:`_REF_BYTES` long, so
        those starting in the new bytes are found at once and only the window around ``new``
        is searched for one that straddles it."""
        if is_sheet or is_ods:
            pattern = _CELL_REF if is_sheet else _ODS_CELL
            hits: list[Any] = pattern.findall(buf, new)
            window = pattern.finditer(buf, max(0, new - _REF_BYTES), new + _REF_BYTES)
            hits += [m.groups() for m in window if m.start() < new < m.end()]
            if is_sheet:
                self.refs(hits)
            else:
                self.cells += len(hits)
        elif is_sst:
            found = _SST_COUNT.search(buf) if self.unique is None else None
            if found:
                self.unique = int(found.group(1))
            self.sis += sum(1 for m in _SI.finditer(buf) if m.end() > new)


#: the fewest bytes a counted reference takes (``r="A1"``): a part of n bytes holds at most n // 6
_MIN_REF_BYTES = 6


@functools.lru_cache(maxsize=8)
def _far_ref(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """A reference that could lie beyond the limits: a column of as many letters as the last
    allowed one, or a row of as many digits as the last allowed one (leading zeros included)."""
    letters = min(max(len(col_letter(max_col)), 1), 4)
    digits = len(str(max(max_row, 0)))
    return re.compile(rb'r="(?:[A-Z]{%d,4}[0-9]|[A-Z]{1,4}[0-9]{%d})' % (letters, digits))


def _surely_within(data: bytes, limits: Limits) -> bool:
    """True when a whole worksheet part is proved within the limits without measuring it: too
    few bytes to hold more cells than allowed, and no reference long enough to be beyond the
    last row or column (one literal-first search, a quarter of the cost of measuring; a part
    that fails the proof is measured exactly, and only an exact measure rejects)."""
    return len(data) // _MIN_REF_BYTES <= limits.max_cells and not _far_ref(
        limits.max_row, limits.max_col
    ).search(data)


def _kinds(name: str, fmt: str) -> tuple[bool, bool, bool]:
    """Whether a part is a worksheet, the shared strings (xlsx) or the content of an .ods."""
    return (
        fmt == "xlsx" and name.startswith("xl/worksheets/") and name.endswith(".xml"),
        fmt == "xlsx" and name.endswith("sharedStrings.xml"),
        fmt == "ods" and name == "content.xml",
    )


def _n(n: int) -> T:
    """A count as each language writes it: 1.000.000, 1,000,000."""
    return T(f"{n:,}".replace(",", "."), f"{n:,}")


class _Reject(Exception):
    """The finding that refuses a file, raised to stop the checks at once."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message_en)
        self.finding = finding


#: what the guard refuses a plan for is worded as a plan's limits, not a return's
_PLAN_WORDING = {Code.FILE_TOO_LARGE: Code.PLAN_TOO_LARGE, Code.FILE_EXTENT: Code.PLAN_TOO_LARGE}


class _Checker:
    """The checks of one file, in order: its bytes, its zip container, each XML part inflated
    under the limits."""

    def __init__(self, path: Path, limits: Limits, plan: bool = False) -> None:
        self.path = path
        self.limits = limits
        self.plan = plan
        self.found = Collector(str(path))
        self.total = 0
        self.kept: dict[str, bytes] | None = {}
        #: the whole file, when it is small enough to be read at once
        self.blob: bytes | None = None
        self.sha256: str | None = None

    def reject(self, code: Code, **kw: object) -> _Reject:
        """The finding that refuses the file (worded for a plan when it is one)."""
        if self.plan:
            code = _PLAN_WORDING.get(code, code)
        return _Reject(make(code, file=str(self.path), **kw))  # type: ignore[arg-type]

    def warn(self, code: Code, **kw: object) -> None:
        """A finding that does not refuse the file (macros, external links)."""
        self.found.add(code, **kw)

    # -- the file as bytes -------------------------------------------------------------------
    def sniff(self) -> None:
        """The file's type from its first bytes: a zip goes on; legacy .xls, encrypted, HTML,
        text and unknown files are refused. A file small enough is read whole."""
        try:
            size = file_size(self.path)
            with open_input(self.path) as fh:  # a pipe or a device: refused, never waited on
                if size <= _BLOB_BYTES:  # a typical return: read once, inflate from memory
                    self.blob = fh.read(_BLOB_BYTES + 1)
                    head = self.blob[:4096]
                    self.sha256 = hashlib.sha256(self.blob).hexdigest()
                else:
                    head = fh.read(4096)
                    if size <= self.limits.max_file_bytes:
                        fh.seek(0)
                        self.sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as e:
            raise self.reject(Code.FILE_UNREADABLE, detail=os_error(e)) from None
        if size == 0:
            raise self.reject(
                Code.FILE_NOT_WORKBOOK,
                detail=tr("detail.file_empty"),
            )
        if size > self.limits.max_file_bytes:
            raise self.reject(
                Code.FILE_TOO_LARGE,
                detail=tr("guard.too_large", size=_n(size), most=_n(self.limits.max_file_bytes)),
            )
        if head.startswith(_OLE):
            data = self.path.read_bytes()[: 1024 * 1024]
            if _ENCRYPTED in data:
                raise self.reject(Code.FILE_ENCRYPTED)
            raise self.reject(Code.FILE_LEGACY_XLS)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return
        if head.startswith(b"%PDF-"):
            raise self.reject(Code.FILE_RENAMED, detail=tr("guard.pdf"))
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml", b"<")):
            raise self.reject(
                Code.FILE_RENAMED,
                detail=tr("guard.html"),
            )
        if (
            head
            and sum(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in head) / len(head) > 0.95
        ):
            raise self.reject(
                Code.FILE_RENAMED,
                detail=tr("guard.text"),
            )
        raise self.reject(Code.FILE_NOT_WORKBOOK, detail=tr("guard.unknown_format"))

    # -- the zip container -------------------------------------------------------------------
    def container(self, z: zipfile.ZipFile) -> str:
        """The zip container: entry count, names, encryption, compression methods and declared
        sizes; whether it is an .xlsx or an .ods; macros, external links and embedded objects
        reported."""
        infos = z.infolist()
        if len(infos) > self.limits.max_entries:
            raise self.reject(
                Code.FILE_ZIP_UNSAFE,
                detail=tr("guard.entries", n=_n(len(infos)), most=_n(self.limits.max_entries)),
            )
        seen: set[str] = set()
        declared = 0
        for info in infos:
            name = info.filename
            if name.casefold() in seen:
                raise self.reject(
                    Code.FILE_ZIP_UNSAFE,
                    detail=tr("guard.duplicate_name", name=name),
                )
            seen.add(name.casefold())
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or ".." in name.split("/")
                or ":" in name
            ):
                raise self.reject(
                    Code.FILE_ZIP_UNSAFE,
                    detail=tr("guard.forbidden_name", name=name),
                )
            if info.flag_bits & 0x1:
                raise self.reject(Code.FILE_ENCRYPTED)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.reject(
                    Code.FILE_ZIP_UNSAFE,
                    detail=tr("guard.method", method=info.compress_type, name=name),
                )
            declared += info.file_size
            if (
                info.file_size > self.limits.max_part_bytes
                or declared > self.limits.max_total_bytes
            ):
                raise self.reject(
                    Code.FILE_ZIP_BOMB,
                    detail=tr("guard.declares", name=name, size=_n(info.file_size)),
                )
        names = {i.filename for i in infos}
        if "mimetype" in names:
            if z.read("mimetype").strip() != _ODS_MIME:
                raise self.reject(
                    Code.FILE_NOT_WORKBOOK,
                    detail=tr("guard.odf_not_spreadsheet"),
                )
            if "content.xml" not in names:
                raise self.reject(Code.FILE_NOT_WORKBOOK, detail=tr("guard.no_content"))
            fmt = "ods"
        elif "[Content_Types].xml" in names and any(n.endswith("workbook.xml") for n in names):
            fmt = "xlsx"
        elif "[Content_Types].xml" in names:
            raise self.reject(
                Code.FILE_NOT_WORKBOOK,
                detail=tr("guard.office_not_workbook"),
            )
        else:
            raise self.reject(
                Code.FILE_NOT_WORKBOOK,
                detail=tr("guard.zip_not_workbook"),
            )
        lower = [n.lower() for n in names]
        if any(n.endswith("vbaproject.bin") for n in lower) or any(
            n.startswith(("basic/", "scripts/")) for n in lower
        ):
            self.warn(Code.FILE_MACROS)
        if any(n.startswith("xl/externallinks/") for n in lower):
            self.warn(Code.FILE_EXTERNAL_LINKS)
        if any(
            n.startswith(("xl/embeddings/", "objectreplacements/")) or n.startswith("object ")
            for n in lower
        ):
            self.warn(Code.FILE_EMBEDDED)
        return fmt

    # -- streaming every XML part ------------------------------------------------------------
    def stream(self, z: zipfile.ZipFile, info: zipfile.ZipInfo, fmt: str) -> None:
        """Inflate one part under the limits, refuse DTDs, measure what it really holds.

        A part up to ``_WHOLE_BYTES`` is kept whole (for the reader, and to measure it in one
        pass); a larger one is measured chunk by chunk and not kept."""
        name = info.filename
        is_sheet, is_sst, is_ods = _kinds(name, fmt)
        size = 0
        tail = b""
        chunks: list[bytes] = []
        whole = self.kept is not None
        ext = _Extent()
        with z.open(info) as fh:
            while True:
                try:
                    chunk = fh.read(_CHUNK)
                except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                    raise self.reject(Code.FILE_CORRUPT, detail=f"«{name}»: {e}") from None
                if not chunk:
                    break
                size += len(chunk)
                self.total += len(chunk)
                if size > self.limits.max_part_bytes or self.total > self.limits.max_total_bytes:
                    raise self.bomb(name, ratio=False)
                if (
                    size > self.limits.ratio_floor
                    and size / max(info.compress_size, 1) > self.limits.max_ratio
                ):
                    raise self.bomb(name, ratio=True)
                buf = tail + chunk
                if _DECL.search(buf):
                    raise self.reject(Code.FILE_XML_UNSAFE, detail=f"«{name}»")
                if whole:
                    chunks.append(chunk)
                    if size > _WHOLE_BYTES:  # too big to keep: measure what we have, go on
                        ext.whole(b"".join(chunks), is_sheet, is_sst, is_ods)
                        chunks, whole, self.kept = [], False, None
                else:
                    ext.chunk(buf, len(tail), is_sheet, is_sst, is_ods)
                tail = buf[-120:]
        if whole:
            data = b"".join(chunks)
            ext.whole(data, is_sheet, is_sst, is_ods)
            self.keep(name, data)
        self.measured(name, ext, is_sheet, is_sst, is_ods)

    def inflate(self, blob: bytes, info: zipfile.ZipInfo, fmt: str) -> bool:
        """Inflate one part from the file in memory, in one bounded call: the output is capped
        at what the limits allow (per part, in total, by compression ratio), so a bomb stops
        there. Returns False for a part too large to keep whole: :meth:`stream` measures it."""
        name = info.filename
        limits = self.limits
        try:
            head = _LOCAL_HEADER.unpack_from(blob, info.header_offset)
        except struct.error:
            raise self.reject(Code.FILE_CORRUPT, detail=f"«{name}»") from None
        start = info.header_offset + _LOCAL_HEADER.size
        stored_name = blob[start : start + head[10]]
        if head[0] != b"PK\x03\x04" or stored_name not in (
            info.orig_filename.encode("utf-8"),
            info.orig_filename.encode("cp437", "replace"),
        ):
            raise self.reject(Code.FILE_CORRUPT, detail=f"«{name}»")
        start += head[10] + head[11]
        raw = blob[start : start + info.compress_size]
        if len(raw) != info.compress_size:
            raise self.reject(Code.FILE_CORRUPT, detail=tr("guard.truncated", name=name))
        by_ratio = max(limits.ratio_floor, int(limits.max_ratio * max(info.compress_size, 1)))
        allowed = min(limits.max_part_bytes, limits.max_total_bytes - self.total, by_ratio)
        if info.compress_type == zipfile.ZIP_STORED:
            data = raw
        else:
            inflater = zlib.decompressobj(-15)
            try:
                data = inflater.decompress(raw, max(min(allowed, _WHOLE_BYTES), 0) + 1)
            except zlib.error as e:
                raise self.reject(Code.FILE_CORRUPT, detail=f"«{name}»: {e}") from None
            if len(data) > min(allowed, _WHOLE_BYTES):
                if allowed > _WHOLE_BYTES:
                    return False  # large, but within the limits: measured by streaming
                raise self.bomb(name, ratio=allowed == by_ratio < limits.max_part_bytes)
            if not inflater.eof:
                raise self.reject(Code.FILE_CORRUPT, detail=tr("guard.truncated", name=name))
        if len(data) > allowed:
            raise self.bomb(name, ratio=False)
        if zlib.crc32(data) != info.CRC or len(data) != info.file_size:
            raise self.reject(
                Code.FILE_CORRUPT,
                detail=tr("guard.crc", name=name),
            )
        self.total += len(data)
        if _DECL.search(data):
            raise self.reject(Code.FILE_XML_UNSAFE, detail=f"«{name}»")
        is_sheet, is_sst, is_ods = _kinds(name, fmt)
        ext = _Extent()
        if not (is_sheet and _surely_within(data, limits)):
            ext.whole(data, is_sheet, is_sst, is_ods)
        self.keep(name, data)
        self.measured(name, ext, is_sheet, is_sst, is_ods)
        return True

    def keep(self, name: str, data: bytes) -> None:
        """Keep an inflated part for the reader, while the file's parts stay small in all."""
        if self.kept is not None and self.total <= _KEEP_BYTES:
            self.kept[name] = data
        else:
            self.kept = None  # a large file: the reader reads from the zip again

    def bomb(self, name: str, ratio: bool) -> _Reject:
        """A part that inflates beyond the limits: by compression ratio, or by size."""
        limit = self.limits.max_part_bytes
        return self.reject(
            Code.FILE_ZIP_BOMB,
            detail=tr("guard.ratio", name=name)
            if ratio
            else tr("guard.exceeds", name=name, size=_n(limit)),
        )

    def measured(self, name: str, ext: _Extent, is_sheet: bool, is_sst: bool, is_ods: bool) -> None:
        """Refuse a part whose real content is beyond the limits."""
        too_big = (
            ext.cells > self.limits.max_cells
            or ext.max_row > self.limits.max_row
            or ext.max_col > self.limits.max_col
        )
        if (is_sheet or is_ods) and too_big:
            where = tr(
                "guard.extent",
                name=name,
                cells=_n(ext.cells),
                row=_n(ext.max_row),
                col=_n(ext.max_col),
            )
            raise self.reject(Code.FILE_EXTENT, detail=where)
        unique = ext.unique
        bad_count = unique is not None and not 0 <= unique <= self.limits.max_shared_strings
        if is_sst and (bad_count or ext.sis > self.limits.max_shared_strings):
            raise self.reject(
                Code.FILE_CORRUPT,
                detail=tr("guard.string_count", name=name, n=unique),
            )

    def run(self) -> GuardResult:
        """Every check; the result says whether the file may be read, and keeps the parts
        inflated for the reader."""
        try:
            self.sniff()
            try:
                blob = self.blob
                with zipfile.ZipFile(self.path if blob is None else io.BytesIO(blob)) as z:
                    fmt = self.container(z)
                    for info in z.infolist():
                        if (
                            info.filename.lower().endswith(_XML_SUFFIXES)
                            or info.filename == "content.xml"
                        ) and (blob is None or not self.inflate(blob, info, fmt)):
                            self.stream(z, info, fmt)
            except zipfile.BadZipFile as e:
                raise self.reject(Code.FILE_CORRUPT, detail=str(e)) from None
            except (
                zipfile.LargeZipFile,
                NotImplementedError,
                RuntimeError,
                OSError,
                ValueError,
            ) as e:
                raise self.reject(Code.FILE_CORRUPT, detail=f"{type(e).__name__}: {e}") from None
        except _Reject as r:
            found = [*self.found.done(), r.finding]
            return GuardResult(None, found, self.total, sha256=self.sha256)
        return GuardResult(fmt, self.found.done(), self.total, self.kept, self.sha256)


#: limits for a plan workbook: a region's plan has tens of thousands of rows, far more than a
#: sector's return, but a sheet of a million rows is refused in seconds, before it is read
PLAN_LIMITS = Limits(
    max_file_bytes=64 * 1024 * 1024,
    max_part_bytes=192 * 1024 * 1024,
    max_total_bytes=512 * 1024 * 1024,
    max_cells=2_000_000,
    max_row=200_000,
    max_col=200,
    max_shared_strings=1_000_000,
)


def check_file(path: str | Path, limits: Limits | None = None, plan: bool = False) -> GuardResult:
    """Check ``path`` before any parser reads it. Never raises on file content. ``plan`` words
    a refusal for size or extent as a plan's (``PLAN-029``) rather than a return's."""
    return _Checker(Path(path), limits or Limits(), plan).run()

"""Hostile and broken files, built by the tests themselves (no binaries are committed)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def rewrite(
    src: Path,
    dst: Path,
    change: Callable[[str, bytes], bytes | None],
    extra: dict[str, bytes] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Copy a workbook, passing every part through ``change`` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", method) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def zip_bomb(base: Path, dst: Path) -> Path:
    """A worksheet of 300 MB of spaces: a few hundred KB compressed."""
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet3.xml":
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(SHEET_HEAD)
                    block = b" " * (1024 * 1024)
                    for _ in range(300):
                        fh.write(block)
                    fh.write(b"</worksheet>")
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return dst


def lying_bomb(base: Path, dst: Path) -> Path:
    """A bomb whose headers claim a tiny uncompressed size (they lie)."""
    zip_bomb(base, dst)
    data = bytearray(dst.read_bytes())
    name = b"xl/worksheets/sheet3.xml"
    # central directory entry: signature PK\x01\x02, uncompressed size at offset 24
    i = data.find(b"PK\x01\x02")
    while i != -1:
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46 : i + 46 + n] == name:
            struct.pack_into("<I", data, i + 24, 1000)
        i = data.find(b"PK\x01\x02", i + 4)
    dst.write_bytes(bytes(data))
    return dst


def many_entries(dst: Path, n: int = 5000) -> Path:
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
        for k in range(n):
            z.writestr(f"xl/media/f{k}.bin", b"x")
    return dst


_LOL = [b'<!ENTITY lol0 "lol">'] + [
    b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
    for i in range(1, 10)
]
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [' + b"".join(_LOL) + b"]>"
    b"<sst><si><t>&lol9;</t></si></sst>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b"<sst><si><t>&xxe;</t></si></sst>"
)


def ole(dst: Path, encrypted: bool) -> Path:
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    if encrypted:
        body += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    dst.write_bytes(body + b"\x00" * 2048)
    return dst


def pathological(base: Path, d: Path, n: int = 200_000) -> dict[str, Path]:
    """Markup built to make a backtracking pattern rescan the part from every opener: openers
    without closers, tags without ends, unclosed quotes, one endless word. A reader whose
    patterns are not linear takes hours on each of these (about 1 MB of XML each)."""

    def part(name: str, body: bytes) -> Callable[[str, bytes], bytes]:
        return lambda n_, data: body if n_ == name else data

    sheet = "xl/worksheets/sheet3.xml"
    head = SHEET_HEAD + b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    wb_head = (
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    )
    bodies = {
        "cells without closers": (sheet, head + b'<row r="1"></c>' + b"<c a>" * n + tail),
        "rows without closers": (
            sheet,
            head + b"<row><c><v>1</v></c></row>" + b"<row>" * n + tail,
        ),
        "values without closers": (
            sheet,
            head + b'<row r="1"><c r="A1"><f>1</f>' + b"<v>" * n + b"</c></row>" + tail,
        ),
        "sheet tags without ends": ("xl/workbook.xml", wb_head + b"<sheet a" * n),
        "an endless attribute name": ("xl/workbook.xml", wb_head + b"<sheet " + b"a" * n * 5),
        "relationships with open quotes": (
            "xl/_rels/workbook.xml.rels",
            b"<Relationships>" + b'<Relationship "' * n,
        ),
        "shared strings without closers": ("xl/sharedStrings.xml", b"<sst a" + b"<si>" * n),
        "styles without ends": ("xl/styles.xml", b"<styleSheet><cellXfs>" + b"<xf a" * n),
        "a format code of brackets": (
            "xl/styles.xml",
            b'<styleSheet><numFmts><numFmt numFmtId="170" formatCode="'
            + b"[" * n * 4
            + b'"/></numFmts><cellXfs><xf numFmtId="170"/></cellXfs></styleSheet>',
        ),
        "properties without closers": ("docProps/custom.xml", b"<Properties>" + b"<property>" * n),
    }
    return {
        name: rewrite(base, d / f"patho{k}.xlsx", part(target, body))
        for k, (name, (target, body)) in enumerate(bodies.items())
    }


ODS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    b'<office:body><office:spreadsheet><table:table table:name="Fasi">'
)
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def ods(dst: Path, rows: bytes) -> Path:
    """A minimal .ods spreadsheet whose one sheet holds ``rows`` (table:table-row elements)."""
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_HEAD + rows + ODS_TAIL)
        z.writestr(
            "META-INF/manifest.xml",
            b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            b'manifest:1.0"/>',
        )
    return dst

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

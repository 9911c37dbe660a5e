"""A small, bounded reader of .xlsx files: cell values with their number formats, formulas and
cached values, sheet visibility and protection, workbook structure lock, custom document
properties. The .ods reader is :mod:`pegxl.sheets.ods`; :func:`pegxl.sheets.read.read_book`
chooses between them.

Only files that passed :mod:`pegxl.sheets.guard` reach this module: the guard has already refused
DOCTYPE/entities, oversized parts, bad compression and absurd extents. An .xlsx part is read by
patterns over its bytes (no DTD can occur and the parts are flat lists of elements; patterns
start with a literal where they can, so the regex engine skips ahead); only non-empty cells are
kept, so memory follows the content, not the declared dimensions. No third-party parser touches
an incoming file.

Why not python-calamine or fastexcel: they are fast, but they return 0.85 for a cell a user typed
as ``85%`` without saying it was a percentage, they hide formulas behind values, and calamine can
abort the process on hostile input. This reader reads only the parts pegxl needs.

This module is long because each pattern carries the reason it is safe (linear in the part
whatever the markup) and fast (where it starts with a literal): those comments are the point of
the module. What both readers build (cells, sheets, the book, the cell budget) is in
:mod:`pegxl.sheets.book`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Concatenate, ParamSpec, TypeVar

from pegxl.sheets.book import (
    COL_NUMBERS,
    MAX_CELLS,
    Book,
    Cell,
    Sheet,
    Source,
    TooManyCells,
    col_letter,
    col_number,
    open_source,
    take_cells,
)
from pegxl.values import ooxml_unescape

__all__ = ["PART_CACHES", "parse_ref", "read_xlsx", "xml_unescape"]

_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")

#: Built-in number formats that are dates or percentages (ECMA-376 18.8.30).
_BUILTIN_FORMATS = {
    9: "0%",
    10: "0.00%",
    14: "dd/mm/yyyy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    22: "m/d/yy h:mm",
}
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(50, 59))


def parse_ref(ref: str) -> tuple[int, int]:
    """``B7`` → (7, 2): 1-based row and column."""
    m = _REF.fullmatch(ref)
    if not m:
        raise ValueError(f"bad cell reference: {ref!r}")
    return int(m.group(2)), col_number(m.group(1).encode("ascii"))


def _shared(strings: list[str], idx: int, col: int, row: int) -> str:
    if not 0 <= idx < len(strings):
        raise ValueError(
            f"cell {col_letter(col)}{row} points to shared string {idx}, "
            f"the file has {len(strings)}"
        )
    return strings[idx]


# ---------------------------------------------------------------------------------------------
# xlsx


def _rels(z: Source, path: str) -> Mapping[str, str]:
    if path not in z.namelist():
        return {}
    base = "" if path.startswith("_rels/") else path.rsplit("/_rels/", 1)[0]
    return _rels_of(z.read(path), base)


# Parts that are the same in the returns of a campaign written by the same program
# (relationships, workbook, often styles) are parsed once per process: the caches are keyed by
# the part's bytes, so a different part is parsed anew and nothing depends on the file name. Only
# small parts are kept, so a hostile file cannot make the cache hold much memory.
_PART_CACHE = 32  # entries per parser: at most 3 x 32 x 128 KB held, whatever the files
_PART_CACHE_BYTES = 128 * 1024
_P = ParamSpec("_P")
#: the caches by parser name (cache_info() and cache_clear() for tests and long-lived processes)
PART_CACHES: dict[str, Any] = {}
_R = TypeVar("_R")


def _part_cache(fn: Callable[Concatenate[bytes, _P], _R]) -> Callable[Concatenate[bytes, _P], _R]:
    """The parser ``fn`` with a small cache keyed by the part's bytes (small parts only)."""
    cached = functools.lru_cache(maxsize=_PART_CACHE)(fn)
    PART_CACHES[fn.__name__] = cached

    def parse(data: bytes, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        if len(data) > _PART_CACHE_BYTES:
            return fn(data, *args, **kwargs)
        return cached(data, *args, **kwargs)  # type: ignore[arg-type]

    return parse


# Every pattern here runs in time linear in the part, whatever the part holds: a hostile file
# can have a million openers and no closer. So a pattern never scans past the next tag ("<"
# cannot stand in an attribute value, nor inside a tag), an element's content stops at the next
# opener or closer of the same element (_inner), and a name is matched from its first letter
# only. tests/test_guard.py::test_pathological_markup_is_read_in_linear_time holds them to it.

#: an element's attributes: name (with its prefix, if any) and value in either quotes
_ATTRS = re.compile(r"""(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
#: a tag's attributes, quoted values taken whole (a ">" may stand unescaped in a value)
_IN_TAG = rb"""((?:[^<>"']|"[^"<]*"|'[^'<]*')*)"""


def _inner(tag: bytes) -> bytes:
    """The content of a ``tag`` element, as a group: everything up to the next opener or closer
    of the same element, in one pass (a lazy ``.*?`` would rescan to the end of the part from
    every opener that has no closer)."""
    return rb"([^<]*(?:<(?!/?(?:\w+:)?" + tag + rb"[\s>/])[^<]*)*)"


def _closer(tag: bytes) -> bytes:
    return rb"</(?:\w+:)?" + tag + rb"\s*>"


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b" + _IN_TAG + rb">")
_WORKBOOK_PARTS = re.compile(
    rb"<(?:\w+:)?(sheet|workbookProtection|workbookPr)\b" + _IN_TAG + rb">"
)


def _attrs(raw: bytes) -> dict[str, str]:
    """The attributes of a tag, by local name (``r:id`` → ``id``), values unescaped."""
    text = raw.decode("utf-8")  # once for the whole tag, not per name and value
    found = _ATTRS.findall(text)
    if "&" in text:
        return {n.rpartition(":")[2]: xml_unescape(dq or sq) for n, dq, sq in found}
    return {n.rpartition(":")[2]: dq or sq for n, dq, sq in found}


@_part_cache
def _rels_of(data: bytes, base: str) -> Mapping[str, str]:
    # by pattern, like the cells: the guard has refused DTDs, the part is a flat list
    """The relationships of a part: id -> target path, relative to ``base``."""
    out: dict[str, str] = {}
    for raw in _RELATIONSHIP.findall(data):
        a = _attrs(raw)
        target = a.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        elif base:
            target = f"{base}/{target}"
        out[a.get("Id", "")] = _normpath(target)
    return MappingProxyType(out)


def _normpath(path: str) -> str:
    """A part's path with ``.`` and ``..`` resolved (never above the root)."""
    parts: list[str] = []
    for p in path.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


#: a shared string of the shape every producer writes for plain text, whole (the fast path)
_SIMPLE_SI = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
#: the opening of every shared string, in any spelling
_SI_OPEN = re.compile(rb"<(?:\w+:)?si[\s/>]")


def _shared_strings(z: Source, path: str | None) -> list[str]:
    """The shared strings of an .xlsx, phonetic runs left out."""
    if not path or path not in z.namelist():
        return []
    data = z.read(path)
    simple = _SIMPLE_SI.findall(data)
    if len(simple) == len(_SI_OPEN.findall(data)):  # every string plain text: no runs, no rPh
        return [_text(raw) for raw in simple]
    out: list[str] = []
    for si in _SI.finditer(data):
        body = _RPH.sub(b"", si.group(1) or b"")  # phonetic runs are not part of the text
        out.append("".join(_text(m.group(1) or b"") for m in _T_TAG.finditer(body)))
    return out


#: patterns that start with a literal: the regex engine jumps between candidates (one that starts
#: with "<" stops at every tag: 40 µs instead of 5 on a styles part)
_NUMFMT = re.compile(rb"numFmt\s" + _IN_TAG)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^<>]*)")
_NUMFMT_ID = re.compile(rb"""\bnumFmtId\s*=\s*["']([^"'<]*)""")


def _styles(z: Source, path: str | None) -> Sequence[tuple[str, bool]]:
    """Per cell style index: (number format code, is a date format)."""
    if not path or path not in z.namelist():
        return ()
    return _styles_of(z.read(path))


@_part_cache
def _styles_of(data: bytes) -> tuple[tuple[str, bool], ...]:
    """For each cell style index: its number format code and whether it shows a date."""
    fmts: dict[int, str] = {}
    for raw in _NUMFMT.findall(data):
        a = _attrs(raw)
        if a.get("numFmtId", "").isdigit():
            fmts[int(a["numFmtId"])] = a.get("formatCode", "")
    start = data.find(b"cellXfs")  # the opening tag; the closing one is the next
    end = data.find(b"cellXfs", start + 7) if start >= 0 else -1
    out = []
    for raw in _XF.findall(data[start:end] if end > start else b""):
        number = _NUMFMT_ID.search(raw)  # the one attribute needed, not all of them decoded
        fid = int(number.group(1)) if number and number.group(1).isdigit() else 0
        code = fmts.get(fid, _BUILTIN_FORMATS.get(fid, "General" if fid == 0 else ""))
        out.append((code, fid in _BUILTIN_DATES or _is_date_format(code)))
    return tuple(out)


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\][]*\]|\\.')


@functools.lru_cache(maxsize=256)
def _is_date_format(code: str) -> bool:
    """A number format that shows a date: a day or year code outside quoted text, brackets
    (colours, conditions, locales) and escaped characters."""
    stripped = _FORMAT_LITERALS.sub("", code).lower()
    return "d" in stripped or "y" in stripped


def _serial_to_datetime(serial: float, date1904: bool) -> datetime | float:
    """The date and time of a serial in a date-formatted cell; the number itself when it is
    no date (NaN, infinite, beyond year 9999): the value rules say so on its cell, and the
    rest of the file is read."""
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    if not date1904 and serial < 61:
        serial += 1  # Excel's invented 29/02/1900
    try:
        return base + timedelta(days=serial)
    except (OverflowError, ValueError):
        return serial


def read_xlsx(
    path: str,
    skip: frozenset[str] = frozenset(),
    parts: dict[str, bytes] | None = None,
    max_cells: int = 0,
) -> Book:
    """Read an .xlsx: the workbook's sheets (states, structure lock, date system), shared
    strings, styles, every sheet not skipped, custom properties."""
    max_cells = max_cells or MAX_CELLS
    with open_source(path, parts) as z:
        names = set(z.namelist())
        root_rels = _rels(z, "_rels/.rels")
        wb_path = next(
            (t for t in root_rels.values() if t.endswith("workbook.xml")), "xl/workbook.xml"
        )
        wb_dir = wb_path.rsplit("/", 1)[0]
        rels = _rels(z, f"{wb_dir}/_rels/{wb_path.rsplit('/', 1)[-1]}.rels")
        declared, structure_locked, date1904 = _workbook_of(z.read(wb_path))
        sheets_decl = [(name, state, rels.get(rid, "")) for name, state, rid in declared]
        shared_path = next((t for t in rels.values() if t.endswith("sharedStrings.xml")), None)
        styles_path = next((t for t in rels.values() if t.endswith("styles.xml")), None)
        strings = _shared_strings(z, shared_path)
        styles = _styles(z, styles_path)
        style_of = _style_index(styles)
        sheets = []
        read: set[str] = set()
        left = max_cells  # for the whole workbook, not per sheet
        for name, state, target in sheets_decl:
            sheet = Sheet(name, state)
            if target in names and name not in skip:
                if target in read:  # never written by a spreadsheet program; read once at most
                    raise ValueError(f"two sheets are the same part «{target}»")
                read.add(target)
                _read_xlsx_sheet(z, target, sheet, strings, styles, style_of, date1904, left)
                left = take_cells(left, len(sheet.cells), max_cells)
            sheets.append(sheet)
        props = _custom_props(z) if "docProps/custom.xml" in names else {}
        modified = _modified(z.read("docProps/core.xml")) if "docProps/core.xml" in names else None
    return Book("xlsx", sheets, structure_locked, props, modified)


@_part_cache
def _workbook_of(data: bytes) -> tuple[tuple[tuple[str, str, str], ...], bool, bool]:
    """The sheets (name, state, relationship id), the structure lock and the 1904 date system.
    By pattern, like the relationships; a ``sheet`` element has one prefixed ``id``: the
    relationship's (``sheetId`` is another attribute)."""
    sheets: list[tuple[str, str, str]] = []
    structure_locked = date1904 = False
    for tag, raw in _WORKBOOK_PARTS.findall(data):
        a = _attrs(raw)
        if tag == b"sheet":
            sheets.append((a.get("name", ""), a.get("state", "visible"), a.get("id", "")))
        elif tag == b"workbookProtection":
            structure_locked = a.get("lockStructure") in ("1", "true")
        else:
            date1904 = a.get("date1904") in ("1", "true")
    return tuple(sheets), structure_locked, date1904


_ROW_TAG = re.compile(
    rb"<(?:\w+:)?row\b([^<>]*?)(?:/>|>" + _inner(b"row") + _closer(b"row") + rb")"
)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^<>]*?)(?:/>|>" + _inner(b"c") + _closer(b"c") + rb")")
_COMMON_SHAPES = (
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)")?(?: t="(s|n|inlineStr)")?>'
    rb"(?:<v>([^<]*)</v>|<is><t>([^<]*)</t></is>)</c>"
)
#: a cell with content of the shapes every producer writes, whole, without backtracking (two
#: empty groups give it the tuples of _ANY_CELL)
_COMMON_CELL = re.compile(_COMMON_SHAPES + rb"()()")
#: a cell with content: the common shapes (first branch), anything else (second branch); a
#: self-closing <c .../> (a styled blank) matches neither. Trying the second branch at every tag
#: costs a third of the scan, so it is used only for a part with a cell of another shape.
_ANY_CELL = re.compile(
    _COMMON_SHAPES + rb"|<(?:\w+:)?c\b([^<>]*?)(?<!/)>" + _inner(b"c") + _closer(b"c")
)
#: what ends every cell with content, "</c>" in any spelling (also found in other text)
_CELL_CLOSERS = re.compile(rb"c\s*>")


_ATTR = re.compile(rb'\b([rts])="([^"<]*)"')
_V_TAG = re.compile(rb"<(?:\w+:)?v>" + _inner(b"v") + _closer(b"v"))
_F_TAG = re.compile(rb"<(?:\w+:)?f\b[^<>]*?(?:/>|>" + _inner(b"f") + _closer(b"f") + rb")")
_T_TAG = re.compile(rb"<(?:\w+:)?t\b[^<>]*?(?:/>|>" + _inner(b"t") + _closer(b"t") + rb")")
_RPH = re.compile(rb"<(?:\w+:)?rPh\b[^<>]*?(?:/>|>" + _inner(b"rPh") + _closer(b"rPh") + rb")")
_SI = re.compile(rb"<(?:\w+:)?si>" + _inner(b"si") + _closer(b"si") + rb"|<(?:\w+:)?si/>")
_PROTECTION = re.compile(rb"<(?:\w+:)?sheetProtection\b([^<>]*)")
_SHEET_ATTR = re.compile(rb'\bsheet="(1|true)"')


_ENTITY = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _entity(m: re.Match[str]) -> str:
    """The character an entity or character reference stands for."""
    hexa, dec, name = m.groups()
    if name:
        return _NAMED[name]
    code = int(hexa, 16) if hexa else int(dec)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # not a character: never a lone surrogate in a text
    return chr(code)


def xml_unescape(text: str) -> str:
    """Decode XML's predefined entities and character references (the guard has refused DTDs,
    so no other entity can occur). Not ``html.unescape``: HTML drops references to
    noncharacters such as ``&#xFDD0;``, which XML keeps — a note typed with one was lost."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _text(raw: bytes) -> str:
    """Decode XML character data: the guard has refused DTDs, so only the predefined entities and
    character references can occur; then the OOXML escapes (:func:`ooxml_unescape`)."""
    text = raw.decode("utf-8")
    if "&" in text:
        text = xml_unescape(text)
    return ooxml_unescape(text) if "_x" in text else text


def _read_xlsx_sheet(
    z: Source,
    path: str,
    sheet: Sheet,
    strings: list[str],
    styles: Sequence[tuple[str, bool]],
    style_of: Mapping[bytes, tuple[str, bool]],
    date1904: bool,
    limit: int = MAX_CELLS,
) -> None:
    """Scan a worksheet part for the cells that hold something (a value, a formula, an error);
    more than ``limit`` is an error.

    One regular expression does the work: its first branch matches whole cells of the shapes
    every producer writes (``<c r="H4" s="15" t="n"><v>60</v></c>``, inline strings), without
    backtracking; the second branch catches any other cell with content (formulas, errors, other
    attribute orders) for the general path. Self-closing cells (styled blanks) match neither.
    ``style_of`` is ``styles`` by the ``s`` attribute as written (:func:`_style_index`)."""
    data = z.read(path)
    cells = sheet.cells
    col_of = COL_NUMBERS.get
    dates: dict[bytes, datetime | float] = {}  # a plan repeats the same few dates
    # findall gives plain tuples (no match objects); a group that did not take part is b"".
    # Every cell with content ends in "</c>" (or "</x:c >"…), and each common cell holds at least
    # one "c>": as many as common cells means there is no cell of another shape.
    found = _COMMON_CELL.findall(data)
    if len(_CELL_CLOSERS.findall(data)) != len(found):
        found = _ANY_CELL.findall(data)
    take_cells(limit, len(found), limit)  # each match makes one cell at most: checked first
    for letters, row, s_idx, t, v, inline, attrs, inner in found:
        if not letters:
            a = dict(_ATTR.findall(attrs))
            if b"r" not in a:  # a producer that omits references: count columns row by row
                cells.clear()
                _read_xlsx_rows(data, sheet, strings, styles, date1904, limit)
                break
            r, c = parse_ref(a[b"r"].decode("ascii"))
            _xlsx_cell(sheet, r, c, a, inner, strings, styles, date1904, limit)
            continue
        col = col_of(letters) or col_number(letters)
        r = int(row)
        style = style_of.get(s_idx)
        if style is None:  # an index written oddly (s="007") or out of range
            style = styles[int(s_idx)] if int(s_idx) < len(styles) else _NO_STYLE
        fmt, is_date = style
        value: object
        if t == b"inlineStr" or inline:
            text = inline.decode("utf-8")  # _text, inlined: the commonest cell of all
            if "&" in text:
                text = xml_unescape(text)
            value = ooxml_unescape(text) if "_x" in text else text
        elif t == b"s":
            value = _shared(strings, int(v), col, r)
        elif not v.strip():
            continue
        elif is_date:
            value = dates.get(v)
            if value is None:
                value = dates[v] = _serial_to_datetime(float(v), date1904)
        else:
            value = float(v)
        cells[(r, col)] = Cell(r, col, value, fmt)
    _protection(sheet, data)


_NO_STYLE = ("", False)


def _style_index(styles: Sequence[tuple[str, bool]]) -> dict[bytes, tuple[str, bool]]:
    """The style of each ``s`` attribute as written (``b""`` when absent: style 0)."""
    index = {str(i).encode("ascii"): style for i, style in enumerate(styles)}
    index[b""] = styles[0] if styles else _NO_STYLE
    return index


def _read_xlsx_rows(
    data: bytes,
    sheet: Sheet,
    strings: list[str],
    styles: Sequence[tuple[str, bool]],
    date1904: bool,
    limit: int = MAX_CELLS,
) -> None:
    """Scan a sheet whose cells carry no references, counting columns row by row."""
    row_no = 0
    for row in _ROW_TAG.finditer(data):
        attrs = dict(_ATTR.findall(row.group(1)))
        row_no = int(attrs.get(b"r", b"0")) or row_no + 1
        col_no = 0
        for cell in _CELL_TAG.finditer(row.group(2) or b""):
            a = dict(_ATTR.findall(cell.group(1)))
            ref = a.get(b"r")
            r, c = parse_ref(ref.decode("ascii")) if ref else (row_no, col_no + 1)
            col_no = c
            if cell.group(2):
                _xlsx_cell(sheet, r, c, a, cell.group(2), strings, styles, date1904, limit)


def _protection(sheet: Sheet, data: bytes) -> None:
    # a literal search finds where to look (a pattern that starts with "<" stops at every tag)
    at = data.find(b"sheetProtection")
    prot = _PROTECTION.search(data, max(0, at - 64)) if at >= 0 else None
    sheet.protected = bool(prot and _SHEET_ATTR.search(prot.group(1)))


def _xlsx_cell(
    sheet: Sheet,
    r: int,
    c: int,
    a: dict[bytes, bytes],
    inner: bytes,
    strings: list[str],
    styles: Sequence[tuple[str, bool]],
    date1904: bool,
    limit: int = MAX_CELLS,
) -> None:
    """One cell of any shape (formula, error, boolean, inline or shared string, number or date),
    kept when it holds something."""
    t = a.get(b"t", b"n")
    s = int(a.get(b"s", b"0"))
    fmt, is_date = styles[s] if s < len(styles) else ("", False)
    v = _V_TAG.search(inner)
    f = _F_TAG.search(inner)
    raw = v.group(1) if v else None
    value: object = None
    error = None
    if t == b"s" and raw is not None:
        value = _shared(strings, int(raw), c, r)
    elif t == b"inlineStr":
        value = "".join(_text(m.group(1) or b"") for m in _T_TAG.finditer(inner))
    elif t == b"str":
        value = _text(raw) if raw is not None else None
    elif t == b"b" and raw is not None:
        value = raw.strip() in (b"1", b"true")
    elif t == b"e":
        error = _text(raw) if raw else "#ERR"
    elif t == b"d" and raw:
        value = datetime.fromisoformat(raw.decode("ascii").replace("Z", ""))
    elif raw is not None and raw.strip():
        number = float(raw)
        value = _serial_to_datetime(number, date1904) if is_date else number
    formula = None if f is None else _text(f.group(1) or b"")
    if value is not None or error is not None or formula is not None:
        if len(sheet.cells) >= limit:
            raise TooManyCells(f"more than {limit} cells with content in «{sheet.name}»")
        sheet.cells[(r, c)] = Cell(r, c, value, fmt, formula, error)


_PROPERTY = re.compile(
    rb"<(?:\w+:)?property\b([^<>]*?)(?:/>|>" + _inner(b"property") + _closer(b"property") + rb")"
)
_TAG = re.compile(rb"<[^<>]*>")
_PROPERTY_TEXT = re.compile(
    rb"<property ([^<>]*)>(?:<vt:lpwstr>([^<]*)</vt:lpwstr>|<vt:lpwstr ?/>)</property>"
)
_NAME_ATTR = re.compile(rb"""\bname\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")


def _custom_props(z: Source) -> dict[str, str]:
    """Custom document properties, name → text (by pattern, like the styles: the guard has
    refused DTDs, and the part is a flat list of properties). Not cached: they name the sector
    and the period, so they differ file by file.

    Text properties written the common way are read by one pattern; as with the cells, each
    such property holds "property" twice (its tags), so a count tells when a part holds another
    shape and the general pattern reads it instead."""
    data = z.read("docProps/custom.xml")
    out: dict[str, str] = {}
    common = _PROPERTY_TEXT.findall(data)
    if data.count(b"property") == 2 * len(common):
        for attrs, value in common:
            named = _NAME_ATTR.search(attrs)
            if named is not None:
                out[_text(named.group(1) or named.group(2))] = _text(value).strip()
        return out
    for attrs, inner in _PROPERTY.findall(data):
        name = _attrs(attrs).get("name")
        if name is not None:
            out[name] = _text(_TAG.sub(b"", inner)).strip()
    return out


_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^<>]*>([^<>]{1,64})</(?:\w+:)?modified\s*>")


def _modified(data: bytes) -> str | None:
    """When the core properties say the document was last saved (``dcterms:modified``)."""
    found = _MODIFIED.search(data)
    return _text(found.group(1)).strip() or None if found else None

"""The bounded xlsx scanner (pegxl.sheets): every cell shape a producer writes, read the same
whether it takes the fast path or the general one; parsed parts cached only by their bytes."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pegxl.model import Plan
from pegxl.sheets import xlsx
from pegxl.sheets.read import read_book

_CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)
_ROOT_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="officeDocument"/></Relationships>'
)
_WB_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/>'
    '<Relationship Id="rId2" Target="styles.xml" Type="styles"/>'
    '<Relationship Id="rId3" Target="sharedStrings.xml" Type="sharedStrings"/>'
    "</Relationships>"
)


def _workbook(date1904: bool = False) -> str:
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    return (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'{pr}<workbookProtection lockStructure="1"/><sheets>'
        '<sheet name="Dati" sheetId="1" state="hidden" r:id="rId1"/></sheets></workbook>'
    )


def _styles(percent_code: str = "0%") -> str:
    # style 0 General, 1 a custom percent, 2 built-in date 14, 3 a custom date
    return (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{percent_code}"/>'
        '<numFmt formatCode="dd/mm/yyyy" numFmtId="165"/></numFmts>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
        '<xf numFmtId="14"/><xf numFmtId="165"/></cellXfs></styleSheet>'
    )


_SST = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="3">'
    "<si><t>primo</t></si>"
    '<si><r><t>ric</t></r><r><t xml:space="preserve">co </t></r><rPh><t>X</t></rPh></si>'
    "<si><t>a &amp; b &#233;</t></si></sst>"
)


def _sheet(rows: str) -> str:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{rows}</sheetData><sheetProtection sheet="1"/></worksheet>'
    )


def _xlsx(
    path: Path,
    rows: str,
    *,
    styles: str | None = None,
    date1904: bool = False,
    sheet_xml: str | None = None,
    custom: str | None = None,
) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _workbook(date1904))
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/styles.xml", styles or _styles())
        z.writestr("xl/sharedStrings.xml", _SST)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml or _sheet(rows))
        if custom is not None:
            z.writestr("docProps/custom.xml", custom)
    return path


ROWS = (
    '<row r="1">'
    '<c r="A1" t="s"><v>0</v></c>'  # fast path: shared string
    '<c r="B1" s="1"><v>0.85</v></c>'  # fast path: percent format
    '<c r="C1" s="2"><v>45838</v></c>'  # fast path: built-in date
    '<c r="D1" t="inlineStr"><is><t>in linea</t></is></c>'  # fast path: inline string
    '<c r="E1" s="3"/>'  # styled blank: not a cell with content
    "</row>"
    '<row r="2">'
    '<c t="s" r="A2"><v>1</v></c>'  # other attribute order: general path
    '<c r="B2"><f>SUM(1,2)</f><v>3</v></c>'  # formula with its cached value
    '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'  # error
    '<c r="D2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'  # formula string
    '<c r="E2" t="b"><v>1</v></c>'  # boolean
    '<c r="F2" t="inlineStr"><is><t xml:space="preserve"> spazi </t></is></c>'
    '<c r="G2" t="s"><v>2</v></c>'
    '<c r="H2" t="d"><v>2025-12-31T00:00:00Z</v></c>'
    '<c r="I2"><f>A1</f></c>'  # a formula with no cached value
    '<c r="J2" s="01"><v>0.25</v></c>'  # a style index written with a leading zero
    '<c r="K2" s="99"><v>4</v></c>'  # a style index out of range
    "</row>"
)


def test_every_cell_shape(tmp_path: Path) -> None:
    book = read_book(str(_xlsx(tmp_path / "a.xlsx", ROWS)), "xlsx")
    assert book.structure_locked
    (sheet,) = book.sheets
    assert (sheet.name, sheet.state, sheet.protected) == ("Dati", "hidden", True)
    assert sheet.value(1, 1) == "primo"
    b1 = sheet.get(1, 2)
    assert b1 is not None and b1.value == 0.85 and "%" in b1.fmt
    assert sheet.value(1, 3) == datetime(2025, 6, 30)
    assert sheet.value(1, 4) == "in linea"
    assert sheet.get(1, 5) is None
    assert sheet.value(2, 1) == "ricco "  # runs joined, phonetic run dropped
    b2 = sheet.get(2, 2)
    assert b2 is not None and (b2.value, b2.formula) == (3.0, "SUM(1,2)")
    c2 = sheet.get(2, 3)
    assert c2 is not None and (c2.value, c2.error, c2.formula) == (None, "#DIV/0!", "1/0")
    d2 = sheet.get(2, 4)
    assert d2 is not None and (d2.value, d2.formula) == ("ab", '"a"&"b"')
    assert sheet.value(2, 5) is True
    assert sheet.value(2, 6) == " spazi "
    assert sheet.value(2, 7) == "a & b é"
    assert sheet.value(2, 8) == datetime(2025, 12, 31)
    i2 = sheet.get(2, 9)
    assert i2 is not None and (i2.value, i2.formula) == (None, "A1")
    j2, k2 = sheet.get(2, 10), sheet.get(2, 11)
    assert j2 is not None and (j2.value, j2.fmt) == (0.25, "0%")
    assert k2 is not None and (k2.value, k2.fmt) == (4.0, "")
    assert [c.ref for c in sheet.row(2)][:3] == ["A2", "B2", "C2"]


def test_cells_without_references_are_counted_row_by_row(tmp_path: Path) -> None:
    rows = '<row r="3"><c t="s"><v>0</v></c><c><v>7</v></c></row><row><c><v>8</v></c></row>'
    sheet = read_book(str(_xlsx(tmp_path / "b.xlsx", rows)), "xlsx").sheets[0]
    assert sheet.cells.keys() == {(3, 1), (3, 2), (4, 1)}
    assert (sheet.value(3, 1), sheet.value(3, 2), sheet.value(4, 1)) == ("primo", 7.0, 8.0)


def test_1904_date_system(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" s="2"><v>0</v></c></row>'
    sheet = read_book(str(_xlsx(tmp_path / "c.xlsx", rows, date1904=True)), "xlsx").sheets[0]
    assert sheet.value(1, 1) == datetime(1904, 1, 1)


def test_shared_string_out_of_range_is_an_error(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>9</v></c></row>'
    with pytest.raises(ValueError, match="shared string 9"):
        read_book(str(_xlsx(tmp_path / "d.xlsx", rows)), "xlsx")


def test_parts_are_cached_by_content_not_by_name(tmp_path: Path) -> None:
    """Two files with the same part names but different styles: each is read with its own."""
    rows = '<row r="1"><c r="A1" s="1"><v>0.5</v></c></row>'
    first = _xlsx(tmp_path / "e.xlsx", rows, styles=_styles("0%"))
    second = _xlsx(tmp_path / "f.xlsx", rows, styles=_styles("0.00"))
    for _ in range(2):
        a = read_book(str(first), "xlsx").sheets[0].get(1, 1)
        b = read_book(str(second), "xlsx").sheets[0].get(1, 1)
        assert a is not None and a.fmt == "0%"
        assert b is not None and b.fmt == "0.00"


def test_large_parts_are_parsed_but_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = xlsx.PART_CACHES["_styles_of"]
    rows = '<row r="1"><c r="A1" s="1"><v>0.5</v></c></row>'
    path = _xlsx(tmp_path / "g.xlsx", rows, styles=_styles("0.000%"))
    cache.cache_clear()
    for _ in range(3):
        read_book(str(path), "xlsx")
    assert (cache.cache_info().misses, cache.cache_info().hits) == (1, 2)
    monkeypatch.setattr(xlsx, "_PART_CACHE_BYTES", 100)  # every styles part is "large" now
    cache.cache_clear()
    for _ in range(3):
        cell = read_book(str(path), "xlsx").sheets[0].get(1, 1)
        assert cell is not None and cell.fmt == "0.000%"
    assert cache.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("tail", "protected"),
    [
        ('<sheetProtection sheet="1" objects="1"/>', True),
        ('<x:sheetProtection xmlns:x="urn:x" sheet="true"/>', True),
        ('<sheetProtection sheet="0"/>', False),
        ("", False),
    ],
)
def test_sheet_protection(tmp_path: Path, tail: str, protected: bool) -> None:
    # a cell whose text mentions the tag must not be taken for it
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>sheetProtection sheet="1"</t></is></c></row>'
    xml = _sheet(rows).replace('<sheetProtection sheet="1"/>', tail)
    path = _xlsx(tmp_path / "p.xlsx", rows, sheet_xml=xml)
    sheet = read_book(str(path), "xlsx").sheets[0]
    assert sheet.value(1, 1) == 'sheetProtection sheet="1"'
    assert sheet.protected is protected


_CUSTOM_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats'
    '.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
    'officeDocument/2006/docPropsVTypes">'
)


def test_custom_document_properties(tmp_path: Path) -> None:
    custom = (
        _CUSTOM_HEAD
        + '<property fmtid="{D5CDD505}" pid="2" name="pegxl_sector_code"><vt:lpwstr>S07'
        "</vt:lpwstr></property>"
        '<property name="pegxl_note" pid="3" fmtid="{D5CDD505}">\n  <vt:lpwstr>A &amp; B &lt;C&gt;'
        "</vt:lpwstr>\n</property>"
        '<property fmtid="{D5CDD505}" pid="4" name="empty"/>'
        '<property fmtid="{D5CDD505}" pid="5" name="n"><vt:i4>12</vt:i4></property></Properties>'
    )
    book = read_book(str(_xlsx(tmp_path / "c.xlsx", "", custom=custom)), "xlsx")
    assert book.properties == {
        "pegxl_sector_code": "S07",
        "pegxl_note": "A & B <C>",
        "empty": "",
        "n": "12",
    }


def test_custom_text_properties_as_writers_save_them(tmp_path: Path) -> None:
    """Text properties only, the way XlsxWriter, openpyxl, Excel and LibreOffice write them
    (name first or last, an empty value as a self-closing element, entities)."""
    custom = (
        _CUSTOM_HEAD
        + '<property name="pegxl_sector_code" fmtid="{D5CDD505}" pid="2"><vt:lpwstr>S07'
        "</vt:lpwstr></property>"
        '<property fmtid="{D5CDD505}" pid="3" name=\'a &amp; b\'><vt:lpwstr> A &lt;B&gt; '
        "</vt:lpwstr></property>"
        '<property fmtid="{D5CDD505}" pid="4" name="vuoto"><vt:lpwstr /></property>'
        '<property fmtid="{D5CDD505}" pid="5" name="vuoto2"><vt:lpwstr/></property></Properties>'
    )
    book = read_book(str(_xlsx(tmp_path / "c.xlsx", "", custom=custom)), "xlsx")
    assert book.properties == {
        "pegxl_sector_code": "S07",
        "a & b": "A <B>",
        "vuoto": "",
        "vuoto2": "",
    }


def test_workbook_and_relationships_in_any_spelling(tmp_path: Path) -> None:
    """Attributes in any order and quoting, a ">" left unescaped in a sheet name, other
    namespace prefixes: read as an XML parser would."""
    workbook = (
        "<x:workbook xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main' "
        "xmlns:rel='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
        "<x:workbookPr date1904='true'/><x:sheets>"
        "<x:sheet rel:id='rId1' state='veryHidden' sheetId='7' name='A>B &amp; C'/>"
        "</x:sheets></x:workbook>"
    )
    rels = (
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Target='/xl/worksheets/sheet1.xml' Type='worksheet' Id='rId1'/>"
        "<Relationship Target='styles.xml' Id='rId2' Type='styles'/></Relationships>"
    )
    path = tmp_path / "w.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", _styles())
        z.writestr(
            "xl/worksheets/sheet1.xml", _sheet('<row r="1"><c r="A1" s="2"><v>0</v></c></row>')
        )
    book = read_book(str(path), "xlsx")
    (sheet,) = book.sheets
    assert (sheet.name, sheet.state) == ("A>B & C", "veryHidden")
    assert not book.structure_locked
    assert sheet.value(1, 1) == datetime(1904, 1, 1)


@pytest.mark.parametrize(
    "rows",
    [
        # one formula among common cells: the part needs the general pass
        '<row r="1"><c r="A1" t="inlineStr"><is><t>uno</t></is></c><c r="B1"><f>1+1</f><v>2</v>'
        '</c><c r="C1" t="n"><v>3</v></c></row>',
        # a text that holds "c>" itself: the count disagrees, the general pass reads the same
        '<row r="1"><c r="A1" t="inlineStr"><is><t>abc&gt; o abc></t></is></c><c r="B1"><f>1+1'
        '</f><v>2</v></c><c r="C1" t="n"><v>3</v></c></row>',
        # prefixed elements only: no common cell at all
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>uno</x:t></x:is></x:c><x:c r="B1">'
        '<x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row>',
        # closers written with a space: the common pattern misses them, the count must not
        '<row r="1"><c r="A1" t="inlineStr"><is><t>uno</t></is></c ><c r="B1"><f>1+1</f><v>2</v>'
        '</c ><c r="C1" t="n"><v>3</v></c></row>',
    ],
    ids=["formula among common cells", "text holding c>", "prefixed", "closers with spaces"],
)
def test_cells_of_another_shape_among_common_ones(tmp_path: Path, rows: str) -> None:
    """The scan takes the common shapes first and falls back to the general pattern when a part
    holds any other cell: nothing is lost either way."""
    (sheet,) = read_book(str(_xlsx(tmp_path / "m.xlsx", rows)), "xlsx").sheets
    assert sheet.cells.keys() == {(1, 1), (1, 2), (1, 3)}
    b1 = sheet.get(1, 2)
    assert b1 is not None and (b1.value, b1.formula) == (2.0, "1+1")
    assert sheet.value(1, 3) == 3.0
    assert str(sheet.value(1, 1)) in ("uno", "abc> o abc>")


def test_cell_formats_however_the_attributes_are_written() -> None:
    """The number format of each cell style, whatever the quotes, spacing, attribute order or
    prefix; a style without one is General."""
    from pegxl.sheets.xlsx import PART_CACHES

    styles = (
        b'<x:styleSheet xmlns:x="m"><x:numFmts count="1"><x:numFmt numFmtId="170" '
        b"formatCode='0.0%'/></x:numFmts><x:cellXfs count=\"5\"><x:xf/>"
        b"<x:xf applyNumberFormat='1' numFmtId='170'/><x:xf numFmtId = \"14\" fontId=\"2\"/>"
        b'<x:xf fontId="1" x:numFmtId="10"><x:alignment wrapText="1"/></x:xf>'
        b'<x:xf numFmtId="0"/></x:cellXfs></x:styleSheet>'
    )
    got = PART_CACHES["_styles_of"].__wrapped__(styles)
    assert got == (
        ("General", False),
        ("0.0%", False),
        ("dd/mm/yyyy", True),
        ("0.00%", False),
        ("General", False),
    )


@pytest.mark.parametrize(
    "rows",
    [
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>',
        '<row r="1"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>',  # no references
    ],
    ids=["with references", "without"],
)
def test_a_sheet_with_more_cells_than_allowed_is_refused(
    tmp_path: Path, rows: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pegxl.sheets import read

    monkeypatch.setattr(read, "MAX_CELLS", 2)
    with pytest.raises(ValueError, match="more than 2 cells"):
        read_book(str(_xlsx(tmp_path / "big.xlsx", rows)), "xlsx")


def test_ods_repeats_copy_the_row_they_repeat(tmp_path: Path) -> None:
    """A cell repeated across columns and a row repeated down: each copy where it belongs,
    and only the repeated row's own cells are copied."""
    from . import hostile

    rows = (
        b'<table:table-row><table:table-cell office:value-type="string" office:string-value="a"/>'
        b"</table:table-row>"
        b'<table:table-row table:number-rows-repeated="3"><table:table-cell '
        b'table:number-columns-repeated="2" office:value-type="float" office:value="7"/>'
        b"<table:table-cell/></table:table-row>"
    )
    (sheet,) = read_book(str(hostile.ods(tmp_path / "r.ods", rows)), "ods").sheets
    assert sheet.cells.keys() == {(1, 1)} | {(r, c) for r in (2, 3, 4) for c in (1, 2)}
    assert sheet.value(1, 1) == "a" and sheet.value(4, 2) == 7.0


@pytest.mark.parametrize(
    "rows,message",
    [
        (  # 4096 x 4096 copies of one cell in 200 bytes
            b'<table:table-row table:number-rows-repeated="4096"><table:table-cell '
            b'table:number-columns-repeated="4096" office:value-type="float" office:value="1"/>'
            b"</table:table-row>",
            "more than",
        ),
    ],
    ids=["repeated rows of repeated cells"],
)
def test_ods_expansions_are_bounded(tmp_path: Path, rows: bytes, message: str) -> None:
    """What a few bytes of .ods can ask to be expanded into is refused before it is made."""
    import tracemalloc

    from . import hostile

    path = hostile.ods(tmp_path / "bomb.ods", rows)
    tracemalloc.start()
    with pytest.raises(ValueError, match=message):
        read_book(str(path), "ods")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 128 * 1024 * 1024


@pytest.mark.parametrize(
    "rows",
    [
        (  # a billion spaces in 40 bytes
            b"<table:table-row><table:table-cell><text:p>a"
            b'<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>'
        ),
        (  # many paragraphs of spaces: the limit is for the whole cell
            b"<table:table-row><table:table-cell>"
            + b'<text:p><text:s text:c="30000"/></text:p>' * 3
            + b"</table:table-cell></table:table-row>"
        ),
        (  # 40,000 characters typed
            b"<table:table-row><table:table-cell><text:p>"
            + b"x" * 40_000
            + b"</text:p></table:table-cell></table:table-row>"
        ),
    ],
    ids=["a billion spaces", "paragraphs of spaces", "a long text"],
)
def test_ods_text_past_a_cells_limit_is_cut_one_past_it(tmp_path: Path, rows: bytes) -> None:
    """A cell's text is cut one character past the 32,767 a cell holds (the reader then says
    it was cut, VALUE-014), never expanded beyond, never the whole file rejected (issue
    16.10)."""
    import tracemalloc

    from . import hostile

    path = hostile.ods(tmp_path / "long.ods", rows)
    tracemalloc.start()
    [sheet] = read_book(str(path), "ods").sheets
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 128 * 1024 * 1024
    [cell] = list(sheet.row(1))
    assert isinstance(cell.value, str) and len(cell.value) == 32_768


def _ods_cells(path: Path, n: int, width: int = 50) -> Path:
    """An .ods of ``n`` distinct numbers, ``width`` to a row (no repeats: every cell is
    written)."""
    from . import hostile

    cell = b'<table:table-cell office:value-type="float" office:value="%d"/>'
    body = b"".join(
        b"<table:table-row>"
        + b"".join(cell % k for k in range(start, min(start + width, n)))
        + b"</table:table-row>"
        for start in range(0, n, width)
    )
    return hostile.ods(path, body)


@pytest.mark.parametrize(
    "budget,cells,ok",
    [
        (1_000, 999, True),
        (1_000, 1_000, True),
        (1_000, 1_001, False),
        (600_000, 2_500, True),  # above the scanner's default: the caller's budget counts
        (100, 2_500, False),
    ],
)
def test_the_ods_reader_takes_the_callers_cell_budget(
    tmp_path: Path, budget: int, cells: int, ok: bool
) -> None:
    """An .ods is read with the budget it is given, like an .xlsx (it used to keep its own
    default whatever the plan allowed): at the budget it passes, one cell beyond it is
    refused."""
    path = _ods_cells(tmp_path / "r.ods", cells)
    if ok:
        (sheet,) = read_book(str(path), "ods", max_cells=budget).sheets
        assert len(sheet.cells) == cells
        assert sheet.value(-(-cells // 50), (cells - 1) % 50 + 1) == float(cells - 1)
    else:
        with pytest.raises(ValueError, match=f"more than {budget} cells"):
            read_book(str(path), "ods", max_cells=budget)


def test_a_return_reads_an_ods_with_the_limits_of_its_plan(
    tmp_path: Path, seed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader of a return hands the limits' cell budget (``Limits.for_plan``) to the .ods
    scanner: a large .ods within the limits is read (and is then judged as a workbook: here it
    is not one of pegxl's), not rejected as damaged."""
    from dataclasses import replace

    from pegxl.returns.reader import read_return
    from pegxl.sheets import read
    from pegxl.sheets.guard import Limits

    path = _ods_cells(tmp_path / "grande.ods", 3_000)
    small = replace(Limits(), max_cells=2_000)
    codes = [f.code.value for f in read_return(path, seed_plan, small).findings]
    assert codes == ["FILE-011"]  # over its budget: the guard refuses it, with the same limit
    large = replace(Limits(), max_cells=5_000)
    codes = [f.code.value for f in read_return(path, seed_plan, large).findings]
    assert codes == ["STRUCT-001"]  # read whole, and found not to be a pegxl workbook
    # the scanner's own default no longer decides: the limits' budget reaches the .ods reader
    # (before, the guard passed the file and the reader refused it as damaged, FILE-009)
    monkeypatch.setattr(read, "MAX_CELLS", 2_000)
    codes = [f.code.value for f in read_return(path, seed_plan, large).findings]
    assert codes == ["STRUCT-001"]


@pytest.mark.slow
def test_a_large_ods_return_within_its_plans_budget_is_read(tmp_path: Path) -> None:
    """The size that failed: a 600,000-cell .ods (a region's sector) passes the guard and the
    reader with a budget of two million cells; the default budget of a return still refuses
    it."""
    from dataclasses import replace

    from pegxl.sheets.guard import Limits, check_file

    path = _ods_cells(tmp_path / "regione.ods", 600_000, 100)
    limits = replace(
        Limits(),
        max_cells=2_000_000,
        max_row=20_000,
        max_part_bytes=256 * 1024 * 1024,
        max_total_bytes=1024 * 1024 * 1024,
    )
    guard = check_file(path, limits)
    assert guard.ok and guard.findings == []
    book = read_book(str(path), "ods", frozenset(), guard.parts, limits.max_cells)
    assert len(book.sheets[0].cells) == 600_000
    assert book.sheets[0].value(6_000, 100) == 599_999.0
    with pytest.raises(ValueError, match="more than 500000 cells"):
        read_book(str(path), "ods", frozenset(), guard.parts)


def test_two_sheets_on_one_part_and_the_workbook_cell_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part is read once at most (a workbook declaring it for thousands of sheets would be
    read thousands of times), and the cell limit is for the whole workbook, not per sheet."""
    from pegxl.sheets import read

    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
    path = _xlsx(tmp_path / "a.xlsx", rows)
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(twice, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                i = data.index(b"<sheet ")
                j = data.index(b">", i) + 1
                data = data[:j] + data[i:j].replace(b'name="', b'name="Copia') + data[j:]
            zout.writestr(info, data)
    with pytest.raises(ValueError, match="same part"):
        read_book(str(twice), "xlsx")
    monkeypatch.setattr(read, "MAX_CELLS", 3)
    assert len(read_book(str(path), "xlsx").sheets[0].cells) == 2
    monkeypatch.setattr(read, "MAX_CELLS", 1)
    with pytest.raises(ValueError, match="more than 1 cells"):
        read_book(str(path), "xlsx")


def test_xml_text_is_decoded_as_xml_not_html() -> None:
    """HTML's unescape drops references to noncharacters (a note typed with U+FDD0 came back
    empty); XML keeps every character, and a reference is decoded once."""
    from pegxl.sheets.xlsx import xml_unescape

    assert xml_unescape("a&#xFDD0;b&#65;&#x1F600;") == "a\ufdd0bA\U0001f600"
    assert xml_unescape("&amp;lt; &lt;&gt;&quot;&apos;") == "&lt; <>\"'"
    assert xml_unescape("&#xD800;&#x110000;") == "\ufffd\ufffd"
    assert xml_unescape("&nbsp; &unknown;") == "&nbsp; &unknown;"  # no such entity in XML


class _Part:
    """One part as a source: what the scanner reads of a sharedStrings.xml."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def namelist(self) -> list[str]:
        return ["xl/sharedStrings.xml"]

    def read(self, name: str) -> bytes:
        return self.data


def _general_path(data: bytes) -> list[str]:
    """The shared strings read element by element (the scanner's path for rich text)."""
    out = []
    for si in xlsx._SI.finditer(data):
        body = xlsx._RPH.sub(b"", si.group(1) or b"")
        out.append("".join(xlsx._text(m.group(1) or b"") for m in xlsx._T_TAG.finditer(body)))
    return out


_XML_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
    | st.sampled_from("\t\n"),
    max_size=12,
)
_SHAPES = st.sampled_from(
    [
        "<si><t>{}</t></si>",
        '<si><t xml:space="preserve">{}</t></si>',
        "<si><r><t>{}</t></r><r><rPr><b/></rPr><t>x</t></r></si>",  # rich text
        '<si><t>{}</t><rPh sb="0" eb="1"><t>ふ</t></rPh></si>',  # a phonetic run
        "<x:si><x:t>{}</x:t></x:si>",  # a prefix
        "<si><t/></si>",
        "<si/>",
    ]
)


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(st.lists(st.tuples(_SHAPES, _XML_TEXT, st.sampled_from(["", "_x000D_", "&#233;"]))))
def test_plain_shared_strings_read_as_the_general_path_reads_them(
    items: list[tuple[str, str, str]],
) -> None:
    """The fast path (every string plain text) gives what the general path gives, in order and
    in number, whatever else the part holds; one rich string sends the part the general way."""
    body = "".join(shape.format(_escaped(text) + extra) for shape, text, extra in items)
    data = f'<sst xmlns="urn:x" count="{len(items)}">{body}</sst>'.encode()
    got = xlsx._shared_strings(_Part(data), "xl/sharedStrings.xml")
    assert got == _general_path(data)
    assert len(got) == len(items)

"""writer: the sector workbooks — contents, protection, validation, determinism, prefill."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from pegxl.model import Period, Plan
from pegxl.workbook import layout
from pegxl.workbook import meta as workbook_meta
from pegxl.workbook.writer import GenerateOptions, Prefill, generate, legacy_password_hash

from .conftest import workbook_of

JUNE = Period.of(date(2025, 6, 30))
DECEMBER = Period.of(date(2025, 12, 31))


def _ids(ws: Worksheet) -> list[str]:
    return [str(c.value) for c in ws["A"][layout.FIRST_DATA_ROW :] if c.value]


def _inputs(ws: Worksheet) -> set[str]:
    """Every unlocked cell of a sheet."""
    return {
        c.coordinate
        for row in ws.iter_rows()
        for c in row
        if c.protection is not None and c.protection.locked is False
    }


def test_one_workbook_per_sector(june_dir: Path, seed_plan: Plan) -> None:
    names = sorted(p.name for p in june_dir.glob("*.xlsx"))
    assert names == sorted(
        [
            "PEG_2025-06-30_S07_politiche-culturali-e-dello-sport.xlsx",
            "PEG_2025-06-30_S09_istruzione-ed-educazione.xlsx",
            "PEG_2025-06-30_S08_welfare-e-politiche-abitative.xlsx",
            "PEG_2025-06-30_S05_opere-pubbliche-ambiente-ed-energia.xlsx",
            "PEG_2025-06-30_ND_servizi-ai-cittadini.xlsx",
        ]
    )
    assert len(names) == len(seed_plan.sectors)


@pytest.mark.parametrize("sector", ["S07", "S09", "S08", "S05", "ND"])
def test_everything_of_the_sector_and_nothing_else(
    june_dir: Path, seed_plan: Plan, sector: str
) -> None:
    wb = openpyxl.load_workbook(workbook_of(june_dir, sector))
    objectives = seed_plan.objectives_of(sector)
    phase_ids = [p.id for o in objectives for p in o.phases]
    indicator_ids = [i.id for o in objectives for i in o.indicators]
    fasi = [i for i in _ids(wb["Fasi"]) if "/" in i]
    indicatori = [i for i in _ids(wb["Indicatori"]) if "/" in i]
    assert fasi == phase_ids
    assert indicatori == indicator_ids
    cards = {i.split("#")[0] for i in _ids(wb["Obiettivi"])}
    assert cards == {o.code for o in objectives}
    # the texts are there, as in the plan
    names = [
        wb["Fasi"].cell(r, 2).value
        for r in range(3, wb["Fasi"].max_row + 1)
        if "/" in str(wb["Fasi"].cell(r, 1).value)
    ]
    assert names == [p.name for o in objectives for p in o.phases]


def test_structure_and_protection(june_dir: Path) -> None:
    path = workbook_of(june_dir, "S07")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(layout.INTERIM_FORM.sheets())
    assert wb.sheetnames == [*layout.SHEETS[:-1], layout.S_MONITORING, layout.S_META]
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
    assert wb.security is not None and wb.security.lockStructure
    assert wb["_pegxl"].sheet_state == "veryHidden"
    assert wb["Istruzioni"].sheet_state == "visible"
    xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    # schema order: workbookPr, workbookProtection, bookViews
    assert xml.index("<workbookPr") < xml.index("<workbookProtection") < xml.index("<bookViews")


def test_exactly_the_input_cells_are_unlocked(june_dir: Path, seed_plan: Plan) -> None:
    wb = openpyxl.load_workbook(workbook_of(june_dir, "S07"))
    fasi = wb["Fasi"]
    expected = set()
    for r in range(3, fasi.max_row + 1):
        if "/" in str(fasi.cell(r, 1).value):
            # Avanzamento, Inizio/Fine Effettiva, Note; at interim the proposed end
            expected |= {f"{col}{r}" for col in "HIJKL"}
    assert [fasi.cell(2, c).value for c in range(8, 13)] == [
        "Avanzamento (%)",
        "Inizio Effettivo",
        "Fine Effettiva",
        "Note",
        "Nuova fine prevista proposta",
    ]
    assert _inputs(fasi) == expected
    ind = wb["Indicatori"]
    heads = [c.value for c in ind[2]]
    assert heads == [
        "ID",
        "Descrizione",
        "Tipo",
        "Valore Atteso",
        "Valore Raggiunto 2024",
        "Valore Raggiunto 2023",
        "Da inserire",
        "Valore Raggiunto",
        "Note",
        "Nuovo valore atteso proposto",
    ]
    expected = {
        f"{col}{r}"
        for r in range(3, ind.max_row + 1)
        if "/" in str(ind.cell(r, 1).value)
        for col in "HIJ"
    }
    assert _inputs(ind) == expected
    mon = wb["Monitoraggio"]
    assert [c.value for c in mon[2]] == [
        "ID",
        "Obiettivo",
        "Responsabile",
        "Stato di attuazione",
        "Raggiungibile al 31/12",
        "Criticità",
        "Azioni correttive",
        "Proposta di rimodulazione",
        "Motivazione della proposta",
    ]
    codes = [o.code for o in seed_plan.objectives_of("S07")]
    assert [mon.cell(r, 1).value for r in range(3, 3 + len(codes))] == codes
    assert mon.cell(3 + len(codes), 1).value is None  # one row per objective, nothing else
    assert _inputs(mon) == {f"{c}{r}" for r in range(3, 3 + len(codes)) for c in "DEFGHI"}
    for name in ("Istruzioni", "Obiettivi", "_pegxl"):
        assert _inputs(wb[name]) == set()


def test_the_final_workbook_asks_no_monitoring_questions(tmp_path: Path, seed_plan: Plan) -> None:
    [path] = generate(seed_plan, DECEMBER, tmp_path, ["S07"]).files
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(layout.SHEETS)
    heads = {c.value for ws in wb.worksheets for row in ws.iter_rows(max_row=2) for c in row}
    for header in ("Nuova fine prevista proposta", "Nuovo valore atteso proposto"):
        assert header not in heads
    assert "Raggiungibile al 31/12" not in heads


def _validations(ws: Worksheet) -> dict[str, tuple[str, str | None]]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in row:
                    out[c.coordinate] = (dv.type, dv.formula1)
        assert dv.showErrorMessage and dv.showInputMessage
        assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255
        assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
    return out


def test_validation_on_every_input_cell(june_dir: Path, seed_plan: Plan) -> None:
    for sector in ("S07", "S09", "S08"):
        wb = openpyxl.load_workbook(workbook_of(june_dir, sector))
        fasi = wb["Fasi"]
        v = _validations(fasi)
        for cell in _inputs(fasi):
            col = cell[0]
            if col == "H":
                assert v[cell] == ("decimal", "0"), cell
            elif col in "IJL":  # actual dates; the proposed end, a date like the plan's
                assert v[cell][0] == "date", cell
            else:
                assert col == "K" and cell not in v  # Note is free text
        ind = wb["Indicatori"]
        v = _validations(ind)
        kinds = {i.id: i.kind.value for i in seed_plan.indicators()}
        for r in range(3, ind.max_row + 1):
            rid = str(ind.cell(r, 1).value)
            if "/" not in rid:
                continue
            typ, f1 = v[f"H{r}"]
            expected = {
                "done": "list",
                "number": "decimal",
                "percent": "decimal",
                "date": "date",
                "text": "textLength",
            }[kinds[rid]]
            assert typ == expected, (rid, typ)
            if typ == "list":
                assert f1 == '"Fatto,Non fatto"'  # an inline list: survives Excel and LibreOffice
            assert v[f"J{r}"][0] == typ, rid  # the proposed target: validated like the plan's
        mon = wb["Monitoraggio"]
        v = _validations(mon)
        for cell in _inputs(mon):
            col = cell[0]
            if col == "D":
                assert v[cell] == ("list", '"In linea,In ritardo,Critico"'), cell
            elif col == "E":
                assert v[cell] == ("list", '"Sì,Parzialmente,No"'), cell
            else:
                assert v[cell] == ("textLength", "2000"), cell


def test_conditional_formats_flag_wrong_values_never_empty_cells(june_dir: Path) -> None:
    wb = openpyxl.load_workbook(workbook_of(june_dir, "S07"))
    rules = {
        str(cf.sqref).split()[0][0]: [r.formula[0] for r in cf.rules]
        for cf in wb["Fasi"].conditional_formatting
    }
    assert "H4>100" in rules["H"][0] and "H4<0" in rules["H"][0]
    assert 'H4=""' not in rules["H"][0]  # a blank sheet opens with nothing red
    assert "J4<I4" in rules["J"][0]


def test_final_period_requires_more(tmp_path: Path, seed_plan: Plan) -> None:
    [path] = generate(seed_plan, DECEMBER, tmp_path, ["S07"]).files
    wb = openpyxl.load_workbook(path)
    assert "Rendicontazione finale al 31/12/2025" in wb["Fasi"]["B1"].value
    fine = next(cf for cf in wb["Fasi"].conditional_formatting if str(cf.sqref).startswith("J"))
    assert "H4=100" in fine.rules[0].formula[0]
    for cf in wb["Indicatori"].conditional_formatting:  # one rule per kind of target
        first = str(cf.sqref).split()[0].split(":")[0]
        assert f'{first}=""' not in cf.rules[0].formula[0]  # due, but to fill is not wrong
    text = "\n".join(str(c.value) for c in wb["Istruzioni"]["B"] if c.value)
    assert "rendicontazione finale" in text and "scostamento" in text


def test_people_and_printers(june_dir: Path) -> None:
    wb = openpyxl.load_workbook(workbook_of(june_dir, "S09"))
    for name in ("Obiettivi", "Fasi", "Indicatori"):
        ws = wb[name]
        assert ws.freeze_panes == "C3"
        assert ws.print_title_rows == "$1:$2"
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert "SETTORE ISTRUZIONE ED EDUCAZIONE" in ws.oddFooter.left.text
        assert "Monitoraggio intermedio al 30/06/2025" in ws.oddFooter.left.text
        assert "Pagina &P di &N" in ws.oddFooter.right.text
        assert ws.column_dimensions["A"].hidden
    props = wb.properties
    assert props.title == (
        "PEG-PIAO 2025 — SETTORE ISTRUZIONE ED EDUCAZIONE — Monitoraggio intermedio al 30/06/2025"
    )
    assert props.creator == "Città di Cinisello Balsamo"
    # wrapped texts get rows tall enough: the longest phase name needs several lines
    fasi = wb["Fasi"]
    tall = max(fasi.row_dimensions[r].height or 15 for r in range(3, fasi.max_row + 1))
    assert tall >= 40


def test_metadata_and_row_hashes(june_dir: Path, seed_plan: Plan) -> None:
    path = workbook_of(june_dir, "S05")
    wb = openpyxl.load_workbook(path)
    meta = wb["_pegxl"]
    n = len(workbook_meta.META_KEYS)
    keys = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, n + 2)}
    assert keys["schema_version"] == workbook_meta.SCHEMA_VERSION
    assert keys["plan_fingerprint"] == seed_plan.fingerprint()
    assert (keys["sector_code"], keys["period"], keys["period_kind"]) == (
        "S05",
        "2025-06-30",
        "intermedio",
    )
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert (
        custom["pegxl_sector_code"] == "S05"
        and custom["pegxl_plan_fingerprint"] == seed_plan.fingerprint()
    )
    first = len(workbook_meta.META_KEYS) + 3  # keys, a blank row, the header of the row table
    assert meta.cell(first, 1).value == "|".join(workbook_meta.META_ROWS_HEADER)
    cells = [str(meta.cell(r, 1).value) for r in range(first + 1, meta.max_row + 1)]
    assert len(cells) == 1  # a small sector: the whole row table fits in one cell
    rows = [line.rsplit("|", 3) for cell in cells for line in cell.split("\n")]
    assert all(len(r) == 4 and r[2].isdigit() for r in rows)
    ids = {(r[1], r[0]) for r in rows}
    for sheet in ("Fasi", "Indicatori", "Obiettivi"):
        for rid in _ids(wb[sheet]):
            assert (sheet, rid) in ids
    assert all(len(r[3]) == 20 for r in rows)


def test_deterministic_bytes(tmp_path: Path, seed_plan: Plan, june_dir: Path) -> None:
    again = generate(seed_plan, JUNE, tmp_path)
    for f in again.files:
        assert f.read_bytes() == (june_dir / f.name).read_bytes(), f.name


def test_strings_are_never_formulas_or_links(tmp_path: Path, seed_plan: Plan) -> None:
    from dataclasses import replace

    o = seed_plan.objectives[0]
    p = replace(o.phases[0], name='=HYPERLINK("http://x","clic")', note="https://example.org")
    plan = replace(
        seed_plan, objectives=(replace(o, phases=(p, *o.phases[1:])), *seed_plan.objectives[1:])
    )
    [path] = generate(plan, JUNE, tmp_path, ["S07"]).files
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet3.xml").decode()
    assert "<f>" not in xml and "hyperlink" not in xml.lower()
    assert "xl/worksheets/_rels/sheet3.xml.rels" not in zipfile.ZipFile(path).namelist()


def test_password(tmp_path: Path, seed_plan: Plan) -> None:
    [path] = generate(
        seed_plan, JUNE, tmp_path, ["S05"], GenerateOptions(password="Cinisello")
    ).files
    wb = openpyxl.load_workbook(path)
    h = legacy_password_hash("Cinisello")
    assert wb.security.workbookPassword == h
    assert all(ws.protection.password == h for ws in wb.worksheets)


@pytest.mark.parametrize("password", [None, "Cinisello"])
def test_the_structure_lock_is_the_same_whether_xlsxwriter_writes_it_or_not(
    tmp_path: Path, seed_plan: Plan, monkeypatch: pytest.MonkeyPatch, password: str | None
) -> None:
    """XlsxWriter has no API for the structure lock: a subclass writes it; an XlsxWriter that
    does not call the subclass's hook gets it by a rewrite of the file, with the same bytes."""
    options = GenerateOptions(password=password)
    [hooked] = generate(seed_plan, JUNE, tmp_path / "a", ["S05"], options).files
    from pegxl import outputs
    from pegxl.workbook import writer

    # a workbook whose class writes no lock (as with an XlsxWriter that never calls the hook)
    monkeypatch.setattr(
        writer, "new_workbook", lambda path, protection=(): outputs.new_workbook(path)
    )
    [rewritten] = generate(seed_plan, JUNE, tmp_path / "b", ["S05"], options).files

    def workbook_xml(path: Path) -> bytes:
        return zipfile.ZipFile(path).read("xl/workbook.xml")

    assert b"<workbookProtection" in workbook_xml(hooked)
    assert workbook_xml(rewritten) == workbook_xml(hooked)
    wb = openpyxl.load_workbook(hooked)
    assert wb.security is not None and wb.security.lockStructure
    if password:
        assert wb.security.workbookPassword == legacy_password_hash(password)


def test_english(tmp_path: Path, seed_plan: Plan) -> None:
    [path] = generate(seed_plan, JUNE, tmp_path, ["S05"], GenerateOptions(lang="en")).files
    wb = openpyxl.load_workbook(path)
    assert wb["Fasi"]["H2"].value == "Progress (%)"
    assert "Intermediate monitoring at 30/06/2025" in wb["Fasi"]["B1"].value
    assert wb["Istruzioni"]["B4"].value == "What to fill in"


def test_options_in_instructions(tmp_path: Path, seed_plan: Plan) -> None:
    opts = GenerateOptions(deadline=date(2025, 7, 20), contact="Ufficio Controllo, perf@comune.it")
    [path] = generate(seed_plan, JUNE, tmp_path, ["S05"], opts).files
    text = "\n".join(
        str(c.value) for c in openpyxl.load_workbook(path)["Istruzioni"]["B"] if c.value
    )
    assert "entro il 20/07/2025 a: Ufficio Controllo, perf@comune.it" in text
    assert "02/01/2025 viene letta come 1 febbraio" in text


def test_prefill_columns(tmp_path: Path, seed_plan: Plan) -> None:
    from pegxl.values import Kind, Value

    values = {
        "2025_S05_04/F1": {"progress": 60.0, "actual_start": date(2025, 1, 7), "note": "in linea"},
        "2025_S05_04/I1": {"achieved": Value(Kind.NUMBER, 2.0), "note": "ok"},
    }
    pre = Prefill(JUNE, values, fill_inputs=True)
    [path] = generate(seed_plan, DECEMBER, tmp_path, ["S05"], GenerateOptions(prefill=pre)).files
    wb = openpyxl.load_workbook(path)
    fasi, ind = wb["Fasi"], wb["Indicatori"]
    heads = [c.value for c in fasi[2]]
    assert "Avanzamento al 30/06 (%)" in heads
    ref = heads.index("Avanzamento al 30/06 (%)") + 1
    assert fasi.cell(4, ref).value == 60 and fasi.cell(4, ref).protection.locked
    # with fill_inputs the editable cells start from the June values
    prog = heads.index("Avanzamento (%)") + 1
    assert fasi.cell(4, prog).value == 60 and fasi.cell(4, prog).protection.locked is False
    iheads = [c.value for c in ind[2]]
    assert ind.cell(4, iheads.index("Valore Raggiunto al 30/06") + 1).value == 2
    meta = {wb["_pegxl"].cell(r, 1).value: wb["_pegxl"].cell(r, 2).value for r in range(2, 15)}
    assert meta["prefill_period"] == "2025-06-30"


@pytest.mark.parametrize(("chars", "schema", "sep"), [(200, "2", "|"), (1, "1", "\t")])
def test_a_long_row_table_spans_several_cells(
    tmp_path: Path,
    seed_plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    chars: int,
    schema: str,
    sep: str,
) -> None:
    """The row table is cut into cells of at most META_CELL_CHARS characters (Excel holds
    32,767 per cell); the reader joins them back and finds every row. Schema 1 wrote one row
    per cell: still read."""
    from pegxl.returns.batch import check

    monkeypatch.setattr(workbook_meta, "META_CELL_CHARS", chars)
    monkeypatch.setattr(workbook_meta, "SCHEMA_VERSION", schema)
    monkeypatch.setattr(workbook_meta, "META_ROWS_SEP", sep)
    [path] = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path, ["S08"]).files
    meta = openpyxl.load_workbook(path)["_pegxl"]
    first = len(workbook_meta.META_KEYS) + 4
    cells = [str(meta.cell(r, 1).value) for r in range(first, meta.max_row + 1)]
    assert len(cells) > 5 and all(len(c) <= 200 or "\n" not in c for c in cells)
    report = check(seed_plan, [path])
    assert [f.code for f in report.findings if f.code.startswith("STRUCT")] == []
    assert report.returns[0].values


def test_many_workbooks_are_written_by_worker_processes_with_the_same_bytes(
    tmp_path: Path, seed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A region's hundreds of sectors are written one process per core; each file is the same,
    byte for byte, as one process writes it, and they come back in order."""
    from pegxl import workers

    assert workers.count(5) == 1  # a town hall's handful: one process
    sequential = generate(seed_plan, JUNE, tmp_path / "one").files
    monkeypatch.setattr(workers, "count", lambda n: 2)
    parallel = generate(seed_plan, JUNE, tmp_path / "two").files
    assert [p.name for p in parallel] == [p.name for p in sequential]
    assert [p.read_bytes() for p in parallel] == [p.read_bytes() for p in sequential]

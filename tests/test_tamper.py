"""Tampering: every kind of change to a return is reported with its code, sheet and cell."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.returns.reader import read_return
from pegxl.workbook.writer import generate

from . import hostile

JUNE = Period.of(date(2025, 6, 30))


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> Path:
    out = tmp_path_factory.mktemp("tamper")
    [path] = generate(seed_plan, JUNE, out, ["S07"]).files
    return path


def edit(src: Path, dst: Path, fn: Callable[[Any], None]) -> Path:
    wb = openpyxl.load_workbook(src)
    wb["Fasi"]["H4"] = 50  # every tampered file is otherwise filled in a little
    fn(wb)
    wb.save(dst)
    return dst


def codes(path: Path, plan: Plan) -> list[tuple[str, str | None, str | None]]:
    ret = read_return(path, plan)
    return [(f.code, f.sheet, f.cell) for f in ret.findings]


def test_untouched_return_is_clean(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    p = edit(blank, tmp_path / "ok.xlsx", lambda wb: None)
    assert codes(p, seed_plan) == []


def test_plan_texts_xml_cannot_hold_are_not_tampering(tmp_path: Path, seed_plan: Plan) -> None:
    """XlsxWriter writes a form feed as _x000C_ and a literal _x000B_ as _x005F_x000B_: read
    undecoded, an untouched return reported a false STRUCT-011 on those cells."""
    from dataclasses import replace

    o = next(o for o in seed_plan.objectives if o.sector_code == "S07")
    odd = replace(
        o,
        title=o.title + " \ufffe",
        modalita="Prima\x0cpagina\ncodice letterale _x000B_ e _x005F_",
        phases=(replace(o.phases[0], name="Fase\x0cuno _x000C_"), *o.phases[1:]),
    )
    plan = replace(seed_plan, objectives=tuple(odd if x is o else x for x in seed_plan.objectives))
    [path] = generate(plan, JUNE, tmp_path, ["S07"]).files
    filled = edit(path, tmp_path / "filled.xlsx", lambda wb: None)  # saved by openpyxl too
    assert codes(path, plan) == [] or all(c != "STRUCT-011" for c, _, _ in codes(path, plan))
    assert [c for c, _, _ in codes(filled, plan) if c.startswith("STRUCT")] == []


def test_locked_content_changed(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        wb["Fasi"]["E4"] = 99  # Peso
        wb["Indicatori"]["D4"] = 1  # Valore Atteso
        wb["Fasi"]["B3"] = "un altro obiettivo"  # the band
        wb["Obiettivi"]["C4"] = "un altro responsabile"  # a card line

    got = codes(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert ("STRUCT-011", "Fasi", "E4") in got
    assert ("STRUCT-011", "Indicatori", "D4") in got
    assert ("STRUCT-011", "Fasi", "B3") in got
    assert ("STRUCT-011", "Obiettivi", "C4") in got
    ret = read_return(tmp_path / "x.xlsx", seed_plan)
    f = next(f for f in ret.findings if f.cell == "E4")
    assert (f.raw, f.expected, f.row_id) == ("99", "50", "2025_S07_01/F1")


def test_row_deleted(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    got = codes(edit(blank, tmp_path / "x.xlsx", lambda wb: wb["Fasi"].delete_rows(5)), seed_plan)
    assert ("STRUCT-012", "Fasi", "A5") in got
    assert not any(c == "STRUCT-014" for c, _, _ in got)  # rows below shifted, not moved


def test_row_added(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        ws = wb["Fasi"]
        ws.insert_rows(6)
        ws["A6"] = "2025_S07_01/F9"
        ws["B6"] = "una fase nuova"
        ws["H6"] = 30

    got = codes(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert ("STRUCT-013", "Fasi", "A6") in got


def test_row_moved(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        ws = wb["Fasi"]
        a = [c.value for c in ws[4]]
        b = [c.value for c in ws[5]]
        for i, (x, y) in enumerate(zip(a, b, strict=True), start=1):
            ws.cell(4, i).value, ws.cell(5, i).value = y, x

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert any(f.code == "STRUCT-014" for f in ret.findings)
    assert ret.value("2025_S07_01/F1", "progress").cell == "H5"  # type: ignore[union-attr]
    assert ret.value("2025_S07_01/F1", "progress").value.value == 50  # type: ignore[union-attr]


def test_row_duplicated(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        ws = wb["Fasi"]
        ws.insert_rows(5)
        for i, c in enumerate(ws[4], start=1):
            ws.cell(5, i).value = c.value

    got = codes(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert ("STRUCT-015", "Fasi", "A5") in got


def test_sheet_renamed_added_removed(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        wb["Indicatori"].title = "Indicatori 2025"
        wb.create_sheet("Appunti")["A1"] = "promemoria"
        del wb["Istruzioni"]

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    got = [(f.code, f.sheet) for f in ret.findings]
    assert ("STRUCT-008", "Indicatori 2025") in got
    assert ("STRUCT-007", "Appunti") in got
    assert ("STRUCT-006", "Istruzioni") in got
    assert any(v.sheet == "Indicatori 2025" for v in ret.values)  # still read

    ret = read_return(edit(blank, tmp_path / "y.xlsx", lambda wb: wb.remove(wb["Fasi"])), seed_plan)
    assert ("STRUCT-006", "Fasi") in [(f.code, f.sheet) for f in ret.findings]


def test_protection_removed(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        wb["Fasi"].protection.sheet = False
        wb.security.lockStructure = False

    got = codes(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert got == [("STRUCT-010", "Fasi", None)]


def test_values_outside_the_input_cells(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        wb["Fasi"]["M4"] = "fatto tutto"  # right of the table
        wb["Fasi"]["H40"] = 70  # below the table

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    got = {(f.code, f.cell, f.raw) for f in ret.findings}
    assert ("STRUCT-016", "M4", "fatto tutto") in got
    assert ("STRUCT-016", "H40", "70") in got


def test_a_block_pasted_beside_the_table_is_counted_not_listed_cell_by_cell(
    blank: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    """600 values pasted right of the table and below it: the first 200 are listed with their
    cells, the other 400 are counted in one finding that says so."""

    def fn(wb: Any) -> None:
        for r in range(4, 64):
            for c in range(13, 23):  # columns M to V
                wb["Fasi"].cell(r, c).value = r * c

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    listed = [f for f in ret.findings if f.code == "STRUCT-016"]
    assert len(listed) == 200 and all(f.cell and f.raw for f in listed)
    [more] = [f for f in ret.findings if f.code == "STRUCT-021"]
    assert (more.raw, more.expected) == ("400", "STRUCT-016")
    assert "400" in more.message_it and "STRUCT-016" in more.message_en
    assert ret.value("2025_S07_01/F1", "progress").value.value == 50  # type: ignore[union-attr]


def test_metadata_visible_is_a_warning_not_tampering(
    blank: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    p = edit(blank, tmp_path / "x.xlsx", lambda wb: setattr(wb["_pegxl"], "sheet_state", "visible"))
    ret = read_return(p, seed_plan)
    assert [(f.code, f.severity.value) for f in ret.findings] == [("STRUCT-009", "warning")]
    p = edit(blank, tmp_path / "y.xlsx", lambda wb: setattr(wb["_pegxl"], "sheet_state", "hidden"))
    assert codes(p, seed_plan) == []


def test_metadata_sheet_deleted_falls_back_to_properties(
    blank: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    p = edit(blank, tmp_path / "x.xlsx", lambda wb: wb.remove(wb["_pegxl"]))
    ret = read_return(p, seed_plan)
    assert ret.sector == "S07" and ret.period == JUNE
    assert ret.value("2025_S07_01/F1", "progress").value.value == 50  # type: ignore[union-attr]


def test_not_a_pegxl_workbook(tmp_path: Path, seed_plan: Plan) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Avanzamento"
    wb.save(tmp_path / "x.xlsx")
    ret = read_return(tmp_path / "x.xlsx", seed_plan)
    assert ret.status == "rejected" and ret.findings[0].code == "STRUCT-001"


def test_other_plan_version(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        ws = wb["_pegxl"]
        for r in range(1, 15):
            if ws.cell(r, 1).value == "plan_fingerprint":
                ws.cell(r, 2).value = "0" * 64

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert "STRUCT-003" in [f.code for f in ret.findings]


def test_a_schema_this_reader_does_not_know(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    """A workbook of a future layout (or one whose metadata was tampered with) is refused: a
    reader must not misread columns it does not know."""

    def fn(wb: Any) -> None:
        ws = wb["_pegxl"]
        for r in range(1, 15):
            if ws.cell(r, 1).value == "schema_version":
                ws.cell(r, 2).value = "9"
        wb.custom_doc_props["pegxl_schema_version"].value = "9"

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert ret.status == "rejected"
    assert [(f.code, f.raw, f.expected) for f in ret.findings] == [("STRUCT-002", "9", "2")]


def test_other_sector_and_other_period_in_a_batch(tmp_path: Path, seed_plan: Plan) -> None:
    june = generate(seed_plan, JUNE, tmp_path / "june", ["S07", "S05"]).files
    dec = generate(seed_plan, Period.of(date(2025, 12, 31)), tmp_path / "dec", ["S09"]).files
    copy = tmp_path / "S07_copia.xlsx"
    copy.write_bytes(june[0].read_bytes())  # the same sector's file sent twice
    report = check(seed_plan, [*june, copy, *dec])
    by_file = {Path(r.path).name: [f.code for f in r.findings] for r in report.returns}
    assert "STRUCT-005" in by_file[dec[0].name]  # last year's / another period's file
    # the sector's two files: one counts, the other is a copy of it, said once, as information
    assert report.selection is not None
    fate = {Path(r.path).name: r.status.value for r in report.selection.rows if r.path}
    assert sorted([fate[copy.name], fate[june[0].name]]) == ["conteggiato_con_errori", "superato"]
    # and S09, whose only file is December's, is missing for June
    assert [(f.code, f.raw) for f in report.choice] == [("SCORE-015", "S07"), ("SCORE-023", "S09")]
    # said once, by SCORE-023; the sectors that sent nothing at all by STRUCT-019
    assert [(f.code, f.raw) for f in report.batch] == [("STRUCT-019", "S08"), ("STRUCT-019", "ND")]
    assert "STRUCT-018" not in {f.code for f in report.findings}
    report = check(seed_plan, [*june, *dec], period=Period.of(date(2025, 12, 31)))
    assert all("STRUCT-005" in [f.code for f in r.findings] for r in report.returns[:2])


def test_unknown_sector(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    def fn(wb: Any) -> None:
        ws = wb["_pegxl"]
        for r in range(1, 15):
            if ws.cell(r, 1).value == "sector_code":
                ws.cell(r, 2).value = "S99"

    ret = read_return(edit(blank, tmp_path / "x.xlsx", fn), seed_plan)
    assert ret.status == "rejected" and "STRUCT-004" in [f.code for f in ret.findings]


def test_header_renamed(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    got = codes(
        edit(blank, tmp_path / "x.xlsx", lambda wb: wb["Fasi"].__setitem__("H2", "Stato")),
        seed_plan,
    )
    assert ("STRUCT-017", "Fasi", None) in got


def test_formula_in_an_input_cell(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    """openpyxl saves formulas without cached values: that is VALUE-005; a cached value is
    read and reported (VALUE-004)."""
    p = edit(blank, tmp_path / "x.xlsx", lambda wb: wb["Fasi"].__setitem__("H5", "=20+30"))
    [ret] = check(seed_plan, [p]).returns
    assert ("VALUE-005", "H5") in [(f.code, f.cell) for f in ret.findings]
    cached = hostile.rewrite(
        p,
        tmp_path / "y.xlsx",
        lambda n, b: (
            b.replace(b"<f>20+30</f><v></v>", b"<f>20+30</f><v>50</v>").replace(
                b"<f>20+30</f>", b"<f>20+30</f><v>50</v>"
            )
            if n == "xl/worksheets/sheet3.xml"
            else b
        ),
    )
    [ret] = check(seed_plan, [cached]).returns
    got = [(f.code, f.cell) for f in ret.findings]
    assert ("VALUE-004", "H5") in got
    assert ret.value("2025_S07_01/F2", "progress").value.value == 50  # type: ignore[union-attr]
    assert zipfile.is_zipfile(cached)


def test_sheet_renamed_in_an_english_workbook(tmp_path: Path, seed_plan: Plan) -> None:
    from pegxl.workbook.writer import GenerateOptions

    [path] = generate(seed_plan, JUNE, tmp_path, ["S05"], GenerateOptions(lang="en")).files
    wb = openpyxl.load_workbook(path)
    wb["Fasi"].title = "Phases"
    wb.save(path)
    ret = read_return(path, seed_plan)
    assert ("STRUCT-008", "Phases") in [(f.code, f.sheet) for f in ret.findings]
    assert any(v.sheet == "Phases" and v.column == "Progress (%)" for v in ret.values)

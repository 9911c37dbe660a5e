"""The plan workbook loader: every cell is read or reported, whatever the office did to the file.

Each test writes a plan workbook as small tables (or edits the saved example) and asserts the
exact list of findings."""

from __future__ import annotations

import re
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from pegxl import load_plan, save_plan
from pegxl.plan.pegtext import ImportResult

from .tables import flatten, plan_tables, write_book

WHERE = ["code", "sheet", "cell"]


def test_the_smallest_sound_plan_has_nothing_to_report(tmp_path: Path) -> None:
    r = load_plan(write_book(tmp_path / "p.xlsx", plan_tables()))
    assert r.findings == []
    assert r.plan is not None
    assert [p.id for p in r.plan.phases()] == ["2025_S01_01/F1", "2025_S01_01/F2"]
    assert [i.target.value for i in r.plan.indicators() if i.target] == [120.0]


def _shrink_dimension(src: Path, dst: Path, sheet_part: str, ref: str) -> Path:
    """The plan with the stored <dimension> of one sheet made smaller than the sheet."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == sheet_part:
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data
                )
                assert n == 1
            zout.writestr(info, data)
    return dst


def test_a_stored_dimension_smaller_than_the_sheet_loses_nothing(
    seed_plan_path: Path, seed_result: ImportResult, tmp_path: Path
) -> None:
    """openpyxl's read-only mode trusts <dimension>: 51 of 100 phases vanished without a word."""
    lying = seed_plan_path
    for part in ("xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml"):
        lying = _shrink_dimension(lying, tmp_path / f"{part[-10:-4]}.xlsx", part, "A1:C50")
    r = load_plan(lying)
    assert r.plan == seed_result.plan
    assert seed_result.plan is not None and len(list(r.plan.phases())) == 100  # type: ignore[union-attr]
    assert not any(f.severity.value == "error" for f in r.findings)


def test_recognisable_variants_of_headers_are_read_and_reported(tmp_path: Path) -> None:
    tables = plan_tables()
    tables["Fasi"][0] = [
        "ID fase",
        "Codice obiettivo",
        "FASE",
        "Inizio previsto (gg/mm/aaaa)",
        "Data fine prevista",
        "Peso (%)",
        "Note:",
    ]
    tables["Fasi"][1][6] = "da verificare"
    tables["Indicatori"][0][5] = "Valore atteso 2025"
    tables["Indicatori"][0].append("Valore raggiunto anno 2024")
    tables["Indicatori"][1].append(95)
    r = load_plan(write_book(tmp_path / "p.xlsx", tables))
    assert flatten(r.findings, [*WHERE, "raw", "expected"]) == [
        ("PLAN-023", "Fasi", "D1", "Inizio previsto (gg/mm/aaaa)", "Inizio Previsto"),
        ("PLAN-023", "Fasi", "E1", "Data fine prevista", "Fine Prevista"),
        ("PLAN-023", "Fasi", "F1", "Peso (%)", "Peso"),
        ("PLAN-023", "Fasi", "G1", "Note:", "Note"),
        ("PLAN-023", "Indicatori", "F1", "Valore atteso 2025", "Valore Atteso"),
        ("PLAN-023", "Indicatori", "G1", "Valore raggiunto anno 2024", "Valore Raggiunto 2024"),
    ]
    assert r.plan is not None
    first = r.plan.objectives[0].phases[0]
    assert (first.planned_start, first.planned_end, first.weight, first.note) == (
        date(2025, 1, 1),
        date(2025, 6, 30),
        60.0,
        "da verificare",
    )
    ind = r.plan.objectives[0].indicators[0]
    assert ind.target is not None and ind.target.value == 120.0
    assert [(p.year, p.value.value) for p in ind.prior] == [(2024, 95.0)]


def test_unknown_duplicated_and_headerless_columns_are_reported(tmp_path: Path) -> None:
    tables = plan_tables()
    fasi = tables["Fasi"]
    fasi[0] += ["Budget", "Peso", "Commenti interni", None]
    fasi[1] += [1000, 60, None, "senza intestazione"]  # the copy of Peso agrees here...
    fasi[2] += [2000, 45, None, None]  # ...but not here
    r = load_plan(write_book(tmp_path / "p.xlsx", tables))
    assert flatten(r.findings, [*WHERE, "severity"]) == [
        ("PLAN-022", "Fasi", "H1", "warning"),  # Budget: 2 values not read
        ("PLAN-022", "Fasi", "J1", "info"),  # an empty unknown column
        ("PLAN-024", "Fasi", "I1", "error"),  # Peso twice, the copy differs
        ("PLAN-028", "Fasi", "K2", "warning"),  # a value under no header
    ]
    assert "2 valori" in r.findings[0].message_it
    assert "F1" in r.findings[2].message_it and "I3" in r.findings[2].message_it
    tables["Fasi"][2][8] = 40  # now the copy agrees everywhere: a warning
    r = load_plan(write_book(tmp_path / "q.xlsx", tables))
    dup = next(f for f in r.findings if f.code == "PLAN-024")
    assert dup.severity.value == "warning"


def test_formulas_sheets_and_fields_outside_the_plan_are_reported(tmp_path: Path) -> None:
    tables = plan_tables()
    tables["Piano"].append(["Referente", "Ufficio Performance"])
    tables["Fasi"][2][5] = "=100-60"
    tables["Appunti"] = [["da fare", "chiamare il settore"]]
    path = write_book(tmp_path / "p.xlsx", tables)
    r = load_plan(path)
    # openpyxl saves a formula without a result: it cannot be read
    assert flatten(r.findings, WHERE) == [
        ("PLAN-027", "Appunti", None),
        ("PLAN-028", "Piano", "A4"),
        ("PLAN-026", "Fasi", "F3"),
        ("PLAN-004", "Fasi", "F3"),  # so the phase has no weight, and the rules say so
        ("PLAN-005", "Fasi", "F2"),
    ]
    assert r.findings[2].severity.value == "error"
    # a formula saved with its result (as Excel and LibreOffice do) is read and reported
    with zipfile.ZipFile(path) as zin:
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
    sheet = next(n for n, d in parts.items() if b"<f>100-60</f>" in d)
    # openpyxl writes the empty result as <v /> or <v></v> (with lxml): either way, fill it in
    parts[sheet] = re.sub(
        rb"<f>100-60</f><v\s*(?:/>|></v>)", b"<f>100-60</f><v>40</v>", parts[sheet]
    )
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(cached, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    r = load_plan(cached)
    assert flatten(r.findings, WHERE)[2] == ("PLAN-025", "Fasi", "F3")
    assert r.plan is not None and r.plan.objectives[0].phases[1].weight == 40.0


def test_an_objective_without_title_loads_without_cascading_errors(tmp_path: Path) -> None:
    """The export lost a title: import warned, and generate then failed with misleading
    errors about every phase. Now the plan loads, with the same warning."""
    tables = plan_tables()
    tables["Obiettivi"][1][2] = None
    tables["Settori"][1][1] = None
    r = load_plan(write_book(tmp_path / "p.xlsx", tables))
    assert flatten(r.findings, WHERE) == [
        ("PLAN-032", "Settori", "B2"),
        ("PLAN-019", "Obiettivi", "C2"),
    ]
    assert r.plan is not None and len(r.plan.objectives[0].phases) == 2


def test_rows_without_ids_get_ids_in_linear_time(tmp_path: Path) -> None:
    """Assigning ids was quadratic (40,000 rows took 51 s)."""
    n = 20_000
    fasi = [plan_tables()["Fasi"][0]]
    fasi += [
        [None, "2025_S01_01", f"Fase {k}", date(2025, 1, 1), date(2025, 2, 1), None, None]
        for k in range(n)
    ]
    fasi[1][5] = 100
    path = write_book(tmp_path / "big.xlsx", plan_tables(Fasi=fasi))
    start = time.perf_counter()
    r = load_plan(path)
    elapsed = time.perf_counter() - start
    assert r.plan is not None
    ids = [p.id for p in r.plan.phases()]
    assert ids[0] == "2025_S01_01/F1" and ids[-1] == f"2025_S01_01/F{n}" and len(set(ids)) == n
    assert elapsed < 60  # a sanity bound far above the linear cost (seconds), not a benchmark


def _one_cell_xlsx(path: Path, ref: str) -> Path:
    """A plan workbook whose Fasi sheet has one more cell, far away (a few bytes, any extent)."""
    wb = openpyxl.load_workbook(write_book(path.with_suffix(".tmp.xlsx"), plan_tables()))
    wb["Fasi"][ref] = "lontano"
    wb.save(path)
    return path


def test_a_plan_beyond_the_limits_is_refused_quickly(tmp_path: Path) -> None:
    for ref in ("A1000000", "ZZ2"):
        start = time.perf_counter()
        r = load_plan(_one_cell_xlsx(tmp_path / f"far_{ref}.xlsx", ref))
        assert r.plan is None
        assert flatten(r.findings, ["code"]) == [("PLAN-029",)]
        assert time.perf_counter() - start < 30


def test_files_that_are_not_a_plan_workbook(seed_plan_path: Path, tmp_path: Path) -> None:
    ods = tmp_path / "piano.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert flatten(load_plan(ods).findings, ["code"]) == [("PLAN-030",)]
    xls = tmp_path / "piano.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert flatten(load_plan(xls).findings, ["code"]) == [("FILE-005",)]
    assert flatten(load_plan(tmp_path).findings, ["code"]) == [("FILE-001",)]
    renamed = tmp_path / "piano_vero.xls"  # an .xlsx named .xls is read for what it is
    renamed.write_bytes(seed_plan_path.read_bytes())
    assert load_plan(renamed).plan is not None


def test_texts_with_characters_xml_cannot_hold_round_trip(
    seed_result: ImportResult, tmp_path: Path
) -> None:
    """XlsxWriter writes a form feed as _x000C_ and a literal _x000B_ as _x005F_x000B_; the
    reader decodes both (a false STRUCT-011 on an untouched return, and a flaky property test
    that drew U+FFFE, came from not decoding them)."""
    from dataclasses import replace

    assert seed_result.plan is not None
    o = seed_result.plan.objectives[0]
    odd = replace(
        o,
        modalita="Prima riga\x0cdopo un salto pagina\ncodice letterale _x000B_ e \ufffe fine",
        phases=(replace(o.phases[0], note="nota _x005F_ con\x07campanello"), *o.phases[1:]),
    )
    plan = replace(seed_result.plan, objectives=(odd, *seed_result.plan.objectives[1:]))
    loaded = load_plan(save_plan(plan, tmp_path / "p.xlsx"))
    assert loaded.plan == plan

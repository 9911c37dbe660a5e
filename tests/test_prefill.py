"""generate --prefill: it says per sector what it carried and from which file (a sector with
nothing named); it takes only a source of a period before the one generated; it notices a
master changed since pegxl wrote it (a value changed, added or removed, an ID twice, a digest
altered) and does not carry that sector's values; and it reads a region's master with a budget
from the plan, not a sector return's."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period, Plan, indicator_id, phase_id
from pegxl.results import lineage
from pegxl.results.prefill import MasterValues, load_prefill, read_master

from .conftest import MadeDemo, copy_demo
from .tables import flatten

JUNE = Period.of(date(2025, 6, 30))
DECEMBER = Period.of(date(2025, 12, 31))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, made_demo: MadeDemo) -> Path:
    """The demo's folder: the plan, June's returns and June's master."""
    return copy_demo(made_demo, tmp_path_factory.mktemp("prefill") / "d")


def _generate(
    capsys: pytest.CaptureFixture[str], demo: Path, out: Path, source: Path, *more: str
) -> tuple[int, str]:
    capsys.readouterr()
    argv = ["generate", str(demo / "piano.xlsx"), "-o", str(out), "--prefill", str(source)]
    rc = main([*argv, *(more or ("--period", "2025-12-31"))])
    return rc, capsys.readouterr().out


def _master(demo: Path) -> Path:
    return demo / "riepilogo_2025-06-30.xlsx"


def _edit(src: Path, dst: Path, sheet: str, row_id: str, header: str, value: object) -> Path:
    """The master with one cell of a row changed (saved by openpyxl: its seal is gone)."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    heads = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == row_id:
            ws.cell(r, heads.index(header) + 1).value = value
            break
    else:
        raise AssertionError(row_id)
    wb.save(dst)
    return dst


# -- what it carried ----------------------------------------------------------------------------


def test_per_sector_how_many_values_and_from_which_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_plan: Plan
) -> None:
    rc, out = _generate(capsys, demo, tmp_path / "finali", _master(demo))
    assert rc == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    head = (
        "Valori del periodo precedente (Monitoraggio intermedio al 30/06/2025) nelle colonne "
        "«al 30/06»:"
    )
    assert head in lines
    block = lines[lines.index(head) + 1 : lines.index(head) + 6]
    assert [b.split()[0] for b in block] == [s.code for s in seed_plan.sectors]
    assert "S09 nessun valore" in block  # the sector that did not reply at 30/06
    for b in block:
        if "nessun" not in b:
            assert b.endswith("da riepilogo_2025-06-30.xlsx") and int(b.split()[1]) > 0
    assert "STRUCT-030" in out and "S09" in out
    # the same in JSON, with the count of each sector equal to what its workbook shows
    rc = main(
        [
            "generate",
            str(demo / "piano.xlsx"),
            "--period",
            "2025-12-31",
            "-o",
            str(tmp_path / "j"),
            "--prefill",
            str(_master(demo)),
            "--format",
            "json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["prefill"]["period"] == "2025-06-30"
    by_sector = {s["sector"]: s for s in doc["prefill"]["sectors"]}
    assert by_sector["S09"] == {"sector": "S09", "values": 0, "files": []}
    assert by_sector["S07"]["files"] == ["riepilogo_2025-06-30.xlsx"]
    result = load_prefill(seed_plan, [_master(demo)], period=DECEMBER)
    assert result.prefill is not None
    s07 = sum(len(v) for k, v in result.prefill.values.items() if "_S07_" in k)
    assert by_sector["S07"]["values"] == s07 > 0
    assert [f.code.value for f in result.findings] == ["STRUCT-030"]


def test_from_the_returns_each_sector_names_its_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out = _generate(capsys, demo, tmp_path / "f", demo / "risposte_2025-06-30")
    assert rc == 0
    text = " ".join(out.split())
    assert "S07 82 valori da PEG_2025-06-30_S07_politiche-culturali-e-dello-sport_compilato" in text
    assert "S05 nessun valore" in text  # only a return with errors: not carried
    assert "S09 nessun valore" in text
    # the December workbook in June's folder is not of an earlier period: said, not used
    assert "STRUCT-031" in out and "PEG_2025-12-31_S07" in out


def test_only_the_chosen_sectors_are_listed(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out = _generate(
        capsys, demo, tmp_path / "f", _master(demo), "--period", "2025-12-31", "--sector", "S07"
    )
    assert rc == 0 and "STRUCT-030" not in out and " S09 " not in out
    assert "S07" in out and "valori da riepilogo_2025-06-30.xlsx" in out


def test_in_english(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = _generate(
        capsys, demo, tmp_path / "f", _master(demo), "--period", "2025-12-31", "--lang", "en"
    )
    assert rc == 0
    text = " ".join(out.split())
    assert "Values of the previous period (Final report" not in text
    assert "Values of the previous period (Intermediate monitoring at 30/06/2025)" in text
    assert "S09 no value" in text and "values from riepilogo_2025-06-30.xlsx" in text


# -- the period -------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2025-06-30", "2025-03-31", "30/06/2025"])
def test_a_master_of_the_same_or_a_later_period_is_refused(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str
) -> None:
    out_dir = tmp_path / "o"
    rc, out = _generate(capsys, demo, out_dir, _master(demo), "--period", period)
    assert rc == 1 and "STRUCT-031" in out and "errore" in out
    assert "Monitoraggio intermedio al 30/06/2025" in " ".join(out.split())
    assert not out_dir.exists()  # nothing written


def test_a_master_saved_again_of_a_later_period_is_refused_too(
    demo: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    copy = tmp_path / "copia.xlsx"
    openpyxl.load_workbook(_master(demo)).save(copy)  # the seal is gone: known by its property
    result = load_prefill(seed_plan, [copy], period=JUNE)
    assert result.prefill is None
    assert flatten(result.findings, ["code", "severity"]) == [("STRUCT-031", "error")]
    result = load_prefill(seed_plan, [copy], period=Period.of(date(2025, 9, 30)))
    assert result.prefill is not None and result.prefill.period == JUNE


# -- a master changed since pegxl wrote it ------------------------------------------------------


def _codes(result: object) -> list[tuple[str, str | None]]:
    return flatten(result, ["code", "raw"])


def test_an_honest_save_keeps_every_value(demo: Path, tmp_path: Path, seed_plan: Plan) -> None:
    copy = tmp_path / "salvata.xlsx"
    openpyxl.load_workbook(_master(demo)).save(copy)
    read = read_master(seed_plan, copy)
    original = read_master(seed_plan, _master(demo))
    assert isinstance(read, MasterValues) and isinstance(original, MasterValues)
    assert read.values == original.values and read.findings == []


@pytest.mark.parametrize(
    ("sheet", "row_id", "header", "value", "sector"),
    [
        ("Fasi", "2025_S07_01/F1", "Avanzamento", 0.99, "S07"),  # a value changed
        ("Fasi", "2025_S07_01/F1", "Avanzamento", None, "S07"),  # a value removed
        ("Fasi", "2025_S08_01/F1", "Note", "aggiunta dopo", "S08"),  # a note added
        ("Indicatori", "2025_S07_01/I1", "Valore raggiunto", 12345, "S07"),
        ("Fasi", "2025_S09_01/F1", "Avanzamento", 0.5, "S09"),  # a sector that sent nothing
        ("Fasi", "2025_ND_01/F1", "Inizio effettivo", date(2025, 2, 1), "ND"),
    ],
)
def test_a_changed_value_is_noticed_and_its_sector_not_carried(
    demo: Path,
    tmp_path: Path,
    seed_plan: Plan,
    sheet: str,
    row_id: str,
    header: str,
    value: object,
    sector: str,
) -> None:
    changed = _edit(_master(demo), tmp_path / "m.xlsx", sheet, row_id, header, value)
    result = load_prefill(seed_plan, [changed], period=DECEMBER)
    assert ("STRUCT-032", sector) in _codes(result)
    assert result.prefill is not None
    carried = {s.sector: s.values for s in result.sectors}
    assert carried[sector] == 0  # not one of that sector's values
    others = [s for s in ("S07", "S08", "ND") if s != sector]
    assert all(carried[s] > 0 for s in others)  # the others' are carried
    assert ("STRUCT-032", others[0]) not in _codes(result)


def test_an_id_twice_is_noticed(demo: Path, tmp_path: Path, seed_plan: Plan) -> None:
    wb = openpyxl.load_workbook(_master(demo))
    ws = wb["Fasi"]
    row = [c.value for c in ws[2]]
    ws.append(row)  # the first phase again at the end, as a paste would
    wb.save(tmp_path / "doppia.xlsx")
    result = load_prefill(seed_plan, [tmp_path / "doppia.xlsx"], period=DECEMBER)
    assert flatten(
        [f for f in result.findings if f.code.value == "STRUCT-033"], ["sheet", "cell", "row_id"]
    ) == [("Fasi", f"A{ws.max_row}", row[0])]
    carried = {s.sector: s.values for s in result.sectors}
    assert carried[str(row[1])] == 0


def test_a_digest_altered_is_noticed(demo: Path, tmp_path: Path, seed_plan: Plan) -> None:
    wb = openpyxl.load_workbook(_master(demo))
    for prop in wb.custom_doc_props.props:
        if prop.name == lineage.DIGEST_PROPERTY + "S08":
            prop.value = "0" * 16
    wb.save(tmp_path / "m.xlsx")
    result = load_prefill(seed_plan, [tmp_path / "m.xlsx"], period=DECEMBER)
    assert [c for c in _codes(result) if c[0] == "STRUCT-032"] == [("STRUCT-032", "S08")]


def test_a_master_of_an_earlier_pegxl_has_nothing_to_compare_with(
    demo: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    wb = openpyxl.load_workbook(_master(demo))
    wb.custom_doc_props.props = [
        p for p in wb.custom_doc_props.props if not p.name.startswith(lineage.DIGEST_PROPERTY)
    ]
    wb.save(tmp_path / "vecchia.xlsx")
    result = load_prefill(seed_plan, [tmp_path / "vecchia.xlsx"], period=DECEMBER)
    assert [c for c, _ in _codes(result)] == ["STRUCT-030"] and result.prefill is not None


def test_the_cli_says_it_and_exits_1(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = _edit(_master(demo), tmp_path / "m.xlsx", "Fasi", "2025_S07_01/F1", "Avanzamento", 1)
    rc, out = _generate(capsys, demo, tmp_path / "o", changed)
    assert rc == 1 and "STRUCT-032" in out
    text = " ".join(out.split())
    assert "I valori del settore S07 nella cartella riepilogativa «m.xlsx» non sono quelli" in text
    assert "S07 nessun valore" in text
    assert (tmp_path / "o").is_dir()  # the workbooks are written, S07's without the values


def test_the_digests_are_those_of_what_is_read_back(demo: Path, seed_plan: Plan) -> None:
    """The master's digests, made from the cells as written, are those of the values the
    prefill reads back: the round trip the tamper check stands on."""
    read = read_master(seed_plan, _master(demo))
    assert isinstance(read, MasterValues)
    found = lineage.digests(lineage.Rows(seed_plan), read.values)
    props = openpyxl.load_workbook(_master(demo)).custom_doc_props
    carried = {p.name: p.value for p in props.props if p.name.startswith(lineage.DIGEST_PROPERTY)}
    assert carried == {lineage.DIGEST_PROPERTY + s: d for s, d in found.items()}
    assert len(carried) == len(seed_plan.sectors)


# -- a region's master -----------------------------------------------------------------------


def _big_plan(base: Plan, objectives: int, items: int = 3) -> Plan:
    """``objectives`` objectives in 50 sectors, each with ``items`` phases and indicators."""
    template = next(
        o for o in base.objectives if len(o.phases) >= items and len(o.indicators) >= items
    )
    sectors = [replace(base.sectors[0], code=f"S{n:03d}", name=f"SETTORE {n}") for n in range(50)]
    objs = []
    for n in range(objectives):
        sector = sectors[n % 50].code
        code = f"2025_{sector}_{n // 50 + 1:03d}"
        phases = tuple(
            replace(p, id=phase_id(code, k), objective_code=code, weight=100 / items)
            for k, p in enumerate(template.phases[:items], 1)
        )
        inds = tuple(
            replace(i, id=indicator_id(code, k), objective_code=code)
            for k, i in enumerate(template.indicators[:items], 1)
        )
        objs.append(
            replace(template, code=code, sector_code=sector, phases=phases, indicators=inds)
        )
    return replace(base, sectors=tuple(sectors), objectives=tuple(objs))


@pytest.mark.slow
def test_the_master_of_a_5000_objective_plan_is_read(
    tmp_path: Path, seed_plan: Plan, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path = save_plan(_big_plan(seed_plan, 5000), tmp_path / "piano.xlsx")
    plan = load_plan(plan_path).plan  # the plan as every command reads it
    assert plan is not None
    folder = tmp_path / "vuota"
    folder.mkdir()
    from pegxl.results.consolidate import consolidate
    from pegxl.results.master import write_master

    result = consolidate(plan, [folder], period=JUNE)
    master = write_master(result, tmp_path / "riepilogo.xlsx")
    from pegxl.sheets.book import TooManyCells
    from pegxl.sheets.guard import Limits, check_file
    from pegxl.sheets.read import read_book

    guard = check_file(master)
    with pytest.raises(TooManyCells):  # beyond what a sector's return may hold
        read_book(str(master), guard.format or "xlsx", frozenset(), guard.parts)
    assert Limits.for_master(plan).max_cells > Limits().max_cells
    read = read_master(plan, master)
    assert isinstance(read, MasterValues), read  # not refused as too large for a return
    assert read.findings == []
    rc = main(
        [
            "generate",
            str(plan_path),
            "--period",
            "2025-12-31",
            "-o",
            str(tmp_path / "o"),
            "--sector",
            "S001",
            "--prefill",
            str(master),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "STRUCT-020" not in out and "S001" in out


@pytest.mark.client
def test_a_master_saved_again_by_libreoffice_keeps_every_value(
    demo: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    from .clients import soffice_convert

    [saved] = soffice_convert(
        [_master(demo)], "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", tmp_path / "profile"
    )
    read = read_master(seed_plan, saved)
    original = read_master(seed_plan, _master(demo))
    assert isinstance(read, MasterValues) and isinstance(original, MasterValues)
    assert read.findings == [] and read.values == original.values  # no false alarm

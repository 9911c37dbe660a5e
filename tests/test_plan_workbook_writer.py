"""The plan workbook (plan/workbook_writer, plan/workbook_reader) — lossless save/load, and
validation with sheet and cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl import load_plan, save_plan
from pegxl.model import Direction, Indicator, Link, Objective, Phase, Plan, PriorValue, Sector
from pegxl.plan.checks import CODES
from pegxl.plan.pegtext import ImportResult
from pegxl.plan.workbook_writer import SHEETS
from pegxl.values import Kind, Value, format_value, parse_auto


def test_seed_round_trip(seed_result: ImportResult, seed_plan_path: Path) -> None:
    loaded = load_plan(seed_plan_path)
    assert loaded.plan == seed_result.plan
    assert loaded.plan is not None and seed_result.plan is not None
    assert loaded.plan.fingerprint() == seed_result.plan.fingerprint()
    # the raw text of every target comes back as it was written in the export
    for a, b in zip(seed_result.plan.indicators(), loaded.plan.indicators(), strict=True):
        assert a.target is not None and b.target is not None
        assert (a.target.raw, a.id) == (b.target.raw, b.id)
    # the plan rules find in the workbook exactly what they found in the export
    codes = sorted((f.code, f.row_id) for f in loaded.findings)
    assert codes == sorted((f.code, f.row_id) for f in seed_result.findings if f.code in CODES)
    assert all(f.sheet in ("Fasi", "Obiettivi") and f.cell for f in loaded.findings)
    weights = [(f.row_id, f.cell) for f in loaded.findings if f.code == "PLAN-005"]
    assert weights == [
        ("2025_S07_01", "F2"),
        ("2025_S07_04", "F10"),
        ("2025_S08_04", "F67"),
        ("2025_ND_01", "F89"),
    ]


def test_sheets_and_typed_cells(seed_plan_path: Path) -> None:
    wb = openpyxl.load_workbook(seed_plan_path)
    assert tuple(wb.sheetnames) == SHEETS
    ws = wb["Indicatori"]
    head = [c.value for c in ws[1]]
    assert head[:8] == [
        "ID indicatore",
        "Codice obiettivo",
        "Descrizione",
        "Tipo",
        "Tipo valore",
        "Valore Atteso",
        "Direzione",
        "Valore Raggiunto",
    ]
    assert "Valore Raggiunto 2024" in head and "Valore Raggiunto 2023" in head
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    target = rows["2025_S07_03/I1"][5]
    assert target.value == 150000 and target.number_format == "#,##0.00"
    pct = rows["2025_S09_01/I1"][5]
    assert pct.value == pytest.approx(0.91) and pct.number_format == "0%"
    assert rows["2025_S09_02/I2"][5].value == "fatto"
    assert rows["2025_S09_01/I1"][4].value == "percentuale"
    assert rows["2025_S09_01/I1"][6].value == "crescente"
    fasi = wb["Fasi"]
    first = [c.value for c in fasi[2]]
    assert first[0] == "2025_S07_01/F1" and first[3].date() == date(2025, 1, 1)
    assert wb["Fasi"].freeze_panes == "A2"
    settori = {r[0].value: [c.value for c in r] for r in wb["Settori"].iter_rows(min_row=2)}
    assert settori["S07"][1] == "SETTORE POLITICHE CULTURALI E DELLO SPORT"
    assert [c.value for c in wb["Settori"][1]][4] == "E-mail referente"
    assert wb["Leggimi"]["A1"].value.startswith(
        "Piano della performance — Città di Cinisello Balsamo"
    )


def test_save_is_deterministic(seed_result: ImportResult, tmp_path: Path) -> None:
    assert seed_result.plan is not None
    a = save_plan(seed_result.plan, tmp_path / "a.xlsx").read_bytes()
    b = save_plan(seed_result.plan, tmp_path / "b.xlsx").read_bytes()
    assert a == b


# ---- validation: each test edits a saved plan like an office user would ---------------------


def _edit(
    src: Path, dst: Path, edits: dict[str, dict[str, Any]], delete: tuple[str, ...] = ()
) -> Path:
    wb = openpyxl.load_workbook(src)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    for sheet in delete:
        del wb[sheet]
    wb.save(dst)
    return dst


def _find(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in load_plan(path).findings if f.code != "PLAN-005"]


def test_duplicate_objective_code(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {"Obiettivi": {"A3": "2025_S07_01"}})
    assert ("PLAN-013", "Obiettivi", "A3") in _find(p)


def test_phase_points_to_unknown_objective(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {"Fasi": {"B2": "2025_S99_01"}})
    assert ("PLAN-014", "Fasi", "B2") in _find(p)


def test_objective_points_to_unknown_sector(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {"Obiettivi": {"B2": "S99"}})
    assert ("PLAN-014", "Obiettivi", "B2") in _find(p)


def test_target_that_does_not_parse(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {"Indicatori": {"F2": "quattro"}})
    found = load_plan(p).findings
    f = next(f for f in found if f.code == "PLAN-016")
    assert (f.sheet, f.cell, f.raw) == ("Indicatori", "F2", "quattro")
    assert "non è un numero" in f.message_it


def test_bad_date_kind_and_direction(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(
        seed_plan_path,
        tmp_path / "p.xlsx",
        {
            "Fasi": {"D2": "31/02/2025"},
            "Indicatori": {"E3": "colore", "G4": "di lato"},
        },
    )
    got = _find(p)
    assert ("PLAN-016", "Fasi", "D2") in got
    assert ("PLAN-016", "Indicatori", "E3") in got
    assert ("PLAN-016", "Indicatori", "G4") in got


def test_weights_not_summing(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {"Fasi": {"F4": 25}})  # S07_02/F1 50 -> 25
    f = next(f for f in load_plan(p).findings if f.row_id == "2025_S07_02")
    assert (f.code, f.sheet, f.cell) == ("PLAN-005", "Fasi", "F4")
    assert "sommano a 75" in f.message_it


def test_missing_sheet_and_renamed_header(seed_plan_path: Path, tmp_path: Path) -> None:
    p = _edit(seed_plan_path, tmp_path / "p.xlsx", {}, delete=("Settori",))
    assert ("PLAN-015", "Settori", None) in _find(p)
    p = _edit(seed_plan_path, tmp_path / "q.xlsx", {"Fasi": {"C1": "Nome fase"}})
    assert ("PLAN-015", "Fasi", "A1") in _find(p)


def test_new_rows_get_the_next_free_id(seed_plan_path: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(seed_plan_path)
    ws = wb["Fasi"]
    ws.append([None, "2025_S07_01", "Nuova fase", None, None, 50])
    wb.save(tmp_path / "p.xlsx")
    r = load_plan(tmp_path / "p.xlsx")
    assert r.plan is not None
    o = r.plan.objectives[0]
    assert [p.id for p in o.phases] == ["2025_S07_01/F1", "2025_S07_01/F2", "2025_S07_01/F3"]
    assert all(f.row_id != "2025_S07_01" for f in r.findings)  # 50 + 50 = 100 now


def test_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "p.xlsx"
    p.write_text("Codice;Settore\n")
    r = load_plan(p)
    assert r.plan is None and r.findings[0].code == "FILE-006"  # a text file named .xlsx
    r = load_plan(tmp_path / "missing.xlsx")
    assert r.plan is None and r.findings[0].code == "FILE-001"


# ---- property: save -> load is lossless ---------------------------------------------------

text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs")),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
dates = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
numbers = st.integers(min_value=0, max_value=10**9).map(lambda n: n / 100)


def _reads_as_text(t: str) -> bool:
    auto = parse_auto(t)
    return auto is None or auto.kind is Kind.TEXT


@st.composite
def values(draw: st.DrawFn, kind: Kind) -> Value:
    if kind is Kind.NUMBER:
        v = Value(Kind.NUMBER, draw(numbers), decimals=draw(st.integers(0, 2)))
    elif kind is Kind.PERCENT:
        v = Value(Kind.PERCENT, float(draw(st.integers(0, 200))))
    elif kind is Kind.DONE:
        v = Value(Kind.DONE, draw(st.booleans()))
    elif kind is Kind.DATE:
        v = Value(Kind.DATE, draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1))))
    else:
        # a text value is a text that reads as no other kind (as the import makes them): "TRUE"
        # or "Sì" is Fatto, "12,5" a number, wherever they are typed
        v = Value(Kind.TEXT, draw(text.filter(_reads_as_text)))
    return Value(v.kind, v.value, format_value(v), v.decimals)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    n_sectors = draw(st.integers(1, 3))
    sectors = tuple(
        Sector(f"S{n:02d}", draw(text), draw(st.sampled_from(["", "Ass."])), draw(text), "")
        for n in range(1, n_sectors + 1)
    )
    objectives = []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        code = f"2025_S{draw(st.integers(1, n_sectors)):02d}_{n:02d}"
        phases = tuple(
            Phase(
                id=f"{code}/F{k}",
                objective_code=code,
                name=draw(text),
                planned_start=draw(dates),
                planned_end=draw(dates),
                actual_start=draw(dates),
                actual_end=draw(dates),
                weight=draw(st.one_of(st.none(), numbers)),
                progress=draw(st.one_of(st.none(), st.integers(0, 100).map(float))),
                responsabili=tuple(draw(st.lists(text.filter(lambda t: ";" not in t), max_size=2))),
                centro=draw(st.sampled_from(["", "SERV. X"])),
                note=draw(st.sampled_from(["", "nota"])),
            )
            for k in range(1, draw(st.integers(0, 3)) + 1)
        )
        indicators = []
        for k in range(1, draw(st.integers(0, 3)) + 1):
            kind = draw(st.sampled_from(list(Kind)))
            indicators.append(
                Indicator(
                    id=f"{code}/I{k}",
                    objective_code=code,
                    description=draw(text),
                    tipo=draw(st.sampled_from(["EFFICIENZA", "QUALITA"])),
                    target=draw(values(kind)),
                    achieved=draw(st.one_of(st.none(), values(kind))),
                    prior=tuple(
                        PriorValue(2024, draw(values(kind))) for _ in range(draw(st.integers(0, 1)))
                    ),
                    note=draw(st.sampled_from(["", "n"])),
                    direction=draw(st.sampled_from(list(Direction))),
                )
            )
        objectives.append(
            Objective(
                code=code,
                title=draw(text),
                sector_code=code[5:8],
                assessorato=draw(text),
                mandate=Link("M1", draw(text)),
                program=Link("P1", "Prog"),
                modalita=draw(st.sampled_from(["", "riga 1\nriga 2"])),
                stato="In Corso",
                provisional=draw(st.booleans()),
                phases=phases,
                indicators=tuple(indicators),
            )
        )
    return Plan(
        entity="Comune di Prova",
        year=2025,
        view="V",
        level="L",
        value_label="VP",
        sectors=sectors,
        objectives=tuple(objectives),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans())
def test_save_load_is_lossless(tmp_path: Path, plan: Plan) -> None:
    path = save_plan(plan, tmp_path / "p.xlsx")
    loaded = load_plan(path)
    assert [f for f in loaded.findings if f.severity.value == "error"] == []
    assert loaded.plan == plan
    for a, b in zip(plan.indicators(), loaded.plan.indicators(), strict=True):  # type: ignore[union-attr]
        assert a.target is not None and b.target is not None and a.target.raw == b.target.raw

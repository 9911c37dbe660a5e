"""validate: each rule on a return filled in by a script, in both periods."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.workbook.writer import generate

JUNE = Period.of(date(2025, 6, 30))
DEC = Period.of(date(2025, 12, 31))


def filled(
    plan: Plan, period: Period, out: Path, cells: dict[str, dict[str, Any]], sector: str = "S09"
) -> Path:
    [path] = generate(plan, period, out, [sector]).files
    wb = openpyxl.load_workbook(path)
    ws = wb["Fasi"]
    for r in range(4, ws.max_row + 1):  # every phase 50% by default, every indicator filled
        if "/" in str(ws.cell(r, 1).value):
            ws.cell(r, 8).value = 50
    ind = wb["Indicatori"]
    targets = {i.id: i.target for i in plan.indicators()}
    for r in range(4, ind.max_row + 1):  # every indicator on its target
        t = targets.get(str(ind.cell(r, 1).value))
        if t is not None:
            ind.cell(r, 8).value = t.raw if t.kind.value == "done" else t.value
    for sheet, values in cells.items():
        for ref, v in values.items():
            wb[sheet][ref] = v
    wb.save(path)
    return path


def found(
    path: Path, plan: Plan, period: Period | None = None
) -> list[tuple[str, str | None, str]]:
    [ret] = check(plan, [path], period=period).returns
    return [(f.code, f.cell, f.severity.value) for f in ret.findings]


def test_a_good_return_is_valid(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(seed_plan, JUNE, tmp_path, {})
    report = check(seed_plan, [p])
    assert report.valid and report.returns[0].status == "ok", found(p, seed_plan)


def test_unreadable_and_out_of_range(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "Fasi": {"H4": "circa metà", "H5": 140, "I6": "domani", "J7": datetime(2031, 1, 1)},
            "Indicatori": {"H5": "forse", "H6": -3},
        },
    )
    got = found(p, seed_plan)
    assert ("VALUE-001", "H4", "error") in got
    assert ("VALUE-002", "H5", "error") in got
    assert ("VALUE-001", "I6", "error") in got
    assert ("VALUE-002", "J7", "error") in got
    assert ("VALUE-001", "H5", "error") in got  # "forse" in a Fatto/Non fatto cell


def test_dates(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "Fasi": {
                "I4": datetime(2025, 3, 1),
                "J4": datetime(2025, 2, 1),  # end before start
                "J5": datetime(2025, 9, 30),  # after the period
                "H6": 100,  # done without an end
                "J7": datetime(2025, 5, 31),  # an end but 50%
            }
        },
    )
    got = found(p, seed_plan)
    assert ("VALUE-006", "J4", "error") in got
    assert ("VALUE-007", "J5", "error") in got
    assert ("VALUE-008", "J6", "warning") in got  # intermediate: a warning
    assert ("VALUE-010", "H7", "warning") in got
    p = filled(seed_plan, DEC, tmp_path / "dec", {"Fasi": {"H6": 100}})
    assert ("VALUE-008", "J6", "error") in found(p, seed_plan)  # final: an error


def test_missing_values_stricter_in_the_final_period(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(seed_plan, JUNE, tmp_path, {"Fasi": {"H4": None}, "Indicatori": {"H4": None}})
    got = found(p, seed_plan)
    assert ("VALUE-003", "H4", "error") in got and len([g for g in got if g[1] == "H4"]) == 1
    p = filled(seed_plan, DEC, tmp_path / "dec", {"Indicatori": {"H4": None}})
    assert ("VALUE-003", "H4", "error") in found(p, seed_plan)


def test_empty_return(tmp_path: Path, seed_plan: Plan) -> None:
    [p] = generate(seed_plan, JUNE, tmp_path, ["S09"]).files
    assert [c for c, _, _ in found(p, seed_plan)] == ["VALUE-013"]


def test_shortfall_needs_a_note_in_the_final_period(tmp_path: Path, seed_plan: Plan) -> None:
    # S09_01/I1: 91% satisfaction expected; 80 achieved with no note
    p = filled(seed_plan, DEC, tmp_path, {"Indicatori": {"H4": 80}})
    assert ("VALUE-009", "I4", "error") in found(p, seed_plan)
    p = filled(seed_plan, DEC, tmp_path / "b", {"Indicatori": {"H4": 80, "I4": "sciopero a marzo"}})
    assert "VALUE-009" not in [c for c, _, _ in found(p, seed_plan)]
    p = filled(seed_plan, JUNE, tmp_path / "c", {"Indicatori": {"H4": 80}})
    assert "VALUE-009" not in [c for c, _, _ in found(p, seed_plan)]  # not at 30/06
    p = filled(seed_plan, DEC, tmp_path / "d", {"Indicatori": {"H4": 95}})
    assert "VALUE-009" not in [c for c, _, _ in found(p, seed_plan)]


def test_suspicious_values(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "Indicatori": {
                "H4": 0.91,  # 91% typed as a fraction in a plain cell
                "H6": 250_000,  # 2,00 expected: 100 times more
            }
        },
    )
    got = found(p, seed_plan)
    assert ("VALUE-010", "H4", "warning") in got
    assert ("VALUE-010", "H6", "warning") in got


def test_text_typed_numbers_are_read_and_said(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(
        seed_plan,
        JUNE,
        tmp_path,
        {"Fasi": {"H4": "12,5", "I4": "31/01/2025"}, "Indicatori": {"H6": "1.250"}},
    )
    [ret] = check(seed_plan, [p]).returns
    assert ret.value("2025_S09_01/F1", "progress").value.value == 12.5  # type: ignore[union-attr]
    assert ret.value("2025_S09_01/F1", "actual_start").value.value == date(2025, 1, 31)  # type: ignore[union-attr]
    info = [(f.code, f.cell) for f in ret.findings if f.severity.value == "info"]
    assert (
        ("VALUE-011", "H4") in info and ("VALUE-011", "I4") in info and ("VALUE-011", "H6") in info
    )


@pytest.mark.parametrize("value", ["#DIV/0!", "#REF!"])
def test_cell_errors(tmp_path: Path, seed_plan: Plan, value: str) -> None:
    import re

    from . import hostile

    p = filled(seed_plan, JUNE, tmp_path, {"Fasi": {"H4": 1}})

    def to_error(name: str, data: bytes) -> bytes:
        if not name.endswith("sheet3.xml"):
            return data
        return re.sub(
            rb'<c r="H4"[^>]*>.*?</c>', f'<c r="H4" t="e"><v>{value}</v></c>'.encode(), data
        )

    bad = hostile.rewrite(p, tmp_path / "err.xlsx", to_error)
    got = found(bad, seed_plan)
    assert ("VALUE-012", "H4", "error") in got


def test_messages_are_in_one_language(tmp_path: Path, seed_plan: Plan) -> None:
    p = filled(seed_plan, DEC, tmp_path, {"Fasi": {"H4": "molto"}, "Indicatori": {"H5": None}})
    [ret] = check(seed_plan, [p]).returns
    for f in ret.findings:
        assert "Valore Raggiunto" not in f.message_en or "«" in f.message_en, f.message_en
        assert " is " not in f.message_it, f.message_it
    missing = next(f for f in ret.findings if f.code == "VALUE-003")
    assert missing.message_en.startswith("The achieved value of 2025_S09_01/I2 is missing")
    assert missing.message_it.startswith("Manca il Valore Raggiunto di 2025_S09_01/I2")

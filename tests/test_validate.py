"""validate: each rule on a return filled in by a script, in both periods.

Each return is the S09 workbook with every phase at 50% and every indicator on its target; a
test then types what it is about, by row id and column, and asserts the exact list of findings.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.returns.report import CheckReport
from pegxl.workbook.writer import generate

from .tables import fill, flatten

JUNE = Period.of(date(2025, 6, 30))
DEC = Period.of(date(2025, 12, 31))
F = "Avanzamento (%)"
START, END, NOTE, ACHIEVED = "Inizio Effettivo", "Fine Effettiva", "Note", "Valore Raggiunto"


def returned(
    plan: Plan, period: Period, out: Path, typed: dict[str, dict[str, Any]], sector: str = "S09"
) -> Path:
    """The sector's workbook for ``period``, every phase at 50% and every indicator on its
    target, then ``typed`` over it."""
    [path] = generate(plan, period, out, [sector]).files
    defaults: dict[str, dict[str, Any]] = {}
    for o in plan.objectives_of(sector):
        for p in o.phases:
            defaults[p.id] = {F: 50}
        for i in o.indicators:
            if i.target is not None:
                value = i.target.raw if i.target.kind.value == "done" else i.target.value
                defaults[i.id] = {ACHIEVED: value}
    for rid, cols in typed.items():
        defaults.setdefault(rid, {}).update(cols)
    return fill(path, defaults, out / "compilata.xlsx")


def report(path: Path, plan: Plan, period: Period | None = None) -> CheckReport:
    return check(plan, [path], period=period)


WHERE = ["code", "cell", "row_id", "severity"]


def test_a_good_return_is_valid(tmp_path: Path, seed_plan: Plan) -> None:
    r = report(returned(seed_plan, JUNE, tmp_path, {}), seed_plan)
    assert r.valid and r.returns[0].status == "ok"
    assert flatten(r, WHERE) == []


def test_unreadable_and_out_of_range(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "2025_S09_01/F1": {F: "circa metà"},
            "2025_S09_01/F2": {F: 140},
            "2025_S09_01/F3": {START: "domani"},
            "2025_S09_01/F4": {END: datetime(2031, 1, 1)},
            "2025_S09_01/I2": {ACHIEVED: "forse"},
            "2025_S09_01/I3": {ACHIEVED: -3},
            "2025_S09_02/I2": {ACHIEVED: "forse"},
        },
    )
    # cell by cell first, then row by row
    assert flatten(report(p, seed_plan), WHERE) == [
        ("VALUE-001", "H4", "2025_S09_01/F1", "error"),
        ("VALUE-002", "H5", "2025_S09_01/F2", "error"),
        ("VALUE-001", "I6", "2025_S09_01/F3", "error"),
        ("VALUE-002", "J7", "2025_S09_01/F4", "error"),
        ("VALUE-001", "H5", "2025_S09_01/I2", "error"),
        ("VALUE-002", "H6", "2025_S09_01/I3", "error"),
        ("VALUE-001", "H12", "2025_S09_02/I2", "error"),  # "forse" where Fatto/Non fatto goes
        ("VALUE-010", "H7", "2025_S09_01/F4", "warning"),  # an end date, but 50%
    ]


def test_dates(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "2025_S09_01/F1": {START: datetime(2025, 3, 1), END: datetime(2025, 2, 1)},
            "2025_S09_01/F2": {END: datetime(2025, 9, 30)},  # after the period
            "2025_S09_01/F3": {F: 100},  # done without an end
            "2025_S09_01/F4": {END: datetime(2025, 5, 31)},  # an end but 50%
        },
    )
    assert flatten(report(p, seed_plan), WHERE) == [
        ("VALUE-007", "J5", "2025_S09_01/F2", "error"),
        ("VALUE-006", "J4", "2025_S09_01/F1", "error"),
        ("VALUE-010", "H4", "2025_S09_01/F1", "warning"),
        ("VALUE-010", "H5", "2025_S09_01/F2", "warning"),
        ("VALUE-008", "J6", "2025_S09_01/F3", "warning"),  # intermediate: a warning
        ("VALUE-010", "H7", "2025_S09_01/F4", "warning"),
    ]
    p = returned(seed_plan, DEC, tmp_path / "dec", {"2025_S09_01/F3": {F: 100}})
    final = flatten(report(p, seed_plan), WHERE)
    assert ("VALUE-008", "J6", "2025_S09_01/F3", "error") in final  # final: an error


def test_missing_values_stricter_in_the_final_period(tmp_path: Path, seed_plan: Plan) -> None:
    empty = {"2025_S09_01/F1": {F: None}, "2025_S09_01/I1": {ACHIEVED: None}}
    p = returned(seed_plan, JUNE, tmp_path, empty)
    assert flatten(report(p, seed_plan), WHERE) == [
        ("VALUE-003", "H4", "2025_S09_01/F1", "error"),  # progress is due at every period
    ]
    p = returned(seed_plan, DEC, tmp_path / "dec", empty)
    assert flatten(report(p, seed_plan), WHERE)[:2] == [
        ("VALUE-003", "H4", "2025_S09_01/F1", "error"),
        ("VALUE-003", "H4", "2025_S09_01/I1", "error"),  # the result too, at 31/12
    ]


def test_empty_return(tmp_path: Path, seed_plan: Plan) -> None:
    [p] = generate(seed_plan, JUNE, tmp_path, ["S09"]).files
    assert flatten(report(p, seed_plan), ["code", "sheet", "expected"]) == [
        ("VALUE-013", "Fasi", "34")  # 14 phases and 20 indicators, none filled
    ]


@pytest.mark.parametrize(
    ("period", "typed", "needs_note"),
    [
        (DEC, {ACHIEVED: 80}, True),  # 91% expected, 80 achieved, no note
        (DEC, {ACHIEVED: 80, NOTE: "sciopero a marzo"}, False),
        (JUNE, {ACHIEVED: 80}, False),  # not at 30/06
        (DEC, {ACHIEVED: 95}, False),
    ],
)
def test_shortfall_needs_a_note_in_the_final_period(
    tmp_path: Path, seed_plan: Plan, period: Period, typed: dict[str, Any], needs_note: bool
) -> None:
    p = returned(seed_plan, period, tmp_path, {"2025_S09_01/I1": typed})
    got = [f for f in flatten(report(p, seed_plan), WHERE) if f[0] == "VALUE-009"]
    assert got == ([("VALUE-009", "I4", "2025_S09_01/I1", "error")] if needs_note else [])


def test_suspicious_values(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "2025_S09_01/I1": {ACHIEVED: 0.91},  # 91% typed as a fraction in a plain cell
            "2025_S09_01/I3": {ACHIEVED: 250_000},  # 2,00 expected: 100 times more
        },
    )
    assert flatten(report(p, seed_plan), WHERE) == [
        ("VALUE-010", "H4", "2025_S09_01/I1", "warning"),
        ("VALUE-010", "H6", "2025_S09_01/I3", "warning"),
    ]


def test_text_typed_numbers_are_read_and_said(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "2025_S09_01/F1": {F: "12,5", START: "31/01/2025"},
            "2025_S09_01/I3": {ACHIEVED: "1.250"},
        },
    )
    r = report(p, seed_plan)
    [ret] = r.returns
    assert ret.value("2025_S09_01/F1", "progress").value.value == 12.5  # type: ignore[union-attr]
    start = ret.value("2025_S09_01/F1", "actual_start")
    assert start is not None and start.value is not None
    assert start.value.value == date(2025, 1, 31)
    assert flatten(r, WHERE) == [
        ("VALUE-011", "H4", "2025_S09_01/F1", "info"),
        ("VALUE-011", "I4", "2025_S09_01/F1", "info"),
        ("VALUE-011", "H6", "2025_S09_01/I3", "info"),
        # "1.250" is 1250 the Italian way: 625 times the target of 2, which is suspicious too
        ("VALUE-010", "H6", "2025_S09_01/I3", "warning"),
    ]


@pytest.mark.parametrize("value", ["#DIV/0!", "#REF!"])
def test_cell_errors(tmp_path: Path, seed_plan: Plan, value: str) -> None:
    import re

    from . import hostile

    p = returned(seed_plan, JUNE, tmp_path, {"2025_S09_01/F1": {F: 1}})

    def to_error(name: str, data: bytes) -> bytes:
        if not name.endswith("sheet3.xml"):
            return data
        return re.sub(
            rb'<c r="H4"[^>]*>.*?</c>', f'<c r="H4" t="e"><v>{value}</v></c>'.encode(), data
        )

    bad = hostile.rewrite(p, tmp_path / "err.xlsx", to_error)
    assert flatten(report(bad, seed_plan), [*WHERE, "raw"]) == [
        ("VALUE-012", "H4", "2025_S09_01/F1", "error", value)
    ]


def test_messages_are_in_one_language(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        DEC,
        tmp_path,
        {"2025_S09_01/F1": {F: "molto"}, "2025_S09_01/I2": {ACHIEVED: None}},
    )
    [ret] = report(p, seed_plan).returns
    for f in ret.findings:
        assert "Valore Raggiunto" not in f.message_en or "«" in f.message_en, f.message_en
        assert " is " not in f.message_it, f.message_it
    missing = next(f for f in ret.findings if f.code == "VALUE-003")
    assert missing.message_en.startswith("The achieved value of 2025_S09_01/I2 is missing")
    assert missing.message_it.startswith("Manca il Valore Raggiunto di 2025_S09_01/I2")

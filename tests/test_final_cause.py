"""«Causa dello scostamento» in the final workbook (issue 19 §4): a drop-down of the three causes
of the DFP guidelines, read back, checked, carried to the master."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl import load_plan
from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.returns.batch import check
from pegxl.workbook.writer import generate

from .tables import fill, flatten, plan_tables, write_book

IND = "2025_S01_01/I1"
DONE = {
    "2025_S01_01/F1": {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)},
    "2025_S01_01/F2": {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 12, 1)},
}


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = tmp_path_factory.mktemp("piano")
    r = load_plan(write_book(folder / "p.xlsx", plan_tables()), cache=False)
    assert r.plan is not None and r.findings == []
    return r.plan


@pytest.fixture(scope="module")
def december(tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> Path:
    [wb] = generate(plan, Period.of(date(2025, 12, 31)), tmp_path_factory.mktemp("dic")).files
    return wb


def _ret(tmp_path: Path, wb: Path, achieved: object, note: str | None, cause: str | None) -> Path:
    row: dict[str, Any] = {"Valore Raggiunto": achieved, "Note": note}
    if cause is not None:
        row["Causa dello scostamento"] = cause
    return fill(wb, {**DONE, IND: row}, tmp_path / "r.xlsx")


def test_the_final_workbook_offers_the_three_causes_and_the_interim_one_does_not(
    tmp_path: Path, plan: Plan, december: Path
) -> None:
    ws = openpyxl.load_workbook(december)["Indicatori"]
    heads = [c.value for c in ws[2]]
    assert heads[-3:] == ["Valore Raggiunto", "Note", "Causa dello scostamento"]
    col = openpyxl.utils.get_column_letter(heads.index("Causa dello scostamento") + 1)
    [dv] = [d for d in ws.data_validations.dataValidation if col in str(d.sqref)]
    assert dv.formula1 == '"esogena,endogena,indicatore da rivedere"'
    assert ws[f"{col}4"].protection.locked is False  # an input cell
    [june] = generate(plan, Period.of(date(2025, 6, 30)), tmp_path / "giu").files
    heads = [c.value for c in openpyxl.load_workbook(june)["Indicatori"][2]]
    assert "Causa dello scostamento" not in heads


@pytest.mark.parametrize(
    ("achieved", "note", "cause", "expected", "kept"),
    [
        (100, "meno pratiche presentate", "esogena", [], "esogena"),
        (100, "meno pratiche presentate", "  Endogena ", [], "endogena"),
        (100, "pratiche", "indicator to revise", [], "indicatore"),  # the English label
        (100, "meno pratiche presentate", None, [("SCORE-036", "Indicatori", "J4")], ""),
        (
            100,
            None,
            None,
            [("SCORE-036", "Indicatori", "J4"), ("VALUE-009", "Indicatori", "I4")],
            "",
        ),
        (100, "meno pratiche", "colpa del caso", [("SCORE-037", "Indicatori", "J4")], ""),
        (130, None, "esogena", [("SCORE-038", "Indicatori", "J4")], "esogena"),
        (130, None, None, [], ""),
    ],
)
def test_every_shortfall_has_its_cause(
    tmp_path: Path,
    december: Path,
    plan: Plan,
    achieved: object,
    note: str | None,
    cause: str | None,
    expected: list[tuple[str, str, str]],
    kept: str,
) -> None:
    ret = _ret(tmp_path, december, achieved, note, cause)
    report = check(plan, [ret])
    assert flatten(report.returns[0].findings, ["code", "sheet", "cell"]) == expected
    result = consolidate(plan, [ret])
    [ind] = list(result.scores.indicators())
    assert ind.cause == kept
    heads = list(result.tables()["Indicatori"].columns)
    shown = result.tables()["Indicatori"].iloc[0, heads.index("Causa dello scostamento")]
    labels = {"esogena": "esogena", "endogena": "endogena", "indicatore": "indicatore da rivedere"}
    assert (shown if isinstance(shown, str) else "") == labels.get(kept, "")


def test_a_final_workbook_judged_as_another_periods_says_nothing_of_its_causes(
    tmp_path: Path, december: Path, plan: Plan
) -> None:
    """Sent with June's returns by mistake: the period is the finding (and the end dates after
    30/06), not its causes."""
    ret = _ret(tmp_path, december, 130, None, "esogena")
    report = check(plan, [ret], period=Period.of(date(2025, 6, 30)))
    codes = [f[0] for f in flatten(report.returns[0].findings, ["code"])]
    assert codes == ["STRUCT-005", "VALUE-007"]

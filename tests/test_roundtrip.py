"""Round trip: generate → fill every input cell as a script would (openpyxl) → check recovers
every value exactly, with its type. Hypothesis draws the values."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl import import_text
from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.values import Kind

from .conftest import VARIANT

JUNE = Period.of(date(2025, 6, 30))


@pytest.fixture(scope="module")
def books(
    tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan
) -> dict[str, tuple[Plan, Path]]:
    from pegxl.workbook.writer import generate

    out = tmp_path_factory.mktemp("rt")
    variant = import_text(VARIANT).plan
    assert variant is not None
    [s09] = generate(seed_plan, JUNE, out / "a", ["S09"]).files
    [s03] = generate(variant, Period.of(date(2026, 6, 30)), out / "b", ["S03"]).files
    return {"S09": (seed_plan, s09), "S03": (variant, s03)}


notes = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda t: t and t[0] not in "=+-@")
)
two_decimals = st.integers(0, 10_000).map(lambda n: n / 100)


@st.composite
def fill(draw: st.DrawFn, kinds: list[Kind], n_phases: int, year: int) -> dict[str, list[object]]:
    days = st.dates(min_value=date(year, 1, 1), max_value=date(year, 6, 30))
    achieved: list[object] = []
    for kind in kinds:
        if kind is Kind.NUMBER:
            achieved.append(("n", draw(st.one_of(st.integers(0, 10**6).map(float), two_decimals))))
        elif kind is Kind.PERCENT:
            achieved.append(
                (draw(st.sampled_from(["pct_units", "pct_format"])), draw(two_decimals))
            )
        elif kind is Kind.DONE:
            achieved.append(("s", draw(st.sampled_from(["Fatto", "Non fatto"]))))
        elif kind is Kind.DATE:
            achieved.append(("d", draw(days)))
        else:
            achieved.append(("s", draw(notes)))
    return {
        "progress": [draw(two_decimals) for _ in range(n_phases)],
        "start": [draw(days) for _ in range(n_phases)],
        "end": [draw(st.one_of(st.none(), days)) for _ in range(n_phases)],
        "pnote": [draw(st.one_of(st.none(), notes)) for _ in range(n_phases)],
        "achieved": achieved,
        "inote": [draw(st.one_of(st.none(), notes)) for _ in kinds],
    }


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[int]:
    return [r for r in range(3, ws.max_row + 1) if "/" in str(ws.cell(r, 1).value or "")]


@pytest.mark.parametrize("name", ["S09", "S03"])
def test_every_value_comes_back(
    books: dict[str, tuple[Plan, Path]], name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    plan, blank = books[name]
    wb = openpyxl.load_workbook(blank)
    phase_rows, ind_rows = _rows(wb["Fasi"]), _rows(wb["Indicatori"])
    inds = {i.id: i for i in plan.indicators()}
    kinds = [inds[str(wb["Indicatori"].cell(r, 1).value)].kind for r in ind_rows]
    ach_col = [c.value for c in wb["Indicatori"][2]].index("Valore Raggiunto") + 1
    year = plan.year
    work = tmp_path_factory.mktemp(f"rt-{name}")

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fill(kinds, len(phase_rows), year))
    def run(values: dict[str, list[object]]) -> None:
        path = work / f"{name}.xlsx"
        shutil.copy(blank, path)
        wb = openpyxl.load_workbook(path)
        fasi, ind = wb["Fasi"], wb["Indicatori"]
        for k, r in enumerate(phase_rows):
            fasi.cell(r, 8).value = values["progress"][k]
            fasi.cell(r, 9).value = datetime.combine(values["start"][k], datetime.min.time())
            end = values["end"][k]
            fasi.cell(r, 10).value = (
                None if end is None else datetime.combine(end, datetime.min.time())
            )
            fasi.cell(r, 10).number_format = "dd/mm/yyyy"
            fasi.cell(r, 11).value = values["pnote"][k]
        for k, r in enumerate(ind_rows):
            how, v = values["achieved"][k]  # type: ignore[misc]
            cell = ind.cell(r, ach_col)
            if how == "pct_format":  # what Excel stores when 85% is typed
                cell.value, cell.number_format = v / 100, "0.00%"
            elif how == "d":
                cell.value, cell.number_format = (
                    datetime.combine(v, datetime.min.time()),
                    "dd/mm/yyyy",
                )
            else:
                cell.value = v
            ind.cell(r, ach_col + 1).value = values["inote"][k]
        wb.save(path)
        [ret] = check(plan, [path]).returns
        assert ret.status != "rejected"
        got = {(v.sheet, v.cell): v for v in ret.values}
        for k, r in enumerate(phase_rows):
            assert got[("Fasi", f"H{r}")].value.value == pytest.approx(values["progress"][k])  # type: ignore[union-attr]
            assert got[("Fasi", f"H{r}")].kind is Kind.PERCENT
            assert got[("Fasi", f"I{r}")].value.value == values["start"][k]  # type: ignore[union-attr]
            end = got[("Fasi", f"J{r}")].value
            assert (end.value if end else None) == values["end"][k]
            note = got[("Fasi", f"K{r}")].value
            assert (note.value if note else None) == values["pnote"][k]
        letter = openpyxl.utils.get_column_letter(ach_col)
        for k, r in enumerate(ind_rows):
            how, v = values["achieved"][k]  # type: ignore[misc]
            rv = got[("Indicatori", f"{letter}{r}")]
            assert rv.kind is kinds[k] and rv.value is not None
            if kinds[k] is Kind.DONE:
                assert rv.value.value is (v == "Fatto") and rv.raw == v
            elif kinds[k] in (Kind.NUMBER, Kind.PERCENT):
                assert rv.value.value == pytest.approx(v, abs=1e-9)
            else:
                assert rv.value.value == v
            d = rv.to_dict()
            assert set(d) == {"sheet", "cell", "row_id", "column", "raw", "value", "kind"}
            assert d["column"] == "Valore Raggiunto"

    run()

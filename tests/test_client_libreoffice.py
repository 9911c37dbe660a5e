"""A sector fills the workbook in LibreOffice Calc, as a person would, in Italian and in US
English; pegxl check reads back every value from the .xlsx and the .ods it saves. And Gnumeric
re-saves a return as a third, independent xlsx producer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.workbook.writer import generate

from .clients import HAS_UNO, need, ssconvert, uno_type

pytestmark = pytest.mark.client


def _rows_by_hint(path: Path) -> dict[str, int]:
    """The first indicator row of each kind, found by the «Da inserire» hint."""
    ws = openpyxl.load_workbook(path)["Indicatori"]
    out: dict[str, int] = {}
    for r in range(3, ws.max_row + 1):
        hint = str(ws.cell(r, 7).value or "")
        out.setdefault(hint.split()[0] if hint else "", r)
    return out


def actions_for(path: Path) -> list[list[str]]:
    rows = _rows_by_hint(path)
    pct, num, done = rows["percentuale"], rows["numero"], rows["Fatto"]
    return [
        ["Fasi", "H4", "12,5"],
        ["Fasi", "I4", "31/12/2025"],
        ["Fasi", "H5", "abc"],
        ["Fasi", "K4", "nota, con virgola"],
        ["Fasi", "B4", "testo nella cella bloccata"],
        ["Indicatori", f"H{pct}", "85%"],
        ["Indicatori", f"H{num}", "40"],
        ["Indicatori", f"H{done}", "Fatto"],
        ["Indicatori", f"H{rows['numero'] + 1}", "02/01/2025"],
        ["Fasi", "H6", "=20+30"],
    ]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> Path:
    [path] = generate(
        seed_plan, Period.of(date(2025, 6, 30)), tmp_path_factory.mktemp("lo"), ["S09"]
    ).files
    return path


@pytest.fixture(scope="module", params=["it_IT.UTF-8", "en_US.UTF-8"])
def typed(
    request: pytest.FixtureRequest, blank: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[dict[str, object]], dict[str, Path]]:
    lang = request.param
    report, outs = uno_type(blank, tmp_path_factory.mktemp(lang[:5]), lang, actions_for(blank))
    return lang, report, outs


def test_locked_cell_refuses_typing(
    typed: tuple[str, list[dict[str, object]], dict[str, Path]],
) -> None:
    _, report, _ = typed
    locked = next(a for a in report if a["cell"] == "B4")
    assert locked["string"] == locked["before"] != "testo nella cella bloccata"
    assert next(a for a in report if a["cell"] == "H5" and a["sheet"] == "Fasi")["string"] == "abc"


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_every_value_typed_comes_back(
    typed: tuple[str, list[dict[str, object]], dict[str, Path]], seed_plan: Plan, fmt: str
) -> None:
    lang, _, outs = typed
    rows = _rows_by_hint(outs["xlsx"])
    pct, num, done = rows["percentuale"], rows["numero"], rows["Fatto"]
    [ret] = check(seed_plan, [outs[fmt]]).returns
    assert ret.format == fmt and ret.sector == "S09" and ret.status != "rejected"
    v = {(x.sheet, x.cell): x for x in ret.values}
    italian = lang.startswith("it")
    assert v[("Fasi", "H4")].value.value == 12.5  # type: ignore[union-attr]
    assert v[("Fasi", "I4")].value.value == date(2025, 12, 31)  # type: ignore[union-attr]
    # en_US keeps "12,5" and "31/12/2025" as text: pegxl still reads them, and says so
    assert v[("Fasi", "H4")].from_text is not italian
    assert v[("Fasi", "I4")].from_text is not italian
    assert v[("Fasi", "K4")].value.value == "nota, con virgola"  # type: ignore[union-attr]
    assert v[("Indicatori", f"H{pct}")].value.value == pytest.approx(85.0)  # type: ignore[union-attr]
    assert v[("Indicatori", f"H{num}")].value.value == 40.0  # type: ignore[union-attr]
    assert v[("Indicatori", f"H{done}")].value.value is True  # type: ignore[union-attr]
    # a date typed in a number cell: Calc turns it into a date serial (it_IT: 2 January;
    # en_US: 1 February, which no reader can undo — the Istruzioni warn about US dates)
    typed_date = v[("Indicatori", f"H{num + 1}")]
    assert typed_date.raw
    codes = {(f.code, f.cell) for f in ret.findings}
    assert ("VALUE-001", "H5") in codes  # headless Calc does not enforce validation: pegxl does
    assert (("VALUE-011", "H4") in codes) is not italian
    assert not any(c == "STRUCT-011" for c, _ in codes)  # the locked cell was not changed
    assert not any(c.startswith("FILE-") for c, _ in codes)
    # a formula typed by the user: Calc saves its result, pegxl reads it and says so
    assert v[("Fasi", "H6")].value.value == 50  # type: ignore[union-attr]
    assert ("VALUE-004", "H6") in codes


def test_dropdowns_survive_the_libreoffice_save(
    typed: tuple[str, list[dict[str, object]], dict[str, Path]],
) -> None:
    _, _, outs = typed
    wb = openpyxl.load_workbook(outs["xlsx"])
    lists = [dv for dv in wb["Indicatori"].data_validations.dataValidation if dv.type == "list"]
    assert lists and any("Fatto" in str(dv.formula1) for dv in lists)
    assert wb["Fasi"].protection.sheet


def test_every_generated_workbook_opens_through_the_api(june_dir: Path, tmp_path: Path) -> None:
    """An API load fails on any prompt (repair, read-only, password): every workbook opens."""
    need("LibreOffice with the Python UNO bridge", HAS_UNO)
    for n, path in enumerate(sorted(june_dir.glob("*.xlsx"))):
        report, outs = uno_type(path, tmp_path / str(n), "it_IT.UTF-8", [], ("xlsx",))
        assert report == [] and outs["xlsx"].stat().st_size > 0


def test_gnumeric_resave(blank: Path, tmp_path: Path, seed_plan: Plan) -> None:
    filled = tmp_path / "filled.xlsx"
    wb = openpyxl.load_workbook(blank)
    wb["Fasi"]["H4"], wb["Fasi"]["I4"] = 30, date(2025, 2, 3)
    rows = _rows_by_hint(blank)
    wb["Indicatori"]["H4"], wb["Indicatori"][f"H{rows['Fatto']}"] = 92, "Non fatto"
    wb.save(filled)
    out = ssconvert(filled, tmp_path / "gnumeric.xlsx")
    [ret] = check(seed_plan, [out]).returns
    assert ret.status != "rejected" and ret.sector == "S09"
    v = {(x.sheet, x.cell): x.value.value if x.value else None for x in ret.values}
    assert v[("Fasi", "H4")] == 30 and v[("Fasi", "I4")] == date(2025, 2, 3)
    assert v[("Indicatori", "H4")] == 92 and v[("Indicatori", f"H{rows['Fatto']}")] is False
    codes = [f.code for f in ret.findings]
    assert "STRUCT-009" in codes  # Gnumeric makes the metadata sheet visible: a warning
    assert "STRUCT-011" not in codes and "STRUCT-012" not in codes

"""Non-finite and overflowing numbers are findings with their cell, never a crash, never a
whole return lost (issue 16.3).

A value cell can hold what no spreadsheet shows as a number: ``NaN``, an infinity, a number past
the float range (``1e309``, read as infinity) or just below it (``1E+308``, whose ratio to a
target overflows). Each is ``VALUE-001`` on its own cell; the rest of the return is read and
counted (before, the whole file was ``FILE-009`` without a cell, or ``consolidate`` exited 3).
"""

from __future__ import annotations

import contextlib
import math
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl.model import Period, Plan
from pegxl.render import consolidation_text
from pegxl.results.consolidate import consolidate
from pegxl.returns.reader import read_return
from pegxl.values import Kind, ParseError, cell_text, parse_cell, parse_number, shown_pct

from .conftest import workbook_of
from .hostile import rewrite
from .tables import fill

JUNE = Period.of(date(2025, 6, 30))
#: placeholders typed by openpyxl, then replaced in the sheet's XML by what a hostile file holds
MARKS = {
    "progress": 111111.5,
    "achieved": 222222.5,
    "start": 333333.5,
    "note": 444444.5,
}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory, june_dir: Path) -> Path:
    """S05's workbook with every kind of value cell holding a placeholder number: a progress,
    an achieved value, a date (Inizio Effettivo) and a note."""
    out = tmp_path_factory.mktemp("marked") / "s05.xlsx"
    return fill(
        workbook_of(june_dir, "S05"),
        {
            "2025_S05_04/F1": {
                "Avanzamento (%)": MARKS["progress"],
                "Inizio Effettivo": MARKS["start"],
            },
            "2025_S05_04/F2": {"Avanzamento (%)": 20},
            "2025_S05_04/I1": {
                "Valore Raggiunto": MARKS["achieved"],
                "Note": MARKS["note"],
            },
        },
        out,
    )


def hostile(marked: Path, dst: Path, **texts: str) -> Path:
    """``marked`` with the placeholders of ``texts`` written as those texts in ``<v>``."""
    swaps = {f"<v>{MARKS[k]!r}</v>".encode(): f"<v>{t}</v>".encode() for k, t in texts.items()}
    swaps.setdefault(f"<v>{MARKS['progress']!r}</v>".encode(), b"<v>50</v>")
    swaps.setdefault(f"<v>{MARKS['start']!r}</v>".encode(), b"<v>45659</v>")  # 01/01/2025
    swaps.setdefault(f"<v>{MARKS['achieved']!r}</v>".encode(), b"<v>1</v>")
    swaps.setdefault(f"<v>{MARKS['note']!r}</v>".encode(), b"<v>7</v>")

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            for a, b in swaps.items():
                data = data.replace(a, b)
        return data

    dst.parent.mkdir(parents=True, exist_ok=True)
    return rewrite(marked, dst, change)


def errors(path: Path, plan: Plan) -> list[tuple[str, str | None, str | None]]:
    ret = read_return(path, plan)
    from pegxl.returns.validate import validate

    found = [*ret.findings, *validate(ret, plan, JUNE)]
    return [(f.code.value, f.cell, f.row_id) for f in found if f.severity.value == "error"]


def test_the_placeholders_are_in_the_xml(marked: Path) -> None:
    import zipfile

    with zipfile.ZipFile(marked) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    for mark in MARKS.values():
        assert xml.count(f"<v>{mark!r}</v>".encode()) == 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("NaN", "NaN"),
        ("nan", "NaN"),
        ("inf", "∞"),
        ("-Infinity", "-∞"),
        ("1e309", "∞"),
        ("-1e309", "-∞"),
        ("1.797693134862316e+308", "∞"),  # the largest float, rounded up past it
    ],
)
@pytest.mark.parametrize("where", ["achieved", "progress", "start"])
def test_a_non_finite_cell_is_a_finding_on_its_cell_and_the_rest_is_read(
    marked: Path, seed_plan: Plan, tmp_path: Path, text: str, shown: str, where: str
) -> None:
    path = hostile(marked, tmp_path / "h.xlsx", **{where: text})
    ret = read_return(path, seed_plan)
    assert not ret.rejected
    sheet, cell = {
        "achieved": ("Indicatori", "H4"),
        "progress": ("Fasi", "H4"),
        "start": ("Fasi", "I4"),
    }[where]
    row = {"achieved": "2025_S05_04/I1", "progress": "2025_S05_04/F1", "start": "2025_S05_04/F1"}
    bad = [v for v in ret.values if v.error is not None]
    assert [(v.sheet, v.cell, v.row_id, v.raw) for v in bad] == [(sheet, cell, row[where], shown)]
    assert f"«{shown}» non è un numero finito" in bad[0].error.message.it  # type: ignore[union-attr]
    assert errors(path, seed_plan) == [("VALUE-001", cell, row[where])]
    # the other values are read: the return keeps every other value of the sector
    good = {(v.row_id, v.key) for v in ret.values if v.value is not None}
    assert ("2025_S05_04/F2", "progress") in good


@pytest.mark.parametrize("text", ["1e308", "1E+308", "-1e308", "1e16", "1.5e300", "-2e15"])
def test_an_overflowing_value_is_out_of_reach_not_a_crash(
    marked: Path, seed_plan: Plan, tmp_path: Path, text: str
) -> None:
    """A finite number past ±10^15 (1E+308, whose ratio to the target was +inf): VALUE-001 on
    its cell, left out of the score, the sector's other values counted (exit 1, never 3)."""
    folder = tmp_path / "r"
    hostile(marked, folder / "h.xlsx", achieved=text)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    bad = [(f.code.value, f.cell) for f in result.findings if f.severity.value == "error"]
    assert bad == [("VALUE-001", "H4")]
    [ind] = [i for i in result.scores.indicators() if i.indicator.id == "2025_S05_04/I1"]
    assert (ind.score, ind.in_error) == (None, True)
    [o] = [o for o in result.scores.objectives if o.objective.code == "2025_S05_04"]
    assert o.phase_progress == 35.0  # the phases still count: (50 + 20) / 2


def test_the_largest_measured_number_still_counts(
    marked: Path, seed_plan: Plan, tmp_path: Path
) -> None:
    folder = tmp_path / "r"
    hostile(marked, folder / "h.xlsx", achieved="1e15")
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    [ind] = [i for i in result.scores.indicators() if i.indicator.id == "2025_S05_04/I1"]
    assert ind.score == 100.0  # capped, and said (SCORE-006)
    found = [f.code.value for f in result.findings if f.row_id == "2025_S05_04/I1"]
    assert found == ["VALUE-010", "SCORE-006"]


def test_an_ods_non_finite_cell_is_a_finding_on_its_cell(seed_plan: Plan, tmp_path: Path) -> None:
    """The .ods scanner: office:value="NaN" / "INF" / "1e309" is a number that is no number."""
    from pegxl.sheets.read import read_book

    from .hostile import ods

    for text in ("NaN", "INF", "1e309", "-inf"):
        cell = f'<table:table-cell office:value-type="float" office:value="{text}"/>'
        path = ods(tmp_path / "x.ods", f"<table:table-row>{cell}</table:table-row>".encode())
        [sheet] = read_book(str(path), "ods").sheets
        [c] = list(sheet.row(1))
        assert isinstance(c.value, float) and not math.isfinite(c.value)
        with pytest.raises(ParseError, match="not a finite number"):
            parse_cell(c.value, Kind.NUMBER, raw=cell_text(c.value))


def test_the_value_functions_never_raise_anything_but_a_parse_error() -> None:
    for x in (math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324):
        assert isinstance(cell_text(x), str) and isinstance(cell_text(x, True), str)
        assert shown_pct(x).it
        for kind in Kind:
            with contextlib.suppress(ParseError):
                parse_cell(x, kind)
    for text in ("1.000.000.000.000.001", "9" * 400, "-" + "9" * 20):
        with pytest.raises(ParseError, match="15 digits"):
            parse_number(text)
    assert parse_number("1.000.000.000.000.000").value == 1e15


_FLOAT_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["NaN", "-nan", "Infinity", "1e309", "-1e309", "1E+308", "4.9e-324"]),
)


@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    progress=_FLOAT_TEXT,
    achieved=_FLOAT_TEXT,
    start=_FLOAT_TEXT,
    note=_FLOAT_TEXT,
)
def test_consolidate_never_raises_on_any_float_in_any_value_cell(
    marked: Path,
    seed_plan: Plan,
    tmp_path_factory: pytest.TempPathFactory,
    progress: str,
    achieved: str,
    start: str,
    note: str,
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    hostile(marked, folder / "h.xlsx", progress=progress, achieved=achieved, start=start, note=note)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    codes = {f.code.value for f in result.findings}
    assert "FILE-009" not in codes  # never the whole return lost
    [row] = [r for r in result.selection.rows if r.sector == "S05"]
    assert row.status.value in ("conteggiato", "conteggiato_con_errori")
    for r in result.scores.rollups:  # every score a finite number or none
        assert r.weighted is None or math.isfinite(r.weighted)
    consolidation_text(result, "it")
    result.to_dict()
    shutil.rmtree(folder)

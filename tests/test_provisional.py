"""Values in error count in no score, and a score computed without them is provisional wherever
it is shown (issue 16 item 2, issue 17 item 2): a Valore Raggiunto of −400, a progress or a
percentage of 150, a date after the period, an end before the start, a text in a number cell —
every value an error finding condemns is left out, never counted as 0 or as 100, never drawn as
a bar of negative width; the objective, the sector and the entity say "provvisorio" in the
master's rows, Sintesi, its chart, the report, the text and the JSON, and are never counted in a
status as a clean score is."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period, Plan
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.results.html import render_report
from pegxl.results.master import write_master
from pegxl.results.scoring import Override
from pegxl.returns.reader import ReadValue, Return
from pegxl.returns.validate import validate, values_in_error
from pegxl.values import Kind, Value
from pegxl.workbook.writer import generate

from .tables import excel_tables, fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))
DECEMBER = Period.of(date(2025, 12, 31))

#: the small plan with a second indicator, a percentage (80%)
INDICATORS = [
    ["ID indicatore", "Codice obiettivo", "Descrizione", "Tipo", "Tipo valore", "Valore Atteso"],
    [None, "2025_S01_01", "Pratiche evase", "EFFICACIA", "numero", 120],
    [None, "2025_S01_01", "Quota digitale", "EFFICACIA", "percentuale", "80%"],
]


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Plan]:
    folder = tmp_path_factory.mktemp("piano")
    base = write_book(folder / "base.xlsx", plan_tables(Indicatori=INDICATORS))
    loaded = load_plan(base).plan
    assert loaded is not None
    return save_plan(loaded, folder / "piano.xlsx"), loaded


#: a clean return: every value plausible
CLEAN = {
    "2025_S01_01/F1": {"Avanzamento (%)": 50, "Inizio Effettivo": datetime(2025, 2, 1)},
    "2025_S01_01/F2": {"Avanzamento (%)": 20, "Inizio Effettivo": datetime(2025, 3, 1)},
    "2025_S01_01/I1": {"Valore Raggiunto": 60},
    "2025_S01_01/I2": {"Valore Raggiunto": 40},
}


def _consolidate(
    plan: tuple[Path, Plan],
    tmp_path: Path,
    changes: dict[str, dict[str, Any]],
    period: Period = JUNE,
) -> Consolidation:
    _, p = plan
    [blank] = generate(p, period, tmp_path / f"schede_{period.iso}").files
    values = {rid: {**cols, **changes.get(rid, {})} for rid, cols in CLEAN.items()}
    fill(blank, values, tmp_path / f"risposte_{period.iso}" / "s01.xlsx")
    return consolidate(p, [tmp_path / f"risposte_{period.iso}"], period=period)


def _ind(result: Consolidation, row_id: str) -> Any:
    return next(i for i in result.scores.indicators() if i.indicator.id == row_id)


def _phase(result: Consolidation, row_id: str) -> Any:
    return next(p for p in result.scores.phases() if p.phase.id == row_id)


def _codes(result: Consolidation) -> set[tuple[str, str | None]]:
    return {(f.code.value, f.cell) for f in result.findings if f.severity.value == "error"}


def test_a_clean_return_is_not_provisional(plan: tuple[Path, Plan], tmp_path: Path) -> None:
    result = _consolidate(plan, tmp_path, {})
    [objective] = result.scores.objectives
    assert not objective.provisional and objective.score == pytest.approx((50 + 50) / 2)
    entity = result.scores.rollups[-1]
    assert entity.provisional == 0 and not entity.is_provisional
    assert sum(entity.counts.values()) == entity.objectives == 1
    assert result.to_dict()["entity_provisional"] is False


@pytest.mark.parametrize(
    "changes,code,cell,row_id",
    [
        ({"2025_S01_01/I1": {"Valore Raggiunto": -400}}, "VALUE-002", "H4", "2025_S01_01/I1"),
        ({"2025_S01_01/I1": {"Valore Raggiunto": "quasi"}}, "VALUE-001", "H4", "2025_S01_01/I1"),
        ({"2025_S01_01/I2": {"Valore Raggiunto": "150%"}}, "VALUE-002", "H5", "2025_S01_01/I2"),
        ({"2025_S01_01/I2": {"Valore Raggiunto": -10}}, "VALUE-002", "H5", "2025_S01_01/I2"),
    ],
    ids=["minus 400", "a word", "150 percent", "a negative percentage"],
)
def test_an_indicator_value_in_error_counts_in_no_score(
    plan: tuple[Path, Plan],
    tmp_path: Path,
    changes: dict[str, dict[str, Any]],
    code: str,
    cell: str,
    row_id: str,
) -> None:
    result = _consolidate(plan, tmp_path, changes)
    assert (code, cell) in _codes(result)
    ind = _ind(result, row_id)
    assert ind.in_error and ind.provisional
    assert ind.score is None and ind.achieved is None and ind.gap is None
    assert ind.outcome.value == "non_valutabile"
    assert ind.trace.it.startswith(("valore in errore", "valore non leggibile"))
    [objective] = result.scores.objectives
    other = next(i for i in objective.indicators if i.indicator.id != row_id)
    assert objective.score == pytest.approx(other.score)  # the other indicator only
    assert objective.provisional and 0 <= objective.score <= 100
    entity = result.scores.rollups[-1]
    assert entity.provisional == 1 and sum(entity.counts.values()) == 0
    assert entity.weighted is not None and 0 <= entity.weighted <= 100


@pytest.mark.parametrize(
    "changes,code,cell",
    [
        ({"2025_S01_01/F1": {"Avanzamento (%)": 150}}, "VALUE-002", "H4"),
        ({"2025_S01_01/F1": {"Avanzamento (%)": -20}}, "VALUE-002", "H4"),
        ({"2025_S01_01/F1": {"Avanzamento (%)": "circa metà"}}, "VALUE-001", "H4"),
    ],
    ids=["150", "minus 20", "a word"],
)
def test_a_progress_in_error_is_left_out_not_clamped(
    plan: tuple[Path, Plan],
    tmp_path: Path,
    changes: dict[str, dict[str, Any]],
    code: str,
    cell: str,
) -> None:
    result = _consolidate(
        plan,
        tmp_path,
        {
            **changes,
            "2025_S01_01/I1": {"Valore Raggiunto": None},
            "2025_S01_01/I2": {"Valore Raggiunto": None},
        },
    )
    assert (code, cell) in _codes(result)
    f1, f2 = _phase(result, "2025_S01_01/F1"), _phase(result, "2025_S01_01/F2")
    assert f1.in_error and f1.progress is None and f1.provisional  # not 100, not 0
    assert not f2.provisional
    [objective] = result.scores.objectives
    assert objective.phase_progress == pytest.approx(20)  # F2 alone, its weight rescaled
    assert objective.provisional


@pytest.mark.parametrize(
    "changes,code,cell,kept",
    [
        (  # an end before the start: the end is left out
            {"2025_S01_01/F1": {"Fine Effettiva": datetime(2025, 1, 15)}},
            "VALUE-006",
            "J4",
            "actual_start",
        ),
        (  # a start after the monitoring date: left out of the timing
            {"2025_S01_01/F1": {"Inizio Effettivo": datetime(2025, 9, 1)}},
            "VALUE-007",
            "I4",
            "actual_end",
        ),
    ],
    ids=["end before start", "date after the period"],
)
def test_a_date_in_error_is_left_out_and_the_phase_is_provisional(
    plan: tuple[Path, Plan],
    tmp_path: Path,
    changes: dict[str, dict[str, Any]],
    code: str,
    cell: str,
    kept: str,
) -> None:
    result = _consolidate(plan, tmp_path, changes)
    assert (code, cell) in _codes(result)
    f1 = _phase(result, "2025_S01_01/F1")
    left_out = "actual_end" if kept == "actual_start" else "actual_start"
    assert getattr(f1, left_out) is None and f1.provisional
    assert f1.progress == 50  # the progress itself has no error: it counts
    assert result.scores.objectives[0].provisional


def test_at_the_final_report_a_value_in_error_is_never_a_zero(
    plan: tuple[Path, Plan], tmp_path: Path
) -> None:
    """The final policy turns a missing value into 0; a value in error is not missing: it is
    left out (and the score is provisional)."""
    result = _consolidate(
        plan,
        tmp_path,
        {
            "2025_S01_01/F1": {"Fine Effettiva": datetime(2025, 6, 1)},
            "2025_S01_01/I1": {"Valore Raggiunto": -400, "Note": "errore di battitura"},
            "2025_S01_01/I2": {"Valore Raggiunto": 90},
        },
        DECEMBER,
    )
    i1 = _ind(result, "2025_S01_01/I1")
    assert i1.score is None and i1.in_error
    assert not any(
        f.code.value == "SCORE-002" and f.row_id == i1.indicator.id for f in result.findings
    )
    assert result.scores.objectives[0].score == pytest.approx(100)  # 90% of 80%, capped
    assert result.scores.objectives[0].provisional


def test_a_shortfall_without_its_note_keeps_its_value(
    plan: tuple[Path, Plan], tmp_path: Path
) -> None:
    """VALUE-009 says the note is missing, not that the value is wrong: the value counts (the
    score is provisional: the return must still be corrected)."""
    result = _consolidate(
        plan,
        tmp_path,
        {"2025_S01_01/I1": {"Valore Raggiunto": 60}, "2025_S01_01/I2": {"Valore Raggiunto": 80}},
        DECEMBER,
    )
    assert any(f.code.value == "VALUE-009" for f in result.findings)
    i1 = _ind(result, "2025_S01_01/I1")
    assert not i1.in_error and i1.score == pytest.approx(50) and i1.provisional


def test_a_score_the_nucleo_granted_is_not_provisional(
    plan: tuple[Path, Plan], tmp_path: Path
) -> None:
    _, p = plan
    [blank] = generate(p, JUNE, tmp_path / "schede").files
    values = {**CLEAN, "2025_S01_01/I1": {"Valore Raggiunto": -400}}
    fill(blank, values, tmp_path / "r" / "s01.xlsx")
    granted = {"2025_S01_01/I1": Override(70.0, "verificato con il settore")}
    result = consolidate(p, [tmp_path / "r"], overrides=granted)
    i1 = _ind(result, "2025_S01_01/I1")
    assert i1.in_error and i1.final == 70 and not i1.provisional
    [objective] = result.scores.objectives
    assert not objective.provisional and objective.score == pytest.approx((70 + 50) / 2)
    both = {"2025_S01_01": Override(80.0, "ok"), **granted}
    assert not consolidate(p, [tmp_path / "r"], overrides=both).scores.objectives[0].provisional


def test_values_in_error_are_found_beyond_the_findings_listed(plan: tuple[Path, Plan]) -> None:
    """A return with 250 negative values lists 200 findings of the code and counts the rest;
    every one of the 250 is left out all the same."""
    _, p = plan
    values = [
        ReadValue(
            "Indicatori",
            f"H{n}",
            f"X/I{n}",
            "Valore Raggiunto",
            "achieved",
            Kind.NUMBER,
            "-1",
            Value(Kind.NUMBER, -1.0),
        )
        for n in range(3, 253)
    ]
    ret = Return("r.xlsx", values=values, meta={"period": "2025-06-30"})
    listed = [f for f in validate(ret, p, JUNE) if f.code.value == "VALUE-002"]
    assert len(listed) == 200
    assert values_in_error(ret, p, JUNE) == {("Indicatori", f"H{n}") for n in range(3, 253)}


# -- wherever it is shown -----------------------------------------------------------------------


@pytest.fixture()
def flawed(plan: tuple[Path, Plan], tmp_path: Path) -> Consolidation:
    return _consolidate(plan, tmp_path, {"2025_S01_01/I1": {"Valore Raggiunto": -400}})


def test_the_text_and_json_say_provisional(
    plan: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, p = plan
    [blank] = generate(p, JUNE, tmp_path / "schede").files
    fill(blank, {**CLEAN, "2025_S01_01/I1": {"Valore Raggiunto": -400}}, tmp_path / "r" / "s.xlsx")
    argv = ["consolidate", str(plan_path), str(tmp_path / "r"), "-o", str(tmp_path / "m.xlsx")]
    capsys.readouterr()
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "Punteggio provvisorio" in out and "1 su 1" in out
    [line] = [x for x in out.splitlines() if x.startswith("  S01 ")]
    assert "provvisorio" in line and "-" not in line.split("provvisorio")[0].replace("S01", "")
    assert main([*argv, "--format", "json", "--force"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["entity_provisional"] is True
    s01 = next(s for s in doc["scores"] if s["key"] == "S01")
    assert s01["provisional"] is True and s01["counts"]["provvisorio"] == 1
    assert all(s["weighted"] is None or 0 <= s["weighted"] <= 100 for s in doc["scores"])


def test_the_master_rows_sintesi_and_chart_say_provisional(
    flawed: Consolidation, tmp_path: Path
) -> None:
    path = write_master(flawed, tmp_path / "m.xlsx")
    tables = excel_tables(path)

    def rows(name: str) -> list[dict[str, Any]]:
        heads, data = tables[name]
        return [dict(zip(heads, r, strict=True)) for r in data]

    [obj] = rows("Obiettivi")
    assert obj["Provvisorio"] == "sì" and obj["Stato calcolato"].endswith("(provvisorio)")
    i1 = next(r for r in rows("Indicatori") if r["ID"] == "2025_S01_01/I1")
    assert i1["Valore raggiunto"] is None and i1["Testo inserito"] == "-400"
    assert i1["Avanzamento %"] is None and i1["Provvisorio"] == "sì"
    assert i1["Scostamento"] is None and i1["Confronto"] is None  # no result at mid-year
    [sector] = rows("Sintesi")
    assert sector["Provvisorio"] == "sì" and sector["Obiettivi provvisori"] == 1
    assert sector["Valori in errore"] == 1 and sector["Indicatori con valore"] == 1
    statuses = ["In linea", "A rischio", "Critico", "Non valutabile"]  # states at mid-year
    assert sum(sector[s] for s in statuses) == 0  # counted in no status
    [total] = rows("Totale_ente")
    assert total["Provvisorio"] == "sì" and total["Obiettivi provvisori"] == 1
    aggregati = rows("Aggregati")
    assert all(r["Provvisorio"] == "sì" for r in aggregati)
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
        status_chart = z.read("xl/charts/chart2.xml").decode()
    assert "<a:pattFill" in chart and "(provvisorio)" in chart  # hatched, labelled
    assert "Obiettivi provvisori" in status_chart or "Sintesi!$" in status_chart


def test_the_report_says_provisional_and_draws_no_negative_bar(flawed: Consolidation) -> None:
    import re

    page = render_report(flawed)
    assert "(provvisorio)" in page and 'class="pill provvisorio"' in page
    assert "«-400» (in errore)" in page
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="(-?[0-9.]+)"', page)]
    assert widths and min(widths) >= 0
    assert "−" not in "".join(re.findall(r">(-?[0-9.,]+%)<", page))


def test_the_demo_sector_with_errors_is_not_the_best_clean_sector(
    demo_folder: Path,
) -> None:
    """The issue's case: S05 sent «circa metà», «quasi» and an impossible date pair; its one
    phase left scores 100: shown provisional everywhere, counted in no status."""
    from pegxl.plan.workbook_reader import load

    p = load(demo_folder / "piano.xlsx").plan
    assert p is not None
    result = consolidate(p, [demo_folder / "risposte_2025-06-30"])
    s05 = next(r for r in result.scores.rollups if r.level == "sector" and r.key == "S05")
    assert s05.is_provisional and s05.counts["in_linea"] == 0 and s05.provisional == 1
    clean = [r for r in result.scores.rollups if r.level == "sector" and not r.is_provisional]
    assert all(not r.is_provisional for r in clean) and len(clean) == 4
    f2 = _phase(result, "2025_S05_04/F2")
    assert f2.actual_end is None and f2.provisional  # the end before the start, left out

"""Approved variations («Variazioni» of the plan workbook, issue 19 §3): every rule a finding by
cell, the plan in force at a date, and saved → loaded without loss."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pegxl import load_plan, save_plan
from pegxl.model import Plan

from .tables import flatten, plan_tables, write_book

WHERE = ["code", "sheet", "cell", "row_id"]
HEAD = ["ID", "Campo", "Valore originale", "Nuovo valore", "Motivazione", "Atto", "Data atto"]
IND, F1, F2 = "2025_S01_01/I1", "2025_S01_01/F1", "2025_S01_01/F2"
WHY, ACT = "Riduzione del personale assegnato", "DGC n. 120"


def _load(*rows: list[Any]) -> tuple[Plan | None, list[tuple[Any, ...]]]:
    return _load_tables(plan_tables(Variazioni=[HEAD, *map(list, rows)]))


def _load_tables(tables: dict[str, list[list[Any]]]) -> tuple[Plan | None, list[tuple[Any, ...]]]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = load_plan(write_book(Path(d) / "p.xlsx", tables), cache=False)
    return r.plan, flatten(r.findings, WHERE)


def test_a_sound_variation_is_read_and_the_plan_in_force_follows_its_act() -> None:
    plan, found = _load([IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)])
    assert found == []
    assert plan is not None
    [v] = plan.variations
    assert (v.row_id, v.field, v.original.value, v.new.value) == (IND, "target", 120, 100)  # type: ignore[union-attr]
    assert (v.reason, v.act, v.act_date) == (WHY, ACT, date(2025, 7, 15))
    before, after = plan.as_of(date(2025, 6, 30)), plan.as_of(date(2025, 12, 31))
    assert before is plan
    assert next(before.indicators()).target.value == 120  # type: ignore[union-attr]
    assert next(after.indicators()).target.value == 100  # type: ignore[union-attr]
    assert plan.as_of(date(2025, 7, 15)).fingerprint() == after.fingerprint()  # from its date
    assert after.fingerprint() != plan.fingerprint()
    assert plan.fingerprints() == {plan.fingerprint(), after.fingerprint()}
    assert after.variations == plan.variations  # the plan in force keeps the record


def test_a_variation_does_not_change_the_plans_fingerprint() -> None:
    """A return generated before the variation was recorded still belongs to the plan."""
    plain, _ = _load_tables(plan_tables())
    varied, _ = _load(
        [F1, "Fine Prevista", date(2025, 6, 30), date(2025, 9, 30), WHY, ACT, date(2025, 6, 1)]
    )
    assert plain is not None and varied is not None
    assert varied.fingerprint() == plain.fingerprint()
    assert next(varied.as_of(date(2025, 6, 30)).phases()).planned_end == date(2025, 9, 30)
    assert next(varied.as_of(date(2025, 5, 31)).phases()).planned_end == date(2025, 6, 30)


def test_every_rule_is_a_finding_on_its_cell() -> None:
    _, found = _load(
        ["2025_S01_01/I9", "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 1)],  # row 2
        [IND, "Descrizione", "x", "y", WHY, ACT, date(2025, 7, 1)],  # 3: cannot vary
        [F1, "Valore Atteso", 1, 2, WHY, ACT, date(2025, 7, 1)],  # 4: not a phase's field
        [IND, "Valore Atteso", 99, 100, WHY, ACT, date(2025, 7, 1)],  # 5: not the original
        [IND, "Valore Atteso", 120, 110, WHY, ACT, date(2024, 12, 1)],  # 6: another year
        [F1, "Peso", 60, 50, WHY, ACT, date(2025, 8, 1)],  # 7: sound
        [F1, "peso", 60, 40, WHY, ACT, date(2025, 8, 1)],  # 8: twice on one date
        [F2, "Fine Prevista", date(2025, 12, 31), "fine anno", WHY, ACT, date(2025, 8, 1)],  # 9
        [F2, "Inizio Previsto", date(2025, 7, 1), date(2025, 9, 1), None, None, date(2025, 8, 1)],
        [F2, "Peso", 40, 50, WHY, ACT, "presto"],  # 11: not a date
        [F2, "Peso", 40, 40, WHY, ACT, date(2025, 12, 20)],  # 12: late, and changes nothing
        [IND, None, 120, 100, WHY, ACT, date(2025, 7, 1)],  # 13: no field
        [F2, "Peso", 40, -5, WHY, ACT, date(2025, 9, 1)],  # 14: a negative weight
    )
    assert found == [
        ("PLAN-061", "Variazioni", "A2", "2025_S01_01/I9"),
        ("PLAN-062", "Variazioni", "B3", IND),
        ("PLAN-062", "Variazioni", "B4", F1),
        ("PLAN-064", "Variazioni", "G6", IND),
        ("PLAN-066", "Variazioni", "D9", F2),
        ("PLAN-067", "Variazioni", "E10", F2),
        ("PLAN-067", "Variazioni", "F10", F2),
        ("PLAN-064", "Variazioni", "G11", F2),
        ("PLAN-068", "Variazioni", "G12", F2),
        ("PLAN-016", "Variazioni", "B13", None),
        ("PLAN-066", "Variazioni", "D14", F2),
        ("PLAN-063", "Variazioni", "C5", IND),
        ("PLAN-065", "Variazioni", "G8", F1),
        ("PLAN-069", "Variazioni", "D12", F2),
        ("PLAN-070", "Variazioni", "D7", F1),  # 50 + 40 after the act of 01/08
        ("PLAN-070", "Variazioni", "D12", F2),  # still 90 at 20/12
    ]


def test_a_second_variation_of_a_field_starts_from_the_first_ones_new_value() -> None:
    plan, found = _load(
        [IND, "Valore Atteso", 100, 90, WHY, "DGC n. 200", date(2025, 10, 1)],  # chained
        [IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)],
        [IND, "Valore Atteso", 120, 80, WHY, "DGC n. 210", date(2025, 11, 1)],  # not in force
    )
    assert found == [("PLAN-063", "Variazioni", "C4", IND)]
    assert plan is not None
    assert [v.new.value for v in plan.variations] == [100, 90]  # in the order of the acts
    targets = [
        next(plan.as_of(d).indicators()).target.value  # type: ignore[union-attr]
        for d in (date(2025, 6, 30), date(2025, 9, 30), date(2025, 12, 31))
    ]
    assert targets == [120, 100, 90]


def test_an_empty_original_is_right_only_where_the_plan_has_no_value() -> None:
    tables = plan_tables()
    tables["Fasi"][1][4] = None  # F1 has no Fine Prevista
    tables["Variazioni"] = [
        HEAD,
        [F1, "Fine Prevista", None, date(2025, 9, 30), WHY, ACT, date(2025, 7, 1)],
        [F2, "Fine Prevista", None, date(2025, 11, 30), WHY, ACT, date(2025, 7, 1)],
    ]
    plan, found = _load_tables(tables)
    assert [f[:3] for f in found if f[0].startswith("PLAN-06")] == [
        ("PLAN-063", "Variazioni", "C3")
    ]
    assert plan is not None and [v.row_id for v in plan.variations] == [F1]


def test_a_sheet_with_other_headers_is_reported_and_nothing_varies() -> None:
    plan, found = _load_tables(plan_tables(Variazioni=[["ID", "Valore"], [IND, 100]]))
    # the six missing columns, then the one that is not the sheet's
    assert [f[:3] for f in found] == [("PLAN-015", "Variazioni", "A1")] * 6 + [
        ("PLAN-022", "Variazioni", "B1")
    ]
    assert plan is not None and plan.variations == ()


def test_variations_survive_save_and_load_and_the_cache(tmp_path: Path) -> None:
    plan, found = _load(
        [IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)],
        [F2, "Fine Prevista", date(2025, 12, 31), date(2025, 11, 30), WHY, ACT, date(2025, 3, 1)],
        [F1, "Peso", 60, 70, WHY, ACT, date(2025, 3, 1)],
        [F2, "Peso", 40, 30, WHY, ACT, date(2025, 3, 1)],
    )
    assert found == [] and plan is not None
    path = save_plan(plan, tmp_path / "piano.xlsx")
    again = load_plan(path, cache=False)
    assert flatten(again.findings, WHERE) == []
    assert again.plan == plan
    assert again.plan is not None and again.plan.variations == plan.variations
    cached_dir = tmp_path / "cache"
    import os

    os.environ["PEGXL_CACHE_DIR"] = str(cached_dir)
    try:
        first = load_plan(path)
        second = load_plan(path)
    finally:
        del os.environ["PEGXL_CACHE_DIR"]
    assert first.plan == second.plan == plan
    assert second.plan is not None and second.plan.variations == plan.variations


def test_a_plan_workbook_without_the_sheet_loads_as_before() -> None:
    plan, found = _load_tables(plan_tables())
    assert found == [] and plan is not None and plan.variations == ()


# -- a variation scored before and after its act ------------------------------------------------


def _campaign(tmp_path: Path, plan: Plan, end: date, achieved: float, name: str) -> Path:
    """The sector's workbook for the period ending on ``end``, generated from ``plan`` and filled
    with ``achieved`` for the indicator and 100 for the phases."""
    from pegxl.model import Period
    from pegxl.workbook.writer import generate

    from .tables import fill

    out = tmp_path / name
    [wb] = generate(plan, Period.of(end), out).files
    values: dict[str, dict[str, Any]] = {
        IND: {"Valore Raggiunto": achieved, "Note": "come da relazione"},
        F1: {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)},
        F2: {"Avanzamento (%)": 100 if end.month == 12 else 0},
    }
    if end.month == 12:
        values[F2]["Fine Effettiva"] = date(2025, 11, 30)
    return fill(wb, values, tmp_path / f"{name}.xlsx")


def test_a_variation_is_scored_against_the_original_before_its_act_and_the_new_value_after(
    tmp_path: Path,
) -> None:
    from pegxl.model import Period
    from pegxl.results.consolidate import consolidate

    plain, _ = _load_tables(plan_tables())
    plan, found = _load([IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)])
    assert plain is not None and plan is not None and found == []
    june = _campaign(tmp_path, plan, date(2025, 6, 30), 110, "giugno")
    december = _campaign(tmp_path, plan, date(2025, 12, 31), 110, "dicembre")
    early = _campaign(tmp_path, plain, date(2025, 12, 31), 110, "prima")  # before it was recorded

    def indicator(path: Path, end: date) -> tuple[object, float | None, list[tuple[Any, ...]]]:
        r = consolidate(plan, [path], period=Period.of(end))
        [ind] = list(r.scores.indicators())
        target = ind.indicator.target.value if ind.indicator.target else None
        return target, ind.score, flatten(r.findings, ["code", "row_id"])

    target, score, findings = indicator(june, date(2025, 6, 30))
    assert (target, round(score or 0, 1)) == (120, 91.7)  # 110 of 120: the act came later
    assert [f for f in findings if f[0] in ("STRUCT-003", "FILE-051")] == []
    target, score, findings = indicator(december, date(2025, 12, 31))
    assert (target, score) == (100, 100.0)  # 110 of the varied 100
    assert [f for f in findings if f[0] in ("STRUCT-003", "FILE-051")] == []
    target, score, findings = indicator(early, date(2025, 12, 31))
    assert (target, score) == (100, 100.0)  # measured on the value in force all the same
    assert [f for f in findings if f[0] in ("STRUCT-003", "FILE-051")] == [("FILE-051", None)]


def test_generate_writes_the_varied_values_of_the_period(tmp_path: Path) -> None:
    import openpyxl

    plan, found = _load(
        [IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)],
        [F2, "Fine Prevista", date(2025, 12, 31), date(2025, 11, 30), WHY, ACT, date(2025, 7, 15)],
    )
    assert plan is not None and found == []

    def shown(end: date) -> tuple[object, object]:
        path = _campaign(tmp_path, plan, end, 1, f"g{end.month}")
        wb = openpyxl.load_workbook(path)
        cells = {
            str(ws.cell(r, 1).value): [c.value for c in ws[r]]
            for ws in wb.worksheets
            for r in range(3, ws.max_row + 1)
        }
        return (
            _find(cells[IND], (120, 100)),
            _find(cells[F2], (date(2025, 12, 31), date(2025, 11, 30))),
        )

    assert shown(date(2025, 6, 30)) == (120, date(2025, 12, 31))
    assert shown(date(2025, 12, 31)) == (100, date(2025, 11, 30))


def _find(row: list[Any], candidates: tuple[Any, ...]) -> Any:
    """The one of ``candidates`` the row holds (dates as openpyxl reads them)."""
    from datetime import datetime

    values = [v.date() if isinstance(v, datetime) else v for v in row]
    [hit] = [c for c in candidates if c in values]
    return hit


def test_the_master_keeps_the_original_beside_the_value_in_force_with_the_act(
    tmp_path: Path,
) -> None:
    from pegxl.model import Period
    from pegxl.results.consolidate import consolidate

    from .tables import excel_tables

    plan, found = _load(
        [IND, "Valore Atteso", 120, 100, WHY, ACT, date(2025, 7, 15)],
        [F2, "Fine Prevista", date(2025, 12, 31), date(2025, 11, 30), WHY, ACT, date(2025, 7, 15)],
        [F1, "Peso", 60, 70, WHY, "DGC n. 130", date(2025, 9, 1)],
        [F2, "Peso", 40, 30, WHY, "DGC n. 130", date(2025, 9, 1)],
    )
    assert plan is not None and found == []
    from pegxl.results.master import write_master

    for end, expected in (
        (date(2025, 6, 30), ([120, None, None], [None, None, None, None], "no")),
        (
            date(2025, 12, 31),
            (
                [100, 120, "DGC n. 120 del 15/07/2025"],
                [
                    None,
                    date(2025, 12, 31),
                    40,
                    "DGC n. 120 del 15/07/2025; DGC n. 130 del 01/09/2025",
                ],
                "sì",
            ),
        ),
    ):
        ret = _campaign(tmp_path, plan, end, 110, f"m{end.month}")
        result = consolidate(plan, [ret], period=Period.of(end))
        tables = excel_tables(write_master(result, tmp_path / f"riepilogo_{end.month}.xlsx"))
        heads, rows = tables["Indicatori"]
        row = dict(zip(heads, rows[0], strict=True))
        assert [row["Valore atteso"], row["Valore atteso originale"], row["Atto"]] == expected[0]
        heads, rows = tables["Fasi"]
        f2 = dict(zip(heads, rows[1], strict=True))
        cols = ["Inizio previsto originale", "Fine prevista originale", "Peso originale", "Atto"]
        got = [f2[c].date() if hasattr(f2[c], "date") else f2[c] for c in cols]
        assert got == expected[1]
        heads, rows = tables["Variazioni"]
        assert heads[:7] == HEAD  # the plan workbook's headers: rows can be pasted back
        assert [(r[0], r[1], r[2], r[3], r[-1]) for r in rows] == [
            (IND, "Valore Atteso", "120", "100", expected[2]),
            (F2, "Fine Prevista", "31/12/2025", "30/11/2025", expected[2]),
            (F1, "Peso", "60", "70", expected[2]),
            (F2, "Peso", "40", "30", expected[2]),
        ]


def test_the_plan_after_an_act_keeps_its_weights_and_dates_sound() -> None:
    _, found = _load(
        [F1, "Peso", 60, 70, WHY, ACT, date(2025, 8, 1)],  # F2 not varied: 110
        [F2, "Fine Prevista", date(2025, 12, 31), date(2025, 6, 1), WHY, ACT, date(2025, 8, 1)],
        [F1, "Peso", 70, 60, WHY, "DGC n. 200", date(2025, 9, 1)],  # back to 100: sound
    )
    assert found == [
        ("PLAN-070", "Variazioni", "D2", F1),
        ("PLAN-071", "Variazioni", "D3", F2),  # 01/06 before its start, 01/07
    ]


def test_targets_of_every_kind_vary_as_their_kind_reads() -> None:
    tables = plan_tables()
    ind = tables["Indicatori"]
    # written IDs (blank ones would be derived and said, PLAN-045)
    ind.append(
        ["2025_S01_01/I2", "2025_S01_01", "Tasso di copertura", "EFFICACIA", "percentuale", "85%"]
    )
    ind.append(
        ["2025_S01_01/I3", "2025_S01_01", "Delibera approvata", "EFFICACIA", "data", "30/09/2025"]
    )
    ind.append(
        ["2025_S01_01/I4", "2025_S01_01", "Regolamento", "EFFICACIA", "fatto/non fatto", "Fatto"]
    )
    tables["Variazioni"] = [
        HEAD,
        ["2025_S01_01/I2", "Valore Atteso", "85%", "80%", WHY, ACT, "15/07/2025"],
        ["2025_S01_01/I3", "valore atteso", "30/09/2025", date(2025, 11, 30), WHY, ACT, 45853],
        ["2025_S01_01/I1", "Valore Atteso", 120, "centodieci", WHY, ACT, date(2025, 7, 1)],
        ["2025_S01_01/I4", "Valore Atteso", "Fatto", "forse", WHY, ACT, date(2025, 7, 1)],
    ]
    plan, found = _load_tables(tables)
    assert found == [
        ("PLAN-066", "Variazioni", "D4", IND),
        ("PLAN-066", "Variazioni", "D5", "2025_S01_01/I4"),
    ]
    assert plan is not None
    now = plan.as_of(date(2025, 12, 31)).indicator_index()
    assert now["2025_S01_01/I2"].target.value == 80  # type: ignore[union-attr]
    assert now["2025_S01_01/I3"].target.value == date(2025, 11, 30)  # type: ignore[union-attr]
    # 45853 is the Excel serial of 15/07/2025
    assert [v.act_date for v in plan.variations] == [date(2025, 7, 15)] * 2

"""Issue 19: the interim monitoring as the SMVP means it — the monitoring questions of each
objective and the proposals of rimodulazione in the workbook, read back with their cells, and
their rules as exact findings."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pegxl.model import Period, Plan
from pegxl.render import consolidation_text
from pegxl.returns.reader import read_return
from pegxl.values import format_value
from pegxl.workbook import layout

from .tables import flatten
from .test_validate import DEC, JUNE, report, returned

M = "Monitoraggio!"
STATE, FORECAST, CRIT, ACTIONS = (
    "Stato di attuazione",
    "Raggiungibile al 31/12",
    "Criticità",
    "Azioni correttive",
)
PROPOSAL, REASON = "Proposta di rimodulazione", "Motivazione della proposta"
NEW_TARGET, NEW_END = "Nuovo valore atteso proposto", "Nuova fine prevista proposta"
WHERE = ["code", "sheet", "cell", "row_id", "severity"]


def monitoring_findings(plan: Plan, path: Path, period: Period | None = None) -> list[Any]:
    return flatten(report(path, plan, period), WHERE)


def test_the_answers_come_back_with_their_cells(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {
                STATE: "In ritardo",
                FORECAST: "Parzialmente",
                CRIT: "Gara deserta",
                ACTIONS: "Nuova gara a luglio",
                PROPOSAL: "Spostare la fase 2 a ottobre",
                REASON: "Gara deserta a maggio",
            },
            "2025_S09_01/F2": {NEW_END: datetime(2025, 10, 31)},
            "2025_S09_01/I1": {NEW_TARGET: 80},
        },
    )
    r = report(p, seed_plan)
    assert flatten(r, WHERE) == []
    ret = read_return(p, seed_plan)
    got = {(v.sheet, v.cell, v.column): v.to_dict()["value"] for v in ret.values if v.raw}
    assert got[("Monitoraggio", "D3", STATE)] == "In ritardo"
    assert got[("Monitoraggio", "E3", FORECAST)] == "Parzialmente"
    assert got[("Monitoraggio", "F3", CRIT)] == "Gara deserta"
    assert got[("Monitoraggio", "G3", ACTIONS)] == "Nuova gara a luglio"
    assert got[("Monitoraggio", "H3", PROPOSAL)] == "Spostare la fase 2 a ottobre"
    assert got[("Monitoraggio", "I3", REASON)] == "Gara deserta a maggio"
    assert got[("Fasi", "L5", NEW_END)] == "2025-10-31"
    new_target = next(v for v in ret.values if v.key == layout.PROPOSED_TARGET and v.raw)
    assert (new_target.row_id, new_target.kind.value) == ("2025_S09_01/I1", "percent")
    # every objective of the sector has its row, empty ones included
    codes = [o.code for o in seed_plan.objectives_of("S09")]
    rows = {v.row_id for v in ret.values if v.sheet == "Monitoraggio"}
    assert rows == set(codes)


def test_check_json_carries_the_answers(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_02": {FORECAST: "No", CRIT: "x"}})
    import json

    doc = json.loads(report(p, seed_plan).to_json())
    values = doc["files"][0]["values"]
    assert {
        "sheet": "Monitoraggio",
        "cell": "E4",
        "row_id": "2025_S09_02",
        "column": FORECAST,
        "raw": "No",
        "value": "No",
        "kind": "text",
    } in values


@pytest.mark.parametrize("answer", ["No", "Parzialmente", "no", " PARZIALMENTE "])
def test_a_forecast_short_of_31_12_needs_its_criticita(
    tmp_path: Path, seed_plan: Plan, answer: str
) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_02": {FORECAST: answer}})
    assert monitoring_findings(seed_plan, p) == [
        ("VALUE-025", "Monitoraggio", "F4", "2025_S09_02", "warning")
    ]


@pytest.mark.parametrize("crit", ["   ", "\n"])
def test_a_blank_criticita_is_no_criticita(tmp_path: Path, seed_plan: Plan, crit: str) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_01": {FORECAST: "No", CRIT: crit}})
    assert monitoring_findings(seed_plan, p) == [
        ("VALUE-025", "Monitoraggio", "F3", "2025_S09_01", "warning")
    ]


@pytest.mark.parametrize("answer", ["Sì", "si", "SI'", "Si"])
def test_a_forecast_si_needs_nothing(tmp_path: Path, seed_plan: Plan, answer: str) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_01": {FORECAST: answer}})
    assert monitoring_findings(seed_plan, p) == []


def test_an_answer_not_in_the_list(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {M + "2025_S09_01": {STATE: "Benissimo", FORECAST: "Forse"}},
    )
    r = report(p, seed_plan)
    assert flatten(r, WHERE) == [
        ("VALUE-023", "Monitoraggio", "D3", "2025_S09_01", "error"),
        ("VALUE-023", "Monitoraggio", "E3", "2025_S09_01", "error"),
    ]
    assert "In linea / In ritardo / Critico" in r.findings[0].message("it")
    # an answer nobody can read asks for nothing more (no Criticità for «Forse»)


def test_a_text_longer_than_the_limit(tmp_path: Path, seed_plan: Plan) -> None:
    fits, long = "a" * layout.TEXT_LIMIT, "b" * (layout.TEXT_LIMIT + 1)
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_01": {CRIT: fits, ACTIONS: long}})
    r = report(p, seed_plan)
    assert flatten(r, WHERE) == [("VALUE-024", "Monitoraggio", "G3", "2025_S09_01", "error")]
    assert "2001 caratteri" in r.findings[0].message("it")


def test_every_proposal_needs_its_reason_one_finding_per_objective(
    tmp_path: Path, seed_plan: Plan
) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {PROPOSAL: "Rinviare"},
            "2025_S09_01/F2": {NEW_END: datetime(2025, 11, 30)},
            "2025_S09_02/I1": {NEW_TARGET: 70},
        },
    )
    r = report(p, seed_plan)
    assert flatten(r, WHERE) == [
        ("VALUE-026", "Monitoraggio", "I3", "2025_S09_01", "warning"),
        ("VALUE-026", "Monitoraggio", "I4", "2025_S09_02", "warning"),
    ]
    msg = r.findings[0].message("it")
    assert "«Proposta di rimodulazione» Monitoraggio!H3" in msg
    assert "«Nuova fine prevista proposta» Fasi!L5" in msg


def test_a_reason_without_a_proposal_is_fine(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_01": {REASON: "Per memoria"}})
    assert monitoring_findings(seed_plan, p) == []


def test_proposed_values_are_validated_like_the_plans(tmp_path: Path, seed_plan: Plan) -> None:
    f1 = seed_plan.phase_index()["2025_S09_01/F1"]
    i1 = seed_plan.indicator_index()["2025_S09_01/I1"]
    assert f1.planned_start is not None and i1.target is not None
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {REASON: "Come da relazione"},
            "2025_S09_01/F1": {NEW_END: datetime(2024, 12, 1)},  # before its planned start
            "2025_S09_01/F2": {NEW_END: "fine anno"},  # not a date
            "2025_S09_01/F3": {NEW_END: datetime(2031, 1, 1)},  # outside the plan's years
            "2025_S09_01/I1": {NEW_TARGET: 150},  # a percentage above 100
            "2025_S09_01/I2": {NEW_TARGET: i1.target.value},
        },
    )
    assert monitoring_findings(seed_plan, p) == [
        ("VALUE-001", "Fasi", "L5", "2025_S09_01/F2", "error"),
        ("VALUE-002", "Fasi", "L6", "2025_S09_01/F3", "error"),
        ("VALUE-002", "Indicatori", "J4", "2025_S09_01/I1", "error"),
        ("VALUE-029", "Fasi", "L4", "2025_S09_01/F1", "error"),
    ]


def test_a_proposal_that_changes_nothing(tmp_path: Path, seed_plan: Plan) -> None:
    f1 = seed_plan.phase_index()["2025_S09_01/F1"]
    i1 = seed_plan.indicator_index()["2025_S09_01/I1"]
    assert f1.planned_end is not None and i1.target is not None
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {REASON: "x"},
            "2025_S09_01/F1": {NEW_END: datetime.combine(f1.planned_end, datetime.min.time())},
            "2025_S09_01/I1": {NEW_TARGET: i1.target.value},
        },
    )
    assert monitoring_findings(seed_plan, p) == [
        ("VALUE-028", "Fasi", "L4", "2025_S09_01/F1", "warning"),
        ("VALUE-028", "Indicatori", "J4", "2025_S09_01/I1", "warning"),
    ]


def test_a_proposal_in_the_final_period(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {PROPOSAL: "Rinviare", REASON: "x", FORECAST: "No"},
            "2025_S09_01/I1": {NEW_TARGET: 80},
        },
    )
    findings = [
        f for f in monitoring_findings(seed_plan, p, DEC) if f[0] not in ("STRUCT-005", "SCORE-023")
    ]
    # judged as the final report: a proposal is ignored and said so, cell by cell; the
    # interim questions (Criticità for a No) are not asked any more. The workbook is of
    # another period than the one checked, so what is said of it is information (week two)
    assert findings == [
        ("VALUE-027", "Indicatori", "J4", "2025_S09_01/I1", "info"),
        ("VALUE-027", "Monitoraggio", "H3", "2025_S09_01", "info"),
    ]


def test_an_error_on_a_monitoring_cell_makes_no_score_provisional(
    tmp_path: Path, seed_plan: Plan
) -> None:
    from pegxl.results.consolidate import consolidate

    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {STATE: "Boh"},
            "2025_S09_01/I1": {NEW_TARGET: 150},
            M + "2025_S09_02": {REASON: "x"},
        },
    )
    result = consolidate(seed_plan, [p], period=JUNE)
    assert not any(o.provisional for o in result.scores.objectives)


def test_the_monitoring_row_is_locked_and_hashed(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(seed_plan, JUNE, tmp_path, {M + "2025_S09_01": {"Obiettivo": "Altro titolo"}})
    assert monitoring_findings(seed_plan, p) == [
        ("STRUCT-011", "Monitoraggio", "B3", "2025_S09_01", "error")
    ]


def test_a_deleted_monitoring_sheet_is_missing(tmp_path: Path, seed_plan: Plan) -> None:
    import openpyxl

    p = returned(seed_plan, JUNE, tmp_path, {})
    wb = openpyxl.load_workbook(p)
    del wb["Monitoraggio"]
    wb.save(p)
    codes = [(f[0], f[1]) for f in monitoring_findings(seed_plan, p)]
    assert codes == [("STRUCT-006", "Monitoraggio")]


def test_choice_of_reads_what_a_person_types() -> None:
    assert layout.choice_of("forecast", "si'") == "Sì"
    assert layout.choice_of("forecast", "SÌ") == "Sì"
    assert layout.choice_of("declared_state", "  in   RITARDO ") == "In ritardo"
    assert layout.choice_of("declared_state", "ritardo") is None
    assert layout.choice_of("forecast", "") is None
    assert layout.choice_of("criticita", "Sì") is None


def test_no_date_of_a_period_changes_the_answers_kind() -> None:
    assert layout.form_of(Period.of(date(2025, 9, 30))).monitoring
    assert not layout.form_of(Period.of(date(2025, 12, 31))).monitoring
    assert not layout.form_of(None).proposals


# -- 2. interim results are states, not grades ----------------------------------------------------


def _consolidated(plan: Plan, path: Path, period: Period = JUNE, rules: Any = None) -> Any:
    from pegxl.results.consolidate import consolidate

    return consolidate(plan, [path], period=period, rules=rules)


def _objective(result: Any, code: str) -> Any:
    return next(o for o in result.scores.objectives if o.objective.code == code)


def test_the_deadline_of_a_done_target_is_in_its_description() -> None:
    from pegxl.model import Indicator
    from pegxl.results.monitoring import deadline_of
    from pegxl.values import Kind, Value

    def ind(desc: str, kind: Kind = Kind.DONE, value: object = True) -> Indicator:
        return Indicator("X/I1", "X", desc, "EFFICACIA", Value(kind, value, "Fatto"))

    assert deadline_of(ind("Rinnovo della convenzione entro il 30/09/2025")) == date(2025, 9, 30)
    assert deadline_of(ind("Festa dello sport ENTRO IL 31.5.2025")) == date(2025, 5, 31)
    assert deadline_of(ind("Report entro 15-05-2025")) == date(2025, 5, 15)
    assert deadline_of(ind("Report annuale")) is None
    assert deadline_of(ind("entro il 31/02/2025")) is None  # no such day: no deadline
    assert deadline_of(ind("Avvio", Kind.DATE, date(2025, 3, 1))) == date(2025, 3, 1)
    assert deadline_of(ind("Utenti entro il 30/06/2025", Kind.NUMBER, 10.0)) is None


def test_the_states_from_overdue_items_and_the_forecast(tmp_path: Path, seed_plan: Plan) -> None:
    # 2025_S07_05/I1: «festa dello sport con le scuole entro il 31/05/2025», Fatto expected
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            "2025_S07_05/I1": {"Valore Raggiunto": "Non fatto"},
            M + "2025_S07_02": {FORECAST: "No", CRIT: "Il teatro ha chiuso"},
            M + "2025_S07_03": {FORECAST: "Parzialmente", CRIT: "Personale"},
            M + "2025_S07_04": {FORECAST: "Sì"},
        },
        sector="S07",
    )
    r = _consolidated(seed_plan, p)
    s705 = _objective(r, "2025_S07_05")
    assert [x.row_id for x in s705.overdue] == ["2025_S07_05/I1"]
    assert s705.state == "a_rischio"
    assert "1 scadenza passata: I1" in s705.state_trace.it
    assert "scadenza 31/05/2025 passata, valore «Non fatto»" in s705.indicators[0].expectation.it
    assert _objective(r, "2025_S07_02").state == "critico"
    assert _objective(r, "2025_S07_03").state == "a_rischio"
    assert _objective(r, "2025_S07_04").state in ("in_linea", "a_rischio")  # its own items
    # at interim no objective has a grade, whatever its score
    assert not any(f.code.value == "SCORE-028" for f in r.findings)


def test_a_phase_past_its_planned_end_not_at_100_is_overdue(
    tmp_path: Path, seed_plan: Plan
) -> None:
    sept = Period.of(date(2025, 9, 30))  # a later interim monitoring: 2025_S07_05/F1 ended 30/06
    f1 = seed_plan.phase_index()["2025_S07_05/F1"]
    assert f1.planned_end == date(2025, 6, 30)
    p = returned(
        seed_plan,
        sept,
        tmp_path,
        {
            "2025_S07_05/F1": {"Avanzamento (%)": 40},
            "2025_S07_05/I1": {"Valore Raggiunto": "Fatto"},
        },
        sector="S07",
    )
    o = _objective(_consolidated(seed_plan, p, sept), "2025_S07_05")
    assert [x.row_id for x in o.overdue] == ["2025_S07_05/F1"]
    assert "Fine Prevista 30/06/2025 passata, avanzamento 40%" in o.overdue[0].why.it
    done = returned(
        seed_plan,
        sept,
        tmp_path / "b",
        {"2025_S07_05/F1": {"Avanzamento (%)": 100, "Fine Effettiva": datetime(2025, 6, 20)}},
        sector="S07",
    )
    assert _objective(_consolidated(seed_plan, done, sept), "2025_S07_05").overdue == []


def test_two_overdue_items_are_critico(tmp_path: Path, seed_plan: Plan) -> None:
    from pegxl.model import Indicator
    from pegxl.results.monitoring import overdue_indicator, state_of
    from pegxl.values import Kind, Value

    done = Indicator("X/I1", "X", "Atto entro il 15/05/2025", "", Value(Kind.DONE, True, "Fatto"))
    at = date(2025, 6, 30)
    assert overdue_indicator(done, None, at) is not None
    assert overdue_indicator(done, Value(Kind.DONE, False, "Non fatto"), at) is not None
    assert overdue_indicator(done, Value(Kind.DONE, True, "Fatto"), at) is None
    assert overdue_indicator(done, None, date(2025, 5, 15)) is None  # due that very day
    dated = Indicator("X/I2", "X", "Avvio", "", Value(Kind.DATE, date(2025, 4, 1), "01/04/2025"))
    assert overdue_indicator(dated, Value(Kind.DATE, date(2025, 3, 30), ""), at) is None
    assert overdue_indicator(dated, Value(Kind.DATE, date(2025, 4, 2), ""), at) is not None
    assert state_of(2, 0, True, None, 2) == "critico"
    assert state_of(1, 0, True, "Sì", 2) == "a_rischio"
    assert state_of(0, 1, True, None, 2) == "a_rischio"
    assert state_of(0, 0, True, None, 2) == "in_linea"
    assert state_of(0, 0, False, "No", 2) == "critico"
    assert state_of(0, 0, False, None, 2) is None  # nothing to judge
    assert state_of(0, 0, False, "Sì", 2) == "in_linea"
    assert state_of(1, 0, True, None, 1) == "critico"


def test_a_declared_state_that_disagrees_is_a_finding_for_the_office(
    tmp_path: Path, seed_plan: Plan
) -> None:
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {STATE: "In linea", FORECAST: "No", CRIT: "x"},
            M + "2025_S09_02": {STATE: "In ritardo", FORECAST: "Parzialmente", CRIT: "x"},
            M + "2025_S09_03": {STATE: "in linea"},
        },
    )
    r = _consolidated(seed_plan, p)
    found = [f for f in r.findings if f.code.value == "SCORE-028"]
    assert flatten(found, ["code", "sheet", "cell", "row_id", "severity"]) == [
        ("SCORE-028", "Monitoraggio", "D3", "2025_S09_01", "warning")
    ]
    assert "«In linea», ma lo stato calcolato è «Critico»" in found[0].message("it")
    o2 = _objective(r, "2025_S09_02")
    assert (o2.declared, o2.state, o2.disagrees) == ("a_rischio", "a_rischio", False)


def test_no_pro_rata_by_default_a_linear_expectation_by_rule(
    tmp_path: Path, seed_plan: Plan
) -> None:
    from dataclasses import replace

    from pegxl.results.rules import default_rules

    ind = next(
        i
        for i in seed_plan.objectives_of("S09")[0].indicators
        if i.kind.value == "number" and i.target is not None and float(i.target.value) >= 10  # type: ignore[arg-type]
    )
    assert ind.target is not None
    t = float(ind.target.value)  # type: ignore[arg-type]
    p = returned(seed_plan, JUNE, tmp_path, {ind.id: {"Valore Raggiunto": t * 0.3}})
    plain = _consolidated(seed_plan, p)
    res = next(i for i in plain.scores.indicators() if i.indicator.id == ind.id)
    assert res.timing is None  # 30% of an annual target at 30/06 is progress, not late
    assert "nessuna quota del valore atteso annuale" in res.expectation.it
    linear = _consolidated(seed_plan, p, rules=replace(default_rules(), interim_number="linear"))
    res = next(i for i in linear.scores.indicators() if i.indicator.id == ind.id)
    assert res.timing == "in_ritardo"
    assert (
        "atteso in proporzione lineare" in res.expectation.it and "in ritardo" in res.expectation.it
    )
    assert ind.objective_code in _objective(linear, ind.objective_code).late[-1]


def test_the_rules_file_takes_the_interim_table(tmp_path: Path) -> None:
    from pegxl.results.rules import load_rules

    good = tmp_path / "r.toml"
    good.write_text('[interim]\nnumber = "linear"\ncritical_overdue = 3\n', encoding="utf-8")
    rules, found = load_rules(good)
    assert rules is not None and found == []
    assert (rules.interim_number, rules.interim_percent, rules.critical_overdue) == (
        "linear",
        "none",
        3,
    )
    assert rules.linear("number") and not rules.linear("percent") and not rules.linear("done")
    bad = tmp_path / "b.toml"
    bad.write_text('[interim]\nnumber = "proportional"\ncritical_overdue = 0\n', encoding="utf-8")
    rules, found = load_rules(bad)
    assert rules is None
    assert flatten(found, ["code", "line"]) == [("SCORE-009", 2), ("SCORE-009", 3)]


# -- no intermediate period anywhere emits the final grades ----------------------------------------

#: the grades of the final report, as any output would show them (a word, not «Valore Raggiunto»)
_GRADES = re.compile(
    r"(?<!Valore )(?<!valore )\b(Raggiunto|Parzialmente raggiunto|Non raggiunto|"
    r"Partly achieved|Not achieved)\b"
)


@pytest.mark.parametrize("end", [date(2025, 6, 30), date(2025, 9, 30)])
def test_no_intermediate_period_anywhere_emits_the_final_grades(
    tmp_path: Path, seed_plan: Plan, end: date
) -> None:
    import json

    import openpyxl

    from pegxl.results.html import render_report
    from pegxl.results.master import write_master

    period = Period.of(end)
    paths = [
        returned(
            seed_plan,
            period,
            tmp_path / s,
            {M + f"2025_{s}_01": {STATE: "Critico", FORECAST: "No", CRIT: "x"}},
            sector=s,
        )
        for s in ("S07", "S09", "S08")
    ]
    from pegxl.results.consolidate import consolidate

    result = consolidate(seed_plan, paths, period=period)
    assert {o.state for o in result.scores.objectives} >= {"critico", None}
    shown: list[str] = []
    for lang in ("it", "en"):
        master = write_master(result, tmp_path / f"m_{lang}.xlsx", lang)
        wb = openpyxl.load_workbook(master)
        shown += [
            str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
        ]
        with zipfile.ZipFile(master) as z:  # the charts' titles and series names too
            shown += [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
        shown.append(re.sub(r"<[^>]*>", " ", render_report(result, lang)))
        shown.append(consolidation_text(result, lang))
        doc = json.dumps(result.to_dict(lang), ensure_ascii=False)
        shown.append(doc)
        assert '"raggiunto"' not in doc and '"non_raggiunto"' not in doc
        for df in result.tables(lang).values():
            shown += [str(v) for v in df.astype(str).to_numpy().ravel()]
    found = sorted({m.group(0) for text in shown for m in _GRADES.finditer(text)})
    assert found == []


def test_the_final_report_still_grades(tmp_path: Path, seed_plan: Plan) -> None:
    p = returned(seed_plan, DEC, tmp_path, {}, sector="S09")
    result = _consolidated(seed_plan, p, DEC)
    assert result.scores.rollups[-1].bands[0] == "raggiunto"
    assert all(o.state is None for o in result.scores.objectives)
    assert "Raggiunto" in result.tables()["Obiettivi"]["Esito"].tolist()


# -- 3. «Proposte»: the sectors' proposals, ready to paste into «Variazioni» -----------------------


def test_the_interim_master_lists_the_proposals_with_the_headers_of_variazioni(
    tmp_path: Path, seed_plan: Plan
) -> None:
    from pegxl.results.master import write_master

    from .tables import excel_tables

    f2 = seed_plan.phase_index()["2025_S09_01/F2"]
    i1 = seed_plan.indicator_index()["2025_S09_01/I1"]
    assert f2.planned_end == date(2025, 12, 31) and i1.target is not None
    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S09_01": {
                FORECAST: "No",
                CRIT: "Gara deserta",
                PROPOSAL: "Rinviare la fase 2 a novembre",
                REASON: "Gara deserta a maggio",
            },
            "2025_S09_01/F2": {NEW_END: datetime(2025, 11, 30)},
            "2025_S09_01/I1": {NEW_TARGET: 80},
            M + "2025_S09_02": {PROPOSAL: "Ridurre il target", REASON: None},  # no reason
        },
    )
    result = _consolidated(seed_plan, p)
    master = write_master(result, tmp_path / "m.xlsx")
    headers, rows = excel_tables(master)["Proposte"]
    assert headers == [
        "ID",
        "Campo",
        "Valore originale",
        "Nuovo valore",
        "Motivazione",
        "Atto",
        "Data atto",
    ]
    why, act = "Gara deserta a maggio", [None, None]  # the act: for the office to fill in
    assert rows == [
        ["2025_S09_01", None, None, "Rinviare la fase 2 a novembre", why, *act],
        ["2025_S09_01/F2", "Fine Prevista", "31/12/2025", "30/11/2025", why, *act],
        ["2025_S09_01/I1", "Valore Atteso", format_value(i1.target), "80%", why, *act],
        ["2025_S09_02", None, None, "Ridurre il target", None, *act],
    ]
    # the English master keeps the Italian headers: its rows are pasted into the plan workbook
    en = excel_tables(write_master(result, tmp_path / "en.xlsx", "en"))["Proposte"][0]
    assert en == headers


def test_the_interim_report_opens_with_what_needs_action(tmp_path: Path, seed_plan: Plan) -> None:
    from pegxl.results.html import render_report

    p = returned(
        seed_plan,
        JUNE,
        tmp_path,
        {
            M + "2025_S07_02": {
                STATE: "In linea",
                FORECAST: "No",
                CRIT: "Il teatro ha chiuso <b>",
                ACTIONS: "Ricerca di una nuova sede",
                PROPOSAL: "Sostituire la convenzione",
                REASON: "Chiusura del teatro",
            },
            "2025_S07_05/I1": {"Valore Raggiunto": "Non fatto"},
        },
        sector="S07",
    )
    page = render_report(_consolidated(seed_plan, p))
    action = page.split('id="azioni"', 1)[1].split('id="risultati"', 1)[0]
    assert page.index('id="azioni"') < page.index('id="risultati"')
    for shown in (
        "Obiettivi a rischio o critici",
        "2025_S07_02 — ",
        '<span class="pill critico">Critico</span>',
        '<td class="differs">In linea</td>',  # declared, and not what pegxl computes
        "Scadenze passate",
        "2025_S07_05/I1",
        "31/05/2025",
        "Il teatro ha chiuso &lt;b&gt;",  # the sector's own words, escaped
        "Ricerca di una nuova sede",
        "Sostituire la convenzione",
        "Chiusura del teatro",
    ):
        assert shown in action, shown
    assert "Raggiunto" not in re.sub(r"Valore Raggiunto", "", action)

"""Loose ends a sector or the performance office meets (issue 22): the interim report's sector
rows and states, a varied phase on a sector's page, a cut note in a feedback workbook, the
monitoring answers in ``pegxl diff``, a proposal pasted into «Variazioni» end to end, and the
threshold of late items that makes an objective «A rischio»."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pegxl import load_plan, render
from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.results.html import render_report
from pegxl.workbook.writer import generate

from .tables import fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))
DEC = Period.of(date(2025, 12, 31))
M = "Monitoraggio!"
STATE, FORECAST = "Stato di attuazione", "Raggiungibile al 31/12"
OBJ, IND, F1, F2 = "2025_S01_01", "2025_S01_01/I1", "2025_S01_01/F1", "2025_S01_01/F2"
VHEAD = ["ID", "Campo", "Valore originale", "Nuovo valore", "Motivazione", "Atto", "Data atto"]


def small_plan(tmp_path: Path, **tables: list[list[Any]]) -> Plan:
    """The smallest sound plan (one sector, one objective, two phases, one indicator), with
    some sheets replaced."""
    r = load_plan(write_book(tmp_path / "piano.xlsx", plan_tables(**tables)), cache=False)
    assert r.plan is not None, r.findings
    return r.plan


def sent(
    plan: Plan, period: Period, out: Path, typed: dict[str, dict[str, Any]], name: str = "r"
) -> Path:
    """The sector's workbook of ``period``, filled with ``typed``."""
    [wb] = generate(plan, period, out / f"gen_{name}").files
    return fill(wb, typed, out / f"{name}.xlsx")


def section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


# -- 1. the interim report's sector rows and each objective's computed state -------------------


def test_the_interim_report_counts_the_states_where_a_sector_has_no_state(
    tmp_path: Path,
) -> None:
    plan = small_plan(tmp_path)
    # F1 ends 30/06 at 50%: late → A rischio, though the sector declares «In linea»
    ret = sent(
        plan,
        JUNE,
        tmp_path,
        {
            F1: {"Avanzamento (%)": 50},
            F2: {"Avanzamento (%)": 0},  # starts 01/07: not due yet
            IND: {"Valore Raggiunto": 40},
            M + OBJ: {STATE: "In linea", FORECAST: "Sì"},
        },
    )
    result = consolidate(plan, [ret], period=JUNE, workers=1)
    [o] = result.scores.objectives
    assert (o.state, o.disagrees) == ("a_rischio", True)
    page = render_report(result)
    sectors = section(page, 'id="settori"', 'id="esiti"')
    assert 'pill none">—' not in sectors  # no column of dashes: a sector has no state
    assert "Stato calcolato" not in sectors
    counts = re.findall(r'<span class="count (\w+)" title="([^"]+)">(\d+)</span>', sectors)
    row = [
        ("in_linea", "In linea", "0"),
        ("a_rischio", "A rischio", "1"),
        ("critico", "Critico", "0"),
        ("non_valutabile", "Non valutabile", "0"),
        ("provvisorio", "Provvisorio", "0"),
    ]
    # the sector, the entity's total, and the valore pubblico: each by computed state
    assert counts == row * 3
    # on the sector's page: the computed state beside the declared one
    own = section(page, 'id="settore-1"', "</section>")
    assert '<span class="pill a_rischio">A rischio: 1</span>' in own
    assert (
        '<dt>Stato calcolato</dt><dd><span class="pill a_rischio">A rischio</span> '
        '<span class="trace">1 elemento in ritardo: F1; raggiungibile al 31/12: Sì → '
        "A rischio</span></dd>"
    ) in own
    assert '<dt>Stato dichiarato</dt><dd class="differs">In linea</dd>' in own


def test_the_final_report_keeps_a_sectors_grade(tmp_path: Path) -> None:
    plan = small_plan(tmp_path)
    done = {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)}
    ret = sent(plan, DEC, tmp_path, {F1: done, F2: done, IND: {"Valore Raggiunto": 120}})
    page = render_report(consolidate(plan, [ret], period=DEC, workers=1))
    sectors = section(page, 'id="settori"', 'id="esiti"')
    assert sectors.count('<span class="pill raggiunto">Raggiunto</span>') == 3
    assert "<th>Esito</th>" in sectors


# -- 2. a varied phase beside the phase on its sector's page -----------------------------------

WHY = "Gara deserta a maggio"


def test_a_varied_phase_shows_the_value_in_force_the_original_and_the_act(
    tmp_path: Path,
) -> None:
    plan = small_plan(
        tmp_path,
        Variazioni=[
            VHEAD,
            [
                F2,
                "Fine Prevista",
                date(2025, 12, 31),
                date(2025, 11, 30),
                WHY,
                "DGC n. 120",
                date(2025, 7, 15),
            ],
            [F1, "Peso", 60, 70, WHY, "DGC n. 130", date(2025, 9, 1)],
            [F2, "Peso", 40, 30, WHY, "DGC n. 130", date(2025, 9, 1)],
        ],
    )
    done = {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)}
    ret = sent(plan, DEC, tmp_path, {F1: done, F2: done, IND: {"Valore Raggiunto": 120}})
    page = render_report(consolidate(plan, [ret], period=DEC, workers=1))
    own = section(page, 'id="settore-1"', "</section>")
    rows = re.findall(r"<tr><td>(Prima|Seconda) fase(.*?)</tr>", own)
    assert [name for name, _ in rows] == ["Prima", "Seconda"]
    first, second = rows[0][1], rows[1][1]
    assert (
        '</td><td class="num">70<div class="trace">originale 60 — DGC n. 130 del 01/09/2025'
        "</div></td>"
    ) in first
    assert "Fine prevista" not in first
    assert (
        '<div class="trace">Fine prevista <strong>30/11/2025</strong> · originale 31/12/2025 — '
        "DGC n. 120 del 15/07/2025</div>"
    ) in second
    assert '<td class="num">30<div class="trace">originale 40 — DGC n. 130 del 01/09/2025' in second
    # in English, the same
    en = section(
        render_report(consolidate(plan, [ret], period=DEC, workers=1), "en"),
        'id="settore-1"',
        "</section>",
    )
    assert "Planned end <strong>30/11/2025</strong> · original 31/12/2025 — DGC n. 120 of " in en


def test_a_variation_not_yet_in_force_is_not_beside_the_phase(tmp_path: Path) -> None:
    plan = small_plan(
        tmp_path,
        Variazioni=[
            VHEAD,
            [
                F2,
                "Fine Prevista",
                date(2025, 12, 31),
                date(2025, 11, 30),
                WHY,
                "DGC n. 120",
                date(2025, 7, 15),
            ],
        ],
    )
    ret = sent(plan, JUNE, tmp_path, {F1: {"Avanzamento (%)": 100}, F2: {"Avanzamento (%)": 0}})
    own = section(
        render_report(consolidate(plan, [ret], period=JUNE, workers=1)),
        'id="settore-1"',
        "</section>",
    )
    assert "Seconda fase</td>" in own
    assert "DGC n. 120" not in own


# -- 3. a note longer than a cell, in a feedback workbook -----------------------------------------


def _feedback_note(plan: Plan, ret_path: Path, out: Path, lang: str) -> str:
    import openpyxl

    from pegxl.returns.feedback import write_feedback
    from pegxl.returns.reader import read_return

    path = write_feedback(plan, read_return(ret_path, plan), out, lang=lang)
    ws = openpyxl.load_workbook(path)["Indicatori"]
    heads = {str(c.value): c.column for c in ws[2] if c.value is not None}
    [row] = [r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "2025_S05_04/I1"]
    note = ws.cell(row, heads["Note" if lang == "it" else "Notes"]).value
    assert isinstance(note, str)
    return note


@pytest.mark.parametrize(
    ("lang", "mark"),
    [
        (
            "it",
            " […] [TESTO TAGLIATO: 40.000 caratteri, una cella ne contiene al massimo 32.767; "
            "il testo intero è nel file inviato: accorciarlo]",
        ),
        (
            "en",
            " […] [TEXT CUT: 40,000 characters, a cell holds at most 32,767; the whole text is "
            "in the file you sent: shorten it]",
        ),
    ],
)
def test_a_note_past_the_cell_limit_is_cut_in_the_feedback_and_says_so(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, lang: str, mark: str
) -> None:
    from pegxl.values import MAX_CELL_TEXT

    from .test_long_text import long_return

    note = "".join(chr(0x41 + i % 26) for i in range(40_000))
    ret = long_return(june_dir, tmp_path / "s05.xlsx", note)
    shown = _feedback_note(seed_plan, ret, tmp_path / "riscontro.xlsx", lang)
    assert len(shown) == MAX_CELL_TEXT
    assert shown == note[: MAX_CELL_TEXT - len(mark)] + mark


def test_a_note_that_fits_comes_back_whole_in_the_feedback(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    from pegxl.values import MAX_CELL_TEXT

    from .test_long_text import long_return

    note = "n" * MAX_CELL_TEXT
    ret = long_return(june_dir, tmp_path / "s05.xlsx", note, phase_note="p" * 40_000)
    assert _feedback_note(seed_plan, ret, tmp_path / "riscontro.xlsx", "it") == note


# -- 4. pegxl diff compares the monitoring answers ----------------------------------------------


def test_diff_lists_the_monitoring_answers_that_changed(tmp_path: Path) -> None:
    from pegxl.campaign.diff import diff_files

    plan = small_plan(tmp_path)
    base = {F1: {"Avanzamento (%)": 50}, F2: {"Avanzamento (%)": 0}}
    old = sent(
        plan,
        JUNE,
        tmp_path,
        {**base, M + OBJ: {STATE: "In linea", FORECAST: "Sì"}},
        name="v1",
    )
    new = sent(
        plan,
        JUNE,
        tmp_path,
        {
            **base,
            M + OBJ: {
                STATE: "In ritardo",
                FORECAST: "Parzialmente",
                "Criticità": "Gara deserta",
                "Azioni correttive": "Nuova gara a settembre",
                "Proposta di rimodulazione": "Spostare la fine della fase 2",
                "Motivazione della proposta": "Gara deserta a maggio",
            },
        },
        name="v2",
    )
    d = diff_files(old, new)
    assert d.findings == []
    assert [
        (c.sheet, c.row_id, c.column, c.old_cell, c.new_cell, c.old, c.new) for c in d.changes
    ] == [
        ("Monitoraggio", OBJ, STATE, "D3", "D3", "In linea", "In ritardo"),
        ("Monitoraggio", OBJ, FORECAST, "E3", "E3", "Sì", "Parzialmente"),
        ("Monitoraggio", OBJ, "Criticità", "F3", "F3", "", "Gara deserta"),
        ("Monitoraggio", OBJ, "Azioni correttive", "G3", "G3", "", "Nuova gara a settembre"),
        (
            "Monitoraggio",
            OBJ,
            "Proposta di rimodulazione",
            "H3",
            "H3",
            "",
            "Spostare la fine della fase 2",
        ),
        (
            "Monitoraggio",
            OBJ,
            "Motivazione della proposta",
            "I3",
            "I3",
            "",
            "Gara deserta a maggio",
        ),
    ]
    assert render.diff_text(d, "it").splitlines()[-1] == "6 valori cambiati."


# -- 5. a proposal of the interim master pasted into the plan's «Variazioni» -------------------


def _paste_into_plan(plan_path: Path, rows: list[list[Any]], out: Path) -> Path:
    """The plan workbook with ``rows`` pasted as values into «Variazioni» below its headers, as
    the office does with openpyxl's eyes: the cells hold what the master's cells held."""
    import openpyxl

    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Variazioni"] if "Variazioni" in wb.sheetnames else wb.create_sheet("Variazioni")
    if ws.max_row < 1 or ws.cell(1, 1).value is None:
        for c, head in enumerate(VHEAD, start=1):
            ws.cell(1, c, head)
    first = ws.max_row + 1
    for r, row in enumerate(rows, start=first):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    wb.save(out)
    return out


def _shown_in_workbook(path: Path, row_id: str, header: str) -> Any:
    import openpyxl

    for ws in openpyxl.load_workbook(path).worksheets:
        heads = {str(c.value): c.column for c in ws[2] if c.value is not None}
        for r in range(3, ws.max_row + 1):
            if ws.cell(r, 1).value == row_id and header in heads:
                return ws.cell(r, heads[header]).value
    raise AssertionError(f"{row_id} {header} not found")


def test_a_proposal_pasted_into_variazioni_is_in_force_in_the_31_12_workbooks(
    tmp_path: Path,
) -> None:
    from datetime import datetime

    from pegxl.results.master import write_master

    from .tables import excel_tables

    i2, i3 = "2025_S01_01/I2", "2025_S01_01/I3"
    tables = plan_tables()
    # typed by the office into a new sheet's cells (General format): 1000,5 is 1000,5
    tables["Indicatori"].append([i2, OBJ, "Spesa per utente", "EFFICIENZA", "numero", 1000.5])
    tables["Indicatori"].append([i3, OBJ, "Copertura", "EFFICACIA", "percentuale", "85%"])
    plan_path = write_book(tmp_path / "piano.xlsx", tables)
    loaded = load_plan(plan_path, cache=False)
    plan = loaded.plan
    assert plan is not None
    ret = sent(
        plan,
        JUNE,
        tmp_path,
        {
            F1: {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)},
            F2: {"Avanzamento (%)": 0, "Nuova fine prevista proposta": datetime(2025, 11, 30)},
            IND: {"Valore Raggiunto": 40, "Nuovo valore atteso proposto": 85.5},
            i2: {"Valore Raggiunto": 500, "Nuovo valore atteso proposto": 900},
            i3: {"Valore Raggiunto": 40, "Nuovo valore atteso proposto": 80.5},
            M + OBJ: {
                FORECAST: "Parzialmente",
                "Criticità": "Personale ridotto",
                "Motivazione della proposta": "Due persone in meno da aprile",
            },
        },
    )
    master = write_master(consolidate(plan, [ret], period=JUNE, workers=1), tmp_path / "m.xlsx")
    heads, proposals = excel_tables(master)["Proposte"]
    assert heads == VHEAD
    why = "Due persone in meno da aprile"
    assert proposals == [
        [F2, "Fine Prevista", "31/12/2025", "30/11/2025", why, None, None],
        [IND, "Valore Atteso", "120", "85,5", why, None, None],
        [i2, "Valore Atteso", "1.000,5", "900", why, None, None],  # was «1.000»: not the plan's
        [i3, "Valore Atteso", "85%", "80,5%", why, None, None],
    ]
    # the Giunta approves them on 15/07/2025: the office fills in the act (the date typed as
    # text in one row, as a date in the others) and pastes the rows as values
    approved = [[*row[:5], "DGC n. 120", date(2025, 7, 15)] for row in proposals]
    approved[1][6] = "15/07/2025"
    varied_path = _paste_into_plan(plan_path, approved, tmp_path / "piano_variato.xlsx")
    loaded = load_plan(varied_path, cache=False)
    assert [f.code.value for f in loaded.findings] == []
    varied = loaded.plan
    assert varied is not None
    assert [(v.row_id, v.field, v.act, v.act_date) for v in varied.variations] == [
        (F2, "planned_end", "DGC n. 120", date(2025, 7, 15)),
        (IND, "target", "DGC n. 120", date(2025, 7, 15)),
        (i2, "target", "DGC n. 120", date(2025, 7, 15)),
        (i3, "target", "DGC n. 120", date(2025, 7, 15)),
    ]
    [december] = generate(varied, DEC, tmp_path / "dicembre").files
    assert [_shown_in_workbook(december, i, "Valore Atteso") for i in (IND, i2, i3)] == [
        85.5,
        900,
        0.805,
    ]
    assert _shown_in_workbook(december, F2, "Fine Prevista") == datetime(2025, 11, 30)
    # the 30/06 workbooks, before the act, keep the approved plan's values
    [june] = generate(varied, JUNE, tmp_path / "giugno").files
    assert [_shown_in_workbook(june, i, "Valore Atteso") for i in (IND, i2, i3)] == [
        120,
        1000.5,
        0.85,
    ]
    assert _shown_in_workbook(june, F2, "Fine Prevista") == datetime(2025, 12, 31)


def test_a_number_typed_in_a_general_cell_of_the_plan_keeps_its_decimals() -> None:
    from pegxl.cells import decimals_of, read_value
    from pegxl.values import Kind, format_value

    assert [decimals_of(f) for f in ("General", "", "@", "#,##0", "#,##0.00", "0.0%")] == [
        None,
        None,
        None,
        0,
        2,
        1,
    ]
    v = read_value(1000.5, "General", Kind.NUMBER)
    assert v is not None and (v.raw, v.decimals, format_value(v)) == ("1.000,5", None, "1.000,5")
    v = read_value(1000.5, "#,##0", Kind.NUMBER)  # a format that shows none: as shown
    assert v is not None and (v.raw, v.decimals) == ("1.000", 0)


# -- 6. how many late items make an objective «A rischio»: a rule of the rules file -----------


def test_the_late_items_that_make_an_objective_at_risk_are_a_rule(tmp_path: Path) -> None:
    from dataclasses import replace

    from pegxl.results.rules import default_rules, load_rules, rules_rows

    from .tables import flatten

    plan = small_plan(tmp_path)
    # F1 ends 30/06 at 50%: one late phase; the sector forecasts Sì
    ret = sent(
        plan,
        JUNE,
        tmp_path,
        {
            F1: {"Avanzamento (%)": 50},
            F2: {"Avanzamento (%)": 0},
            IND: {"Valore Raggiunto": 40},
            M + OBJ: {FORECAST: "Sì"},
        },
    )
    default = default_rules()
    assert default.at_risk_late == 1  # today's behaviour: one late item is enough
    [o] = consolidate(plan, [ret], period=JUNE, workers=1).scores.objectives
    assert (o.state, o.late) == ("a_rischio", [F1])
    tolerant = replace(default, at_risk_late=2)
    [o] = consolidate(plan, [ret], period=JUNE, workers=1, rules=tolerant).scores.objectives
    assert o.state == "in_linea"
    assert o.state_trace.it == "1 elemento in ritardo: F1; raggiungibile al 31/12: Sì → In linea"
    # a deadline passed or a forecast still makes it A rischio whatever the threshold
    assert o.overdue == []
    from pegxl.results.monitoring import state_of

    assert state_of(1, 0, True, None, 2, at_risk_late=5) == "a_rischio"
    assert state_of(0, 4, True, "Parzialmente", 2, at_risk_late=5) == "a_rischio"
    assert state_of(0, 4, True, None, 2, at_risk_late=5) == "in_linea"
    assert state_of(0, 5, True, None, 2, at_risk_late=5) == "a_rischio"
    # the rules file takes it, checks it, and the Regole sheet shows it
    good = tmp_path / "r.toml"
    good.write_text("[interim]\nat_risk_late = 3\n", encoding="utf-8")
    rules, found = load_rules(good)
    assert rules is not None and found == [] and rules.at_risk_late == 3
    assert ("interim.at_risk_late", "3", "at_risk_late") in rules_rows(rules, grades=False)
    bad = tmp_path / "b.toml"
    bad.write_text("[interim]\n\nat_risk_late = 0\n", encoding="utf-8")
    rules, found = load_rules(bad)
    assert rules is None
    assert flatten(found, ["code", "line"]) == [("SCORE-009", 3)]

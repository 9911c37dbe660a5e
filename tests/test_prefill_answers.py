"""generate --prefill carries the «Monitoraggio» answers of 30/06 into the 30/09 workbooks: in
locked «al 30/06» columns beside each question (and, with --prefill-inputs, as the start of its
input), from the master or the returns; ``check`` reads such a workbook with the references
locked and not read as inputs; a master whose answers were changed by hand gives nothing of
its sector, and one that does not vouch for its answers gives its values but not them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl.cli import main
from pegxl.model import Objective, Period
from pegxl.results import lineage
from pegxl.workbook import layout

from .small_flow import small_flow
from .tables import fill

OBJ = "2025_S01_01"
STATE, FORECAST, CRIT, ACTIONS = (
    "Stato di attuazione",
    "Raggiungibile al 31/12",
    "Criticità",
    "Azioni correttive",
)
PROPOSAL, REASON = "Proposta di rimodulazione", "Motivazione della proposta"
#: what the sector answered at 30/06
JUNE_ANSWERS = {
    STATE: "In ritardo",
    FORECAST: "Parzialmente",
    CRIT: "Gara deserta",
    ACTIONS: "Nuova gara a luglio",
    PROPOSAL: "Spostare la fase 2 a novembre",
    REASON: "Gara deserta a maggio",
}
#: the header row of the 30/09 Monitoraggio: each question after its answer at 30/06
HEADERS = [
    "ID",
    "Obiettivo",
    "Responsabile",
    "Stato al 30/06",
    STATE,
    "Previsione al 30/06",
    FORECAST,
    "Criticità al 30/06",
    CRIT,
    "Azioni correttive al 30/06",
    ACTIONS,
    "Proposta al 30/06",
    PROPOSAL,
    "Motivazione al 30/06",
    REASON,
]
REFERENCES = [
    "In ritardo",
    "Parzialmente",
    "Gara deserta",
    "Nuova gara a luglio",
    "Spostare la fase 2 a novembre",
    "Gara deserta a maggio",
]


@dataclass(frozen=True)
class June:
    """The small plan, its return of 30/06 with the Monitoraggio answered, and its master."""

    plan: Path
    returned: Path
    master: Path


@pytest.fixture(scope="module")
def june(tmp_path_factory: pytest.TempPathFactory) -> June:
    flow = small_flow(tmp_path_factory.mktemp("answers"))
    answers = {**JUNE_ANSWERS, FORECAST: " parzialmente "}  # typed loosely: read as listed
    returned = fill(
        flow.blank,
        {
            f"{OBJ}/F1": {"Avanzamento (%)": 100, "Fine Effettiva": datetime(2025, 6, 20)},
            f"{OBJ}/F2": {
                "Avanzamento (%)": 0,
                "Nuova fine prevista proposta": datetime(2025, 11, 30),
            },
            f"{OBJ}/I1": {"Valore Raggiunto": 60},
            f"Monitoraggio!{OBJ}": answers,
        },
        flow.root / "giugno" / flow.blank.name,
    )
    master = flow.root / "riepilogo_2025-06-30.xlsx"
    assert main(["check", str(flow.plan), str(returned)]) == 0
    assert main(["consolidate", str(flow.plan), str(returned), "-o", str(master)]) == 0
    return June(flow.plan, returned, master)


def _generate(
    capsys: pytest.CaptureFixture[str], june: June, out: Path, source: Path, *more: str
) -> tuple[int, Path | None, str]:
    """``generate --prefill`` at 30/09 (the review); the workbook written and the text."""
    capsys.readouterr()
    argv = ["generate", str(june.plan), "-o", str(out), "--prefill", str(source)]
    rc = main([*argv, *(more or ("--period", "2025-09-30", "--kind", "verifica"))])
    text = " ".join(capsys.readouterr().out.split())
    files = sorted(out.glob("*.xlsx"))
    return rc, files[0] if files else None, text


def _monitoring(path: Path) -> list[list[Any]]:
    """The header row and the data rows of a workbook's Monitoraggio, as openpyxl reads them."""
    ws = openpyxl.load_workbook(path)["Monitoraggio"]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


# -- the columns -------------------------------------------------------------------------------


def test_each_question_follows_its_answer_of_the_previous_period() -> None:
    form = layout.INTERIM_FORM
    cols = layout.monitoring_columns(form, Period.of(datetime(2025, 6, 30).date()))
    keys = [c.key for c in cols]
    assert keys[3:] == [
        k for q in layout.MONITORING_INPUTS for k in (f"prev.{q}", q)
    ]  # prev.declared_state, declared_state, prev.forecast, …
    assert [c.title("it") for c in cols] == HEADERS
    assert [c.title("en") for c in cols if c.key.startswith("prev.")] == [
        "State at 30/06",
        "Forecast at 30/06",
        "Issues at 30/06",
        "Corrective actions at 30/06",
        "Proposal at 30/06",
        "Reason at 30/06",
    ]
    assert not any(c.input for c in cols if c.key.startswith("prev."))
    assert [c.key for c in layout.monitoring_columns(form)] == [
        "id",
        "objective",
        "responsabile",
        *layout.MONITORING_INPUTS,
    ]


def test_the_inputs_start_from_the_answers_but_not_the_proposal() -> None:
    o = Objective(code=OBJ, sector_code="S01", title="Primo obiettivo", responsabile="M. Rossi")
    prev = {"declared_state": "Critico", "criticita": "Gara deserta", "proposal": "Rinviare"}
    assert layout.monitoring_row_values(o, prev) == {
        "objective": f"{OBJ} — Primo obiettivo",
        "responsabile": "M. Rossi",
        "prev.declared_state": "Critico",
        "prev.criticita": "Gara deserta",
        "prev.proposal": "Rinviare",
    }
    filled = layout.monitoring_row_values(o, prev, fill_inputs=True)
    assert {k: filled.get(k) for k in layout.MONITORING_INPUTS} == {
        "declared_state": "Critico",
        "forecast": None,
        "criticita": "Gara deserta",
        "actions": None,
        "proposal": None,  # a proposal is an act of its period: shown, not proposed again
        "proposal_reason": None,
    }


# -- the cycle ---------------------------------------------------------------------------------


def test_30_06_answers_reach_the_30_09_workbook_and_check_reads_it(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, book, text = _generate(capsys, june, tmp_path / "settembre", june.master)
    assert rc == 0 and book is not None
    # 4 values of phases and indicator, 6 answers; the proposed end of F2 is not carried
    assert "S01 10 valori da riepilogo_2025-06-30.xlsx" in text
    header, row = _monitoring(book)
    assert header == HEADERS
    assert row[0] == OBJ
    assert row[3::2] == REFERENCES
    assert row[4::2] == [None] * 6  # the inputs are blank without --prefill-inputs
    # the sector answers again at 30/09, and check reads the inputs, not the references
    answered = fill(
        book,
        {
            f"{OBJ}/F1": {"Avanzamento (%)": 100, "Fine Effettiva": datetime(2025, 6, 20)},
            f"{OBJ}/F2": {"Avanzamento (%)": 40},
            f"Monitoraggio!{OBJ}": {STATE: "In linea", FORECAST: "Sì", CRIT: "Gara aggiudicata"},
        },
        tmp_path / "risposte" / book.name,
    )
    capsys.readouterr()
    assert main(["check", str(june.plan), str(answered), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["findings"] == []
    [file] = doc["files"]
    got = {
        (v["cell"], v["column"]): v["value"]
        for v in file["values"]
        if v["sheet"] == "Monitoraggio" and v["value"] is not None
    }
    assert got == {
        ("E3", STATE): "In linea",
        ("G3", FORECAST): "Sì",
        ("I3", CRIT): "Gara aggiudicata",
    }
    monitored = {v["column"] for v in file["values"] if v["sheet"] == "Monitoraggio"}
    assert monitored == set(JUNE_ANSWERS)  # no «al 30/06» column is an input


def test_with_prefill_inputs_the_answers_start_the_inputs(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    more = ("--period", "2025-09-30", "--kind", "verifica", "--prefill-inputs")
    rc, book, _ = _generate(capsys, june, tmp_path / "s", june.master, *more)
    assert rc == 0 and book is not None
    _, row = _monitoring(book)
    assert row[3::2] == REFERENCES
    assert row[4::2] == [*REFERENCES[:4], None, None]
    capsys.readouterr()
    assert main(["check", str(june.plan), str(book)]) == 0  # returned as it starts: sound


def test_from_the_returns_the_same_answers(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, book, text = _generate(capsys, june, tmp_path / "s", june.returned.parent)
    assert rc == 0 and book is not None
    assert f"S01 10 valori da {june.returned.name}" in text
    _, row = _monitoring(book)
    assert row[3::2] == REFERENCES  # « parzialmente » typed, «Parzialmente» listed


def test_in_english(june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    more = ("--period", "2025-09-30", "--kind", "verifica", "--lang", "en")
    rc, book, text = _generate(capsys, june, tmp_path / "s", june.master, *more)
    assert rc == 0 and book is not None
    assert "S01 10 values from riepilogo_2025-06-30.xlsx" in text
    header, row = _monitoring(book)
    assert header[3:7] == ["State at 30/06", "State of implementation", "Forecast at 30/06",
                           "Attainable by 31/12"]  # fmt: skip
    assert row[3::2] == REFERENCES  # the sector's words, as typed


def test_at_31_12_nothing_of_the_monitoring_is_carried(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, book, text = _generate(capsys, june, tmp_path / "d", june.master, "--period", "2025-12-31")
    assert rc == 0 and book is not None
    assert "S01 4 valori da riepilogo_2025-06-30.xlsx" in text  # the final form asks none
    assert "Monitoraggio" not in openpyxl.load_workbook(book).sheetnames


def test_a_reference_changed_in_the_30_09_workbook_is_noticed(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    more = ("--period", "2025-09-30", "--kind", "verifica", "--prefill-inputs")
    _, book, _ = _generate(capsys, june, tmp_path / "s", june.master, *more)
    assert book is not None
    changed = fill(book, {f"Monitoraggio!{OBJ}": {"Criticità al 30/06": "Nessuna"}})
    capsys.readouterr()
    assert main(["check", str(june.plan), str(changed), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["code"], f["sheet"], f["cell"], f["row_id"]) for f in found] == [
        ("STRUCT-011", "Monitoraggio", "A3", OBJ)
    ]


# -- the master's integrity --------------------------------------------------------------------


def _edited(master: Path, dst: Path, header: str, value: object) -> Path:
    """The master with the objective's cell under ``header`` on «Obiettivi» changed by hand."""
    wb = openpyxl.load_workbook(master)
    ws = wb["Obiettivi"]
    heads = [c.value for c in ws[1]]
    ws.cell(2, heads.index(header) + 1).value = value
    assert ws.cell(2, 1).value == OBJ
    wb.save(dst)
    return dst


def test_a_criticita_changed_in_the_master_is_not_carried(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = _edited(june.master, tmp_path / "m.xlsx", CRIT, "Nessuna criticità")
    rc, book, text = _generate(capsys, june, tmp_path / "s", changed)
    assert rc == 1 and book is not None
    assert "STRUCT-032" in text and "S01 nessun valore" in text
    _, row = _monitoring(book)
    assert row[3::2] == [None] * 6  # nothing of a sector whose master was changed


def test_an_honest_save_of_the_master_keeps_the_answers(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "salvato.xlsx"
    openpyxl.load_workbook(june.master).save(saved)
    rc, book, text = _generate(capsys, june, tmp_path / "s", saved)
    assert rc == 0 and book is not None and "S01 10 valori da salvato.xlsx" in text
    assert _monitoring(book)[1][3::2] == REFERENCES


def test_a_master_that_does_not_vouch_for_its_answers_gives_its_values_only(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(june.master)
    props = wb.custom_doc_props.props
    wb.custom_doc_props.props = [p for p in props if not p.name.startswith("pegxl_answers.")]
    assert len(wb.custom_doc_props.props) == len(props) - 1
    wb.save(tmp_path / "vecchio.xlsx")
    rc, book, text = _generate(capsys, june, tmp_path / "s", tmp_path / "vecchio.xlsx")
    assert rc == 0 and book is not None
    assert "STRUCT-034" in text and "S01 4 valori da vecchio.xlsx" in text
    assert _monitoring(book)[1][3::2] == [None] * 6
    # at 31/12 the answers are not asked: nothing to say
    rc, _, text = _generate(
        capsys, june, tmp_path / "d", tmp_path / "vecchio.xlsx", "--period", "2025-12-31"
    )
    assert rc == 0 and "STRUCT-034" not in text and "S01 4 valori" in text


def test_the_answers_digest_is_that_of_what_is_read_back(june: June) -> None:
    from pegxl.plan.workbook_reader import load
    from pegxl.results.prefill import MasterValues, read_master

    plan = load(june.plan).plan
    assert plan is not None
    read = read_master(plan, june.master)
    assert isinstance(read, MasterValues)
    assert read.answers == {OBJ: dict(zip(lineage.ANSWERS, REFERENCES, strict=True))}
    props = openpyxl.load_workbook(june.master).custom_doc_props
    carried = {p.name: p.value for p in props.props if p.name.startswith("pegxl_answers.")}
    rows = lineage.Rows(plan)
    assert carried == {
        lineage.ANSWERS_PROPERTY + s: d for s, d in lineage.digests(rows, read.answers).items()
    }


def test_the_instructions_and_a_feedback_workbook_show_the_answers_again(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    more = ("--period", "2025-09-30", "--kind", "verifica", "--prefill-inputs")
    _, book, _ = _generate(capsys, june, tmp_path / "s", june.master, *more)
    assert book is not None
    lines = [str(c.value) for row in openpyxl.load_workbook(book)["Istruzioni"].rows for c in row]
    assert (
        "- Nel foglio «Monitoraggio», prima di ogni domanda, la colonna «al 30/06» riporta la "
        "risposta data allora (stato, criticità, azioni correttive, proposta): rispondere di "
        "nuovo per la data del 30/09/2025."
    ) in lines
    wrong = fill(book, {f"{OBJ}/F2": {"Avanzamento (%)": 150}}, tmp_path / "r" / book.name)
    capsys.readouterr()
    assert main(["check", str(june.plan), str(wrong), "--feedback", str(tmp_path / "fb")]) == 1
    [feedback] = sorted((tmp_path / "fb").glob("*.xlsx"))
    header, row = _monitoring(feedback)
    assert header == HEADERS
    assert row[3::2] == REFERENCES  # kept from the return, written again
    assert row[4::2] == [*REFERENCES[:4], None, None]  # what the sector typed


def test_a_30_09_workbook_of_a_pegxl_that_carried_no_answers_is_still_read(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated with --prefill before the answers were carried (no «al 30/06» column in
    Monitoraggio, its rows hashed without them), returned after the office upgraded."""
    plain = layout.monitoring_columns
    monkeypatch.setattr(layout, "monitoring_columns", lambda form, prev=None: plain(form))
    more = ("--period", "2025-09-30", "--kind", "verifica", "--prefill-inputs")
    _, book, _ = _generate(capsys, june, tmp_path / "s", june.master, *more)
    monkeypatch.undo()
    assert book is not None
    header, _ = _monitoring(book)
    assert header == ["ID", "Obiettivo", "Responsabile", *JUNE_ANSWERS]
    answered = fill(book, {f"Monitoraggio!{OBJ}": {CRIT: "Gara aggiudicata"}})
    capsys.readouterr()
    assert main(["check", str(june.plan), str(answered), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["findings"] == []
    [value] = [v for v in doc["files"][0]["values"] if v["column"] == CRIT]
    assert (value["cell"], value["value"]) == ("F3", "Gara aggiudicata")


def test_the_30_09_monitoring_prints_across_two_pages_its_objective_on_each(
    june: June, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each question after its answer of 30/06 makes the sheet about 420 characters wide: fitted
    to one A4 page its text would be too small to read, so it prints two pages wide with the
    objective repeated; the other sheets, and the 30/06 Monitoraggio, stay one page wide."""
    rc, book, _ = _generate(capsys, june, tmp_path / "settembre", june.master)
    assert rc == 0 and book is not None
    wb = openpyxl.load_workbook(book)
    across = {
        # (1 is the file's default, written as nothing)
        ws.title: (ws.page_setup.fitToWidth or 1, ws.print_title_cols, ws.print_title_rows)
        for ws in wb.worksheets
        if ws.title in ("Fasi", "Indicatori", "Monitoraggio")
    }
    assert across == {
        "Fasi": (1, None, "$1:$2"),
        "Indicatori": (1, None, "$1:$2"),
        "Monitoraggio": (2, "$A:$B", "$1:$2"),
    }
    june_wb = openpyxl.load_workbook(june.returned)["Monitoraggio"]
    assert (june_wb.page_setup.fitToWidth or 1, june_wb.print_title_cols) == (1, None)

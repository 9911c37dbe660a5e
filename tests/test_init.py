"""``pegxl init`` (issue 20.2): the blank plan workbook, and a plan typed into it by hand that
goes through the whole cycle — generate, fill, check, consolidate — with the IDs it left blank
derived and reported, and its optional columns left blank taking their defaults."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl.cli import main
from pegxl.plan.workbook_reader import load
from pegxl.plan.workbook_writer import SHEETS, save_blank
from pegxl.values import Kind

from .tables import fill, flatten


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    rc = main([*argv, "--format", "json"])
    return rc, json.loads(capsys.readouterr().out)


@pytest.fixture
def blank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "piano.xlsx"
    rc, doc = run(capsys, "init", "-o", str(path), "--ente", "Comune  di Esempio", "--anno", "2026")
    assert (rc, doc) == (0, {"valid": True, "findings": [], "output": str(path)})
    return path


def test_the_blank_plan_has_every_sheet_and_header_and_no_rows(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == list(SHEETS)
    assert [[c.value for c in row] for row in wb["Piano"].iter_rows()] == [
        ["Campo", "Valore"],
        ["Ente", "Comune di Esempio"],
        ["Anno", 2026],
        ["Vista", None],
        ["Livello", None],
        ["Valore pubblico", None],
        ["Delibera di approvazione", None],
        ["Data della delibera", None],
        ["SMVP in vigore", None],
    ]
    for name in ("Settori", "Obiettivi", "Fasi", "Indicatori"):
        ws = wb[name]
        assert ws.max_row == 1, name
    assert [c.value for c in wb["Fasi"][1]] == [
        "ID fase",
        "Codice obiettivo",
        "FASE",
        "Inizio Previsto",
        "Fine Prevista",
        "Peso",
        "Avanzamento (%)",
        "Inizio Effettivo",
        "Fine Effettiva",
        "Responsabile",
        "Centro di Responsabilità",
        "Note",
    ]
    assert [c.value for c in wb["Indicatori"][1]][:8] == [
        "ID indicatore",
        "Codice obiettivo",
        "Descrizione",
        "Tipo",
        "Tipo valore",
        "Valore Atteso",
        "Direzione",
        "Valore Raggiunto",
    ]
    readme = "\n".join(str(c.value) for c in wb["Leggimi"]["A"] if c.value)
    assert readme.startswith(
        "Piano della performance — Comune di Esempio — anno 2026 (da compilare)"
    )
    assert "«ID fase» e «ID indicatore» si possono lasciare vuoti" in readme
    assert "pegxl generate PIANO.xlsx --period 2026-06-30 -o schede" in readme


def test_the_blank_plan_checks_what_is_typed(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)

    def rules(sheet: str) -> dict[str, tuple[str, str | None]]:
        return {
            str(dv.sqref): (dv.type, dv.formula1)
            for dv in wb[sheet].data_validations.dataValidation
        }

    assert rules("Indicatori") == {
        "B2:B2002": ("list", "Obiettivi!$A$2:$A$2002"),
        "E2:E2002": ("list", '"numero,percentuale,fatto/non fatto,data,testo,intervallo"'),
        "G2:G2002": ("list", '"crescente,decrescente"'),
    }
    fasi = rules("Fasi")
    assert fasi["B2:B2002"] == ("list", "Obiettivi!$A$2:$A$2002")
    assert [fasi[f"{c}2:{c}2002"][0] for c in "DEHI"] == ["date"] * 4
    assert [fasi[f"{c}2:{c}2002"][0] for c in "FG"] == ["decimal"] * 2
    assert rules("Obiettivi")["B2:B2002"] == ("list", "Settori!$A$2:$A$2002")
    assert {k: v[0] for k, v in rules("Piano").items()} == {"B3": "whole", "B8": "date"}


def test_the_blank_plan_loads_as_an_empty_plan(blank: Path) -> None:
    loaded = load(blank, cache=False)
    assert loaded.plan is not None
    assert (loaded.plan.entity, loaded.plan.year, loaded.plan.stats()) == (
        "Comune di Esempio",
        2026,
        {"sectors": 0, "objectives": 0, "phases": 0, "indicators": 0},
    )
    assert flatten(loaded.findings, ["code", "severity", "sheet", "cell"]) == [
        ("PLAN-047", "warning", "Obiettivi", "A2")  # nothing to generate yet: said
    ]


def test_without_anno_the_plan_asks_for_it(tmp_path: Path) -> None:
    path = save_blank(tmp_path / "p.xlsx")
    loaded = load(path, cache=False)
    assert flatten(loaded.findings, ["code", "severity", "sheet", "cell"]) == [
        ("PLAN-016", "error", "Piano", "B3"),  # Anno: required
        ("PLAN-047", "warning", "Obiettivi", "A2"),
        ("PLAN-048", "warning", "Piano", "B2"),  # Ente: missing
    ]


def test_init_never_writes_over_a_file(
    blank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = blank.read_bytes()
    rc, doc = run(capsys, "init", "-o", str(blank))
    assert rc == 2 and [f["code"] for f in doc["findings"]] == ["FILE-047"]
    assert blank.read_bytes() == before
    other = tmp_path / "mio.xlsx"
    other.write_bytes(b"my own file")
    assert main(["init", "-o", str(other)]) == 2
    assert main(["init", "-o", str(other), "--force"]) == 0  # --force: the user's choice
    assert main(["init", "-o", str(tmp_path / "p.xlsx"), "--anno", "duemila"]) == 2
    assert main(["init", "-o", str(tmp_path / "p.ods")]) == 2  # a plan is an .xlsx
    assert main(["init", "-o", str(tmp_path / "p.xlsx"), "--lang", "en"]) == 0


def type_plan(path: Path) -> None:
    """A small plan typed by hand into the blank workbook, as an office would: IDs left blank,
    optional columns left empty, dates as dates and as text, a percentage target."""
    wb = openpyxl.load_workbook(path)
    piano = wb["Piano"]
    piano["B7"] = "Delibera di Giunta n. 12"
    piano["B8"] = datetime(2026, 1, 28)
    piano["B9"] = "SMVP approvato con Delibera di Giunta n. 210/2023"
    wb["Settori"].append(["S01", "SETTORE AFFARI GENERALI", "Sindaco", "BIANCHI ANNA"])
    wb["Settori"].append(["S02", "SETTORE SERVIZI SOCIALI", "Welfare", "NERI LUCA"])
    obj = wb["Obiettivi"]
    obj.append(
        [
            "2026_S01_01",
            "S01",
            "Digitalizzare i servizi demografici",
            "Sindaco",
            "BIANCHI ANNA",
            "1 - CITTÀ DIGITALE",
            "M01",
            "Città digitale",
        ]
    )
    obj.append(
        [
            "2026_S02_01",
            "S02",
            "Sostenere le famiglie fragili",
            "Welfare",
            "NERI LUCA",
            "2 - COMUNITÀ SOLIDALE",
            "M02",
            "Comunità solidale",
        ]
    )
    for row in (  # ID blank
        [
            None,
            "2026_S01_01",
            "Analisi dei servizi",
            datetime(2026, 1, 1),
            datetime(2026, 3, 31),
            40,
        ],
        [None, "2026_S01_01", "Nuovo portale", "01/04/2026", "31/12/2026", 60],
        [None, "2026_S02_01", "Bando contributi", datetime(2026, 2, 1), datetime(2026, 5, 31), 100],
    ):
        wb["Fasi"].append(row)
    for row in (
        [None, "2026_S01_01", "Certificati rilasciati online", "EFFICACIA", "percentuale", 0.6],
        [
            None,
            "2026_S01_01",
            "Tempo medio di rilascio (giorni)",
            "EFFICIENZA",
            "numero",
            3,
            "decrescente",
        ],
        [None, "2026_S02_01", "Famiglie sostenute", "EFFICACIA", "numero", 150],
    ):
        wb["Indicatori"].append(row)
    wb["Indicatori"]["F2"].number_format = "0%"
    obj["N2"] = obj["N3"] = "In Corso"  # Stato
    wb.save(path)


def test_a_hand_typed_plan_goes_through_the_whole_cycle(
    blank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    type_plan(blank)
    loaded = load(blank, cache=False)
    plan = loaded.plan
    assert plan is not None
    # the IDs left blank: derived, and said once per sheet with how to keep them stable
    assert flatten(loaded.findings, ["code", "severity", "sheet", "cell", "raw"]) == [
        ("PLAN-045", "warning", "Fasi", "A2", "2026_S01_01/F1"),
        ("PLAN-045", "warning", "Indicatori", "A2", "2026_S01_01/I1"),
    ]
    assert (
        loaded.findings[0]
        .message("it")
        .startswith(
            "Nel foglio Fasi 3 righe non hanno «ID fase» (la prima è la riga 2): "
            "l'identificativo è stato ricavato dall'obiettivo e dalla posizione (2026_S01_01/F1)."
        )
    )
    assert [p.id for p in plan.phases()] == ["2026_S01_01/F1", "2026_S01_01/F2", "2026_S02_01/F1"]
    assert [i.id for i in plan.indicators()] == [
        "2026_S01_01/I1",
        "2026_S01_01/I2",
        "2026_S02_01/I1",
    ]
    # optional columns left blank take their defaults; the act is read
    p2 = plan.phase_index()["2026_S01_01/F2"]
    assert (p2.planned_start, p2.actual_start, p2.progress) == (date(2026, 4, 1), None, None)
    i1, i2, _ = plan.indicators()
    assert (i1.kind, i1.target.value if i1.target else None) == (Kind.PERCENT, 60.0)
    assert (i1.direction.value, i2.direction.value) == ("higher", "lower")
    assert not any(o.provisional for o in plan.objectives)
    assert (plan.act, plan.act_date, plan.smvp) == (
        "Delibera di Giunta n. 12",
        date(2026, 1, 28),
        "SMVP approvato con Delibera di Giunta n. 210/2023",
    )

    out = tmp_path / "schede"
    rc, doc = run(capsys, "generate", str(blank), "--period", "2026-06-30", "-o", str(out))
    assert rc == 0 and doc["valid"] is True
    assert sorted(f["code"] for f in doc["findings"]) == ["PLAN-045", "PLAN-045"]
    books = sorted(out.glob("*.xlsx"))
    assert [b.name[:18] for b in books] == ["PEG_2026-06-30_S01", "PEG_2026-06-30_S02"]
    istruzioni = "\n".join(
        str(c.value)
        for row in openpyxl.load_workbook(books[0])["Istruzioni"].iter_rows()
        for c in row
        if c.value
    )
    assert "Delibera di Giunta n. 12 del 28/01/2026" in istruzioni

    returns = tmp_path / "risposte"
    fill(
        books[0],
        {
            "2026_S01_01/F1": {
                "Avanzamento (%)": 100,
                "Fine Effettiva": datetime(2026, 3, 30),
                "Inizio Effettivo": datetime(2026, 1, 10),
            },
            "2026_S01_01/F2": {"Avanzamento (%)": 20, "Inizio Effettivo": datetime(2026, 4, 2)},
            "2026_S01_01/I1": {"Valore Raggiunto": 45},
            "2026_S01_01/I2": {"Valore Raggiunto": 4},
        },
        returns / books[0].name,
    )
    fill(
        books[1],
        {
            "2026_S02_01/F1": {
                "Avanzamento (%)": 100,
                "Inizio Effettivo": datetime(2026, 2, 1),
                "Fine Effettiva": datetime(2026, 5, 30),
            },
            "2026_S02_01/I1": {"Valore Raggiunto": 80},
        },
        returns / books[1].name,
    )
    rc, doc = run(capsys, "check", str(blank), str(returns))
    assert rc == 0 and doc["valid"] is True
    assert [f["status"] for f in doc["files"]] == ["ok", "ok"]
    assert doc["findings"] == []  # the plan's own warnings were said by generate

    master = tmp_path / "riepilogo.xlsx"
    rc, doc = run(
        capsys,
        "consolidate",
        str(blank),
        str(returns),
        "-o",
        str(master),
        "--html",
        str(tmp_path / "r.html"),
    )
    assert rc == 0 and doc["valid"] is True
    assert [(d["sector"], d["status"]) for d in doc["deliveries"]] == [
        ("S01", "conteggiato"),
        ("S02", "conteggiato"),
    ]
    assert [s["key"] for s in doc["scores"]] == ["S01", "S02", None]  # sectors, the entity
    from pegxl.results.consolidate import consolidate

    result = consolidate(plan, [returns])
    vps = [(r.key, r.objectives) for r in result.scores.rollups if r.level == "valore_pubblico"]
    assert vps == [("1 - CITTÀ DIGITALE", 1), ("2 - COMUNITÀ SOLIDALE", 1)]
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    act = (
        "Piano approvato con Delibera di Giunta n. 12 del 28/01/2026; sistema di misurazione e "
        "valutazione: SMVP approvato con Delibera di Giunta n. 210/2023."
    )
    assert f'<div class="act">{act}</div>' in html
    subtitle = openpyxl.load_workbook(master).worksheets[0]["A3"].value
    assert str(subtitle).endswith(f" {act}")


# -- the Piano sheet's act and year, and IDs mixed with blanks, as an office types them -----------


def piano(*rows: list[object]) -> list[list[object]]:
    return [["Campo", "Valore"], ["Ente", "Comune di Prova"], *rows]


@pytest.mark.parametrize(
    ("rows", "expected", "header"),
    [
        ([["Anno", 2025], ["Data della delibera", "28/01/2025"]], [], (2025, date(2025, 1, 28))),
        (
            [["Anno", 2025], ["Data della delibera", "31/02/2025"]],
            [("PLAN-016", "error", "Piano", "B4", "31/02/2025")],
            (2025, None),
        ),
        (
            [["Anno", 2025], ["Data della delibera", "Delibera 12"]],
            [("PLAN-016", "error", "Piano", "B4", "Delibera 12")],
            (2025, None),
        ),
        ([["Anno", "duemila"]], [("PLAN-016", "error", "Piano", "B3", "duemila")], (0, None)),
        ([["Anno", 1850]], [("PLAN-016", "error", "Piano", "B3", "1850")], (0, None)),
        ([["Anno", None]], [("PLAN-016", "error", "Piano", "B3", "")], (0, None)),
        (
            [["Anno", "2025"], ["Data della delibera", datetime(2025, 2, 3)]],
            [],
            (2025, date(2025, 2, 3)),
        ),
    ],
)
def test_the_plans_year_and_act_date_are_read_or_reported(
    tmp_path: Path,
    rows: list[list[object]],
    expected: list[tuple[object, ...]],
    header: tuple[int, date | None],
) -> None:
    from .tables import plan_tables, write_book

    path = write_book(tmp_path / "p.xlsx", plan_tables(Piano=piano(*rows)))
    loaded = load(path, cache=False)
    assert loaded.plan is not None
    assert flatten(loaded.findings, ["code", "severity", "sheet", "cell", "raw"]) == expected
    assert (loaded.plan.year, loaded.plan.act_date) == header


def test_blank_ids_among_written_ones_take_the_next_free_number(tmp_path: Path) -> None:
    from .tables import plan_tables, write_book

    head = ["ID fase", "Codice obiettivo", "FASE", "Inizio Previsto", "Fine Prevista", "Peso"]
    d1, d2 = date(2025, 1, 1), date(2025, 12, 31)
    fasi = [
        head,
        ["2025_S01_01/F1", "2025_S01_01", "Uno", d1, d2, 50],
        [None, "2025_S01_01", "Nuova", d1, d2, 0],
        ["2025_S01_01/F3", "2025_S01_01", "Tre", d1, d2, 50],
    ]
    loaded = load(write_book(tmp_path / "p.xlsx", plan_tables(Fasi=fasi)), cache=False)
    assert loaded.plan is not None
    assert [p.id for p in loaded.plan.phases()] == [
        "2025_S01_01/F1",
        "2025_S01_01/F4",  # after the highest written: never one a return already holds
        "2025_S01_01/F3",
    ]
    assert flatten(loaded.findings, ["code", "sheet", "cell", "raw", "row_id"]) == [
        ("PLAN-045", "Fasi", "A3", "2025_S01_01/F4", "2025_S01_01/F4")
    ]
    assert (
        loaded.findings[0]
        .message("it")
        .startswith("Nel foglio Fasi una riga non ha «ID fase» (la prima è la riga 3)")
    )


def test_the_act_survives_save_and_load(tmp_path: Path) -> None:
    from dataclasses import replace

    from pegxl.plan.pegtext import import_text
    from pegxl.plan.workbook_writer import save

    from .conftest import SEED

    plan = import_text(SEED).plan
    assert plan is not None
    acted = replace(
        plan, act="Delibera di Giunta n. 45", act_date=date(2025, 3, 27), smvp="SMVP 2024"
    )
    loaded = load(save(acted, tmp_path / "p.xlsx"), cache=False).plan
    assert loaded is not None
    assert (loaded.act, loaded.act_date, loaded.smvp) == (
        "Delibera di Giunta n. 45",
        date(2025, 3, 27),
        "SMVP 2024",
    )
    # the act is not the plan's content: the workbooks already sent stay this plan's
    assert loaded.fingerprint() == plan.fingerprint()
    assert acted.act_line("it") == (
        "approvato con Delibera di Giunta n. 45 del 27/03/2025; sistema di misurazione e "
        "valutazione: SMVP 2024"
    )
    assert acted.act_line("en") == (
        "approved by Delibera di Giunta n. 45 of 27/03/2025; measurement system: SMVP 2024"
    )
    assert replace(plan, act_date=date(2025, 3, 27)).act_line() == "approvato con 27/03/2025"


def test_the_blank_plan_in_english(tmp_path: Path) -> None:
    path = save_blank(tmp_path / "p.xlsx", "Comune di Prova", 2025, lang="en")
    readme = [c.value for c in openpyxl.load_workbook(path)["Leggimi"]["A"] if c.value]
    assert readme[0] == "Performance plan — Comune di Prova — year 2025 (to fill in)"
    assert readme[-1] == "Then: pegxl generate PLAN.xlsx --period 2025-06-30 -o workbooks"


def test_a_blank_tipo_valore_is_read_from_the_target(tmp_path: Path) -> None:
    from .tables import plan_tables, write_book

    head = ["ID indicatore", "Codice obiettivo", "Descrizione", "Tipo", "Tipo valore"]
    rows = [
        ["2025_S01_01/I1", "2025_S01_01", "Pratiche", "EFFICACIA", None, 150],
        ["2025_S01_01/I2", "2025_S01_01", "Quota", "EFFICACIA", None, "85%"],
        ["2025_S01_01/I3", "2025_S01_01", "Regolamento", "EFFICACIA", None, "Fatto"],
        ["2025_S01_01/I4", "2025_S01_01", "Entro", "EFFICACIA", None, datetime(2025, 9, 30)],
        ["2025_S01_01/I5", "2025_S01_01", "Già scelto", "EFFICACIA", "percentuale", 50],
    ]
    path = write_book(
        tmp_path / "p.xlsx", plan_tables(Indicatori=[[*head, "Valore Atteso"], *rows])
    )
    loaded = load(path, cache=False)
    assert loaded.plan is not None
    got = [
        (i.id, i.kind.value, i.target.value if i.target else None) for i in loaded.plan.indicators()
    ]
    assert got == [
        ("2025_S01_01/I1", "number", 150.0),
        ("2025_S01_01/I2", "percent", 85.0),
        ("2025_S01_01/I3", "done", True),
        ("2025_S01_01/I4", "date", date(2025, 9, 30)),
        ("2025_S01_01/I5", "percent", 50.0),
    ]
    assert flatten(loaded.findings, ["code", "severity", "cell", "expected"]) == [
        ("PLAN-046", "info", "E2", "numero"),
        ("PLAN-046", "info", "E3", "percentuale"),
        ("PLAN-046", "info", "E4", "fatto/non fatto"),
        ("PLAN-046", "info", "E5", "data"),
    ]
    assert loaded.findings[1].message("it") == (
        "L'indicatore 2025_S01_01/I2 non ha «Tipo valore»: è stato letto dal Valore Atteso «85%» "
        "come percentuale. Se è un altro tipo, sceglierlo dall'elenco della colonna «Tipo "
        "valore»."
    )


def test_import_writes_a_hand_typed_plan_again_with_every_id(
    blank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    type_plan(blank)
    before = blank.read_bytes()
    fixed = tmp_path / "piano-id.xlsx"
    rc, doc = run(capsys, "import", str(blank), "-o", str(fixed))
    assert rc == 0 and doc["valid"] is True and doc["output"] == str(fixed)
    assert [f["code"] for f in doc["findings"]] == ["PLAN-045", "PLAN-045"]
    assert doc["stats"] == {"sectors": 2, "objectives": 2, "phases": 3, "indicators": 3}
    assert blank.read_bytes() == before  # the input is never modified
    again = load(fixed, cache=False)
    assert again.findings == []  # every ID written: nothing derived any more
    original = load(blank, cache=False).plan
    assert again.plan == original and again.plan is not None and original is not None
    assert again.plan.fingerprint() == original.fingerprint()  # the workbooks sent stay valid
    assert again.plan.act == "Delibera di Giunta n. 12"
    ids = [c.value for c in openpyxl.load_workbook(fixed)["Fasi"]["A"]][1:]
    assert ids == ["2026_S01_01/F1", "2026_S01_01/F2", "2026_S02_01/F1"]
    assert main(["import", str(blank), "-o", str(blank)]) == 2  # never over its input


def test_import_of_a_workbook_that_is_not_a_plan_is_a_setup_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .tables import write_book

    other = write_book(tmp_path / "altro.xlsx", {"Foglio1": [["a", "b"], [1, 2]]})
    rc, doc = run(capsys, "import", str(other), "-o", str(tmp_path / "p.xlsx"))
    assert rc == 2 and doc["valid"] is False
    assert {f["code"] for f in doc["findings"]} == {"PLAN-015", "PLAN-027"}
    assert not (tmp_path / "p.xlsx").exists()

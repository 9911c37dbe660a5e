"""The master workbook: typed Excel Tables that pivot to the same totals as Sintesi, charts,
nothing a sector typed turned live, opened by openpyxl, LibreOffice and the Office schema."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pegxl.model import Plan
from pegxl.outputs import OutputKind, owned_kind
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.results.master import write_master

from .clients import HAS_UNO, need, uno_type
from .conftest import MadeDemo, copy_demo, workbook_of
from .tables import excel_tables, fill


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, made_demo: MadeDemo) -> Path:
    return copy_demo(made_demo, tmp_path_factory.mktemp("master") / "demo")


@pytest.fixture(scope="module")
def master(demo: Path) -> Path:
    return demo / "riepilogo_2025-06-30.xlsx"


@pytest.fixture(scope="module")
def result(demo: Path, seed_plan: Plan) -> Consolidation:
    return consolidate(seed_plan, [demo / "risposte_2025-06-30"])


SHEETS = [
    "Sintesi",
    "Obiettivi",
    "Fasi",
    "Indicatori",
    "Proposte",
    "Variazioni",
    "Aggregati",
    "Consegne",
    "Controlli",
    "Regole",
]


def test_sheets_tables_and_seal(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    assert wb.sheetnames == SHEETS
    for name in SHEETS:
        ws = wb[name]
        # Sintesi: the sectors' table, and the entity's total in a table of its own below it
        expected = [name, "Totale_ente"] if name == "Sintesi" else [name]
        assert list(ws.tables) == expected
        for table in ws.tables.values():
            first = ws[table.ref.split(":")[0]]
            header_row = first.row
            headers = [c.value for c in ws[header_row]][: len(table.tableColumns)]
            # Excel refuses a file whose table column names differ from the header cells
            assert headers == [c.name for c in table.tableColumns]
            assert len(set(headers)) == len(headers)
        assert ws.freeze_panes is not None
    sintesi, total = wb["Sintesi"].tables.values()
    below = int(sintesi.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert int(total.ref.split(":")[0][1:]) > below + 1  # apart: one never extends into the other
    assert owned_kind(master) is OutputKind.MASTER
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["pegxl_kind"] == "master" and props["pegxl_period"] == "2025-06-30"


def test_the_title_rows_are_as_tall_as_their_font(master: Path) -> None:
    ws = openpyxl.load_workbook(master)["Sintesi"]
    assert ws["A1"].font.sz == 16 and ws.row_dimensions[1].height >= 16 * 1.3
    assert ws["A2"].font.sz == 12 and ws.row_dimensions[2].height >= 12 * 1.3


def test_dup_links_code_and_name_apart(master: Path) -> None:
    ind = pd.read_excel(master, sheet_name="Fasi", engine="openpyxl")
    row = ind[ind["ID"] == "2025_S07_01/F1"].iloc[0]
    assert row["Codice obiettivo di missione"] == "2024_28_DUP_04_0501"
    assert row["Obiettivo di missione"] == "Città della cultura"
    assert row["Codice obiettivo di mandato"] == "2023_2028_DUP_04"
    assert row["Obiettivo di mandato"] == "CULTURA E GRANDI EVENTI"
    assert row["Codice obiettivo di programma"] == "04_0501_0101"
    assert row["Obiettivo di programma"] == "Beni culturali"


def test_columns_the_issue_names(master: Path) -> None:
    ind = pd.read_excel(master, sheet_name="Indicatori", engine="openpyxl")
    for col in [
        "ID",
        "Settore",
        "Codice obiettivo",
        "Obiettivo",
        "Codice obiettivo di mandato",
        "Obiettivo di mandato",
        "Codice obiettivo di missione",
        "Obiettivo di missione",
        "Codice obiettivo di programma",
        "Obiettivo di programma",
        "Valore pubblico",
        "Responsabile",
        "Descrizione",
        "Tipo",
        "Tipo valore",
        "Direzione",
        "Valore atteso",
        "Valore raggiunto",
        "Testo inserito",
        "Valore Raggiunto 2024",
        "Valore Raggiunto 2023",
        "Avanzamento %",  # the interim master's headers: progress and states, no grade
        "Stato calcolato",
        "Calcolo",
        "Atteso a questa data",
        "Scaduto",
        "Nuovo valore atteso proposto",
        "Note",
        "Periodo",
        "File",
        "SHA-256",
        "Foglio",
        "Cella",
        "Punteggio concesso",
        "Motivazione",
        "Confronto",
        "Scostamento",
    ]:
        assert col in ind.columns, col
    fasi = pd.read_excel(master, sheet_name="Fasi", engine="openpyxl")
    for col in [
        "Peso",
        "Avanzamento",
        "Inizio effettivo",
        "Fine effettiva",
        "Avanzamento atteso",
        "Tempi",
    ]:
        assert col in fasi.columns, col


def test_cells_are_typed(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    ws = wb["Indicatori"]
    heads = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(heads)}
    kinds: dict[str, set[str]] = {"number": set(), "percent": set(), "date": set(), "text": set()}
    for r in range(2, ws.max_row + 1):
        number, when, label = (
            ws.cell(r, col[h])
            for h in ("Valore atteso", "Valore atteso (data)", "Valore atteso (testo)")
        )
        kind = ws.cell(r, col["Tipo valore"]).value
        filled = [c for c in (number, when, label) if c.value is not None]
        assert len(filled) <= 1  # a value is in one of its three columns
        if kind == "numero":
            assert isinstance(number.value, int | float) and "%" not in number.number_format
            kinds["number"].add(number.coordinate)
        elif kind == "percentuale":
            assert isinstance(number.value, float) and number.value <= 2
            assert "%" in number.number_format
            kinds["percent"].add(number.coordinate)
        elif kind == "data":
            assert isinstance(when.value, datetime) and "yy" in when.number_format
            kinds["date"].add(when.coordinate)
        elif kind == "fatto/non fatto":
            assert label.value in ("Fatto", "Non fatto")
            kinds["text"].add(label.coordinate)
        score = ws.cell(r, col["Avanzamento %"])
        assert score.value is None or (
            isinstance(score.value, int | float) and "%" in score.number_format
        )
        gap = ws.cell(r, col["Scostamento"])
        assert gap.value is None or isinstance(gap.value, int | float)
        assert isinstance(ws.cell(r, col["Periodo"]).value, datetime)
    # every kind of target the example has (it has no date target: dates are the periods and
    # the phases' dates below)
    assert kinds["number"] and kinds["percent"] and kinds["text"], kinds
    fasi = wb["Fasi"]
    fh = {c.value: i + 1 for i, c in enumerate(fasi[1])}
    progress = [fasi.cell(r, fh["Avanzamento"]) for r in range(2, fasi.max_row + 1)]
    assert any(isinstance(c.value, float) and "%" in c.number_format for c in progress)
    starts = [fasi.cell(r, fh["Inizio effettivo"]).value for r in range(2, fasi.max_row + 1)]
    assert any(isinstance(v, datetime) for v in starts)


def _kind(v: object) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, datetime | date):
        return "date"
    return type(v).__name__


def test_every_column_of_every_table_holds_one_kind(master: Path) -> None:
    """What pandas, polars and a pivot's Sum or Average need: no column of a data Table mixes
    numbers, dates and texts (a plan's value is split in three columns)."""
    mixed = {}
    for name, (headers, rows) in excel_tables(master).items():
        for i, header in enumerate(headers):
            kinds = {_kind(row[i]) for row in rows if row[i] is not None}
            if len(kinds) > 1:
                mixed[f"{name}.{header}"] = kinds
    assert mixed == {}
    frames = {
        "Indicatori": pd.read_excel(master, sheet_name="Indicatori", engine="openpyxl"),
    }
    ind = frames["Indicatori"]
    for column in ("Valore atteso", "Valore raggiunto", "Avanzamento %"):
        assert ind[column].dtype.kind == "f", column  # numbers: a pivot's average means something
    for column in ("Valore atteso (testo)", "Valore raggiunto (testo)"):
        assert set(ind[column].dropna()) <= {"Fatto", "Non fatto"}, column
    assert ind["Valore raggiunto"].mean() > 0


def test_a_pivot_of_the_tables_gives_the_totals_of_sintesi(master: Path) -> None:
    """What a finance officer does with a PivotTable, done with pandas on the file."""
    tables = excel_tables(master)
    sectors = pd.DataFrame(tables["Sintesi"][1], columns=tables["Sintesi"][0]).set_index("Settore")
    [entity] = [pd.Series(r, index=tables["Totale_ente"][0]) for r in tables["Totale_ente"][1]]
    assert sectors.index.notna().all() and len(sectors) == 5  # no total row among the sectors
    ind = pd.read_excel(master, sheet_name="Indicatori", engine="openpyxl")
    fasi = pd.read_excel(master, sheet_name="Fasi", engine="openpyxl")
    obj = pd.read_excel(master, sheet_name="Obiettivi", engine="openpyxl")
    achieved = ind[["Valore raggiunto", "Valore raggiunto (data)", "Valore raggiunto (testo)"]]
    pivot = (
        pd.DataFrame(
            {
                "Indicatori": ind.groupby("Settore")["ID"].count(),
                "Indicatori con valore": achieved.notna().any(axis=1).groupby(ind["Settore"]).sum(),
                "Fasi": fasi.groupby("Settore")["ID"].count(),
                "Fasi con avanzamento": fasi.groupby("Settore")["Avanzamento"].count(),
                "Obiettivi": obj.groupby("Settore")["ID"].count(),
                "Obiettivi misurati": obj.groupby("Settore")["Avanzamento valido"].count(),
            }
        )
        .reindex(sectors.index)
        .fillna(0)
    )
    for column in pivot.columns:
        assert (sectors[column].astype(int) == pivot[column].astype(int)).all(), column
        assert int(entity[column]) == int(pivot[column].sum()), column
        assert int(entity[column]) == int(sectors[column].sum()), column  # sums to the total
    by_status = obj.pivot_table(
        index="Settore", columns="Stato calcolato", values="ID", aggfunc="count"
    )
    for status in ["In linea", "A rischio", "Critico", "Non valutabile"]:
        got = by_status.get(status, pd.Series(dtype=float)).reindex(sectors.index).fillna(0)
        assert (sectors[status].astype(int) == got.astype(int)).all(), status
    measured = obj[obj["Avanzamento valido"].notna()]
    weighted = (measured["Avanzamento valido"] * measured["Peso nelle medie"]).groupby(
        measured["Settore"]
    ).sum() / measured.groupby("Settore")["Peso nelle medie"].sum()
    for code, value in weighted.items():
        assert sectors.loc[code, "Media ponderata"] == pytest.approx(value, abs=1e-6)
    assert entity["Media ponderata"] == pytest.approx(
        (measured["Avanzamento valido"] * measured["Peso nelle medie"]).sum()
        / measured["Peso nelle medie"].sum()
    )
    assert entity["Media semplice"] == pytest.approx(measured["Avanzamento valido"].mean())


def test_the_dataframes_are_the_sheets(master: Path, result: Consolidation) -> None:
    tables = result.tables()
    assert list(tables) == [SHEETS[0], "Totale ente", *SHEETS[1:]]
    assert len(tables["Sintesi"]) == 5 and len(tables["Totale ente"]) == 1
    on_disk = pd.read_excel(master, sheet_name="Obiettivi", engine="openpyxl")
    assert list(on_disk.columns) == list(tables["Obiettivi"].columns)
    assert on_disk["ID"].tolist() == tables["Obiettivi"]["ID"].tolist()
    assert on_disk["Avanzamento valido"].fillna(-1).round(6).tolist() == (
        tables["Obiettivi"]["Avanzamento valido"].fillna(-1).round(6).tolist()
    )


def test_deliveries_and_checks_sheets(master: Path, result: Consolidation) -> None:
    consegne = pd.read_excel(master, sheet_name="Consegne", engine="openpyxl")
    assert consegne["Esito"].tolist() == [
        "conteggiato",
        "superato",
        "conteggiato con errori",
        "conteggiato",
        "conteggiato",
        "altro periodo",
        "mancante",
    ]
    assert consegne["Sostituito da"].fillna("").tolist()[1].endswith("_compilato.xlsx")
    controlli = pd.read_excel(master, sheet_name="Controlli", engine="openpyxl")
    assert len(controlli) == len(result.findings)
    assert set(controlli["Codice"]) >= {
        "STRUCT-005",
        "STRUCT-011",
        "SCORE-011",
        "SCORE-012",
        "SCORE-015",
    }
    regole = pd.read_excel(master, sheet_name="Regole", engine="openpyxl")
    assert ("missing.final", "zero") in set(zip(regole["Regola"], regole["Valore"], strict=True))


def test_charts_on_sintesi(master: Path) -> None:
    with zipfile.ZipFile(master) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = z.read(charts[0]).decode()
        assert "<c:barChart>" in xml and "Sintesi" in xml


def test_nothing_a_sector_typed_becomes_a_formula_or_a_link(
    tmp_path: Path, june_dir: Path, seed_plan: Plan
) -> None:
    typed = {
        "2025_S05_04/F1": {"Avanzamento (%)": 50, "Note": '=HYPERLINK("http://x.example","clic")'},
        "2025_S05_04/F2": {"Avanzamento (%)": 20, "Note": "+cmd|' /C calc'!A0"},
        "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "http://phishing.example/login"},
    }
    folder = tmp_path / "r"
    fill(workbook_of(june_dir, "S05"), typed, folder / "s05.xlsx")
    r = consolidate(seed_plan, [folder])
    path = write_master(r, tmp_path / "m.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in s or "<f " in s for s in sheets)
        assert not any("hyperlink" in s.lower() for s in sheets)
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "=HYPERLINK(" in strings and "http://phishing.example/login" in strings
    notes = pd.read_excel(path, sheet_name="Fasi", engine="openpyxl")["Note"].dropna().tolist()
    assert notes == ['=HYPERLINK("http://x.example","clic")', "+cmd|' /C calc'!A0"]


def test_english_master(tmp_path: Path, result: Consolidation) -> None:
    path = write_master(result, tmp_path / "en.xlsx", "en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Summary",
        "Objectives",
        "Phases",
        "Indicators",
        "Proposals",
        "Variations",
        "Roll-ups",
        "Deliveries",
        "Checks",
        "Rules",
    ]
    heads = [c.value for c in wb["Indicators"][1]]
    assert heads[:3] == ["ID", "Sector", "Sector name"] and "Progress %" in heads
    # table names are fixed in both languages, for formulas and Power Query
    assert list(wb["Indicators"].tables) == ["Indicatori"]


def test_master_written_again_is_the_same_bytes(tmp_path: Path, result: Consolidation) -> None:
    a = write_master(result, tmp_path / "a.xlsx").read_bytes()
    b = write_master(result, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        core = z.read("docProps/core.xml").decode()
    assert re.search(r"<dcterms:created[^>]*>2000-01-01", core)


def test_master_passes_the_office_schema(master: Path) -> None:
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit not installed")
    result = audit.OpenXmlValidator().validate(str(master))
    assert result.is_valid and not result.error_count, [str(e) for e in result.errors[:3]]


@pytest.mark.client
def test_master_opens_in_libreoffice_without_a_prompt(master: Path, tmp_path: Path) -> None:
    """An API load fails on any prompt (repair, read-only): the master opens cleanly."""
    need("LibreOffice with the Python UNO bridge", HAS_UNO)
    copy = tmp_path / master.name
    copy.write_bytes(master.read_bytes())
    report, outs = uno_type(copy, tmp_path / "lo", "it_IT.UTF-8", [], ("xlsx",))
    assert report == [] and outs["xlsx"].stat().st_size > 0
    # and what LibreOffice saved still holds the typed tables
    back = pd.read_excel(outs["xlsx"], sheet_name="Indicatori", engine="openpyxl")
    assert len(back) == 99 and back["Periodo"].iloc[0].date() == date(2025, 6, 30)


def test_every_achieved_value_of_every_kind_comes_back_for_the_next_period(
    master: Path, result: Consolidation, seed_plan: Plan
) -> None:
    """generate --prefill reads the master's achieved values from the column of their kind
    (the number, the date, the text): a Fatto comes back as Fatto, a number as the number; a
    value in error was left blank and does not come back."""
    from pegxl.i18n import T
    from pegxl.results.prefill import read_master
    from pegxl.values import Kind

    read = read_master(seed_plan, master)
    assert not isinstance(read, T)
    values = read.values
    kinds: set[Kind] = set()
    for ind in result.scores.indicators():
        got = values.get(ind.indicator.id, {}).get("achieved")
        if ind.achieved is None:
            assert got is None, ind.indicator.id
            continue
        assert got is not None and got.value == ind.achieved.value, ind.indicator.id
        kinds.add(ind.achieved.kind)
    assert {Kind.DONE, Kind.NUMBER} <= kinds

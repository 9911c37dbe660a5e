"""pegxl consolidate end to end: the command-line contract (exit codes, JSON, refusals), the
rules and overrides files, and generate --prefill from the master (Parquet: test_parquet.py)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl.cli import main
from pegxl.i18n import T
from pegxl.model import Plan
from pegxl.outputs import OutputKind, owned_kind
from pegxl.values import Value

from .conftest import workbook_of
from .tables import fill, write_book

S05 = {
    "2025_S05_04/F1": {"Avanzamento (%)": 50, "Inizio Effettivo": datetime(2025, 1, 10)},
    "2025_S05_04/F2": {"Avanzamento (%)": 20},
    "2025_S05_04/I1": {"Valore Raggiunto": 1},
}


@pytest.fixture
def returns(tmp_path: Path, june_dir: Path) -> Path:
    folder = tmp_path / "risposte"
    fill(workbook_of(june_dir, "S05"), S05, folder / "s05.xlsx")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_consolidate_writes_master_report_and_json(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master, html = tmp_path / "m.xlsx", tmp_path / "r.html"
    rc, out, _ = run(
        capsys,
        "consolidate",
        str(seed_plan_path),
        str(returns),
        "-o",
        str(master),
        "--html",
        str(html),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert list(doc)[:2] == ["valid", "findings"]
    assert rc == 0 and doc["valid"] is True  # S05 complete; the others missing: warnings
    assert doc["period"] == "2025-06-30"
    assert [(d["sector"], d["status"]) for d in doc["deliveries"]] == [
        ("S05", "conteggiato"),
        ("S07", "mancante"),
        ("S09", "mancante"),
        ("S08", "mancante"),
        ("ND", "mancante"),
    ]
    [s05] = [s for s in doc["scores"] if s["key"] == "S05"]
    assert s05["weighted"] == 50.0 and sum(s05["counts"].values()) == s05["objectives"]
    # at mid-year objectives are counted by state, never by grade
    assert set(s05["counts"]) == {
        "in_linea",
        "a_rischio",
        "critico",
        "non_valutabile",
        "provvisorio",
    }
    assert doc["outputs"]["master"] == str(master) and doc["outputs"]["html"] == str(html)
    assert owned_kind(master) is OutputKind.MASTER and owned_kind(html) is OutputKind.REPORT
    codes = {f["code"] for f in doc["findings"]}
    assert codes == {"SCORE-012"}


def test_exit_codes(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = str(seed_plan_path)
    m = str(tmp_path / "m.xlsx")
    # 1: an input with errors (the master is still written, with the errors in Controlli)
    fill(returns / "s05.xlsx", {"2025_S05_04/I1": {"Valore Raggiunto": "quasi"}})
    assert run(capsys, "consolidate", plan, str(returns), "-o", m)[0] == 1
    assert owned_kind(m) is OutputKind.MASTER
    # 2: usage and setup errors
    rc, _, err = run(capsys, "consolidate", plan, str(tmp_path / "nope"), "-o", m)
    assert rc == 2 and "FILE-001" in err
    assert run(capsys, "consolidate", plan, str(returns), "-o", str(tmp_path / "m.csv"))[0] == 2
    mine = tmp_path / "mio.xlsx"
    mine.write_bytes(b"il mio lavoro")
    rc, _, err = run(capsys, "consolidate", plan, str(returns), "-o", str(mine))
    assert rc == 2 and mine.read_bytes() == b"il mio lavoro"
    rc, _, err = run(capsys, "consolidate", plan, str(returns), "-o", str(returns / "s05.xlsx"))
    assert rc == 2
    empty = tmp_path / "vuota"
    empty.mkdir()
    (empty / "nota.txt").write_text("niente")
    rc, _, err = run(capsys, "consolidate", plan, str(empty), "-o", m)
    assert rc == 2 and "--period" in err


def test_a_bad_rules_file_stops_with_its_lines(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "regole.toml"
    rules.write_text('[missing]\nfinal = "skip"\n[indicator]\ncapp = 1\n', encoding="utf-8")
    m = tmp_path / "m.xlsx"
    rc, out, err = run(
        capsys,
        "consolidate",
        str(seed_plan_path),
        str(returns),
        "-o",
        str(m),
        "--rules",
        str(rules),
    )
    assert rc == 1 and not m.exists()
    assert "SCORE-009" in err and "riga 2" in err and "riga 4" in err
    rc, out, _ = run(
        capsys,
        "consolidate",
        str(seed_plan_path),
        str(returns),
        "-o",
        str(m),
        "--rules",
        str(rules),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert [(f["code"], f["line"]) for f in doc["findings"]] == [("SCORE-009", 2), ("SCORE-009", 4)]


def test_rules_and_overrides_change_the_scores(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "regole.toml"
    rules.write_text('[objective]\nmode = "blend"\nindicators_weight = 1\nphases_weight = 1\n')
    overrides = write_book(
        tmp_path / "nucleo.xlsx",
        {
            "N": [
                ["ID", "Punteggio concesso", "Motivazione"],
                ["2025_S05_04", 90, "ok"],
                ["X", 1, "?"],
            ]
        },
    )
    m = tmp_path / "m.xlsx"
    rc, out, _ = run(
        capsys,
        "consolidate",
        str(seed_plan_path),
        str(returns),
        "-o",
        str(m),
        "--rules",
        str(rules),
        "--overrides",
        str(overrides),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert rc == 1  # the unknown ID is an error in an input
    assert [
        (f["code"], f["cell"]) for f in doc["findings"] if f["code"].startswith("SCORE-00")
    ] == [
        ("SCORE-008", "A3"),
        ("SCORE-007", None),
    ]
    sheet = openpyxl.load_workbook(m)["Obiettivi"]
    obj = {c.value: i for i, c in enumerate(sheet[1])}
    [row] = [
        [c.value for c in r] for r in sheet.iter_rows(min_row=2) if r[0].value == "2025_S05_04"
    ]
    # the blend: (50 + 35)/2 computed; 90 granted; both kept
    assert row[obj["Avanzamento %"]] == pytest.approx(0.425)  # a 30/06 master: progress
    assert row[obj["Punteggio concesso"]] == pytest.approx(0.9)
    assert row[obj["Avanzamento valido"]] == pytest.approx(0.9)
    assert row[obj["Motivazione"]] == "ok"
    regole = {
        r[0].value: r[1].value for r in openpyxl.load_workbook(m)["Regole"].iter_rows(min_row=2)
    }
    assert regole["objective.mode"] == "blend" and regole["source"] == "regole.toml"


def test_the_nucleos_scores_are_listed_on_screen(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = write_book(
        tmp_path / "nucleo.xlsx",
        {
            "N": [
                ["ID", "Punteggio concesso", "Motivazione"],
                ["2025_S05_04", 90, "ritardo del fornitore"],
                ["2025_S07_01", "75%", "obiettivo rimodulato"],
            ]
        },
    )
    for lang, head in (
        ("it", "Punteggi concessi dal Nucleo di Valutazione (2):"),
        ("en", "Scores granted by the Nucleo di Valutazione (2):"),
    ):
        rc, out, _ = run(
            capsys,
            "consolidate",
            str(seed_plan_path),
            str(returns),
            "-o",
            str(tmp_path / f"m_{lang}.xlsx"),
            "--overrides",
            str(overrides),
            "--lang",
            lang,
        )
        lines = out.splitlines()
        assert head in lines, out
        listed = " ".join(" ".join(lines[lines.index(head) + 1 :][:6]).split())
        assert "2025_S05_04" in listed and "«ritardo del fornitore»" in listed
        assert "2025_S07_01" in listed and "«obiettivo rimodulato»" in listed
    rc, out, _ = run(
        capsys, "consolidate", str(seed_plan_path), str(returns), "-o", str(tmp_path / "n.xlsx")
    )
    assert rc == 0 and "Nucleo" not in out  # none granted: nothing said


def test_empty_texts_are_empty_cells_and_times_keep_their_zone(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No note, no reason: an empty cell in every table (never an empty text); the time a
    return was saved, in UTC, says so in Parquet."""
    import pegxl

    result = pegxl.consolidate(str(seed_plan_path), [returns])
    for name in ("Fasi", "Indicatori", "Obiettivi"):
        frame = result.tables()[name]
        for header in ("Note", "Motivazione"):
            if header in frame:
                assert not (frame[header] == "").any(), (name, header)
                assert frame[header].isna().any(), (name, header)
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (pegxl[parquet])")
    folder = tmp_path / "parquet"
    rc, _, _ = run(
        capsys,
        "consolidate",
        str(seed_plan_path),
        str(returns),
        "-o",
        str(tmp_path / "m.xlsx"),
        "--parquet",
        str(folder),
    )
    assert rc == 0
    deliveries = pq.read_table(folder / "consegne")
    saved = deliveries.schema.field("salvato_utc").type
    assert str(saved).startswith("timestamp[") and saved.tz == "UTC"
    [when] = [r["salvato_utc"] for r in deliveries.to_pylist() if r["salvato_utc"]]
    assert when.utcoffset() is not None and when.utcoffset().total_seconds() == 0
    phases = pq.read_table(folder / "fasi").to_pylist()
    assert all(r["note"] != "" for r in phases) and any(r["note"] is None for r in phases)


def test_generate_prefill_from_the_master(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master = tmp_path / "riepilogo.xlsx"
    assert main(["consolidate", str(seed_plan_path), str(returns), "-o", str(master)]) == 0
    dec = tmp_path / "dicembre"
    rc, out, _ = run(
        capsys,
        "generate",
        str(seed_plan_path),
        "--period",
        "2025-12-31",
        "-o",
        str(dec),
        "--sector",
        "S05",
        "--prefill",
        str(master),
    )
    assert rc == 0 and "STRUCT-020" not in out
    wb = openpyxl.load_workbook(next(dec.glob("*_S05_*.xlsx")))
    heads = [c.value for c in wb["Fasi"][2]]
    col = heads.index("Avanzamento al 30/06 (%)") + 1
    assert [wb["Fasi"].cell(r, col).value for r in (4, 5)] == [50, 20]
    iheads = [c.value for c in wb["Indicatori"][2]]
    assert wb["Indicatori"].cell(4, iheads.index("Valore Raggiunto al 30/06") + 1).value == 1
    # a master saved again by a spreadsheet program (its seal gone) is still recognised
    resaved = tmp_path / "riepilogo_salvato.xlsx"
    book = openpyxl.load_workbook(master)
    book.save(resaved)
    assert owned_kind(resaved) is None
    dec2 = tmp_path / "dicembre2"
    rc, out, _ = run(
        capsys,
        "generate",
        str(seed_plan_path),
        "--period",
        "2025-12-31",
        "-o",
        str(dec2),
        "--sector",
        "S05",
        "--prefill",
        str(resaved),
    )
    assert rc == 0 and "STRUCT-020" not in out
    wb = openpyxl.load_workbook(next(dec2.glob("*_S05_*.xlsx")))
    assert [wb["Fasi"].cell(r, col).value for r in (4, 5)] == [50, 20]


def test_prefill_from_a_master_of_another_plan_is_skipped(
    tmp_path: Path, seed_plan_path: Path, returns: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pegxl.results.master import MASTER_PROPERTIES

    master = tmp_path / "riepilogo.xlsx"
    assert main(["consolidate", str(seed_plan_path), str(returns), "-o", str(master)]) == 0
    book = openpyxl.load_workbook(master)
    for prop in book.custom_doc_props.props:
        if prop.name == MASTER_PROPERTIES[-1]:
            prop.value = "0" * 64
    book.save(tmp_path / "altro.xlsx")
    rc, out, _ = run(
        capsys,
        "generate",
        str(seed_plan_path),
        "--period",
        "2025-12-31",
        "-o",
        str(tmp_path / "d"),
        "--prefill",
        str(tmp_path / "altro.xlsx"),
    )
    assert rc == 1 and "STRUCT-020" in out and "altra versione del piano" in " ".join(out.split())


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    progress=st.lists(
        st.integers(0, 100) | st.floats(0, 100).map(lambda x: round(x, 2)), min_size=2, max_size=2
    ),
    achieved=st.floats(0, 1e7, allow_nan=False).map(lambda x: round(x, 3)),
    note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
)
def test_what_the_master_holds_comes_back_for_the_next_period(
    tmp_path_factory: pytest.TempPathFactory,
    june_dir: Path,
    seed_plan: Plan,
    progress: list[float],
    achieved: float,
    note: str,
) -> None:
    """Round trip: the values counted at 30/06, written into the master, read back by
    generate --prefill as they were counted."""
    from pegxl.results.consolidate import consolidate
    from pegxl.results.master import write_master
    from pegxl.results.prefill import read_master

    tmp = tmp_path_factory.mktemp("rt")
    typed = {
        "2025_S05_04/F1": {"Avanzamento (%)": progress[0], "Note": note or None},
        "2025_S05_04/F2": {"Avanzamento (%)": progress[1]},
        "2025_S05_04/I1": {"Valore Raggiunto": achieved},
    }
    fill(workbook_of(june_dir, "S05"), typed, tmp / "r" / "s05.xlsx")
    result = consolidate(seed_plan, [tmp / "r"])
    counted = {
        (v.row_id, v.key): v.value.value for v in result.selection.counted["S05"].values if v.value
    }
    read = read_master(seed_plan, write_master(result, tmp / "m.xlsx"))
    assert not isinstance(read, T)
    period, values = read.period, read.values
    assert period == result.period and read.findings == []  # its digests agree too
    back = {
        (rid, k): (v.value if isinstance(v, Value) else v)
        for rid, kv in values.items()
        for k, v in kv.items()
    }
    assert back == counted

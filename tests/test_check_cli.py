"""pegxl check from the command line: formats, exit codes, inputs untouched, feedback."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.cli import main
from pegxl.model import Period, Plan
from pegxl.returns.reader import Return, read_return
from pegxl.workbook.writer import generate

from .conftest import MadeDemo


@pytest.fixture()
def returns(tmp_path: Path, seed_plan: Plan) -> list[Path]:
    files = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path / "r", ["S05", "ND"]).files
    wb = openpyxl.load_workbook(files[0])
    wb["Fasi"]["H4"], wb["Fasi"]["H5"] = 60, "metà"
    wb["Indicatori"]["H4"] = 2
    wb.save(files[0])
    bad = tmp_path / "r" / "scheda.xlsx"
    bad.write_text("non è un file excel")
    return [*files, bad]


def _sha(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_json_contract(
    returns: list[Path], seed_plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _sha(returns)
    rc = main(["check", str(seed_plan_path), *map(str, returns), "--format", "json"])
    assert rc == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"valid", "files", "findings"} and data["valid"] is False
    assert [f["status"] for f in data["files"]] == ["errors", "errors", "rejected"]
    first = data["files"][0]
    assert set(first) == {
        "path",
        "status",
        "sector",
        "period",
        "delivery",
        "replaced_by",
        "why",
        "values",
    }
    assert (first["delivery"], first["replaced_by"]) == ("conteggiato_con_errori", None)
    assert (first["sector"], first["period"]) == ("S05", "2025-06-30")
    v = next(x for x in first["values"] if x["cell"] == "H4" and x["sheet"] == "Fasi")
    assert v == {
        "sheet": "Fasi",
        "cell": "H4",
        "row_id": "2025_S05_04/F1",
        "column": "Avanzamento (%)",
        "raw": "60",
        "value": 60.0,
        "kind": "percent",
    }
    d = next(x for x in first["values"] if x["cell"] == "I4" and x["sheet"] == "Fasi")
    assert d["value"] == "2025-01-01" and d["kind"] == "date"
    f = next(x for x in data["findings"] if x["code"] == "VALUE-001")
    assert {"code", "severity", "file", "sheet", "cell", "row_id", "message"} <= set(f)
    assert (f["sheet"], f["cell"], f["raw"]) == ("Fasi", "H5", "metà")
    assert _sha(returns) == before  # inputs are never modified


def test_csv_and_text(
    returns: list[Path], seed_plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", str(seed_plan_path), str(returns[0].parent), "--format", "csv", "--lang", "en"])
    out = capsys.readouterr().out.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert rows[0] == [
        "code",
        "severity",
        "file",
        "sheet",
        "cell",
        "line",
        "row_id",
        "raw",
        "expected",
        "message",
        "original_severity",
    ]
    assert any(r[0] == "VALUE-001" and r[4] == "H5" for r in rows[1:])
    main(["check", str(seed_plan_path), str(returns[0].parent), "--lang", "en"])
    text = capsys.readouterr().out
    assert "Total: 3 files — 0 ok, 0 with warnings, 2 with errors, 1 rejected" in text
    assert "is not a percentage" in text


def test_exit_codes(
    returns: list[Path], seed_plan_path: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    [good] = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path / "g", ["S05"]).files
    wb = openpyxl.load_workbook(good)
    wb["Fasi"]["H4"], wb["Fasi"]["H5"], wb["Indicatori"]["H4"] = 10, 20, 1
    wb.save(good)
    assert main(["check", str(seed_plan_path), str(good)]) == 0
    assert main(["check", str(seed_plan_path), *map(str, returns)]) == 1
    assert main(["check", str(tmp_path / "nope.xlsx"), str(good)]) == 2
    # a return named on the command line that does not exist: a usage error (design.md)
    assert main(["check", str(seed_plan_path), str(tmp_path / "empty_dir_does_not_exist")]) == 2
    (tmp_path / "vuota").mkdir()
    assert main(["check", str(seed_plan_path), str(tmp_path / "vuota")]) == 2


def test_feedback(
    returns: list[Path],
    seed_plan_path: Path,
    tmp_path: Path,
    seed_plan: Plan,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _sha(returns)
    out = tmp_path / "riscontri"
    main(["check", str(seed_plan_path), *map(str, returns), "--feedback", str(out)])
    assert "Schede di riscontro scritte" in capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert (
        names == [returns[1].stem + "_riscontro.xlsx", returns[0].stem + "_riscontro.xlsx"][::-1]
        or len(names) == 2
    )
    fb = out / f"{returns[0].stem}_riscontro.xlsx"
    wb = openpyxl.load_workbook(fb)
    assert wb.sheetnames[0] == "Segnalazioni" and wb["_pegxl"].sheet_state == "veryHidden"
    rows = [[c.value for c in r] for r in wb["Segnalazioni"].iter_rows(min_row=5)]
    assert any(r[0] == "VALUE-001" and r[3] == "H5" for r in rows)
    link = next(c for c in wb["Segnalazioni"]["D"] if c.value == "H5")
    assert link.hyperlink is not None and link.hyperlink.location == "'Fasi'!H5"
    fasi = wb["Fasi"]
    assert fasi["H5"].value == "metà" and fasi["H4"].value == 60  # what the sector typed
    assert fasi["H5"].comment is not None and "VALUE-001" in fasi["H5"].comment.text
    assert fasi["H5"].protection.locked is False and fasi.protection.sheet
    assert any(dv.type == "decimal" for dv in fasi.data_validations.dataValidation)
    # the sector corrects the feedback workbook and sends it back: it is a valid return again
    fasi["H5"] = 40
    wb.save(tmp_path / "corretto.xlsx")
    ret = read_return(tmp_path / "corretto.xlsx", seed_plan)
    assert ret.status == "ok", [f.message_en for f in ret.findings]
    assert _sha(returns) == before


def test_demo_cycle_reports_mistakes_and_the_missing_sector(made_demo: MadeDemo) -> None:
    assert made_demo.rc == 0
    out = made_demo.out
    assert "STRUCT-011" in out and "VALUE-001" in out and "VALUE-006" in out
    assert "STRUCT-019" in out and "S09" in out  # the sector that did not reply
    # ND's draft is superseded by its complete version and S07's December workbook is of
    # another period: listed, their findings information, out of the totals; S08 forecasts No
    # without its criticità (VALUE-025): with warnings
    assert (
        "Totale: 6 file — 2 ok, 1 con avvisi, 1 con errori, 0 rifiutati; 993 valori letti." in out
        and "Non conteggiati: 2 file" in out
    )
    assert "superato da «PEG_2025-06-30_ND_servizi-ai-cittadini_compilato.xlsx»" in out
    assert "STRUCT-005  info (era errore)" in out and "SCORE-015" in out
    assert "VALUE-025" in out
    assert "STRUCT-018" not in out  # nobody is asked to discard files by hand
    feedback = sorted(p.name for p in (made_demo.folder / "riscontri").glob("*_riscontro.xlsx"))
    # S05 can correct its mistakes, S07 is told its December workbook came too early; ND's
    # only finding (two versions arrived) is the office's own, and its draft is superseded
    assert [name.split("_")[1:3] for name in feedback] == [
        ["2025-06-30", "S05"],
        ["2025-06-30", "S08"],  # a forecast No without its criticità: the sector adds it
        ["2025-12-31", "S07"],
    ]
    # then the consolidation: each file with what became of it, the scores, where things are
    assert (
        "superato                ND    PEG_2025-06-30_ND_servizi-ai-cittadini_compilato_bozza"
        in out
    )
    assert "altro periodo           S07   PEG_2025-12-31_S07" in out
    assert "mancante                S09" in out
    assert "Avanzamento dell'ente: 60% (media ponderata), 63,9% (media semplice)" in out
    assert (made_demo.folder / "riepilogo_2025-06-30.xlsx").is_file()
    assert (made_demo.folder / "relazione_2025-06-30.html").is_file()
    assert "Dove si trova tutto:" in out


def test_worker_processes_give_the_same_report(returns: list[Path], seed_plan: Plan) -> None:
    """Results cross the process boundary by pickling (compact reductions of ReadValue and
    Value): the report must be the same, value for value, as when read in one process."""
    from pegxl import check

    files = [*returns, returns[0]]  # a duplicate too, so batch findings are compared as well
    parallel = check(seed_plan, files, workers=2)
    sequential = check(seed_plan, files, workers=1)
    assert parallel.to_json("en") == sequential.to_json("en")

    def seen(r: Return) -> list[tuple[object, ...]]:  # exceptions compare by identity
        return [
            (
                *(v.cell, v.raw, v.value, v.kind, v.formula, v.from_text),
                v.value and (v.value.raw, v.value.decimals, v.value.note),
                v.error and (v.error.message, v.error.expected),
            )
            for v in r.values
        ]

    for p, s in zip(parallel.returns, sequential.returns, strict=True):
        assert seen(p) == seen(s)
        assert p.reference == s.reference and p.meta == s.meta


def test_worker_processes_where_there_is_no_fork(
    returns: list[Path], seed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no fork: the workers are spawned and get the plan and the files by pickle;
    the report is the same, and the progress counts every file once, in order."""
    import importlib
    import multiprocessing

    from pegxl import check

    workers = importlib.import_module("pegxl.workers")
    monkeypatch.setattr(workers, "context", lambda: multiprocessing.get_context("spawn"))
    seen: list[tuple[int, int]] = []
    parallel = check(seed_plan, returns, workers=2, progress=lambda n, t, p: seen.append((n, t)))
    assert seen == [(n, len(returns)) for n in range(1, len(returns) + 1)]
    assert parallel.to_json("en") == check(seed_plan, returns, workers=1).to_json("en")
    assert any(v.error is not None for v in parallel.returns[0].values)


def test_batch_leaves_the_garbage_collector_as_it_found_it(
    returns: list[Path], seed_plan: Plan
) -> None:
    import gc

    from pegxl import check

    assert gc.isenabled() and gc.get_freeze_count() == 0
    check(seed_plan, returns, workers=1)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.freeze()  # a program that froze objects (e.g. before forking): they stay frozen
    try:
        frozen = gc.get_freeze_count()
        check(seed_plan, returns, workers=1)
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    gc.disable()  # a program that disabled the collector: it stays disabled
    try:
        check(seed_plan, returns, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_return_of_another_period_is_judged_by_the_batch_period(
    tmp_path: Path, seed_plan: Plan, workers: int
) -> None:
    """Rules run where the file is read, against its own period; a file that turns out to be of
    another period than the batch's is judged again by the batch's period."""
    from pegxl import check
    from pegxl.returns.validate import validate

    june = Period.of(date(2025, 6, 30))
    december = Period.of(date(2025, 12, 31))
    files = generate(seed_plan, june, tmp_path / "06", ["S05", "S07"]).files
    [late] = generate(seed_plan, december, tmp_path / "12", ["S08"]).files
    wb = openpyxl.load_workbook(late)
    wb["Fasi"]["H4"] = 100  # done without an end date: a warning in June, an error in December
    wb.save(late)
    report = check(seed_plan, [*files, late], workers=workers)
    r = report.returns[-1]
    codes = [f.code for f in r.findings]
    at = codes.index("STRUCT-005")  # another period than the batch's
    rules = [(f.code, f.cell, f.severity) for f in validate(r, seed_plan, june)]
    assert [(f.code, f.cell, f.severity) for f in r.findings[at + 1 :]] == rules
    assert rules != [(f.code, f.cell, f.severity) for f in validate(r, seed_plan, december)]


def test_a_batch_leaves_nothing_behind(returns: list[Path], seed_plan: Plan) -> None:
    """Reading frees each workbook as it goes: no reference cycle keeps cells alive after the
    batch (a stored parse error once held, through the error it replaced, the frames that read
    the sheet)."""
    import gc

    from pegxl import check
    from pegxl.sheets.book import Cell

    gc.collect()
    report = check(seed_plan, returns, workers=1)
    assert any(v.error is not None for r in report.returns for v in r.values)
    assert not [o for o in gc.get_objects() if isinstance(o, Cell)]
    error = next(v.error for r in report.returns for v in r.values if v.error is not None)
    assert error.__traceback__ is None and error.__context__ is None

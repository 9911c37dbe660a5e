"""Week two of a campaign (issue 17.6): after a sector sent a corrected return, ``check`` and
``consolidate`` judge the versions the same way (:func:`pegxl.returns.deliveries.select_returns`):
the latest version counts, a version another one supersedes (or a workbook of another period) is
listed as such with its findings as information, its own severity kept, and the exit code and
the totals count only what still needs action. ``campaign status`` and the desk agree.

Every case runs the real command line on a folder of returns, as the office does."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from pegxl.cli import main
from pegxl.model import Period, Plan
from pegxl.values import Kind
from pegxl.workbook.writer import generate

from .conftest import workbook_of
from .tables import fill

JUNE = "2025-06-30"

S05_OK = {
    "2025_S05_04/F1": {"Avanzamento (%)": 50},
    "2025_S05_04/F2": {"Avanzamento (%)": 20},
    "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "in corso"},
}
#: one error: text in a number cell (VALUE-001 at Indicatori!H4)
S05_BAD = {**S05_OK, "2025_S05_04/I1": {"Valore Raggiunto": "quasi"}}
#: another error: text in a percentage cell (VALUE-001 at Fasi!H5)
S05_BAD_PHASE = {**S05_OK, "2025_S05_04/F2": {"Avanzamento (%)": "metà"}}


def complete(plan: Plan, sector: str, **typed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every input a sector's workbook asks for at 30/06, filled in plausibly (a return with no
    finding), with ``typed`` over it (row id → column → value)."""
    values: dict[str, dict[str, Any]] = {}
    for o in plan.objectives_of(sector):
        for p in o.phases:
            values[p.id] = {"Avanzamento (%)": 50}
        for i in o.indicators:
            if i.target is not None:
                shown = {Kind.DONE: "Fatto", Kind.DATE: datetime(2025, 5, 31), Kind.TEXT: "ok"}
                values[i.id] = {"Valore Raggiunto": shown.get(i.kind, 50)}
    for row_id, columns in typed.items():
        values[row_id.replace("__", "/")] = {**values.get(row_id.replace("__", "/"), {}), **columns}
    return values


def stamp(path: Path, day: int, hour: int = 9, month: int = 7, year: int = 2025) -> Path:
    """Date a return as if the sector had saved it then (the document's own time)."""
    from pegxl.demo import stamp_saved

    stamp_saved(path, datetime(year, month, day, hour))
    return path


def s05(june_dir: Path, values: dict[str, dict[str, Any]], dst: Path, day: int) -> Path:
    return stamp(fill(workbook_of(june_dir, "S05"), values, dst), day)


def december(plan: Plan, sector: str, dst: Path, values: dict[str, dict[str, Any]]) -> Path:
    """The sector's workbook of the final report, filled in and saved (by mistake) in July."""
    tmp = dst.parent / f"tmp_{dst.stem}"
    [book] = generate(plan, Period.of(date(2025, 12, 31)), tmp, [sector]).files
    fill(book, values, dst)
    shutil.rmtree(tmp)
    return stamp(dst, 4)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str]:
    rc = main([str(a) for a in argv])
    return rc, capsys.readouterr().out


def check_json(
    capsys: pytest.CaptureFixture[str], plan: Path, folder: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    rc, out = run(capsys, "check", plan, folder, "--format", "json", *extra)
    return rc, json.loads(out)


def consolidate_json(
    capsys: pytest.CaptureFixture[str], plan: Path, folder: Path, tmp: Path, *extra: str
) -> tuple[int, dict[str, Any]]:
    master = tmp / f"riepilogo_{len(list(tmp.glob('riepilogo_*')))}.xlsx"
    rc, out = run(capsys, "consolidate", plan, folder, "-o", master, "--format", "json", *extra)
    return rc, json.loads(out)


def of_files(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each finding about a file: the file's name, code, severity, original severity, cell."""
    return [
        (Path(f["file"]).name, f["code"], f["severity"], f["original_severity"], f["cell"])
        for f in findings
        if f["file"]
    ]


def deliveries(doc: dict[str, Any]) -> list[tuple[str | None, str | None]]:
    """What became of each file in check's JSON: name and delivery."""
    return [(Path(f["path"]).name, f["delivery"]) for f in doc["files"]]


def consolidated(doc: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    """What became of each file (and missing sector) in consolidate's JSON."""
    return [
        (Path(d["path"]).name if d["path"] else "", d["sector"], d["status"])
        for d in doc["deliveries"]
    ]


#: check's notices of the sectors that sent nothing, in a folder of S05's files only
OTHERS_MISSING = [("STRUCT-019", s) for s in ("S07", "S09", "S08", "ND")]


def summary(out: str) -> str:
    """The line of a command's text output that counts the findings."""
    return next(line for line in out.splitlines() if re.match(r"\d+ error", line))


def batch(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["raw"]) for f in doc["findings"] if not f["file"]]


# --- a corrected version after one with errors --------------------------------------------------


def test_a_corrected_version_after_one_with_errors(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    s05(june_dir, S05_BAD, folder / "s05_v1.xlsx", 1)
    s05(june_dir, S05_OK, folder / "s05_v2.xlsx", 5)
    # check: the old version's error is information now, and nothing needs action
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 0 and doc["valid"] is True
    assert deliveries(doc) == [("s05_v1.xlsx", "superato"), ("s05_v2.xlsx", "conteggiato")]
    assert [f["replaced_by"] for f in doc["files"]] == ["s05_v2.xlsx", None]
    assert [f["status"] for f in doc["files"]] == ["errors", "ok"]  # each file as read
    assert of_files(doc["findings"]) == [
        ("s05_v1.xlsx", "VALUE-001", "info", "error", "H4"),
        ("s05_v1.xlsx", "SCORE-015", "info", None, None),
    ]
    assert batch(doc) == OTHERS_MISSING
    stats = doc["stats"]
    assert (stats["files"], stats["ok"], stats["errors"], stats["not_counted"]) == (2, 1, 0, 1)
    assert (stats["error"], stats["warning"], stats["info"]) == (0, 4, 2)
    # the text says the same, the old finding under its file with its severity beside it
    rc, out = run(capsys, "check", seed_plan_path, folder, "--period", JUNE)
    assert rc == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "s05_v1.xlsx  [S05 30/06/2025]  superato da «s05_v2.xlsx»  (0 E, 0 W, 1 I; 19 valori)"
    )
    assert lines[3].split()[:5] == ["VALUE-001", "info", "(era", "errore)", "Indicatori!H4"]
    assert "s05_v2.xlsx  [S05 30/06/2025]  ok  (0 E, 0 W, 0 I; 19 valori)" in lines
    assert lines[-1] == (
        "Totale: 2 file — 1 ok, 0 con avvisi, 0 con errori, 0 rifiutati; 38 valori letti. "
        "Non conteggiato: 1 file (superati da una versione più recente o di un altro periodo; "
        "le loro segnalazioni sono informazioni)."
    )
    assert "STRUCT-018" not in out and "scartare" not in out  # nobody deletes files by hand
    # the CSV: the same rows, the original severity in its column
    rc, out = run(capsys, "check", seed_plan_path, folder, "--period", JUNE, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][1] == "gravità" and rows[0][-1] == "gravità originale"
    assert [(r[0], r[1], r[4], r[-1]) for r in rows[1:] if r[2].endswith("s05_v1.xlsx")] == [
        ("VALUE-001", "info", "H4", "errore"),
        ("SCORE-015", "info", "", ""),
    ]
    rc, out = run(
        capsys, "check", seed_plan_path, folder, "--period", JUNE, "--format", "csv", "--lang", "en"
    )
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][-1] == "original_severity"
    assert ("VALUE-001", "info", "error") in [(r[0], r[1], r[-1]) for r in rows[1:]]
    # consolidate: no error left, exit 0; the old version listed with its finding as information
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0 and cons["valid"] is True
    assert consolidated(cons)[:2] == [
        ("s05_v1.xlsx", "S05", "superato"),
        ("s05_v2.xlsx", "S05", "conteggiato"),
    ]
    assert [d["replaced_by"] for d in cons["deliveries"][:2]] == ["s05_v2.xlsx", None]
    assert of_files(cons["findings"]) == [
        ("s05_v1.xlsx", "VALUE-001", "info", "error", "H4"),
        ("s05_v1.xlsx", "SCORE-015", "info", None, None),
    ]
    assert cons["stats"]["error"] == 0
    rc, out = run(capsys, "consolidate", seed_plan_path, folder, "-o", tmp_path / "m.xlsx")
    assert rc == 0
    assert "  superato     S05   s05_v1.xlsx" in out
    assert "VALUE-001  info (era errore)  Indicatori!H4" in out
    assert summary(out) == "0 errori, 4 avvisi, 2 informazioni."  # the 4 sectors missing


# --- a version with errors after a valid one -----------------------------------------------------


def test_a_version_with_errors_after_a_valid_one_counts(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    s05(june_dir, S05_OK, folder / "s05_v1.xlsx", 1)
    s05(june_dir, S05_BAD, folder / "s05_v2.xlsx", 5)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 1 and doc["valid"] is False
    assert deliveries(doc) == [
        ("s05_v1.xlsx", "superato"),
        ("s05_v2.xlsx", "conteggiato_con_errori"),
    ]
    assert of_files(doc["findings"]) == [
        ("s05_v2.xlsx", "VALUE-001", "error", None, "H4"),  # each file's own findings,
        ("s05_v1.xlsx", "SCORE-015", "info", None, None),  # then the choice's
    ]
    assert (doc["stats"]["errors"], doc["stats"]["not_counted"], doc["stats"]["error"]) == (1, 1, 1)
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 1 and cons["valid"] is False
    assert consolidated(cons)[:2] == [
        ("s05_v1.xlsx", "S05", "superato"),
        ("s05_v2.xlsx", "S05", "conteggiato_con_errori"),
    ]
    assert of_files(cons["findings"]) == [
        ("s05_v2.xlsx", "VALUE-001", "error", None, "H4"),
        ("s05_v2.xlsx", "SCORE-011", "warning", None, None),
        ("s05_v1.xlsx", "SCORE-015", "info", None, None),
    ]
    # the value in error counts in no score: the later version is what the sector said last
    assert cons["stats"]["error"] == 1


def test_two_versions_both_with_errors(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    s05(june_dir, S05_BAD_PHASE, folder / "s05_v1.xlsx", 1)
    s05(june_dir, S05_BAD, folder / "s05_v2.xlsx", 5)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 1
    assert of_files(doc["findings"]) == [
        ("s05_v1.xlsx", "VALUE-001", "info", "error", "H5"),
        ("s05_v2.xlsx", "VALUE-001", "error", None, "H4"),
        ("s05_v1.xlsx", "SCORE-015", "info", None, None),
    ]
    assert doc["stats"]["error"] == 1  # the later version's error only
    rc, out = run(capsys, "check", seed_plan_path, folder, "--period", JUNE)
    assert rc == 1 and "1 con errori" in out.splitlines()[-1]
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 1 and cons["stats"]["error"] == 1
    assert [x for x in of_files(cons["findings"]) if x[2] == "error"] == [
        ("s05_v2.xlsx", "VALUE-001", "error", None, "H4")
    ]
    rc, out = run(capsys, "consolidate", seed_plan_path, folder, "-o", tmp_path / "m.xlsx")
    assert rc == 1 and summary(out).startswith("1 errore, ")


# --- workbooks of another period ----------------------------------------------------------------


def test_a_workbook_of_another_period_only(
    tmp_path: Path,
    seed_plan: Plan,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    folder.mkdir()
    december(seed_plan, "S05", folder / "s05_dicembre.xlsx", S05_BAD)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    # nothing of the period arrived from S05: it is missing (a warning, as a sector that sent
    # nothing), and what is wrong inside December's workbook needs no action now
    assert rc == 0 and doc["valid"] is True
    assert deliveries(doc) == [("s05_dicembre.xlsx", "altro_periodo")]
    assert of_files(doc["findings"]) == [
        ("s05_dicembre.xlsx", "STRUCT-005", "info", "error", None),
        ("s05_dicembre.xlsx", "VALUE-001", "info", "error", "H4"),
        ("s05_dicembre.xlsx", "SCORE-023", "warning", None, None),
    ]
    missing = next(f for f in doc["findings"] if f["code"] == "SCORE-023")
    assert missing["message"] == (
        "Del settore S05 sono arrivate solo schede di un altro periodo («s05_dicembre.xlsx» "
        "(Rendicontazione finale al 31/12/2025)), nessuna del Monitoraggio intermedio al "
        "30/06/2025: il settore risulta mancante. Chiedere al settore la scheda del periodo "
        "giusto."
    )
    assert (doc["stats"]["ok"], doc["stats"]["not_counted"]) == (0, 1)
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0
    assert ("", "S05", "mancante") in consolidated(cons)
    assert ("s05_dicembre.xlsx", "S05", "altro_periodo") in consolidated(cons)
    assert {(f["code"], f["raw"]) for f in cons["findings"] if f["severity"] == "warning"} >= {
        ("SCORE-023", "S05"),
        ("SCORE-012", "S05"),
    }
    assert cons["stats"]["error"] == 0
    # inferred, the period is December's (the only one declared): then the file counts
    rc, doc = check_json(capsys, seed_plan_path, folder)
    assert rc == 1 and deliveries(doc) == [("s05_dicembre.xlsx", "conteggiato_con_errori")]
    assert of_files(doc["findings"]) == [("s05_dicembre.xlsx", "VALUE-001", "error", None, "H4")]


def test_a_workbook_of_another_period_beside_a_valid_one(
    tmp_path: Path,
    june_dir: Path,
    seed_plan: Plan,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    s05(june_dir, S05_OK, folder / "s05.xlsx", 2)
    december(seed_plan, "S05", folder / "s05_dicembre.xlsx", S05_BAD)
    for extra in (("--period", JUNE), ()):  # given, or inferred (a tie goes to the latest...)
        rc, doc = check_json(capsys, seed_plan_path, folder, *extra)
        if not extra:  # one file each: the tie goes to the latest period, December
            assert deliveries(doc) == [
                ("s05.xlsx", "altro_periodo"),
                ("s05_dicembre.xlsx", "conteggiato_con_errori"),
            ]
            assert rc == 1
            continue
        assert rc == 0 and doc["valid"] is True
        assert deliveries(doc) == [
            ("s05.xlsx", "conteggiato"),
            ("s05_dicembre.xlsx", "altro_periodo"),
        ]
        assert of_files(doc["findings"]) == [
            ("s05_dicembre.xlsx", "STRUCT-005", "info", "error", None),
            ("s05_dicembre.xlsx", "VALUE-001", "info", "error", "H4"),
        ]
        assert "SCORE-023" not in {f["code"] for f in doc["findings"]}  # S05 is not missing
    rc, out = run(capsys, "check", seed_plan_path, folder, "--period", JUNE)
    assert "s05_dicembre.xlsx  [S05 31/12/2025]  altro periodo  (0 E, 0 W, 2 I; 11 valori)" in out
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0 and cons["stats"]["error"] == 0
    assert consolidated(cons)[:2] == [
        ("s05.xlsx", "S05", "conteggiato"),
        ("s05_dicembre.xlsx", "S05", "altro_periodo"),
    ]


def test_the_period_given_or_inferred(
    tmp_path: Path,
    june_dir: Path,
    seed_plan: Plan,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """June's workbooks of S05 and S07 and December's of S07: June when inferred (most files)
    or given; December given, and then June's files are the other period's."""
    folder = tmp_path / "risposte"
    s05(june_dir, S05_OK, folder / "s05.xlsx", 2)
    stamp(fill(workbook_of(june_dir, "S07"), complete(seed_plan, "S07"), folder / "s07.xlsx"), 3)
    december(
        seed_plan,
        "S07",
        folder / "s07_dicembre.xlsx",
        {"2025_S07_01/I1": {"Valore Raggiunto": "x"}},
    )
    inferred = check_json(capsys, seed_plan_path, folder)
    given = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert inferred == given
    rc, doc = given
    assert rc == 0 and deliveries(doc) == [
        ("s05.xlsx", "conteggiato"),
        ("s07.xlsx", "conteggiato"),
        ("s07_dicembre.xlsx", "altro_periodo"),
    ]
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", "2025-12-31")
    assert rc == 1 and deliveries(doc) == [
        ("s05.xlsx", "altro_periodo"),
        ("s07.xlsx", "altro_periodo"),
        ("s07_dicembre.xlsx", "conteggiato_con_errori"),
    ]
    assert ("SCORE-023", "S05") in [(f["code"], f["raw"]) for f in doc["findings"]]
    assert ("STRUCT-019", "S05") not in batch(doc)  # said once, by SCORE-023
    # the file that counts keeps its errors as they are (December asks for every value)
    december_findings = [x[1:4] for x in of_files(doc["findings"]) if x[0] == "s07_dicembre.xlsx"]
    assert ("VALUE-001", "error", None) in december_findings
    assert {severity for _, severity, _ in december_findings} == {"error"}
    for period in (None, "2025-12-31"):
        extra = ("--period", period) if period else ()
        rc_check, doc = check_json(capsys, seed_plan_path, folder, *extra)
        rc_cons, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, *extra)
        assert rc_check == rc_cons and doc["valid"] == cons["valid"]
        counted = {(n, s) for n, s, st in consolidated(cons) if st.startswith("conteggiato")}
        assert counted == {
            (Path(f["path"]).name, f["sector"])
            for f in doc["files"]
            if f["delivery"].startswith("conteggiato")
        }


def _other_plan(src: Path, dst: Path, values: dict[str, dict[str, Any]], day: int) -> Path:
    """A return of a workbook generated from an earlier version of the plan."""
    import openpyxl

    wb = openpyxl.load_workbook(fill(src, values, dst))
    ws = wb["_pegxl"]
    for r in range(1, 20):
        if ws.cell(r, 1).value == "plan_fingerprint":
            ws.cell(r, 2).value = "0" * 64
    wb.custom_doc_props["pegxl_plan_fingerprint"].value = "0" * 64
    wb.save(dst)
    return stamp(dst, day)


def test_a_workbook_of_an_earlier_plan(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    _other_plan(workbook_of(june_dir, "S05"), folder / "s05_vecchio.xlsx", S05_OK, 6)
    # alone, the office has to send the current workbook: an error that needs action
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 1 and deliveries(doc) == [("s05_vecchio.xlsx", "altro_piano")]
    assert ("s05_vecchio.xlsx", "STRUCT-003", "error", None, None) in of_files(doc["findings"])
    # beside a version of the current plan (even an earlier one), it needs no action
    s05(june_dir, S05_OK, folder / "s05.xlsx", 2)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 0 and deliveries(doc) == [
        ("s05.xlsx", "conteggiato"),
        ("s05_vecchio.xlsx", "altro_piano"),
    ]
    assert ("s05_vecchio.xlsx", "STRUCT-003", "info", "error", None) in of_files(doc["findings"])
    assert doc["stats"]["not_counted"] == 1 and doc["stats"]["error"] == 0
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0 and cons["stats"]["error"] == 0
    assert ("s05_vecchio.xlsx", "S05", "altro_piano") in consolidated(cons)


# --- versions saved in the same second -----------------------------------------------------------


def test_versions_saved_in_the_same_second(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "risposte"
    # the time cannot tell which came last: the one without errors counts, the office is told
    s05(june_dir, S05_OK, folder / "a.xlsx", 5)
    s05(june_dir, S05_BAD, folder / "b.xlsx", 5)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 0 and deliveries(doc) == [("a.xlsx", "conteggiato"), ("b.xlsx", "scartato")]
    assert of_files(doc["findings"]) == [
        ("b.xlsx", "VALUE-001", "info", "error", "H4"),
        ("b.xlsx", "SCORE-016", "warning", None, None),
    ]
    discarded = next(f for f in doc["findings"] if f["code"] == "SCORE-016")
    assert discarded["message"] == (
        "«b.xlsx» del settore S05 non è conteggiato: salvato nello stesso secondo di «a.xlsx» "
        "(05/07/2025 09:00), che conta perché è senza errori. Se è questa la versione che deve "
        "valere, chiedere al settore di salvarla di nuovo e inviarla."
    )
    rc, out = run(capsys, "check", seed_plan_path, folder, "--period", JUNE)
    assert "b.xlsx  [S05 30/06/2025]  scartato: conta «a.xlsx»  (0 E, 0 W, 1 I; 19 valori)" in out
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0 and consolidated(cons)[:2] == [
        ("a.xlsx", "S05", "conteggiato"),
        ("b.xlsx", "S05", "scartato"),
    ]
    # both valid, or both with errors: the last by name, whatever order they are given in
    for values in (S05_OK, S05_BAD):
        for name in ("a.xlsx", "b.xlsx"):  # not copies: each with its own note
            note = {"2025_S05_04/F1": {"Avanzamento (%)": 50, "Note": f"versione {name}"}}
            s05(june_dir, {**values, **note}, folder / name, 5)
        files = [folder / "b.xlsx", folder / "a.xlsx"]
        for order in (files, files[::-1]):
            rc, out = run(
                capsys, "check", seed_plan_path, *order, "--period", JUNE, "--format", "json"
            )
            doc = json.loads(out)
            assert [f["delivery"] for f in sorted(doc["files"], key=lambda f: f["path"])] == [
                "scartato",
                "conteggiato" if values is S05_OK else "conteggiato_con_errori",
            ]
            assert rc == (0 if values is S05_OK else 1)
            assert doc["stats"]["error"] == (0 if values is S05_OK else 1)


# --- an .ods version and an .xlsx version --------------------------------------------------------


@pytest.mark.client
def test_an_ods_version_and_an_xlsx_version(
    tmp_path: Path,
    june_dir: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from .clients import soffice_convert

    # saved again as .ods by LibreOffice, which keeps the time the .xlsx says it was saved as
    # the .ods's own (dc:date)
    work = tmp_path / "lavoro"
    xlsx = [
        s05(june_dir, S05_OK, work / "ok.xlsx", 5),
        s05(june_dir, S05_BAD, work / "bad.xlsx", 1),
    ]
    ods_ok, ods_bad = soffice_convert(xlsx, "ods", work / "ods", tmp_path / "profile")
    # an .xlsx with errors, then the corrected .ods: the .ods counts
    folder = tmp_path / "a"
    folder.mkdir()
    s05(june_dir, S05_BAD, folder / "s05_v1.xlsx", 1)
    shutil.copy2(ods_ok, folder / "s05_v2.ods")
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 0 and deliveries(doc) == [
        ("s05_v1.xlsx", "superato"),
        ("s05_v2.ods", "conteggiato"),
    ]
    assert [x for x in of_files(doc["findings"]) if x[1] == "VALUE-001"] == [
        ("s05_v1.xlsx", "VALUE-001", "info", "error", "H4")
    ]
    rc, cons = consolidate_json(capsys, seed_plan_path, folder, tmp_path, "--period", JUNE)
    assert rc == 0 and consolidated(cons)[:2] == [
        ("s05_v1.xlsx", "S05", "superato"),
        ("s05_v2.ods", "S05", "conteggiato"),
    ]
    # an .ods with errors, then the corrected .xlsx: the .xlsx counts
    folder = tmp_path / "b"
    folder.mkdir()
    shutil.copy2(ods_bad, folder / "s05_v1.ods")
    s05(june_dir, S05_OK, folder / "s05_v2.xlsx", 5)
    rc, doc = check_json(capsys, seed_plan_path, folder, "--period", JUNE)
    assert rc == 0 and deliveries(doc) == [
        ("s05_v1.ods", "superato"),
        ("s05_v2.xlsx", "conteggiato"),
    ]
    assert [x for x in of_files(doc["findings"]) if x[1] == "VALUE-001"] == [
        ("s05_v1.ods", "VALUE-001", "info", "error", "H4")
    ]


# --- check, consolidate, campaign status and the desk agree --------------------------------------


def test_check_consolidate_campaign_status_and_the_desk_agree(
    tmp_path: Path,
    seed_plan: Plan,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One folder with every case of a campaign's second week, judged by the four."""
    pytest.importorskip("flask", reason="the desk needs pegxl[desk]")
    import base64

    from pegxl.desk.app import create_app

    from .campaign_kit import PASSWORD

    monkeypatch.setenv("PEGXL_OFFICE_PASSWORD", PASSWORD)
    from pegxl import save_plan

    plan_path = save_plan(seed_plan, tmp_path / "piano.xlsx")
    root = tmp_path / "campagna"
    rc, _ = run(capsys, "campaign", "new", root, "--plan", plan_path, "--period", JUNE)
    assert rc == 0
    books = root / "schede"
    folder = tmp_path / "risposte"
    # S05: errors, then corrected; ND: valid, then errors; S07: two with errors; S08: two saved
    # in the same second; S09: only December's workbook
    s05(books, S05_BAD, folder / "s05_v1.xlsx", 1)
    s05(books, S05_OK, folder / "s05_v2.xlsx", 5)

    def sector(code: str, name: str, day: int, **typed: dict[str, Any]) -> None:
        book = workbook_of(books, code)
        stamp(fill(book, complete(seed_plan, code, **typed), folder / name), day)

    sector("ND", "nd_v1.xlsx", 1)
    sector("ND", "nd_v2.xlsx", 6, **{"2025_ND_01__I1": {"Valore Raggiunto": "tanti"}})
    sector("S07", "s07_v1.xlsx", 2, **{"2025_S07_01__I1": {"Valore Raggiunto": "x"}})
    sector("S07", "s07_v2.xlsx", 7, **{"2025_S07_01__I1": {"Valore Raggiunto": "y"}})
    sector("S08", "s08_a.xlsx", 3)
    sector("S08", "s08_b.xlsx", 3, **{"2025_S08_01__F1": {"Avanzamento (%)": "x"}})
    december(seed_plan, "S09", folder / "s09_dicembre.xlsx", {})

    rc_check, doc = check_json(capsys, plan_path, folder)
    rc_cons, cons = consolidate_json(capsys, plan_path, folder, tmp_path)
    rc, _ = run(capsys, "campaign", "receive", root, *sorted(folder.iterdir()))
    assert rc in (0, 1)
    rc_status, out = run(capsys, "campaign", "status", root, "--format", "json")
    status = json.loads(out)
    client = create_app(root).test_client()
    auth = base64.b64encode(f"ufficio:{PASSWORD}".encode()).decode()
    desk = client.get("/api/status", headers={"Authorization": f"Basic {auth}"}).get_json()

    expected = {
        "s05_v1.xlsx": "superato",
        "s05_v2.xlsx": "conteggiato",
        "nd_v1.xlsx": "superato",
        "nd_v2.xlsx": "conteggiato_con_errori",
        "s07_v1.xlsx": "superato",
        "s07_v2.xlsx": "conteggiato_con_errori",
        "s08_a.xlsx": "conteggiato",
        "s08_b.xlsx": "scartato",
        "s09_dicembre.xlsx": "altro_periodo",
    }
    assert dict(deliveries(doc)) == expected
    assert {n: s for n, _, s in consolidated(cons) if n} == expected
    state = {"S05": "valid", "ND": "errors", "S07": "errors", "S08": "valid", "S09": "missing"}
    assert {s["code"]: s["state"] for s in status["sectors"]} == state
    assert desk == status  # the desk's board is the campaign's status
    counted = {s["code"]: s["counted"] for s in status["sectors"]}
    assert counted == {
        "S05": "s05_v2.xlsx",
        "ND": "nd_v2.xlsx",
        "S07": "s07_v2.xlsx",
        "S08": "s08_a.xlsx",
        "S09": None,
    }
    # the same verdict, and the same errors: only those of the versions that count
    assert rc_check == rc_cons == rc_status == 1
    assert doc["valid"] is cons["valid"] is status["valid"] is desk["valid"] is False

    def errors(findings: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
        return sorted(
            (Path(f["file"]).name, f["code"], f["cell"])
            for f in findings
            if f["severity"] == "error"
        )

    want = [("nd_v2.xlsx", "VALUE-001", "H4"), ("s07_v2.xlsx", "VALUE-001", "H4")]
    assert errors(doc["findings"]) == errors(cons["findings"]) == want
    # what the office is told of the versions that do not count, by each of them
    told = [("SCORE-015", "ND"), ("SCORE-015", "S05"), ("SCORE-015", "S07"), ("SCORE-016", "S08")]
    for findings in (doc["findings"], cons["findings"], status["findings"]):
        assert (
            sorted(
                (f["code"], f["raw"]) for f in findings if f["code"] in {"SCORE-015", "SCORE-016"}
            )
            == told
        )
    assert errors(status["findings"]) == errors(desk["findings"]) == want
    assert doc["stats"]["error"] == cons["stats"]["error"] == 2
    # every sector whose only file is of another period is missing, for all four
    assert ("", "S09", "mancante") in consolidated(cons)
    assert ("SCORE-023", "S09") in [(f["code"], f["raw"]) for f in doc["findings"]]
    assert ("SCORE-023", "S09") in [(f["code"], f["raw"]) for f in status["findings"]]

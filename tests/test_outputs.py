"""No output of pegxl replaces what is not its own: inputs, other outputs of the same run, files
a person made or changed. Every class of the issue, with more than its example."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period, Plan, Sector
from pegxl.outputs import OutputKind, OutputRefused, Outputs, owned_kind, seal_zip
from pegxl.workbook.layout import workbook_filenames
from pegxl.workbook.writer import generate

from .conftest import SEED
from .tables import fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Plan]:
    path = write_book(tmp_path / "base.xlsx", plan_tables())
    plan = load_plan(path).plan
    assert plan is not None
    return save_plan(plan, tmp_path / "piano.xlsx"), plan


# -- the seal -------------------------------------------------------------------------------------


def test_only_untouched_pegxl_outputs_are_pegxl_outputs(
    small: tuple[Path, Plan], tmp_path: Path
) -> None:
    plan_path, plan = small
    assert owned_kind(plan_path) is OutputKind.PLAN
    [wb] = generate(plan, JUNE, tmp_path / "schede").files
    assert owned_kind(wb) is OutputKind.WORKBOOK
    copy = shutil.copy(wb, tmp_path / "copia.xlsx")  # a copy is the same file
    assert owned_kind(copy) is OutputKind.WORKBOOK
    edited = openpyxl.load_workbook(wb)
    edited["Fasi"]["H4"] = 50
    edited.save(tmp_path / "compilata.xlsx")  # saved by another program: a return, not ours
    assert owned_kind(tmp_path / "compilata.xlsx") is None
    (tmp_path / "note.txt").write_text("appunti")
    assert owned_kind(tmp_path / "note.txt") is None
    forged = tmp_path / "forged.xlsx"  # a seal over other contents does not verify
    shutil.copy(tmp_path / "compilata.xlsx", forged)
    seal_zip(forged, OutputKind.PLAN)
    with open(forged, "r+b") as fh:
        data = fh.read()
        fh.seek(data.rindex(b"pegxl plan ") + 11)
        fh.write(b"0" * 64)
    assert owned_kind(forged) is None


# -- import -o ------------------------------------------------------------------------------------


def test_import_never_writes_over_what_is_not_its_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "export.txt"
    shutil.copy(SEED, export)
    before = export.read_bytes()
    assert main(["import", str(export), "-o", str(export)]) == 2  # its own input
    (tmp_path / "notes.txt").write_text("da non perdere")
    assert main(["import", str(export), "-o", str(tmp_path / "notes.txt")]) == 2
    assert main(["import", str(export), "-o", str(tmp_path / "piano.ods")]) == 2  # xlsx bytes
    capsys.readouterr()
    assert main(["import", str(export), "-o", str(tmp_path / "piano.ods"), "--force"]) == 2
    assert "FILE-016" in capsys.readouterr().err
    assert export.read_bytes() == before
    assert (tmp_path / "notes.txt").read_text() == "da non perdere"
    assert not (tmp_path / "piano.ods").exists()
    plan = tmp_path / "piano.xlsx"
    assert main(["import", str(export), "-o", str(plan)]) == 0
    edited = openpyxl.load_workbook(plan)  # the office edits its plan
    edited["Obiettivi"]["C2"] = "Titolo corretto dall'ufficio"
    edited.save(plan)
    edited_bytes = plan.read_bytes()
    assert main(["import", str(export), "-o", str(plan)]) == 2
    assert plan.read_bytes() == edited_bytes  # the office's edits are not lost
    assert main(["import", str(export), "-o", str(plan), "--force"]) == 0
    assert owned_kind(plan) is OutputKind.PLAN
    upper = tmp_path / "PIANO.XLSX"  # the plan as a case-insensitive disk sees it
    shutil.copy(SEED, tmp_path / "SEED.txt")
    assert main(["import", str(upper), "-o", str(upper)]) == 2


# -- generate -o ----------------------------------------------------------------------------------


def test_generate_never_maps_two_sectors_to_one_file(
    small: tuple[Path, Plan], tmp_path: Path
) -> None:
    _, plan = small
    o = plan.objectives[0]
    sectors = (Sector("S.07", "Cultura"), Sector("S 07", "Cultura"), Sector("s-07", "Cultura"))
    objectives = tuple(
        replace(o, code=f"2025_X{n}_01", sector_code=s.code) for n, s in enumerate(sectors)
    )
    many = replace(plan, sectors=sectors, objectives=objectives)
    names = workbook_filenames(JUNE, many.sectors)
    assert len({n.casefold() for n in names.values()}) == 3
    files = generate(many, JUNE, tmp_path / "schede").files
    assert len({p.name.casefold() for p in files}) == 3
    # a sector's name does not depend on which sectors are written
    [only] = generate(many, JUNE, tmp_path / "una", ["S 07"]).files
    assert only.name == names["S 07"]
    plain = replace(plan, sectors=(Sector("S01", "Uno"), Sector("S02", "Due")))
    assert workbook_filenames(JUNE, plain.sectors)["S01"] == "PEG_2025-06-30_S01_uno.xlsx"


def test_generate_replaces_only_its_own_workbooks(small: tuple[Path, Plan], tmp_path: Path) -> None:
    plan_path, plan = small
    out = tmp_path / "schede"
    [first] = generate(plan, JUNE, out).files
    generate(plan, JUNE, out)  # a previous run's workbook: replaced
    filled = openpyxl.load_workbook(first)
    filled["Fasi"]["H4"] = 80  # a sector saved its return under the same name, in that folder
    filled.save(first)
    kept = first.read_bytes()
    with pytest.raises(OutputRefused) as e:
        generate(plan, JUNE, out)
    assert [r.reason.value for r in e.value.refusals] == ["foreign"]
    assert first.read_bytes() == kept
    assert main(["generate", str(plan_path), "--period", "2025-06-30", "-o", str(out)]) == 2
    assert first.read_bytes() == kept
    assert (
        main(["generate", str(plan_path), "--period", "2025-06-30", "-o", str(out), "--force"]) == 0
    )
    assert owned_kind(first) is OutputKind.WORKBOOK
    (tmp_path / "file").write_text("x")
    assert (
        main(["generate", str(plan_path), "--period", "2025-06-30", "-o", str(tmp_path / "file")])
        == 2
    )
    # the plan itself in the output folder, under a workbook's name: an input, never replaced
    victim = out / first.name
    shutil.copy(plan_path, victim)
    assert main(["generate", str(victim), "--period", "2025-06-30", "-o", str(out), "--force"]) == 2
    assert owned_kind(victim) is OutputKind.PLAN


# -- check --feedback -----------------------------------------------------------------------------


def _filled(blank: Path, dst: Path, progress: object, day: int = 5) -> Path:
    """The small plan's workbook with its first phase's progress typed, saved on ``day``
    July 2025."""
    from pegxl.demo import stamp_saved

    path = fill(blank, {"2025_S01_01/F1": {"Avanzamento (%)": progress}}, dst)
    stamp_saved(path, datetime(2025, 7, day, 9))
    return path


def _valid_first(blank: Path, ret: Path) -> Path:
    """A valid return of the sector saved first: it is superseded by the later versions (and
    gets no feedback); those, saved in the same second and all with errors, are one counted and
    the others discarded, each one a version the sector can still correct (an identical copy is
    superseded, and gets none: the tests give each version its own content)."""
    from pegxl.demo import stamp_saved

    values = {"2025_S01_01/F1": {"Avanzamento (%)": 50}, "2025_S01_01/F2": {"Avanzamento (%)": 0}}
    path = fill(blank, values, ret / "valida.xlsx")
    stamp_saved(path, datetime(2025, 7, 1, 9))
    return path


def test_feedback_never_replaces_a_return_or_another_feedback(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    ret = tmp_path / "risposte"
    _valid_first(blank, ret)
    x = _filled(blank, ret / "X.xlsx", "metà")  # findings: gets a feedback workbook
    # the sector corrected an older feedback and sent it back under its name: now a return
    corrected = _filled(blank, ret / "X_riscontro.xlsx", "circa")
    same_base = _filled(blank, ret / "altro" / "X.xlsx", "quasi")  # same base name elsewhere
    ods_twin = ret / "Y.ods"
    shutil.copy(_filled(blank, tmp_path / "y.xlsx", "boh"), ods_twin)  # read as what it is
    shutil.copy(_filled(blank, tmp_path / "y2.xlsx", "bah"), ret / "Y.xlsx")
    (ret / "Y_riscontro.xlsx").write_text("appunti dell'ufficio")  # not a workbook at all
    inputs = {p: p.read_bytes() for p in ret.rglob("*") if p.is_file()}
    rc = main(["check", str(plan_path), str(ret), str(same_base), "--feedback", str(ret)])
    out = capsys.readouterr().out
    assert rc == 1
    assert {p: p.read_bytes() for p in inputs} == inputs  # no input was replaced
    written = sorted(
        p.name for p in ret.glob("*_riscontro*.xlsx") if owned_kind(p) is OutputKind.FEEDBACK
    )
    # one feedback per return with findings, each under its own name; the corrected feedback
    # sent back is named after the return, never «…_riscontro_riscontro»
    assert written == [
        "X_riscontro_2.xlsx",
        "X_riscontro_3.xlsx",
        "X_riscontro_4.xlsx",
        "Y_riscontro_2.xlsx",
        "Y_riscontro_3.xlsx",
    ]
    assert out.count("FILE-017") == 5
    assert "Schede di riscontro scritte in" in out and ": 5." in out
    # a second run replaces its own feedback and still never an input
    rc = main(["check", str(plan_path), str(x), str(corrected), "--feedback", str(ret)])
    assert {p: p.read_bytes() for p in inputs} == inputs


# -- one file's trouble never loses the batch report -------------------------------------------


def test_a_feedback_that_cannot_be_written_is_a_finding_on_that_file(
    small: tuple[Path, Plan],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    ret = tmp_path / "risposte"
    latin1 = os.fsdecode(b"Attivit\xe0 settore.xlsx")  # a name from a Windows zip
    _valid_first(blank, ret)
    _filled(blank, ret / latin1, "metà")
    _filled(blank, ret / ("n" * 240 + ".xlsx"), "circa metà")
    _filled(blank, ret / "ok.xlsx", "quasi metà")
    out = tmp_path / "riscontri"
    import pegxl.returns.feedback as report

    real = report.write_feedback

    def refuse_one(plan: Plan, r: object, path: Path, *more: object) -> Path:
        if path.name.startswith("ok"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(plan, r, path, *more)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "write_feedback", refuse_one)
    rc = main(["check", str(plan_path), str(ret), "--feedback", str(out)])
    text = capsys.readouterr().out
    assert rc == 2  # an output could not be written: a setup problem, after the whole report
    assert "Totale: 4 file" in text
    assert "FILE-018" in text and "permesso negato" in text
    names = sorted(p.name for p in out.iterdir())
    assert "Attività settore_riscontro.xlsx" in names  # readable, valid UTF-8
    assert any(len(os.fsencode(n)) <= 255 and n.startswith("nnn") for n in names)
    assert "Attivit\\xe0" in text or "Attività" in text


def test_a_feedback_folder_that_is_a_file_is_a_usage_error(
    small: tuple[Path, Plan], tmp_path: Path
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    (tmp_path / "riscontri").write_text("x")
    assert (
        main(["check", str(plan_path), str(blank), "--feedback", str(tmp_path / "riscontri")]) == 2
    )


def test_outputs_rules_directly(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("x")
    outputs = Outputs([tmp_path / "in.txt"])
    assert outputs.refusal(tmp_path / "IN.TXT", OutputKind.REPORT) is not None  # case folded
    outputs.claim(tmp_path / "a.html", OutputKind.REPORT)
    refusal = outputs.refusal(tmp_path / "A.html", OutputKind.REPORT)
    assert refusal is not None and refusal.reason.value == "twice"
    path, why = outputs.claim_free(tmp_path / "a.html", OutputKind.REPORT)
    assert path.name == "a_2.html" and why is not None

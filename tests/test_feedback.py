"""Feedback a sector can act on: written only for a return whose findings the sector can fix
(never for a superseded version, nor for findings only the office can act on), a workbook of
another period told what to send instead, a changed plan cell marked on that very cell with
what happened, links that LibreOffice and Excel both follow, one selected sheet tab, and a name
that does not grow with every round."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.demo import stamp_saved
from pegxl.findings import Code, Finding, make
from pegxl.model import Period, Plan
from pegxl.outputs import OutputKind, owned_kind
from pegxl.returns.deliveries import Delivery
from pegxl.returns.feedback import (
    OFFICE_ONLY,
    SETTLED,
    feedback_kind,
    feedback_name,
    for_the_sector,
    sector_can_fix,
)
from pegxl.returns.reader import Return
from pegxl.workbook.writer import generate

from .clients import uno_inspect
from .tables import fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))


def _ret(*findings: Finding, path: str = "r.xlsx", period: str = "2025-06-30") -> Return:
    return Return(path, meta={"sector_code": "S01", "period": period}, findings=list(findings))


def _f(code: Code, **kw: object) -> Finding:
    """A finding of ``code`` with every placeholder of its message filled."""
    import string

    names = {n for _, n, _, _ in string.Formatter().parse(code.it) if n}
    params: dict[str, object] = {n: "x" for n in names}
    params.update(kw)
    return make(code, **params)  # type: ignore[arg-type]


# -- which returns get feedback ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "status", "expected"),
    [
        ([], Delivery.COUNTED, None),  # nothing to say
        ([_f(Code.VALUE_UNREADABLE, sheet="Fasi", cell="H4")], Delivery.COUNTED_WITH_ERRORS, "fix"),
        ([_f(Code.LOCKED_CHANGED, sheet="Fasi", cell="E4")], Delivery.COUNTED_WITH_ERRORS, "fix"),
        ([_f(Code.VALUE_MISSING, sheet="Fasi", cell="H5")], None, "fix"),  # a warning to fill
        ([_f(Code.DONE_WITHOUT_END, sheet="Fasi", cell="J4")], Delivery.COUNTED, "fix"),
        ([_f(Code.SHEET_ADDED, sheet="Foglio1")], Delivery.COUNTED, "fix"),  # values to move
        ([_f(Code.ROW_DELETED, sheet="Fasi")], Delivery.COUNTED_WITH_ERRORS, "fix"),
        ([_f(Code.EMPTY_RETURN)], Delivery.COUNTED_WITH_ERRORS, "fix"),
        # a later version with errors beside an earlier valid one: the sector may correct it
        ([_f(Code.VALUE_UNREADABLE, sheet="Fasi", cell="H4")], Delivery.DISCARDED, "fix"),
        # a version another one supersedes: never, whatever its findings
        ([_f(Code.VALUE_UNREADABLE, sheet="Fasi", cell="H4")], Delivery.SUPERSEDED, None),
        ([_f(Code.LOCKED_CHANGED, sheet="Fasi", cell="E4")], Delivery.SUPERSEDED, None),
        # only the office can act: several versions arrived, another plan, another sector
        ([_f(Code.DUPLICATE_RETURN)], Delivery.COUNTED, None),
        ([_f(Code.DUPLICATE_RETURN)], Delivery.SUPERSEDED, None),
        ([_f(Code.OTHER_PLAN)], Delivery.OTHER_PLAN, None),
        ([_f(Code.OTHER_PLAN), _f(Code.VALUE_UNREADABLE)], None, None),
        ([_f(Code.OTHER_SECTOR)], None, None),
        ([_f(Code.SCHEMA_UNSUPPORTED)], None, None),
        # settled by the feedback workbook itself, or only information
        ([_f(Code.PROTECTION_REMOVED, sheet="Fasi")], Delivery.COUNTED, None),
        ([_f(Code.META_VISIBLE, sheet="_pegxl")], Delivery.COUNTED, None),
        ([_f(Code.SHEET_RENAMED, sheet="Fasi 2")], Delivery.COUNTED, None),
        ([_f(Code.ROW_MOVED, sheet="Fasi")], Delivery.COUNTED, None),
        ([_f(Code.FILE_MACROS), _f(Code.FILE_EMBEDDED)], Delivery.COUNTED, None),
        ([_f(Code.READ_FROM_TEXT, sheet="Fasi", cell="H4")], Delivery.COUNTED, None),
        ([_f(Code.READ_FROM_TEXT), _f(Code.DUPLICATE_RETURN)], Delivery.COUNTED, None),
        # but with something to correct, they come along
        ([_f(Code.PROTECTION_REMOVED), _f(Code.VALUE_OUT_OF_RANGE)], Delivery.COUNTED, "fix"),
    ],
)
def test_which_returns_get_feedback(
    findings: list[Finding], status: Delivery | None, expected: str | None
) -> None:
    assert feedback_kind(_ret(*findings), status, JUNE) == expected


def test_a_workbook_of_another_period_gets_a_message_for_the_sector() -> None:
    december = _ret(period="2025-12-31")
    assert feedback_kind(december, Delivery.OTHER_PERIOD, JUNE) == "other_period"
    april = _ret(_f(Code.VALUE_UNREADABLE), period="2025-04-30")
    assert feedback_kind(april, Delivery.OTHER_PERIOD, JUNE) == "other_period"
    assert feedback_kind(december, Delivery.OTHER_PLAN, JUNE) is None
    rejected = Return("x.xlsx", rejected=True, findings=[_f(Code.FILE_CORRUPT)])
    assert feedback_kind(rejected, Delivery.REJECTED, JUNE) is None
    assert feedback_kind(Return("y.xlsx", meta={"period": "2025-06-30"}), None, JUNE) is None


def test_the_office_only_and_settled_codes_are_known_codes_and_apart() -> None:
    assert not OFFICE_ONLY & SETTLED
    assert all(not sector_can_fix(_f(c)) for c in OFFICE_ONLY | SETTLED)
    assert all(not for_the_sector(_f(c)) for c in OFFICE_ONLY)
    # every code that speaks of what a sector typed can be fixed by the sector
    for c in Code:
        if c.value.startswith("VALUE-") and c.severity.value != "info":
            assert sector_can_fix(_f(c)), c


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("X.xlsx", "X_riscontro.xlsx"),
        ("X.ods", "X_riscontro.xlsx"),
        ("X_riscontro.xlsx", "X_riscontro.xlsx"),  # the corrected feedback sent back
        ("X_riscontro_2.xlsx", "X_riscontro.xlsx"),
        ("X_riscontro (1).xlsx", "X_riscontro.xlsx"),  # a second download of it
        ("X_Riscontro.xlsx", "X_riscontro.xlsx"),
        ("X_riscontro_riscontro.xlsx", "X_riscontro.xlsx"),  # what an older pegxl wrote
        ("X_riscontro_corretto.xlsx", "X_corretto_riscontro.xlsx"),
        ("X_riscontrato.xlsx", "X_riscontrato_riscontro.xlsx"),  # another word: kept
        ("_riscontro.xlsx", "scheda_riscontro.xlsx"),
        ('a:b"c?.xlsx', "a_b_c__riscontro.xlsx"),  # valid on Windows
    ],
)
def test_feedback_names_do_not_grow(name: str, expected: str) -> None:
    assert feedback_name(Return(name)) == expected


# -- the workbooks, end to end ------------------------------------------------------------------


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Plan, Path]:
    plan = load_plan(write_book(tmp_path / "base.xlsx", plan_tables())).plan
    assert plan is not None
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    return save_plan(plan, tmp_path / "piano.xlsx"), plan, blank


def _filled(blank: Path, dst: Path, day: int, **cells: object) -> Path:
    """The small plan's return with ``cells`` typed (Fasi!E4=99 …) and both phases' progress,
    saved on ``day`` July 2025."""
    progress = {"2025_S01_01/F1": {"Avanzamento (%)": 50}, "2025_S01_01/F2": {"Avanzamento (%)": 0}}
    path = fill(blank, progress, dst)
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, cell = ref.split("_")
        wb[sheet][cell].value = value
    wb.save(path)
    stamp_saved(path, datetime(2025, 7, day, 9))
    return path


def _check(plan: Path, folder: Path, out: Path, *more: str) -> int:
    return main(["check", str(plan), str(folder), "--feedback", str(out), *more])


def _selected_tabs(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        return sum(re.search(rb'tabSelected="(1|true)"', z.read(n)) is not None for n in sheets)


def test_a_changed_plan_cell_is_marked_where_it_changed(
    small: tuple[Path, Plan, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, _, blank = small
    ret = tmp_path / "r"
    # the weight (E), a planned date (C) and the responsible (F) of the first phase, the
    # indicator's target (D); none is column B, where the row's mark used to go
    _filled(blank, ret / "S01.xlsx", 5, Fasi_E4=99, Fasi_C5="01/02/2025", Indicatori_D4=7)
    assert _check(plan_path, ret, tmp_path / "fb") == 1
    capsys.readouterr()
    [path] = (tmp_path / "fb").iterdir()
    wb = openpyxl.load_workbook(path)
    fasi, ind = wb["Fasi"], wb["Indicatori"]
    assert fasi["E4"].value == 60 and fasi["E4"].comment is not None  # the plan's value, marked
    assert "«99» al posto del dato del piano «60»" in fasi["E4"].comment.text
    assert "mostra di nuovo il valore del piano" in fasi["E4"].comment.text
    assert fasi["C5"].comment is not None and "«01/02/2025»" in fasi["C5"].comment.text
    assert ind["D4"].value == 120 and ind["D4"].comment is not None
    assert fasi["B4"].comment is None and fasi["B5"].comment is None  # never the row's name
    assert fasi["E4"].fill.fgColor.rgb.endswith("F4B6B6") or fasi["E4"].fill.fill_type
    # the Segnalazioni sheet lists it with the same words and a link to that cell
    seg = wb["Segnalazioni"]
    rows = {r[0].value: r for r in seg.iter_rows(min_row=5) if r[0].value}
    assert rows["STRUCT-011"][3].hyperlink is not None
    links = [r[3].hyperlink.location for r in seg.iter_rows(min_row=5) if r[3].hyperlink]
    assert sorted(links) == ["'Fasi'!C5", "'Fasi'!E4", "'Indicatori'!D4"]
    todo = [r[5].value for r in seg.iter_rows(min_row=5) if r[0].value == "STRUCT-011"]
    assert all("mostra di nuovo" in t for t in todo) and len(todo) == 3
    assert _selected_tabs(path) == 1 and wb.active.title == "Segnalazioni"
    # the title wraps and its row is as tall as it: a long name is never cut
    assert seg["A1"].alignment.wrap_text and seg.row_dimensions[1].height >= 13 * 1.28


def test_the_intro_says_what_the_sheet_holds(
    small: tuple[Path, Plan, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, _, blank = small
    ret = tmp_path / "r"
    _filled(blank, ret / "rosso.xlsx", 5, Fasi_H4="metà")
    assert _check(plan_path, ret, tmp_path / "fb") == 1
    wb = openpyxl.load_workbook(next((tmp_path / "fb").iterdir()))
    intro = wb["Segnalazioni"]["A2"].value
    assert intro.startswith("Correggere le celle evidenziate in rosso")
    assert "fare clic" in intro and "Ctrl+clic" in intro  # Excel and LibreOffice
    # a sheet added with values: nothing is red, and the intro does not say it is
    (ret / "rosso.xlsx").unlink()
    path = _filled(blank, ret / "foglio.xlsx", 5)
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Appunti")["A1"] = "valori da riportare"
    wb.save(path)
    assert _check(plan_path, ret, tmp_path / "fb2") == 0
    [fb] = (tmp_path / "fb2").iterdir()
    wb = openpyxl.load_workbook(fb)
    intro = wb["Segnalazioni"]["A2"].value
    assert intro.startswith("Le segnalazioni qui sotto riguardano la scheda nel suo insieme")
    assert "rosso" not in intro
    assert [r[0].value for r in wb["Segnalazioni"].iter_rows(min_row=5) if r[0].value] == [
        "STRUCT-007"
    ]
    # in English too
    assert _check(plan_path, ret, tmp_path / "fb3", "--lang", "en") == 0
    wb = openpyxl.load_workbook(next((tmp_path / "fb3").iterdir()))
    assert wb["Segnalazioni"]["A2"].value.startswith("The findings below are about the workbook")
    capsys.readouterr()


def test_versions_office_findings_and_a_second_round(
    small: tuple[Path, Plan, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, _, blank = small
    ret = tmp_path / "r"
    out = tmp_path / "fb"
    first = _filled(blank, ret / "S01.xlsx", 3, Fasi_H4="metà")
    second = _filled(blank, ret / "S01_bis.xlsx", 5, Fasi_H4="circa")  # later, still wrong
    assert _check(plan_path, ret, out) == 1
    # only the latest version gets feedback; the first is superseded
    assert sorted(p.name for p in out.iterdir()) == ["S01_bis_riscontro.xlsx"]
    # the sector corrects the feedback workbook and sends it back under its name
    corrected = ret / "S01_bis_riscontro.xlsx"
    wb = openpyxl.load_workbook(out / "S01_bis_riscontro.xlsx")
    wb["Fasi"]["H4"].value = 70
    wb["Fasi"]["I4"].value = "31/12/2026"  # a date outside the plan's year: still wrong
    wb.save(corrected)
    stamp_saved(corrected, datetime(2025, 7, 9, 9))
    assert _check(plan_path, ret, out) == 1
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    assert names == ["S01_bis_riscontro.xlsx"]  # never «…_riscontro_riscontro»
    # the first round's workbook it replaced is kept in the archive (17.4)
    [kept] = (out / "_archivio").iterdir()
    assert kept.name.startswith("S01_bis_riscontro_") and kept.suffix == ".xlsx"
    assert owned_kind(out / names[0]) is OutputKind.FEEDBACK
    wb = openpyxl.load_workbook(out / names[0])
    assert "«S01_bis_riscontro.xlsx»" in wb["Segnalazioni"]["A1"].value  # of the latest
    # all correct now: no feedback at all
    wb = openpyxl.load_workbook(corrected)
    wb["Fasi"]["I4"].value = "07/01/2025"
    wb.save(corrected)
    stamp_saved(corrected, datetime(2025, 7, 10, 9))
    for p in out.iterdir():
        if p.is_file():
            p.unlink()
    _check(plan_path, ret, out)  # (check's exit code judges every version: issue 17.6)
    assert [p.name for p in out.iterdir()] == ["_archivio"]  # the earlier ones superseded
    assert first.exists() and second.exists()
    capsys.readouterr()


def test_the_demo_feedback(demo_folder: Path) -> None:
    """ND's two versions: no feedback (its only finding is the office's); S05's mistakes:
    feedback; S07's December workbook: a message to the sector, nothing red."""
    out = demo_folder / "riscontri"
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "PEG_2025-06-30_S05_opere-pubbliche-ambiente-ed-energia_compilato_riscontro.xlsx",
        "PEG_2025-06-30_S08_welfare-e-politiche-abitative_compilato_riscontro.xlsx",
        "PEG_2025-12-31_S07_politiche-culturali-e-dello-sport_compilato_riscontro.xlsx",
    ]
    for name in names:
        assert _selected_tabs(out / name) == 1
    # S08 forecast No without its criticità: told on the very cell of the Monitoraggio sheet
    wb = openpyxl.load_workbook(out / names[1])
    listed = [r for r in wb["Segnalazioni"].iter_rows(min_row=5) if r[0].value]
    assert [(r[0].value, r[3].hyperlink.location if r[3].hyperlink else "-") for r in listed] == [
        ("VALUE-025", "'Monitoraggio'!F3")
    ]
    assert "Criticità" in wb["Monitoraggio"]["F3"].comment.text
    assert wb["Monitoraggio"]["E3"].value == "No"  # what the sector typed, put back
    wb = openpyxl.load_workbook(out / names[2])
    seg = wb["Segnalazioni"]
    assert seg["A2"].value.startswith("Questa scheda non è stata considerata")
    listed = [r for r in seg.iter_rows(min_row=5, values_only=True) if r[0]]
    assert [r[0] for r in listed] == ["STRUCT-005"]
    message = listed[0][5]
    assert "«Rendicontazione finale al 31/12/2025»" in message
    assert "«Monitoraggio intermedio al 30/06/2025»" in message
    assert "chiedere al settore" not in message  # addressed to the sector, not the office
    assert "conservare questa" in message
    for sheet in ("Fasi", "Indicatori", "Obiettivi"):
        assert all(c.comment is None for row in wb[sheet].iter_rows() for c in row)
    # S05: four findings, each marked on its cell and linked
    wb = openpyxl.load_workbook(out / names[0])
    seg = wb["Segnalazioni"]
    links = {
        r[0].value + " " + (r[3].hyperlink.location if r[3].hyperlink else "-")
        for r in seg.iter_rows(min_row=5)
        if r[0].value
    }
    assert links == {
        "STRUCT-011 'Fasi'!E4",
        "VALUE-001 'Fasi'!H4",
        "VALUE-001 'Indicatori'!H4",
        "VALUE-006 'Fasi'!J5",
    }
    assert wb["Fasi"]["E4"].comment is not None and wb["Fasi"]["B4"].comment is None


@pytest.mark.client
def test_libreoffice_opens_the_feedback_on_one_tab_with_working_links(
    tmp_path: Path, demo_folder: Path
) -> None:
    [s05] = (demo_folder / "riscontri").glob("*_S05_*.xlsx")
    seen, saved = uno_inspect(s05, tmp_path / "lo")
    assert seen["active"] == "Segnalazioni"
    assert seen["selected_sheets"] == ["Segnalazioni"]  # one tab: the sheets are not grouped
    sheets = seen["sheets"]
    assert set(sheets["Fasi"]["comments"]) == {"E4", "H4", "J5"}
    assert "valore del piano" in sheets["Fasi"]["comments"]["E4"]
    assert set(sheets["Indicatori"]["comments"]) == {"H4"}
    links = sheets["Segnalazioni"]["links"]
    cells = sheets["Segnalazioni"]["cells"]
    assert len(links) == 4
    for ref, url in links.items():
        row = int(ref[1:]) - 1
        sheet, cell = cells[row][2], cells[row][3]
        assert seen["jumps"][url] == [sheet, cell], (ref, url)  # the link leads to its cell
        assert cell in sheets[sheet]["comments"]  # and there is the comment
    intro = cells[1][0]
    assert "Ctrl+clic" in intro
    assert _selected_tabs(saved["xlsx"]) == 1  # LibreOffice keeps one tab selected

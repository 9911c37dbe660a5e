"""When pegxl replaces a file — its own output of last week, or any file under ``--force`` —
the earlier file is kept, dated, in ``_archivio/`` beside it, and the command says so
(``FILE-025``). Never over anything in the archive; names stable and collision-free; the same
bytes never kept twice; a folder of returns never reads the archive."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period, Plan
from pegxl.outputs import ARCHIVE, Outputs, archive_name, keep_earlier, owned_kind
from pegxl.returns.batch import expand_paths
from pegxl.workbook.writer import generate

from .conftest import SEED
from .tables import fill, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))
#: a fixed time for the earlier files: 8 July 2025, 10:15:00 local time
WHEN = datetime(2025, 7, 8, 10, 15, 0).timestamp()


def _file(path: Path, data: bytes, when: float = WHEN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (when, when))
    return path


def _sha8(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def _archived(folder: Path) -> dict[str, bytes]:
    """The archive beside ``folder``'s files: name -> bytes."""
    archive = folder / ARCHIVE
    return {p.name: p.read_bytes() for p in sorted(archive.iterdir())} if archive.exists() else {}


# -- keep_earlier, directly ----------------------------------------------------------------------


def test_the_earlier_file_is_kept_dated_with_what_it_holds(tmp_path: Path) -> None:
    target = _file(tmp_path / "riepilogo.xlsx", b"settimana scorsa")
    new = _file(tmp_path / "new.tmp", b"oggi")
    kept = keep_earlier(target, new)
    assert (
        kept
        == tmp_path / ARCHIVE / f"riepilogo_2025-07-08_101500_{_sha8(b'settimana scorsa')}.xlsx"
    )
    assert kept.read_bytes() == b"settimana scorsa"
    assert os.stat(kept).st_mtime == WHEN  # its date is the earlier file's own
    assert target.read_bytes() == b"settimana scorsa"  # the caller replaces it, not this


@pytest.mark.parametrize(
    "setup",
    ["no file", "same bytes", "a folder", "a dangling link"],
)
def test_nothing_is_kept_when_nothing_would_be_lost(tmp_path: Path, setup: str) -> None:
    target = tmp_path / "relazione.html"
    new = _file(tmp_path / "new.tmp", b"<html>")
    if setup == "same bytes":
        _file(target, b"<html>", WHEN - 3600)
    elif setup == "a folder":
        target.mkdir()
    elif setup == "a dangling link":
        target.symlink_to(tmp_path / "nowhere")
    assert keep_earlier(target, new) is None
    assert not (tmp_path / ARCHIVE).exists()


def test_names_are_stable_and_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "riepilogo.xlsx"
    name = archive_name(target, WHEN, "ab" * 32)
    assert (
        name == archive_name(target, WHEN, "ab" * 32) == "riepilogo_2025-07-08_101500_abababab.xlsx"
    )
    assert archive_name(target, WHEN, "cd" * 32) != name  # other bytes, same second
    assert archive_name(target, WHEN + 1, "ab" * 32) != name  # same bytes, another time
    long = tmp_path / ("r" * 300 + ".xlsx")  # a name too long for the disk: the stem is cut
    fitted = archive_name(long, WHEN, "ab" * 32)
    assert len(os.fsencode(fitted)) <= 255 and fitted.endswith("_2025-07-08_101500_abababab.xlsx")


def test_the_archive_is_never_written_over(tmp_path: Path) -> None:
    target = _file(tmp_path / "riepilogo.xlsx", b"versione 1")
    new = _file(tmp_path / "new.tmp", b"versione 2")
    name = f"riepilogo_2025-07-08_101500_{_sha8(b'versione 1')}.xlsx"
    # someone put a file of other bytes under the very name: it stays, the next name is used
    squatter = _file(tmp_path / ARCHIVE / name, b"un altro file")
    kept = keep_earlier(target, new)
    assert kept is not None and kept.name == name.replace(".xlsx", "_2.xlsx")
    assert squatter.read_bytes() == b"un altro file" and kept.read_bytes() == b"versione 1"
    # the same earlier file again (a run that kept it and then failed to replace it): not twice
    assert keep_earlier(target, new) is None
    assert sorted(_archived(tmp_path)) == [name, name.replace(".xlsx", "_2.xlsx")]


def test_a_disk_without_hard_links_gets_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object, **kw: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = _file(tmp_path / "piano.xlsx", b"il piano di ieri")
    kept = keep_earlier(target, _file(tmp_path / "new.tmp", b"il piano di oggi"))
    assert kept is not None and kept.read_bytes() == b"il piano di ieri"
    assert os.stat(kept).st_mtime == WHEN
    assert sorted(p.name for p in kept.parent.iterdir()) == [kept.name]  # no temporary left


def test_an_archive_folder_given_elsewhere(tmp_path: Path) -> None:
    target = _file(tmp_path / "dati" / "t" / "t.parquet", b"PAR1 vecchio")
    kept = keep_earlier(
        target, _file(tmp_path / "n", b"PAR1 nuovo"), tmp_path / "dati" / "_a" / "t"
    )
    assert kept is not None and kept.parent == tmp_path / "dati" / "_a" / "t"


# -- Outputs.atomic: kept only when replaced ---------------------------------------------------


def test_outputs_keep_what_they_replace_and_only_then(tmp_path: Path) -> None:
    target = _file(tmp_path / "relazione.html", b"prima")
    outputs = Outputs()
    with pytest.raises(RuntimeError), outputs.atomic(target) as tmp:  # the write fails
        tmp.write_bytes(b"a meta")
        raise RuntimeError("interrotto")
    assert target.read_bytes() == b"prima" and outputs.kept == [] and _archived(tmp_path) == {}
    with outputs.atomic(target) as tmp:
        tmp.write_bytes(b"dopo")
    assert target.read_bytes() == b"dopo"
    [k] = outputs.kept
    assert k.path == target and k.archive.read_bytes() == b"prima"
    f = k.finding()
    assert (f.code.value, f.severity.value, f.file, f.expected) == (
        "FILE-025",
        "info",
        str(target),
        str(k.archive),
    )
    assert "relazione.html" in f.message("it") and str(k.archive) in f.message("en")
    with Outputs(archive=False).atomic(target) as tmp:  # a writer may say: no archive
        tmp.write_bytes(b"ancora")
    assert len(_archived(tmp_path)) == 1


def test_a_file_that_cannot_be_kept_is_not_replaced(tmp_path: Path) -> None:
    target = _file(tmp_path / "riepilogo.xlsx", b"da non perdere")
    (tmp_path / ARCHIVE).write_text("un file, non una cartella")
    outputs = Outputs()
    with pytest.raises(OSError), outputs.atomic(target) as tmp:
        tmp.write_bytes(b"nuovo")
    assert target.read_bytes() == b"da non perdere" and outputs.kept == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [ARCHIVE, "riepilogo.xlsx"]


# -- every command ---------------------------------------------------------------------------------


@pytest.fixture()
def small(tmp_path: Path) -> tuple[Path, Plan]:
    path = write_book(tmp_path / "base.xlsx", plan_tables())
    plan = load_plan(path).plan
    assert plan is not None
    return save_plan(plan, tmp_path / "piano.xlsx"), plan


def _findings(out: str, code: str = "FILE-025") -> list[dict[str, object]]:
    return [f for f in json.loads(out)["findings"] if f["code"] == code]


def test_import_keeps_the_plan_it_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), "-o", str(plan)]) == 0
    assert main(["import", str(SEED), "-o", str(plan)]) == 0  # the same bytes: nothing kept
    assert _archived(tmp_path) == {}
    before = plan.read_bytes()
    capsys.readouterr()
    assert main(["import", str(SEED), "-o", str(plan), "--lang", "en", "--format", "json"]) == 0
    [f] = _findings(capsys.readouterr().out)
    assert f["file"] == str(plan) and f["severity"] == "info"
    assert list(_archived(tmp_path).values()) == [before]
    assert Path(str(f["expected"])).read_bytes() == before


def test_generate_keeps_the_workbooks_it_replaces(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, _ = small
    out = tmp_path / "schede"
    argv = ["generate", str(plan_path), "--period", "2025-06-30", "-o", str(out)]
    assert main(argv) == 0
    [first] = out.glob("*.xlsx")
    before = first.read_bytes()
    assert main(argv) == 0 and _archived(out) == {}  # same plan and options: same bytes
    capsys.readouterr()
    assert main([*argv, "--contact", "Ufficio Performance"]) == 0  # other instructions
    text = capsys.readouterr().out
    assert "FILE-025" in text and first.name in text and ARCHIVE in text
    [(name, data)] = _archived(out).items()
    assert data == before and name.startswith(first.stem + "_")
    assert owned_kind(out / ARCHIVE / name) is not None  # still pegxl's workbook, sealed
    assert [p.name for p in out.glob("*.xlsx")] == [first.name]  # the archive is apart


def test_check_keeps_the_feedback_it_replaces_and_never_reads_the_archive(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    ret = fill(blank, {"2025_S01_01/F1": {"Avanzamento (%)": "metà"}}, tmp_path / "s01.xlsx")
    out = tmp_path / "riscontri"
    argv = ["check", str(plan_path), str(ret), "--feedback", str(out), "--format", "json"]
    assert main(argv) == 1
    [feedback] = out.glob("*.xlsx")
    before = feedback.read_bytes()
    fill(ret, {"2025_S01_01/F1": {"Avanzamento (%)": "circa"}})  # another mistake
    capsys.readouterr()
    assert main(argv) == 1
    doc = json.loads(capsys.readouterr().out)
    [f] = [f for f in doc["findings"] if f["code"] == "FILE-025"]
    assert f["file"] == str(feedback) and Path(str(f["expected"])).read_bytes() == before
    assert f["severity"] == "info" and doc["valid"] is False  # an information, nothing more
    # a folder read as returns never reads the archive in it (a sector that sends back its
    # feedback workbook, the office reading the feedback folder as returns)
    assert expand_paths([out]) == [feedback]
    capsys.readouterr()
    assert main(["check", str(plan_path), str(out), "--format", "json"]) == 1
    assert [x["path"] for x in json.loads(capsys.readouterr().out)["files"]] == [str(feedback)]


def test_consolidate_keeps_the_master_and_report_it_replaces_and_says_so(
    small: tuple[Path, Plan], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_path, plan = small
    [blank] = generate(plan, JUNE, tmp_path / "schede").files
    returns = tmp_path / "risposte"
    values = {
        "2025_S01_01/F1": {"Avanzamento (%)": 40},
        "2025_S01_01/F2": {"Avanzamento (%)": 10},
        "2025_S01_01/I1": {"Valore Raggiunto": 30},
    }
    fill(blank, values, returns / "s01.xlsx")
    master, html = tmp_path / "out" / "riepilogo.xlsx", tmp_path / "out" / "relazione.html"
    argv = ["consolidate", str(plan_path), str(returns), "-o", str(master), "--html", str(html)]
    assert main(argv) == 0
    assert main(argv) == 0  # the same inputs: the same bytes, nothing kept
    assert _archived(master.parent) == {}
    earlier = {master: master.read_bytes(), html: html.read_bytes()}
    fill(returns / "s01.xlsx", {"2025_S01_01/F1": {"Avanzamento (%)": 80}})  # a week later
    capsys.readouterr()
    assert main(argv) == 0
    text = capsys.readouterr().out
    archive = master.parent / ARCHIVE
    kept = sorted(archive.iterdir())
    assert sorted(p.read_bytes() for p in kept) == sorted(earlier.values())
    for p in (master, html):
        assert f"la versione precedente di {p} è conservata in {archive}" in text
    assert master.read_bytes() != earlier[master]
    fill(returns / "s01.xlsx", {"2025_S01_01/F1": {"Avanzamento (%)": 90}})
    capsys.readouterr()
    assert main([*argv, "--format", "json", "--lang", "en"]) == 0
    found = _findings(capsys.readouterr().out)
    assert sorted(f["file"] for f in found) == sorted([str(master), str(html)])
    assert all(Path(str(f["expected"])).parent == archive for f in found)
    assert len(list(archive.iterdir())) == 4  # two weeks, two files each, none replaced

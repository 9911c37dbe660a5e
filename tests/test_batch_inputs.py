"""What a batch reads from the paths it is given (issue 16.9, 16.12): nothing in a folder of
returns is skipped in silence (a subfolder, a link to nothing, a pipe), nothing is read twice
(the same folder or file by another path, a link, a hard link), pegxl's own outputs written into
the folder are not read back as returns, and a version saved by a wrong clock "in the future"
is said and does not beat a later correction."""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pegxl.cli import main
from pegxl.model import Plan
from pegxl.results.consolidate import consolidate
from pegxl.returns.batch import check, scan_paths
from pegxl.returns.deliveries import Delivery

from .conftest import workbook_of
from .tables import fill

S05_I1 = "2025_S05_04/I1"
#: a return of S05 without errors
S05_FILLED = {
    "2025_S05_04/F1": {"Avanzamento (%)": 50},
    "2025_S05_04/F2": {"Avanzamento (%)": 20},
    S05_I1: {"Valore Raggiunto": 1},
}


def codes(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.code, Path(f.file or "").name) for f in findings]


def test_a_subfolder_a_link_to_nothing_and_a_pipe_are_said(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder = tmp_path / "risposte"
    folder.mkdir()
    shutil.copyfile(workbook_of(june_dir, "S05"), folder / "s05.xlsx")
    sub = folder / "arrivate ieri"
    sub.mkdir()
    shutil.copyfile(workbook_of(june_dir, "S07"), sub / "s07.xlsx")
    (sub / "nota.txt").write_text("x")
    (folder / "vuota").mkdir()
    (folder / "_archivio").mkdir()  # pegxl's own archive: not a subfolder of returns
    (folder / ".nascosta").mkdir()
    (folder / "rotto.xlsx").symlink_to(tmp_path / "non_esiste.xlsx")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "tubo.xlsx")
    scan = scan_paths([folder])
    expected = ["rotto.xlsx", "s05.xlsx", *(["tubo.xlsx"] if hasattr(os, "mkfifo") else [])]
    assert [p.name for p in scan.files] == expected
    assert sorted((f.code, f.severity.value, f.raw) for f in scan.findings) == [
        ("FILE-040", "warning", str(sub)),
        ("FILE-040", "warning", str(folder / "vuota")),
    ]
    [note] = [f for f in scan.findings if f.raw == str(sub)]
    assert note.message_it == (
        f"La sottocartella «{sub}» non è letta (contiene 2 elementi): si leggono solo i file "
        "messi direttamente nella cartella delle risposte. Se contiene schede da considerare, "
        "spostarle nella cartella delle risposte o indicarla nel comando."
    )
    assert "(it holds 2 entries)" in note.message_en
    report = check(seed_plan, [folder], workers=1)
    by_name = {Path(r.path).name: r for r in report.returns}
    assert sorted(by_name) == expected
    broken = by_name["rotto.xlsx"]
    assert broken.rejected and [f.code for f in broken.findings] == ["FILE-001"]
    assert f"è un collegamento a «{tmp_path / 'non_esiste.xlsx'}», che non esiste" in (
        broken.findings[0].message_it
    )
    if hasattr(os, "mkfifo"):
        assert [f.code for f in by_name["tubo.xlsx"].findings] == ["FILE-001"]
    assert sorted(f.code for f in report.batch if f.code.startswith("FILE")) == [
        "FILE-040",
        "FILE-040",
    ]
    # the subfolder named on the command line is read
    assert [p.name for p in scan_paths([folder, sub]).files] == [*expected, "nota.txt", "s07.xlsx"]


def test_the_same_folder_or_file_is_read_once(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder = tmp_path / "risposte"
    folder.mkdir()
    s05 = shutil.copyfile(workbook_of(june_dir, "S05"), folder / "s05.xlsx")
    s07 = shutil.copyfile(workbook_of(june_dir, "S07"), folder / "s07.xlsx")
    os.link(s07, folder / "s07_collegato.xlsx")  # a hard link: the same file
    (folder / "s05_link.xlsx").symlink_to(s05)
    (tmp_path / "alias").symlink_to(folder, target_is_directory=True)
    given = [folder, str(folder) + "/", tmp_path / "alias", folder / ".." / "risposte", s05]
    scan = scan_paths(given)
    assert [p.name for p in scan.files] == ["s05.xlsx", "s07.xlsx"]
    found = sorted((f.code, f.severity.value, f.raw, f.expected) for f in scan.findings)
    link_path, again = folder / "s05_link.xlsx", folder / ".." / "risposte"
    assert found == sorted(
        [
            ("FILE-041", "info", str(link_path), str(s05)),
            ("FILE-041", "info", str(folder / "s07_collegato.xlsx"), str(s07)),
            ("FILE-041", "info", str(folder), str(folder)),  # the same path with a "/"
            ("FILE-041", "info", str(tmp_path / "alias"), str(folder)),
            ("FILE-041", "info", str(again), str(folder)),
            ("FILE-041", "info", str(s05), str(s05)),
        ]
    )
    [link] = [f for f in scan.findings if f.raw == str(link_path)]
    assert link.message_it == (
        f"«{link_path}» è lo stesso file di «{s05}» (indicato due volte, o un collegamento): "
        "è letto una volta sola."
    )
    [alias] = [f for f in scan.findings if f.raw == str(tmp_path / "alias")]
    assert alias.message_en == (
        f"«{tmp_path / 'alias'}» is the same folder as «{folder}» (given twice, or a link): it "
        "is read once."
    )
    result = consolidate(seed_plan, given)
    assert sorted(Path(r.path).name for r in result.report.returns) == ["s05.xlsx", "s07.xlsx"]
    assert not [r for r in result.selection.rows if r.status is Delivery.SUPERSEDED]
    assert sum(f.code == "FILE-041" for f in result.findings) == 6


def test_outputs_written_into_the_returns_folder_are_not_read_back(
    tmp_path: Path, seed_plan_path: Path, june_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "risposte"
    fill(workbook_of(june_dir, "S05"), S05_FILLED, folder / "s05.xlsx")
    argv = ["consolidate", str(seed_plan_path), str(folder), "--format", "json"]
    outputs = ["-o", str(folder / "riepilogo.xlsx"), "--html", str(folder / "rapporto.html")]
    assert main([*argv, *outputs]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*argv, *outputs]) == 0  # the next run: its own outputs are not returns
    doc = json.loads(capsys.readouterr().out)
    skipped = sorted(
        (f["code"], f["severity"], f["file"]) for f in doc["findings"] if f["code"] == "FILE-042"
    )
    assert skipped == [
        ("FILE-042", "info", str(folder / "rapporto.html")),
        ("FILE-042", "info", str(folder / "riepilogo.xlsx")),
    ]
    assert [d["path"] for d in doc["deliveries"] if d["path"]] == [str(folder / "s05.xlsx")]
    assert [d["path"] for d in first["deliveries"] if d["path"]] == [str(folder / "s05.xlsx")]
    assert main(["check", str(seed_plan_path), str(folder), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [Path(f["path"]).name for f in doc["files"]] == ["s05.xlsx"]
    # an output edited by someone is no longer pegxl's: read, and refused as not a return
    html = folder / "rapporto.html"
    html.write_text(html.read_text(encoding="utf-8") + "<p>nota</p>", encoding="utf-8")
    assert main(["check", str(seed_plan_path), str(folder), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [Path(f["path"]).name for f in doc["files"]] == ["rapporto.html", "s05.xlsx"]


# -- a version saved by a wrong clock ------------------------------------------------------------


def saved_at(path: Path, when: datetime, mtime: datetime | None = None) -> Path:
    """The workbook as if saved at ``when`` (its document time, UTC), its file time
    ``mtime``."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                stamp = f"{when:%Y-%m-%dT%H:%M:%SZ}".encode()
                data, n = re.subn(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
                assert n == 1
            dst.writestr(info, data)
    tmp.replace(path)
    if mtime is not None:
        stamp = mtime.replace(tzinfo=UTC).timestamp()
        os.utime(path, (stamp, stamp))
    return path


def two_versions(tmp_path: Path, june_dir: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "risposte"
    src = workbook_of(june_dir, "S05")
    wrong = fill(src, {S05_I1: {"Valore Raggiunto": 1}}, folder / "a_orologio_sbagliato.xlsx")
    right = fill(src, {S05_I1: {"Valore Raggiunto": 2}}, folder / "b_correzione.xlsx")
    return folder, wrong, right


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def test_a_version_saved_in_the_future_does_not_beat_a_later_correction(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder, wrong, right = two_versions(tmp_path, june_dir)
    arrived = now() - timedelta(hours=3)
    saved_at(wrong, datetime(2099, 1, 1, 8, 30), arrived)
    saved_at(right, now() - timedelta(hours=1))
    result = consolidate(seed_plan, [folder])
    assert Path(result.selection.counted["S05"].path).name == "b_correzione.xlsx"
    rows = {r.name: r for r in result.selection.rows if r.name}
    assert rows["a_orologio_sbagliato.xlsx"].status is Delivery.SUPERSEDED
    assert rows["a_orologio_sbagliato.xlsx"].clock == "file"
    assert rows["a_orologio_sbagliato.xlsx"].received == arrived
    [f] = [f for f in result.findings if f.code == "FILE-043"]
    assert (f.severity.value, Path(f.file or "").name) == ("warning", "a_orologio_sbagliato.xlsx")
    assert f.message_it.startswith(
        "La scheda «a_orologio_sbagliato.xlsx» dice di essere stata salvata il 01/01/2099 08:30, "
        "più tardi di adesso ("
    )
    assert f.message_it.endswith(
        "l'orologio del computer che l'ha salvata è sbagliato. Per scegliere la versione più "
        f"recente si usa invece l'ora del file ({arrived:%d/%m/%Y %H:%M}); controllare che la "
        "versione scelta sia quella giusta e far correggere l'orologio."
    )
    assert "the file's time" in f.message_en


def test_a_version_whose_every_clock_is_in_the_future_ranks_last(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder, wrong, right = two_versions(tmp_path, june_dir)
    saved_at(wrong, datetime(2099, 1, 1), datetime(2098, 6, 1))
    saved_at(right, datetime(2025, 7, 1))  # well before: still the later, credibly
    result = consolidate(seed_plan, [folder])
    assert Path(result.selection.counted["S05"].path).name == "b_correzione.xlsx"
    [f] = [f for f in result.findings if f.code == "FILE-043"]
    assert (
        "si usa invece l'ora più antica possibile (ogni versione salvata a un'ora credibile "
        in (f.message_it)
    )
    # alone, it still counts: a wrong clock is said, never a sector lost
    shutil.move(right, tmp_path / "via.xlsx")
    alone = consolidate(seed_plan, [folder])
    assert Path(alone.selection.counted["S05"].path).name == "a_orologio_sbagliato.xlsx"
    assert [f.code for f in alone.findings if f.code == "FILE-043"] == ["FILE-043"]


@pytest.mark.parametrize("ahead", [timedelta(0), timedelta(minutes=10)])
def test_a_clock_a_few_minutes_ahead_is_believed(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, ahead: timedelta
) -> None:
    folder, wrong, right = two_versions(tmp_path, june_dir)
    saved_at(wrong, now() + ahead)
    saved_at(right, now() - timedelta(hours=1))
    result = consolidate(seed_plan, [folder])
    assert Path(result.selection.counted["S05"].path).name == "a_orologio_sbagliato.xlsx"
    assert [f for f in result.findings if f.code == "FILE-043"] == []


def test_a_file_time_in_the_future_without_a_document_time_is_said(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    """A workbook pegxl wrote and nobody saved has no time of its own (pegxl's fixed date): its
    file's time decides, and a file time in the future is said and ranks it last."""
    folder = tmp_path / "risposte"
    folder.mkdir()
    copied = fill(workbook_of(june_dir, "S05"), S05_FILLED, folder / "a_copiata.xlsx")
    saved_at(copied, datetime(2000, 1, 1), datetime(2090, 5, 5))  # pegxl's fixed date
    right = fill(workbook_of(june_dir, "S05"), S05_FILLED, folder / "b_compilata.xlsx")
    saved_at(right, now() - timedelta(days=2))
    result = consolidate(seed_plan, [folder])
    assert Path(result.selection.counted["S05"].path).name == "b_compilata.xlsx"
    assert all(r.errors == 0 for r in result.selection.rows if r.name)  # both valid
    [f] = [f for f in result.findings if f.code == "FILE-043"]
    assert Path(f.file or "").name == "a_copiata.xlsx"
    assert "salvata il 05/05/2090 00:00" in f.message_it
    assert "l'ora più antica possibile" in f.message_it


def test_the_file_list_is_expanded_once_on_a_command(
    tmp_path: Path,
    seed_plan: Plan,
    seed_plan_path: Path,
    june_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """check, consolidate and generate --prefill list what they are given once (issue 18):
    the command expands it, and the check, the consolidation and the prefill read that list
    (a Scan) instead of expanding it again; what was found on the way is said once."""
    from pegxl.returns import batch

    folder = tmp_path / "risposte"
    fill(workbook_of(june_dir, "S05"), S05_FILLED, folder / "s05.xlsx")
    (folder / "vecchie").mkdir()  # a subfolder: not read, and said
    real = batch.scan_paths
    calls: list[list[str]] = []

    def counted(paths: list[str | Path], skip_outputs: bool = True) -> batch.Scan:
        calls.append([Path(p).name for p in paths])
        return real(paths, skip_outputs)

    monkeypatch.setattr(batch, "scan_paths", counted)
    plan, given = str(seed_plan_path), str(folder)
    december = ["--period", "2025-12-31", "-o", str(tmp_path / "dicembre")]
    commands = [
        ["check", plan, given],
        ["consolidate", plan, given, "-o", str(tmp_path / "riepilogo.xlsx")],
        ["generate", plan, *december, "--prefill", given],
    ]
    for argv in commands:
        calls.clear()
        rc = main([*argv, "--format", "json"])
        doc = json.loads(capsys.readouterr().out)
        assert (argv[0], rc, calls) == (argv[0], 0, [["risposte"]])
        assert [f["code"] for f in doc["findings"]].count("FILE-040") == 1, argv[0]
    calls.clear()  # the library too: consolidate expands once, and its check reads that list
    result = consolidate(seed_plan, [folder])
    assert calls == [["risposte"]]
    assert [Path(r.path).name for r in result.report.returns] == ["s05.xlsx"]

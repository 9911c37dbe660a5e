"""Many versions of one sector cost their number, not its square (issue 16.11): each version's
STRUCT-018 names how many there are and at most three others, in both languages, and the
outputs of check and consolidate grow linearly with the files (the 10,000-file figure is in
benchmarks/, ``make bench``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pegxl.findings import Code
from pegxl.model import Plan
from pegxl.outputs import json_text
from pegxl.results.consolidate import consolidate
from pegxl.returns.batch import OTHERS_NAMED, check

from .conftest import workbook_of


def versions(folder: Path, source: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        shutil.copyfile(source, folder / f"v{i:04}.xlsx")
    return folder


def duplicate_notes(report: object) -> dict[str, tuple[str, str]]:
    return {
        Path(f.file or "").name: (f.message_it, f.message_en)
        for r in report.returns  # type: ignore[attr-defined]
        for f in r.findings
        if f.code is Code.DUPLICATE_RETURN
    }


@pytest.mark.parametrize(
    ("n", "file", "it", "en"),
    [
        (2, "v0000.xlsx", "2 in tutto; gli altri: v0001.xlsx", "2 in all; the others: v0001.xlsx"),
        (2, "v0001.xlsx", "2 in tutto; gli altri: v0000.xlsx", "2 in all; the others: v0000.xlsx"),
        (
            4,
            "v0002.xlsx",
            "4 in tutto; gli altri: v0000.xlsx, v0001.xlsx, v0003.xlsx",
            "4 in all; the others: v0000.xlsx, v0001.xlsx, v0003.xlsx",
        ),
        (
            5,
            "v0000.xlsx",
            "5 in tutto; gli altri: v0001.xlsx, v0002.xlsx, v0003.xlsx e altri 1",
            "5 in all; the others: v0001.xlsx, v0002.xlsx, v0003.xlsx and 1 more",
        ),
        (
            7,
            "v0006.xlsx",
            "7 in tutto; gli altri: v0000.xlsx, v0001.xlsx, v0002.xlsx e altri 3",
            "7 in all; the others: v0000.xlsx, v0001.xlsx, v0002.xlsx and 3 more",
        ),
    ],
)
def test_each_version_names_how_many_and_a_few_others(
    tmp_path: Path, seed_plan: Plan, june_dir: Path, n: int, file: str, it: str, en: str
) -> None:
    folder = versions(tmp_path / "risposte", workbook_of(june_dir, "S05"), n)
    notes = duplicate_notes(check(seed_plan, [folder], workers=1))
    assert sorted(notes) == [f"v{i:04}.xlsx" for i in range(n)]
    assert notes[file] == (
        f"Per il settore S05 sono arrivati più file ({it}). Verificare quale sia la versione da "
        "considerare e scartare le altre.",
        f"Several files arrived for sector S05 ({en}). Check which version counts and drop the "
        "others.",
    )


def test_one_finding_per_sector_of_a_single_version_is_none(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    folder = tmp_path / "risposte"
    folder.mkdir()
    for sector in ("S05", "S07"):
        shutil.copyfile(workbook_of(june_dir, sector), folder / f"{sector}.xlsx")
    assert duplicate_notes(check(seed_plan, [folder], workers=1)) == {}


def test_check_and_consolidate_grow_linearly_with_the_versions(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    """At 50, 100 and 200 versions of one sector (names of one length): each file added to the
    JSON of check and of consolidate costs the same bytes, and every finding about the choice
    is as long at 200 as at 50: the longest STRUCT-018 is bounded whatever the number."""
    source = workbook_of(june_dir, "S05")
    sizes = {}
    longest = {}
    for n in (50, 100, 200):
        folder = versions(tmp_path / f"r{n}", source, n)
        report = check(seed_plan, [folder], workers=1)
        check_json = "".join(report.json_pieces("it")) + "".join(report.json_pieces("en"))
        result = consolidate(seed_plan, [folder])
        consolidate_json = json_text(result.to_dict("it")) + json_text(result.to_dict("en"))
        # every path is the same length at both sizes (the folder's name differs by one
        # character): the sizes are compared without the folder
        sizes[n] = (
            len(check_json.replace(str(folder), "")),
            len(consolidate_json.replace(str(folder), "")),
        )
        longest[n] = max(
            len(f.message_it) + len(f.message_en)
            for r in report.returns
            for f in r.findings
            if f.code is Code.DUPLICATE_RETURN
        )
        assert sum(f.code == "SCORE-015" for f in result.findings) == n - 1
    # the same but for two counts a digit longer, in each language ("200", "e altri 196")
    assert longest[200] - longest[50] == 4
    assert longest[200] < 2 * 400 + OTHERS_NAMED * 2 * len("v0000.xlsx, ")
    for what in (0, 1):  # each file added costs the same (a square would cost 3× from 100)
        from_50 = (sizes[100][what] - sizes[50][what]) / 50
        from_100 = (sizes[200][what] - sizes[100][what]) / 100
        assert from_100 == pytest.approx(from_50, rel=0.02), (what, sizes)
    doc = json.loads("".join(check(seed_plan, [tmp_path / "r50"], workers=1).json_pieces("en")))
    assert doc["stats"]["files"] == 50

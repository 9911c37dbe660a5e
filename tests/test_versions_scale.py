"""Many versions of one sector cost their number, not its square (issue 16.11): each version is
told what became of it (superseded or discarded, naming the one version that counts, never all
the others), and the outputs of check and consolidate grow linearly with the files (the
10,000-file figure is in benchmarks/, ``make bench``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pegxl.model import Plan
from pegxl.outputs import json_text
from pegxl.results.consolidate import consolidate
from pegxl.returns.batch import check

from .conftest import workbook_of


def versions(folder: Path, source: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        shutil.copyfile(source, folder / f"v{i:04}.xlsx")
    return folder


def test_check_and_consolidate_grow_linearly_with_the_versions(
    tmp_path: Path, seed_plan: Plan, june_dir: Path
) -> None:
    """At 50, 100 and 200 versions of one sector (names of one length): each file added to the
    JSON of check and of consolidate costs the same bytes, and every finding about the choice
    is as long at 200 as at 50: what a version is told names the one that counts, never all."""
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
        about_choice = [f for f in result.findings if f.code in ("SCORE-015", "SCORE-016")]
        assert len(about_choice) == n - 1  # each version but the one that counts, once
        longest[n] = max(len(f.message_it) + len(f.message_en) for f in about_choice)
    assert longest[200] == longest[50]  # names of one length: the same finding
    for what in (0, 1):  # each file added costs the same (a square would cost 3× from 100)
        from_50 = (sizes[100][what] - sizes[50][what]) / 50
        from_100 = (sizes[200][what] - sizes[100][what]) / 100
        assert from_100 == pytest.approx(from_50, rel=0.02), (what, sizes)
    doc = json.loads("".join(check(seed_plan, [tmp_path / "r50"], workers=1).json_pieces("en")))
    assert doc["stats"]["files"] == 50

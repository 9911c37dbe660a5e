"""A rules file and an overrides file are handled alike by the library and the command line
(issue 18): a rules file with errors is refused by both, with the same findings, before any
return is read and without a score computed under rules nobody asked for; an overrides file is
applied row by row by both, with the same findings for the rows it cannot apply."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import pegxl
from pegxl.cli import main
from pegxl.results.consolidate import RulesRefused, consolidate
from pegxl.results.rules import load_rules

from .small_flow import JUNE, SmallFlow, small_flow
from .tables import flatten, write_book

BAD_RULES = '[indicator]\ncap = 50\n\n[missing]\nfinal = "skip"\n'


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> SmallFlow:
    return small_flow(tmp_path_factory.mktemp("flow"))


def _rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regole.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _cli_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert isinstance(doc, dict)
    return code, doc


def test_bad_rules_are_refused_by_the_library_with_their_findings(
    tmp_path: Path, flow: SmallFlow
) -> None:
    path = _rules(tmp_path, BAD_RULES)
    plan = pegxl.load_plan(flow.plan).plan
    assert plan is not None
    with pytest.raises(RulesRefused) as refused:
        consolidate(plan, [flow.returns], period=JUNE, rules=path, workers=1)
    assert flatten(refused.value.findings, ["code", "file", "line"]) == [
        ("SCORE-009", str(path), 2),
        ("SCORE-009", str(path), 5),
    ]
    assert refused.value.findings == load_rules(path)[1]  # the one loader's findings
    # the public entry point, from the plan's path, refuses alike, with a name of the facade
    assert pegxl.RulesRefused is RulesRefused and "RulesRefused" in pegxl.__all__
    with pytest.raises(pegxl.RulesRefused) as again:
        pegxl.consolidate(flow.plan, [flow.returns], period="30/06/2025", rules=str(path))
    assert again.value.findings == refused.value.findings


def test_bad_rules_stop_the_cli_with_the_library_s_findings(
    tmp_path: Path, flow: SmallFlow, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rules(tmp_path, BAD_RULES)
    master = tmp_path / "m.xlsx"
    argv = ["consolidate", str(flow.plan), str(flow.returns), "-o", str(master)]
    code, doc = _cli_json([*argv, "--rules", str(path)], capsys)
    assert code == 1
    assert doc == {
        "valid": False,
        "findings": [f.to_dict("it") for f in load_rules(path)[1]],
    }
    assert [(f["code"], f["line"]) for f in doc["findings"]] == [
        ("SCORE-009", 2),
        ("SCORE-009", 5),
    ]
    assert not master.exists()  # nothing scored, nothing written
    # in text: the same findings on stderr, nothing on stdout
    assert main([*argv, "--rules", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert [line.split()[0] for line in captured.err.splitlines()[2:] if line[:1] != " "] == [
        "SCORE-009",
        "SCORE-009",
    ]


def test_good_rules_are_applied_by_both_with_the_same_scores(
    tmp_path: Path, flow: SmallFlow, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rules(tmp_path, "[indicator]\ncap = 120\n")
    result = pegxl.consolidate(flow.plan, [flow.returns], rules=path, workers=1)
    assert result.rules.cap == 120
    argv = ["consolidate", str(flow.plan), str(flow.returns), "-o", str(tmp_path / "m.xlsx")]
    code, doc = _cli_json([*argv, "--rules", str(path)], capsys)
    assert code == 1  # the return's own error (a phase left blank)
    library = result.to_dict("it")
    assert {k: v for k, v in doc.items() if k != "outputs"} == library


def test_an_overrides_file_is_applied_row_by_row_by_both(
    tmp_path: Path, flow: SmallFlow, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_book(
        tmp_path / "nucleo.xlsx",
        {
            "Punteggi": [
                ["ID", "Punteggio concesso", "Motivazione"],
                ["2025_S01_01", 95, "Verificato dal Nucleo"],
                ["2025_S99_01", 80, "Obiettivo inesistente"],
            ]
        },
    )
    result = pegxl.consolidate(flow.plan, [flow.returns], overrides=table, workers=1)
    said = [f for f in result.findings if f.code.value in ("SCORE-007", "SCORE-008")]
    argv = ["consolidate", str(flow.plan), str(flow.returns), "-o", str(tmp_path / "m.xlsx")]
    code, doc = _cli_json([*argv, "--overrides", str(table)], capsys)
    assert code == 1
    assert {k: v for k, v in doc.items() if k != "outputs"} == result.to_dict("it")
    assert [(f.code.value, f.cell, f.row_id) for f in said] == [
        ("SCORE-008", "A3", "2025_S99_01"),  # no such objective: not applied, on its cell
        ("SCORE-007", None, "2025_S01_01"),  # the other row: applied
    ]
    [objective] = [o for o in result.scores.objectives if o.objective.code == "2025_S01_01"]
    assert (objective.score, objective.final) == (50.0, 95)  # computed and granted, both kept

"""Every rules setting is applied or reported; no number in a rules file stops a consolidation
(issues 16.3 and 16.6): weights NaN, infinite or 1e308, brackets nested 5,000 deep, a weight
for a code that is no objective of the plan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.results.consolidate import consolidate
from pegxl.results.rollup import objective_weight
from pegxl.results.rules import MAX_DEPTH, Rules, load_rules, unknown_weights

from .conftest import workbook_of
from .tables import fill, flatten

JUNE = Period.of(date(2025, 6, 30))
WEIGHT_IT = "il peso dell'obiettivo «2025_S05_04» deve essere un numero da 0 a 10.000"


def rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regole.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "weight", ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e308", "-1", "10001", "1e5"]
)
def test_a_weight_that_is_no_number_in_range_is_said_on_its_line(
    tmp_path: Path, weight: str
) -> None:
    path = rules_file(tmp_path, f'# pesi\n[objective_weights]\n"2025_S05_04" = {weight}\n')
    rules, found = load_rules(path)
    assert rules is None
    assert flatten(found, ["code", "line", "severity"]) == [("SCORE-009", 3, "error")]
    assert WEIGHT_IT in found[0].message_it


@pytest.mark.parametrize("weight", ['"10"', "true", "[1]", "{ a = 1 }"])
def test_a_weight_that_is_not_a_number_is_said_on_its_line(tmp_path: Path, weight: str) -> None:
    path = rules_file(tmp_path, f'[objective_weights]\n"2025_S05_04" = {weight}\n')
    rules, found = load_rules(path)
    assert rules is None
    assert flatten(found, ["code", "line"]) == [("SCORE-009", 2)]


@pytest.mark.parametrize("weight", ["0", "0.5", "10000", "10_000", "1e4"])
def test_a_weight_in_range_is_applied(tmp_path: Path, weight: str) -> None:
    path = rules_file(tmp_path, f'[objective_weights]\n"2025_S05_04" = {weight}\n')
    rules, found = load_rules(path)
    assert found == [] and rules is not None
    assert rules.objective_weights == {"2025_S05_04": float(weight.replace("_", ""))}
    assert rules.weight_lines == {"2025_S05_04": 2}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("cap", "nan"),
        ("cap", "inf"),
        ("cap", "1e308"),
        ("late_points_per_day", "nan"),
        ("late_points_per_day", "-inf"),
        ("in_line_tolerance", "1e308"),
    ],
)
def test_a_setting_nan_or_infinite_is_said_on_its_line(
    tmp_path: Path, key: str, value: str
) -> None:
    path = rules_file(tmp_path, f"[indicator]\n\n{key} = {value}\n")
    rules, found = load_rules(path)
    assert rules is None
    assert flatten(found, ["code", "line"]) == [("SCORE-009", 3)]
    assert f"«indicator.{key}» = {float(value)!r}" in found[0].message_it


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 5000 + "]" * 5000,
        "x = " + "{a = " * 5000 + "1" + "}" * 5000,
        "x = " + "[{a = " * 2500 + "1" + "}]" * 2500,
        "x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ],
)
def test_brackets_nested_deep_are_a_finding_with_their_line(tmp_path: Path, text: str) -> None:
    path = rules_file(tmp_path, "# regole\n[indicator]\ncap = 100\n" + text + "\n")
    rules, found = load_rules(path)
    assert rules is None
    assert flatten(found, ["code", "line"]) == [("SCORE-009", 4)]
    assert "annidate oltre 32 livelli" in found[0].message_it


def test_brackets_in_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    deep, curly = "[" * 100, "{" * 100
    text = f'# {deep}\n[objective_weights]\n"{deep}\\"" = 1\n\'{curly}\' = 2\n'
    rules, found = load_rules(rules_file(tmp_path, text))
    assert found == [] and rules is not None
    assert rules.objective_weights == {deep + '"': 1.0, curly: 2.0}


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    """32 levels pass the check (and are then reported for what they are: no rules table)."""
    text = "x = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    _, found = load_rules(rules_file(tmp_path, text))
    assert "annidate" not in " ".join(f.message_it for f in found)


WEIGHTS = """# pesi degli obiettivi
[objective_weights]
"2025_S05_04" = 3
"2025_S05_04/F1" = 2
"2025_S05_04/I1" = 4
"2024_S05_04" = 5
"""


def test_a_weight_naming_no_objective_is_reported_with_its_line(
    tmp_path: Path, seed_plan: Plan
) -> None:
    rules, found = load_rules(rules_file(tmp_path, WEIGHTS))
    assert found == [] and rules is not None
    reported = unknown_weights(rules, seed_plan)
    assert flatten(reported, ["code", "line", "raw", "severity"]) == [
        ("SCORE-018", 4, "2025_S05_04/F1", "error"),
        ("SCORE-018", 5, "2025_S05_04/I1", "error"),
        ("SCORE-018", 6, "2024_S05_04", "error"),
    ]
    assert [f.message_it for f in reported] == [
        "Il peso di «2025_S05_04/F1» in objective_weights non è applicato: è l'ID di una fase: "
        "i pesi valgono per gli obiettivi (il peso di una fase è nella colonna Peso del foglio "
        "Fasi del piano). Correggere il codice nel file delle regole (codici nel foglio "
        "Obiettivi del piano) oppure eliminare la riga.",
        "Il peso di «2025_S05_04/I1» in objective_weights non è applicato: è l'ID di un "
        "indicatore: i pesi valgono per gli obiettivi. Correggere il codice nel file delle "
        "regole (codici nel foglio Obiettivi del piano) oppure eliminare la riga.",
        "Il peso di «2024_S05_04» in objective_weights non è applicato: nessun obiettivo del "
        "piano ha questo codice. Correggere il codice nel file delle regole (codici nel foglio "
        "Obiettivi del piano) oppure eliminare la riga.",
    ]
    assert {f.file for f in reported} == {"regole.toml"}


def test_a_weight_of_a_rules_object_naming_no_objective_is_reported(seed_plan: Plan) -> None:
    rules = Rules(objective_weights={"2025_S05_04": 2.0, "NOPE": 1.0})
    assert flatten(unknown_weights(rules, seed_plan), ["code", "line", "raw", "file"]) == [
        ("SCORE-018", None, "NOPE", None)
    ]


@pytest.fixture
def returns(tmp_path: Path, june_dir: Path) -> Path:
    folder = tmp_path / "risposte"
    fill(
        workbook_of(june_dir, "S05"),
        {"2025_S05_04/I1": {"Valore Raggiunto": 1}},
        folder / "s05.xlsx",
    )
    return folder


def test_consolidate_applies_the_good_weight_and_reports_the_others(
    tmp_path: Path, seed_plan: Plan, returns: Path
) -> None:
    result = consolidate(
        seed_plan, [returns], period=JUNE, rules=rules_file(tmp_path, WEIGHTS), workers=1
    )
    assert [(f.code.value, f.line) for f in result.findings if f.code.value == "SCORE-018"] == [
        ("SCORE-018", 4),
        ("SCORE-018", 5),
        ("SCORE-018", 6),
    ]
    [o] = [o for o in result.scores.objectives if o.objective.code == "2025_S05_04"]
    assert objective_weight(o, result.rules) == 3.0
    assert not result.valid


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        '[objective_weights]\n"2025_S05_04" = nan\n',
        '[objective_weights]\n"2025_S05_04" = 1e308\n',
        "[indicator]\ncap = inf\n",
    ],
)
def test_the_cli_never_stops_on_a_rules_file(
    tmp_path: Path,
    seed_plan_path: Path,
    returns: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
) -> None:
    from pegxl.cli import main

    path = rules_file(tmp_path, text)
    argv = ["consolidate", str(seed_plan_path), str(returns), "--rules", str(path)]
    code = main([*argv, "-o", str(tmp_path / "m.xlsx"), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [f["code"] for f in doc["findings"] if f["code"] == "SCORE-009"] == ["SCORE-009"]

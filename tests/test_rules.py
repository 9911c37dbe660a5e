"""The rules file: the shipped file is the defaults; a bad file gives findings with their line,
never a traceback, and is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from pegxl.results.rules import MAX_RULES_BYTES, Rules, default_rules, load_rules, rules_rows

from .tables import flatten


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regole.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_holds_the_design_defaults() -> None:
    rules = default_rules()
    assert rules == Rules()
    assert (rules.cap, rules.missing_intermediate, rules.missing_final) == (
        100.0,
        "exclude",
        "zero",
    )
    assert (rules.band_achieved, rules.band_partial) == (90.0, 60.0)
    assert rules.objective_mode == "indicators_else_phases"


def test_a_file_sets_only_what_it_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[indicator]
cap = 120
late_points_per_day = 2

[missing]
final = "exclude"

[objective_weights]
"2025_S07_01" = 2
""",
    )
    rules, found = load_rules(path)
    assert found == []
    assert rules == Rules(
        cap=120,
        late_points_per_day=2,
        missing_final="exclude",
        objective_weights={"2025_S07_01": 2.0},
        source="regole.toml",
    )
    rows = rules_rows(rules)
    assert ("indicator.cap", "120", "cap") in rows
    assert ('objective_weights."2025_S07_01"', "2", "objective_weights") in rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[indicator]\ncap = \n", [("SCORE-009", 2)]),
        ("[indicatore]\ncap = 100\n", [("SCORE-009", 1)]),
        ("[indicator]\ncapp = 100\n", [("SCORE-009", 2)]),
        ("[indicator]\ncap = 50\n", [("SCORE-009", 2)]),
        ('[missing]\nfinal = "skip"\n', [("SCORE-009", 2)]),
        ("[missing]\nfinal = true\n", [("SCORE-009", 2)]),
        ('\n\n[objective_weights]\n"X" = -1\n', [("SCORE-009", 4)]),
        ("[bands]\nachieved = 50\npartial = 70\n", [("SCORE-009", 3)]),
        (
            '[objective]\nmode = "blend"\nindicators_weight = 0\nphases_weight = 0\n',
            [("SCORE-009", 2)],
        ),
        ("[indicator]\ncap = 120\ncap = 130\n", [("SCORE-009", 3)]),
    ],
)
def test_bad_rules_give_findings_with_their_line(
    tmp_path: Path, text: str, expected: list[tuple[str, int]]
) -> None:
    rules, found = load_rules(write(tmp_path, text))
    assert rules is None
    assert flatten(found, ["code", "line"]) == expected
    assert all(f.severity.value == "error" and f.file for f in found)


def test_the_message_says_what_is_allowed(tmp_path: Path) -> None:
    _, [f] = load_rules(write(tmp_path, '[missing]\nfinal = "skip"\n'))
    assert "«missing.final» = skip non è ammesso (valori ammessi: exclude | zero | error)" in (
        f.message_it
    )
    # a value as the file has it, not as Python prints it
    _, [f] = load_rules(write(tmp_path, "[interim]\nat_risk_late = true\n"))
    assert "«interim.at_risk_late» = true non è ammesso" in f.message_it


def test_unreadable_rules_files(tmp_path: Path) -> None:
    big = write(tmp_path, "#" * (MAX_RULES_BYTES + 10))
    assert flatten(load_rules(big)[1], ["code"]) == [("SCORE-009",)]
    latin = tmp_path / "latin.toml"
    latin.write_bytes("# perché\n".encode("latin-1"))
    assert flatten(load_rules(latin)[1], ["code"]) == [("SCORE-009",)]
    rules, found = load_rules(tmp_path / "nope.toml")
    assert rules is None and flatten(found, ["code"]) == [("FILE-001",)]

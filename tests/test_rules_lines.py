"""Every finding about a rules file names its line, whatever TOML form the key was written in: a
key given as a table of its own (``[indicator.cap]``), an array of tables, a dotted key under its
table or at the top, a quoted key (issue 16.12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pegxl.results.rules import load_rules

from .tables import flatten


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# le regole\n\n[indicator.cap]\nvalue = 150\n", [("SCORE-009", 3)]),
        ("[indicator]\nbaseline = 'none'\n\n[indicator.cap]\n", [("SCORE-009", 4)]),
        ("[scores]\n\n[[indicator.cap]]\nx = 1\n", [("SCORE-009", 1), ("SCORE-009", 3)]),
        ("[indicator]\ncap.value = 150\n", [("SCORE-009", 2)]),
        ("\n\nindicator.cap = 300\n", [("SCORE-009", 3)]),
        ('[indicator]\n"cap" = 250\n', [("SCORE-009", 2)]),
        ("[ indicator . cap ]\nx = 1\n", [("SCORE-009", 1)]),
        ("[missing.final]\nmode = 'zero'\n", [("SCORE-009", 1)]),
        ("[bands]\n\n[bands.achieved.more]\nx = 1\n", [("SCORE-009", 3)]),
    ],
)
def test_a_key_in_any_toml_form_is_reported_at_its_line(
    tmp_path: Path, text: str, expected: list[tuple[str, int]]
) -> None:
    path = tmp_path / "regole.toml"
    path.write_text(text, encoding="utf-8")
    rules, found = load_rules(path)
    assert rules is None
    assert flatten(found, ["code", "line"]) == expected
    assert all(f.line is not None and f.file == str(path) for f in found)

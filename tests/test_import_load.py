"""Whatever ``pegxl import`` writes, ``load`` accepts, with the same findings about the plan.

An objective whose title line was missing used to import with a warning and then fail
``generate`` with cascading errors about its phases. The property: for any perturbation of the
real export (lines dropped, duplicated, swapped, junk inserted), if the import makes a plan, the
plan workbook it writes loads back to the same plan, with no error, and with the plan rules
finding exactly what they found in the export."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl import load_plan, save_plan
from pegxl.plan.checks import CODES
from pegxl.plan.pegtext import parse_text

from .conftest import SEED

LINES = SEED.read_text(encoding="utf-8").splitlines()
N = len(LINES)


def _round_trip(text: str) -> None:
    imported = parse_text(text, "export.txt")
    if imported.plan is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        loaded = load_plan(save_plan(imported.plan, Path(tmp) / "p.xlsx"))
    errors = [f for f in loaded.findings if f.severity.value == "error"]
    assert errors == []
    assert loaded.plan == imported.plan
    want = sorted((f.code, f.row_id) for f in imported.findings if f.code in CODES)
    assert sorted((f.code, f.row_id) for f in loaded.findings) == want


def test_titles_missing_from_the_export() -> None:
    """The example of the issue: every objective title line dropped, one at a time and all."""
    titles = [n for n, ln in enumerate(LINES) if ln.strip().startswith("Garantire")]
    assert titles
    for n in titles[:3]:
        _round_trip("\n".join(LINES[:n] + LINES[n + 1 :]))
    _round_trip("\n".join(ln for k, ln in enumerate(LINES) if k not in set(titles)))


edits = st.lists(
    st.tuples(
        st.sampled_from(["drop", "dup", "swap", "junk", "blank"]),
        st.integers(0, N - 1),
        st.integers(1, 12),
        st.text(max_size=40),
    ),
    min_size=1,
    max_size=6,
)


def _apply(ops: list[tuple[str, int, int, str]]) -> str:
    lines = list(LINES)
    for op, at, span, junk in ops:
        at = min(at, len(lines) - 1)
        if op == "drop":
            del lines[at : at + span]
        elif op == "dup":
            lines[at:at] = lines[at : at + span]
        elif op == "swap" and at + span < len(lines):
            lines[at], lines[at + span] = lines[at + span], lines[at]
        elif op == "junk":
            lines.insert(at, junk)
        elif op == "blank":
            lines[at] = ""
    return "\n".join(lines)


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edits)
def test_any_perturbed_export_loads_as_imported(ops: list[tuple[str, int, int, str]]) -> None:
    _round_trip(_apply(ops))

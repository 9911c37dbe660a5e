"""pegtext never crashes: any text gives a plan or PLAN-001, and nothing is silently dropped."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl.findings import Code
from pegxl.plan.pegtext import import_text, parse_text

from .conftest import SEED

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


def test_not_a_peg_export() -> None:
    for text in ("", "\n\n", "nome;cognome\nmario;rossi\n", "<html><body>ciao</body></html>"):
        r = parse_text(text, "x.txt")
        assert r.plan is None
        assert [f.code for f in r.findings] == ["PLAN-001"]
        assert r.findings[0].severity.value == "error"


def test_binary_and_missing_files(tmp_path: Path) -> None:
    b = tmp_path / "piano.xlsx"
    b.write_bytes(b"PK\x03\x04\x00\x00binary\x00stuff")
    r = import_text(b)
    assert r.plan is None and r.findings[0].code == "PLAN-001"
    r = import_text(tmp_path / "missing.txt")
    assert r.plan is None and r.findings[0].code == "FILE-001"


def test_a_field_given_twice_differently_is_reported() -> None:
    """A continuation page that names another Assessorato for the same objective: the first is
    kept and the conflict reported with its line."""
    lines = list(SEED_LINES)
    at = next(n for n, ln in enumerate(lines) if ln.strip() == "2025_S07_02")
    page = ["PEG-PIAO-SEZ. 2.2 PERFORMANCE", "2025_S07_02", "Assessorato", "Bilancio e Tributi"]
    r = parse_text("\n".join([*lines[: at + 40], "", *page, *lines[at + 40 :]]))
    conflicts = [(f.code, f.row_id) for f in r.findings if f.code == "PLAN-020"]
    assert conflicts and all(
        c == ("PLAN-020", None) or c[1] in (None, "2025_S07_02") for c in conflicts
    )
    assert r.plan is not None
    o = next(o for o in r.plan.objectives if o.code == "2025_S07_02")
    assert o.assessorato != "Bilancio e Tributi"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), max_size=40))
def test_dropping_lines_never_crashes(drop: list[int]) -> None:
    dropped = set(drop)
    text = "\n".join(ln for n, ln in enumerate(SEED_LINES) if n not in dropped)
    r = parse_text(text)
    assert r.plan is not None or r.findings[0].code == "PLAN-001"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEED_LINES) - 1), st.text(max_size=80))
def test_inserting_junk_never_crashes(at: int, junk: str) -> None:
    lines = [*SEED_LINES[:at], junk, *SEED_LINES[at:]]
    r = parse_text("\n".join(lines))
    assert r.plan is not None
    assert len(r.plan.objectives) >= 21  # a junk line can at most split or shadow one objective


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_text(text: str) -> None:
    """Any text gives a plan, or PLAN-001 alone; every finding is a registered code with a
    message in both languages, and every objective of a plan has its code and sector."""
    r = parse_text(text)
    if r.plan is None:
        assert [(f.code, f.severity.value) for f in r.findings] == [("PLAN-001", "error")]
    else:
        assert all(o.code and o.sector_code for o in r.plan.objectives)
    for f in r.findings:
        assert f.code in set(Code) and f.message_it.strip() and f.message_en.strip()

"""findings: the registry of stable codes, the Finding record and the collector."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest

from pegxl.findings import (
    FINDINGS_PER_CODE,
    Code,
    Collector,
    Finding,
    Severity,
    count,
    has_errors,
    make,
    render_table,
)
from pegxl.i18n import T

from .tables import flatten

SNAPSHOT = Path(__file__).with_name("snapshots") / "registry.txt"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.value for c in Code]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"(PLAN|FILE|STRUCT|VALUE|SCORE|DESK)-\d{3}", code), code


def test_every_template_formats_in_both_languages() -> None:
    """One finding of every code, to see its messages format: not counted as reached (a code
    is reached when pegxl builds it on an input, tests/codes_reached.py)."""
    from . import codes_reached

    before = set(codes_reached._seen)
    with codes_reached.not_counted():
        for member in Code:
            assert _placeholders(member.it) == _placeholders(member.en), member
            params = {name: f"<{name}>" for name in _placeholders(member.it)}
            f = make(member, **params)  # type: ignore[arg-type]
            assert f.code is member and f.severity is member.severity
            assert "{" not in f.message_it and "{" not in f.message_en
    assert codes_reached._seen == before


def registry_text() -> str:
    """The whole registry, one block per code: what a published code promises."""
    blocks = []
    for c in sorted(Code, key=lambda c: (c.value.split("-")[0], c.value)):
        blocks.append(f"{c.value} {c.severity.value} {c.name}\n  it: {c.it}\n  en: {c.en}\n")
    return "".join(blocks)


def test_the_registry_is_as_published() -> None:
    """A snapshot of every code, severity and message: a change here is deliberate (codes are
    never renumbered or reused). PEGXL_UPDATE_SNAPSHOTS=1 rewrites it after a reviewed change."""
    now = registry_text()
    if os.environ.get("PEGXL_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(now, encoding="utf-8")
    assert now == SNAPSHOT.read_text(encoding="utf-8")


def test_published_codes_never_change() -> None:
    # a published code keeps its number forever, and each member is its code
    assert Code.NOT_A_PEG_EXPORT == "PLAN-001"
    assert Code.WEIGHT_SUM == "PLAN-005"
    assert Code.FILE_UNREADABLE == "FILE-001"
    assert Code("PLAN-004") is Code.WEIGHT_MISSING


def test_finding_shape_and_rendering() -> None:
    f = make(
        Code.WEIGHT_SUM,
        file="p.txt",
        line=11,
        row_id="2025_S07_01",
        objective="2025_S07_01",
        total="50",
    )
    assert f.where() == "riga 11" and f.where("en") == "line 11"
    d = f.to_dict("en")
    assert d["code"] == "PLAN-005" and d["severity"] == "warning" and "sum to 50" in d["message"]
    assert list(d) == [
        "code",
        "severity",
        "file",
        "sheet",
        "cell",
        "line",
        "row_id",
        "raw",
        "expected",
        "message",
        "original_severity",
    ]
    assert d["original_severity"] is None
    g = Finding(Code.DUPLICATE_ID, Severity.ERROR, "it", "en", sheet="Fasi", cell="A7")
    assert g.where() == "Fasi!A7"
    assert count([f, g]) == {"error": 1, "warning": 1, "info": 0}
    assert has_errors([f, g]) and not has_errors([f])
    table = render_table([f, g])
    assert "PLAN-005" in table and "Fasi!A7" in table and "errore" in table
    assert "line 11" in render_table([f], "en") and "warning" in render_table([f], "en")
    assert render_table([]) == ""
    # a finding of a file that does not count: information, its own severity kept and shown
    h = g.as_information()
    assert (h.severity, h.original, h.code, h.cell) == (Severity.INFO, Severity.ERROR, g.code, "A7")
    assert h.as_information() == h  # set down once: the original stays the first one
    assert h.to_dict()["severity"] == "info" and h.to_dict()["original_severity"] == "error"
    assert h.severity_text() == "info (era errore)" and h.severity_text("en") == "info (was error)"
    assert "info (era errore)" in render_table([h]) and not has_errors([h])
    assert count([h]) == {"error": 0, "warning": 0, "info": 1}


def test_parameters_in_both_languages_and_raw_descriptions() -> None:
    f = make(Code.UNKNOWN_TIPO, raw=T("(vuoto)", "(empty)"), where=T("qui", "here"), expected="X")
    assert "«(vuoto)» (qui)" in f.message_it and "«(empty)» (here)" in f.message_en
    assert f.raw is None  # a description of what was there, not a quote of it
    g = make(Code.VALUE_MISSING, row_id="R", what=T("l'Avanzamento", "The progress"))
    assert g.message_it.startswith("Manca l'Avanzamento di R") and g.message_en.startswith(
        "The progress of R"
    )


def test_the_collector_caps_each_code() -> None:
    c = Collector("f.xlsx", cap=3)
    for n in range(7):
        c.add(Code.OUTSIDE_INPUT, sheet="Fasi", cell=f"Z{n}", raw="x")
    c.add(Code.ROW_ADDED, sheet="Fasi", cell="A1", raw="y")
    got = c.done()
    assert flatten(got, ["code", "cell"]) == [
        ("STRUCT-016", "Z0"),
        ("STRUCT-016", "Z1"),
        ("STRUCT-016", "Z2"),
        ("STRUCT-013", "A1"),
        ("STRUCT-021", None),
    ]
    assert got[-1].raw == "4" and "STRUCT-016" in got[-1].message_it
    assert all(f.file == "f.xlsx" for f in got)
    assert FINDINGS_PER_CODE == 200
    uncapped = Collector(cap=None)
    for n in range(300):
        uncapped.add(Code.LINE_NOT_PLACED, line=n, raw="?")
    assert len(uncapped.done()) == 300


def _finding_in_a_worker(state: None, i: int) -> str:
    """Build a finding in a worker process (as if the parent had never built one of its
    code, so the worker must tell it)."""
    from . import codes_reached

    codes_reached._seen.clear()  # the worker's copy only
    return make(Code.LINE_NOT_PLACED, line=i, raw="?").code.value


def test_every_finding_built_is_recorded_for_the_run_s_check_of_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every code must be produced by some test: the plugin of tests/codes_reached.py records
    the code of every finding pegxl builds, in this process and in its workers, and fails a
    whole run that leaves a registered code unbuilt (naming a code in a test does not count).
    The workers here write into a folder of this test's own, so what other tests' processes
    (another xdist worker's, at the same time) write cannot be mistaken for theirs."""
    from pegxl import workers

    from . import codes_reached

    monkeypatch.setattr(codes_reached, "_DIR", tmp_path)
    make(Code.WEIGHT_SUM, objective="O1", total="90")
    assert Code.WEIGHT_SUM.value in codes_reached.reached()
    assert (
        workers.run_all(_finding_in_a_worker, None, 3, 2, lambda i, e: "")
        == [Code.LINE_NOT_PLACED.value] * 3
    )
    told = [p.read_text(encoding="utf-8").split() for p in tmp_path.glob("*.txt")]
    # the workers told the parent through their files
    assert told and all(set(t) == {Code.LINE_NOT_PLACED.value} for t in told)
    assert Code.LINE_NOT_PLACED.value in codes_reached.reached()
    assert Code.WEIGHT_SUM.value not in codes_reached.unreached()
    codes_reached._seen.update(codes_reached.reached())  # kept for the run once the folder goes

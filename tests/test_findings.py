"""findings: the registry of stable codes and the Finding record."""

from __future__ import annotations

import json
import re
import string

from pegxl.findings import (
    Code,
    Finding,
    Severity,
    by_code,
    count,
    has_errors,
    make,
    render_table,
    to_json,
)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_codes_are_unique_and_well_formed() -> None:
    codes = [c.spec.code for c in Code]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"(PLAN|FILE|STRUCT|VALUE|SCORE)-\d{3}", code), code


def test_every_template_formats_in_both_languages() -> None:
    for member in Code:
        spec = member.spec
        params = {name: f"<{name}>" for name in _placeholders(spec.it) | _placeholders(spec.en)}
        f = make(member, **params)  # type: ignore[arg-type]
        assert f.code == spec.code and f.severity is spec.severity
        assert "{" not in f.message_it and "{" not in f.message_en


def test_published_codes_never_change() -> None:
    # a published code keeps its number forever
    assert Code.NOT_A_PEG_EXPORT.spec.code == "PLAN-001"
    assert Code.WEIGHT_SUM.spec.code == "PLAN-005"
    assert Code.FILE_UNREADABLE.spec.code == "FILE-001"
    assert by_code("PLAN-004") is Code.WEIGHT_MISSING.spec


def test_finding_shape_and_rendering() -> None:
    f = make(
        Code.WEIGHT_SUM,
        file="p.txt",
        line=11,
        row_id="2025_S07_01",
        objective="2025_S07_01",
        total="50",
    )
    assert f.where() == "riga 11"
    d = f.to_dict("en")
    assert d["code"] == "PLAN-005" and d["severity"] == "warning" and "sum to 50" in d["message"]
    assert set(d) == {
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
    }
    g = Finding("PLAN-013", Severity.ERROR, "it", "en", sheet="Fasi", cell="A7")
    assert g.where() == "Fasi!A7"
    assert count([f, g]) == {"error": 1, "warning": 1, "info": 0}
    assert has_errors([f, g]) and not has_errors([f])
    table = render_table([f, g])
    assert "PLAN-005" in table and "Fasi!A7" in table and "errore" in table
    assert json.loads(to_json([f]))[0]["code"] == "PLAN-005"
    assert render_table([]) == ""

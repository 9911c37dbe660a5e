"""Every message exists in Italian and in English, and the English has no Italian in it (apart
from quoted user text and the plan's own Italian names)."""

from __future__ import annotations

import re
from pathlib import Path

from pegxl.findings import Finding
from pegxl.model import Plan
from pegxl.plan.pegtext import ImportResult, import_text
from pegxl.returns.batch import check

from .conftest import VARIANT

ITALIAN = re.compile(
    r"\b(il|della|delle|degli|nel|nella|non è|è|sono|manca|file di testo|foglio|settore del piano|"
    r"valore atteso|corrisponde|ha errori|rifiutato|celle|riga)\b",
    re.IGNORECASE,
)
# names that stay Italian in English text: sheets, columns, codes of the plan
ALLOWED = (
    "Valore Raggiunto",
    "Valore Atteso",
    "Fatto",
    "Non fatto",
    "Fasi",
    "Indicatori",
    "Obiettivi",
    "Istruzioni",
    "Segnalazioni",
    "Peso",
    "Tipo",
    "Note",
    "Avanzamento",
)


def _unquoted(text: str) -> str:
    text = re.sub(r"«[^»]*»", "«…»", text)
    for name in ALLOWED:
        text = text.replace(name, "")
    return text


def _assert_english(findings: list[Finding]) -> None:
    assert findings
    for f in findings:
        assert f.message_it and f.message_en
        bad = ITALIAN.search(_unquoted(f.message_en))
        assert bad is None, (f.code, bad.group(0) if bad else "", f.message_en)


def test_import_findings_in_english(seed_result: ImportResult) -> None:
    _assert_english(seed_result.findings + (import_text(VARIANT).findings))


def test_check_findings_in_english(tmp_path: Path, seed_plan: Plan) -> None:
    from pegxl.cli import main

    main(["demo", str(tmp_path / "demo")])
    report = check(seed_plan, [tmp_path / "demo" / "risposte_2025-06-30"])
    bad = tmp_path / "x.xlsx"
    bad.write_text("a;b\n1;2\n")
    report2 = check(seed_plan, [bad, tmp_path / "missing.xlsx"])
    _assert_english(report.findings + report2.findings)

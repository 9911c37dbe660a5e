"""Every text exists in Italian and in English, with the same placeholders; every catalogue key
is used; and the English output of every command holds no Italian apart from quoted user text,
the plan's own data and the names of the PEG's sheets and columns."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pegxl.cli import main
from pegxl.findings import Code, Finding
from pegxl.i18n import CATALOGUE, text, tr
from pegxl.model import Plan
from pegxl.plan.pegtext import ImportResult, import_text
from pegxl.returns.batch import check

from .conftest import SEED, VARIANT

PACKAGE = Path(__file__).resolve().parent.parent / "pegxl"

ITALIAN = re.compile(
    r"\b(il|della|delle|degli|dell|nel|nella|non è|è|sono|manca|mancano|file di testo|"
    r"foglio|settore del piano|valore atteso|corrisponde|ha errori|rifiutato|celle|riga|"
    r"errori|avvisi|informazioni|cartelle|scritte|piano scritto|settori|obiettivi|fasi|"
    r"indicatori|valori|totale|con avvisi|con errori|da compilare|compilare|scheda|schede|"
    r"segnalazioni|periodo|anno|dove|oggetto|gravità|codice|messaggio)\b",
    re.IGNORECASE,
)
# names that stay Italian in English text: the PEG's sheets and columns, its values
ALLOWED = (
    "Valore Raggiunto",
    "Valore Atteso",
    "Inizio Previsto",
    "Fine Prevista",
    "Inizio Effettivo",
    "Fine Effettiva",
    "Centro di Responsabilità",
    "Responsabile",
    "Assessorato",
    "Valore pubblico",
    "Modalità di Attuazione",
    "Fatto",
    "Non fatto",
    "Fasi",
    "Indicatori",
    "Obiettivi",
    "Istruzioni",
    "Segnalazioni",
    "Settori",
    "Leggimi",
    "Peso",
    "Tipo",
    "Note",
    "Avanzamento",
    "Stato",
    "Ufficio Performance",
    "Rendicontazione finale",
    "Monitoraggio intermedio",
    "--anno",  # pegxl init's options are named in Italian (design.md)
)


def _unquoted(value: str) -> str:
    value = re.sub(r"«[^»]*»", "«…»", value)
    value = re.sub(r"\S+\.(xlsx|ods|txt)\b", "FILE", value)  # file names are data
    value = re.sub(r"(/\S+)", "PATH", value)
    for name in ALLOWED:
        value = value.replace(name, "")
    return value


def _assert_english(findings: list[Finding]) -> None:
    assert findings
    for f in findings:
        assert f.message_it and f.message_en
        bad = ITALIAN.search(_unquoted(f.message_en))
        assert bad is None, (f.code, bad.group(0) if bad else "", f.message_en)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_catalogue_is_complete_and_consistent() -> None:
    for key, (it, en) in CATALOGUE.items():
        assert it and en, key
        assert _placeholders(it) == _placeholders(en), key
        bad = ITALIAN.search(_unquoted(en))
        assert bad is None, (key, bad.group(0) if bad else "", en)
    assert text("cli.summary", "en", error=1, warning=2, info=3) == "1 error, 2 warnings, 3 info."
    assert text("cli.summary", "it", error=1, warning=1, info=1) == (
        "1 errore, 1 avviso, 1 informazione."
    )
    assert text("cli.summary", "it", error=0, warning=2, info=0) == (
        "0 errori, 2 avvisi, 0 informazioni."
    )
    assert tr("status.ok").it == "ok"
    with pytest.raises(KeyError):
        text("no.such.key", "it")


def test_every_catalogue_key_is_used() -> None:
    """A key nobody asks for is dead text: each must appear in the code, whole or as the fixed
    part of a key built from a value (``f"kind.{kind.value}"``)."""
    templates = PACKAGE.parent / "templates"
    sources = [*PACKAGE.rglob("*.py"), *templates.glob("*.j2")]
    source = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    literal = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""", source))
    prefixes = set(re.findall(r"""f["']([a-z_.]+\.)\{""", source))
    prefixes |= set(re.findall(r"""["']([a-z_.]+\.)["']\s*~""", source))  # jinja2: "a." ~ b
    unused = [
        key
        for key in CATALOGUE
        if key not in literal and not any(key.startswith(p) for p in prefixes)
    ]
    assert unused == []


def test_import_findings_in_english(seed_result: ImportResult) -> None:
    _assert_english(seed_result.findings + (import_text(VARIANT).findings))


def test_check_findings_in_english(tmp_path: Path, seed_plan: Plan, demo_folder: Path) -> None:
    report = check(seed_plan, [demo_folder / "risposte_2025-06-30"])
    bad = tmp_path / "x.xlsx"
    bad.write_text("a;b\n1;2\n")
    report2 = check(seed_plan, [bad, tmp_path / "missing.xlsx"])
    _assert_english(report.findings + report2.findings)


def test_every_registered_message_is_english_in_english() -> None:
    for code in Code:
        bad = ITALIAN.search(_unquoted(code.en))
        assert bad is None, (code.value, bad.group(0) if bad else "", code.en)


def _plan_data(plan: Plan) -> set[str]:
    """Every text of the plan: quoted in English output, it is data, not a translation miss."""
    out = {plan.entity, plan.view, plan.level, plan.value_label}
    for s in plan.sectors:
        out |= {s.code, s.name, s.assessorato, s.responsabile}
    for o in plan.objectives:
        out |= {o.code, o.title, o.assessorato, o.responsabile, o.valore_pubblico, o.stato}
        out |= {str(o.mandate), str(o.mission), str(o.program), o.modalita}
        for p in o.phases:
            out |= {p.id, p.name, p.centro, p.note, *p.responsabili}
        for i in o.indicators:
            out |= {i.id, i.description, i.tipo, i.note}
    return {t for t in out if t}


def test_commands_in_english_print_no_italian(
    tmp_path: Path, seed_plan: Plan, capsys: pytest.CaptureFixture[str], demo_folder: Path
) -> None:
    """``pegxl import|generate|check --lang en --format text`` on the example: a scan for
    Italian words outside quoted plan data, file names and the PEG's own names."""
    plan = tmp_path / "plan.xlsx"
    assert main(["import", str(SEED), "-o", str(plan), "--lang", "en"]) == 0
    demo = demo_folder
    capsys.readouterr()
    runs = [
        ["import", str(SEED), "-o", str(tmp_path / "again.xlsx"), "--lang", "en"],
        [
            "generate",
            str(plan),
            "--period",
            "2025-06-30",
            "-o",
            str(tmp_path / "w"),
            "--lang",
            "en",
        ],
        ["check", str(plan), str(demo / "risposte_2025-06-30"), "--lang", "en"],
        [
            "check",
            str(plan),
            str(demo / "risposte_2025-06-30"),
            "--lang",
            "en",
            "--period",
            "2026-01-31",
        ],
        [
            "consolidate",
            str(plan),
            str(demo / "risposte_2025-06-30"),
            "-o",
            str(tmp_path / "master.xlsx"),
            "--lang",
            "en",
        ],
    ]
    data = sorted(_plan_data(seed_plan), key=len, reverse=True)
    for argv in runs:
        main([*argv, "--format", "text"])
        captured = capsys.readouterr()
        printed = re.sub(r"«[^»]*»", "«…»", captured.out + captured.err)  # quotes span lines
        assert printed.strip()
        for line in printed.splitlines():
            rest = _unquoted(line)
            for d in data:
                rest = rest.replace(d, "")
            bad = ITALIAN.search(rest)
            assert bad is None, (argv[0], bad.group(0) if bad else "", line)

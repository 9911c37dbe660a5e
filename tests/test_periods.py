"""periods: the period kind is a policy record, one row per kind, and every stage reads the record.

The third kind of the table (``verifica``, a progress review at 30/09) is configured, not coded:
no module names a kind, so the review behaves as its row says from the workbook to the score.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl import consolidate, load_plan
from pegxl.cli import main
from pegxl.i18n import text
from pegxl.model import Period, Plan
from pegxl.periods import KIND_NAMES, POLICIES, PeriodKind, default_kind, known, policy
from pegxl.results.rules import Rules
from pegxl.returns.batch import check
from pegxl.returns.reader import read_return
from pegxl.workbook.writer import generate

from .tables import fill, flatten, plan_tables, write_book

ROOT = Path(__file__).resolve().parent.parent
SEPT = date(2025, 9, 30)
F1, F2, I1 = "2025_S01_01/F1", "2025_S01_01/F2", "2025_S01_01/I1"
PROGRESS, END, ACHIEVED = "Avanzamento (%)", "Fine Effettiva", "Valore Raggiunto"


# -- the table ------------------------------------------------------------------------------------


def test_every_kind_has_one_row_and_its_texts_in_both_languages() -> None:
    assert list(POLICIES) == list(PeriodKind)
    assert KIND_NAMES == ("intermedio", "verifica", "finale")
    for p in POLICIES.values():
        for key in (p.label_key, p.of_label_key, p.asks_key, p.missing_key):
            for lang in ("it", "en"):
                shown = text(key, lang, d="30/09/2025")
                assert shown and shown != key, (key, lang)
    # exactly one row is the fallback, and no two rows claim the same day
    assert [p.kind for p in POLICIES.values() if p.fallback] == [PeriodKind.INTERMEDIATE]
    claimed = [p.default_on for p in POLICIES.values() if p.default_on is not None]
    assert claimed == [(12, 31)]


@pytest.mark.parametrize(
    ("end", "kind", "expected"),
    [
        (date(2025, 12, 31), None, PeriodKind.FINAL),
        (date(2025, 6, 30), None, PeriodKind.INTERMEDIATE),
        # no row claims 30/09: a review is chosen, never guessed from the date
        (SEPT, None, PeriodKind.INTERMEDIATE),
        (SEPT, "verifica", PeriodKind.REVIEW),
        (SEPT, PeriodKind.REVIEW, PeriodKind.REVIEW),
        (date(2025, 12, 31), "intermedio", PeriodKind.INTERMEDIATE),
        (date(2025, 6, 30), "finale", PeriodKind.FINAL),
    ],
)
def test_period_of_takes_the_kind_given_or_the_one_the_day_implies(
    end: date, kind: PeriodKind | str | None, expected: PeriodKind
) -> None:
    period = Period.of(end, kind)
    assert period.kind is expected
    assert period.policy is POLICIES[expected]


def test_unknown_kinds() -> None:
    with pytest.raises(ValueError):
        Period.of(SEPT, "trimestrale")
    with pytest.raises(ValueError):
        policy("Finale")  # names are exact, as written in a workbook's metadata
    assert known("verifica") is PeriodKind.REVIEW
    assert [known(x) for x in ("trimestrale", "", "FINALE", 3, None)] == [None] * 5
    assert default_kind(2, 29) is PeriodKind.INTERMEDIATE


def test_the_review_row_says_what_it_asks() -> None:
    review = policy("verifica")
    assert (
        review.values_due,
        review.end_date_due,
        review.explain_shortfall,
        review.missing,
        review.timing,
    ) == (False, True, False, "intermediate", True)
    label = "Verifica dello stato di avanzamento al 30/09/2025"
    assert Period.of(SEPT, "verifica").label() == label
    assert Period.of(SEPT, "verifica").label("en") == "Progress review at 30/09/2025"
    assert Period.of(SEPT, "verifica").of_label() == (
        "della Verifica dello stato di avanzamento al 30/09/2025",
        "for the progress review at 30/09/2025",
    )


def test_the_missing_rule_of_a_row_is_the_rules_file_entry_it_names() -> None:
    rules = Rules(missing_intermediate="error", missing_final="exclude")
    assert rules.missing_for("intermediate") == "error"
    assert rules.missing_for("final") == "exclude"
    with pytest.raises(ValueError):
        rules.missing_for("verifica")


def test_no_module_names_a_period_kind() -> None:
    """By construction: outside the table, a module reads a period's policy, never its name, so
    a new row is obeyed everywhere."""
    named = re.compile(r"PeriodKind\.[A-Z]|[\"'](intermedio|finale|verifica)[\"']")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "pegxl").rglob("*.py"))
        if path.name not in {"periods.py", "i18n.py"}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if named.search(line)
    ]
    assert offenders == []


# -- a 30/09 review, end to end -------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    path = write_book(tmp_path_factory.mktemp("plan") / "piano.xlsx", plan_tables())
    loaded = load_plan(path)
    assert loaded.plan is not None
    return loaded.plan


def _returned(plan: Plan, period: Period, out: Path, typed: dict[str, dict[str, Any]]) -> Path:
    [path] = generate(plan, period, out, ["S01"]).files
    return fill(path, typed, out / "compilata.xlsx")


#: the first phase done but without its end date, the second under way, the indicator left empty
TYPED: dict[str, dict[str, Any]] = {F1: {PROGRESS: 100}, F2: {PROGRESS: 40}}


def _end_date_rule(path: Path) -> list[str]:
    """The parts of the Fasi sheet's red marks that flag a phase at 100% without its end."""
    ws = openpyxl.load_workbook(path)["Fasi"]
    formulas = [f for cf in ws.conditional_formatting for rule in cf.rules for f in rule.formula]
    return [m for f in formulas for m in re.findall(r"AND\([A-Z]+\d+=100,[^)]*\)", f)]


def test_the_review_workbook_asks_for_the_end_of_a_phase_done(
    tmp_path: Path, small_plan: Plan
) -> None:
    review = Period.of(SEPT, "verifica")
    [path] = generate(small_plan, review, tmp_path / "r", ["S01"]).files
    [june] = generate(small_plan, Period.of(date(2025, 6, 30)), tmp_path / "j", ["S01"]).files
    assert _end_date_rule(path) == ['AND(H4=100,J4="")']
    assert _end_date_rule(june) == []
    ws = openpyxl.load_workbook(path)["Istruzioni"]
    lines = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Verifica dello stato di avanzamento al 30/09/2025 — Comune di Prova, PEG-PIAO 2025" in (
        lines
    )
    assert "- " + text("period.asks.verifica", "it") in lines
    assert not any(text("period.asks.intermedio", "it") in line for line in lines)
    # the workbook says its period, and reading it back gives the same period
    assert read_return(path, small_plan).period == review


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # the review: a phase done needs its end (an error); an empty value is not due yet
        (Period.of(SEPT, "verifica"), [("VALUE-008", "J4", F1, "error")]),
        # the same return at 30/06 would only be warned about
        (Period.of(date(2025, 6, 30)), [("VALUE-008", "J4", F1, "warning")]),
        # and in the final report the empty value is due as well
        (
            Period.of(date(2025, 12, 31)),
            [("VALUE-008", "J4", F1, "error"), ("VALUE-003", "H4", I1, "error")],
        ),
    ],
)
def test_check_judges_a_return_by_its_periods_policy(
    tmp_path: Path, small_plan: Plan, period: Period, expected: list[tuple[str, ...]]
) -> None:
    path = _returned(small_plan, period, tmp_path, TYPED)
    report = check(small_plan, [path], period=period)
    assert flatten(report, ["code", "cell", "row_id", "severity"]) == expected


def test_consolidating_a_review_scores_it_as_its_row_says(tmp_path: Path, small_plan: Plan) -> None:
    review = Period.of(SEPT, "verifica")
    path = _returned(small_plan, review, tmp_path, TYPED)
    result = consolidate(small_plan, [path], period=review)
    [obj] = result.scores.objectives
    # timing is shown: the first phase was due by 30/06, the second is 91 of 183 days in
    assert [(p.progress, p.expected, p.timing and p.timing.value) for p in obj.phases] == [
        (100.0, 100.0, "in_linea"),
        (40.0, 49.7, "in_linea"),
    ]
    # the empty value is scored by the intermediate entry of the rules file: excluded
    [ind] = obj.indicators
    assert ind.score is None
    scoring = [
        (f.code, f.row_id, f.message_it)
        for f in result.findings
        if f.code in {"SCORE-001", "SCORE-002", "SCORE-003"}
    ]
    assert scoring == [
        (
            "SCORE-001",
            I1,
            f"Manca il valore di {I1}: è non valutabile ed escluso dalle medie (regola dei "
            "valori mancanti nel monitoraggio intermedio).",
        )
    ]
    # and the master's table of phases shows them
    phases = next(t for t in result.sheets() if t.key == "phases")
    at = [c.key for c in phases.columns]
    shown = [(row[at.index("expected")], row[at.index("timing")]) for row in phases.rows]
    assert shown == [(1.0, "In linea"), (0.497, "In linea")]


def test_the_cli_offers_every_kind_of_the_table(tmp_path: Path, small_plan: Plan) -> None:
    plan = tmp_path / "piano.xlsx"
    write_book(plan, plan_tables())
    out = tmp_path / "schede"
    args = ["generate", str(plan), "--period", "2025-09-30", "--kind", "verifica", "-o", str(out)]
    assert main(args) == 0
    [path] = sorted(out.glob("*.xlsx"))
    assert read_return(path, small_plan).period == Period.of(SEPT, "verifica")
    with pytest.raises(SystemExit):
        main([*args[:-3], "trimestrale", "-o", str(out)])

"""kinds: one table of value kinds, and the range target added as one row of it.

A range target ("tra 85% e 95%", "da 10 a 20") scores 100 inside, and outside follows the plan's
direction against the nearer bound; it is achieved by a percentage or a number, as its bounds
are. Tested from the table up, then end to end: plan workbook → sector workbook (its keyboard
rule) → check → score.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pegxl import consolidate, load_plan, save_plan
from pegxl.i18n import text
from pegxl.kinds import (
    KINDS,
    Outcome,
    achieved_kind,
    comparable,
    measurable,
    parse,
    parse_range,
    range_bounds,
    read_cell,
    row,
    stored_value,
)
from pegxl.model import Direction, Indicator, Period, Plan
from pegxl.results.rules import Rules
from pegxl.results.scoring import indicator_score, outcome_of
from pegxl.returns.batch import check
from pegxl.returns.reader import read_return
from pegxl.returns.validate import shortfall
from pegxl.values import Kind, ParseError, Value, parse_percent
from pegxl.workbook.writer import generate

from .tables import fill, flatten, plan_tables, write_book

JUNE = Period.of(date(2025, 6, 30))
DEC = Period.of(date(2025, 12, 31))

# -- the table ----------------------------------------------------------------------------------


def test_every_kind_has_a_row_and_every_kind_typed_has_a_keyboard_rule() -> None:
    assert set(KINDS) == set(Kind)
    typed = {row(k).achieved(None) for k in Kind if k is not Kind.RANGE} | {
        achieved_kind(parse_range("tra 1 e 2")),
        achieved_kind(parse_range("tra 1% e 2%")),
    }
    assert typed == {Kind.NUMBER, Kind.PERCENT, Kind.DONE, Kind.DATE, Kind.TEXT}
    for k in typed:
        assert row(k).keyboard is not None
        for key in (f"kind.{k.value}", f"hint.{k.value}", f"expect.{k.value}"):
            assert text(key, "it") != key and text(key, "en") != key
    # a range is only ever a target: nobody types one where a value is achieved
    assert row(Kind.RANGE).keyboard is None
    assert [k for k in Kind if not measurable(Value(k, "x"))] == [Kind.TEXT]


@pytest.mark.parametrize(
    ("raw", "spelled", "bounds", "achieved"),
    [
        ("tra 85% e 95%", "tra 85% e 95%", (85.0, 95.0, True), Kind.PERCENT),
        ("Tra 85 e 95%", "tra 85% e 95%", (85.0, 95.0, True), Kind.PERCENT),
        ("da 85 % a 95 %", "tra 85% e 95%", (85.0, 95.0, True), Kind.PERCENT),
        ("da 10 a 20", "tra 10 e 20", (10.0, 20.0, False), Kind.NUMBER),
        ("DAL 0,5 AL 1", "tra 0,5 e 1", (0.5, 1.0, False), Kind.NUMBER),
        ("fra 1.000,5 e 1.500", "tra 1.000,5 e 1.500", (1000.5, 1500.0, False), Kind.NUMBER),
        ("tra\u00a0-5 e  5", "tra -5 e 5", (-5.0, 5.0, False), Kind.NUMBER),
        ("between 10 and 10", "tra 10 e 10", (10.0, 10.0, False), Kind.NUMBER),
    ],
)
def test_a_range_reads_in_its_spellings(
    raw: str, spelled: str, bounds: tuple[float, float, bool], achieved: Kind
) -> None:
    v = parse(raw, Kind.RANGE)
    assert (v.kind, v.value, v.raw) == (Kind.RANGE, spelled, raw)
    assert range_bounds(v) == bounds
    assert achieved_kind(v) is achieved
    assert stored_value(v) == spelled
    assert v == parse_range(spelled)  # its one spelling reads back as itself


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "da 20 a 10",
            "«da 20 a 10» non è un intervallo: il primo limite deve essere il più basso",
        ),
        ("tra 85%", "«tra 85%» non è un intervallo"),
        ("tra a e b", "«tra a e b» non è un intervallo"),
        ("85-95%", "«85-95%» non è un intervallo"),
        ("tra 5 e 1.2.3,4,5", "«tra 5 e 1.2.3,4,5» non è un intervallo"),
        ("", "«» non è un intervallo"),
    ],
)
def test_what_is_not_a_range_says_so(raw: str, message: str) -> None:
    with pytest.raises(ParseError) as e:
        parse_range(raw)
    assert e.value.message.it == message
    assert e.value.expected.it == "un intervallo, ad es. tra 85% e 95% oppure da 10 a 20"


def test_a_range_cell_holds_text_and_a_number_is_not_a_range() -> None:
    assert read_cell(None, Kind.RANGE) is None
    assert read_cell("  ", Kind.RANGE) is None
    v = read_cell("da 10 a 20", Kind.RANGE)
    assert v is not None and v.value == "tra 10 e 20"
    with pytest.raises(ParseError):
        read_cell(0.9, Kind.RANGE, percent_format=True)


def test_comparable_kinds_follow_the_achieved_kind() -> None:
    pct = parse_range("tra 85% e 95%")
    assert comparable(Kind.PERCENT, pct) and comparable(Kind.NUMBER, pct)
    assert not comparable(Kind.DATE, pct) and not comparable(Kind.DONE, pct)
    assert comparable(Kind.RANGE, pct)


# -- scoring a range ----------------------------------------------------------------------------


def _ind(target: str, direction: Direction = Direction.HIGHER) -> Indicator:
    return Indicator("I1", "O1", "x", "", parse_range(target), direction=direction)


def _pct(x: float) -> Value:
    return parse_percent(f"{x}".replace(".", ","))


@pytest.mark.parametrize(
    ("target", "direction", "achieved", "cap", "score", "outcome", "gap", "short"),
    [
        # inside, bounds included: 100, in line
        ("tra 85% e 95%", Direction.HIGHER, 90, 100, 100.0, Outcome.IN_LINE, 0.0, False),
        ("tra 85% e 95%", Direction.HIGHER, 85, 100, 100.0, Outcome.IN_LINE, 0.0, False),
        ("tra 85% e 95%", Direction.HIGHER, 95, 100, 100.0, Outcome.IN_LINE, 0.0, False),
        # below the lower bound, higher is better: achieved / 85
        ("tra 85% e 95%", Direction.HIGHER, 68, 100, 80.0, Outcome.BELOW, -17.0, True),
        # above the upper bound, higher is better: 100 / 95, capped by the rules
        ("tra 85% e 95%", Direction.HIGHER, 100, 100, 100.0, Outcome.ABOVE, 5.0, False),
        ("tra 85% e 95%", Direction.HIGHER, 114, 150, 120.0, Outcome.ABOVE, 19.0, False),
        # lower is better: above the upper bound 95 / achieved, below the lower one met
        ("tra 85% e 95%", Direction.LOWER, 100, 100, 95.0, Outcome.BELOW, 5.0, True),
        ("tra 85% e 95%", Direction.LOWER, 50, 100, 100.0, Outcome.ABOVE, -35.0, False),
        ("da 10 a 20", Direction.HIGHER, 5, 100, 50.0, Outcome.BELOW, -5.0, True),
        ("da 10 a 20", Direction.HIGHER, 12.5, 100, 100.0, Outcome.IN_LINE, 0.0, False),
        ("da 10 a 20", Direction.LOWER, 40, 100, 50.0, Outcome.BELOW, 20.0, True),
    ],
)
def test_a_range_scores_100_inside_and_by_the_direction_outside(
    target: str,
    direction: Direction,
    achieved: float,
    cap: float,
    score: float,
    outcome: Outcome,
    gap: float,
    short: bool,
) -> None:
    ind = _ind(target, direction)
    a = _pct(achieved) if range_bounds(ind.target)[2] else Value(Kind.NUMBER, float(achieved))  # type: ignore[arg-type]
    rules = Rules(cap=cap)
    scored = indicator_score(ind, a, rules)
    assert scored.score == pytest.approx(score)
    assert outcome_of(ind, a, rules) == (outcome, pytest.approx(gap))
    assert shortfall(ind, a) is short


def test_the_trace_of_a_range_says_inside_or_against_which_bound() -> None:
    ind = _ind("tra 85% e 95%")
    inside = indicator_score(ind, _pct(90), Rules())
    assert inside.trace.it == "90%, atteso tra 85% e 95%: dentro l'intervallo → 100%"
    below = indicator_score(ind, _pct(68), Rules())
    assert below.trace.it == (
        "fuori dall'intervallo tra 85% e 95%: 68% su 85%, più alto è meglio → 80%"
    )
    # a value of another kind is not measured against a range
    assert indicator_score(ind, Value(Kind.DONE, True), Rules()).score is None
    assert outcome_of(ind, Value(Kind.DATE, date(2025, 1, 1)), Rules()) == (
        Outcome.NOT_MEASURABLE,
        None,
    )


# -- end to end ---------------------------------------------------------------------------------

INDICATORS = [
    ["ID indicatore", "Codice obiettivo", "Descrizione", "Tipo", "Tipo valore", "Valore Atteso"],
    [
        "2025_S01_01/I1",
        "2025_S01_01",
        "Copertura del servizio",
        "EFFICACIA",
        "intervallo",
        "tra 85% e 95%",
    ],
    ["2025_S01_01/I2", "2025_S01_01", "Giorni di attesa", "EFFICIENZA", "intervallo", "da 10 a 20"],
    ["2025_S01_01/I3", "2025_S01_01", "Pratiche evase", "EFFICACIA", "numero", 120],
]
I1, I2, I3 = "2025_S01_01/I1", "2025_S01_01/I2", "2025_S01_01/I3"


@pytest.fixture(scope="module")
def range_plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    path = write_book(
        tmp_path_factory.mktemp("plan") / "piano.xlsx", plan_tables(Indicatori=INDICATORS)
    )
    loaded = load_plan(path)
    assert loaded.plan is not None
    assert [f.code for f in loaded.findings] == []
    return loaded.plan


def test_the_plan_workbook_reads_and_writes_a_range(tmp_path: Path, range_plan: Plan) -> None:
    inds = range_plan.indicators()
    assert [(i.kind, i.target and i.target.value, i.achieved_kind) for i in inds] == [
        (Kind.RANGE, "tra 85% e 95%", Kind.PERCENT),
        (Kind.RANGE, "tra 10 e 20", Kind.NUMBER),
        (Kind.NUMBER, 120.0, Kind.NUMBER),
    ]
    again = load_plan(save_plan(range_plan, tmp_path / "di_nuovo.xlsx")).plan
    assert again == range_plan
    assert again is not None and again.fingerprint() == range_plan.fingerprint()
    # the plan workbook offers it in the Tipo valore list
    ws = openpyxl.load_workbook(tmp_path / "di_nuovo.xlsx")["Indicatori"]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("intervallo" in (f or "") for f in lists)


def test_a_bad_range_in_the_plan_is_a_finding_with_its_cell(tmp_path: Path) -> None:
    rows = [list(r) for r in INDICATORS]
    rows[1][5] = "da 95% a 85%"
    path = write_book(tmp_path / "piano.xlsx", plan_tables(Indicatori=rows))
    loaded = load_plan(path)
    # the value that is no range is said with its cell; the indicator is left without target
    assert flatten(loaded.findings, ["code", "sheet", "cell", "raw"]) == [
        ("PLAN-016", "Indicatori", "F2", "da 95% a 85%"),
        ("PLAN-008", "Indicatori", "F2", None),
    ]


def _validations(path: Path) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    ws = openpyxl.load_workbook(path)["Indicatori"]
    return {
        str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2)
        for dv in ws.data_validations.dataValidation
    }


def test_the_sector_workbook_asks_for_the_value_that_achieves_a_range(
    tmp_path: Path, range_plan: Plan
) -> None:
    [path] = generate(range_plan, JUNE, tmp_path, ["S01"]).files
    ws = openpyxl.load_workbook(path)["Indicatori"]
    headers = {str(c.value): c.column_letter for c in ws[2] if c.value is not None}
    target, hint = headers["Valore Atteso"], headers["Da inserire"]
    shown = [(ws[f"{target}{r}"].value, ws[f"{hint}{r}"].value) for r in (4, 5, 6)]
    assert shown == [
        ("tra 85% e 95%", "percentuale (0-100)"),
        ("tra 10 e 20", "numero"),
        (120, "numero"),
    ]
    achieved = headers["Valore Raggiunto"]
    proposed = headers["Nuovo valore atteso proposto"]  # an interim period's proposal
    assert _validations(path) == {
        f"{achieved}4": ("decimal", None, "0", "100"),  # between, the default operator
        f"{achieved}5:{achieved}6": ("decimal", "greaterThanOrEqual", "0", None),
        # a new range is proposed as text («tra 80% e 90%»), a number as a number
        f"{proposed}4:{proposed}5": ("textLength", "lessThanOrEqual", "2000", None),
        f"{proposed}6": ("decimal", "greaterThanOrEqual", "0", None),
    }


def _returned(plan: Plan, period: Period, out: Path, typed: dict[str, Any]) -> Path:
    [path] = generate(plan, period, out, ["S01"]).files
    values = {"2025_S01_01/F1": {"Avanzamento (%)": 100, "Fine Effettiva": date(2025, 6, 30)}}
    values["2025_S01_01/F2"] = {"Avanzamento (%)": 50}
    values |= {rid: {"Valore Raggiunto": v} for rid, v in typed.items()}
    return fill(path, values, out / "compilata.xlsx")


def test_check_reads_a_range_s_value_as_its_achieved_kind(tmp_path: Path, range_plan: Plan) -> None:
    # a negative number is wrong whatever the target; a value below its range is a shortfall,
    # which the final report asks to explain in the Notes, with its cause
    path = _returned(range_plan, DEC, tmp_path, {I1: 80, I2: -3, I3: 120})
    report = check(range_plan, [path], period=DEC)
    assert flatten(report, ["code", "cell", "row_id", "severity"]) == [
        ("VALUE-002", "H5", I2, "error"),
        ("SCORE-036", "J4", I1, "warning"),
        ("VALUE-009", "I4", I1, "error"),
        ("SCORE-036", "J5", I2, "warning"),
        ("VALUE-009", "I5", I2, "error"),
    ]
    # at 30/06 neither a shortfall nor an empty value is asked about; a percentage over 100 is
    # out of range for a range of percentages too
    june = _returned(range_plan, JUNE, tmp_path / "j", {I1: 140, I2: 30})
    assert flatten(check(range_plan, [june], period=JUNE), ["code", "cell", "row_id"]) == [
        ("VALUE-002", "H4", I1)
    ]
    read = {(v.row_id, v.key): v for v in read_return(path, range_plan).values}
    assert (read[I1, "achieved"].kind, read[I1, "achieved"].value) == (
        Kind.PERCENT,
        Value(Kind.PERCENT, 80.0),
    )
    assert read[I2, "achieved"].value == Value(Kind.NUMBER, -3.0)
    typed_text = _returned(range_plan, DEC, tmp_path / "t", {I1: "tra 85% e 95%", I2: 15, I3: 120})
    assert flatten(check(range_plan, [typed_text], period=DEC), ["code", "cell", "raw"]) == [
        ("VALUE-001", "H4", "tra 85% e 95%")
    ]


def test_a_range_scores_end_to_end(tmp_path: Path, range_plan: Plan) -> None:
    path = _returned(range_plan, DEC, tmp_path, {I1: 68, I2: 15, I3: 120})
    result = consolidate(range_plan, [path], period=DEC)
    [obj] = result.scores.objectives
    assert [(i.score, i.outcome, i.gap) for i in obj.indicators] == [
        (pytest.approx(80.0), Outcome.BELOW, pytest.approx(-17.0)),
        (100.0, Outcome.IN_LINE, 0.0),
        (100.0, Outcome.IN_LINE, 0.0),
    ]
    assert obj.indicators[0].trace.it == (
        "fuori dall'intervallo tra 85% e 95%: 68% su 85%, più alto è meglio → 80%"
    )
    # the master shows the range as the plan wrote it and the gap in percentage points
    table = next(t for t in result.sheets() if t.key == "indicators")
    at = [c.key for c in table.columns]
    first = table.rows[0]
    assert "tra 85% e 95%" in first
    assert first[at.index("gap")] == Value(Kind.PERCENT, -17.0)


def test_a_range_s_values_are_questioned_like_a_number_s(tmp_path: Path, range_plan: Plan) -> None:
    """The checks of plausibility read a range's bounds: 0,9 typed for «tra 85% e 95%» looks
    like a fraction of 90%, 2.500 for «da 10 a 20» like a value a hundred times too large."""
    path = _returned(range_plan, JUNE, tmp_path, {I1: 0.9, I2: 2500, I3: 120})
    report = check(range_plan, [path], period=JUNE)
    assert flatten(report, ["code", "cell", "row_id", "severity"]) == [
        ("VALUE-010", "H4", I1, "warning"),
        ("VALUE-010", "H5", I2, "warning"),
    ]
    assert ["90%" in f.message_it for f in report.findings] == [True, False]


def test_the_text_export_s_range_target_is_a_range(tmp_path: Path) -> None:
    """A Valore atteso of the PEG-PIAO text export written as a range is read as one (and
    written to the plan workbook as «intervallo»); a text that only looks like one stays text."""
    from pegxl.plan.pegtext import parse_text

    from .conftest import SEED

    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = next(n for n, ln in enumerate(lines) if "neolaureati" in ln and "\tEFFICIENZA\t1,00" in ln)
    lines[at] = lines[at].replace("\tEFFICIENZA\t1,00", "\tEFFICIENZA\ttra 85% e 95%")
    other = next(n for n, ln in enumerate(lines) if n != at and "\tEFFICIENZA\t1,00" in ln)
    lines[other] = lines[other].replace("\tEFFICIENZA\t1,00", "\tEFFICIENZA\tda 1 a 2 giorni")
    r = parse_text("\n".join(lines))
    assert r.plan is not None
    targets = {i.target.raw: i for i in r.plan.indicators() if i.target is not None}
    ranged = targets["tra 85% e 95%"]
    assert (ranged.kind, ranged.target and ranged.target.value, ranged.achieved_kind) == (
        Kind.RANGE,
        "tra 85% e 95%",
        Kind.PERCENT,
    )
    assert targets["da 1 a 2 giorni"].kind is Kind.TEXT
    again = load_plan(save_plan(r.plan, tmp_path / "piano.xlsx")).plan
    assert again is not None
    assert next(i for i in again.indicators() if i.id == ranged.id).target == ranged.target

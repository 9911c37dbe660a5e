"""Scoring: every rule of design.md recomputed by hand, one test per rule, with the trace each
score explains itself with and the exact findings of what scoring notices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from pegxl.i18n import T
from pegxl.model import Direction, Indicator, Objective, Period, Phase, Plan, PriorValue, Sector
from pegxl.results.rollup import rollups
from pegxl.results.rules import Rules
from pegxl.results.scoring import (
    Outcome,
    Override,
    Status,
    Timing,
    expected_progress,
    indicator_score,
    score_plan,
    status_of,
)
from pegxl.returns.reader import ReadValue
from pegxl.values import Kind, ParseError, Value, format_value

from .tables import flatten

JUNE = Period.of(date(2025, 6, 30))
DECEMBER = Period.of(date(2025, 12, 31))
RULES = Rules()


def N(x: float, decimals: int | None = None) -> Value:
    return Value(Kind.NUMBER, float(x), "", decimals)


def P(x: float) -> Value:
    return Value(Kind.PERCENT, float(x))


def D(y: int, m: int, d: int) -> Value:
    return Value(Kind.DATE, date(y, m, d))


def DONE(flag: bool) -> Value:
    return Value(Kind.DONE, flag)


def ind(target: Value | None, direction: Direction = Direction.HIGHER, **kw: Any) -> Indicator:
    return Indicator("O1/I1", "O1", "indicatore", "EFFICACIA", target, direction=direction, **kw)


# -- one indicator, by the rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "achieved", "direction", "expected", "trace"),
    [
        # higher is better: min(a/t, 1)·100
        (N(85), N(84), Direction.HIGHER, 84 / 85 * 100, "84 su 85, più alto è meglio → 98,8%"),
        (N(85), N(85), Direction.HIGHER, 100.0, "85 su 85, più alto è meglio → 100%"),
        (
            N(85),
            N(100),
            Direction.HIGHER,
            100.0,
            "100 su 85, più alto è meglio → 117,6%, limitato a 100%",
        ),
        (N(4, 2), N(3), Direction.HIGHER, 75.0, "3 su 4,00, più alto è meglio → 75%"),
        # lower is better: 100 if a ≤ t else t/a·100
        (N(10), N(8), Direction.LOWER, 100.0, "8, al massimo 10, più basso è meglio → 100%"),
        (
            N(10),
            N(12),
            Direction.LOWER,
            10 / 12 * 100,
            "12 oltre 10, più basso è meglio: 10/12 → 83,3%",
        ),
        # a percentage like a number
        (P(85), P(84), Direction.HIGHER, 84 / 85 * 100, "84% su 85%, più alto è meglio → 98,8%"),
        # done: Fatto 100, Non fatto 0
        (DONE(True), DONE(True), Direction.HIGHER, 100.0, "Fatto, atteso Fatto → 100%"),
        (DONE(True), DONE(False), Direction.HIGHER, 0.0, "Non fatto, atteso Fatto → 0%"),
        # dates: 100 by the date, then 1 point fewer per day late
        (
            D(2025, 6, 30),
            D(2025, 6, 1),
            Direction.HIGHER,
            100.0,
            "01/06/2025, entro il 30/06/2025 → 100%",
        ),
        (
            D(2025, 6, 30),
            D(2025, 7, 5),
            Direction.HIGHER,
            95.0,
            "05/07/2025, 5 giorni dopo il 30/06/2025, −1 per giorno di ritardo → 95%",
        ),
        # target 0: by its side
        (N(0), N(0), Direction.LOWER, 100.0, "0, atteso 0: dalla parte giusta → 100%"),
        (N(0), N(3), Direction.LOWER, 0.0, "3, atteso 0: dalla parte sbagliata → 0%"),
        (N(0), N(-1), Direction.HIGHER, 0.0, "-1, atteso 0: dalla parte sbagliata → 0%"),
    ],
)
def test_indicator_rules(
    target: Value, achieved: Value, direction: Direction, expected: float, trace: str
) -> None:
    scored = indicator_score(ind(target, direction), achieved, RULES)
    assert scored.score == pytest.approx(expected)
    assert scored.trace.it == trace


def test_traces_in_english() -> None:
    assert indicator_score(ind(N(1250)), N(1000.5), RULES).trace.en == (
        "1,000.5 of 1,250, higher is better → 80%"
    )
    assert indicator_score(ind(DONE(True)), DONE(False), RULES).trace.en == (
        "Not done, expected Done → 0%"
    )


def test_cap_above_100_rewards_beating_the_target() -> None:
    rules = Rules(cap=120)
    assert indicator_score(ind(N(85)), N(100), rules).score == pytest.approx(100 / 85 * 100)
    assert indicator_score(ind(N(50)), N(100), rules).score == 120.0
    # lower is better, a below the target: t/a up to the cap
    assert indicator_score(ind(N(10), Direction.LOWER), N(9), rules).score == pytest.approx(
        10 / 9 * 100
    )


def test_late_points_per_day_is_a_rule() -> None:
    rules = Rules(late_points_per_day=2.5)
    scored = indicator_score(ind(D(2025, 6, 30)), D(2025, 7, 10), rules)
    assert scored.score == 75.0
    assert indicator_score(ind(D(2025, 6, 30)), D(2025, 12, 31), rules).score == 0.0


def test_prior_year_baseline() -> None:
    """(a − PY)/(t − PY)·100 clamped to 0–cap; without PY the simple rule."""
    rules = Rules(baseline="prior", cap=120)
    i = ind(N(100))
    assert indicator_score(i, N(90), rules, N(80)).score == pytest.approx(50.0)
    assert indicator_score(i, N(70), rules, N(80)).score == 0.0
    assert indicator_score(i, N(130), rules, N(80)).score == 120.0
    assert indicator_score(i, N(90), rules, None).score == pytest.approx(90.0)
    assert indicator_score(i, N(90), rules, N(80)).trace.it == (
        "90 su 100 partendo da 80 dell'anno precedente: (a − PY)/(t − PY) → 50%"
    )


def test_not_comparable_values_are_not_measurable() -> None:
    assert indicator_score(ind(N(5)), DONE(True), RULES).score is None
    assert indicator_score(ind(Value(Kind.TEXT, "in corso")), N(3), RULES).score is None
    assert indicator_score(ind(D(2025, 1, 1)), N(3), RULES).score is None


@pytest.mark.parametrize(
    ("score", "status"),
    [
        (100.0, Status.ACHIEVED),
        (90.0, Status.ACHIEVED),
        (89.99, Status.PARTIAL),
        (60.0, Status.PARTIAL),
        (59.99, Status.NOT_ACHIEVED),
        (0.0, Status.NOT_ACHIEVED),
        (None, Status.NOT_MEASURABLE),
    ],
)
def test_bands(score: float | None, status: Status) -> None:
    assert status_of(score, RULES) is status


def test_bands_are_rules() -> None:
    rules = Rules(band_achieved=100, band_partial=80)
    assert status_of(95, rules) is Status.PARTIAL and status_of(79, rules) is Status.NOT_ACHIEVED


# -- a whole plan, written inline -----------------------------------------------------------


def plan_of(objectives: Sequence[Objective]) -> Plan:
    sectors = tuple(
        Sector(code, f"SETTORE {code}") for code in dict.fromkeys(o.sector_code for o in objectives)
    )
    return Plan("Comune di Prova", 2025, sectors=sectors, objectives=tuple(objectives))


def objective(
    code: str,
    indicators: Sequence[tuple[Value | None, Direction]] = (),
    phases: Sequence[tuple[float | None, date | None, date | None]] = (),
    sector: str = "S01",
    **kw: Any,
) -> Objective:
    """An objective from small tables: indicators (target, direction), phases (weight, planned
    start, planned end)."""
    return Objective(
        code,
        f"Obiettivo {code}",
        sector,
        valore_pubblico="VP1",
        indicators=tuple(
            Indicator(f"{code}/I{n}", code, f"indicatore {n}", "EFFICACIA", t, direction=d)
            for n, (t, d) in enumerate(indicators, 1)
        ),
        phases=tuple(
            Phase(f"{code}/F{n}", code, f"fase {n}", s, e, weight=w)
            for n, (w, s, e) in enumerate(phases, 1)
        ),
        **kw,
    )


def read(
    row_id: str, key: str, value: Value | None, raw: str = "", error: bool = False
) -> ReadValue:
    sheet = "Fasi" if "/F" in row_id else "Indicatori"
    err = ParseError(raw, T(raw, raw), T("", "")) if error else None
    kind = value.kind if value is not None else Kind.NUMBER
    return ReadValue(sheet, "H3", row_id, key, key, kind, raw, value, err)


def values(table: Mapping[str, Mapping[str, Value | None]]) -> dict[str, dict[str, ReadValue]]:
    """Values read, written as ``{row id: {key: value}}``."""
    return {
        rid: {key: read(rid, key, v, format_value(v) if v else "") for key, v in cols.items()}
        for rid, cols in table.items()
    }


def test_objective_is_the_mean_of_its_indicators() -> None:
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER), (N(10), Direction.LOWER)])])
    scores, found = score_plan(
        plan, DECEMBER, values({"O1/I1": {"achieved": N(80)}, "O1/I2": {"achieved": N(20)}}), RULES
    )
    [o] = scores.objectives
    assert [i.score for i in o.indicators] == [80.0, 50.0]
    assert o.indicator_mean == 65.0 and o.score == 65.0
    assert o.trace.it == "media di 2 indicatori misurati → 65%"
    assert found == []


@pytest.mark.parametrize(
    ("period", "policy", "score", "codes"),
    [
        (JUNE, "exclude", None, [("SCORE-001", "info")]),
        (DECEMBER, "zero", 0.0, [("SCORE-002", "warning")]),
        (DECEMBER, "error", None, [("SCORE-003", "error")]),
        (JUNE, "zero", 0.0, [("SCORE-002", "warning")]),
    ],
)
def test_missing_values_by_the_period_policy(
    period: Period, policy: str, score: float | None, codes: list[tuple[str, str]]
) -> None:
    """Defaults: intermediate exclude, final zero; every application reported."""
    rules = Rules(missing_intermediate=policy) if period is JUNE else Rules(missing_final=policy)
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER), (N(50), Direction.HIGHER)])])
    scores, found = score_plan(plan, period, values({"O1/I1": {"achieved": N(100)}}), rules)
    [o] = scores.objectives
    assert o.indicators[1].score == score
    assert flatten(found, ["code", "severity"]) == codes
    assert found[0].row_id == "O1/I2"
    # excluded: left out of the mean; zero: counted as 0
    assert o.score == (100.0 if score is None else 50.0)


def test_default_policies_and_their_trace() -> None:
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER)])])
    june, _ = score_plan(plan, JUNE, {}, RULES)
    dec, _ = score_plan(plan, DECEMBER, {}, RULES)
    assert june.objectives[0].indicators[0].trace.it == (
        "valore mancante: non valutabile, escluso dalle medie (regola dei valori mancanti nel "
        "monitoraggio intermedio)"
    )
    assert june.objectives[0].score is None
    assert dec.objectives[0].indicators[0].score == 0.0
    assert dec.objectives[0].score == 0.0


def test_a_value_that_could_not_be_read_is_never_counted() -> None:
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER), (N(100), Direction.HIGHER)])])
    vals = values({"O1/I1": {"achieved": N(50)}})
    vals["O1/I2"] = {"achieved": read("O1/I2", "achieved", None, "quasi", error=True)}
    scores, found = score_plan(plan, DECEMBER, vals, RULES)
    assert scores.objectives[0].indicators[1].score is None  # not 0, whatever the policy
    assert scores.objectives[0].score == 50.0
    assert found == []


def test_phases_weighted_progress() -> None:
    """Σ(peso·avanzamento)/Σpeso, with no indicators: the objective is its phases."""
    plan = plan_of([objective("O1", phases=[(60, None, None), (40, None, None)])])
    vals = values({"O1/F1": {"progress": P(100)}, "O1/F2": {"progress": P(50)}})
    scores, found = score_plan(plan, DECEMBER, vals, RULES)
    [o] = scores.objectives
    assert o.phase_progress == 80.0 and o.score == 80.0
    assert [p.weight for p in o.phases] == [60.0, 40.0]
    assert o.trace.it == "nessun indicatore misurabile: avanzamento pesato delle fasi → 80%"
    assert found == []


def test_phases_without_weight_share_what_is_left() -> None:
    plan = plan_of(
        [objective("O1", phases=[(60, None, None), (None, None, None), (None, None, None)])]
    )
    vals = values(
        {"O1/F1": {"progress": P(100)}, "O1/F2": {"progress": P(50)}, "O1/F3": {"progress": P(0)}}
    )
    scores, found = score_plan(plan, DECEMBER, vals, RULES)
    # 60·100 + 20·50 + 20·0 over 100
    assert scores.objectives[0].phase_progress == 70.0
    assert [p.weight for p in scores.objectives[0].phases] == [60.0, 20.0, 20.0]
    assert found == []
    equal, _ = score_plan(plan, DECEMBER, vals, Rules(unweighted="equal"))
    assert equal.objectives[0].phase_progress == 50.0


def test_weights_not_summing_to_100_are_rescaled_and_reported() -> None:
    plan = plan_of([objective("O1", phases=[(30, None, None), (30, None, None)])])
    vals = values({"O1/F1": {"progress": P(100)}, "O1/F2": {"progress": P(50)}})
    scores, found = score_plan(plan, DECEMBER, vals, RULES)
    assert scores.objectives[0].phase_progress == 75.0
    assert [p.weight for p in scores.objectives[0].phases] == [50.0, 50.0]
    assert flatten(found, ["code", "row_id"]) == [("SCORE-004", "O1")]
    assert "sommano a 60" in found[0].message_it


def test_phases_without_weight_beyond_100_weigh_nothing() -> None:
    plan = plan_of(
        [objective("O1", phases=[(60, None, None), (50, None, None), (None, None, None)])]
    )
    vals = values(
        {"O1/F1": {"progress": P(100)}, "O1/F2": {"progress": P(0)}, "O1/F3": {"progress": P(100)}}
    )
    scores, found = score_plan(plan, DECEMBER, vals, RULES)
    assert scores.objectives[0].phase_progress == pytest.approx(6000 / 110)
    assert flatten(found, ["code"]) == [("SCORE-014",), ("SCORE-004",)]


def test_blend_of_indicators_and_phases() -> None:
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER)], [(100, None, None)])])
    vals = values({"O1/I1": {"achieved": N(80)}, "O1/F1": {"progress": P(60)}})
    rules = Rules(objective_mode="blend", indicators_weight=0.5, phases_weight=0.5)
    scores, _ = score_plan(plan, DECEMBER, vals, rules)
    [o] = scores.objectives
    assert o.score == 70.0
    assert o.trace.it == (
        "peso 0,5 alla media degli indicatori (80%), peso 0,5 all'avanzamento delle fasi (60%) "
        "→ 70%"
    )
    # the default: the indicators where there are any
    default, _ = score_plan(plan, DECEMBER, vals, RULES)
    assert default.objectives[0].score == 80.0


def test_expected_progress_and_timing_in_an_intermediate_period() -> None:
    whole_year = (100, date(2025, 1, 1), date(2025, 12, 31))
    assert expected_progress(
        Phase("x", "O", "f", date(2025, 1, 1), date(2025, 12, 31)), date(2025, 6, 30)
    ) == pytest.approx(round(180 / 364 * 100, 1))
    plan = plan_of(
        [objective("O1", phases=[whole_year, whole_year, whole_year, (100, None, None)])]
    )
    vals = values(
        {"O1/F1": {"progress": P(30)}, "O1/F2": {"progress": P(45)}, "O1/F4": {"progress": P(10)}}
    )
    scores, _ = score_plan(plan, JUNE, vals, RULES)
    phases = scores.objectives[0].phases
    assert [p.expected for p in phases] == [49.5, 49.5, 49.5, None]
    # 30 is more than 10 points behind 49.5: late; 45 within; nothing and no start: not started
    assert [p.timing for p in phases] == [Timing.LATE, Timing.ON_TIME, Timing.NOT_STARTED, None]
    final, _ = score_plan(plan, DECEMBER, vals, RULES)
    assert all(p.expected is None and p.timing is None for p in final.objectives[0].phases)


def test_outcome_and_gap() -> None:
    plan = plan_of(
        [
            objective(
                "O1",
                [
                    (N(100), Direction.HIGHER),
                    (N(100), Direction.HIGHER),
                    (N(10), Direction.LOWER),
                    (D(2025, 6, 30), Direction.HIGHER),
                    (N(100), Direction.HIGHER),
                ],
            )
        ]
    )
    vals = values(
        {
            "O1/I1": {"achieved": N(100)},
            "O1/I2": {"achieved": N(120)},
            "O1/I3": {"achieved": N(12)},
            "O1/I4": {"achieved": D(2025, 6, 20)},
        }
    )
    scores, _ = score_plan(plan, JUNE, vals, RULES)
    got = [(i.outcome, i.gap) for i in scores.objectives[0].indicators]
    assert got == [
        (Outcome.IN_LINE, 0.0),
        (Outcome.ABOVE, 20.0),
        (Outcome.BELOW, 2.0),
        (Outcome.ABOVE, -10.0),
        (Outcome.NOT_MEASURABLE, None),
    ]
    tolerant, _ = score_plan(plan, JUNE, vals, Rules(in_line_tolerance=20))
    assert [i.outcome for i in tolerant.objectives[0].indicators][:3] == [Outcome.IN_LINE] * 3


def test_override_replaces_the_score_in_the_rollups_and_keeps_the_computed_one() -> None:
    plan = plan_of(
        [
            objective("O1", [(N(100), Direction.HIGHER)]),
            objective("O2", [(N(100), Direction.HIGHER)]),
        ]
    )
    vals = values({"O1/I1": {"achieved": N(50)}, "O2/I1": {"achieved": N(100)}})
    granted = {"O1": Override(90.0, "ritardo dovuto al fornitore", "nucleo.xlsx B2")}
    scores, found = score_plan(plan, DECEMBER, vals, RULES, overrides=granted)
    o1 = scores.objectives[0]
    assert o1.score == 50.0 and o1.final == 90.0
    assert scores.rollups[-1].plain == 95.0
    assert flatten(found, ["code", "row_id", "file"]) == [("SCORE-007", "O1", "nucleo.xlsx B2")]
    assert "90% (calcolato 50%)" in found[0].message_it
    assert "ritardo dovuto al fornitore" in found[0].message_it
    # an indicator's override enters its objective's mean
    ind_granted = {"O1/I1": Override(80.0, "dato corretto dal settore")}
    scores, _ = score_plan(plan, DECEMBER, vals, RULES, overrides=ind_granted)
    assert scores.objectives[0].indicators[0].score == 50.0
    assert scores.objectives[0].score == 80.0


def test_rollups_weighted_and_plain() -> None:
    """Weights by items measured (default): 3 indicators at 100, 1 at 50."""
    plan = plan_of(
        [
            objective("O1", [(N(100), Direction.HIGHER)] * 3, sector="S01", mission=_link("M1")),
            objective("O2", [(N(100), Direction.HIGHER)], sector="S02", mission=_link("M1")),
            objective("O3", [(N(100), Direction.HIGHER)], sector="S02", mission=_link("M2")),
        ]
    )
    vals = values(
        {
            "O1/I1": {"achieved": N(100)},
            "O1/I2": {"achieved": N(100)},
            "O1/I3": {"achieved": N(100)},
            "O2/I1": {"achieved": N(50)},
        }
    )
    scores, _ = score_plan(plan, JUNE, vals, RULES)
    by = {(r.level, r.key): r for r in scores.rollups}
    entity = by[("entity", "")]
    assert entity.objectives == 3 and entity.measured == 2
    assert entity.weighted == pytest.approx(87.5) and entity.plain == 75.0
    # at 30/06 objectives are counted by computed state, never by grade
    assert entity.counts == {"in_linea": 2, "a_rischio": 0, "critico": 0, "non_valutabile": 1}
    graded = rollups(plan, scores.objectives, RULES)  # the grades, where a period grades
    assert graded[-1].counts == {
        Status.ACHIEVED: 1,
        Status.PARTIAL: 0,
        Status.NOT_ACHIEVED: 1,
        Status.NOT_MEASURABLE: 1,
    }
    assert by[("mission", "M1")].weighted == pytest.approx(87.5)
    assert by[("sector", "S02")].plain == 50.0 and by[("sector", "S02")].measured == 1
    equal = rollups(plan, scores.objectives, Rules(weights="equal"))
    assert equal[-1].weighted == 75.0
    explicit = rollups(plan, scores.objectives, Rules(objective_weights={"O2": 3.0}))
    assert explicit[-1].weighted == pytest.approx((3 * 100 + 3 * 50) / 6)
    assert [r.level for r in scores.rollups] == [
        "sector",
        "sector",
        "valore_pubblico",
        "mission",
        "mission",
        "entity",
    ]


def _link(code: str) -> Any:
    from pegxl.model import Link

    return Link(code, f"missione {code}")


def test_a_sector_without_return_is_not_measured() -> None:
    plan = plan_of([objective("O1", [(N(100), Direction.HIGHER)], sector="S09")])
    scores, found = score_plan(plan, DECEMBER, {}, RULES, missing_sectors=["S09"])
    assert scores.objectives[0].score is None and scores.objectives[0].sector_missing
    assert flatten(found, ["code", "raw", "severity"]) == [("SCORE-012", "S09", "warning")]


def test_findings_of_the_indicator_rules() -> None:
    plan = plan_of(
        [
            objective(
                "O1",
                [
                    (N(0), Direction.LOWER),
                    (N(85), Direction.HIGHER),
                    (Value(Kind.TEXT, "in corso"), Direction.HIGHER),
                ],
            )
        ]
    )
    vals = values({"O1/I1": {"achieved": N(2)}, "O1/I2": {"achieved": N(8500)}})
    _, found = score_plan(plan, JUNE, vals, RULES)
    assert flatten(found, ["code", "row_id", "severity"]) == [
        ("SCORE-005", "O1/I1", "info"),
        ("SCORE-006", "O1/I2", "warning"),
        ("SCORE-010", "O1/I3", "info"),
    ]
    assert found[1].cell == "H3" and found[1].raw == "8.500"


def test_baseline_missing_is_reported() -> None:
    i = replace(
        objective("O1", [(N(100), Direction.HIGHER)]).indicators[0],
        prior=(PriorValue(2023, N(70)),),
    )
    plan = plan_of([replace(objective("O1"), indicators=(i,))])
    vals = values({"O1/I1": {"achieved": N(90)}})
    scores, found = score_plan(plan, DECEMBER, vals, Rules(baseline="prior"))
    assert flatten(found, ["code", "row_id"]) == [("SCORE-013", "O1/I1")]
    assert scores.objectives[0].score == 90.0
    with_2024 = replace(i, prior=(PriorValue(2024, N(80)),))
    plan = plan_of([replace(objective("O1"), indicators=(with_2024,))])
    scores, found = score_plan(plan, DECEMBER, vals, Rules(baseline="prior"))
    assert scores.objectives[0].score == 50.0 and found == []


# -- properties -----------------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

positive = st.floats(min_value=0.01, max_value=1e9, allow_nan=False)
achieved = st.floats(min_value=0, max_value=1e9, allow_nan=False)
caps = st.sampled_from([100.0, 120.0, 200.0])


@given(target=positive, a=achieved, b=achieved, cap=caps)
def test_higher_is_better_is_bounded_and_never_rewards_less(
    target: float, a: float, b: float, cap: float
) -> None:
    rules = Rules(cap=cap)
    i = ind(N(target))
    sa, sb = (indicator_score(i, N(x), rules).score for x in (a, b))
    assert sa is not None and sb is not None
    assert 0 <= sa <= cap and 0 <= sb <= cap
    if a <= b:
        assert sa <= sb + 1e-9


@given(target=positive, a=achieved, b=achieved)
def test_lower_is_better_is_bounded_and_never_rewards_more(
    target: float, a: float, b: float
) -> None:
    i = ind(N(target), Direction.LOWER)
    sa, sb = (indicator_score(i, N(x), RULES).score for x in (a, b))
    assert sa is not None and sb is not None
    assert 0 <= sa <= 100 and 0 <= sb <= 100
    if a <= b:
        assert sa >= sb - 1e-9


@given(
    weights=st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=1, max_size=6),
    progress=st.lists(st.floats(0, 100), min_size=6, max_size=6),
)
def test_phase_progress_is_a_weighted_mean_within_its_values(
    weights: list[float | None], progress: list[float]
) -> None:
    phases = [(w, None, None) for w in weights]
    plan = plan_of([objective("O1", phases=phases)])
    vals = values(
        {f"O1/F{n}": {"progress": P(p)} for n, p in enumerate(progress[: len(weights)], 1)}
    )
    scores, _ = score_plan(plan, DECEMBER, vals, RULES)
    got = scores.objectives[0].phase_progress
    used = progress[: len(weights)]
    assert got is not None and min(used) - 1e-9 <= got <= max(used) + 1e-9
    shares = [p.weight for p in scores.objectives[0].phases]
    assert sum(s or 0 for s in shares) == pytest.approx(100, abs=1e-3)  # each rounded to 4 places

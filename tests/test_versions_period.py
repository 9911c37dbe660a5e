"""Which version of a sector counts is decided by one period, the one finally consolidated, and
the version counted always has its values (issue 16.1).

Without ``--period`` each return is first judged against its own period, and the versions kept
while the batch is read were ranked by those judgements: a version generated with ``--kind
finale`` was ranked (and thinned) under its final rules, then counted as intermediate with no
values, and its sector showed "—". Every scenario below is consolidated with and without
``--period``, on one and on two worker processes, and must count the same files with the values
a fresh read of the counted file gives."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pegxl.findings import Code
from pegxl.model import Period, Plan
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.returns.reader import read_return
from pegxl.workbook.writer import generate

from .tables import fill

JUNE = Period.of(date(2025, 6, 30))
JUNE_FINAL = Period.of(date(2025, 6, 30), "finale")
DECEMBER = Period.of(date(2025, 12, 31))

#: S05 half done, with a note: valid as intermediate and under the final rules at 30/06
HALF = {
    "2025_S05_04/F1": {"Avanzamento (%)": 50},
    "2025_S05_04/F2": {"Avanzamento (%)": 20},
    "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "in corso"},
}
#: another achieved value, short of the target (2) without a note: valid as intermediate, an
#: error under the final rules (VALUE-009: a shortfall the final report must explain)
SHORT = {**HALF, "2025_S05_04/I1": {"Valore Raggiunto": "1,5", "Note": None}}


def blank(plan: Plan, period: Period, sector: str, tmp: Path) -> Path:
    out = tmp / f"blank_{period.iso}_{period.kind.value}_{sector}"
    if not out.exists():
        generate(plan, period, out, [sector])
    return next(out.glob("*.xlsx"))


def version(
    plan: Plan, tmp: Path, folder: Path, name: str, period: Period, values: dict, day: int
) -> Path:
    from pegxl.demo import stamp_saved

    path = fill(blank(plan, period, "S05", tmp), values, folder / name)
    stamp_saved(path, datetime(2025, 7, day, 9))
    return path


def counted_values(result: Consolidation) -> dict[str, list[tuple[str, str, object]]]:
    return {
        s: sorted((v.row_id, v.key, v.raw) for v in r.values)
        for s, r in result.selection.counted.items()
    }


def fresh_values(result: Consolidation, plan: Plan) -> dict[str, list[tuple[str, str, object]]]:
    return {
        s: sorted((v.row_id, v.key, v.raw) for v in read_return(r.path, plan).values)
        for s, r in result.selection.counted.items()
    }


def s05(result: Consolidation) -> tuple[float | None, int, int]:
    [r] = [r for r in result.scores.rollups if r.level == "sector" and r.key == "S05"]
    return r.weighted, r.measured, r.objectives


def files(result: Consolidation) -> list[tuple[str, str]]:
    return [(r.name, r.status.value) for r in result.selection.rows if r.path]


SCENARIOS = {
    # the issue's case: an intermediate, then a later one generated with --kind finale that has
    # an error under its own final rules (ranked below the first while the batch was read)
    "intermediate_then_final": [
        ("v1.xlsx", JUNE, HALF, 1),
        ("v2.xlsx", JUNE_FINAL, SHORT, 5),
    ],
    # the reverse order
    "final_then_intermediate": [
        ("v1.xlsx", JUNE_FINAL, SHORT, 1),
        ("v2.xlsx", JUNE, SHORT, 5),
    ],
    # three versions of mixed kinds, the final ones most: the batch is final at 30/06, and the
    # latest (final, with an error under its rules) counts with its errors and its values (the
    # latest saved counts, issue 17.6), the others superseded
    "three_mixed_final_most": [
        ("v1.xlsx", JUNE, HALF, 1),
        ("v2.xlsx", JUNE_FINAL, SHORT, 3),
        ("v3.xlsx", JUNE_FINAL, HALF, 2),
    ],
    # three versions, intermediate most, the final one the latest
    "three_mixed_intermediate_most": [
        ("v1.xlsx", JUNE, HALF, 1),
        ("v2.xlsx", JUNE, SHORT, 2),
        ("v3.xlsx", JUNE_FINAL, SHORT, 6),
    ],
    # a version of another date beside them: never the one counted, never a reason to thin
    "with_another_date": [
        ("v1.xlsx", JUNE, HALF, 1),
        ("v2.xlsx", JUNE_FINAL, SHORT, 5),
        ("v3.xlsx", JUNE, SHORT, 4),
        ("v4.xlsx", DECEMBER, HALF, 7),
    ],
}

#: scenario -> (the batch's period without --period, the files and their fate then, the achieved
#: value counted)
EXPECTED = {
    "intermediate_then_final": (
        JUNE,
        [("v1.xlsx", "superato"), ("v2.xlsx", "conteggiato")],
        "1,5",
    ),
    "final_then_intermediate": (
        JUNE,
        [("v1.xlsx", "superato"), ("v2.xlsx", "conteggiato")],
        "1,5",
    ),
    "three_mixed_final_most": (
        JUNE_FINAL,
        [
            ("v1.xlsx", "superato"),
            ("v2.xlsx", "conteggiato_con_errori"),
            ("v3.xlsx", "superato"),
        ],
        "1,5",
    ),
    "three_mixed_intermediate_most": (
        JUNE,
        [("v1.xlsx", "superato"), ("v2.xlsx", "superato"), ("v3.xlsx", "conteggiato")],
        "1,5",
    ),
    "with_another_date": (
        JUNE,
        [
            ("v1.xlsx", "superato"),
            ("v2.xlsx", "conteggiato"),
            ("v3.xlsx", "superato"),
            ("v4.xlsx", "altro_periodo"),
        ],
        "1,5",
    ),
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("versions")
    out = {}
    for name, versions in SCENARIOS.items():
        folder = tmp / name
        folder.mkdir()
        for file, period, values, day in versions:
            version(seed_plan, tmp, folder, file, period, values, day)
        out[name] = folder
    return out


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_the_version_counted_is_chosen_by_the_consolidated_period_and_has_its_values(
    folders: dict[str, Path], seed_plan: Plan, scenario: str, workers: int
) -> None:
    period, fates, achieved = EXPECTED[scenario]
    found = consolidate(seed_plan, [folders[scenario]], workers=workers)
    given = consolidate(seed_plan, [folders[scenario]], period=period, workers=workers)
    assert found.period == period
    assert files(found) == fates
    assert files(given) == fates
    # the counted version has every value a fresh read of it gives, with --period or not
    assert counted_values(found) == fresh_values(found, seed_plan)
    assert counted_values(found) == counted_values(given)
    # every input cell of its rows (and, in an intermediate period, its nine monitoring answers)
    # (a final workbook has its «Causa dello scostamento» too)
    own = found.selection.counted["S05"].period
    assert own is not None
    assert len(counted_values(found)["S05"]) == (11 if own.policy.grades else 19)
    assert s05(found) == s05(given)
    assert s05(found)[1:] == (1, 1)  # its objective measured, not "—"
    raw = {(v.row_id, v.key): v.raw for v in found.selection.counted["S05"].values}
    assert raw[("2025_S05_04/I1", "achieved")] == achieved
    assert Code.RETURN_CHANGED not in {f.code for f in found.findings}


def test_the_issue_case_scores_the_later_version(folders: dict[str, Path], seed_plan: Plan) -> None:
    """The later version counts with its own values: S05 scores 1.5 of 2 on its indicator
    (75 %), as when --period is given, not "—" with no objective measured."""
    found = consolidate(seed_plan, [folders["intermediate_then_final"]], workers=1)
    [ind] = [i for i in found.scores.indicators() if i.indicator.id == "2025_S05_04/I1"]
    assert ind.score == 75.0
    assert s05(found) == s05(
        consolidate(seed_plan, [folders["intermediate_then_final"]], period=JUNE)
    )


@pytest.mark.parametrize("period", [JUNE, JUNE_FINAL])
def test_with_period_given_every_kind_is_judged_by_it(
    folders: dict[str, Path], seed_plan: Plan, period: Period
) -> None:
    """--period given, either kind at 30/06: the latest version counts under that period's
    rules (with its errors, if it has any under them), with its values."""
    result = consolidate(seed_plan, [folders["three_mixed_intermediate_most"]], period=period)
    assert result.period == period
    expected = (
        [("v1.xlsx", "superato"), ("v2.xlsx", "superato"), ("v3.xlsx", "conteggiato")]
        if period == JUNE
        else [
            ("v1.xlsx", "superato"),
            ("v2.xlsx", "superato"),
            ("v3.xlsx", "conteggiato_con_errori"),
        ]
    )
    assert files(result) == expected
    assert counted_values(result) == fresh_values(result, seed_plan)


def test_a_counted_version_thinned_by_mistake_is_read_again(
    folders: dict[str, Path], seed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: were the counted version thinned while the batch was read, it is read
    again whole (same bytes), never counted without values."""
    from pegxl.returns import deliveries

    def thin_all(self: object, ret, judged_at=None, rules=()) -> None:  # type: ignore[no-untyped-def]
        ret.thin()

    monkeypatch.setattr(deliveries.Versions, "offer", thin_all)
    result = consolidate(seed_plan, [folders["intermediate_then_final"]], workers=1)
    assert files(result) == EXPECTED["intermediate_then_final"][1]
    assert counted_values(result) == fresh_values(result, seed_plan)
    assert Code.RETURN_CHANGED not in {f.code for f in result.findings}


def test_a_counted_version_changed_on_disk_is_said_not_counted_from_unjudged_bytes(
    folders: dict[str, Path],
    seed_plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Were the counted version thinned and its file changed before it was read again, its
    values are not taken from bytes nobody judged: SCORE-017 names the file and the sector."""
    from pegxl.returns import deliveries

    folder = tmp_path / "r"
    shutil.copytree(folders["intermediate_then_final"], folder)
    counted = folder / "v2.xlsx"

    def thin_and_change(self: object, ret, judged_at=None, rules=()) -> None:  # type: ignore[no-untyped-def]
        ret.thin()
        if Path(ret.path) == counted:
            fill(counted, {"2025_S05_04/I1": {"Valore Raggiunto": 9}})

    monkeypatch.setattr(deliveries.Versions, "offer", thin_and_change)
    result = consolidate(seed_plan, [folder], period=JUNE, workers=1)
    [f] = [f for f in result.findings if f.code is Code.RETURN_CHANGED]
    assert (f.file, f.raw, f.severity.value) == (str(counted), "S05", "error")
    assert "«v2.xlsx», la scheda che conta per il settore S05, è cambiata" in f.message_it
    assert result.selection.counted["S05"].values == []
    assert s05(result)[1] == 0


@pytest.mark.client
@pytest.mark.parametrize("period", [None, JUNE])
def test_an_ods_version_is_chosen_by_the_same_period_with_its_values(
    folders: dict[str, Path], seed_plan: Plan, tmp_path: Path, period: Period | None
) -> None:
    """The later version saved by LibreOffice as .ods (generated with --kind finale): counted
    with its values, with --period and without."""
    from .clients import soffice_convert

    folder = tmp_path / "r"
    folder.mkdir()
    src = folders["intermediate_then_final"]
    shutil.copy2(src / "v1.xlsx", folder / "v1.xlsx")
    [ods] = soffice_convert([src / "v2.xlsx"], "ods", folder, tmp_path / "profile")
    result = consolidate(seed_plan, [folder], period=period, workers=1)
    assert result.period == JUNE
    assert files(result) == [("v1.xlsx", "superato"), (ods.name, "conteggiato")]
    assert counted_values(result) == fresh_values(result, seed_plan)
    raw = {(v.row_id, v.key): v.raw for v in result.selection.counted["S05"].values}
    assert raw[("2025_S05_04/I1", "achieved")] == "1,5"
    assert s05(result)[1:] == (1, 1)


_KINDS = {"i": JUNE, "f": JUNE_FINAL}
_FILLS = {"half": HALF, "short": SHORT}


@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    versions=st.lists(
        st.tuples(
            st.sampled_from(sorted(_KINDS)),
            st.sampled_from(sorted(_FILLS)),
            st.integers(min_value=1, max_value=28),
        ),
        min_size=1,
        max_size=4,
    ),
    workers=st.sampled_from([1, 2]),
)
def test_any_versions_are_chosen_as_if_the_period_had_been_given(
    seed_plan: Plan,
    tmp_path_factory: pytest.TempPathFactory,
    versions: list[tuple[str, str, int]],
    workers: int,
) -> None:
    """Any versions of either kind at 30/06, in any order of saving: without --period the
    choice, the values counted and the score are those of --period with the batch's period."""
    tmp = tmp_path_factory.mktemp("any")
    folder = tmp / "r"
    folder.mkdir()
    blanks = tmp_path_factory.getbasetemp() / "blanks_any"
    blanks.mkdir(exist_ok=True)
    for n, (kind, values, day) in enumerate(versions, 1):
        version(seed_plan, blanks, folder, f"v{n}.xlsx", _KINDS[kind], _FILLS[values], day)
    found = consolidate(seed_plan, [folder], workers=workers)
    given_ = consolidate(seed_plan, [folder], period=found.period, workers=workers)
    assert files(found) == files(given_)
    assert counted_values(found) == counted_values(given_) == fresh_values(found, seed_plan)
    assert s05(found) == s05(given_)
    assert s05(found)[1] == 1
    shutil.rmtree(tmp)

"""consolidate: which returns count, what became of every file, the values with their lineage,
determinism in any order, hostile files listed and never fatal."""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.results.consolidate import Consolidation, NoPeriod, consolidate
from pegxl.returns.deliveries import Delivery
from pegxl.workbook.writer import generate

from .conftest import workbook_of
from .tables import fill, flatten


def stamp(path: Path, y: int, m: int, d: int, h: int = 9) -> Path:
    from pegxl.demo import stamp_saved

    stamp_saved(path, datetime(y, m, d, h))
    return path


S05_OK = {
    "2025_S05_04/F1": {"Avanzamento (%)": 50},
    "2025_S05_04/F2": {"Avanzamento (%)": 20},
    "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "in corso"},
}
ND_OK = {
    **{f"2025_ND_01/F{n}": {"Avanzamento (%)": 10 * n} for n in range(1, 7)},
    "2025_ND_01/I1": {"Valore Raggiunto": 15},
    "2025_ND_01/I2": {"Valore Raggiunto": "80%"},
    "2025_ND_01/I3": {"Valore Raggiunto": "Fatto"},
    "2025_ND_01/I4": {"Valore Raggiunto": "Non fatto"},
}


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory, june_dir: Path, seed_plan: Plan) -> Path:
    """A returns folder as an office finds it after a campaign: versions, a copy, errors,
    another period, a PDF, a zip bomb, a spreadsheet that is not a return."""
    folder = tmp_path_factory.mktemp("risposte")
    s05 = workbook_of(june_dir, "S05")
    nd = workbook_of(june_dir, "ND")
    s07 = workbook_of(june_dir, "S07")
    s08 = workbook_of(june_dir, "S08")
    # S05: a first version, then a later one: the later counts
    stamp(
        fill(s05, {**S05_OK, "2025_S05_04/I1": {"Valore Raggiunto": 0}}, folder / "s05_v1.xlsx"),
        2025,
        7,
        1,
    )
    stamp(fill(s05, S05_OK, folder / "s05_v2.xlsx"), 2025, 7, 5)
    # ND: a valid version, then a later one with errors: the later counts, with its errors
    stamp(fill(nd, ND_OK, folder / "nd_v1.xlsx"), 2025, 7, 1)
    bad_nd = {**ND_OK, "2025_ND_01/I1": {"Valore Raggiunto": "quasi"}}
    stamp(fill(nd, bad_nd, folder / "nd_v2.xlsx"), 2025, 7, 6)
    # S07: one return (incomplete: errors) and an identical copy
    stamp(fill(s07, {"2025_S07_01/I1": {"Valore Raggiunto": 3}}, folder / "s07.xlsx"), 2025, 7, 2)
    shutil.copy2(folder / "s07.xlsx", folder / "s07_copia.xlsx")
    # S08: only a return with errors: counted with errors
    stamp(
        fill(
            s08,
            {
                "2025_S08_01/I1": {"Valore Raggiunto": "tanti"},
                "2025_S08_01/F1": {"Avanzamento (%)": 40},
            },
            folder / "s08.xlsx",
        ),
        2025,
        7,
        3,
    )
    # S09: only the final report's workbook: another period, so S09 is missing
    [final] = generate(seed_plan, Period.of(date(2025, 12, 31)), folder / "tmp", ["S09"]).files
    shutil.move(final, folder / "s09_dicembre.xlsx")  # sent as received: never saved again
    shutil.rmtree(folder / "tmp")
    # what else lands in a returns folder
    (folder / "lettera.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    from .hostile import zip_bomb

    zip_bomb(s05, folder / "bomba.xlsx")
    from .tables import write_book

    write_book(folder / "altro.xlsx", {"Foglio1": [["a", "b"], [1, 2]]})
    (folder / "~$s05_v2.xlsx").write_bytes(b"lock")  # an Office lock file: not a return
    return folder


@pytest.fixture(scope="module")
def result(campaign: Path, seed_plan: Plan) -> Consolidation:
    return consolidate(seed_plan, [campaign], period=Period.of(date(2025, 6, 30)))


def statuses(result: Consolidation) -> list[tuple[str, str, str]]:
    return [(r.name, r.sector, r.status.value) for r in result.selection.rows]


def test_every_file_with_what_became_of_it(result: Consolidation) -> None:
    assert statuses(result) == [
        ("altro.xlsx", "", "rifiutato"),
        ("bomba.xlsx", "", "rifiutato"),
        ("lettera.pdf", "", "rifiutato"),
        ("nd_v1.xlsx", "ND", "superato"),
        ("nd_v2.xlsx", "ND", "conteggiato_con_errori"),
        ("s05_v1.xlsx", "S05", "superato"),
        ("s05_v2.xlsx", "S05", "conteggiato"),
        ("s07.xlsx", "S07", "superato"),
        ("s07_copia.xlsx", "S07", "conteggiato_con_errori"),
        ("s08.xlsx", "S08", "conteggiato_con_errori"),
        ("s09_dicembre.xlsx", "S09", "altro_periodo"),
        ("", "S09", "mancante"),
    ]


def test_why_each_file_counts_or_not(result: Consolidation) -> None:
    why = {r.name or r.sector: r.why.it for r in result.selection.rows}
    assert why["s05_v2.xlsx"] == (
        "la versione più recente, senza errori (salvato il 05/07/2025 09:00 UTC)"
    )
    assert why["s05_v1.xlsx"] == "sostituito da «s05_v2.xlsx», salvato più tardi (05/07/2025 09:00)"
    assert why["nd_v2.xlsx"] == (
        "la versione più recente, con errori: conta finché il settore non invia la versione "
        "corretta (salvato il 06/07/2025 09:00 UTC)"
    )
    assert why["nd_v1.xlsx"] == "sostituito da «nd_v2.xlsx», salvato più tardi (06/07/2025 09:00)"
    assert why["s07.xlsx"] == "copia identica di «s07_copia.xlsx»"
    assert why["s09_dicembre.xlsx"] == (
        "è della Rendicontazione finale al 31/12/2025, non del Monitoraggio intermedio al "
        "30/06/2025"
    )
    assert why["S09"] == (
        "nessuna scheda del periodo dal settore SETTORE ISTRUZIONE ED EDUCAZIONE: sono arrivate "
        "solo schede di un altro periodo"
    )
    assert why["lettera.pdf"].startswith(
        "Il file non è una cartella di lavoro .xlsx o .ods: è un documento PDF."
    )
    rows = {r.name: r for r in result.selection.rows}
    assert rows["s05_v2.xlsx"].clock == "document"
    assert rows["s09_dicembre.xlsx"].clock == "file"  # pegxl's fixed date is no evidence
    assert rows["s05_v1.xlsx"].replaced_by == "s05_v2.xlsx"
    assert all(len(r.sha256 or "") == 64 for r in result.selection.rows if r.path)


def test_findings_of_the_choice(result: Consolidation) -> None:
    score = [f for f in result.findings if f.code.value.startswith(("SCORE-01", "SCORE-023"))]
    assert sorted(flatten(score, ["code", "raw"])) == [
        ("SCORE-011", "ND"),
        ("SCORE-011", "S07"),
        ("SCORE-011", "S08"),
        ("SCORE-012", "S09"),
        ("SCORE-015", "ND"),
        ("SCORE-015", "S05"),
        ("SCORE-015", "S07"),
        ("SCORE-023", "S09"),
    ]
    # check's own duplicate and missing notices are replaced by these
    codes = {f.code.value for f in result.findings}
    assert "STRUCT-018" not in codes and "STRUCT-019" not in codes
    assert not result.valid


def test_the_values_counted_and_their_lineage(result: Consolidation) -> None:
    by_id = {o.objective.code: o for o in result.scores.objectives}
    s05 = by_id["2025_S05_04"]
    assert s05.indicators[0].score == 50.0  # 1 of 2, from the later version
    assert s05.indicators[0].read is not None and s05.indicators[0].read.cell == "H4"
    assert s05.score == 50.0
    nd = by_id["2025_ND_01"]
    # from the later version: its «quasi» counts in no score
    assert [i.score for i in nd.indicators] == [None, pytest.approx(80 / 85 * 100), 100.0, 0.0]
    s08 = by_id["2025_S08_01"]
    assert s08.indicators[0].score is None  # the value in error is not counted
    assert s08.phases[0].progress == 40.0
    assert all(
        o.score is None for o in result.scores.objectives if o.objective.sector_code == "S09"
    )
    table = result.tables()["Indicatori"]
    row = table[table["ID"] == "2025_S05_04/I1"].iloc[0]
    assert (row["File"], row["Foglio"], row["Cella"], row["Testo inserito"]) == (
        "s05_v2.xlsx",
        "Indicatori",
        "H4",
        "1",
    )
    assert row["SHA-256"] == next(
        r.sha256 for r in result.selection.rows if r.name == "s05_v2.xlsx"
    )
    assert row["Note"] == "in corso"


def test_same_inputs_in_any_order_give_the_same_bytes(
    campaign: Path, seed_plan: Plan, tmp_path: Path
) -> None:
    from pegxl.results.html import render_report
    from pegxl.results.master import write_master

    files = sorted(p for p in campaign.iterdir() if not p.name.startswith("~$"))
    pages, masters = set(), set()
    for n, seed in enumerate((1, 2, 3)):
        order = files[:]
        random.Random(seed).shuffle(order)
        r = consolidate(seed_plan, order, period=Period.of(date(2025, 6, 30)))
        pages.add(render_report(r))
        masters.add(write_master(r, tmp_path / f"m{n}.xlsx").read_bytes())
    assert len(pages) == 1 and len(masters) == 1


def test_the_period_is_the_one_most_files_declare(campaign: Path, seed_plan: Plan) -> None:
    r = consolidate(seed_plan, [campaign])
    assert r.period == Period.of(date(2025, 6, 30))


def test_no_readable_return_and_no_period(tmp_path: Path, seed_plan: Plan) -> None:
    (tmp_path / "x.xlsx").write_text("non è una cartella")
    with pytest.raises(NoPeriod):
        consolidate(seed_plan, [tmp_path])
    r = consolidate(seed_plan, [tmp_path], period=Period.of(date(2025, 6, 30)))
    assert [d.status for d in r.selection.rows].count(Delivery.MISSING) == 5
    assert r.scores.rollups[-1].measured == 0


def test_inputs_are_never_modified(campaign: Path, seed_plan: Plan) -> None:
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in campaign.iterdir()}
    consolidate(seed_plan, [campaign])
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in campaign.iterdir()}
    assert before == after


@pytest.fixture(scope="module")
def versions(
    tmp_path_factory: pytest.TempPathFactory, campaign: Path, june_dir: Path, seed_plan: Plan
) -> Path:
    """The campaign, plus: a later S05 version whose only error is one of the value rules (the
    latest counts, so it must keep its values and the earlier valid one need not), and two
    versions of a December workbook (a minority period: judged again against the batch's
    period at the end)."""
    folder = tmp_path_factory.mktemp("versioni")
    for p in campaign.iterdir():
        if p.is_file():
            shutil.copy2(p, folder / p.name)
    s05 = workbook_of(june_dir, "S05")
    over = {**S05_OK, "2025_S05_04/F1": {"Avanzamento (%)": 150}}
    stamp(fill(s05, over, folder / "s05_v3.xlsx"), 2025, 7, 9)
    [dec] = generate(seed_plan, Period.of(date(2025, 12, 31)), folder / "tmp", ["S07"]).files
    one = {"2025_S07_01/I1": {"Valore Raggiunto": 3}}
    stamp(fill(dec, one, folder / "s07_dic_v1.xlsx"), 2026, 1, 10)
    two = {"2025_S07_01/I1": {"Valore Raggiunto": 4}}
    stamp(fill(dec, two, folder / "s07_dic_v2.xlsx"), 2026, 1, 12)
    shutil.rmtree(folder / "tmp")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("period", [None, Period.of(date(2025, 6, 30))])
def test_versions_that_cannot_count_keep_no_values_and_change_nothing(
    versions: Path,
    seed_plan: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    period: Period | None,
) -> None:
    from pegxl.results.html import render_report
    from pegxl.results.master import write_master
    from pegxl.returns import deliveries

    thin = consolidate(seed_plan, [versions], period=period, workers=workers)
    with monkeypatch.context() as m:
        m.setattr(deliveries.Versions, "offer", lambda self, ret, judged_at=None, rules=(): None)
        whole = consolidate(seed_plan, [versions], period=period, workers=workers)
    # what is kept: the values of the versions that may count, nothing of the others
    kept = {Path(r.path).name for r in thin.report.returns if r.kept_values}
    dropped = {Path(r.path).name for r in thin.report.returns if not r.kept_values}
    assert dropped == {"s05_v1.xlsx", "s05_v2.xlsx", "nd_v1.xlsx", "s07.xlsx", "s07_dic_v1.xlsx"}
    assert {"s05_v3.xlsx", "nd_v2.xlsx", "s07_copia.xlsx", "s07_dic_v2.xlsx"} <= kept
    assert all(r.kept_values for r in whole.report.returns)
    # and nothing else differs: the choice, every finding, the master, the report
    assert statuses(thin) == statuses(whole)
    assert ("s05_v3.xlsx", "S05", "conteggiato_con_errori") in statuses(thin)
    assert thin.findings == whole.findings
    assert thin.to_dict("en") == whole.to_dict("en")
    assert render_report(thin) == render_report(whole)
    a = write_master(thin, tmp_path / "a.xlsx").read_bytes()
    assert a == write_master(whole, tmp_path / "b.xlsx").read_bytes()

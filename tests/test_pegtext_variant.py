"""pegtext on exports it was not written against: another entity, year, valore pubblico and
layout quirks (CRLF, Windows-1252, wrapped names, headers split over pages)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Plan
from pegxl.plan.pegtext import ImportResult, import_text, parse_text
from pegxl.values import Kind

from .conftest import VARIANT


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_text(VARIANT)


@pytest.fixture(scope="module")
def plan(result: ImportResult) -> Plan:
    assert result.plan is not None
    return result.plan


def test_header_and_counts(plan: Plan) -> None:
    assert (plan.entity, plan.year, plan.value_label) == (
        "Comune di Sesto Lario",
        2026,
        "2 - SVILUPPO ECONOMICO E LAVORO",
    )
    assert plan.view == "DUP_2026_2028 DUP 2026 2028"
    assert [o.code for o in plan.objectives] == [
        "2026_S03_01",
        "2026_S03_02",
        "2026_ND_01",
        "2026_S04_01",
    ]
    assert plan.stats() == {"sectors": 2, "objectives": 4, "phases": 7, "indicators": 9}
    assert [s.code for s in plan.sectors] == ["S03", "S04"]


def test_prior_years_come_from_the_table_header(plan: Plan) -> None:
    i = next(plan.indicators())
    assert [(p.year, p.value.value) for p in i.prior] == [(2025, 1350.0), (2024, 1200.0)]


def test_values_of_other_shapes(plan: Plan) -> None:
    inds = {i.id: i for i in plan.indicators()}
    assert (inds["2026_S03_01/I1"].target.kind, inds["2026_S03_01/I1"].target.value) == (
        Kind.NUMBER,
        1500.0,
    )
    assert (inds["2026_S03_01/I2"].target.kind, inds["2026_S03_01/I2"].target.value) == (
        Kind.PERCENT,
        75.0,
    )
    assert inds["2026_S03_01/I3"].target.value == date(2026, 6, 30)
    assert inds["2026_S03_01/I4"].description == (
        "Nuovo regolamento dei mercati approvato dal Consiglio comunale entro l'anno"
    )
    assert inds["2026_S03_01/I4"].target.value is True
    assert inds["2026_S03_01/I4"].prior_value(2025).value is False  # type: ignore[union-attr]
    assert inds["2026_S03_02/I1"].target.value == 1250.5
    assert inds["2026_S03_02/I2"].target.kind is Kind.TEXT


def test_phases_of_other_shapes(plan: Plan) -> None:
    ph = {p.id: p for p in plan.phases()}
    p = ph["2026_S03_01/F1"]
    assert p.responsabili == ("VERDI LUCA", "NERI PAOLA") and p.note == "con la Polizia Locale"
    assert (p.planned_start, p.planned_end, p.actual_start) == (
        date(2026, 1, 15),
        date(2026, 9, 30),
        date(2026, 2, 1),
    )
    p = ph["2026_S03_01/F2"]
    assert p.name == "Bando contributi per le botteghe di vicinato"
    assert (p.planned_start, p.weight, p.actual_start) == (date(2026, 3, 1), 40.0, None)
    assert (
        ph["2026_S03_02/F1"].name
        == "Apertura del nuovo sportello lavoro nel quartiere nord, con orari serali"
    )
    assert ph["2026_S03_02/F1"].actual_start == date(2026, 2, 2)
    assert ph["2026_S03_02/F2"].actual_start == date(2026, 1, 1)


def test_continuation_page_header_and_modalita(plan: Plan) -> None:
    o = plan.objectives[1]
    assert o.title == "Accompagnare le persone in cerca di lavoro verso l'occupazione."
    assert o.stato == "Da avviare"
    assert o.modalita == (
        "Lo sportello lavoro offre orientamento e incrocio domanda-offerta in collaborazione con "
        "i centri per l'impiego della provincia."
    )
    assert (
        plan.objectives[0].assessorato == "ROSSI deleghe: Attività produttive - Commercio - Lavoro"
    )


def test_lost_header_sector_inferred_from_abbreviation(plan: Plan, result: ImportResult) -> None:
    o = plan.objectives[2]
    assert o.provisional and o.sector_code == "S04"
    codes = {(f.code, f.row_id) for f in result.findings}
    assert ("PLAN-002", "2026_ND_01") in codes and ("PLAN-012", "2026_ND_01") in codes


def test_findings(result: ImportResult) -> None:
    codes = [f.code for f in result.findings]
    assert codes.count("PLAN-021") == 3  # 1.500, 1.350, 1.200: Italian thousands, ambiguous
    assert "PLAN-007" in codes  # STRATEGICO
    assert "PLAN-008" in codes  # "venti"
    assert "PLAN-018" in codes  # planned end before start
    assert ("PLAN-005", "2026_S04_01") in {(f.code, f.row_id) for f in result.findings}
    assert "PLAN-011" not in codes


def test_crlf_and_windows_1252(tmp_path: Path, plan: Plan) -> None:
    text = VARIANT.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode("cp1252"))
    again = import_text(path)
    assert again.plan == plan


def test_page_break_anywhere_keeps_the_plan(plan: Plan) -> None:
    """Moving a page break (title repeated after blank lines) between two phase rows changes
    nothing."""
    text = VARIANT.read_text(encoding="utf-8")
    anchor = "\t01/02/2026\t\t\t\t\t\t\n"
    assert anchor in text
    broken = text.replace(
        anchor,
        anchor + "\n\n\nSostenere il commercio di vicinato e i mercati cittadini.\n\n"
        "FASE\tInizio Previsto\tFine Prevista\tPeso\tAvanzamento\tResponsabile\t"
        "Centro di Responsabilità\tNote\n"
        "\tInizio Effettivo\tFine Effettiva\t\t\t\t\t\n",
    )
    assert parse_text(broken).plan == plan

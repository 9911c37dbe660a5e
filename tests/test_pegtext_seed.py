"""pegtext on the real export: every objective, phase and indicator, checked against the text.

The tables below were written by reading ../examples/cinisello_2025_vp4.txt by hand; the
cross-checks at the end count rows of the source independently of the parser.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from pegxl.model import Objective, Phase, Plan
from pegxl.plan.pegtext import ImportResult
from pegxl.values import Kind

from .conftest import SEED

D0101, D3112 = date(2025, 1, 1), date(2025, 12, 31)

# code, sector, phases, indicators, weight total, responsabile, program code
OBJECTIVES = [
    ("2025_S07_01", "S07", 2, 3, 50, "VERONESE MORENO GIUSEPPE", "04_0501_0101"),
    ("2025_S07_02", "S07", 3, 7, 100, "VERONESE MORENO GIUSEPPE", "04_0501_0101"),
    ("2025_S07_03", "S07", 3, 4, 100, "VERONESE MORENO GIUSEPPE", "04_0501_0201"),
    ("2025_S07_04", "S07", 2, 2, 10, "VERONESE MORENO GIUSEPPE", "04_0501_0201"),
    ("2025_S07_05", "S07", 5, 6, 100, "VERONESE MORENO GIUSEPPE", "04_0601_0101"),
    ("2025_S07_06", "S07", 5, 10, 100, "VERONESE MORENO GIUSEPPE", "04_0601_0201"),
    ("2025_S09_01", "S09", 4, 6, 100, "CONTI MARIO", "05_0401_0101"),
    ("2025_S09_02", "S09", 1, 3, 100, "CONTI MARIO", "05_0401_0201"),
    ("2025_S09_03", "S09", 3, 4, 100, "CONTI MARIO", "05_0401_0201"),
    ("2025_S09_08", "S09", 0, 0, 0, "CONTI MARIO", "05_0401_0601"),
    ("2025_S09_04", "S09", 6, 7, 100, "CONTI MARIO", "05_0401_0701"),
    ("2025_S08_01", "S08", 3, 4, 100, "DAL PIAZ BARBARA", "05_1201_0102"),
    ("2025_S08_02", "S08", 10, 9, 100, "CONTI MARIO", "05_1201_0201"),
    ("2025_S08_03", "S08", 8, 6, 100, "CONTI MARIO", "05_1201_0301"),
    ("2025_S08_05", "S08", 10, 6, 100, "CONTI MARIO", "05_1201_0401"),
    ("2025_S08_04", "S08", 4, 3, 80, "DAL PIAZ BARBARA", "05_1201_0501"),
    ("2025_S08_06", "S08", 11, 6, 100, "CONTI MARIO", "05_1201_0601"),
    ("2025_S08_08", "S08", 5, 3, 100, "CONTI MARIO", "05_1201_0701"),
    ("2025_S05_04", "S05", 2, 1, 100, "PIRANI NICOLA", "05_1201_0901"),
    ("2025_ND_01", "ND", 6, 4, 0, "", "05_1201_0901"),  # the objective whose header was lost
    ("2025_S08_07", "S08", 5, 3, 100, "DAL PIAZ BARBARA", "06_1201_0801"),
    ("2025_S08_09", "S08", 2, 2, 100, "DAL PIAZ BARBARA", "06_1201_0801"),
]

# every finding the seed must produce: (code, source line, row id)
FINDINGS = [
    ("PLAN-005", 11, "2025_S07_01"),  # weights 50 + missing
    ("PLAN-004", 56, "2025_S07_01/F2"),
    ("PLAN-010", 173, "2025_S07_02/F2"),  # "Inizio Previsto" placeholders and no dates at all
    ("PLAN-006", 191, "2025_S07_02/I6"),  # 31/12/2025 in "Valore Raggiunto 2024"
    ("PLAN-005", 288, "2025_S07_04"),
    ("PLAN-004", 341, "2025_S07_04/F2"),
    ("PLAN-009", 865, "2025_S09_08"),  # no phases, no indicators
    ("PLAN-003", 1253, "2025_S08_03"),  # header lost on page 1, recovered from page 2
    ("PLAN-005", 1515, "2025_S08_04"),  # 4 x 20 = 80
    ("PLAN-019", 1588, "2025_S08_06"),  # the export has no "Stato" for it
    ("PLAN-017", 1712, "2025_S08_06/I1"),  # Fatto target, 2024 value "0"
    ("PLAN-017", 1845, "2025_S08_08/I1"),  # Fatto target, 2024 value "0,00"
    ("PLAN-012", 1917, "2025_ND_01"),  # what the source says first, then the plan rules
    ("PLAN-002", 1917, "2025_ND_01"),
    ("PLAN-019", 1917, "2025_ND_01"),
    ("PLAN-019", 1917, "2025_ND_01"),
    ("PLAN-005", 1917, "2025_ND_01"),
    ("PLAN-004", 1958, "2025_ND_01/F1"),
    ("PLAN-004", 1960, "2025_ND_01/F2"),
    ("PLAN-004", 1962, "2025_ND_01/F3"),
    ("PLAN-004", 1964, "2025_ND_01/F4"),
    ("PLAN-004", 1973, "2025_ND_01/F5"),
    ("PLAN-004", 1977, "2025_ND_01/F6"),
]


@pytest.fixture(scope="module")
def plan(seed_result: ImportResult) -> Plan:
    assert seed_result.plan is not None
    return seed_result.plan


def obj(plan: Plan, code: str) -> Objective:
    return next(o for o in plan.objectives if o.code == code)


def phase(plan: Plan, pid: str) -> Phase:
    return next(p for p in plan.phases() if p.id == pid)


def test_plan_header(plan: Plan) -> None:
    assert plan.entity == "Città di Cinisello Balsamo"
    assert plan.year == 2025
    assert plan.view == "DUP_2025_2027 DUP 2025 2027"
    assert plan.level == "PEG-PIAO-SEZ. 2.2 PERFORMANCE"
    assert plan.value_label == "4 - BENESS. SOCIO-EDUCATIVO, CULTURALE, ASSOCIATIVO"
    assert plan.stats() == {"sectors": 5, "objectives": 22, "phases": 100, "indicators": 99}


def test_every_objective(plan: Plan) -> None:
    got = [
        (
            o.code,
            o.sector_code,
            len(o.phases),
            len(o.indicators),
            o.weight_total,
            o.responsabile,
            o.program.code,
        )
        for o in plan.objectives
    ]
    assert got == OBJECTIVES


def test_every_objective_fields(plan: Plan) -> None:
    for o in plan.objectives:
        assert o.title and o.valore_pubblico == "4 - BENES. SOCIO-EDUCATIVO, CULTURALE, ASSOCIATIVO"
        assert o.mandate.code.startswith("2023_2028_DUP_0") and o.mandate.label
        assert o.mission.code.startswith("2024_28_DUP_0") and o.mission.label
        assert o.program.label
        assert o.stato == ("" if o.code == "2025_S08_06" else "In Corso")
        assert o.provisional is (o.code == "2025_ND_01")
        if not o.provisional:
            assert o.assessorato
        for p in o.phases:
            assert p.objective_code == o.code and p.name and not p.name.startswith("FASE ")
            assert "<i>" not in p.name and "*" not in p.name
        for i in o.indicators:
            assert i.objective_code == o.code and i.description and i.target is not None


def test_sectors(plan: Plan) -> None:
    assert [(s.code, s.name, s.responsabile) for s in plan.sectors] == [
        ("S07", "SETTORE POLITICHE CULTURALI E DELLO SPORT", "VERONESE MORENO GIUSEPPE"),
        ("S09", "SETTORE ISTRUZIONE ED EDUCAZIONE", "CONTI MARIO"),
        ("S08", "SETTORE WELFARE E POLITICHE ABITATIVE", "CONTI MARIO"),
        ("S05", "SETTORE OPERE PUBBLICHE, AMBIENTE ED ENERGIA", "PIRANI NICOLA"),
        ("ND", "SETT. SERVIZI AI CITTADINI", ""),
    ]
    assert plan.sector("S09").assessorato == (
        "FUMAGALLI_deleghe: Istruzione - Formazione - Lavoro - Educazione - Infanzia"
    )


def test_headers_in_bold_markup_are_joined(plan: Plan) -> None:
    assert obj(plan, "2025_S07_04").title == (
        "Promuovere la cultura musicale e valorizzare e divulgare le attività e le iniziative "
        "della Civica Scuola di Musica."
    )
    assert obj(plan, "2025_S07_02").assessorato == (
        "MAGGI deleghe: Cultura - Politiche giovanili - Identità - Pari opportunità - "
        "Ufficio Europa - Ambiente e verde"
    )
    assert obj(plan, "2025_S07_01").assessorato.startswith("Cultura e Identità - Eventi")
    assert obj(plan, "2025_S07_05").assessorato.startswith("MALAVOLTA_deleghe")


def test_title_after_responsabile(plan: Plan) -> None:
    o = obj(plan, "2025_S05_04")
    assert (
        o.title
        == "Garantire la manutenzione dei cimiteri cittadini ed incrementarne l'accessibilità."
    )
    assert o.responsabile == "PIRANI NICOLA"
    assert o.assessorato == "SCAFFIDI_deleghe: Lavori pubblici - Servizi Cimiteriali"


def test_header_recovered_from_continuation_page(plan: Plan) -> None:
    o = obj(plan, "2025_S08_03")
    assert o.title.startswith("Garantire servizi di supporto agli anziani fragili")
    assert o.assessorato.startswith("VISENTIN_Welfare") and o.responsabile == "CONTI MARIO"
    assert o.sector_code == "S08" and not o.provisional
    assert o.program == obj(plan, "2025_S08_03").program
    assert o.program.code == "05_1201_0301" and o.program.label == "Servizi terza età"


def test_lost_header_objective_is_kept(plan: Plan) -> None:
    o = obj(plan, "2025_ND_01")
    assert o.provisional and o.title == (
        "Garantire un'efficace ed efficiente gestione dei servizi cimiteriali."
    )
    assert o.modalita.startswith("Comprende:\n- gestione operativa ed amministrativa")
    assert o.modalita.endswith("- gestione illuminazione votiva;")
    names = [p.name for p in o.phases]
    assert names[0] == (
        "Gestione del servizio di tumulazione delle ceneri degli animali da compagnia nei "
        "manufatti tombali"
    )
    assert names[5] == "Passaggio su ANPR dei servizi di stato civile (ANSC) - atti di morte"
    f4 = o.phases[3]
    assert f4.responsabili == () and f4.centro == "SETT. SERVIZI AI CITTADINI"
    assert f4.note.startswith("La Giunta Comunale a dicembre 2024 ha valutato positivamente")
    assert o.phases[4].centro == "SETT. AFFARI GENERALI"
    assert [i.target.raw for i in o.indicators if i.target] == ["15,00", "85%", "fatto", "Fatto"]


def test_phase_with_fase_prefix_and_wandering_dates(plan: Plan) -> None:
    p = phase(plan, "2025_S07_01/F2")
    assert p.name == "Promozione e valorizzazione del patrimonio culturale cittadino."
    assert (p.planned_start, p.planned_end, p.actual_start, p.actual_end) == (
        D0101,
        D3112,
        D0101,
        None,
    )
    assert p.weight is None and p.responsabili == () and p.centro == ""


def test_phase_name_on_the_placeholder_row(plan: Plan) -> None:
    p = phase(plan, "2025_S07_04/F2")
    assert (
        p.name
        == "Gestione accreditamento degli allievi per il perfezionamento presso la Scuola Abbado "
        "di Milano"
    )
    assert (p.planned_start, p.planned_end, p.actual_start) == (D0101, D3112, D0101)
    assert p.weight is None and p.responsabili == ("PELISSETTI LAURA SABRINA",)
    p = phase(plan, "2025_S08_04/F4")  # actual start wandered into the name column
    assert (p.planned_start, p.actual_start, p.weight) == (D0101, D0101, 20.0)


def test_phase_without_dates(plan: Plan) -> None:
    p = phase(plan, "2025_S07_02/F2")
    assert p.name.startswith("Attività di coordinamento con Enti, Associazioni e Cooperative")
    assert (p.planned_start, p.planned_end, p.actual_start) == (None, None, None)
    assert p.weight == 30.0 and p.centro == "SERV. CULTURA E PATRIM. CULTUR"
    p = phase(plan, "2025_S07_02/F3")
    assert (p.planned_start, p.planned_end, p.actual_start, p.weight) == (D0101, D3112, D0101, 20.0)


def test_phase_dates_after_placeholders(plan: Plan) -> None:
    p = phase(plan, "2025_S09_04/F1")  # "Inizio Effettivo" placeholders on the name row
    assert (p.planned_start, p.planned_end, p.actual_start, p.weight) == (D0101, D3112, D0101, 15.0)
    for n in (2, 3, 4, 5):
        p = phase(plan, f"2025_S09_04/F{n}")
        assert (p.planned_start, p.planned_end, p.actual_start) == (D0101, D3112, None)
    p = phase(plan, "2025_S08_06/F6")
    assert (p.planned_start, p.planned_end, p.actual_start) == (date(2025, 3, 1), D3112, D0101)
    p = phase(plan, "2025_S08_06/F10")
    assert p.name.startswith("Azioni relative alla programmazione e gestione degli avvisi S.A.P.")
    assert (p.actual_start, p.weight) == (None, 10.0)


def test_split_header_row(plan: Plan) -> None:
    p = phase(plan, "2025_S08_03/F6")  # header split over two rows differently
    assert p.name.startswith("Supporto agli anziani più fragili")
    assert (p.planned_start, p.weight, p.responsabili) == (D0101, 10.0, ("RONCHI FLAVIA",))


def test_several_responsabili_and_italics(plan: Plan) -> None:
    assert phase(plan, "2025_S08_05/F10").responsabili == ("RONCHI FLAVIA", "CAMPI SILVIA")
    assert phase(plan, "2025_S08_06/F8").responsabili == ("GIAMBELLI STEFANIA", "RONCHI FLAVIA")
    assert phase(plan, "2025_S07_05/F1").name.startswith(
        "Gestione delle attività e degli iniziative"
    )
    assert phase(plan, "2025_S07_05/F1").planned_end == date(2025, 6, 30)


def test_indicator_values(plan: Plan) -> None:
    inds = {i.id: i for i in plan.indicators()}
    i = inds["2025_S07_03/I1"]
    assert (i.target.kind, i.target.value, i.target.raw, i.tipo) == (
        Kind.NUMBER,
        150000.0,
        "150.000,00",
        "EFFICIENZA",
    )
    i = inds["2025_S07_03/I2"]
    assert i.tipo == "QUALITA" and [(p.year, p.value.value) for p in i.prior] == [
        (2024, 0.0),
        (2023, 0.0),
    ]
    assert (inds["2025_S09_01/I1"].target.kind, inds["2025_S09_01/I1"].target.value) == (
        Kind.PERCENT,
        91.0,
    )
    assert (
        inds["2025_S09_02/I2"].target.raw == "fatto" and inds["2025_S09_02/I2"].target.value is True
    )
    assert inds["2025_S07_01/I3"].target.raw == "Fatto"
    assert inds["2025_S08_02/I7"].target.raw == "60" and inds["2025_S08_02/I7"].target.value == 60.0
    i = inds["2025_S07_02/I6"]
    assert i.prior_value(2024) is not None and i.prior_value(2024).value == D3112  # type: ignore[union-attr]
    assert i.note.startswith("Al settore cultura spetta")
    i = inds["2025_S07_05/I2"]
    assert (
        i.prior_value(2024).value == 50.0
        and i.note == "Ultima edizione 2024. numero volontari raggiunto 50."
    )  # type: ignore[union-attr]
    assert inds["2025_S09_04/I2"].prior_value(2023).value == 0.0  # type: ignore[union-attr]
    assert (
        inds["2025_S07_06/I10"].description == 'Evento "Job week": numero partecipanti all\'evento'
    )
    assert inds["2025_S08_05/I1"].tipo == "QUANTITATIVO"
    assert all(i.achieved is None for i in inds.values())


def test_modalita_keeps_lines_and_joins_page_breaks(plan: Plan) -> None:
    m = obj(plan, "2025_S07_02").modalita.split("\n")
    assert m[0] == "POLITICHE CULTURALI" and m[2].startswith("- 1) progettazione")
    assert m[-1] == (
        "Organizzazione di esposizioni temporanee presso Villa Ghirlanda, il Pertini, negli spazi "
        "aperti e presso altre location."
    )  # after the title repeated on the next page
    m8 = obj(plan, "2025_S08_02").modalita
    assert "per poter quantificare le tariffe in funzione al servizio/intervento;" in m8
    m3 = obj(plan, "2025_S08_03").modalita
    assert "(e relativo lavoro di raccordo e monitoraggio con le associazioni);" in m3
    assert obj(plan, "2025_S09_08").modalita == ""


def test_findings(seed_result: ImportResult) -> None:
    assert [(f.code, f.line, f.row_id) for f in seed_result.findings] == FINDINGS
    assert all(f.file == str(SEED) for f in seed_result.findings)


def test_every_indicator_row_of_the_source(plan: Plan) -> None:
    """Independent count: rows whose second cell is an indicator type."""
    text = SEED.read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if "\t" in ln]
    tipi = Counter(
        r[1] for r in rows if r[1] in ("EFFICIENZA", "EFFICACIA", "QUALITA", "QUANTITATIVO")
    )
    assert tipi == Counter(i.tipo for i in plan.indicators())
    descriptions = {r[0] for r in rows if r[1] in tipi}
    assert descriptions == {i.description for i in plan.indicators()}


def test_every_phase_name_is_in_the_source(plan: Plan) -> None:
    text = re.sub(r"</?i>", "", SEED.read_text(encoding="utf-8"))
    for p in plan.phases():
        assert p.name in text, p.id
    # and every weight of the source is some phase's weight
    rows = [ln.split("\t") for ln in text.splitlines() if ln.count("\t") >= 4]
    weights = [
        r[3]
        for r in rows
        if re.fullmatch(r"\d+,\d\d", r[3])
        and (
            r[1] in ("", "Inizio Previsto", "Inizio Effettivo")
            or re.fullmatch(r"\d\d/\d\d/\d{4}", r[1])
        )
    ]
    assert sorted(float(w.replace(",", ".")) for w in weights) == sorted(
        p.weight for p in plan.phases() if p.weight is not None
    )


def test_ids_are_stable(seed_result: ImportResult) -> None:
    from pegxl import import_text

    again = import_text(SEED)
    assert again.plan == seed_result.plan
    assert again.plan is not None and seed_result.plan is not None
    assert again.plan.fingerprint() == seed_result.plan.fingerprint()
    assert [p.id for p in again.plan.phases()] == [p.id for p in seed_result.plan.phases()]

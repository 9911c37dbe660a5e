"""Several PEG-PIAO exports into one plan (issue 20.1): the entity's plan is every Valore
Pubblico, each exported on its own. Exports are written inline as small texts in the layout of
the real report; the two examples (VP 4 and VP 2 of Cinisello Balsamo) are merged as the office
would."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.cli import main
from pegxl.findings import Severity
from pegxl.model import Period, Plan
from pegxl.plan.pegtext import import_text, import_texts
from pegxl.workbook.writer import generate

from .conftest import ROOT, SEED
from .tables import flatten

VP2 = ROOT / "examples" / "cinisello_2025_vp2.txt"

PHASES = (
    "FASE\tInizio Previsto\tFine Prevista\tPeso\tAvanzamento\tResponsabile\t"
    "Centro di Responsabilità\tNote"
)
INDICATORS = (
    "Descrizione\tTipo\tValore Atteso\tValore Raggiunto\tValore Raggiunto 2024\t"
    "Valore Raggiunto 2023\tNote"
)


def objective(
    code: str | None,
    title: str,
    centre: str = "SETTORE UNO",
    vp: str = "1 - PRIMO",
    phase_centre: str = "SETT. UNO",
) -> str:
    """The pages of one objective as the report exports them; ``code=None``: its header page
    was lost (only the title and what follows are left)."""
    head = (
        f"PEG-PIAO-SEZ. 2.2\nPERFORMANCE\n{code}\n\nAssessorato\n\nGiunta\n\n"
        f"Centro di Responsabilità\n\n{centre}\n\n{title}\n\nResponsabile\n\nROSSI MARIO\n\n"
        if code
        else f"{title}\n\n"
    )
    return (
        head + f"VALORE PUBBLICO\n\n{vp}\n\nStato\nIn Corso\n\nFASI - ATTIVITA'\n\n"
        f"{PHASES}\n\tInizio Effettivo\tFine Effettiva\t\t\t\t\t\n"
        f"Fase di {title}\t01/01/2025\t31/12/2025\t100,00\t\tVERDI ANNA\t{phase_centre}\t\n"
        "\t01/01/2025\t\t\t\t\t\t\n\nINDICATORI\n\n"
        f"{INDICATORS}\nMisura di {title}\tEFFICACIA\t10,00\t\t\t\t\n\n\n\n"
    )


def export(
    path: Path, *objectives: str, entity: str = "Comune di Prova", year: int = 2025, vp: str = "1"
) -> Path:
    """An export: the report's parameters, then the pages of the objectives."""
    path.write_text(
        f"Parametri selezionati:\n\nVista\tDUP_{year}_{year + 2} DUP\n"
        f"Livello\tPEG-PIAO-SEZ. 2.2 PERFORMANCE\nVALORE PUBBLICO\t{vp}\n\n\n\n"
        f"{entity}\n\n" + "".join(objectives),
        encoding="utf-8",
    )
    return path


def errors(findings: list[object]) -> list[tuple[object, ...]]:
    return [
        t
        for t in flatten(findings, ["code", "severity", "file", "line", "row_id"])
        if t[1] == "error"
    ]


# -- the two examples --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def merged() -> Plan:
    result = import_texts([SEED, VP2])
    assert result.plan is not None
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    return result.plan


def test_two_valori_pubblici_make_one_plan(merged: Plan) -> None:
    a, b = import_text(SEED).plan, import_text(VP2).plan
    assert a is not None and b is not None
    assert merged.stats() == {"sectors": 6, "objectives": 27, "phases": 112, "indicators": 112}
    assert [o.code for o in merged.objectives] == [
        *(o.code for o in a.objectives),
        "2025_S05_01",
        "2025_S05_02",
        "2025_S07_07",
        "2025_S10_01",
        "2025_ND_02",  # VP 4 has 2025_ND_01: a provisional code is never reused
    ]
    assert [s.code for s in merged.sectors] == ["S07", "S09", "S08", "S05", "ND", "S10"]
    assert (merged.entity, merged.year) == ("Città di Cinisello Balsamo", 2025)
    assert merged.value_label == (
        "4 - BENESS. SOCIO-EDUCATIVO, CULTURALE, ASSOCIATIVO; "
        "2 - CITTA' SOSTENIBILE, SICURA E CURATA"
    )
    # each objective keeps its own Valore Pubblico; a sector may have both
    vps = {o.code: o.valore_pubblico[:2] for o in merged.objectives_of("S07")}
    assert vps == {
        "2025_S07_01": "4 ",
        "2025_S07_02": "4 ",
        "2025_S07_03": "4 ",
        "2025_S07_04": "4 ",
        "2025_S07_05": "4 ",
        "2025_S07_06": "4 ",
        "2025_S07_07": "2 ",
    }
    # the header-less objective of VP 2 found its sector among VP 2's
    nd2 = next(o for o in merged.objectives if o.code == "2025_ND_02")
    assert (nd2.sector_code, nd2.provisional) == ("S10", True)
    assert merged.fingerprint() not in (a.fingerprint(), b.fingerprint())
    assert import_texts([SEED, VP2]).plan.fingerprint() == merged.fingerprint()  # type: ignore[union-attr]


def test_findings_name_the_export_they_are_about() -> None:
    result = import_texts([SEED, VP2])
    alone = import_text(VP2)
    about_vp2 = [f for f in result.findings if f.file == str(VP2)]
    assert flatten(about_vp2, ["code", "line", "row_id"]) == [
        (c, line, rid.replace("ND_01", "ND_02") if rid else rid)
        for c, line, rid in flatten(alone.findings, ["code", "line", "row_id"])
    ]
    assert {f.file for f in result.findings} == {str(SEED), str(VP2)}
    # the findings of the first export come first, then the second's, each by line
    files = [f.file for f in result.findings]
    assert files == sorted(files, key=lambda f: f != str(SEED))


def test_one_export_imports_as_before() -> None:
    one = import_texts([SEED])
    alone = import_text(SEED)
    assert one.plan == alone.plan
    assert one.findings == alone.findings


def test_a_sector_of_both_vps_gets_one_workbook_with_all_its_objectives(
    merged: Plan, tmp_path: Path
) -> None:
    generate(merged, Period.of(date(2025, 6, 30)), tmp_path, sectors=["S07"])
    (book,) = tmp_path.glob("*.xlsx")
    wb = openpyxl.load_workbook(book, read_only=True)
    ids = {
        str(row[0])
        for ws in wb.worksheets
        if ws.sheet_state == "visible"
        for row in ws.iter_rows(values_only=True)
        if row and row[0]
    }
    assert {"2025_S07_01", "2025_S07_07", "2025_S07_07/F2", "2025_S07_07/I2"} <= ids


def test_rollups_cover_every_valore_pubblico(merged: Plan) -> None:
    from pegxl.results.rollup import rollups
    from pegxl.results.rules import Rules
    from pegxl.results.scoring import ObjectiveResult

    results = [ObjectiveResult(objective=o) for o in merged.objectives]
    by_vp = [
        (r.key[:2], r.objectives)
        for r in rollups(merged, results, Rules())
        if r.level == "valore_pubblico"
    ]
    assert by_vp == [("4 ", 22), ("2 ", 5)]


# -- refused: the same objective twice, the same export twice, another entity or year


def test_an_objective_code_in_two_exports_is_refused_naming_both(tmp_path: Path) -> None:
    a = export(
        tmp_path / "vp1.txt", objective("2025_S01_01", "Uno"), objective("2025_S01_02", "Due")
    )
    b = export(
        tmp_path / "vp2.txt",
        objective("2025_S02_01", "Tre", "SETTORE DUE", "2 - SECONDO"),
        objective("2025_S01_02", "Due bis", vp="2 - SECONDO"),
        vp="2",
    )
    result = import_texts([a, b])
    assert result.plan is None
    assert errors(result.findings) == [("PLAN-040", "error", str(b), 50, "2025_S01_02")]
    (f,) = [f for f in result.findings if f.code == "PLAN-040"]
    assert f.message("it").startswith(
        f"L'obiettivo 2025_S01_02 compare in due esportazioni: «{a}» alla riga 50 e «{b}» alla "
        "riga 50."
    )
    assert f"«{a}» at line 50 and «{b}» at line 50" in f.message("en")


def test_the_same_export_given_twice_is_refused(tmp_path: Path) -> None:
    a = export(tmp_path / "vp1.txt", objective("2025_S01_01", "Uno"), objective(None, "Persa"))
    copy = tmp_path / "copia.txt"
    copy.write_bytes(a.read_bytes())
    for second in (a, copy):
        result = import_texts([a, second])
        assert result.plan is None
        assert errors(result.findings) == [("PLAN-041", "error", str(second), None, None)]
        (f,) = [f for f in result.findings if f.code == "PLAN-041"]
        what = (
            "è indicato due volte"
            if second == a
            else f"è la stessa esportazione di «{a}» (stesso contenuto)"
        )
        assert f.message("it") == (
            f"«{second}» {what}: i suoi 2 obiettivi (2025_S01_01 alla riga 11) sarebbero "
            "contati due volte. Indicare ogni esportazione una sola volta."
        )


def test_exports_of_another_entity_or_year_are_refused(tmp_path: Path) -> None:
    a = export(tmp_path / "a.txt", objective("2025_S01_01", "Uno"))
    other_town = export(
        tmp_path / "b.txt", objective("2025_S02_01", "Due"), entity="Comune di Altrove"
    )
    other_year = export(tmp_path / "c.txt", objective("2024_S02_01", "Tre"), year=2024)
    result = import_texts([a, other_town, other_year])
    assert result.plan is None
    assert errors(result.findings) == [
        ("PLAN-042", "error", str(other_town), None, None),
        ("PLAN-043", "error", str(other_year), None, None),
    ]
    assert [f.code for f in result.findings if f.code == "PLAN-044"] == ["PLAN-044"]  # Vista


def test_an_export_that_is_not_one_leaves_no_plan(tmp_path: Path) -> None:
    a = export(tmp_path / "a.txt", objective("2025_S01_01", "Uno"))
    csv = tmp_path / "nucleo.csv"
    csv.write_text("obiettivo;peso\n2025_S01_01;100\n", encoding="utf-8")
    result = import_texts([a, csv])
    assert result.plan is None
    assert errors(result.findings) == [("PLAN-001", "error", str(csv), None, None)]


# -- provisional codes and sectors, across exports -------------------------------------------------


def test_header_less_objectives_get_distinct_provisional_codes_and_sectors(tmp_path: Path) -> None:
    a = export(
        tmp_path / "a.txt",
        objective("2025_S01_01", "Uno"),
        objective(None, "Persa in A", phase_centre="SETT. SERVIZI AI CITTADINI"),
    )
    b = export(
        tmp_path / "b.txt",
        objective("2025_S02_01", "Due", "SETTORE DUE", phase_centre="SETT. DUE"),
        objective(None, "Persa in B", phase_centre="SETT. AFFARI GENERALI"),
        objective(None, "Ancora persa", phase_centre="SETT. SERVIZI AI CITTADINI"),
        objective(None, "Del settore uno", phase_centre="SETT. UNO"),
    )
    result = import_texts([a, b])
    assert result.plan is not None
    got = [(o.code, o.sector_code, o.provisional) for o in result.plan.objectives]
    assert got == [
        ("2025_S01_01", "S01", False),
        ("2025_ND_01", "ND", True),
        ("2025_S02_01", "S02", False),
        ("2025_ND_02", "ND2", True),  # another centre: another provisional sector
        ("2025_ND_03", "ND", True),  # the same centre as A's: the same provisional sector
        ("2025_ND_04", "S01", True),  # the centre of a sector of A
    ]
    assert [(s.code, s.name) for s in result.plan.sectors] == [
        ("S01", "SETTORE UNO"),
        ("ND", "SETT. SERVIZI AI CITTADINI"),
        ("S02", "SETTORE DUE"),
        ("ND2", "SETT. AFFARI GENERALI"),
    ]
    ids = [p.id for p in result.plan.phases()]
    assert len(ids) == len(set(ids))


def test_a_provisional_code_is_never_a_real_code_of_another_export(tmp_path: Path) -> None:
    a = export(tmp_path / "a.txt", objective(None, "Persa", phase_centre="SETT. X"))
    b = export(tmp_path / "b.txt", objective("2025_ND_01", "Vera", "SETTORE ND"))
    result = import_texts([a, b])
    assert result.plan is not None
    assert [o.code for o in result.plan.objectives] == ["2025_ND_02", "2025_ND_01"]


def test_a_sector_spelled_differently_in_two_exports_is_kept_once_and_reported(
    tmp_path: Path,
) -> None:
    a = export(tmp_path / "a.txt", objective("2025_S01_01", "Uno", "SETTORE UNO"))
    b = export(tmp_path / "b.txt", objective("2025_S01_02", "Due", "SETTORE PRIMO"))
    result = import_texts([a, b])
    assert result.plan is not None
    assert [(s.code, s.name) for s in result.plan.sectors] == [("S01", "SETTORE UNO")]
    assert flatten(
        [f for f in result.findings if f.code == "PLAN-020"], ["file", "line", "row_id"]
    ) == [(str(b), 11, "S01")]


# -- the command -------------------------------------------------------------------------------


def test_cli_imports_several_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), str(VP2), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "cinisello_2025_vp2.txt, riga 264" in text
    assert text.rstrip().endswith(
        f"Piano scritto in {out}: 6 settori, 27 obiettivi, 112 fasi, 112 indicatori."
    )


def test_cli_refuses_duplicates_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "piano.xlsx"
    assert main(["import", str(SEED), str(SEED), "-o", str(out), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert (doc["valid"], doc["output"], out.exists()) == (False, None, False)
    assert [f["code"] for f in doc["findings"] if f["severity"] == "error"] == ["PLAN-041"]
    assert main(["import", str(SEED), str(tmp_path / "manca.txt"), "-o", str(out)]) == 2


# -- not an export: refused, and the message shows the way (issue 20.3) ----------------------------

NOT_EXPORTS = {
    "altro_comune.txt": (
        b"PIANO ESECUTIVO DI GESTIONE 2025 - COMUNE DI ALTROVE\n\nObiettivo 1.1 Migliorare i "
        b"servizi\nResponsabile: Rossi\nIndicatore: pratiche evase 120\n",
        "nessun obiettivo trovato",
    ),
    "nucleo.tsv": (
        b"Codice\tObiettivo\tPeso\tRisultato\n2025_S01_01\tDigitalizzare\t100\t95%\n",
        "nessun obiettivo trovato",
    ),
    "piano.csv": (
        "codice;obiettivo;peso\n2025_S01_01;Digitalizzare;100\n".encode("cp1252"),
        "nessun obiettivo trovato",
    ),
    "vuoto.txt": (b"", "il file è vuoto (0 byte)"),
    "spazi.txt": (b"\r\n \t\r\n", "il file contiene solo spazi o righe vuote"),
    "immagine.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "è un file binario, non un testo"),
    "piano.ods": (b"PK\x03\x04\x14\x00\x00\x00", "è una cartella di lavoro (.xlsx, .ods)"),
    "unicode.txt": (
        "Parametri selezionati:\nPEG-PIAO-SEZ. 2.2\nPERFORMANCE\n2025_S01_01\n".encode("utf-16"),
        "è un testo in UTF-16",
    ),
    "unicode_senza_bom.txt": (
        "PEG-PIAO-SEZ. 2.2\nPERFORMANCE\n2025_S01_01\n".encode("utf-16-le"),
        "è un testo in UTF-16",
    ),
}


@pytest.mark.parametrize("name", sorted(NOT_EXPORTS))
def test_not_an_export_is_refused_and_the_message_names_the_route(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, why = NOT_EXPORTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = import_texts([path])
    assert result.plan is None
    assert flatten(result.findings, ["code", "severity", "file"]) == [
        ("PLAN-001", "error", str(path))
    ]
    (f,) = result.findings
    assert f.message("it").startswith(
        f"Il file non sembra un'esportazione testo del PEG-PIAO: {why}"
    )
    assert "«pegxl init -o PIANO.xlsx»" in f.message("it")
    assert "«pegxl init -o PLAN.xlsx»" in f.message("en")
    out = tmp_path / "p.xlsx"
    assert main(["import", str(path), "-o", str(out)]) == 1
    assert "pegxl init -o PIANO.xlsx" in " ".join(capsys.readouterr().out.split())
    assert not out.exists() and path.read_bytes() == data  # nothing written, the input untouched


def test_an_export_split_in_two_merges_back_into_the_same_objectives(tmp_path: Path) -> None:
    """Every way of cutting the example in two at an objective's first page (as if the report
    had exported two areas): the two parts merge into exactly the objectives, phases and
    indicators of the whole, and the same sectors; a cut at a continuation page puts one
    objective in both parts, which is refused naming it."""
    whole = import_text(SEED).plan
    assert whole is not None
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    seen: set[str] = set()
    cuts = refused = 0
    for i, line in enumerate(lines):
        if not line.startswith("PEG-PIAO-SEZ"):
            continue
        code = next((x.strip() for x in lines[i + 1 : i + 4] if x.strip()[:4].isdigit()), "")
        started = {o.code: o.source_line or 0 for o in whole.objectives}
        first_page = code not in seen
        seen.add(code)
        if i < 20 or (first_page and started.get(code, 0) < i + 1):
            continue  # the first page, or an objective whose header page was lost before it
        a, b = tmp_path / "a.txt", tmp_path / "b.txt"
        a.write_text("".join(lines[:i]), encoding="utf-8")
        b.write_text("".join(lines[i:]), encoding="utf-8")
        result = import_texts([a, b])
        if first_page:
            cuts += 1
            assert result.plan is not None, i
            assert result.plan.objectives == whole.objectives, i
            assert [s.code for s in result.plan.sectors] == [s.code for s in whole.sectors], i
        else:
            refused += 1
            assert result.plan is None, i
            assert [
                (f.code, f.row_id) for f in result.findings if f.severity is Severity.ERROR
            ] == [("PLAN-040", code)], i
    assert (cuts, refused) == (19, 12)

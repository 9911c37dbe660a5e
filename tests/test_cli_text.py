"""The whole text a person reads from each command, compared exactly (issue 18): ``import``,
``generate``, ``check``, ``consolidate``, a campaign's steps and ``diff`` on the small cycle
(:mod:`tests.small_flow`), in Italian and in English. Only what varies from run to run is
normalised: the secret of each upload link, the folder of a receipt, the time of an arrival.

The expected texts are the screen as it is: some lines are longer than the code's 100 columns."""

# ruff: noqa: E501

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pegxl.cli import main

from .small_flow import small_flow

#: what varies from run to run, and what stands for it
VARIES = [
    (re.compile(r"/s/[A-Za-z0-9_-]{20,}"), "/s/SEGRETO"),
    (re.compile(r"riscontri/[0-9a-f]{16}/"), "riscontri/RICEVUTA/"),
    (re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"), "GG/MM/AAAA hh:mm"),
]


def _out(argv: list[str], capsys: pytest.CaptureFixture[str], code: int) -> str:
    assert main(argv) == code, argv
    out = capsys.readouterr().out
    for pattern, shown in VARIES:
        out = pattern.sub(shown, out)
    return out


IMPORT = {
    "it": """\
0 errori, 0 avvisi, 0 informazioni.
Piano riscritto in piano2.xlsx, con tutti gli identificativi: 1 settore, 1 obiettivo, 2 fasi, 1 indicatore.
""",
    "en": """\
0 errors, 0 warnings, 0 info.
Plan written again to piano2.xlsx, with every ID: 1 sector, 1 objective, 2 phases, 1 indicator.
""",
}

GENERATE = {
    "it": """\
1 scheda scritta in nuove (Monitoraggio intermedio al 30/06/2025):
  PEG_2025-06-30_S01_uno.xlsx
""",
    "en": """\
1 workbook written to nuove (Intermediate monitoring at 30/06/2025):
  PEG_2025-06-30_S01_uno.xlsx
""",
}

CHECK = {
    "it": """\
PEG_2025-06-30_S01_uno.xlsx  [S01 30/06/2025]  con errori  (1 E, 1 W, 0 I; 19 valori)
    codice     gravità  dove     oggetto         messaggio
    ---------  -------  -------  --------------  ---------
    VALUE-008  avviso   Fasi!J4  2025_S01_01/F1  La fase 2025_S01_01/F1 ha Avanzamento 100% ma non ha la
                                                 Fine Effettiva. Inserire la data di conclusione.
    VALUE-003  errore   Fasi!H5  2025_S01_01/F2  Manca l'Avanzamento (%) di 2025_S01_01/F2. Compilare la
                                                 cella gialla.
Totale: 1 file — 0 ok, 0 con avvisi, 1 con errori, 0 rifiutati; 19 valori letti.
""",
    "en": """\
PEG_2025-06-30_S01_uno.xlsx  [S01 30/06/2025]  with errors  (1 E, 1 W, 0 I; 19 values)
    code       severity  where    row id          message
    ---------  --------  -------  --------------  -------
    VALUE-008  warning   Fasi!J4  2025_S01_01/F1  Phase 2025_S01_01/F1 has 100% progress but no actual
                                                  end. Enter the date it ended.
    VALUE-003  error     Fasi!H5  2025_S01_01/F2  The progress (%) of 2025_S01_01/F2 is missing. Fill in
                                                  the yellow cell.
Total: 1 file — 0 ok, 0 with warnings, 1 with errors, 0 rejected; 19 values read.
""",
}

CONSOLIDATE = {
    "it": """\
Consolidato: Monitoraggio intermedio al 30/06/2025
  conteggiato con errori  S01   PEG_2025-06-30_S01_uno.xlsx
      codice     gravità  dove     oggetto         messaggio
      ---------  -------  -------  --------------  ---------
      VALUE-008  avviso   Fasi!J4  2025_S01_01/F1  La fase 2025_S01_01/F1 ha Avanzamento 100% ma non ha la
                                                   Fine Effettiva. Inserire la data di conclusione.
      VALUE-003  errore   Fasi!H5  2025_S01_01/F2  Manca l'Avanzamento (%) di 2025_S01_01/F2. Compilare la
                                                   cella gialla.
      SCORE-011  avviso                            La versione più recente della scheda del settore S01
                                                   («PEG_2025-06-30_S01_uno.xlsx») ha errori: è stata
                                                   conteggiata, i valori in errore sono esclusi come non
                                                   valutabili e i punteggi che ne risentono sono
                                                   provvisori. Chiedere al settore la scheda corretta.
Avanzamento dell'ente: 50% (media ponderata), 50% (media semplice); obiettivi misurati 1 su 1.
Stato degli obiettivi: In linea 0, A rischio 0, Critico 0, Non valutabile 0; provvisori 1.
Punteggio provvisorio. Obiettivi calcolati senza i valori in errore delle schede conteggiate con
errori: 1 su 1; cambieranno con le schede corrette.
  S01       50%  provvisorio  SETTORE UNO
1 errore, 2 avvisi, 1 informazione.
Scritto: riepilogo.xlsx
""",
    "en": """\
Consolidated: Intermediate monitoring at 30/06/2025
  counted with errors  S01   PEG_2025-06-30_S01_uno.xlsx
      code       severity  where    row id          message
      ---------  --------  -------  --------------  -------
      VALUE-008  warning   Fasi!J4  2025_S01_01/F1  Phase 2025_S01_01/F1 has 100% progress but no actual
                                                    end. Enter the date it ended.
      VALUE-003  error     Fasi!H5  2025_S01_01/F2  The progress (%) of 2025_S01_01/F2 is missing. Fill in
                                                    the yellow cell.
      SCORE-011  warning                            The latest version of sector S01's workbook
                                                    («PEG_2025-06-30_S01_uno.xlsx») has errors: it was
                                                    counted, the values in error are left out as not
                                                    measurable and the scores they touch are provisional.
                                                    Ask the sector for the corrected workbook.
Entity progress: 50% (weighted mean), 50% (plain mean); objectives measured 1 of 1.
Objectives by state: On track 0, At risk 0, Critical 0, Not measurable 0; provisional 1.
A provisional score. Objectives computed without the values in error of the workbooks counted with
errors: 1 of 1; they will change with the corrected workbooks.
  S01       50%  provisional  SETTORE UNO
1 error, 2 warnings, 1 info.
Written: riepilogo.xlsx
""",
}

NEW = {
    "it": """\
Campagna creata in campagna: Monitoraggio intermedio al 30/06/2025, 1 settore. Collegamenti per il caricamento:
  S01    /s/SEGRETO
Avviare lo sportello con: pegxl serve campagna
""",
    "en": """\
Campaign made in campagna: Intermediate monitoring at 30/06/2025, 1 sector. Upload links:
  S01    /s/SEGRETO
Start the desk with: pegxl serve campagna
""",
}

RECEIVE = {
    "it": """\
PEG_2025-06-30_S01_uno.xlsx  [S01]  con errori
    codice     gravità  dove     oggetto         messaggio
    ---------  -------  -------  --------------  ---------
    VALUE-008  avviso   Fasi!J4  2025_S01_01/F1  La fase 2025_S01_01/F1 ha Avanzamento 100% ma non ha la
                                                 Fine Effettiva. Inserire la data di conclusione.
    VALUE-003  errore   Fasi!H5  2025_S01_01/F2  Manca l'Avanzamento (%) di 2025_S01_01/F2. Compilare la
                                                 cella gialla.
    scheda di riscontro: campagna/riscontri/RICEVUTA/PEG_2025-06-30_S01_uno_riscontro.xlsx
1 file ricevuto e registrato.
""",
    "en": """\
PEG_2025-06-30_S01_uno.xlsx  [S01]  with errors
    code       severity  where    row id          message
    ---------  --------  -------  --------------  -------
    VALUE-008  warning   Fasi!J4  2025_S01_01/F1  Phase 2025_S01_01/F1 has 100% progress but no actual
                                                  end. Enter the date it ended.
    VALUE-003  error     Fasi!H5  2025_S01_01/F2  The progress (%) of 2025_S01_01/F2 is missing. Fill in
                                                  the yellow cell.
    feedback workbook: campagna/riscontri/RICEVUTA/PEG_2025-06-30_S01_uno_riscontro.xlsx
1 file received and recorded.
""",
}

STATUS = {
    "it": """\
Campagna: Monitoraggio intermedio al 30/06/2025
  settore  stato       versioni  ultimo arrivo     solleciti  collegamento
  S01      con errori  1         GG/MM/AAAA hh:mm  0          /s/SEGRETO
codice     gravità  dove     oggetto         messaggio
---------  -------  -------  --------------  ---------
VALUE-008  avviso   Fasi!J4  2025_S01_01/F1  La fase 2025_S01_01/F1 ha Avanzamento 100% ma non ha la
                                             Fine Effettiva. Inserire la data di conclusione.
VALUE-003  errore   Fasi!H5  2025_S01_01/F2  Manca l'Avanzamento (%) di 2025_S01_01/F2. Compilare la
                                             cella gialla.
SCORE-011  avviso                            La versione più recente della scheda del settore S01
                                             («PEG_2025-06-30_S01_uno.xlsx») ha errori: è stata
                                             conteggiata, i valori in errore sono esclusi come non
                                             valutabili e i punteggi che ne risentono sono
                                             provvisori. Chiedere al settore la scheda corretta.
1 errore, 2 avvisi, 0 informazioni.
""",
    "en": """\
Campaign: Intermediate monitoring at 30/06/2025
  sector  state        versions  last received     reminders  link
  S01     with errors  1         GG/MM/AAAA hh:mm  0          /s/SEGRETO
code       severity  where    row id          message
---------  --------  -------  --------------  -------
VALUE-008  warning   Fasi!J4  2025_S01_01/F1  Phase 2025_S01_01/F1 has 100% progress but no actual
                                              end. Enter the date it ended.
VALUE-003  error     Fasi!H5  2025_S01_01/F2  The progress (%) of 2025_S01_01/F2 is missing. Fill in
                                              the yellow cell.
SCORE-011  warning                            The latest version of sector S01's workbook
                                              («PEG_2025-06-30_S01_uno.xlsx») has errors: it was
                                              counted, the values in error are left out as not
                                              measurable and the scores they touch are provisional.
                                              Ask the sector for the corrected workbook.
1 error, 2 warnings, 0 info.
""",
}

DIFF = {
    "it": """\
cella          ID              colonna           prima  dopo
-------------  --------------  ----------------  -----  ----
Fasi!H4        2025_S01_01/F1  Avanzamento (%)   —      100
Indicatori!H4  2025_S01_01/I1  Valore Raggiunto  —      60
2 valori cambiati.
""",
    "en": """\
cell           ID              column        before  after
-------------  --------------  ------------  ------  -----
Fasi!H4        2025_S01_01/F1  Progress (%)  —       100
Indicatori!H4  2025_S01_01/I1  Achieved      —       60
2 values changed.
""",
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_text_of_every_command_on_the_small_cycle(
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flow = small_flow(tmp_path, lang)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PEGXL_OFFICE_PASSWORD", "una-password-di-prova")
    lang_ = ["--lang", lang]
    back = "risposte/" + flow.returned.name
    blank = "schede/" + flow.blank.name
    said = {
        "import": _out(["import", "tabelle.xlsx", "-o", "piano2.xlsx", *lang_], capsys, 0),
        "generate": _out(
            ["generate", "piano.xlsx", "--period", "2025-06-30", "-o", "nuove", *lang_], capsys, 0
        ),
        "check": _out(["check", "piano.xlsx", "risposte", *lang_], capsys, 1),
        "consolidate": _out(
            ["consolidate", "piano.xlsx", "risposte", "-o", "riepilogo.xlsx", *lang_], capsys, 1
        ),
        "new": _out(
            [
                "campaign",
                "new",
                "campagna",
                "--plan",
                "piano.xlsx",
                "--period",
                "2025-06-30",
                *lang_,
            ],
            capsys,
            0,
        ),
        "receive": _out(["campaign", "receive", "campagna", back, *lang_], capsys, 1),
        "status": _out(["campaign", "status", "campagna", *lang_], capsys, 1),
        "diff": _out(["diff", blank, back, *lang_], capsys, 0),
    }
    expected = {
        "import": IMPORT,
        "generate": GENERATE,
        "check": CHECK,
        "consolidate": CONSOLIDATE,
        "new": NEW,
        "receive": RECEIVE,
        "status": STATUS,
        "diff": DIFF,
    }
    for command, text in said.items():
        assert text == expected[command][lang], command

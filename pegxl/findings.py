"""Findings: the one record every pegxl check produces, the registry of stable codes, and the
collector every stage adds findings to.

A finding says *where* (file, sheet, cell or source line, row id), *what* is wrong and *how to fix
it*, in Italian and in English. Codes are stable: once published a code is never renumbered or
reused. This module is long because the registry is: one entry per code, each with both
messages beside it, is the form a translator and a reviewer read best (the rest of the module is
short).

Example::

    >>> f = make(Code.WEIGHT_SUM, file="plan.txt", line=120, objective="2025_S07_01", total="50")
    >>> f.code, f.severity.value
    ('PLAN-005', 'warning')
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypedDict

from pegxl.i18n import T, display_name, fill, text, tr

if TYPE_CHECKING:
    from pegxl.values import ParseError

__all__ = [
    "FINDINGS_PER_CODE",
    "Code",
    "Collector",
    "Finding",
    "Severity",
    "count",
    "error_detail",
    "has_errors",
    "make",
    "os_error",
    "parse_error",
    "render_table",
]


class Severity(StrEnum):
    """How serious a finding is. ``error`` makes the command exit with 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    """The registry of finding codes. Each member *is* its published code (``Code.WEIGHT_SUM ==
    "PLAN-005"``) and carries its default severity and message templates (``str.format``
    strings; every placeholder must be passed to :func:`make`)."""

    severity: Severity
    it: str
    en: str

    def __new__(cls, code: str, severity: Severity, it: str, en: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.severity = severity
        member.it = it
        member.en = en
        return member

    # --- PLAN: the plan source (PEG text export) and the plan workbook -------------------------
    NOT_A_PEG_EXPORT = (
        "PLAN-001",
        Severity.ERROR,
        "Il file non sembra un'esportazione testo del PEG-PIAO: {detail}. Se il piano viene dal "
        "report 'PEG-PIAO-SEZ. 2.2 PERFORMANCE', esportarlo di nuovo in formato testo e "
        "riprovare; altrimenti (il piano di un altro programma, una tabella del Nucleo, un "
        "CSV) creare la cartella del piano vuota con «pegxl init -o PIANO.xlsx», copiarvi "
        "settori, obiettivi, fasi e indicatori e usarla al posto dell'esportazione con "
        "«pegxl generate PIANO.xlsx …».",
        "The file does not look like a PEG-PIAO text export: {detail}. If the plan comes from "
        "the 'PEG-PIAO-SEZ. 2.2 PERFORMANCE' report, export it as text again and retry; "
        "otherwise (another program's plan, a Nucleo's table, a CSV) create the blank plan "
        "workbook with «pegxl init -o PLAN.xlsx», copy the sectors, objectives, phases and "
        "indicators into it and use it instead of the export with «pegxl generate PLAN.xlsx …».",
    )
    HEADER_LOST = (
        "PLAN-002",
        Severity.WARNING,
        "L'obiettivo «{title}» non ha l'intestazione (codice, assessorato, centro di "
        "responsabilità): è stato mantenuto con il codice provvisorio {objective}. Inserire il "
        "codice corretto e il settore nel foglio Obiettivi del piano.",
        "Objective «{title}» has lost its header (code, assessorato, centre of responsibility): it "
        "was kept with the provisional code {objective}. Enter the real code and the sector in the "
        "Obiettivi sheet of the plan.",
    )
    CODE_RECOVERED = (
        "PLAN-003",
        Severity.WARNING,
        "L'obiettivo «{title}» non ha l'intestazione nella sua prima pagina; codice {objective} e "
        "dati di intestazione ricavati dalla pagina di continuazione alla riga {from_line}. "
        "Verificare nel foglio Obiettivi.",
        "Objective «{title}» has no header on its first page; code {objective} and header fields "
        "were taken from the continuation page at line {from_line}. Check the Obiettivi sheet.",
    )
    WEIGHT_MISSING = (
        "PLAN-004",
        Severity.WARNING,
        "La fase «{phase}» dell'obiettivo {objective} non ha un peso. Inserire il peso nella "
        "colonna Peso del foglio Fasi.",
        "Phase «{phase}» of objective {objective} has no weight. Enter it in the Peso column of "
        "the Fasi sheet.",
    )
    WEIGHT_SUM = (
        "PLAN-005",
        Severity.WARNING,
        "I pesi delle fasi dell'obiettivo {objective} sommano a {total} invece di 100. Correggere "
        "la colonna Peso del foglio Fasi.",
        "The phase weights of objective {objective} sum to {total} instead of 100. Correct the "
        "Peso column of the Fasi sheet.",
    )
    WRONG_COLUMN = (
        "PLAN-006",
        Severity.WARNING,
        "Nella colonna «{column}» ({where}) c'è «{raw}», che sembra fuori posto: {detail}. "
        "Verificare il valore nel piano.",
        "Column «{column}» ({where}) holds «{raw}», which looks misplaced: {detail}. Check the "
        "value in the plan.",
    )
    UNKNOWN_TIPO = (
        "PLAN-007",
        Severity.WARNING,
        "Tipo di indicatore sconosciuto «{raw}» ({where}); tipi attesi: {expected}. Correggere la "
        "colonna Tipo del foglio Indicatori.",
        "Unknown indicator type «{raw}» ({where}); expected one of: {expected}. Correct the Tipo "
        "column of the Indicatori sheet.",
    )
    TARGET_TEXT = (
        "PLAN-008",
        Severity.WARNING,
        "Il valore atteso «{raw}» ({where}) non è un numero, una percentuale, Fatto/Non fatto o "
        "una data: è stato tenuto come testo e non potrà essere valutato. Scrivere un valore "
        "misurabile nella colonna Valore Atteso.",
        "Target «{raw}» ({where}) is not a number, a percentage, Fatto/Non fatto or a date: it "
        "was kept as text and cannot be scored. Write a measurable value in Valore Atteso.",
    )
    NOTHING_TO_MONITOR = (
        "PLAN-009",
        Severity.WARNING,
        "L'obiettivo {objective} non ha né fasi né indicatori: nel monitoraggio non ci sarà nulla "
        "da compilare. Aggiungere fasi o indicatori, oppure lasciarlo solo descrittivo.",
        "Objective {objective} has neither phases nor indicators: nothing will be monitored. Add "
        "phases or indicators, or keep it as a descriptive objective.",
    )
    PLANNED_DATES_MISSING = (
        "PLAN-010",
        Severity.WARNING,
        "La fase «{phase}» dell'obiettivo {objective} non ha le date previste. Inserire Inizio "
        "Previsto e Fine Prevista nel foglio Fasi.",
        "Phase «{phase}» of objective {objective} has no planned dates. Enter Inizio Previsto and "
        "Fine Prevista in the Fasi sheet.",
    )
    LINE_NOT_PLACED = (
        "PLAN-011",
        Severity.WARNING,
        "Riga non riconosciuta, non attribuita a nessun campo: «{raw}». Verificare se manca "
        "qualcosa nel piano.",
        "Unrecognised line, not assigned to any field: «{raw}». Check whether something is "
        "missing from the plan.",
    )
    SECTOR_INFERRED = (
        "PLAN-012",
        Severity.WARNING,
        "Settore dell'obiettivo {objective} dedotto: {detail}. Verificare il codice settore nel "
        "foglio Obiettivi.",
        "Sector of objective {objective} inferred: {detail}. Check the sector code in the "
        "Obiettivi sheet.",
    )
    DUPLICATE_ID = (
        "PLAN-013",
        Severity.ERROR,
        "Il codice «{raw}» compare più di una volta nel foglio {sheet} (anche alla riga "
        "{other_row}). Ogni codice deve essere unico: correggere uno dei due.",
        "Code «{raw}» appears more than once in sheet {sheet} (also at row {other_row}). Every "
        "code must be unique: correct one of them.",
    )
    UNKNOWN_PARENT = (
        "PLAN-014",
        Severity.ERROR,
        "«{raw}» non corrisponde a nessun {parent} del foglio {parent_sheet}. Correggere il "
        "codice o aggiungere la riga mancante.",
        "«{raw}» matches no {parent} in sheet {parent_sheet}. Correct the code or add the missing "
        "row.",
    )
    BAD_WORKBOOK_STRUCTURE = (
        "PLAN-015",
        Severity.ERROR,
        "Struttura del piano non valida: {detail}. Usare un piano prodotto da «pegxl import» (o "
        "il piano vuoto di «pegxl init») e non rinominare fogli o intestazioni di colonna.",
        "Invalid plan workbook structure: {detail}. Use a plan made by «pegxl import» (or the "
        "blank plan of «pegxl init») and do not rename sheets or column headers.",
    )
    BAD_CELL_VALUE = (
        "PLAN-016",
        Severity.ERROR,
        "Valore non valido «{raw}» nella colonna «{column}»: {detail}. Atteso: {expected}.",
        "Invalid value «{raw}» in column «{column}»: {detail}. Expected: {expected}.",
    )
    PRIOR_KIND_DIFFERS = (
        "PLAN-017",
        Severity.INFO,
        "Il valore «{raw}» di {column} ({where}) è di tipo {found} mentre il valore atteso è di "
        "tipo {expected}: il confronto con l'anno precedente potrebbe non essere significativo.",
        "Value «{raw}» of {column} ({where}) is of kind {found} while the target is of kind "
        "{expected}: the comparison with the previous year may not be meaningful.",
    )
    DATES_REVERSED = (
        "PLAN-018",
        Severity.WARNING,
        "Nella fase «{phase}» dell'obiettivo {objective} {first} ({a}) è successiva a {second} "
        "({b}). Correggere le date nel foglio Fasi.",
        "In phase «{phase}» of objective {objective}, {first} ({a}) is after {second} ({b}). "
        "Correct the dates in the Fasi sheet.",
    )
    FIELD_MISSING = (
        "PLAN-019",
        Severity.WARNING,
        "L'obiettivo {objective} non ha il campo «{field}». Completarlo nel foglio Obiettivi.",
        "Objective {objective} has no «{field}». Complete it in the Obiettivi sheet.",
    )
    FIELD_CONFLICT = (
        "PLAN-020",
        Severity.WARNING,
        "Valori diversi per «{field}» in {where}: «{a}» e «{b}»; è stato tenuto il primo. "
        "Verificare nel piano.",
        "Different values for «{field}» in {where}: «{a}» and «{b}»; the first was kept. Check "
        "the plan.",
    )
    AMBIGUOUS_NUMBER = (
        "PLAN-021",
        Severity.INFO,
        "Il numero «{raw}» ({where}) è ambiguo ed è stato letto come {value}: {detail}.",
        "Number «{raw}» ({where}) is ambiguous and was read as {value}: {detail}.",
    )
    COLUMN_UNKNOWN = (
        "PLAN-022",
        Severity.WARNING,
        "La colonna «{raw}» ({sheet}!{cell}) non è una colonna del piano e non viene letta "
        "({detail}). Darle l'intestazione giusta (elenco nel foglio Leggimi) oppure eliminarla.",
        "Column «{raw}» ({sheet}!{cell}) is not a column of the plan and is not read ({detail}). "
        "Give it the right header (listed in the Leggimi sheet) or delete it.",
    )
    COLUMN_VARIANT = (
        "PLAN-023",
        Severity.INFO,
        "La colonna «{raw}» ({sheet}!{cell}) è stata letta come «{expected}». Per non ricevere "
        "più questa segnalazione rinominarla «{expected}».",
        "Column «{raw}» ({sheet}!{cell}) was read as «{expected}». To stop this message rename "
        "it «{expected}».",
    )
    COLUMN_DUPLICATE = (
        "PLAN-024",
        Severity.WARNING,
        "L'intestazione «{raw}» compare due volte nel foglio {sheet} ({cell} e {other}): è stata "
        "letta solo la prima colonna; {detail}. Eliminare la copia.",
        "Header «{raw}» appears twice in sheet {sheet} ({cell} and {other}): only the first "
        "column was read; {detail}. Delete the copy.",
    )
    PLAN_FORMULA = (
        "PLAN-025",
        Severity.WARNING,
        "Nella cella {sheet}!{cell} c'è una formula ({detail}); è stato letto il suo risultato "
        "«{raw}». Sostituire la formula con il valore.",
        "Cell {sheet}!{cell} holds a formula ({detail}); its result «{raw}» was read. Replace the "
        "formula with its value.",
    )
    PLAN_FORMULA_NO_VALUE = (
        "PLAN-026",
        Severity.ERROR,
        "Nella cella {sheet}!{cell} c'è una formula ({detail}) senza risultato salvato: il valore "
        "non può essere letto. Sostituire la formula con il valore e salvare di nuovo.",
        "Cell {sheet}!{cell} holds a formula ({detail}) with no saved result: the value cannot be "
        "read. Replace the formula with its value and save again.",
    )
    SHEET_NOT_READ = (
        "PLAN-027",
        Severity.WARNING,
        "Il foglio «{sheet}» non fa parte del piano e non viene letto ({detail}). Spostare i dati "
        "nei fogli del piano oppure eliminarlo.",
        "Sheet «{sheet}» is not part of the plan and is not read ({detail}). Move the data into "
        "the plan's sheets or delete it.",
    )
    CELLS_NOT_READ = (
        "PLAN-028",
        Severity.WARNING,
        "Nel foglio {sheet} {detail} non vengono letti (ad es. la cella {cell}, «{raw}»). "
        "Spostarli nelle colonne del piano oppure eliminarli.",
        "In sheet {sheet} {detail} are not read (e.g. cell {cell}, «{raw}»). Move them into the "
        "plan's columns or delete them.",
    )
    PLAN_TOO_LARGE = (
        "PLAN-029",
        Severity.ERROR,
        "Il piano supera i limiti di pegxl e non viene letto: {detail}. Verificare che il file "
        "sia il piano e che non contenga righe, colonne o fogli in eccesso.",
        "The plan exceeds pegxl's limits and is not read: {detail}. Check that the file is the "
        "plan and holds no excess rows, columns or sheets.",
    )
    PLAN_NOT_XLSX = (
        "PLAN-030",
        Severity.ERROR,
        "Il piano deve essere una cartella di lavoro Excel (.xlsx): {detail}. Aprirlo e salvarlo "
        "come «Cartella di lavoro di Excel (.xlsx)».",
        "The plan must be an Excel workbook (.xlsx): {detail}. Open it and save it as an «Excel "
        "Workbook (.xlsx)».",
    )
    PERIOD_OUTSIDE_YEAR = (
        "PLAN-031",
        Severity.WARNING,
        "Il periodo {raw} non cade nell'anno del piano ({expected}). Verificare la data indicata "
        "con --period.",
        "Period {raw} is not in the plan's year ({expected}). Check the date given with --period.",
    )
    SECTOR_NAME_MISSING = (
        "PLAN-032",
        Severity.WARNING,
        "Il settore {raw} non ha un nome: le sue schede non diranno a chi sono destinate. "
        "Completarlo nel foglio Settori.",
        "Sector {raw} has no name: its workbooks will not say whom they are for. Complete it in "
        "the Settori sheet.",
    )
    # --- PLAN: several exports into one plan, the blank plan workbook (issue 20) -------------
    OBJECTIVE_IN_TWO_EXPORTS = (
        "PLAN-040",
        Severity.ERROR,
        "L'obiettivo {raw} compare in due esportazioni: «{other_file}» alla riga {line_a} e "
        "«{file}» alla riga {line_b}. Un obiettivo appartiene a un solo Valore Pubblico: "
        "togliere dal comando l'esportazione di troppo, oppure correggere il codice "
        "dell'obiettivo nel programma del PEG ed esportare di nuovo.",
        "Objective {raw} is in two exports: «{other_file}» at line {line_a} and «{file}» at "
        "line {line_b}. An objective belongs to one Valore Pubblico only: drop the extra export "
        "from the command, or correct the objective's code in the PEG software and export "
        "again.",
    )
    SAME_EXPORT_TWICE = (
        "PLAN-041",
        Severity.ERROR,
        "«{file}» {detail}: i suoi {n} obiettivi ({codes}) sarebbero contati due volte. "
        "Indicare ogni esportazione una sola volta.",
        "«{file}» {detail}: its {n} objectives ({codes}) would be counted twice. Give each "
        "export only once.",
    )
    EXPORTS_OTHER_ENTITY = (
        "PLAN-042",
        Severity.ERROR,
        "«{file}» è il piano di «{raw}», mentre «{other_file}» è di «{expected}»: le "
        "esportazioni di enti diversi non formano un piano. Indicare solo le esportazioni "
        "dello stesso ente.",
        "«{file}» is the plan of «{raw}», while «{other_file}» is of «{expected}»: exports of "
        "different entities do not make one plan. Give only the exports of one entity.",
    )
    EXPORTS_OTHER_YEAR = (
        "PLAN-043",
        Severity.ERROR,
        "«{file}» è il piano dell'anno {raw}, mentre «{other_file}» è dell'anno {expected}: le "
        "esportazioni di anni diversi non formano un piano. Indicare solo le esportazioni "
        "dello stesso anno.",
        "«{file}» is the plan of year {raw}, while «{other_file}» is of year {expected}: exports "
        "of different years do not make one plan. Give only the exports of one year.",
    )
    EXPORTS_OTHER_VIEW = (
        "PLAN-044",
        Severity.WARNING,
        "«{file}» ha «{field}» «{raw}», mentre «{other_file}» ha «{expected}»: è stato tenuto "
        "il primo. Verificare che le esportazioni siano state fatte con gli stessi parametri.",
        "«{file}» has «{field}» «{raw}», while «{other_file}» has «{expected}»: the first was "
        "kept. Check that the exports were made with the same parameters.",
    )
    IDS_DERIVED = (
        "PLAN-045",
        Severity.WARNING,
        "Nel foglio {sheet} {n:una riga non ha|{n} righe non hanno} «{column}» (la prima è la "
        "riga {row}): l'identificativo è stato ricavato dall'obiettivo e dalla posizione "
        "({raw}). Finché la cella resta vuota, inserire, togliere o spostare righe dello stesso "
        "obiettivo cambia gli identificativi e le schede già inviate non si possono più leggere: "
        "prima di generare le schede scrivere nella colonna «{column}» gli identificativi "
        "ricavati (l'obiettivo, «/{expected}» e il numero d'ordine della riga nell'obiettivo), "
        "oppure farli scrivere a pegxl con «pegxl import PIANO.xlsx -o PIANO-ID.xlsx», e non "
        "cambiarli più.",
        "In sheet {sheet} {n:one row has|{n} rows have} no «{column}» (the first is row {row}): "
        "the ID was derived from the objective and the position ({raw}). While the cell stays "
        "blank, inserting, removing or moving rows of the same objective changes the IDs and "
        "workbooks already sent can no longer be read: before generating the workbooks write the "
        "derived IDs in column «{column}» (the objective, «/{expected}» and the row's order "
        "number within the objective), or have pegxl write them with «pegxl import PLAN.xlsx -o "
        "PLAN-ID.xlsx», and never change them.",
    )
    KIND_DERIVED = (
        "PLAN-046",
        Severity.INFO,
        "L'indicatore {row_id} non ha «Tipo valore»: è stato letto dal Valore Atteso «{raw}» "
        "come {expected}. Se è un altro tipo, sceglierlo dall'elenco della colonna «Tipo "
        "valore».",
        "Indicator {row_id} has no «Tipo valore»: it was read from the target «{raw}» as "
        "{expected}. If it is another kind, choose it from the list of column «Tipo valore».",
    )
    PLAN_EMPTY = (
        "PLAN-047",
        Severity.WARNING,
        "Il piano non ha ancora obiettivi: non c'è nessuna scheda da generare né da controllare. "
        "Compilare i fogli Settori, Obiettivi, Fasi e Indicatori come spiega il foglio Leggimi.",
        "The plan has no objectives yet: there is no workbook to generate or check. Fill in the "
        "Settori, Obiettivi, Fasi and Indicatori sheets as the Leggimi sheet says.",
    )
    ENTITY_MISSING = (
        "PLAN-048",
        Severity.WARNING,
        "Il piano non dice di quale ente è: le schede, il riepilogo e la relazione non lo "
        "nomineranno. Scriverlo nel foglio Piano, alla riga «Ente» (es. «Città di …»; con "
        "pegxl init: --ente).",
        "The plan does not say which entity it is of: the workbooks, the master and the report "
        "will not name it. Write it in the Piano sheet, on the «Ente» row (e.g. «Città di …»; "
        "with pegxl init: --ente).",
    )
    # --- PLAN: the «Variazioni» sheet of the plan workbook (issue 19) -----------------------------
    VARIATION_UNKNOWN_ID = (
        "PLAN-061",
        Severity.ERROR,
        "La variazione si riferisce all'ID «{raw}», che non è una fase né un indicatore del "
        "piano. Copiare l'ID dalla colonna «ID fase» del foglio Fasi o «ID indicatore» del foglio "
        "Indicatori.",
        "The variation refers to ID «{raw}», which is neither a phase nor an indicator of the "
        "plan. Copy the ID from the «ID fase» column of the Fasi sheet or «ID indicatore» of the "
        "Indicatori sheet.",
    )
    VARIATION_FIELD = (
        "PLAN-062",
        Severity.ERROR,
        "Il campo «{raw}» non può essere variato per {row_id}: si possono variare {expected}. "
        "Un indicatore o una fase nuovi, o una descrizione diversa, si inseriscono nei fogli del "
        "piano, non come variazione.",
        "Field «{raw}» cannot be varied for {row_id}: the fields that can vary are {expected}. A "
        "new indicator or phase, or another description, goes into the plan's sheets, not into a "
        "variation.",
    )
    VARIATION_ORIGINAL = (
        "PLAN-063",
        Severity.ERROR,
        "Il valore originale «{raw}» di {row_id} ({field}) non è quello del piano alla data "
        "dell'atto: è «{expected}». Correggere «Valore originale», o l'ID se la variazione "
        "riguarda un'altra riga.",
        "The original value «{raw}» of {row_id} ({field}) is not the plan's at the act's date: "
        "it is «{expected}». Correct «Valore originale», or the ID if the variation is about "
        "another row.",
    )
    VARIATION_DATE = (
        "PLAN-064",
        Severity.ERROR,
        "La data dell'atto «{raw}» {detail}: deve essere una data dell'anno del piano "
        "({expected}). Indicare la data della deliberazione che ha approvato la variazione.",
        "The act's date «{raw}» {detail}: it must be a date in the plan's year ({expected}). "
        "Give the date of the deliberation that approved the variation.",
    )
    VARIATION_TWICE = (
        "PLAN-065",
        Severity.ERROR,
        "{row_id} ({field}) è variato due volte con atti della stessa data {raw} (righe "
        "{other_row} e questa): non si può sapere quale valore valga. Tenere una sola riga, con "
        "il valore approvato.",
        "{row_id} ({field}) is varied twice by acts of the same date {raw} (rows {other_row} and "
        "this one): which value holds cannot be known. Keep one row, with the approved value.",
    )
    VARIATION_VALUE = (
        "PLAN-066",
        Severity.ERROR,
        "Il valore «{raw}» di «{column}» non si legge come {expected}: {detail}. Scriverlo come "
        "il campo del piano che varia.",
        "Value «{raw}» of «{column}» does not read as {expected}: {detail}. Write it like the "
        "plan's field it varies.",
    )
    VARIATION_INCOMPLETE = (
        "PLAN-067",
        Severity.ERROR,
        "La variazione di {row_id} non ha «{column}»: una variazione approvata ha sempre "
        "motivazione, atto (numero della deliberazione) e data. Completare la riga.",
        "The variation of {row_id} has no «{column}»: an approved variation always has a reason, "
        "an act (the deliberation's number) and its date. Complete the row.",
    )
    VARIATION_LATE = (
        "PLAN-068",
        Severity.WARNING,
        "L'atto del {raw} è successivo al 15 dicembre: la Giunta può variare il PEG fino al 15 "
        "dicembre (art. 175 c. 9 TUEL). Verificare la data, o motivare la variazione al Nucleo.",
        "The act of {raw} is after 15 December: the Giunta may vary the PEG until 15 December "
        "(art. 175 c. 9 TUEL). Check the date, or explain the variation to the Nucleo.",
    )
    VARIATION_SAME = (
        "PLAN-069",
        Severity.WARNING,
        "La variazione di {row_id} ({field}) ha il nuovo valore uguale all'originale «{raw}»: "
        "non cambia nulla. Verificare il nuovo valore approvato, o togliere la riga.",
        "The variation of {row_id} ({field}) has a new value equal to the original «{raw}»: it "
        "changes nothing. Check the approved new value, or remove the row.",
    )
    VARIED_WEIGHTS = (
        "PLAN-070",
        Severity.WARNING,
        "Dopo la variazione del {raw} i pesi delle fasi dell'obiettivo {objective} sommano a "
        "{total} invece di 100: variare con lo stesso atto anche i pesi delle altre fasi, "
        "altrimenti il punteggio li riporta a 100.",
        "After the variation of {raw} the phase weights of objective {objective} sum to {total} "
        "instead of 100: vary the weights of the other phases by the same act too, or the score "
        "scales them to 100.",
    )
    VARIED_DATES = (
        "PLAN-071",
        Severity.ERROR,
        "Dopo la variazione del {raw} la fase {row_id} finisce ({expected}) prima di iniziare "
        "({detail}). Correggere il nuovo valore, o variare con lo stesso atto anche l'altra data.",
        "After the variation of {raw} phase {row_id} ends ({expected}) before it starts "
        "({detail}). Correct the new value, or vary the other date by the same act too.",
    )
    # --- FILE: reading any file ------------------------------------------------------------------
    FILE_UNREADABLE = (
        "FILE-001",
        Severity.ERROR,
        "Impossibile leggere il file «{file}»: {detail}. Controllare il percorso e che il file "
        "non sia aperto in un altro programma.",
        "Cannot read the file «{file}»: {detail}. Check the path and that no other program "
        "holds it.",
    )
    FILE_NOT_WORKBOOK = (
        "FILE-002",
        Severity.ERROR,
        "Il file non è una cartella di lavoro Excel (.xlsx) valida: {detail}. Salvarlo di nuovo "
        "come «Cartella di lavoro di Excel (.xlsx)».",
        "The file is not a valid Excel workbook (.xlsx): {detail}. Save it again as an «Excel "
        "Workbook (.xlsx)».",
    )

    READER_CRASHED = (
        "FILE-015",
        Severity.ERROR,
        "La lettura del file si è interrotta in modo anomalo ({detail}); gli altri file sono stati "
        "controllati. Chiedere al settore di salvare di nuovo la scheda e inviarla.",
        "Reading the file stopped abnormally ({detail}); the other files were checked. Ask the "
        "sector to save the workbook again and resend it.",
    )
    FILE_TOO_LARGE = (
        "FILE-003",
        Severity.ERROR,
        "Il file è troppo grande per essere una scheda di monitoraggio ({detail}). Inviare la "
        "scheda ricevuta, compilata, senza immagini o fogli aggiunti.",
        "The file is too large to be a monitoring workbook ({detail}). Send the workbook you "
        "received, filled in, without pictures or extra sheets.",
    )
    FILE_ENCRYPTED = (
        "FILE-004",
        Severity.ERROR,
        "Il file è protetto da una password di apertura e non può essere letto. Aprirlo, togliere "
        "la password (File > Informazioni > Proteggi cartella di lavoro) e salvarlo di nuovo.",
        "The file is protected by an opening password and cannot be read. Open it, remove the "
        "password (File > Info > Protect Workbook) and save it again.",
    )
    FILE_LEGACY_XLS = (
        "FILE-005",
        Severity.ERROR,
        "Il file è nel vecchio formato Excel 97-2003 (.xls). Aprirlo e salvarlo come «Cartella di "
        "lavoro di Excel (.xlsx)» oppure come .ods.",
        "The file is in the old Excel 97-2003 format (.xls). Open it and save it as an «Excel "
        "Workbook (.xlsx)» or as .ods.",
    )
    FILE_RENAMED = (
        "FILE-006",
        Severity.ERROR,
        "Il file non è una cartella di lavoro .xlsx o .ods: {detail}. Inviare la scheda .xlsx "
        "ricevuta, compilata, senza esportarla in altri formati.",
        "The file is not an .xlsx or .ods workbook: {detail}. Send the .xlsx workbook you "
        "received, filled in, without exporting it to other formats.",
    )
    FILE_ZIP_UNSAFE = (
        "FILE-007",
        Severity.ERROR,
        "Il contenitore del file non è sicuro e non viene letto: {detail}. Salvare di nuovo la "
        "scheda da Excel o LibreOffice.",
        "The file container is unsafe and is not read: {detail}. Save the workbook again from "
        "Excel or LibreOffice.",
    )
    FILE_ZIP_BOMB = (
        "FILE-008",
        Severity.ERROR,
        "Il file si espande oltre i limiti di sicurezza (possibile «zip bomb»): {detail}. Non "
        "viene letto; chiedere al settore di inviare la scheda originale compilata.",
        "The file expands beyond the safety limits (possible zip bomb): {detail}. It is not read; "
        "ask the sector for the original workbook, filled in.",
    )
    FILE_CORRUPT = (
        "FILE-009",
        Severity.ERROR,
        "Il file è danneggiato o troncato: {detail}. Chiedere al settore di inviarlo di nuovo.",
        "The file is damaged or truncated: {detail}. Ask the sector to send it again.",
    )
    FILE_XML_UNSAFE = (
        "FILE-010",
        Severity.ERROR,
        "Il file contiene dichiarazioni XML non ammesse (DOCTYPE/ENTITY) in {detail}: non viene "
        "letto. Una scheda salvata da Excel o LibreOffice non ne contiene mai.",
        "The file contains forbidden XML declarations (DOCTYPE/ENTITY) in {detail}: it is not "
        "read. A workbook saved by Excel or LibreOffice never contains them.",
    )
    FILE_EXTENT = (
        "FILE-011",
        Severity.ERROR,
        "Un foglio è esteso ben oltre una scheda di monitoraggio ({detail}). Eliminare le righe e "
        "colonne aggiunte oppure ripartire dalla scheda ricevuta.",
        "A sheet extends far beyond a monitoring workbook ({detail}). Delete the added rows and "
        "columns or start again from the workbook received.",
    )
    FILE_MACROS = (
        "FILE-012",
        Severity.WARNING,
        "Il file contiene macro. pegxl non le esegue mai e legge solo i valori; salvare la scheda "
        "come .xlsx senza macro.",
        "The file contains macros. pegxl never runs them and reads values only; save the "
        "workbook as .xlsx without macros.",
    )
    FILE_EXTERNAL_LINKS = (
        "FILE-013",
        Severity.WARNING,
        "Il file contiene collegamenti ad altri file: i valori che ne dipendono potrebbero non "
        "essere aggiornati. Sostituire le formule con i valori.",
        "The file contains links to other files: values depending on them may be stale. Replace "
        "the formulas with their values.",
    )
    FILE_EMBEDDED = (
        "FILE-014",
        Severity.WARNING,
        "Il file contiene oggetti incorporati, che pegxl ignora. Inviare i documenti a parte.",
        "The file contains embedded objects, which pegxl ignores. Send the documents separately.",
    )
    OUTPUT_REFUSED = (
        "FILE-016",
        Severity.ERROR,
        "«{raw}» non è stato scritto: {detail}. Indicare un altro nome o un'altra cartella.",
        "«{raw}» was not written: {detail}. Give another name or folder.",
    )
    OUTPUT_RENAMED = (
        "FILE-017",
        Severity.WARNING,
        "La scheda di riscontro di «{raw}» è stata scritta come «{expected}», perché il nome "
        "«{name}» non era libero: {detail}.",
        "The feedback workbook of «{raw}» was written as «{expected}», because the name «{name}» "
        "was not free: {detail}.",
    )
    OUTPUT_FAILED = (
        "FILE-018",
        Severity.ERROR,
        "Impossibile scrivere «{raw}»: {detail}. Controllare che la cartella esista e sia "
        "scrivibile e che il disco non sia pieno, poi ripetere il comando.",
        "Cannot write «{raw}»: {detail}. Check that the folder exists and is writable and that "
        "the disk is not full, then run the command again.",
    )
    OUTPUT_ARCHIVED = (
        "FILE-025",
        Severity.INFO,
        "«{raw}» è stato sostituito: la versione precedente è conservata in «{expected}».",
        "«{raw}» was replaced: its earlier version is kept as «{expected}».",
    )

    EMAIL_NO_RETURN = (
        "FILE-037",
        Severity.ERROR,
        "Il messaggio «{raw}» non contiene un allegato da leggere come scheda: {detail}. Salvare "
        "l'allegato e riceverlo come file, oppure chiedere al settore di inviarlo di nuovo.",
        "The message «{raw}» holds no attachment to read as a workbook: {detail}. Save the "
        "attachment and receive it as a file, or ask the sector to send it again.",
    )
    BEFORE_VARIATION = (
        "FILE-051",
        Severity.WARNING,
        "La scheda è stata generata prima della variazione approvata con {detail}: mostra al "
        "settore {raw} valori che non valgono più per questo periodo. È misurata sui valori in "
        "vigore; per il prossimo invio rigenerare le schede dal piano con la variazione.",
        "The workbook was generated before the variation approved by {detail}: it shows the "
        "sector {raw} values that no longer hold for this period. It is measured against the "
        "values in force; for the next dispatch generate the workbooks again from the plan with "
        "the variation.",
    )
    MSG_NOT_READ = (
        "FILE-038",
        Severity.ERROR,
        "«{raw}» è un messaggio di Outlook (.msg), che pegxl non apre. In Outlook salvare "
        "l'allegato in una cartella e riceverlo come file (il mittente va indicato a parte), "
        "oppure inoltrare il messaggio e salvarlo come .eml.",
        "«{raw}» is an Outlook message (.msg), which pegxl does not open. In Outlook save the "
        "attachment to a folder and receive it as a file (the sender is then given apart), or "
        "forward the message and save it as .eml.",
    )
    COMMAND_STOPPED = (
        "FILE-039",
        Severity.ERROR,
        "Il comando non può proseguire: {detail}",
        "The command cannot go on: {detail}",
    )
    SUBFOLDER_NOT_READ = (
        "FILE-040",
        Severity.WARNING,
        "La sottocartella «{raw}» non è letta ({detail}): si leggono solo i file messi "
        "direttamente nella cartella delle risposte. Se contiene schede da considerare, "
        "spostarle nella cartella delle risposte o indicarla nel comando.",
        "The subfolder «{raw}» is not read ({detail}): only the files placed directly in the "
        "folder of returns are read. If it holds workbooks that count, move them into the "
        "folder of returns or name it on the command line.",
    )
    SAME_INPUT = (
        "FILE-041",
        Severity.INFO,
        "«{raw}» è lo stesso {detail} di «{expected}» (indicato due volte, o un collegamento): "
        "è letto una volta sola.",
        "«{raw}» is the same {detail} as «{expected}» (given twice, or a link): it is read once.",
    )
    OWN_OUTPUT_SKIPPED = (
        "FILE-042",
        Severity.INFO,
        "«{raw}» è {detail} scritto da pegxl, non una scheda di un settore: non è letto come "
        "risposta. Conviene scrivere le uscite fuori dalla cartella delle risposte.",
        "«{raw}» is {detail} pegxl wrote, not a sector's workbook: it is not read as a return. "
        "Better write the outputs outside the folder of returns.",
    )
    SAVED_IN_FUTURE = (
        "FILE-043",
        Severity.WARNING,
        "La scheda «{raw}» dice di essere stata salvata il {detail}, più tardi di adesso "
        "({expected}): l'orologio del computer che l'ha salvata è sbagliato. Per scegliere la "
        "versione più recente si usa invece {why}; controllare che la versione scelta sia "
        "quella giusta e far correggere l'orologio.",
        "The workbook «{raw}» says it was saved on {detail}, later than now ({expected}): the "
        "clock of the computer that saved it is wrong. To choose the latest version, {why} "
        "is used instead; check that the version chosen is the right one and have the clock "
        "corrected.",
    )

    INIT_EXISTS = (
        "FILE-047",
        Severity.ERROR,
        "«{file}» esiste già: pegxl init non scrive un piano vuoto sopra un file esistente "
        "(potrebbe essere il piano compilato). Indicare con -o un altro nome, oppure aggiungere "
        "--force per sostituirlo (un piano scritto da pegxl viene conservato nell'archivio).",
        "«{file}» exists already: pegxl init does not write a blank plan over an existing file "
        "(it may be the filled-in plan). Give another name with -o, or add --force to replace "
        "it (a plan pegxl wrote is kept in the archive).",
    )

    # --- STRUCT: identity and integrity of a return -------------------------------------------
    NOT_PEGXL = (
        "STRUCT-001",
        Severity.ERROR,
        "Il file non è una scheda generata da pegxl (mancano i dati di identificazione): "
        "{detail}. Compilare la scheda inviata dall'Ufficio Performance, non una copia "
        "ricostruita.",
        "The file is not a workbook generated by pegxl (identification data missing): {detail}. "
        "Fill in the workbook sent by the performance office, not a rebuilt copy.",
    )
    SCHEMA_UNSUPPORTED = (
        "STRUCT-002",
        Severity.ERROR,
        "La scheda usa la versione di struttura {raw}, questa versione di pegxl legge la "
        "{expected}. Rigenerare le schede con la versione attuale.",
        "The workbook uses layout version {raw}; this pegxl reads version {expected}. Generate "
        "the workbooks again with the current version.",
    )
    OTHER_PLAN = (
        "STRUCT-003",
        Severity.ERROR,
        "La scheda è stata generata da un'altra versione del piano (impronta {raw}, piano "
        "attuale {expected}). Inviare al settore la scheda generata dal piano attuale.",
        "The workbook was generated from another version of the plan (fingerprint {raw}, current "
        "plan {expected}). Send the sector the workbook generated from the current plan.",
    )
    OTHER_SECTOR = (
        "STRUCT-004",
        Severity.ERROR,
        "La scheda è del settore {raw}, ma {detail}. Verificare di aver ricevuto il file giusto.",
        "The workbook belongs to sector {raw}, but {detail}. Check that the right file was "
        "received.",
    )
    OTHER_PERIOD = (
        "STRUCT-005",
        Severity.ERROR,
        "La scheda è del periodo {raw}, ma è atteso il periodo {expected}. Probabilmente è il "
        "file di un altro monitoraggio: chiedere al settore la scheda del periodo giusto.",
        "The workbook is for period {raw}, but period {expected} is expected. It is probably the "
        "file of another monitoring: ask the sector for the right period's workbook.",
    )
    SHEET_MISSING = (
        "STRUCT-006",
        Severity.ERROR,
        "Manca il foglio «{sheet}»: i suoi valori non possono essere letti. Ripartire dalla "
        "scheda ricevuta senza eliminare fogli.",
        "Sheet «{sheet}» is missing: its values cannot be read. Start again from the workbook "
        "received without deleting sheets.",
    )
    SHEET_ADDED = (
        "STRUCT-007",
        Severity.WARNING,
        "È stato aggiunto il foglio «{sheet}», che non viene letto. Se contiene valori da "
        "comunicare, inserirli nelle celle gialle.",
        "Sheet «{sheet}» was added and is not read. If it holds values to report, enter them in "
        "the yellow cells.",
    )
    SHEET_RENAMED = (
        "STRUCT-008",
        Severity.WARNING,
        "Il foglio «{raw}» è stato rinominato in «{sheet}»; è stato letto ugualmente. Non "
        "rinominare i fogli.",
        "Sheet «{raw}» was renamed to «{sheet}»; it was read all the same. Do not rename sheets.",
    )
    META_VISIBLE = (
        "STRUCT-009",
        Severity.WARNING,
        "Il foglio tecnico «{sheet}» è visibile (succede salvando con alcuni programmi, ad es. "
        "Gnumeric). Non modificarlo: serve a riconoscere la scheda.",
        "The technical sheet «{sheet}» is visible (some programs, e.g. Gnumeric, do this on "
        "save). Do not edit it: it identifies the workbook.",
    )
    PROTECTION_REMOVED = (
        "STRUCT-010",
        Severity.WARNING,
        "La protezione del foglio «{sheet}» è stata rimossa. I dati bloccati sono stati "
        "verificati comunque; non rimuovere la protezione.",
        "Protection of sheet «{sheet}» was removed. The locked data were checked all the same; "
        "do not remove the protection.",
    )
    LOCKED_CHANGED = (
        "STRUCT-011",
        Severity.ERROR,
        "Un dato bloccato del piano è stato modificato: «{raw}» invece di «{expected}». I dati "
        "del piano non si cambiano nella scheda: ripristinare il valore e segnalare l'errore "
        "nelle Note.",
        "A locked plan value was changed: «{raw}» instead of «{expected}». Plan data are not "
        "changed in the workbook: restore it and report the mistake in the Notes.",
    )
    ROW_DELETED = (
        "STRUCT-012",
        Severity.ERROR,
        "La riga di {row_id} è stata eliminata dal foglio «{sheet}»: i suoi valori mancano. "
        "Ripartire dalla scheda ricevuta senza eliminare righe.",
        "The row of {row_id} was deleted from sheet «{sheet}»: its values are missing. Start "
        "again from the workbook received without deleting rows.",
    )
    ROW_ADDED = (
        "STRUCT-013",
        Severity.ERROR,
        "Riga aggiunta nel foglio «{sheet}» con il contenuto «{raw}»: non fa parte del piano e "
        "non viene letta. Se è un valore da comunicare, scriverlo nella cella gialla giusta.",
        "A row was added to sheet «{sheet}» holding «{raw}»: it is not part of the plan and is "
        "not read. If it is a value to report, write it in the right yellow cell.",
    )
    ROW_MOVED = (
        "STRUCT-014",
        Severity.WARNING,
        "La riga di {row_id} è stata spostata (era la riga {expected}); è stata letta "
        "ugualmente grazie al suo identificativo.",
        "The row of {row_id} was moved (it was row {expected}); it was read all the same through "
        "its id.",
    )
    ROW_DUPLICATED = (
        "STRUCT-015",
        Severity.ERROR,
        "La riga di {row_id} compare due volte (anche alla riga {expected}); è stata letta solo "
        "la prima. Eliminare la copia e lasciare i valori in una sola riga.",
        "The row of {row_id} appears twice (also at row {expected}); only the first was read. "
        "Delete the copy and keep the values in one row.",
    )
    OUTSIDE_INPUT = (
        "STRUCT-016",
        Severity.ERROR,
        "Valore «{raw}» scritto fuori dalle celle da compilare: non viene letto. Spostarlo "
        "nella cella gialla giusta.",
        "Value «{raw}» written outside the cells to fill in: it is not read. Move it to the "
        "right yellow cell.",
    )
    COLUMN_MISSING = (
        "STRUCT-017",
        Severity.ERROR,
        "Nel foglio «{sheet}» manca la colonna «{expected}» (intestazione cambiata o colonna "
        "eliminata). Ripartire dalla scheda ricevuta.",
        "Sheet «{sheet}» has no column «{expected}» (header changed or column deleted). Start "
        "again from the workbook received.",
    )
    # no longer given (issue 17.6): ``check`` says which version counts as ``consolidate`` does
    # (SCORE-015, SCORE-016); kept, as every published code is, for the findings already recorded
    DUPLICATE_RETURN = (
        "STRUCT-018",
        Severity.WARNING,
        "Per il settore {raw} sono arrivati più file ({detail}). Verificare quale sia la versione "
        "da considerare e scartare le altre.",
        "Several files arrived for sector {raw} ({detail}). Check which version counts and drop "
        "the others.",
    )
    RETURN_MISSING = (
        "STRUCT-019",
        Severity.WARNING,
        "Non è arrivata la scheda del settore {raw} ({detail}). Sollecitare il settore.",
        "No workbook has arrived from sector {raw} ({detail}). Remind the sector.",
    )
    PREFILL_SKIPPED = (
        "STRUCT-020",
        Severity.WARNING,
        "Il file «{raw}» non è stato usato per i valori del periodo precedente: {detail}. Se deve "
        "contare, correggerlo (vedi «pegxl check») e rigenerare le schede.",
        "File «{raw}» was not used for the previous period's values: {detail}. If it should "
        "count, correct it (see «pegxl check») and generate the workbooks again.",
    )
    PREFILL_NONE = (
        "STRUCT-030",
        Severity.WARNING,
        "Per il settore {raw} non c'è alcun valore del periodo precedente in {detail}: le "
        "colonne «al {at}» delle sue schede saranno vuote. Se il settore aveva inviato la "
        "scheda, indicarla anche con --prefill.",
        "Sector {raw} has no value of the previous period in {detail}: the «al {at}» columns "
        "of its workbooks will be empty. If the sector did send its workbook, give it with "
        "--prefill too.",
    )
    PREFILL_NOT_EARLIER = (
        "STRUCT-031",
        Severity.ERROR,
        "«{raw}» è del periodo {own}, non precedente a quello delle schede da generare "
        "({expected}): i suoi valori non sono del periodo precedente e non vengono usati. "
        "Indicare con --prefill la cartella riepilogativa (o le schede) di un periodo "
        "precedente.",
        "«{raw}» is for {own}, not a period before the workbooks to generate ({expected}): its "
        "values are not the previous period's and are not used. Give --prefill the master "
        "workbook (or the returns) of an earlier period.",
    )
    PREFILL_CHANGED = (
        "STRUCT-032",
        Severity.ERROR,
        "I valori del settore {raw} nella cartella riepilogativa «{name}» non sono quelli che "
        "pegxl ha consolidato: la cartella è stata modificata dopo essere stata scritta. Non "
        "vengono usati; rieseguire pegxl consolidate per riscriverla, oppure indicare con "
        "--prefill le schede del settore.",
        "The values of sector {raw} in the master workbook «{name}» are not those pegxl "
        "consolidated: the workbook was changed after it was written. They are not used; run "
        "pegxl consolidate again to write it anew, or give --prefill the sector's returns.",
    )
    PREFILL_ID_TWICE = (
        "STRUCT-033",
        Severity.ERROR,
        "Nella cartella riepilogativa «{name}» l'identificativo {raw} compare due volte nel "
        "foglio {sheet} (anche alla riga {other_row}): i valori del suo settore non vengono "
        "usati. Rieseguire pegxl consolidate per riscriverla.",
        "In the master workbook «{name}» the ID {raw} appears twice in sheet {sheet} (also at "
        "row {other_row}): the values of its sector are not used. Run pegxl consolidate again "
        "to write it anew.",
    )
    PREFILL_ANSWERS_UNVOUCHED = (
        "STRUCT-034",
        Severity.WARNING,
        "La cartella riepilogativa «{name}» è stata scritta da una versione di pegxl che non ne "
        "garantisce le risposte del foglio «Monitoraggio» (stato, criticità, azioni "
        "correttive…): le risposte del settore {raw} non vengono riportate nelle nuove schede. "
        "Rieseguire pegxl consolidate per riscriverla, oppure indicare con --prefill le schede "
        "del settore.",
        "The master workbook «{name}» was written by a version of pegxl that does not vouch for "
        "its «Monitoraggio» answers (state, criticità, corrective actions…): the answers of "
        "sector {raw} are not carried into the new workbooks. Run pegxl consolidate again to "
        "write it anew, or give --prefill the sector's returns.",
    )
    FINDINGS_OMITTED = (
        "STRUCT-021",
        Severity.WARNING,
        "Altre {raw} segnalazioni {expected} in questo file non sono elencate una per una (ne "
        "sono elencate le prime {shown}). Correggere quelle elencate e ricontrollare il file.",
        "{raw} more {expected} findings in this file are not listed one by one (the first "
        "{shown} are). Correct those listed and check the file again.",
    )
    # --- VALUE: what a sector typed ---------------------------------------------------------
    VALUE_UNREADABLE = (
        "VALUE-001",
        Severity.ERROR,
        "{detail}. Atteso: {expected}.",
        "{detail}. Expected: {expected}.",
    )
    VALUE_OUT_OF_RANGE = (
        "VALUE-002",
        Severity.ERROR,
        "Il valore «{raw}» è fuori intervallo: {detail}. Atteso: {expected}.",
        "Value «{raw}» is out of range: {detail}. Expected: {expected}.",
    )
    VALUE_MISSING = (
        "VALUE-003",
        Severity.ERROR,
        "Manca {what} di {row_id}. Compilare la cella gialla.",
        "{what} of {row_id} is missing. Fill in the yellow cell.",
    )
    FORMULA_USED = (
        "VALUE-004",
        Severity.WARNING,
        "Nella cella c'è una formula ({detail}); è stato letto il suo risultato «{raw}». "
        "Sostituire la formula con il valore.",
        "The cell holds a formula ({detail}); its result «{raw}» was read. Replace the formula "
        "with the value.",
    )
    FORMULA_NO_VALUE = (
        "VALUE-005",
        Severity.ERROR,
        "Nella cella c'è una formula ({detail}) senza risultato salvato: il valore non può essere "
        "letto. Sostituire la formula con il valore e salvare di nuovo.",
        "The cell holds a formula ({detail}) with no saved result: the value cannot be read. "
        "Replace the formula with the value and save again.",
    )
    DATES_ORDER = (
        "VALUE-006",
        Severity.ERROR,
        "La Fine Effettiva ({raw}) è precedente all'Inizio Effettivo ({expected}) di {row_id}. "
        "Correggere una delle due date.",
        "The actual end ({raw}) is before the actual start ({expected}) of {row_id}. Correct one "
        "of the two dates.",
    )
    DATE_AFTER_PERIOD = (
        "VALUE-007",
        Severity.ERROR,
        "La data {raw} di {row_id} è successiva alla data del monitoraggio ({expected}). "
        "Inserire solo date già trascorse alla data del monitoraggio.",
        "Date {raw} of {row_id} is after the monitoring date ({expected}). Enter only dates "
        "already past at the monitoring date.",
    )
    DONE_WITHOUT_END = (
        "VALUE-008",
        Severity.ERROR,
        "La fase {row_id} ha Avanzamento 100% ma non ha la Fine Effettiva. Inserire la data di "
        "conclusione.",
        "Phase {row_id} has 100% progress but no actual end. Enter the date it ended.",
    )
    NOTE_REQUIRED = (
        "VALUE-009",
        Severity.ERROR,
        "Il risultato di {row_id} ({raw}) non raggiunge il valore atteso ({expected}): nella "
        "rendicontazione finale va spiegato lo scostamento nella colonna Note.",
        "The result of {row_id} ({raw}) falls short of the target ({expected}): the final report "
        "must explain the shortfall in the Notes column.",
    )
    SUSPICIOUS = (
        "VALUE-010",
        Severity.WARNING,
        "Il valore «{raw}» di {row_id} sembra sbagliato: {detail}. Verificare.",
        "Value «{raw}» of {row_id} looks wrong: {detail}. Please check.",
    )
    READ_FROM_TEXT = (
        "VALUE-011",
        Severity.INFO,
        "La cella contiene il testo «{raw}», letto come {value}. Succede quando il computer è "
        "impostato in un'altra lingua: controllare che il valore sia giusto.",
        "The cell holds the text «{raw}», read as {value}. This happens when the computer is set "
        "to another language: check that the value is right.",
    )
    CELL_ERROR = (
        "VALUE-012",
        Severity.ERROR,
        "La cella contiene un errore di calcolo ({raw}). Inserire un valore.",
        "The cell holds a calculation error ({raw}). Enter a value.",
    )

    EMPTY_RETURN = (
        "VALUE-013",
        Severity.ERROR,
        "La scheda non è stata compilata: nessuna delle {expected} celle gialle da compilare "
        "contiene un valore. Compilare la scheda e inviarla di nuovo.",
        "The workbook was not filled in: none of the {expected} yellow cells to fill holds a "
        "value. Fill it in and send it again.",
    )
    TEXT_TOO_LONG = (
        "VALUE-014",
        Severity.WARNING,
        "Il testo di {row_id} ({raw}) supera i 32.767 caratteri che una cella di Excel può "
        "contenere: nel file consolidato è tagliato, e la cella lo dice. Accorciarlo, oppure "
        "allegare il testo a parte e scrivere nella cella un riassunto.",
        "The text of {row_id} ({raw}) is longer than the 32,767 characters an Excel cell can "
        "hold: it is cut in the consolidated file, and the cell says so. Shorten it, or attach "
        "the text apart and write a summary in the cell.",
    )
    CHOICE_INVALID = (
        "VALUE-023",
        Severity.ERROR,
        "«{raw}» non è una delle risposte previste per «{column}» di {row_id}: scegliere "
        "dall'elenco {expected}.",
        "«{raw}» is not one of the answers of «{column}» for {row_id}: pick from the list "
        "{expected}.",
    )
    ANSWER_TOO_LONG = (
        "VALUE-024",
        Severity.ERROR,
        "Il testo di «{column}» di {row_id} è di {n} caratteri, oltre il massimo di {expected}: "
        "abbreviarlo (i dettagli possono andare in una relazione allegata).",
        "The text of «{column}» for {row_id} has {n} characters, more than the {expected} "
        "allowed: shorten it (details can go in an attached report).",
    )
    CRITICITA_REQUIRED = (
        "VALUE-025",
        Severity.WARNING,
        "L'obiettivo {row_id} è dichiarato raggiungibile al 31/12 «{raw}», ma la cella "
        "«Criticità» è vuota: scrivere cosa ostacola l'obiettivo (e in «Azioni correttive» cosa "
        "si fa per recuperare).",
        "Objective {row_id} is declared attainable by 31/12 «{raw}», but «Criticità» is empty: "
        "write what stands in the way (and in «Azioni correttive» what is being done).",
    )
    PROPOSAL_REASON_REQUIRED = (
        "VALUE-026",
        Severity.WARNING,
        "Per l'obiettivo {row_id} c'è una proposta di rimodulazione ({detail}) ma la cella "
        "«Motivazione della proposta» è vuota: spiegare perché si propone la modifica, altrimenti "
        "la Giunta non può valutarla.",
        "Objective {row_id} has a proposed revision ({detail}) but «Motivazione della proposta» "
        "is empty: say why the change is proposed, or the Giunta cannot consider it.",
    )
    PROPOSAL_IN_FINAL = (
        "VALUE-027",
        Severity.WARNING,
        "La cella contiene una proposta di rimodulazione («{raw}»), ma il periodo «{period}» "
        "non raccoglie proposte: le variazioni si propongono nel monitoraggio intermedio e le "
        "approva la Giunta (entro il 15/12, art. 175 TUEL). La proposta non è considerata: "
        "svuotare la cella.",
        "The cell holds a proposed revision («{raw}»), but the period «{period}» takes no "
        "proposals: changes are proposed at the interim monitoring and approved by the Giunta "
        "(by 15/12). The proposal is ignored: empty the cell.",
    )
    PROPOSAL_SAME = (
        "VALUE-028",
        Severity.WARNING,
        "Il valore proposto «{raw}» di {row_id} è uguale a quello del piano: non è una modifica. "
        "Svuotare la cella o scrivere il nuovo valore.",
        "The proposed value «{raw}» of {row_id} is the plan's own: it changes nothing. Empty the "
        "cell or write the new value.",
    )
    PROPOSED_END_EARLY = (
        "VALUE-029",
        Severity.ERROR,
        "La nuova fine proposta {raw} di {row_id} è precedente al suo Inizio Previsto "
        "({expected}). Correggere la data proposta.",
        "The proposed new end {raw} of {row_id} is before its planned start ({expected}). "
        "Correct the proposed date.",
    )
    # --- SCORE: what scoring and consolidation notice ---------------------------------------
    MISSING_EXCLUDED = (
        "SCORE-001",
        Severity.INFO,
        "Manca il valore di {row_id}: è non valutabile ed escluso dalle medie ({detail}).",
        "The value of {row_id} is missing: it is not measurable and left out of the means "
        "({detail}).",
    )
    MISSING_ZERO = (
        "SCORE-002",
        Severity.WARNING,
        "Manca il valore di {row_id}: conta come 0 ({detail}). Se il risultato c'è, chiedere al "
        "settore di indicarlo.",
        "The value of {row_id} is missing: it counts as 0 ({detail}). If there is a result, ask "
        "the sector to report it.",
    )
    MISSING_REQUIRED = (
        "SCORE-003",
        Severity.ERROR,
        "Manca il valore di {row_id}, che le regole di misurazione richiedono ({detail}). "
        "Chiedere al settore di compilarlo.",
        "The value of {row_id} is missing, and the measurement rules require it ({detail}). Ask "
        "the sector to fill it in.",
    )
    WEIGHTS_NORMALISED = (
        "SCORE-004",
        Severity.INFO,
        "I pesi delle fasi misurate dell'obiettivo {objective} sommano a {total}: sono stati "
        "riproporzionati a 100.",
        "The weights of the measured phases of objective {objective} sum to {total}: they were "
        "rescaled to 100.",
    )
    TARGET_ZERO = (
        "SCORE-005",
        Severity.INFO,
        "Il valore atteso di {row_id} è 0: il valore raggiunto «{raw}» è {detail}, punteggio "
        "{score}.",
        "The target of {row_id} is 0: the achieved value «{raw}» is {detail}, score {score}.",
    )
    HUNDREDFOLD = (
        "SCORE-006",
        Severity.WARNING,
        "Il valore raggiunto di {row_id} («{raw}») è almeno 100 volte il valore atteso "
        "(«{expected}»): il punteggio è limitato a {score}. Verificare il valore con il settore.",
        "The achieved value of {row_id} («{raw}») is at least 100 times the target "
        "(«{expected}»): the score is capped at {score}. Check the value with the sector.",
    )
    OVERRIDE_APPLIED = (
        "SCORE-007",
        Severity.INFO,
        "Il Nucleo di Valutazione ha concesso a {row_id} il punteggio {granted} (calcolato "
        "{computed}): «{reason}».",
        "The evaluation board (Nucleo di Valutazione) granted {row_id} the score {granted} "
        "(computed {computed}): «{reason}».",
    )
    OVERRIDE_INVALID = (
        "SCORE-008",
        Severity.ERROR,
        "Una riga del file dei punteggi concessi ({cell}) non è applicata: {detail}. Correggerla "
        "e ripetere il comando.",
        "A row of the granted scores file ({cell}) is not applied: {detail}. Correct it and run "
        "the command again.",
    )
    RULES_INVALID = (
        "SCORE-009",
        Severity.ERROR,
        "Il file delle regole non è valido: {detail}. Correggerlo partendo dal modello "
        "templates/regole.toml.",
        "The rules file is not valid: {detail}. Correct it starting from the model "
        "templates/regole.toml.",
    )
    NOT_MEASURABLE = (
        "SCORE-010",
        Severity.INFO,
        "{row_id} non è misurabile: {detail}. È escluso dalle medie come non valutabile.",
        "{row_id} cannot be measured: {detail}. It is left out of the means as not measurable.",
    )
    COUNTED_WITH_ERRORS = (
        "SCORE-011",
        Severity.WARNING,
        "La versione più recente della scheda del settore {raw} («{name}») ha errori: è stata "
        "conteggiata, i valori in errore sono esclusi come non valutabili e i punteggi che ne "
        "risentono sono provvisori. Chiedere al settore la scheda corretta.",
        "The latest version of sector {raw}'s workbook («{name}») has errors: it was counted, "
        "the values in error are left out as not measurable and the scores they touch are "
        "provisional. Ask the sector for the corrected workbook.",
    )
    SECTOR_NOT_MEASURED = (
        "SCORE-012",
        Severity.WARNING,
        "Il settore {raw} non ha inviato una scheda del periodo: {n:il suo|i suoi} {n} "
        "{n:obiettivo è non valutabile|obiettivi sono non valutabili}. Sollecitare il settore.",
        "Sector {raw} sent no workbook for the period: its {n} {n:objective|objectives} cannot "
        "be measured. Remind the sector.",
    )
    BASELINE_MISSING = (
        "SCORE-013",
        Severity.INFO,
        "Per {row_id} manca il valore del {year}: il punteggio è calcolato senza il confronto con "
        "l'anno precedente.",
        "{row_id} has no value for {year}: the score is computed without the comparison with "
        "the previous year.",
    )
    UNWEIGHTED_ZERO = (
        "SCORE-014",
        Severity.WARNING,
        "Le fasi senza peso dell'obiettivo {objective} pesano 0: i pesi delle altre fasi "
        "sommano già a {total}. Dare un peso a ogni fase nel foglio Fasi del piano.",
        "The phases without weight of objective {objective} weigh 0: the weights of the other "
        "phases already sum to {total}. Give every phase a weight in the Fasi sheet of the plan.",
    )
    RETURN_SUPERSEDED = (
        "SCORE-015",
        Severity.INFO,
        "«{name}» del settore {raw} non è conteggiato: {detail}.",
        "«{name}» of sector {raw} is not counted: {detail}.",
    )
    RETURN_DISCARDED = (
        "SCORE-016",
        Severity.WARNING,
        "«{name}» del settore {raw} non è conteggiato: {detail}. Se è questa la versione che "
        "deve valere, chiedere al settore di salvarla di nuovo e inviarla.",
        "«{name}» of sector {raw} is not counted: {detail}. If this is the version that should "
        "count, ask the sector to save it again and send it.",
    )
    OTHER_PERIOD_ONLY = (
        "SCORE-023",
        Severity.WARNING,
        "Del settore {raw} sono arrivate solo schede di un altro periodo ({detail}), nessuna "
        "{of}: il settore risulta mancante. Chiedere al settore la scheda del periodo giusto.",
        "Sector {raw} sent only workbooks of another period ({detail}), none of {of}: the "
        "sector is missing. Ask the sector for the right period's workbook.",
    )
    RETURN_CHANGED = (
        "SCORE-017",
        Severity.ERROR,
        "«{name}», la scheda che conta per il settore {raw}, è cambiata (o non è più leggibile) "
        "mentre veniva consolidata: i suoi valori non sono consolidati. Non modificare i file "
        "durante il comando e ripeterlo.",
        "«{name}», the workbook that counts for sector {raw}, changed (or could no longer be "
        "read) while it was consolidated: its values are not consolidated. Do not change the "
        "files while the command runs, and run it again.",
    )
    WEIGHT_NOT_APPLIED = (
        "SCORE-018",
        Severity.ERROR,
        "Il peso di «{raw}» in objective_weights non è applicato: {detail}. Correggere il codice "
        "nel file delle regole (codici nel foglio Obiettivi del piano) oppure eliminare la riga.",
        "The weight of «{raw}» in objective_weights is not applied: {detail}. Correct the code "
        "in the rules file (codes in the plan's Obiettivi sheet) or delete the line.",
    )

    STATE_DISAGREES = (
        "SCORE-028",
        Severity.WARNING,
        "Il settore dichiara l'obiettivo {row_id} «{raw}», ma lo stato calcolato è «{expected}» "
        "({detail}). Verificare con il settore prima di riferire alla Giunta e al Nucleo.",
        "The sector declares objective {row_id} «{raw}», but its computed state is «{expected}» "
        "({detail}). Check with the sector before reporting to the Giunta and the Nucleo.",
    )

    # the cause of a shortfall at the final report (issue 19 §4, DFP guidelines 2/2017, 3/2018)
    CAUSE_MISSING = (
        "SCORE-036",
        Severity.WARNING,
        "Il risultato di {row_id} ({raw}) non raggiunge il valore atteso ({expected}) e non "
        "indica la «Causa dello scostamento»: scegliere esogena, endogena o indicatore da "
        "rivedere. Il Nucleo la chiede per ogni scostamento; la Relazione la mostra come non "
        "indicata.",
        "The result of {row_id} ({raw}) falls short of the target ({expected}) and gives no "
        "«Causa dello scostamento»: choose external, internal or indicator to revise. The Nucleo "
        "asks it for every shortfall; the Relazione shows it as not given.",
    )
    CAUSE_UNKNOWN = (
        "SCORE-037",
        Severity.ERROR,
        "«{raw}» non è una causa dello scostamento: scegliere dall'elenco esogena, endogena o "
        "indicatore da rivedere (la spiegazione va nelle Note).",
        "«{raw}» is not a cause of a shortfall: choose external, internal or indicator to revise "
        "from the list (the explanation goes into the Notes).",
    )
    CAUSE_WITHOUT_SHORTFALL = (
        "SCORE-038",
        Severity.WARNING,
        "{row_id} indica la causa di uno scostamento («{raw}») ma il risultato raggiunge il "
        "valore atteso: togliere la causa, o verificare il valore raggiunto.",
        "{row_id} gives the cause of a shortfall («{raw}») but the result reaches the target: "
        "remove the cause, or check the achieved value.",
    )

    # --- DESK: the campaign and its desk ------------------------------------------------------
    SENDER_NOT_REFERENTE = (
        "DESK-001",
        Severity.WARNING,
        "«{name}» è arrivato da {raw}, ma l'E-mail referente del settore {sector} è «{expected}». "
        "Verificare che il mittente possa inviare la scheda per il settore, oppure aggiornare "
        "l'E-mail referente nel foglio Settori del piano.",
        "«{name}» came from {raw}, but the E-mail referente of sector {sector} is «{expected}». "
        "Check that the sender may send the workbook for the sector, or update the E-mail "
        "referente in the Settori sheet of the plan.",
    )
    OTHER_SECTOR_UPLOAD = (
        "DESK-002",
        Severity.ERROR,
        "Il file «{name}» è la scheda del settore {raw}, ma è stato caricato dal collegamento "
        "del settore {expected}: non è conteggiato. Caricare la scheda del proprio settore, "
        "scaricabile da questa pagina.",
        "The file «{name}» is the workbook of sector {raw}, but it was uploaded through the link "
        "of sector {expected}: it is not counted. Upload your own sector's workbook, which can "
        "be downloaded from this page.",
    )
    NO_REFERENTE = (
        "DESK-003",
        Severity.WARNING,
        "Il settore {raw} non ha un'E-mail referente: il sollecito «{name}» è senza destinatario. "
        "Inserirlo nel programma di posta, oppure completare l'E-mail referente nel foglio "
        "Settori del piano.",
        "Sector {raw} has no E-mail referente: the reminder «{name}» has no recipient. Add it in "
        "the mail program, or fill in the E-mail referente in the Settori sheet of the plan.",
    )
    ALREADY_RECEIVED = (
        "DESK-004",
        Severity.INFO,
        "«{name}» è identico a un file già ricevuto il {detail} (stesso SHA-256): è registrato "
        "di nuovo, l'archivio ne conserva una copia sola.",
        "«{name}» is identical to a file already received on {detail} (same SHA-256): it is "
        "recorded again, the archive keeps one copy of it.",
    )
    UPLOAD_TOO_LARGE = (
        "DESK-005",
        Severity.ERROR,
        "Il file caricato supera il limite di {raw} di questa campagna: non è stato ricevuto. "
        "Caricare la scheda del settore così come è stata scaricata e compilata, senza "
        "immagini o fogli aggiunti.",
        "The uploaded file exceeds this campaign's limit of {raw}: it was not received. Upload "
        "the sector's workbook as it was downloaded and filled in, without added pictures or "
        "sheets.",
    )
    UPLOAD_EMPTY = (
        "DESK-006",
        Severity.ERROR,
        "Nessun file è stato caricato. Scegliere la scheda compilata con «Sfoglia» e premere "
        "«Invia».",
        "No file was uploaded. Choose the completed workbook with «Browse» and press «Send».",
    )
    DIFF_OTHER_WORKBOOK = (
        "DESK-007",
        Severity.WARNING,
        "I due file non sono la stessa scheda: {detail}. Il confronto riga per riga vale solo "
        "tra versioni della scheda di un settore e di un periodo.",
        "The two files are not the same workbook: {detail}. A row-by-row comparison is "
        "meaningful only between versions of one sector's workbook for one period.",
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, with its place and a message in Italian and English.

    ``cell`` is an A1 reference; ``line`` a 1-based line of a text source; ``row_id`` the stable id
    of the plan row concerned (``2025_S07_01/F2``) or an objective code.
    """

    code: Code
    severity: Severity
    message_it: str
    message_en: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    row_id: str | None = None
    raw: str | None = None
    expected: str | None = None
    #: the severity the finding had before it was set down to information because its file does
    #: not count (a version another one supersedes, a workbook of another period:
    #: :meth:`as_information`); ``None`` for a finding that stands as made
    original: Severity | None = None

    def message(self, lang: str = "it") -> str:
        """The message in ``lang`` (``it`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_it

    def reworded(self, message: T) -> Finding:
        """The same finding with another message (said to another reader: a feedback
        workbook speaks to the sector)."""
        return replace(self, message_it=message.it, message_en=message.en)

    def as_information(self) -> Finding:
        """The same finding as information, its own severity kept in :attr:`original`: what
        is said of a file that does not count (another version, or period, counts instead)
        needs no action, and is still shown where it was."""
        if self.original is not None:
            return self
        return replace(self, severity=Severity.INFO, original=self.severity)

    def severity_text(self, lang: str = "it") -> str:
        """The severity as a person reads it: ``errore``, or ``info (era errore)`` for a
        finding set down to information (:meth:`as_information`)."""
        now = text(f"severity.{self.severity.value}", lang)
        if self.original is None:
            return now
        return text(
            "severity.was", lang, now=now, was=text(f"severity.{self.original.value}", lang)
        )

    def where(self, lang: str = "it", file: bool = False) -> str:
        """A short human location: ``Fasi!E7``, ``riga 120`` (``line 120``) or nothing; with
        ``file``, the file's name first (``vp2.txt, riga 120``)."""
        place = ""
        if self.sheet and self.cell:
            place = f"{self.sheet}!{self.cell}"
        elif self.sheet:
            place = self.sheet
        elif self.line is not None:
            place = text("table.line", lang, line=self.line)
        if file and self.file:
            from pathlib import PurePath

            name = PurePath(_file_name(self.file)).name
            return f"{name}, {place}" if place else name
        return place

    def to_dict(self, lang: str = "it") -> dict[str, Any]:
        """The JSON shape: code, severity, file, sheet, cell, line, row_id, raw, expected,
        message (in ``lang``) and original_severity (the severity before the finding was set
        down to information because its file does not count, else ``None``)."""
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "line": self.line,
            "row_id": self.row_id,
            "raw": self.raw,
            "expected": self.expected,
            "message": self.message(lang),
            "original_severity": self.original.value if self.original else None,
        }


def make(
    code: Code,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    line: int | None = None,
    row_id: str | None = None,
    raw: str | T | None = None,
    expected: str | T | None = None,
    severity: Severity | None = None,
    **params: object,
) -> Finding:
    """Build a :class:`Finding` from a registry code, filling the message templates.

    ``file``, ``raw`` and ``expected`` are also available to the templates (a field
    ``{n:one|many}`` agrees with a count, :func:`pegxl.i18n.fill`); a parameter given as a
    :class:`~pegxl.i18n.T` fills each language with its own half. ``expected`` is kept in the
    finding in Italian (the plan's language); a ``raw`` given as a :class:`~pegxl.i18n.T`
    describes what was there (``(vuoto)``) rather than quoting it, and is not kept. A missing
    placeholder raises ``KeyError`` at once (a programming error, caught by the tests of each
    code).
    """
    fmt: dict[str, object] = {
        "file": _file_name(file) if "{file}" in code.it else file,
        "raw": raw,
        "expected": expected,
        "sheet": sheet,
        "cell": cell,
        "row_id": row_id,
        **params,
    }
    fmt_it = {k: v.it if isinstance(v, T) else v for k, v in fmt.items()}
    fmt_en = {k: v.en if isinstance(v, T) else v for k, v in fmt.items()}
    return Finding(
        code=code,
        severity=severity or code.severity,
        message_it=fill(code.it, fmt_it),
        message_en=fill(code.en, fmt_en),
        file=file,
        sheet=sheet,
        cell=cell,
        line=line,
        row_id=row_id,
        raw=None if isinstance(raw, T) else raw,
        expected=expected.it if isinstance(expected, T) else expected,
    )


def _file_name(file: str | None) -> str:
    """A file as a message names it: as given, bytes that were not UTF-8 read as
    Windows-1252 (:func:`pegxl.outputs.display_name`)."""
    return display_name(file) if file else "?"


#: findings of one code listed for one source; beyond, they are counted in one finding
FINDINGS_PER_CODE = 200


class Collector:
    """The findings of one source (a file, an export), as every stage adds them.

    Past :data:`FINDINGS_PER_CODE` findings of one code (``cap``; ``None``: no cap) the rest are
    only counted, and :meth:`done` adds one ``STRUCT-021`` finding saying how many more there
    were: a block pasted beside a table would otherwise give one finding per cell, thousands of
    lines in a report and comments in a feedback workbook."""

    def __init__(self, file: str | None = None, cap: int | None = FINDINGS_PER_CODE) -> None:
        self.file = file
        self.cap = cap
        self.findings: list[Finding] = []
        self.per_code: dict[Code, int] = {}

    def add(self, code: Code, **kw: Any) -> None:
        """A finding of this source (``file`` is filled in unless given)."""
        seen = self.per_code.get(code, 0) + 1
        self.per_code[code] = seen
        if self.cap is None or seen <= self.cap:
            kw.setdefault("file", self.file)
            self.findings.append(make(code, **kw))

    def extend(self, findings: Iterable[Finding]) -> None:
        """Findings made elsewhere (counted against the cap like the others)."""
        for f in findings:
            seen = self.per_code.get(f.code, 0) + 1
            self.per_code[f.code] = seen
            if self.cap is None or seen <= self.cap:
                self.findings.append(f)

    def done(self) -> list[Finding]:
        """The findings, with one ``STRUCT-021`` per code that had more than were listed."""
        if self.cap is not None:
            for code, seen in self.per_code.items():
                if seen > self.cap:
                    self.findings.append(
                        make(
                            Code.FINDINGS_OMITTED,
                            file=self.file,
                            raw=f"{seen - self.cap:,}".replace(",", "."),
                            expected=code.value,
                            shown=self.cap,
                        )
                    )
                    self.per_code[code] = self.cap
        return self.findings


def os_error(e: OSError) -> T:
    """Why a file could not be opened, in both languages."""
    from pegxl.reading import DanglingLink, NotRegularFile

    if isinstance(e, DanglingLink):
        return tr("detail.dangling", target=e.target)
    if isinstance(e, FileNotFoundError):
        return tr("detail.not_found")
    if isinstance(e, IsADirectoryError):
        return tr("detail.is_folder")
    if isinstance(e, PermissionError):
        return tr("detail.permission")
    if isinstance(e, NotRegularFile):
        return tr("detail.not_regular")
    reason = e.strerror or str(e)
    return T(reason, reason)


def error_detail(e: BaseException, limit: int = 300) -> str:
    """What went wrong inside pegxl, for a finding's ``detail`` (type and message, cut short)."""
    return f"{type(e).__name__}: {e}"[:limit]


class ParseParams(TypedDict):
    """Message parameters of a value that did not parse."""

    detail: T
    expected: T


def parse_error(e: ParseError) -> ParseParams:
    """The ``detail`` and ``expected`` message parameters of a value that did not parse."""
    return {"detail": e.message, "expected": e.expected}


def count(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by severity: ``{"error": n, "warning": n, "info": n}``."""
    out = {s.value: 0 for s in Severity}
    for f in findings:
        out[f.severity.value] += 1
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)


_HEAD = ("table.code", "table.severity", "table.where", "table.row_id")


def render_table(
    findings: Sequence[Finding], lang: str = "it", width: int = 100, files: bool = False
) -> str:
    """Render findings as a plain-text table, one finding per block, for a terminal; with
    ``files`` each place names its file (the findings of several inputs)."""
    if not findings:
        return ""
    head = [text(k, lang) for k in _HEAD]
    last = text("table.message", lang)
    rows = [
        (
            f.code.value,
            f.severity_text(lang),
            f.where(lang, file=files),
            f.row_id or "",
        )
        for f in findings
    ]
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + "  " + last]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(last))
    indent = sum(widths) + 8
    msg_width = max(40, width - indent)
    for f, r in zip(findings, rows, strict=True):
        # names (files, codes, cells) are never broken across lines
        message = f.message(lang)
        wrapped = textwrap.wrap(
            message, msg_width, break_on_hyphens=False, break_long_words=False
        ) or [""]
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + "  " + wrapped[0]
        )
        lines.extend(" " * indent + w for w in wrapped[1:])
    return "\n".join(lines)

"""Every text a person reads outside the finding registry, in Italian and English: one catalogue.

A text is looked up by a stable key and filled in with ``str.format`` parameters::

    >>> text("cli.summary", "en", error=0, warning=2, info=1)
    '0 errors, 2 warnings, 1 info.'
    >>> tr("detail.file_empty")
    T(it='il file è vuoto (0 byte)', en='the file is empty (0 bytes)')

:func:`tr` gives both languages at once (a :class:`T`), for a finding's message parameter: the
finding renders each language from its own half. A parameter may itself be a :class:`T`, and then
each language takes its own half of it too. The finding registry (:mod:`pegxl.findings`) keeps its
message templates beside each code; everything else is here, so no text is translated by a
ternary or looked up by its Italian wording, and English output holds no Italian but the plan's
own data. The long instruction texts are jinja2 templates, one per language, in ``templates/``.

The catalogue is split by where the text appears; a test checks that every key is used, that
both languages have the same placeholders, and that English holds no Italian words. This module
is long because it is the catalogue: every text, both languages side by side, is what a
translator and a reviewer want in one file.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["LANGS", "Lang", "T", "lang_of", "text", "tr"]

Lang = Literal["it", "en"]
LANGS: tuple[Lang, ...] = ("it", "en")


class T(NamedTuple):
    """A text in both languages (already filled in)."""

    it: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (Italian unless ``en``)."""
        return self.en if lang == "en" else self.it


def lang_of(lang: str | None) -> Lang:
    """``en`` or ``it`` (anything else is Italian, pegxl's first language)."""
    return "en" if lang == "en" else "it"


def _fill(template: str, lang: Lang, params: dict[str, object]) -> str:
    if not params:
        return template
    return template.format(**{k: v.get(lang) if isinstance(v, T) else v for k, v in params.items()})


def tr(key: str, **params: object) -> T:
    """The catalogue text ``key`` in both languages, filled in with ``params``; ``KeyError`` for
    a key that is not in the catalogue (a programming error the tests catch)."""
    it, en = CATALOGUE[key]
    return T(_fill(it, "it", params), _fill(en, "en", params))


def text(key: str, lang: str, **params: object) -> str:
    """The catalogue text ``key`` in ``lang``, filled in with ``params``."""
    it, en = CATALOGUE[key]
    return _fill(en, "en", params) if lang == "en" else _fill(it, "it", params)


#: key -> (Italian, English)
CATALOGUE: dict[str, tuple[str, str]] = {}


def _add(section: str, entries: dict[str, tuple[str, str]]) -> None:
    for key, pair in entries.items():
        full = f"{section}.{key}"
        assert full not in CATALOGUE, full
        CATALOGUE[full] = pair


# -- the command line ------------------------------------------------------------------------------
_add(
    "cli",
    {
        "written": (
            "Piano scritto in {path}: {sectors} settori, {objectives} obiettivi, {phases} fasi, "
            "{indicators} indicatori.",
            "Plan written to {path}: {sectors} sectors, {objectives} objectives, {phases} phases, "
            "{indicators} indicators.",
        ),
        "summary": (
            "{error} errori, {warning} avvisi, {info} informazioni.",
            "{error} errors, {warning} warnings, {info} info.",
        ),
        "not_written": ("Nessun piano scritto.", "No plan written."),
        "internal": (
            "Errore interno di pegxl ({err}). Rieseguire con PEGXL_DEBUG=1 per i dettagli e "
            "segnalarlo.",
            "pegxl internal error ({err}). Run again with PEGXL_DEBUG=1 for details and report it.",
        ),
        "demo_dir": ("Cartella della demo: {path}", "Demo folder: {path}"),
        "plan_errors": (
            "Il piano {path} contiene errori: correggerli e ripetere il comando.",
            "The plan {path} has errors: correct them and run the command again.",
        ),
        "unknown_sector": (
            "Settore sconosciuto: {code}. Settori del piano: {codes}.",
            "Unknown sector: {code}. Sectors of the plan: {codes}.",
        ),
        "bad_date": ("Data non valida per {opt}: {err}", "Invalid date for {opt}: {err}"),
        "generated": (
            "{n} cartelle scritte in {out} ({label}):",
            "{n} workbooks written to {out} ({label}):",
        ),
        "total": (
            "Totale: {files} file — {ok} ok, {warnings} con avvisi, {errors} con errori, "
            "{rejected} rifiutati; {values} valori letti.",
            "Total: {files} files — {ok} ok, {warnings} with warnings, {errors} with errors, "
            "{rejected} rejected; {values} values read.",
        ),
        "file_line": (
            "{name}  [{sector} {period}]  {status}  ({error} E, {warning} W, {info} I; "
            "{values} valori)",
            "{name}  [{sector} {period}]  {status}  ({error} E, {warning} W, {info} I; "
            "{values} values)",
        ),
        "no_files": ("Nessun file da controllare.", "No files to check."),
        "feedback": (
            "Schede di riscontro scritte in {path}: {n}.",
            "Feedback workbooks written to {path}: {n}.",
        ),
        "demo_simulated": (
            "(simulazione: {n} settori rimandano la scheda, uno non risponde)",
            "(simulated: {n} sectors return their workbook, one does not reply)",
        ),
    },
)

# -- statuses of a return ------------------------------------------------------------------------
_add(
    "status",
    {
        "ok": ("ok", "ok"),
        "warnings": ("con avvisi", "with warnings"),
        "errors": ("con errori", "with errors"),
        "rejected": ("rifiutato", "rejected"),
    },
)

# -- findings as a table -------------------------------------------------------------------------
_add(
    "table",
    {
        "code": ("codice", "code"),
        "severity": ("gravità", "severity"),
        "where": ("dove", "where"),
        "row_id": ("oggetto", "row id"),
        "message": ("messaggio", "message"),
        "line": ("riga {line}", "line {line}"),
    },
)
_add(
    "severity",
    {
        "error": ("errore", "error"),
        "warning": ("avviso", "warning"),
        "info": ("info", "info"),
    },
)

# -- values: kinds, parsing, ambiguity -------------------------------------------------------------
_add(
    "kind",
    {
        "number": ("numero", "number"),
        "percent": ("percentuale", "percent"),
        "done": ("fatto/non fatto", "done/not done"),
        "date": ("data", "date"),
        "text": ("testo", "text"),
    },
)
_add("done", {"true": ("Fatto", "Done"), "false": ("Non fatto", "Not done")})
_add(
    "expect",
    {
        "number": ("un numero, ad es. 12 oppure 1.234,5", "a number, e.g. 12 or 1.234,5"),
        "percent": ("una percentuale, ad es. 85% oppure 85", "a percentage, e.g. 85% or 85"),
        "done": ("Fatto oppure Non fatto", "Fatto (done) or Non fatto (not done)"),
        "date": ("una data gg/mm/aaaa, ad es. 31/12/2025", "a date dd/mm/yyyy, e.g. 31/12/2025"),
        "text": ("un testo", "a text"),
        "value": ("un valore", "a value"),
        "year": ("un anno, ad es. 2025", "a year, e.g. 2025"),
        "direction": ("crescente oppure decrescente", "crescente (higher) or decrescente (lower)"),
        "percent_range": ("un numero da 0 a 100", "a number from 0 to 100"),
        "not_negative": ("un numero maggiore o uguale a zero", "a number of zero or more"),
        "date_between": ("una data tra il {lo} e il {hi}", "a date between {lo} and {hi}"),
        "id_of": ("un identificativo come {example}", "an id like {example}"),
    },
)
_add(
    "parse",
    {
        "not_number": ("«{raw}» non è un numero{why}", "«{raw}» is not a number{why}"),
        "not_percent": ("«{raw}» non è una percentuale", "«{raw}» is not a percentage"),
        "not_done": (
            "«{raw}» non è né Fatto né Non fatto",
            "«{raw}» is neither Fatto (done) nor Non fatto (not done)",
        ),
        "not_date": ("«{raw}» non è una data valida{why}", "«{raw}» is not a valid date{why}"),
        "not_kind": ("«{raw}» non è un tipo di valore", "«{raw}» is not a value kind"),
        "boolean": ("«{raw}» è un valore logico, non {kind}", "«{raw}» is a boolean, not a {kind}"),
        "date": ("«{raw}» è una data, non {kind}", "«{raw}» is a date, not a {kind}"),
    },
)
_add(
    "parse.why",
    {
        "separators": (": separatori non coerenti", ": inconsistent separators"),
        "commas": (": troppe virgole", ": too many commas"),
        "dots": (": troppi punti", ": too many dots"),
        "range": (": fuori intervallo", ": out of range"),
        "serial": (": numero di serie fuori intervallo", ": serial out of range"),
        "feb29": (": il 29/02/1900 non esiste", ": 29/02/1900 does not exist"),
        "no_day": (": giorno o mese inesistente", ": no such day or month"),
    },
)
_add(
    "note",
    {
        "comma_decimal": (
            "virgola letta come separatore decimale (convenzione italiana)",
            "comma read as the decimal separator (Italian convention)",
        ),
        "dot_thousands": (
            "punto letto come separatore delle migliaia (convenzione italiana)",
            "dot read as the thousands separator (Italian convention)",
        ),
        "two_digit_year": ("anno a due cifre letto come {year}", "two-digit year read as {year}"),
    },
)

# -- details of findings: why a file or a value is as it is ------------------------------------
_add(
    "detail",
    {
        "not_found": ("il file non esiste", "the file does not exist"),
        "is_folder": ("è una cartella, non un file", "it is a folder, not a file"),
        "permission": ("accesso negato", "permission denied"),
    },
)
_add(
    "detail",
    {
        "not_a_date": ("non è una data", "not a date"),
        "date_for_kind": (
            "una data dove è atteso un valore di tipo {kind}",
            "a date where a {kind} value is expected",
        ),
        "centre_matches": (
            "il centro «{centre}» indicato nelle fasi corrisponde al settore {sector} {name}",
            "the centre «{centre}» named in the phases matches sector {sector} {name}",
        ),
        "centre_unknown": (
            "nessun settore del piano corrisponde al centro «{centre}» indicato nelle fasi; creato "
            "il settore provvisorio {sector}",
            "no sector of the plan matches the centre «{centre}» named in the phases; provisional "
            "sector {sector} created",
        ),
        "no_objective": (
            "nessun obiettivo trovato (manca l'intestazione «PEG-PIAO-SEZ. 2.2 PERFORMANCE»)",
            "no objective found (the «PEG-PIAO-SEZ. 2.2 PERFORMANCE» header is missing)",
        ),
        "no_readable_objective": (
            "intestazioni presenti ma nessun obiettivo leggibile",
            "headers present but no readable objective",
        ),
        "binary": ("è un file binario, non un testo", "it is a binary file, not text"),
    },
)

# -- where a finding is, in words ------------------------------------------------------------------
_add(
    "where",
    {
        "phase": ("fase «{name}»", "phase «{name}»"),
        "indicator": ("indicatore «{name}»", "indicator «{name}»"),
        "sector": ("settore {code}", "sector {code}"),
    },
)

# -- fields of the plan, named in messages -------------------------------------------------------
_add(
    "field",
    {
        "start_date": ("Inizio (data)", "Start (date)"),
        "end_date": ("Fine (data)", "End (date)"),
        "date": ("data", "date"),
        "weight": ("Peso", "Peso (weight)"),
        "progress": ("Avanzamento", "Avanzamento (progress)"),
        "resp": ("Responsabile", "Responsabile (responsible)"),
        "centro": ("Centro di Responsabilità", "Centro di Responsabilità (centre)"),
        "note": ("Note", "Note (notes)"),
    },
)

# -- the plan ----------------------------------------------------------------------------------
_add(
    "plan",
    {
        "sector_unknown": ("Settore da attribuire", "Sector to be assigned"),
    },
)
_add(
    "plan",
    {
        "itself": ("(piano)", "(plan)"),
        "entity": ("Ente (es. «Città di …»)", "Entity (e.g. «Città di …»)"),
        "empty": ("(vuoto)", "(empty)"),
    },
)
_add(
    "objective",
    {
        "title": ("titolo", "title"),
        "responsabile": ("Responsabile", "Responsabile (responsible)"),
        "assessorato": ("Assessorato", "Assessorato (councillor)"),
        "valore_pubblico": ("Valore pubblico", "Valore pubblico (public value)"),
        "stato": ("Stato", "Stato (status)"),
    },
)

# -- outputs: what pegxl writes, and why it would not ----------------------------------------
_add(
    "output.kind",
    {
        "plan": ("piano di pegxl", "pegxl plan workbook"),
        "workbook": ("scheda di settore di pegxl", "pegxl sector workbook"),
        "feedback": ("scheda di riscontro di pegxl", "pegxl feedback workbook"),
        "master": ("cartella riepilogativa di pegxl", "pegxl master workbook"),
        "report": ("relazione HTML di pegxl", "pegxl HTML report"),
        "table": ("tabella Parquet di pegxl", "pegxl Parquet table"),
        "simulated": ("risposta simulata di pegxl", "pegxl simulated return"),
    },
)
_add(
    "output",
    {
        "input": (
            "è uno dei file letti da questo comando, e pegxl non modifica mai i file che legge",
            "it is one of the files this command reads, and pegxl never modifies its inputs",
        ),
        "twice": (
            "lo stesso nome (a meno di maiuscole) è già usato da «{other}», scritto da questo "
            "stesso comando",
            "the same name (ignoring case) is already taken by «{other}», written by this same "
            "command",
        ),
        "folder": ("è una cartella", "it is a folder"),
        "not_folder": (
            "esiste già un file con questo nome, e qui serve una cartella",
            "a file of this name exists, and a folder is needed here",
        ),
        "suffix": (
            "un file di tipo {kind} si scrive con l'estensione {suffix}",
            "a {kind} is written with the extension {suffix}",
        ),
        "foreign": (
            "esiste già e non è un file di tipo {kind} rimasto come pegxl lo ha scritto (potrebbe "
            "contenere modifiche); per sostituirlo comunque aggiungere --force",
            "it exists and is not a {kind} left as pegxl wrote it (it may hold changes); to "
            "replace it anyway add --force",
        ),
    },
)
_add(
    "write",
    {
        "disk_full": ("il disco è pieno", "the disk is full"),
        "quota": ("la quota disco è esaurita", "the disk quota is exhausted"),
        "too_big": ("il file supera la dimensione consentita", "the file exceeds the size allowed"),
        "read_only": ("il disco è in sola lettura", "the disk is read-only"),
        "denied": ("permesso negato", "permission denied"),
        "not_permitted": ("operazione non permessa", "operation not permitted"),
        "too_long": ("il nome o il percorso è troppo lungo", "the name or path is too long"),
        "no_folder": ("la cartella non esiste", "the folder does not exist"),
        "not_a_folder": (
            "una parte del percorso non è una cartella",
            "part of the path is not a folder",
        ),
        "is_folder": ("è una cartella", "it is a folder"),
        "bad_name": (
            "il nome contiene caratteri non ammessi",
            "the name holds characters not allowed",
        ),
    },
)

# -- the guard: why a file is not read ---------------------------------------------------------
_add(
    "guard",
    {
        "too_large": ("{size} byte, il massimo è {most}", "{size} bytes, the maximum is {most}"),
        "html": ("è una pagina HTML o un file XML", "it is an HTML page or an XML file"),
        "text": ("è un file di testo (ad es. CSV)", "it is a text file (e.g. CSV)"),
        "unknown_format": ("formato non riconosciuto", "unknown format"),
        "entries": (
            "{n} elementi nell'archivio (massimo {most})",
            "{n} entries in the archive (at most {most})",
        ),
        "duplicate_name": ("nome duplicato «{name}»", "duplicate name «{name}»"),
        "forbidden_name": ("nome non ammesso «{name}»", "forbidden name «{name}»"),
        "method": (
            "metodo di compressione {method} in «{name}»",
            "compression method {method} in «{name}»",
        ),
        "declares": ("«{name}» dichiara {size} byte", "«{name}» declares {size} bytes"),
        "odf_not_spreadsheet": (
            "è un documento OpenDocument ma non un foglio di calcolo",
            "it is an OpenDocument file but not a spreadsheet",
        ),
        "no_content": ("manca content.xml", "content.xml is missing"),
        "office_not_workbook": (
            "è un documento Office ma non una cartella di lavoro Excel",
            "it is an Office document but not an Excel workbook",
        ),
        "zip_not_workbook": (
            "è un archivio zip, non una cartella di lavoro",
            "it is a zip archive, not a workbook",
        ),
        "truncated": ("«{name}» è troncato", "«{name}» is truncated"),
        "crc": ("«{name}»: controllo CRC fallito", "«{name}»: CRC check failed"),
        "ratio": (
            "«{name}» ha un rapporto di compressione anomalo",
            "«{name}» has an abnormal compression ratio",
        ),
        "exceeds": ("«{name}» supera {size} byte", "«{name}» exceeds {size} bytes"),
        "extent": (
            "«{name}»: {cells} celle, ultima riga {row}, colonna {col}",
            "«{name}»: {cells} cells, last row {row}, column {col}",
        ),
        "string_count": (
            "«{name}»: conteggio delle stringhe non valido ({n})",
            "«{name}»: invalid string count ({n})",
        ),
    },
)
_add("detail", {"file_empty": ("il file è vuoto (0 byte)", "the file is empty (0 bytes)")})

# -- the plan workbook loader ----------------------------------------------------------------------
_add(
    "planload",
    {
        "ods": ("è un foglio di calcolo OpenDocument (.ods)", "it is an OpenDocument (.ods)"),
        "cells": ("{n} celle con valori", "{n} cells with values"),
        "cell_error": ("la cella contiene un errore di calcolo", "the cell holds an error"),
        "no_sheet": ("manca il foglio «{sheet}»", "sheet «{sheet}» is missing"),
        "empty_sheet": ("il foglio «{sheet}» è vuoto", "sheet «{sheet}» is empty"),
        "no_column": (
            "nel foglio «{sheet}» manca la colonna «{column}»",
            "sheet «{sheet}» has no column «{column}»",
        ),
        "values": ("{n} valori", "{n} values"),
        "no_values": ("nessun valore", "no values"),
        "copy_differs": (
            "la copia ha valori diversi, ad es. in {cell}",
            "the copy holds different values, e.g. in {cell}",
        ),
        "copy_same": ("la copia ha gli stessi valori", "the copy holds the same values"),
        "no_header": (
            "{n} valori in colonne senza intestazione",
            "{n} values in columns without a header",
        ),
        "not_fields": (
            "{n} celle di righe che non sono campi del piano (o li ripetono)",
            "{n} cells of rows that are not plan fields (or repeat one)",
        ),
        "beyond_b": ("{n} valori oltre la colonna B", "{n} values beyond column B"),
        "required": ("il campo è obbligatorio", "the field is required"),
        "year": ("l'anno non è un numero", "the year is not a number"),
        "id_elsewhere": (
            "l'identificativo non appartiene all'obiettivo {objective}",
            "the id does not belong to objective {objective}",
        ),
        "direction": ("direzione sconosciuta", "unknown direction"),
    },
)

# -- the sector workbook ---------------------------------------------------------------------------
_add(
    "col",
    {
        "id": ("ID", "ID"),
        "phase": ("FASE", "PHASE"),
        "planned_start": ("Inizio Previsto", "Planned start"),
        "planned_end": ("Fine Prevista", "Planned end"),
        "weight": ("Peso", "Weight"),
        "responsible": ("Responsabile", "Responsible"),
        "centre": ("Centro di Responsabilità", "Centre of responsibility"),
        "prev_progress": ("Avanzamento al {at} (%)", "Progress at {at} (%)"),
        "progress": ("Avanzamento (%)", "Progress (%)"),
        "actual_start": ("Inizio Effettivo", "Actual start"),
        "actual_end": ("Fine Effettiva", "Actual end"),
        "note": ("Note", "Notes"),
        "description": ("Descrizione", "Description"),
        "type": ("Tipo", "Type"),
        "target": ("Valore Atteso", "Target"),
        "prior": ("Valore Raggiunto {year}", "Achieved {year}"),
        "to_enter": ("Da inserire", "To enter"),
        "prev_achieved": ("Valore Raggiunto al {at}", "Achieved at {at}"),
        "achieved": ("Valore Raggiunto", "Achieved"),
        "item": ("Voce", "Item"),
        "content": ("Contenuto", "Content"),
    },
)
_add(
    "hint",
    {
        "number": ("numero", "number"),
        "percent": ("percentuale (0-100)", "percentage (0-100)"),
        "done": ("Fatto / Non fatto", "Fatto / Non fatto"),
        "date": ("data gg/mm/aaaa", "date dd/mm/yyyy"),
        "text": ("testo", "text"),
    },
)
_add(
    "card",
    {
        "responsabile": ("Responsabile", "Responsible"),
        "assessorato": ("Assessorato", "Councillor (assessorato)"),
        "valore_pubblico": ("Valore pubblico", "Public value"),
        "mandato": ("Obiettivo di mandato", "Mandate objective"),
        "missione": ("Obiettivo di missione", "Mission objective"),
        "programma": ("Obiettivo di programma", "Programme objective"),
        "stato": ("Stato", "Status"),
        "da_compilare": ("Da compilare", "To fill in"),
        "modalita": ("Modalità di Attuazione", "How it is carried out"),
        "todo": (
            "{phases} fasi nel foglio «Fasi», {indicators} indicatori nel foglio «Indicatori»",
            "{phases} phases in «Fasi», {indicators} indicators in «Indicatori»",
        ),
        "nothing": ("nessuna fase né indicatore da compilare", "nothing to fill in"),
    },
)
_add(
    "rule",
    {
        "done.input": (
            "Scegliere dall'elenco: Fatto se il risultato è stato raggiunto, altrimenti Non fatto.",
            "Pick from the list: Fatto (done) or Non fatto (not done).",
        ),
        "done.error": (
            "Scegliere Fatto oppure Non fatto dall'elenco.",
            "Pick Fatto or Non fatto from the list.",
        ),
        "percent.input": (
            "Percentuale da 0 a 100, es. 85 (oppure 85%).",
            "Percentage from 0 to 100, e.g. 85 (or 85%).",
        ),
        "percent.error": (
            "Inserire una percentuale da 0 a 100.",
            "Enter a percentage from 0 to 100.",
        ),
        "date.input": (
            "Data nel formato gg/mm/aaaa, es. 30/06/{year}.",
            "Date as dd/mm/yyyy, e.g. 30/06/{year}.",
        ),
        "date.error": (
            "Inserire una data tra il {lo} e il {hi}.",
            "Enter a date between {lo} and {hi}.",
        ),
        "date.input_phase": (
            "Data nel formato gg/mm/aaaa, es. 31/12/{year}.",
            "Date as dd/mm/yyyy, e.g. 31/12/{year}.",
        ),
        "date.error_phase": (
            "Inserire una data tra il {lo} e il {hi}, nel formato gg/mm/aaaa.",
            "Enter a date between {lo} and {hi}.",
        ),
        "date.invalid": ("Data non valida", "Invalid date"),
        "number.input": (
            "Numero, con la virgola decimale: es. 12 oppure 1.250,5.",
            "A number, e.g. 12 or 1.250,5.",
        ),
        "number.error": (
            "Inserire un numero maggiore o uguale a zero, senza testo.",
            "Enter a number of zero or more, no text.",
        ),
        "text.input": ("Testo libero.", "Free text."),
        "text.error": (
            "Testo troppo lungo (max 2000 caratteri).",
            "Text too long (max 2000 characters).",
        ),
        "achieved.title": ("Valore Raggiunto", "Achieved value"),
        "invalid.title": ("Valore non valido", "Invalid value"),
        "progress.title": ("Avanzamento (%)", "Progress (%)"),
        "progress.input": (
            "Percentuale di avanzamento della fase, da 0 a 100 (es. 60). 100 = fase conclusa: "
            "inserire anche la Fine Effettiva.",
            "Progress of the phase, 0 to 100 (e.g. 60). 100 = finished: also enter the actual end.",
        ),
        "progress.error": (
            "Inserire un numero da 0 a 100, senza testo.",
            "Enter a number from 0 to 100, no text.",
        ),
    },
)
_add(
    "workbook",
    {
        "page": ("Pagina &P di &N", "Page &P of &N"),
        "contact": ("l'Ufficio Performance", "the performance office"),
        "comment_author": ("Ufficio Performance", "Performance office"),
        "subject": (
            "Monitoraggio del Piano della performance (PIAO sezione 2.2)",
            "Performance plan monitoring",
        ),
        "comments": (
            "Compilare solo le celle gialle. Generato da pegxl.",
            "Fill in the yellow cells only. Generated by pegxl.",
        ),
    },
)
_add(
    "legend",
    {
        "input": ("Da compilare", "To fill in"),
        "input.meaning": ("cella da compilare (sbloccata)", "cell to fill in (unlocked)"),
        "locked": ("Bloccata", "Locked"),
        "locked.meaning": ("dato del piano, non modificabile", "plan data, cannot be changed"),
        "band": ("Obiettivo", "Objective"),
        "band.meaning": ("riga con codice e titolo dell'obiettivo", "objective code and title"),
        "wrong": ("Da correggere", "To correct"),
        "wrong.meaning": ("valore mancante o fuori intervallo", "missing or out-of-range value"),
        "previous": ("al {at}", "at {at}"),
        "previous.meaning": ("valore del periodo precedente", "value of the previous period"),
    },
)
_add(
    "feedback",
    {
        "title": ("Segnalazioni sul file «{source}»", "Findings on «{source}»"),
        "intro": (
            "Correggere le celle evidenziate in rosso (il commento spiega che cosa non va), poi "
            "salvare e inviare di nuovo questo file. Fare clic sulla cella per raggiungerla.",
            "Correct the cells highlighted in red (the comment says what is wrong), then save and "
            "send this file again. Click a cell to go there.",
        ),
        "col.code": ("Codice", "Code"),
        "col.severity": ("Gravità", "Severity"),
        "col.sheet": ("Foglio", "Sheet"),
        "col.cell": ("Cella", "Cell"),
        "col.item": ("Elemento", "Item"),
        "col.todo": ("Cosa fare", "What to do"),
        "too_long_name": ("sarebbe troppo lungo per il disco", "it would be too long for the disk"),
    },
)

# -- the reader of returns ---------------------------------------------------------------------
_add(
    "reader",
    {
        "no_meta": (
            "nessun foglio «_pegxl» né proprietà del documento",
            "no «_pegxl» sheet and no document properties",
        ),
        "no_such_sector": (
            "il piano non ha questo settore (settori: {codes})",
            "the plan has no such sector (sectors: {codes})",
        ),
        "plan_text": ("testo del piano", "the plan's text"),
        "row": ("(riga)", "(row)"),
        "original": ("(contenuto originale)", "(original content)"),
    },
)

# -- the value rules of a return -----------------------------------------------------------------
_add(
    "missing",
    {
        "progress": ("l'Avanzamento (%)", "The progress (%)"),
        "actual_start": ("l'Inizio Effettivo", "The actual start"),
        "actual_end": ("la Fine Effettiva", "The actual end"),
        "achieved": ("il Valore Raggiunto", "The achieved value"),
    },
)
_add(
    "validate",
    {
        "percent_range": ("una percentuale va da 0 a 100", "a percentage goes from 0 to 100"),
        "negative": ("il valore è negativo", "the value is negative"),
        "date_outside": (
            "la data è fuori dal periodo del piano",
            "the date is outside the plan's period",
        ),
        "ended_not_100": (
            "la fase ha una Fine Effettiva ({end}) ma l'avanzamento non è 100%",
            "the phase has an actual end ({end}) but its progress is not 100%",
        ),
        "hundredfold": (
            "è almeno 100 volte il valore atteso ({target})",
            "it is at least 100 times the target ({target})",
        ),
        "fraction": (
            "sembra una frazione: forse {pct}? Le percentuali si scrivono da 0 a 100",
            "it looks like a fraction: {pct}? Percentages are written from 0 to 100",
        ),
    },
)

# -- batches and prefill -------------------------------------------------------------------------
_add("batch", {"died": ("il processo di lettura è terminato", "the reading process died")})
_add(
    "prefill",
    {
        "rejected": ("il file è stato rifiutato", "the file was rejected"),
        "errors": ("ha errori", "it has errors"),
        "other_plan": ("è di un'altra versione del piano", "it is of another version of the plan"),
        "earlier": ("è di un periodo precedente al {end}", "it is of a period before {end}"),
    },
)
_add(
    "period",
    {
        "intermedio": ("Monitoraggio intermedio al {d}", "Intermediate monitoring at {d}"),
        "finale": ("Rendicontazione finale al {d}", "Final report at {d}"),
    },
)

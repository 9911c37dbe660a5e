"""Every text a person reads outside the finding registry, in Italian and English: one catalogue.

A text is looked up by a stable key and filled in with ``str.format`` parameters; a field
``{n:one|many}`` gives the word that agrees with the count ``n``::

    >>> text("cli.summary", "en", error=1, warning=2, info=1)
    '1 error, 2 warnings, 1 info.'
    >>> text("cli.summary", "it", error=1, warning=2, info=1)
    '1 errore, 2 avvisi, 1 informazione.'
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

import os
import re
import string
from collections.abc import Mapping
from typing import Literal, NamedTuple

__all__ = ["LANGS", "Lang", "T", "clean_text", "display_name", "fill", "lang_of", "text", "tr"]

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


class _Plurals(string.Formatter):
    """``str.format`` with one more kind of field: ``{n:errore|errori}`` is the word for one
    when ``n`` is 1 (or −1), else the word for many, so a count and its noun agree ("1 errore,
    2 avvisi")."""

    def format_field(self, value: object, format_spec: str) -> str:
        """The field: the word that agrees with ``value`` when the spec is ``one|many``."""
        if "|" not in format_spec:
            return str(super().format_field(value, format_spec))
        one, _, many = format_spec.partition("|")
        try:
            n = abs(float(str(value).replace(".", "").replace(",", ".")))
        except ValueError:
            return many
        return one if n == 1 else many


_PLURALS = _Plurals()


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template.format(**values)``, with the fields that agree with a count
    (``{n:errore|errori}``) filled in too."""
    if "|" in template:
        return _PLURALS.vformat(template, (), values)
    return template.format(**values)


def _fill(template: str, lang: Lang, params: dict[str, object]) -> str:
    if not params:
        return template
    return fill(template, {k: v.get(lang) if isinstance(v, T) else v for k, v in params.items()})


def tr(key: str, /, **params: object) -> T:
    """The catalogue text ``key`` in both languages, filled in with ``params``; ``KeyError`` for
    a key that is not in the catalogue (a programming error the tests catch)."""
    it, en = CATALOGUE[key]
    return T(_fill(it, "it", params), _fill(en, "en", params))


def text(key: str, lang: str, /, **params: object) -> str:
    """The catalogue text ``key`` in ``lang``, filled in with ``params``."""
    it, en = CATALOGUE[key]
    return _fill(en, "en", params) if lang == "en" else _fill(it, "it", params)


#: key -> (Italian, English)
CATALOGUE: dict[str, tuple[str, str]] = {}


def _both(text: str) -> tuple[str, str]:
    """A text the same in both languages (a command line of an example)."""
    return (text, text)


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
            "Piano scritto in {path}: {sectors} {sectors:settore|settori}, {objectives} "
            "{objectives:obiettivo|obiettivi}, {phases} {phases:fase|fasi}, {indicators} "
            "{indicators:indicatore|indicatori}.",
            "Plan written to {path}: {sectors} {sectors:sector|sectors}, {objectives} "
            "{objectives:objective|objectives}, {phases} {phases:phase|phases}, {indicators} "
            "{indicators:indicator|indicators}.",
        ),
        "summary": (
            "{error} {error:errore|errori}, {warning} {warning:avviso|avvisi}, {info} "
            "{info:informazione|informazioni}.",
            "{error} {error:error|errors}, {warning} {warning:warning|warnings}, {info} info.",
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
            "{n} {n:scheda scritta|schede scritte} in {out} ({label}):",
            "{n} {n:workbook|workbooks} written to {out} ({label}):",
        ),
        "total": (
            "Totale: {files} file — {ok} ok, {warnings} con avvisi, {errors} con errori, "
            "{rejected} {rejected:rifiutato|rifiutati}; {values} {values:valore letto|valori "
            "letti}.",
            "Total: {files} {files:file|files} — {ok} ok, {warnings} with warnings, {errors} "
            "with errors, {rejected} rejected; {values} {values:value|values} read.",
        ),
        "total_not_counted": (
            "{total} Non {n:conteggiato|conteggiati}: {n} {n:file|file} (superati da una "
            "versione più recente o di un altro periodo; le loro segnalazioni sono "
            "informazioni).",
            "{total} Not counted: {n} {n:file|files} (superseded by a later version or of "
            "another period; their findings are information).",
        ),
        "replaced_by": ("{status} da «{name}»", "{status} by «{name}»"),
        "discarded_for": ("{status}: conta «{name}»", "{status}: «{name}» counts"),
        "file_line": (
            "{name}  [{sector} {period}]  {status}  ({error} E, {warning} W, {info} I; "
            "{values} {values:valore|valori})",
            "{name}  [{sector} {period}]  {status}  ({error} E, {warning} W, {info} I; "
            "{values} {values:value|values})",
        ),
        "prefill_head": (
            "Valori del periodo precedente ({label}) nelle colonne «al {at}»:",
            "Values of the previous period ({label}) in the «al {at}» columns:",
        ),
        "prefill_sector": (
            "  {sector:<6} {n} {n:valore|valori} da {files}",
            "  {sector:<6} {n} {n:value|values} from {files}",
        ),
        "prefill_none": ("  {sector:<6} nessun valore", "  {sector:<6} no value"),
        "no_files": ("Nessun file da controllare.", "No files to check."),
        "feedback": (
            "Schede di riscontro scritte in {path}: {n}.",
            "Feedback workbooks written to {path}: {n}.",
        ),
        "consolidated": ("Consolidato: {label}", "Consolidated: {label}"),
        "entity_progress": (
            "Avanzamento dell'ente: {weighted} (media ponderata), {plain} (media semplice); "
            "obiettivi misurati {measured} su {objectives}.",
            "Entity progress: {weighted} (weighted mean), {plain} (plain mean); objectives "
            "measured {measured} of {objectives}.",
        ),
        "entity_states": ("Stato degli obiettivi: {states}.", "Objectives by state: {states}."),
        # the objectives computed without a value in error stand apart from the states (the
        # roll-up counts them in none): said, so the counts add up to the objectives
        "states_provisional": ("{states}; provvisori {n}", "{states}; provisional {n}"),
        "entity_score": (
            "Punteggio dell'ente: {weighted} (media ponderata), {plain} (media semplice); "
            "obiettivi valutati {measured} su {objectives}.",
            "Entity score: {weighted} (weighted mean), {plain} (plain mean); objectives "
            "measured {measured} of {objectives}.",
        ),
        "entity_provisional": (
            "Punteggio provvisorio. Obiettivi calcolati senza i valori in errore delle schede "
            "conteggiate con errori: {n} su {objectives}; cambieranno con le schede corrette.",
            "A provisional score. Objectives computed without the values in error of the "
            "workbooks counted with errors: {n} of {objectives}; they will change with the "
            "corrected workbooks.",
        ),
        "provisional_mark": ("provvisorio", "provisional"),
        "no_period": (
            "Nessuna scheda leggibile dice a quale periodo si riferisce: indicarlo con --period "
            "(es. --period 2025-06-30).",
            "No readable workbook says which period it is for: give it with --period (e.g. "
            "--period 2025-06-30).",
        ),
        "pdf_missing": (
            "Per --pdf serve WeasyPrint: installare pegxl[pdf] (pip install 'pegxl[pdf]'). "
            "Nessun file è stato scritto.",
            "--pdf needs WeasyPrint: install pegxl[pdf] (pip install 'pegxl[pdf]'). No file "
            "was written.",
        ),
        "parquet_missing": (
            "Per --parquet serve pyarrow: installare pegxl[parquet] (pip install "
            "'pegxl[parquet]').",
            "--parquet needs pyarrow: install pegxl[parquet] (pip install 'pegxl[parquet]').",
        ),
        "overrides": (
            "{n:Punteggio concesso|Punteggi concessi} dal Nucleo di Valutazione ({n}):",
            "{n:Score|Scores} granted by the Nucleo di Valutazione ({n}):",
        ),
        "wrote": ("Scritto: {path}", "Written: {path}"),
        "kept": (
            "  la versione precedente di {path} è conservata in {archive}",
            "  the earlier version of {path} is kept as {archive}",
        ),
        "demo_where": ("Dove si trova tutto:", "Where everything is:"),
        "demo_variation": (
            "(la Giunta approva una variazione: {id}, valore atteso da {original} a {new}, "
            "{act} del {date}; l'ufficio la inserisce nel foglio Variazioni del piano)",
            "(the Giunta approves a variation: {id}, target from {original} to {new}, {act} of "
            "{date}; the office enters it in the plan's Variazioni sheet)",
        ),
        "demo_simulated": (
            "(simulazione: {n} file dai settori — una prima versione poi corretta, una scheda "
            "di un altro periodo — e un settore che non risponde)",
            "(simulated: {n} files from the sectors — a first version then corrected, a "
            "workbook of another period — and one sector that does not reply)",
        ),
    },
)

# -- the command line's help (pegxl COMMAND --help): Italian by default, English with --lang en.
# Every example is a command that runs as written after `make demo` (tests/test_help.py runs
# them).
_add(
    "help",
    {
        "prog": (
            "Il ciclo della performance del PEG / PIAO (sezione 2.2) attraverso fogli di calcolo: "
            "importare il piano, generare una scheda per settore, controllare le schede "
            "compilate, consolidare e valutare.",
            "The PEG / PIAO (section 2.2) performance-plan cycle through spreadsheets: import "
            "the plan, generate a workbook per sector, check the returns, consolidate and "
            "score.",
        ),
        "start": (
            "Per cominciare: «pegxl demo demo-out» esegue tutto il ciclo sull'esempio di "
            "Cinisello Balsamo; «pegxl COMANDO --help» spiega ogni comando, con esempi.",
            "To start: «pegxl demo demo-out» runs the whole cycle on the Cinisello Balsamo "
            "example; «pegxl COMMAND --help» explains each command, with examples.",
        ),
        "commands": ("comandi", "commands"),
        "command": ("COMANDO", "COMMAND"),
        "examples": ("esempi:", "examples:"),
        "version": ("mostra la versione di pegxl ed esce", "show pegxl's version and exit"),
        "format": (
            "formato dell'uscita: {formats} (predefinito: text); il JSON è "
            "{{valid, findings, ...}}",
            "output format: {formats} (default: text); JSON is {{valid, findings, ...}}",
        ),
        "lang": (
            "lingua dei messaggi, dell'aiuto e dei testi delle schede: it o en (predefinita: it)",
            "language of the messages, the help and the workbooks' texts: it or en (default: it)",
        ),
        "force": (
            "sostituire {what} anche se non è stato scritto da pegxl o è stato modificato "
            "(mai un file letto dal comando)",
            "replace {what} even if pegxl did not write it or it was changed since (never an "
            "input)",
        ),
        "plan": (
            "il piano (cartella di lavoro scritta da pegxl import)",
            "the plan workbook (written by pegxl import)",
        ),
        "returns": (
            "le schede compilate: file .xlsx o .ods, o cartelle che le contengono",
            "the returns: .xlsx or .ods files, or folders holding them",
        ),
        "mv.plan": ("PIANO", "PLAN"),
        "mv.returns": ("SCHEDE", "RETURNS"),
        "mv.file": ("FILE", "FILE"),
        "mv.folder": ("CARTELLA", "FOLDER"),
        "mv.date": ("DATA", "DATE"),
        "mv.code": ("CODICE", "CODE"),
        "mv.text": ("TESTO", "TEXT"),
        "mv.year": ("ANNO", "YEAR"),
        "mv.master": ("RIEPILOGO", "MASTER"),
        "import.summary": (
            "importare le esportazioni testo del PEG-PIAO nel piano",
            "import PEG-PIAO text exports into a plan workbook",
        ),
        "import.description": (
            "Importa l'esportazione in formato testo del report PEG-PIAO (sezione 2.2 "
            "Performance) nel piano: la cartella di lavoro che l'ufficio conserva e corregge, "
            "e che leggono tutti gli altri comandi. Se il report si esporta un Valore Pubblico "
            "(o un'area) alla volta, indicare tutte le esportazioni: diventano un solo piano, "
            "con i settori uniti per codice e ogni obiettivo con il suo Valore Pubblico. Le "
            "anomalie dell'esportazione sono avvisi: il piano viene scritto comunque; non "
            "viene scritto se un'esportazione non si legge, se è data due volte, se un codice "
            "obiettivo è in due esportazioni o se sono di enti o anni diversi. Senza "
            "un'esportazione, partire dal piano vuoto di «pegxl init»; «pegxl import PIANO.xlsx -o "
            "NUOVO.xlsx» riscrive un piano compilato a mano con tutti gli identificativi.",
            "Import the text export of the PEG-PIAO report (section 2.2 Performance) into the "
            "plan workbook: the workbook the office keeps and corrects, and every other command "
            "reads. If the report exports one Valore Pubblico (or area) at a time, give all the "
            "exports: they become one plan, sectors united by code and each objective with its "
            "Valore Pubblico. The export's anomalies are warnings: the plan is written all the "
            "same; it is not written if an export cannot be read, is given twice, an objective "
            "code is in two exports or they are of different entities or years. Without an "
            "export, start from the blank plan of «pegxl init»; «pegxl import PLAN.xlsx -o "
            "NEW.xlsx» writes a hand-typed plan again with every ID.",
        ),
        "import.examples": (
            "pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx\n"
            "pegxl import examples/cinisello_2025_vp4.txt examples/cinisello_2025_vp2.txt -o "
            "piano-ente.xlsx",
            "pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx --lang en\n"
            "pegxl import examples/cinisello_2025_vp4.txt examples/cinisello_2025_vp2.txt -o "
            "piano-ente.xlsx --lang en",
        ),
        "import.export": (
            "le esportazioni testo del PEG-PIAO (.txt), una o più (ad es. una per Valore "
            "Pubblico); oppure un piano (.xlsx) da riscrivere con tutti gli identificativi",
            "the PEG-PIAO text exports (.txt), one or more (e.g. one per Valore Pubblico); or a "
            "plan workbook (.xlsx) to write again with every ID",
        ),
        "mv.export": ("ESPORTAZIONE", "EXPORT"),
        "import.output": ("il piano da scrivere (.xlsx)", "the plan workbook to write (.xlsx)"),
        "import.force": ("il piano", "the plan"),
        "generate.summary": (
            "scrivere una scheda da compilare per ogni settore",
            "write one locked fill-in workbook per sector",
        ),
        "generate.description": (
            "Scrive una scheda per settore per un periodo di monitoraggio: struttura bloccata, "
            "modificabili solo le celle gialle da compilare. Con --prefill le schede del "
            "periodo successivo mostrano, in colonne bloccate «al 30/06», i valori del periodo "
            "precedente: la fonte principale è la cartella riepilogativa di quel periodo "
            "(pegxl consolidate), cioè i valori conteggiati dall'ufficio; si possono dare "
            "anche le schede compilate, scelte come le sceglie consolidate.",
            "Write one workbook per sector for a monitoring period: structure locked, only the "
            "yellow input cells editable. With --prefill the next period's workbooks show, in "
            "locked 'al 30/06' columns, the previous period's values: the main source is that "
            "period's master workbook (pegxl consolidate), the values the office counted; the "
            "returns themselves can be given too, chosen as consolidate chooses them.",
        ),
        "generate.examples": (
            "pegxl generate demo-out/piano.xlsx --period 2025-06-30 -o schede\n"
            "pegxl generate demo-out/piano.xlsx --period 2025-12-31 -o finali "
            "--prefill demo-out/riepilogo_2025-06-30.xlsx",
            "pegxl generate demo-out/piano.xlsx --period 2025-06-30 -o workbooks --lang en\n"
            "pegxl generate demo-out/piano.xlsx --period 2025-12-31 -o final "
            "--prefill demo-out/riepilogo_2025-06-30.xlsx --lang en",
        ),
        "generate.period": (
            "la data a cui si riferiscono i valori, ad es. 2025-06-30 o 30/06/2025",
            "the date the values refer to, e.g. 2025-06-30 or 30/06/2025",
        ),
        "generate.kind": (
            "intermedio, verifica (dello stato di avanzamento, ad es. al 30/09) o finale "
            "(predefinito: finale per il 31/12, altrimenti intermedio)",
            "intermedio (intermediate), verifica (progress review, e.g. at 30/09) or finale "
            "(final; default: finale for 31/12, else intermedio)",
        ),
        "generate.output": ("la cartella delle schede", "the folder for the workbooks"),
        "generate.force": ("una scheda con lo stesso nome", "a workbook of the same name"),
        "generate.sector": (
            "solo questo settore (si può ripetere)",
            "only this sector (repeatable)",
        ),
        "generate.password": (
            "password della protezione dei fogli e della struttura",
            "password for sheet and structure protection",
        ),
        "generate.prefill": (
            "i valori del periodo precedente, mostrati in colonne bloccate «al 30/06»: la "
            "cartella riepilogativa di quel periodo (consigliata) oppure le sue schede "
            "compilate (file o cartella)",
            "the previous period's values, shown in locked 'al 30/06' columns: that period's "
            "master workbook (recommended) or its returns (a file or a folder)",
        ),
        "generate.prefill_inputs": (
            "con --prefill, copiare quei valori anche nelle celle da compilare",
            "with --prefill, also copy those values into the cells to fill in",
        ),
        "generate.deadline": (
            "la data di restituzione indicata nelle istruzioni",
            "the return date shown in the instructions",
        ),
        "generate.contact": (
            "a chi rimandare la scheda (nelle istruzioni)",
            "whom to send the workbook back to (in the instructions)",
        ),
        "check.summary": (
            "controllare le schede compilate e dire ogni problema",
            "read the returns back and report every problem",
        ),
        "check.description": (
            "Controlla le schede compilate (.xlsx o .ods, file o cartelle) rispetto al piano: "
            "identità, integrità e valori, con file, foglio, cella e che cosa fare. Con "
            "--feedback scrive per ogni scheda da correggere una scheda di riscontro per il "
            "settore. Esce con 0 quando ogni file va bene, 1 quando qualcuno ha errori o è "
            "rifiutato, 2 per un errore d'uso.",
            "Check returns (.xlsx or .ods, files or folders) against the plan: identity, "
            "integrity and values, with file, sheet, cell and what to do. With --feedback, "
            "write a feedback workbook for the sector of each return to correct. Exit 0 when "
            "every file is fine, 1 when any has errors or was rejected, 2 on usage errors.",
        ),
        "check.examples": (
            "pegxl check demo-out/piano.xlsx demo-out/risposte_2025-06-30 --feedback riscontri\n"
            "pegxl check demo-out/piano.xlsx demo-out/risposte_2025-06-30 --format csv "
            "> controlli.csv",
            "pegxl check demo-out/piano.xlsx demo-out/risposte_2025-06-30 --feedback feedback "
            "--lang en\n"
            "pegxl check demo-out/piano.xlsx demo-out/risposte_2025-06-30 --format json "
            "--lang en > checks.json",
        ),
        "check.feedback": (
            "scrivere nella CARTELLA una scheda di riscontro per ogni scheda che il settore "
            "deve correggere",
            "write into FOLDER a feedback workbook for each return the sector must correct",
        ),
        "check.period": (
            "il periodo atteso (predefinito: quello dichiarato dalla maggior parte dei file)",
            "the expected period (default: the one most files declare)",
        ),
        "consolidate.summary": (
            "valutare le schede e scrivere la cartella riepilogativa e la relazione",
            "score the returns and write the master workbook and the report",
        ),
        "consolidate.description": (
            "Controlla le schede di un periodo, conta per ogni settore l'ultima valida, valuta "
            "ogni obiettivo con le regole di misurazione e scrive la cartella riepilogativa "
            "(e la relazione HTML). Ogni file è elencato con l'esito. Esce con 0 quando ogni "
            "file va bene, 1 quando qualcuno ha errori o è rifiutato, 2 per un errore d'uso.",
            "Check the returns of a period, count the latest valid one of each sector, score "
            "every objective under the measurement rules and write the master workbook (and "
            "the HTML report). Every file is listed with what became of it. Exit 0 when every "
            "input is fine, 1 when any has errors or was rejected, 2 on usage errors.",
        ),
        "consolidate.examples": (
            "pegxl consolidate demo-out/piano.xlsx demo-out/risposte_2025-06-30 "
            "-o riepilogo.xlsx --html relazione.html\n"
            "pegxl consolidate demo-out/piano.xlsx demo-out/risposte_2025-06-30 "
            "-o riepilogo.xlsx --rules templates/regole.toml --force",
            "pegxl consolidate demo-out/piano.xlsx demo-out/risposte_2025-06-30 "
            "-o master.xlsx --html report.html --lang en\n"
            "pegxl consolidate demo-out/piano.xlsx demo-out/risposte_2025-06-30 "
            "-o master.xlsx --rules templates/regole.toml --force --lang en",
        ),
        "consolidate.output": (
            "la cartella riepilogativa da scrivere (.xlsx)",
            "the master workbook to write (.xlsx)",
        ),
        "consolidate.html": ("scrivere anche la relazione HTML", "also write the HTML report"),
        "consolidate.pdf": (
            "scrivere anche la relazione in PDF/A, per la pubblicazione (serve pegxl[pdf])",
            "also write the report as PDF/A, for publication (needs pegxl[pdf])",
        ),
        "consolidate.rules": (
            "le regole di misurazione (TOML; predefinite: templates/regole.toml)",
            "the measurement rules (TOML; default: the shipped templates/regole.toml)",
        ),
        "consolidate.overrides": (
            "i punteggi concessi dal Nucleo di Valutazione: cartella di lavoro o CSV con ID, "
            "Punteggio concesso, Motivazione",
            "scores granted by the Nucleo di Valutazione: a workbook or CSV of ID, Punteggio "
            "concesso (granted score), Motivazione (reason)",
        ),
        "consolidate.parquet": (
            "scrivere anche le tabelle in formato Parquet nella CARTELLA (serve pegxl[parquet])",
            "also write the tables as Parquet files into FOLDER (needs pegxl[parquet])",
        ),
        "consolidate.period": (
            "il periodo (predefinito: quello dichiarato dalla maggior parte dei file)",
            "the period (default: the one most files declare)",
        ),
        "consolidate.force": ("un file scritto", "an output"),
        "demo.summary": (
            "eseguire tutto il ciclo sull'esempio di Cinisello Balsamo",
            "run the whole cycle on the embedded Cinisello Balsamo example",
        ),
        "demo.description": (
            "Esegue tutto il ciclo sul piano di esempio della Città di Cinisello Balsamo "
            "(2025), scrivendo tutto nella CARTELLA:\n"
            "  1. import: il piano (piano.xlsx); poi il piano dell'ente da due esportazioni, una "
            "per Valore Pubblico (piano-ente.xlsx), e il piano vuoto di pegxl init "
            "(piano-vuoto.xlsx);\n"
            "  2. generate: le schede da compilare al 30/06/2025 (schede_2025-06-30/);\n"
            "  3. le risposte simulate dei settori (risposte_2025-06-30/): una prima versione "
            "poi corretta, una scheda con errori, una scheda di un altro periodo, un settore che "
            "non risponde;\n"
            "  4. check con --feedback: le schede di riscontro ai settori (riscontri/);\n"
            "  5. consolidate: la cartella riepilogativa (riepilogo_2025-06-30.xlsx) e la "
            "relazione HTML (relazione_2025-06-30.html);\n"
            "  6. lo stesso periodo come campagna (campagna/): campaign new, una risposta "
            "arrivata come e-mail salvata (posta/), le altre dalla cartella, status, remind e "
            "close;\n"
            "  7. la Giunta approva una variazione (foglio Variazioni di piano.xlsx), poi la "
            "rendicontazione finale: generate al 31/12/2025 con i valori del 30/06 "
            "(schede_2025-12-31/), le risposte simulate con motivazione e causa di ogni "
            "scostamento (risposte_2025-12-31/), consolidate con la Relazione sulla performance "
            "(riepilogo_2025-12-31.xlsx, relazione_2025-12-31.html e, con pegxl[pdf], "
            "relazione_2025-12-31.pdf).",
            "Run the whole cycle on the example plan of the Città di Cinisello Balsamo (2025), "
            "writing everything into FOLDER:\n"
            "  1. import: the plan (piano.xlsx); then the entity's plan from two exports, one per "
            "Valore Pubblico (piano-ente.xlsx), and the blank plan of pegxl init "
            "(piano-vuoto.xlsx);\n"
            "  2. generate: the workbooks to fill in at 30/06/2025 (schede_2025-06-30/);\n"
            "  3. the sectors' simulated returns (risposte_2025-06-30/): a first version then "
            "corrected, a workbook with errors, a workbook of another period, a sector that does "
            "not reply;\n"
            "  4. check with --feedback: the feedback workbooks for the sectors (riscontri/);\n"
            "  5. consolidate: the master workbook (riepilogo_2025-06-30.xlsx) and the HTML "
            "report (relazione_2025-06-30.html);\n"
            "  6. the same period as a campaign (campagna/): campaign new, one return arriving "
            "as a saved e-mail (posta/), the others from the folder, status, remind and "
            "close;\n"
            "  7. the Giunta approves a variation (the Variazioni sheet of piano.xlsx), then the "
            "final report: generate at 31/12/2025 with the 30/06 values (schede_2025-12-31/), "
            "the simulated returns with the reason and cause of every shortfall "
            "(risposte_2025-12-31/), consolidate with the performance report "
            "(riepilogo_2025-12-31.xlsx, relazione_2025-12-31.html and, with pegxl[pdf], "
            "relazione_2025-12-31.pdf).",
        ),
        "demo.examples": ("pegxl demo demo-out", "pegxl demo demo-en --lang en"),
        "demo.out_dir": (
            "la cartella di tutto ciò che la demo scrive",
            "the folder for everything the demo writes",
        ),
        "init.summary": (
            "scrivere il piano vuoto da compilare a mano",
            "write the blank plan workbook to fill in by hand",
        ),
        "init.description": (
            "Scrive il piano vuoto: la cartella di lavoro del piano con tutti i fogli (Leggimi, "
            "Piano, Settori, Obiettivi, Fasi, Indicatori) e le intestazioni, senza righe. È la "
            "strada per un ente il cui programma non esporta il report PEG-PIAO in testo (o per "
            "un piano preso da una tabella): il foglio Leggimi spiega come compilarla, le "
            "colonne con un elenco chiuso (Tipo valore, Direzione, i codici di settore e di "
            "obiettivo) hanno il menu a tendina, date, pesi e avanzamenti sono controllati "
            "mentre si scrivono. Compilata, si usa come il piano di «pegxl import»: gli ID di "
            "fasi e indicatori lasciati vuoti sono ricavati e segnalati, le colonne facoltative "
            "vuote prendono il valore predefinito. Non scrive sopra un file che esiste già.",
            "Write the blank plan workbook: every sheet (read-me, plan header, sectors, "
            "objectives, phases, indicators) and header, no rows. It is the way in for an entity "
            "whose software does not export the PEG-PIAO report as text (or for a plan taken from "
            "a table): its Leggimi sheet says how to fill it in, the columns with a closed list "
            "(Tipo valore, Direzione, the sector and objective codes) have a drop-down, dates, "
            "weights and progress are checked as they are typed. Filled in, it is used as the "
            "plan of «pegxl import»: phase and indicator IDs left blank are derived and "
            "reported, optional columns left blank take their default. It never writes over a "
            "file that exists.",
        ),
        "init.examples": (
            'pegxl init -o piano-comune.xlsx --ente "Comune di Esempio" --anno 2026\n'
            'pegxl init -o piano-comune.xlsx --ente "Comune di Esempio" --anno 2027 --force',
            'pegxl init -o blank-plan.xlsx --ente "Comune di Esempio" --anno 2026 --lang en\n'
            'pegxl init -o blank-plan.xlsx --ente "Comune di Esempio" --anno 2027 --lang en '
            "--force",
        ),
        "init.output": ("il piano vuoto da scrivere (.xlsx)", "the blank plan workbook (.xlsx)"),
        "init.ente": (
            "il nome dell'ente, scritto nel foglio Piano (ad es. «Comune di Esempio»)",
            "the entity's name, written in the plan header sheet (e.g. «Comune di Esempio»)",
        ),
        "init.anno": (
            "l'anno del piano, scritto nel foglio Piano (senza: da scrivere nel foglio)",
            "the plan's year, written in the plan header sheet (without it: to type there)",
        ),
        "init.force": ("il file", "the file"),
    },
)
# the campaign's commands (pegxl campaign, diff, serve): the same catalogue, the same rules
_add(
    "help",
    {
        "mv.step": ("PASSO", "STEP"),
        "mv.address": ("INDIRIZZO", "ADDRESS"),
        "mv.number": ("NUMERO", "NUMBER"),
        "campaign.summary": (
            "condurre una campagna di monitoraggio: new, receive, status, remind, close",
            "run a monitoring campaign: new, receive, status, remind, close",
        ),
        "campaign.description": (
            "Una cartella di campagna ricorda il periodo: il piano, le schede con il link di "
            "caricamento di ogni settore, ogni file ricevuto (archiviato per SHA-256) e un "
            "registro (SQLite).",
            "A campaign folder remembers the period: the plan, the workbooks with each sector's "
            "upload link, every file received (archived by SHA-256) and a ledger (SQLite).",
        ),
        "campaign.examples": _both(
            "pegxl campaign new campagna --plan piano.xlsx --period 2025-06-30\n"
            "pegxl campaign receive campagna posta/*.eml risposte/\n"
            "pegxl campaign status campagna"
        ),
        "campaign.dir": ("la cartella della campagna", "the campaign folder"),
        "campaign.new": (
            "creare la cartella di una campagna: il piano, le schede con i link di caricamento, "
            "il registro; la password dell'ufficio da {env} o chiesta al terminale",
            "make a campaign folder: the plan, the workbooks with upload links, the ledger; the "
            "office password from {env} or asked at the terminal",
        ),
        "campaign.new.example": _both(
            "pegxl campaign new campagna --plan piano.xlsx --period 2025-06-30 "
            "--deadline 2025-07-15"
        ),
        "campaign.new.plan": ("la cartella di lavoro del piano", "the plan workbook"),
        "campaign.new.period": ("il periodo, ad es. 2025-06-30", "the period, e.g. 2025-06-30"),
        "campaign.new.kind": ("il tipo di periodo", "the period kind"),
        "campaign.new.deadline": (
            "la data di restituzione indicata ai settori",
            "the return date shown to the sectors",
        ),
        "campaign.new.contact": (
            "a chi i settori rimandano la scheda",
            "whom the sectors send the workbook back to",
        ),
        "campaign.new.base_url": (
            "l'indirizzo dello sportello come lo raggiungono i settori, ad es. "
            "http://performance.comune.local:8765 (i link sono allora indirizzi completi)",
            "the desk's address as the sectors reach it, e.g. "
            "http://performance.comune.local:8765 (the links are then full URLs)",
        ),
        "campaign.receive": (
            "ricevere le risposte: file, cartelle o e-mail salvate (.eml); ognuna archiviata, "
            "controllata e con la sua scheda di riscontro",
            "receive returns: files, folders or saved e-mails (.eml); each archived, checked and "
            "answered with its feedback workbook",
        ),
        "campaign.receive.example": _both("pegxl campaign receive campagna posta/risposta_S07.eml"),
        "campaign.receive.files": (
            "file, cartelle o messaggi .eml",
            "files, folders or .eml messages",
        ),
        "campaign.receive.sender": (
            "chi ha inviato i file (un indirizzo e-mail), quando non è in un .eml",
            "who sent the files (an e-mail address), when not in an .eml",
        ),
        "campaign.status": (
            "lo stato di ogni settore: versioni, ultima ricevuta, solleciti e link",
            "every sector's state, versions, last received, reminders and link",
        ),
        "campaign.status.example": _both("pegxl campaign status campagna --format json"),
        "campaign.remind": (
            "una bozza .eml per ogni settore mancante o con errori",
            "an .eml draft for every sector missing or with errors",
        ),
        "campaign.remind.example": _both("pegxl campaign remind campagna"),
        "campaign.close": (
            "consolidare ciò che conta in un riepilogo e una relazione datati (nessuno sostituito)",
            "consolidate what counts into a dated master and report (none replaced)",
        ),
        "campaign.close.example": _both("pegxl campaign close campagna"),
        "diff.summary": (
            "ogni valore cambiato tra due versioni della scheda di un settore",
            "every value that changed between two versions of a sector's workbook",
        ),
        "diff.description": (
            "Confronta due versioni della scheda di un settore: ogni valore cambiato, per ID "
            "di riga, con le sue celle.",
            "Compare two versions of a sector's workbook: every value that changed, by row id, "
            "with its cells.",
        ),
        "diff.examples": _both("pegxl diff S07_prima.xlsx S07_corretta.xlsx"),
        "diff.old": ("la versione precedente", "the earlier version"),
        "diff.new": ("la versione successiva", "the later version"),
        "serve.summary": (
            "lo sportello dell'ufficio: il quadro e una pagina per settore per caricare la scheda",
            "the office's desk: the board, and a page per sector to upload its return",
        ),
        "serve.description": (
            "Apre lo sportello della campagna: il quadro dell'ufficio (con accesso), e dietro il "
            "link segreto di ogni settore la sua pagina per scaricare la scheda e caricare la "
            "risposta. Serve pegxl[desk].",
            "Serve the campaign's desk: the office's board (login), and behind each sector's "
            "secret link its page to download the workbook and upload the return. Needs "
            "pegxl[desk].",
        ),
        "serve.examples": _both(
            "pegxl serve campagna\npegxl serve campagna --host 0.0.0.0 --port 8765"
        ),
        "serve.host": (
            "l'indirizzo su cui ascoltare (predefinito 127.0.0.1)",
            "address to listen on (default 127.0.0.1)",
        ),
        "serve.port": (
            "la porta (predefinita 8765; 0: una qualsiasi libera)",
            "port (default 8765; 0: any free one)",
        ),
        "serve.threads": (
            "richieste servite insieme (predefinito 8)",
            "requests handled at once (default 8)",
        ),
    },
)
# argparse's own words (usage, option groups, usage errors), by its English message: the
# English text must stay exactly argparse's (a msgid of its gettext catalogue)
_add(
    "argparse",
    {
        "usage": ("uso: ", "usage: "),
        "positionals": ("argomenti", "positional arguments"),
        "options": ("opzioni", "options"),
        "help": ("mostra questo aiuto ed esce", "show this help message and exit"),
        "error": ("%(prog)s: errore: %(message)s\n", "%(prog)s: error: %(message)s\n"),
        "required": (
            "mancano gli argomenti obbligatori: %s",
            "the following arguments are required: %s",
        ),
        "choice": (
            "scelta non valida: %(value)r (scegliere tra %(choices)s)",
            "invalid choice: %(value)r (choose from %(choices)s)",
        ),
        "unrecognized": ("argomenti non riconosciuti: %s", "unrecognized arguments: %s"),
        "one": ("manca il valore", "expected one argument"),
        "at_least_one": ("serve almeno un valore", "expected at least one argument"),
        "at_most_one": ("al massimo un valore", "expected at most one argument"),
        "argument": (
            "argomento %(argument_name)s: %(message)s",
            "argument %(argument_name)s: %(message)s",
        ),
        "ambiguous": (
            "opzione ambigua: %(option)s potrebbe essere %(matches)s",
            "ambiguous option: %(option)s could match %(matches)s",
        ),
        "not_allowed": ("non ammesso insieme a %s", "not allowed with argument %s"),
        "explicit": ("valore non previsto: %r", "ignored explicit argument %r"),
        "invalid_value": ("valore non valido: %(value)r", "invalid %(type)s value: %(value)r"),
        "one_of": ("serve uno degli argomenti %s", "one of the arguments %s is required"),
        "n.one": ("serve %s valore", "expected %s argument"),
        "n.other": ("servono %s valori", "expected %s arguments"),
    },
)
_add(
    "demo",
    {
        "plan": ("piano", "plan"),
        "workbooks": ("schede da compilare", "workbooks to fill in"),
        "returns": ("schede compilate", "returns"),
        "feedback": ("riscontri ai settori", "feedback to the sectors"),
        "master": ("cartella riepilogativa", "master workbook"),
        "report": ("relazione HTML", "HTML report"),
        "workbooks_final": ("schede al 31/12", "workbooks at 31/12"),
        "returns_final": ("schede compilate al 31/12", "returns at 31/12"),
        "master_final": ("riepilogo al 31/12", "master workbook at 31/12"),
        "report_final": ("Relazione (HTML)", "Relazione (HTML)"),
        "pdf_final": ("Relazione (PDF/A)", "Relazione (PDF/A)"),
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
# the columns of check's CSV (English: the keys of the JSON contract)
_add(
    "csv",
    {
        "code": ("codice", "code"),
        "severity": ("gravità", "severity"),
        "file": ("file", "file"),
        "sheet": ("foglio", "sheet"),
        "cell": ("cella", "cell"),
        "line": ("riga", "line"),
        "row_id": ("oggetto", "row_id"),
        "raw": ("valore inserito", "raw"),
        "expected": ("atteso", "expected"),
        "message": ("messaggio", "message"),
        "original_severity": ("gravità originale", "original_severity"),
    },
)
_add(
    "severity",
    {
        "error": ("errore", "error"),
        "warning": ("avviso", "warning"),
        "info": ("info", "info"),
        # a finding of a file that does not count, set down to information
        "was": ("{now} (era {was})", "{now} (was {was})"),
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
        "range": ("intervallo", "range"),
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
        "range": (
            "un intervallo, ad es. tra 85% e 95% oppure da 10 a 20",
            "a range, e.g. tra 85% e 95% or da 10 a 20",
        ),
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
        "not_range": (
            "«{raw}» non è un intervallo{why}",
            "«{raw}» is not a range{why}",
        ),
        "not_done": (
            "«{raw}» non è né Fatto né Non fatto",
            "«{raw}» is neither Fatto (done) nor Non fatto (not done)",
        ),
        "not_date": ("«{raw}» non è una data valida{why}", "«{raw}» is not a valid date{why}"),
        "not_kind": ("«{raw}» non è un tipo di valore", "«{raw}» is not a value kind"),
        "not_finite": (
            "«{raw}» non è un numero finito (la cella contiene un valore che nessun foglio di "
            "calcolo mostra come numero)",
            "«{raw}» is not a finite number (the cell holds a value no spreadsheet shows as a "
            "number)",
        ),
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
        "range_order": (
            ": il primo limite deve essere il più basso",
            ": the first bound must be the lower",
        ),
        "too_large": (
            ": supera ±1.000.000.000.000.000 (un foglio di calcolo ne conserva 15 cifre)",
            ": beyond ±1,000,000,000,000,000 (a spreadsheet keeps 15 digits of it)",
        ),
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
        "not_regular": (
            "non è un file ma una pipe, un dispositivo o un socket",
            "it is not a file but a pipe, a device or a socket",
        ),
        "dangling": (
            "è un collegamento a «{target}», che non esiste",
            "it is a link to «{target}», which does not exist",
        ),
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
        "zip_given": (
            "è una cartella di lavoro (.xlsx, .ods) o un archivio zip, non un testo; se è già "
            "il piano di pegxl, non va importato: usarlo direttamente con pegxl generate",
            "it is a workbook (.xlsx, .ods) or a zip archive, not text; if it is a pegxl plan "
            "already, it is not imported: use it directly with pegxl generate",
        ),
        "blank_text": ("il file contiene solo spazi o righe vuote", "the file holds only blanks"),
        "utf16": (
            "è un testo in UTF-16 («Unicode» del Blocco note), che pegxl non legge come "
            "esportazione (se lo è, salvarla di nuovo con codifica UTF-8)",
            "it is UTF-16 text (Notepad's «Unicode»), which pegxl does not read as an export (if "
            "it is one, save it again with UTF-8 encoding)",
        ),
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
        "pdf": ("relazione PDF di pegxl", "pegxl PDF report"),
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
        "pdf": ("è un documento PDF", "it is a PDF document"),
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
    "plan_reader",
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
        "cause": ("Causa dello scostamento", "Cause of the shortfall"),
        "item": ("Voce", "Item"),
        "content": ("Contenuto", "Content"),
        "objective": ("Obiettivo", "Objective"),
        "declared_state": ("Stato di attuazione", "State of implementation"),
        "forecast": ("Raggiungibile al 31/12", "Attainable by 31/12"),
        "criticita": ("Criticità", "Issues (criticità)"),
        "actions": ("Azioni correttive", "Corrective actions"),
        "proposal": ("Proposta di rimodulazione", "Proposed revision"),
        "proposal_reason": ("Motivazione della proposta", "Reason for the proposal"),
        "proposed_target": ("Nuovo valore atteso proposto", "Proposed new target"),
        "proposed_end": ("Nuova fine prevista proposta", "Proposed new planned end"),
        # the answers of the previous period beside the Monitoraggio inputs (--prefill)
        "prev_declared_state": ("Stato al {at}", "State at {at}"),
        "prev_forecast": ("Previsione al {at}", "Forecast at {at}"),
        "prev_criticita": ("Criticità al {at}", "Issues at {at}"),
        "prev_actions": ("Azioni correttive al {at}", "Corrective actions at {at}"),
        "prev_proposal": ("Proposta al {at}", "Proposal at {at}"),
        "prev_proposal_reason": ("Motivazione al {at}", "Reason at {at}"),
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
        "range": ("intervallo, ad es. «tra 85% e 95%»", "range, e.g. «tra 85% e 95%»"),
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
        "choice.input": ("Scegliere dall'elenco: {choices}.", "Pick from the list: {choices}."),
        "choice.error": ("Scegliere un valore dall'elenco: {choices}.", "Pick one of: {choices}."),
        "long.error": (
            "Testo troppo lungo (max {limit} caratteri).",
            "Text too long (max {limit} characters).",
        ),
        "criticita.input": (
            "Cosa ostacola l'obiettivo (obbligatoria se non è raggiungibile per intero al 31/12). "
            "Max {limit} caratteri.",
            "What stands in the way (required unless attainable in full by 31/12). Max {limit} "
            "characters.",
        ),
        "actions.input": (
            "Le azioni già prese o previste per recuperare. Max {limit} caratteri.",
            "The actions taken or planned to recover. Max {limit} characters.",
        ),
        "proposal.input": (
            "Cosa si propone di cambiare (fasi, tempi, valori attesi): la Giunta decide. Max "
            "{limit} caratteri.",
            "What you propose to change (phases, dates, targets): the Giunta decides. Max {limit} "
            "characters.",
        ),
        "proposal_reason.input": (
            "Perché si propone la modifica: obbligatoria con ogni proposta. Max {limit} caratteri.",
            "Why the change is proposed: required with every proposal. Max {limit} characters.",
        ),
        "proposed.title": ("Proposta (facoltativa)", "Proposal (optional)"),
        "proposed_target.input": (
            "Solo se si propone di cambiare il valore atteso: il nuovo valore ({hint}). Spiegare "
            "perché in «Motivazione della proposta» (foglio Monitoraggio).",
            "Only to propose a different target: the new value ({hint}). Say why in «Motivazione "
            "della proposta» (Monitoraggio sheet).",
        ),
        "proposed_end.input": (
            "Solo se si propone di spostare la fine della fase: la nuova data gg/mm/aaaa. "
            "Spiegare perché in «Motivazione della proposta» (foglio Monitoraggio).",
            "Only to propose moving the phase's end: the new date dd/mm/yyyy. Say why in "
            "«Motivazione della proposta» (Monitoraggio sheet).",
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
        "wrong.meaning": (
            "valore non valido, fuori intervallo o incoerente con un'altra cella",
            "invalid or out-of-range value, or one at odds with another cell",
        ),
        "previous": ("al {at}", "at {at}"),
        "previous.meaning": ("valore del periodo precedente", "value of the previous period"),
    },
)
_add(
    "feedback",
    {
        "title": ("Segnalazioni sul file «{source}»", "Findings on «{source}»"),
        # the end of a text the sector typed that a cell cannot hold (values.fit_to_cell)
        "cut": (
            " […] [TESTO TAGLIATO: {n} caratteri, una cella ne contiene al massimo 32.767; il "
            "testo intero è nel file inviato: accorciarlo]",
            " […] [TEXT CUT: {n} characters, a cell holds at most 32,767; the whole text is in "
            "the file you sent: shorten it]",
        ),
        "intro": (
            "Correggere le celle evidenziate in rosso (il commento spiega che cosa non va), poi "
            "salvare e inviare di nuovo questo file. Per raggiungere una cella fare clic sul suo "
            "riferimento nella colonna Cella (in LibreOffice: Ctrl+clic).",
            "Correct the cells highlighted in red (the comment says what is wrong), then save and "
            "send this file again. To go to a cell, click its reference in the Cell column "
            "(Ctrl+click in LibreOffice).",
        ),
        "intro_listed": (
            "Le segnalazioni qui sotto riguardano la scheda nel suo insieme: leggere che cosa "
            "fare in ciascuna, poi salvare e inviare di nuovo questo file.",
            "The findings below are about the workbook as a whole: read what to do in each, "
            "then save and send this file again.",
        ),
        "intro_other_period": (
            "Questa scheda non è stata considerata in questo monitoraggio: qui sotto perché, e "
            "che cosa inviare.",
            "This workbook was not taken into account in this monitoring: below is why, and "
            "what to send.",
        ),
        "other_period_later": (
            "Questa scheda è del periodo «{own}», mentre ora l'Ufficio Performance raccoglie il "
            "periodo «{expected}». Compilare e inviare la scheda di quel periodo (se non è già "
            "stata inviata); conservare questa per il periodo «{own}», quando verrà richiesta.",
            "This workbook is for «{own}», while the performance office is now collecting "
            "«{expected}». Fill in and send the workbook for that period (if not sent yet); "
            "keep this one for «{own}», when it is asked for.",
        ),
        "other_period_earlier": (
            "Questa scheda è del periodo «{own}», già chiuso: ora l'Ufficio Performance "
            "raccoglie il periodo «{expected}». Compilare e inviare la scheda di quel periodo, "
            "ricevuta dall'Ufficio Performance.",
            "This workbook is for «{own}», already closed: the performance office is now "
            "collecting «{expected}». Fill in and send the workbook for that period, received "
            "from the performance office.",
        ),
        "value_restored": (
            "Qui era stato scritto «{raw}» al posto del dato del piano «{expected}»: in questa "
            "scheda la cella mostra di nuovo il valore del piano. I dati del piano non si "
            "cambiano nella scheda; se questo è sbagliato, scriverlo nelle Note della riga.",
            "«{raw}» had been written here instead of the plan's «{expected}»: in this workbook "
            "the cell shows the plan's value again. Plan data are not changed in the workbook; "
            "if it is wrong, say so in the row's Notes.",
        ),
        "text_restored": (
            "Il testo del piano in questa cella era stato cambiato in «{raw}»: in questa scheda "
            "la cella mostra di nuovo il testo del piano. Se è sbagliato, segnalarlo nelle Note.",
            "The plan's text in this cell had been changed to «{raw}»: in this workbook the cell "
            "shows the plan's text again. If it is wrong, say so in the Notes.",
        ),
        "row_restored": (
            "Un dato bloccato di questa riga era stato cambiato: in questa scheda la riga "
            "mostra di nuovo i dati del piano. Se sono sbagliati, segnalarlo nelle Note.",
            "A locked value of this row had been changed: in this workbook the row shows the "
            "plan's data again. If they are wrong, say so in the Notes.",
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
_add(
    "batch",
    {
        "died": ("il processo di lettura è terminato", "the reading process died"),
        "subfolder": (
            "contiene {n} {n:elemento|elementi}",
            "it holds {n} {n:entry|entries}",
        ),
        "same_file": ("file", "file"),
        "same_folder": ("cartella", "folder"),
        "own_master": ("il riepilogo", "the master workbook"),
        "own_report": ("il rapporto HTML", "the HTML report"),
        "own_plan": ("il piano", "the plan workbook"),
        "own_table": ("una tabella Parquet", "a Parquet table"),
        "future_file": (
            "l'ora del file ({when})",
            "the file's time ({when})",
        ),
        "future_none": (
            "l'ora più antica possibile (ogni versione salvata a un'ora credibile viene dopo)",
            "the earliest time possible (every version saved at a credible time comes after)",
        ),
    },
)
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
        # after «è» / «non»: the article and preposition the noun takes
        "of.intermedio": (
            "del Monitoraggio intermedio al {d}",
            "for the intermediate monitoring at {d}",
        ),
        "of.finale": ("della Rendicontazione finale al {d}", "for the final report at {d}"),
        "verifica": ("Verifica dello stato di avanzamento al {d}", "Progress review at {d}"),
        "of.verifica": (
            "della Verifica dello stato di avanzamento al {d}",
            "for the progress review at {d}",
        ),
        # the line of a workbook's instructions saying what the period asks
        "asks.intermedio": (
            "Questo è il monitoraggio intermedio: indicare l'avanzamento di ogni fase; il Valore "
            "Raggiunto va inserito dove è già misurabile.",
            "This is the intermediate monitoring: give the progress of every phase; enter the "
            "achieved value where it can already be measured.",
        ),
        "asks.verifica": (
            "Questa è la verifica dello stato di avanzamento: indicare l'avanzamento di ogni "
            "fase e, per ogni fase conclusa (100%), la Fine Effettiva; il Valore Raggiunto va "
            "inserito dove è già misurabile.",
            "This is the progress review: give the progress of every phase and, for every phase "
            "completed (100%), its actual end; enter the achieved value where it can already be "
            "measured.",
        ),
        "asks.finale": (
            "Questa è la rendicontazione finale: compilare tutte le celle gialle. Se un risultato "
            "è inferiore al valore atteso, spiegare lo scostamento nella colonna Note.",
            "This is the final report: fill in every yellow cell. When a result falls short of "
            "the target, explain why in the Notes column.",
        ),
    },
)

# -- the measurement rules -------------------------------------------------------------------------
_add(
    "rules",
    {
        "syntax": ("il testo non è TOML valido ({error})", "the text is not valid TOML ({error})"),
        "unknown_table": (
            "la sezione [{table}] non esiste (sezioni: indicator, missing, phases, objective, "
            "bands, objective_weights)",
            "there is no section [{table}] (sections: indicator, missing, phases, objective, "
            "bands, objective_weights)",
        ),
        "unknown_key": (
            "la regola «{key}» non esiste nella sezione [{table}]",
            "there is no rule «{key}» in section [{table}]",
        ),
        "value": (
            "«{key}» = {value} non è ammesso (valori ammessi: {allowed})",
            "«{key}» = {value} is not allowed (allowed: {allowed})",
        ),
        "weight": (
            "il peso dell'obiettivo «{key}» deve essere un numero da 0 a 10.000",
            "the weight of objective «{key}» must be a number from 0 to 10,000",
        ),
        "weight_phase": (
            "è l'ID di una fase: i pesi valgono per gli obiettivi (il peso di una fase è nella "
            "colonna Peso del foglio Fasi del piano)",
            "it is a phase's ID: weights are for objectives (a phase's weight is in the Peso "
            "column of the plan's Fasi sheet)",
        ),
        "weight_indicator": (
            "è l'ID di un indicatore: i pesi valgono per gli obiettivi",
            "it is an indicator's ID: weights are for objectives",
        ),
        "weight_unknown": (
            "nessun obiettivo del piano ha questo codice",
            "no objective of the plan has this code",
        ),
        "too_deep": (
            "le parentesi sono annidate oltre {most} livelli: un file di regole non ne ha mai "
            "bisogno",
            "brackets are nested more than {most} levels deep: a rules file never needs that",
        ),
        "bands": (
            "la soglia «partial» è più alta della soglia «achieved»",
            "the «partial» band is above the «achieved» band",
        ),
        "blend": (
            'con mode = "blend" almeno uno dei pesi deve essere maggiore di 0',
            'with mode = "blend" at least one of the weights must be above 0',
        ),
        "too_large": ("il file è troppo grande per un file di regole", "the file is too large"),
        "encoding": ("il file non è in UTF-8", "the file is not UTF-8"),
    },
)

# -- scoring: the sentence that computed each score ----------------------------------------------
_add(
    "trace",
    {
        "text_target": (
            "valore atteso non numerico: non valutabile",
            "the target is not a number, a date or done/not done: not measurable",
        ),
        "kind_differs": (
            "il valore raggiunto non è dello stesso tipo del valore atteso: non valutabile",
            "the achieved value is not of the same kind as the target: not measurable",
        ),
        "done": ("{a}, atteso {t} → {s}", "{a}, expected {t} → {s}"),
        "range_in": (
            "{a}, atteso {t}: dentro l'intervallo → 100%",
            "{a}, expected {t}: inside the range → 100%",
        ),
        "range_out": ("fuori dall'intervallo {t}: {how}", "outside the range {t}: {how}"),
        "date_on_time": ("{a}, entro il {t} → {s}", "{a}, by {t} → {s}"),
        "date_late": (
            "{a}, {days} giorni dopo il {t}, −{ppd} per giorno di ritardo → {s}",
            "{a}, {days} days after {t}, −{ppd} per day late → {s}",
        ),
        "baseline": (
            "{a} su {t} partendo da {py} dell'anno precedente: (a − PY)/(t − PY) → {s}",
            "{a} of {t} starting from {py} the year before: (a − PY)/(t − PY) → {s}",
        ),
        "side_right": ("dalla parte giusta", "on the right side"),
        "side_wrong": ("dalla parte sbagliata", "on the wrong side"),
        "zero": ("{a}, atteso {t}: {side} → {s}", "{a}, expected {t}: {side} → {s}"),
        "higher": ("{a} su {t}, più alto è meglio → {s}", "{a} of {t}, higher is better → {s}"),
        "higher_capped": (
            "{a} su {t}, più alto è meglio → {raw}, limitato a {cap}",
            "{a} of {t}, higher is better → {raw}, capped at {cap}",
        ),
        "lower_met": (
            "{a}, al massimo {t}, più basso è meglio → {s}",
            "{a}, at most {t}, lower is better → {s}",
        ),
        "lower": (
            "{a} oltre {t}, più basso è meglio: {t}/{a} → {s}",
            "{a} above {t}, lower is better: {t}/{a} → {s}",
        ),
        "unreadable": (
            "valore non leggibile (vedi Controlli): non valutabile",
            "the value could not be read (see Checks): not measurable",
        ),
        "in_error": (
            "valore in errore (vedi Controlli): escluso, non valutabile",
            "the value is in error (see Checks): left out, not measurable",
        ),
        "missing_zero": (
            "valore mancante: conta 0 ({policy})",
            "value missing: counts as 0 ({policy})",
        ),
        "missing_error": (
            "valore mancante e richiesto ({policy}): non valutabile",
            "value missing and required ({policy}): not measurable",
        ),
        "missing_excluded": (
            "valore mancante: non valutabile, escluso dalle medie ({policy})",
            "value missing: not measurable, left out of the means ({policy})",
        ),
        "none": ("—", "—"),
        "progress": ("avanzamento {p}", "progress {p}"),
        "no_return": (
            "nessuna scheda del settore per il periodo: non valutabile",
            "no workbook from the sector for the period: not measurable",
        ),
        "objective_none": (
            "nessun indicatore né fase misurabile: non valutabile",
            "no measurable indicator or phase: not measurable",
        ),
        "objective_blend": (
            "peso {wi} alla media degli indicatori ({mi}), peso {wp} all'avanzamento delle fasi "
            "({mp}) → {s}",
            "weight {wi} to the mean of the indicators ({mi}), weight {wp} to the progress of the "
            "phases ({mp}) → {s}",
        ),
        "objective_indicators": (
            "media di {n} indicatori misurati → {s}",
            "mean of {n} measured indicators → {s}",
        ),
        "objective_phases": (
            "nessun indicatore misurabile: avanzamento pesato delle fasi → {s}",
            "no measurable indicator: weighted progress of the phases → {s}",
        ),
    },
)
_add(
    "policy",
    {
        "final": (
            "regola dei valori mancanti nella rendicontazione finale",
            "rule for missing values in the final report",
        ),
        "intermediate": (
            "regola dei valori mancanti nel monitoraggio intermedio",
            "rule for missing values in intermediate monitoring",
        ),
    },
)

# -- which returns count -------------------------------------------------------------------------
_add(
    "delivery",
    {
        "why_counted": (
            "la versione più recente, senza errori",
            "the latest version, without errors",
        ),
        "why_errors": (
            "la versione più recente, con errori: conta finché il settore non invia la "
            "versione corretta",
            "the latest version, with errors: it counts until the sector sends the corrected "
            "version",
        ),
        "why_copy": ("copia identica di «{name}»", "an identical copy of «{name}»"),
        "why_superseded": (
            "sostituito da «{name}», salvato più tardi ({when})",
            "replaced by «{name}», saved later ({when})",
        ),
        "why_same_time": (
            "salvato nello stesso secondo di «{name}» ({when}), che conta perché viene dopo "
            "nell'ordine dei nomi",
            "saved in the same second as «{name}» ({when}), which counts because it comes "
            "later in name order",
        ),
        "why_same_time_valid": (
            "salvato nello stesso secondo di «{name}» ({when}), che conta perché è senza errori",
            "saved in the same second as «{name}» ({when}), which counts because it has no errors",
        ),
        "other_period_file": ("«{name}» ({own})", "«{name}» ({own})"),
        "why_missing_other_period": (
            "nessuna scheda del periodo dal settore {name}: sono arrivate solo schede di un "
            "altro periodo",
            "no workbook for the period from sector {name}: only workbooks of another period "
            "arrived",
        ),
        "why_other_plan": (
            "generato da un'altra versione del piano",
            "generated from another version of the plan",
        ),
        "why_other_period": (
            "è {own}, non {expected}",
            "it is {own}, not {expected}",
        ),
        "why_rejected": ("non leggibile come scheda", "cannot be read as a workbook"),
        "why_missing": (
            "nessuna scheda del periodo dal settore {name}",
            "no workbook for the period from sector {name}",
        ),
    },
)
_add(
    "dstatus",
    {
        "conteggiato": ("conteggiato", "counted"),
        "conteggiato_con_errori": ("conteggiato con errori", "counted with errors"),
        "superato": ("superato", "superseded"),
        "scartato": ("scartato", "discarded"),
        "altro_periodo": ("altro periodo", "other period"),
        "altro_piano": ("altro piano", "other plan"),
        "rifiutato": ("rifiutato", "rejected"),
        "mancante": ("mancante", "missing"),
    },
)
_add(
    "saved",
    {
        "document": ("salvato il {when} UTC", "saved on {when} UTC"),
        "file": ("data del file {when} UTC", "file time {when} UTC"),
    },
)

# -- the Nucleo's scores -------------------------------------------------------------------------
_add(
    "override",
    {
        "no_header": (
            "manca la riga di intestazione con le colonne ID, Punteggio concesso, Motivazione",
            "there is no header row with the columns ID, Punteggio concesso (granted score), "
            "Motivazione (reason)",
        ),
        "no_id": ("manca l'ID", "the ID is missing"),
        "phase": (
            "{id} è una fase, e le fasi non hanno un punteggio proprio: indicare l'obiettivo",
            "{id} is a phase, and phases have no score of their own: give the objective",
        ),
        "unknown_id": (
            "l'ID {id} non è un obiettivo né un indicatore del piano",
            "ID {id} is neither an objective nor an indicator of the plan",
        ),
        "twice": (
            "l'ID {id} compare più di una volta: vale solo la prima riga ({first}, punteggio "
            "{score}), questa non è applicata; lasciare una riga sola per ID",
            "ID {id} appears more than once: only the first row counts ({first}, score {score}), "
            "this one is not applied; keep one row per ID",
        ),
        "twice_none": (
            "l'ID {id} compare più di una volta: vale solo la prima riga ({first}), che non è "
            "applicata; questa nemmeno. Lasciare una riga sola per ID, corretta",
            "ID {id} appears more than once: only the first row counts ({first}), and it is not "
            "applied; neither is this one. Keep one correct row per ID",
        ),
        "control": (
            "{what} contiene caratteri di controllo ({raw}), che nessuno digita: riscriverlo a "
            "mano nella cella",
            "{what} holds control characters ({raw}), which nobody types: type it again in the "
            "cell",
        ),
        "what_score": ("il punteggio concesso", "the granted score"),
        "what_id": ("l'ID", "the ID"),
        "what_reason": ("la motivazione", "the reason"),
        "too_many_rows": (
            "le righe dopo la {most}ª non sono lette (la prima è la riga {row}): un elenco di "
            "punteggi concessi ne ha al massimo {most}; dividerlo in più file non serve, "
            "ridurlo sì",
            "the rows past the {most}th are not read (the first is row {row}): a list of granted "
            "scores has at most {most}; shorten it",
        ),
        "no_score": ("manca il punteggio concesso", "the granted score is missing"),
        "no_reason": (
            "manca la motivazione, che è obbligatoria",
            "the reason is missing, and it is required",
        ),
        "not_number": (
            "il punteggio «{raw}» non è un numero",
            "the score «{raw}» is not a number",
        ),
        "fraction": (
            "il punteggio {raw} sembra una frazione: scrivere {points} o {points}%",
            "the score {raw} looks like a fraction: write {points} or {points}%",
        ),
        "range": (
            "il punteggio {raw} è fuori dall'intervallo 0–200",
            "the score {raw} is outside the range 0–200",
        ),
        "too_large": (
            "il file è troppo grande per un elenco di punteggi (più di 1 MB)",
            "the file is too large for a list of scores (more than 1 MB)",
        ),
    },
)

# -- the master workbook ---------------------------------------------------------------------------
_add(
    "sheet",
    {
        "summary": ("Sintesi", "Summary"),
        "summary_total": ("Totale ente", "Entity total"),
        "objectives": ("Obiettivi", "Objectives"),
        "phases": ("Fasi", "Phases"),
        "indicators": ("Indicatori", "Indicators"),
        "proposals": ("Proposte", "Proposals"),
        "variations": ("Variazioni", "Variations"),
        "rollups": ("Aggregati", "Roll-ups"),
        "deliveries": ("Consegne", "Deliveries"),
        "checks": ("Controlli", "Checks"),
        "rules": ("Regole", "Rules"),
    },
)
# «Proposte» has exactly the headers of the plan's «Variazioni» (Italian in both languages: the
# office pastes its rows into the plan workbook, whose headers are Italian)
_add(
    "vcol",
    {
        "id": _both("ID"),
        "field": _both("Campo"),
        "original": _both("Valore originale"),
        "new": _both("Nuovo valore"),
        "reason": _both("Motivazione"),
        "act": _both("Atto"),
        "act_date": _both("Data atto"),
    },
)
# the «Campo» of a proposal: the plan workbook's own header, as a «Variazioni» row names it
_add("pfield", {"target": _both("Valore Atteso"), "planned_end": _both("Fine Prevista")})
# the master's headers at an intermediate period: progress and states, never achievement
_add(
    "mcol.interim",
    {
        "score": ("Avanzamento %", "Progress %"),
        "final": ("Avanzamento valido", "Progress that counts"),
        "status": ("Stato calcolato", "Computed state"),
        "indicator_mean": ("Avanzamento medio indicatori", "Indicators' mean progress"),
        "measured_objectives": ("Obiettivi misurati", "Objectives measured"),
    },
)
_add(
    "mcol",
    {
        "id": ("ID", "ID"),
        "sector": ("Settore", "Sector"),
        "sector_name": ("Denominazione settore", "Sector name"),
        "objective_code": ("Codice obiettivo", "Objective code"),
        "objective": ("Obiettivo", "Objective"),
        "mandate_code": ("Codice obiettivo di mandato", "Mandate objective code"),
        "mandate": ("Obiettivo di mandato", "Mandate objective"),
        "mission_code": ("Codice obiettivo di missione", "Mission objective code"),
        "mission": ("Obiettivo di missione", "Mission objective"),
        "program_code": ("Codice obiettivo di programma", "Program objective code"),
        "program": ("Obiettivo di programma", "Program objective"),
        "valore_pubblico": ("Valore pubblico", "Public value"),
        "responsabile": ("Responsabile", "Manager"),
        "responsabili": ("Responsabili", "Managers"),
        "n_indicators": ("Indicatori", "Indicators"),
        "n_phases": ("Fasi", "Phases"),
        "measured": ("Elementi misurati", "Items measured"),
        "indicator_mean": ("Media indicatori", "Indicator mean"),
        "phase_progress": ("Avanzamento fasi", "Phase progress"),
        "score": ("Raggiungimento %", "Achievement %"),
        "granted": ("Punteggio concesso", "Granted score"),
        "reason": ("Motivazione", "Reason"),
        "final": ("Punteggio finale", "Final score"),
        "weight_in_means": ("Peso nelle medie", "Weight in means"),
        "status": ("Esito", "Result"),
        "trace": ("Calcolo", "Calculation"),
        "period": ("Periodo", "Period"),
        "file": ("File", "File"),
        "sha256": ("SHA-256", "SHA-256"),
        "sheet": ("Foglio", "Sheet"),
        "cell": ("Cella", "Cell"),
        "phase": ("Descrizione", "Description"),
        "weight": ("Peso", "Weight"),
        "weight_used": ("Peso effettivo", "Weight used"),
        "planned_start": ("Inizio previsto", "Planned start"),
        "planned_end": ("Fine prevista", "Planned end"),
        "progress": ("Avanzamento", "Progress"),
        "actual_start": ("Inizio effettivo", "Actual start"),
        "actual_end": ("Fine effettiva", "Actual end"),
        "expected": ("Avanzamento atteso", "Expected progress"),
        "timing": ("Tempi", "Timing"),
        "typed": ("Testo inserito", "Text entered"),
        "note": ("Note", "Notes"),
        "description": ("Descrizione", "Description"),
        "tipo": ("Tipo", "Type"),
        "value_kind": ("Tipo valore", "Value kind"),
        "direction": ("Direzione", "Direction"),
        "target": ("Valore atteso", "Target"),
        "achieved": ("Valore raggiunto", "Achieved value"),
        "part_date": ("{name} (data)", "{name} (date)"),
        "part_text": ("{name} (testo)", "{name} (text)"),
        "prior": ("Valore Raggiunto {year}", "Achieved {year}"),
        "outcome": ("Confronto", "Against target"),
        "gap": ("Scostamento", "Gap"),
        "return_status": ("Scheda", "Workbook"),
        "objectives": ("Obiettivi", "Objectives"),
        "measured_objectives": ("Obiettivi valutati", "Objectives measured"),
        "indicators": ("Indicatori", "Indicators"),
        "with_value": ("Indicatori con valore", "Indicators with a value"),
        "phases": ("Fasi", "Phases"),
        "with_progress": ("Fasi con avanzamento", "Phases with progress"),
        "missing": ("Valori mancanti", "Values missing"),
        "in_error": ("Valori in errore", "Values in error"),
        "provisional": ("Provvisorio", "Provisional"),
        "n_provisional": ("Obiettivi provvisori", "Provisional objectives"),
        "weighted": ("Media ponderata", "Weighted mean"),
        "declared_state": ("Stato dichiarato", "Declared state"),
        "state_trace": ("Motivo dello stato", "Why this state"),
        "forecast": ("Raggiungibile al 31/12", "Attainable by 31/12"),
        "overdue": ("Scadenze passate", "Deadlines passed"),
        "late": ("Elementi in ritardo", "Items late"),
        "criticita": ("Criticità", "Issues (criticità)"),
        "actions": ("Azioni correttive", "Corrective actions"),
        "proposal": ("Proposta di rimodulazione", "Proposed revision"),
        "proposal_reason": ("Motivazione della proposta", "Reason for the proposal"),
        "overdue_flag": ("Scaduto", "Overdue"),
        "proposed_end": ("Nuova fine prevista proposta", "Proposed new planned end"),
        "proposed_target": ("Nuovo valore atteso proposto", "Proposed new target"),
        "expectation": ("Atteso a questa data", "Expected by this date"),
        "plain": ("Media semplice", "Plain mean"),
        "level": ("Livello", "Level"),
        "code": ("Codice", "Code"),
        "label": ("Denominazione", "Name"),
        "return_period": ("Periodo della scheda", "Workbook period"),
        "received": ("Salvato (UTC)", "Saved (UTC)"),
        "clock": ("Data da", "Time from"),
        "delivery": ("Esito", "Result"),
        "why": ("Motivo", "Why"),
        "errors": ("Errori", "Errors"),
        "warnings": ("Avvisi", "Warnings"),
        "replaced_by": ("Sostituito da", "Replaced by"),
        "path": ("Percorso", "Path"),
        "severity": ("Gravità", "Severity"),
        "line": ("Riga", "Line"),
        "message": ("Messaggio", "Message"),
        "rule": ("Regola", "Rule"),
        "value": ("Valore", "Value"),
        "meaning": ("Significato", "Meaning"),
        # approved variations (issue 19): the plan's value beside the one in force, and the act
        "target_original": ("Valore atteso originale", "Original target"),
        "planned_start_original": ("Inizio previsto originale", "Original planned start"),
        "planned_end_original": ("Fine prevista originale", "Original planned end"),
        "weight_original": ("Peso originale", "Original weight"),
        "act": ("Atto", "Act"),
        "cause": ("Causa dello scostamento", "Cause of the shortfall"),
        "variation_id": ("ID", "ID"),
        "variation_field": ("Campo", "Field"),
        "variation_original": ("Valore originale", "Original value"),
        "variation_new": ("Nuovo valore", "New value"),
        "act_date": ("Data atto", "Act date"),
        "in_force": ("In vigore nel periodo", "In force in the period"),
    },
)
_add(
    "band",
    {
        "raggiunto": ("Raggiunto", "Achieved"),
        "parzialmente": ("Parzialmente raggiunto", "Partly achieved"),
        "non_raggiunto": ("Non raggiunto", "Not achieved"),
        "non_valutabile": ("Non valutabile", "Not measurable"),
        # a score computed without values in error: never counted or coloured as one of the
        # bands above
        "provvisorio": ("Provvisorio", "Provisional"),
        "provisional": ("{band} (provvisorio)", "{band} (provisional)"),
        # the states of an intermediate period, counted as the final report counts grades
        "in_linea": ("In linea", "On track"),
        "a_rischio": ("A rischio", "At risk"),
        "critico": ("Critico", "Critical"),
    },
)
_add(
    "outcome",
    {
        "in_linea": ("In linea", "In line"),
        "superiore": ("Superiore", "Above"),
        "inferiore": ("Inferiore", "Below"),
        "non_valutabile": ("Non valutabile", "Not measurable"),
    },
)
_add(
    "timing",
    {
        "in_linea": ("In linea", "On time"),
        "in_ritardo": ("In ritardo", "Late"),
        "non_avviata": ("Non avviata", "Not started"),
    },
)
_add(
    "mstate",
    {
        "in_linea": ("In linea", "On track"),
        "a_rischio": ("A rischio", "At risk"),
        "critico": ("Critico", "Critical"),
        "none": ("Non valutabile", "Not measurable"),
    },
)
_add(
    "monitor",
    {
        "not_given": ("non indicato", "not given"),
        "overdue_done": ("scadenza {d} passata, valore «{a}»", "deadline {d} passed, value «{a}»"),
        "overdue_date": (
            "data attesa {d} passata, valore «{a}»",
            "expected date {d} passed, value «{a}»",
        ),
        "overdue_phase": (
            "Fine Prevista {d} passata, avanzamento {p}",
            "planned end {d} passed, progress {p}",
        ),
        "no_expectation": (
            "nessuna quota del valore atteso annuale è attesa a metà anno (l'attività non è "
            "lineare): avanzamento, non esito",
            "no share of the annual target is expected mid-year (activity is not linear): "
            "progress, not a result",
        ),
        "linear_none": (
            "atteso in proporzione lineare {e} ({share} dell'anno): valore non indicato",
            "linear expectation {e} ({share} of the year): no value given",
        ),
        "linear_ok": (
            "atteso in proporzione lineare {e} ({share} dell'anno): {a} → in linea",
            "linear expectation {e} ({share} of the year): {a} → on track",
        ),
        "linear_late": (
            "atteso in proporzione lineare {e} ({share} dell'anno): {a} → in ritardo",
            "linear expectation {e} ({share} of the year): {a} → late",
        ),
        "trace_overdue": (
            "{n} {n:scadenza passata|scadenze passate}: {ids}",
            "{n} {n:deadline|deadlines} passed: {ids}",
        ),
        "trace_late": (
            "{n} {n:elemento in ritardo|elementi in ritardo}: {ids}",
            "{n} late {n:item|items}: {ids}",
        ),
        "trace_forecast": ("raggiungibile al 31/12: {f}", "attainable by 31/12: {f}"),
        "trace_nothing": ("nessuna scadenza passata né ritardo", "no deadline passed, no delay"),
        "deadline_ahead": ("da fare entro il {d}", "due by {d}"),
        "done": ("fatto", "done"),
        "no_deadline": ("da fare entro l'anno", "due within the year"),
    },
)
_add(
    "direction",
    {"higher": ("crescente", "higher is better"), "lower": ("decrescente", "lower is better")},
)
_add(
    "level",
    {
        "sector": ("Settore", "Sector"),
        "valore_pubblico": ("Valore pubblico", "Public value"),
        "mandate": ("Obiettivo di mandato", "Mandate objective"),
        "mission": ("Obiettivo di missione", "Mission objective"),
        "program": ("Obiettivo di programma", "Program objective"),
        "entity": ("Ente", "Entity"),
    },
)
_add("clock", {"document": ("documento", "document"), "file": ("file", "file")})
_add("flag", {"yes": ("sì", "yes"), "no": ("no", "no")})
_add(
    "rulehelp",
    {
        "cap": (
            "tetto del punteggio di un indicatore, in %",
            "cap of an indicator's score, in %",
        ),
        "late_points_per_day": (
            "valore atteso di tipo data: punti in meno per ogni giorno di ritardo",
            "date targets: points off for each day late",
        ),
        "target_zero": (
            "valore atteso 0: 100 se dal lato giusto, altrimenti 0",
            "target 0: 100 on the right side, else 0",
        ),
        "baseline": (
            "confronto con l'anno precedente: none (no) o prior ((a − PY)/(t − PY))",
            "prior-year baseline: none or prior ((a − PY)/(t − PY))",
        ),
        "baseline_year": (
            "anno di riferimento del confronto (0 = l'anno prima del piano)",
            "baseline year (0: the year before the plan)",
        ),
        "in_line_tolerance": (
            "scostamento dal valore atteso, in %, entro cui l'esito è «In linea»",
            "gap from the target, in %, within which the outcome is «in line»",
        ),
        "interim_number": (
            "monitoraggio intermedio, valori attesi numerici: none (nessuna quota attesa) o "
            "linear (in proporzione ai giorni trascorsi dell'anno)",
            "interim monitoring, number targets: none (no share expected) or linear (by the "
            "days of the year elapsed)",
        ),
        "interim_percent": (
            "monitoraggio intermedio, valori attesi in percentuale: none o linear",
            "interim monitoring, percentage targets: none or linear",
        ),
        "critical_overdue": (
            "monitoraggio intermedio: scadenze passate da cui un obiettivo è «Critico»",
            "interim monitoring: deadlines passed from which an objective is «Critico»",
        ),
        "at_risk_late": (
            "monitoraggio intermedio: elementi in ritardo da cui un obiettivo è «A rischio»",
            "interim monitoring: late items from which an objective is «A rischio»",
        ),
        "missing_intermediate": (
            "valori mancanti nel monitoraggio intermedio: exclude, zero o error",
            "missing values in intermediate monitoring: exclude, zero or error",
        ),
        "missing_final": (
            "valori mancanti nella rendicontazione finale: exclude, zero o error",
            "missing values in the final report: exclude, zero or error",
        ),
        "unweighted": (
            "fasi senza peso: share (si dividono ciò che manca a 100) o equal (tutte uguali)",
            "phases without weight: share (what is left to 100) or equal (all alike)",
        ),
        "late_tolerance": (
            "punti sotto l'avanzamento atteso oltre cui una fase è «In ritardo»",
            "points below the expected progress beyond which a phase is late",
        ),
        "objective_mode": (
            "punteggio dell'obiettivo: indicators_else_phases o blend",
            "objective score: indicators_else_phases or blend",
        ),
        "indicators_weight": (
            "peso della media degli indicatori (con blend)",
            "weight of the indicators' mean (blend)",
        ),
        "phases_weight": (
            "peso dell'avanzamento delle fasi (con blend)",
            "weight of the phases' progress (blend)",
        ),
        "objective_cap": (
            "tetto del punteggio di un obiettivo, in %",
            "cap of an objective's score, in %",
        ),
        "weights": (
            "peso di un obiettivo nelle medie: items (elementi misurati) o equal",
            "weight of an objective in the means: items (measured) or equal",
        ),
        "band_achieved": (
            "punteggio da cui l'esito è «Raggiunto»",
            "score from which the result is «Raggiunto» (achieved)",
        ),
        "band_partial": (
            "punteggio da cui l'esito è «Parzialmente raggiunto»",
            "score from which the result is «Parzialmente raggiunto» (partly achieved)",
        ),
        "objective_weights": (
            "peso esplicito dell'obiettivo nelle medie",
            "explicit weight of the objective in the means",
        ),
        "source": (
            "file delle regole (regole.toml = le regole predefinite)",
            "rules file (regole.toml: the defaults)",
        ),
    },
)
_add(
    "report",
    {
        "entity_row": ("Totale ente — {name}", "Whole entity — {name}"),
        "in_error": ("«{raw}» (in errore)", "«{raw}» (in error)"),
        "returns_n": (
            "{n} {n:scheda|schede} su {total}",
            "{n} of {total} {total:workbook|workbooks}",
        ),
        "title": ("Relazione sul monitoraggio della performance", "Performance monitoring report"),
        "generated": (
            "Consolidato da pegxl dalle schede dei settori; le note tecniche per la verifica "
            "sono nell'annesso in fondo.",
            "Consolidated by pegxl from the sectors' workbooks; the technical notes for checking "
            "it are in the annex at the end.",
        ),
        "h_contents": ("Indice", "Contents"),
        "h_by_sector": ("I settori, uno per uno", "The sectors, one by one"),
        "h_missing": (
            "Settori senza scheda del periodo",
            "Sectors with no workbook for the period",
        ),
        "h_annex": (
            "Annesso tecnico: schede ricevute e regole di misurazione",
            "Technical annex: workbooks received and measurement rules",
        ),
        "annex_intro": (
            "Per la verifica da parte dell'ufficio e del Nucleo di Valutazione: il file delle "
            "regole di misurazione è {rules}, l'impronta del piano (SHA-256) inizia con {fp}; "
            "ogni scheda è identificata dall'impronta SHA-256 del file.",
            "For the office's and the Nucleo di Valutazione's checks: the measurement rules "
            "file is {rules}, the plan's fingerprint (SHA-256) begins with {fp}; each workbook "
            "is identified by the SHA-256 fingerprint of its file.",
        ),
        "page": ("Pagina", "Page"),
        "page_of": ("di", "of"),
        "h_action": ("Cosa richiede un intervento", "What needs action"),
        "action_intro": (
            "Il monitoraggio intermedio non assegna esiti: dice dove intervenire (linee guida DFP "
            "2/2017). Prima gli obiettivi a rischio o critici, le scadenze passate, le criticità "
            "e le azioni correttive dei settori e le loro proposte di rimodulazione, con le loro "
            "parole; i dettagli seguono.",
            "The interim monitoring gives no results: it says where to act (DFP guideline "
            "2/2017). First the objectives at risk or critical, the deadlines passed, the "
            "sectors' issues and corrective actions and their proposed revisions, in their own "
            "words; details follow.",
        ),
        "h_at_risk": ("Obiettivi a rischio o critici", "Objectives at risk or critical"),
        "none_at_risk": (
            "Nessun obiettivo è a rischio o critico e ogni stato dichiarato coincide con quello "
            "calcolato.",
            "No objective is at risk or critical, and every declared state matches the computed "
            "one.",
        ),
        "h_overdue": ("Scadenze passate", "Deadlines passed"),
        "none_overdue": (
            "Nessuna scadenza è passata senza che l'attività sia conclusa.",
            "No deadline has passed with the work not done.",
        ),
        "deadline": ("Scadenza", "Deadline"),
        "why": ("Perché", "Why"),
        "h_issues": (
            "Criticità e azioni correttive dei settori",
            "The sectors' issues and corrective actions",
        ),
        "none_issues": ("Nessun settore ha segnalato criticità.", "No sector reported issues."),
        "h_proposals": ("Proposte di rimodulazione", "Proposed revisions"),
        "none_proposals": ("Nessuna proposta di rimodulazione.", "No proposed revision."),
        "no_reason": ("(senza motivazione)", "(no reason given)"),
        "proposals_note": (
            "Le proposte sono anche nel foglio «Proposte» della cartella riepilogativa, con le "
            "colonne del foglio «Variazioni» del piano: quelle approvate dalla Giunta vi si "
            "incollano con l'atto e la sua data.",
            "The proposals are also in the master's «Proposte» sheet, with the columns of the "
            "plan's «Variazioni» sheet: those the Giunta approves are pasted there with the act "
            "and its date.",
        ),
        "not_judged": ("Nessuna scadenza a questa data", "Nothing due by this date"),
        "interim.h_outcomes": (
            "Indicatori: scadenze e avanzamento",
            "Indicators: deadlines and progress",
        ),
        "interim.outcomes_intro": (
            "A metà anno un valore atteso annuale non è ancora un esito: un indicatore è «In "
            "ritardo» se la sua scadenza è passata senza che sia fatto (o, se le regole lo "
            "chiedono, se è sotto la quota lineare dell'anno trascorso), «In linea» se è già "
            "fatto, altrimenti il valore è avanzamento.",
            "At mid-year an annual target is not yet a result: an indicator is late when its "
            "deadline passed and it is not done (or, if the rules ask, below the linear share "
            "of the year elapsed), on time when done; otherwise its value is progress.",
        ),
        "h_headline": ("Risultati principali", "Main results"),
        "returns_label": ("Schede conteggiate / settori", "Workbooks counted / sectors"),
        "findings_note": (
            "Le schede hanno {error} {error:errore|errori} e {warning} {warning:avviso|avvisi}: "
            "l'elenco completo è nel foglio Controlli della cartella riepilogativa.",
            "The workbooks have {error} {error:error|errors} and {warning} "
            "{warning:warning|warnings}: the full list is in the Checks sheet of the master "
            "workbook.",
        ),
        "h_sectors": ("Risultati per settore", "Results by sector"),
        "h_vp": ("Per valore pubblico", "By public value"),
        "h_missions": ("Per obiettivo di missione", "By mission objective"),
        "h_programs": ("Per obiettivo di programma", "By program objective"),
        "h_outcomes": ("Indicatori rispetto al valore atteso", "Indicators against their target"),
        "outcomes_intro": (
            "Ogni indicatore confrontato con il suo valore atteso: in linea, superiore, inferiore "
            "o non valutabile (valore mancante, non leggibile o atteso non misurabile).",
            "Each indicator against its target: in line, above, below, or not measurable (value "
            "missing, unreadable, or a target that cannot be measured).",
        ),
        "h_timing": ("Fasi rispetto ai tempi previsti", "Phases against their planned dates"),
        "timing_intro": (
            "Avanzamento di ogni fase confrontato con la quota trascorsa delle sue date "
            "previste alla data del monitoraggio.",
            "Each phase's progress against the elapsed share of its planned dates at the "
            "monitoring date.",
        ),
        "timing_none": ("Senza date previste o senza valore", "No planned dates or no value"),
        "h_short": ("Indicatori sotto il valore atteso", "Indicators below their target"),
        "none_short": (
            "Nessun indicatore è sotto il valore atteso.",
            "No indicator is below its target.",
        ),
        "h_prior": ("Confronto con gli anni precedenti", "Comparison with prior years"),
        "prior_intro": (
            "Gli indicatori per cui il piano riporta i valori raggiunti negli anni precedenti.",
            "The indicators for which the plan gives the values achieved in prior years.",
        ),
        "better": ("migliore", "better"),
        "worse": ("peggiore", "worse"),
        "same": ("uguale", "same"),
        "sector_missing": (
            "non ha inviato la scheda del periodo, {n:il suo|i suoi} {n} {n:obiettivo è non "
            "valutabile|obiettivi sono non valutabili}.",
            "sent no workbook for the period; its {n} {n:objective|objectives} cannot be measured.",
        ),
        "override": (
            "Punteggio concesso dal Nucleo di Valutazione (calcolato {computed}): {reason}",
            "Score granted by the Nucleo di Valutazione (computed {computed}): {reason}",
        ),
        "h_deliveries": ("Schede ricevute", "Workbooks received"),
        "h_rules": ("Regole di misurazione applicate", "Measurement rules applied"),
        "rules_intro": (
            "Le regole in vigore ({source}): con queste ogni punteggio può essere ricalcolato a "
            "mano dalla colonna Calcolo della cartella riepilogativa.",
            "The rules in force ({source}): with them every score can be recomputed by hand "
            "from the Calculation column of the master workbook.",
        ),
        "footer": (
            "Generato da pegxl. I valori e la loro provenienza (file, foglio, cella) sono nella "
            "cartella riepilogativa.",
            "Generated by pegxl. The values and where they came from (file, sheet, cell) are in "
            "the master workbook.",
        ),
        "days": ("{n} {n:giorno|giorni}", "{n} {n:day|days}"),
        "varied": ("originale {original} — {acts}", "original {original} — {acts}"),
    },
)
_add(
    "master",
    {
        "title": ("Monitoraggio della performance — {entity}", "Performance monitoring — {entity}"),
        "cut": (
            " […] [TESTO TAGLIATO: {n} caratteri, una cella ne contiene al massimo 32.767; il "
            "testo intero è nella scheda del settore]",
            " […] [TEXT CUT: {n} characters, a cell holds at most 32,767; the whole text is in "
            "the sector's workbook]",
        ),
        "subtitle": (
            "Consolidato da pegxl. Regole di misurazione: {rules} (foglio Regole). Impronta "
            "del piano: {fp}.",
            "Consolidated by pegxl. Measurement rules: {rules} (Rules sheet). Plan "
            "fingerprint: {fp}.",
        ),
        "fig_weighted": ("Punteggio dell'ente (media ponderata)", "Entity score (weighted mean)"),
        "fig_plain": ("Media semplice degli obiettivi", "Plain mean of the objectives"),
        "fig_returns": ("Schede conteggiate / settori", "Workbooks counted / sectors"),
        "fig_measured": ("Obiettivi valutati / obiettivi", "Objectives measured / objectives"),
        "fig_provisional": ("Punteggi provvisori / obiettivi", "Provisional scores / objectives"),
        "chart_scores": ("Punteggio per settore", "Score by sector"),
        "chart_status": ("Obiettivi per esito", "Objectives by result"),
        "interim.fig_weighted": (
            "Avanzamento dell'ente (media ponderata)",
            "Entity progress (weighted mean)",
        ),
        "interim.fig_plain": ("Avanzamento medio degli obiettivi", "Objectives' mean progress"),
        "interim.fig_measured": (
            "Obiettivi misurati / obiettivi",
            "Objectives measured / objectives",
        ),
        "interim.chart_scores": ("Avanzamento per settore", "Progress by sector"),
        "interim.chart_status": ("Obiettivi per stato", "Objectives by state"),
        "comments": (
            "Cartella riepilogativa di pegxl: schede dei settori controllate, conteggiate e "
            "valutate secondo le regole del foglio Regole.",
            "pegxl master workbook: the sectors' workbooks checked, counted and scored under "
            "the rules of the Rules sheet.",
        ),
    },
)

# -- the campaign and its desk (pegxl.campaign, pegxl.desk) ---------------------------------------
_add(
    "campaign",
    {
        "not_campaign": (
            "{path} non è una cartella di campagna (manca registro.sqlite). Crearla con "
            "«pegxl campaign new».",
            "{path} is not a campaign folder (registro.sqlite is missing). Make one with "
            "«pegxl campaign new».",
        ),
        "plan_broken": (
            "Il piano della campagna ({path}) non si legge più o contiene errori: ripristinarlo.",
            "The campaign's plan ({path}) can no longer be read or has errors: restore it.",
        ),
        "short_password": (
            "La password dell'ufficio deve avere almeno {n} caratteri.",
            "The office password must have at least {n} characters.",
        ),
        "not_empty": (
            "{path} esiste già e non è una cartella vuota: scegliere una cartella nuova per la "
            "campagna.",
            "{path} already exists and is not an empty folder: choose a new folder for the "
            "campaign.",
        ),
        "no_password": (
            "Manca la password dell'ufficio: impostarla nella variabile d'ambiente {env}, oppure "
            "eseguire il comando da un terminale, che la chiede.",
            "The office password is missing: set it in the environment variable {env}, or run "
            "the command from a terminal, which asks for it.",
        ),
        "ask_password": ("Password dell'ufficio: ", "Office password: "),
        "ask_again": ("Ripetere la password: ", "Repeat the password: "),
        "password_mismatch": (
            "Le due password non coincidono: nessuna campagna creata.",
            "The two passwords differ: no campaign made.",
        ),
        "bad_base_url": (
            "--base-url deve iniziare con http:// o https:// (ricevuto «{url}»).",
            "--base-url must start with http:// or https:// (got «{url}»).",
        ),
        "made": (
            "Campagna creata in {path}: {label}, {n} {n:settore|settori}. Collegamenti per il "
            "caricamento:",
            "Campaign made in {path}: {label}, {n} {n:sector|sectors}. Upload links:",
        ),
        "serve_hint": (
            "Avviare lo sportello con: pegxl serve {path}",
            "Start the desk with: pegxl serve {path}",
        ),
        "refused": ("non accettato", "not accepted"),
        "feedback_at": ("scheda di riscontro: {path}", "feedback workbook: {path}"),
        "received": (
            "{n} file {n:ricevuto e registrato|ricevuti e registrati}.",
            "{n} {n:file|files} received and recorded.",
        ),
        "status_head": ("Campagna: {label}", "Campaign: {label}"),
        "nothing_to_remind": (
            "Nessun settore da sollecitare: ogni scheda attesa è arrivata ed è valida.",
            "No sector to remind: every workbook expected has arrived and is valid.",
        ),
        "reminded": (
            "{n} solleciti da inviare scritti in {path} (aprirli con il programma di posta):",
            "{n} reminders to send written to {path} (open them with the mail program):",
        ),
        "closed": (
            "Chiusura scritta in {path}:",
            "Closing written to {path}:",
        ),
        "email_too_large": (
            "il messaggio è più grande del limite della campagna",
            "the message is larger than the campaign's limit",
        ),
        "email_damaged": (
            "il messaggio è danneggiato ({err})",
            "the message is damaged ({err})",
        ),
        "email_no_attachment": ("non ha allegati", "it has no attachment"),
    },
)
_add(
    "ccol",
    {
        "code": ("settore", "sector"),
        "state": ("stato", "state"),
        "versions": ("versioni", "versions"),
        "last": ("ultimo arrivo", "last received"),
        "reminders": ("solleciti", "reminders"),
        "link": ("collegamento", "link"),
    },
)
_add(
    "cstate",
    {
        "missing": ("mancante", "missing"),
        "errors": ("con errori", "with errors"),
        "valid": ("valida", "valid"),
    },
)
_add(
    "channel",
    {
        "upload": ("caricamento", "upload"),
        "email": ("e-mail", "e-mail"),
        "folder": ("cartella", "folder"),
        "file": ("file", "file"),
    },
)
_add(
    "remind",
    {
        "subject_missing": (
            "PEG, {period}: scheda del settore {code} da inviare",
            "PEG, {period}: workbook of sector {code} to send",
        ),
        "subject_errors": (
            "PEG, {period}: scheda del settore {code} da correggere",
            "PEG, {period}: workbook of sector {code} to correct",
        ),
        "greeting": ("Buongiorno,", "Good morning,"),
        "by": (" entro il {date}", " by {date}"),
        "body_missing": (
            "per il {period} non è ancora arrivata la scheda del settore {name}. Vi chiediamo "
            "di compilarla e inviarla{when}: la trovate in allegato.",
            "for the {period} the workbook of {name} has not arrived yet. Please fill it in "
            "and send it{when}: it is attached.",
        ),
        "body_errors": (
            "la scheda del settore {name} per il {period} è arrivata, ma contiene errori da "
            "correggere{when}. In allegato la scheda di riscontro: le celle da correggere sono "
            "in rosso, e il foglio Segnalazioni dice come.",
            "the workbook of {name} for the {period} has arrived, but it holds errors to "
            "correct{when}. The feedback workbook is attached: the cells to correct are in "
            "red, and the Segnalazioni sheet says how.",
        ),
        "more": (
            "… e altri {n} errori (nel foglio Segnalazioni).",
            "… and {n} more errors (in the Segnalazioni sheet).",
        ),
        "link": (
            "Potete anche caricarla direttamente, e vedere subito se è corretta, da questo "
            "collegamento riservato al vostro settore: {link}",
            "You may also upload it directly, and see at once whether it is right, through "
            "this link kept for your sector: {link}",
        ),
        "attached": ("Allegato: {name}", "Attached: {name}"),
        "closing": ("Grazie.\n{contact}", "Thank you.\n{contact}"),
    },
)
_add(
    "diff",
    {
        "where": ("cella", "cell"),
        "row_id": ("ID", "ID"),
        "column": ("colonna", "column"),
        "old": ("prima", "before"),
        "new": ("dopo", "after"),
        "total": ("{n} valori cambiati.", "{n} values changed."),
        "not_same": (
            "il primo è «{old}», il secondo «{new}»",
            "the first is «{old}», the second «{new}»",
        ),
        "folder": (
            "{path} è una cartella: indicare due file da confrontare.",
            "{path} is a folder: name two files to compare.",
        ),
    },
)
_add(
    "notice",
    {
        "solleciti": (
            "Solleciti scritti: scaricarli dall'elenco qui sotto e aprirli con il programma di "
            "posta.",
            "Reminders written: download them from the list below and open them with the "
            "mail program.",
        ),
        "nessuno": (
            "Nessun settore da sollecitare: ogni scheda attesa è arrivata ed è valida.",
            "No sector to remind: every workbook expected has arrived and is valid.",
        ),
        "chiusura": (
            "Chiusura scritta: il riepilogo e la relazione sono nell'elenco qui sotto.",
            "Closing written: the master and the report are in the list below.",
        ),
    },
)
_add(
    "desk",
    {
        "title": ("Sportello PEG", "PEG desk"),
        "footer": (
            "pegxl — le schede si compilano in Excel o LibreOffice; questa pagina le riceve e "
            "le controlla.",
            "pegxl — the workbooks are filled in with Excel or LibreOffice; this page receives "
            "and checks them.",
        ),
        "missing": (
            "Lo sportello richiede i pacchetti opzionali: pip install 'pegxl[desk]'.",
            "The desk needs the optional packages: pip install 'pegxl[desk]'.",
        ),
        "listening": (
            "Sportello in ascolto su {url} (Ctrl+C per fermarlo)",
            "Desk listening on {url} (Ctrl+C to stop it)",
        ),
        "login_title": ("Accesso dell'ufficio", "Office login"),
        "login_intro": (
            "Inserire la password dell'ufficio impostata alla creazione della campagna.",
            "Enter the office password set when the campaign was made.",
        ),
        "login_failed": ("Password errata.", "Wrong password."),
        "password": ("Password", "Password"),
        "login": ("Entra", "Log in"),
        "logout": ("Esci", "Log out"),
        "board_title": ("Stato della campagna", "Campaign status"),
        "board_summary": (
            "Settori con scheda valida: {valid} · con errori: {errors} · mancanti: {missing}.",
            "Sectors with a valid workbook: {valid} · with errors: {errors} · missing: {missing}.",
        ),
        "col_name": ("nome", "name"),
        "h_workbooks": ("Schede", "Workbooks"),
        "workbooks_intro": (
            "Le schede dei settori, ognuna con il proprio collegamento nel foglio Istruzioni.",
            "The sectors' workbooks, each with its own link in the Istruzioni sheet.",
        ),
        "download_workbooks": ("Scarica tutte (zip)", "Download all (zip)"),
        "h_reminders": ("Solleciti", "Reminders"),
        "reminders_intro": (
            "Una bozza di e-mail (.eml) per ogni settore mancante o con errori, con la scheda o "
            "il riscontro allegati: aprirla con il programma di posta e inviarla.",
            "An e-mail draft (.eml) for every sector missing or with errors, with its workbook "
            "or feedback attached: open it with the mail program and send it.",
        ),
        "make_reminders": ("Prepara i solleciti", "Prepare the reminders"),
        "no_recipient": ("senza destinatario", "no recipient"),
        "h_close": ("Chiusura", "Closing"),
        "close_intro": (
            "Consolida le schede che contano in un riepilogo e una relazione datati; le chiusure "
            "precedenti restano.",
            "Consolidates the workbooks that count into a dated master and report; earlier "
            "closings stay.",
        ),
        "make_close": ("Chiudi ora", "Close now"),
        "master": ("riepilogo", "master"),
        "report": ("relazione", "report"),
        "measured": ("obiettivi valutati {summary}", "objectives measured {summary}"),
        "history": ("Storia delle consegne", "History of deliveries"),
        "back": ("← Stato della campagna", "← Campaign status"),
        "sector_line": (
            "· versioni ricevute: {versions} · ultimo arrivo: {last} · solleciti: {reminders}",
            "· versions received: {versions} · last received: {last} · reminders: {reminders}",
        ),
        "referente": ("E-mail referente", "E-mail referente"),
        "h_counted_findings": (
            "Segnalazioni della versione che conta",
            "Findings of the version that counts",
        ),
        "col_when": ("ricevuto", "received"),
        "col_channel": ("come", "how"),
        "col_sender": ("da", "from"),
        "col_file": ("file", "file"),
        "col_check": ("controllo", "check"),
        "col_fate": ("esito", "fate"),
        "col_downloads": ("scarica", "download"),
        "file": ("file", "file"),
        "feedback": ("riscontro", "feedback"),
        "nothing_received": ("Nessun file ricevuto.", "No file received."),
        "h_diff": ("Che cosa è cambiato tra due versioni", "What changed between two versions"),
        "diff_needs_two": (
            "Il confronto è possibile quando sono arrivate almeno due versioni.",
            "A comparison needs at least two versions received.",
        ),
        "diff_from": ("da", "from"),
        "diff_to": ("a", "to"),
        "compare": ("Confronta", "Compare"),
        "deadline": ("da restituire entro il {date}", "to return by {date}"),
        "h_result": ("Esito dell'invio", "Result of the upload"),
        "result_refused": (
            "Il file non è stato accettato: leggere la segnalazione qui sotto.",
            "The file was not accepted: read the finding below.",
        ),
        "result_errors": (
            "Il file è arrivato, ma contiene {n} errori da correggere: correggerli e inviarlo "
            "di nuovo.",
            "The file has arrived, but it holds {n} errors to correct: correct them and send "
            "it again.",
        ),
        "result_ok": (
            "Il file è arrivato ed è valido. Grazie.",
            "The file has arrived and is valid. Thank you.",
        ),
        "download_feedback": ("Scarica la scheda di riscontro", "Download the feedback workbook"),
        "feedback_intro": (
            "La scheda di riscontro è la vostra scheda con le celle da correggere in rosso: "
            "correggerla e caricarla qui.",
            "The feedback workbook is your workbook with the cells to correct in red: correct "
            "it and upload it here.",
        ),
        "h_workbook": ("1. La scheda da compilare", "1. The workbook to fill in"),
        "workbook_intro": (
            "Scaricare la scheda, compilare le celle gialle in Excel o LibreOffice e salvarla.",
            "Download the workbook, fill in the yellow cells with Excel or LibreOffice and save "
            "it.",
        ),
        "download_workbook": ("Scarica la scheda", "Download the workbook"),
        "h_upload": ("2. Invio della scheda compilata", "2. Send the completed workbook"),
        "upload_intro": (
            "Scegliere il file compilato (.xlsx o .ods) e premere Invia: il controllo è "
            "immediato. Si può inviare più volte; conta l'ultima versione valida.",
            "Choose the completed file (.xlsx or .ods) and press Send: it is checked at once. "
            "It may be sent more than once; the latest valid version counts.",
        ),
        "choose_file": ("File compilato", "Completed file"),
        "send": ("Invia", "Send"),
        "h_sent": ("Invii precedenti", "Earlier uploads"),
        "not_found": ("Pagina non trovata.", "Page not found."),
        "not_allowed": ("Operazione non consentita.", "Operation not allowed."),
        "forbidden": (
            "Operazione non autorizzata: accedere di nuovo e ripetere.",
            "Operation not authorised: log in again and retry.",
        ),
        "bad_request": ("Richiesta non valida.", "Bad request."),
        "internal": (
            "Errore interno dello sportello: riprovare, e se si ripete avvisare l'ufficio.",
            "Internal error of the desk: try again, and if it happens again tell the office.",
        ),
        "basic_needed": (
            "Serve la password dell'ufficio (autenticazione HTTP Basic).",
            "The office password is needed (HTTP Basic authentication).",
        ),
        "too_large_name": ("(file troppo grande)", "(file too large)"),
    },
)
_add(
    "demo",
    {
        "campaign": ("campagna e sportello", "campaign and desk"),
        "mail": ("posta ricevuta (.eml)", "mail received (.eml)"),
        "entity_plan": ("piano dell'ente (due VP)", "entity's plan (two VPs)"),
        "blank_plan": ("piano vuoto (pegxl init)", "blank plan (pegxl init)"),
    },
)
_add(
    "cli",
    {
        "rewritten": (
            "Piano riscritto in {path}, con tutti gli identificativi: {sectors} "
            "{sectors:settore|settori}, {objectives} {objectives:obiettivo|obiettivi}, {phases} "
            "{phases:fase|fasi}, {indicators} {indicators:indicatore|indicatori}.",
            "Plan written again to {path}, with every ID: {sectors} {sectors:sector|sectors}, "
            "{objectives} {objectives:objective|objectives}, {phases} {phases:phase|phases}, "
            "{indicators} {indicators:indicator|indicators}.",
        ),
        "init_written": (
            "Piano vuoto scritto in {path}.\nCompilare i fogli Piano, Settori, Obiettivi, Fasi e "
            "Indicatori come spiega il foglio Leggimi, poi:\n  pegxl generate {path} --period "
            "{year}-06-30 -o schede",
            "Blank plan written to {path}.\nFill in its sheets (plan header, sectors, objectives, "
            "phases, indicators) as its read-me sheet says, then:\n  pegxl generate {path} "
            "--period {year}-06-30 -o workbooks",
        ),
        "bad_year": (
            "--anno {value} non è un anno: indicare l'anno del piano, ad es. --anno 2025.",
            "--anno {value} is not a year: give the plan's year, e.g. --anno 2025.",
        ),
        "demo_password": (
            "Password dell'ufficio della campagna della demo: {password} (pegxl serve {path}).",
            "Office password of the demo's campaign: {password} (pegxl serve {path}).",
        ),
        "demo_not_ours": (
            "{path} esiste e non è una campagna fatta dalla demo: la demo non la tocca. "
            "Indicare un'altra cartella.",
            "{path} exists and is not a campaign the demo made: the demo leaves it alone. "
            "Give another folder.",
        ),
    },
)
_add(
    "merge",
    {
        "code_at_line": ("{code} alla riga {line}", "{code} at line {line}"),
        "and_others": ("e altri {n}", "and {n} more"),
        "given_twice": ("è indicato due volte", "is given twice"),
        "same_content": (
            "è la stessa esportazione di «{other}» (stesso contenuto)",
            "is the same export as «{other}» (same content)",
        ),
    },
)
_add(
    "plan",
    {
        "act_both": ("approvato con {act} del {date}", "approved by {act} of {date}"),
        "word": ("Piano", "Plan"),
        "act_one": ("approvato con {act}", "approved by {act}"),
        "smvp_line": ("sistema di misurazione e valutazione: {smvp}", "measurement system: {smvp}"),
    },
)

# -- approved variations («Variazioni», issue 19) ------------------------------------------------
_add(
    "variation",
    {
        "not_date": ("non è una data", "is not a date"),
        "other_year": ("non cade nell'anno del piano", "is not in the plan's year"),
        "negative": ("un peso non può essere negativo", "a weight cannot be negative"),
        "act": ("{act} del {date}", "{act} of {date}"),
    },
)
# -- the cause of a shortfall (DFP guidelines 2/2017 and 3/2018), final workbooks and Relazione ---
_add(
    "cause",
    {
        "esogena": ("esogena", "external"),
        "endogena": ("endogena", "internal"),
        "indicatore": ("indicatore da rivedere", "indicator to revise"),
        "title": ("Causa dello scostamento", "Cause of the shortfall"),
        "help": (
            "Se il risultato non raggiunge il valore atteso: esogena (fuori dal controllo "
            "dell'ente), endogena (interna), indicatore da rivedere.",
            "If the result falls short of the target: external (outside the body's control), "
            "internal, or an indicator to revise.",
        ),
        "error": (
            "Scegliere dall'elenco: esogena, endogena, indicatore da rivedere.",
            "Choose from the list: external, internal, indicator to revise.",
        ),
        "none": ("non indicata", "not given"),
    },
)
# -- the final Relazione sulla performance (DFP guideline 3/2018, issue 19 §4) --------------------
_add(
    "vfield",
    {
        "target": ("Valore atteso", "Target"),
        "planned_start": ("Inizio previsto", "Planned start"),
        "planned_end": ("Fine prevista", "Planned end"),
        "weight": ("Peso", "Weight"),
    },
)
_add(
    "relazione",
    {
        "title": ("Relazione sulla performance {year}", "Performance report {year}"),
        "h_objectives": (
            "Obiettivi: programmato e realizzato",
            "Objectives: planned and achieved",
        ),
        "objectives_intro": (
            "Per ogni obiettivo del piano: chi ne risponde, che cosa era programmato (indicatori "
            "e fasi), il grado di raggiungimento e quanti indicatori sono rimasti sotto il "
            "valore atteso.",
            "For each objective of the plan: who answers for it, what was planned (indicators "
            "and phases), how far it was achieved and how many indicators stayed below their "
            "target.",
        ),
        "planned": (
            "{indicators} {indicators:indicatore|indicatori}, {phases} {phases:fase|fasi}",
            "{indicators} {indicators:indicator|indicators}, {phases} {phases:phase|phases}",
        ),
        "planned_h": ("Programmato", "Planned"),
        "achieved": ("Realizzato", "Achieved"),
        "n_gaps": ("Scostamenti", "Shortfalls"),
        "h_gaps": (
            "Scostamenti: motivazioni e cause",
            "Shortfalls: reasons and causes",
        ),
        "gaps_intro": (
            "Ogni indicatore rimasto sotto il valore atteso, con la motivazione scritta dal "
            "settore e la causa indicata: esogena (fuori dal controllo dell'ente), endogena "
            "(interna) o indicatore da rivedere. Il Nucleo di Valutazione verifica per ciascuno "
            "lo scostamento tra programmato e realizzato e la sua motivazione.",
            "Each indicator below its target, with the reason the sector wrote and the cause it "
            "gave: external (outside the body's control), internal, or an indicator to revise. "
            "The Nucleo di Valutazione checks for each one the gap between planned and achieved "
            "and its reason.",
        ),
        "reason": ("Motivazione", "Reason"),
        "h_variations": (
            "Variazioni del piano approvate nell'anno",
            "Variations of the plan approved during the year",
        ),
        "variations_intro": (
            "Le variazioni di obiettivi, valori attesi e tempi approvate durante l'anno con il "
            "loro atto (art. 6 d.lgs. 150/2009). Ogni variazione vale dalla data dell'atto: i "
            "periodi precedenti sono misurati sul valore originale, che resta indicato accanto "
            "al nuovo.",
            "The variations of objectives, targets and dates approved during the year with their "
            "act (art. 6 d.lgs. 150/2009). Each holds from the act's date: earlier periods are "
            "measured against the original value, which stays shown beside the new one.",
        ),
        "h_responsabili": ("Risultati per responsabile", "Results by responsabile"),
        "responsabili_intro": (
            "Gli obiettivi di ciascun responsabile e il loro grado di raggiungimento: la base "
            "della valutazione individuale che segue.",
            "The objectives of each responsabile and how far they were achieved: the basis of "
            "the individual evaluation that follows.",
        ),
        "h_validation": (
            "Validazione del Nucleo di Valutazione",
            "Validation by the Nucleo di Valutazione",
        ),
        "validation_intro": (
            "Da compilare a cura del Nucleo di Valutazione. Con la validazione il Nucleo attesta:",
            "To be filled in by the Nucleo di Valutazione. By validating it the Nucleo attests:",
        ),
        "attest_coherence": (
            "la coerenza della Relazione con gli obiettivi, gli indicatori e i valori attesi del "
            "piano;",
            "that the Relazione is coherent with the plan's objectives, indicators and targets;",
        ),
        "attest_gaps": (
            "di aver verificato, per ogni obiettivo e indicatore, lo scostamento tra programmato "
            "e realizzato e la sua motivazione;",
            "that it checked, for every objective and indicator, the gap between planned and "
            "achieved and its reason;",
        ),
        "attest_variations": (
            "che le variazioni dell'anno sono state approvate con un atto e non giustificano a "
            "posteriori un obiettivo mancato;",
            "that the variations of the year were approved by an act and do not excuse a missed "
            "objective after the fact;",
        ),
        "attest_data": (
            "l'attendibilità dei dati, riscontrabili nelle schede dei settori elencate "
            "nell'annesso tecnico;",
            "that the data are reliable, traceable to the sectors' workbooks listed in the "
            "technical annex;",
        ),
        "attest_clarity": (
            "la comprensibilità della Relazione per i cittadini e gli altri utenti finali.",
            "that the Relazione can be understood by citizens and the other end users.",
        ),
        "outcome": ("Esito", "Outcome"),
        "validated": ("Validata", "Validated"),
        "validated_notes": ("Validata con osservazioni", "Validated with remarks"),
        "not_validated": ("Non validata", "Not validated"),
        "date": ("Data", "Date"),
        "notes": ("Osservazioni", "Remarks"),
        "signature": (
            "Il Nucleo di Valutazione (firma)",
            "The Nucleo di Valutazione (signature)",
        ),
    },
)


# -- a text as a person reads it -------------------------------------------------------------------
# (here, at the bottom of the imports, so that findings and outputs both show file names alike)

_UNDECODED = re.compile("[\udc80-\udcff]+")


def clean_text(text: str) -> str:
    """``text`` with every run of bytes that were not UTF-8 (kept by Python as lone surrogates,
    as in a file name from a Windows zip) decoded as Windows-1252: always valid text, so it can
    be written into a workbook, a page or a report."""
    if not _UNDECODED.search(text):
        return text
    return _UNDECODED.sub(
        lambda m: bytes(ord(c) - 0xDC00 for c in m.group(0)).decode("cp1252", errors="replace"),
        text,
    )


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name as a person should read it: bytes that are not UTF-8 (a zip made on Windows
    stores names in its code page) are decoded as Windows-1252, so ``Attivit\\xe0.xlsx`` reads
    ``Attività.xlsx`` (:func:`clean_text`)."""
    return clean_text(os.fsdecode(path))

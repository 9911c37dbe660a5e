"""Findings: the one record every pegxl check produces, and the registry of stable codes.

A finding says *where* (file, sheet, cell or source line, row id), *what* is wrong and *how to fix
it*, in Italian and in English. Codes are stable: once published a code is never renumbered or
reused; a retired code stays in the registry with ``retired=True``.

Example::

    >>> f = make(Code.WEIGHT_SUM, file="plan.txt", line=120, objective="2025_S07_01", total="50")
    >>> f.code, f.severity.value
    ('PLAN-005', 'warning')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import Enum, StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is. ``error`` makes the command exit with 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CodeSpec:
    """One entry of the registry: the stable code, its default severity and message templates.

    Templates are ``str.format`` strings; every placeholder must be passed to :func:`make`.
    """

    code: str
    severity: Severity
    it: str
    en: str
    retired: bool = False


class Code(Enum):
    """The registry of finding codes. The member name is for code; ``.value.code`` is published."""

    # --- PLAN: the plan source (PEG text export) and the plan workbook -------------------------
    NOT_A_PEG_EXPORT = CodeSpec(
        "PLAN-001",
        Severity.ERROR,
        "Il file non sembra un'esportazione testo del PEG-PIAO: {detail}. Esportare di nuovo il "
        "report 'PEG-PIAO-SEZ. 2.2 PERFORMANCE' in formato testo e riprovare.",
        "The file does not look like a PEG-PIAO text export: {detail}. Export the "
        "'PEG-PIAO-SEZ. 2.2 PERFORMANCE' report as text again and retry.",
    )
    HEADER_LOST = CodeSpec(
        "PLAN-002",
        Severity.WARNING,
        "L'obiettivo «{title}» non ha l'intestazione (codice, assessorato, centro di "
        "responsabilità): è stato mantenuto con il codice provvisorio {objective}. Inserire il "
        "codice corretto e il settore nel foglio Obiettivi del piano.",
        "Objective «{title}» has lost its header (code, assessorato, centre of responsibility): it "
        "was kept with the provisional code {objective}. Enter the real code and the sector in the "
        "Obiettivi sheet of the plan.",
    )
    CODE_RECOVERED = CodeSpec(
        "PLAN-003",
        Severity.WARNING,
        "L'obiettivo «{title}» non ha l'intestazione nella sua prima pagina; codice {objective} e "
        "dati di intestazione ricavati dalla pagina di continuazione alla riga {from_line}. "
        "Verificare nel foglio Obiettivi.",
        "Objective «{title}» has no header on its first page; code {objective} and header fields "
        "were taken from the continuation page at line {from_line}. Check the Obiettivi sheet.",
    )
    WEIGHT_MISSING = CodeSpec(
        "PLAN-004",
        Severity.WARNING,
        "La fase «{phase}» dell'obiettivo {objective} non ha un peso. Inserire il peso nella "
        "colonna Peso del foglio Fasi.",
        "Phase «{phase}» of objective {objective} has no weight. Enter it in the Peso column of "
        "the Fasi sheet.",
    )
    WEIGHT_SUM = CodeSpec(
        "PLAN-005",
        Severity.WARNING,
        "I pesi delle fasi dell'obiettivo {objective} sommano a {total} invece di 100. Correggere "
        "la colonna Peso del foglio Fasi.",
        "The phase weights of objective {objective} sum to {total} instead of 100. Correct the "
        "Peso column of the Fasi sheet.",
    )
    WRONG_COLUMN = CodeSpec(
        "PLAN-006",
        Severity.WARNING,
        "Nella colonna «{column}» ({where}) c'è «{raw}», che sembra fuori posto: {detail}. "
        "Verificare il valore nel piano.",
        "Column «{column}» ({where}) holds «{raw}», which looks misplaced: {detail}. Check the "
        "value in the plan.",
    )
    UNKNOWN_TIPO = CodeSpec(
        "PLAN-007",
        Severity.WARNING,
        "Tipo di indicatore sconosciuto «{raw}» ({where}); tipi attesi: {expected}. Correggere la "
        "colonna Tipo del foglio Indicatori.",
        "Unknown indicator type «{raw}» ({where}); expected one of: {expected}. Correct the Tipo "
        "column of the Indicatori sheet.",
    )
    TARGET_TEXT = CodeSpec(
        "PLAN-008",
        Severity.WARNING,
        "Il valore atteso «{raw}» ({where}) non è un numero, una percentuale, Fatto/Non fatto o "
        "una data: è stato tenuto come testo e non potrà essere valutato. Scrivere un valore "
        "misurabile nella colonna Valore Atteso.",
        "Target «{raw}» ({where}) is not a number, a percentage, Fatto/Non fatto or a date: it "
        "was kept as text and cannot be scored. Write a measurable value in Valore Atteso.",
    )
    NOTHING_TO_MONITOR = CodeSpec(
        "PLAN-009",
        Severity.WARNING,
        "L'obiettivo {objective} non ha né fasi né indicatori: nel monitoraggio non ci sarà nulla "
        "da compilare. Aggiungere fasi o indicatori, oppure lasciarlo solo descrittivo.",
        "Objective {objective} has neither phases nor indicators: nothing will be monitored. Add "
        "phases or indicators, or keep it as a descriptive objective.",
    )
    PLANNED_DATES_MISSING = CodeSpec(
        "PLAN-010",
        Severity.WARNING,
        "La fase «{phase}» dell'obiettivo {objective} non ha le date previste. Inserire Inizio "
        "Previsto e Fine Prevista nel foglio Fasi.",
        "Phase «{phase}» of objective {objective} has no planned dates. Enter Inizio Previsto and "
        "Fine Prevista in the Fasi sheet.",
    )
    LINE_NOT_PLACED = CodeSpec(
        "PLAN-011",
        Severity.WARNING,
        "Riga non riconosciuta, non attribuita a nessun campo: «{raw}». Verificare se manca "
        "qualcosa nel piano.",
        "Unrecognised line, not assigned to any field: «{raw}». Check whether something is "
        "missing from the plan.",
    )
    SECTOR_INFERRED = CodeSpec(
        "PLAN-012",
        Severity.WARNING,
        "Settore dell'obiettivo {objective} dedotto: {detail}. Verificare il codice settore nel "
        "foglio Obiettivi.",
        "Sector of objective {objective} inferred: {detail}. Check the sector code in the "
        "Obiettivi sheet.",
    )
    DUPLICATE_ID = CodeSpec(
        "PLAN-013",
        Severity.ERROR,
        "Il codice «{raw}» compare più di una volta nel foglio {sheet} (anche alla riga "
        "{other_row}). Ogni codice deve essere unico: correggere uno dei due.",
        "Code «{raw}» appears more than once in sheet {sheet} (also at row {other_row}). Every "
        "code must be unique: correct one of them.",
    )
    UNKNOWN_PARENT = CodeSpec(
        "PLAN-014",
        Severity.ERROR,
        "«{raw}» non corrisponde a nessun {parent} del foglio {parent_sheet}. Correggere il "
        "codice o aggiungere la riga mancante.",
        "«{raw}» matches no {parent} in sheet {parent_sheet}. Correct the code or add the missing "
        "row.",
    )
    BAD_WORKBOOK_STRUCTURE = CodeSpec(
        "PLAN-015",
        Severity.ERROR,
        "Struttura del piano non valida: {detail}. Usare un piano prodotto da «pegxl import» e "
        "non rinominare fogli o intestazioni di colonna.",
        "Invalid plan workbook structure: {detail}. Use a plan made by «pegxl import» and do not "
        "rename sheets or column headers.",
    )
    BAD_CELL_VALUE = CodeSpec(
        "PLAN-016",
        Severity.ERROR,
        "Valore non valido «{raw}» nella colonna «{column}»: {detail}. Atteso: {expected}.",
        "Invalid value «{raw}» in column «{column}»: {detail}. Expected: {expected}.",
    )
    PRIOR_KIND_DIFFERS = CodeSpec(
        "PLAN-017",
        Severity.INFO,
        "Il valore «{raw}» di {column} ({where}) è di tipo {found} mentre il valore atteso è di "
        "tipo {expected}: il confronto con l'anno precedente potrebbe non essere significativo.",
        "Value «{raw}» of {column} ({where}) is of kind {found} while the target is of kind "
        "{expected}: the comparison with the previous year may not be meaningful.",
    )
    DATES_REVERSED = CodeSpec(
        "PLAN-018",
        Severity.WARNING,
        "Nella fase «{phase}» dell'obiettivo {objective} {first} ({a}) è successiva a {second} "
        "({b}). Correggere le date nel foglio Fasi.",
        "In phase «{phase}» of objective {objective}, {first} ({a}) is after {second} ({b}). "
        "Correct the dates in the Fasi sheet.",
    )
    FIELD_MISSING = CodeSpec(
        "PLAN-019",
        Severity.WARNING,
        "L'obiettivo {objective} non ha il campo «{field}». Completarlo nel foglio Obiettivi.",
        "Objective {objective} has no «{field}». Complete it in the Obiettivi sheet.",
    )
    FIELD_CONFLICT = CodeSpec(
        "PLAN-020",
        Severity.WARNING,
        "Valori diversi per «{field}» in {where}: «{a}» e «{b}»; è stato tenuto il primo. "
        "Verificare nel piano.",
        "Different values for «{field}» in {where}: «{a}» and «{b}»; the first was kept. Check "
        "the plan.",
    )
    AMBIGUOUS_NUMBER = CodeSpec(
        "PLAN-021",
        Severity.INFO,
        "Il numero «{raw}» ({where}) è ambiguo ed è stato letto come {value}: {detail}.",
        "Number «{raw}» ({where}) is ambiguous and was read as {value}: {detail}.",
    )
    # --- FILE: reading any file ------------------------------------------------------------------
    FILE_UNREADABLE = CodeSpec(
        "FILE-001",
        Severity.ERROR,
        "Impossibile leggere il file: {detail}. Controllare il percorso e che il file non sia "
        "aperto in un altro programma.",
        "Cannot read the file: {detail}. Check the path and that no other program holds it.",
    )
    FILE_NOT_WORKBOOK = CodeSpec(
        "FILE-002",
        Severity.ERROR,
        "Il file non è una cartella di lavoro Excel (.xlsx) valida: {detail}. Salvarlo di nuovo "
        "come «Cartella di lavoro di Excel (.xlsx)».",
        "The file is not a valid Excel workbook (.xlsx): {detail}. Save it again as an «Excel "
        "Workbook (.xlsx)».",
    )

    @property
    def spec(self) -> CodeSpec:
        """The registry entry of this code."""
        spec: CodeSpec = self.value
        return spec


@dataclass(frozen=True)
class Finding:
    """One problem found, with its place and a message in Italian and English.

    ``cell`` is an A1 reference; ``line`` a 1-based line of a text source; ``row_id`` the stable id
    of the plan row concerned (``2025_S07_01/F2``) or an objective code.
    """

    code: str
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

    def message(self, lang: str = "it") -> str:
        """The message in ``lang`` (``it`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_it

    def where(self) -> str:
        """A short human location: ``Fasi!E7``, ``riga 120`` or the file name."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.line is not None:
            return f"riga {self.line}"
        return ""

    def to_dict(self, lang: str = "it") -> dict[str, Any]:
        """The JSON shape: code, severity, file, sheet, cell, line, row_id, raw, expected and
        message."""
        d = asdict(self)
        d.pop("message_it")
        d.pop("message_en")
        d["severity"] = self.severity.value
        d["message"] = self.message(lang)
        return d


def make(
    code: Code,
    *,
    file: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    line: int | None = None,
    row_id: str | None = None,
    raw: str | None = None,
    expected: str | None = None,
    severity: Severity | None = None,
    **params: object,
) -> Finding:
    """Build a :class:`Finding` from a registry code, filling the message templates.

    ``raw`` and ``expected`` are also available to the templates. A missing placeholder raises
    ``KeyError`` at once (a programming error, caught by the tests of each code).
    """
    spec = code.spec
    fmt = {"raw": raw, "expected": expected, "sheet": sheet, "cell": cell, **params}
    return Finding(
        code=spec.code,
        severity=severity or spec.severity,
        message_it=spec.it.format(**fmt),
        message_en=spec.en.format(**fmt),
        file=file,
        sheet=sheet,
        cell=cell,
        line=line,
        row_id=row_id,
        raw=raw,
        expected=expected,
    )


def by_code(code: str) -> CodeSpec:
    """Look a published code (``PLAN-005``) up in the registry."""
    for member in Code:
        if member.spec.code == code:
            return member.spec
    raise KeyError(code)


def count(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by severity: ``{"error": n, "warning": n, "info": n}``."""
    out = {s.value: 0 for s in Severity}
    for f in findings:
        out[f.severity.value] += 1
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)


_HEAD = {
    "it": ("codice", "gravità", "dove", "oggetto", "messaggio"),
    "en": ("code", "severity", "where", "row id", "message"),
}
_SEV = {
    "it": {"error": "errore", "warning": "avviso", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def render_table(findings: Sequence[Finding], lang: str = "it", width: int = 100) -> str:
    """Render findings as a plain-text table, one finding per block, for a terminal."""
    import textwrap

    if not findings:
        return ""
    head = _HEAD["en" if lang == "en" else "it"]
    sev = _SEV["en" if lang == "en" else "it"]
    rows = [
        (f.code, sev[f.severity.value], f.where() if lang != "en" else _where_en(f), f.row_id or "")
        for f in findings
    ]
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head[:4], widths, strict=True)) + "  " + head[4]]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(head[4]))
    indent = sum(widths) + 8
    msg_width = max(40, width - indent)
    for f, r in zip(findings, rows, strict=True):
        wrapped = textwrap.wrap(f.message(lang), msg_width) or [""]
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + "  " + wrapped[0]
        )
        lines.extend(" " * indent + w for w in wrapped[1:])
    return "\n".join(lines)


def _where_en(f: Finding) -> str:
    if f.line is not None and not f.sheet:
        return f"line {f.line}"
    return f.where()


def to_json(findings: Sequence[Finding], lang: str = "it") -> str:
    """Findings as a JSON array (stable key order)."""
    return json.dumps([f.to_dict(lang) for f in findings], ensure_ascii=False, indent=2)

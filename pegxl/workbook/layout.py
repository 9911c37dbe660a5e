"""The sector workbook's contract, shared by the writer and the reader.

Sheets, their columns (which are locked and which are input), the hidden id column, the file
name, what each row holds, and the canonical form of a row's locked content that is hashed for
integrity (the metadata that carries the hashes: :mod:`pegxl.workbook.meta`). The writer builds
from this module and the reader checks against it, so the two cannot drift apart.

Every data sheet has a title in row 1, the column headers in row 2 and data from row 3. Column A is
hidden and holds the stable id of the row: ``2025_S07_01/F1`` for a phase, ``2025_S07_01/I3`` for
an indicator, ``2025_S07_01`` for the band that opens an objective, ``2025_S07_01#campo`` for a
line of the objective card.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from pegxl.cells import stored_value
from pegxl.i18n import text
from pegxl.model import (
    INDICATORS_SHEET,
    OBJECTIVES_SHEET,
    PHASES_SHEET,
    Indicator,
    Objective,
    Period,
    Phase,
    Sector,
)
from pegxl.periods import MONITORING_QUESTIONS
from pegxl.values import Value, ooxml_unescape

S_INSTRUCTIONS = "Istruzioni"
S_OBJECTIVES = OBJECTIVES_SHEET
S_PHASES = PHASES_SHEET
S_INDICATORS = INDICATORS_SHEET
S_META = "_pegxl"
S_FEEDBACK = "Segnalazioni"  # first sheet of a feedback workbook
#: the sheet of an intermediate period where each objective gets its row of monitoring inputs
S_MONITORING = "Monitoraggio"
DATA_SHEETS = (S_OBJECTIVES, S_PHASES, S_INDICATORS)
SHEETS = (S_INSTRUCTIONS, *DATA_SHEETS, S_META)
#: every sheet a sector workbook may have (the monitoring sheet only in a period that asks it)
ALL_SHEETS = (S_INSTRUCTIONS, S_OBJECTIVES, S_PHASES, S_INDICATORS, S_MONITORING, S_META)

TITLE_ROW = 0  # 0-based, as XlsxWriter counts
HEADER_ROW = 1
FIRST_DATA_ROW = 2
ID_COL = 0
ID_HEADER = "ID"


@dataclass(frozen=True)
class Column:
    """A column of a data sheet.

    ``key`` names the model field (``name``, ``planned_start``, ``achieved``, ``prior.2024``,
    ``prev.progress`` for a value of the previous period); ``label`` is the catalogue key of its
    header (``col.<label>``, filled in with ``params``); ``type`` is how the cell is written and
    read: ``text``, ``date``, ``number``, ``value`` (the indicator's own kind), ``progress``
    (0–100); ``input`` columns are the only unlocked cells.
    """

    key: str
    label: str
    width: float
    type: str = "text"
    input: bool = False
    wrap: bool = False
    params: tuple[tuple[str, object], ...] = ()

    def title(self, lang: str = "it") -> str:
        """The header in ``lang``."""
        return text(f"col.{self.label}", lang, **dict(self.params))


# ---------------------------------------------------------------------------------------------
# what a period's workbook asks beyond the progress cells


#: the choices of «Stato di attuazione» and «Raggiungibile al 31/12» (Italian in both languages:
#: they are values the office consolidates, like Fatto / Non fatto)
STATE_CHOICES = ("In linea", "In ritardo", "Critico")
FORECAST_CHOICES = ("Sì", "Parzialmente", "No")
#: the longest text of a monitoring cell (Criticità, Azioni correttive…), as for Note
TEXT_LIMIT = 2000
#: the keys of the monitoring inputs of an objective, in column order
MONITORING_INPUTS = MONITORING_QUESTIONS
#: the monitoring inputs that are a choice from a list, with their choices
CHOICES: dict[str, tuple[str, ...]] = {
    "declared_state": STATE_CHOICES,
    "forecast": FORECAST_CHOICES,
}
#: the structured proposals: the column key on Indicatori and Fasi
PROPOSED_TARGET, PROPOSED_END = "proposed_target", "proposed_end"
#: every key of a proposal of rimodulazione (text or structured)
PROPOSAL_KEYS = frozenset({"proposal", PROPOSED_TARGET, PROPOSED_END})


#: the monitoring inputs that are free texts of at most :data:`TEXT_LIMIT` characters
MONITORING_TEXTS = frozenset(MONITORING_INPUTS) - CHOICES.keys()
#: every input that monitors or proposes and is never scored (its errors make no score
#: provisional)
UNSCORED_INPUTS = frozenset(MONITORING_INPUTS) | PROPOSAL_KEYS


def _plain_choice(text: str) -> str:
    t = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(ch for ch in t if not unicodedata.combining(ch)).rstrip("'’`")


def choice_of(key: str, typed: object) -> str | None:
    """The answer of a choice input (``declared_state``, ``forecast``) as listed, whatever the
    case, spacing or accent it was typed with (``si``, ``SI'``, ``in  linea``); ``None`` when it
    is empty or none of the choices."""
    if typed is None or key not in CHOICES:
        return None
    plain = _plain_choice(str(typed))
    return next((c for c in CHOICES[key] if _plain_choice(c) == plain), None) if plain else None


@dataclass(frozen=True)
class Form:
    """What a period's workbook asks beyond the progress cells: the monitoring inputs of each
    objective (``objective_inputs``, a subset of :data:`MONITORING_INPUTS`, in their order) and
    the structured proposals (``proposals``: «Nuovo valore atteso proposto» on Indicatori,
    «Nuova fine prevista proposta» on Fasi). An intermediate period asks all of it, the final
    report none (:func:`form_of`)."""

    objective_inputs: tuple[str, ...] = ()
    proposals: bool = False

    @property
    def monitoring(self) -> bool:
        """Whether the workbook has the «Monitoraggio» sheet."""
        return bool(self.objective_inputs)

    def sheets(self) -> tuple[str, ...]:
        """The sheets of a workbook of this form, in order."""
        return tuple(s for s in ALL_SHEETS if s != S_MONITORING or self.monitoring)


#: the form of an intermediate period (DFP 2/2017: state, forecast, criticità, corrective
#: actions, proposals) and of the final report (none of it)
INTERIM_FORM = Form(MONITORING_INPUTS, proposals=True)
FINAL_FORM = Form()


def form_of(period: Period | None) -> Form:
    """What the workbook of ``period`` asks, by its kind's policy (:mod:`pegxl.periods`:
    ``questions`` and ``proposals``); without a period, nothing."""
    if period is None:
        return FINAL_FORM
    policy = period.policy
    questions = tuple(q for q in MONITORING_INPUTS if q in policy.questions)
    return Form(questions, proposals=policy.proposals)


#: the answers of the previous period an input of Monitoraggio starts from with
#: ``--prefill-inputs`` (a proposal of rimodulazione is an act of its period: shown, not copied)
CARRIED_ANSWERS = ("declared_state", "forecast", "criticita", "actions")


def monitoring_columns(form: Form, prev: Period | None = None) -> tuple[Column, ...]:
    """Monitoraggio: the objective (code and title) and its responsabile locked, then one input
    per question the period asks (each after a locked reference column with the answer of the
    previous period, «Criticità al 30/06», when prefilling)."""
    spec = {
        "declared_state": Column("declared_state", "declared_state", 14, "choice", input=True),
        "forecast": Column("forecast", "forecast", 14, "choice", input=True),
        "criticita": Column("criticita", "criticita", 36, input=True, wrap=True),
        "actions": Column("actions", "actions", 36, input=True, wrap=True),
        "proposal": Column("proposal", "proposal", 36, input=True, wrap=True),
        "proposal_reason": Column("proposal_reason", "proposal_reason", 36, input=True, wrap=True),
    }
    cols = [
        Column("id", "id", 18),
        Column("objective", "objective", 48, wrap=True),
        Column("responsabile", "responsible", 18, wrap=True),
    ]
    for key in form.objective_inputs:
        if prev is not None:
            own = spec[key]
            at = (("at", prev.short),)
            cols.append(Column(f"prev.{key}", f"prev_{key}", own.width, wrap=own.wrap, params=at))
        cols.append(spec[key])
    return tuple(cols)


def monitoring_row_values(
    o: Objective, prev: Mapping[str, object] | None = None, fill_inputs: bool = False
) -> dict[str, object]:
    """The values of an objective's row in Monitoraggio, by column key (``prev`` = the answers
    of the previous period, shown in the reference columns and, with ``fill_inputs``, copied
    into the inputs of :data:`CARRIED_ANSWERS`)."""
    values: dict[str, object] = {"objective": band_text(o), "responsabile": o.responsabile}
    for key, answer in (prev or {}).items():
        if key in MONITORING_INPUTS:
            values[f"prev.{key}"] = answer
    return _with_inputs(values, prev or {}, CARRIED_ANSWERS) if fill_inputs else values


def phase_columns(prev: Period | None = None, form: Form = FINAL_FORM) -> tuple[Column, ...]:
    """Fasi: the report's locked columns, then the input block (and a reference column with the
    progress of the previous period when prefilling; «Nuova fine prevista proposta» when the
    period's form asks proposals)."""
    cols = [
        Column("id", "id", 18),
        Column("name", "phase", 52, wrap=True),
        Column("planned_start", "planned_start", 11, "date"),
        Column("planned_end", "planned_end", 11, "date"),
        Column("weight", "weight", 7, "number"),
        Column("responsabili", "responsible", 20, wrap=True),
        Column("centro", "centre", 20, wrap=True),
    ]
    if prev is not None:
        cols.append(
            Column("prev.progress", "prev_progress", 12, "number", params=(("at", prev.short),))
        )
    cols += [
        Column("progress", "progress", 12, "progress", input=True),
        Column("actual_start", "actual_start", 11, "date", input=True),
        Column("actual_end", "actual_end", 11, "date", input=True),
        Column("note", "note", 34, input=True, wrap=True),
    ]
    if form.proposals:
        cols.append(Column(PROPOSED_END, PROPOSED_END, 13, "date", input=True))
    return tuple(cols)


def indicator_columns(
    prior_years: Iterable[int],
    prev: Period | None = None,
    form: Form = FINAL_FORM,
    cause: bool = False,
) -> tuple[Column, ...]:
    """Indicatori: description, type, target and prior years locked; Valore Raggiunto and Note
    input (and «Nuovo valore atteso proposto», of the target's kind, when the period's form
    asks proposals; «Causa dello scostamento», a drop-down of :data:`CAUSES`, when the period
    asks a shortfall explained: the DFP guidelines ask the cause of every shortfall, the Note
    says why)."""
    cols = [
        Column("id", "id", 18),
        Column("description", "description", 52, wrap=True),
        Column("tipo", "type", 12),
        Column("target", "target", 12, "value"),
        *(Column(f"prior.{y}", "prior", 12, "value", params=(("year", y),)) for y in prior_years),
        Column("format", "to_enter", 14, wrap=True),
    ]
    if prev is not None:
        cols.append(
            Column("prev.achieved", "prev_achieved", 12, "value", params=(("at", prev.short),))
        )
    cols += [
        Column("achieved", "achieved", 14, "value", input=True),
        Column("note", "note", 34, input=True, wrap=True),
    ]
    if form.proposals:
        cols.append(Column(PROPOSED_TARGET, PROPOSED_TARGET, 14, "value", input=True))
    if cause:
        cols.append(Column("cause", "cause", 22, input=True, wrap=True))
    return tuple(cols)


#: the causes of a shortfall (DFP 2/2017: external, internal, an indicator badly chosen), by
#: the key the report and the tables use; the label is ``cause.<key>`` of the catalogue
CAUSES = ("esogena", "endogena", "indicatore")


def cause_of(typed: str) -> str | None:
    """The key of a cause as typed (either language, any case and spacing), ``None`` if it is
    none of :data:`CAUSES`."""
    wanted = " ".join(typed.split()).casefold()
    for key in CAUSES:
        if wanted in (text(f"cause.{key}", lang).casefold() for lang in ("it", "en")):
            return key
    return None


OBJECTIVE_COLUMNS = (
    Column("id", "id", 18),
    Column("label", "item", 26, wrap=True),
    Column("value", "content", 110, wrap=True),
)


def band_id(objective_code: str) -> str:
    """The id of the band row that opens an objective."""
    return objective_code


def card_id(objective_code: str, field: str) -> str:
    """The id of a line of an objective's card in the Obiettivi sheet."""
    return f"{objective_code}#{field}"


# ---------------------------------------------------------------------------------------------
# integrity


def canonical(value: object) -> str:
    """The canonical text of a cell value, equal whether written by pegxl or read back after a
    save in Excel, LibreOffice or Gnumeric (numbers as rounded floats, dates as ISO dates)."""
    if value is None:
        return ""
    if type(value) is str and "\n" not in value and "\r" not in value and "_x" not in value:
        return value.strip()  # the common case, same result as below: single-line text
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        x = round(float(value), 9)
        return repr(x + 0.0)
    # a literal "_x000C_" and a form feed are one text: XlsxWriter escapes the literal, but
    # openpyxl reads it back half-decoded and saves it unescaped, so a script's save turns one
    # into the other (ECMA-376 22.9.2.19)
    text = ooxml_unescape(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


#: canonical text of the floats and datetimes met so far: a plan repeats a few dates and
#: numbers in every row (bounded; only exact types are looked up, so True never finds 1.0)
_CANON_MEMO: dict[object, str] = {}
_CANON_MEMO_SIZE = 4096


def _canonical_memo(value: float | datetime) -> str:
    text = _CANON_MEMO.get(value)
    if text is None:
        text = canonical(value)
        if len(_CANON_MEMO) < _CANON_MEMO_SIZE:
            _CANON_MEMO[value] = text
    return text


def row_hash(values: Iterable[object]) -> str:
    """A short SHA-256 of the canonical locked content of a row."""
    # the common cases inline, same results as canonical() (tests/test_layout.py)
    parts = [
        v.strip()
        if type(v) is str and "\n" not in v and "\r" not in v and "_x" not in v
        else ""
        if v is None
        else _canonical_memo(v)
        if type(v) is float or type(v) is datetime
        else canonical(v)
        for v in values
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


# ---------------------------------------------------------------------------------------------
# file names


def slug(text: str, max_len: int = 48) -> str:
    """A readable ASCII slug: ``SETTORE POLITICHE CULTURALI`` → ``politiche-culturali``."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    t = re.sub(r"^(settore|sett\.?|servizio|serv\.?)\s+", "", t)
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:max_len].rstrip("-") or "settore"


def workbook_filename(period: Period, sector: Sector, tag: str = "") -> str:
    """``PEG_2025-06-30_S07_politiche-culturali-e-dello-sport.xlsx`` (``tag`` follows the code
    when two sectors would otherwise share a name)."""
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", sector.code)
    return f"PEG_{period.iso}_{code}{tag}_{slug(sector.name)}.xlsx"


def workbook_filenames(period: Period, sectors: Iterable[Sector]) -> dict[str, str]:
    """The file name of each sector's workbook, by sector code, never the same for two sectors:
    codes that differ only in punctuation (``S.07``, ``S 07``) or case (``S07``, ``s07``, one
    file on a case-insensitive disk) get a short tag derived from the exact code. Computed over
    all the plan's sectors, so a sector's name does not depend on which sectors are written."""
    sectors = list(sectors)
    plain = {s.code: workbook_filename(period, s) for s in sectors}
    seen: dict[str, int] = {}
    for name in plain.values():
        key = unicodedata.normalize("NFC", name).casefold()
        seen[key] = seen.get(key, 0) + 1
    out = {}
    for s in sectors:
        if seen[unicodedata.normalize("NFC", plain[s.code]).casefold()] > 1:
            tag = "-" + hashlib.sha256(s.code.encode("utf-8")).hexdigest()[:6]
            out[s.code] = workbook_filename(period, s, tag)
        else:
            out[s.code] = plain[s.code]
    return out


# ---------------------------------------------------------------------------------------------
# row contents: what each locked and input cell holds, shared by writer and reader

_PHASE_INPUTS = ("progress", "actual_start", "actual_end", "note")
_INDICATOR_INPUTS = ("achieved", "note")


def phase_row_values(
    p: Phase, prev: Mapping[str, object] | None = None, fill_inputs: bool = False
) -> dict[str, object]:
    """The values of a phase row by column key (``prev`` = values of the previous period)."""
    prev = prev or {}
    values: dict[str, object] = {
        "name": p.name,
        "planned_start": p.planned_start,
        "planned_end": p.planned_end,
        "weight": p.weight,
        "responsabili": "; ".join(p.responsabili),
        "centro": p.centro,
        "prev.progress": prev.get("progress"),
        "progress": p.progress,
        "actual_start": p.actual_start,
        "actual_end": p.actual_end,
        "note": p.note,
    }
    return _with_inputs(values, prev, _PHASE_INPUTS) if fill_inputs else values


def _with_inputs(
    values: dict[str, object], prev: Mapping[str, object], keys: tuple[str, ...]
) -> dict[str, object]:
    """Copy the previous period's values into the input cells (``--prefill-inputs``)."""
    for key in keys:
        if prev.get(key) not in (None, ""):
            values[key] = prev[key]
    return values


def indicator_row_values(
    ind: Indicator,
    lang: str = "it",
    prev: Mapping[str, object] | None = None,
    fill_inputs: bool = False,
) -> dict[str, object]:
    """The values of an indicator row by column key."""
    prev = prev or {}
    values: dict[str, object] = {
        "description": ind.description,
        "tipo": ind.tipo,
        "target": ind.target,
        "format": text(f"hint.{ind.achieved_kind.value}", lang),
        "prev.achieved": prev.get("achieved"),
        "achieved": ind.achieved,
        "note": ind.note,
    }
    for pv in ind.prior:
        values[f"prior.{pv.year}"] = pv.value
    return _with_inputs(values, prev, _INDICATOR_INPUTS) if fill_inputs else values


def objective_card(o: Objective, lang: str = "it") -> list[tuple[str, str, str]]:
    """The lines of an objective's card in the Obiettivi sheet: (field, label, text)."""
    n_ph, n_in = len(o.phases), len(o.indicators)
    if n_ph or n_in:
        todo = text("card.todo", lang, phases=n_ph, indicators=n_in)
    else:
        todo = text("card.nothing", lang)
    card = [
        (field, text(f"card.{field}", lang), value)
        for field, value in (
            ("responsabile", o.responsabile),
            ("assessorato", o.assessorato),
            ("valore_pubblico", o.valore_pubblico),
            ("mandato", str(o.mandate)),
            ("missione", str(o.mission)),
            ("programma", str(o.program)),
            ("stato", o.stato),
            ("da_compilare", todo),
        )
    ]
    lines = [ln for ln in o.modalita.split("\n") if ln.strip()]
    for n, part in enumerate(chunks(lines, 900), 1):
        card.append((f"modalita.{n}", text("card.modalita", lang) if n == 1 else "", part))
    return card


def band_text(o: Objective) -> str:
    """The text of the band that opens an objective."""
    return f"{o.code} — {o.title}"


def chunks(lines: list[str], limit: int) -> Iterator[str]:
    """Group lines into cell texts of at most ``limit`` characters (a longer line is split at a
    space), so no row needs more height than Excel allows (409 points)."""
    buf: list[str] = []
    size = 0
    for line in lines:
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            if buf:
                yield "\n".join(buf)
                buf, size = [], 0
            yield line[:cut].rstrip()
            line = line[cut:].lstrip()
        if buf and size + len(line) > limit:
            yield "\n".join(buf)
            buf, size = [], 0
        buf.append(line)
        size += len(line) + 1
    if buf:
        yield "\n".join(buf)


def stored(col: Column, v: object) -> object:
    """What a cell of ``col`` holds for the model value ``v`` (a percentage 91 is stored as
    0.91, a date as a date, Fatto as its text): the basis of the integrity hash."""
    if v is None or v == "":
        return None
    if isinstance(v, Value):
        return stored_value(v)
    if isinstance(v, date):
        return v
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return float(v)
    return str(v)

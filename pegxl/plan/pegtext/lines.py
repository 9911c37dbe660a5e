"""The lines of a PEG-PIAO text export, classified: page headers, labels, paragraphs, table rows.

The parser (:mod:`.parser`) reads the export as a sequence of :class:`Line` and fills the *slots*
defined here (:class:`ObjB`, :class:`PhaseB`, :class:`IndB`); the builder (:mod:`.build`) turns
them into the model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pegxl.model import Link

TAG = re.compile(r"</?(?:i|b|u|em|strong|span|font|p|br)\b[^>]*>", re.IGNORECASE)
CODE = re.compile(r"\d{4}_[A-Z0-9]+(?:_[A-Z0-9]+)+")
DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
ENTITY = re.compile(
    r"(Citt[aà]'?|Citt[aà]`|Comune|Provincia|Unione|Consorzio|Regione)\b.*", re.IGNORECASE
)
LINK = re.compile(r"OBIETTIVO DI (MANDATO|MISSIONE|PROGRAMMA)\s*:\s*(\S+)\s*(.*)", re.IGNORECASE)

PHASE_LABELS = {
    "fase",
    "inizio previsto",
    "fine prevista",
    "peso",
    "avanzamento",
    "responsabile",
    "centro di responsabilità",
    "centro di responsabilita",
    "note",
    "inizio effettivo",
    "fine effettiva",
}


def clean(text: str) -> str:
    """A cell's text without markup (``<i>``, ``**bold**``), non-breaking spaces or runs of
    spaces."""
    text = TAG.sub("", text).replace("\u00a0", " ")
    text = text.strip().strip("*").strip()
    return " ".join(text.split())


def norm_key(text: str) -> str:
    """Comparison key: no accents, no markup, no punctuation differences, case-folded."""
    t = unicodedata.normalize("NFKD", clean(text))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", t.casefold()).strip()


@dataclass
class Line:
    """One line of the export: its number, its tab-separated cells (cleaned), and whether it had
    tabs at all (a table row)."""

    no: int
    cells: list[str]
    tabbed: bool

    @property
    def text(self) -> str:
        """The line's cells joined by a space."""
        return " ".join(c for c in self.cells if c)

    @property
    def blank(self) -> bool:
        """True when the line holds nothing."""
        return not any(self.cells)


# labels of the objective body, by comparison key
L_VALORE = "valore pubblico"
L_COLLEGATO = "collegato a"
L_MODALITA = ("modalita di attuazione", "modalita  di attuazione")
L_STATO = "stato"
L_FASI = "fasi attivita"
L_INDICATORI = "indicatori"
L_ASSESSORATO = "assessorato"
L_CENTRO = "centro di responsabilita"
L_RESPONSABILE = "responsabile"
FIELD_LABELS = {
    L_ASSESSORATO: "assessorato",
    L_CENTRO: "centro",
    L_RESPONSABILE: "responsabile",
}
BODY_LABELS = {L_VALORE, L_COLLEGATO, *L_MODALITA, L_STATO, L_FASI, L_INDICATORI}


def is_marker(line: Line) -> bool:
    """The ``PEG-PIAO-SEZ. 2.2 PERFORMANCE`` line that opens a page header."""
    return not line.tabbed and line.text.upper().startswith("PEG-PIAO")


def is_label(line: Line) -> bool:
    """A label of an objective's body (``VALORE PUBBLICO``, ``FASI ATTIVITA``, a link line…)."""
    if line.tabbed:
        # "INDICATORI\t\t\t" is a label too
        return norm_key(line.cells[0]) in (L_INDICATORI, L_FASI) and not any(line.cells[1:])
    k = norm_key(line.text)
    return k in BODY_LABELS or k in FIELD_LABELS or bool(LINK.match(line.text))


# ---------------------------------------------------------------------------------------------
# slots: what the parser fills in, mutable while parsing, frozen into the model at the end


@dataclass
class PhaseB:
    """A phase being read: its name, the date rows that followed it (planned first, then actual)
    and the other fields by slot, each with its line."""

    name: str
    line: int
    date_rows: list[tuple[str, str, int]] = field(default_factory=list)
    slots: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class IndB:
    """An indicator being read, its fields as the export wrote them."""

    description: str
    line: int
    tipo: str = ""
    target: str = ""
    achieved: str = ""
    prior: dict[int, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class ObjB:
    """An objective being read; ``code`` is ``None`` while its header is missing."""

    code: str | None
    line: int
    title: str = ""
    assessorato: str = ""
    centro: str = ""
    responsabile: str = ""
    valore_pubblico: str = ""
    links: dict[str, Link] = field(default_factory=dict)
    modalita: list[str] = field(default_factory=list)
    stato: str = ""
    phases: list[PhaseB] = field(default_factory=list)
    indicators: list[IndB] = field(default_factory=list)
    headerless: bool = False
    recovered_from: int | None = None
    inferred_sector: str | None = None

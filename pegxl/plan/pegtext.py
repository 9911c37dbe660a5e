"""Import the text export of the PEG-PIAO report ("PEG-PIAO-SEZ. 2.2 PERFORMANCE") into a Plan.

The export is a page-by-page dump: every page may repeat the header (entity name, the PEG-PIAO
block with the objective code, Assessorato, Centro di Responsabilità, title, Responsabile),
sometimes wrapped in ``**bold**`` markup, or only the title. Tables are tab-separated, and the
phase table lets its fields wander: planned dates, weight and responsabile can sit on the row of
the phase name, on the row of the ``Inizio Effettivo`` placeholders, or on the rows after it.

The importer therefore works in two layers:

* a line classifier (page header, label, paragraph, table row, blank), and
* a state machine per objective that fills *slots*: a phase collects the date rows that follow it
  in order (first pair = planned, second = actual) and takes weight, progress, responsabile,
  centro and note from whichever of its rows holds them.

Nothing is dropped: an objective whose header page was lost is kept with a provisional code (or
the code of a later continuation page), a line that fits nowhere becomes a ``PLAN-011`` finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pegxl.findings import Code, Finding, T, make, os_error
from pegxl.model import (
    Indicator,
    Link,
    Objective,
    Phase,
    Plan,
    PriorValue,
    Sector,
    indicator_id,
    phase_id,
)
from pegxl.plan import rules as planrules
from pegxl.values import (
    Kind,
    ParseError,
    Value,
    format_number,
    kind_label,
    note_en,
    parse_auto,
)
from pegxl.values import parse_date as _parse_date
from pegxl.values import parse_number as _parse_number
from pegxl.values import parse_percent as _parse_percent

__all__ = ["ImportResult", "import_text", "parse_text"]


@dataclass
class ImportResult:
    """The outcome of an import: the plan (``None`` if no sound plan could be read) and findings."""

    plan: Plan | None
    findings: list[Finding]


# ---------------------------------------------------------------------------------------------
# lines

_TAG = re.compile(r"</?(?:i|b|u|em|strong|span|font|p|br)\b[^>]*>", re.IGNORECASE)
_CODE = re.compile(r"\d{4}_[A-Z0-9]+(?:_[A-Z0-9]+)+")
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_ENTITY = re.compile(
    r"(Citt[aà]'?|Citt[aà]`|Comune|Provincia|Unione|Consorzio|Regione)\b.*", re.IGNORECASE
)
_LINK = re.compile(r"OBIETTIVO DI (MANDATO|MISSIONE|PROGRAMMA)\s*:\s*(\S+)\s*(.*)", re.IGNORECASE)

_PHASE_LABELS = {
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


def _clean(text: str) -> str:
    text = _TAG.sub("", text).replace("\u00a0", " ")
    text = text.strip().strip("*").strip()
    return " ".join(text.split())


def _key(text: str) -> str:
    """Comparison key: no accents, no markup, no punctuation differences, case-folded."""
    t = unicodedata.normalize("NFKD", _clean(text))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", t.casefold()).strip()


@dataclass
class _Line:
    no: int
    cells: list[str]
    tabbed: bool

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)

    @property
    def blank(self) -> bool:
        return not any(self.cells)


# labels of the objective body, by comparison key
_L_VALORE = "valore pubblico"
_L_COLLEGATO = "collegato a"
_L_MODALITA = ("modalita di attuazione", "modalita  di attuazione")
_L_STATO = "stato"
_L_FASI = "fasi attivita"
_L_INDICATORI = "indicatori"
_L_ASSESSORATO = "assessorato"
_L_CENTRO = "centro di responsabilita"
_L_RESPONSABILE = "responsabile"
_FIELD_LABELS = {
    _L_ASSESSORATO: "assessorato",
    _L_CENTRO: "centro",
    _L_RESPONSABILE: "responsabile",
}
_BODY_LABELS = {_L_VALORE, _L_COLLEGATO, *_L_MODALITA, _L_STATO, _L_FASI, _L_INDICATORI}


def _is_marker(line: _Line) -> bool:
    return not line.tabbed and line.text.upper().startswith("PEG-PIAO")


def _is_label(line: _Line) -> bool:
    if line.tabbed:
        # "INDICATORI\t\t\t" is a label too
        return _key(line.cells[0]) in (_L_INDICATORI, _L_FASI) and not any(line.cells[1:])
    k = _key(line.text)
    return k in _BODY_LABELS or k in _FIELD_LABELS or bool(_LINK.match(line.text))


# ---------------------------------------------------------------------------------------------
# builders (mutable while parsing, frozen into the model at the end)


@dataclass
class _PhaseB:
    name: str
    line: int
    date_rows: list[tuple[str, str, int]] = field(default_factory=list)
    slots: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class _IndB:
    description: str
    line: int
    tipo: str = ""
    target: str = ""
    achieved: str = ""
    prior: dict[int, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class _ObjB:
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
    phases: list[_PhaseB] = field(default_factory=list)
    indicators: list[_IndB] = field(default_factory=list)
    headerless: bool = False
    recovered_from: int | None = None
    inferred_sector: str | None = None


# ---------------------------------------------------------------------------------------------
# the parser


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [self._split(no, raw) for no, raw in enumerate(text.splitlines(), 1)]
        self.findings: list[Finding] = []
        self.objectives: list[_ObjB] = []
        self.cur: _ObjB | None = None
        self.section: str | None = None
        self.entity = ""
        self.meta: dict[str, str] = {}
        self.prior_years: list[int] = []
        self.last_row_line = -10  # line number of the last table row, for wrapped cells
        self.page_break = False
        self.saw_marker = False

    @staticmethod
    def _split(no: int, raw: str) -> _Line:
        raw = raw.rstrip("\r\n")
        return _Line(no, [_clean(c) for c in raw.split("\t")], "\t" in raw)

    # -- helpers -------------------------------------------------------------------------------
    def warn(self, code: Code, line: int | None = None, **kw: object) -> None:
        self.findings.append(make(code, file=self.source, line=line, **kw))  # type: ignore[arg-type]

    def next_nonblank(self, i: int) -> int:
        while i < len(self.lines) and self.lines[i].blank:
            i += 1
        return i

    def paragraph(self, i: int) -> tuple[str, int]:
        """Join consecutive untabbed, non-label lines from ``i``; return text and next index."""
        parts: list[str] = []
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank or ln.tabbed or _is_marker(ln) or (parts and _is_label(ln)):
                break
            parts.append(ln.text)
            i += 1
        return " ".join(parts), i

    def value_after_label(self, i: int) -> tuple[str, int]:
        """The paragraph that follows the label at ``i`` (blank lines between are skipped)."""
        j = self.next_nonblank(i + 1)
        if j >= len(self.lines) or self.lines[j].tabbed or _is_marker(self.lines[j]):
            return "", i + 1
        if _is_label(self.lines[j]):
            return "", j
        return self.paragraph(j)

    def start_objective(self, code: str | None, line: int, headerless: bool = False) -> _ObjB:
        existing = next((o for o in self.objectives if code and o.code == code), None)
        if existing is not None:
            self.cur = existing
            return existing
        obj = _ObjB(code=code, line=line, headerless=headerless)
        self.objectives.append(obj)
        self.cur = obj
        self.section = None
        return obj

    # -- main loop -----------------------------------------------------------------------------
    def run(self) -> None:
        i, n = 0, len(self.lines)
        blank_run = 0
        while i < n:
            ln = self.lines[i]
            if ln.blank:
                blank_run += 1
                if blank_run >= 3:
                    self.page_break = True
                i += 1
                continue
            blank_run = 0
            if _is_marker(ln):
                i = self.header(i)
                continue
            if not ln.tabbed and _ENTITY.fullmatch(ln.text):
                j = self.next_nonblank(i + 1)
                if j < n and _is_marker(self.lines[j]):
                    self.entity = self.entity or _entity_name(ln.text)
                    self.page_break = True
                    i = j
                    continue
            i = self.tab_line(i) if ln.tabbed else self.text_line(i)

    # -- page header ---------------------------------------------------------------------------
    def header(self, i: int) -> int:
        self.saw_marker = True
        self.page_break = True
        marker_line = self.lines[i].no
        j = self.next_nonblank(i + 1)
        if j < len(self.lines) and self.lines[j].text.upper().startswith("PERFORMANCE"):
            j = self.next_nonblank(j + 1)
        code = None
        if j < len(self.lines) and _CODE.fullmatch(self.lines[j].text):
            code = self.lines[j].text
            j += 1
        fields: dict[str, str] = {}
        title = ""
        while True:
            j = self.next_nonblank(j)
            if j >= len(self.lines):
                break
            ln = self.lines[j]
            if ln.tabbed or _is_marker(ln):
                break
            k = _key(ln.text)
            if k in _FIELD_LABELS:
                value, j = self.value_after_label(j)
                fields.setdefault(_FIELD_LABELS[k], value)
                continue
            if _is_label(ln) or title:
                break
            title, j = self.paragraph(j)
            if "responsabile" in fields:
                break  # title after Responsabile: the header is complete
        self.apply_header(code, marker_line, title, fields)
        return j

    def apply_header(self, code: str | None, line: int, title: str, fields: dict[str, str]) -> None:
        cur = self.cur
        if code is not None and cur is not None and cur.code == code:
            self.merge_fields(cur, title, fields, line)
            return
        if (
            code is not None
            and cur is not None
            and cur.code is None
            and (not title or _key(title) == _key(cur.title))
            # a code another objective already has is that objective's continuation page: the
            # headerless one keeps a provisional code rather than a duplicate
            and not any(o.code == code for o in self.objectives)
        ):
            cur.code = code
            cur.recovered_from = line
            self.merge_fields(cur, title, fields, line)
            return
        obj = self.start_objective(code, line, headerless=code is None)
        self.merge_fields(obj, title, fields, line)

    def merge_fields(self, obj: _ObjB, title: str, fields: dict[str, str], line: int) -> None:
        if title and not obj.title:
            obj.title = title
        for name, value in fields.items():
            old = getattr(obj, name)
            if not old:
                setattr(obj, name, value)
            elif value and _key(old) != _key(value):
                where = obj.code or obj.title[:40]
                self.warn(Code.FIELD_CONFLICT, line, field=name, where=where, a=old, b=value)

    # -- untabbed text -------------------------------------------------------------------------
    def text_line(self, i: int) -> int:
        ln = self.lines[i]
        k = _key(ln.text)
        if self.section == "fasi" and _DATE.fullmatch(ln.text):
            self.phase_row([ln.text], ln.no)  # a date that wandered into the name column
            return i + 1
        if self.cur is None and not self.saw_marker and k == "parametri selezionati":
            return i + 1  # the preamble of the export
        if k in _FIELD_LABELS:
            value, j = self.value_after_label(i)
            if self.cur is not None:
                self.merge_fields(self.cur, "", {_FIELD_LABELS[k]: value}, ln.no)
            return j
        if k == _L_VALORE:
            value, j = self.value_after_label(i)
            if self.cur is None:
                self.start_objective(None, ln.no, headerless=True)
            assert self.cur is not None
            self.cur.valore_pubblico = self.cur.valore_pubblico or value
            self.section = None
            return j
        if k == _L_COLLEGATO:
            self.section = "links"
            return i + 1
        if m := _LINK.match(ln.text):
            if self.cur is not None:
                kind = m.group(1).lower()
                self.cur.links.setdefault(kind, Link(m.group(2), m.group(3).strip()))
            return i + 1
        if k in _L_MODALITA:
            self.section = "modalita"
            self.page_break = False
            return i + 1
        if k == _L_STATO:
            value, j = self.value_after_label(i)
            if self.cur is not None:
                self.cur.stato = self.cur.stato or value
            self.section = None
            return j
        if k == _L_FASI:
            self.section = "fasi"
            return i + 1
        if k == _L_INDICATORI:
            self.section = "ind"
            return i + 1
        return self.paragraph_line(i)

    def paragraph_line(self, i: int) -> int:
        ln = self.lines[i]
        text, j = self.paragraph(i)
        cur = self.cur
        if cur is not None and cur.title and _key(text) == _key(cur.title):
            self.page_break = True  # the title repeated at the top of a page
            return j
        if self.starts_objective_body(j):
            obj = self.start_objective(None, ln.no, headerless=True)
            obj.title = text
            return j
        if cur is not None and self.section == "modalita":
            # list items follow each other without blank lines: keep the source lines
            for n, src in enumerate(self.lines[i:j]):
                line_text = src.text
                if (
                    n == 0
                    and cur.modalita
                    and self.page_break
                    and _continues(cur.modalita[-1], line_text)
                ):
                    cur.modalita[-1] += " " + line_text
                else:
                    cur.modalita.append(line_text)
            self.page_break = False
            return j
        if self.section in ("fasi", "ind") and ln.no == self.last_row_line + 1:
            self.append_wrapped(text)
            self.last_row_line = self.lines[j - 1].no
            return j
        if self.section in ("fasi", "ind") and j < len(self.lines):
            nxt = self.lines[j]
            if nxt.tabbed and nxt.no == self.lines[j - 1].no + 1 and nxt.cells[0]:
                nxt.cells[0] = f"{text} {nxt.cells[0]}"  # the first part of a wrapped name
                return j
        if cur is not None and not cur.title:
            cur.title = text
            return j
        self.warn(Code.LINE_NOT_PLACED, ln.no, raw=text[:200])
        return j

    def starts_objective_body(self, j: int) -> bool:
        """True when the paragraph ending before ``j`` is followed by an objective body."""
        k = self.next_nonblank(j)
        if k < len(self.lines) and not self.lines[k].tabbed:
            key = _key(self.lines[k].text)
            if key == _L_RESPONSABILE:  # Responsabile / NAME / VALORE PUBBLICO
                _, after = self.value_after_label(k)
                k = self.next_nonblank(after)
                key = _key(self.lines[k].text) if k < len(self.lines) else ""
            return key in (_L_VALORE, _L_COLLEGATO) or bool(
                k < len(self.lines) and _LINK.match(self.lines[k].text)
            )
        return False

    def append_wrapped(self, text: str) -> None:
        cur = self.cur
        if cur is None:
            return
        if self.section == "fasi" and cur.phases:
            cur.phases[-1].name += " " + text
        elif self.section == "ind" and cur.indicators:
            cur.indicators[-1].description += " " + text

    # -- tables ----------------------------------------------------------------------------------
    def tab_line(self, i: int) -> int:
        ln = self.lines[i]
        c0 = _key(ln.cells[0])
        if self.cur is None and not self.saw_marker and c0 in ("vista", "livello", _L_VALORE):
            self.meta[c0] = " ".join(c for c in ln.cells[1:] if c)
            return i + 1
        if c0 in (_L_INDICATORI, _L_FASI) and not any(ln.cells[1:]):
            self.section = "ind" if c0 == _L_INDICATORI else "fasi"
            return i + 1
        if c0 == "descrizione" and any(_key(c) == "tipo" for c in ln.cells):
            self.section = "ind"
            self.indicator_header(ln)
            return i + 1
        labels = sum(1 for c in ln.cells if _key(c) in _PHASE_LABELS or c.casefold() == "fase")
        if (labels >= 2 and self.section != "ind") or c0 == "fase":
            self.section = "fasi"
        if self.cur is None:
            self.warn(Code.LINE_NOT_PLACED, ln.no, raw=ln.text[:200])
            return i + 1
        if self.section == "fasi":
            self.phase_row(ln.cells, ln.no)
        elif self.section == "ind":
            self.indicator_row(ln.cells, ln.no)
        else:
            self.warn(Code.LINE_NOT_PLACED, ln.no, raw=ln.text[:200])
        return i + 1

    def phase_row(self, cells: list[str], no: int) -> None:
        cur = self.cur
        assert cur is not None
        c = [*cells, *[""] * (8 - len(cells))]
        c0 = c[0]
        is_lbl = _key(c0) in _PHASE_LABELS
        if c0 and not is_lbl and not _DATE.fullmatch(c0):
            name = re.sub(r"^FASE\s+", "", c0).strip()
            cur.phases.append(_PhaseB(name=name, line=no))
        if not cur.phases:
            if any(x and _key(x) not in _PHASE_LABELS for x in c):
                self.warn(Code.LINE_NOT_PLACED, no, raw="\t".join(cells)[:200])
            return
        ph = cur.phases[-1]
        self.last_row_line = no
        if _DATE.fullmatch(c0):
            end = c[1] if _DATE.fullmatch(c[1]) else ""
            ph.date_rows.append((c0, end, no))
        else:
            d1 = c[1] if _DATE.fullmatch(c[1]) else ""
            d2 = c[2] if _DATE.fullmatch(c[2]) else ""
            if d1 or d2:
                ph.date_rows.append((d1, d2, no))
            for k, col in ((1, "Inizio"), (2, "Fine")):
                if c[k] and not _DATE.fullmatch(c[k]) and _key(c[k]) not in _PHASE_LABELS:
                    self.warn(
                        Code.WRONG_COLUMN,
                        no,
                        column=f"{col} (date)",
                        where=f"fase «{ph.name[:60]}»",
                        raw=c[k],
                        detail=T("non è una data", "not a date"),
                        row_id=cur.code,
                    )
        for k, slot in ((3, "weight"), (4, "progress"), (5, "resp"), (6, "centro"), (7, "note")):
            v = c[k]
            if not v or _key(v) in _PHASE_LABELS:
                continue
            old = ph.slots.get(slot)
            if old is None:
                ph.slots[slot] = (v, no)
            elif _key(old[0]) != _key(v):
                self.warn(
                    Code.FIELD_CONFLICT,
                    no,
                    field=slot,
                    where=f"fase «{ph.name[:60]}»",
                    a=old[0],
                    b=v,
                )
        extra = [x for x in c[8:] if x]
        if extra:
            self.warn(Code.LINE_NOT_PLACED, no, raw=" | ".join(extra)[:200])

    def indicator_header(self, ln: _Line) -> None:
        years = []
        for cell in ln.cells:
            m = re.fullmatch(r"valore raggiunto (\d{4})", _key(cell))
            if m:
                years.append(int(m.group(1)))
        if years:
            self.prior_years = years

    def indicator_row(self, cells: list[str], no: int) -> None:
        cur = self.cur
        assert cur is not None
        c = [*cells, *[""] * (7 - len(cells))]
        if not c[0]:
            if any(c):
                if cur.indicators:  # the rest of a row that wrapped
                    self.merge_indicator(cur.indicators[-1], c, no)
                else:
                    self.warn(Code.LINE_NOT_PLACED, no, raw="\t".join(cells)[:200])
            return
        ind = _IndB(description=c[0], line=no)
        cur.indicators.append(ind)
        self.merge_indicator(ind, c, no)
        self.last_row_line = no

    def merge_indicator(self, ind: _IndB, c: list[str], no: int) -> None:
        years = self.prior_years or []
        ind.tipo = ind.tipo or c[1]
        ind.target = ind.target or c[2]
        ind.achieved = ind.achieved or c[3]
        for pos, year in zip((4, 5), years, strict=False):
            if c[pos]:
                ind.prior.setdefault(year, c[pos])
        if len(years) < 2:
            for pos in range(4 + len(years), 6):
                if c[pos]:
                    self.warn(Code.LINE_NOT_PLACED, no, raw=c[pos])
        ind.note = ind.note or c[6]
        extra = [x for x in c[7:] if x]
        if extra:
            self.warn(Code.LINE_NOT_PLACED, no, raw=" | ".join(extra)[:200])


def _continues(previous: str, text: str) -> bool:
    """A paragraph cut by a page break: the previous one has no final punctuation and this one
    starts in lower case."""
    return bool(previous) and previous[-1] not in ".;:!?" and text[:1].islower()


def _entity_name(text: str) -> str:
    text = re.sub(r"^Citt[aà]['`]?", "Città", text, flags=re.IGNORECASE)
    return text.strip()


# ---------------------------------------------------------------------------------------------
# from builders to the model


class _Builder:
    def __init__(self, p: _Parser) -> None:
        self.p = p
        self.findings = p.findings
        self.source = p.source

    def warn(self, code: Code, line: int | None = None, **kw: object) -> None:
        self.findings.append(make(code, file=self.source, line=line, **kw))  # type: ignore[arg-type]

    def year(self) -> int:
        years = Counter(int(o.code[:4]) for o in self.p.objectives if o.code)
        if years:
            return years.most_common(1)[0][0]
        m = re.search(r"(20\d\d)", self.p.meta.get("vista", ""))
        return int(m.group(1)) if m else 0

    def build(self) -> Plan:
        year = self.year()
        prior_years = self.p.prior_years or [year - 1, year - 2]
        self.p.prior_years = prior_years
        n_prov = 0
        codes: list[str] = []
        for ob in self.p.objectives:
            if ob.code is None:  # kept with a provisional code: the plan rules report it
                n_prov += 1
                ob.code = f"{year}_ND_{n_prov:02d}"
            elif ob.recovered_from is not None:
                self.warn(
                    Code.CODE_RECOVERED,
                    ob.line,
                    objective=ob.code,
                    title=_short(ob.title),
                    from_line=ob.recovered_from,
                    row_id=ob.code,
                )
            codes.append(ob.code)
        sectors = self.sectors()
        objectives = tuple(self.objective(ob, sectors) for ob in self.p.objectives)
        used = {o.sector_code for o in objectives}
        return Plan(
            entity=self.p.entity,
            year=year,
            view=self.p.meta.get("vista", ""),
            level=self.p.meta.get("livello", ""),
            value_label=self.p.meta.get(_L_VALORE, ""),
            sectors=tuple(s for s in sectors.values() if s.code in used),
            objectives=objectives,
        )

    # -- sectors ---------------------------------------------------------------------------------
    def sectors(self) -> dict[str, Sector]:
        groups: dict[str, list[_ObjB]] = {}
        for ob in self.p.objectives:
            assert ob.code is not None
            if not ob.headerless or ob.recovered_from is not None:
                groups.setdefault(_sector_code(ob.code), []).append(ob)
        out: dict[str, Sector] = {}
        for code, obs in groups.items():
            names = [o.centro for o in obs if o.centro]
            name = _most_common(names)
            for o in obs:
                if o.centro and _key(o.centro) != _key(name):
                    self.warn(
                        Code.FIELD_CONFLICT,
                        o.line,
                        field="Centro di Responsabilità",
                        where=f"settore {code}",
                        a=name,
                        b=o.centro,
                        row_id=o.code,
                    )
            out[code] = Sector(
                code=code,
                name=name,
                assessorato=_most_common([o.assessorato for o in obs if o.assessorato]),
                responsabile=_most_common([o.responsabile for o in obs if o.responsabile]),
            )
        # objectives that never got a header: infer the sector from their phases' centres
        for ob in self.p.objectives:
            if ob.headerless and ob.recovered_from is None:
                assert ob.code is not None
                self.infer_sector(ob, out)
        return out

    def infer_sector(self, ob: _ObjB, sectors: dict[str, Sector]) -> None:
        centres = (
            [ob.centro]
            if ob.centro
            else [ph.slots["centro"][0] for ph in ob.phases if "centro" in ph.slots]
        )
        centre = _most_common(centres)
        match = [s for s in sectors.values() if centre and _abbrev_matches(centre, s.name)]
        if len(match) == 1:
            ob.centro = match[0].name
            detail = T(
                f"il centro «{centre}» indicato nelle fasi corrisponde al settore "
                f"{match[0].code} {match[0].name}",
                f"the centre «{centre}» named in the phases matches sector "
                f"{match[0].code} {match[0].name}",
            )
            ob_sector = match[0].code
        else:
            ob_sector = "ND"
            n = 1
            while ob_sector in sectors and _key(sectors[ob_sector].name) != _key(centre):
                n += 1
                ob_sector = f"ND{n}"
            sectors.setdefault(
                ob_sector, Sector(code=ob_sector, name=centre or "Settore da attribuire")
            )
            ob.centro = sectors[ob_sector].name
            detail = T(
                f"nessun settore del piano corrisponde al centro «{centre or '—'}» indicato nelle "
                f"fasi; creato il settore provvisorio {ob_sector}",
                f"no sector of the plan matches the centre «{centre or '—'}» named in the phases; "
                f"provisional sector {ob_sector} created",
            )
        ob.inferred_sector = ob_sector
        self.warn(Code.SECTOR_INFERRED, ob.line, objective=ob.code, detail=detail, row_id=ob.code)

    # -- objectives ------------------------------------------------------------------------------
    def objective(self, ob: _ObjB, sectors: dict[str, Sector]) -> Objective:
        assert ob.code is not None
        code = ob.code
        sector_code = ob.inferred_sector or _sector_code(code)
        phases = tuple(self.phase(ph, code, n) for n, ph in enumerate(ob.phases, 1))
        indicators = tuple(self.indicator(ind, code, n) for n, ind in enumerate(ob.indicators, 1))
        return Objective(
            code=code,
            title=ob.title,
            sector_code=sector_code,
            assessorato=ob.assessorato,
            responsabile=ob.responsabile,
            valore_pubblico=ob.valore_pubblico,
            mandate=ob.links.get("mandato", Link()),
            mission=ob.links.get("missione", Link()),
            program=ob.links.get("programma", Link()),
            modalita="\n".join(ob.modalita),
            stato=ob.stato,
            provisional=ob.headerless and ob.recovered_from is None,
            phases=phases,
            indicators=indicators,
            source_line=ob.line,
        )

    def phase(self, b: _PhaseB, code: str, n: int) -> Phase:
        pid = phase_id(code, n)
        where = f"fase «{_short(b.name)}»"
        dates: list[tuple[str, str, int]] = b.date_rows[:2]
        for extra in b.date_rows[2:]:
            self.warn(Code.LINE_NOT_PLACED, extra[2], raw=" ".join(extra[:2]).strip())
        parsed: list[object] = []
        for row in dates:
            for raw in row[:2]:
                parsed.append(self.date(raw, row[2], where, pid))
        while len(parsed) < 4:
            parsed.append(None)
        ps, pe, as_, ae = parsed
        weight = self.number(b.slots.get("weight"), "Peso", where, pid, _parse_number)
        progress = self.number(b.slots.get("progress"), "Avanzamento", where, pid, _parse_percent)
        resp = b.slots.get("resp", ("", 0))[0]
        phase = Phase(
            id=pid,
            objective_code=code,
            name=b.name,
            planned_start=ps,  # type: ignore[arg-type]
            planned_end=pe,  # type: ignore[arg-type]
            actual_start=as_,  # type: ignore[arg-type]
            actual_end=ae,  # type: ignore[arg-type]
            weight=weight,
            progress=progress,
            responsabili=tuple(r.strip() for r in resp.split(";") if r.strip()),
            centro=b.slots.get("centro", ("", 0))[0],
            note=b.slots.get("note", ("", 0))[0],
            source_line=b.line,
        )
        return phase

    def date(self, raw: str, line: int, where: str, row_id: str) -> object:
        if not raw:
            return None
        try:
            return _parse_date(raw).value
        except ParseError as e:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column="data",
                where=where,
                raw=raw,
                detail=T(e.message_it, e.message_en),
                row_id=row_id,
            )
            return None

    def number(
        self, slot: tuple[str, int] | None, column: str, where: str, row_id: str, fn: object
    ) -> float | None:
        if slot is None:
            return None
        raw, line = slot
        try:
            v = fn(raw)  # type: ignore[operator]
        except ParseError as e:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column=column,
                where=where,
                raw=raw,
                detail=T(e.message_it, e.message_en),
                row_id=row_id,
            )
            return None
        return float(v.value)

    def indicator(self, b: _IndB, code: str, n: int) -> Indicator:
        iid = indicator_id(code, n)
        where = f"indicatore «{_short(b.description)}»"
        tipo = b.tipo.strip().upper()
        target = self.value(b.target, b.line, where, iid)
        achieved = self.value(b.achieved, b.line, where, iid)
        prior = []
        for year in self.p.prior_years:
            raw = b.prior.get(year)
            v = self.value(raw or "", b.line, where, iid)
            if v is None:
                continue
            prior.append(PriorValue(year, v))
            self.compare_kinds(v, target, f"Valore Raggiunto {year}", b.line, where, iid)
        if achieved is not None:
            self.compare_kinds(achieved, target, "Valore Raggiunto", b.line, where, iid)
        return Indicator(
            id=iid,
            objective_code=code,
            description=b.description,
            tipo=tipo,
            target=target,
            achieved=achieved,
            prior=tuple(prior),
            note=b.note,
            source_line=b.line,
        )

    def value(self, raw: str, line: int, where: str, row_id: str) -> Value | None:
        v = parse_auto(raw)
        if v is not None and v.note and v.kind in (Kind.NUMBER, Kind.PERCENT):
            self.warn(
                Code.AMBIGUOUS_NUMBER,
                line,
                raw=raw,
                where=where,
                row_id=row_id,
                value=format_number(float(v.value)).replace(".", ""),  # type: ignore[arg-type]
                detail=T(v.note, note_en(v.note)),
            )
        return v

    def compare_kinds(
        self, v: Value, target: Value | None, column: str, line: int, where: str, row_id: str
    ) -> None:
        if target is None or v.kind == target.kind:
            return
        if v.kind is Kind.DATE:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column=column,
                where=where,
                raw=v.raw,
                detail=T(
                    f"una data dove è atteso un valore di tipo {kind_label(target.kind)}",
                    f"a date where a {kind_label(target.kind, 'en')} value is expected",
                ),
                row_id=row_id,
            )
        elif {v.kind, target.kind} != {Kind.NUMBER, Kind.PERCENT}:
            self.warn(
                Code.PRIOR_KIND_DIFFERS,
                line,
                column=column,
                where=where,
                raw=v.raw,
                found=kind_label(v.kind),
                expected=kind_label(target.kind),
                row_id=row_id,
            )


_short = planrules.short


def _most_common(items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return ""
    counts = Counter(_key(x) for x in items)
    best = max(counts.values())
    return next(x for x in items if counts[_key(x)] == best)


def _sector_code(objective_code: str) -> str:
    parts = objective_code.split("_")
    return "_".join(parts[1:-1]) if len(parts) >= 3 else parts[-1]


_STOP = {
    "sett",
    "settore",
    "serv",
    "servizio",
    "servizi",
    "ufficio",
    "uff",
    "e",
    "ed",
    "di",
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "ai",
    "a",
    "al",
    "alla",
    "per",
    "la",
    "il",
    "lo",
    "le",
    "gli",
}


def _abbrev_matches(abbrev: str, name: str) -> bool:
    """``SETT. POLIT. CULTURALI E SPORT`` matches ``SETTORE POLITICHE CULTURALI E DELLO SPORT``:
    every significant word of the abbreviation is a prefix of a word of the name."""
    a = [t for t in _key(abbrev).split() if t not in _STOP]
    n = [t for t in _key(name).split() if t not in _STOP]
    return bool(a) and all(any(w.startswith(t) for w in n) for t in a)


# ---------------------------------------------------------------------------------------------
# public entry points


def parse_text(text: str, source: str = "<testo>") -> ImportResult:
    """Parse the text of a PEG-PIAO export. Never raises on bad content: see the findings."""
    p = _Parser(text, source)
    p.run()
    if not p.objectives:
        detail = (
            T(
                "nessun obiettivo trovato (manca l'intestazione «PEG-PIAO-SEZ. 2.2 PERFORMANCE»)",
                "no objective found (the «PEG-PIAO-SEZ. 2.2 PERFORMANCE» header is missing)",
            )
            if not p.saw_marker
            else T(
                "intestazioni presenti ma nessun obiettivo leggibile",
                "headers present but no readable objective",
            )
        )
        return ImportResult(None, [make(Code.NOT_A_PEG_EXPORT, file=source, detail=detail)])
    plan = _Builder(p).build()
    lines: dict[str, int | None] = {}
    for o in plan.objectives:
        lines[o.code] = o.source_line
        for ph in o.phases:
            lines[ph.id] = ph.source_line
        for ind in o.indicators:
            lines[ind.id] = ind.source_line

    def locate(row_id: str, key: str) -> dict[str, object]:
        return {"file": source, "line": lines.get(row_id)}

    p.findings.extend(planrules.check(plan, locate))
    p.findings.sort(key=lambda f: f.line or 0)
    return ImportResult(plan, p.findings)


def decode(data: bytes) -> str:
    """Decode an export: UTF-8 (with or without BOM), else Windows-1252 as saved by Office."""
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def import_text(path: str | Path) -> ImportResult:
    """Read a PEG-PIAO text export from ``path`` into a Plan (see :func:`parse_text`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return ImportResult(None, [make(Code.FILE_UNREADABLE, file=str(path), detail=os_error(e))])
    if b"\x00" in data[:4096]:
        return ImportResult(
            None,
            [
                make(
                    Code.NOT_A_PEG_EXPORT,
                    file=str(path),
                    detail=T("è un file binario, non un testo", "it is a binary file, not text"),
                )
            ],
        )
    return parse_text(decode(data), source=str(path))

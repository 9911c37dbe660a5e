"""The state machine that reads a PEG-PIAO text export line by line into objective slots.

A page header (the ``PEG-PIAO`` marker, the objective code, Assessorato, Centro di
Responsabilità, title, Responsabile) opens or continues an objective; labels switch sections
(modalità, fasi, indicatori); table rows fill the slots of a phase or an indicator. A phase
collects the date rows that follow it in order — the first pair is planned, the second actual — and
takes weight, progress, responsabile, centro and note from whichever of its rows holds them. This
module is long because the export is: each branch handles one shape the real exports take, and
reading them in one place is what keeps them consistent.
"""

from __future__ import annotations

import re

from pegxl.findings import Code, Collector
from pegxl.i18n import tr
from pegxl.model import Link
from pegxl.plan.pegtext.lines import (
    CODE,
    DATE,
    ENTITY,
    FIELD_LABELS,
    L_COLLEGATO,
    L_FASI,
    L_INDICATORI,
    L_MODALITA,
    L_RESPONSABILE,
    L_STATO,
    L_VALORE,
    LINK,
    PHASE_LABELS,
    IndB,
    Line,
    ObjB,
    PhaseB,
    clean,
    is_label,
    is_marker,
    norm_key,
)

__all__ = ["Parser"]


class Parser:
    """Reads the lines of an export into objective slots (:attr:`objectives`), the entity name,
    the header labels of the report and the prior years of the indicator tables; what it cannot
    place is reported in :attr:`found`."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [self._split(no, raw) for no, raw in enumerate(text.splitlines(), 1)]
        self.found = Collector(source, cap=None)
        self.objectives: list[ObjB] = []
        self.cur: ObjB | None = None
        self.section: str | None = None
        self.entity = ""
        self.meta: dict[str, str] = {}
        self.prior_years: list[int] = []
        self.last_row_line = -10  # line number of the last table row, for wrapped cells
        self.page_break = False
        self.saw_marker = False

    @staticmethod
    def _split(no: int, raw: str) -> Line:
        raw = raw.rstrip("\r\n")
        return Line(no, [clean(c) for c in raw.split("\t")], "\t" in raw)

    # -- helpers -------------------------------------------------------------------------------
    def warn(self, code: Code, line: int | None = None, **kw: object) -> None:
        """A finding about the export at ``line``."""
        self.found.add(code, line=line, **kw)

    def next_nonblank(self, i: int) -> int:
        """The index of the first non-blank line from ``i``."""
        while i < len(self.lines) and self.lines[i].blank:
            i += 1
        return i

    def paragraph(self, i: int) -> tuple[str, int]:
        """Join consecutive untabbed, non-label lines from ``i``; return text and next index."""
        parts: list[str] = []
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank or ln.tabbed or is_marker(ln) or (parts and is_label(ln)):
                break
            parts.append(ln.text)
            i += 1
        return " ".join(parts), i

    def value_after_label(self, i: int) -> tuple[str, int]:
        """The paragraph that follows the label at ``i`` (blank lines between are skipped)."""
        j = self.next_nonblank(i + 1)
        if j >= len(self.lines) or self.lines[j].tabbed or is_marker(self.lines[j]):
            return "", i + 1
        if is_label(self.lines[j]):
            return "", j
        return self.paragraph(j)

    def start_objective(self, code: str | None, line: int, headerless: bool = False) -> ObjB:
        """Open (or return to) the objective with ``code``; ``None`` starts one whose header is
        lost."""
        existing = next((o for o in self.objectives if code and o.code == code), None)
        if existing is not None:
            self.cur = existing
            return existing
        obj = ObjB(code=code, line=line, headerless=headerless)
        self.objectives.append(obj)
        self.cur = obj
        self.section = None
        return obj

    # -- main loop -----------------------------------------------------------------------------
    def run(self) -> None:
        """Read every line: page headers, entity lines, tables and text."""
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
            if is_marker(ln):
                i = self.header(i)
                continue
            if not ln.tabbed and ENTITY.fullmatch(ln.text):
                j = self.next_nonblank(i + 1)
                if j < n and is_marker(self.lines[j]):
                    self.entity = self.entity or entity_name(ln.text)
                    self.page_break = True
                    i = j
                    continue
            i = self.tab_line(i) if ln.tabbed else self.text_line(i)

    # -- page header ---------------------------------------------------------------------------
    def header(self, i: int) -> int:
        """Read a page header from the marker at ``i``: code, Assessorato, Centro, Responsabile
        and title in whatever order they come; returns the index after it."""
        self.saw_marker = True
        self.page_break = True
        marker_line = self.lines[i].no
        j = self.next_nonblank(i + 1)
        if j < len(self.lines) and self.lines[j].text.upper().startswith("PERFORMANCE"):
            j = self.next_nonblank(j + 1)
        code = None
        if j < len(self.lines) and CODE.fullmatch(self.lines[j].text):
            code = self.lines[j].text
            j += 1
        fields: dict[str, str] = {}
        title = ""
        while True:
            j = self.next_nonblank(j)
            if j >= len(self.lines):
                break
            ln = self.lines[j]
            if ln.tabbed or is_marker(ln):
                break
            k = norm_key(ln.text)
            if k in FIELD_LABELS:
                value, j = self.value_after_label(j)
                fields.setdefault(FIELD_LABELS[k], value)
                continue
            if is_label(ln) or title:
                break
            title, j = self.paragraph(j)
            if "responsabile" in fields:
                break  # title after Responsabile: the header is complete
        self.apply_header(code, marker_line, title, fields)
        return j

    def apply_header(self, code: str | None, line: int, title: str, fields: dict[str, str]) -> None:
        """Attach a page header to the objective it belongs to: the current one, a headerless one
        it recovers the code of, or a new one."""
        cur = self.cur
        if code is not None and cur is not None and cur.code == code:
            self.merge_fields(cur, title, fields, line)
            return
        if (
            code is not None
            and cur is not None
            and cur.code is None
            and (not title or norm_key(title) == norm_key(cur.title))
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

    def merge_fields(self, obj: ObjB, title: str, fields: dict[str, str], line: int) -> None:
        """Fill an objective's empty header fields; a different value for a filled one is
        reported."""
        if title and not obj.title:
            obj.title = title
        for name, value in fields.items():
            old = getattr(obj, name)
            if not old:
                setattr(obj, name, value)
            elif value and norm_key(old) != norm_key(value):
                where = obj.code or obj.title[:40]
                label = tr("field.centro" if name == "centro" else f"objective.{name}")
                self.warn(
                    Code.FIELD_CONFLICT,
                    line,
                    field=label,
                    where=where,
                    a=old,
                    b=value,
                    row_id=obj.code,
                )

    # -- untabbed text -------------------------------------------------------------------------
    def text_line(self, i: int) -> int:
        """An untabbed line: a field or body label and its value, a section switch, or a
        paragraph; returns the next index."""
        ln = self.lines[i]
        k = norm_key(ln.text)
        if self.section == "fasi" and DATE.fullmatch(ln.text):
            self.phase_row([ln.text], ln.no)  # a date that wandered into the name column
            return i + 1
        if self.cur is None and not self.saw_marker and k == "parametri selezionati":
            return i + 1  # the preamble of the export
        if k in FIELD_LABELS:
            value, j = self.value_after_label(i)
            if self.cur is not None:
                self.merge_fields(self.cur, "", {FIELD_LABELS[k]: value}, ln.no)
            return j
        if k == L_VALORE:
            value, j = self.value_after_label(i)
            if self.cur is None:
                self.start_objective(None, ln.no, headerless=True)
            assert self.cur is not None
            self.cur.valore_pubblico = self.cur.valore_pubblico or value
            self.section = None
            return j
        if k == L_COLLEGATO:
            self.section = "links"
            return i + 1
        if m := LINK.match(ln.text):
            if self.cur is not None:
                kind = m.group(1).lower()
                self.cur.links.setdefault(kind, Link(m.group(2), m.group(3).strip()))
            return i + 1
        if k in L_MODALITA:
            self.section = "modalita"
            self.page_break = False
            return i + 1
        if k == L_STATO:
            value, j = self.value_after_label(i)
            if self.cur is not None:
                self.cur.stato = self.cur.stato or value
            self.section = None
            return j
        if k == L_FASI:
            self.section = "fasi"
            return i + 1
        if k == L_INDICATORI:
            self.section = "ind"
            return i + 1
        return self.paragraph_line(i)

    def paragraph_line(self, i: int) -> int:
        """A paragraph: a repeated title, the title of a headerless objective, a line of Modalità
        di Attuazione, the wrapped part of a table cell, or a line placed nowhere (reported)."""
        ln = self.lines[i]
        text, j = self.paragraph(i)
        cur = self.cur
        if cur is not None and cur.title and norm_key(text) == norm_key(cur.title):
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
                    and continues(cur.modalita[-1], line_text)
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
            key = norm_key(self.lines[k].text)
            if key == L_RESPONSABILE:  # Responsabile / NAME / VALORE PUBBLICO
                _, after = self.value_after_label(k)
                k = self.next_nonblank(after)
                key = norm_key(self.lines[k].text) if k < len(self.lines) else ""
            return key in (L_VALORE, L_COLLEGATO) or bool(
                k < len(self.lines) and LINK.match(self.lines[k].text)
            )
        return False

    def append_wrapped(self, text: str) -> None:
        """Add a wrapped line to the last phase's name or indicator's description."""
        cur = self.cur
        if cur is None:
            return
        if self.section == "fasi" and cur.phases:
            cur.phases[-1].name += " " + text
        elif self.section == "ind" and cur.indicators:
            cur.indicators[-1].description += " " + text

    # -- tables ----------------------------------------------------------------------------------
    def tab_line(self, i: int) -> int:
        """A tabbed line: the report's preamble, a table header or label, or a phase or indicator
        row; returns the next index."""
        ln = self.lines[i]
        c0 = norm_key(ln.cells[0])
        if self.cur is None and not self.saw_marker and c0 in ("vista", "livello", L_VALORE):
            self.meta[c0] = " ".join(c for c in ln.cells[1:] if c)
            return i + 1
        if c0 in (L_INDICATORI, L_FASI) and not any(ln.cells[1:]):
            self.section = "ind" if c0 == L_INDICATORI else "fasi"
            return i + 1
        if c0 == "descrizione" and any(norm_key(c) == "tipo" for c in ln.cells):
            self.section = "ind"
            self.indicator_header(ln)
            return i + 1
        labels = sum(1 for c in ln.cells if norm_key(c) in PHASE_LABELS or c.casefold() == "fase")
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
        """One row of the phase table: a new phase, or dates and slots for the last one."""
        cur = self.cur
        assert cur is not None
        c = [*cells, *[""] * (8 - len(cells))]
        c0 = c[0]
        is_lbl = norm_key(c0) in PHASE_LABELS
        if c0 and not is_lbl and not DATE.fullmatch(c0):
            name = re.sub(r"^FASE\s+", "", c0).strip()
            cur.phases.append(PhaseB(name=name, line=no))
        if not cur.phases:
            if any(x and norm_key(x) not in PHASE_LABELS for x in c):
                self.warn(Code.LINE_NOT_PLACED, no, raw="\t".join(cells)[:200])
            return
        ph = cur.phases[-1]
        self.last_row_line = no
        if DATE.fullmatch(c0):
            end = c[1] if DATE.fullmatch(c[1]) else ""
            ph.date_rows.append((c0, end, no))
        else:
            d1 = c[1] if DATE.fullmatch(c[1]) else ""
            d2 = c[2] if DATE.fullmatch(c[2]) else ""
            if d1 or d2:
                ph.date_rows.append((d1, d2, no))
            for k, col in ((1, "start"), (2, "end")):
                if c[k] and not DATE.fullmatch(c[k]) and norm_key(c[k]) not in PHASE_LABELS:
                    self.warn(
                        Code.WRONG_COLUMN,
                        no,
                        column=tr(f"field.{col}_date"),
                        where=tr("where.phase", name=ph.name[:60]),
                        raw=c[k],
                        detail=tr("detail.not_a_date"),
                        row_id=cur.code,
                    )
        for k, slot in ((3, "weight"), (4, "progress"), (5, "resp"), (6, "centro"), (7, "note")):
            v = c[k]
            if not v or norm_key(v) in PHASE_LABELS:
                continue
            old = ph.slots.get(slot)
            if old is None:
                ph.slots[slot] = (v, no)
            elif norm_key(old[0]) != norm_key(v):
                self.warn(
                    Code.FIELD_CONFLICT,
                    no,
                    field=tr(f"field.{slot}"),
                    where=tr("where.phase", name=ph.name[:60]),
                    a=old[0],
                    b=v,
                )
        extra = [x for x in c[8:] if x]
        if extra:
            self.warn(Code.LINE_NOT_PLACED, no, raw=" | ".join(extra)[:200])

    def indicator_header(self, ln: Line) -> None:
        """The header row of the indicator table, which names the prior years."""
        years = []
        for cell in ln.cells:
            m = re.fullmatch(r"valore raggiunto (\d{4})", norm_key(cell))
            if m:
                years.append(int(m.group(1)))
        if years:
            self.prior_years = years

    def indicator_row(self, cells: list[str], no: int) -> None:
        """One row of the indicator table: a new indicator, or the rest of a wrapped one."""
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
        ind = IndB(description=c[0], line=no)
        cur.indicators.append(ind)
        self.merge_indicator(ind, c, no)
        self.last_row_line = no

    def merge_indicator(self, ind: IndB, c: list[str], no: int) -> None:
        """Fill an indicator's fields from a row; cells beyond the table are reported."""
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


def continues(previous: str, text: str) -> bool:
    """A paragraph cut by a page break: the previous one has no final punctuation and this one
    starts in lower case."""
    return bool(previous) and previous[-1] not in ".;:!?" and text[:1].islower()


def entity_name(text: str) -> str:
    """The entity's name as the report writes it, with the accent of ``Città`` restored."""
    text = re.sub(r"^Citt[aà]['`]?", "Città", text, flags=re.IGNORECASE)
    return text.strip()

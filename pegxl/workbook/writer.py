"""Build the sector workbooks with XlsxWriter: one locked, fill-in workbook per sector.

Each workbook has the sheets of :mod:`pegxl.workbook.layout`: *Istruzioni* (from a jinja2 template),
*Obiettivi* (a read-only card per objective), *Fasi* and *Indicatori* (one row per phase or
indicator, grouped under a locked band with the objective's title) and the very hidden *_pegxl*
metadata sheet (schema version, plan fingerprint, sector, period and a hash of each row's locked
content). Only the input cells are unlocked and yellow; every sheet is protected and the workbook
structure is locked. Same plan and options ⇒ byte-identical files.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from pegxl import __version__, cells, resources
from pegxl.findings import Finding
from pegxl.model import Indicator, Objective, Period, Phase, Plan, Sector
from pegxl.outputs import (
    OutputKind,
    Outputs,
    atomic_path,
    clean_text,
    close_workbook,
    seal_zip,
)
from pegxl.values import Kind, Value, format_done, format_number
from pegxl.workbook import layout
from pegxl.workbook.layout import Column

__all__ = ["GenerateOptions", "GenerateResult", "Prefill", "generate", "write_sector_workbook"]

#: Fixed creation date: the same inputs give the same bytes.
FIXED_DATE = datetime(2000, 1, 1)

YELLOW = "#FFF2CC"
YELLOW_BORDER = "#BF9000"
BAND = "#DDEBF7"
HEADER_BG = "#1F4E78"
GREY_TEXT = "#595959"
RED = "#F4B6B6"
LOCKED_REF = "#F2F2F2"


@dataclass(frozen=True)
class Prefill:
    """Values of a previous period, shown in locked "al 30/06" columns.

    ``values`` maps a row id (``2025_S07_01/F1``) to the values read from that period's return
    (``progress``, ``actual_start``, ``actual_end``, ``note``, ``achieved``). With
    ``fill_inputs`` the same values are also written into the editable cells as a starting point.
    """

    period: Period
    values: Mapping[str, Mapping[str, object]]
    fill_inputs: bool = False


@dataclass(frozen=True)
class Feedback:
    """What turns a workbook into a feedback workbook for a return.

    ``values`` are what the sector typed (a parsed Value, or the raw text when it could not be
    read), put back into the input cells by row id; ``marks`` are the messages for a cell
    (sheet, row id, column key; key "" marks the row), shown as a red fill and a comment;
    ``findings`` are listed on a first sheet, each with the cell it points to.
    """

    source: str
    values: Mapping[str, Mapping[str, object]]
    marks: Mapping[tuple[str, str, str], Sequence[str]]
    findings: Sequence[tuple[Finding, tuple[str, str, str] | None]]


@dataclass(frozen=True)
class GenerateOptions:
    """Options of :func:`generate`; all optional."""

    password: str | None = None
    prefill: Prefill | None = None
    lang: str = "it"
    deadline: date | None = None
    contact: str = ""
    feedback: Feedback | None = None


@dataclass
class GenerateResult:
    """The workbooks written (in sector order) and any findings."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def legacy_password_hash(password: str) -> str:
    """The 16-bit legacy hash Excel stores for sheet and workbook protection (ECMA-376-4)."""
    digest = 0
    for char in reversed(password):
        digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
        digest ^= ord(char)
    digest = ((digest >> 14) & 0x01) | ((digest << 1) & 0x7FFF)
    digest ^= len(password)
    digest ^= 0xCE4B
    return f"{digest:X}"


def _lines(text: str, width: float) -> int:
    """Estimated wrapped line count of ``text`` in a column ``width`` characters wide.

    Calibrated on LibreOffice's rendering with DejaVu Sans, the widest font a client substitutes
    (about 1.36 characters per width unit at 10 pt); Calibri in Excel fits more per line, so rows
    can only be roomier there, never cut."""
    per_line = max(4.0, width * 1.28 - 2)
    return sum(max(1, math.ceil(len(p) / per_line)) for p in str(text).split("\n"))


def _height(n_lines: int, font: float = 10) -> float:
    return min(409.0, max(15.0, n_lines * (font * 1.28) + 4))


def _footer_text(text: str) -> str:
    return text.replace("&", "&&")


class _Book:
    """One sector workbook being written."""

    def __init__(self, plan: Plan, sector: Sector, period: Period, opts: GenerateOptions) -> None:
        self.plan = plan
        self.sector = sector
        self.period = period
        self.opts = opts
        self.lang = "en" if opts.lang == "en" else "it"
        self.objectives = plan.objectives_of(sector.code)
        self.prev = opts.prefill.period if opts.prefill else None
        self.prefill = opts.prefill.values if opts.prefill else {}
        self.hashes: list[tuple[str, str, int, str]] = []
        self.positions: dict[tuple[str, str, str], tuple[int, int]] = {}
        self.feedback = opts.feedback
        self._fmt: dict[tuple[tuple[str, Any], ...], Any] = {}
        self.wb: Any = None

    # -- formats -----------------------------------------------------------------------------
    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._fmt:
            self._fmt[key] = self.wb.add_format(props)
        return self._fmt[key]

    def cell_fmt(self, col: Column, num_format: str = "", marked: bool = False) -> Any:
        props: dict[str, Any] = {
            "valign": "top",
            "font_size": 10,
            "border": 1,
            "border_color": "#BFBFBF",
        }
        if col.wrap:
            props["text_wrap"] = True
        if num_format:
            props["num_format"] = num_format
        if col.input:
            props.update(locked=False, bg_color=YELLOW, border_color=YELLOW_BORDER)
        elif col.key.startswith("prev."):
            props.update(bg_color=LOCKED_REF, font_color=GREY_TEXT)
        if marked:
            props.update(bg_color=RED, border_color="#C00000", border=2)
        return self.fmt(**props)

    def header_fmt(self) -> Any:
        return self.fmt(
            bold=True,
            font_size=10,
            font_color="#FFFFFF",
            bg_color=HEADER_BG,
            text_wrap=True,
            valign="vcenter",
            align="center",
            border=1,
            border_color="#FFFFFF",
        )

    def band_fmt(self) -> Any:
        return self.fmt(
            bold=True,
            font_size=10,
            bg_color=BAND,
            text_wrap=True,
            valign="top",
            border=1,
            border_color="#9BC2E6",
        )

    def title_fmt(self) -> Any:
        return self.fmt(bold=True, font_size=13, font_color=HEADER_BG, valign="vcenter")

    # -- sheets ------------------------------------------------------------------------------
    def title_text(self, sheet: str) -> str:
        return f"{self.sector.name} — {sheet} — {self.period.label(self.lang)}"

    def setup_sheet(self, ws: Any, sheet: str, cols: Sequence[Column]) -> None:
        ws.set_row(layout.TITLE_ROW, 24)
        ws.merge_range(
            layout.TITLE_ROW,
            1,
            layout.TITLE_ROW,
            len(cols) - 1,
            self.title_text(sheet),
            self.title_fmt(),
        )
        head_lines = max(_lines(c.title(self.lang), c.width) for c in cols[1:])
        ws.set_row(layout.HEADER_ROW, _height(head_lines + 1))
        for c, col in enumerate(cols):
            ws.write_string(layout.HEADER_ROW, c, col.title(self.lang), self.header_fmt())
            ws.set_column(c, c, col.width, None, {"hidden": True} if c == layout.ID_COL else None)
        ws.freeze_panes(layout.FIRST_DATA_ROW, 2)
        self.print_setup(ws)
        self.protect(ws)

    def print_setup(self, ws: Any) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(layout.TITLE_ROW, layout.HEADER_ROW)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        ws.hide_gridlines(2)
        entity = _footer_text(self.plan.entity)
        ws.set_header(f"&L&8{entity} — PEG-PIAO {self.plan.year}&R&8&A")
        page = "Page &P of &N" if self.lang == "en" else "Pagina &P di &N"
        ws.set_footer(
            f"&L&8{_footer_text(self.sector.code + ' ' + self.sector.name)} — "
            f"{_footer_text(self.period.label(self.lang))}&R&8{page}"
        )

    def protect(self, ws: Any) -> None:
        ws.protect(
            self.opts.password or "",
            {
                "format_columns": True,  # let users widen a column or a row to read
                "format_rows": True,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )

    def band(self, ws: Any, sheet: str, row: int, ncols: int, o: Objective) -> None:
        text = layout.band_text(o)
        ws.write_string(row, layout.ID_COL, layout.band_id(o.code))
        self.positions[(sheet, layout.band_id(o.code), "")] = (row, 1)
        ws.merge_range(row, 1, row, ncols - 1, text, self.band_fmt())
        if marks := self.marks(sheet, layout.band_id(o.code), ""):
            self.comment(ws, row, 1, marks)
        width = sum(self.widths[sheet][1:])
        ws.set_row(row, _height(_lines(text, width)))
        self.hashes.append((layout.band_id(o.code), sheet, row + 1, layout.row_hash([text])))

    # -- Istruzioni --------------------------------------------------------------------------
    def instructions(self) -> None:
        ws = self.wb.add_worksheet(layout.S_INSTRUCTIONS)
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 22)
        ws.set_column(2, 2, 100)
        deadline = self.opts.deadline or (self.period.end + timedelta(days=15))
        contact = self.opts.contact or (
            "the performance office" if self.lang == "en" else "l'Ufficio Performance"
        )
        text = resources.render(
            f"istruzioni.{self.lang}.txt.j2",
            plan=self.plan,
            sector=self.sector,
            period_label=self.period.label(self.lang),
            period_date=f"{self.period.end:%d/%m/%Y}",
            final=self.period.kind.value == "finale",
            prefill_label=self.prev.short if self.prev else "",
            deadline=f"{deadline:%d/%m/%Y}",
            contact=contact,
        )
        body = self.fmt(font_size=10, text_wrap=True, valign="top")
        row = 0
        for line in text.splitlines():
            if line.startswith("# "):
                ws.merge_range(row, 1, row, 2, line[2:], self.title_fmt())
                ws.set_row(row, 24)
            elif line.startswith("## "):
                ws.merge_range(
                    row,
                    1,
                    row,
                    2,
                    line[3:],
                    self.fmt(bold=True, font_size=11, font_color=HEADER_BG, bottom=1),
                )
                ws.set_row(row, 20)
            elif line.strip() == "@legenda":
                row = self.legend(ws, row) - 1
            elif line.strip():
                ws.merge_range(row, 1, row, 2, line, body)
                ws.set_row(row, _height(_lines(line, 122)))
            row += 1
        ws.activate()
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        ws.protect(
            self.opts.password or "", {"select_locked_cells": True, "select_unlocked_cells": True}
        )

    def legend(self, ws: Any, row: int) -> int:
        en = self.lang == "en"
        items = [
            (
                {"bg_color": YELLOW, "border": 1, "border_color": YELLOW_BORDER},
                "Da compilare" if not en else "To fill in",
                "cella da compilare (sbloccata)" if not en else "cell to fill in (unlocked)",
            ),
            (
                {"border": 1, "border_color": "#BFBFBF"},
                "Bloccata" if not en else "Locked",
                "dato del piano, non modificabile" if not en else "plan data, cannot be changed",
            ),
            (
                {"bg_color": BAND, "bold": True, "border": 1, "border_color": "#9BC2E6"},
                "Obiettivo" if not en else "Objective",
                "riga con codice e titolo dell'obiettivo" if not en else "objective code and title",
            ),
            (
                {"bg_color": RED, "border": 1},
                "Da correggere" if not en else "To correct",
                "valore mancante o fuori intervallo" if not en else "missing or out-of-range value",
            ),
        ]
        if self.prev:
            items.append(
                (
                    {"bg_color": LOCKED_REF, "font_color": GREY_TEXT, "border": 1},
                    f"al {self.prev.short}",
                    "valore del periodo precedente" if not en else "value of the previous period",
                )
            )
        for props, name, meaning in items:
            ws.write_string(row, 1, name, self.fmt(font_size=10, **props))
            ws.write_string(row, 2, meaning, self.fmt(font_size=10))
            row += 1
        return row

    # -- Obiettivi ---------------------------------------------------------------------------
    def objectives_sheet(self) -> None:
        cols = layout.OBJECTIVE_COLUMNS
        sheet = layout.S_OBJECTIVES
        self.widths[sheet] = [c.width for c in cols]
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        label_fmt = self.fmt(
            bold=True,
            font_size=10,
            valign="top",
            text_wrap=True,
            border=1,
            border_color="#BFBFBF",
            font_color=GREY_TEXT,
        )
        value_fmt = self.cell_fmt(cols[2])
        row = layout.FIRST_DATA_ROW
        for o in self.objectives:
            self.band(ws, sheet, row, len(cols), o)
            row += 1
            for key, label, value in layout.objective_card(o, self.lang):
                ws.write_string(row, layout.ID_COL, layout.card_id(o.code, key))
                self.positions[(sheet, layout.card_id(o.code, key), "")] = (row, 2)
                if marks := self.marks(sheet, layout.card_id(o.code, key), ""):
                    self.comment(ws, row, 2, marks)
                ws.write_string(row, 1, label, label_fmt)
                ws.write_string(row, 2, value, value_fmt)
                ws.set_row(row, _height(max(_lines(value, cols[2].width), _lines(label, 26))))
                self.hashes.append(
                    (layout.card_id(o.code, key), sheet, row + 1, layout.row_hash([label, value]))
                )
                row += 1
            row += 1

    # -- Fasi --------------------------------------------------------------------------------
    def phases_sheet(self) -> None:
        cols = layout.phase_columns(self.prev)
        sheet = layout.S_PHASES
        rows = [(o, p) for o in self.objectives for p in o.phases]
        self.widths[sheet] = _fit_widths(cols, [self.phase_values(p) for _, p in rows])
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        for c, w in enumerate(self.widths[sheet]):
            ws.set_column(c, c, w, None, {"hidden": True} if c == layout.ID_COL else None)
        row = layout.FIRST_DATA_ROW
        inputs: dict[str, list[int]] = {c.key: [] for c in cols if c.input}
        current = None
        for o, p in rows:
            if o is not current:
                self.band(ws, sheet, row, len(cols), o)
                current = o
                row += 1
            values = self.phase_values(p)
            self.write_row(ws, sheet, row, cols, p.id, values)
            for key in inputs:
                inputs[key].append(row)
            row += 1
        self.phase_rules(ws, cols, inputs)

    def phase_values(self, p: Phase) -> dict[str, object]:
        fill = bool(self.opts.prefill and self.opts.prefill.fill_inputs)
        return layout.phase_row_values(p, self.prefill.get(p.id), fill)

    def write_row(
        self,
        ws: Any,
        sheet: str,
        row: int,
        cols: Sequence[Column],
        row_id: str,
        values: Mapping[str, object],
    ) -> None:
        ws.write_string(row, layout.ID_COL, row_id)
        locked: list[object] = []
        n_lines = 1
        typed = self.feedback.values.get(row_id, {}) if self.feedback else {}
        for c, col in enumerate(cols[1:], start=1):
            v = values.get(col.key)
            if col.input and col.key in typed:
                v = typed[col.key]
            self.positions[(sheet, row_id, col.key)] = (row, c)
            marks = self.marks(sheet, row_id, col.key if c > 1 else "", col.key)
            stored = self.write_cell(ws, row, c, col, v, bool(marks))
            if marks:
                self.comment(ws, row, c, marks)
            if not col.input:
                locked.append(stored)
            if col.wrap and isinstance(stored, str):
                n_lines = max(n_lines, _lines(stored, self.widths[sheet][c]))
        ws.set_row(row, _height(n_lines))
        self.hashes.append((row_id, sheet, row + 1, layout.row_hash(locked)))

    def write_cell(
        self, ws: Any, row: int, c: int, col: Column, v: object, marked: bool = False
    ) -> object:
        """Write one cell; return what it holds (:func:`layout.stored`), for the hash."""
        if isinstance(v, Value) and col.type != "value":
            v = v.value  # a typed value carried back by a feedback workbook
        if isinstance(v, str) and col.type != "text" and v:
            ws.write_string(row, c, v, self.cell_fmt(col, "", marked))  # text that did not parse
        elif col.type == "date" or isinstance(v, date):
            d = v if isinstance(v, date) else None
            cells.write_date(ws, row, c, d, self.cell_fmt(col, cells.DATE_FORMAT, marked))
        elif isinstance(v, Value) or col.type == "value":
            val = v if isinstance(v, Value) else None
            cells.write_value(ws, row, c, val, lambda f: self.cell_fmt(col, f, marked))
        elif col.type in ("number", "progress") and isinstance(v, int | float):
            ws.write_number(row, c, float(v), self.cell_fmt(col, "General", marked))
        elif col.type in ("number", "progress"):
            ws.write_blank(row, c, None, self.cell_fmt(col, "General", marked))
        elif v not in (None, ""):
            ws.write_string(row, c, str(v), self.cell_fmt(col, "", marked))
        else:
            ws.write_blank(row, c, None, self.cell_fmt(col, "", marked))
        return layout.stored(col, v)

    # -- feedback ------------------------------------------------------------------------------
    def marks(self, sheet: str, row_id: str, *keys: str) -> list[str]:
        if not self.feedback:
            return []
        out: list[str] = []
        for key in dict.fromkeys(keys):
            out.extend(self.feedback.marks.get((sheet, row_id, key), ()))
        return out

    def comment(self, ws: Any, row: int, col: int, messages: Sequence[str]) -> None:
        author = "Ufficio Performance" if self.lang == "it" else "Performance office"
        ws.write_comment(
            row,
            col,
            "\n\n".join(messages)[:2000],
            {"author": author, "x_scale": 3, "y_scale": 2.5, "font_size": 9},
        )

    def feedback_sheet(self, ws: Any) -> None:
        assert self.feedback is not None
        en = self.lang == "en"
        cols = [
            ("Codice" if not en else "Code", 11),
            ("Gravità" if not en else "Severity", 10),
            ("Foglio" if not en else "Sheet", 12),
            ("Cella" if not en else "Cell", 8),
            ("Elemento" if not en else "Item", 18),
            ("Cosa fare" if not en else "What to do", 90),
        ]
        for c, (_, w) in enumerate(cols):
            ws.set_column(c, c, w)
        title = (
            f"Segnalazioni sul file «{self.feedback.source}»"
            if not en
            else f"Findings on «{self.feedback.source}»"
        )
        ws.merge_range(0, 0, 0, len(cols) - 1, title, self.title_fmt())
        intro = (
            "Correggere le celle evidenziate in rosso (il commento spiega che cosa non va), poi "
            "salvare e inviare di nuovo questo file. Fare clic sulla cella per raggiungerla."
            if not en
            else "Correct the cells highlighted in red (the comment says what is "
            "wrong), then save and send this file again. Click a cell to go there."
        )
        ws.merge_range(1, 0, 1, len(cols) - 1, intro, self.fmt(font_size=10, text_wrap=True))
        ws.set_row(1, 30)
        for c, (h, _) in enumerate(cols):
            ws.write_string(3, c, h, self.header_fmt())
        sev = (
            {"error": "errore", "warning": "avviso", "info": "info"}
            if not en
            else {"error": "error", "warning": "warning", "info": "info"}
        )
        body = self.fmt(
            font_size=10, text_wrap=True, valign="top", border=1, border_color="#BFBFBF"
        )
        link = self.fmt(
            font_size=10,
            valign="top",
            border=1,
            border_color="#BFBFBF",
            font_color="#0563C1",
            underline=1,
        )
        for r, (f, target) in enumerate(self.feedback.findings, start=4):
            pos = self.positions.get(target) if target else None
            sheet = target[0] if target else (f.sheet or "")
            ws.write_string(r, 0, f.code, body)
            ws.write_string(r, 1, sev[f.severity.value], body)
            ws.write_string(r, 2, sheet, body)
            if pos is not None:
                a1 = xl_rowcol_to_cell(*pos)
                ws.write_url(r, 3, f"internal:'{sheet}'!{a1}", link, a1)
            else:
                ws.write_string(r, 3, f.cell or "", body)
            ws.write_string(r, 4, f.row_id or "", body)
            message = clean_text(f.message(self.lang))
            ws.write_string(r, 5, message, body)
            ws.set_row(r, _height(_lines(message, 90)))
        ws.freeze_panes(4, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(3)
        ws.activate()
        ws.protect(
            self.opts.password or "", {"select_locked_cells": True, "select_unlocked_cells": True}
        )

    def phase_rules(self, ws: Any, cols: Sequence[Column], inputs: Mapping[str, list[int]]) -> None:
        year = self.plan.year or self.period.end.year
        en = self.lang == "en"
        idx = {c.key: i for i, c in enumerate(cols)}
        final = self.period.kind.value == "finale"
        progress_rows = inputs.get("progress", [])
        if not progress_rows:
            return
        self.validate(
            ws,
            idx["progress"],
            progress_rows,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
                "input_title": "Avanzamento (%)" if not en else "Progress (%)",
                "input_message": (
                    "Percentuale di avanzamento della fase, da 0 a 100 (es. 60). "
                    "100 = fase conclusa: inserire anche la Fine Effettiva."
                )
                if not en
                else "Progress of the phase, 0 to 100 (e.g. 60). 100 = finished: also enter the "
                "actual end.",
                "error_title": "Valore non valido" if not en else "Invalid value",
                "error_message": "Inserire un numero da 0 a 100, senza testo."
                if not en
                else "Enter a number from 0 to 100, no text.",
            },
        )
        window = (date(year - 1, 1, 1), date(year + 1, 12, 31))
        for key, title in (("actual_start", "Inizio Effettivo"), ("actual_end", "Fine Effettiva")):
            self.validate(
                ws,
                idx[key],
                progress_rows,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": window[0],
                    "maximum": window[1],
                    "input_title": title,
                    "input_message": (
                        f"Data nel formato gg/mm/aaaa, es. 31/12/{year}."
                        if not en
                        else f"Date as dd/mm/yyyy, e.g. 31/12/{year}."
                    ),
                    "error_title": "Data non valida" if not en else "Invalid date",
                    "error_message": (
                        f"Inserire una data tra il {window[0]:%d/%m/%Y} e il "
                        f"{window[1]:%d/%m/%Y}, nel formato gg/mm/aaaa."
                    )
                    if not en
                    else f"Enter a date between {window[0]:%d/%m/%Y} and {window[1]:%d/%m/%Y}.",
                },
            )
        first = xl_rowcol_to_cell(progress_rows[0], idx["progress"])
        start = xl_rowcol_to_cell(progress_rows[0], idx["actual_start"])
        end = xl_rowcol_to_cell(progress_rows[0], idx["actual_end"])
        red = self.fmt(bg_color=RED)
        self.flag(
            ws,
            idx["progress"],
            progress_rows,
            f'=OR(AND({first}<>"",NOT(ISNUMBER({first}))),'
            f'AND(ISNUMBER({first}),OR({first}<0,{first}>100)),{first}="")',
            red,
        )
        self.flag(
            ws, idx["actual_start"], progress_rows, f'=AND({start}<>"",NOT(ISNUMBER({start})))', red
        )
        cond_end = f'AND({end}<>"",NOT(ISNUMBER({end})))'
        cond_order = f"AND(ISNUMBER({end}),ISNUMBER({start}),{end}<{start})"
        cond_done = f'AND({first}=100,{end}="")' if final else "FALSE"
        self.flag(
            ws, idx["actual_end"], progress_rows, f"=OR({cond_end},{cond_order},{cond_done})", red
        )

    # -- Indicatori --------------------------------------------------------------------------
    def indicators_sheet(self) -> None:
        prior = self.plan.prior_years()
        cols = layout.indicator_columns(prior, self.prev)
        sheet = layout.S_INDICATORS
        rows = [(o, i) for o in self.objectives for i in o.indicators]
        self.widths[sheet] = _fit_widths(cols, [self.indicator_values(i) for _, i in rows])
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        for c, w in enumerate(self.widths[sheet]):
            ws.set_column(c, c, w, None, {"hidden": True} if c == layout.ID_COL else None)
        row = layout.FIRST_DATA_ROW
        by_kind: dict[Kind, list[int]] = {}
        current = None
        for o, ind in rows:
            if o is not current:
                self.band(ws, sheet, row, len(cols), o)
                current = o
                row += 1
            self.write_row(ws, sheet, row, cols, ind.id, self.indicator_values(ind))
            by_kind.setdefault(ind.kind, []).append(row)
            row += 1
        self.indicator_rules(ws, cols, by_kind)

    def indicator_values(self, ind: Indicator) -> dict[str, object]:
        fill = bool(self.opts.prefill and self.opts.prefill.fill_inputs)
        return layout.indicator_row_values(ind, self.lang, self.prefill.get(ind.id), fill)

    def indicator_rules(
        self, ws: Any, cols: Sequence[Column], by_kind: Mapping[Kind, list[int]]
    ) -> None:
        en = self.lang == "en"
        col = next(i for i, c in enumerate(cols) if c.key == "achieved")
        final = self.period.kind.value == "finale"
        year = self.plan.year or self.period.end.year
        red = self.fmt(bg_color=RED)
        title = "Valore Raggiunto" if not en else "Achieved value"
        for kind, rows in sorted(by_kind.items()):
            first = xl_rowcol_to_cell(rows[0], col)
            missing = f'{first}=""' if final else "FALSE"
            if kind is Kind.DONE:
                options = [format_done(True), format_done(False)]
                rule: dict[str, Any] = {
                    "validate": "list",
                    "source": options,
                    "input_message": (
                        "Scegliere dall'elenco: Fatto se il risultato è stato "
                        "raggiunto, altrimenti Non fatto."
                    )
                    if not en
                    else "Pick from the list: Fatto (done) or Non fatto (not done).",
                    "error_message": "Scegliere Fatto oppure Non fatto dall'elenco."
                    if not en
                    else "Pick Fatto or Non fatto from the list.",
                }
                bad = f'AND({first}<>"",{first}<>"Fatto",{first}<>"Non fatto")'
            elif kind is Kind.PERCENT:
                rule = {
                    "validate": "decimal",
                    "criteria": "between",
                    "minimum": 0,
                    "maximum": 100,
                    "input_message": "Percentuale da 0 a 100, es. 85 (oppure 85%)."
                    if not en
                    else "Percentage from 0 to 100, e.g. 85 (or 85%).",
                    "error_message": "Inserire una percentuale da 0 a 100."
                    if not en
                    else "Enter a percentage from 0 to 100.",
                }
                bad = (
                    f'OR(AND({first}<>"",NOT(ISNUMBER({first}))),'
                    f"AND(ISNUMBER({first}),OR({first}<0,{first}>100)))"
                )
            elif kind is Kind.DATE:
                lo, hi = date(year - 1, 1, 1), date(year + 1, 12, 31)
                rule = {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": lo,
                    "maximum": hi,
                    "input_message": f"Data nel formato gg/mm/aaaa, es. 30/06/{year}."
                    if not en
                    else f"Date as dd/mm/yyyy, e.g. 30/06/{year}.",
                    "error_message": f"Inserire una data tra il {lo:%d/%m/%Y} e il {hi:%d/%m/%Y}."
                    if not en
                    else f"Enter a date between {lo:%d/%m/%Y} and {hi:%d/%m/%Y}.",
                }
                bad = f'AND({first}<>"",NOT(ISNUMBER({first})))'
            elif kind is Kind.NUMBER:
                rule = {
                    "validate": "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "input_message": (
                        "Numero, con la virgola decimale: es. 12 oppure 1.250,5."
                        if not en
                        else "A number, e.g. 12 or 1.250,5."
                    ),
                    "error_message": "Inserire un numero maggiore o uguale a zero, senza testo."
                    if not en
                    else "Enter a number of zero or more, no text.",
                }
                bad = (
                    f'OR(AND({first}<>"",NOT(ISNUMBER({first}))),AND(ISNUMBER({first}),{first}<0))'
                )
            else:
                rule = {
                    "validate": "length",
                    "criteria": "<=",
                    "value": 2000,
                    "input_message": "Testo libero." if not en else "Free text.",
                    "error_message": "Testo troppo lungo (max 2000 caratteri)."
                    if not en
                    else "Text too long (max 2000 characters).",
                }
                bad = "FALSE"
            rule["input_title"] = title
            rule["error_title"] = "Valore non valido" if not en else "Invalid value"
            self.validate(ws, col, rows, rule)
            self.flag(ws, col, rows, f"=OR({bad},{missing})", red)

    # -- shared rule helpers -------------------------------------------------------------------
    @staticmethod
    def _ranges(col: int, rows: Iterable[int]) -> str:
        rs = sorted(rows)
        spans: list[tuple[int, int]] = []
        for r in rs:
            if spans and r == spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], r)
            else:
                spans.append((r, r))
        out = []
        for a, b in spans:
            first = xl_rowcol_to_cell(a, col)
            out.append(first if a == b else f"{first}:{xl_rowcol_to_cell(b, col)}")
        return " ".join(out)

    def validate(self, ws: Any, col: int, rows: list[int], rule: dict[str, Any]) -> None:
        if not rows:
            return
        rule = dict(rule)
        for key, limit in (
            ("input_title", 32),
            ("error_title", 32),
            ("input_message", 255),
            ("error_message", 255),
        ):
            if key in rule and len(rule[key]) > limit:
                raise ValueError(f"{key} longer than Excel allows: {rule[key]!r}")
        rule["multi_range"] = self._ranges(col, rows)
        rule["ignore_blank"] = True
        rule["error_type"] = "stop"
        ws.data_validation(rows[0], col, rows[0], col, rule)

    def flag(self, ws: Any, col: int, rows: list[int], formula: str, fmt: Any) -> None:
        if not rows or formula in ("=OR(FALSE,FALSE)",):
            return
        ws.conditional_format(
            rows[0],
            col,
            rows[0],
            col,
            {
                "type": "formula",
                "criteria": formula,
                "format": fmt,
                "multi_range": self._ranges(col, rows),
            },
        )

    # -- metadata ------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {
            "schema_version": layout.SCHEMA_VERSION,
            "generator": f"pegxl {__version__}",
            "plan_fingerprint": self.plan.fingerprint(),
            "entity": self.plan.entity,
            "year": str(self.plan.year),
            "sector_code": self.sector.code,
            "sector_name": self.sector.name,
            "period": self.period.iso,
            "period_kind": self.period.kind.value,
            "prefill_period": self.prev.iso if self.prev else "",
            "lang": self.lang,
            "sheets": ",".join(((layout.S_FEEDBACK,) if self.feedback else ()) + layout.SHEETS),
        }

    def meta_sheet(self) -> None:
        ws = self.wb.add_worksheet(layout.S_META)
        meta = self.meta()
        ws.write_row(0, 0, ["chiave", "valore"])
        for r, key in enumerate(layout.META_KEYS, start=1):
            ws.write_string(r, 0, key)
            ws.write_string(r, 1, meta[key])
        start = len(layout.META_KEYS) + 2
        sep = layout.META_ROWS_SEP
        ws.write_string(start, 0, sep.join(layout.META_ROWS_HEADER))
        ws.set_column(0, 0, 60)
        # the row table: one tab-separated line per row, many lines per cell (a handful of
        # cells to read back instead of one per row)
        lines = [
            sep.join((rid, sheet, str(row), digest)) for rid, sheet, row, digest in self.hashes
        ]
        cell: list[str] = []
        size = 0
        r = start + 1
        for line in lines:
            if cell and size + len(line) + 1 > layout.META_CELL_CHARS:
                ws.write_string(r, 0, "\n".join(cell))
                cell, size, r = [], 0, r + 1
            cell.append(line)
            size += len(line) + 1
        if cell:
            ws.write_string(r, 0, "\n".join(cell))
        ws.very_hidden()
        ws.protect(self.opts.password or "")

    def properties(self) -> None:
        en = self.lang == "en"
        label = self.period.label(self.lang)
        self.wb.set_properties(
            {
                "title": f"PEG-PIAO {self.plan.year} — {self.sector.name} — {label}",
                "subject": (
                    "Performance plan monitoring"
                    if en
                    else "Monitoraggio del Piano della performance (PIAO sezione 2.2)"
                ),
                "author": self.plan.entity or "pegxl",
                "manager": self.sector.responsabile,
                "company": self.plan.entity,
                "category": "PEG-PIAO",
                "keywords": "PEG, PIAO, performance, monitoraggio, " + self.sector.code,
                "comments": (
                    "Compilare solo le celle gialle. Generato da pegxl."
                    if not en
                    else "Fill in the yellow cells only. Generated by pegxl."
                ),
                "created": FIXED_DATE,
            }
        )
        for key, value in self.meta().items():
            self.wb.set_custom_property(f"pegxl_{key}", value)

    # -- the whole workbook --------------------------------------------------------------------
    def write(self, path: Path) -> Path:
        self.widths: dict[str, list[float]] = {}
        with atomic_path(path) as tmp:
            self.wb = xlsxwriter.Workbook(
                str(tmp),
                {
                    "strings_to_formulas": False,
                    "strings_to_urls": False,
                    "strings_to_numbers": False,
                },
            )
            self.properties()
            feedback_ws = self.wb.add_worksheet(layout.S_FEEDBACK) if self.feedback else None
            self.instructions()
            self.objectives_sheet()
            self.phases_sheet()
            self.indicators_sheet()
            if feedback_ws is not None:
                self.feedback_sheet(feedback_ws)
            self.meta_sheet()
            close_workbook(self.wb)
            lock_structure(tmp, self.opts.password)
            seal_zip(tmp, OutputKind.FEEDBACK if self.feedback else OutputKind.WORKBOOK)
        return path


def _fit_widths(cols: Sequence[Column], rows: Sequence[Mapping[str, object]]) -> list[float]:
    """Column widths that fit the content: non-wrapping columns grow to their longest value (up to
    a bound), wrapping columns keep the layout width."""
    out = []
    for col in cols:
        if col.wrap or col.key == "id":
            out.append(col.width)
            continue
        longest = max((len(word) for word in col.header.split()), default=4) + 2
        for r in rows:
            v = r.get(col.key)
            if isinstance(v, Value):
                text = str(v)
            elif isinstance(v, date):
                text = "00/00/0000"
            elif isinstance(v, float):
                text = format_number(v)
            else:
                text = "" if v is None else str(v)
            longest = max(longest, len(text) + 2)
        out.append(float(min(max(longest, 8), col.width + 14)))
    return out


_BOOK_VIEWS = re.compile(rb"<bookViews>")


def lock_structure(path: Path, password: str | None = None) -> None:
    """Add ``<workbookProtection lockStructure="1"/>`` to ``xl/workbook.xml`` (XlsxWriter 3.3 has
    no API for it), after ``workbookPr`` and before ``bookViews`` as the schema requires. The zip is
    rewritten with the same entries, order and timestamps, so output stays deterministic."""
    attrs = b'lockStructure="1"'
    if password:
        attrs = f'workbookPassword="{legacy_password_hash(password)}" '.encode() + attrs
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    out: list[tuple[zipfile.ZipInfo, bytes]] = []
    for info, data in entries:
        if info.filename == "xl/workbook.xml" and b"<workbookProtection" not in data:
            data, n = _BOOK_VIEWS.subn(b"<workbookProtection " + attrs + b"/><bookViews>", data)
            if n != 1:
                raise RuntimeError("xl/workbook.xml has no <bookViews>: cannot lock structure")
        out.append((info, data))
    with zipfile.ZipFile(path, "w") as zout:
        for info, data in out:
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def write_sector_workbook(
    plan: Plan,
    sector: Sector,
    period: Period,
    path: str | Path,
    options: GenerateOptions | None = None,
) -> Path:
    """Write the workbook of one sector to ``path`` (atomically)."""
    return _Book(plan, sector, period, options or GenerateOptions()).write(Path(path))


def generate(
    plan: Plan,
    period: Period,
    out_dir: str | Path,
    sectors: Sequence[str] | None = None,
    options: GenerateOptions | None = None,
    outputs: Outputs | None = None,
) -> GenerateResult:
    """Write one workbook per sector of ``plan`` (or of ``sectors``) into ``out_dir``.

    Every name is checked first (:class:`~pegxl.outputs.Outputs`: ``outputs`` knows the
    command's inputs and ``--force``): if any may not be written, nothing is and
    :class:`~pegxl.outputs.OutputRefused` says why."""
    outputs = outputs or Outputs()
    out = outputs.folder(out_dir, OutputKind.WORKBOOK)
    result = GenerateResult()
    wanted = list(sectors) if sectors else [s.code for s in plan.sectors]
    names = layout.workbook_filenames(period, plan.sectors)
    targets = [(code, out / names[code]) for code in wanted]
    outputs.claim_all([(path, OutputKind.WORKBOOK) for _, path in targets])
    for code, path in targets:
        result.files.append(write_sector_workbook(plan, plan.sector(code), period, path, options))
    return result

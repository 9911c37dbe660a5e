"""Build the sector workbooks with XlsxWriter: one locked, fill-in workbook per sector.

Each workbook has the sheets of :mod:`pegxl.workbook.layout`: *Istruzioni* (from a jinja2
template), *Obiettivi* (a read-only card per objective), *Fasi* and *Indicatori* (one row per
phase or indicator, grouped under a locked band with the objective's title) and the very hidden
*_pegxl* metadata sheet (:mod:`pegxl.workbook.meta`). Only the input cells are unlocked and
yellow, with the validation and marks of :mod:`pegxl.workbook.data_validation`; every sheet is
protected and the workbook structure is locked. A feedback workbook is the same workbook with
what the sector typed put back, marked cells, and a first *Segnalazioni* sheet
(:mod:`pegxl.workbook.feedback_sheet`). Same plan and options ⇒ byte-identical files. Many
workbooks (a region's hundreds of sectors) are written by one process per core.

This module is long because it is the one place that lays out a sector workbook cell by cell;
its formats, data validation, metadata and feedback sheet are modules of their own.
"""

from __future__ import annotations

import gc
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from pegxl import cells, resources
from pegxl import workers as pool
from pegxl.i18n import lang_of, text
from pegxl.kinds import row
from pegxl.memory import no_cyclic_gc
from pegxl.model import Indicator, Objective, Period, Phase, Plan, Sector
from pegxl.outputs import (
    Kept,
    OutputKind,
    Outputs,
    close_workbook,
    new_workbook,
    seal_zip,
)
from pegxl.values import Kind, Value
from pegxl.workbook import layout, meta
from pegxl.workbook.data_validation import (
    InputRule,
    achieved_rule,
    cell_ranges,
    choice_rule,
    date_window,
    phase_rules,
    text_rule,
)
from pegxl.workbook.feedback_sheet import Feedback, Target, write_feedback_sheet
from pegxl.workbook.layout import Column
from pegxl.workbook.styles import (
    BAND,
    GREY_TEXT,
    HEADER_BG,
    LOCKED_REF,
    RED,
    YELLOW,
    YELLOW_BORDER,
    Styles,
    fit_widths,
    height,
    wrapped_lines,
)

__all__ = [
    "Feedback",
    "GenerateOptions",
    "GenerateResult",
    "Prefill",
    "generate",
    "write_sector_workbook",
]


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
class GenerateOptions:
    """Options of :func:`generate`; all optional."""

    password: str | None = None
    prefill: Prefill | None = None
    lang: str = "it"
    deadline: date | None = None
    contact: str = ""
    feedback: Feedback | None = None
    #: the upload link of each sector (code -> URL or path), printed in its Istruzioni
    upload_links: Mapping[str, str] = field(default_factory=dict)


@dataclass
class GenerateResult:
    """The workbooks written, in sector order."""

    files: list[Path] = field(default_factory=list)


#: how wide (in characters, Excel's unit) a sheet may be and still be read on one A4 landscape
#: page fitted to its width: today's sheets are up to about 250; past this they print across pages
PRINT_WIDTH = 300


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


def _footer_text(value: str) -> str:
    """A text for a header or footer: ``&`` is a code there and must be doubled."""
    return value.replace("&", "&&")


class _Book:
    """One sector workbook being written: the sheets in order, the position of every cell the
    findings may point to, and the hash of every row for the metadata."""

    def __init__(self, plan: Plan, sector: Sector, period: Period, opts: GenerateOptions) -> None:
        self.plan = plan
        self.sector = sector
        self.period = period
        self.opts = opts
        self.password = opts.password or ""
        self.lang = lang_of(opts.lang)
        self.policy = period.policy
        self.form = layout.form_of(period)
        self.year = plan.year or period.end.year
        self.objectives = plan.objectives_of(sector.code)
        self.prev = opts.prefill.period if opts.prefill else None
        self.prefill = opts.prefill.values if opts.prefill else {}
        self.fill_inputs = bool(opts.prefill and opts.prefill.fill_inputs)
        self.feedback = opts.feedback
        #: (row id, sheet, 1-based row, hash) of every row written, for the metadata
        self.hashes: list[tuple[str, str, int, str]] = []
        #: where each target (sheet, row id, column key) was written: 0-based row and column
        self.positions: dict[Target, tuple[int, int]] = {}
        #: the column widths of each data sheet
        self.widths: dict[str, list[float]] = {}
        self.wb: Any = None
        self.styles: Styles | None = None

    @property
    def st(self) -> Styles:
        """The formats of the workbook being written."""
        assert self.styles is not None
        return self.styles

    # -- sheets ------------------------------------------------------------------------------
    def setup_sheet(self, ws: Any, sheet: str, cols: Sequence[Column]) -> None:
        """Title, headers, hidden id column, frozen panes, printing and protection."""
        ws.set_row(layout.TITLE_ROW, 24)
        title = f"{self.sector.name} — {sheet} — {self.period.label(self.lang)}"
        ws.merge_range(layout.TITLE_ROW, 1, layout.TITLE_ROW, len(cols) - 1, title, self.st.title())
        head_lines = max(wrapped_lines(c.title(self.lang), c.width) for c in cols[1:])
        ws.set_row(layout.HEADER_ROW, height(head_lines + 1))
        for c, col in enumerate(cols):
            ws.write_string(layout.HEADER_ROW, c, col.title(self.lang), self.st.header())
            ws.set_column(c, c, col.width, None, {"hidden": True} if c == layout.ID_COL else None)
        ws.freeze_panes(layout.FIRST_DATA_ROW, 2)
        self.print_setup(ws)
        self.protect(ws)

    def print_setup(self, ws: Any) -> None:
        """A4 landscape, fit to width, headers repeated, entity and page in the margins."""
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(layout.TITLE_ROW, layout.HEADER_ROW)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        ws.hide_gridlines(2)
        entity = _footer_text(self.plan.entity)
        ws.set_header(f"&L&8{entity} — PEG-PIAO {self.plan.year}&R&8&A")
        ws.set_footer(
            f"&L&8{_footer_text(self.sector.code + ' ' + self.sector.name)} — "
            f"{_footer_text(self.period.label(self.lang))}&R&8{text('workbook.page', self.lang)}"
        )

    def set_widths(self, ws: Any, sheet: str) -> None:
        """The fitted widths of a sheet's columns (the id column hidden); a sheet too wide to
        read on one A4 page — the Monitoraggio of 30/09, each question after its answer of
        30/06 — prints across as many pages as it needs, its first column (the objective or the
        phase) repeated on each."""
        widths = self.widths[sheet]
        for c, w in enumerate(widths):
            ws.set_column(c, c, w, None, {"hidden": True} if c == layout.ID_COL else None)
        shown = sum(w for c, w in enumerate(widths) if c != layout.ID_COL)
        pages = -(-int(shown) // PRINT_WIDTH)
        if pages > 1:
            ws.fit_to_pages(pages, 0)
            ws.repeat_columns(layout.ID_COL, layout.ID_COL + 1)

    def protect(self, ws: Any) -> None:
        """Sheet protection: input cells only, but columns and rows may be resized to read."""
        ws.protect(
            self.password,
            {
                "format_columns": True,
                "format_rows": True,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )

    def band(self, ws: Any, sheet: str, row: int, ncols: int, o: Objective) -> None:
        """The locked band that opens an objective: its code and title across the sheet."""
        band_text = layout.band_text(o)
        ws.write_string(row, layout.ID_COL, layout.band_id(o.code))
        self.positions[(sheet, layout.band_id(o.code), "")] = (row, 1)
        ws.merge_range(row, 1, row, ncols - 1, band_text, self.st.band())
        if marks := self.marks(sheet, layout.band_id(o.code), ""):
            self.comment(ws, row, 1, marks)
        width = sum(self.widths[sheet][1:])
        ws.set_row(row, height(wrapped_lines(band_text, width)))
        self.hashes.append((layout.band_id(o.code), sheet, row + 1, layout.row_hash([band_text])))

    # -- Istruzioni --------------------------------------------------------------------------
    def instructions(self) -> None:
        """The instructions sheet, from the template of the workbook's language."""
        ws = self.wb.add_worksheet(layout.S_INSTRUCTIONS)
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 22)
        ws.set_column(2, 2, 100)
        deadline = self.opts.deadline or (self.period.end + timedelta(days=15))
        contact = self.opts.contact or text("workbook.contact", self.lang)
        rendered = resources.render(
            f"istruzioni.{self.lang}.txt.j2",
            plan=self.plan,
            sector=self.sector,
            period_label=self.period.label(self.lang),
            period_date=f"{self.period.end:%d/%m/%Y}",
            period_asks=text(self.policy.asks_key, self.lang),
            monitoring=self.form.monitoring,
            proposals=self.form.proposals,
            prefill_label=self.prev.short if self.prev else "",
            deadline=f"{deadline:%d/%m/%Y}",
            contact=contact,
            upload_link=self.opts.upload_links.get(self.sector.code, ""),
        )
        body = self.st.fmt(font_size=10, text_wrap=True, valign="top")
        row = 0
        for line in rendered.splitlines():
            if line.startswith("# "):
                ws.merge_range(row, 1, row, 2, line[2:], self.st.title())
                ws.set_row(row, 24)
            elif line.startswith("## "):
                h2 = self.st.fmt(bold=True, font_size=11, font_color=HEADER_BG, bottom=1)
                ws.merge_range(row, 1, row, 2, line[3:], h2)
                ws.set_row(row, 20)
            elif line.strip() == "@legenda":
                row = self.legend(ws, row) - 1
            elif line.strip():
                ws.merge_range(row, 1, row, 2, line, body)
                ws.set_row(row, height(wrapped_lines(line, 122)))
            row += 1
        if self.feedback is None:  # a feedback workbook opens on its Segnalazioni: one tab
            ws.activate()  # selected, never two (the sheets would open grouped)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.hide_gridlines(2)
        ws.protect(self.password, {"select_locked_cells": True, "select_unlocked_cells": True})

    def legend(self, ws: Any, row: int) -> int:
        """The colour legend, from ``row``; returns the row after it."""
        items: list[tuple[dict[str, Any], str, str]] = [
            ({"bg_color": YELLOW, "border": 1, "border_color": YELLOW_BORDER}, "input", ""),
            ({"border": 1, "border_color": "#BFBFBF"}, "locked", ""),
            ({"bg_color": BAND, "bold": True, "border": 1, "border_color": "#9BC2E6"}, "band", ""),
            ({"bg_color": RED, "border": 1}, "wrong", ""),
        ]
        if self.prev:
            style = {"bg_color": LOCKED_REF, "font_color": GREY_TEXT, "border": 1}
            items.append((style, "previous", self.prev.short))
        for props, key, at in items:
            name = text(f"legend.{key}", self.lang, at=at)
            meaning = text(f"legend.{key}.meaning", self.lang)
            ws.write_string(row, 1, name, self.st.fmt(font_size=10, **props))
            ws.write_string(row, 2, meaning, self.st.fmt(font_size=10))
            row += 1
        return row

    # -- Obiettivi ---------------------------------------------------------------------------
    def objectives_sheet(self) -> None:
        """A card per objective: its fields, one per row, label and text."""
        cols = layout.OBJECTIVE_COLUMNS
        sheet = layout.S_OBJECTIVES
        self.widths[sheet] = [c.width for c in cols]
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        label_fmt = self.st.label()
        value_fmt = self.st.cell(cols[2])
        row = layout.FIRST_DATA_ROW
        for o in self.objectives:
            self.band(ws, sheet, row, len(cols), o)
            row += 1
            for key, label, value in layout.objective_card(o, self.lang):
                card = layout.card_id(o.code, key)
                ws.write_string(row, layout.ID_COL, card)
                self.positions[(sheet, card, "")] = (row, 2)
                if marks := self.marks(sheet, card, ""):
                    self.comment(ws, row, 2, marks)
                ws.write_string(row, 1, label, label_fmt)
                ws.write_string(row, 2, value, value_fmt)
                lines = max(wrapped_lines(value, cols[2].width), wrapped_lines(label, 26))
                ws.set_row(row, height(lines))
                self.hashes.append((card, sheet, row + 1, layout.row_hash([label, value])))
                row += 1
            row += 1

    # -- Fasi and Indicatori -----------------------------------------------------------------
    def phases_sheet(self) -> None:
        """A row per phase, under its objective's band; then the data validation."""
        cols = layout.phase_columns(self.prev, self.form)
        rows = [(o, p) for o in self.objectives for p in o.phases]
        values = {p.id: self.phase_values(p) for _, p in rows}
        ws = self.data_sheet(layout.S_PHASES, cols, [(o, p.id) for o, p in rows], values)
        written = [self.positions[(layout.S_PHASES, p.id, "progress")][0] for _, p in rows]
        if not written:
            return
        at = {c.key: i for i, c in enumerate(cols)}
        first = {key: xl_rowcol_to_cell(written[0], at[key]) for key in at}
        rules = phase_rules(
            first["progress"],
            first["actual_start"],
            first["actual_end"],
            self.year,
            self.policy.end_date_due,
            self.lang,
        )
        for rule in rules:
            self.apply_validation(ws, at[rule.key], written, rule)
        red = self.st.fmt(bg_color=RED)
        for rule in rules:
            self.apply_flag(ws, at[rule.key], written, rule, red)
        if layout.PROPOSED_END in at:
            rule = self.proposed_end_rule(first[layout.PROPOSED_END])
            self.apply_validation(ws, at[rule.key], written, rule)
            self.apply_flag(ws, at[rule.key], written, rule, red)

    def proposed_end_rule(self, first: str) -> InputRule:
        """«Nuova fine prevista proposta»: a date in the plan's window, like a Fine Prevista."""
        lo, hi = date_window(self.year)
        lang = self.lang
        return InputRule(
            {
                "validate": "date",
                "criteria": "between",
                "minimum": lo,
                "maximum": hi,
                "input_title": text("rule.proposed.title", lang),
                "input_message": text("rule.proposed_end.input", lang),
                "error_title": text("rule.date.invalid", lang),
                "error_message": text(
                    "rule.date.error_phase", lang, lo=f"{lo:%d/%m/%Y}", hi=f"{hi:%d/%m/%Y}"
                ),
            },
            f'=AND({first}<>"",NOT(ISNUMBER({first})))',
            layout.PROPOSED_END,
        )

    def phase_values(self, p: Phase) -> dict[str, object]:
        """What the row of a phase holds, by column key."""
        return layout.phase_row_values(p, self.prefill.get(p.id), self.fill_inputs)

    def indicators_sheet(self) -> None:
        """A row per indicator, under its objective's band; then the data validation by kind."""
        cols = layout.indicator_columns(
            self.plan.prior_years(), self.prev, self.form, self.policy.explain_shortfall
        )
        rows = [(o, i) for o in self.objectives for i in o.indicators]
        values = {i.id: self.indicator_values(i) for _, i in rows}
        ws = self.data_sheet(layout.S_INDICATORS, cols, [(o, i.id) for o, i in rows], values)
        red = self.st.fmt(bg_color=RED)
        for key in ("achieved", layout.PROPOSED_TARGET):
            at = [n for n, c in enumerate(cols) if c.key == key]
            if not at:
                continue
            col = at[0]
            by_kind: dict[Kind, list[int]] = {}
            for _, ind in rows:
                # the achieved value is of the kind that achieves the target (a percentage for
                # «tra 85% e 95%»); a proposed target is of the target's own kind
                kind = ind.achieved_kind if key == "achieved" else ind.kind
                by_kind.setdefault(kind, []).append(
                    self.positions[(layout.S_INDICATORS, ind.id, key)][0]
                )
            for kind, written in sorted(by_kind.items()):
                first = xl_rowcol_to_cell(written[0], col)
                # a kind typed by no keyboard rule of its own (a range: «tra 85% e 95%») is
                # proposed as text, read and checked by check as the plan's own values are
                typed = kind if row(kind).keyboard is not None else Kind.TEXT
                rule = achieved_rule(typed, first, self.year, self.policy.values_due, self.lang)
                if key == layout.PROPOSED_TARGET:  # the same values as the plan's, its own title
                    options = dict(rule.validation or {})
                    options["input_title"] = text("rule.proposed.title", self.lang)
                    options["input_message"] = text(
                        "rule.proposed_target.input",
                        self.lang,
                        hint=text(f"hint.{kind}", self.lang),
                    )
                    rule = InputRule(options, rule.flag, key)
                self.apply_validation(ws, col, written, rule)
                self.apply_flag(ws, col, written, rule, red)

        if self.policy.explain_shortfall and rows:
            self.cause_list(ws, next(n for n, c in enumerate(cols) if c.key == "cause"), rows)

    def monitoring_sheet(self) -> None:
        """Monitoraggio: a row per objective with the questions of the period's form — the
        declared state and the forecast from lists, criticità, corrective actions and the
        proposal of rimodulazione with its reason as texts of bounded length —, each after the
        answer of the previous period when prefilling."""
        sheet = layout.S_MONITORING
        cols = layout.monitoring_columns(self.form, self.prev)
        values = {
            o.code: layout.monitoring_row_values(o, self.prefill.get(o.code), self.fill_inputs)
            for o in self.objectives
        }
        self.widths[sheet] = fit_widths(cols, list(values.values()))
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        self.set_widths(ws, sheet)
        written = []
        for n, o in enumerate(self.objectives):
            row = layout.FIRST_DATA_ROW + n
            self.write_row(ws, sheet, row, cols, o.code, values[o.code])
            written.append(row)
        if not written:
            return
        red = self.st.fmt(bg_color=RED)
        for c, col in enumerate(cols):
            if not col.input:
                continue
            first = xl_rowcol_to_cell(written[0], c)
            if col.key in layout.CHOICES:
                rule = choice_rule(col.key, layout.CHOICES[col.key], first, self.lang)
            else:
                rule = text_rule(col.key, layout.TEXT_LIMIT, self.lang)
            self.apply_validation(ws, c, written, rule)
            self.apply_flag(ws, c, written, rule, red)

    def cause_list(self, ws: Any, col: int, rows: Sequence[tuple[Objective, Indicator]]) -> None:
        """The drop-down of «Causa dello scostamento» (final period): the three causes of the
        DFP guidelines, in the workbook's language."""
        written = [self.positions[(layout.S_INDICATORS, i.id, "cause")][0] for _, i in rows]
        options = [text(f"cause.{key}", self.lang) for key in layout.CAUSES]
        rule = InputRule(
            key="cause",
            validation={
                "validate": "list",
                "source": options,
                "input_title": text("cause.title", self.lang)[:32],
                "input_message": text("cause.help", self.lang)[:255],
                "error_title": text("cause.title", self.lang)[:32],
                "error_message": text("cause.error", self.lang)[:255],
            },
        )
        self.apply_validation(ws, col, written, rule)

    def indicator_values(self, ind: Indicator) -> dict[str, object]:
        """What the row of an indicator holds, by column key."""
        return layout.indicator_row_values(
            ind, self.lang, self.prefill.get(ind.id), self.fill_inputs
        )

    def data_sheet(
        self,
        sheet: str,
        cols: Sequence[Column],
        rows: Sequence[tuple[Objective, str]],
        values: Mapping[str, Mapping[str, object]],
    ) -> Any:
        """A Fasi or Indicatori sheet: widths fitted to the content, a band before each
        objective's rows, one row per id."""
        self.widths[sheet] = fit_widths(cols, [values[rid] for _, rid in rows])
        ws = self.wb.add_worksheet(sheet)
        self.setup_sheet(ws, sheet, cols)
        self.set_widths(ws, sheet)
        row = layout.FIRST_DATA_ROW
        current = None
        for o, rid in rows:
            if o is not current:
                self.band(ws, sheet, row, len(cols), o)
                current = o
                row += 1
            self.write_row(ws, sheet, row, cols, rid, values[rid])
            row += 1
        return ws

    def write_row(
        self,
        ws: Any,
        sheet: str,
        row: int,
        cols: Sequence[Column],
        row_id: str,
        values: Mapping[str, object],
    ) -> None:
        """One phase or indicator row: id, locked plan data, input cells (what the sector typed,
        in a feedback workbook); its locked content is hashed for the metadata."""
        ws.write_string(row, layout.ID_COL, row_id)
        locked: list[object] = []
        n_lines = 1
        typed = self.feedback.values.get(row_id, {}) if self.feedback else {}
        self.positions[(sheet, row_id, "")] = (row, 1)  # the row itself: its first cell
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
                n_lines = max(n_lines, wrapped_lines(stored, self.widths[sheet][c]))
        ws.set_row(row, height(n_lines))
        self.hashes.append((row_id, sheet, row + 1, layout.row_hash(locked)))

    def write_cell(
        self, ws: Any, row: int, c: int, col: Column, v: object, marked: bool = False
    ) -> object:
        """Write one cell; return what it holds (:func:`layout.stored`), for the hash."""
        if isinstance(v, Value) and col.type != "value":
            v = v.value  # a typed value carried back by a feedback workbook
        if isinstance(v, str) and col.type != "text" and v:
            ws.write_string(row, c, v, self.st.cell(col, "", marked))  # text that did not parse
        elif col.type == "date" or isinstance(v, date):
            d = v if isinstance(v, date) else None
            cells.write_date(ws, row, c, d, self.st.cell(col, cells.DATE_FORMAT, marked))
        elif isinstance(v, Value) or col.type == "value":
            val = v if isinstance(v, Value) else None
            cells.write_value(ws, row, c, val, lambda f: self.st.cell(col, f, marked))
        elif col.type in ("number", "progress") and isinstance(v, int | float):
            ws.write_number(row, c, float(v), self.st.cell(col, "General", marked))
        elif col.type in ("number", "progress"):
            ws.write_blank(row, c, None, self.st.cell(col, "General", marked))
        elif v not in (None, ""):
            ws.write_string(row, c, str(v), self.st.cell(col, "", marked))
        else:
            ws.write_blank(row, c, None, self.st.cell(col, "", marked))
        return layout.stored(col, v)

    # -- data validation -------------------------------------------------------------------------
    def apply_validation(self, ws: Any, col: int, rows: list[int], rule: InputRule) -> None:
        """Excel's data validation of ``rule`` on ``col`` in ``rows`` (0-based)."""
        if not rows or rule.validation is None:
            return
        options = dict(rule.validation)
        options["multi_range"] = cell_ranges(col, rows)
        options["ignore_blank"] = True
        options["error_type"] = "stop"
        ws.data_validation(rows[0], col, rows[0], col, options)

    def apply_flag(self, ws: Any, col: int, rows: list[int], rule: InputRule, fmt: Any) -> None:
        """The conditional format that marks a wrong value red."""
        if not rows or rule.flag is None:
            return
        ws.conditional_format(
            rows[0],
            col,
            rows[0],
            col,
            {
                "type": "formula",
                "criteria": rule.flag,
                "format": fmt,
                "multi_range": cell_ranges(col, rows),
            },
        )

    # -- feedback ------------------------------------------------------------------------------
    def marks(self, sheet: str, row_id: str, *keys: str) -> list[str]:
        """The findings' messages for a cell of a feedback workbook (none otherwise)."""
        if not self.feedback:
            return []
        out: list[str] = []
        for key in dict.fromkeys(keys):
            out.extend(self.feedback.marks.get((sheet, row_id, key), ()))
        return out

    def comment(self, ws: Any, row: int, col: int, messages: Sequence[str]) -> None:
        """The findings' messages as the cell's comment, from the performance office."""
        ws.write_comment(
            row,
            col,
            "\n\n".join(messages)[:2000],
            {
                "author": text("workbook.comment_author", self.lang),
                "x_scale": 3,
                "y_scale": 2.5,
                "font_size": 9,
            },
        )

    # -- the whole workbook --------------------------------------------------------------------
    def write(self, path: Path, outputs: Outputs) -> Path:
        """Write the workbook to ``path`` atomically (the file it replaces kept in the archive,
        ``outputs.kept``), lock its structure and seal it."""
        values = meta.meta_values(
            self.plan, self.sector, self.period, self.prev, self.lang, self.feedback is not None
        )
        with outputs.atomic(path) as tmp:
            self.wb = new_workbook(tmp, structure_lock(self.opts.password))
            self.styles = Styles(self.wb)
            meta.write_properties(self.wb, self.plan, self.sector, self.period, self.lang, values)
            feedback_ws = self.wb.add_worksheet(layout.S_FEEDBACK) if self.feedback else None
            self.instructions()
            self.objectives_sheet()
            self.phases_sheet()
            self.indicators_sheet()
            if self.form.monitoring:
                self.monitoring_sheet()
            if feedback_ws is not None and self.feedback is not None:
                write_feedback_sheet(
                    feedback_ws, self.st, self.feedback, self.positions, self.lang, self.password
                )
            meta.write_sheet(self.wb, values, self.hashes, self.password)
            close_workbook(self.wb)
            if not structure_locked(tmp):  # another XlsxWriter, which did not call the hook
                lock_structure(tmp, self.opts.password)
            seal_zip(tmp, OutputKind.FEEDBACK if self.feedback else OutputKind.WORKBOOK)
        return path


_BOOK_VIEWS = re.compile(rb"<bookViews>")


def structure_lock(password: str | None = None) -> list[tuple[str, str]]:
    """The attributes of the ``<workbookProtection>`` that locks the structure."""
    lock = [("lockStructure", "1")]
    return [("workbookPassword", legacy_password_hash(password)), *lock] if password else lock


def structure_locked(path: Path) -> bool:
    """Whether the workbook at ``path`` has its structure lock."""
    with zipfile.ZipFile(path) as z:
        return b"<workbookProtection" in z.read("xl/workbook.xml")


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
    outputs: Outputs | None = None,
) -> Path:
    """Write the workbook of one sector to ``path`` (atomically; the file it replaces kept in
    the archive and listed in ``outputs.kept``). The values written are those of the plan in
    force at the period's end (:meth:`~pegxl.model.Plan.as_of`: the approved variations)."""
    book = _Book(plan.as_of(period.end), sector, period, options or GenerateOptions())
    with no_cyclic_gc(lasting=False):  # tens of thousands of cell records
        return book.write(Path(path), outputs or Outputs())


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
    plan = plan.as_of(period.end)  # the approved variations in force at the period's end
    result = GenerateResult()
    wanted = list(sectors) if sectors else [s.code for s in plan.sectors]
    names = layout.workbook_filenames(period, plan.sectors)
    targets = [(code, out / names[code]) for code in wanted]
    outputs.claim_all([(path, OutputKind.WORKBOOK) for _, path in targets])
    n_workers = pool.count(len(targets))
    if n_workers > 1:
        files, kept = _write_parallel(plan, period, targets, options, n_workers)
        result.files.extend(files)
        outputs.kept.extend(kept)
        return result
    for code, path in targets:
        sector = plan.sector(code)
        result.files.append(write_sector_workbook(plan, sector, period, path, options, outputs))
    return result


#: what a worker writes from: the plan, the period, the sectors and their paths, the options
_State = tuple[Plan, Period, Sequence[tuple[str, Path]], GenerateOptions | None]


def _write_task(state: _State, i: int) -> tuple[Path, list[Kept]]:
    """Write the ``i``-th workbook (on a worker process; the parent claimed its name): its
    path, and the file it replaced, kept in the archive."""
    plan, period, targets, options = state
    code, path = targets[i]
    outputs = Outputs()
    return write_sector_workbook(plan, plan.sector(code), period, path, options, outputs), list(
        outputs.kept
    )


def _failed(i: int, error: BaseException | None) -> tuple[Path, list[Kept]]:
    """A workbook that could not be written on a worker: what it raised, raised here."""
    raise error if error is not None else RuntimeError(f"the worker writing workbook {i} died")


def _write_parallel(
    plan: Plan,
    period: Period,
    targets: Sequence[tuple[str, Path]],
    options: GenerateOptions | None,
    workers: int,
) -> tuple[list[Path], list[Kept]]:
    """The workbooks written on the worker pool (:mod:`pegxl.workers`), in order, and the
    files they replaced, kept in the archive."""
    plan.fingerprint()  # computed once here, not in every worker
    state: _State = (plan, period, targets, options)
    # gc.freeze: the plan lives as long as the worker: never rescanned by the collector
    done = pool.run_all(_write_task, state, len(targets), workers, _failed, setup=gc.freeze)
    return [p for p, _ in done], [k for _, kept in done for k in kept]

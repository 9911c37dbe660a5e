"""The master workbook of a consolidated period: what the performance office keeps and what
finance staff pivot.

*Sintesi* opens with the headline figures and one row per sector, the entity's total in a Table of
its own below (*Totale_ente*: never a row a pivot or a sort of the sectors meets), and two native
charts (the score of each sector, a provisional one hatched and labelled so; the objectives of
each sector by status, the provisional ones apart); then one
sheet per table of :mod:`pegxl.results.tables` — *Obiettivi*, *Fasi*, *Indicatori*,
*Aggregati*, *Consegne*, *Controlli*, *Regole* — each an Excel Table (header, autofilter,
banded rows, frozen header, printed with its header on every page) with typed cells: numbers
as numbers, percentages as percent-formatted fractions, dates as dates.

Written with XlsxWriter's safe options (:func:`~pegxl.outputs.new_workbook`: no text a sector
typed becomes a formula or a link), with pegxl's fixed date (same inputs, same bytes),
atomically, and sealed as pegxl's master (``generate --prefill`` recognises it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from types import MethodType
from typing import Any

from pegxl.cells import DATE_FORMAT, typed_cell, write_value
from pegxl.i18n import CATALOGUE, text
from pegxl.memory import no_cyclic_gc
from pegxl.outputs import (
    FIXED_DATE,
    OutputKind,
    Outputs,
    close_workbook,
    new_workbook,
    seal_zip,
)
from pegxl.results import lineage
from pegxl.results.consolidate import Consolidation
from pegxl.results.scoring import bands_for
from pegxl.results.tables import Column, Table
from pegxl.values import MAX_CELL_TEXT, Kind, Value, fit_to_cell
from pegxl.workbook.styles import GREY_TEXT, HEADER_BG, Styles, height, wrapped_lines

__all__ = ["MASTER_PROPERTIES", "answer_digests", "value_digests", "write_master"]

#: the custom properties that say what a master is (``pegxl_kind`` is read by ``--prefill``)
MASTER_PROPERTIES = ("pegxl_kind", "pegxl_period", "pegxl_period_kind", "pegxl_plan_fingerprint")

PERCENT = "0.0%"
#: the colour of a provisional score (computed without values in error), in no status's colour
WARN = "#8D6E63"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TABLE_STYLE = "Table Style Medium 2"
#: the number format of a number in a column of each kind (others: General)
_NUMBER_FORMATS = {"percent": PERCENT, "int": "0"}


class _Writer:
    """Writes one master workbook."""

    def __init__(self, wb: Any, result: Consolidation, lang: str) -> None:
        self.wb = wb
        self.r = result
        self.lang = lang
        self.st = Styles(wb)
        self.base = {
            "font_size": 10,
            "valign": "top",
            "bottom": 1,
            "bottom_color": "#D9D9D9",
        }
        self._cells: dict[tuple[str, bool, bool], Any] = {}

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the workbook's language; at a period that does not grade, the
        interim wording of a master text where it has one (``master.interim.<name>``:
        progress and states, never achievement)."""
        if key.startswith("master.") and not self.r.period.policy.grades:
            interim = f"master.interim.{key.removeprefix('master.')}"
            if interim in CATALOGUE:
                key = interim
        return text(key, self.lang, **params)

    def fit(self, v: str) -> str:
        """A text as a cell can hold it: one longer than :data:`MAX_CELL_TEXT` (a note of
        40,000 characters) is cut, and the cell ends saying so (never cut in silence)."""
        return fit_to_cell(v, self.lang, "master.cut")

    def fmt(self, **props: Any) -> Any:
        """A cell format: the base look plus ``props`` (shared, one per distinct set)."""
        return self.st.fmt(**{**self.base, **props})

    def header_format(self) -> Any:
        """The format of a table's header cells."""
        return self.fmt(bold=True, font_color="#FFFFFF", bg_color=HEADER_BG, text_wrap=True)

    # -- cells -------------------------------------------------------------------------------
    def cell_format(self, number_format: str, bold: bool = False, wrap: bool = False) -> Any:
        """The format of a data cell: a number format, bold (a total), wrapped text. Looked up
        by a plain key: a master has a million cells."""
        key = (number_format, bold, wrap)
        found = self._cells.get(key)
        if found is None:
            props: dict[str, Any] = {"num_format": number_format} if number_format else {}
            if bold:
                props["bold"] = True
            if wrap:
                props["text_wrap"] = True
            found = self._cells[key] = self.fmt(**props)
        return found

    def cell(self, ws: Any, r: int, c: int, col: Column, v: object, bold: bool, wrap: bool) -> None:
        """One typed cell of a table (text wrapped in a table meant for reading)."""
        if v is None or v == "":
            ws.write_blank(r, c, None, self.cell_format("", bold))
        elif isinstance(v, str):
            ws.write_string(r, c, self.fit(v), self.cell_format("", bold, wrap))
        elif isinstance(v, Value):
            write_value(ws, r, c, v, lambda nf: self.cell_format(nf, bold))
        elif isinstance(v, bool):
            ws.write_string(r, c, str(v), self.cell_format("", bold))
        elif isinstance(v, int | float):
            number_format = _NUMBER_FORMATS.get(col.kind, "")
            ws.write_number(r, c, float(v), self.cell_format(number_format, bold))
        elif isinstance(v, datetime):
            ws.write_datetime(r, c, v, self.cell_format(DATETIME_FORMAT, bold))
        elif isinstance(v, date):
            midnight = datetime.combine(v, datetime.min.time())
            ws.write_datetime(r, c, midnight, self.cell_format(DATE_FORMAT, bold))
        else:
            ws.write_string(r, c, self.fit(str(v)), self.cell_format("", bold, wrap))

    def rows_to_read(self, ws: Any, t: Table, top: int) -> None:
        """The rows of a table meant for reading: wrapped text, rows as tall as their text,
        totals in bold."""
        for n, row in enumerate(t.rows, top + 1):
            bold = n - top - 1 in t.bold_rows
            lines = 1
            for c, (col, v) in enumerate(zip(t.columns, row, strict=True)):
                self.cell(ws, n, c, col, v, bold, t.wrap)
                if t.wrap and isinstance(v, str):  # capitals and bold run wider: a margin
                    lines = max(lines, wrapped_lines(v, col.width * 0.85))
            if lines > 1:
                ws.set_row(n, height(lines))

    def rows_to_pivot(self, ws: Any, t: Table, top: int) -> None:
        """The rows of a table meant for pivoting (the big ones: a region's master has a million
        cells): the same cells as :meth:`cell` writes, the commonest kinds — text, a number of
        the column's kind, nothing — written with their format worked out once per column."""
        text_fmt = self.cell_format("")
        number_fmt = [self.cell_format(_NUMBER_FORMATS.get(col.kind, "")) for col in t.columns]
        columns = t.columns
        writers = {
            name: _unwrapped(ws, name)
            for name in ("write_string", "write_number", "write_blank", "write_datetime")
        }
        write_string, write_number, write_blank = (
            writers["write_string"],
            writers["write_number"],
            writers["write_blank"],
        )
        # a plan's values repeat (targets of 100, Fatto): each distinct one typed once
        typed: dict[tuple[object, ...], tuple[Any, object, Any]] = {}
        for n, row in enumerate(t.rows, top + 1):
            if len(row) != len(columns):
                raise ValueError(f"row {n} of {t.name} has {len(row)} cells, not {len(columns)}")
            for c, v in enumerate(row):
                kind = type(v)
                if kind is str:
                    if v:
                        text = v if len(v) <= MAX_CELL_TEXT // 2 else self.fit(v)  # type: ignore[arg-type]
                        write_string(n, c, text, text_fmt)
                    else:
                        write_blank(n, c, None, text_fmt)
                elif kind is float or kind is int:
                    write_number(n, c, float(v), number_fmt[c])  # type: ignore[arg-type]
                elif v is None:
                    write_blank(n, c, None, text_fmt)
                elif kind is Value:
                    key = (v.kind, v.value, v.raw, v.decimals)  # type: ignore[attr-defined]
                    how = typed.get(key)
                    if how is None:
                        method, cell, number_format = typed_cell(v)  # type: ignore[arg-type]
                        how = typed[key] = (writers[method], cell, self.cell_format(number_format))
                    how[0](n, c, how[1], how[2])
                else:
                    self.cell(ws, n, c, columns[c], v, False, False)

    def table(self, ws: Any, t: Table, top: int, page: bool = True) -> int:
        """``t`` as an Excel Table whose header is on row ``top``; the last row written. A table
        meant for reading wraps its text (rows as tall as their text); a table meant for
        pivoting keeps one line per row, its ID column frozen. ``page``: the sheet's columns,
        frozen header and printing are this table's (not for a second table on the sheet)."""
        if page:
            for c, col in enumerate(t.columns):
                ws.set_column(c, c, col.width)
        last = top + max(len(t.rows), 1)  # an Excel Table has at least one data row
        _unrecorded_table_cells(ws)
        ws.add_table(
            top,
            0,
            last,
            len(t.columns) - 1,
            {
                "name": t.table_name,
                "style": TABLE_STYLE,
                "columns": [
                    {"header": col.header, "header_format": self.header_format()}
                    for col in t.columns
                ],
            },
        )
        if t.wrap or t.bold_rows:
            self.rows_to_read(ws, t, top)
        else:
            self.rows_to_pivot(ws, t, top)
        head_lines = max(wrapped_lines(c.header, c.width * 0.85) for c in t.columns)
        ws.set_row(top, height(max(head_lines, 2)) + 2)
        if not page:
            return last
        ws.freeze_panes(top + 1, 1 if not t.wrap else 0)
        ws.repeat_rows(top)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer(f"&L{t.name}&R&P / &N", {"scale_with_doc": False})
        ws.fit_to_pages(1, 0)  # printed whole on the page width: an overview, never 80 pages
        ws.hide_gridlines(2)
        return last

    # -- the sheets ----------------------------------------------------------------------------
    def summary(self, t: Table, total: Table) -> None:
        """Title, headline figures, the sectors' table, the entity's total in a table of its
        own below it (a pivot or a sort of the sectors never meets it), and the two charts."""
        ws = self.wb.add_worksheet(t.name)
        r = self.r
        entity = r.scores.rollups[-1]
        ws.write_string(0, 0, self.t("master.title", entity=r.plan.entity or "—"), self.title())
        ws.set_row(0, 24)  # rows as tall as their font: a client that keeps the default height
        ws.write_string(1, 0, r.period.label(self.lang), self.fmt(font_size=12, bold=True))
        ws.set_row(1, 18)  # would cut the title's letters
        ws.write_string(
            2,
            0,
            self.t("master.subtitle", rules=r.rules.source, fp=r.plan.fingerprint()[:12])
            + (f" {self.t('plan.word')} {act}." if (act := r.plan.act_line(self.lang)) else ""),
            self.fmt(font_color=GREY_TEXT, italic=True),
        )
        counted = sum(1 for d in r.selection.rows if d.status.value.startswith("conteggiato"))
        sectors = len(t.rows)
        figures = [
            (self.t("master.fig_weighted"), entity.weighted, True),
            (self.t("master.fig_plain"), entity.plain, True),
            (self.t("master.fig_returns"), f"{counted} / {sectors}", False),
            (self.t("master.fig_measured"), f"{entity.measured} / {entity.objectives}", False),
            (
                self.t("master.fig_provisional"),
                f"{entity.provisional} / {entity.objectives}",
                False,
            ),
        ]
        provisional = self.t("band.provisional", band="").strip()
        label = self.fmt(bold=True, bg_color="#DDEBF7", border=1)
        for n, (name, value, pct) in enumerate(figures, 4):
            ws.merge_range(n, 0, n, 1, name, label)
            if pct and isinstance(value, float):
                ws.write_number(
                    n, 2, value / 100, self.fmt(num_format=PERCENT, bold=True, border=1)
                )
                if entity.is_provisional:  # never read as a clean score
                    ws.write_string(n, 3, provisional, self.fmt(italic=True, font_color=WARN))
            elif pct:
                ws.write_string(n, 2, self.t("band.non_valutabile"), self.fmt(border=1))
            else:
                ws.write_string(n, 2, str(value), self.fmt(bold=True, border=1, align="right"))
        top = 4 + len(figures) + 1
        last = self.table(ws, t, top)
        last = self.table(ws, total, last + 2, page=False)
        ws.set_landscape()
        if sectors > 0:
            self.charts(ws, t, top, top + sectors, last + 2)

    def title(self) -> Any:
        """The format of the title on Sintesi."""
        return self.st.fmt(bold=True, font_size=16, font_color=HEADER_BG)

    def charts(self, ws: Any, t: Table, top: int, last_sector: int, at: int) -> None:
        """The score of each sector (weighted mean) and its objectives by status."""
        keys = [c.key for c in t.columns]
        name_col = keys.index("sector_name")
        weighted = keys.index("weighted")
        sheet = t.name
        cats = [sheet, top + 1, name_col, last_sector, name_col]
        bar = self.wb.add_chart({"type": "bar"})
        # a provisional score hatched and labelled so, never drawn as a clean one
        sectors = {r.key: r for r in self.r.scores.rollups if r.level == "sector"}
        flagged = [sectors.get(str(row[0])) for row in t.rows]
        points: list[dict[str, Any] | None] = []
        labels: list[dict[str, Any] | None] = []
        for r in flagged:
            if r is not None and r.is_provisional and r.weighted is not None:
                points.append(
                    {
                        "pattern": {"pattern": "wide_upward_diagonal", "fg_color": WARN},
                        "border": {"color": WARN},
                    }
                )
                shown = self.t("band.provisional", band=f"{r.weighted:.0f}%")
                labels.append({"value": shown})
            else:
                points.append(None)
                labels.append(None)
        data_labels: dict[str, Any] = {"value": True, "num_format": "0%"}
        if any(labels):
            data_labels["custom"] = labels
        bar.add_series(
            {
                "name": self.t("mcol.weighted"),
                "categories": cats,
                "values": [sheet, top + 1, weighted, last_sector, weighted],
                "fill": {"color": HEADER_BG},
                "points": points if any(points) else None,
                "data_labels": data_labels,
            }
        )
        bar.set_title({"name": self.t("master.chart_scores"), "name_font": {"size": 12}})
        bar.set_x_axis(
            {"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}}
        )
        bar.set_y_axis({"reverse": True})
        bar.set_legend({"none": True})
        bar.set_size({"width": 620, "height": 60 + 38 * (last_sector - top)})
        ws.insert_chart(at, 0, bar)
        stacked = self.wb.add_chart({"type": "bar", "subtype": "stacked"})
        colours = ("#2E7D32", "#F9A825", "#C62828", "#9E9E9E", WARN)
        counted = [f"n_{s}" for s in bands_for(self.r.period)] + ["n_provisional"]
        for key, colour in zip(counted, colours, strict=True):
            col = keys.index(key)
            stacked.add_series(
                {
                    "name": [sheet, top, col],
                    "categories": cats,
                    "values": [sheet, top + 1, col, last_sector, col],
                    "fill": {"color": colour},
                }
            )
        stacked.set_title({"name": self.t("master.chart_status"), "name_font": {"size": 12}})
        stacked.set_y_axis({"reverse": True})
        stacked.set_x_axis({"major_gridlines": {"visible": True}})
        stacked.set_legend({"position": "bottom"})
        stacked.set_size({"width": 620, "height": 90 + 38 * (last_sector - top)})
        ws.insert_chart(at, 6, stacked)

    def sheet(self, t: Table) -> None:
        """A table on a sheet of its own."""
        ws = self.wb.add_worksheet(t.name)
        self.table(ws, t, 0)


def _unwrapped(ws: Any, name: str) -> Any:
    """The worksheet's method ``name`` without XlsxWriter's decorator, which only turns an "A1"
    reference into row and column (the master always passes numbers): a microsecond of each of a
    region's 1.3 million cells. ``functools.wraps`` keeps the function it wraps as
    ``__wrapped__``; without it (another XlsxWriter), the method as it is."""
    inner = getattr(getattr(type(ws), name, None), "__wrapped__", None)
    return MethodType(inner, ws) if callable(inner) else getattr(ws, name)


class _Unrecorded(dict[Any, Any]):
    """A record that keeps nothing (see :func:`_unrecorded_table_cells`)."""

    def __setitem__(self, key: Any, value: Any) -> None:
        return None


def _unrecorded_table_cells(ws: Any) -> None:
    """Keep XlsxWriter from recording which cells a table of this sheet covers. XlsxWriter
    stores a dictionary entry per cell of every table (a region's master: 1.3 million entries,
    about 110 MB) only to refuse a later table or merged range that overlaps it; the master adds
    one table per sheet and merges no cell of a table sheet, so the record would never be read.
    Without that attribute (another XlsxWriter), nothing is done."""
    if isinstance(getattr(ws, "table_cells", None), dict) and not ws.table_cells:
        ws.table_cells = _Unrecorded()


def _as_written(col: Column, v: object) -> tuple[object, str] | None:
    """What a reader finds in the cell the writer makes of ``v`` (its value and number
    format, as :mod:`pegxl.sheets` gives them), or ``None`` for an empty cell."""
    if v is None or v == "":
        return None
    if isinstance(v, Value):
        method, cell, number_format = typed_cell(v)
        return cell, number_format if method != "write_string" else ""
    if isinstance(v, bool):
        return str(v), ""
    if isinstance(v, int | float):
        return float(v), _NUMBER_FORMATS.get(col.kind, "")
    if isinstance(v, datetime):
        return v, DATETIME_FORMAT
    if isinstance(v, date):
        return datetime.combine(v, datetime.min.time()), DATE_FORMAT
    return str(v), ""


def value_digests(plan: Any, tables: list[Table]) -> dict[str, str]:
    """Per sector, the digest of the values the next period's prefill will read from the
    master (:mod:`pegxl.results.lineage`), worked out from the cells as they are written."""
    return _digests(plan, tables, lineage.wanted, {"progress", "achieved"})


def answer_digests(plan: Any, tables: list[Table]) -> dict[str, str]:
    """Per sector, the digest of the monitoring answers the next period's prefill will read
    from the master (:func:`pegxl.results.lineage.wanted_answers`), as written."""
    return _digests(plan, tables, lineage.wanted_answers, set(lineage.ANSWERS))


def _digests(
    plan: Any,
    tables: list[Table],
    wanted: Callable[[lineage.Rows, str, Iterable[str]], dict[str, Kind]],
    needs: set[str],
) -> dict[str, str]:
    """Per sector, the digest of what ``wanted`` picks of each row of the tables that have an
    ID and one of the columns ``needs``."""
    rows = lineage.Rows(plan)
    names = lineage.header_keys()
    values: lineage.Values = {}
    # a plan's values repeat (progress of 50, Fatto): each distinct one read once
    seen: dict[tuple[object, ...], object] = {}
    for t in tables:
        at = {names[c.header]: n for n, c in enumerate(t.columns) if c.header in names}
        if "id" not in at or not needs & at.keys():
            continue
        for row in t.rows:
            row_id = str(row[at["id"]])
            for key, kind in wanted(rows, row_id, at).items():
                column = lineage.column_of(key, kind, at)
                if column not in at or row[at[column]] is None:
                    continue
                col, v = t.columns[at[column]], row[at[column]]
                memo = (key, kind, col.kind, type(v), v)
                if memo not in seen:
                    written = _as_written(col, v)
                    seen[memo] = lineage.value_of(*written, key, kind) if written else None
                if seen[memo] is not None:
                    values.setdefault(row_id, {})[key] = seen[memo]
    return lineage.digests(rows, values)


def _write_workbook(result: Consolidation, tables: list[Table], path: Path, lang: str) -> None:
    """The master's sheets, written to ``path`` and closed."""
    wb = new_workbook(path)
    plan = result.plan
    wb.set_properties(
        {
            "title": text("master.title", lang, entity=plan.entity or "—"),
            "subject": result.period.label(lang),
            "author": "pegxl",
            "company": plan.entity,
            "category": "PEG-PIAO",
            "comments": text("master.comments", lang),
            "created": FIXED_DATE,
        }
    )
    values = ("master", result.period.iso, result.period.kind.value, plan.fingerprint())
    for key, value in zip(MASTER_PROPERTIES, values, strict=True):
        wb.set_custom_property(key, value)
    for sector, digest in value_digests(plan, tables).items():  # what --prefill will verify
        wb.set_custom_property(lineage.DIGEST_PROPERTY + sector, digest)
    for sector, digest in answer_digests(plan, tables).items():
        wb.set_custom_property(lineage.ANSWERS_PROPERTY + sector, digest)
    writer = _Writer(wb, result, lang)
    writer.summary(tables[0], tables[1])
    for t in tables[2:]:
        writer.sheet(t)
    close_workbook(wb)


def write_master(
    result: Consolidation, path: str | Path, lang: str = "it", outputs: Outputs | None = None
) -> Path:
    """Write the master workbook of ``result`` to ``path`` (atomically; refused over a file
    pegxl did not write or over an input, see :class:`~pegxl.outputs.Outputs`; the master it
    replaces is kept in the archive, ``outputs.kept``)."""
    outputs = outputs or Outputs()
    target = outputs.claim(path, OutputKind.MASTER)
    tables = result.sheets(lang)
    with outputs.atomic(target) as tmp:
        # a million cell records, all garbage once the workbook is closed (and written out of
        # a function of its own, so that none is still referred to when collection resumes)
        with no_cyclic_gc(lasting=False):
            _write_workbook(result, tables, tmp, lang)
        seal_zip(tmp, OutputKind.MASTER)
    return target

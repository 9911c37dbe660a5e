"""The plan workbook: the canonical, editable plan the performance office keeps.

Sheets (Italian): Leggimi (how to edit), Piano (plan header), Settori, Obiettivi, Fasi,
Indicatori, Variazioni (the variations approved during the year, one row per act and field).
``pegxl import`` writes it with :func:`save`; every other command reads it with
:func:`pegxl.plan.planload.load`, which validates it and reports findings with sheet and cell. This
module holds what both share: the sheets and their columns.

Columns are found by their header text (row 1), so the office may reorder them; a renamed header
is read when it is recognisably the same column, and reported. Values are typed cells: dates are
dates, numbers are numbers (shown with the decimals the source showed), percentages are
percent-formatted numbers, Fatto/Non fatto is text. Save → load is lossless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pegxl import cells, resources
from pegxl.i18n import lang_of
from pegxl.model import (
    DIRECTION_LABELS,
    INDICATORS_SHEET,
    OBJECTIVES_SHEET,
    PHASES_SHEET,
    VARIABLE_FIELDS,
    Indicator,
    Plan,
    phase_id,
)
from pegxl.outputs import (
    FIXED_DATE,
    OutputKind,
    Outputs,
    close_workbook,
    new_workbook,
    seal_zip,
)
from pegxl.values import Kind, kind_label

__all__ = ["SHEETS", "VARIATION_COLS", "Col", "indicator_cols", "save"]

S_README, S_PLAN, S_SECTORS = "Leggimi", "Piano", "Settori"
S_OBJECTIVES, S_PHASES, S_INDICATORS = OBJECTIVES_SHEET, PHASES_SHEET, INDICATORS_SHEET
S_VARIATIONS = "Variazioni"
SHEETS = (S_README, S_PLAN, S_SECTORS, S_OBJECTIVES, S_PHASES, S_INDICATORS, S_VARIATIONS)


@dataclass(frozen=True)
class Col:
    """A column of a plan sheet: model key, Italian header, width, cell type, wrap, required."""

    key: str
    header: str
    width: float
    type: str = "text"  # text | date | number | value | kind | direction | yesno
    wrap: bool = False
    required: bool = False


SECTOR_COLS = (
    Col("code", "Codice settore", 14, required=True),
    Col("name", "Settore (Centro di Responsabilità)", 44, wrap=True),
    Col("assessorato", "Assessorato", 50, wrap=True),
    Col("responsabile", "Responsabile", 28),
    Col("email", "E-mail referente", 32),
)
OBJECTIVE_COLS = (
    Col("code", "Codice obiettivo", 16, required=True),
    Col("sector_code", "Codice settore", 12, required=True),
    Col("title", "Obiettivo", 60, wrap=True),
    Col("assessorato", "Assessorato", 40, wrap=True),
    Col("responsabile", "Responsabile", 26),
    Col("valore_pubblico", "Valore pubblico", 34, wrap=True),
    Col("mandate.code", "Codice obiettivo di mandato", 20),
    Col("mandate.label", "Obiettivo di mandato", 30, wrap=True),
    Col("mission.code", "Codice obiettivo di missione", 22),
    Col("mission.label", "Obiettivo di missione", 30, wrap=True),
    Col("program.code", "Codice obiettivo di programma", 20),
    Col("program.label", "Obiettivo di programma", 30, wrap=True),
    Col("modalita", "Modalità di Attuazione", 80, wrap=True),
    Col("stato", "Stato", 12),
    Col("provisional", "Codice provvisorio", 12, type="yesno"),
)
PHASE_COLS = (
    Col("id", "ID fase", 18),
    Col("objective_code", "Codice obiettivo", 16, required=True),
    Col("name", "FASE", 60, wrap=True, required=True),
    Col("planned_start", "Inizio Previsto", 12, type="date"),
    Col("planned_end", "Fine Prevista", 12, type="date"),
    Col("weight", "Peso", 8, type="number"),
    Col("progress", "Avanzamento (%)", 12, type="number"),
    Col("actual_start", "Inizio Effettivo", 12, type="date"),
    Col("actual_end", "Fine Effettiva", 12, type="date"),
    Col("responsabili", "Responsabile", 28, wrap=True),
    Col("centro", "Centro di Responsabilità", 30, wrap=True),
    Col("note", "Note", 40, wrap=True),
)


#: the «Variazioni» sheet: exactly these headers (the interim master's «Proposte» has the same,
#: so the rows the Giunta approves are pasted from one into the other)
VARIATION_COLS = (
    Col("row_id", "ID", 18, required=True),
    Col("header", "Campo", 16, required=True),
    Col("original", "Valore originale", 16, type="value", required=True),
    Col("new", "Nuovo valore", 16, type="value", required=True),
    Col("reason", "Motivazione", 60, wrap=True, required=True),
    Col("act", "Atto", 28, wrap=True, required=True),
    Col("act_date", "Data atto", 12, type="date", required=True),
)
#: the cells a «Variazioni» row cannot do without to be read at all (the others, when empty,
#: are findings of their own: an original the plan does not have, an act missing)
VARIATION_KEYS = ("row_id", "header", "new")


def indicator_cols(prior_years: tuple[int, ...]) -> tuple[Col, ...]:
    """The Indicatori columns; one ``Valore Raggiunto YYYY`` column per prior year."""
    return (
        Col("id", "ID indicatore", 18),
        Col("objective_code", "Codice obiettivo", 16, required=True),
        Col("description", "Descrizione", 60, wrap=True, required=True),
        Col("tipo", "Tipo", 14),
        Col("kind", "Tipo valore", 16, type="kind", required=True),
        Col("target", "Valore Atteso", 14, type="value"),
        Col("direction", "Direzione", 12, type="direction"),
        Col("achieved", "Valore Raggiunto", 14, type="value"),
        *(Col(f"prior.{y}", f"Valore Raggiunto {y}", 14, type="value") for y in prior_years),
        Col("note", "Note", 40, wrap=True),
    )


PLAN_FIELDS = (
    ("entity", "Ente"),
    ("year", "Anno"),
    ("view", "Vista"),
    ("level", "Livello"),
    ("value_label", "Valore pubblico"),
)


# ---------------------------------------------------------------------------------------------
# writing


class _Formats:
    """The few formats of the plan workbook, made once."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.cache: dict[tuple[str, bool], Any] = {}
        self.header = wb.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "text_wrap": True,
                "valign": "vcenter",
                "border": 1,
                "border_color": "#BFBFBF",
            }
        )
        self.title = wb.add_format({"bold": True, "font_size": 14})

    def get(self, num_format: str, wrap: bool) -> Any:
        """The format of a data cell with ``num_format``, wrapped or not."""
        key = (num_format, wrap)
        if key not in self.cache:
            props: dict[str, Any] = {"valign": "top"}
            if num_format:
                props["num_format"] = num_format
            if wrap:
                props["text_wrap"] = True
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]


def _cell(obj: object, col: Col) -> object:
    """What the cell of ``col`` holds for a model object (a sector, objective, phase or
    indicator)."""
    if col.key.startswith("prior."):
        assert isinstance(obj, Indicator)
        return obj.prior_value(int(col.key.split(".")[1]))
    if col.key == "kind":
        assert isinstance(obj, Indicator)
        return kind_label(obj.kind)
    value: object = obj
    for part in col.key.split("."):
        value = getattr(value, part)
    if col.key == "responsabili":
        return "; ".join(value)  # type: ignore[arg-type]
    if col.type == "direction":
        return DIRECTION_LABELS[value][0]  # type: ignore[index]
    if col.type == "yesno":
        return "Sì" if value else "No"
    return value


def _write_table(
    wb: Any, fmts: _Formats, name: str, cols: tuple[Col, ...], rows: Sequence[object]
) -> Any:
    """One table sheet of the plan workbook: headers, one row per object, frozen header,
    autofilter."""
    ws = wb.add_worksheet(name)
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    for c, col in enumerate(cols):
        ws.write_string(0, c, col.header, fmts.header)
        ws.set_column(c, c, col.width)
    for r, obj in enumerate(rows, start=1):
        for c, col in enumerate(cols):
            value = _cell(obj, col)
            if col.type == "value":
                cells.write_value(ws, r, c, value, lambda f: fmts.get(f, False))  # type: ignore[arg-type]
            elif value is None or value == "":
                continue
            elif col.type == "date":
                assert isinstance(value, date)
                ws.write_datetime(
                    r,
                    c,
                    datetime.combine(value, datetime.min.time()),
                    fmts.get("dd/mm/yyyy", False),
                )
            elif col.type == "number":
                ws.write_number(r, c, float(value), fmts.get("General", False))  # type: ignore[arg-type]
            else:
                ws.write_string(r, c, str(value), fmts.get("", col.wrap))
    last = max(len(rows), 1)
    ws.autofilter(0, 0, last, len(cols) - 1)
    return ws


def _validate_list(
    ws: Any, cols: tuple[Col, ...], key: str, options: list[str], n: int, title: str, message: str
) -> None:
    """A dropdown of ``options`` on the column ``key``, for the rows written and 500 more."""
    for c, col in enumerate(cols):
        if col.key == key:
            ws.data_validation(
                1,
                c,
                max(n, 1) + 500,
                c,
                {
                    "validate": "list",
                    "source": options,
                    "input_title": title[:32],
                    "input_message": message[:255],
                    "error_title": title[:32],
                    "error_message": ("Scegliere un valore dall'elenco: " + ", ".join(options))[
                        :255
                    ],
                },
            )


def save(plan: Plan, path: str | Path, lang: str = "it", outputs: Outputs | None = None) -> Path:
    """Write ``plan`` to a plan workbook at ``path`` (atomically); return the path.

    ``path`` must end in ``.xlsx`` and may replace only a plan workbook pegxl wrote and nobody
    changed since (:class:`~pegxl.outputs.Outputs`; ``outputs`` knows the command's inputs and
    ``--force``), else :class:`~pegxl.outputs.OutputRefused`."""
    path = Path(path)
    outputs = outputs or Outputs()
    outputs.claim(path, OutputKind.PLAN)  # refused unless .xlsx, among the other rules
    prior = plan.prior_years()
    ind_cols = indicator_cols(prior)
    with outputs.atomic(path) as tmp:  # the plan it replaces kept in the archive
        wb = new_workbook(tmp)
        wb.set_properties(
            {
                "title": f"Piano della performance {plan.year} — {plan.entity}",
                "subject": plan.level or "PEG-PIAO sezione 2.2 Performance",
                "author": "pegxl",
                "company": plan.entity,
                "comments": f"pegxl plan workbook; fingerprint {plan.fingerprint()}",
                "created": FIXED_DATE,
            }
        )
        wb.set_custom_property("pegxl_kind", "plan")
        wb.set_custom_property("pegxl_plan_fingerprint", plan.fingerprint())
        fmts = _Formats(wb)
        readme = wb.add_worksheet(S_README)
        text = resources.render(
            f"planbook_leggimi.{lang_of(lang)}.txt.j2",
            plan=plan,
            stats=plan.stats(),
            fingerprint=plan.fingerprint(),
            example_phase=phase_id(
                plan.objectives[0].code if plan.objectives else "2025_S01_01", 2
            ),
        )
        readme.set_column(0, 0, 130)
        for r, line in enumerate(text.splitlines()):
            readme.write_string(r, 0, line, fmts.title if r == 0 else fmts.get("", False))
        info = wb.add_worksheet(S_PLAN)
        info.set_column(0, 0, 18)
        info.set_column(1, 1, 70)
        info.write_string(0, 0, "Campo", fmts.header)
        info.write_string(0, 1, "Valore", fmts.header)
        for r, (key, label) in enumerate(PLAN_FIELDS, start=1):
            info.write_string(r, 0, label)
            value = getattr(plan, key)
            if isinstance(value, int):
                info.write_number(r, 1, value)
            else:
                info.write_string(r, 1, str(value))
        _write_table(wb, fmts, S_SECTORS, SECTOR_COLS, list(plan.sectors))
        ws = _write_table(wb, fmts, S_OBJECTIVES, OBJECTIVE_COLS, list(plan.objectives))
        _validate_list(
            ws,
            OBJECTIVE_COLS,
            "provisional",
            ["Sì", "No"],
            len(plan.objectives),
            "Codice provvisorio",
            "Sì se il codice è provvisorio.",
        )
        _write_table(wb, fmts, S_PHASES, PHASE_COLS, list(plan.phases()))
        inds = list(plan.indicators())
        ws = _write_table(wb, fmts, S_INDICATORS, ind_cols, inds)
        _validate_list(
            ws,
            ind_cols,
            "kind",
            [kind_label(k) for k in Kind],
            len(inds),
            "Tipo valore",
            "Come leggere Valore Atteso e Raggiunto.",
        )
        _validate_list(
            ws,
            ind_cols,
            "direction",
            ["crescente", "decrescente"],
            len(inds),
            "Direzione",
            "crescente: più alto è meglio; decrescente: più basso è meglio.",
        )
        ws = _write_table(wb, fmts, S_VARIATIONS, VARIATION_COLS, list(plan.variations))
        _validate_list(
            ws,
            VARIATION_COLS,
            "header",
            sorted({h for fields in VARIABLE_FIELDS.values() for h in fields.values()}),
            len(plan.variations),
            "Campo",
            "Il campo che l'atto varia: Valore Atteso di un indicatore; Inizio Previsto, Fine "
            "Prevista o Peso di una fase.",
        )
        close_workbook(wb)
        seal_zip(tmp, OutputKind.PLAN)
    return path

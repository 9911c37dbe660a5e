"""The plan workbook: the canonical, editable plan the performance office keeps.

Sheets (Italian): Leggimi (how to edit), Piano (plan header), Settori, Obiettivi, Fasi,
Indicatori, Variazioni (the variations approved during the year, one row per act and field).
``pegxl import`` writes it with :func:`save`; every other command reads it with
:func:`pegxl.plan.workbook_reader.load`, which validates it and reports findings with sheet and
cell. This module holds what both share: the sheets and their columns.

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

__all__ = ["SHEETS", "VARIATION_COLS", "Col", "indicator_cols", "save", "save_blank"]

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
        Col("kind", "Tipo valore", 16, type="kind"),  # blank: read from the target (PLAN-046)
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
    ("act", "Delibera di approvazione"),
    ("act_date", "Data della delibera"),
    ("smvp", "SMVP in vigore"),
)

#: rows below the last written one that keep the drop-downs and the checks of what is typed (a
#: blank plan has none written: the office types its whole plan into these)
SPARE_ROWS = 500
BLANK_ROWS = 2000


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


def _col(cols: tuple[Col, ...], key: str) -> int | None:
    """The position of the column ``key`` (``None`` when the sheet has none)."""
    return next((c for c, col in enumerate(cols) if col.key == key), None)


def _validate_list(
    ws: Any,
    cols: tuple[Col, ...],
    key: str,
    options: list[str] | str,
    last: int,
    title: str,
    message: str,
) -> None:
    """A drop-down of ``options`` (a list, or a range of another sheet: ``=Settori!$A$2:$A$2001``)
    on the column ``key``, from row 2 to row ``last + 1``."""
    c = _col(cols, key)
    if c is None:
        return
    shown = ", ".join(options) if isinstance(options, list) else ""
    ws.data_validation(
        1,
        c,
        last,
        c,
        {
            "validate": "list",
            "source": options,
            "input_title": title[:32],
            "input_message": message[:255],
            "error_title": title[:32],
            "error_message": (("Scegliere un valore dall'elenco: " + shown) if shown else message)[
                :255
            ],
        },
    )


def _validate_kind(
    ws: Any, cols: tuple[Col, ...], key: str, last: int, title: str, message: str
) -> None:
    """A check of what is typed in the column ``key``: a date (``date``), or a number from 0 to
    100 (``number``: weight and progress), refused otherwise with ``message``."""
    c = _col(cols, key)
    if c is None:
        return
    col = cols[c]
    rule: dict[str, Any]
    if col.type == "date":
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1990, 1, 1),
            "maximum": date(2100, 12, 31),
        }
    else:
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100}
    rule.update(
        {
            "input_title": title[:32],
            "input_message": message[:255],
            "error_title": title[:32],
            "error_message": message[:255],
        }
    )
    ws.data_validation(1, c, last, c, rule)


def _checks(
    wb: Any, sheets: dict[str, Any], ind_cols: tuple[Col, ...], rows: dict[str, int], blank: bool
) -> None:
    """The drop-downs and the checks of what is typed, on every table sheet: closed lists
    (Tipo valore, Direzione, Codice provvisorio; in a blank plan the sector and objective codes
    from their sheets too), dates, weights and progress from 0 to 100."""
    spare = BLANK_ROWS if blank else SPARE_ROWS
    last = {name: max(n, 1) + spare for name, n in rows.items()}
    date_msg = "Una data, come 31/12/2025."
    _validate_list(
        sheets[S_OBJECTIVES],
        OBJECTIVE_COLS,
        "provisional",
        ["Sì", "No"],
        last[S_OBJECTIVES],
        "Codice provvisorio",
        "Sì se il codice è provvisorio.",
    )
    _validate_list(
        sheets[S_INDICATORS],
        ind_cols,
        "kind",
        [kind_label(k) for k in Kind],
        last[S_INDICATORS],
        "Tipo valore",
        "Come leggere Valore Atteso e Raggiunto.",
    )
    _validate_list(
        sheets[S_INDICATORS],
        ind_cols,
        "direction",
        ["crescente", "decrescente"],
        last[S_INDICATORS],
        "Direzione",
        "crescente: più alto è meglio; decrescente: più basso è meglio.",
    )
    for key in ("planned_start", "planned_end", "actual_start", "actual_end"):
        header = next(c.header for c in PHASE_COLS if c.key == key)
        _validate_kind(sheets[S_PHASES], PHASE_COLS, key, last[S_PHASES], header, date_msg)
    _validate_kind(
        sheets[S_PHASES],
        PHASE_COLS,
        "weight",
        last[S_PHASES],
        "Peso",
        "Il peso della fase: un numero da 0 a 100 (i pesi di un obiettivo sommano a 100).",
    )
    _validate_kind(
        sheets[S_PHASES],
        PHASE_COLS,
        "progress",
        last[S_PHASES],
        "Avanzamento (%)",
        "L'avanzamento della fase: un numero da 0 a 100.",
    )
    if blank:  # the codes typed must exist: chosen from the sheets they are defined in
        sectors = f"={S_SECTORS}!$A$2:$A${last[S_SECTORS] + 1}"
        objectives = f"={S_OBJECTIVES}!$A$2:$A${last[S_OBJECTIVES] + 1}"
        _validate_list(
            sheets[S_OBJECTIVES],
            OBJECTIVE_COLS,
            "sector_code",
            sectors,
            last[S_OBJECTIVES],
            "Codice settore",
            "Un codice del foglio Settori (colonna A).",
        )
        for name, cols in ((S_PHASES, PHASE_COLS), (S_INDICATORS, ind_cols)):
            _validate_list(
                sheets[name],
                cols,
                "objective_code",
                objectives,
                last[name],
                "Codice obiettivo",
                "Un codice del foglio Obiettivi (colonna A).",
            )


def save(
    plan: Plan,
    path: str | Path,
    lang: str = "it",
    outputs: Outputs | None = None,
    blank: bool = False,
) -> Path:
    """Write ``plan`` to a plan workbook at ``path`` (atomically); return the path.

    ``blank``: the blank form of :func:`save_blank` (its own Leggimi, drop-downs for the codes).
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
                "title": f"Piano della performance {plan.year or ''} — {plan.entity}".replace(
                    "  ", " "
                ),
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
        year = plan.year or 2025  # the example of the Leggimi: the same bytes every day
        text = resources.render(
            f"plan_workbook_{'vuoto' if blank else 'leggimi'}.{lang_of(lang)}.txt.j2",
            plan=plan,
            stats=plan.stats(),
            fingerprint=plan.fingerprint(),
            example_phase=phase_id(
                plan.objectives[0].code if plan.objectives else f"{year}_S01_01", 2
            ),
            year=year,
        )
        readme.set_column(0, 0, 130)
        for r, line in enumerate(text.splitlines()):
            readme.write_string(r, 0, line, fmts.title if r == 0 else fmts.get("", False))
        info = wb.add_worksheet(S_PLAN)
        info.set_column(0, 0, 26)
        info.set_column(1, 1, 70)
        info.write_string(0, 0, "Campo", fmts.header)
        info.write_string(0, 1, "Valore", fmts.header)
        for r, (key, label) in enumerate(PLAN_FIELDS, start=1):
            info.write_string(r, 0, label)
            value = getattr(plan, key)
            if isinstance(value, date):
                info.write_datetime(
                    r,
                    1,
                    datetime.combine(value, datetime.min.time()),
                    fmts.get("dd/mm/yyyy", False),
                )
            elif isinstance(value, int):
                if value:
                    info.write_number(r, 1, value)
            elif value:
                info.write_string(r, 1, str(value))
        anno = next(r for r, (key, _) in enumerate(PLAN_FIELDS, start=1) if key == "year")
        info.data_validation(
            anno,
            1,
            anno,
            1,
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 2000,
                "maximum": 2100,
                "input_title": "Anno",
                "input_message": "L'anno del piano, come 2025.",
                "error_title": "Anno",
                "error_message": "L'anno del piano, come 2025.",
            },
        )
        when = next(r for r, (key, _) in enumerate(PLAN_FIELDS, start=1) if key == "act_date")
        info.data_validation(
            when,
            1,
            when,
            1,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": date(1990, 1, 1),
                "maximum": date(2100, 12, 31),
                "input_title": "Data della delibera",
                "input_message": "La data dell'atto che approva il piano, come 27/03/2025.",
                "error_title": "Data della delibera",
                "error_message": "Una data, come 27/03/2025.",
            },
        )
        sheets = {
            S_SECTORS: _write_table(wb, fmts, S_SECTORS, SECTOR_COLS, list(plan.sectors)),
            S_OBJECTIVES: _write_table(
                wb, fmts, S_OBJECTIVES, OBJECTIVE_COLS, list(plan.objectives)
            ),
        }
        phases = list(plan.phases())
        sheets[S_PHASES] = _write_table(wb, fmts, S_PHASES, PHASE_COLS, phases)
        inds = list(plan.indicators())
        sheets[S_INDICATORS] = _write_table(wb, fmts, S_INDICATORS, ind_cols, inds)
        rows = {
            S_SECTORS: len(plan.sectors),
            S_OBJECTIVES: len(plan.objectives),
            S_PHASES: len(phases),
            S_INDICATORS: len(inds),
        }
        _checks(wb, sheets, ind_cols, rows, blank)
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


def save_blank(
    path: str | Path,
    entity: str = "",
    year: int = 0,
    lang: str = "it",
    outputs: Outputs | None = None,
) -> Path:
    """Write the blank plan workbook (``pegxl init``): every sheet and header, no rows, the
    Leggimi saying how to fill it in, drop-downs for the closed lists and the codes, dates,
    weights and progress checked as they are typed. ``entity`` and ``year`` fill the Piano
    sheet when given. The plan typed into it is read by :func:`pegxl.plan.workbook_reader.load` like
    any other."""
    return save(Plan(entity=entity, year=year), path, lang=lang, outputs=outputs, blank=True)

"""The plan workbook: the canonical, editable plan the performance office keeps.

Sheets (Italian): Leggimi (how to edit), Piano (plan header), Settori, Obiettivi, Fasi,
Indicatori. ``pegxl import`` writes it with :func:`save`; every other command reads it with
:func:`load`, which validates it and reports findings with sheet and cell.

Columns are found by their header text (row 1), so the office may reorder them but not rename them.
Values are typed cells: dates are dates, numbers are numbers (shown with the decimals the source
showed), percentages are percent-formatted numbers, Fatto/Non fatto is text.
Save → load is lossless.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pegxl import cells, resources
from pegxl.findings import Code, Finding, T, make, os_error, parse_error
from pegxl.fsutil import atomic_path
from pegxl.model import (
    DIRECTION_LABELS,
    Direction,
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
from pegxl.values import (
    Kind,
    ParseError,
    Value,
    kind_label,
    parse_kind_label,
)

__all__ = ["SHEETS", "LoadResult", "load", "save"]

#: Fixed creation date: the same plan gives the same bytes.
FIXED_DATE = datetime(2000, 1, 1)

S_README, S_PLAN, S_SECTORS, S_OBJECTIVES, S_PHASES, S_INDICATORS = (
    "Leggimi",
    "Piano",
    "Settori",
    "Obiettivi",
    "Fasi",
    "Indicatori",
)
SHEETS = (S_README, S_PLAN, S_SECTORS, S_OBJECTIVES, S_PHASES, S_INDICATORS)


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
    Col("name", "Settore (Centro di Responsabilità)", 44, wrap=True, required=True),
    Col("assessorato", "Assessorato", 50, wrap=True),
    Col("responsabile", "Responsabile", 28),
    Col("email", "E-mail referente", 32),
)
OBJECTIVE_COLS = (
    Col("code", "Codice obiettivo", 16, required=True),
    Col("sector_code", "Codice settore", 12, required=True),
    Col("title", "Obiettivo", 60, wrap=True, required=True),
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


def save(plan: Plan, path: str | Path, lang: str = "it") -> Path:
    """Write ``plan`` to a plan workbook at ``path`` (atomically); return the path."""
    path = Path(path)
    prior = plan.prior_years()
    ind_cols = indicator_cols(prior)
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
        )
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
            f"planbook_leggimi.{'en' if lang == 'en' else 'it'}.txt.j2",
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
        wb.close()
    return path


# ---------------------------------------------------------------------------------------------
# reading


@dataclass
class LoadResult:
    """A loaded plan (``None`` if the file could not be read at all) and the findings."""

    plan: Plan | None
    findings: list[Finding]


def _header_key(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


@dataclass
class _Row:
    sheet: str
    row: int
    cells: dict[str, tuple[Any, str, str]]  # key -> (value, number_format, A1)

    def value(self, key: str) -> Any:
        return self.cells.get(key, (None, "", ""))[0]

    def text(self, key: str) -> str:
        v = self.value(key)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return " ".join(str(v).split()) if key not in ("modalita", "note") else str(v).strip()

    def a1(self, key: str) -> str:
        return self.cells.get(key, (None, "", ""))[2]

    def fmt(self, key: str) -> str:
        return self.cells.get(key, (None, "", ""))[1]


class _Loader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.weight_cells: dict[str, str] = {}  # objective code -> Peso cell of its first phase

    def err(self, code: Code, sheet: str | None = None, cell: str | None = None, **kw: Any) -> None:
        self.findings.append(make(code, file=str(self.path), sheet=sheet, cell=cell, **kw))

    def rows(self, wb: Any, sheet: str, cols: tuple[Col, ...]) -> Iterator[_Row]:
        if sheet not in wb.sheetnames:
            self.err(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=sheet,
                detail=T(f"manca il foglio «{sheet}»", f"sheet «{sheet}» is missing"),
            )
            return
        ws = wb[sheet]
        it = ws.iter_rows()
        try:
            header = next(it)
        except StopIteration:
            self.err(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=sheet,
                cell="A1",
                detail=T(f"il foglio «{sheet}» è vuoto", f"sheet «{sheet}» is empty"),
            )
            return
        by_header = {_header_key(c.value): i for i, c in enumerate(header) if c.value is not None}
        index: dict[str, int] = {}
        for col in cols:
            i = by_header.get(_header_key(col.header))
            if i is None:
                if col.required:
                    self.err(
                        Code.BAD_WORKBOOK_STRUCTURE,
                        sheet=sheet,
                        cell="A1",
                        detail=T(
                            f"nel foglio «{sheet}» manca la colonna «{col.header}»",
                            f"sheet «{sheet}» has no column «{col.header}»",
                        ),
                    )
                continue
            index[col.key] = i
        if any(c.required and c.key not in index for c in cols):
            return
        for r, row_cells in enumerate(it, start=2):
            data: dict[str, tuple[Any, str, str]] = {}
            for key, i in index.items():
                if i < len(row_cells):
                    cell = row_cells[i]
                    value = cell.value
                    if isinstance(value, str) and not value.strip():
                        value = None
                    data[key] = (value, cell.number_format or "", f"{get_column_letter(i + 1)}{r}")
            if any(v[0] is not None for v in data.values()):
                yield _Row(sheet, r, data)

    # -- typed cells -------------------------------------------------------------------------
    def date(self, row: _Row, key: str, header: str) -> date | None:
        v = self.value(row, key, header, Kind.DATE)
        return v.value if v is not None and isinstance(v.value, date) else None

    def number(self, row: _Row, key: str, header: str) -> float | None:
        v = self.value(row, key, header, Kind.NUMBER)
        return float(v.value) if v is not None else None  # type: ignore[arg-type]

    def value(self, row: _Row, key: str, header: str, kind: Kind | None) -> Value | None:
        v = row.value(key)
        try:
            return cells.read_value(v, row.fmt(key), kind)
        except ParseError as e:
            self.err(
                Code.BAD_CELL_VALUE,
                row.sheet,
                row.a1(key),
                raw=str(v),
                column=header,
                **parse_error(e),
            )
            return None

    # -- sheets ------------------------------------------------------------------------------
    def load(self) -> Plan | None:
        try:
            wb = load_workbook(self.path, read_only=True, data_only=True)
        except FileNotFoundError as e:
            self.err(Code.FILE_UNREADABLE, detail=os_error(e))
            return None
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
            self.err(Code.FILE_NOT_WORKBOOK, detail=str(e) or type(e).__name__)
            return None
        try:
            return self._load(wb)
        finally:
            wb.close()

    def _load(self, wb: Any) -> Plan | None:
        header = self.plan_header(wb)
        year = int(header.get("year") or 0)
        sectors = self.sectors(wb)
        objectives = self.objectives(wb, {s.code for s in sectors})
        if objectives is None:
            return None
        obj_codes = [o.code for o in objectives]
        phases = self.phases(wb, set(obj_codes))
        prior_years = self.prior_years(wb)
        indicators = self.indicators(wb, set(obj_codes), prior_years)
        full = []
        for o in objectives:
            o_phases = tuple(p for p in phases if p.objective_code == o.code)
            o_inds = tuple(i for i in indicators if i.objective_code == o.code)
            full.append(replace(o, phases=o_phases, indicators=o_inds))
            if o_phases:
                total = sum(p.weight or 0 for p in o_phases)
                if abs(total - 100) > 1e-6:
                    self.err(
                        Code.WEIGHT_SUM,
                        S_PHASES,
                        self.weight_cells.get(o.code),
                        objective=o.code,
                        total=f"{total:g}".replace(".", ","),
                        row_id=o.code,
                    )
        return Plan(
            entity=str(header.get("entity", "")),
            year=year,
            view=str(header.get("view", "")),
            level=str(header.get("level", "")),
            value_label=str(header.get("value_label", "")),
            sectors=tuple(sectors),
            objectives=tuple(full),
        )

    def plan_header(self, wb: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if S_PLAN not in wb.sheetnames:
            self.err(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=S_PLAN,
                detail=T(f"manca il foglio «{S_PLAN}»", f"sheet «{S_PLAN}» is missing"),
            )
            return out
        labels = {_header_key(label): key for key, label in PLAN_FIELDS}
        for r, row in enumerate(wb[S_PLAN].iter_rows(min_row=2, values_only=True), start=2):
            if not row or row[0] is None:
                continue
            key = labels.get(_header_key(row[0]))
            if key is None:
                continue
            value = row[1] if len(row) > 1 else None
            if key == "year":
                try:
                    out[key] = int(value) if value is not None else 0
                except (TypeError, ValueError):
                    self.err(
                        Code.BAD_CELL_VALUE,
                        S_PLAN,
                        f"B{r}",
                        raw=str(value),
                        column="Anno",
                        detail=T("l'anno non è un numero", "the year is not a number"),
                        expected="un anno, ad es. 2025",
                    )
            else:
                out[key] = "" if value is None else str(value)
        return out

    def unique(self, rows: list[_Row], key: str, seen_in: str) -> list[_Row]:
        seen: dict[str, int] = {}
        out = []
        for row in rows:
            code = row.text(key)
            if code in seen:
                self.err(
                    Code.DUPLICATE_ID,
                    row.sheet,
                    row.a1(key),
                    raw=code,
                    other_row=seen[code],
                    row_id=code,
                )
                continue
            seen[code] = row.row
            out.append(row)
        return out

    def required(self, row: _Row, col: Col) -> bool:
        if row.text(col.key):
            return True
        self.err(
            Code.BAD_CELL_VALUE,
            row.sheet,
            row.a1(col.key) or None,
            raw="",
            column=col.header,
            detail=T("il campo è obbligatorio", "the field is required"),
            expected="un valore",
        )
        return False

    def sectors(self, wb: Any) -> list[Sector]:
        rows = [
            r
            for r in self.rows(wb, S_SECTORS, SECTOR_COLS)
            if all(self.required(r, c) for c in SECTOR_COLS if c.required)
        ]
        return [
            Sector(
                code=r.text("code"),
                name=r.text("name"),
                assessorato=r.text("assessorato"),
                responsabile=r.text("responsabile"),
                email=r.text("email"),
            )
            for r in self.unique(rows, "code", S_SECTORS)
        ]

    def objectives(self, wb: Any, sector_codes: set[str]) -> list[Objective] | None:
        if S_OBJECTIVES not in wb.sheetnames:
            self.err(
                Code.BAD_WORKBOOK_STRUCTURE,
                sheet=S_OBJECTIVES,
                detail=T(f"manca il foglio «{S_OBJECTIVES}»", f"sheet «{S_OBJECTIVES}» is missing"),
            )
            return None
        rows = [
            r
            for r in self.rows(wb, S_OBJECTIVES, OBJECTIVE_COLS)
            if all(self.required(r, c) for c in OBJECTIVE_COLS if c.required)
        ]
        out = []
        for r in self.unique(rows, "code", S_OBJECTIVES):
            if r.text("sector_code") not in sector_codes:
                self.err(
                    Code.UNKNOWN_PARENT,
                    r.sheet,
                    r.a1("sector_code"),
                    raw=r.text("sector_code"),
                    parent="settore",
                    parent_sheet=S_SECTORS,
                    row_id=r.text("code"),
                )
            out.append(
                Objective(
                    code=r.text("code"),
                    title=r.text("title"),
                    sector_code=r.text("sector_code"),
                    assessorato=r.text("assessorato"),
                    responsabile=r.text("responsabile"),
                    valore_pubblico=r.text("valore_pubblico"),
                    mandate=Link(r.text("mandate.code"), r.text("mandate.label")),
                    mission=Link(r.text("mission.code"), r.text("mission.label")),
                    program=Link(r.text("program.code"), r.text("program.label")),
                    modalita=r.text("modalita"),
                    stato=r.text("stato"),
                    provisional=_header_key(r.text("provisional"))
                    in ("sì", "si", "yes", "true", "1"),
                )
            )
        return out

    def ids(
        self, rows: list[_Row], sheet: str, make_id: Callable[[str, int], str], prefix: str
    ) -> list[tuple[_Row, str]]:
        """Stable ids: kept from the sheet; a row without one gets the next free position."""
        used: dict[str, set[int]] = {}
        pattern = re.compile(rf"(.+)/{prefix}(\d+)")
        for r in rows:
            m = pattern.fullmatch(r.text("id"))
            if m and m.group(1) == r.text("objective_code"):
                used.setdefault(m.group(1), set()).add(int(m.group(2)))
        out = []
        seen: dict[str, int] = {}
        for r in rows:
            rid = r.text("id")
            oc = r.text("objective_code")
            if not rid:
                n = max(used.setdefault(oc, set()) | {0}) + 1
                used[oc].add(n)
                rid = make_id(oc, n)
            elif not (m := pattern.fullmatch(rid)) or m.group(1) != oc:
                self.err(
                    Code.BAD_CELL_VALUE,
                    sheet,
                    r.a1("id"),
                    raw=rid,
                    column=r.sheet,
                    detail=T(
                        f"l'identificativo non appartiene all'obiettivo {oc}",
                        f"the id does not belong to objective {oc}",
                    ),
                    expected=make_id(oc, 1).replace("1", "n"),
                    row_id=rid,
                )
                continue
            if rid in seen:
                self.err(
                    Code.DUPLICATE_ID, sheet, r.a1("id"), raw=rid, other_row=seen[rid], row_id=rid
                )
                continue
            seen[rid] = r.row
            out.append((r, rid))
        return out

    def phases(self, wb: Any, obj_codes: set[str]) -> list[Phase]:
        rows = [
            r
            for r in self.rows(wb, S_PHASES, PHASE_COLS)
            if all(self.required(r, c) for c in PHASE_COLS if c.required)
        ]
        rows = self.known_parent(rows, obj_codes)
        out = []
        h = {c.key: c.header for c in PHASE_COLS}
        for r, pid in self.ids(rows, S_PHASES, phase_id, "F"):
            self.weight_cells.setdefault(r.text("objective_code"), r.a1("weight") or r.a1("id"))
            out.append(
                Phase(
                    id=pid,
                    objective_code=r.text("objective_code"),
                    name=r.text("name"),
                    planned_start=self.date(r, "planned_start", h["planned_start"]),
                    planned_end=self.date(r, "planned_end", h["planned_end"]),
                    actual_start=self.date(r, "actual_start", h["actual_start"]),
                    actual_end=self.date(r, "actual_end", h["actual_end"]),
                    weight=self.number(r, "weight", h["weight"]),
                    progress=self.number(r, "progress", h["progress"]),
                    responsabili=tuple(
                        x.strip() for x in r.text("responsabili").split(";") if x.strip()
                    ),
                    centro=r.text("centro"),
                    note=r.text("note"),
                )
            )
        return out

    def known_parent(self, rows: list[_Row], obj_codes: set[str]) -> list[_Row]:
        out = []
        for r in rows:
            if r.text("objective_code") not in obj_codes:
                self.err(
                    Code.UNKNOWN_PARENT,
                    r.sheet,
                    r.a1("objective_code"),
                    raw=r.text("objective_code"),
                    parent="obiettivo",
                    parent_sheet=S_OBJECTIVES,
                    row_id=r.text("id") or None,
                )
                continue
            out.append(r)
        return out

    def prior_years(self, wb: Any) -> tuple[int, ...]:
        if S_INDICATORS not in wb.sheetnames:
            return ()
        first = next(wb[S_INDICATORS].iter_rows(max_row=1, values_only=True), ())
        years = []
        for v in first:
            m = re.fullmatch(r"valore raggiunto (\d{4})", _header_key(v))
            if m:
                years.append(int(m.group(1)))
        return tuple(years)

    def indicators(
        self, wb: Any, obj_codes: set[str], prior_years: tuple[int, ...]
    ) -> list[Indicator]:
        cols = indicator_cols(prior_years)
        rows = [
            r
            for r in self.rows(wb, S_INDICATORS, cols)
            if all(self.required(r, c) for c in cols if c.required)
        ]
        rows = self.known_parent(rows, obj_codes)
        h = {c.key: c.header for c in cols}
        out = []
        for r, iid in self.ids(rows, S_INDICATORS, indicator_id, "I"):
            try:
                kind = parse_kind_label(r.text("kind"))
            except ParseError as e:
                self.err(
                    Code.BAD_CELL_VALUE,
                    r.sheet,
                    r.a1("kind"),
                    raw=r.text("kind"),
                    column=h["kind"],
                    **parse_error(e),
                    row_id=iid,
                )
                continue
            direction = Direction.HIGHER
            d = _header_key(r.text("direction"))
            if d in ("decrescente", "lower"):
                direction = Direction.LOWER
            elif d not in ("", "crescente", "higher"):
                self.err(
                    Code.BAD_CELL_VALUE,
                    r.sheet,
                    r.a1("direction"),
                    raw=r.text("direction"),
                    column=h["direction"],
                    detail=T("direzione sconosciuta", "unknown direction"),
                    expected="crescente oppure decrescente",
                    row_id=iid,
                )
            prior = []
            for y in prior_years:
                v = self.value(r, f"prior.{y}", h[f"prior.{y}"], None)
                if v is not None:
                    prior.append(PriorValue(y, v))
            out.append(
                Indicator(
                    id=iid,
                    objective_code=r.text("objective_code"),
                    description=r.text("description"),
                    tipo=r.text("tipo"),
                    target=self.value(r, "target", h["target"], kind),
                    achieved=self.value(r, "achieved", h["achieved"], kind),
                    prior=tuple(prior),
                    note=r.text("note"),
                    direction=direction,
                )
            )
        return out


def load(path: str | Path) -> LoadResult:
    """Read and validate a plan workbook. Never raises on bad content: see the findings."""
    loader = _Loader(Path(path))
    plan = loader.load()
    return LoadResult(plan, loader.findings)

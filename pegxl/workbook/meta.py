"""The metadata of a sector workbook, written and read in one place.

A very hidden ``_pegxl`` sheet holds the keys (schema version, plan fingerprint, sector, period…)
and the *row table*: for every row the writer wrote, its id, sheet, row number and the hash of
its locked content. The same keys are custom document properties (``pegxl_sector_code``…), which
every client we know keeps on save, so a workbook whose metadata sheet was deleted is still
recognised. :func:`write_sheet` and :func:`write_properties` write them; :func:`read_sheet` and
:func:`from_properties` read them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from pegxl.i18n import text
from pegxl.model import Period, Plan, Sector
from pegxl.outputs import FIXED_DATE
from pegxl.version import __version__
from pegxl.workbook.layout import S_FEEDBACK, S_META, form_of

__all__ = [
    "META_KEYS",
    "READABLE_SCHEMAS",
    "SCHEMA_VERSION",
    "Hashes",
    "from_properties",
    "meta_values",
    "read_sheet",
    "write_properties",
    "write_sheet",
]

#: Bump when the layout changes in a way an older reader would misread.
#: 2: the row table of the metadata sheet holds many rows per cell, one per line, fields
#: separated by META_ROWS_SEP (version 1: one row per cell, tab-separated).
SCHEMA_VERSION = "2"
#: Versions this reader understands (1 wrote one row per cell: a one-line cell of version 2).
READABLE_SCHEMAS = frozenset({"1", "2"})
#: Characters of row table per metadata cell (a cell holds at most 32,767).
META_CELL_CHARS = 30_000

#: Metadata keys, in the very hidden sheet and (prefixed ``pegxl_``) in the custom properties.
META_KEYS = (
    "schema_version",
    "generator",
    "plan_fingerprint",
    "entity",
    "year",
    "sector_code",
    "sector_name",
    "period",
    "period_kind",
    "prefill_period",
    "lang",
    "sheets",
)
META_ROWS_HEADER = ("row_id", "foglio", "riga", "hash")
#: Separator of the fields of a row table line. Not a tab: LibreOffice drops the tabs of a
#: multi-line text when it saves .ods. A row id may contain it: lines are split from the right.
META_ROWS_SEP = "|"
#: Prefix of the custom document properties.
PROPERTY_PREFIX = "pegxl_"

#: The rows written: (sheet, row id) -> (1-based row number, hash of the locked content).
Hashes = dict[tuple[str, str], tuple[int, str]]


class Sheet(Protocol):
    """What reading the metadata needs of a sheet as read back (:class:`pegxl.sheets.book.Sheet`
    is one)."""

    def rows(self) -> Iterator[int]:
        """The rows holding values, in order."""

    def value(self, row: int, col: int) -> object:
        """The value at 1-based (row, col), or None."""


def meta_values(
    plan: Plan,
    sector: Sector,
    period: Period,
    prev: Period | None,
    lang: str,
    feedback: bool = False,
) -> dict[str, str]:
    """The metadata keys of a workbook for ``sector`` and ``period`` (``prev``: the period whose
    values it shows for reference; ``feedback``: it opens with the findings sheet)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"pegxl {__version__}",
        "plan_fingerprint": plan.fingerprint(),
        "entity": plan.entity,
        "year": str(plan.year),
        "sector_code": sector.code,
        "sector_name": sector.name,
        "period": period.iso,
        "period_kind": period.kind.value,
        "prefill_period": prev.iso if prev else "",
        "lang": lang,
        "sheets": ",".join(((S_FEEDBACK,) if feedback else ()) + form_of(period).sheets()),
    }


def write_sheet(
    wb: Any, meta: Mapping[str, str], rows: Iterable[tuple[str, str, int, str]], password: str
) -> None:
    """The very hidden metadata sheet: the keys, then the row table (``rows``: row id, sheet,
    1-based row number, hash), one line per row and many lines per cell, so a reader reads a
    handful of cells instead of one per row."""
    ws = wb.add_worksheet(S_META)
    ws.write_row(0, 0, ["chiave", "valore"])
    for r, key in enumerate(META_KEYS, start=1):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, meta[key])
    start = len(META_KEYS) + 2
    ws.write_string(start, 0, META_ROWS_SEP.join(META_ROWS_HEADER))
    ws.set_column(0, 0, 60)
    cell: list[str] = []
    size = 0
    r = start + 1
    for rid, sheet, row, digest in rows:
        line = META_ROWS_SEP.join((rid, sheet, str(row), digest))
        if cell and size + len(line) + 1 > META_CELL_CHARS:
            ws.write_string(r, 0, "\n".join(cell))
            cell, size, r = [], 0, r + 1
        cell.append(line)
        size += len(line) + 1
    if cell:
        ws.write_string(r, 0, "\n".join(cell))
    ws.very_hidden()
    ws.protect(password)


def write_properties(
    wb: Any, plan: Plan, sector: Sector, period: Period, lang: str, meta: Mapping[str, str]
) -> None:
    """The document properties a person sees (title, subject…) and the metadata keys as custom
    properties."""
    wb.set_properties(
        {
            "title": f"PEG-PIAO {plan.year} — {sector.name} — {period.label(lang)}",
            "subject": text("workbook.subject", lang),
            "author": plan.entity or "pegxl",
            "manager": sector.responsabile,
            "company": plan.entity,
            "category": "PEG-PIAO",
            "keywords": "PEG, PIAO, performance, monitoraggio, " + sector.code,
            "comments": text("workbook.comments", lang),
            "created": FIXED_DATE,
        }
    )
    for key, value in meta.items():
        wb.set_custom_property(f"{PROPERTY_PREFIX}{key}", value)


def read_sheet(sheet: Sheet) -> tuple[dict[str, str], Hashes]:
    """The metadata keys of a metadata sheet as read back, and its row table."""
    meta: dict[str, str] = {}
    hashes: Hashes = {}
    in_rows = False
    headers = {sep.join(META_ROWS_HEADER) for sep in ("\t", META_ROWS_SEP)}
    for r in sheet.rows():
        a = sheet.value(r, 1)
        if a in headers:
            in_rows = True
            continue
        if in_rows and isinstance(a, str):
            for line in a.splitlines():  # many rows per cell, one per line (schema 1: one)
                parts = line.split("\t") if "\t" in line else line.rsplit(META_ROWS_SEP, 3)
                if len(parts) == 4 and parts[2].isascii() and parts[2].isdigit():
                    row_id, sheet_name, row, digest = parts
                    hashes[(sheet_name, row_id)] = (int(row), digest)
        elif not in_rows and a is not None and a in META_KEYS:
            b = sheet.value(r, 2)
            meta[str(a)] = "" if b is None else str(b)
    return meta, hashes


def from_properties(properties: Mapping[str, str]) -> dict[str, str]:
    """The metadata keys found among a workbook's custom document properties."""
    return {key: properties.get(f"{PROPERTY_PREFIX}{key}", "") for key in META_KEYS}

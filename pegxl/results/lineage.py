"""The lineage of the values a master carries into the next period (``generate --prefill``).

The master names where each value came from (file, SHA-256, sheet, cell of the return), and its
seal says its bytes are as pegxl wrote them; a seal is lost by any honest save in Excel or
LibreOffice, though, and the next period's workbooks must not show a value somebody changed in
the master since. So the master also carries, per sector, a digest of the values the prefill
reads from it — phases' progress, dates and notes, indicators' achieved values and notes, each
as the prefill reads it back — in a custom document property (``pegxl_values.<sector>``), which
Excel and LibreOffice keep. Reading the master, the prefill computes the same digests from what
it finds: a sector whose values differ was changed after pegxl wrote it.

The sector's answers to the monitoring questions of an intermediate period (declared state,
forecast, criticità, corrective actions, proposal and its reason: the «Obiettivi» sheet of the
master, by objective) are carried to the next intermediate period too, and digested apart
(``pegxl_answers.<sector>``): a criticità changed in the master must not reach the sector's next
workbook as if the sector had written it, and a master of an earlier pegxl, which carries the
values' digest but not the answers', must not look changed — its answers are simply not vouched
for (:data:`ANSWERS_PROPERTY`).

The rules of which columns hold those values, and as which kind each is read, are here, for the
writer of the master and for the prefill alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from pegxl.cells import read_value
from pegxl.i18n import LANGS, text
from pegxl.model import Plan
from pegxl.periods import MONITORING_QUESTIONS
from pegxl.values import Kind, ParseError, Value

__all__ = [
    "ANSWERS",
    "ANSWERS_PROPERTY",
    "DIGEST_PROPERTY",
    "KEYS",
    "Values",
    "column_of",
    "digests",
    "header_keys",
    "value_of",
    "wanted",
    "wanted_answers",
]

#: row id -> key (progress, actual_start, actual_end, note, achieved) -> value
Values = dict[str, dict[str, object]]

#: the columns of a master read for the next period, by key (``mcol.<key>`` headers)
KEYS = ("id", "progress", "actual_start", "actual_end", "note", "achieved")
#: the custom property holding a sector's digest: this prefix and the sector's code
DIGEST_PROPERTY = "pegxl_values."
#: the monitoring answers of an objective a master carries (``mcol.<key>`` headers)
ANSWERS = MONITORING_QUESTIONS
#: the custom property holding the digest of a sector's answers: this prefix and its code
ANSWERS_PROPERTY = "pegxl_answers."

_PHASE = {"progress": Kind.PERCENT, "actual_start": Kind.DATE, "actual_end": Kind.DATE}


#: the column of the achieved value that holds each kind (the master splits a value into a
#: number, a date and a text column, :func:`pegxl.results.tables.value_columns`; a master
#: before that had one column, ``achieved``)
_ACHIEVED_IN = {Kind.DATE: "achieved_date", Kind.DONE: "achieved_text", Kind.TEXT: "achieved_text"}


def header_keys() -> dict[str, str]:
    """Header text (in any language) -> key, for the columns the prefill reads: the achieved
    value's date and text columns too (``achieved_date``, ``achieved_text``)."""
    names = {text(f"mcol.{k}", lang): k for k in (*KEYS, *ANSWERS) for lang in LANGS}
    for lang in LANGS:  # as pegxl.results.tables.value_columns names them
        for part in ("date", "text"):
            header = text(f"mcol.part_{part}", lang, name=text("mcol.achieved", lang))
            names[header] = f"achieved_{part}"
    return names


def column_of(key: str, kind: Kind, present: Iterable[str]) -> str:
    """The key of the column that holds the value ``key`` of a row of ``kind``, among the
    columns ``present``: an achieved date or text in its own column, unless the master has only
    the one column of earlier versions."""
    column = _ACHIEVED_IN.get(kind, key) if key == "achieved" else key
    return column if column in set(present) else key


class Rows:
    """What a plan says of each row a master may hold: a phase's, an indicator's or an
    objective's, and its sector."""

    def __init__(self, plan: Plan) -> None:
        self.kinds = {i.id: i.achieved_kind for i in plan.indicators()}
        self.phases = {p.id for p in plan.phases()}
        sector_of = {o.code: o.sector_code for o in plan.objectives}
        self.objectives = set(sector_of)
        self.sector = {
            **sector_of,
            **{p.id: sector_of.get(p.objective_code, "") for p in plan.phases()},
            **{i.id: sector_of.get(i.objective_code, "") for i in plan.indicators()},
        }
        self.sectors = sorted({s.code for s in plan.sectors if plan.objectives_of(s.code)})


def wanted(rows: Rows, row_id: str, keys: Iterable[str]) -> dict[str, Kind]:
    """The values a master's row of ``row_id`` gives the next period, by key, and the kind
    each is read as (nothing for a row that is no phase or indicator of the plan, or a sheet
    without its columns)."""
    present = set(keys)
    if row_id in rows.phases and "progress" in present:
        return {**_PHASE, "note": Kind.TEXT}
    if row_id in rows.kinds and "achieved" in present:
        return {"achieved": rows.kinds[row_id], "note": Kind.TEXT}
    return {}


def wanted_answers(rows: Rows, row_id: str, keys: Iterable[str]) -> dict[str, Kind]:
    """The monitoring answers a master's row of ``row_id`` gives the next period, by key (each
    a text): those of an objective of the plan, on a sheet with their columns."""
    if row_id not in rows.objectives:
        return {}
    present = set(keys)
    return {k: Kind.TEXT for k in ANSWERS if k in present}


def value_of(cell: object, fmt: str, key: str, kind: Kind) -> object | None:
    """A master's cell as the value the next period shows: an achieved value as a
    :class:`~pegxl.values.Value`, the others as plain values; ``None`` when the cell is empty
    or does not hold one of that kind."""
    try:
        value = read_value(cell, fmt, kind)
    except ParseError:
        return None
    if value is None:
        return None
    return value if key == "achieved" else value.value


def _canonical(v: object) -> str:
    """A value as the digest sees it: its meaning, not how a client stored it (a float to 12
    significant digits, a date by its day, an achieved value by its kind and value)."""
    if isinstance(v, Value):
        return f"{v.kind.value}:{_canonical(v.value)}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return f"{float(v):.12g}"
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def digests(rows: Rows, values: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """Per sector of the plan (those with objectives), the digest of its values: SHA-256 over
    every (row id, key, value), in order, cut to 16 hex digits."""
    by_sector: dict[str, list[str]] = {s: [] for s in rows.sectors}
    for row_id in sorted(values):
        sector = rows.sector.get(row_id)
        if sector not in by_sector:
            continue
        for key in sorted(values[row_id]):
            by_sector[sector].append(f"{row_id}\t{key}\t{_canonical(values[row_id][key])}")
    return {
        s: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
        for s, lines in by_sector.items()
    }

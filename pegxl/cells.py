"""Typed values in spreadsheet cells (what a cell holds for each kind is the kind's row in
:mod:`pegxl.kinds`), shared by every workbook pegxl writes or reads.

A number is written as a number with as many decimals shown as the source had, a percentage as a
percent-formatted fraction (91% → 0.91), a date as a date, Fatto/Non fatto as text. Reading turns
the cell back into the same :class:`~pegxl.values.Value`, with its raw text rebuilt from the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pegxl.kinds import read_cell
from pegxl.kinds import stored_value as stored_value  # the table's; imported from here too
from pegxl.values import Kind, Value, format_value, parse_auto

DATE_FORMAT = "dd/mm/yyyy"

#: A function returning an XlsxWriter format for a number format ("" = none).
FormatFor = Callable[[str], Any]


def num_format(decimals: int | None, percent: bool = False) -> str:
    """``#,##0.00`` for 2 decimals, ``0%`` for a whole percentage."""
    d = "." + "0" * decimals if decimals else ""
    return f"0{d}%" if percent else f"#,##0{d}"


def needed_decimals(x: float) -> int:
    """How many decimals show ``x`` exactly (12.5 → 1, 4.0 → 0)."""
    return len(format_value(Value(Kind.NUMBER, x)).partition(",")[2])


def decimals_of(fmt: str) -> int | None:
    """Decimals shown by a number format (``#,##0.00`` → 2, ``#,##0`` → 0); ``None`` for a
    format that shows a number as it is (``General``, none: a cell of a new sheet, where
    ``1000,5`` is shown ``1000,5``, never ``1.000``)."""
    m = re.search(r"\.(0+)", fmt)
    if m:
        return len(m.group(1))
    return 0 if re.search(r"[0#]", fmt) else None


def typed_cell(v: Value) -> tuple[str, float | datetime | str, str]:
    """How ``v`` is written: the worksheet method (``write_number``, ``write_datetime``,
    ``write_string``), what the cell holds (:func:`stored_value`; a date at midnight) and its
    number format. Depends on the value's kind, value, raw text and decimals only."""
    cell = stored_value(v)
    if isinstance(cell, float):
        decimals = v.decimals if v.decimals is not None else needed_decimals(float(v.value))  # type: ignore[arg-type]
        return "write_number", cell, num_format(decimals, v.kind is Kind.PERCENT)
    if isinstance(cell, date):
        return "write_datetime", datetime.combine(cell, datetime.min.time()), DATE_FORMAT
    return "write_string", cell, ""


def write_value(ws: Any, row: int, col: int, v: Value | None, fmt_for: FormatFor) -> None:
    """Write ``v`` into a cell (a blank cell with the format when ``None``)."""
    if v is None:
        ws.write_blank(row, col, None, fmt_for(""))
        return
    method, cell, number_format = typed_cell(v)
    getattr(ws, method)(row, col, cell, fmt_for(number_format))


def write_date(ws: Any, row: int, col: int, d: date | None, fmt: Any) -> None:
    """Write a date (or a blank cell with the format)."""
    if d is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_datetime(row, col, datetime.combine(d, datetime.min.time()), fmt)


def kind_of_cell(v: object, fmt: str) -> Kind:
    """The kind a cell holds when nothing else says what to expect."""
    if isinstance(v, bool):
        return Kind.DONE
    if isinstance(v, datetime | date):
        return Kind.DATE
    if isinstance(v, int | float):
        return Kind.PERCENT if "%" in fmt else Kind.NUMBER
    auto = parse_auto(str(v))
    return auto.kind if auto is not None else Kind.TEXT


def read_value(v: object, fmt: str, kind: Kind | None) -> Value | None:
    """Read a cell written by :func:`write_value` (or typed by a user) as ``kind``.

    ``kind=None`` recognises the kind from the cell. Raises
    :class:`~pegxl.values.ParseError` when the content is not of that kind.
    """
    if v is None:
        return None
    if kind is None:
        kind = kind_of_cell(v, fmt)
    parsed = read_cell(v, kind, percent_format="%" in fmt)
    if parsed is None:
        return None
    if kind in (Kind.NUMBER, Kind.PERCENT) and not isinstance(v, str):
        decimals = decimals_of(fmt)
        shown = Value(parsed.kind, parsed.value, "", decimals)
        parsed = Value(parsed.kind, parsed.value, format_value(shown), decimals)
    return parsed

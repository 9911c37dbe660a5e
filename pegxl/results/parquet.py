"""The consolidated tables as Parquet files (``--parquet DIR``), for BI tools.

One file per table of the master workbook (``indicatori.parquet``…), the same columns and
values: numbers, percentages as fractions, dates as dates. A column that holds values of
several kinds (a target may be a number, a percentage, a date or Fatto) is written as text,
the way the sector workbook shows it, since a Parquet column has one type. Each file's metadata
says it is pegxl's (``pegxl_kind = table``), so a later run may replace it and nothing else.

pyarrow is an optional dependency: ``pip install pegxl[parquet]``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pegxl.outputs import OutputKind, Outputs, atomic_path
from pegxl.results.consolidate import Consolidation
from pegxl.results.tables import Table
from pegxl.values import Value, format_value

__all__ = ["ParquetMissing", "parquet_names", "write_parquet"]


class ParquetMissing(RuntimeError):
    """pyarrow is not installed."""


def parquet_names(folder: str | Path) -> list[Path]:
    """The files ``--parquet`` writes into ``folder``, one per table."""
    from pegxl.results.tables import TABLE_NAMES

    return [Path(folder) / f"{name.lower()}.parquet" for name in TABLE_NAMES.values()]


def _column(table: Table, index: int, lang: str) -> tuple[list[object], str]:
    """The values of a column and its Arrow type: one kind of value keeps its type, several
    become text."""
    values = [row[index] for row in table.rows]
    kinds = {type(v.value) if isinstance(v, Value) else type(v) for v in values if v is not None}
    col = table.columns[index]
    if any(isinstance(v, Value) for v in values):
        if kinds <= {float} and len({v.kind for v in values if isinstance(v, Value)}) == 1:
            from pegxl.cells import stored_value

            return [stored_value(v) if isinstance(v, Value) else None for v in values], "float"
        return [format_value(v, lang) if isinstance(v, Value) else None for v in values], "text"
    if col.kind in ("percent", "number"):
        return [float(v) if isinstance(v, int | float) else None for v in values], "float"
    if col.kind == "int":
        return [int(v) if isinstance(v, int | float) else None for v in values], "int"
    if col.kind == "date":
        return [v if isinstance(v, date) else None for v in values], "date"
    if col.kind == "datetime":
        return [v if isinstance(v, datetime) else None for v in values], "datetime"
    return [None if v is None else str(v) for v in values], "text"


def write_parquet(
    result: Consolidation, folder: str | Path, lang: str = "it", outputs: Outputs | None = None
) -> list[Path]:
    """Write every table into ``folder`` (atomically, file by file); raises
    :class:`ParquetMissing` without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ParquetMissing("pyarrow is not installed: pip install pegxl[parquet]") from None
    outputs = outputs or Outputs()
    folder = outputs.folder(folder, OutputKind.TABLE)
    targets = parquet_names(folder)
    outputs.claim_all([(t, OutputKind.TABLE) for t in targets])
    folder.mkdir(parents=True, exist_ok=True)
    types = {
        "float": pa.float64(),
        "int": pa.int64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s", tz="UTC"),  # Salvato (UTC): with its zone
        "text": pa.string(),
    }
    written = []
    for table, target in zip(result.sheets(lang), targets, strict=True):
        arrays, fields = [], []
        for i, col in enumerate(table.columns):
            values, kind = _column(table, i, lang)
            arrays.append(pa.array(values, type=types[kind]))
            fields.append(pa.field(col.header, types[kind]))
        meta = {
            b"pegxl_kind": OutputKind.TABLE.value.encode(),
            b"pegxl_table": table.table_name.encode(),
            b"pegxl_period": result.period.iso.encode(),
            b"pegxl_plan_fingerprint": result.plan.fingerprint().encode(),
        }
        arrow = pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))
        with atomic_path(target) as tmp:
            pq.write_table(arrow, tmp)
        written.append(target)
    return written

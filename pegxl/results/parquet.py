"""The consolidated tables as Parquet files (``--parquet DIR``), for BI tools.

One folder per table of the master workbook, and in it one folder per period, Hive-style, so
that pyarrow, DuckDB, polars and Spark read a table's folder as one dataset of every period
consolidated — a second period never replaces the first::

    DIR/indicatori/periodo_iso=2025-06-30/indicatori_2025-06-30.parquet
    DIR/indicatori/periodo_iso=2025-12-31/indicatori_2025-12-31.parquet
    DIR/sintesi/…  DIR/totale_ente/…  DIR/obiettivi/…  DIR/fasi/…  DIR/aggregati/…  …

Every value of the master is there, typed as in the master: each column holds one kind (a
plan's value is split over a number, a date and a text column, as in the master's tables:
:func:`~pegxl.results.tables.value_columns`), numbers as doubles, percentages as fractions,
dates as dates, empty cells as nulls. A value that does not fit its column's type is a bug and
stops the command rather than being dropped. Column names are the Italian headers as
identifiers that query tools take without quoting (``raggiungimento_pct``, ``valore_atteso``:
:func:`~pegxl.results.tables.column_name`), the same whatever ``--lang``; each field's metadata
keeps its header as the master shows it (``pegxl_header``). Every file holds a ``periodo``
column (a date), so that one file read alone still says its period; the folder's key is
``periodo_iso``, a name of its own, since a reader refuses a key that is also a column.

Each file is sealed as pegxl's (``pegxl_kind = table`` and ``pegxl_seal``, a digest of every
byte of its data and of its metadata), so a later run may replace it only while it is as pegxl
wrote it (:func:`pegxl.outputs.owned_kind`; a table an analyst changed and saved again, even
keeping the metadata, is not pegxl's any more), and a file replaced is kept in
``DIR/_archivio/<table>/periodo_iso=…/``, outside every table's folder, so that no dataset
reads it twice.

pyarrow is an optional dependency: ``pip install pegxl[parquet]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pegxl.outputs import ARCHIVE, PARQUET_SEAL_KEY, OutputKind, Outputs, parquet_seal
from pegxl.results.consolidate import Consolidation
from pegxl.results.tables import TABLE_NAMES, Column, Table, column_name
from pegxl.values import Kind, Value

__all__ = [
    "PARTITION",
    "ParquetMissing",
    "claim_parquet",
    "parquet_folders",
    "parquet_targets",
    "write_parquet",
]

#: the key of the folders of the periods (``periodo_iso=2025-06-30``)
PARTITION = "periodo_iso"
#: the column of the period every file holds
PERIOD_COLUMN = "periodo"


class ParquetMissing(RuntimeError):
    """pyarrow is not installed."""


def parquet_folders(folder: str | Path) -> dict[str, Path]:
    """The folder of each table under ``folder``, by table key (``indicators`` →
    ``DIR/indicatori``)."""
    return {key: Path(folder) / name.lower() for key, name in TABLE_NAMES.items()}


def _partition(iso: str) -> str:
    return f"{PARTITION}={iso}"


def parquet_targets(folder: str | Path, iso: str) -> dict[str, Path]:
    """The file each table of the period ``iso`` (``2025-06-30``) is written to, by table key."""
    return {
        key: table / _partition(iso) / f"{table.name}_{iso}.parquet"
        for key, table in parquet_folders(folder).items()
    }


def claim_parquet(outputs: Outputs, folder: str | Path, iso: str | None) -> dict[str, Path]:
    """Check and reserve the names ``--parquet`` writes (:class:`~pegxl.outputs.Outputs`):
    ``folder``, each table's folder and, when the period ``iso`` is known, each period's folder
    and file — all or none (:class:`~pegxl.outputs.OutputRefused`)."""
    root = outputs.folder(folder, OutputKind.TABLE)
    for table in parquet_folders(root).values():
        outputs.folder(table, OutputKind.TABLE)
    if iso is None:
        return {}
    targets = parquet_targets(root, iso)
    for target in targets.values():
        outputs.folder(target.parent, OutputKind.TABLE)
    outputs.claim_all([(t, OutputKind.TABLE) for t in targets.values()])
    return targets


def _arrow_types() -> dict[str, Any]:
    """The Arrow type of each kind of column."""
    import pyarrow as pa

    return {
        "text": pa.string(),
        "int": pa.int64(),
        "number": pa.float64(),
        "percent": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s", tz="UTC"),  # Salvato (UTC): with its zone
    }


def _number(v: object) -> float | None:
    """A number, or a plan's number or percentage as its cell holds it (91% as 0.91)."""
    if isinstance(v, Value) and v.kind in (Kind.NUMBER, Kind.PERCENT):
        from pegxl.cells import stored_value

        return float(stored_value(v))  # type: ignore[arg-type]
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    raise TypeError


def _int(v: object) -> int | None:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    raise TypeError


def _date(v: object) -> date | None:
    if isinstance(v, Value) and v.kind is Kind.DATE and isinstance(v.value, date):
        return v.value
    if isinstance(v, date) and not isinstance(v, datetime):
        return v
    raise TypeError


def _datetime(v: object) -> datetime | None:
    if isinstance(v, datetime):
        return v
    raise TypeError


def _text(v: object) -> str | None:
    if isinstance(v, str):
        return v
    raise TypeError


#: how a cell becomes the value of its column, by the column's kind (``TypeError``: it does not
#: fit)
_CONVERT: dict[str, Callable[[object], object]] = {
    "text": _text,
    "int": _int,
    "number": _number,
    "percent": _number,
    "date": _date,
    "datetime": _datetime,
}


def column_values(table: Table, index: int) -> list[object]:
    """The values of a column as Parquet holds them: each of the column's type, an empty cell
    (``None`` or an empty text, which the master writes as a blank) as null. A value that does
    not fit is a bug in pegxl: :class:`TypeError`, never a value dropped."""
    col = table.columns[index]
    convert = _CONVERT[col.kind]
    out: list[object] = []
    for n, row in enumerate(table.rows):
        v = row[index]
        if v is None or v == "":
            out.append(None)
            continue
        try:
            out.append(convert(v))
        except TypeError:
            raise TypeError(
                f"{table.table_name}.{col.key}, row {n + 1}: {v!r} is not a {col.kind}"
            ) from None
    return out


def _fields(table: Table) -> list[tuple[Column, str]]:
    """Each column of ``table`` and its name in Parquet (checked: an identifier, once)."""
    names = [(col, col.name or column_name(col.header)) for col in table.columns]
    seen = [name for _, name in names]
    if len(set(seen)) != len(seen) or (PERIOD_COLUMN in seen and not _has_period(table)):
        raise ValueError(f"{table.table_name}: column names collide: {seen}")
    return names


def _has_period(table: Table) -> bool:
    """Whether the table has its own period column (a date, the master's *Periodo*)."""
    return any(c.key == "period" for c in table.columns)


def arrow_table(result: Consolidation, table: Table, lang: str) -> Any:
    """``table`` as an Arrow table, with the file's and each field's metadata."""
    import pyarrow as pa

    types = _arrow_types()
    arrays, fields = [], []
    for i, (col, name) in enumerate(_fields(table)):
        arrays.append(pa.array(column_values(table, i), type=types[col.kind]))
        fields.append(pa.field(name, types[col.kind], metadata={"pegxl_header": col.header}))
    if not _has_period(table):
        arrays.append(pa.array([result.period.end] * len(table.rows), type=pa.date32()))
        fields.append(pa.field(PERIOD_COLUMN, pa.date32(), metadata={"pegxl_header": "period"}))
    meta = {
        b"pegxl_kind": OutputKind.TABLE.value.encode(),
        b"pegxl_table": table.table_name.encode(),
        b"pegxl_period": result.period.iso.encode(),
        b"pegxl_period_kind": result.period.kind.value.encode(),
        b"pegxl_plan_fingerprint": result.plan.fingerprint().encode(),
        b"pegxl_lang": lang.encode(),
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))


def write_parquet(
    result: Consolidation, folder: str | Path, lang: str = "it", outputs: Outputs | None = None
) -> list[Path]:
    """Write every table of ``result`` into ``folder`` (its period's folder of each table,
    atomically, file by file; a file replaced is kept in ``folder/_archivio``); raises
    :class:`ParquetMissing` without pyarrow."""
    try:
        import pyarrow.parquet  # noqa: F401  (whether pyarrow is there)
    except ImportError:
        raise ParquetMissing("pyarrow is not installed: pip install pegxl[parquet]") from None
    outputs = outputs or Outputs()
    iso = result.period.iso
    targets = claim_parquet(outputs, folder, iso)
    archive = Path(folder) / ARCHIVE
    written = []
    for table in result.sheets(lang):
        target = targets[table.key]
        arrow = arrow_table(result, table, lang)
        kept_in = archive / target.parent.parent.name / target.parent.name
        with outputs.atomic(target, kept_in) as tmp:
            tmp.write_bytes(sealed_parquet(arrow))
        written.append(target)
    return written


def _parquet_bytes(arrow: Any, seal: str | None) -> bytes:
    """``arrow`` as the bytes of a Parquet file, with ``seal`` in the file's key-value metadata
    (written after the data: the bytes before the footer do not depend on it)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    writer = pq.ParquetWriter(sink, arrow.schema)
    try:
        writer.write_table(arrow)
        if seal is not None:
            writer.add_key_value_metadata({PARQUET_SEAL_KEY: seal})
    finally:
        writer.close()
    return bytes(sink.getvalue().to_pybytes())


def sealed_parquet(arrow: Any) -> bytes:
    """``arrow`` as a Parquet file sealed as pegxl's own output
    (:func:`pegxl.outputs.parquet_seal`): written once to learn the bytes the seal covers, then
    again with the seal; the data of the two are the same bytes (checked)."""
    import io

    import pyarrow.parquet as pq

    first = _parquet_bytes(arrow, None)
    seal = parquet_seal(first, pq.read_metadata(io.BytesIO(first)).metadata or {})
    if seal is None:  # pragma: no cover - pyarrow wrote no footer
        raise RuntimeError("pyarrow wrote a Parquet file without a footer")
    data = _parquet_bytes(arrow, seal)
    meta = pq.read_metadata(io.BytesIO(data)).metadata or {}
    if parquet_seal(data, meta) != seal:  # pragma: no cover - pyarrow not deterministic
        raise RuntimeError("pyarrow wrote the same table as different bytes")
    return data


def relative_names(folder: str | Path, paths: Sequence[Path]) -> list[str]:
    """The files written, as paths under ``folder`` (``indicatori/periodo_iso=…/….parquet``)."""
    return [p.relative_to(folder).as_posix() for p in paths]

"""``consolidate --parquet``: every value of the master in the Parquet files, typed, both
periods side by side in one dataset per table, names query tools take as they are, the earlier
files of a period kept, nothing pegxl did not write replaced."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pegxl.cli import main
from pegxl.demo import simulate_returns
from pegxl.model import Period, Plan
from pegxl.outputs import ARCHIVE, OutputKind, owned_kind
from pegxl.results.consolidate import Consolidation, consolidate
from pegxl.results.master import write_master
from pegxl.results.tables import TABLE_NAMES, Column, Table, column_name
from pegxl.workbook.writer import generate

from .tables import excel_tables

pa = pytest.importorskip("pyarrow", reason="pyarrow not installed (pegxl[parquet])")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

from pegxl.results.parquet import (  # noqa: E402  (after the skip: pyarrow is optional)
    PARTITION,
    column_values,
    parquet_targets,
    write_parquet,
)

PERIODS = (date(2025, 6, 30), date(2025, 12, 31))
FOLDERS = sorted(name.lower() for name in TABLE_NAMES.values())
#: words that SQL engines (DuckDB, Spark, PostgreSQL) reserve: a column named so needs quoting
RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric both case cast check collate column
    constraint create current_date current_time current_timestamp current_user default
    deferrable desc describe distinct do else end except false fetch for foreign from grant
    group having in initially intersect into lateral leading limit not null offset on only or
    order pivot placing primary references returning select show some summarize symmetric
    table then to trailing true union unique unpivot user using variadic when where window
    with date time timestamp year month day value values""".split()  # noqa: SIM905
)


@pytest.fixture(scope="module")
def campaign(
    tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan
) -> tuple[Path, dict[date, tuple[Consolidation, Path]]]:
    """Both periods of the example consolidated, each with its master, into one Parquet
    folder: the returns filled as the demo fills them (mistakes, a draft, a sector missing)."""
    root = tmp_path_factory.mktemp("campagna")
    out = root / "parquet"
    done: dict[date, tuple[Consolidation, Path]] = {}
    for end in PERIODS:
        period = Period.of(end)
        blank = generate(seed_plan, period, root / f"schede_{end}").files
        returns = root / f"risposte_{end}"
        simulate_returns(seed_plan, sorted(blank), period, returns)
        result = consolidate(seed_plan, [returns], period=period)
        master = write_master(result, root / f"riepilogo_{end}.xlsx")
        write_parquet(result, out, "it")
        done[end] = (result, master)
    return out, done


def _same(master: Any, parquet: Any) -> bool:
    """A master cell (as openpyxl reads it) and a Parquet value hold the same value."""
    if master is None or master == "":
        return parquet is None
    if (
        isinstance(master, datetime)
        and isinstance(parquet, date)
        and not isinstance(parquet, datetime)
    ):
        return master.date() == parquet and master.time() == datetime.min.time()
    if isinstance(master, datetime) and isinstance(parquet, datetime) and parquet.tzinfo:
        # the master's «Salvato (UTC)» is a naive UTC time; Parquet carries the zone
        return parquet.utcoffset() == timedelta(0) and master == parquet.replace(tzinfo=None)
    if isinstance(master, bool) or isinstance(parquet, bool):
        return False
    if isinstance(master, int | float) and isinstance(parquet, int | float):
        return float(master) == float(parquet)
    return type(master) is type(parquet) and master == parquet


def test_every_value_of_the_master_is_in_the_parquet_typed_both_periods(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]],
) -> None:
    out, done = campaign
    for end, (result, master) in done.items():
        sheets = excel_tables(master)
        assert len(sheets) == len(TABLE_NAMES)
        targets = parquet_targets(out, end.isoformat())
        for key, name in TABLE_NAMES.items():
            headers, rows = sheets[name]
            table = pq.read_table(targets[key])
            by_header = {
                f.metadata[b"pegxl_header"].decode(): f.name
                for f in table.schema
                if f.name != "periodo" or b"pegxl_header" in (f.metadata or {})
            }
            assert set(headers) <= set(by_header), name
            data = table.to_pydict()
            if table.num_rows == 0:  # an Excel Table has a data row even when it holds nothing
                assert rows == [[None] * len(headers)], name
                continue
            assert table.num_rows == len(rows), name
            differ = [
                (name, n, header, row[i], data[by_header[header]][n])
                for n, row in enumerate(rows)
                for i, header in enumerate(headers)
                if not _same(row[i], data[by_header[header]][n])
            ]
            assert differ == []
            assert set(data["periodo"]) == {end}, name  # every file says its period
            meta = table.schema.metadata
            assert (
                meta[b"pegxl_kind"] == b"table"
                and meta[b"pegxl_period"] == end.isoformat().encode()
            )
        assert result.period.end == end


def test_a_mixed_column_loses_nothing(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]],
) -> None:
    """The example's targets and achieved values: numbers, percentages and Fatto / Non fatto,
    every one of them in Parquet (they lost 31 of 99 and 28 of 78), numbers as numbers."""
    out, done = campaign
    june = pq.read_table(parquet_targets(out, "2025-06-30")["indicators"]).to_pydict()
    result, _ = done[PERIODS[0]]
    targets = [i.indicator.target for i in result.scores.indicators()]
    achieved = [i.achieved for i in result.scores.indicators()]
    held = [
        sum(1 for a, b in zip(june[k], june[k + "_testo"], strict=True) if a is not None or b)
        for k in ("valore_atteso", "valore_raggiunto")
    ]
    assert held == [sum(t is not None for t in targets), sum(a is not None for a in achieved)]
    assert held[0] == 99
    numbers = [x for x in june["valore_raggiunto"] if x is not None]
    assert numbers and all(isinstance(x, float) for x in numbers)
    assert set(june["valore_atteso_testo"]) - {None} <= {"Fatto", "Non fatto"}
    types = {
        f.name: str(f.type)
        for f in pq.read_schema(parquet_targets(out, "2025-06-30")["indicators"])
    }
    assert types["valore_atteso"] == types["scostamento"] == types["raggiungimento_pct"] == "double"
    assert types["valore_atteso_data"] == types["periodo"] == "date32[day]"
    assert types["valore_atteso_testo"] == "string"


def test_the_periods_are_one_dataset_per_table(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]],
) -> None:
    import pandas as pd

    out, done = campaign
    assert sorted(p.name for p in out.iterdir()) == FOLDERS  # one folder per table
    for folder in FOLDERS:
        parts = sorted(p.name for p in (out / folder).iterdir())
        assert parts == [f"{PARTITION}=2025-06-30", f"{PARTITION}=2025-12-31"]
    dataset = ds.dataset(out / "indicatori", partitioning="hive")
    table = dataset.to_table()
    assert table.num_rows == 2 * 99
    assert sorted(set(table.column("periodo").to_pylist())) == list(PERIODS)
    frame = pd.read_parquet(out / "obiettivi")  # pandas reads the folder as it is
    assert len(frame) == 2 * 22 and frame["raggiungimento_pct"].dtype.kind == "f"
    mean = frame.groupby("periodo")["punteggio_finale"].mean()
    for end, (result, _) in done.items():
        scores = [o.final for o in result.scores.objectives if o.final is not None]
        assert mean[end] == pytest.approx(sum(scores) / len(scores) / 100)
    # the entity's total apart from the sectors: sintesi has no total row
    sintesi = pd.read_parquet(out / "sintesi")
    assert sintesi["settore"].notna().all() and (sintesi["settore"] != "").all()
    assert len(sintesi) == 2 * 5 and len(pd.read_parquet(out / "totale_ente")) == 2


def test_names_need_no_quoting_and_do_not_change_with_the_language(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]], tmp_path: Path
) -> None:
    out, done = campaign
    result, _ = done[PERIODS[0]]
    english = tmp_path / "en"
    write_parquet(result, english, "en")
    for key in TABLE_NAMES:
        it = pq.read_schema(parquet_targets(out, "2025-06-30")[key])
        en = pq.read_schema(parquet_targets(english, "2025-06-30")[key])
        assert it.names == en.names, key
        assert len(set(it.names)) == len(it.names), key
        for name in it.names:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name), (key, name)
            assert name not in RESERVED, (key, name)
        headers = [f.metadata[b"pegxl_header"].decode() for f in en]
        assert "ID" in headers or key in {
            "summary",
            "summary_total",
            "rollups",
            "deliveries",
            "rules",
            "checks",
        }
    en_ind = pq.read_schema(parquet_targets(english, "2025-06-30")["indicators"])
    # at mid-year the header says progress, never achievement; the name is the final report's
    assert en_ind.field("raggiungimento_pct").metadata[b"pegxl_header"] == b"Progress %"


@pytest.mark.parametrize(
    "header,name",
    [
        ("Raggiungimento %", "raggiungimento_pct"),
        ("Valore Raggiunto 2024 (data)", "valore_raggiunto_2024_data"),
        ("Gravità", "gravita"),
        ("SHA-256", "sha_256"),
        ("Salvato (UTC)", "salvato_utc"),
        ("  Più  spazi -- e segni!  ", "piu_spazi_e_segni"),
        ("2024", "c_2024"),
        ("%", "pct"),
    ],
)
def test_column_names(header: str, name: str) -> None:
    assert column_name(header) == name


def test_a_value_that_does_not_fit_its_column_stops_rather_than_vanishes() -> None:
    table = Table("t", "T", "T", [Column("x", "X", "number", name="x")], [[1.0], ["4,00"], [None]])
    with pytest.raises(TypeError, match=r"T\.x, row 2: '4,00' is not a number"):
        column_values(table, 0)
    ok = Table("t", "T", "T", [Column("x", "X", "int", name="x")], [[3], [4.0], [""], [None]])
    assert column_values(ok, 0) == [3, 4, None, None]


def test_a_second_run_keeps_the_earlier_files_outside_the_datasets(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]],
    tmp_path: Path,
    seed_plan_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, done = campaign
    copy = tmp_path / "parquet"
    result, _ = done[PERIODS[0]]
    write_parquet(result, copy, "it")
    write_parquet(result, copy, "it")  # the same tables: nothing to keep
    assert not (copy / ARCHIVE).exists()
    write_parquet(result, copy, "en")  # other texts: the Italian files are kept
    kept = sorted((copy / ARCHIVE).rglob("*.parquet"))
    assert len(kept) == len(TABLE_NAMES)
    assert all(p.relative_to(copy / ARCHIVE).parts[1] == f"{PARTITION}=2025-06-30" for p in kept)
    assert ds.dataset(copy / "indicatori", partitioning="hive").count_rows() == 99
    assert sorted(p.name for p in copy.iterdir()) == sorted([ARCHIVE, *FOLDERS])
    for p in kept:
        assert owned_kind(p) is OutputKind.TABLE


def test_the_command_writes_into_period_folders_and_says_so(
    tmp_path: Path, seed_plan_path: Path, june_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import workbook_of
    from .tables import fill

    returns = tmp_path / "risposte"
    fill(
        workbook_of(june_dir, "S05"),
        {
            "2025_S05_04/F1": {"Avanzamento (%)": 50},
            "2025_S05_04/F2": {"Avanzamento (%)": 20},
            "2025_S05_04/I1": {"Valore Raggiunto": 1},
        },
        returns / "s05.xlsx",
    )
    folder = tmp_path / "parquet"
    argv = ["consolidate", str(seed_plan_path), str(returns), "-o", str(tmp_path / "m.xlsx")]
    capsys.readouterr()
    assert main([*argv, "--parquet", str(folder), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    files = doc["outputs"]["parquet_files"].split(", ")
    assert len(files) == len(TABLE_NAMES)
    assert "indicatori/periodo_iso=2025-06-30/indicatori_2025-06-30.parquet" in files
    row = [
        r for r in pq.read_table(folder / "indicatori").to_pylist() if r["id"] == "2025_S05_04/I1"
    ]
    assert row[0]["raggiungimento_pct"] == 0.5 and row[0]["cella"] == "H4"
    # a file pegxl did not write, where a table of this period goes: refused, kept as it was
    target = parquet_targets(folder, "2025-06-30")["phases"]
    target.write_bytes(b"PAR1 il lavoro di un analista")
    assert main([*argv, "--parquet", str(folder), "--force"]) == 0  # --force: replaced, kept
    assert [p.read_bytes() for p in (folder / ARCHIVE).rglob("*.parquet")] == [
        b"PAR1 il lavoro di un analista"
    ]
    target.write_bytes(b"PAR1 di nuovo")
    rc = main([*argv, "--parquet", str(folder)])
    assert rc == 2 and target.read_bytes() == b"PAR1 di nuovo"
    # a table's folder that is a file: refused before any work
    (folder / "regole").rename(tmp_path / "via")
    (folder / "regole").write_text("non una cartella")
    capsys.readouterr()
    assert main([*argv, "--parquet", str(folder), "--period", "2025-06-30"]) == 2
    assert "FILE-016" in capsys.readouterr().err


def test_duckdb_averages_the_numbers(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]],
) -> None:
    """Optional: DuckDB's avg() over the achieved values and the scores, as a BI tool runs it
    (the Italian text "4,00" it once met made it fail)."""
    duckdb = pytest.importorskip("duckdb", reason="duckdb not installed (optional)")
    import pandas as pd

    out, _ = campaign
    for folder in FOLDERS:  # every column named as it is, unquoted
        names = pq.read_schema(next((out / folder).glob("*/*.parquet"))).names
        files = str(out / folder / "*" / "*.parquet")
        duckdb.sql(f"SELECT {', '.join(names)} FROM read_parquet('{files}')").fetchall()
    glob = str(out / "indicatori" / "*" / "*.parquet")
    rows = duckdb.sql(
        f"SELECT periodo, settore, avg(valore_raggiunto) AS a, avg(raggiungimento_pct) AS s "
        f"FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    frame = pd.read_parquet(out / "indicatori")
    expected = frame.groupby(["periodo", "settore"])[
        ["valore_raggiunto", "raggiungimento_pct"]
    ].mean()
    assert len(rows) == len(expected)
    for periodo, settore, a, s in rows:
        e = expected.loc[(periodo, settore)]
        assert (a is None and pd.isna(e["valore_raggiunto"])) or a == pytest.approx(
            e["valore_raggiunto"]
        )
        assert (s is None and pd.isna(e["raggiungimento_pct"])) or s == pytest.approx(
            e["raggiungimento_pct"]
        )


def test_a_table_edited_with_pyarrow_keeping_its_metadata_is_not_pegxls(
    campaign: tuple[Path, dict[date, tuple[Consolidation, Path]]], tmp_path: Path
) -> None:
    """Ownership of a Parquet file is proved by a seal over its bytes, as for workbooks: the
    metadata alone (kept by an analyst's pyarrow, even the seal copied over) proves nothing."""
    from pegxl.outputs import OutputRefused, Outputs

    _, done = campaign
    result, _ = done[PERIODS[0]]
    folder = tmp_path / "parquet"
    [written, *_] = write_parquet(result, folder, "it")
    assert owned_kind(written) is OutputKind.TABLE
    original = pq.read_table(written)
    seal = pq.read_metadata(written).metadata[b"pegxl_seal"]
    meta = {**(original.schema.metadata or {}), b"pegxl_seal": seal}

    def analyst(table: Any, name: str, **kw: Any) -> Path:
        path = tmp_path / name
        writer = pq.ParquetWriter(path, table.schema.with_metadata(meta), **kw)
        writer.write_table(table.replace_schema_metadata(meta))
        writer.add_key_value_metadata({"pegxl_seal": seal.decode()})
        writer.close()
        assert pq.read_metadata(path).metadata[b"pegxl_kind"] == b"table"
        return path

    first = original.column_names[0]
    column = original.column(first).to_pylist()
    changed = original.set_column(
        0, original.schema.field(0), pa.array([column[-1], *column[:-1]], original.schema[0].type)
    )
    edited = [
        analyst(changed, "a_value_changed.parquet"),
        analyst(original.slice(1), "a_row_removed.parquet"),
        analyst(original, "recompressed.parquet", compression="gzip"),
    ]
    # the metadata changed, the data kept: not pegxl's either
    raw = written.read_bytes()
    relabelled = tmp_path / "relabelled.parquet"
    pq.write_table(original.replace_schema_metadata({**meta, b"pegxl_table": b"altro"}), relabelled)
    for path in [*edited, relabelled, tmp_path / "cut.parquet"]:
        if path.name == "cut.parquet":
            path.write_bytes(raw[:10] + raw[11:])  # one byte of the data gone
        assert owned_kind(path) is None, path.name
    # where the run writes it: refused without --force, kept in the archive with it
    target = written
    target.write_bytes(edited[0].read_bytes())
    with pytest.raises(OutputRefused):
        Outputs([]).claim(target, OutputKind.TABLE)
    with pytest.raises(OutputRefused):
        write_parquet(result, folder, "it")
    assert target.read_bytes() == edited[0].read_bytes()
    write_parquet(result, folder, "it", Outputs([], force=True))
    assert owned_kind(target) is OutputKind.TABLE
    assert [p.read_bytes() for p in (folder / ARCHIVE).rglob("*.parquet")] == [
        edited[0].read_bytes()
    ]

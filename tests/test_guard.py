"""guard: hostile and broken files give a finding — bounded work and memory, never a crash —
and the rest of a batch is still checked."""

from __future__ import annotations

import tracemalloc
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pegxl.model import Period, Plan
from pegxl.returns.batch import check
from pegxl.sheets import guard
from pegxl.sheets.book import col_letter
from pegxl.sheets.guard import Limits, check_file
from pegxl.workbook.writer import generate

from . import hostile

MB = 1024 * 1024


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> Path:
    out = tmp_path_factory.mktemp("base")
    [path] = generate(seed_plan, Period.of(date(2025, 6, 30)), out, ["S05"]).files
    return path


def _sst(change: bytes) -> object:
    def fn(name: str, data: bytes) -> bytes:
        return change if name == "xl/sharedStrings.xml" else data

    return fn


def _cases(base: Path, d: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected finding code)."""
    sheet = "xl/worksheets/sheet3.xml"

    def with_sheet(xml: bytes):  # type: ignore[no-untyped-def]
        return lambda n, data: xml if n == sheet else data

    return {
        "zip bomb": (hostile.zip_bomb(base, d / "bomb.xlsx"), "FILE-008"),
        "zip bomb with lying sizes": (hostile.lying_bomb(base, d / "liar.xlsx"), "FILE-009"),
        "too many entries": (hostile.many_entries(d / "many.xlsx"), "FILE-007"),
        "billion laughs": (
            hostile.rewrite(base, d / "laughs.xlsx", _sst(hostile.BILLION_LAUGHS)),
            "FILE-010",
        ),  # type: ignore[arg-type]
        "xxe": (hostile.rewrite(base, d / "xxe.xlsx", _sst(hostile.XXE)), "FILE-010"),  # type: ignore[arg-type]
        "lying dimension": (
            hostile.rewrite(
                base,
                d / "dim.xlsx",
                with_sheet(
                    hostile.SHEET_HEAD
                    + b'<dimension ref="A1:B2"/><sheetData>'
                    + b"".join(
                        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r)
                        for r in range(1, 400_001, 1000)
                    )
                    + b'<row r="600000"><c r="A600000"><v>1</v></c></row></sheetData></worksheet>'
                ),
            ),
            "FILE-011",
        ),
        "cell at XFD1048576": (
            hostile.rewrite(
                base,
                d / "xfd.xlsx",
                with_sheet(
                    hostile.SHEET_HEAD
                    + b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c>'
                    b"</row></sheetData></worksheet>"
                ),
            ),
            "FILE-011",
        ),
        "prefixed cell reference far away": (
            hostile.rewrite(
                base,
                d / "prefixed.xlsx",
                with_sheet(
                    b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><x:sheetData><x:row x:r="1"><x:c\tx:r="XFD1"><x:v>1</x:v></x:c>'
                    b"</x:row></x:sheetData></x:worksheet>"
                ),
            ),
            "FILE-011",
        ),
        "local header disagrees with the directory": (
            _write(
                d / "confused.xlsx",
                base.read_bytes().replace(b"xl/styles.xml", b"xl/styleX.xml", 1),
            ),
            "FILE-009",
        ),
        "damaged part (CRC)": (
            _write(
                d / "crc.xlsx",
                hostile.rewrite(base, d / "stored.xlsx", lambda n, b: b, method=zipfile.ZIP_STORED)
                .read_bytes()
                .replace(b"<sheetData>", b"<sheetDatX>", 1),
            ),
            "FILE-009",
        ),
        "encrypted": (hostile.ole(d / "enc.xlsx", True), "FILE-004"),
        "legacy xls": (hostile.ole(d / "old.xlsx", False), "FILE-005"),
        "csv renamed": (_write(d / "csv.xlsx", b"Codice;Valore\nS07;12\n"), "FILE-006"),
        "html renamed": (
            _write(d / "html.xlsx", b"<html><table><tr><td>1</td></tr></table></html>"),
            "FILE-006",
        ),
        "truncated": (
            _write(d / "cut.xlsx", base.read_bytes()[: base.stat().st_size // 2]),
            "FILE-009",
        ),
        "empty": (_write(d / "empty.xlsx", b""), "FILE-002"),
        "random bytes": (_write(d / "rnd.xlsx", bytes(range(256)) * 20), "FILE-002"),
        "negative shared strings": (
            hostile.rewrite(
                base,
                d / "neg.xlsx",
                _sst(  # type: ignore[arg-type]
                    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                    b'2006/main" count="-3" uniqueCount="-3"><si><t>x</t></si></sst>'
                ),
            ),
            "FILE-009",
        ),
        "shared string out of range": (
            hostile.rewrite(
                base,
                d / "sst.xlsx",
                with_sheet(
                    hostile.SHEET_HEAD
                    + b'<sheetData><row r="1"><c r="B1" t="s"><v>99999</v></c></row>'
                    b"</sheetData></worksheet>"
                ),
            ),
            "FILE-009",
        ),
        "dot-dot entry": (
            hostile.rewrite(base, d / "dots.xlsx", lambda n, b: b, {"../../evil.xml": b"<x/>"}),
            "FILE-007",
        ),
        "bzip2 compression": (
            hostile.rewrite(base, d / "bz.xlsx", lambda n, b: b, method=zipfile.ZIP_BZIP2),
            "FILE-007",
        ),
        "a zip that is no workbook": (_zip(d / "plain.xlsx"), "FILE-002"),
        "ods of repeated rows of repeated cells": (
            hostile.ods(
                d / "repeat.ods",
                b'<table:table-row table:number-rows-repeated="4096"><table:table-cell '
                b'table:number-columns-repeated="4096" office:value-type="float" '
                b'office:value="1"/></table:table-row>',
            ),
            "FILE-009",
        ),
        # the cell's text is cut one past the 32,767 a cell holds (never made whole); the
        # file is then read, and is no pegxl workbook (issue 16.10: a long text never rejects
        # a whole return)
        "ods cell of a billion spaces": (
            hostile.ods(
                d / "spaces.ods",
                b"<table:table-row><table:table-cell><text:p>a"
                b'<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>',
            ),
            "STRUCT-001",
        ),
    }


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _zip(p: Path) -> Path:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "ciao")
    return p


@pytest.fixture(scope="module")
def cases(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return _cases(base, tmp_path_factory.mktemp("hostile"))


NAMES = [
    "zip bomb",
    "zip bomb with lying sizes",
    "too many entries",
    "billion laughs",
    "xxe",
    "lying dimension",
    "cell at XFD1048576",
    "prefixed cell reference far away",
    "local header disagrees with the directory",
    "damaged part (CRC)",
    "encrypted",
    "legacy xls",
    "csv renamed",
    "html renamed",
    "truncated",
    "empty",
    "random bytes",
    "negative shared strings",
    "shared string out of range",
    "dot-dot entry",
    "bzip2 compression",
    "a zip that is no workbook",
    "ods of repeated rows of repeated cells",
    "ods cell of a billion spaces",
]


@pytest.fixture(params=["in memory", "streamed"])
def inflate_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways the guard inflates parts: a return read once and inflated from memory, and a
    large file whose parts are streamed chunk by chunk (forced here for every file)."""
    if request.param == "streamed":
        monkeypatch.setattr(guard, "_BLOB_BYTES", 0)
    return str(request.param)


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_gives_a_finding_with_bounded_work(
    name: str, cases: dict[str, tuple[Path, str]], seed_plan: Plan, inflate_mode: str
) -> None:
    path, code = cases[name]
    limits = Limits()
    tracemalloc.start()
    report = check(seed_plan, [path], limits=limits)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [ret] = report.returns
    assert ret.status == "rejected", (name, [f.code for f in ret.findings])
    assert code in [f.code for f in ret.findings], (name, [f.message_en for f in ret.findings])
    assert all(f.file == str(path) and f.message_it and f.message_en for f in ret.findings)
    assert peak < 64 * MB, f"{name}: {peak / MB:.0f} MB"
    inflated = check_file(path, limits).inflated
    assert inflated <= limits.max_part_bytes + 64 * 1024, name


def test_a_batch_survives_every_hostile_file(
    cases: dict[str, tuple[Path, str]], seed_plan: Plan, base: Path
) -> None:
    files = [p for p, _ in cases.values()]
    report = check(seed_plan, [*files[:9], base, *files[9:]])
    statuses = {Path(r.path).name: r.status for r in report.returns}
    assert statuses[base.name] != "rejected"
    assert sum(s == "rejected" for s in statuses.values()) == len(files)
    assert not report.valid


def test_macros_and_external_links_are_reported(
    base: Path, tmp_path: Path, seed_plan: Plan
) -> None:
    p = hostile.rewrite(
        base,
        tmp_path / "macro.xlsm",
        lambda n, b: b,
        {
            "xl/vbaProject.bin": b"\x00" * 64,
            "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
            "xl/embeddings/oleObject1.bin": b"\x00",
        },
    )
    g = check_file(p)
    assert g.ok and {f.code for f in g.findings} == {"FILE-012", "FILE-013", "FILE-014"}
    [ret] = check(seed_plan, [p]).returns
    assert ret.status != "rejected" and ret.sector == "S05"


def test_limits_are_configurable(base: Path) -> None:
    assert check_file(base).ok
    g = check_file(base, Limits(max_file_bytes=1000))
    assert not g.ok and g.findings[-1].code == "FILE-003"
    g = check_file(base, Limits(max_row=10))
    assert not g.ok and g.findings[-1].code == "FILE-011"


def test_missing_file_in_a_batch(tmp_path: Path, seed_plan: Plan, base: Path) -> None:
    report = check(seed_plan, [tmp_path / "nope.xlsx", base])
    assert report.returns[0].status == "rejected"
    assert report.returns[0].findings[0].code == "FILE-001"


def test_parallel_batch_isolates_a_reader_that_aborts(
    cases: dict[str, tuple[Path, str]], seed_plan: Plan, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader that kills its process (as python-calamine can on a hostile file) takes down
    only that file: the batch runs on worker processes and re-reads the survivors."""
    import importlib
    import os as _os

    # pegxl.check is the public function; the module is fetched by name
    check_module = importlib.import_module("pegxl.returns.batch")

    real = check_module._read_one

    def abort_on_bomb(path: Path, plan: Plan, limits: Limits | None) -> object:
        if path.name == "bomb.xlsx":
            _os._exit(134)  # what an abort() in native code looks like
        return real(path, plan, limits)

    monkeypatch.setattr(check_module, "_read_one", abort_on_bomb)
    files = [*[p for p, _ in cases.values()][:6], base]
    report = check(seed_plan, files, workers=2)
    by_name = {Path(r.path).name: r for r in report.returns}
    assert [f.code for f in by_name["bomb.xlsx"].findings] == ["FILE-015"]
    assert by_name[base.name].status != "rejected"
    assert len(report.returns) == len(files)
    sequential = check(seed_plan, files[1:], workers=1)
    assert [r.status for r in sequential.returns] == [
        by_name[Path(f).name].status for f in files[1:]
    ]


def test_workers_that_die_one_after_another_are_replaced(
    cases: dict[str, tuple[Path, str]],
    seed_plan: Plan,
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three files that kill their reader, among good ones, on two workers: each dead worker
    is replaced while files remain, every good file is read, and only the three are reported
    (each read once more alone, and dying again)."""
    import importlib
    import os as _os
    import shutil

    check_module = importlib.import_module("pegxl.returns.batch")
    real = check_module._read_one
    deadly = {"bomb.xlsx", "laughs.xlsx", "xxe.xlsx"}

    def abort(path: Path, plan: Plan, limits: Limits | None) -> object:
        if path.name in deadly:
            _os._exit(134)
        return real(path, plan, limits)

    monkeypatch.setattr(check_module, "_read_one", abort)
    workers = importlib.import_module("pegxl.workers")
    run = workers.run
    alone: list[str] = []

    def spy(task: Any, state: Any, indices: Any, *args: object, **kw: object) -> object:
        if len(indices) == 1:
            alone.append(state[0][indices[0]].name)
        return run(task, state, indices, *args, **kw)

    monkeypatch.setattr(workers, "run", spy)
    goods = []
    for k in range(6):
        goods.append(tmp_path / f"copy{k}_{base.name}")
        shutil.copy(base, goods[-1])
    files = [goods[0], cases["zip bomb"][0], *goods[1:3], cases["billion laughs"][0]]
    files += [cases["xxe"][0], *goods[3:]]
    seen: list[int] = []
    report = check(seed_plan, files, workers=2, progress=lambda n, t, p: seen.append(n))
    assert [Path(r.path).name for r in report.returns] == [f.name for f in files]
    for r in report.returns:
        if Path(r.path).name in deadly:
            assert [f.code for f in r.findings] == ["FILE-015"], r.path
        else:
            assert r.status != "rejected" and r.values, r.path
    assert seen == list(range(1, len(files) + 1))
    assert sorted(alone) == sorted(deadly)  # only the guilty files were read again alone


def test_workers_that_cannot_start_are_not_restarted_forever(
    base: Path, seed_plan: Plan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Workers that die before reading anything (killed for memory, a broken install) are
    replaced a bounded number of times; the batch ends and says which files were not read."""
    import importlib
    import os as _os

    workers = importlib.import_module("pegxl.workers")
    monkeypatch.setattr(workers, "_serve", lambda *args: _os._exit(137))
    copies = [tmp_path / f"copia_{i}.xlsx" for i in range(3)]  # three files (one is read once)
    for copy in copies:
        copy.write_bytes(base.read_bytes())
    report = check(seed_plan, copies, workers=2)
    assert [[f.code for f in r.findings] for r in report.returns] == [["FILE-015"]] * 3


def test_pathological_markup_is_read_in_linear_time(
    base: Path, seed_plan: Plan, tmp_path: Path
) -> None:
    """Every pattern of the reader runs in time linear in the part: files whose markup would
    make a backtracking pattern rescan the part from every opener (hours each) are checked in
    well under a second each, and the rest of the batch with them. The batch runs in a child
    process so that a regression fails here, after two minutes, instead of hanging the suite."""
    import json
    import pickle
    import subprocess
    import sys

    files = [*hostile.pathological(base, tmp_path).values(), base]
    plan_file = tmp_path / "plan.pickle"
    plan_file.write_bytes(pickle.dumps(seed_plan))
    script = (
        "import json, pickle, sys\n"
        "from pegxl import check\n"
        "plan = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "report = check(plan, sys.argv[2:], workers=1)\n"
        "print(json.dumps([r.status for r in report.returns]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(plan_file), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    statuses = json.loads(done.stdout)
    assert len(statuses) == len(files) and statuses[-1] != "rejected"


def test_a_good_return_passes_both_ways(base: Path, inflate_mode: str) -> None:
    result = check_file(base)
    assert result.ok and result.findings == [] and result.parts
    assert "xl/worksheets/sheet3.xml" in result.parts


def test_a_stored_return_and_a_large_part(base: Path, tmp_path: Path, seed_plan: Plan) -> None:
    """A return saved without compression passes; a part too large to keep whole (over 8 MB
    inflated, within every limit) is measured by streaming and the reader reads the file from the
    zip again."""
    import os

    stored = hostile.rewrite(base, tmp_path / "stored.xlsx", lambda n, b: b, method=0)
    result = check_file(stored)
    assert result.ok and result.findings == [] and result.parts

    filler = b"<x>" + os.urandom(5 * MB).hex().encode() + b"</x>"  # 10 MB, about 2:1
    large = hostile.rewrite(
        base, tmp_path / "large.xlsx", lambda n, b: b, {"docProps/filler.xml": filler}
    )
    result = check_file(large)
    assert result.ok and result.findings == [] and result.parts is None
    report = check(seed_plan, [large])
    assert report.returns[0].status != "rejected" and report.returns[0].values


@settings(max_examples=300, deadline=None)
@given(
    refs=st.lists(
        st.tuples(st.integers(1, 30_000), st.integers(1, 2_000_000), st.integers(0, 3)),
        min_size=1,
        max_size=40,
    ),
    max_row=st.integers(0, 1_500_000),
    max_col=st.integers(0, 20_000),
    max_cells=st.integers(0, 600),
)
def test_the_extent_shortcut_never_passes_what_the_measure_rejects(
    refs: list[tuple[int, int, int]], max_row: int, max_col: int, max_cells: int
) -> None:
    """A worksheet part is let through unmeasured only when it provably cannot exceed the
    limits: whatever the references (leading zeros included) and the limits, the shortcut and
    the exact measure agree whenever the shortcut says "within"."""
    data = b"<sheetData>" + b"".join(
        b'<c r="%s%s%d"><v>1</v></c>' % (col_letter(c).encode(), b"0" * zeros, r)
        for c, r, zeros in refs
    )
    limits = Limits(max_row=max_row, max_col=max_col, max_cells=max_cells)
    ext = guard._Extent()
    ext.whole(data, True, False, False)
    within = (
        ext.cells <= limits.max_cells
        and ext.max_row <= limits.max_row
        and ext.max_col <= limits.max_col
    )
    if guard._surely_within(data, limits):
        assert within


def test_a_reference_at_the_limit_passes_one_beyond_is_refused(base: Path) -> None:
    """Both sides of each limit, through the whole guard (the shortcut and the exact measure)."""
    g = check_file(base, Limits(max_row=99, max_col=26))
    assert g.ok
    for limits in (Limits(max_row=9), Limits(max_col=5), Limits(max_cells=50)):
        g = check_file(base, limits)
        assert not g.ok and g.findings[-1].code == "FILE-011", limits


def test_the_limits_of_a_return_grow_with_the_plan_only_as_far_as_it_needs() -> None:
    """A town hall's plan keeps the defaults; a sector of 100,000 indicators gets limits that
    let its own workbook through, and no more."""
    from dataclasses import replace

    from pegxl.model import Indicator, Objective, Plan, Sector

    small = Plan("Ente", 2025, sectors=(Sector("S1", "Uno"),))
    assert Limits.for_plan(small) == Limits()
    objectives = tuple(
        Objective(
            f"2025_S1_{n}",
            "t",
            "S1",
            indicators=tuple(
                Indicator(f"2025_S1_{n}/I{k}", f"2025_S1_{n}", "d", "t", None) for k in range(100)
            ),
        )
        for n in range(1000)
    )
    big = Limits.for_plan(replace(small, objectives=objectives))
    assert big.max_row == 2 * 101_000 + 1_000
    assert big.max_cells >= 10 * big.max_row and big.max_file_bytes > Limits().max_file_bytes
    assert big.max_col == Limits().max_col and big.max_ratio == Limits().max_ratio


@settings(max_examples=300, deadline=None)
@given(
    refs=st.lists(
        st.tuples(st.integers(1, 20_000), st.integers(1, 2_000_000), st.sampled_from(["", "x"])),
        max_size=30,
    ),
    cuts=st.lists(st.integers(1, 40), min_size=1, max_size=20),
    ods=st.booleans(),
)
def test_a_part_measured_in_chunks_measures_as_a_whole(
    refs: list[tuple[int, int, str]], cuts: list[int], ods: bool
) -> None:
    """A part too large to keep is measured chunk by chunk: cut anywhere (inside a reference
    too), the cells and the farthest reference are those of the whole part."""
    from pegxl.sheets.guard import _Extent

    if ods:
        data = b"".join(
            b'<table:table-row>%s<table:table-cell office:value="%d"/>' % (pad.encode(), r)
            for _, r, pad in refs
        )
    else:
        data = b"<sheetData>" + b"".join(
            b'<c %sr="%s%d"><v>1</v></c>' % (pad.encode(), col_letter(c).encode(), r)
            for c, r, pad in refs
        )
    whole = _Extent()
    whole.whole(data, not ods, False, ods)
    parts = _Extent()
    tail, at, n = b"", 0, 0
    while at < len(data):
        chunk = data[at : at + cuts[n % len(cuts)]]
        at, n = at + len(chunk), n + 1
        buf = tail + chunk
        parts.chunk(buf, len(tail), not ods, False, ods)
        tail = buf[-120:]
    assert (parts.cells, parts.max_row, parts.max_col) == (
        whole.cells,
        whole.max_row,
        whole.max_col,
    )

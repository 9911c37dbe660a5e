"""The plan cache: a cached load is the fresh load of the same bytes, exactly; anything else in
the cache folder is ignored, never trusted and never an error."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pegxl import load_plan, save_plan
from pegxl.findings import Code, Severity, make
from pegxl.i18n import T
from pegxl.model import Indicator, Objective, Phase, Plan, PriorValue, Sector
from pegxl.plan import cache, workbook_reader
from pegxl.plan.pegtext import ImportResult
from pegxl.values import Kind, Value

from .tables import flatten, plan_tables, write_book


def every_field(obj: Any) -> Any:
    """The object with every field, also those equality ignores (source lines, a value's raw
    text, decimals and note), and every type kept apart (1 is not 1.0, a date not a datetime)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__name__, *(every_field(getattr(obj, f.name)) for f in fields(obj)))
    if isinstance(obj, tuple | list):
        return (type(obj).__name__, *(every_field(x) for x in obj))
    return (type(obj).__name__, obj)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PEGXL_CACHE_DIR", str(folder))
    monkeypatch.delenv("PEGXL_CACHE", raising=False)
    return folder / "plans"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def no_fresh_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a load that does not come from the cache fail the test."""

    def refuse(self: Any) -> None:
        raise AssertionError("the plan was read from the file, not from the cache")

    monkeypatch.setattr(workbook_reader._Loader, "load", refuse)


def test_a_cached_load_is_the_fresh_load_of_the_same_bytes(
    seed_plan_path: Path, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_plan(seed_plan_path, cache=False)
    assert entries(cache_dir) == []
    first = load_plan(seed_plan_path)
    assert len(entries(cache_dir)) == 1
    no_fresh_load(monkeypatch)
    # the same bytes under another name: the findings name the file being loaded
    copy = shutil.copy(seed_plan_path, tmp_path / "copia del piano.xlsx")
    again = load_plan(copy)
    assert every_field(first.plan) == every_field(fresh.plan)
    assert every_field(again.plan) == every_field(fresh.plan)
    assert again.plan is not None and fresh.plan is not None
    # the fingerprint kept beside the plan is the one its content gives
    assert again.plan.fingerprint() == replace(again.plan).fingerprint() == fresh.plan.fingerprint()
    assert [f.file for f in again.findings] == [str(copy)] * len(fresh.findings)
    assert again.findings == [replace(f, file=str(copy)) for f in fresh.findings]
    assert len(fresh.findings) > 0  # the example has findings (weights, tipi): they are kept


def test_the_findings_of_a_plan_with_errors_are_kept_with_their_cells(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = plan_tables()
    tables["Fasi"][1][3] = "31/13/2025"  # not a date
    tables["Indicatori"][1][5] = "circa cento"  # a text where the target goes
    path = write_book(tmp_path / "p.xlsx", tables)
    fresh = load_plan(path, cache=False)
    load_plan(path)
    no_fresh_load(monkeypatch)
    cached = load_plan(path)
    keys = ["code", "severity", "file", "sheet", "cell", "row_id", "raw", "expected"]
    assert flatten(cached.findings, keys) == flatten(fresh.findings, keys)
    assert [f.message_it for f in cached.findings] == [f.message_it for f in fresh.findings]
    assert [f.message_en for f in cached.findings] == [f.message_en for f in fresh.findings]
    assert any(f.code is Code.BAD_CELL_VALUE and f.cell for f in cached.findings)


def test_other_bytes_are_another_entry(
    tmp_path: Path, cache_dir: Path, seed_result: ImportResult
) -> None:
    assert seed_result.plan is not None
    a = save_plan(seed_result.plan, tmp_path / "a.xlsx")
    load_plan(a)
    tables = plan_tables()
    b = write_book(tmp_path / "b.xlsx", tables)
    first = load_plan(b)
    tables["Obiettivi"][1][2] = "Un altro titolo"
    write_book(b, tables)  # the same name, other bytes
    second = load_plan(b)
    assert len(entries(cache_dir)) == 3
    assert first.plan is not None and second.plan is not None
    assert second.plan.objectives[0].title == "Un altro titolo"
    assert first.plan.objectives[0].title != "Un altro titolo"


def test_another_version_of_pegxl_does_not_read_the_entry(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    load_plan(path)
    monkeypatch.setattr(cache, "code_key", lambda: "another version")
    calls = []
    real = workbook_reader._Loader.load

    def counted(self: Any) -> Plan | None:
        calls.append(1)
        return real(self)

    monkeypatch.setattr(workbook_reader._Loader, "load", counted)
    assert load_plan(path).plan is not None
    assert calls == [1]
    assert len(entries(cache_dir)) == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b"[]",
        b'{"key": null}',
        b'{"key": [1, "x", "y"], "plan": [], "findings": []}',
        # the right key, a damaged body: a text where a list of sectors goes, an unknown code
        b'{"key": KEY, "plan": ["E", 2025, "", "", "", "no", []], "findings": []}',
        b'{"key": KEY, "plan": PLAN, "findings": [["NOPE-1", "error", "", "", true]]}',
        b'{"key": KEY, "plan": PLAN, "findings": [{"__class__": "os.system"}]}',
        b'{"key": KEY, "plan": PLAN, "fingerprint": 7, "findings": []}',
        b'{"key": KEY, "plan": ["E", 2025, "", "", "", [], [["O", "t", "S", "", "", "", '
        b'["a", "b"], ["a", "b"], ["a", "b"], "", "", false, [["F", "O", "n", "2025-13-01", '
        b'null, null, null, 1, null, [], "", "", null]], [], null]]], "findings": []}',
    ],
)
def test_an_entry_that_is_not_one_this_code_wrote_is_ignored(
    tmp_path: Path, cache_dir: Path, content: bytes
) -> None:
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    fresh = load_plan(path, cache=False)
    load_plan(path)
    [entry] = entries(cache_dir)
    good = json.loads(entry.read_bytes())
    content = content.replace(b"KEY", json.dumps(good["key"]).encode())
    content = content.replace(b"PLAN", json.dumps(good["plan"]).encode())
    entry.write_bytes(content)
    again = load_plan(path)
    assert every_field(again.plan) == every_field(fresh.plan)
    assert again.findings == fresh.findings
    assert json.loads(entry.read_bytes()) == good  # written again, whole


def test_off_means_nothing_is_written(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEGXL_CACHE", "off")
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    assert load_plan(path).plan is not None
    assert not cache_dir.parent.exists()
    monkeypatch.delenv("PEGXL_CACHE")
    monkeypatch.setenv("PEGXL_CACHE_DIR", "")
    assert load_plan(path).plan is not None
    assert cache.directory() is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership")
def test_a_folder_others_can_write_to_is_not_trusted(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    load_plan(path)
    cache_dir.chmod(0o777)
    try:
        no_fresh_load(monkeypatch)
        with pytest.raises(AssertionError, match="not from the cache"):
            load_plan(path)
    finally:
        cache_dir.chmod(0o700)


def test_a_cache_that_cannot_be_written_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PEGXL_CACHE_DIR", str(blocker))
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    r = load_plan(path)
    assert r.plan is not None and r.findings == []
    assert blocker.read_text() == "not a folder"


def test_a_plan_that_does_not_load_is_not_kept(tmp_path: Path, cache_dir: Path) -> None:
    bad = tmp_path / "p.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip at all")
    assert load_plan(bad).plan is None
    assert entries(cache_dir) == []


def test_the_oldest_entries_go_past_the_limit(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    tables = plan_tables()
    paths = []
    for i in range(5):
        tables["Obiettivi"][1][2] = f"Titolo {i}"
        paths.append(write_book(tmp_path / f"p{i}.xlsx", tables))
    for i, p in enumerate(paths):
        load_plan(p)
        for e in entries(cache_dir):  # the new entry: a time of its own, later than the others
            if e.stat().st_mtime > 2e6:
                os.utime(e, (1_000_000 + i, 1_000_000 + i))
    assert len(entries(cache_dir)) == 3
    no_fresh_load(monkeypatch)
    for p in paths[2:]:
        assert load_plan(p).plan is not None  # the three most recent are there


def test_the_trimming_touches_only_the_caches_own_entries(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PEGXL_CACHE_DIR may name a folder of the user's: past the limit only files the cache
    wrote go (its name and its mark inside), never a JSON file of the user's, one named like an
    entry without the mark, a link named like an entry, or the file a link points to."""
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    cache_dir.mkdir(parents=True, mode=0o700)
    theirs = {}
    for n in range(30):  # the user's files, all older than any entry
        p = cache_dir / f"dati_{n:02}.json"
        p.write_text(f'{{"n": {n}}}')
        os.utime(p, (1_000 + n, 1_000 + n))
        theirs[p] = p.read_bytes()
    fake = cache_dir / f"pegxl-plan-{'a' * 64}.json"  # the name, not the mark
    fake.write_text('{"key": [2, "x", "y"]}')
    os.utime(fake, (10, 10))
    theirs[fake] = fake.read_bytes()
    outside = tmp_path / "fuori.json"
    outside.write_bytes(b'{"pegxl":"plan-cache", "mio": true}')
    link = cache_dir / f"pegxl-plan-{'b' * 64}.json"
    link.symlink_to(outside)
    os.utime(link, (20, 20), follow_symlinks=False)
    tables = plan_tables()
    for i in range(5):
        tables["Obiettivi"][1][2] = f"Titolo {i}"
        load_plan(write_book(tmp_path / f"p{i}.xlsx", tables))
    ours = [p for p in cache_dir.iterdir() if cache.is_entry(p)]
    assert len(ours) == 2
    assert all(p.read_bytes() == data for p, data in theirs.items())
    assert link.is_symlink() and outside.read_bytes() == b'{"pegxl":"plan-cache", "mio": true}'
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [*(p.name for p in theirs), link.name, *(p.name for p in ours)]
    )
    assert not cache.is_entry(fake) and not cache.is_entry(link)
    assert not cache.is_entry(cache_dir / "dati_00.json")


def test_a_file_named_like_an_entry_without_the_mark_is_not_read(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = write_book(tmp_path / "p.xlsx", plan_tables())
    fresh = load_plan(path, cache=False)
    load_plan(path)
    [entry] = entries(cache_dir)
    assert entry.name.startswith("pegxl-plan-") and entry.read_bytes().startswith(cache._MARK)
    body = json.loads(entry.read_bytes())
    del body["pegxl"]  # the same entry without its mark: not one the cache wrote
    entry.write_text(json.dumps(body))
    again = load_plan(path)
    assert every_field(again.plan) == every_field(fresh.plan)
    assert entry.read_bytes().startswith(cache._MARK)  # written again, as the cache writes


def test_the_codec_knows_every_field_of_the_model() -> None:
    from dataclasses import dataclass

    @dataclass
    class Grown:
        a: str
        b: str

    with pytest.raises(RuntimeError, match="every field of Grown"):
        cache._Codec(Grown, {"a": None})


def _plan_with(values: list[Value], notes: list[T | None]) -> Plan:
    inds = tuple(
        Indicator(
            id=f"O/I{i + 1}",
            objective_code="O",
            description=f"ind {i}",
            tipo="EFFICACIA",
            target=v,
            achieved=v,
            prior=(PriorValue(2024, v),),
            source_line=i,
        )
        for i, v in enumerate(values)
    )
    phases = (
        Phase(
            "O/F1",
            "O",
            "fase",
            date(2025, 1, 1),
            None,
            date(2025, 2, 28),
            None,
            33.5,
            None,
            ("Rossi", "Bianchi"),
            source_line=7,
        ),
    )
    obj = Objective("O", "titolo", "S", phases=phases, indicators=inds, provisional=True)
    return Plan("Ente", 2025, sectors=(Sector("S", "Settore"),), objectives=(obj,))


_texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
_values = st.one_of(
    st.builds(lambda x: Value(Kind.NUMBER, x, str(x), 2), st.floats(allow_nan=False)),
    st.builds(lambda x: Value(Kind.PERCENT, x / 100, f"{x}%"), st.integers(-(10**6), 10**6)),
    st.builds(lambda b: Value(Kind.DONE, b, "Fatto" if b else "Non fatto"), st.booleans()),
    st.builds(lambda d: Value(Kind.DATE, d, d.isoformat()), st.dates()),
    st.builds(lambda d: Value(Kind.DATE, d, ""), st.datetimes()),
    st.builds(lambda t: Value(Kind.TEXT, t, t), _texts),
    st.builds(lambda t, a, b: Value(Kind.NUMBER, 1.0, t, None, T(a, b)), _texts, _texts, _texts),
)


@given(st.lists(_values, min_size=1, max_size=6))
def test_every_value_comes_back_the_same(values: list[Value]) -> None:
    plan = _plan_with(values, [])
    findings = [
        make(Code.WEIGHT_SUM, file="x.xlsx", line=3, objective="O", total="50"),
        make(Code.BAD_CELL_VALUE, file="other.xlsx", sheet="Fasi", cell="E7", raw="x",
             column="c", detail=T("a", "b"), expected="e", severity=Severity.ERROR),
    ]  # fmt: skip
    data = json.loads(json.dumps(cache.encode(plan, findings, "x.xlsx"), ensure_ascii=False))
    back, found = cache.decode(data, "y.xlsx")
    assert every_field(back) == every_field(plan)
    assert [f.file for f in found] == ["y.xlsx", "other.xlsx"]
    assert [replace(f, file=None) for f in found] == [replace(f, file=None) for f in findings]
    assert isinstance(back.objectives[0].indicators[0].target, Value)
    assert not isinstance(back.objectives[0].phases[0].planned_start, datetime)

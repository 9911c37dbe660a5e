"""Golden files: the XML parts of one sector workbook and of one master workbook, normalised,
compared with stored copies.

Normalised as XlsxWriter's own test helpers compare files (``_compare_xlsx_files``): each part
split into its elements, one per line; the relationships and content types sorted (their order
carries no meaning); the creation timestamps and the application version dropped; the
attributes of each element sorted. So an XlsxWriter upgrade that only reorders attributes or
bumps its version passes, and any change to what the workbook holds fails with a readable diff.

A deliberate change to the workbook layout regenerates them:
    PEGXL_REGEN_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
and the diff of tests/golden/ shows, part by part and element by element, what the change did.
"""

from __future__ import annotations

import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from pegxl.model import Period, Plan
from pegxl.workbook.writer import GenerateOptions, generate

GOLDEN = Path(__file__).resolve().parent / "golden" / "S05_2025-06-30"
GOLDEN_MASTER = Path(__file__).resolve().parent / "golden" / "master_S05_2025-06-30"
_SPLIT = re.compile(r">\s*<")
_ATTRS = re.compile(r'\s([\w:.-]+)="([^"]*)"')
_DROPPED = re.compile(r"<(dcterms:created|dcterms:modified|AppVersion)\b")


def _element(e: str) -> str:
    """An element with its attributes in a fixed order."""
    attrs = _ATTRS.findall(e)
    if len(attrs) < 2:
        return e
    name = e.split()[0]
    tail = "/>" if e.endswith("/>") else ">"
    return name + "".join(f' {k}="{v}"' for k, v in sorted(attrs)) + tail


def normalise(name: str, xml: bytes) -> list[str]:
    """A part as a list of elements, compared as XlsxWriter's tests compare them."""
    parts = _SPLIT.split(xml.decode("utf-8").strip())
    elements = []
    for n, e in enumerate(parts):
        e = e if e.startswith("<") else "<" + e
        e = e if e.endswith(">") else e + ">"
        if n and _DROPPED.match(e):
            continue
        elements.append(_element(e).replace("\r", ""))
    if name.endswith(".rels") or name == "[Content_Types].xml":
        elements = elements[:2] + sorted(elements[2:-1]) + elements[-1:]
    return elements


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {
            name: "\n".join(normalise(name, z.read(name))) + "\n"
            for name in z.namelist()
            if name.endswith((".xml", ".rels"))
        }


def _compare(path: Path, golden: Path) -> None:
    """The parts of ``path`` against the golden copies in ``golden`` (or regenerate them)."""
    parts = _parts(path)
    if os.environ.get("PEGXL_REGEN_GOLDEN"):
        for name, data in parts.items():
            target = golden / (name + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(data, encoding="utf-8")
        pytest.skip("golden files regenerated")
    stored = {
        str(p.relative_to(golden))[: -len(".txt")]: p.read_text(encoding="utf-8")
        for p in golden.rglob("*.txt")
    }
    assert sorted(parts) == sorted(stored)
    for name, data in parts.items():
        assert data.splitlines() == stored[name].splitlines(), f"{name} differs from tests/golden"


def test_sector_workbook_matches_golden(tmp_path: Path, seed_plan: Plan) -> None:
    opts = GenerateOptions(deadline=date(2025, 7, 15), contact="Ufficio Performance")
    [path] = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path, ["S05"], opts).files
    _compare(path, GOLDEN)


def test_master_workbook_matches_golden(
    tmp_path: Path, seed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One sector's return, saved on a fixed date, consolidated from a relative folder: every
    byte of the master is then fixed (sheets, tables, charts, styles, properties)."""
    from datetime import datetime

    from pegxl.demo import stamp_saved
    from pegxl.results.consolidate import consolidate
    from pegxl.results.master import write_master

    from .tables import fill

    [blank] = generate(seed_plan, Period.of(date(2025, 6, 30)), tmp_path / "w", ["S05"]).files
    monkeypatch.chdir(tmp_path)
    ret = fill(
        blank,
        {
            "2025_S05_04/F1": {"Avanzamento (%)": 50, "Note": "=1+1"},
            "2025_S05_04/F2": {"Avanzamento (%)": 20},
            "2025_S05_04/I1": {"Valore Raggiunto": 1, "Note": "fornitore in ritardo"},
        },
        Path("risposte") / "s05.xlsx",
    )
    stamp_saved(ret, datetime(2025, 7, 3, 10, 30))
    result = consolidate(seed_plan, [Path("risposte")])
    _compare(write_master(result, tmp_path / "riepilogo.xlsx"), GOLDEN_MASTER)


def test_normalisation_ignores_what_may_vary_and_nothing_else() -> None:
    head = b'<?xml version="1.0"?><Relationships>'
    a = head + b'<R Id="rId2" T="b"/><R T="a" Id="rId1"/></Relationships>'
    b = head + b'<R Id="rId1" T="a"/><R Id="rId2" T="b"/></Relationships>'
    assert normalise("x.rels", a) == normalise("x.rels", b)
    core = b"<a><dcterms:created>2000</dcterms:created><dc:title>T</dc:title></a>"
    assert normalise("docProps/core.xml", core) == ["<a>", "<dc:title>T</dc:title>", "</a>"]
    c = b'<sheet><c r="A1" s="2"><v>1</v></c></sheet>'
    d = b'<sheet><c r="A1" s="3"><v>1</v></c></sheet>'
    assert normalise("s.xml", c) != normalise("s.xml", d)

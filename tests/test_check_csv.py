"""The CSV of ``pegxl check`` opens in columns: every text field quoted, a UTF-8 byte order
mark, ``;`` and Italian headers and severities by default (English with ``--lang en``), every
column of the JSON contract; and LibreOffice's default CSV import (tab, comma and semicolon
ticked) gives exactly those columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.cli import main
from pegxl.findings import Code, make
from pegxl.model import Period, Plan
from pegxl.returns.report import CSV_COLUMNS, CheckReport
from pegxl.workbook.writer import generate

from .clients import CSV_IMPORT, uno_inspect

IT_HEADERS = [
    "codice",
    "gravità",
    "file",
    "foglio",
    "cella",
    "riga",
    "oggetto",
    "valore inserito",
    "atteso",
    "messaggio",
    "gravità originale",
]
EN_HEADERS = list(CSV_COLUMNS)
#: a file name holding every character a CSV reader might split on
AWKWARD_NAME = 'scheda, copia; "finale"\tbis.xlsx'


def split_like_libreoffice(text: str, separators: str = "\t,;") -> list[list[str]]:
    """Records split as LibreOffice's import does with several separators ticked: any of them
    outside double quotes ends a field; a quoted field may hold anything, quotes doubled."""
    rows: list[list[str]] = []
    row: list[str] = []
    field: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                field.append(ch)
        elif ch == '"' and not field:
            quoted = True
        elif ch in separators:
            row.append("".join(field))
            field = []
        elif ch == "\n":
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        else:
            field.append(ch)
        i += 1
    if field or row:
        row.append("".join(field))
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory, seed_plan: Plan) -> tuple[Path, Path]:
    """Returns whose findings hold commas, semicolons, quotes and line breaks: in what was
    typed, in the messages, in a file name."""
    tmp = tmp_path_factory.mktemp("csv")
    out = tmp / "risposte"
    files = generate(seed_plan, Period.of(date(2025, 6, 30)), out, ["S05", "S07"]).files
    wb = openpyxl.load_workbook(files[0])
    wb["Fasi"]["H4"] = "circa 1,5; forse"
    wb["Fasi"]["H5"] = 'metà "abbondante"\nforse'
    wb["Indicatori"]["H4"] = "più, o meno"
    wb.save(files[0])
    (out / AWKWARD_NAME).write_text("non è una cartella di lavoro, né un CSV")
    return tmp / "piano.xlsx", out


@pytest.fixture(scope="module")
def plan_file(campaign: tuple[Path, Path], seed_plan: Plan) -> Path:
    from pegxl import save_plan

    return save_plan(seed_plan, campaign[0])


def _csv(capsysbinary: pytest.CaptureFixture[bytes], plan: Path, folder: Path, *more: str) -> bytes:
    main(["check", str(plan), str(folder), "--format", "csv", *more])
    return capsysbinary.readouterr().out


def test_italian_by_default_with_a_bom_and_every_contract_column(
    plan_file: Path, campaign: tuple[Path, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = _csv(capsysbinary, plan_file, campaign[1])
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads «più»
    text = data.decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == IT_HEADERS
    main(["check", str(plan_file), str(campaign[1]), "--format", "json"])
    findings = json.loads(capsysbinary.readouterr().out)["findings"]
    assert len(rows) == 1 + len(findings) and len(findings) >= 5
    severities = {"error": "errore", "warning": "avviso", "info": "info"}
    for row, f in zip(rows[1:], findings, strict=True):
        assert len(row) == len(CSV_COLUMNS)
        record = dict(zip(CSV_COLUMNS, row, strict=True))
        assert record["severity"] == severities[f["severity"]]
        for key in ("code", "file", "sheet", "cell", "row_id", "raw", "expected", "message"):
            assert record[key] == (f[key] or ""), key
        assert record["line"] == ("" if f["line"] is None else str(f["line"]))
    # the JSON contract's keys are the CSV's columns, in its order
    assert list(findings[0]) == list(CSV_COLUMNS)


def test_english_with_lang_en(
    plan_file: Path, campaign: tuple[Path, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    text = _csv(capsysbinary, plan_file, campaign[1], "--lang", "en").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[0] == EN_HEADERS
    assert {r[1] for r in rows[1:]} <= {"error", "warning", "info"}
    assert any(r[0] == "VALUE-001" and "is not" in r[9] for r in rows[1:])


def test_every_text_field_quoted_so_any_separator_keeps_the_columns(
    plan_file: Path, campaign: tuple[Path, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    text = _csv(capsysbinary, plan_file, campaign[1]).decode("utf-8").removeprefix("\ufeff")
    by_semicolon = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    # a reader that splits on a comma or a tab too sees the same records
    assert split_like_libreoffice(text) == by_semicolon
    assert split_like_libreoffice(text, "\t,;") == split_like_libreoffice(text, ";")
    assert any(AWKWARD_NAME in r[2] for r in by_semicolon)
    assert any("\n" in r[7] for r in by_semicolon)  # a line break typed stays in its field
    assert any(", o meno" in r[7] for r in by_semicolon)


def test_numbers_and_empty_fields_are_not_quoted_text() -> None:
    f = make(Code.WEIGHT_SUM, file="p.txt", line=12, row_id="O1", objective="O1", total="50")
    report = CheckReport(batch=[f])
    fields = report.to_csv("en").splitlines()[1].split(";")
    assert fields[CSV_COLUMNS.index("line")] == "12"  # a number stays a number
    assert fields[CSV_COLUMNS.index("sheet")] == ""  # empty: nothing, not ""
    assert fields[CSV_COLUMNS.index("row_id")] == '"O1"'
    assert fields[:3] == ['"PLAN-005"', '"warning"', '"p.txt"']
    assert report.to_csv("it").startswith("\ufeff")
    assert not report.to_csv("it", bom=False).startswith("\ufeff")


def test_a_formula_typed_is_inert_inside_its_quotes() -> None:
    f = make(Code.VALUE_UNREADABLE, file="x.xlsx", sheet="Fasi", cell="H4", raw="=1+1", **_p())
    row = CheckReport(batch=[f]).to_csv("it").splitlines()[1].split(";")
    assert row[CSV_COLUMNS.index("raw")] == '"\'=1+1"'


def _p() -> dict[str, object]:
    from pegxl.i18n import tr

    return {"detail": tr("parse.not_percent", raw="=1+1"), "expected": tr("expect.percent")}


def test_to_a_terminal_no_byte_order_mark(
    plan_file: Path,
    campaign: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(["check", str(plan_file), str(campaign[1]), "--format", "csv"])
    out = capsys.readouterr().out
    assert out.startswith('"codice";"gravità"') and "\ufeff" not in out


@pytest.mark.client
def test_libreoffice_default_csv_import_gives_the_columns(
    plan_file: Path,
    campaign: tuple[Path, Path],
    capsysbinary: pytest.CaptureFixture[bytes],
    tmp_path: Path,
) -> None:
    data = _csv(capsysbinary, plan_file, campaign[1])
    path = tmp_path / "controlli.csv"
    path.write_bytes(data)
    text = data.decode("utf-8").removeprefix("\ufeff")
    expected = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    seen, _ = uno_inspect(path, tmp_path / "lo", load=CSV_IMPORT, outputs=())
    [sheet] = seen["sheets"].values()
    grid = sheet["cells"]
    assert grid[0] == IT_HEADERS  # the byte order mark is not part of the first header
    assert len(grid) == len(expected)
    for got, want in zip(grid, expected, strict=True):
        assert len(got) == len(CSV_COLUMNS)
        assert got == want

"""Every kind of workbook pegxl writes passes openxml-audit, an independent validator of .xlsx
against the Office schema: what Excel would "repair" on open (we cannot run Excel here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MadeDemo, copy_demo

audit = pytest.importorskip(
    "openxml_audit", reason="openxml-audit not installed (pip install -e '.[dev]')"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, made_demo: MadeDemo) -> Path:
    return copy_demo(made_demo, tmp_path_factory.mktemp("schema") / "demo")


def workbooks(demo: Path) -> list[Path]:
    """One of each kind pegxl writes, from the demo's whole cycle."""
    return [
        demo / "piano.xlsx",  # plan workbook
        demo / "piano-ente.xlsx",  # plan workbook of several exports
        demo / "piano-vuoto.xlsx",  # the blank plan workbook (pegxl init)
        *sorted((demo / "schede_2025-06-30").glob("*.xlsx")),  # sector workbooks
        *sorted((demo / "riscontri").glob("*.xlsx")),  # feedback workbooks
        demo / "riepilogo_2025-06-30.xlsx",  # the master workbook
    ]


def test_every_workbook_kind_opens_cleanly_in_excel(demo: Path) -> None:
    files = workbooks(demo)
    assert len(files) >= 7
    validator = audit.OpenXmlValidator()
    bad = []
    for f in files:
        result = validator.validate(str(f))
        if not result.is_valid or result.error_count:
            bad.append((f.name, [str(e) for e in result.errors[:3]]))
    assert bad == []

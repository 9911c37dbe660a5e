"""The one builder of every JSON document (issue 18): the same top level in the same order for
every command and every early exit, a batch's files written as they are made."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from pegxl.document import document, document_pieces, document_text, stopped
from pegxl.findings import Code, make
from pegxl.outputs import Rows

from .conftest import ROOT


def test_valid_and_findings_first_then_the_command_s_keys_in_their_order() -> None:
    f = make(Code.FILE_UNREADABLE, file="x.xlsx", detail="il file non esiste")
    doc = document(False, [f], "en", zeta=1, alpha=None)
    assert list(doc) == ["valid", "findings", "zeta", "alpha"]
    assert doc["findings"] == [f.to_dict("en")]
    assert document_text(doc) == (
        "{\n"
        '  "valid": false,\n'
        f'  "findings": [\n    {json.dumps(f.to_dict("en"), ensure_ascii=False)}\n  ],\n'
        '  "zeta": 1,\n'
        '  "alpha": null\n'
        "}\n"
    )


def test_a_command_s_key_cannot_take_the_place_of_the_top_level() -> None:
    with pytest.raises(ValueError, match="valid"):
        document(True, [], "it", valid=False)


def test_an_early_exit_says_why_after_what_explains_it() -> None:
    before = make(Code.FILE_UNREADABLE, file="x.xlsx", detail="il file non esiste")
    doc = stopped("cli.no_files", "it", [before])
    assert doc["valid"] is False
    findings: Any = doc["findings"]
    assert [(d["code"], d["message"]) for d in findings] == [
        ("FILE-001", before.message("it")),
        ("FILE-039", "Il comando non può proseguire: Nessun file da controllare."),
    ]


def test_a_batch_s_files_are_written_as_they_are_made() -> None:
    made: list[int] = []

    def files() -> object:
        for n in range(3):
            made.append(n)
            yield {"n": n}

    pieces = document_pieces(document(True, [], "it", files=Rows(files)))  # type: ignore[arg-type]
    seen = []
    for piece in pieces:
        seen.append(piece)
        if '"n": 0' in piece:
            assert made == [0]  # the first file written before the second is made
    assert json.loads("".join(seen)) == {
        "valid": True,
        "findings": [],
        "files": [{"n": 0}, {"n": 1}, {"n": 2}],
    }


def test_no_module_builds_a_document_but_the_builder() -> None:
    """A top level ``{"valid": ..., "findings": [...]}`` written by hand anywhere else is a
    second builder."""
    by_hand = re.compile(r'"valid":[^\n]*\n\s*"findings":\s*\[')
    found = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "pegxl").rglob("*.py"))
        if by_hand.search(p.read_text(encoding="utf-8")) and p.name != "document.py"
    ]
    assert found == []

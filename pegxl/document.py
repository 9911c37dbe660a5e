"""The JSON document of every command, built in one place.

Every command's document has the same top level, in the same order: ``valid``, ``findings``
(each finding as :meth:`~pegxl.findings.Finding.to_dict`), then the command's own keys in the
order the command gives them. The results that have a document of their own (the check report,
the consolidation, the campaign's status, a diff) build it here too, and so does a command
that stops before its work (``FILE-039``: :func:`stopped`), so ``--format json`` always gives
one document of one shape.

A document may hold a :class:`~pegxl.outputs.Rows` list (the check's files, each with every
value read): :func:`document_pieces` writes it out item by item, so a batch of thousands of
returns never sits in memory as one text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pegxl.findings import Code, Finding, make
from pegxl.i18n import tr
from pegxl.outputs import json_pieces

__all__ = ["document", "document_pieces", "document_text", "stopped"]

#: the keys every document starts with, in this order
TOP = ("valid", "findings")


def document(
    valid: bool, findings: Iterable[Finding], lang: str = "it", /, **keys: object
) -> dict[str, object]:
    """The document of a command or a result: ``valid``, ``findings`` in ``lang``, then
    ``keys`` in the order given (none of them may be one of :data:`TOP`)."""
    clash = TOP & keys.keys()
    if clash:
        raise ValueError(f"a document's own keys cannot be {sorted(clash)}")
    return {"valid": valid, "findings": [f.to_dict(lang) for f in findings], **keys}


def stopped(
    key: str, lang: str = "it", more: Iterable[Finding] = (), /, **params: object
) -> dict[str, object]:
    """The document of a command that stops before its work, for the reason of the
    catalogue's ``key``: the findings ``more`` that explain it, then ``FILE-039``."""
    reason = make(Code.COMMAND_STOPPED, detail=tr(key, **params))
    return document(False, [*more, reason], lang)


def document_pieces(doc: dict[str, object]) -> Iterator[str]:
    """``doc`` as JSON text in pieces, in order, the last a line end: what a command writes
    out as it goes (:func:`pegxl.outputs.json_pieces`)."""
    yield from json_pieces(doc)
    yield "\n"


def document_text(doc: dict[str, object]) -> str:
    """``doc`` as JSON text, ending with a line end (:func:`document_pieces` joined)."""
    return "".join(document_pieces(doc))

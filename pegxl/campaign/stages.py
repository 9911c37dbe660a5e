"""The campaign's one door into the stages below it: how a file is judged, which version of a
sector counts, which returns get a feedback workbook, and how the period is consolidated.

The campaign and the desk add no rule of their own. Everything they say about a return comes
from here, and everything here is a call of the public functions of the stages
(:func:`pegxl.returns.batch.check`, :func:`pegxl.returns.deliveries.select_returns`,
:func:`pegxl.returns.feedback.needs_feedback` and :func:`~pegxl.returns.feedback.write_feedbacks`,
:func:`pegxl.results.consolidate.consolidate`): when those change how versions are judged, or
which returns get a feedback workbook, this module is the only one to follow them.

A file is judged once, when it arrives, and the judgement is kept in the ledger
(:func:`judgement`): the identity, the time saved and the findings, which is all that the choice of
versions reads. :func:`thawed` makes that judgement a :class:`~pegxl.returns.reader.Return`
again, without its values, so that the choice is made by the very function ``check`` and
``consolidate`` use, without reading every version again at each look at the board.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from pegxl.findings import Code, Finding, Severity
from pegxl.model import Period, Plan
from pegxl.outputs import Outputs
from pegxl.returns.deliveries import (
    COUNTED,
    Delivery,
    DeliveryRow,
    Selection,
    received_time,
    select_returns,
)
from pegxl.returns.reader import Return
from pegxl.sheets.guard import Limits

__all__ = [
    "COUNTED",
    "Delivery",
    "DeliveryRow",
    "Selection",
    "choose",
    "consolidate_files",
    "finding_of",
    "judge",
    "judgement",
    "saved_at",
    "thawed",
    "write_feedback",
]

#: the identity keys of a return that the choice of versions reads
_META = ("plan_fingerprint", "sector_code", "sector_name", "period", "period_kind", "lang")


def judge(plan: Plan, path: Path, period: Period, limits: Limits) -> Return:
    """One file checked as ``pegxl check`` checks it, against the campaign's period."""
    from pegxl.returns.batch import check

    report = check(plan, [path], period=period, limits=limits, workers=1)
    return report.returns[0]


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as kept in the ledger: every field, both languages."""
    return {
        "code": f.code.value,
        "severity": f.severity.value,
        "message_it": f.message_it,
        "message_en": f.message_en,
        "file": f.file,
        "sheet": f.sheet,
        "cell": f.cell,
        "line": f.line,
        "row_id": f.row_id,
        "raw": f.raw,
        "expected": f.expected,
        "original": f.original.value if f.original else None,
    }


def finding_of(d: dict[str, Any]) -> Finding:
    """A finding as kept in the ledger, made a :class:`Finding` again."""
    places = ("file", "sheet", "cell", "line", "row_id", "raw", "expected")
    return Finding(
        cast(Code, Code._value2member_map_[d["code"]]),
        Severity(d["severity"]),
        d["message_it"],
        d["message_en"],
        **{k: d.get(k) for k in places},
        original=Severity(d["original"]) if d.get("original") else None,
    )


def judgement(ret: Return, findings: list[Finding], file: str) -> dict[str, Any]:
    """What the ledger keeps of a judged return: its identity, when it says it was saved, its
    SHA-256, whether it was rejected, its findings (each naming ``file``, the archived copy's
    place in the campaign) and how many values were read."""
    return {
        "meta": {k: ret.meta[k] for k in _META if k in ret.meta},
        "modified": ret.modified,
        "sha256": ret.sha256,
        "rejected": ret.rejected,
        "values": len(ret.values),
        "findings": [finding_dict(replace(f, file=file)) for f in findings],
    }


def thawed(path: Path, judged: dict[str, Any]) -> Return:
    """The return a judgement was made of, at ``path``, without its values (as a version that
    will not count is kept while a batch is read)."""
    ret = Return(
        str(path),
        meta=dict(judged.get("meta", {})),
        findings=[finding_of(d) for d in judged.get("findings", [])],
        rejected=bool(judged.get("rejected")),
        sha256=judged.get("sha256"),
        modified=judged.get("modified"),
    )
    ret.thin()
    return ret


def saved_at(path: Path, judged: dict[str, Any]) -> datetime | None:
    """When a version was saved, by the clock the choice of versions reads (the document's
    own time, else the file's): the order in which a sector's versions came to be."""
    return received_time(thawed(path, judged))[0]


def choose(plan: Plan, period: Period, returns: list[Return]) -> Selection:
    """Which version of each sector counts, and what became of every other file: the choice
    ``consolidate`` makes."""
    return select_returns(plan, returns, period)


def write_feedback(
    plan: Plan, ret: Return, folder: Path, lang: str, period: Period
) -> tuple[Path | None, list[Finding]]:
    """The feedback workbook of a return just judged against the campaign's ``period``, into
    ``folder``, when ``check --feedback --period`` would write one (a fix, or a message for a
    workbook of another period); with the findings about writing it."""
    from pegxl.returns.feedback import needs_feedback, write_feedbacks

    if not needs_feedback(plan, ret, None, period):
        return None, []
    result = write_feedbacks(plan, [ret], folder, Outputs([ret.path]), lang, period)
    return (result.written[0] if result.written else None), result.findings


def consolidate_files(plan: Plan, files: list[Path], period: Period) -> Any:
    """The period consolidated from the campaign's files (a
    :class:`~pegxl.results.consolidate.Consolidation`)."""
    from pegxl.results.consolidate import consolidate

    return consolidate(plan, files, period=period, workers=1)

"""The previous period's values for the next period's workbooks (``generate --prefill``).

The 31/12 workbooks show, in locked "al 30/06" columns, what each sector reported at 30/06 (and
with ``--prefill-inputs`` start the input cells from it). The values come from the returns of
the previous period, each checked like ``pegxl check``: only returns of this plan, without
errors, of the latest period among them, are used, and every other file is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pegxl.findings import Code, Finding, make
from pegxl.i18n import T, tr
from pegxl.model import Period, Plan
from pegxl.outputs import display_name
from pegxl.returns.batch import check
from pegxl.returns.reader import Return, ReturnStatus
from pegxl.workbook.writer import Prefill

__all__ = ["PrefillResult", "load_prefill"]


@dataclass
class PrefillResult:
    """The prefill built from accepted returns (``None`` if none could be used) and findings."""

    prefill: Prefill | None
    findings: list[Finding]


def load_prefill(
    plan: Plan, sources: Sequence[str | Path], fill_inputs: bool = False
) -> PrefillResult:
    """The values of the last accepted returns (folders or files), for the next period's
    workbooks; every file not used is reported (``STRUCT-020``) with why."""
    report = check(plan, sources)
    findings: list[Finding] = []

    def skip(r: Return, why: T) -> None:
        findings.append(
            make(
                Code.PREFILL_SKIPPED,
                file=r.path,
                raw=display_name(Path(r.path).name),
                detail=why,
            )
        )

    accepted: list[Return] = []
    fingerprint = plan.fingerprint()
    for r in report.returns:
        if r.status is ReturnStatus.REJECTED or r.period is None:
            skip(r, tr("prefill.rejected"))
        elif r.status is ReturnStatus.ERRORS:
            skip(r, tr("prefill.errors"))
        elif r.meta.get("plan_fingerprint") != fingerprint:
            skip(r, tr("prefill.other_plan"))
        else:
            accepted.append(r)
    if not accepted:
        return PrefillResult(None, findings)
    end = max(r.period.end for r in accepted if r.period is not None)
    values: dict[str, dict[str, object]] = {}
    for r in accepted:
        if r.period is None or r.period.end != end:
            skip(r, tr("prefill.earlier", end=f"{end:%d/%m/%Y}"))
            continue
        for rv in r.values:
            if rv.value is not None:
                values.setdefault(rv.row_id, {})[rv.key] = (
                    rv.value if rv.key == "achieved" else rv.value.value
                )
    return PrefillResult(Prefill(Period.of(end), values, fill_inputs), findings)

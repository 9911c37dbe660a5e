"""``pegxl campaign status``: where every sector stands, from the ledger.

The state of a sector is the choice ``consolidate`` and ``check`` make now among the files
received (:func:`pegxl.campaign.stages.choose`): *valid* when the version that counts (the
latest) has no error, *errors* when it has, *missing* when none of the period counts (nothing
sent, or only files of another period, of another plan, or not a return). The errors of a
superseded version or of a workbook of another period need no action and are not among the
findings. Beside it: the
versions received, the last time anything arrived, the reminders drafted, and the upload link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pegxl.campaign import stages
from pegxl.campaign.folder import Campaign
from pegxl.campaign.ledger import Receipt
from pegxl.document import document
from pegxl.findings import Code, Finding, has_errors, make
from pegxl.model import Period

__all__ = ["SectorState", "Status", "campaign_status"]

#: the states of a sector, as the JSON says them
STATES = ("missing", "errors", "valid")


@dataclass
class SectorState:
    """One sector's place in the campaign."""

    code: str
    name: str
    email: str
    state: str
    versions: int
    last_received: datetime | None
    reminders: int
    link: str
    workbook: str
    #: the receipt of the version that counts, if one does
    counted: Receipt | None = None
    #: every receipt of the sector (by what the file says, or the link it came through)
    receipts: list[Receipt] = field(default_factory=list)
    #: the findings of the version that counts
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Status:
    """The campaign now: its period, every sector's state, the findings that need action, and
    what became of each file received (by archived path)."""

    period: Period
    sectors: list[SectorState]
    findings: list[Finding]
    fate: dict[str, stages.DeliveryRow]

    @property
    def valid(self) -> bool:
        """True when no version that counts has an error."""
        return not has_errors(self.findings)

    def to_dict(self, lang: str = "it") -> dict[str, object]:
        """The JSON document: ``valid``, ``findings``, ``period``, then one entry per sector
        ``{"code", "name", "state", "versions", "last_received", "link", "reminders"}``."""
        return document(
            self.valid,
            self.findings,
            lang,
            period=self.period.iso,
            sectors=[
                {
                    "code": s.code,
                    "name": s.name,
                    "state": s.state,
                    "versions": s.versions,
                    "last_received": _iso(s.last_received),
                    "link": s.link,
                    "reminders": s.reminders,
                    "counted": s.counted.name if s.counted else None,
                }
                for s in self.sectors
            ],
        )


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() + "Z" if t is not None else None


def campaign_status(campaign: Campaign) -> Status:
    """The campaign's status from its ledger."""
    ledger = campaign.ledger
    receipts = ledger.receipts()
    seen: dict[str, Receipt] = {}
    for r in receipts:  # one archived copy per content: a file sent twice is one version
        if r.accepted and r.archive and r.archive not in seen:
            seen[r.archive] = r
    returns = [stages.thawed(campaign.path(r.archive), r.judged) for r in seen.values()]
    selection = stages.choose(campaign.plan, campaign.period, returns)
    fate = {campaign.relative(Path(row.path)): row for row in selection.rows if row.path}
    by_path = {ret.path: ret for ret in returns}
    elsewhere = selection.other_period_only()
    findings: list[Finding] = []
    sectors: list[SectorState] = []
    reminders = ledger.reminders()
    for row in ledger.sectors():
        code = row["code"]
        own = [r for r in receipts if code in (r.sector, r.via_sector)]
        counted_ret = selection.counted.get(code)
        state, counted, found = "missing", None, []
        if counted_ret is not None:
            counted = seen[campaign.relative(Path(counted_ret.path))]
            chosen = fate[counted.archive]
            state = "valid" if chosen.status is stages.Delivery.COUNTED else "errors"
            found = by_path[counted_ret.path].findings
        elif campaign.plan.objectives_of(code) and code not in elsewhere:
            # (a sector whose only files are of another period: the choice says so, SCORE-023)
            findings.append(make(Code.RETURN_MISSING, raw=code, detail=row["name"]))
        findings += found
        versions = len(
            {
                r.sha256
                for r in own
                if r.accepted and r.sector == code and r.period == campaign.period.iso
            }
        )
        sectors.append(
            SectorState(
                code,
                row["name"],
                row["email"],
                state,
                versions,
                max((r.received for r in own), default=None),
                sum(1 for m in reminders if m.sector == code),
                campaign.link(row["secret"]),
                row["workbook"],
                counted,
                own,
                list(found),
            )
        )
    findings += selection.findings
    return Status(campaign.period, sectors, findings, fate)

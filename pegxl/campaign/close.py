"""``pegxl campaign close``: the period consolidated from what the campaign received, into a new
dated folder of ``chiusure/`` — the master workbook and the report — recorded in the ledger.
Every closing is kept: a later one never replaces an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pegxl.campaign import stages
from pegxl.campaign.folder import CLOSINGS, Campaign, stamp
from pegxl.outputs import Outputs

__all__ = ["Closing", "close_campaign"]


@dataclass
class Closing:
    """A closing: the folder, the master and the report written, and the consolidation."""

    folder: Path
    master: Path
    report: Path
    result: Any


def campaign_files(campaign: Campaign) -> list[Path]:
    """The archived files the campaign counts among: every accepted one, once."""
    seen: dict[str, Path] = {}
    for r in campaign.ledger.receipts():
        if r.accepted and r.archive:
            seen.setdefault(r.archive, campaign.path(r.archive))
    return list(seen.values())


def close_campaign(campaign: Campaign, lang: str | None = None) -> Closing:
    """Consolidate the campaign's files for its period and write the master and the report
    into a new dated folder."""
    from pegxl.results.html import write_report
    from pegxl.results.master import write_master

    lang = lang or campaign.lang
    files = campaign_files(campaign)
    result = stages.consolidate_files(campaign.plan, files, campaign.period)
    folder = stamp(campaign.root / CLOSINGS)
    iso = campaign.period.iso
    outputs = Outputs([campaign.root / "piano.xlsx", *files])
    master = write_master(result, folder / f"riepilogo_{iso}.xlsx", lang, outputs)
    report = write_report(result, folder / f"relazione_{iso}.html", lang, outputs)
    entity = result.scores.rollups[-1]
    summary = f"{entity.measured}/{entity.objectives}"
    campaign.ledger.add_closing(
        campaign.relative(folder),
        campaign.relative(Path(master)),
        campaign.relative(Path(report)),
        result.valid,
        summary,
    )
    return Closing(folder, Path(master), Path(report), result)

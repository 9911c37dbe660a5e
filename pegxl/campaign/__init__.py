"""The campaign: a period's monitoring with a memory (a ledger), above the stages it drives.

::

    from pegxl.campaign import Campaign, new_campaign, receive, campaign_status, remind
    made = new_campaign("campagna", "piano.xlsx", Period.of(date(2025, 6, 30)), password)
    c = Campaign.open("campagna")
    receive(c, incoming_from_paths(c, ["posta/risposta_S07.eml"]))
    campaign_status(c).to_dict()

It imports the stages through :mod:`pegxl.campaign.stages` only; the desk
(:mod:`pegxl.desk`) sits above it.
"""

from __future__ import annotations

from pegxl.campaign.close import Closing, close_campaign
from pegxl.campaign.diff import Change, Diff, diff_files
from pegxl.campaign.folder import Campaign, CampaignError, NewResult, new_campaign
from pegxl.campaign.receive import Incoming, Received, incoming_from_paths, receive
from pegxl.campaign.remind import Reminders, remind
from pegxl.campaign.status import SectorState, Status, campaign_status

__all__ = [
    "Campaign",
    "CampaignError",
    "Change",
    "Closing",
    "Diff",
    "Incoming",
    "NewResult",
    "Received",
    "Reminders",
    "SectorState",
    "Status",
    "campaign_status",
    "close_campaign",
    "diff_files",
    "incoming_from_paths",
    "new_campaign",
    "receive",
    "remind",
]

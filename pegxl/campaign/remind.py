"""``pegxl campaign remind``: a reminder draft (``.eml``) for every sector still missing or with
errors, addressed to its «E-mail referente», with its workbook (missing) or its feedback
workbook (errors) attached and its upload link in the text. The office opens each draft in its
mail program, reads it, and sends it: pegxl sends nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from pegxl.campaign.folder import REMINDERS, Campaign, stamp
from pegxl.campaign.receive import draft_email, safe_name
from pegxl.campaign.status import SectorState, campaign_status
from pegxl.findings import Code, Finding, Severity, make
from pegxl.i18n import text
from pegxl.outputs import atomic_path

__all__ = ["Reminders", "remind"]

_XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class Reminders:
    """The drafts written (sector code, path), the folder they are in, and the findings (a
    sector without an e-mail address)."""

    folder: Path | None
    drafts: list[tuple[str, Path]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def remind(campaign: Campaign) -> Reminders:
    """A draft per sector missing or with errors, into a new dated folder of ``solleciti/``;
    each recorded in the ledger."""
    status = campaign_status(campaign)
    due = [s for s in status.sectors if s.state != "valid" and campaign.plan.objectives_of(s.code)]
    if not due:
        return Reminders(None)
    folder = stamp(campaign.root / REMINDERS)
    out = Reminders(folder)
    rows: list[tuple[str, str, str]] = []
    for s in due:
        name = safe_name(f"{s.code}_sollecito.eml")
        path = folder / name
        with atomic_path(path) as tmp:
            tmp.write_bytes(_draft(campaign, s).as_bytes())
        out.drafts.append((s.code, path))
        rows.append((s.code, s.email, campaign.relative(path)))
        if not s.email:
            out.findings.append(make(Code.NO_REFERENTE, raw=s.code, name=name))
    campaign.ledger.add_reminders(rows)
    return out


def _draft(campaign: Campaign, s: SectorState) -> EmailMessage:
    """The message for one sector, in the campaign's language."""
    lang = campaign.lang
    period = campaign.period.label(lang)
    deadline = campaign.settings.get("deadline", "")
    when = ""
    if deadline:
        y, m, d = deadline.split("-")
        when = text("remind.by", lang, date=f"{d}/{m}/{y}")
    attach: Path = campaign.path(s.workbook)
    if s.state == "errors":
        subject = text("remind.subject_errors", lang, code=s.code, period=period)
        intro = text("remind.body_errors", lang, name=s.name, period=period, when=when)
        if s.counted is not None and s.counted.feedback:
            attach = campaign.path(s.counted.feedback)
        lines = [
            f"- {f.where(lang) or '—'}: {f.message(lang)}"
            for f in s.findings
            if f.severity is Severity.ERROR
        ]
        detail = "\n".join(lines[:20])
        if len(lines) > 20:
            detail += "\n" + text("remind.more", lang, n=len(lines) - 20)
    else:
        subject = text("remind.subject_missing", lang, code=s.code, period=period)
        intro = text("remind.body_missing", lang, name=s.name, period=period, when=when)
        detail = ""
    body = "\n\n".join(
        part
        for part in (
            text("remind.greeting", lang),
            intro,
            detail,
            text("remind.link", lang, link=s.link),
            text("remind.attached", lang, name=attach.name),
            text("remind.closing", lang, contact=campaign.settings.get("contact", "")),
        )
        if part
    )
    msg = draft_email(subject, body + "\n", s.email, _sender(campaign.settings.get("contact", "")))
    msg.add_attachment(attach.read_bytes(), *_XLSX, filename=attach.name)
    return msg


def _sender(contact: str) -> str:
    """The office's address, when its contact text holds one."""
    import re

    found = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", contact)
    return found.group(0) if found else ""

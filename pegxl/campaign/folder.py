"""A campaign folder: made by ``pegxl campaign new``, opened by every other campaign command and
by the desk.

::

    CAMPAGNA/
      piano.xlsx           the plan, copied (the office's own file is never touched)
      registro.sqlite      the ledger: the campaign's whole state (pegxl.campaign.ledger)
      schede/              the sector workbooks, each with its upload link in Istruzioni
      archivio/SHA256/     every file received, once, under its name as sent
      riscontri/SHA256/    the feedback workbook of each return with findings
      solleciti/DATA/      the reminder drafts (.eml) of each `campaign remind`
      chiusure/DATA/       the master and report of each `campaign close` (none replaced)

The folder is built beside its final place and renamed into it when whole, so a ``campaign new``
killed half-way leaves no half campaign.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pegxl.campaign.ledger import LEDGER_NAME, Ledger, hash_password, new_secret, now
from pegxl.findings import Finding, has_errors
from pegxl.model import Period, Plan
from pegxl.sheets.guard import Limits

__all__ = [
    "Campaign",
    "CampaignError",
    "NewResult",
    "local_time",
    "new_campaign",
    "stamp",
]

PLAN_NAME = "piano.xlsx"
WORKBOOKS = "schede"
ARCHIVE = "archivio"
FEEDBACK = "riscontri"
REMINDERS = "solleciti"
CLOSINGS = "chiusure"

#: the shortest office password accepted
MIN_PASSWORD = 8


class CampaignError(Exception):
    """The folder is not a campaign (or cannot be made one): ``key`` is the catalogue text
    that says why, ``params`` its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def local_time(t: datetime) -> str:
    """A ledger time (UTC) as the office's clock shows it: ``02/07/2025 09:15``."""
    from datetime import UTC

    return f"{t.replace(tzinfo=UTC).astimezone():%d/%m/%Y %H:%M}"


def stamp(parent: Path) -> Path:
    """A new dated folder under ``parent`` (the local time, to the second; ``_2``… when two
    are made in one second), created empty."""
    base = f"{datetime.now():%Y-%m-%d_%H%M%S}"
    parent.mkdir(parents=True, exist_ok=True)
    for n in range(1, 1000):
        candidate = parent / (base if n == 1 else f"{base}_{n}")
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue
    raise FileExistsError(str(parent / base))


@dataclass
class Campaign:
    """An open campaign: its folder, ledger, plan, period and settings."""

    root: Path
    ledger: Ledger
    plan: Plan
    period: Period
    settings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, root: str | Path) -> Campaign:
        """Open the campaign in ``root``; :class:`CampaignError` when it is not one or its
        plan cannot be read."""
        from pegxl.plan.workbook_reader import load

        root = Path(root).resolve()
        if not (root / LEDGER_NAME).is_file():
            raise CampaignError("campaign.not_campaign", path=root)
        ledger = Ledger(root / LEDGER_NAME)
        settings = ledger.meta()
        loaded = load(root / PLAN_NAME)
        if loaded.plan is None or has_errors(loaded.findings):
            ledger.close()
            raise CampaignError("campaign.plan_broken", path=root / PLAN_NAME)
        period = Period.of(
            date.fromisoformat(settings["period"]), settings.get("period_kind") or None
        )
        return cls(root, ledger, loaded.plan, period, settings)

    def close(self) -> None:
        """Close the ledger."""
        self.ledger.close()

    @property
    def lang(self) -> str:
        """The language the campaign was made in (its workbooks, its reminders)."""
        return self.settings.get("lang", "it")

    def link(self, secret: str) -> str:
        """A sector's upload link: the path ``/s/<secret>``, a full URL when the campaign knows
        the desk's address."""
        return link_of(self.settings.get("base_url", ""), secret)

    def limits(self) -> Limits:
        """The limits a return of this plan is read under (and an upload may be as large as)."""
        return Limits.for_plan(self.plan)

    def path(self, relative: str) -> Path:
        """A path the ledger holds (relative to the campaign folder), inside the folder."""
        return self.root / relative

    def relative(self, path: Path) -> str:
        """``path`` relative to the campaign folder, with ``/`` (as the ledger keeps it)."""
        return path.relative_to(self.root).as_posix()


def link_of(base_url: str, secret: str) -> str:
    """The upload link of a secret under ``base_url`` (or the bare path without one)."""
    path = f"/s/{secret}"
    return base_url.rstrip("/") + path if base_url else path


@dataclass
class NewResult:
    """A campaign made (``campaign`` is ``None`` when the plan has errors), and the findings of
    its plan and period."""

    campaign: Campaign | None
    findings: list[Finding]
    workbooks: list[Path] = field(default_factory=list)


def new_campaign(
    root: str | Path,
    plan_path: str | Path,
    period: Period,
    password: str,
    *,
    deadline: date | None = None,
    base_url: str = "",
    contact: str = "",
    lang: str = "it",
) -> NewResult:
    """Make a campaign in ``root`` (which must not exist, or be an empty folder): the plan
    copied, one upload secret per sector, the workbooks generated with their links, the ledger
    with the settings and the office password hashed. :class:`CampaignError` when ``root``
    cannot be a new campaign or the password is too short."""
    from pegxl.plan.workbook_reader import load
    from pegxl.workbook.writer import GenerateOptions, generate

    root = Path(root)
    if len(password) < MIN_PASSWORD:
        raise CampaignError("campaign.short_password", n=MIN_PASSWORD)
    if os.path.lexists(root) and (not root.is_dir() or any(root.iterdir())):
        raise CampaignError("campaign.not_empty", path=root)
    loaded = load(plan_path)
    if loaded.plan is None or has_errors(loaded.findings):
        return NewResult(None, loaded.findings)
    plan = loaded.plan
    building = root.parent / f".{root.name}.{secrets.token_hex(4)}.pegxl-new"
    building.mkdir(parents=True)
    try:
        shutil.copyfile(plan_path, building / PLAN_NAME)
        secret_of = {s.code: new_secret() for s in plan.sectors}
        links = {code: link_of(base_url, s) for code, s in secret_of.items()}
        options = GenerateOptions(lang=lang, deadline=deadline, contact=contact, upload_links=links)
        files = generate(plan, period, building / WORKBOOKS, None, options).files
        ledger = Ledger(building / LEDGER_NAME, create=True)
        try:
            names = _workbook_names(plan, period, files)
            ledger.add_sectors(
                [
                    (s.code, s.name, s.email, secret_of[s.code], f"{WORKBOOKS}/{names[s.code]}")
                    for s in plan.sectors
                ]
            )
            ledger.set_meta(
                {
                    "plan": PLAN_NAME,
                    "plan_fingerprint": plan.fingerprint(),
                    "period": period.iso,
                    "period_kind": period.kind.value,
                    "deadline": deadline.isoformat() if deadline else "",
                    "base_url": base_url,
                    "contact": contact,
                    "lang": lang,
                    "password": hash_password(password),
                    "created": now().isoformat(),
                    # a campaign `pegxl demo` made, which a later demo may make again
                    "demo": "1" if os.environ.get("PEGXL_DEMO_CAMPAIGN") else "",
                }
            )
        finally:
            ledger.close()
        if root.is_dir():
            root.rmdir()  # the empty folder given: replaced by the whole campaign
        os.rename(building, root)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(building)
        raise
    campaign = Campaign.open(root)
    return NewResult(campaign, loaded.findings, [root / WORKBOOKS / f.name for f in files])


def _workbook_names(plan: Plan, period: Period, files: list[Path]) -> dict[str, str]:
    """The workbook file name of every sector (as :func:`generate` named them)."""
    from pegxl.workbook import layout

    names = layout.workbook_filenames(period, plan.sectors)
    present = {f.name for f in files}
    return {code: name for code, name in names.items() if name in present}

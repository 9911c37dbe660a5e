"""``pegxl campaign receive`` and the desk's uploads: a file arrives, is archived by its SHA-256,
judged as ``check`` judges it, answered with its feedback workbook, and recorded in the ledger.

A file arrives as an upload through a sector's link, as an attachment of a saved e-mail
(``.eml``), from a folder, or named on the command line. Whatever the channel:

1. its bytes are read up to the campaign's limit (the plan's largest sector's, as the guard
   reads returns), never more; a larger file is refused;
2. it is archived once under ``archivio/<sha256>/<name as sent>`` (the name made safe for any
   disk; no part of a path from outside is ever used as one), never overwritten, with the time it
   was received as its file time;
3. it is judged by :func:`pegxl.campaign.stages.judge` against the campaign's period; a file of
   another sector sent through a sector's link is refused (``DESK-002``) and not counted; an
   e-mail's sender that is not the sector's «E-mail referente» is a warning (``DESK-001``);
4. its feedback workbook is written at once, when ``check --feedback`` would write one;
5. one ledger transaction records it all.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import os
import re
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from pathlib import Path

from pegxl.campaign import stages
from pegxl.campaign.folder import ARCHIVE, FEEDBACK, Campaign
from pegxl.campaign.ledger import now
from pegxl.findings import Code, Finding, Severity, count, make
from pegxl.i18n import tr
from pegxl.outputs import display_name, fit_name, sweep

__all__ = ["Incoming", "Received", "incoming_from_paths", "receive", "safe_name"]

#: characters a file name may not hold on Windows, nor anywhere a path separator
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: how large a saved e-mail may be, beside the limit of one return: base64 makes an attachment
#: a third larger, and a message may carry a few
_EMAIL_FACTOR = 3


@dataclass
class Incoming:
    """A file arriving: its name as sent (data, never a path), its bytes (``None`` when it was
    larger than the limit), how it came, from whom, when, and the sector whose link it came
    through (uploads)."""

    name: str
    data: bytes | None
    channel: str
    sender: str = ""
    when: datetime | None = None
    via_sector: str | None = None
    size: int = 0
    #: findings about how it arrived (an e-mail without a return attached)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Received:
    """A file received: its receipt in the ledger, its name, whether it was accepted into the
    campaign, its findings and its feedback workbook."""

    receipt: int
    name: str
    accepted: bool
    status: str
    sector: str | None
    findings: list[Finding]
    feedback: Path | None = None
    #: every value read, as ``check --format json`` gives them (for the desk's JSON answer)
    values: list[dict[str, object]] = field(default_factory=list)


def safe_name(name: str, default: str = "scheda.xlsx") -> str:
    """A name as sent made a safe file name: the last part of any path, no character Windows
    refuses, no leading dot, short enough for any disk."""
    base = re.split(r"[\\/]", display_name(name))[-1]
    base = _NOT_IN_NAMES.sub("_", base).strip().lstrip(".") or default
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or len(suffix) > 8:
        return fit_name(base, "", 120)
    return fit_name(stem, "." + suffix, 120)


def _read_bounded(path: Path, limit: int) -> tuple[bytes | None, int]:
    """The bytes of a file, or ``None`` when it holds more than ``limit`` (only ``limit + 1``
    bytes are ever read); its size."""
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
        size = os.fstat(fh.fileno()).st_size
    return (None if len(data) > limit else data), max(size, len(data))


def _file_time(path: Path) -> datetime:
    """A file's modification time, in UTC."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), UTC).replace(tzinfo=None)


def incoming_from_paths(
    campaign: Campaign, paths: Sequence[str | Path], sender: str = ""
) -> list[Incoming]:
    """The files named (folders expanded as ``check`` expands them; a saved e-mail opened
    for its attachments), each read up to the campaign's limit."""
    from pegxl.returns.batch import expand_paths

    limit = campaign.limits().max_file_bytes
    out: list[Incoming] = []
    for given in map(Path, paths):
        channel = "folder" if given.is_dir() else "file"
        for path in expand_paths([given]):
            suffix = path.suffix.lower()
            if suffix == ".eml":
                data, size = _read_bounded(path, limit * _EMAIL_FACTOR + 1024 * 1024)
                out.extend(incoming_from_email(path.name, data, size, limit))
                continue
            data, size = _read_bounded(path, limit)
            item = Incoming(path.name, data, channel, sender, _file_time(path), size=size)
            if suffix == ".msg":
                item.findings.append(make(Code.MSG_NOT_READ, raw=display_name(path.name)))
            out.append(item)
    return out


def _addr(value: object) -> str:
    """The address of a From header (``Mario Rossi <m.rossi@comune.it>`` -> the address)."""
    return email.utils.parseaddr(str(value or ""))[1].strip().lower()


def _attachments(msg: Message) -> Iterable[Message]:
    """Every part that is an attached file (at any depth: a forwarded message's too), not the
    text of the message nor a picture shown inside it."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename()
        if disposition == "attachment" or (filename and disposition != "inline"):
            yield part


def incoming_from_email(
    name: str, data: bytes | None, size: int, limit: int, channel: str = "email"
) -> list[Incoming]:
    """The attachments of a saved e-mail, each an :class:`Incoming` from its sender at its
    date; the message itself (with a ``FILE-037`` finding) when it holds none that can be
    read."""
    if data is None:
        why = tr("campaign.email_too_large")
        return [_bad_email(name, None, size, why)]
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        sender = _addr(msg.get("From"))
        when = _email_time(msg)
        found: list[Incoming] = []
        for part in _attachments(msg):
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            filename = part.get_filename() or "allegato"
            too_big = len(payload) > limit
            item = Incoming(
                filename,
                None if too_big else payload,
                channel,
                sender,
                when,
                size=len(payload),
            )
            found.append(item)
    except Exception as e:  # a damaged message is a finding, never a crash
        return [_bad_email(name, data, size, tr("campaign.email_damaged", err=type(e).__name__))]
    if not found:
        return [_bad_email(name, data, size, tr("campaign.email_no_attachment"), sender, when)]
    return found


def _bad_email(
    name: str,
    data: bytes | None,
    size: int,
    why: object,
    sender: str = "",
    when: datetime | None = None,
) -> Incoming:
    """A message with no return to read: kept as it came, with the finding that says why."""
    item = Incoming(name, data, "email", sender, when, size=size)
    item.findings.append(make(Code.EMAIL_NO_RETURN, raw=display_name(name), detail=why))
    return item


def _email_time(msg: Message) -> datetime | None:
    """The e-mail's Date, in UTC (``None`` when it has none that can be read)."""
    try:
        parsed = email.utils.parsedate_to_datetime(str(msg.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(microsecond=0)
    return parsed.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def archive(campaign: Campaign, item: Incoming, sha256: str) -> Path:
    """The archived copy of ``item``'s bytes: ``archivio/<sha256>/<name>``, written once
    (atomically, never over a file already there; a copy already archived is reused)."""
    assert item.data is not None
    folder = campaign.root / ARCHIVE / sha256
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    for p in existing:
        if p.is_file() and _sha256_of(p) == sha256:
            return p
    target = folder / safe_name(item.name)
    sweep(folder)
    # named as every pegxl temporary file is, so that the next run sweeps one a kill left
    host = re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname())[:32].strip("-") or "host"
    tmp = folder / f".archivio.{os.getpid()}.{host}.{secrets.token_hex(4)}.pegxl-tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(item.data)
            fh.flush()
            os.fsync(fh.fileno())
        when = (item.when or now()).replace(tzinfo=UTC).timestamp()
        os.utime(tmp, (when, when))
        try:
            os.link(tmp, target)  # never over a file already there
        except FileExistsError:
            if _sha256_of(target) != sha256:  # another file of that name: a name of its own
                target = folder / f"{sha256[:12]}_{target.name}"
                os.replace(tmp, target)
        except OSError:  # no hard links on this disk
            if not target.exists():
                os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def receive(campaign: Campaign, items: Sequence[Incoming]) -> list[Received]:
    """Receive each item (archive, judge, feedback, ledger), in order; one file's trouble is
    a finding on that file, never the loss of the others."""
    return [receive_one(campaign, item) for item in items]


def receive_one(campaign: Campaign, item: Incoming) -> Received:
    """Receive one file: see the module's docstring."""
    shown = display_name(item.name)
    received = now()
    findings = list(item.findings)
    if item.data is None:  # larger than the limit: refused unread, and recorded
        limit = campaign.limits().max_file_bytes
        findings.append(make(Code.UPLOAD_TOO_LARGE, file=shown, raw=_megabytes(limit)))
        return _record(campaign, item, received, "", "", None, findings, accepted=False)
    sha256 = hashlib.sha256(item.data).hexdigest()
    earlier = campaign.ledger.first_with(sha256)
    path = archive(campaign, item, sha256)
    relative = campaign.relative(path)
    if any(f.severity is Severity.ERROR for f in item.findings):  # not a return (an e-mail)
        return _record(campaign, item, received, sha256, relative, None, findings, accepted=False)
    ret = stages.judge(campaign.plan, path, campaign.period, campaign.limits())
    findings += ret.findings
    accepted = True
    plan_sectors = {s.code: s for s in campaign.plan.sectors}
    if item.via_sector and ret.sector and ret.sector != item.via_sector:
        accepted = False
        findings.append(
            make(
                Code.OTHER_SECTOR_UPLOAD,
                file=shown,
                raw=ret.sector,
                expected=item.via_sector,
                name=shown,
            )
        )
    sector = plan_sectors.get(ret.sector or "")
    if (
        sector is not None
        and "@" in item.sender
        and sector.email
        and item.sender.lower() not in _addresses(sector.email)
    ):
        findings.append(
            make(
                Code.SENDER_NOT_REFERENTE,
                file=shown,
                raw=item.sender,
                expected=sector.email,
                name=shown,
                sector=sector.code,
            )
        )
    if earlier is not None:
        from pegxl.campaign.folder import local_time

        findings.append(
            make(Code.ALREADY_RECEIVED, file=shown, name=shown, detail=local_time(earlier.received))
        )
    feedback = None
    if accepted:
        folder = campaign.root / FEEDBACK / sha256[:16]
        try:
            feedback, written = stages.write_feedback(
                campaign.plan, ret, folder, campaign.lang, campaign.period
            )
        except OSError as e:
            from pegxl.outputs import write_error

            written = [write_error(folder, e)]
        findings += [f for f in written if f.code is not Code.OUTPUT_RENAMED]
    judged = stages.judgement(ret, findings, relative)
    return _record(
        campaign,
        item,
        received,
        sha256,
        relative,
        ret.sector,
        findings,
        accepted=accepted,
        judged=judged,
        period=ret.period.iso if ret.period else None,
        status=ret.status.value,
        feedback=feedback,
        values=[v.to_dict() for v in ret.values],
    )


def _addresses(field_value: str) -> set[str]:
    """The addresses of an «E-mail referente» cell (several separated by ``;`` or ``,``)."""
    return {a.strip().lower() for a in re.split(r"[;,\s]+", field_value) if "@" in a}


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _record(
    campaign: Campaign,
    item: Incoming,
    received: datetime,
    sha256: str,
    relative: str,
    sector: str | None,
    findings: list[Finding],
    *,
    accepted: bool,
    judged: dict[str, object] | None = None,
    period: str | None = None,
    status: str = "rejected",
    feedback: Path | None = None,
    values: list[dict[str, object]] | None = None,
) -> Received:
    """The receipt in the ledger (one transaction), and what to answer."""
    if judged is None:
        judged = {
            "meta": {},
            "rejected": True,
            "sha256": sha256 or None,
            "findings": [stages.finding_dict(f) for f in findings],
        }
    n = count(findings)
    receipt = campaign.ledger.add_receipt(
        received=received,
        channel=item.channel,
        sender=item.sender,
        name=display_name(item.name),
        sha256=sha256,
        size=item.size or (len(item.data) if item.data is not None else 0),
        archive=relative,
        via_sector=item.via_sector,
        sector=sector,
        period=period,
        status=status,
        accepted=accepted,
        errors=n["error"],
        warnings=n["warning"],
        judged=judged,
        feedback=campaign.relative(feedback) if feedback else None,
    )
    return Received(
        receipt,
        display_name(item.name),
        accepted,
        status,
        sector,
        findings,
        feedback,
        values or [],
    )


def draft_email(subject: str, body: str, to: str, sender: str) -> EmailMessage:
    """A message ready for a mail program to open as a draft (``X-Unsent: 1``: Outlook opens
    it as a message to send; Thunderbird as a message to edit)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    if to:
        msg["To"] = to
    if sender:
        msg["From"] = sender
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    return msg

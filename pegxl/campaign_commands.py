"""The command line of the campaign and the desk (:mod:`pegxl.campaign`, :mod:`pegxl.desk`):
``pegxl campaign new|receive|status|remind|close``, ``pegxl diff`` and ``pegxl serve``, on the
contract every command shares (:mod:`pegxl.command`: ``--format``, ``--lang``, the JSON top
level, the exit codes), their text from :mod:`pegxl.render`.

:func:`add_commands` hangs these commands on the parser of :mod:`pegxl.cli`, which imports this
module; this module imports nothing of it. Each campaign step opens and closes its campaign
the same way (:func:`_in_campaign`). Nothing heavy is imported until a command runs.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pegxl import render
from pegxl.command import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    Out,
    load_plan,
    not_found,
    option_date,
    option_period,
    stop,
)
from pegxl.i18n import text
from pegxl.periods import KIND_NAMES

if TYPE_CHECKING:
    from pegxl.campaign.folder import Campaign

__all__ = ["add_commands"]

#: the environment variable the office password is read from
PASSWORD_ENV = "PEGXL_OFFICE_PASSWORD"


def _open(out: Out, root: str) -> Campaign | int:
    """The campaign in ``root``, or the exit code of why not (said)."""
    from pegxl.campaign.folder import Campaign, CampaignError

    try:
        return Campaign.open(root)
    except CampaignError as e:
        stop(out, e.key, **e.params)
        return EXIT_USAGE


def _shown(c: Campaign, given: str, path: Path) -> Path:
    """A path inside the campaign as the user named the campaign (``campagna/riscontri/…``),
    not the absolute path it was resolved to."""
    try:
        return Path(given) / c.relative(path)
    except ValueError:
        return path


def _password(out: Out) -> str | None:
    """The office password: from :data:`PASSWORD_ENV`, else asked twice at the terminal;
    ``None`` (said) when neither can give one."""
    import getpass

    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        stop(out, "campaign.no_password", env=PASSWORD_ENV)
        return None
    first = getpass.getpass(text("campaign.ask_password", out.lang))
    again = getpass.getpass(text("campaign.ask_again", out.lang))
    if first != again:
        stop(out, "campaign.password_mismatch")
        return None
    return first


def cmd_new(args: argparse.Namespace) -> int:
    """pegxl campaign new DIR --plan PLAN.xlsx --period DATE"""
    from pegxl.campaign.folder import CampaignError, new_campaign

    out = Out(args)
    if (rc := not_found(out, [args.plan])) is not None:
        return rc
    deadline = option_date(out, args.deadline, "--deadline") if args.deadline else None
    if args.deadline and deadline is None:
        return EXIT_USAGE
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        stop(out, "campaign.bad_base_url", url=args.base_url)
        return EXIT_USAGE
    plan, _, rc = load_plan(out, args.plan)
    if plan is None:
        return rc
    period, notes = option_period(out, args.period, plan, args.kind)
    if period is None:
        return EXIT_USAGE
    password = _password(out)
    if password is None:
        return EXIT_USAGE
    try:
        made = new_campaign(
            args.dir,
            args.plan,
            period,
            password,
            deadline=deadline,
            base_url=args.base_url or "",
            contact=args.contact or "",
            lang=args.lang,
        )
    except CampaignError as e:
        stop(out, e.key, **e.params)
        return EXIT_USAGE
    assert made.campaign is not None
    c = made.campaign
    try:
        links = [(r["code"], c.link(r["secret"])) for r in c.ledger.sectors()]
    finally:
        c.close()
    shown = [*made.findings, *notes]
    out.result(
        True,
        shown,
        lambda: render.new_campaign_text(shown, args.dir, period, links, out.lang),
        folder=str(c.root),
        period=period.iso,
        sectors=[{"code": code, "link": link} for code, link in links],
    )
    return EXIT_OK


#: a campaign step: the command line, what it says, the campaign (open while it runs)
Step = Callable[[argparse.Namespace, Out, "Campaign"], int]


def _in_campaign(inputs: str = "") -> Callable[[Step], Callable[[argparse.Namespace], int]]:
    """A campaign step as a command: the files of the argument ``inputs`` (if any) must exist,
    the campaign of ``args.dir`` is opened (or why not said, a usage error), and closed
    whatever the step does."""

    def wrap(step: Step) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(step)
        def command(args: argparse.Namespace) -> int:
            out = Out(args)
            if inputs and (rc := not_found(out, getattr(args, inputs))) is not None:
                return rc
            c = _open(out, args.dir)
            if isinstance(c, int):
                return c
            try:
                return step(args, out, c)
            finally:
                c.close()

        return command

    return wrap


@_in_campaign(inputs="files")
def cmd_receive(args: argparse.Namespace, out: Out, c: Campaign) -> int:
    """pegxl campaign receive DIR FILE..."""
    from pegxl.campaign.receive import incoming_from_paths, receive
    from pegxl.findings import has_errors

    items = incoming_from_paths(c, args.files, (args.sender or "").strip().lower())
    if not items:
        stop(out, "cli.no_files")
        return EXIT_USAGE
    got = receive(c, items)
    feedback = {r.receipt: _shown(c, args.dir, r.feedback) for r in got if r.feedback}
    findings = [f for r in got for f in r.findings]
    out.result(
        not has_errors(findings),
        findings,
        lambda: render.receive_text(got, feedback, out.lang),
        received=[
            {
                "receipt": r.receipt,
                "name": r.name,
                "sector": r.sector,
                "status": r.status,
                "accepted": r.accepted,
                "feedback": str(feedback[r.receipt]) if r.receipt in feedback else None,
            }
            for r in got
        ],
    )
    return EXIT_ERRORS if has_errors(findings) else EXIT_OK


@_in_campaign()
def cmd_status(args: argparse.Namespace, out: Out, c: Campaign) -> int:
    """pegxl campaign status DIR"""
    from pegxl.campaign.status import campaign_status

    status = campaign_status(c)
    out.give(lambda: status.to_dict(out.lang), lambda: render.status_text(status, out.lang))
    return EXIT_OK if status.valid else EXIT_ERRORS


@_in_campaign()
def cmd_remind(args: argparse.Namespace, out: Out, c: Campaign) -> int:
    """pegxl campaign remind DIR"""
    from pegxl.campaign.remind import remind

    made = remind(c)
    folder = _shown(c, args.dir, made.folder) if made.folder else None
    drafts = [(code, _shown(c, args.dir, p)) for code, p in made.drafts]
    out.result(
        True,
        made.findings,
        lambda: render.remind_text(made.findings, folder, [p for _, p in drafts], out.lang),
        folder=str(folder) if folder else None,
        drafts=[{"sector": code, "path": str(p)} for code, p in drafts],
    )
    return EXIT_OK


@_in_campaign()
def cmd_close(args: argparse.Namespace, out: Out, c: Campaign) -> int:
    """pegxl campaign close DIR"""
    from pegxl.campaign.close import close_campaign

    closing = close_campaign(c, args.lang)
    folder, master, report = (
        _shown(c, args.dir, p) for p in (closing.folder, closing.master, closing.report)
    )
    result = closing.result
    out.give(
        lambda: result.to_dict(out.lang, outputs={"master": str(master), "html": str(report)}),
        lambda: render.close_text(result, folder, [master, report], out.lang),
    )
    return EXIT_OK if result.valid else EXIT_ERRORS


def cmd_diff(args: argparse.Namespace) -> int:
    """pegxl diff OLD.xlsx NEW.xlsx"""
    from pegxl.campaign.diff import diff_files

    out = Out(args)
    if (rc := not_found(out, [args.old, args.new])) is not None:
        return rc
    for p in (args.old, args.new):
        if os.path.isdir(p):
            stop(out, "diff.folder", path=p)
            return EXIT_USAGE
    result = diff_files(args.old, args.new)
    out.give(lambda: result.to_dict(out.lang), lambda: render.diff_text(result, out.lang))
    return EXIT_OK if result.readable else EXIT_ERRORS


def cmd_serve(args: argparse.Namespace) -> int:
    """pegxl serve DIR"""
    out = Out(args)
    c = _open(out, args.dir)
    if isinstance(c, int):
        return c
    c.close()
    try:
        from pegxl.desk.server import serve
    except ImportError:
        stop(out, "desk.missing")
        return EXIT_USAGE
    return serve(args.dir, args.host, args.port, args.lang, args.threads)


Command = Callable[[str], Any]


def add_commands(sub: Any, command: Command, common: Callable[..., None], lang: str = "it") -> None:
    """The campaign, diff and serve commands, on the ``pegxl`` parser's subcommands, their help
    in ``lang`` from the catalogue (``help.campaign.*``, ``help.diff.*``, ``help.serve.*``)."""

    def t(key: str, **params: object) -> str:
        return text(f"help.{key}", lang, **params)

    sp = command("campaign")
    steps = sp.add_subparsers(dest="step", required=True, metavar=t("mv.step"))
    formatter = sp.formatter_class

    def step(name: str, **params: object) -> argparse.ArgumentParser:
        summary = t(f"campaign.{name}", **params)
        p: argparse.ArgumentParser = steps.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=f"{t('examples')}\n  {t(f'campaign.{name}.example')}",
            formatter_class=formatter,
        )
        p.add_argument("dir", metavar=t("mv.folder"), help=t("campaign.dir"))
        return p

    p = step("new", env=PASSWORD_ENV)
    p.add_argument("--plan", required=True, metavar=t("mv.plan"), help=t("campaign.new.plan"))
    p.add_argument("--period", required=True, metavar=t("mv.date"), help=t("campaign.new.period"))
    p.add_argument("--kind", choices=KIND_NAMES, default=None, help=t("campaign.new.kind"))
    p.add_argument(
        "--deadline", default=None, metavar=t("mv.date"), help=t("campaign.new.deadline")
    )
    p.add_argument("--contact", default=None, metavar=t("mv.text"), help=t("campaign.new.contact"))
    p.add_argument(
        "--base-url", default=None, metavar=t("mv.address"), help=t("campaign.new.base_url")
    )
    common(p)
    p.set_defaults(func=cmd_new)

    p = step("receive")
    p.add_argument("files", nargs="+", metavar=t("mv.file"), help=t("campaign.receive.files"))
    p.add_argument(
        "--sender", default=None, metavar=t("mv.address"), help=t("campaign.receive.sender")
    )
    common(p)
    p.set_defaults(func=cmd_receive)

    for name, func in (("status", cmd_status), ("remind", cmd_remind), ("close", cmd_close)):
        p = step(name)
        common(p)
        p.set_defaults(func=func)

    sp = command("diff")
    sp.add_argument("old", metavar=t("mv.file"), help=t("diff.old"))
    sp.add_argument("new", metavar=t("mv.file"), help=t("diff.new"))
    common(sp)
    sp.set_defaults(func=cmd_diff)

    sp = command("serve")
    sp.add_argument("dir", metavar=t("mv.folder"), help=t("campaign.dir"))
    sp.add_argument("--host", default="127.0.0.1", metavar=t("mv.address"), help=t("serve.host"))
    sp.add_argument("--port", type=int, default=8765, metavar=t("mv.number"), help=t("serve.port"))
    sp.add_argument(
        "--threads", type=int, default=8, metavar=t("mv.number"), help=t("serve.threads")
    )
    common(sp)
    sp.set_defaults(func=cmd_serve)

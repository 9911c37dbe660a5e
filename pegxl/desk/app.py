"""The desk's web application (Flask): the office's board and the sectors' pages.

Routes::

    GET  /login, POST /login, POST /logout       the office's login (password, CSRF token)
    GET  /                                       the board: every sector, its state and link
    GET  /settore/<code>                         a sector's history and the diff of two versions
    GET  /scarica/schede.zip                     every sector's workbook
    POST /solleciti, POST /chiusura              campaign remind / campaign close (CSRF token)
    GET  /scarica/...                            a received file, a feedback, a draft, a master
    GET  /api/status                             the status JSON, to HTTP Basic auth
    GET  /s/<secret>, POST /s/<secret>           a sector's page and its upload (field ``file``)
    GET  /s/<secret>/scheda, .../riscontro/<n>   its workbook, its own feedback workbooks

The desk adds no rule of its own: an upload is received by :func:`pegxl.campaign.receive`
exactly as ``campaign receive`` receives a file, and every state shown is
:func:`pegxl.campaign.status.campaign_status`. Its state is the ledger alone: a restart keeps
everything, and any number of worker threads (or a ``campaign receive`` in a terminal) may write
at once. Pages are rendered from ``templates/`` in the campaign's language (or ``--lang``), carry
no script, and are served under a Content-Security-Policy that allows nothing from elsewhere.
No path is ever taken from a request: files are found through the ledger, by id.

This module is long because the desk is one small application: its routes, the office's
session and CSRF checks and the sector's capability (the secret) belong together, so that a
reviewer sees every way in on one page.
"""

from __future__ import annotations

import base64
import hmac
import io
import logging
import re
import secrets
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, redirect, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

from pegxl import resources
from pegxl.campaign.folder import Campaign, local_time
from pegxl.campaign.ledger import Ledger, Receipt, verify_password
from pegxl.findings import Finding, count
from pegxl.i18n import text
from pegxl.outputs import json_text

__all__ = ["LOGGER", "create_app", "redact"]

LOGGER = logging.getLogger("pegxl.desk")

#: the Content-Security-Policy of every answer: nothing but this desk's own style sheet
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SESSION_COOKIE = "pegxl_ufficio"
LOGIN_COOKIE = "pegxl_accesso"
_SECRET_PATH = re.compile(r"/s/[^/?#\s\"']+")


def redact(line: str, secrets_known: frozenset[str] = frozenset()) -> str:
    """A log line with every upload secret hidden: the ``/s/<secret>`` of a path, and any
    known secret wherever it appears."""
    line = _SECRET_PATH.sub("/s/<segreto>", line)
    for s in secrets_known:
        line = line.replace(s, "<segreto>")
    return line


class RedactSecrets(logging.Filter):
    """A logging filter that hides the upload secrets in every record it sees."""

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__()
        self.known = known

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with the secrets hidden."""
        message = redact(record.getMessage(), self.known)
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            import traceback

            record.exc_text = redact(
                "".join(traceback.format_exception(*record.exc_info)), self.known
            )
            record.exc_info = None
        return True


class Desk:
    """What every request shares: the campaign's folder, plan, period and settings (read once),
    and one ledger connection per thread."""

    def __init__(self, root: Path, lang: str | None) -> None:
        opened = Campaign.open(root)
        self.root = opened.root
        self.plan, self.period, self.settings = opened.plan, opened.period, opened.settings
        self.lang = lang or opened.lang
        self.secrets = frozenset(r["secret"] for r in opened.ledger.sectors())
        opened.close()
        self.local = threading.local()

    def campaign(self) -> Campaign:
        """The campaign, with this thread's ledger connection."""
        ledger = getattr(self.local, "ledger", None)
        if ledger is None:
            ledger = Ledger(self.root / "registro.sqlite")
            self.local.ledger = ledger
        return Campaign(self.root, ledger, self.plan, self.period, self.settings)

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the desk's language."""
        return text(key, self.lang, **params)

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        """A page rendered from ``templates/<name>``."""
        html = resources.render(
            template,
            t=self.t,
            lang=self.lang,
            period=self.period.label(self.lang),
            entity=self.plan.entity,
            **context,
        )
        return Response(html, status=status, mimetype="text/html")


def create_app(root: str | Path, lang: str | None = None, upload_limit: int | None = None) -> Flask:
    """The desk of the campaign in ``root``. ``upload_limit`` (bytes) defaults to the limit a
    return of the plan is read under."""
    desk = Desk(Path(root), lang)
    app = Flask("pegxl.desk", static_folder=None, template_folder=None)
    limit = upload_limit or desk.campaign().limits().max_file_bytes
    app.config["MAX_CONTENT_LENGTH"] = limit + 64 * 1024  # the file and the form around it
    app.config["MAX_FORM_MEMORY_SIZE"] = 64 * 1024
    app.config["MAX_FORM_PARTS"] = 16
    app.config["UPLOAD_LIMIT"] = limit
    app.extensions["pegxl_desk"] = desk

    @app.after_request
    def headers(response: Response) -> BaseResponse:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"  # a sector's link never leaks
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        LOGGER.info("%s %s %s", request.method, redact(request.path), response.status_code)
        return response

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> BaseResponse:
        if isinstance(e, RequestEntityTooLarge) and request.path.startswith("/s/"):
            return _too_large(desk, request.path, limit)
        code = e.code or 500
        key = {404: "desk.not_found", 405: "desk.not_allowed", 403: "desk.forbidden"}.get(
            code, "desk.bad_request"
        )
        return desk.page("desk_error.html.j2", status=code, message=desk.t(key))

    @app.errorhandler(Exception)
    def crash(e: Exception) -> BaseResponse:
        LOGGER.error("%s %s: %s", request.method, redact(request.path), type(e).__name__)
        return desk.page("desk_error.html.j2", status=500, message=desk.t("desk.internal"))

    @app.get("/static/desk.css")
    def css() -> BaseResponse:
        data = (resources.templates_dir() / "desk.css").read_text(encoding="utf-8")
        return Response(data, mimetype="text/css")

    _office_routes(app, desk)
    _sector_routes(app, desk, limit)
    return app


# -- the office --------------------------------------------------------------------------------


def _session(desk: Desk) -> str | None:
    """The CSRF token of the office's live session, or ``None`` when not logged in."""
    return desk.campaign().ledger.session_csrf(request.cookies.get(SESSION_COOKIE))


def _office(desk: Desk, view: Callable[..., BaseResponse]) -> Callable[..., BaseResponse]:
    """A view for the logged-in office (the others are sent to the login page); a POST must
    carry the session's CSRF token."""

    def guarded(**kw: Any) -> BaseResponse:
        csrf = _session(desk)
        if csrf is None:
            if request.method == "POST":
                abort(403)
            return redirect("/login", 303)
        if request.method == "POST" and not hmac.compare_digest(request.form.get("csrf", ""), csrf):
            abort(403)
        return view(csrf=csrf, **kw)

    guarded.__name__ = view.__name__
    return guarded


def _office_routes(app: Flask, desk: Desk) -> None:
    """Login, the board, a sector's history, the office's actions and downloads."""

    @app.get("/login")
    def login_form() -> BaseResponse:
        token = secrets.token_urlsafe(24)
        response = desk.page("desk_login.html.j2", csrf=token, failed=False)
        response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="Strict", path="/login")
        return response

    @app.post("/login")
    def login() -> BaseResponse:
        token = request.cookies.get(LOGIN_COOKIE, "")
        if not token or not hmac.compare_digest(request.form.get("csrf", ""), token):
            abort(403)
        password = request.form.get("password", "")
        if not verify_password(password, desk.settings.get("password", "")):
            fresh = secrets.token_urlsafe(24)
            response = desk.page("desk_login.html.j2", status=401, csrf=fresh, failed=True)
            response.set_cookie(
                LOGIN_COOKIE, fresh, httponly=True, samesite="Strict", path="/login"
            )
            return response
        session, _ = desk.campaign().ledger.new_session()
        entered = redirect("/", 303)
        entered.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="Strict", path="/")
        entered.delete_cookie(LOGIN_COOKIE, path="/login")
        return entered

    def logout(csrf: str) -> BaseResponse:
        desk.campaign().ledger.end_session(request.cookies.get(SESSION_COOKIE))
        response = redirect("/login", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    app.add_url_rule("/logout", "logout", _office(desk, logout), methods=["POST"])

    def board(csrf: str) -> BaseResponse:
        from pegxl.campaign.status import campaign_status

        c = desk.campaign()
        status = campaign_status(c)
        return desk.page(
            "desk_board.html.j2",
            csrf=csrf,
            sectors=[_sector_row(desk, s) for s in status.sectors],
            counts=count(status.findings),
            reminders=[
                {"id": m.id, "sector": m.sector, "when": local_time(m.created), "to": m.recipient}
                for m in c.ledger.reminders()
            ][-50:],
            closings=[
                {
                    "id": r["id"],
                    "when": _when(r["created"]),
                    "valid": bool(r["valid"]),
                    "summary": r["summary"],
                }
                for r in c.ledger.closings()
            ],
            notice=desk.t(f"notice.{request.args['fatto']}")
            if request.args.get("fatto") in ("solleciti", "chiusura", "nessuno")
            else "",
        )

    app.add_url_rule("/", "board", _office(desk, board))

    def sector_page(csrf: str, code: str) -> BaseResponse:
        from pegxl.campaign.diff import diff_files
        from pegxl.campaign.status import campaign_status

        c = desk.campaign()
        status = campaign_status(c)
        state = next((s for s in status.sectors if s.code == code), None)
        if state is None:
            abort(404)
        versions = _versions(c, state.receipts, code)
        by_id = {r.id: r for r in versions}
        old, new = _pair(request.args, by_id, versions)
        diff = None
        if old is not None and new is not None:
            diff = diff_files(c.path(old.archive), c.path(new.archive), c.limits())
        return desk.page(
            "desk_sector_history.html.j2",
            csrf=csrf,
            sector=_sector_row(desk, state),
            receipts=[_receipt_row(desk, r, status.fate) for r in reversed(state.receipts)],
            versions=[
                {"id": r.id, "label": f"{r.id} — {r.name} ({local_time(r.received)})"}
                for r in versions
            ],
            old=old.id if old else None,
            new=new.id if new else None,
            diff=diff,
        )

    app.add_url_rule("/settore/<code>", "sector_history", _office(desk, sector_page))

    def remind_now(csrf: str) -> BaseResponse:
        from pegxl.campaign.remind import remind

        made = remind(desk.campaign())
        return redirect("/?fatto=" + ("solleciti" if made.drafts else "nessuno"), 303)

    app.add_url_rule("/solleciti", "remind", _office(desk, remind_now), methods=["POST"])

    def close_now(csrf: str) -> BaseResponse:
        from pegxl.campaign.close import close_campaign

        close_campaign(desk.campaign(), desk.lang)
        return redirect("/?fatto=chiusura", 303)

    app.add_url_rule("/chiusura", "close", _office(desk, close_now), methods=["POST"])

    def workbooks(csrf: str) -> BaseResponse:
        c = desk.campaign()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for row in c.ledger.sectors():
                path = c.path(row["workbook"])
                if path.is_file():
                    z.write(path, path.name)
        buf.seek(0)
        name = f"schede_{desk.period.iso}.zip"
        return send_file(buf, mimetype="application/zip", as_attachment=True, download_name=name)

    app.add_url_rule("/scarica/schede.zip", "workbooks", _office(desk, workbooks))

    def received_file(csrf: str, receipt_id: int, what: str) -> BaseResponse:
        r = desk.campaign().ledger.receipt(receipt_id)
        if r is None:
            abort(404)
        relative = r.archive if what == "file" else r.feedback
        return _download(desk, relative)

    app.add_url_rule(
        "/scarica/<any(file, riscontro):what>/<int:receipt_id>",
        "received_file",
        _office(desk, received_file),
    )

    def reminder_file(csrf: str, reminder_id: int) -> BaseResponse:
        found = [m for m in desk.campaign().ledger.reminders() if m.id == reminder_id]
        if not found:
            abort(404)
        return _download(desk, found[0].path, "message/rfc822")

    app.add_url_rule(
        "/scarica/sollecito/<int:reminder_id>", "reminder", _office(desk, reminder_file)
    )

    def closing_file(csrf: str, closing_id: int, what: str) -> BaseResponse:
        rows = [r for r in desk.campaign().ledger.closings() if r["id"] == closing_id]
        if not rows:
            abort(404)
        return _download(desk, rows[0]["master" if what == "riepilogo" else "report"])

    app.add_url_rule(
        "/scarica/chiusura/<int:closing_id>/<any(riepilogo, relazione):what>",
        "closing",
        _office(desk, closing_file),
    )

    @app.get("/api/status")
    def api_status() -> BaseResponse:
        from pegxl.campaign.status import campaign_status

        if not _basic_ok(desk, request.headers.get("Authorization", "")):
            response = Response(desk.t("desk.basic_needed"), status=401, mimetype="text/plain")
            response.headers["WWW-Authenticate"] = 'Basic realm="pegxl", charset="UTF-8"'
            return response
        doc = campaign_status(desk.campaign()).to_dict(desk.lang)
        return Response(json_text(doc) + "\n", mimetype="application/json")


def _basic_ok(desk: Desk, header: str) -> bool:
    """HTTP Basic credentials carrying the office password (any user name)."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value or len(value) > 1024:
        return False
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return False
    _, sep, password = decoded.partition(":")
    return bool(sep) and verify_password(password, desk.settings.get("password", ""))


def _download(desk: Desk, relative: str | None, mimetype: str | None = None) -> BaseResponse:
    """A file the ledger points to, as a download; 404 when there is none. The path comes from
    the ledger, never from the request, and must lie inside the campaign folder."""
    if not relative:
        abort(404)
    path = (desk.root / relative).resolve()
    if not path.is_relative_to(desk.root) or not path.is_file():
        abort(404)
    return send_file(path, mimetype=mimetype, as_attachment=True, download_name=path.name)


def _when(iso: str) -> str:
    from datetime import datetime

    return local_time(datetime.fromisoformat(iso))


def _sector_row(desk: Desk, s: Any) -> dict[str, Any]:
    """A sector as the board shows it."""
    return {
        "code": s.code,
        "name": s.name,
        "email": s.email,
        "state": s.state,
        "state_label": desk.t(f"cstate.{s.state}"),
        "versions": s.versions,
        "last": local_time(s.last_received) if s.last_received else "—",
        "reminders": s.reminders,
        "link": s.link,
        "counted": s.counted.name if s.counted else "",
        "findings": [_finding(desk, f) for f in s.findings][:200],
    }


def _finding(desk: Desk, f: Finding, name: str | None = None) -> dict[str, str]:
    """A finding as a page shows it."""
    return {
        "code": f.code.value,
        "severity": f.severity.value,
        "severity_label": desk.t(f"severity.{f.severity.value}"),
        "where": f.where(desk.lang),
        "row_id": f.row_id or "",
        "message": f.message(desk.lang),
    }


def _receipt_row(desk: Desk, r: Receipt, fate: dict[str, Any]) -> dict[str, Any]:
    """A receipt in a sector's history, with what became of it."""
    row = fate.get(r.archive) if r.accepted else None
    if row is not None:
        delivery = desk.t(f"dstatus.{row.status.value}")
    elif not r.accepted:
        delivery = desk.t("campaign.refused")
    else:
        delivery = "—"
    return {
        "id": r.id,
        "when": local_time(r.received),
        "channel": desk.t(f"channel.{r.channel}"),
        "sender": r.sender,
        "name": r.name,
        "status": desk.t(f"status.{r.status}"),
        "delivery": delivery,
        "errors": r.errors,
        "warnings": r.warnings,
        "archived": bool(r.archive),
        "feedback": bool(r.feedback),
    }


def _versions(c: Campaign, receipts: list[Receipt], code: str) -> list[Receipt]:
    """A sector's versions (accepted files of the sector, each content once), in the order
    they were saved (the clock the choice of versions reads), so that a diff runs forward."""
    from datetime import datetime

    from pegxl.campaign.stages import saved_at

    seen: dict[str, Receipt] = {}
    for r in receipts:
        if r.accepted and r.sector == code and r.archive:
            seen.setdefault(r.sha256, r)

    def order(r: Receipt) -> tuple[datetime, int]:
        return saved_at(c.path(r.archive), r.judged) or r.received, r.id

    return sorted(seen.values(), key=order)


def _pair(
    args: Any, by_id: dict[int, Receipt], versions: list[Receipt]
) -> tuple[Receipt | None, Receipt | None]:
    """The two versions to compare: those asked for (``?da=&a=``), else the last two."""
    try:
        old = by_id.get(int(args.get("da", "")))
        new = by_id.get(int(args.get("a", "")))
    except ValueError:
        old = new = None
    if old is None or new is None:
        if len(versions) < 2:
            return None, None
        old, new = versions[-2], versions[-1]
    return old, new


# -- the sectors -------------------------------------------------------------------------------


def _sector_of(desk: Desk, secret: str) -> Any:
    """The sector of a secret; a 404 that says nothing more when there is none."""
    row = desk.campaign().ledger.sector_by_secret(secret)
    if row is None:
        abort(404)
    return row


def _visible(r: Receipt, code: str) -> bool:
    """Whether a sector may see a receipt: what came through its link, and what arrived
    otherwise (e-mail, folder) as its own workbook."""
    return r.via_sector == code or (r.via_sector is None and r.sector == code and r.accepted)


def _sector_page(
    desk: Desk, row: Any, secret: str, result: dict[str, Any] | None = None, status: int = 200
) -> BaseResponse:
    """A sector's page: its name and period, its workbook, the upload form, the answer to an
    upload (``result``) and what it sent before."""
    c = desk.campaign()
    mine = [r for r in c.ledger.receipts(row["code"]) if _visible(r, row["code"])]
    deadline = desk.settings.get("deadline", "")
    if deadline:
        y, m, d = deadline.split("-")
        deadline = f"{d}/{m}/{y}"
    return desk.page(
        "desk_sector.html.j2",
        status=status,
        code=row["code"],
        sector_name=row["name"],
        base=f"/s/{secret}",
        deadline=deadline,
        workbook=Path(row["workbook"]).name,
        result=result,
        history=[
            {
                "id": r.id,
                "when": local_time(r.received),
                "name": r.name,
                "status": desk.t("campaign.refused")
                if not r.accepted
                else desk.t(f"status.{r.status}"),
                "feedback": bool(r.feedback),
            }
            for r in reversed(mine)
        ][:20],
    )


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes["application/json"] > (request.accept_mimetypes["text/html"])
    )


def _answer(desk: Desk, row: Any, secret: str, got: Any, status: int = 200) -> BaseResponse:
    """The answer to an upload: the check JSON, or the sector's page with the findings."""
    name = got.name
    shown = [f.__class__(**{**_fields(f), "file": name}) for f in got.findings]
    link = f"/s/{secret}/riscontro/{got.receipt}" if got.feedback else None
    if _wants_json():
        from pegxl.document import document
        from pegxl.findings import has_errors

        n = count(shown)
        doc = document(
            got.accepted and not has_errors(shown) and got.status != "rejected",
            shown,
            desk.lang,
            stats={"files": 1, "error": n["error"], "warning": n["warning"], "info": n["info"]},
            files=[
                {
                    "path": name,
                    "status": got.status,
                    "sector": got.sector,
                    "period": desk.period.iso if got.status != "rejected" else None,
                    "values": got.values,
                }
            ],
            receipt=got.receipt,
            accepted=got.accepted,
            feedback=link,
        )
        return Response(json_text(doc) + "\n", status=status, mimetype="application/json")
    result = {
        "name": name,
        "accepted": got.accepted,
        "status": got.status,
        "status_label": desk.t("campaign.refused")
        if not got.accepted
        else desk.t(f"status.{got.status}"),
        "findings": [_finding(desk, f) for f in shown][:500],
        "feedback": link,
        "counts": count(shown),
    }
    return _sector_page(desk, row, secret, result, status)


def _fields(f: Finding) -> dict[str, Any]:
    return {k: getattr(f, k) for k in f.__dataclass_fields__}


def _too_large(desk: Desk, path: str, limit: int) -> BaseResponse:
    """An upload past the limit: recorded, and answered with the finding."""
    from pegxl.campaign.receive import Incoming, receive_one

    secret = path.split("/")[2] if path.count("/") >= 2 else ""
    row = desk.campaign().ledger.sector_by_secret(secret)
    if row is None:
        abort(404)
    got = receive_one(
        desk.campaign(),
        Incoming(
            desk.t("desk.too_large_name"),
            None,
            "upload",
            request.remote_addr or "",
            via_sector=row["code"],
            size=request.content_length or 0,
        ),
    )
    return _answer(desk, row, secret, got, 413)


def _sector_routes(app: Flask, desk: Desk, limit: int) -> None:
    """A sector's page, its upload, its workbook and its own feedback workbooks."""

    @app.get("/s/<secret>")
    def sector(secret: str) -> BaseResponse:
        return _sector_page(desk, _sector_of(desk, secret), secret)

    @app.post("/s/<secret>")
    def upload(secret: str) -> BaseResponse:
        from pegxl.campaign.receive import Incoming, receive_one
        from pegxl.findings import Code, make

        row = _sector_of(desk, secret)
        sent = request.files.get("file")
        if sent is None or not sent.filename:
            result = {
                "name": "",
                "accepted": False,
                "status": "rejected",
                "status_label": desk.t("status.rejected"),
                "findings": [_finding(desk, make(Code.UPLOAD_EMPTY))],
                "feedback": None,
                "counts": {"error": 1, "warning": 0, "info": 0},
            }
            return _sector_page(desk, row, secret, result, 400)
        data = sent.stream.read(limit + 1)
        item = Incoming(
            sent.filename,
            data if len(data) <= limit else None,
            "upload",
            request.remote_addr or "",
            via_sector=row["code"],
            size=len(data),
        )
        got = receive_one(desk.campaign(), item)
        return _answer(desk, row, secret, got, 413 if item.data is None else 200)

    @app.get("/s/<secret>/scheda")
    def sector_workbook(secret: str) -> BaseResponse:
        return _download(desk, _sector_of(desk, secret)["workbook"])

    @app.get("/s/<secret>/riscontro/<int:receipt_id>")
    def sector_feedback(secret: str, receipt_id: int) -> BaseResponse:
        row = _sector_of(desk, secret)
        r = desk.campaign().ledger.receipt(receipt_id)
        if r is None or not _visible(r, row["code"]):
            abort(404)
        return _download(desk, r.feedback)

"""The desk: the office's login and CSRF, HTTP Basic for /api/status, the sectors' pages behind
their secrets, uploads at the size limit, 20 uploads at once, a slow client, a restart, and
secrets never in a log line."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest

flask = pytest.importorskip("flask", reason="the desk needs pegxl[desk] (flask, waitress)")

from pegxl.campaign import Campaign, campaign_status  # noqa: E402
from pegxl.desk.app import CSP, create_app, redact  # noqa: E402

from .campaign_kit import (  # noqa: E402
    OPENER,
    PASSWORD,
    WAIT,
    Kit,
    Server,
    by_sector,
    copy_kit,
    kit,
    secrets_of,
    upload,
)

__all__ = ["kit"]


def _client(root: Path, **kw: object) -> flask.testing.FlaskClient:
    return create_app(root, **kw).test_client()  # type: ignore[arg-type]


def _login(client: flask.testing.FlaskClient, password: str = PASSWORD) -> int:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post("/login", data={"csrf": token, "password": password}).status_code


def _csrf(client: flask.testing.FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_the_board_needs_the_office_login(tmp_path: Path, kit: Kit) -> None:
    client = _client(copy_kit(kit, tmp_path))
    r = client.get("/")
    assert r.status_code == 303 and r.headers["Location"].endswith("/login")
    assert client.get("/settore/S07").status_code == 303
    assert client.get("/scarica/schede.zip").status_code == 303
    assert client.post("/chiusura").status_code == 403
    assert _login(client, "sbagliata") == 401
    assert client.get("/").status_code == 303
    # a login without the form's token is refused (login CSRF)
    assert client.post("/login", data={"csrf": "x", "password": PASSWORD}).status_code == 403
    assert _login(client) == 303
    board = client.get("/")
    assert board.status_code == 200
    text = board.get_data(as_text=True)
    assert "Stato della campagna" in text and 'data-state="missing"' in text
    assert board.headers["Content-Security-Policy"] == CSP
    assert (
        "<script" not in text
        and "http"
        not in re.sub(r'href="/[^"]*"', "", text).replace("http-equiv", "").split("<main>")[0]
    )


def test_office_actions_need_the_csrf_token(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    client = _client(root)
    _login(client)
    assert client.post("/solleciti", data={}).status_code == 403
    assert client.post("/solleciti", data={"csrf": "falso"}).status_code == 403
    assert not (root / "solleciti").exists()
    token = _csrf(client)
    r = client.post("/solleciti", data={"csrf": token})
    assert r.status_code == 303 and "fatto=solleciti" in r.headers["Location"]
    assert len(list((root / "solleciti").rglob("*.eml"))) == 5
    r = client.post("/chiusura", data={"csrf": token})
    assert r.status_code == 303
    [master] = list((root / "chiusure").rglob("riepilogo_*.xlsx"))
    page = client.get("/").get_data(as_text=True)
    m = re.search(r'href="(/scarica/chiusura/\d+/riepilogo)"', page)
    assert m and client.get(m.group(1)).data == master.read_bytes()
    z = client.get("/scarica/schede.zip")
    assert z.status_code == 200 and z.data[:2] == b"PK"
    out = client.post("/logout", data={"csrf": token})
    assert out.status_code == 303 and client.get("/").status_code == 303


def test_api_status_answers_http_basic_with_the_password(tmp_path: Path, kit: Kit) -> None:
    client = _client(copy_kit(kit, tmp_path))
    assert client.get("/api/status").status_code == 401
    assert "Basic" in client.get("/api/status").headers["WWW-Authenticate"]
    for creds in ("ufficio:sbagliata", "ufficio", PASSWORD, ":"):
        auth = base64.b64encode(creds.encode()).decode()
        assert (
            client.get("/api/status", headers={"Authorization": f"Basic {auth}"}).status_code == 401
        )
    auth = base64.b64encode(f"chiunque:{PASSWORD}".encode()).decode()
    r = client.get("/api/status", headers={"Authorization": f"Basic {auth}"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    doc = r.get_json()
    assert list(doc) == ["valid", "findings", "period", "sectors"]
    assert [s["state"] for s in doc["sectors"]] == ["missing"] * 5


def test_a_sector_sees_only_its_own(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    client = _client(root)
    secret = secrets_of(root)
    page = client.get(f"/s/{secret['S07']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "SETTORE POLITICHE CULTURALI" in text
    assert secret["S08"] not in text and "WELFARE" not in text
    wb = client.get(f"/s/{secret['S07']}/scheda")
    assert wb.status_code == 200 and "_S07_" in wb.headers["Content-Disposition"]
    # an unknown secret is a 404 that says nothing more
    for wrong in ("x", secret["S07"][:-1], secret["S07"].lower(), "../registro.sqlite"):
        r = client.get(f"/s/{wrong}")
        assert r.status_code == 404
        assert "Pagina non trovata." in r.get_data(as_text=True)
        assert "S07" not in r.get_data(as_text=True)
    # another sector's workbook through this link: refused, not counted
    data = by_sector(kit, "S08").read_bytes()
    r = client.post(
        f"/s/{secret['S07']}",
        data={"file": (__import__("io").BytesIO(data), "S08.xlsx")},
        headers={"Accept": "application/json"},
    )
    doc = r.get_json()
    assert doc["accepted"] is False and doc["valid"] is False
    assert doc["findings"][-1]["code"] == "DESK-002" and doc["feedback"] is None
    c = Campaign.open(root)
    try:
        assert {s.code: s.state for s in campaign_status(c).sectors}["S08"] == "missing"
        [r08] = c.ledger.receipts()
    finally:
        c.close()
    # S08's page does not show what S07 uploaded, nor give its files
    assert "S08.xlsx" not in client.get(f"/s/{secret['S08']}").get_data(as_text=True)
    assert client.get(f"/s/{secret['S08']}/riscontro/{r08.id}").status_code == 404


def test_an_upload_answers_with_its_findings_and_feedback(tmp_path: Path, kit: Kit) -> None:
    import io

    root = copy_kit(kit, tmp_path)
    client = _client(root)
    secret = secrets_of(root)["S05"]
    bad = by_sector(kit, "S05")
    r = client.post(f"/s/{secret}", data={"file": (io.BytesIO(bad.read_bytes()), bad.name)})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "contiene 4 errori" in page
    assert page.count("VALUE-001") == 2 and "Fasi!E4" in page
    link = re.search(r'href="(/s/[^"]+/riscontro/\d+)"', page).group(1)
    fb = client.get(link)
    assert fb.status_code == 200 and fb.data[:2] == b"PK"
    # the check JSON when asked for
    r = client.post(
        f"/s/{secret}",
        data={"file": (io.BytesIO(bad.read_bytes()), bad.name)},
        headers={"Accept": "application/json"},
    )
    doc = r.get_json()
    assert list(doc)[:4] == ["valid", "findings", "stats", "files"]
    assert [(f["code"], f["cell"]) for f in doc["findings"]][:4] == [
        ("STRUCT-011", "E4"),
        ("VALUE-001", "H4"),
        ("VALUE-001", "H4"),
        ("VALUE-006", "J5"),
    ]
    assert doc["files"][0]["sector"] == "S05" and doc["files"][0]["values"]
    assert all(f["file"] == bad.name for f in doc["findings"])  # no server path
    good = kit.returns["S05_ok"]
    r = client.post(f"/s/{secret}", data={"file": (io.BytesIO(good.read_bytes()), good.name)})
    assert "è arrivato ed è valido" in r.get_data(as_text=True)
    # no file chosen
    r = client.post(f"/s/{secret}", data={})
    assert r.status_code == 400 and "DESK-006" in r.get_data(as_text=True)


def test_uploads_at_the_size_limit(tmp_path: Path, kit: Kit) -> None:
    import io

    root = copy_kit(kit, tmp_path)
    data = by_sector(kit, "S07").read_bytes()
    client = _client(root, upload_limit=len(data))
    secret = secrets_of(root)["S07"]
    at = client.post(
        f"/s/{secret}",
        data={"file": (io.BytesIO(data), "a.xlsx")},
        headers={"Accept": "application/json"},
    )
    assert at.status_code == 200 and at.get_json()["valid"] is True
    over = client.post(
        f"/s/{secret}",
        data={"file": (io.BytesIO(data + b"\0"), "b.xlsx")},
        headers={"Accept": "application/json"},
    )
    assert over.status_code == 413
    assert [f["code"] for f in over.get_json()["findings"]] == ["DESK-005"]
    near = client.post(f"/s/{secret}", data={"file": (io.BytesIO(data * 2), "c.xlsx")})
    assert near.status_code == 413 and "DESK-005" in near.get_data(as_text=True)
    # far past the limit: refused on its Content-Length, before the body is read
    far = client.post(f"/s/{secret}", data={"file": (io.BytesIO(data * 10), "d.xlsx")})
    assert far.status_code == 413 and "DESK-005" in far.get_data(as_text=True)
    c = Campaign.open(root)
    try:  # each recorded; only the one within the limit archived and counted
        assert [(r.name, r.accepted, bool(r.archive)) for r in c.ledger.receipts()] == [
            ("a.xlsx", True, True),
            ("b.xlsx", False, False),
            ("c.xlsx", False, False),
            ("(file troppo grande)", False, False),
        ]
    finally:
        c.close()


def test_no_path_is_taken_from_the_request(tmp_path: Path, kit: Kit) -> None:
    import io

    root = copy_kit(kit, tmp_path)
    client = _client(root)
    secret = secrets_of(root)["S07"]
    data = by_sector(kit, "S07").read_bytes()
    for name in ("../../evil.xlsx", "/etc/evil.xlsx", "..\\..\\evil.xlsx"):
        client.post(f"/s/{secret}", data={"file": (io.BytesIO(data + name.encode()), name)})
    assert not list(tmp_path.glob("evil*")) and not (root.parent.parent / "evil.xlsx").exists()
    names = sorted(p.name for p in (root / "archivio").rglob("*.xlsx"))
    assert names == ["evil.xlsx"] * 3
    _login(client)
    for path in (
        "/scarica/file/999",
        "/scarica/riscontro/1",
        "/scarica/sollecito/1",
        "/scarica/chiusura/1/riepilogo",
        "/settore/NOPE",
        "/scarica/file/..%2f..%2fx",
    ):
        assert client.get(path).status_code == 404, path


def test_the_log_hides_every_secret() -> None:
    s = "4oTLHdaZ0AW4yiheohmjuJJZmoP-2N2s"
    assert redact(f"GET /s/{s} 200") == "GET /s/<segreto> 200"
    assert redact(f"POST /s/{s}/riscontro/3 200") == "POST /s/<segreto>/riscontro/3 200"
    assert redact(f"errore con {s} dentro", frozenset({s})) == "errore con <segreto> dentro"


# -- the real server --------------------------------------------------------------------------


def _get(url: str, auth: str | None = None) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url)
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
    try:
        with OPENER.open(req, timeout=WAIT) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_twenty_uploads_at_once_lose_nothing(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    secret = secrets_of(root)
    server = Server(root, tmp_path / "serve.log", threads=8)
    try:
        jobs = []
        for n in range(20):  # four per sector, each a file of its own
            code = ("ND", "S05", "S07", "S08", "S05")[n % 5]
            src = kit.returns["S05_ok"] if n % 5 == 4 else by_sector(kit, code)
            jobs.append((code, f"{code}_{n}.xlsx", src.read_bytes() + f"#{n}".encode()))
        results: list[tuple[int, bytes] | None] = [None] * len(jobs)

        def send(i: int) -> None:
            code, name, data = jobs[i]
            results[i] = upload(f"{server.url}/s/{secret[code]}", name, data)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(jobs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=WAIT * 10)
        assert all(r is not None and r[0] == 200 for r in results), results
        docs = [json.loads(r[1]) for r in results if r]
        assert sorted(d["receipt"] for d in docs) == list(range(1, 21))
        status, body = _get(f"{server.url}/api/status", f"x:{PASSWORD}")
        assert status == 200
        states = {s["code"]: (s["state"], s["versions"]) for s in json.loads(body)["sectors"]}
        assert states == {
            "ND": ("valid", 4),
            "S05": ("valid", 8),
            "S07": ("valid", 4),
            "S08": ("valid", 4),
            "S09": ("missing", 0),
        }
    finally:
        server.stop()
    c = Campaign.open(root)
    try:
        receipts = c.ledger.receipts()
        assert len(receipts) == 20 and c.ledger.integrity() == "ok"
        assert sorted(r.name for r in receipts) == sorted(j[1] for j in jobs)
    finally:
        c.close()
    assert not any(s in server.logs() for s in secret.values())


def test_a_slow_client_blocks_no_one_and_a_restart_keeps_everything(
    tmp_path: Path, kit: Kit
) -> None:
    root = copy_kit(kit, tmp_path)
    secret = secrets_of(root)
    server = Server(root, tmp_path / "serve.log", threads=1)  # one worker thread only
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
    try:
        # a client that sends half an upload and then nothing
        slow.sendall(
            f"POST /s/{secret['S07']} HTTP/1.1\r\nHost: x\r\nContent-Length: 900000\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\n\r\n--b\r\n".encode()
        )
        broken = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
        broken.sendall(b"GET /s/\xff\xfe HTTP/1.1\r\nHost")  # and never the rest
        data = by_sector(kit, "S08").read_bytes()
        code, body = upload(f"{server.url}/s/{secret['S08']}", "S08.xlsx", data)
        assert code == 200 and json.loads(body)["valid"] is True  # served meanwhile
        broken.close()
    finally:
        slow.close()
        server.stop(kill=True)  # killed, not stopped: the ledger is the state
    again = Server(root, tmp_path / "serve2.log")
    try:
        status, body = _get(f"{again.url}/api/status", f"x:{PASSWORD}")
        assert status == 200
        states = {s["code"]: s["state"] for s in json.loads(body)["sectors"]}
        assert states["S08"] == "valid"
        code, page = _get(f"{again.url}/s/{secret['S08']}")
        assert code == 200 and "S08.xlsx" in page.decode()
    finally:
        again.stop()
    logs = server.logs() + again.logs()
    assert "/s/<segreto>" in logs
    assert not any(s in logs for s in secret.values())


def test_the_server_log_never_prints_a_secret(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    secret = secrets_of(root)
    server = Server(root, tmp_path / "serve.log")
    try:
        for code, s in secret.items():
            assert _get(f"{server.url}/s/{s}")[0] == 200
            assert _get(f"{server.url}/s/{s}/riscontro/77")[0] == 404
            assert _get(f"{server.url}/s/{s}/scheda")[0] == 200
            assert _get(f"{server.url}/s/{s[:-2]}?x={s}")[0] == 404
            del code
        time.sleep(0.5)
    finally:
        server.stop()
    logs = server.logs()
    assert logs.count("GET /s/<segreto>") >= 20
    for s in secret.values():
        assert s not in logs and s[:-2] not in logs


def test_the_pages_speak_english_with_lang_en(tmp_path: Path, kit: Kit) -> None:
    from .test_i18n import ITALIAN, _unquoted

    root = copy_kit(kit, tmp_path)
    client = _client(root, lang="en")
    secret = secrets_of(root)["S07"]
    login = client.get("/login").get_data(as_text=True)
    assert "Office login" in login and "Log in" in login
    page = client.get(f"/s/{secret}").get_data(as_text=True)
    assert "Download the workbook" in page and "Send the completed workbook" in page
    _login(client)
    board = client.get("/").get_data(as_text=True)
    assert "Campaign status" in board and "missing" in board
    for html in (login, page, board):
        shown = re.sub(r"<[^>]+>", " ", html)
        for name in ("Città di Cinisello Balsamo", "Monitoraggio intermedio al 30/06/2025"):
            shown = shown.replace(name, "")  # the plan's own data and the period as named
        shown = re.sub(r"SETT(ORE|\.)[A-Z ,.']+", "", shown)
        bad = ITALIAN.search(_unquoted(shown))
        assert bad is None, bad.group(0) if bad else ""


def test_a_sectors_history_and_the_diff_of_its_versions(tmp_path: Path, kit: Kit) -> None:
    from pegxl.campaign import incoming_from_paths, receive

    root = copy_kit(kit, tmp_path)
    draft = next(p for n, p in kit.returns.items() if "bozza" in n)
    final = by_sector(kit, "ND")
    c = Campaign.open(root)
    try:  # the final version received first, the draft (saved earlier) after it
        receive(c, incoming_from_paths(c, [final, draft]))
    finally:
        c.close()
    client = _client(root)
    _login(client)
    page = client.get("/settore/ND").get_data(as_text=True)
    assert page.count("superato") == 1 and page.count("conteggiato") == 1
    rows = re.findall(r'<td class="old">([^<]*)</td><td class="new">([^<]*)</td>', page)
    # the diff runs forward, from the version saved first to the one saved last
    assert rows and all(new != "—" for _, new in rows)  # the final fills what the draft left
    assert any(old == "—" for old, _ in rows)
    ids = re.findall(r'<option value="(\d+)" selected>', page)
    assert ids == ["2", "1"]  # da: the draft (receipt 2), a: the final (receipt 1)
    back = client.get("/settore/ND?da=1&a=2").get_data(as_text=True)
    assert re.findall(r'<option value="(\d+)" selected>', back) == ["1", "2"]
    assert client.get("/settore/ND?da=x&a=y").status_code == 200

"""pegxl campaign: a campaign folder, files received by every channel and archived by SHA-256,
the status the choice of versions gives, reminders, closings, and diff."""

from __future__ import annotations

import email
import email.policy
import json
import os
import stat
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pegxl.campaign import (
    Campaign,
    CampaignError,
    campaign_status,
    close_campaign,
    diff_files,
    incoming_from_paths,
    new_campaign,
    receive,
    remind,
)
from pegxl.campaign.ledger import LEDGER_NAME, verify_password
from pegxl.campaign.receive import Incoming, receive_one, safe_name
from pegxl.cli import main
from pegxl.model import Plan

from .campaign_kit import PASSWORD, PERIOD, Kit, by_sector, copy_kit, email_of, eml, kit
from .tables import flatten

__all__ = ["kit"]


def _open(root: Path) -> Campaign:
    return Campaign.open(root)


def _codes(findings: list[object]) -> list[tuple[object, ...]]:
    return flatten(findings, ["code", "severity"])  # type: ignore[arg-type]


def test_a_new_campaign_has_its_plan_workbooks_links_and_a_hashed_password(kit: Kit) -> None:
    c = _open(kit.root)
    try:
        rows = c.ledger.sectors()
        assert [r["code"] for r in rows] == [s.code for s in c.plan.sectors]
        secrets = [r["secret"] for r in rows]
        assert len(set(secrets)) == len(secrets)
        assert all(len(s) >= 22 for s in secrets)  # at least 128 random bits, URL-safe
        for r in rows:  # each workbook prints its own link, and only its own
            wb = openpyxl.load_workbook(kit.root / r["workbook"], read_only=True)
            shown = " ".join(str(v) for row in wb["Istruzioni"].values for v in row if v)
            wb.close()
            assert f"/s/{r['secret']}" in shown
            assert sum(s in shown for s in secrets) == 1
        stored = c.settings["password"]
        assert stored.startswith("scrypt$") and PASSWORD not in stored
        assert verify_password(PASSWORD, stored) and not verify_password("altra-password", stored)
        assert PASSWORD.encode() not in (kit.root / LEDGER_NAME).read_bytes()
        if os.name == "posix":
            assert stat.S_IMODE((kit.root / LEDGER_NAME).stat().st_mode) == 0o600
        assert c.period == PERIOD and c.settings["deadline"] == "2025-07-15"
    finally:
        c.close()


def test_new_refuses_a_used_folder_and_a_short_password(
    tmp_path: Path, seed_plan_path: Path
) -> None:
    used = tmp_path / "usata"
    used.mkdir()
    (used / "nota.txt").write_text("del collega")
    with pytest.raises(CampaignError) as e:
        new_campaign(used, seed_plan_path, PERIOD, PASSWORD)
    assert e.value.key == "campaign.not_empty"
    assert (used / "nota.txt").read_text() == "del collega"
    with pytest.raises(CampaignError) as e:
        new_campaign(tmp_path / "nuova", seed_plan_path, PERIOD, "corta")
    assert e.value.key == "campaign.short_password"
    assert not (tmp_path / "nuova").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["usata"]  # nothing half-made left behind


def test_the_base_url_makes_full_links(tmp_path: Path, seed_plan_path: Path) -> None:
    made = new_campaign(
        tmp_path / "c", seed_plan_path, PERIOD, PASSWORD, base_url="http://perf.comune.local:8765/"
    )
    assert made.campaign is not None
    links = [s.link for s in campaign_status(made.campaign).sectors]
    made.campaign.close()
    assert all(link.startswith("http://perf.comune.local:8765/s/") for link in links)
    # the example's sectors have no «E-mail referente»: each draft says so, and has no To
    made = remind(Campaign.open(tmp_path / "c"))
    assert flatten(made.findings, ["code", "raw"]) == [
        ("DESK-003", code) for code in ("S07", "S09", "S08", "S05", "ND")
    ]
    for _, path in made.drafts:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert (
            msg["To"] is None and "http://perf.comune.local:8765/s/" in msg.get_body().get_content()
        )


def test_receive_archives_judges_and_answers_with_feedback(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    c = _open(root)
    try:
        s05 = by_sector(kit, "S05")
        [got] = receive(c, incoming_from_paths(c, [s05]))
        assert (got.sector, got.status, got.accepted) == ("S05", "errors", True)
        assert flatten(got.findings, ["code", "cell"]) == [
            ("STRUCT-011", "E4"),
            ("VALUE-001", "H4"),
            ("VALUE-001", "H4"),
            ("VALUE-006", "J5"),
        ]
        assert got.feedback is not None and got.feedback.is_file()  # written at once
        [r] = c.ledger.receipts()
        assert (r.channel, r.name, r.sector, r.errors) == ("file", s05.name, "S05", 4)
        archived = root / r.archive
        assert archived.read_bytes() == s05.read_bytes()
        assert archived.parent.name == r.sha256 and archived.name == s05.name
        # the same bytes again: recorded again, archived once, one version
        [again] = receive(c, incoming_from_paths(c, [s05]))
        assert "DESK-004" in [f.code.value for f in again.findings]
        assert len(list((root / "archivio").iterdir())) == 1
        assert [s.versions for s in campaign_status(c).sectors if s.code == "S05"] == [1]
    finally:
        c.close()


def test_status_follows_the_choice_of_versions(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    c = _open(root)
    try:
        receive(c, incoming_from_paths(c, [*kit.returns.values()][:-1]))  # all but S05_ok
        doc = campaign_status(c).to_dict()
        assert list(doc) == ["valid", "findings", "period", "sectors"]
        states = {s["code"]: (s["state"], s["versions"]) for s in doc["sectors"]}
        # ND: a draft and a final (2 versions); S07 also sent the 31/12 workbook (another
        # period: not a version of this one); S09 sent nothing
        assert states == {
            "ND": ("valid", 2),
            "S05": ("errors", 1),
            "S07": ("valid", 1),
            "S08": ("valid", 1),
            "S09": ("missing", 0),
        }
        assert doc["valid"] is False and doc["period"] == "2025-06-30"
        s07 = next(s for s in doc["sectors"] if s["code"] == "S07")
        assert s07["link"].startswith("/s/") and s07["last_received"].endswith("Z")
        assert s07["counted"] == by_sector(kit, "S07").name
        assert ("STRUCT-019", "warning", "S09") in flatten(
            doc_findings(doc), ["code", "severity", "raw"]
        )
        # the corrected return turns S05 valid, and the status is valid
        receive(c, incoming_from_paths(c, [kit.returns["S05_ok"]]))
        after = campaign_status(c)
        assert [s.state for s in after.sectors if s.code == "S05"] == ["valid"]
        assert after.valid
        fates = [(r.sector, after.fate[r.archive].status.value) for r in c.ledger.receipts()]
        assert fates == [
            ("ND", "superato"),  # the draft, saved earlier
            ("ND", "conteggiato"),
            ("S05", "superato"),
            ("S07", "conteggiato"),
            ("S08", "conteggiato"),
            ("S07", "altro_periodo"),
            ("S05", "conteggiato"),
        ]
    finally:
        c.close()


def doc_findings(doc: dict[str, object]) -> list[object]:
    from pegxl.campaign.stages import finding_of

    out = []
    for d in doc["findings"]:  # type: ignore[attr-defined]
        out.append(finding_of({**d, "message_it": d["message"], "message_en": d["message"]}))
    return out


def test_an_email_brings_its_attachment_and_its_sender(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    s07 = by_sector(kit, "S07")
    good = eml(tmp_path / "da_referente.eml", s07, email_of("S07").upper())
    other = eml(tmp_path / "da_altri.eml", by_sector(kit, "S08"), "qualcuno@altrove.example")
    empty = eml(tmp_path / "vuota.eml", None, email_of("S09"))
    damaged = tmp_path / "rotta.eml"
    damaged.write_bytes(
        b"From: x@y\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n"
        b"Content-Disposition: attachment; filename=a.xlsx\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!notbase64\r\n"
    )
    msg = tmp_path / "outlook.msg"
    msg.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    c = _open(root)
    try:
        got = receive(c, incoming_from_paths(c, [good, other, empty, damaged, msg]))
        assert [(g.name, g.sector, g.accepted) for g in got] == [
            (s07.name, "S07", True),
            (by_sector(kit, "S08").name, "S08", True),
            ("vuota.eml", None, False),
            ("a.xlsx", None, True),
            ("outlook.msg", None, False),
        ]
        assert [f.code.value for f in got[0].findings] == []  # the referente, any case
        assert flatten(got[1].findings, ["code", "raw", "expected"]) == [
            ("VALUE-025", "No", None),  # the demo's S08 left a forecast No without criticità
            ("DESK-001", "qualcuno@altrove.example", email_of("S08")),
        ]
        assert [f.code.value for f in got[2].findings] == ["FILE-037"]
        assert got[3].status == "rejected"  # undecodable bytes: not a workbook
        assert [f.code.value for f in got[4].findings] == ["FILE-038"]
        receipts = c.ledger.receipts()
        assert [(r.channel, r.sender) for r in receipts[:2]] == [
            ("email", email_of("S07")),
            ("email", "qualcuno@altrove.example"),
        ]
        assert receipts[0].received.year == 2026 or receipts[0].received.year >= 2025
        archived = root / receipts[0].archive  # dated by the e-mail's Date, in UTC
        assert int(archived.stat().st_mtime) == 1751526900
    finally:
        c.close()


def test_a_file_of_another_sector_through_a_link_is_refused(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    c = _open(root)
    try:
        data = by_sector(kit, "S08").read_bytes()
        got = receive_one(c, Incoming("x.xlsx", data, "upload", "127.0.0.1", via_sector="S07"))
        assert not got.accepted and got.feedback is None
        assert flatten(got.findings, ["code", "raw", "expected"])[-1] == ("DESK-002", "S08", "S07")
        states = {s.code: (s.state, s.versions) for s in campaign_status(c).sectors}
        assert states["S08"] == ("missing", 0) and states["S07"] == ("missing", 0)
    finally:
        c.close()


def test_names_from_outside_never_become_paths() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\scheda.xlsx") == "scheda.xlsx"
    assert safe_name("..") == "scheda.xlsx"
    assert safe_name(".bashrc") == "bashrc"
    assert safe_name('a<b>:"|?*.xlsx') == "a_b______.xlsx"
    assert safe_name("\x00\x1b.xlsx") == "__.xlsx"
    assert len(safe_name("a" * 500 + ".xlsx").encode()) <= 120


def test_remind_drafts_an_eml_per_sector_due(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    c = _open(root)
    try:
        receive(c, incoming_from_paths(c, [by_sector(kit, "S05"), by_sector(kit, "S07")]))
        made = remind(c)
        assert [code for code, _ in made.drafts] == ["S09", "S08", "S05", "ND"]
        assert made.findings == []
        drafts = {code: p for code, p in made.drafts}
        s05 = email.message_from_bytes(drafts["S05"].read_bytes(), policy=email.policy.default)
        assert s05["To"] == email_of("S05") and s05["X-Unsent"] == "1"
        assert "correggere" in s05["Subject"]
        body = s05.get_body(("plain",)).get_content()
        assert "Fasi!E4" in body and "/s/" in body and "15/07/2025" in body
        [attached] = list(s05.iter_attachments())
        assert attached.get_filename().endswith("_riscontro.xlsx")  # the feedback
        s09 = email.message_from_bytes(drafts["S09"].read_bytes(), policy=email.policy.default)
        [attached] = list(s09.iter_attachments())
        assert attached.get_filename().startswith("PEG_2025-06-30_S09_")  # the workbook
        assert [m.sector for m in c.ledger.reminders()] == ["S09", "S08", "S05", "ND"]
        assert {s.code: s.reminders for s in campaign_status(c).sectors}["S07"] == 0
    finally:
        c.close()


def test_close_keeps_every_closing(tmp_path: Path, kit: Kit) -> None:
    root = copy_kit(kit, tmp_path)
    c = _open(root)
    try:
        receive(c, incoming_from_paths(c, [by_sector(kit, "S07")]))
        first = close_campaign(c)
        receive(c, incoming_from_paths(c, [by_sector(kit, "S08")]))
        second = close_campaign(c)
        assert first.folder != second.folder
        assert first.master.is_file() and first.report.is_file()
        assert second.master.is_file() and second.report.is_file()
        assert first.result.scores.rollups[-1].measured < second.result.scores.rollups[-1].measured
        assert [r["master"] for r in c.ledger.closings()] == [
            c.relative(first.master),
            c.relative(second.master),
        ]
    finally:
        c.close()


def test_diff_lists_every_changed_value_by_id(tmp_path: Path, kit: Kit) -> None:
    draft = next(p for n, p in kit.returns.items() if "bozza" in n)
    final = by_sector(kit, "ND")
    d = diff_files(draft, final)
    assert d.readable and d.findings == []
    assert {(c.sheet, c.column) for c in d.changes} == {("Indicatori", "Valore Raggiunto")}
    assert all(c.old_cell == c.new_cell for c in d.changes)
    filled = [c for c in d.changes if not c.old]
    assert filled and all(c.new for c in filled)
    assert diff_files(final, final).changes == []
    other = diff_files(final, by_sector(kit, "S05"))
    assert flatten(other.findings, ["code"]) == [("DESK-007",)]
    bad = tmp_path / "x.xlsx"
    bad.write_text("non è una scheda")
    broken = diff_files(final, bad)
    assert not broken.readable and broken.changes == []
    assert [f.code.value for f in broken.findings] == ["FILE-006"]


def test_campaign_commands_end_to_end(
    tmp_path: Path, kit: Kit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEGXL_OFFICE_PASSWORD", PASSWORD)
    root = tmp_path / "c"
    plan = tmp_path / "p.xlsx"
    plan.write_bytes((kit.root / "piano.xlsx").read_bytes())
    assert (
        main(
            [
                "campaign",
                "new",
                str(root),
                "--plan",
                str(plan),
                "--period",
                "2025-06-30",
                "--format",
                "json",
            ]
        )
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    assert made["valid"] is True
    assert [s["code"] for s in made["sectors"]] == ["S07", "S09", "S08", "S05", "ND"]
    assert main(["campaign", "new", str(root), "--plan", str(plan), "--period", "2025-06-30"]) == 2
    capsys.readouterr()
    mail = eml(tmp_path / "m.eml", by_sector(kit, "S07"), email_of("S07"))
    assert main(["campaign", "receive", str(root), str(mail), str(by_sector(kit, "S05"))]) == 1
    out = capsys.readouterr().out
    assert "[S07]  ok" in out and "[S05]  con errori" in out
    assert main(["campaign", "status", str(root), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {s["code"]: s["state"] for s in doc["sectors"]}["S07"] == "valid"
    assert main(["campaign", "status", str(root), "--lang", "en"]) == 1
    assert "with errors" in capsys.readouterr().out
    assert main(["campaign", "remind", str(root)]) == 0
    assert "solleciti da inviare" in capsys.readouterr().out
    assert main(["campaign", "close", str(root)]) == 1  # S05 counted with errors
    assert "riepilogo_2025-06-30.xlsx" in capsys.readouterr().out
    assert main(["campaign", "status", str(tmp_path)]) == 2  # not a campaign
    assert "non è una cartella di campagna" in capsys.readouterr().err
    monkeypatch.delenv("PEGXL_OFFICE_PASSWORD")
    assert (
        main(
            ["campaign", "new", str(tmp_path / "d"), "--plan", str(plan), "--period", "2025-06-30"]
        )
        == 2
    )
    assert "PEGXL_OFFICE_PASSWORD" in capsys.readouterr().err


def test_diff_command(kit: Kit, capsys: pytest.CaptureFixture[str]) -> None:
    draft = next(p for n, p in kit.returns.items() if "bozza" in n)
    assert main(["diff", str(draft), str(by_sector(kit, "ND")), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == ["valid", "findings", "old", "new", "changes"]
    assert doc["changes"] and set(doc["changes"][0]) == {
        "sheet",
        "row_id",
        "column",
        "old_cell",
        "new_cell",
        "old",
        "new",
    }
    assert main(["diff", str(draft), str(by_sector(kit, "ND"))]) == 0
    assert "valori cambiati." in capsys.readouterr().out
    assert main(["diff", str(draft), "manca.xlsx"]) == 2


def test_a_plan_with_errors_makes_no_campaign(tmp_path: Path, seed_plan: Plan) -> None:
    from dataclasses import replace

    from pegxl import save_plan

    dup = replace(seed_plan, sectors=(*seed_plan.sectors, seed_plan.sectors[0]))
    path = save_plan(dup, tmp_path / "doppio.xlsx")
    made = new_campaign(tmp_path / "c", path, PERIOD, PASSWORD, deadline=date(2025, 7, 15))
    assert made.campaign is None and any(f.severity.value == "error" for f in made.findings)
    assert not (tmp_path / "c").exists()

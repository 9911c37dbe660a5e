"""``pegxl demo``: the whole cycle on the embedded Cinisello Balsamo example, as a user runs it.

Each step is the real command (import, generate, check with feedback, consolidate with the
HTML report), shown before it runs; between them, the sector workbooks are filled in as sector
staff would (:func:`simulate_returns`): most values are plausible, one sector sends a first
version and then a corrected one, one makes the mistakes the office meets every campaign (text
in a number cell, an end date before the start, a changed plan cell, a fraction typed for a
percentage), one also sends the workbook of another period, and one does not reply at all.
Deterministic for a given seed: the same demo gives the same master and report.

This module is long because it is the whole cycle told once: the two-VP import and the blank
plan, the 30/06 campaign and its simulated answers, the variation and the 31/12 report, the
campaign folder; each step is a short function, in the order a newcomer reads them.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from pegxl import resources
from pegxl.findings import Finding
from pegxl.i18n import LANGS, text
from pegxl.model import INDICATORS_SHEET, PHASES_SHEET, Period, Plan, Variation
from pegxl.outputs import (
    OutputKind,
    OutputRefused,
    Outputs,
    atomic_path,
    seal_zip,
    terminal_text,
)
from pegxl.values import Kind, Value
from pegxl.workbook import layout

__all__ = ["DemoResult", "run_demo", "simulate_returns"]

#: the period the demo monitors, and whom the workbooks go back to
PERIOD = date(2025, 6, 30)
CONTACT = "Ufficio Performance, performance@comune.example"

#: runs one command of the cycle (its argv, and how to show it); returns its exit code
Step = Callable[[list[str], str], int]


@dataclass
class DemoResult:
    """How the demo ended (an exit code), the findings of the check, and what it wrote."""

    code: int
    findings: list[Finding] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """The working folder is ``folder`` for a step (and what it was before, after)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run_demo(out_dir: str | Path, lang: str, step: Step) -> DemoResult:
    """The cycle into ``out_dir``: import, generate for 30/06/2025, simulated returns, check with
    feedback, consolidate with the report; then where everything is. Stops at the first step
    that fails (its exit code)."""
    out = Path(out_dir)
    try:
        Outputs().folder(out, OutputKind.WORKBOOK)
    except OutputRefused as e:
        return DemoResult(2, e.findings())
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "plan": out / "piano.xlsx",
        "workbooks": out / f"schede_{PERIOD.isoformat()}",
        "returns": out / f"risposte_{PERIOD.isoformat()}",
        "feedback": out / "riscontri",
        "master": out / f"riepilogo_{PERIOD.isoformat()}.xlsx",
        "report": out / f"relazione_{PERIOD.isoformat()}.html",
        "workbooks_final": out / f"schede_{FINAL.isoformat()}",
        "returns_final": out / f"risposte_{FINAL.isoformat()}",
        "master_final": out / f"riepilogo_{FINAL.isoformat()}.xlsx",
        "report_final": out / f"relazione_{FINAL.isoformat()}.html",
        "pdf_final": out / f"relazione_{FINAL.isoformat()}.pdf",
        "campaign": out / "campagna",
        "mail": out / "posta",
        "entity_plan": out / "piano-ente.xlsx",
        "blank_plan": out / "piano-vuoto.xlsx",
    }
    plan_path = paths["plan"]
    example = resources.example_plan_text()
    rc = step(
        ["import", str(example), "-o", str(plan_path)],
        f"import {resources.EXAMPLE_NAME} -o {plan_path}",
    )
    if rc:
        return DemoResult(rc)
    rc = _whole_plan(paths, step, lang)
    if rc:
        return DemoResult(rc)
    june = paths["workbooks"]
    rc = step(
        [
            "generate",
            str(plan_path),
            "--period",
            PERIOD.isoformat(),
            "-o",
            str(june),
            "--contact",
            CONTACT,
        ],
        f"generate {plan_path} --period {PERIOD.isoformat()} -o {june}",
    )
    if rc:
        return DemoResult(rc)
    from pegxl.plan.workbook_reader import load

    plan = load(plan_path).plan
    assert plan is not None
    period = Period.of(PERIOD)
    try:
        filled = simulate_returns(plan, sorted(june.glob("*.xlsx")), period, paths["returns"])
    except OutputRefused as e:
        return DemoResult(2, e.findings())
    print("\n" + text("cli.demo_simulated", lang, n=len(filled)))
    returns, feedback = paths["returns"], paths["feedback"]
    rc = step(
        ["check", str(plan_path), str(returns), "--feedback", str(feedback)],
        f"check {plan_path} {returns} --feedback {feedback}",
    )
    if rc not in (0, 1):  # findings are expected: the simulated sectors made the usual mistakes
        return DemoResult(rc)
    master, report_page = paths["master"], paths["report"]
    with _inside(out):  # the master lists its inputs' paths: from inside the folder, the same
        # master whatever folder the demo is run into
        rc = step(
            [
                "consolidate",
                plan_path.name,
                returns.name,
                "-o",
                master.name,
                "--html",
                report_page.name,
            ],
            f"consolidate {plan_path} {returns} -o {master} --html {report_page}",
        )
    if rc not in (0, 1):
        return DemoResult(rc)
    rc = _campaign(plan_path, returns, paths, step, lang)
    if rc:
        return DemoResult(rc)
    rc = _final_campaign(plan_path, paths, step, lang)
    if rc not in (0, 1):
        return DemoResult(rc)
    from pegxl.results.consolidate import consolidate

    result = consolidate(plan, [returns])
    print("\n" + text("cli.demo_where", lang))
    for key, path in paths.items():  # a folder's name as typed, never a control character
        print(terminal_text(f"  {text(f'demo.{key}', lang):<28} {path}"))
    return DemoResult(0, result.findings, {k: str(v) for k, v in paths.items()})


def _whole_plan(paths: dict[str, Path], step: Step, lang: str) -> int:
    """The entity's whole plan from two exports (one per Valore Pubblico), and the blank plan a
    town without an export starts from; the cycle then goes on with the first export's plan."""
    vp4, vp2 = resources.example_plan_text(), resources.example_vp2_text()
    entity, blank = paths["entity_plan"], paths["blank_plan"]
    rc = step(
        ["import", str(vp4), str(vp2), "-o", str(entity)],
        f"import {resources.EXAMPLE_NAME} {resources.EXAMPLE_VP2_NAME} -o {entity}",
    )
    if rc:
        return rc
    argv = ["init", "-o", str(blank), "--ente", "Città di Cinisello Balsamo", "--anno", "2025"]
    if blank.exists() and Outputs().refusal(blank, OutputKind.PLAN) is None:
        argv.append("--force")  # the demo run again: its own blank plan, untouched, replaced
    return step(argv, f'init -o {blank} --ente "Città di Cinisello Balsamo" --anno 2025')


#: the final report the demo runs after the 30/06 campaign, and the variation the Giunta
#: approves in between (an act dated after the 30/06 monitoring: June stays measured against
#: the original target, December against the new one)
FINAL = date(2025, 12, 31)
ACT = "Deliberazione di Giunta comunale n. 187"
ACT_DATE = date(2025, 7, 24)


def _final_campaign(plan_path: Path, paths: dict[str, Path], step: Step, lang: str) -> int:
    """After the 30/06 campaign: the Giunta approves one variation (a row of the plan's
    «Variazioni»), then the final report runs on the varied plan — generate (with the 30/06
    values as reference), simulated returns that explain every shortfall, consolidate with the
    Relazione as HTML and, when WeasyPrint is installed, as PDF/A."""
    from pegxl.plan.workbook_reader import load
    from pegxl.plan.workbook_writer import save

    plan = load(plan_path).plan
    assert plan is not None
    variation = _approved_variation(plan)
    if variation is not None:  # the office types the row into «Variazioni»
        from dataclasses import replace

        plan = replace(plan, variations=(variation,))
        save(plan, plan_path)
        print(
            "\n"
            + text(
                "cli.demo_variation",
                lang,
                id=variation.row_id,
                original=variation.original,
                new=variation.new,
                act=variation.act,
                date=f"{variation.act_date:%d/%m/%Y}",
            )
        )
    end = FINAL.isoformat()
    folder, master = paths["workbooks_final"], paths["master"]
    argv = ["generate", str(plan_path), "--period", end, "-o", str(folder)]
    rc = step(
        [*argv, "--prefill", str(master), "--contact", CONTACT],
        f"generate {plan_path} --period {end} -o {folder} --prefill {master}",
    )
    if rc:
        return rc
    returns = paths["returns_final"]
    try:
        simulate_returns(plan, sorted(folder.glob("*.xlsx")), Period.of(FINAL), returns, 2026)
    except OutputRefused as e:
        print(e)
        return 2
    from pegxl.results.pdf import available

    out = [str(plan_path), str(returns), "-o", str(paths["master_final"])]
    out += ["--html", str(paths["report_final"])]
    if available():
        out += ["--pdf", str(paths["pdf_final"])]
    return step(["consolidate", *out], "consolidate " + " ".join(out))


def _approved_variation(plan: Plan) -> Variation | None:
    """The variation the demo's Giunta approves: the first numeric target of a sector that
    replies without mistakes (the third by code: the first sends a draft, the second makes
    the usual mistakes, the last does not reply), lowered by a fifth."""
    codes = sorted(s.code for s in plan.sectors if plan.objectives_of(s.code))
    for code in codes[2:-1] + codes[:2]:
        for o in plan.objectives_of(code):
            for i in o.indicators:
                t = i.target
                if t is not None and t.kind is Kind.NUMBER and float(t.value) >= 5:  # type: ignore[arg-type]
                    lowered = float(round(float(t.value) * 0.8))  # type: ignore[arg-type]
                    new = Value(Kind.NUMBER, lowered, "", t.decimals)
                    reason = (
                        "Rimodulazione proposta dal settore al monitoraggio del 30/06: "
                        "risorse assegnate ridotte in assestamento di bilancio"
                    )
                    return Variation(i.id, "target", t, new, reason, ACT, ACT_DATE)
    return None


#: the motivazioni a sector writes for a shortfall at the final report, with the cause it
#: chooses (a fifth of the shortfalls are left without a cause: the office sees it at once)
_EXPLAINED = (
    ("Meno richieste dei cittadini di quelle previste", "esogena"),
    ("Posto vacante nel servizio per sei mesi", "endogena"),
    ("L'indicatore conta un'attività trasferita ad altro ente", "indicatore da rivedere"),
    ("Ritardo del fornitore nella consegna", "esogena"),
    ("Procedura di gara riavviata", ""),
)


def _explain_shortfalls(plan: Plan, ws: Any, period: Period, rnd: random.Random) -> None:
    """At the final report, the Note and the «Causa dello scostamento» of every indicator the
    sector filled below its target (by the plan in force at the period's end)."""
    from pegxl.returns.validate import shortfall
    from pegxl.values import parse

    if not period.policy.explain_shortfall:
        return
    indicators = plan.as_of(period.end).indicator_index()
    achieved, note = _column(ws, "col.achieved"), _column(ws, "col.note")
    cause = _column(ws, "col.cause")
    for r in range(3, ws.max_row + 1):
        i = indicators.get(str(ws.cell(r, 1).value))
        v = ws.cell(r, achieved).value
        if i is None or i.target is None or v is None:
            continue
        try:
            if isinstance(v, datetime):
                value = Value(Kind.DATE, v.date())
            else:
                value = parse(str(v), i.kind) if isinstance(v, str) else Value(i.kind, float(v))
        except (TypeError, ValueError):
            continue
        if shortfall(i, value):
            why, what = rnd.choice(_EXPLAINED)
            ws.cell(r, note).value = why
            ws.cell(r, cause).value = what or None


#: the office password of the demo's campaign (a real campaign asks for one, or reads it from
#: PEGXL_OFFICE_PASSWORD)
DEMO_PASSWORD = "demo-pegxl"


def _campaign(plan_path: Path, returns: Path, paths: dict[str, Path], step: Step, lang: str) -> int:
    """The same period run as a campaign: ``campaign new``, one return arriving as a saved
    e-mail and the others from the folder (``campaign receive``), ``status``, ``remind`` and
    ``close``. A campaign folder an earlier demo made is made again; any other is left alone
    (exit 2)."""
    import shutil

    from pegxl.campaign.ledger import LEDGER_NAME, Ledger

    folder, mail = paths["campaign"], paths["mail"]
    if folder.exists():
        ledger_path = folder / LEDGER_NAME
        ours = False
        if ledger_path.is_file():
            ledger = Ledger(ledger_path)
            ours = ledger.meta().get("demo") == "1"
            ledger.close()
        if not ours:
            print(terminal_text(text("cli.demo_not_ours", lang, path=folder)))
            return 2
        shutil.rmtree(folder)
    if not os.environ.get("PEGXL_OFFICE_PASSWORD"):
        os.environ["PEGXL_OFFICE_PASSWORD"] = DEMO_PASSWORD
    password = os.environ["PEGXL_OFFICE_PASSWORD"]
    os.environ["PEGXL_DEMO_CAMPAIGN"] = "1"
    try:
        rc = step(
            [
                "campaign",
                "new",
                str(folder),
                "--plan",
                str(plan_path),
                "--period",
                PERIOD.isoformat(),
                "--deadline",
                "2025-07-15",
                "--contact",
                CONTACT,
            ],
            f"campaign new {folder} --plan {plan_path} --period {PERIOD.isoformat()} "
            "--deadline 2025-07-15",
        )
    finally:
        os.environ.pop("PEGXL_DEMO_CAMPAIGN", None)
    if rc:
        return rc
    if password == DEMO_PASSWORD:
        print(terminal_text(text("cli.demo_password", lang, password=password, path=folder)))
    s07 = sorted(returns.glob(f"PEG_{PERIOD.isoformat()}_S07_*_compilato.xlsx"))
    message = mail / "risposta_S07.eml"
    if s07:
        write_email(message, s07[0], "s07.referente@comune.example", datetime(2025, 7, 3, 9, 15))
    others = [p for p in sorted(returns.iterdir()) if p.is_file() and p not in s07]
    for argv, shown in (
        (["receive", str(folder), str(message)], f"campaign receive {folder} {message}"),
        (
            ["receive", str(folder), *map(str, others)],
            f"campaign receive {folder} {returns}/…  ({len(others)} file)",
        ),
        (["status", str(folder)], f"campaign status {folder}"),
        (["remind", str(folder)], f"campaign remind {folder}"),
        (["close", str(folder)], f"campaign close {folder}"),
    ):
        rc = step(["campaign", *argv], shown)
        if rc not in (0, 1):  # a sector with errors is expected
            return rc
    return 0


def write_email(path: Path, attachment: Path, sender: str, when: datetime) -> Path:
    """A saved e-mail (``.eml``) from ``sender`` with ``attachment``, as a mail program saves a
    message it received."""
    import email.utils
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = f"Referente S07 <{sender}>"
    msg["To"] = CONTACT.split(", ")[-1]
    msg["Subject"] = "PEG 2025 - monitoraggio al 30/06 - scheda compilata"
    msg["Date"] = email.utils.format_datetime(when.replace(tzinfo=UTC))
    msg.set_content("Buongiorno, in allegato la scheda compilata del settore.\nCordiali saluti")
    msg.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_bytes(msg.as_bytes())
    return path


def stamp_saved(path: Path, when: datetime) -> None:
    """Set the time a workbook says it was last saved (``dcterms:modified``, UTC) and the
    file's own time, as if a sector had saved it then: the demo's returns are dated, not
    stamped with the moment the demo ran, so the same demo gives the same master."""
    import re
    import zipfile

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    tmp = path.with_name(path.name + ".stamp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
            info.date_time = (2000, 1, 1, 0, 0, 0)
            dst.writestr(info, data)
    tmp.replace(path)
    ts = when.replace(tzinfo=UTC).timestamp()
    os.utime(path, (ts, ts))


def simulate_returns(
    plan: Plan, workbooks: Sequence[Path], period: Period, out_dir: Path, seed: int = 2025
) -> list[Path]:
    """Fill all but the last workbook; return the filled copies (the originals are untouched).

    The first sector sends a first version with half its indicators empty, then a complete
    one five days later; the second makes the usual mistakes; the third also sends, by
    mistake, the workbook of the final report, filled in early. Each copy is dated as if the
    sector had saved it in the first days of July. The copies follow the output rules: they
    replace only simulated returns of an earlier demo (:class:`~pegxl.outputs.OutputRefused`
    otherwise)."""
    rnd = random.Random(seed)
    outputs = Outputs(workbooks)
    out_dir = outputs.folder(out_dir, OutputKind.SIMULATED)
    filled = list(workbooks[:-1])
    targets = [out_dir / src.name.replace(".xlsx", "_compilato.xlsx") for src in filled]
    first_draft = (
        out_dir / filled[0].name.replace(".xlsx", "_compilato_bozza.xlsx") if filled else None
    )
    year_end = date(period.end.year, 12, 31)
    # the third sector also sends the final report's workbook, filled in early (unless this is
    # the final report already)
    early = len(filled) > 2 and period.end != year_end
    other = _other_period_name(plan, period, filled[2]) if early else None
    extra = [p for p in (first_draft, other and out_dir / other.name) if p is not None]
    outputs.claim_all([(t, OutputKind.SIMULATED) for t in [*targets, *extra]])
    out_dir.mkdir(parents=True, exist_ok=True)
    july = datetime(period.end.year, period.end.month, period.end.day) + timedelta(days=3)
    written = []
    for n, (src, target) in enumerate(zip(filled, targets, strict=True)):
        saved = july + timedelta(days=n, hours=9 + n)
        if n == 0 and first_draft is not None:  # a first version, replaced five days later
            draft_saved = july - timedelta(days=2, hours=-10)
            fill = _Fill(plan, period, random.Random(seed), draft=True)
            fill.write(src, first_draft, draft_saved, outputs)
            written.append(first_draft)
            saved = july + timedelta(days=5, hours=11)
        _Fill(plan, period, rnd, mistakes=n == 1).write(src, target, saved, outputs)
        written.append(target)
    if other is not None:  # the final report's workbook, sent by mistake with June's
        final = Period.of(year_end)
        with tempfile.TemporaryDirectory() as tmp:
            from pegxl.workbook.writer import generate

            sector = filled[2].name.split("_")[2]
            [src] = generate(plan, final, Path(tmp), [sector]).files
            saved = july + timedelta(days=1, hours=16)
            _Fill(plan, final, rnd).write(src, out_dir / other.name, saved, outputs)
        written.append(out_dir / other.name)
    return written


def _other_period_name(plan: Plan, period: Period, june: Path) -> Path:
    """The name the final report's workbook of the same sector has, filled in."""
    final = f"{period.end.year}-12-31"
    return Path(
        june.name.replace(period.end.isoformat(), final).replace(".xlsx", "_compilato.xlsx")
    )


@dataclass
class _Fill:
    """How one sector fills in its workbook: plausible progress and values; with ``mistakes``
    the errors the office meets every campaign; a ``draft`` leaves half the indicators
    empty."""

    plan: Plan
    period: Period
    rnd: random.Random
    mistakes: bool = False
    draft: bool = False

    def write(self, src: Path, target: Path, saved: datetime, outputs: Outputs) -> None:
        """Fill a copy of ``src`` into ``target``, dated ``saved`` and sealed as a simulated
        return, whole before it replaces an earlier demo's copy (kept in the archive when it
        differs, ``outputs.kept``)."""
        with outputs.atomic(target) as tmp:
            _fill(self.plan, src, tmp, self.period, self.rnd, self.mistakes, self.draft)
            stamp_saved(tmp, saved)
            seal_zip(tmp, OutputKind.SIMULATED)


def _column(ws: Any, key: str) -> int:
    """The 1-based column of a sheet whose header is ``key``'s, in the workbook's language."""
    heads = [c.value for c in ws[2]]
    return next(heads.index(text(key, lang)) + 1 for lang in LANGS if text(key, lang) in heads)


def _fill(
    plan: Plan,
    src: Path,
    target: Path,
    period: Period,
    rnd: random.Random,
    mistakes: bool,
    draft: bool = False,
) -> None:
    """Fill one workbook as a sector would (see :class:`_Fill`) and save it as ``target``."""
    import openpyxl

    indicators = {i.id: i for i in plan.indicators()}
    wb = openpyxl.load_workbook(src)
    fasi, ind = wb[PHASES_SHEET], wb[INDICATORS_SHEET]
    start = datetime(period.end.year, 1, 1)
    progress_col = _column(fasi, "col.progress")
    for r in range(3, fasi.max_row + 1):
        if "/" not in str(fasi.cell(r, 1).value):
            continue
        progress = rnd.choice([30, 40, 50, 50, 60, 75, 100])
        fasi.cell(r, progress_col).value = progress
        fasi.cell(r, progress_col + 1).value = start + timedelta(days=rnd.randint(0, 40))
        if progress == 100:
            fasi.cell(r, progress_col + 2).value = start + timedelta(days=rnd.randint(60, 170))
    col = _column(ind, "col.achieved")
    for k, r in enumerate(range(3, ind.max_row + 1)):
        i = indicators.get(str(ind.cell(r, 1).value))
        if i is None or i.target is None or (draft and k % 2):
            continue
        value: str | float | datetime
        if i.kind is Kind.DONE:
            value = rnd.choice(["Fatto", "Fatto", "Non fatto"])
        elif i.kind in (Kind.NUMBER, Kind.PERCENT):
            share = rnd.uniform(0.4, 0.9) if period.end.month < 12 else rnd.uniform(0.7, 1.1)
            value = round(float(i.target.value) * share, 0)  # type: ignore[arg-type]
        elif i.kind is Kind.DATE:
            value = datetime(period.end.year, 5, 31)
        else:
            value = "in corso"
        ind.cell(r, col).value = value
    if layout.S_MONITORING in wb.sheetnames:
        _answer(wb, plan, indicators, random.Random(f"{src.name}-{period.iso}"))
    if mistakes:
        fasi["H4"] = "circa metà"
        fasi["I5"], fasi["J5"] = (
            datetime(period.end.year, 3, 1),
            datetime(period.end.year, 2, 1),
        )
        fasi["H5"] = 100
        fasi["E4"] = 99
        ind.cell(4, col).value = (
            0.85 if indicators[str(ind.cell(4, 1).value)].kind is Kind.PERCENT else "quasi"
        )
    _explain_shortfalls(plan, ind, period, rnd)
    wb.save(target)


#: what a sector writes when an objective is late or at risk (criticità, corrective action, a
#: proposal of rimodulazione and its reason)
_ISSUES = (
    (
        "Gara andata deserta a maggio; personale ridotto di due unità.",
        "Nuova procedura negoziata avviata a giugno; supporto di un'unità da altro servizio.",
        "Spostare la conclusione della fase di gara a fine novembre.",
        "La gara deserta ha fatto slittare l'aggiudicazione di circa tre mesi.",
    ),
    (
        "Ritardo nel trasferimento dei fondi regionali.",
        "Sollecito alla Regione; attività avviate con fondi propri dove possibile.",
        "Ridurre il valore atteso in proporzione ai fondi effettivamente disponibili.",
        "Il finanziamento regionale è arrivato a giugno invece che a febbraio.",
    ),
    (
        "Il partner esterno ha chiesto di rinviare l'avvio del progetto.",
        "Calendario concordato di nuovo con il partner; incontri mensili di verifica.",
        "",
        "",
    ),
)


def _answer(wb: Any, plan: Plan, indicators: dict[str, Any], rnd: random.Random) -> None:
    """The monitoring sheet of an interim workbook as a sector fills it in: for most objectives
    In linea and reachable by 31/12; for some late or critical ones the criticità, the
    corrective actions and a proposal of rimodulazione with its reason — in words, and as a
    new planned end on Fasi or a new target on Indicatori; one forecast No left without its
    criticità, as happens."""
    mon, fasi, ind = wb[layout.S_MONITORING], wb[PHASES_SHEET], wb[INDICATORS_SHEET]
    heads = {key: _column(mon, f"col.{key}") for key in layout.MONITORING_INPUTS}
    end_col = _column(fasi, f"col.{layout.PROPOSED_END}")
    target_col = _column(ind, f"col.{layout.PROPOSED_TARGET}")
    phase_rows = {str(fasi.cell(r, 1).value): r for r in range(3, fasi.max_row + 1)}
    ind_rows = {str(ind.cell(r, 1).value): r for r in range(3, ind.max_row + 1)}
    forgot = False
    for r in range(3, mon.max_row + 1):
        code = str(mon.cell(r, 1).value or "")
        try:
            o = next(x for x in plan.objectives if x.code == code)
        except StopIteration:
            continue
        roll = rnd.random()
        issue = rnd.choice(_ISSUES)
        if roll < 0.5:
            answers = {"declared_state": "In linea", "forecast": "Sì"}
        elif roll < 0.72:
            answers = {
                "declared_state": "In ritardo",
                "forecast": "Parzialmente",
                "criticita": issue[0],
                "actions": issue[1],
                "proposal": issue[2] if roll > 0.66 else "",
                "proposal_reason": issue[3] if roll > 0.66 else "",
            }
        else:
            answers = {
                "declared_state": "Critico",
                "forecast": "No",
                "criticita": issue[0],
                "actions": issue[1],
                "proposal": issue[2],
                "proposal_reason": issue[3] or issue[0],
            }
            if not forgot and roll > 0.9:  # a No with its criticità left for later
                answers.pop("criticita")
                forgot = True
            last = o.phases[-1] if o.phases else None
            if last is not None and last.planned_end is not None and last.id in phase_rows:
                new_end = datetime(last.planned_end.year, 11, 30)
                fasi.cell(phase_rows[last.id], end_col).value = new_end
            numeric = [i for i in o.indicators if i.kind in (Kind.NUMBER, Kind.PERCENT)]
            if numeric and numeric[0].id in ind_rows and numeric[0].target is not None:
                lower = round(float(numeric[0].target.value) * 0.8, 0)  # type: ignore[arg-type]
                ind.cell(ind_rows[numeric[0].id], target_col).value = lower
        for key, value in answers.items():
            if value:
                mon.cell(r, heads[key]).value = value

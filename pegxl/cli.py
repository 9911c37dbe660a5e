"""The ``pegxl`` command: a thin layer over the library.

Exit codes: 0 all good (warnings allowed), 1 findings of severity error in any input (the plan
included), 2 usage or setup error (bad arguments, a file that cannot be found, read as a workbook
or written), 3 an unexpected error inside pegxl (a bug; the traceback with ``PEGXL_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pegxl import __version__, findings, resources
from pegxl.findings import Code, Finding, Severity, make
from pegxl.model import Period, PeriodKind, Plan
from pegxl.outputs import (
    OutputKind,
    OutputRefused,
    Outputs,
    display_name,
    json_text,
    terminal_text,
    write_error,
)
from pegxl.plan import planbook, planload
from pegxl.plan.pegtext import import_text
from pegxl.values import ParseError, format_date, parse_date

if TYPE_CHECKING:
    from pegxl.returns.batch import CheckReport

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

_T = {
    "it": {
        "written": "Piano scritto in {path}: {sectors} settori, {objectives} obiettivi, "
        "{phases} fasi, {indicators} indicatori.",
        "summary": "{error} errori, {warning} avvisi, {info} informazioni.",
        "not_written": "Nessun piano scritto.",
        "internal": "Errore interno di pegxl ({err}). Rieseguire con PEGXL_DEBUG=1 per i "
        "dettagli e segnalarlo.",
        "cannot_write": "Impossibile scrivere {path}: {err}",
        "demo_dir": "Cartella della demo: {path}",
        "plan_errors": "Il piano {path} contiene errori: correggerli prima di generare le schede.",
        "unknown_sector": "Settore sconosciuto: {code}. Settori del piano: {codes}.",
        "bad_date": "Data non valida per {opt}: {err}",
        "generated": "{n} cartelle scritte in {out} ({label}):",
        "status": {
            "ok": "ok",
            "warnings": "con avvisi",
            "errors": "con errori",
            "rejected": "rifiutato",
        },
        "total": "Totale: {files} file — {ok} ok, {warnings} con avvisi, {errors} con errori, "
        "{rejected} rifiutati; {values} valori letti.",
        "no_files": "Nessun file da controllare.",
        "feedback": "Schede di riscontro scritte in {path}: {n}.",
    },
    "en": {
        "written": "Plan written to {path}: {sectors} sectors, {objectives} objectives, "
        "{phases} phases, {indicators} indicators.",
        "summary": "{error} errors, {warning} warnings, {info} info.",
        "not_written": "No plan written.",
        "internal": "pegxl internal error ({err}). Run again with PEGXL_DEBUG=1 for details "
        "and report it.",
        "cannot_write": "Cannot write {path}: {err}",
        "demo_dir": "Demo folder: {path}",
        "plan_errors": "The plan {path} has errors: correct them before generating workbooks.",
        "unknown_sector": "Unknown sector: {code}. Sectors of the plan: {codes}.",
        "bad_date": "Invalid date for {opt}: {err}",
        "generated": "{n} workbooks written to {out} ({label}):",
        "status": {"ok": "ok", "warnings": "warnings", "errors": "errors", "rejected": "rejected"},
        "total": "Total: {files} files — {ok} ok, {warnings} with warnings, {errors} with errors, "
        "{rejected} rejected; {values} values read.",
        "no_files": "No files to check.",
        "feedback": "Feedback workbooks written to {path}: {n}.",
    },
}


def _t(lang: str, key: str, **kw: object) -> str:
    text = _T["en" if lang == "en" else "it"][key]
    assert isinstance(text, str)
    return text.format(**kw)


# -- what reaches the terminal ----------------------------------------------------------------


def _say(text: object = "", err: bool = False) -> None:
    """Print a line for a person: nothing a user typed (an ESC, a BEL, a link, a carriage
    return, a name that is not UTF-8) reaches the terminal as a control character."""
    stream = sys.stderr if err else sys.stdout
    stream.write(terminal_text(str(text)) + "\n")


def _data(text: str) -> None:
    """Print machine-readable output (JSON, CSV) as it is to a file or pipe; to a terminal with
    its control characters shown as escapes, like everything else."""
    sys.stdout.write(terminal_text(text) if sys.stdout.isatty() else text)


def _safe_streams() -> None:
    """Whatever the terminal's encoding, a character it cannot show is written as an escape,
    never a crash (a file name from a Windows zip, Italian text on an ASCII console)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _print_findings(items: Sequence[Finding], lang: str) -> None:
    table = findings.render_table(items, lang)
    if table:
        _say(table)
    _say(_t(lang, "summary", **findings.count(items)))


def _refused(e: OutputRefused, lang: str) -> int:
    """Outputs the command may not write: said, and a usage error."""
    items = e.findings()
    _say(findings.render_table(items, lang), err=True)
    return EXIT_USAGE


def _write_failed(path: object, e: OSError, lang: str) -> int:
    """An output the system would not let us write (full disk, read-only folder, name too
    long): said, and a setup error."""
    f = write_error(str(e.filename or path), e)
    _say(findings.render_table([f], lang), err=True)
    return EXIT_USAGE


# -- the plan and the period every command starts from ------------------------------------------


def _load_plan(path: str, lang: str) -> tuple[Plan | None, int]:
    """The plan, or why not with the exit code: 2 when the file cannot be read as a plan
    workbook (not found, a folder, not a workbook, too large), 1 when it has errors."""
    loaded = planload.load(path)
    if loaded.plan is None:
        _print_findings(loaded.findings, lang)
        return None, EXIT_USAGE
    if findings.has_errors(loaded.findings):
        _print_findings(loaded.findings, lang)
        _say(_t(lang, "plan_errors", path=path), err=True)
        return None, EXIT_ERRORS
    return loaded.plan, EXIT_OK


def _plan_findings(path: str) -> list[Finding]:
    """The plan's warnings, to show where a command reports on the plan."""
    return planload.load(path).findings


def _period(
    text: str, opt: str, plan: Plan, lang: str, kind: str | None = None
) -> tuple[Period | None, list[Finding]]:
    """The period of ``--period``: ``None`` (said) when it is not a date or lies more than a
    year from the plan's year; a warning when it is in the year before or after."""
    end = _date_arg(text, opt, lang)
    if end is None:
        return None, []
    gap = abs(end.year - plan.year) if plan.year else 0
    if gap == 0:
        return Period.of(end, kind), []
    f = make(
        Code.PERIOD_OUTSIDE_YEAR,
        raw=format_date(end),
        expected=str(plan.year),
        severity=Severity.ERROR if gap > 1 else None,
    )
    if gap > 1:
        _say(findings.render_table([f], lang), err=True)
        return None, []
    return Period.of(end, kind), [f]


def _date_arg(text: str, opt: str, lang: str) -> date | None:
    try:
        value = parse_date(text).value
    except ParseError as e:
        _say(_t(lang, "bad_date", opt=opt, err=e.message(lang)), err=True)
        return None
    assert isinstance(value, date)
    return value


# -- commands ------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """pegxl import EXPORT.txt -o PLAN.xlsx"""
    lang = args.lang
    result = import_text(args.export)
    if result.plan is None and result.findings and result.findings[0].code == "FILE-001":
        _print_findings(result.findings, lang)  # the input does not exist: a usage error
        return EXIT_USAGE
    written: Path | None = None
    if result.plan is not None:
        outputs = Outputs([args.export], force=args.force)
        try:
            written = planbook.save(result.plan, args.output, lang=lang, outputs=outputs)
        except OutputRefused as e:
            return _refused(e, lang)
        except OSError as e:
            return _write_failed(args.output, e, lang)
    if args.format == "json":
        out = {
            "ok": written is not None,
            "output": str(written) if written else None,
            "stats": result.plan.stats() if result.plan else None,
            "findings": [f.to_dict(lang) for f in result.findings],
        }
        _data(json_text(out) + "\n")
    else:
        _print_findings(result.findings, lang)
        if written is not None and result.plan is not None:
            _say(_t(lang, "written", path=written, **result.plan.stats()))
        else:
            _say(_t(lang, "not_written"))
    return EXIT_OK if written is not None else EXIT_ERRORS


def cmd_generate(args: argparse.Namespace) -> int:
    """pegxl generate PLAN.xlsx --period 2025-06-30 -o OUT_DIR"""
    from pegxl.workbook.writer import GenerateOptions, generate

    lang = args.lang
    deadline = _date_arg(args.deadline, "--deadline", lang) if args.deadline else None
    if args.deadline and deadline is None:
        return EXIT_USAGE
    plan, rc = _load_plan(args.plan, lang)
    if plan is None:
        return rc
    period, notes = _period(args.period, "--period", plan, lang, args.kind)
    if period is None:
        return EXIT_USAGE
    codes = [s.code for s in plan.sectors]
    for code in args.sector or []:
        if code not in codes:
            _say(_t(lang, "unknown_sector", code=code, codes=", ".join(codes)), err=True)
            return EXIT_USAGE
    inputs: list[str] = [args.plan]
    prefill = None
    if args.prefill:
        from pegxl.returns.batch import expand_paths, load_prefill

        inputs += map(str, expand_paths([args.prefill]))
        prefill_result = load_prefill(plan, [args.prefill], fill_inputs=args.prefill_inputs)
        _print_findings(prefill_result.findings, lang)
        if prefill_result.prefill is None:
            return EXIT_ERRORS
        prefill = prefill_result.prefill
    options = GenerateOptions(
        password=args.password,
        prefill=prefill,
        lang=lang,
        deadline=deadline,
        contact=args.contact or "",
    )
    outputs = Outputs(inputs, force=args.force)
    try:
        result = generate(plan, period, args.output, args.sector, options, outputs)
    except OutputRefused as e:
        return _refused(e, lang)
    except OSError as e:
        return _write_failed(args.output, e, lang)
    shown = [*_plan_findings(args.plan), *notes]
    if shown:
        _print_findings(shown, lang)
    _say(_t(lang, "generated", n=len(result.files), out=args.output, label=period.label(lang)))
    for f in result.files:
        _say(f"  {f.name}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """pegxl check PLAN.xlsx RETURN..."""
    from pegxl.returns.batch import check, expand_paths
    from pegxl.returns.feedback import write_feedbacks

    lang = args.lang
    plan, rc = _load_plan(args.plan, lang)
    if plan is None:
        return rc
    period = None
    notes: list[Finding] = []
    if args.period:
        period, notes = _period(args.period, "--period", plan, lang)
        if period is None:
            return EXIT_USAGE
    files = expand_paths(args.returns)
    if not files:
        _say(_t(lang, "no_files"), err=True)
        return EXIT_USAGE
    outputs = Outputs([args.plan, *files])
    if args.feedback:
        try:  # a feedback "folder" that is a file: said before the batch is read
            outputs.folder(args.feedback, OutputKind.FEEDBACK)
        except OutputRefused as e:
            return _refused(e, lang)
    show = sys.stderr.isatty() and args.format == "text"

    def progress(n: int, total: int, path: Path) -> None:
        if show:
            bar = "#" * (24 * n // total)
            name = terminal_text(display_name(path.name)[:40], keep="")
            sys.stderr.write(f"\r[{bar:<24}] {n}/{total} {name:<40}")

    report = check(plan, files, period=period, progress=progress)
    report.batch[:0] = notes
    if show:
        sys.stderr.write("\r" + " " * 80 + "\r")
    crashed = False
    if args.feedback:
        fb = write_feedbacks(plan, report.returns, args.feedback, outputs, lang)
        report.outputs.extend(fb.findings)
        crashed = fb.crashed
        if args.format == "text":
            _say(_t(lang, "feedback", path=args.feedback, n=len(fb.written)))
    if args.format == "json":
        _data(report.to_json(lang) + "\n")
    elif args.format == "csv":
        _data(report.to_csv(lang))
    else:
        _print_check_text(report, lang)
    if crashed:
        _say(_t(lang, "internal", err="feedback"), err=True)
        return EXIT_BUG
    if findings.has_errors(report.outputs):
        return EXIT_USAGE
    return EXIT_OK if report.valid else EXIT_ERRORS


def _print_check_text(report: CheckReport, lang: str) -> None:
    labels = _T["en" if lang == "en" else "it"]["status"]
    assert isinstance(labels, dict)
    for r in report.returns:
        period = f"{r.period.end:%d/%m/%Y}" if r.period else "—"
        n = findings.count(r.findings)
        _say(
            f"{display_name(Path(r.path).name)}  [{r.sector or '—'} {period}]  {labels[r.status]}"
            f"  ({n['error']} E, {n['warning']} W, {n['info']} I; {len(r.values)} valori)"
        )
        table = findings.render_table(r.findings, lang)
        if table:
            _say("\n".join("    " + line for line in table.splitlines()))
    table = findings.render_table(report.batch + report.outputs, lang)
    if table:
        _say(table)
    s = report.stats
    _say(
        _t(
            lang,
            "total",
            **{k: s[k] for k in ("files", "ok", "warnings", "errors", "rejected", "values")},
        )
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """pegxl demo OUT_DIR: the whole cycle on the embedded Cinisello Balsamo example."""
    lang = args.lang
    out = Path(args.out_dir)
    try:
        Outputs().folder(out, OutputKind.WORKBOOK)
    except OutputRefused as e:
        return _refused(e, lang)
    out.mkdir(parents=True, exist_ok=True)
    _say(_t(lang, "demo_dir", path=out))
    plan_path = out / "piano.xlsx"
    _say(f"$ pegxl import {resources.EXAMPLE_NAME} -o {plan_path}")
    ns = argparse.Namespace(
        export=str(resources.example_plan_text()),
        output=str(plan_path),
        format="table",
        lang=lang,
        force=False,
    )
    rc = cmd_import(ns)
    if rc != EXIT_OK:
        return rc
    june = out / "schede_2025-06-30"
    _say(f"\n$ pegxl generate {plan_path} --period 2025-06-30 -o {june}")
    ns = argparse.Namespace(
        plan=str(plan_path),
        period="2025-06-30",
        kind=None,
        output=str(june),
        sector=None,
        password=None,
        prefill=None,
        prefill_inputs=False,
        deadline=None,
        contact="Ufficio Performance, performance@comune.example",
        lang=lang,
        force=False,
    )
    rc = cmd_generate(ns)
    if rc != EXIT_OK:
        return rc
    from pegxl.demo import simulate_returns

    loaded = planload.load(plan_path)
    assert loaded.plan is not None
    returns = out / "risposte_2025-06-30"
    period = Period.of(date(2025, 6, 30))
    try:
        filled = simulate_returns(loaded.plan, sorted(june.glob("*.xlsx")), period, returns)
    except OutputRefused as e:
        return _refused(e, lang)
    _say(f"\n(simulated: {len(filled)} sectors return their workbook, one does not reply)")
    feedback = out / "riscontri"
    _say(f"\n$ pegxl check {plan_path} {returns} --feedback {feedback}")
    ns = argparse.Namespace(
        plan=str(plan_path),
        returns=[str(returns)],
        format="text",
        feedback=str(feedback),
        period=None,
        lang=lang,
    )
    rc = cmd_check(ns)  # findings are expected: the simulated sectors made the usual mistakes
    return rc if rc in (EXIT_USAGE, EXIT_BUG) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``pegxl`` command."""
    p = argparse.ArgumentParser(
        prog="pegxl",
        description="Run the PEG / PIAO performance-plan cycle through spreadsheets.",
    )
    p.add_argument("--version", action="version", version=f"pegxl {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--lang",
            choices=("it", "en"),
            default="it",
            help="language of messages and workbook texts (default: it)",
        )

    sp = sub.add_parser(
        "import",
        help="import a PEG-PIAO text export into a plan workbook",
        description="Import the text export of the PEG-PIAO report into the plan workbook.\n\n"
        "example:\n  pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("export", help="the PEG-PIAO text export (.txt)")
    sp.add_argument("-o", "--output", required=True, help="the plan workbook to write (.xlsx)")
    sp.add_argument(
        "--force",
        action="store_true",
        help="replace the output even if it is not a plan workbook pegxl wrote and left untouched "
        "(never an input)",
    )
    sp.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="how to print the findings (default: table)",
    )
    common(sp)
    sp.set_defaults(func=cmd_import)

    sp = sub.add_parser(
        "generate",
        help="write one locked fill-in workbook per sector",
        description="Write one workbook per sector for a monitoring period: structure locked, only "
        "the yellow input cells editable.\n\nexample:\n"
        "  pegxl generate piano.xlsx --period 2025-06-30 -o schede/\n"
        "  pegxl generate piano.xlsx --period 2025-12-31 -o finali/ --prefill risposte_giugno/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("plan", help="the plan workbook (from pegxl import)")
    sp.add_argument(
        "--period",
        required=True,
        help="the date the values refer to, e.g. 2025-06-30 or 30/06/2025",
    )
    sp.add_argument(
        "--kind",
        choices=[k.value for k in PeriodKind],
        default=None,
        help="intermedio or finale (default: finale for 31/12, else intermedio)",
    )
    sp.add_argument("-o", "--output", required=True, help="folder for the workbooks")
    sp.add_argument(
        "--force",
        action="store_true",
        help="replace a workbook of the same name even if pegxl did not write it or it was "
        "changed since (never an input)",
    )
    sp.add_argument(
        "--sector",
        action="append",
        metavar="CODE",
        help="only this sector (repeatable); default: every sector",
    )
    sp.add_argument("--password", default=None, help="password for sheet and structure protection")
    sp.add_argument(
        "--prefill",
        default=None,
        metavar="RETURNS",
        help="returns of the previous period (folder or file): their values are shown "
        "in locked 'al 30/06' columns",
    )
    sp.add_argument(
        "--prefill-inputs",
        action="store_true",
        help="with --prefill, also copy those values into the editable cells",
    )
    sp.add_argument("--deadline", default=None, help="return date shown in the instructions")
    sp.add_argument(
        "--contact",
        default=None,
        help="whom to send the workbook back to, shown in the instructions",
    )
    common(sp)
    sp.set_defaults(func=cmd_generate)

    sp = sub.add_parser(
        "check",
        help="read filled-in returns back and report every problem",
        description="Check returns (.xlsx or .ods, files or folders) against the plan: identity, "
        "integrity and values. Exit 0 when every file is fine, 1 when any has errors or was "
        "rejected, 2 on usage errors.\n\nexample:\n"
        "  pegxl check piano.xlsx risposte/ --feedback riscontri/\n"
        "  pegxl check piano.xlsx risposte/*.xlsx --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("plan", help="the plan workbook")
    sp.add_argument("returns", nargs="+", help="returns: files or folders")
    sp.add_argument("--format", choices=("text", "json", "csv"), default="text")
    sp.add_argument(
        "--feedback",
        metavar="DIR",
        default=None,
        help="write a marked-up copy of each return with findings into DIR",
    )
    sp.add_argument(
        "--period", default=None, help="the expected period (default: the one most files declare)"
    )
    common(sp)
    sp.set_defaults(func=cmd_check)

    sp = sub.add_parser(
        "demo",
        help="run the whole cycle on the embedded Cinisello Balsamo example",
        description="Run the whole cycle on the embedded example plan of Città di Cinisello "
        "Balsamo (2025).\n\nexample:\n  pegxl demo demo-out",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("out_dir", help="folder for everything the demo writes")
    common(sp)
    sp.set_defaults(func=cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pegxl`` console script."""
    _safe_streams()
    args = build_parser().parse_args(argv)
    lang = getattr(args, "lang", "it")
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except OutputRefused as e:
        return _refused(e, lang)
    except OSError as e:  # the system refused a file: a setup problem, said in words
        return _write_failed(e.filename or "", e, lang)
    except Exception as e:  # never a traceback for the user
        if os.environ.get("PEGXL_DEBUG"):
            traceback.print_exc()
        _say(_t(lang, "internal", err=type(e).__name__), err=True)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

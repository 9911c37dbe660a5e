"""The ``pegxl`` command: a thin layer over the library.

Exit codes: 0 all good (warnings allowed), 1 findings of severity error, 2 usage or setup error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pegxl import __version__, findings, planbook, planload, resources
from pegxl.findings import Finding
from pegxl.model import Period, PeriodKind
from pegxl.pegtext import import_text
from pegxl.values import ParseError, parse_date

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

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


def _print_findings(items: Sequence[Finding], lang: str) -> None:
    table = findings.render_table(items, lang)
    if table:
        print(table)
    print(_t(lang, "summary", **findings.count(items)))


def cmd_import(args: argparse.Namespace) -> int:
    """pegxl import EXPORT.txt -o PLAN.xlsx"""
    lang = args.lang
    result = import_text(args.export)
    if result.plan is None and result.findings and result.findings[0].code == "FILE-001":
        _print_findings(result.findings, lang)  # the input does not exist: a usage error
        return EXIT_USAGE
    written: Path | None = None
    if result.plan is not None:
        try:
            written = planbook.save(result.plan, args.output, lang=lang)
        except OSError as e:
            print(_t(lang, "cannot_write", path=args.output, err=e.strerror or e), file=sys.stderr)
            return EXIT_USAGE
    if args.format == "json":
        out = {
            "ok": written is not None,
            "output": str(written) if written else None,
            "stats": result.plan.stats() if result.plan else None,
            "findings": [f.to_dict(lang) for f in result.findings],
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_findings(result.findings, lang)
        if written is not None and result.plan is not None:
            print(_t(lang, "written", path=written, **result.plan.stats()))
        else:
            print(_t(lang, "not_written"))
    return EXIT_OK if written is not None else EXIT_ERRORS


def _date_arg(text: str, opt: str, lang: str) -> object:
    try:
        return parse_date(text).value
    except ParseError as e:
        print(_t(lang, "bad_date", opt=opt, err=e.message(lang)), file=sys.stderr)
        return None


def _load_plan_or_report(path: str, lang: str) -> planload.LoadResult | None:
    loaded = planload.load(path)
    if loaded.plan is None or findings.has_errors(loaded.findings):
        _print_findings(loaded.findings, lang)
        print(_t(lang, "plan_errors", path=path), file=sys.stderr)
        return None
    return loaded


def cmd_generate(args: argparse.Namespace) -> int:
    """pegxl generate PLAN.xlsx --period 2025-06-30 -o OUT_DIR"""
    from pegxl.writer import GenerateOptions, generate

    lang = args.lang
    end = _date_arg(args.period, "--period", lang)
    deadline = _date_arg(args.deadline, "--deadline", lang) if args.deadline else None
    if end is None or (args.deadline and deadline is None):
        return EXIT_USAGE
    if not Path(args.plan).exists():
        print(_t(lang, "cannot_write", path=args.plan, err="file not found"), file=sys.stderr)
        return EXIT_USAGE
    loaded = _load_plan_or_report(args.plan, lang)
    if loaded is None:
        return EXIT_ERRORS
    plan = loaded.plan
    assert plan is not None
    codes = [s.code for s in plan.sectors]
    for code in args.sector or []:
        if code not in codes:
            print(_t(lang, "unknown_sector", code=code, codes=", ".join(codes)), file=sys.stderr)
            return EXIT_USAGE
    period = Period.of(end, args.kind)  # type: ignore[arg-type]
    prefill = None
    if args.prefill:
        from pegxl.check import load_prefill

        prefill_result = load_prefill(plan, [args.prefill], fill_inputs=args.prefill_inputs)
        _print_findings(prefill_result.findings, lang)
        if prefill_result.prefill is None:
            return EXIT_ERRORS
        prefill = prefill_result.prefill
    options = GenerateOptions(
        password=args.password,
        prefill=prefill,
        lang=lang,
        deadline=deadline,  # type: ignore[arg-type]
        contact=args.contact or "",
    )
    result = generate(plan, period, args.output, args.sector, options)
    if loaded.findings:
        _print_findings(loaded.findings, lang)
    print(_t(lang, "generated", n=len(result.files), out=args.output, label=period.label(lang)))
    for f in result.files:
        print(f"  {f.name}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """pegxl check PLAN.xlsx RETURN..."""
    from pegxl.check import check, expand_paths

    lang = args.lang
    if not Path(args.plan).exists():
        print(_t(lang, "cannot_write", path=args.plan, err="file not found"), file=sys.stderr)
        return EXIT_USAGE
    loaded = _load_plan_or_report(args.plan, lang)
    if loaded is None:
        return EXIT_USAGE  # a broken plan is a setup error, not a finding about the returns
    plan = loaded.plan
    assert plan is not None
    period = None
    if args.period:
        end = _date_arg(args.period, "--period", lang)
        if end is None:
            return EXIT_USAGE
        period = Period.of(end)  # type: ignore[arg-type]
    files = expand_paths(args.returns)
    if not files:
        print(_t(lang, "no_files"), file=sys.stderr)
        return EXIT_USAGE
    show = sys.stderr.isatty() and args.format == "text"

    def progress(n: int, total: int, path: Path) -> None:
        if show:
            bar = "#" * (24 * n // total)
            print(f"\r[{bar:<24}] {n}/{total} {path.name[:40]:<40}", end="", file=sys.stderr)

    report = check(plan, files, period=period, progress=progress)
    if show:
        print("\r" + " " * 80 + "\r", end="", file=sys.stderr)
    if args.feedback:
        from pegxl.report import write_feedback

        written = [p for r in report.returns if (p := write_feedback(plan, r, args.feedback, lang))]
        if args.format == "text":
            print(_t(lang, "feedback", path=args.feedback, n=len(written)))
    if args.format == "json":
        print(report.to_json(lang))
    elif args.format == "csv":
        sys.stdout.write(report.to_csv(lang))
    else:
        _print_check_text(report, lang)
    return EXIT_OK if report.valid else EXIT_ERRORS


def _print_check_text(report: object, lang: str) -> None:
    from pegxl.check import CheckReport

    assert isinstance(report, CheckReport)
    labels = _T["en" if lang == "en" else "it"]["status"]
    assert isinstance(labels, dict)
    for r in report.returns:
        period = f"{r.period.end:%d/%m/%Y}" if r.period else "—"
        n = findings.count(r.findings)
        print(
            f"{Path(r.path).name}  [{r.sector or '—'} {period}]  {labels[r.status]}"
            f"  ({n['error']} E, {n['warning']} W, {n['info']} I; {len(r.values)} valori)"
        )
        table = findings.render_table(r.findings, lang)
        if table:
            print("\n".join("    " + line for line in table.splitlines()))
    table = findings.render_table(report.batch, lang)
    if table:
        print(table)
    s = report.stats
    print(
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
    out.mkdir(parents=True, exist_ok=True)
    print(_t(lang, "demo_dir", path=out))
    plan = out / "piano.xlsx"
    print(f"$ pegxl import {resources.EXAMPLE_NAME} -o {plan}")
    ns = argparse.Namespace(
        export=str(resources.example_plan_text()), output=str(plan), format="table", lang=lang
    )
    rc = cmd_import(ns)
    if rc != EXIT_OK:
        return rc
    june = out / "schede_2025-06-30"
    print(f"\n$ pegxl generate {plan} --period 2025-06-30 -o {june}")
    ns = argparse.Namespace(
        plan=str(plan),
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
    )
    rc = cmd_generate(ns)
    if rc != EXIT_OK:
        return rc
    from pegxl.demo import simulate_returns

    loaded = planload.load(plan)
    assert loaded.plan is not None
    returns = out / "risposte_2025-06-30"
    period = Period.of(date(2025, 6, 30))
    filled = simulate_returns(loaded.plan, sorted(june.glob("*.xlsx")), period, returns)
    print(f"\n(simulated: {len(filled)} sectors return their workbook, one does not reply)")
    feedback = out / "riscontri"
    print(f"\n$ pegxl check {plan} {returns} --feedback {feedback}")
    ns = argparse.Namespace(
        plan=str(plan),
        returns=[str(returns)],
        format="text",
        feedback=str(feedback),
        period=None,
        lang=lang,
    )
    cmd_check(ns)  # findings are expected: the simulated sectors made the usual mistakes
    return EXIT_OK


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
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # never a traceback for the user
        if os.environ.get("PEGXL_DEBUG"):
            traceback.print_exc()
        print(_t(getattr(args, "lang", "it"), "internal", err=type(e).__name__), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

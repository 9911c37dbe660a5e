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
from pathlib import Path

from pegxl import __version__, findings, planbook, resources
from pegxl.findings import Finding
from pegxl.pegtext import import_text

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
    },
}


def _t(lang: str, key: str, **kw: object) -> str:
    return _T["en" if lang == "en" else "it"][key].format(**kw)


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


def cmd_demo(args: argparse.Namespace) -> int:
    """pegxl demo OUT_DIR: the whole cycle on the embedded Cinisello Balsamo example."""
    lang = args.lang
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    print(_t(lang, "demo_dir", path=out))
    print(f"$ pegxl import {resources.EXAMPLE_NAME} -o {out / 'piano.xlsx'}")
    ns = argparse.Namespace(
        export=str(resources.example_plan_text()),
        output=str(out / "piano.xlsx"),
        format="table",
        lang=lang,
    )
    return cmd_import(ns)


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

"""The ``pegxl`` command: a thin layer over the library, one contract for every command.

Every command takes ``--format text|json`` (``check`` also ``csv``) and ``--lang it|en``. JSON
always has the same top level, ``{"valid": bool, "findings": [...], ...}``. Exit codes, the same
in every command: 0 all good (warnings allowed); 1 findings of severity error in any input, the
plan included; 2 a usage or setup error (bad arguments, a file that cannot be found, read as a
workbook, or written); 3 an unexpected error inside pegxl (a bug: a short message, the traceback
with ``PEGXL_DEBUG=1``).

Nothing heavy is imported before a command needs it, so ``pegxl --help`` answers at once.
This module is long because it is the whole command-line contract in one place: every
command's arguments, help text, output and exit code, each a thin call into the library.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pegxl import __version__
from pegxl.i18n import text

if TYPE_CHECKING:
    from pegxl.findings import Finding
    from pegxl.model import Period, Plan
    from pegxl.outputs import OutputRefused
    from pegxl.returns.report import CheckReport

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


# -- what reaches the terminal ----------------------------------------------------------------


def _say(message: object = "", err: bool = False) -> None:
    """Print a line for a person: nothing a user typed (an ESC, a BEL, a link, a carriage
    return, a name that is not UTF-8) reaches the terminal as a control character."""
    from pegxl.outputs import terminal_text

    stream = sys.stderr if err else sys.stdout
    stream.write(terminal_text(str(message)) + "\n")


def _data(document: str) -> None:
    """Print machine-readable output (JSON, CSV) as it is to a file or pipe; to a terminal with
    its control characters shown as escapes, like everything else."""
    from pegxl.outputs import terminal_text

    sys.stdout.write(terminal_text(document) if sys.stdout.isatty() else document)


def _utf8_data(document: str) -> None:
    """Print a document that must reach a file as UTF-8 whatever the console's code page (the
    CSV for Excel, its byte order mark first); to a terminal, as :func:`_data` does, without
    the mark."""
    from pegxl.outputs import BOM

    buffer = getattr(sys.stdout, "buffer", None)
    if sys.stdout.isatty() or buffer is None:
        _data(document.removeprefix(BOM))
        return
    sys.stdout.flush()
    buffer.write(document.encode("utf-8", "replace"))
    buffer.flush()


def _safe_streams() -> None:
    """Whatever the terminal's encoding, a character it cannot show is written as an escape,
    never a crash (a file name from a Windows zip, Italian text on an ASCII console)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


class _Out:
    """What a command says: findings and lines for a person, or one JSON document."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.lang: str = args.lang
        self.json = args.format == "json"

    def table(self, items: Sequence[Finding], summary: bool = True, err: bool = False) -> None:
        """Findings as a table for a person (nothing in JSON mode: they go in the document)."""
        from pegxl.findings import count, render_table

        if self.json:
            return
        rendered = render_table(items, self.lang)
        if rendered:
            _say(rendered, err=err)
        if summary:
            _say(text("cli.summary", self.lang, **count(items)), err=err)

    def line(self, key: str, **params: object) -> None:
        """A catalogue text for a person, on stdout (nothing in JSON mode)."""
        if not self.json:
            _say(text(key, self.lang, **params))

    def document(self, valid: bool, items: Sequence[Finding], **extra: object) -> None:
        """The JSON document of the command: ``valid``, ``findings``, then its own keys."""
        if self.json:
            from pegxl.outputs import json_text

            doc = {"valid": valid, "findings": [f.to_dict(self.lang) for f in items], **extra}
            _data(json_text(doc) + "\n")

    def fail(self, items: Sequence[Finding], code: int = EXIT_USAGE) -> int:
        """A command that cannot go on: its findings (on stderr, or as the JSON document)."""
        from pegxl.findings import render_table

        if self.json:
            self.document(False, items)
        else:
            rendered = render_table(items, self.lang)
            if rendered:
                _say(rendered, err=True)
        return code


def _refused(out: _Out, e: OutputRefused) -> int:
    """Outputs the command may not write: said, and a usage error."""
    return out.fail(e.findings())


def _write_failed(out: _Out, path: object, e: OSError) -> int:
    """An output the system would not let us write (full disk, read-only folder, name too
    long): said, and a setup error."""
    from pegxl.outputs import write_error

    return out.fail([write_error(str(e.filename or path), e)])


def _not_found(out: _Out, paths: Sequence[str]) -> int | None:
    """A usage error when an input named on the command line does not exist."""
    from pegxl.findings import Code, make, os_error

    missing = [p for p in paths if not os.path.lexists(p)]
    if not missing:
        return None
    return out.fail(
        [make(Code.FILE_UNREADABLE, file=p, detail=os_error(FileNotFoundError())) for p in missing]
    )


# -- the plan and the period every command starts from ------------------------------------------


def _load_plan(out: _Out, path: str) -> tuple[Plan | None, list[Finding], int]:
    """The plan and its findings, or why not with the exit code: 2 when the file cannot be read
    as a plan workbook (not found, a folder, not a workbook, too large), 1 when it has
    errors."""
    from pegxl.findings import has_errors
    from pegxl.plan import planload

    loaded = planload.load(path)
    if loaded.plan is None:
        return None, loaded.findings, out.fail(loaded.findings)
    # the plan lives as long as the command: the cyclic collector need never scan its objects
    # again (a region's plan is half a million of them; see pegxl.memory)
    gc.freeze()
    if has_errors(loaded.findings):
        out.fail(loaded.findings, EXIT_ERRORS)
        _say(text("cli.plan_errors", out.lang, path=path), err=True)
        return None, loaded.findings, EXIT_ERRORS
    return loaded.plan, loaded.findings, EXIT_OK


def _date(out: _Out, value: str, opt: str) -> date | None:
    """The date of an option, or ``None`` (said) when it is not one."""
    from pegxl.values import ParseError, parse_date

    try:
        parsed = parse_date(value).value
    except ParseError as e:
        _say(text("cli.bad_date", out.lang, opt=opt, err=e.message.get(out.lang)), err=True)
        return None
    assert isinstance(parsed, date)
    return parsed


def _period(
    out: _Out, value: str, plan: Plan, kind: str | None = None
) -> tuple[Period | None, list[Finding]]:
    """The period of ``--period``: ``None`` (said) when it is not a date or lies more than a
    year from the plan's year; a warning when it is in the year before or after."""
    from pegxl.findings import Code, Severity, make
    from pegxl.model import Period
    from pegxl.values import format_date

    end = _date(out, value, "--period")
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
        out.fail([f])
        return None, []
    return Period.of(end, kind), [f]


def _batch(
    out: _Out, args: argparse.Namespace, more_inputs: Sequence[str] = ()
) -> tuple[Plan, Period | None, list[Finding], list[Path]] | int:
    """What ``check`` and ``consolidate`` start from: the plan, the period of ``--period`` (with
    its notes), the returns' files; or the exit code of why not (said)."""
    from pegxl.returns.batch import expand_paths

    plan, _, rc = _load_plan(out, args.plan)
    if plan is None:
        return rc
    period = None
    notes: list[Finding] = []
    if args.period:
        period, notes = _period(out, args.period, plan)
        if period is None:
            return EXIT_USAGE
    if (rc_missing := _not_found(out, [*args.returns, *more_inputs])) is not None:
        return rc_missing
    files = expand_paths(args.returns)
    if not files:
        _say(text("cli.no_files", out.lang), err=True)
        return EXIT_USAGE
    return plan, period, notes, files


# -- commands ------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """pegxl import EXPORT.txt -o PLAN.xlsx"""
    from pegxl.findings import has_errors
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.plan import planbook
    from pegxl.plan.pegtext import import_text

    out = _Out(args)
    result = import_text(args.export)
    if result.plan is None and result.findings and result.findings[0].code == "FILE-001":
        return out.fail(result.findings)  # the input cannot be found or is a folder
    written: Path | None = None
    if result.plan is not None:
        try:
            written = planbook.save(
                result.plan, args.output, lang=args.lang, outputs=Outputs([args.export], args.force)
            )
        except OutputRefused as e:
            return _refused(out, e)
        except OSError as e:
            return _write_failed(out, args.output, e)
    out.document(
        written is not None and not has_errors(result.findings),
        result.findings,
        output=str(written) if written else None,
        stats=result.plan.stats() if result.plan else None,
    )
    out.table(result.findings)
    if written is not None and result.plan is not None:
        out.line("cli.written", path=written, **result.plan.stats())
    else:
        out.line("cli.not_written")
    return EXIT_OK if written is not None else EXIT_ERRORS


def cmd_generate(args: argparse.Namespace) -> int:
    """pegxl generate PLAN.xlsx --period 2025-06-30 -o OUT_DIR"""
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.returns.batch import expand_paths
    from pegxl.workbook.prefill import load_prefill
    from pegxl.workbook.writer import GenerateOptions, generate

    out = _Out(args)
    deadline = _date(out, args.deadline, "--deadline") if args.deadline else None
    if args.deadline and deadline is None:
        return EXIT_USAGE
    plan, plan_findings, rc = _load_plan(out, args.plan)
    if plan is None:
        return rc
    period, notes = _period(out, args.period, plan, args.kind)
    if period is None:
        return EXIT_USAGE
    codes = [s.code for s in plan.sectors]
    for code in args.sector or []:
        if code not in codes:
            _say(text("cli.unknown_sector", out.lang, code=code, codes=", ".join(codes)), err=True)
            return EXIT_USAGE
    inputs: list[str] = [args.plan]
    prefill = None
    shown = [*plan_findings, *notes]
    if args.prefill:
        if (rc_missing := _not_found(out, [args.prefill])) is not None:
            return rc_missing
        inputs += map(str, expand_paths([args.prefill]))
        prefill_result = load_prefill(plan, [args.prefill], fill_inputs=args.prefill_inputs)
        shown += prefill_result.findings
        if prefill_result.prefill is None:
            out.document(False, shown, files=[])
            out.table(shown)
            return EXIT_ERRORS
        prefill = prefill_result.prefill
    options = GenerateOptions(
        password=args.password,
        prefill=prefill,
        lang=args.lang,
        deadline=deadline,
        contact=args.contact or "",
    )
    try:
        result = generate(
            plan, period, args.output, args.sector, options, Outputs(inputs, args.force)
        )
    except OutputRefused as e:
        return _refused(out, e)
    except OSError as e:
        return _write_failed(out, args.output, e)
    out.document(
        True, shown, period=period.iso, files=[str(f) for f in result.files], output=args.output
    )
    if shown:
        out.table(shown)
    out.line("cli.generated", n=len(result.files), out=args.output, label=period.label(args.lang))
    if not out.json:
        for f in result.files:
            _say(f"  {f.name}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """pegxl check PLAN.xlsx RETURN..."""
    from pegxl.findings import has_errors
    from pegxl.outputs import OutputKind, OutputRefused, Outputs
    from pegxl.returns.batch import check

    out = _Out(args)
    batch = _batch(out, args)
    if isinstance(batch, int):
        return batch
    plan, period, notes, files = batch
    outputs = Outputs([args.plan, *files])
    if args.feedback:
        try:  # a feedback "folder" that is a file: said before the batch is read
            outputs.folder(args.feedback, OutputKind.FEEDBACK)
        except OutputRefused as e:
            return _refused(out, e)
    report = check(plan, files, period=period, progress=_progress(args))
    report.batch[:0] = notes
    _progress_done(args)
    crashed = False
    if args.feedback:
        from pegxl.returns.feedback import write_feedbacks  # the writer and its templates

        fb = write_feedbacks(plan, report.returns, args.feedback, outputs, args.lang)
        report.outputs.extend(fb.findings)
        crashed = fb.crashed
        if args.format == "text":
            out.line("cli.feedback", path=args.feedback, n=len(fb.written))
    if args.format == "json":
        for piece in report.json_pieces(args.lang):  # written as it is made
            _data(piece)
        _data("\n")
    elif args.format == "csv":
        _utf8_data(report.to_csv(args.lang))
    else:
        _print_check_text(report, args.lang)
    if crashed:
        _say(text("cli.internal", args.lang, err="feedback"), err=True)
        return EXIT_BUG
    if has_errors(report.outputs):
        return EXIT_USAGE
    return EXIT_OK if report.valid else EXIT_ERRORS


def _print_check_text(report: CheckReport, lang: str) -> None:
    """The check report for a person: a line per file with its findings, then the batch's."""
    from pegxl.findings import count, render_table
    from pegxl.outputs import display_name

    for r in report.returns:
        n = count(r.findings)
        _say(
            text(
                "cli.file_line",
                lang,
                name=display_name(Path(r.path).name),
                sector=r.sector or "—",
                period=f"{r.period.end:%d/%m/%Y}" if r.period else "—",
                status=text(f"status.{r.status.value}", lang),
                values=len(r.values),
                **n,
            )
        )
        rendered = render_table(r.findings, lang)
        if rendered:
            _say("\n".join("    " + line for line in rendered.splitlines()))
    rendered = render_table(report.batch + report.outputs, lang)
    if rendered:
        _say(rendered)
    s = report.stats
    _say(
        text(
            "cli.total",
            lang,
            **{k: s[k] for k in ("files", "ok", "warnings", "errors", "rejected", "values")},
        )
    )


def cmd_consolidate(args: argparse.Namespace) -> int:
    """pegxl consolidate PLAN.xlsx RETURN... -o MASTER.xlsx"""
    from pegxl.outputs import OutputKind, OutputRefused, Outputs
    from pegxl.results.consolidate import NoPeriod, consolidate
    from pegxl.results.rules import load_rules

    out = _Out(args)
    batch = _batch(out, args, [p for p in (args.rules, args.overrides) if p])
    if isinstance(batch, int):
        return batch
    plan, period, notes, files = batch
    rules, rule_findings = load_rules(args.rules)
    if rules is None:
        out.fail(rule_findings, EXIT_ERRORS)
        return EXIT_ERRORS
    inputs: list[str | Path] = [args.plan, *files, *(p for p in (args.rules, args.overrides) if p)]
    outputs = Outputs(inputs, args.force)
    try:
        outputs.claim(args.output, OutputKind.MASTER)
        if args.html:
            outputs.claim(args.html, OutputKind.REPORT)
        if args.parquet:
            from pegxl.results.parquet import parquet_names

            outputs.folder(args.parquet, OutputKind.TABLE)
            outputs.claim_all([(p, OutputKind.TABLE) for p in parquet_names(args.parquet)])
    except OutputRefused as e:
        return _refused(out, e)
    try:
        result = consolidate(
            plan,
            files,
            period=period,
            rules=rules,
            overrides=args.overrides,
            progress=_progress(args),
        )
    except NoPeriod:
        _say(text("cli.no_period", out.lang), err=True)
        return EXIT_USAGE
    finally:
        _progress_done(args)
    result.findings[:0] = [*rule_findings, *notes]
    written = _write_results(out, args, result, inputs)
    if isinstance(written, int):
        return written
    if out.json:
        doc = result.to_dict(args.lang)
        doc["outputs"] = written
        from pegxl.outputs import json_text

        _data(json_text(doc) + "\n")
    else:
        _say(result.to_text(args.lang))
        for path in written.values():
            out.line("cli.wrote", path=path)
    return EXIT_OK if result.valid else EXIT_ERRORS


def _write_results(
    out: _Out, args: argparse.Namespace, result: Any, inputs: Sequence[str | Path]
) -> dict[str, str] | int:
    """The master, and the report and the Parquet tables when asked: what was written, by
    kind, or the exit code of a failure (said)."""
    from pegxl.outputs import Outputs
    from pegxl.results.html import write_report
    from pegxl.results.master import write_master

    # the names were checked before the long work; each writer claims its own now
    outputs = Outputs(inputs, args.force)
    written: dict[str, str] = {}
    try:
        written["master"] = str(write_master(result, args.output, args.lang, outputs))
        if args.html:
            written["html"] = str(write_report(result, args.html, args.lang, outputs))
        if args.parquet:
            from pegxl.results.parquet import ParquetMissing, write_parquet

            try:
                paths = write_parquet(result, args.parquet, args.lang, outputs)
            except ParquetMissing:
                _say(text("cli.parquet_missing", out.lang), err=True)
                return EXIT_USAGE
            written["parquet"] = str(Path(args.parquet))
            written["parquet_files"] = ", ".join(p.name for p in paths)
    except OSError as e:
        return _write_failed(out, args.output, e)
    return written


def _progress(args: argparse.Namespace) -> Callable[[int, int, Path], None]:
    """A progress bar on a terminal's stderr while a batch is read (nothing otherwise)."""
    from pegxl.outputs import display_name, terminal_text

    show = sys.stderr.isatty() and args.format == "text"

    def progress(n: int, total: int, path: Path) -> None:
        if show:
            bar = "#" * (24 * n // total)
            name = terminal_text(display_name(path.name)[:40], keep="")
            sys.stderr.write(f"\r[{bar:<24}] {n}/{total} {name:<40}")

    return progress


def _progress_done(args: argparse.Namespace) -> None:
    """Clear the progress bar."""
    if sys.stderr.isatty() and args.format == "text":
        sys.stderr.write("\r" + " " * 80 + "\r")


def cmd_demo(args: argparse.Namespace) -> int:
    """pegxl demo OUT_DIR: the whole cycle on the embedded Cinisello Balsamo example."""
    from pegxl.demo import run_demo

    out = _Out(args)
    if out.json:  # the steps print for a person; the document says what was made
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            result = run_demo(args.out_dir, args.lang, _step(args.lang))
    else:
        _say(text("cli.demo_dir", args.lang, path=args.out_dir))
        result = run_demo(args.out_dir, args.lang, _step(args.lang))
    if result.code in (EXIT_USAGE, EXIT_BUG):
        return result.code
    out.document(
        result.code == EXIT_OK, result.findings, folder=args.out_dir, outputs=result.outputs
    )
    return EXIT_OK


def _step(lang: str) -> Callable[[list[str], str], int]:
    """Run one step of the demo as the command a user types, shown (``shown``) before it runs."""

    def step(argv: list[str], shown: str) -> int:
        _say(f"\n$ pegxl {shown}")
        return main([*argv, "--lang", lang])

    return step


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``pegxl`` command."""
    p = argparse.ArgumentParser(
        prog="pegxl",
        description="Run the PEG / PIAO performance-plan cycle through spreadsheets.",
    )
    p.add_argument("--version", action="version", version=f"pegxl {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str, examples: Sequence[str]) -> Any:
        return sub.add_parser(
            name,
            help=summary,
            description=description + "\n\nexample:\n" + "\n".join(f"  {e}" for e in examples),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def common(sp: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json")) -> None:
        sp.add_argument(
            "--format",
            choices=formats,
            default="text",
            help=f"{' or '.join(formats)} (default: text); JSON is {{valid, findings, ...}}",
        )
        sp.add_argument(
            "--lang",
            choices=("it", "en"),
            default="it",
            help="language of messages and workbook texts (default: it)",
        )

    def force(sp: argparse.ArgumentParser, what: str) -> None:
        sp.add_argument(
            "--force",
            action="store_true",
            help=f"replace {what} even if pegxl did not write it or it was changed since "
            "(never an input)",
        )

    sp = command(
        "import",
        "import a PEG-PIAO text export into a plan workbook",
        "Import the text export of the PEG-PIAO report into the plan workbook.",
        ["pegxl import examples/cinisello_2025_vp4.txt -o piano.xlsx"],
    )
    sp.add_argument("export", help="the PEG-PIAO text export (.txt)")
    sp.add_argument("-o", "--output", required=True, help="the plan workbook to write (.xlsx)")
    force(sp, "the output")
    common(sp)
    sp.set_defaults(func=cmd_import)

    sp = command(
        "generate",
        "write one locked fill-in workbook per sector",
        "Write one workbook per sector for a monitoring period: structure locked, only the "
        "yellow input cells editable.",
        [
            "pegxl generate piano.xlsx --period 2025-06-30 -o schede/",
            "pegxl generate piano.xlsx --period 2025-12-31 -o finali/ --prefill risposte_giugno/",
        ],
    )
    sp.add_argument("plan", help="the plan workbook (from pegxl import)")
    sp.add_argument(
        "--period",
        required=True,
        help="the date the values refer to, e.g. 2025-06-30 or 30/06/2025",
    )
    sp.add_argument(
        "--kind",
        choices=["intermedio", "finale"],
        default=None,
        help="intermedio or finale (default: finale for 31/12, else intermedio)",
    )
    sp.add_argument("-o", "--output", required=True, help="folder for the workbooks")
    force(sp, "a workbook of the same name")
    sp.add_argument(
        "--sector", action="append", metavar="CODE", help="only this sector (repeatable)"
    )
    sp.add_argument("--password", default=None, help="password for sheet and structure protection")
    sp.add_argument(
        "--prefill",
        default=None,
        metavar="RETURNS",
        help="returns of the previous period (folder or file): their values are shown in locked "
        "'al 30/06' columns",
    )
    sp.add_argument(
        "--prefill-inputs",
        action="store_true",
        help="with --prefill, also copy those values into the editable cells",
    )
    sp.add_argument("--deadline", default=None, help="return date shown in the instructions")
    sp.add_argument(
        "--contact", default=None, help="whom to send the workbook back to (instructions)"
    )
    common(sp)
    sp.set_defaults(func=cmd_generate)

    sp = command(
        "check",
        "read filled-in returns back and report every problem",
        "Check returns (.xlsx or .ods, files or folders) against the plan: identity, integrity "
        "and values. Exit 0 when every file is fine, 1 when any has errors or was rejected, 2 "
        "on usage errors.",
        [
            "pegxl check piano.xlsx risposte/ --feedback riscontri/",
            "pegxl check piano.xlsx risposte/*.xlsx --format json",
        ],
    )
    sp.add_argument("plan", help="the plan workbook")
    sp.add_argument("returns", nargs="+", help="returns: files or folders")
    sp.add_argument(
        "--feedback",
        metavar="DIR",
        default=None,
        help="write a marked-up copy of each return with findings into DIR",
    )
    sp.add_argument(
        "--period", default=None, help="the expected period (default: the one most files declare)"
    )
    common(sp, ("text", "json", "csv"))
    sp.set_defaults(func=cmd_check)

    sp = command(
        "consolidate",
        "score the returns and write the master workbook and the report",
        "Check the returns of a period, count the latest valid one of each sector, score every "
        "objective under the measurement rules and write the master workbook (and the HTML "
        "report). Every file is listed with what became of it. Exit 0 when every input is "
        "fine, 1 when any has errors or was rejected, 2 on usage errors.",
        [
            "pegxl consolidate piano.xlsx risposte/ -o master.xlsx --html relazione.html",
            "pegxl consolidate piano.xlsx risposte/ -o master.xlsx --rules regole.toml "
            "--overrides nucleo.xlsx",
        ],
    )
    sp.add_argument("plan", help="the plan workbook")
    sp.add_argument("returns", nargs="+", help="returns: files or folders")
    sp.add_argument("-o", "--output", required=True, help="the master workbook to write (.xlsx)")
    sp.add_argument("--html", default=None, metavar="REPORT", help="also write the HTML report")
    sp.add_argument(
        "--rules",
        default=None,
        help="measurement rules (TOML; default: the shipped templates/regole.toml)",
    )
    sp.add_argument(
        "--overrides",
        default=None,
        help="scores granted by the Nucleo di Valutazione: a workbook or CSV of ID, punteggio "
        "concesso, motivazione",
    )
    sp.add_argument(
        "--parquet",
        default=None,
        metavar="DIR",
        help="also write the tables as Parquet files into DIR (needs pegxl[parquet])",
    )
    sp.add_argument(
        "--period", default=None, help="the period (default: the one most files declare)"
    )
    force(sp, "an output")
    common(sp)
    sp.set_defaults(func=cmd_consolidate)

    sp = command(
        "demo",
        "run the whole cycle on the embedded Cinisello Balsamo example",
        "Run the whole cycle on the embedded example plan of Città di Cinisello Balsamo "
        "(2025): import, generate, simulated returns, check with feedback.",
        ["pegxl demo demo-out"],
    )
    sp.add_argument("out_dir", help="folder for everything the demo writes")
    common(sp)
    sp.set_defaults(func=cmd_demo)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pegxl`` console script."""
    _safe_streams()
    args = build_parser().parse_args(argv)  # --help and usage errors end here: nothing imported
    from pegxl.outputs import OutputRefused

    out = _Out(args)
    frozen = gc.get_freeze_count()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except OutputRefused as e:
        return _refused(out, e)
    except OSError as e:  # the system refused a file: a setup problem, said in words
        return _write_failed(out, e.filename or "", e)
    except Exception as e:  # never a traceback for the user
        if os.environ.get("PEGXL_DEBUG"):
            traceback.print_exc()
        _say(text("cli.internal", out.lang, err=type(e).__name__), err=True)
        return EXIT_BUG
    finally:
        if frozen == 0:  # the plan frozen by _load_plan: as found, for a caller in process
            gc.unfreeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

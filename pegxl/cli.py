"""The ``pegxl`` command: a thin layer over the library, one contract for every command.

Every command takes ``--format text|json`` (``check`` also ``csv``) and ``--lang it|en``. JSON
always has the same top level, ``{"valid": bool, "findings": [...], ...}``. Exit codes, the same
in every command: 0 all good (warnings allowed); 1 findings of severity error in any input, the
plan included; 2 a usage or setup error (bad arguments, a file that cannot be found, read as a
workbook, or written); 3 an unexpected error inside pegxl (a bug: a short message, the traceback
with ``PEGXL_DEBUG=1``).

Each command parses, calls the library and prints: what every command shares (the exit codes,
the output for a person or a machine, the early exits, the plan and period it starts from) is
:mod:`pegxl.command`; the JSON document of every result is built by :mod:`pegxl.document`; the
text a person reads of every result is written by :mod:`pegxl.render`. The campaign's commands
are :mod:`pegxl.campaign_commands`, hung on this parser.

Nothing heavy is imported before a command needs it, so ``pegxl --help`` answers at once.
This module is long because it holds the parser of every stage's command (each argument with
its help from the catalogue, argparse's own words in the language of ``--lang``) beside each
command's few lines of calls into the library.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pegxl import render
from pegxl.command import (
    EXIT_BUG,
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    Out,
    batch_inputs,
    load_plan,
    not_a_file,
    not_found,
    option_date,
    option_period,
    refused,
    safe_streams,
    say,
    stop,
    utf8_data,
    write_failed,
)
from pegxl.i18n import text
from pegxl.periods import KIND_NAMES
from pegxl.version import __version__

if TYPE_CHECKING:
    pass

__all__ = ["EXIT_BUG", "EXIT_ERRORS", "EXIT_OK", "EXIT_PIPE", "EXIT_USAGE", "build_parser", "main"]

# -- commands ------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """pegxl import EXPORT.txt... -o PLAN.xlsx"""
    from pegxl.findings import has_errors
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.plan import workbook_writer
    from pegxl.plan.pegtext import import_texts

    out = Out(args)
    if len(args.export) == 1 and _is_workbook(args.export[0]):
        return _rewrite_plan(out, args)
    result = import_texts(args.export)
    if result.plan is None and any(f.code == "FILE-001" for f in result.findings):
        return out.fail(result.findings)  # an input cannot be found or is a folder
    written: Path | None = None
    if result.plan is not None:
        outputs = Outputs(list(args.export), args.force)
        try:
            written = workbook_writer.save(
                result.plan, args.output, lang=args.lang, outputs=outputs
            )
        except OutputRefused as e:
            return refused(out, e)
        except OSError as e:
            return write_failed(out, args.output, e)
        result.findings.extend(outputs.kept_findings())  # the plan it replaced, kept
    stats = result.plan.stats() if result.plan else None
    out.result(
        written is not None and not has_errors(result.findings),
        result.findings,
        lambda: render.import_text(
            result.findings, written, stats, out.lang, files=len(args.export) > 1
        ),
        output=str(written) if written else None,
        stats=stats,
    )
    return EXIT_OK if written is not None else EXIT_ERRORS


def _is_workbook(path: str) -> bool:
    """``path`` names an .xlsx that is a zip: a plan workbook given to ``import``."""
    if not path.lower().endswith(".xlsx") or not os.path.isfile(path):
        return False
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _rewrite_plan(out: Out, args: argparse.Namespace) -> int:
    """``pegxl import PLAN.xlsx -o NEW.xlsx``: a plan workbook (typed by hand into the blank
    plan, or edited) written again as pegxl writes it, with every ID it derived for rows left
    blank written in, so they can no longer change. Never over the input."""
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.plan import workbook_writer

    plan, found, rc = load_plan(out, args.export[0])
    if plan is None:
        return rc
    outputs = Outputs(list(args.export), args.force)
    try:
        written = workbook_writer.save(plan, args.output, lang=args.lang, outputs=outputs)
    except OutputRefused as e:
        return refused(out, e)
    except OSError as e:
        return write_failed(out, args.output, e)
    found = [*found, *outputs.kept_findings()]
    stats = plan.stats()
    out.result(
        True,
        found,
        lambda: render.rewrite_text(found, written, stats, out.lang),
        output=str(written),
        stats=stats,
    )
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """pegxl init -o PLAN.xlsx [--ente NAME] [--anno YEAR]"""
    from pegxl.findings import Code, make
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.plan import workbook_writer

    out = Out(args)
    year = 0
    if args.anno is not None:
        try:
            year = int(args.anno)
        except ValueError:
            year = -1
        if not 1990 <= year <= 2100:
            stop(out, "cli.bad_year", value=args.anno)
            return EXIT_USAGE
    target = Path(args.output)
    if os.path.lexists(target) and not args.force:
        return out.fail([make(Code.INIT_EXISTS, file=str(target))])
    outputs = Outputs([], args.force)
    try:
        written = workbook_writer.save_blank(
            target,
            entity=" ".join((args.ente or "").split()),
            year=year,
            lang=args.lang,
            outputs=outputs,
        )
    except OutputRefused as e:
        return refused(out, e)
    except OSError as e:
        return write_failed(out, target, e)
    found = outputs.kept_findings()
    out.result(
        True, found, lambda: render.init_text(found, written, year, out.lang), output=str(written)
    )
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    """pegxl generate PLAN.xlsx --period 2025-06-30 -o OUT_DIR"""
    from pegxl.findings import has_errors
    from pegxl.outputs import OutputRefused, Outputs
    from pegxl.results.prefill import load_prefill
    from pegxl.returns.batch import scan_paths
    from pegxl.workbook.writer import GenerateOptions, generate

    out = Out(args)
    deadline = option_date(out, args.deadline, "--deadline") if args.deadline else None
    if args.deadline and deadline is None:
        return EXIT_USAGE
    plan, plan_findings, rc = load_plan(out, args.plan)
    if plan is None:
        return rc
    period, notes = option_period(out, args.period, plan, args.kind)
    if period is None:
        return EXIT_USAGE
    codes = [s.code for s in plan.sectors]
    for code in args.sector or []:
        if code not in codes:
            stop(out, "cli.unknown_sector", code=code, codes=", ".join(codes))
            return EXIT_USAGE
    inputs: list[str] = [args.plan]
    prefill, prefill_result = None, None
    shown = [*plan_findings, *notes]
    if args.prefill:
        if (rc_missing := not_found(out, [args.prefill])) is not None:
            return rc_missing
        sources = scan_paths([args.prefill], skip_outputs=False)  # once: load_prefill reads it
        inputs += map(str, sources.files)
        prefill_result = load_prefill(plan, sources, args.prefill_inputs, period, args.sector)
        shown += prefill_result.findings
        if prefill_result.prefill is None:
            out.result(False, shown, lambda: render.findings_text(shown, out.lang), files=[])
            return EXIT_ERRORS
        prefill = prefill_result.prefill
    options = GenerateOptions(
        password=args.password,
        prefill=prefill,
        lang=args.lang,
        deadline=deadline,
        contact=args.contact or "",
    )
    outputs = Outputs(inputs, args.force)
    try:
        result = generate(plan, period, args.output, args.sector, options, outputs)
    except OutputRefused as e:
        return refused(out, e)
    except OSError as e:
        return write_failed(out, args.output, e)
    shown += outputs.kept_findings()  # the workbooks they replaced, kept
    valid = not has_errors(shown)
    carried = None
    if prefill is not None and prefill_result is not None:
        carried = {
            "period": prefill.period.iso,
            "sectors": [s.to_dict() for s in prefill_result.sectors],
        }
    out.result(
        valid,
        shown,
        lambda: render.generate_text(
            shown, prefill_result, result.files, args.output, period, out.lang
        ),
        period=period.iso,
        files=[str(f) for f in result.files],
        output=args.output,
        prefill=carried,
    )
    return EXIT_OK if valid else EXIT_ERRORS


def cmd_check(args: argparse.Namespace) -> int:
    """pegxl check PLAN.xlsx RETURN..."""
    from pegxl.findings import has_errors
    from pegxl.outputs import OutputKind, OutputRefused, Outputs
    from pegxl.returns.batch import check

    out = Out(args)
    batch = batch_inputs(out, args)
    if isinstance(batch, int):
        return batch
    plan, period, notes, scan = batch
    outputs = Outputs([args.plan, *scan.files])
    if args.feedback:
        try:  # a feedback "folder" that is a file: said before the batch is read
            outputs.folder(args.feedback, OutputKind.FEEDBACK)
        except OutputRefused as e:
            return refused(out, e)
    report = check(plan, scan, period=period, progress=_progress(args))
    report.batch[:0] = notes
    _progress_done(args)
    crashed, feedback = False, None
    if args.feedback:
        from pegxl.returns.feedback import write_feedbacks  # the writer and its templates

        fb = write_feedbacks(plan, report.returns, args.feedback, outputs, args.lang, report.period)
        report.outputs.extend(fb.findings)
        crashed, feedback = fb.crashed, (args.feedback, len(fb.written))
    if args.format == "csv":
        utf8_data(report.to_csv(args.lang))
    elif out.json:
        out.stream(report.json_pieces(args.lang))  # each file's written as it is made
    else:
        for said in render.check_lines(report, args.lang, feedback):  # a file at a time
            say(said)
    if crashed:
        say(text("cli.internal", args.lang, err="feedback"), err=True)
        return EXIT_BUG
    if has_errors(report.outputs):
        return EXIT_USAGE
    return EXIT_OK if report.valid else EXIT_ERRORS


def cmd_consolidate(args: argparse.Namespace) -> int:
    """pegxl consolidate PLAN.xlsx RETURN... -o MASTER.xlsx"""
    from pegxl.outputs import OutputKind, OutputRefused, Outputs
    from pegxl.results.consolidate import NoPeriod, RulesRefused, consolidate

    out = Out(args)
    given = [p for p in (args.rules, args.overrides) if p]  # the files beside the returns
    batch = batch_inputs(out, args, given)
    if isinstance(batch, int):
        return batch
    plan, period, notes, scan = batch
    if (rc_file := not_a_file(out, given)) is not None:
        return rc_file
    if args.pdf:
        from pegxl.results.pdf import available

        if not available():  # said before the long work, not after it
            stop(out, "cli.pdf_missing")
            return EXIT_USAGE
    inputs: list[str | Path] = [args.plan, *scan.files, *given]
    outputs = Outputs(inputs, args.force)
    try:
        outputs.claim(args.output, OutputKind.MASTER)
        if args.html:
            outputs.claim(args.html, OutputKind.REPORT)
        if args.pdf:
            outputs.claim(args.pdf, OutputKind.PDF)
        if args.parquet:
            from pegxl.results.parquet import claim_parquet

            claim_parquet(outputs, args.parquet, period.iso if period else None)
    except OutputRefused as e:
        return refused(out, e)
    try:
        result = consolidate(
            plan,
            scan,
            period=period,
            rules=args.rules,
            overrides=args.overrides,
            progress=_progress(args),
        )
    except RulesRefused as e:  # before any return was read: the library's refusal, said
        return out.fail(e.findings, EXIT_ERRORS)
    except NoPeriod:
        stop(out, "cli.no_period")
        return EXIT_USAGE
    finally:
        _progress_done(args)
    result.findings[:0] = notes
    written = _write_results(out, args, result, inputs)
    if isinstance(written, int):
        return written
    out.give(
        lambda: result.to_dict(args.lang, outputs=written),
        lambda: render.consolidate_text(result, written, args.lang),
    )
    return EXIT_OK if result.valid else EXIT_ERRORS


def _write_results(
    out: Out, args: argparse.Namespace, result: Any, inputs: Sequence[str | Path]
) -> dict[str, str] | int:
    """The master, and the report and the Parquet tables when asked: what was written, by
    kind, or the exit code of a failure (said). The files they replaced are kept in the
    archive and said (``FILE-025`` in ``result.outputs``)."""
    from pegxl.outputs import Outputs

    # the names were checked before the long work; each writer claims its own now
    outputs = Outputs(inputs, args.force)
    written: dict[str, str] = {}
    try:
        return _write_each(out, args, result, outputs, written)
    finally:  # what was replaced is kept, and said, whatever came after
        result.outputs.extend(outputs.kept_findings())


def _write_each(
    out: Out, args: argparse.Namespace, result: Any, outputs: Any, written: dict[str, str]
) -> dict[str, str] | int:
    """The writes of :func:`_write_results`, in order."""
    from pegxl.results.html import write_report
    from pegxl.results.master import write_master

    try:
        written["master"] = str(write_master(result, args.output, args.lang, outputs))
        if args.html:
            written["html"] = str(write_report(result, args.html, args.lang, outputs))
        if args.pdf:
            from pegxl.results.pdf import PdfMissing, write_pdf

            try:
                written["pdf"] = str(write_pdf(result, args.pdf, args.lang, outputs))
            except PdfMissing:
                stop(out, "cli.pdf_missing")
                return EXIT_USAGE
        if args.parquet:
            from pegxl.results.parquet import ParquetMissing, relative_names, write_parquet

            try:
                paths = write_parquet(result, args.parquet, args.lang, outputs)
            except ParquetMissing:
                stop(out, "cli.parquet_missing")
                return EXIT_USAGE
            written["parquet"] = str(Path(args.parquet))
            written["parquet_files"] = ", ".join(relative_names(args.parquet, paths))
    except OSError as e:
        return write_failed(out, args.output, e)
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

    out = Out(args)
    if out.json:  # the steps print for a person; the document says what was made
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
            result = run_demo(args.out_dir, args.lang, _step(args.lang))
    else:
        say(text("cli.demo_dir", args.lang, path=args.out_dir))
        result = run_demo(args.out_dir, args.lang, _step(args.lang))
    if result.code in (EXIT_USAGE, EXIT_BUG):
        return result.code
    from pegxl.findings import has_errors

    # valid as for every command: false beside errors, though the demo ran as meant (exit 0),
    # its sectors making the usual mistakes on purpose (said apart: simulated_mistakes)
    out.document(
        result.code == EXIT_OK and not has_errors(result.findings),
        result.findings,
        folder=args.out_dir,
        outputs=result.outputs,
        simulated_mistakes=True,
    )
    return EXIT_OK


def _step(lang: str) -> Callable[[list[str], str], int]:
    """Run one step of the demo as the command a user types, shown (``shown``) before it runs."""

    def step(argv: list[str], shown: str) -> int:
        say(f"\n$ pegxl {shown}")
        return main([*argv, "--lang", lang])

    return step


# -- the parser: help and usage errors in the language of --lang ---------------------------------


def argv_lang(argv: Sequence[str]) -> str:
    """The language the command line asks for: the last ``--lang X`` or ``--lang=X`` (or an
    abbreviation argparse accepts, ``--la en``) before a ``--``, wherever it is on the line;
    Italian when there is none. The help and the usage errors are in it."""
    lang = "it"
    args = list(argv)
    for n, arg in enumerate(args):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) < 3 or not "--lang".startswith(name):
            continue
        if not eq:
            value = args[n + 1] if n + 1 < len(args) else ""
        lang = value
    return lang if lang in ("it", "en") else "it"


#: argparse's own messages pegxl translates (pegxl.i18n, section argparse)
_ARGPARSE_TEXTS = (
    "usage",
    "positionals",
    "options",
    "help",
    "error",
    "required",
    "choice",
    "unrecognized",
    "one",
    "at_least_one",
    "at_most_one",
    "argument",
    "ambiguous",
    "not_allowed",
    "explicit",
    "invalid_value",
    "one_of",
)


@contextlib.contextmanager
def _argparse_in(lang: str) -> Any:
    """argparse's own words (usage, option groups, usage errors) in ``lang`` while the command
    line is parsed: argparse looks them up through gettext at the moment it writes them, by
    its English text, so the lookup is answered from pegxl's catalogue."""
    if lang != "it":
        yield
        return
    from pegxl.i18n import CATALOGUE

    words = {CATALOGUE[f"argparse.{k}"][1]: text(f"argparse.{k}", lang) for k in _ARGPARSE_TEXTS}
    one, other = text("argparse.n.one", lang), text("argparse.n.other", lang)
    plural = {CATALOGUE["argparse.n.one"][1]: (one, other)}

    def gettext(message: str) -> str:
        return words.get(message, message)

    def ngettext(singular: str, plural_form: str, n: int) -> str:
        pair = plural.get(singular)
        if pair is None:
            return singular if n == 1 else plural_form
        return pair[0] if n == 1 else pair[1]

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _HelpFormatter(argparse.HelpFormatter):
    """The description wrapped by paragraph (a line starting with spaces is an item of a list,
    wrapped under itself), and the examples kept whole, one per line, as they are typed."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description or the examples, laid out for a terminal of ``width``."""
        import textwrap

        lines = []
        for line in text.splitlines():
            item = line[: len(line) - len(line.lstrip())]
            if line.lstrip().startswith("pegxl ") or not line.strip():
                lines.append(indent + line)  # an example: never broken
                continue
            hanging = item + " " * (line.lstrip().find(" ") + 1 if item else 0)
            lines.extend(
                textwrap.wrap(
                    line.strip(),
                    width,
                    initial_indent=indent + item,
                    subsequent_indent=indent + hanging,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
        return "\n".join(lines)


def build_parser(lang: str = "it") -> argparse.ArgumentParser:
    """The argument parser of the ``pegxl`` command, its help in ``lang``."""

    def t(key: str, **params: object) -> str:
        return text(f"help.{key}", lang, **params)

    p = argparse.ArgumentParser(
        prog="pegxl",
        description=t("prog"),
        epilog=t("start"),
        formatter_class=_HelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"pegxl {__version__}", help=t("version"))
    p.add_argument("--lang", choices=("it", "en"), default=argparse.SUPPRESS, help=t("lang"))
    sub = p.add_subparsers(title=t("commands"), dest="command", required=True, metavar=t("command"))

    def command(name: str) -> Any:
        examples = "\n".join(f"  {e}" for e in t(f"{name}.examples").splitlines())
        return sub.add_parser(
            name,
            help=t(f"{name}.summary"),
            description=t(f"{name}.description"),
            epilog=f"{t('examples')}\n{examples}",
            formatter_class=_HelpFormatter,
        )

    def common(sp: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json")) -> None:
        sp.add_argument(
            "--format",
            choices=formats,
            default="text",
            help=t("format", formats=", ".join(formats)),
        )
        sp.add_argument("--lang", choices=("it", "en"), default="it", help=t("lang"))

    def force(sp: argparse.ArgumentParser, name: str) -> None:
        sp.add_argument("--force", action="store_true", help=t("force", what=t(f"{name}.force")))

    def plan_and_returns(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("plan", metavar=t("mv.plan"), help=t("plan"))
        sp.add_argument("returns", nargs="+", metavar=t("mv.returns"), help=t("returns"))

    sp = command("import")
    sp.add_argument("export", nargs="+", metavar=t("mv.export"), help=t("import.export"))
    sp.add_argument("-o", "--output", required=True, metavar=t("mv.file"), help=t("import.output"))
    force(sp, "import")
    common(sp)
    sp.set_defaults(func=cmd_import)

    sp = command("init")
    sp.add_argument("-o", "--output", required=True, metavar=t("mv.file"), help=t("init.output"))
    sp.add_argument("--ente", default=None, metavar=t("mv.text"), help=t("init.ente"))
    sp.add_argument("--anno", default=None, metavar=t("mv.year"), help=t("init.anno"))
    force(sp, "init")
    common(sp)
    sp.set_defaults(func=cmd_init)

    sp = command("generate")
    sp.add_argument("plan", metavar=t("mv.plan"), help=t("plan"))
    sp.add_argument("--period", required=True, metavar=t("mv.date"), help=t("generate.period"))
    sp.add_argument("--kind", choices=KIND_NAMES, default=None, help=t("generate.kind"))
    sp.add_argument(
        "-o", "--output", required=True, metavar=t("mv.folder"), help=t("generate.output")
    )
    force(sp, "generate")
    sp.add_argument("--sector", action="append", metavar=t("mv.code"), help=t("generate.sector"))
    sp.add_argument("--password", default=None, metavar=t("mv.text"), help=t("generate.password"))
    sp.add_argument("--prefill", default=None, metavar=t("mv.master"), help=t("generate.prefill"))
    sp.add_argument("--prefill-inputs", action="store_true", help=t("generate.prefill_inputs"))
    sp.add_argument("--deadline", default=None, metavar=t("mv.date"), help=t("generate.deadline"))
    sp.add_argument("--contact", default=None, metavar=t("mv.text"), help=t("generate.contact"))
    common(sp)
    sp.set_defaults(func=cmd_generate)

    sp = command("check")
    plan_and_returns(sp)
    sp.add_argument("--feedback", metavar=t("mv.folder"), default=None, help=t("check.feedback"))
    sp.add_argument("--period", default=None, metavar=t("mv.date"), help=t("check.period"))
    common(sp, ("text", "json", "csv"))
    sp.set_defaults(func=cmd_check)

    sp = command("consolidate")
    plan_and_returns(sp)
    sp.add_argument(
        "-o", "--output", required=True, metavar=t("mv.file"), help=t("consolidate.output")
    )
    sp.add_argument("--html", default=None, metavar=t("mv.file"), help=t("consolidate.html"))
    sp.add_argument("--pdf", default=None, metavar=t("mv.file"), help=t("consolidate.pdf"))
    sp.add_argument("--rules", default=None, metavar=t("mv.file"), help=t("consolidate.rules"))
    sp.add_argument(
        "--overrides", default=None, metavar=t("mv.file"), help=t("consolidate.overrides")
    )
    sp.add_argument(
        "--parquet", default=None, metavar=t("mv.folder"), help=t("consolidate.parquet")
    )
    sp.add_argument("--period", default=None, metavar=t("mv.date"), help=t("consolidate.period"))
    force(sp, "consolidate")
    common(sp)
    sp.set_defaults(func=cmd_consolidate)

    sp = command("demo")
    sp.add_argument("out_dir", metavar=t("mv.folder"), help=t("demo.out_dir"))
    common(sp)
    sp.set_defaults(func=cmd_demo)
    from pegxl.campaign_commands import add_commands  # campaign, diff, serve

    add_commands(sub, command, common, lang)
    return p


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line parsed, its help and usage errors in the language it asks for
    (:func:`argv_lang`); ``args.lang`` is that language."""
    lang = argv_lang(argv)
    with _argparse_in(lang):
        args = build_parser(lang).parse_args(argv)
    args.lang = lang
    return args


#: the exit code of a command whose output's reader went away (as a shell reports a process
#: ended by SIGPIPE: 128 + 13)
EXIT_PIPE = 141


def _pipe_closed() -> int:
    """stdout's reader closed the pipe (``| head``): nothing more is written, and the
    interpreter's own flush at exit writes nothing either (no second traceback)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return EXIT_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pegxl`` console script."""
    safe_streams()
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)  # --help and usage errors end
    except BrokenPipeError:  # `pegxl --help | head`
        return _pipe_closed()
    # here, nothing of pegxl's outputs imported
    from pegxl.outputs import OutputRefused

    out = Out(args)
    frozen = gc.get_freeze_count()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `pegxl check … | head`: the reader has all it wanted
        return _pipe_closed()
    except OutputRefused as e:
        return refused(out, e)
    except OSError as e:  # the system refused a file: a setup problem, said in words
        return write_failed(out, e.filename or "", e)
    except Exception as e:  # never a traceback for the user
        if os.environ.get("PEGXL_DEBUG"):
            traceback.print_exc()
        say(text("cli.internal", out.lang, err=type(e).__name__), err=True)
        return EXIT_BUG
    finally:
        if frozen == 0:  # the plan frozen by load_plan: as found, for a caller in process
            gc.unfreeze()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""What every command of ``pegxl`` shares: the exit codes, what reaches the terminal (lines for
a person, one JSON document for a machine), the early exits, and the plan, the period and the
files a command starts from.

The command modules (:mod:`pegxl.cli`, :mod:`pegxl.campaign_commands`) stand on this one and on
the library; this module imports neither of them, so the arrows run one way. Nothing heavy is
imported at the top: ``pegxl --help`` answers at once.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from pegxl.i18n import text

if TYPE_CHECKING:
    from pegxl.findings import Finding
    from pegxl.model import Period, Plan
    from pegxl.outputs import OutputRefused
    from pegxl.returns.batch import Scan

__all__ = [
    "EXIT_BUG",
    "EXIT_ERRORS",
    "EXIT_OK",
    "EXIT_USAGE",
    "Out",
    "batch_inputs",
    "data",
    "load_plan",
    "not_a_file",
    "not_found",
    "option_date",
    "option_period",
    "refused",
    "safe_streams",
    "say",
    "stop",
    "utf8_data",
    "write_failed",
]

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


# -- what reaches the terminal ----------------------------------------------------------------


def say(message: object = "", err: bool = False) -> None:
    """Print a line for a person: nothing a user typed (an ESC, a BEL, a link, a carriage
    return, a name that is not UTF-8) reaches the terminal as a control character."""
    from pegxl.outputs import terminal_text

    stream = sys.stderr if err else sys.stdout
    stream.write(terminal_text(str(message)) + "\n")


def data(document: str) -> None:
    """Print machine-readable output (JSON, CSV) as it is to a file or pipe; to a terminal with
    its control characters shown as escapes, like everything else."""
    from pegxl.outputs import terminal_text

    sys.stdout.write(terminal_text(document) if sys.stdout.isatty() else document)


def utf8_data(document: str) -> None:
    """Print a document that must reach a file as UTF-8 whatever the console's code page (the
    CSV for Excel, its byte order mark first); to a terminal, as :func:`data` does, without
    the mark."""
    from pegxl.outputs import BOM

    buffer = getattr(sys.stdout, "buffer", None)
    if sys.stdout.isatty() or buffer is None:
        data(document.removeprefix(BOM))
        return
    sys.stdout.flush()
    left = memoryview(document.encode("utf-8", "replace"))
    while left:  # a write cut short by a closed pipe is said by the next one
        written = buffer.write(left)
        if not written:
            raise BrokenPipeError
        left = left[written:]
    buffer.flush()


def safe_streams() -> None:
    """Whatever the terminal's encoding, a character it cannot show is written as an escape,
    never a crash (a file name from a Windows zip, Italian text on an ASCII console)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


class Out:
    """What a command says: findings and lines for a person, or one JSON document."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.lang: str = args.lang
        self.json = args.format == "json"

    def table(
        self, items: Sequence[Finding], summary: bool = True, err: bool = False, files: bool = False
    ) -> None:
        """Findings as a table for a person (nothing in JSON mode: they go in the document);
        ``files``: each place names its file too (several inputs of the same kind)."""
        from pegxl.render import findings_text

        if self.json:
            return
        rendered = findings_text(items, self.lang, summary, files)
        if rendered:
            say(rendered, err=err)

    def line(self, key: str, **params: object) -> None:
        """A catalogue text for a person, on stdout (nothing in JSON mode)."""
        if not self.json:
            say(text(key, self.lang, **params))

    def document(self, valid: bool, items: Sequence[Finding], **keys: object) -> None:
        """The JSON document of the command (:func:`pegxl.document.document`: ``valid``,
        ``findings``, then its own keys), printed in JSON mode."""
        if self.json:
            from pegxl.document import document

            self.emit(document(valid, items, self.lang, **keys))

    def emit(self, doc: dict[str, object]) -> None:
        """A document printed as it is made (:func:`pegxl.document.document_pieces`)."""
        from pegxl.document import document_pieces

        for piece in document_pieces(doc):
            data(piece)

    def stream(self, pieces: Iterable[str]) -> None:
        """A document already in pieces (a batch's, each file's made as it is written),
        printed as they come, a line end last."""
        for piece in pieces:
            data(piece)
        data("\n")

    def result(
        self, valid: bool, items: Sequence[Finding], shown: Callable[[], str], **keys: object
    ) -> None:
        """What a command ends with: its document (``valid``, the findings ``items``, its own
        ``keys``) in JSON mode, else the text ``shown`` gives (made only then)."""
        from pegxl.document import document

        self.give(lambda: document(valid, items, self.lang, **keys), shown)

    def give(self, doc: Callable[[], dict[str, object]], shown: Callable[[], str]) -> None:
        """What a command ends with: its document in JSON mode, else its text for a person
        (each made only when it is printed)."""
        if self.json:
            self.emit(doc())
            return
        rendered = shown()
        if rendered:
            say(rendered)

    def fail(self, items: Sequence[Finding], code: int = EXIT_USAGE) -> int:
        """A command that cannot go on: its findings (on stderr, or as the JSON document)."""
        if self.json:
            self.document(False, items)
        else:
            self.table(items, summary=False, err=True)
        return code


def stop(out: Out, key: str, more: Sequence[Finding] = (), /, **params: object) -> None:
    """A command that stops before its work, for a reason of the catalogue's ``key`` (after
    the findings ``more`` that explain it): said on stderr for a person, or as the JSON
    document (``FILE-039``), so ``--format json`` always gives one."""
    if out.json:
        from pegxl.document import stopped

        out.emit(stopped(key, out.lang, more, **params))
    else:
        if more:
            from pegxl.findings import render_table

            say(render_table(more, out.lang), err=True)
        say(text(key, out.lang, **params), err=True)


def refused(out: Out, e: OutputRefused) -> int:
    """Outputs the command may not write: said, and a usage error."""
    return out.fail(e.findings())


def write_failed(out: Out, path: object, e: OSError) -> int:
    """An output the system would not let us write (full disk, read-only folder, name too
    long): said, and a setup error."""
    from pegxl.outputs import write_error

    return out.fail([write_error(str(e.filename or path), e)])


def not_found(out: Out, paths: Sequence[str]) -> int | None:
    """A usage error when an input named on the command line does not exist."""
    from pegxl.findings import Code, make, os_error

    missing = [p for p in paths if not os.path.lexists(p)]
    if not missing:
        return None
    return out.fail(
        [make(Code.FILE_UNREADABLE, file=p, detail=os_error(FileNotFoundError())) for p in missing]
    )


def not_a_file(out: Out, paths: Sequence[str]) -> int | None:
    """A usage error when a file named on the command line (the rules, the overrides) is a
    folder, a pipe or a device: refused at once, never read nor waited on."""
    from pegxl.findings import Code, make, os_error
    from pegxl.reading import regular_file_problem

    problems = [(p, e) for p in paths if (e := regular_file_problem(p)) is not None]
    if not problems:
        return None
    return out.fail([make(Code.FILE_UNREADABLE, file=p, detail=os_error(e)) for p, e in problems])


# -- the plan and the period every command starts from ------------------------------------------


def load_plan(out: Out, path: str) -> tuple[Plan | None, list[Finding], int]:
    """The plan and its findings, or why not with the exit code: 2 when the file cannot be read
    as a plan workbook (not found, a folder, not a workbook, too large), 1 when it has
    errors."""
    from pegxl.findings import has_errors
    from pegxl.plan import workbook_reader

    loaded = workbook_reader.load(path)
    if loaded.plan is None:
        return None, loaded.findings, out.fail(loaded.findings)
    # the plan lives as long as the command: the cyclic collector need never scan its objects
    # again (a region's plan is half a million of them; see pegxl.memory)
    gc.freeze()
    if has_errors(loaded.findings):
        out.fail(loaded.findings, EXIT_ERRORS)
        if not out.json:
            say(text("cli.plan_errors", out.lang, path=path), err=True)
        return None, loaded.findings, EXIT_ERRORS
    return loaded.plan, loaded.findings, EXIT_OK


def option_date(out: Out, value: str, opt: str) -> date | None:
    """The date of an option, or ``None`` (said) when it is not one."""
    from pegxl.values import ParseError, parse_date

    try:
        parsed = parse_date(value).value
    except ParseError as e:
        stop(out, "cli.bad_date", opt=opt, err=e.message)
        return None
    assert isinstance(parsed, date)
    return parsed


def option_period(
    out: Out, value: str, plan: Plan, kind: str | None = None
) -> tuple[Period | None, list[Finding]]:
    """The period of ``--period``: ``None`` (said) when it is not a date or lies more than a
    year from the plan's year; a warning when it is in the year before or after."""
    from pegxl.findings import Code, Severity, make
    from pegxl.model import Period
    from pegxl.values import format_date

    end = option_date(out, value, "--period")
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


def batch_inputs(
    out: Out, args: argparse.Namespace, more_inputs: Sequence[str] = ()
) -> tuple[Plan, Period | None, list[Finding], Scan] | int:
    """What ``check`` and ``consolidate`` start from: the plan, the period of ``--period`` (with
    its notes), the returns' files expanded once (what was found on the way is in the
    :class:`Scan`, said by the check or the consolidation); or the exit code of why not
    (said)."""
    from pegxl.returns.batch import scan_paths

    plan, _, rc = load_plan(out, args.plan)
    if plan is None:
        return rc
    period = None
    notes: list[Finding] = []
    if args.period:
        period, notes = option_period(out, args.period, plan)
        if period is None:
            return EXIT_USAGE
    if (rc_missing := not_found(out, [*args.returns, *more_inputs])) is not None:
        return rc_missing
    scan = scan_paths(args.returns)  # what it found (a subfolder, a folder twice): said
    if not scan.files:
        stop(out, "cli.no_files", [*notes, *scan.findings])
        return EXIT_USAGE
    return plan, period, notes, scan

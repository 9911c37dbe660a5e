"""The text a person reads of every command's result, in one module.

Each command's result has one renderer here, a function that takes the result (what the library
returned, and what the command wrote) and a language and gives the whole text: the command
layer (:mod:`pegxl.cli`, :mod:`pegxl.campaign_commands`) only parses, calls the library and
prints what these give. The machine's view of the same results is their JSON document
(:mod:`pegxl.document`).

Presentation is kept apart from the results, as a reporter is in pytest, black or ruff: the
results stay data, the conventions of the screen (a file's findings indented under it, the
findings table, the closing count) are written once, and a command whose text combines several
results (generate: the plan's findings, what the prefill carried, the workbooks written) has
one place for it too. Nothing in the stages imports this module.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pegxl.findings import Code, Finding, Severity, count, render_table
from pegxl.i18n import text
from pegxl.outputs import display_name

if TYPE_CHECKING:
    from pegxl.campaign.diff import Change, Diff
    from pegxl.campaign.receive import Received
    from pegxl.campaign.status import Status
    from pegxl.model import Period
    from pegxl.results.consolidate import Consolidation
    from pegxl.results.prefill import PrefillResult
    from pegxl.returns.report import CheckReport

__all__ = [
    "check_lines",
    "check_text",
    "close_text",
    "consolidate_text",
    "consolidation_text",
    "diff_text",
    "findings_text",
    "generate_text",
    "import_text",
    "init_text",
    "new_campaign_text",
    "receive_text",
    "remind_text",
    "rewrite_text",
    "status_text",
]


def _lines(*parts: str) -> str:
    """The parts that say something, one below the other."""
    return "\n".join(p for p in parts if p)


def _indented(block: str, pad: str) -> str:
    """Every line of ``block`` after ``pad``."""
    return "\n".join(pad + line for line in block.splitlines())


def _columns(heads: Sequence[str], rows: Sequence[Sequence[str]], pad: str = "") -> list[str]:
    """A table laid out in columns as wide as their widest cell, the headings first (no space
    left at the end of a line)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
    return [
        (pad + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))).rstrip()
        for row in [heads, *rows]
    ]


def findings_text(
    items: Sequence[Finding], lang: str, summary: bool = True, files: bool = False
) -> str:
    """Findings as a table for a person and, with ``summary``, the count by severity;
    ``files``: each place names its file too (several inputs of the same kind)."""
    table = render_table(items, lang, files=files)
    return _lines(table, text("cli.summary", lang, **count(items)) if summary else "")


# -- the stages' commands ---------------------------------------------------------------------


def import_text(
    findings: Sequence[Finding],
    written: Path | None,
    stats: Mapping[str, int] | None,
    lang: str,
    files: bool = False,
) -> str:
    """``pegxl import``: the findings of the exports (``files``: several, each place names its
    file), then where the plan was written and what it holds, or that it was not."""
    if written is not None and stats is not None:
        closing = text("cli.written", lang, path=written, **stats)
    else:
        closing = text("cli.not_written", lang)
    return _lines(findings_text(findings, lang, files=files), closing)


def rewrite_text(
    findings: Sequence[Finding], written: Path, stats: Mapping[str, int], lang: str
) -> str:
    """``pegxl import PLAN.xlsx``: the plan's findings, and where it was written again."""
    return _lines(findings_text(findings, lang), text("cli.rewritten", lang, path=written, **stats))


def init_text(findings: Sequence[Finding], written: Path, year: int, lang: str) -> str:
    """``pegxl init``: the file it replaced, kept (if any), and the blank plan written."""
    shown_year = year or ("AAAA" if lang == "it" else "YYYY")
    return _lines(
        findings_text(findings, lang, summary=False),
        text("cli.init_written", lang, path=written, year=shown_year),
    )


def _prefill_text(result: PrefillResult, lang: str) -> str:
    """What ``--prefill`` carried, per sector: how many values and from which files; a sector
    it carried nothing for, named."""
    assert result.prefill is not None
    period = result.prefill.period
    lines = [text("cli.prefill_head", lang, label=period.label(lang), at=period.short)]
    for s in result.sectors:
        if s.values:
            files = ", ".join(display_name(f) for f in s.files)
            lines.append(text("cli.prefill_sector", lang, sector=s.sector, n=s.values, files=files))
        else:
            lines.append(text("cli.prefill_none", lang, sector=s.sector))
    return "\n".join(lines)


def generate_text(
    findings: Sequence[Finding],
    prefill: PrefillResult | None,
    files: Sequence[Path],
    folder: str,
    period: Period,
    lang: str,
) -> str:
    """``pegxl generate``: the findings (of the plan, the period, the prefill, the workbooks
    replaced), what the prefill carried, and the workbooks written."""
    written = text("cli.generated", lang, n=len(files), out=folder, label=period.label(lang))
    return _lines(
        findings_text(findings, lang) if findings else "",
        _prefill_text(prefill, lang) if prefill is not None and prefill.prefill is not None else "",
        written,
        *(f"  {f.name}" for f in files),
    )


def check_text(report: CheckReport, lang: str, feedback: tuple[str, int] | None = None) -> str:
    """``pegxl check``: the feedback workbooks written (``feedback``: where, how many), then a
    line per file with its findings (a file that does not count says why, and its findings are
    information), the batch's and the choice's, and the totals."""
    return "\n".join(check_lines(report, lang, feedback))


def check_lines(
    report: CheckReport, lang: str, feedback: tuple[str, int] | None = None
) -> Iterator[str]:
    """:func:`check_text` a file at a time, as it is printed: a batch of thousands of returns
    never sits in memory as one text, and a reader that closes the pipe stops it at once."""
    if feedback:
        yield text("cli.feedback", lang, path=feedback[0], n=feedback[1])
    for r in report.returns:
        findings = report.findings_of(r)
        delivery, replaced_by = report.delivery(r)
        if report.counts(r):
            status = text(f"status.{report.status_of(r).value}", lang)
        elif replaced_by:  # superseded by it, or discarded for it (saved in the same second)
            key = "cli.replaced_by" if delivery == "superato" else "cli.discarded_for"
            status = text(key, lang, status=text(f"dstatus.{delivery}", lang), name=replaced_by)
        else:
            status = text(f"dstatus.{delivery}", lang)
        yield (
            text(
                "cli.file_line",
                lang,
                name=display_name(Path(r.path).name),
                sector=r.sector or "—",
                period=f"{r.period.end:%d/%m/%Y}" if r.period else "—",
                status=status,
                values=len(r.values),
                **count(findings),
            )
        )
        rendered = render_table(findings, lang)
        if rendered:
            yield _indented(rendered, "    ")
    rendered = render_table(report.batch + report.choice + report.outputs, lang)
    if rendered:
        yield rendered
    s = report.stats
    keys = ("files", "ok", "warnings", "errors", "rejected", "values")
    total = text("cli.total", lang, **{k: s[k] for k in keys})
    if s["not_counted"]:
        total = text("cli.total_not_counted", lang, total=total, n=s["not_counted"])
    yield total


def consolidation_text(result: Consolidation, lang: str) -> str:
    """A consolidation for a person: what became of each file, the scores of the entity and
    the sectors, the scores the Nucleo granted, then the errors and warnings (and, under a file
    that does not count, its findings as information; the other info findings are counted:
    they are all in the master's *Controlli* sheet and in the JSON)."""
    from pegxl.values import shown_pct

    def pct(x: float | None) -> str:
        return shown_pct(x).get(lang) if x is not None else "—"

    everything = [*result.findings, *result.outputs]
    lines = [text("cli.consolidated", lang, label=result.period.label(lang))]
    statuses = [text(f"dstatus.{d.status.value}", lang) for d in result.selection.rows]
    width = max(map(len, statuses), default=0)
    # errors and warnings, and what was said of a file that does not count (information now,
    # its own severity shown beside it)
    shown = [f for f in everything if f.severity is not Severity.INFO or f.original is not None]
    by_file: dict[str, list[Finding]] = {}
    for f in shown:
        by_file.setdefault(f.file or "", []).append(f)
    for d, status in zip(result.selection.rows, statuses, strict=True):
        name = d.name or d.why.get(lang)
        lines.append(f"  {status.ljust(width)}  {d.sector or '—':<5} {name}")
        rendered = render_table(by_file.pop(d.path, []), lang) if d.path else ""
        if rendered:
            lines.append(_indented(rendered, "      "))
    entity = result.scores.rollups[-1]
    grades = result.period.policy.grades
    lines.append(
        text(
            "cli.entity_score" if grades else "cli.entity_progress",
            lang,
            weighted=pct(entity.weighted),
            plain=pct(entity.plain),
            measured=entity.measured,
            objectives=entity.objectives,
        )
    )
    if not grades:  # an intermediate period: states, not grades (DFP 2/2017)
        states = ", ".join(
            f"{text(f'band.{b}', lang)} {entity.counts.get(b, 0)}" for b in entity.bands
        )
        if entity.provisional:
            states = text("cli.states_provisional", lang, states=states, n=entity.provisional)
        lines.append(text("cli.entity_states", lang, states=states))
    if entity.is_provisional:
        said = text(
            "cli.entity_provisional", lang, n=entity.provisional, objectives=entity.objectives
        )
        lines.extend(textwrap.wrap(said, 100, break_on_hyphens=False))
    mark = text("cli.provisional_mark", lang)
    sectors = [r for r in result.scores.rollups if r.level == "sector"]
    wide = len(mark) if any(r.is_provisional for r in sectors) else 0
    for r in sectors:
        flag = (mark if r.is_provisional else "").ljust(wide)
        lines.append(f"  {r.key:<5} {pct(r.weighted):>7}  {flag}{'  ' if wide else ''}{r.label}")
    granted = [f for f in result.findings if f.code is Code.OVERRIDE_APPLIED]
    if granted:  # the Nucleo's scores, each with what was computed and why: on screen too
        lines.append(text("cli.overrides", lang, n=len(granted)))
        lines.extend(f"  {f.row_id:<16} {f.message(lang)}" for f in granted)
    rendered = render_table([f for fs in by_file.values() for f in fs], lang)
    if rendered:
        lines.append(rendered)
    lines.append(text("cli.summary", lang, **count(everything)))
    return "\n".join(lines)


def consolidate_text(result: Consolidation, written: Mapping[str, str], lang: str) -> str:
    """``pegxl consolidate``: the consolidation (:func:`consolidation_text`), every file
    written, and every earlier file it replaced, kept in the archive."""
    kept = {str(f.file): f.expected for f in result.outputs if f.code is Code.OUTPUT_ARCHIVED}
    return _lines(
        consolidation_text(result, lang),
        *(text("cli.wrote", lang, path=p) for k, p in written.items() if k != "parquet_files"),
        *(text("cli.kept", lang, path=p, archive=a) for p, a in kept.items()),
    )


# -- the campaign's commands --------------------------------------------------------------------


def new_campaign_text(
    findings: Sequence[Finding],
    folder: str,
    period: Period,
    links: Sequence[tuple[str, str]],
    lang: str,
) -> str:
    """``pegxl campaign new``: the findings of the plan and the period, the campaign made with
    each sector's upload link, and how to start the desk."""
    return _lines(
        findings_text(findings, lang) if findings else "",
        text("campaign.made", lang, path=folder, label=period.label(lang), n=len(links)),
        *(f"  {code:<6} {link}" for code, link in links),
        text("campaign.serve_hint", lang, path=folder),
    )


def receive_text(got: Sequence[Received], feedback: Mapping[int, Path], lang: str) -> str:
    """``pegxl campaign receive``: each file received with its sector and state, its findings
    and its feedback workbook (``feedback``: by receipt, as the user named the campaign)."""
    lines = []
    for r in got:
        state = text(f"status.{r.status}", lang) if r.accepted else text("campaign.refused", lang)
        lines.append(f"{r.name}  [{r.sector or '—'}]  {state}")
        rendered = render_table(r.findings, lang)
        if rendered:
            lines.append(_indented(rendered, "    "))
        if r.receipt in feedback:
            lines.append("    " + text("campaign.feedback_at", lang, path=feedback[r.receipt]))
    lines.append(text("campaign.received", lang, n=len(got)))
    return "\n".join(lines)


def status_text(status: Status, lang: str) -> str:
    """``pegxl campaign status``: a line per sector (state, versions, last arrival, reminders,
    link), the findings that need action, and the count of all of them."""
    from pegxl.campaign.folder import local_time

    heads = [
        text(f"ccol.{k}", lang) for k in ("code", "state", "versions", "last", "reminders", "link")
    ]
    rows = [
        [
            s.code,
            text(f"cstate.{s.state}", lang),
            str(s.versions),
            local_time(s.last_received) if s.last_received else "—",
            str(s.reminders),
            s.link,
        ]
        for s in status.sectors
    ]
    shown = [f for f in status.findings if f.severity is not Severity.INFO]
    return _lines(
        text("campaign.status_head", lang, label=status.period.label(lang)),
        *_columns(heads, rows, "  "),
        render_table(shown, lang),
        text("cli.summary", lang, **count(status.findings)),
    )


def remind_text(
    findings: Sequence[Finding], folder: Path | None, drafts: Sequence[Path], lang: str
) -> str:
    """``pegxl campaign remind``: its findings, and the drafts written (or that none was
    needed)."""
    if not drafts:
        said = [text("campaign.nothing_to_remind", lang)]
    else:
        said = [text("campaign.reminded", lang, n=len(drafts), path=folder)]
        said += [f"  {p.name}" for p in drafts]
    return _lines(findings_text(findings, lang, summary=False), *said)


def close_text(result: Consolidation, folder: Path, files: Sequence[Path], lang: str) -> str:
    """``pegxl campaign close``: the consolidation, and the folder with what it holds."""
    return _lines(
        consolidation_text(result, lang),
        text("campaign.closed", lang, path=folder),
        *(f"  {p.name}" for p in files),
    )


def _where(c: Change) -> str:
    if c.old_cell == c.new_cell:
        return f"{c.sheet}!{c.new_cell}"
    return f"{c.sheet}!{c.old_cell or '—'} → {c.new_cell or '—'}"


def diff_text(result: Diff, lang: str) -> str:
    """``pegxl diff``: the findings of reading the two files, then the changes as a table (each
    cell cut at 40 characters) and a closing line; the findings alone when a file could not be
    read."""
    said = findings_text(result.findings, lang, summary=False)
    if not result.readable:
        return said
    heads = [text(f"diff.{k}", lang) for k in ("where", "row_id", "column", "old", "new")]
    rows = [[_where(c), c.row_id, c.column, c.old or "—", c.new or "—"] for c in result.changes]
    lines = []
    if rows:
        widths = [min(max(len(h), *(len(r[i]) for r in rows)), 40) for i, h in enumerate(heads)]
        lines.append("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        for r in rows:
            cut = [v if len(v) <= 40 else v[:39] + "…" for v in r]
            lines.append("  ".join(v.ljust(w) for v, w in zip(cut, widths, strict=True)).rstrip())
    lines.append(text("diff.total", lang, n=len(result.changes)))
    return _lines(said, "\n".join(lines))

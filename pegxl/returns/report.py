"""The report of ``pegxl check``: every return with its status and values, every finding.

It follows frictionless' shape — ``valid``, ``stats``, per-file results and all the findings —
and renders as JSON (the contract in design.md, through :mod:`pegxl.document`) or CSV (one row per
finding, safe to open in a spreadsheet); its text for a person is :func:`pegxl.render.check_text`.

The versions are judged as ``consolidate`` judges them (:attr:`CheckReport.selection`, the one
choice of :func:`~pegxl.returns.deliveries.select_returns`): a file another version of its sector
supersedes, or one of another period, is listed with its delivery, and its findings are
information (each with its own severity as ``original_severity``); ``valid``, the exit code and
the totals count only the files that still need action.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from pegxl.document import document
from pegxl.findings import Finding, Severity, count
from pegxl.i18n import text
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period
from pegxl.outputs import BOM, Rows, clean_text, csv_text, json_pieces
from pegxl.returns.deliveries import Selection
from pegxl.returns.reader import Return, ReturnStatus

__all__ = ["CSV_COLUMNS", "CheckReport"]

#: the columns of the CSV report: every key of a finding in the JSON contract, in its order
CSV_COLUMNS = (
    "code",
    "severity",
    "file",
    "sheet",
    "cell",
    "line",
    "row_id",
    "raw",
    "expected",
    "message",
    "original_severity",
)


@dataclass
class CheckReport:
    """The result of checking a batch of returns."""

    returns: list[Return] = field(default_factory=list)
    #: findings about the batch as a whole (a sector that sent nothing)
    batch: list[Finding] = field(default_factory=list)
    #: findings about what the command wrote (a feedback workbook renamed or not written); they
    #: say nothing about the returns, so they leave ``valid`` as it is
    outputs: list[Finding] = field(default_factory=list)
    #: the period the returns were checked against: the one asked for, else the one most files
    #: declare (``None`` when no file could be read)
    period: Period | None = None
    #: which version of each sector counts and what became of every file, as ``consolidate``
    #: chooses (``None`` when no period is known)
    selection: Selection | None = None
    #: the findings of that choice about the files that do not count (``SCORE-015``, ``-016``,
    #: ``-023``)
    choice: list[Finding] = field(default_factory=list)

    def findings_of(self, r: Return) -> list[Finding]:
        """The findings of one file as they stand in this batch: information when another
        version or period counts instead (:meth:`Selection.as_they_stand`)."""
        return self.selection.as_they_stand(r) if self.selection else list(r.findings)

    def counts(self, r: Return) -> bool:
        """Whether the file still needs the office's judgement: not settled by another version
        of its sector or by being of another period."""
        return self.selection is None or not self.selection.settled(r.path)

    def delivery(self, r: Return) -> tuple[str | None, str]:
        """What became of a file in the choice of versions (``superato``, ``conteggiato``…)
        and the file that replaced it, if any."""
        row = self.selection.row_of(r.path) if self.selection else None
        return (row.status.value, row.replaced_by) if row else (None, "")

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every file, file by file (as they stand, :meth:`findings_of`),
        then those of the batch, of the choice of versions and of the outputs."""
        own = [f for r in self.returns for f in self.findings_of(r)]
        return own + self.batch + self.choice + self.outputs

    @property
    def valid(self) -> bool:
        """True when no file was rejected and nothing that still needs action is an error:
        the errors of a superseded version or of a workbook of another period do not count."""
        if any(r.rejected for r in self.returns):
            return False
        judged = [f for r in self.returns for f in self.findings_of(r)]
        return not any(f.severity is Severity.ERROR for f in [*judged, *self.batch, *self.choice])

    def status_of(self, r: Return) -> ReturnStatus:
        """A file's status as it stands in the batch (a settled file with errors is ``ok``:
        its findings are information)."""
        if r.rejected:
            return ReturnStatus.REJECTED
        sev = {f.severity for f in self.findings_of(r)}
        if Severity.ERROR in sev:
            return ReturnStatus.ERRORS
        return ReturnStatus.WARNINGS if Severity.WARNING in sev else ReturnStatus.OK

    @property
    def stats(self) -> dict[str, int]:
        """Files by status (of the files that still count; ``not_counted`` the others: a
        version superseded or discarded, a workbook of another period) and findings by
        severity."""
        by_status = Counter(self.status_of(r) for r in self.returns if self.counts(r))
        return {
            "files": len(self.returns),
            **{s.value: by_status.get(s, 0) for s in ReturnStatus},
            "not_counted": sum(1 for r in self.returns if not self.counts(r)),
            **count(self.findings),
            "values": sum(len(r.values) for r in self.returns),
        }

    def to_dict(self, lang: str = "it") -> dict[str, object]:
        """The JSON shape of design.md, the same top level as every command's
        (:func:`pegxl.document.document`): valid and findings (each as
        :meth:`~pegxl.findings.Finding.to_dict`), then stats and files (with every value
        read)."""
        return {**self._shape(lang), "files": [self._file(r, lang) for r in self.returns]}

    def _shape(self, lang: str) -> dict[str, object]:
        """:meth:`to_dict` with its files made one by one as they are written (:class:`Rows`)."""
        returns = self.returns
        files = Rows(lambda: (self._file(r, lang) for r in returns))
        return document(self.valid, self.findings, lang, stats=self.stats, files=files)

    def to_json(self, lang: str = "it") -> str:
        """The report as JSON text (:func:`pegxl.outputs.json_text`)."""
        return "".join(self.json_pieces(lang))

    def json_pieces(self, lang: str = "it") -> Iterator[str]:
        """:meth:`to_json` in pieces, each file's made as it is written: a batch of thousands of
        returns never sits in memory as dictionaries, nor its document as one text."""
        with no_cyclic_gc(lasting=False):  # a dictionary per value read: garbage once rendered
            yield from json_pieces(self._shape(lang))

    def to_csv(self, lang: str = "it", bom: bool = True) -> str:
        """One row per finding with every column of the JSON contract, for a spreadsheet:
        semicolon-separated as Italian Excel expects, every text field quoted (LibreOffice's
        import, with tab, comma and semicolon all ticked, keeps each one whole), headers and
        severities in ``lang``, and a UTF-8 byte order mark first (``bom``) so that Excel
        reads accents right. Safe to open (:func:`pegxl.outputs.csv_text`: no cell becomes a
        formula, no value breaks a record)."""
        rows: list[list[object]] = [[text(f"csv.{c}", lang) for c in CSV_COLUMNS]]
        for f in self.findings:
            d = f.to_dict(lang)
            d["severity"] = text(f"severity.{f.severity.value}", lang)
            if f.original is not None:
                d["original_severity"] = text(f"severity.{f.original.value}", lang)
            # a name that was not UTF-8 reads as Windows-1252 (Attività.xlsx), as on screen
            rows.append(
                [clean_text(v) if isinstance(v, str) else v for v in map(d.get, CSV_COLUMNS)]
            )
        return (BOM if bom else "") + csv_text(rows, quote_text=True)

    def _file(self, r: Return, lang: str) -> dict[str, object]:
        """A file of the report: path, status (the file's own, as read), sector, period, what
        became of it in the choice of versions (``delivery``, the file that ``replaced_by`` it,
        and ``why``), and every value read."""
        row = self.selection.row_of(r.path) if self.selection else None
        return {
            "path": r.path,
            "status": r.status.value,
            "sector": r.sector,
            "period": r.period.iso if r.period else None,
            "delivery": row.status.value if row else None,
            "replaced_by": (row.replaced_by or None) if row else None,
            "why": row.why.get(lang) if row else None,
            "values": [v.to_dict() for v in r.values],
        }

"""The report of ``pegxl check``: every return with its status and values, every finding.

It follows frictionless' shape — ``valid``, ``stats``, per-file results and all the findings —
and renders as JSON (the contract in design.md) or CSV (one row per finding, safe to open in a
spreadsheet); the text form is the command line's (:mod:`pegxl.cli`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from pegxl.findings import Finding, Severity, count
from pegxl.i18n import text
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period
from pegxl.outputs import BOM, Rows, clean_text, csv_text, json_pieces
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

    @property
    def findings(self) -> list[Finding]:
        """Every finding of every file, file by file, then those of the batch and the
        outputs."""
        return [f for r in self.returns for f in r.findings] + self.batch + self.outputs

    @property
    def valid(self) -> bool:
        """True when no file has errors and none was rejected."""
        accepted = (ReturnStatus.OK, ReturnStatus.WARNINGS)
        return all(r.status in accepted for r in self.returns) and not any(
            f.severity is Severity.ERROR for f in self.batch
        )

    @property
    def stats(self) -> dict[str, int]:
        """Files by status and findings by severity."""
        by_status = Counter(r.status for r in self.returns)
        return {
            "files": len(self.returns),
            **{s.value: by_status.get(s, 0) for s in ReturnStatus},
            **count(self.findings),
            "values": sum(len(r.values) for r in self.returns),
        }

    def to_dict(self, lang: str = "it") -> dict[str, object]:
        """The JSON shape of design.md, the same top level as every command's: valid and
        findings (each as :meth:`~pegxl.findings.Finding.to_dict`), then stats and files (with
        every value read)."""
        return {**self._shape(lang), "files": [_file(r) for r in self.returns]}

    def _shape(self, lang: str) -> dict[str, object]:
        """:meth:`to_dict` with its files made one by one as they are written (:class:`Rows`)."""
        returns = self.returns
        return {
            "valid": self.valid,
            "findings": [f.to_dict(lang) for f in self.findings],
            "stats": self.stats,
            "files": Rows(lambda: (_file(r) for r in returns)),
        }

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
            # a name that was not UTF-8 reads as Windows-1252 (Attività.xlsx), as on screen
            rows.append(
                [clean_text(v) if isinstance(v, str) else v for v in map(d.get, CSV_COLUMNS)]
            )
        return (BOM if bom else "") + csv_text(rows, quote_text=True)


def _file(r: Return) -> dict[str, object]:
    """A file of the report: path, status, sector, period and every value read."""
    return {
        "path": r.path,
        "status": r.status.value,
        "sector": r.sector,
        "period": r.period.iso if r.period else None,
        "values": [v.to_dict() for v in r.values],
    }

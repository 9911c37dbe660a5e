"""``pegxl consolidate`` as a library call: check every return, choose the one that counts per
sector, score the plan under the rules, and keep it all for the master workbook and the report.

    result = consolidate(load("piano.xlsx").plan, ["risposte/"])
    result.tables()["Indicatori"].groupby("Settore")["Raggiungimento %"].mean()

Nothing is lost on the way: every file appears in :attr:`Consolidation.selection` with what
became of it, every value consolidated carries its lineage (file, SHA-256, sheet, cell, what was
typed), and every finding of the check, of the choice and of the scoring is in
:attr:`Consolidation.findings`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pegxl.document import document
from pegxl.findings import Code, Finding, count, has_errors, make
from pegxl.memory import no_cyclic_gc
from pegxl.model import Period, Plan
from pegxl.outputs import display_name
from pegxl.results.rules import Rules, load_rules, unknown_weights
from pegxl.results.scoring import Flaws, Override, Scores, score_plan
from pegxl.results.tables import Table, build_tables
from pegxl.returns.batch import Scan, check, scanned
from pegxl.returns.deliveries import Delivery, Selection, Versions, select_returns
from pegxl.returns.reader import ReadValue
from pegxl.returns.report import CheckReport

if TYPE_CHECKING:
    import pandas as pd


__all__ = ["Consolidation", "NoPeriod", "RulesRefused", "consolidate"]


class NoPeriod(ValueError):
    """No period was given and no return says which: nothing to consolidate against."""


class RulesRefused(ValueError):
    """The rules file asked for cannot be used (``findings``, ``SCORE-009`` with their lines, or
    why it cannot be read): nothing is scored, never with default rules nobody asked for. The
    command line says the same findings and ends with exit code 1."""

    def __init__(self, path: str | Path, findings: list[Finding]) -> None:
        super().__init__(f"{path}: the rules cannot be used ({len(findings)} finding(s))")
        self.findings = findings


#: findings of ``check`` that the consolidation replaces with its own, more precise ones: the
#: choice among a sector's versions (SCORE-015/016) and the sectors not measured (SCORE-012)
_REPLACED = (Code.DUPLICATE_RETURN, Code.RETURN_MISSING)


@dataclass
class Consolidation:
    """A consolidated period: the plan, the period and the rules, what became of every file,
    the scores, and every finding."""

    plan: Plan
    period: Period
    rules: Rules
    report: CheckReport
    selection: Selection
    scores: Scores
    #: the findings of the check (file by file), of the choice of returns, of the scoring
    findings: list[Finding]
    #: findings about the outputs written (they say nothing about the returns)
    outputs: list[Finding] = field(default_factory=list)
    _sheets: dict[str, list[Table]] = field(default_factory=dict, repr=False)
    _frames: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict, repr=False)

    @property
    def valid(self) -> bool:
        """True when no input has errors and no file was rejected."""
        return not has_errors(self.findings)

    def sheets(self, lang: str = "it") -> list[Table]:
        """The tables of the master workbook, typed, in sheet order, with the headers of
        ``lang`` (:mod:`pegxl.results.tables`): built once per language, for the master, the
        Parquet files and the DataFrames alike."""
        if lang not in self._sheets:
            with no_cyclic_gc():  # a million typed cells
                self._sheets[lang] = build_tables(self, lang)
        return self._sheets[lang]

    def tables(self, lang: str = "it") -> dict[str, pd.DataFrame]:
        """The tables of the master workbook as DataFrames, by sheet name, with the headers
        of ``lang``."""
        if lang not in self._frames:
            self._frames[lang] = {t.name: t.frame() for t in self.sheets(lang)}
        return self._frames[lang]

    def stats(self) -> dict[str, int]:
        """Files by delivery status, sectors, objectives measured, findings by severity."""
        from collections import Counter

        by_status = Counter(r.status.value for r in self.selection.rows)
        entity = self.scores.rollups[-1]
        return {
            "files": sum(1 for r in self.selection.rows if r.path),
            **dict(sorted(by_status.items())),
            "sectors": len(self.plan.sectors),
            "objectives": entity.objectives,
            "measured": entity.measured,
            **count(self.findings),
        }

    def to_dict(
        self, lang: str = "it", outputs: Mapping[str, str] | None = None
    ) -> dict[str, object]:
        """The JSON document (:func:`pegxl.document.document`): valid and findings first (every
        command's top level), then the period, the stats, every delivery, the entity's and
        sectors' scores and, when given, the ``outputs`` written by kind."""
        entity = self.scores.rollups[-1]
        more = {} if outputs is None else {"outputs": dict(outputs)}
        return document(
            self.valid,
            [*self.findings, *self.outputs],
            lang,
            period=self.period.iso,
            stats=self.stats(),
            deliveries=[
                {
                    "path": r.path or None,
                    "sector": r.sector or None,
                    "status": r.status.value,
                    "why": r.why.get(lang),
                    "sha256": r.sha256,
                    "received": r.received.isoformat() if r.received else None,
                    "clock": r.clock or None,
                    "replaced_by": r.replaced_by or None,
                }
                for r in self.selection.rows
            ],
            scores=[
                {
                    "level": r.level,
                    "key": r.key or None,
                    "label": r.label,
                    "objectives": r.objectives,
                    "measured": r.measured,
                    "weighted": _round(r.weighted),
                    "plain": _round(r.plain),
                    "provisional": r.is_provisional,
                    "counts": {
                        **{str(k): v for k, v in r.counts.items()},
                        "provvisorio": r.provisional,
                    },
                }
                for r in self.scores.rollups
                if r.level in ("sector", "entity")
            ],
            entity_score=_round(entity.weighted),
            entity_provisional=entity.is_provisional,
            **more,
        )


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


#: a row's values read from its sector's counted return: row id -> column key -> value
Values = dict[str, dict[str, ReadValue]]


def _values(selection: Selection) -> tuple[Values, dict[str, str]]:
    """The values of the counted returns by row id and column, and the file each row's values
    came from."""
    values: Values = {}
    file_of: dict[str, str] = {}
    for ret in selection.counted.values():
        for v in ret.values:
            values.setdefault(v.row_id, {})[v.key] = v
            file_of[v.row_id] = ret.path
    return values, file_of


def _with_values(plan: Plan, selection: Selection) -> list[Finding]:
    """Every counted return with its values: one thinned while the batch was read (never, as
    :class:`Versions` keeps the version :func:`select_returns` counts, but a counted version
    without values would be a sector lost in silence) is read again. A file whose bytes
    changed since it was judged is not consolidated from bytes nobody judged: SCORE-017."""
    from pegxl.returns.reader import read_return

    found: list[Finding] = []
    for sector, ret in selection.counted.items():
        if ret.kept_values:
            continue
        try:
            again = read_return(ret.path, plan)
        except Exception:  # unreadable now: as a file changed since it was judged
            again = None
        if again is not None and not again.rejected and again.sha256 == ret.sha256:
            ret.values, ret.reference, ret.kept_values = again.values, again.reference, True
        else:
            name = display_name(Path(ret.path).name)
            found.append(make(Code.RETURN_CHANGED, file=ret.path, raw=sector, name=name))
    return found


def _omits_errors(f: Finding) -> bool:
    """Whether ``f`` counts errors not listed one by one (``STRUCT-021`` of an error code)."""
    if f.code is not Code.FINDINGS_OMITTED:
        return False
    omitted = next((c for c in Code if c.value == f.expected), None)
    return omitted is not None and omitted.severity.value == "error"


def _flaws(plan: Plan, selection: Selection, period: Period) -> Flaws:
    """What the errors of the counted returns mean for the scores (:class:`Flaws`): the values
    an error condemns, the rows with an error, the sectors with an error on no row of theirs
    (or more errors of a kind than are listed one by one)."""
    from pegxl.findings import Severity
    from pegxl.returns.validate import unscored_cells, values_in_error

    values: set[tuple[str, str]] = set()
    rows: set[str] = set()
    sectors: set[str] = set()
    for sector, ret in selection.counted.items():
        unscored = unscored_cells(ret)
        errors = [
            f
            for f in ret.findings
            if f.severity is Severity.ERROR and (f.sheet or "", f.cell or "") not in unscored
        ]
        if not errors:
            continue
        objectives = plan.objectives_of(sector)
        own = {o.code for o in objectives} | {p.id for o in objectives for p in o.phases}
        own |= {i.id for o in objectives for i in o.indicators}
        cells = values_in_error(ret, plan, period)
        values |= {(v.row_id, v.key) for v in ret.values if (v.sheet, v.cell) in cells}
        for f in errors:
            if f.row_id in own:
                rows.add(f.row_id)
            else:
                sectors.add(sector)
        if any(_omits_errors(f) for f in ret.findings):
            sectors.add(sector)  # errors not listed one by one: every row may have one
    return Flaws(frozenset(values), frozenset(rows), frozenset(sectors))


def consolidate(
    plan: Plan,
    returns: Sequence[str | Path] | Scan,
    *,
    period: Period | None = None,
    rules: Rules | str | Path | None = None,
    overrides: Mapping[str, Override] | str | Path | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> Consolidation:
    """Consolidate the returns (files or folders, or a :class:`~pegxl.returns.batch.Scan` of
    them already made) of ``plan`` for ``period`` (default: the period most returns declare).
    The files are expanded once: the check reads the same list.

    ``rules`` are :class:`~pegxl.results.rules.Rules` or a rules file (default: the shipped
    ``templates/regole.toml``); ``overrides`` the Nucleo's scores by ID, or the workbook or
    CSV that holds them (:mod:`pegxl.results.overrides`). A rules file with errors is refused
    before any return is read (:class:`RulesRefused`, with its findings): a period is never
    scored under rules other than those asked for. An overrides row with an error is reported
    and not applied; the others are. Raises :class:`NoPeriod` when no period is given and no
    return could be read."""
    found: list[Finding] = []
    if not isinstance(rules, Rules):
        loaded, rule_findings = load_rules(rules)
        if loaded is None:
            raise RulesRefused(rules or "", rule_findings)
        found += rule_findings
        rules = loaded
    found += unknown_weights(rules, plan)
    scan = scanned(returns)
    found += scan.findings
    # in a fixed order whatever the order given: the same inputs give the same bytes
    files = sorted(scan.files, key=lambda p: (display_name(p.name), str(p)))
    # only the version of each sector that can count keeps its values while the batch is read
    versions = Versions(plan)
    report = check(
        plan,
        Scan(files),
        period=period,
        workers=workers,
        progress=progress,
        received=versions.offer,
    )
    if report.period is None:
        raise NoPeriod("no period given and no return could be read")
    plan = plan.as_of(report.period.end)  # scored against the values in force at its end
    # the one choice of versions, made by the check (the same choice ``pegxl check`` shows)
    selection = report.selection or select_returns(plan, report.returns, report.period)
    found += _with_values(plan, selection)
    granted: Mapping[str, Override] = {}
    if isinstance(overrides, str | Path):
        from pegxl.results.overrides import load_overrides

        granted, override_findings = load_overrides(overrides, plan)
        found += override_findings
    elif overrides is not None:
        granted = overrides
    values, file_of = _values(selection)
    flaws = _flaws(plan, selection, report.period)
    missing = [r.sector for r in selection.rows if r.status is Delivery.MISSING]
    with no_cyclic_gc():  # a score and its trace per item: hundreds of thousands of objects
        scores, score_findings = score_plan(
            plan,
            report.period,
            values,
            rules,
            missing_sectors=missing,
            overrides=granted,
            file_of=file_of,
            flaws=flaws,
        )
    # the findings of a file that does not count (superseded, of another period) as information
    checked = [f for r in report.returns for f in report.findings_of(r) if f.code not in _REPLACED]
    checked += [f for f in report.batch if f.code not in _REPLACED]
    findings = [*found, *checked, *selection.findings, *score_findings]
    return Consolidation(plan, report.period, rules, report, selection, scores, findings)

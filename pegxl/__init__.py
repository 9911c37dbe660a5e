"""pegxl: run the PEG / PIAO performance-plan cycle of Italian public administrations through
spreadsheets.

Public API::

    import pegxl
    result = pegxl.import_text("examples/cinisello_2025_vp4.txt")  # ImportResult(plan, findings)
    # several exports (one per Valore Pubblico) into one plan:
    # pegxl.import_texts(["examples/cinisello_2025_vp4.txt", "examples/cinisello_2025_vp2.txt"])
    pegxl.save_plan(result.plan, "piano.xlsx")
    out = pegxl.generate("piano.xlsx", period="2025-06-30", out_dir="schede")
    report = pegxl.check("piano.xlsx", ["risposte/"])        # CheckReport: valid, stats, findings
    result = pegxl.consolidate("piano.xlsx", ["risposte/"])  # Consolidation: scores, tables
    pegxl.write_master(result, "riepilogo.xlsx")
    pegxl.write_report(result, "relazione.html")

The names below are loaded on first use (PEP 562): importing pegxl, or running ``pegxl --help``,
does not import the workbook libraries.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pegxl.version import __version__

if TYPE_CHECKING:
    from pegxl.findings import Finding, Severity
    from pegxl.model import Indicator, Objective, Period, Phase, Plan, Sector
    from pegxl.plan.pegtext import ImportResult, import_text, import_texts, parse_text
    from pegxl.plan.workbook_reader import LoadResult
    from pegxl.plan.workbook_reader import load as load_plan
    from pegxl.plan.workbook_writer import save as save_plan
    from pegxl.results.consolidate import Consolidation, RulesRefused
    from pegxl.results.html import write_report
    from pegxl.results.master import write_master
    from pegxl.results.rules import Rules
    from pegxl.results.scoring import Override
    from pegxl.returns.reader import Return, read_return
    from pegxl.returns.report import CheckReport
    from pegxl.values import Kind, Value
    from pegxl.workbook.writer import GenerateOptions, GenerateResult

__all__ = [
    "CheckReport",
    "Consolidation",
    "Finding",
    "GenerateOptions",
    "GenerateResult",
    "ImportResult",
    "Indicator",
    "Kind",
    "LoadResult",
    "Objective",
    "Override",
    "Period",
    "Phase",
    "Plan",
    "PlanError",
    "Return",
    "Rules",
    "RulesRefused",
    "Sector",
    "Severity",
    "Value",
    "__version__",
    "check",
    "consolidate",
    "generate",
    "import_text",
    "import_texts",
    "load_plan",
    "parse_text",
    "read_return",
    "save_plan",
    "write_master",
    "write_report",
]

#: public name -> (module, name in it)
_LAZY = {
    "Finding": ("pegxl.findings", "Finding"),
    "Severity": ("pegxl.findings", "Severity"),
    "Indicator": ("pegxl.model", "Indicator"),
    "Objective": ("pegxl.model", "Objective"),
    "Period": ("pegxl.model", "Period"),
    "Phase": ("pegxl.model", "Phase"),
    "Plan": ("pegxl.model", "Plan"),
    "Sector": ("pegxl.model", "Sector"),
    "ImportResult": ("pegxl.plan.pegtext", "ImportResult"),
    "import_text": ("pegxl.plan.pegtext", "import_text"),
    "import_texts": ("pegxl.plan.pegtext", "import_texts"),
    "parse_text": ("pegxl.plan.pegtext", "parse_text"),
    "save_plan": ("pegxl.plan.workbook_writer", "save"),
    "LoadResult": ("pegxl.plan.workbook_reader", "LoadResult"),
    "load_plan": ("pegxl.plan.workbook_reader", "load"),
    "Return": ("pegxl.returns.reader", "Return"),
    "read_return": ("pegxl.returns.reader", "read_return"),
    "CheckReport": ("pegxl.returns.report", "CheckReport"),
    "Consolidation": ("pegxl.results.consolidate", "Consolidation"),
    "Rules": ("pegxl.results.rules", "Rules"),
    "RulesRefused": ("pegxl.results.consolidate", "RulesRefused"),
    "Override": ("pegxl.results.scoring", "Override"),
    "write_master": ("pegxl.results.master", "write_master"),
    "write_report": ("pegxl.results.html", "write_report"),
    "Kind": ("pegxl.values", "Kind"),
    "Value": ("pegxl.values", "Value"),
    "GenerateOptions": ("pegxl.workbook.writer", "GenerateOptions"),
    "GenerateResult": ("pegxl.workbook.writer", "GenerateResult"),
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use."""
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pegxl' has no attribute {name!r}")


class PlanError(ValueError):
    """The plan workbook could not be used; ``findings`` say where and why."""

    def __init__(self, path: str, findings: list[Finding]) -> None:
        super().__init__(f"{path}: {len(findings)} problem(s) in the plan")
        self.findings = findings


def _plan(plan: Plan | str | Path) -> Plan:
    """The plan itself, or the plan workbook at a path loaded and checked: :class:`PlanError`
    with the findings when it has errors."""
    from pegxl.findings import Severity
    from pegxl.model import Plan
    from pegxl.plan.workbook_reader import load

    if isinstance(plan, Plan):
        return plan
    loaded = load(plan)
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR]
    if loaded.plan is None or errors:
        raise PlanError(str(plan), errors or loaded.findings)
    return loaded.plan


def _period(period: Period | date | str) -> Period:
    """A period from a :class:`~pegxl.model.Period`, a date or a date's text (``30/06/2025``)."""
    from pegxl.model import Period
    from pegxl.values import parse_date

    if isinstance(period, Period):
        return period
    if isinstance(period, date):
        return Period.of(period)
    end = parse_date(period).value
    assert isinstance(end, date)
    return Period.of(end)


def generate(
    plan: Plan | str | Path,
    period: Period | date | str,
    out_dir: str | Path,
    sectors: Sequence[str] | None = None,
    options: GenerateOptions | None = None,
) -> GenerateResult:
    """One locked fill-in workbook per sector (see :mod:`pegxl.workbook.writer`)."""
    from pegxl.workbook.writer import generate as _generate

    return _generate(_plan(plan), _period(period), out_dir, sectors, options)


def check(plan: Plan | str | Path, paths: Sequence[str | Path], **kwargs: Any) -> CheckReport:
    """Read and check returns (files or folders) against the plan
    (see :mod:`pegxl.returns.batch`)."""
    from pegxl.returns.batch import check as _check

    if "period" in kwargs and kwargs["period"] is not None:
        kwargs["period"] = _period(kwargs["period"])
    return _check(_plan(plan), paths, **kwargs)


def consolidate(
    plan: Plan | str | Path, paths: Sequence[str | Path], **kwargs: Any
) -> Consolidation:
    """Check the returns (files or folders), choose the one that counts per sector and score the
    plan (see :mod:`pegxl.results.consolidate`): ``period``, ``rules`` (Rules or a TOML file),
    ``overrides`` (by ID, or a workbook or CSV). A rules file with errors raises
    :class:`RulesRefused` with its findings (as a bad plan raises :class:`PlanError`), as
    ``pegxl consolidate --rules`` stops on it: nothing is scored under rules other than those
    asked for."""
    from pegxl.results.consolidate import consolidate as _consolidate

    if "period" in kwargs and kwargs["period"] is not None:
        kwargs["period"] = _period(kwargs["period"])
    return _consolidate(_plan(plan), paths, **kwargs)

"""pegxl: run the PEG / PIAO performance-plan cycle of Italian public administrations through
spreadsheets.

Public API::

    from pegxl import import_text, load_plan, save_plan
    result = import_text("examples/cinisello_2025_vp4.txt")   # ImportResult(plan, findings)
    save_plan(result.plan, "piano.xlsx")
    loaded = load_plan("piano.xlsx")                           # LoadResult(plan, findings)
"""

from __future__ import annotations

__version__ = "0.1.0"

from pegxl.findings import Finding, Severity
from pegxl.model import Indicator, Objective, Phase, Plan, Sector
from pegxl.pegtext import ImportResult, import_text, parse_text
from pegxl.planbook import LoadResult
from pegxl.planbook import load as load_plan
from pegxl.planbook import save as save_plan
from pegxl.values import Kind, Value

__all__ = [
    "Finding",
    "ImportResult",
    "Indicator",
    "Kind",
    "LoadResult",
    "Objective",
    "Phase",
    "Plan",
    "Sector",
    "Severity",
    "Value",
    "__version__",
    "import_text",
    "load_plan",
    "parse_text",
    "save_plan",
]

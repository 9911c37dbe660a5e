"""The measurement rules (SMVP) of a consolidation: what scores an indicator, a phase, an
objective, and how missing values and weights are treated.

Scoring is configuration, not code: the rules are a TOML file, and the defaults *are* the
documented file shipped as ``templates/regole.toml`` (a user copies it, edits it and passes it
with ``--rules``). A bad rules file gives findings with their line (``SCORE-009``), never a
traceback; an unknown key is reported rather than ignored, so a typo never silently keeps a
default. The rules in force are written into the master workbook's *Regole* sheet.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from pegxl import resources
from pegxl.findings import Code, Collector, Finding
from pegxl.i18n import tr
from pegxl.model import Plan
from pegxl.reading import read_at_most

__all__ = ["Rules", "default_rules", "load_rules", "rules_rows", "unknown_weights"]

#: the most bytes a rules file may have (it is a few lines)
MAX_RULES_BYTES = 256 * 1024
#: the largest weight of an objective (weights are relative: points, shares, percentages; the
#: message rules.weight says it)
MAX_WEIGHT = 10_000
#: the deepest nesting of brackets a rules file may have (it needs two; the TOML parser
#: recurses per level, and 5,000 levels stopped it with an internal error)
MAX_DEPTH = 32


@dataclass(frozen=True)
class Rules:
    """Every rule of the design's scoring section, with its default (see templates/regole.toml
    for what each means)."""

    cap: float = 100.0
    late_points_per_day: float = 1.0
    target_zero: str = "side"
    baseline: str = "none"
    baseline_year: int = 0
    in_line_tolerance: float = 0.0
    missing_intermediate: str = "exclude"
    missing_final: str = "zero"
    unweighted: str = "share"
    late_tolerance: float = 10.0
    objective_mode: str = "indicators_else_phases"
    indicators_weight: float = 1.0
    phases_weight: float = 0.0
    objective_cap: float = 100.0
    weights: str = "items"
    band_achieved: float = 90.0
    band_partial: float = 60.0
    interim_number: str = "none"
    interim_percent: str = "none"
    critical_overdue: int = 2
    at_risk_late: int = 1
    objective_weights: Mapping[str, float] = field(default_factory=dict)
    #: where the rules came from (a path, or the default file's name)
    source: str = "regole.toml"
    #: the line of each key of ``objective_weights`` in the file (for findings about it)
    weight_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def missing_for(self, entry: str) -> str:
        """The rule of the ``[missing]`` table's ``entry`` (``intermediate`` or ``final``, as a
        period kind's policy names it): ``exclude``, ``zero`` or ``error``."""
        if entry == "final":
            return self.missing_final
        if entry == "intermediate":
            return self.missing_intermediate
        raise ValueError(f"no [missing] rule {entry!r}")

    def linear(self, kind: str) -> bool:
        """Whether an intermediate period expects a linear share of an annual target of this
        kind (``number``, ``percent``: ``[interim]``); never for the other kinds."""
        return {"number": self.interim_number, "percent": self.interim_percent}.get(
            kind, "none"
        ) == "linear"


@dataclass(frozen=True)
class _Rule:
    """A key of the rules file: the field of :class:`Rules` it sets, its type, and the values it
    may take (``choices`` for a text, ``low``–``high`` for a number)."""

    name: str
    kind: type
    choices: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0

    def check(self, value: object) -> object | None:
        """``value`` as this rule's type when allowed, else ``None``."""
        if isinstance(value, bool):
            return None
        if self.kind is str:
            return value if isinstance(value, str) and value in self.choices else None
        if not isinstance(value, int | float) or (self.kind is int and not isinstance(value, int)):
            return None
        if not self.low <= value <= self.high:
            return None
        return int(value) if self.kind is int else float(value)

    def allowed(self) -> str:
        """The values allowed, as a person reads them."""
        if self.kind is str:
            return " | ".join(self.choices)
        return f"{self.low:g}–{self.high:g}"


#: (table, key) in the file -> the rule it sets
_SCHEMA: dict[tuple[str, str], _Rule] = {
    ("indicator", "cap"): _Rule("cap", float, low=100, high=200),
    ("indicator", "late_points_per_day"): _Rule("late_points_per_day", float, low=0, high=100),
    ("indicator", "target_zero"): _Rule("target_zero", str, ("side",)),
    ("indicator", "baseline"): _Rule("baseline", str, ("none", "prior")),
    ("indicator", "baseline_year"): _Rule("baseline_year", int, low=0, high=2100),
    ("indicator", "in_line_tolerance"): _Rule("in_line_tolerance", float, low=0, high=100),
    ("missing", "intermediate"): _Rule("missing_intermediate", str, ("exclude", "zero", "error")),
    ("missing", "final"): _Rule("missing_final", str, ("exclude", "zero", "error")),
    ("phases", "unweighted"): _Rule("unweighted", str, ("share", "equal")),
    ("phases", "late_tolerance"): _Rule("late_tolerance", float, low=0, high=100),
    ("objective", "mode"): _Rule("objective_mode", str, ("indicators_else_phases", "blend")),
    ("objective", "indicators_weight"): _Rule("indicators_weight", float, low=0, high=100),
    ("objective", "phases_weight"): _Rule("phases_weight", float, low=0, high=100),
    ("objective", "cap"): _Rule("objective_cap", float, low=100, high=200),
    ("objective", "weights"): _Rule("weights", str, ("items", "equal")),
    ("bands", "achieved"): _Rule("band_achieved", float, low=0, high=200),
    ("bands", "partial"): _Rule("band_partial", float, low=0, high=200),
    ("interim", "number"): _Rule("interim_number", str, ("none", "linear")),
    ("interim", "percent"): _Rule("interim_percent", str, ("none", "linear")),
    ("interim", "critical_overdue"): _Rule("critical_overdue", int, low=1, high=1000),
    ("interim", "at_risk_late"): _Rule("at_risk_late", int, low=1, high=1000),
}
_TABLES = {table for table, _ in _SCHEMA} | {"objective_weights"}
_TOML_LINE = re.compile(r"at line (\d+)")


def _dotted(name: str) -> list[str]:
    """The parts of a TOML dotted name (``indicator.cap``, ``"objective_weights"."2025_01"``)."""
    return [p.strip().strip('"').strip("'") for p in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', name)]


def _lines(text: str) -> dict[tuple[str, str], int]:
    """Where each key of the file is: (table, key) -> 1-based line (tables too, as
    (table, "")). A key given as a table of its own (``[indicator.cap]``) or as a dotted key
    (``cap.x = 1`` under ``[indicator]``, ``indicator.cap = 1`` at the top) is where that
    table or key starts."""
    out: dict[tuple[str, str], int] = {}
    table = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and "]" in stripped:
            name = stripped.lstrip("[").split("]", 1)[0].strip()
            parts = _dotted(name)
            table = ".".join(parts)
            out.setdefault((table, ""), n)
            if len(parts) > 1:
                out.setdefault((parts[0], ""), n)
                out.setdefault((parts[0], parts[1]), n)
        elif "=" in stripped and not stripped.startswith("#"):
            parts = _dotted(stripped.split("=", 1)[0])
            if not parts:
                continue
            out.setdefault((table, parts[0]), n)
            out.setdefault((table, ".".join(parts)), n)
            if not table and len(parts) > 1:
                out.setdefault((parts[0], ""), n)
                out.setdefault((parts[0], parts[1]), n)
    return out


def _too_deep(text: str, most: int = MAX_DEPTH) -> int | None:
    """The line where brackets (``[`` ``{``, outside strings and comments) nest deeper than
    ``most``, or ``None``: checked before the TOML parser, which recurses once per level."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and c == '"':
                    j += 1
                elif text[j] == "\n":
                    line += 1
                    if len(quote) == 1:
                        break  # an unterminated string: the parser says so
                j += 1
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > most:
                return line
        elif c in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return None


def _parse(text: str, source: str, found: Collector) -> Rules | None:
    """Rules from the text of a rules file; what is wrong with it goes to ``found`` with its
    line. ``None`` when the file cannot be read as TOML at all."""
    deep = _too_deep(text)
    if deep is not None:
        found.add(Code.RULES_INVALID, line=deep, detail=tr("rules.too_deep", most=MAX_DEPTH))
        return None
    try:
        data = tomllib.loads(text)
    except RecursionError:  # never past the check above; an internal error it must not be
        found.add(Code.RULES_INVALID, detail=tr("rules.too_deep", most=MAX_DEPTH))
        return None
    except tomllib.TOMLDecodeError as e:
        m = _TOML_LINE.search(str(e))
        found.add(
            Code.RULES_INVALID,
            line=int(m.group(1)) if m else None,
            detail=tr("rules.syntax", error=str(e)),
        )
        return None
    where = _lines(text)
    values: dict[str, object] = {"source": source}
    for table, content in data.items():
        if table not in _TABLES or not isinstance(content, dict):
            found.add(
                Code.RULES_INVALID,
                line=where.get((table, ""), where.get(("", table))),
                detail=tr("rules.unknown_table", table=table),
            )
            continue
        if table == "objective_weights":
            weights: dict[str, float] = {}
            lines: dict[str, int] = {}
            for code, weight in content.items():
                line = where.get((table, code))
                if line is not None:
                    lines[code] = line
                # NaN, infinities and 1e308 are no weight (a mean of them is NaN or overflows)
                if (
                    isinstance(weight, bool)
                    or not isinstance(weight, int | float)
                    or not 0 <= weight <= MAX_WEIGHT
                ):
                    found.add(
                        Code.RULES_INVALID,
                        line=line,
                        detail=tr("rules.weight", key=code),
                    )
                else:
                    weights[code] = float(weight)
            values["objective_weights"] = weights
            values["weight_lines"] = lines
            continue
        for key, value in content.items():
            spec = _SCHEMA.get((table, key))
            line = where.get((table, key))
            if spec is None:
                found.add(
                    Code.RULES_INVALID,
                    line=line,
                    detail=tr("rules.unknown_key", key=key, table=table),
                )
                continue
            checked = spec.check(value)
            if checked is None:
                found.add(
                    Code.RULES_INVALID,
                    line=line,
                    detail=tr(
                        "rules.value",
                        key=f"{table}.{key}",
                        value=_as_typed(value),
                        allowed=spec.allowed(),
                    ),
                )
                continue
            values[spec.name] = checked
    rules = Rules(**values)  # type: ignore[arg-type]
    if rules.band_partial > rules.band_achieved:
        found.add(
            Code.RULES_INVALID,
            line=where.get(("bands", "partial")),
            detail=tr("rules.bands"),
        )
        return None
    if rules.objective_mode == "blend" and rules.indicators_weight + rules.phases_weight <= 0:
        found.add(
            Code.RULES_INVALID,
            line=where.get(("objective", "mode")),
            detail=tr("rules.blend"),
        )
        return None
    return rules


def default_rules() -> Rules:
    """The rules of the documented default file, ``templates/regole.toml``."""
    text = (resources.templates_dir() / "regole.toml").read_text(encoding="utf-8")
    rules = _parse(text, "regole.toml", Collector(cap=None))
    assert rules is not None, "the shipped rules file is not valid"
    return rules


def _as_typed(value: object) -> object:
    """A value of the rules file as it is written there: ``true``, not Python's ``True``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def load_rules(path: str | Path | None) -> tuple[Rules | None, list[Finding]]:
    """The rules of the file at ``path`` (the defaults when ``None``), and what is wrong with
    it: each error with its line; ``None`` when they cannot be used."""
    if path is None:
        return default_rules(), []
    found = Collector(str(path), cap=None)
    path = Path(path)
    try:
        data = read_at_most(path, MAX_RULES_BYTES)
    except OSError as e:
        from pegxl.findings import os_error

        found.add(Code.FILE_UNREADABLE, detail=os_error(e))
        return None, found.done()
    if len(data) > MAX_RULES_BYTES:
        found.add(Code.RULES_INVALID, detail=tr("rules.too_large"))
        return None, found.done()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        found.add(Code.RULES_INVALID, detail=tr("rules.encoding"))
        return None, found.done()
    rules = _parse(text, path.name, found)
    findings = found.done()
    if any(f.severity.value == "error" for f in findings):
        return None, findings
    return rules, findings


#: the rules only a period that grades applies: the bands of the final report's grades
GRADE_RULES = frozenset({"band_achieved", "band_partial"})


def rules_rows(rules: Rules, grades: bool = True) -> list[tuple[str, str, str]]:
    """The rules in force as (key in the file, value, field name) rows, for the *Regole* sheet
    (at a period that does not grade, without the bands of the grades: they are not in force)."""
    by_name = {rule.name: f"{table}.{key}" for (table, key), rule in _SCHEMA.items()}
    rows = []
    for f in fields(rules):
        if f.name in ("objective_weights", "source", "weight_lines") or (
            not grades and f.name in GRADE_RULES
        ):
            continue
        value = getattr(rules, f.name)
        rows.append(
            (by_name[f.name], f"{value:g}" if isinstance(value, float) else str(value), f.name)
        )
    for code, weight in sorted(rules.objective_weights.items()):
        rows.append((f'objective_weights."{code}"', f"{weight:g}", "objective_weights"))
    return rows


def unknown_weights(rules: Rules, plan: Plan) -> list[Finding]:
    """Every key of ``objective_weights`` that names no objective of ``plan`` (a typo, last
    year's code, a phase's or an indicator's ID): ``SCORE-018`` with its line, as a weight
    that is not applied must never look applied."""
    from pegxl.findings import make

    objectives = {o.code for o in plan.objectives}
    phases = {p.id for p in plan.phases()}
    indicators = {i.id for i in plan.indicators()}
    found = []
    for code in sorted(rules.objective_weights, key=lambda c: (rules.weight_lines.get(c, 0), c)):
        if code in objectives:
            continue
        why = (
            "rules.weight_phase"
            if code in phases
            else "rules.weight_indicator"
            if code in indicators
            else "rules.weight_unknown"
        )
        found.append(
            make(
                Code.WEIGHT_NOT_APPLIED,
                file=rules.source if rules.weight_lines else None,
                line=rules.weight_lines.get(code),
                raw=code,
                detail=tr(why),
            )
        )
    return found

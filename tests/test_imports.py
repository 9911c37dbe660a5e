"""The import picture: every import of pegxl's modules — at the top, inside a function (a lazy
import) or for the type checker only — as a graph; no circle in it but the one the CLI's
campaign commands still make (they borrow the CLI's helpers; the next pass gives both one
module of helpers); and the floors in the order of the flow (:data:`FLOORS`), every import
running down them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pegxl"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """Module → the pegxl modules it imports, anywhere in its text. The package's own
    ``__init__`` (the public facade, whose names are imported lazily) is left out: a module
    that takes ``__version__`` from it does not depend on the whole of pegxl."""
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name not in modules:
            if "." not in name:
                return None
            name = name.rsplit(".", 1)[0]
        return name

    graph: dict[str, set[str]] = {m: set() for m in modules if m != "pegxl"}
    for name in graph:
        path = modules[name]
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [f"{base}.{a.name}" for a in node.names]
            for t in targets:
                found = resolve(t) if t.startswith("pegxl") else None
                if found and found not in (name, "pegxl"):
                    graph[name].add(found)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_import_circles() -> None:
    assert circles(import_graph()) == []


def test_the_command_modules_stand_on_one_lower_module() -> None:
    """cli and campaign_commands share what every command needs through pegxl.command, which
    knows neither of them: the arrows run one way, cli -> campaign_commands -> command."""
    graph = import_graph()
    assert "pegxl.cli" not in graph["pegxl.campaign_commands"]
    assert {"pegxl.cli", "pegxl.campaign_commands"} & graph["pegxl.command"] == set()
    assert "pegxl.command" in graph["pegxl.campaign_commands"]
    assert "pegxl.command" in graph["pegxl.cli"]


def test_the_circles_of_issue_18_are_gone() -> None:
    graph = import_graph()
    for a, b in [
        ("pegxl.results.consolidate", "pegxl.results.tables"),
        ("pegxl.results.rollup", "pegxl.results.scoring"),
        ("pegxl.sheets.xlsx", "pegxl.sheets.ods"),
        ("pegxl.findings", "pegxl.outputs"),
    ]:
        assert not (b in graph[a] and a in graph[b]), (a, b)
    # each goes one way now: the lower module knows nothing of the upper one
    assert "pegxl.results.consolidate" not in graph["pegxl.results.tables"]
    assert "pegxl.results.scoring" not in graph["pegxl.results.rollup"]
    assert "pegxl.sheets.xlsx" not in graph["pegxl.sheets.ods"]
    assert "pegxl.sheets.ods" not in graph["pegxl.sheets.xlsx"]  # both are read by sheets.read
    assert "pegxl.outputs" not in graph["pegxl.findings"]


def test_the_finder_sees_lazy_and_type_only_imports() -> None:
    """The graph is not fooled by an import inside a function or under TYPE_CHECKING: the
    scanner's lazy import of the .ods reader was one of the circles."""
    graph = import_graph()
    assert "pegxl.campaign_commands" in graph["pegxl.cli"]  # imported inside main()
    assert "pegxl.desk.server" in graph["pegxl.campaign_commands"]  # inside a command
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


#: pegxl's floors in the order of the flow: a module imports only from its own floor or a lower
#: one. The flat core at the bottom; the layer that reads any workbook; then the stages as the
#: cycle runs them; the campaign, its desk and the demo above the stages; the command on top.
FLOORS: list[tuple[str, ...]] = [
    (
        "pegxl.cells",
        "pegxl.document",
        "pegxl.findings",
        "pegxl.i18n",
        "pegxl.kinds",
        "pegxl.memory",
        "pegxl.model",
        "pegxl.outputs",
        "pegxl.periods",
        "pegxl.reading",
        "pegxl.resources",
        "pegxl.values",
        "pegxl.version",
        "pegxl.workers",
    ),
    ("pegxl.sheets",),
    ("pegxl.plan",),
    ("pegxl.workbook",),
    ("pegxl.returns",),
    ("pegxl.results",),
    ("pegxl.campaign", "pegxl.desk", "pegxl.demo"),
    # the command line: the shared pieces of every command, their texts, the commands
    ("pegxl.command", "pegxl.render", "pegxl.cli", "pegxl.campaign_commands", "pegxl.__main__"),
]

#: the imports that may run back up the floors (importer, imported): at most one, each with why
UPWARD: dict[tuple[str, str], str] = {}


def floor_of(module: str) -> int:
    """The floor of a module: of the package or flat module it is, or is inside."""
    for n, names in enumerate(FLOORS):
        if any(module == name or module.startswith(name + ".") for name in names):
            return n
    raise AssertionError(f"{module} is on no floor: add it to FLOORS")


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Every import from a lower floor to a higher one."""
    return sorted(
        (a, b) for a, targets in graph.items() for b in targets if floor_of(b) > floor_of(a)
    )


def test_every_import_runs_down_the_floors() -> None:
    """Lazy imports (inside a function) and the type checker's count too: the finder sees them
    (:func:`test_the_finder_sees_lazy_and_type_only_imports`)."""
    assert len(UPWARD) <= 1
    assert upward(import_graph()) == sorted(UPWARD)


def test_the_floors_test_sees_an_import_that_runs_up() -> None:
    graph = {
        "pegxl.values": {"pegxl.model"},
        "pegxl.plan.workbook_reader": {"pegxl.sheets.read", "pegxl.values"},
        "pegxl.sheets.read": {"pegxl.returns.reader"},
        "pegxl.returns.reader": {"pegxl.sheets.read"},
    }
    assert upward(graph) == [("pegxl.sheets.read", "pegxl.returns.reader")]
    assert floor_of("pegxl.plan.pegtext.build") == floor_of("pegxl.plan") == 2


def test_the_sector_workbook_imports_no_returns_and_no_results() -> None:
    """The writer needs only the prefill record (``workbook.writer.Prefill``); reading the
    previous period's returns or master for it is a result (``results.prefill``)."""
    graph = import_graph()
    workbook = {m: t for m, t in graph.items() if m.split(".")[:2] == ["pegxl", "workbook"]}
    assert len(workbook) > 5  # every module of workbook/ is read
    reached = {t for targets in workbook.values() for t in targets}
    assert sorted(t for t in reached if t.split(".")[1] in {"returns", "results"}) == []


def test_the_version_is_the_packages_and_stands_on_the_ground_floor() -> None:
    """One version: pyproject's is the one ``pegxl --version``, the facade and the workbooks'
    generator stamp say, read from :mod:`pegxl.version`, which imports nothing of pegxl (so a
    workbook module stamping it does not import the facade above every floor)."""
    import tomllib

    import pegxl
    from pegxl.version import __version__

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == __version__ == pegxl.__version__
    assert import_graph()["pegxl.version"] == set()
    modules = _modules()
    facade = sorted(  # a name of the facade, not a module of the package
        f"{name}: {a.name}"
        for name, path in modules.items()
        if name != "pegxl"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "pegxl" and not node.level
        for a in node.names
        if f"pegxl.{a.name}" not in modules
    )
    assert facade == []

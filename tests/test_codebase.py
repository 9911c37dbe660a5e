"""The codebase reads like the flow: every module and every public or non-trivial function says
what it is for, no module grows past ~600 lines without saying why, and texts are translated in
one place only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pegxl"
MODULES = sorted(PACKAGE.rglob("*.py"))
#: a private function this long is not trivial: it says what it is for
TRIVIAL_LINES = 6
LONG_MODULE = 600


def _functions(tree: ast.AST) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for child in node.body:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    out.append((f"{node.name}.{child.name}", child))
        elif isinstance(node, ast.Module):
            for child in node.body:
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    out.append((child.name, child))
    return out


def test_every_module_class_and_function_says_what_it_is_for() -> None:
    missing = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(PACKAGE.parent)
        if ast.get_docstring(tree) is None:
            missing.append(f"{rel}: module")
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and not ast.get_docstring(node):
                missing.append(f"{rel}: class {node.name}")
        for name, fn in _functions(tree):
            short = name.rsplit(".", 1)[-1]
            if short.startswith("__") and short != "__init__":
                continue  # dunder protocol methods say what they are by their name
            public = not short.startswith("_")
            length = (fn.end_lineno or fn.lineno) - fn.lineno
            if short == "__init__" or (not public and length <= TRIVIAL_LINES):
                continue
            if not ast.get_docstring(fn):
                missing.append(f"{rel}:{fn.lineno} {name}")
    assert missing == []


def test_long_modules_say_why() -> None:
    long = []
    for path in MODULES:
        source = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(source)) or ""
        if source.count("\n") > LONG_MODULE and "long because" not in doc:
            long.append(f"{path.relative_to(PACKAGE.parent)}: {source.count(chr(10))} lines")
    assert long == []


def test_texts_are_translated_in_one_place() -> None:
    """No ``if en else`` ternary or language test outside the catalogue and the finding record."""
    pattern = re.compile(r"""lang\s*==\s*["']en["']|\bif en\b|\bif not en\b|_en\b\s*=""")
    allowed = {"i18n.py", "findings.py"}
    offenders = [
        f"{p.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
        for p in MODULES
        if p.name not in allowed
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []

"""Files that ship with pegxl: the jinja2 templates and the embedded Cinisello Balsamo example.

In the wheel they live inside the package (``pegxl/templates``, ``pegxl/examples``); in a checkout
(editable install) they are at the top of the repository. Both are looked up here, nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

_PKG = Path(__file__).resolve().parent
EXAMPLE_NAME = "cinisello_2025_vp4.txt"
#: a second Valore Pubblico of the same plan (made from the first, other codes): the demo's
#: import of the entity's whole plan from several exports
EXAMPLE_VP2_NAME = "cinisello_2025_vp2.txt"


def _find(name: str) -> Path:
    for base in (_PKG, _PKG.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"pegxl resource not found: {name} (broken installation?)")


def templates_dir() -> Path:
    """The folder of the jinja2 templates."""
    return _find("templates")


def example_plan_text() -> Path:
    """The embedded PEG-PIAO text export of Città di Cinisello Balsamo, 2025."""
    return _find("examples") / EXAMPLE_NAME


def example_vp2_text() -> Path:
    """The embedded export of a second Valore Pubblico of the same plan."""
    return _find("examples") / EXAMPLE_VP2_NAME


_ENV: jinja2.Environment | None = None


def render(name: str, **context: Any) -> str:
    """Render the template ``name`` from :func:`templates_dir` (HTML templates are autoescaped)."""
    global _ENV
    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir())),
            autoescape=jinja2.select_autoescape(["html", "html.j2"]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV.get_template(name).render(**context)

"""A pytest plugin: every finding pegxl really builds during the run is recorded by its code, and
at the end of a whole run (every test of the suite collected, none deselected, all passed) a
registered code that no test made pegxl build fails the run, listed.

This replaces a search of the test sources for the codes' names: a code written in a test is not
a code produced (a test may name it in an assertion that never runs, or only to say it is
absent). The hook is on :class:`~pegxl.findings.Finding` itself, so every way of building one
counts (``make``, a collector, ``replace``); findings built in worker processes (``check`` and
``generate`` fork them) are told to the parent through a file per process.

Under pytest-xdist (``make test`` runs the suite on every core) each worker is a process of its
own: it writes what it built, and whether it deselected anything, into the same folder at its
end, and the controller, which runs no test, judges the whole run from them.

The hooks are imported by ``conftest.py``. ``PEGXL_CODES_REPORT=1`` makes any run (a part of
the suite, ``-m "not slow"``) print the codes it left unbuilt, without failing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pegxl.findings import Code, Finding

#: an xdist worker's name (gw0, gw1…), None in the controller or a run without xdist
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
#: the folder every process of the run writes into: made by the first (the controller), handed
#: to the workers it starts through the environment
_OWNER = "PEGXL_CODES_DIR" not in os.environ
_DIR = Path(os.environ.get("PEGXL_CODES_DIR") or tempfile.mkdtemp(prefix="pegxl-test-codes-"))
os.environ["PEGXL_CODES_DIR"] = str(_DIR)
_PARENT = os.getpid()
_DESELECTED = "deselected"
_seen: set[str] = set()
_deselected = False
_real_init = Finding.__init__


def _record(code: object) -> None:
    value = str(getattr(code, "value", code))
    if value in _seen:
        return
    _seen.add(value)
    if os.getpid() != _PARENT:  # a worker process: its memory dies with it
        with open(_DIR / f"{os.getpid()}.txt", "a", encoding="utf-8") as f:
            f.write(value + "\n")


_paused = 0


def _recording_init(self: Finding, *args: Any, **kwargs: Any) -> None:
    _real_init(self, *args, **kwargs)
    if not _paused:
        _record(self.code)


@contextlib.contextmanager
def not_counted() -> Iterator[None]:
    """Findings built inside are not counted as reached: a test that builds one of every code
    to check the registry's messages would otherwise reach them all and make the check of the
    run say nothing."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


Finding.__init__ = _recording_init  # type: ignore[method-assign]


def reached() -> set[str]:
    """The codes of every finding built so far in this run, in any process."""
    codes = set(_seen)
    for part in _DIR.glob("*.txt"):
        codes.update(part.read_text(encoding="utf-8").split())
    return codes


def unreached() -> list[str]:
    """The registered codes no finding of this run had, in registry order."""
    codes = reached()
    return [c.value for c in Code if c.value not in codes]


def pytest_deselected(items: list[pytest.Item]) -> None:
    """A run with tests deselected (``-k``, ``-m``) is not a whole run."""
    global _deselected
    if items:
        _deselected = True
        if _WORKER:
            (_DIR / _DESELECTED).touch()


def _whole_run(session: pytest.Session) -> bool:
    config = session.config
    root = Path(str(config.rootpath))
    given = [Path(a.split("::")[0]).resolve() for a in config.args]
    suite = root / "tests"
    return (
        not _deselected
        and not (_DIR / _DESELECTED).exists()
        and all(p in (suite, root) for p in given)
        and not config.getoption("maxfail", 0)
        and session.testsfailed == 0
        and session.testscollected > 0
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """At the end of a whole run, fail it if a registered code was never built."""
    if _WORKER:  # the controller judges, from every worker's codes
        (_DIR / f"xdist-{_WORKER}.txt").write_text("\n".join(sorted(_seen)), encoding="utf-8")
        return
    try:
        if os.environ.get("PEGXL_CODES_REPORT"):  # any run: say what it left unbuilt
            print(f"\ncodes this run did not build: {', '.join(unreached()) or 'none'}")
        if exitstatus != 0 or not _whole_run(session):
            return
        missing = unreached()
        if missing:
            reporter = session.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                reporter.write_line(
                    "codes no test made pegxl build (dead, or untested): " + ", ".join(missing),
                    red=True,
                )
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    finally:
        if os.getpid() == _PARENT and _OWNER:
            shutil.rmtree(_DIR, ignore_errors=True)

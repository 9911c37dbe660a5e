"""The help and argparse's usage errors speak the language of ``--lang`` (Italian by default,
English with ``--lang en``, wherever ``--lang`` is on the line); every command has help in both
languages with examples, and every example runs as written after ``make demo``."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from pegxl.cli import argv_lang, build_parser, main
from pegxl.outputs import ARCHIVE

from .conftest import MadeDemo
from .test_i18n import ITALIAN

#: the commands whose examples run as written after ``make demo``
COMMANDS = ("import", "init", "generate", "check", "consolidate", "demo")
#: the campaign's commands, whose examples need a campaign (the help of every command and step
#: is tested from the parser walked: :data:`EVERY`)
CAMPAIGN = ("campaign", "diff", "serve")
CAMPAIGN_STEPS = ("new", "receive", "status", "remind", "close")
#: argparse's English words, which never reach an Italian help or usage error
ARGPARSE_EN = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help message",
    "error:",
    "the following arguments are required",
    "invalid choice",
    "unrecognized arguments",
    "expected one argument",
)
ARGPARSE_IT = ("uso:", "opzioni:", "mostra questo aiuto", "esempi:")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The commands a parser offers, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser of the command line with the words that reach it: ``()`` for ``pegxl``,
    ``("campaign", "new")`` for ``pegxl campaign new``, depth first in the parser's order."""
    yield path, parser
    for name, sub in _subcommands(parser).items():
        yield from _walk(sub, (*path, name))


#: every command line that has a help, the parser walked (no hand list)
EVERY = [path for path, _ in _walk(build_parser())]
#: the commands, and the campaign's steps, as the walk finds them
TOP = [p[0] for p in EVERY if len(p) == 1]
STEPS = [p[1] for p in EVERY if len(p) == 2 and p[0] == "campaign"]


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2  # a usage error
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


def _examples(help_text: str) -> list[str]:
    """The example command lines at the end of a command's help."""
    head = "esempi:" if "esempi:" in help_text else "examples:"
    tail = help_text.split(head, 1)[1]
    return [line.strip() for line in tail.splitlines() if line.strip().startswith("pegxl ")]


def _english_words(help_text: str) -> str:
    """A help text without what stays as typed: examples, option names and their choices."""
    kept = [line for line in help_text.splitlines() if not line.strip().startswith("pegxl ")]
    out = "\n".join(kept)
    out = re.sub(r"--?[a-z][a-z-]*", "", out)
    out = re.sub(r"\{[^}]*\}", "", out)
    out = re.sub(r"\S+\.(xlsx|ods|txt|toml|html|csv|json)\b", "FILE", out)
    for name in (
        "intermedio",
        "finale",
        "Punteggio concesso",
        "Motivazione",
        "Nucleo di Valutazione",
        "Città di Cinisello Balsamo",
        "piano.xlsx",
        "al 30/06",
        "Fasi",
    ):
        out = out.replace(name, "")
    out = re.sub(r"\([^)]*_\d{4}-\d\d-\d\d[^)]*\)", "", out)  # the demo's folder names
    out = re.sub(r"\((schede|risposte|riscontri)[^)]*\)", "", out)
    return out


@pytest.mark.parametrize("command", [None, *TOP])
def test_help_of_every_command_in_italian_by_default(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, "--help"] if command else ["--help"]
    out = _help(argv, capsys)
    for word in ARGPARSE_EN:
        assert word not in out, (command, word)
    assert out.startswith("uso: pegxl") and "opzioni:" in out
    assert "mostra questo aiuto ed esce" in out
    if command:
        assert "esempi:" in out and _examples(out), command
        assert all(ex.startswith(f"pegxl {command} ") for ex in _examples(out))
        if command != "campaign":  # its steps take --lang
            assert "--lang {it,en}" in out and "lingua dei messaggi" in out
    else:
        assert "comandi:" in out and all(c in out for c in COMMANDS)
        assert "pegxl demo demo-out" in out  # where a newcomer starts


@pytest.mark.parametrize("command", [None, *TOP])
def test_help_of_every_command_in_english_with_lang_en(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, "--help", "--lang", "en"] if command else ["--lang", "en", "--help"]
    out = _help(argv, capsys)
    assert out.startswith("usage: pegxl") and "options:" in out
    for word in ARGPARSE_IT:
        assert word not in out, (command, word)
    bad = ITALIAN.search(_english_words(out))
    assert bad is None, (command, bad.group(0) if bad else "", out)
    if command:
        assert "examples:" in out and _examples(out)


@pytest.mark.parametrize("step", STEPS)
def test_help_of_every_campaign_step_in_both_languages(
    step: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help(["campaign", step, "--help"], capsys)
    assert out.startswith(f"uso: pegxl campaign {step}") and "esempi:" in out
    for word in ARGPARSE_EN:
        assert word not in out, (step, word)
    assert "la cartella della campagna" in out and "lingua dei messaggi" in out
    assert all(ex.startswith(f"pegxl campaign {step} ") for ex in _examples(out))
    out = _help(["campaign", step, "--help", "--lang", "en"], capsys)
    assert out.startswith(f"usage: pegxl campaign {step}") and "the campaign folder" in out
    bad = ITALIAN.search(_english_words(out))
    assert bad is None, (step, bad.group(0) if bad else "", out)


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "check", "--help"],
        ["check", "--help", "--lang", "en"],
        ["check", "--lang=en", "--help"],
        ["check", "--la", "en", "--help"],
        ["check", "--lang", "it", "--help", "--lang", "en"],
    ],
)
def test_lang_anywhere_on_the_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _help(argv, capsys).startswith("usage: pegxl check")


def test_the_language_read_from_the_line() -> None:
    assert argv_lang([]) == "it"
    assert argv_lang(["check", "p", "--lang", "en"]) == "en"
    assert argv_lang(["check", "--lang=en", "--lang", "it"]) == "it"  # the last one, as argparse
    assert argv_lang(["check", "--lang", "fr"]) == "it"  # not a language: Italian, then refused
    assert argv_lang(["check", "--", "--lang", "en"]) == "it"  # after --: a file's name
    assert argv_lang(["check", "--lang"]) == "it"
    assert argv_lang(["check", "--l", "en"]) == "en"


@pytest.mark.parametrize(
    ("argv", "italian", "english"),
    [
        ([], "mancano gli argomenti obbligatori: COMANDO", "required: COMMAND"),
        (["chek"], "scelta non valida: 'chek'", "invalid choice: 'chek'"),
        (["check"], "mancano gli argomenti obbligatori: PIANO, SCHEDE", "required: PLAN, RETURNS"),
        (
            ["check", "p", "r", "--format", "xml"],
            "argomento --format: scelta non valida",
            "argument --format: invalid choice",
        ),
        (
            ["check", "p", "r", "--bogus"],
            "argomenti non riconosciuti: --bogus",
            "unrecognized arguments: --bogus",
        ),
        (
            ["check", "p", "r", "--period"],
            "argomento --period: manca il valore",
            "expected one argument",
        ),
        (
            ["generate", "p"],
            "mancano gli argomenti obbligatori: --period, -o/--output",
            "required: --period, -o/--output",
        ),
        (["import", "x.txt"], "-o/--output", "-o/--output"),
        (
            ["consolidate", "p", "r"],
            "mancano gli argomenti obbligatori: -o/--output",
            "required: -o/--output",
        ),
        (["demo"], "mancano gli argomenti obbligatori: CARTELLA", "required: FOLDER"),
        (["check", "p", "r", "--lang", "fr"], "scelta non valida: 'fr'", "invalid choice: 'fr'"),
    ],
)
def test_usage_errors_in_both_languages(
    argv: list[str], italian: str, english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = " ".join(_error(argv, capsys).split())
    assert italian in err and "errore:" in err and "uso: pegxl" in err, err
    for word in ARGPARSE_EN:
        assert word not in err, (argv, word)
    err = " ".join(_error([*argv, "--lang", "en"], capsys).split())
    if "fr" not in argv:
        assert english in err and "error:" in err and "usage: pegxl" in err, err
        assert "errore" not in err and "uso:" not in err


def test_argparse_is_left_as_found(capsys: pytest.CaptureFixture[str]) -> None:
    """The Italian words are argparse's only while pegxl parses its own line."""
    import argparse

    _help(["--help"], capsys)
    other = argparse.ArgumentParser(prog="x")
    assert other.format_help().startswith("usage: x")


def test_generate_names_the_master_as_the_prefill_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = " ".join(_help(["generate", "--help"], capsys).split())
    assert (
        "--prefill RIEPILOGO" in out
        and "la cartella riepilogativa di quel periodo (consigliata)" in out
    )
    assert "--prefill demo-out/riepilogo_2025-06-30.xlsx" in out
    out = " ".join(_help(["generate", "--help", "--lang", "en"], capsys).split())
    assert "--prefill MASTER" in out and "that period's master workbook (recommended)" in out


def test_demo_help_names_every_step_and_what_it_writes(
    made_demo: MadeDemo, capsys: pytest.CaptureFixture[str]
) -> None:
    # (the plan replaced once its variation is approved keeps its earlier version in _archivio)
    written = sorted(p.name for p in made_demo.folder.iterdir() if p.name != ARCHIVE)
    assert len(written) >= 15
    for lang in ("it", "en"):
        out = " ".join(_help(["demo", "--help", "--lang", lang], capsys).split())
        for step in ("1. import", "2. generate", "3.", "4. check", "--feedback", "5. consolidate"):
            assert step in out, (lang, step)
        for name in written:
            assert name in out, (lang, name)  # each folder and file it writes


def test_every_help_text_fits_a_terminal() -> None:
    for lang in ("it", "en"):
        parser = build_parser(lang)
        texts = [parser.format_help()]
        action = next(a for a in parser._actions if a.dest == "command")
        texts += [sp.format_help() for sp in action.choices.values()]  # type: ignore[union-attr]
        for help_text in texts:
            for line in help_text.splitlines():
                if not line.strip().startswith("pegxl "):  # an example is never broken
                    assert len(line) <= 100, line


@pytest.mark.slow
def test_every_example_runs_as_written_after_make_demo(
    after_make_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example of each command's help, in both languages, run in a folder where `make
    demo` has run (demo-out/) beside the repository's examples/ and templates/."""
    monkeypatch.chdir(after_make_demo)
    for lang in ("it", "en"):
        for command in COMMANDS:
            out = _help([command, "--help", "--lang", lang], capsys)
            for example in _examples(out):
                line, _, redirect = example.partition(" > ")
                argv = shlex.split(line)
                rc = main(argv[1:])
                output = capsys.readouterr().out
                assert rc in (0, 1), (example, rc)  # the demo's returns have findings
                if redirect:
                    Path(redirect.strip()).write_text(output, encoding="utf-8")
                    assert os.path.getsize(redirect.strip()) > 0


def test_the_commands_tested_here_are_every_command_the_cli_has() -> None:
    """By construction rather than by a list kept by hand: a command added to the CLI and not
    to the lists above fails here, so its help is tested in both languages."""
    commands = _subcommands(build_parser())
    assert sorted(commands) == sorted((*COMMANDS, *CAMPAIGN))
    assert sorted(_subcommands(commands["campaign"])) == sorted(CAMPAIGN_STEPS)
    for name, parser in commands.items():
        assert not _subcommands(parser) or name == "campaign", name


# -- every command and subcommand, found by walking the parser ----------------------------------


#: English words that never stand in an Italian help (once examples, option names, choices,
#: metavariables and file names are left out)
ENGLISH = re.compile(
    r"\b(the|of|and|to|with|from|for|is|are|this|that|which|each|every|when|where|show|help|"
    r"message|exit|usage|options?|arguments?|required|positional|default|workbooks?|folder|"
    r"plan|period|sectors?|returns?|master|rules|output|write|written|read|one|or|by|"
    r"as|on|at|its|their|not|only|an)\b"
)


def _words(help_text: str) -> str:
    """A help text without what stays as typed in any language: the examples, option names,
    their choices, metavariables (in capitals), file names, environment variables, addresses."""
    out = _english_words(help_text)
    out = re.sub(r"\b[A-Z][A-Z_/]+\b", "", out)  # PIANO, PEGXL_OFFICE_PASSWORD
    out = re.sub(r"https?://\S+", "", out)
    return re.sub(r"\b(text|json|csv|it|en|pegxl)\b", "", out)


def _own_help(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options and arguments of a parser that pegxl describes (not argparse's -h, nor the
    list of subcommands, whose lines are their own parsers' summaries)."""
    return [
        a
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)
    ]


def test_the_walk_finds_every_command_and_step() -> None:
    assert EVERY == [
        (),
        ("import",),
        ("init",),
        ("generate",),
        ("check",),
        ("consolidate",),
        ("demo",),
        ("campaign",),
        ("campaign", "new"),
        ("campaign", "receive"),
        ("campaign", "status"),
        ("campaign", "remind"),
        ("campaign", "close"),
        ("diff",),
        ("serve",),
    ]


@pytest.mark.parametrize("path", EVERY, ids=lambda p: " ".join(p) or "pegxl")
def test_every_help_is_italian_from_the_catalogue_with_no_english(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help([*path, "--help"], capsys)
    assert out.startswith(" ".join(["uso: pegxl", *path]))
    for word in ARGPARSE_EN:  # argparse's own words, translated
        assert word not in out, (path, word)
    assert "\nopzioni:\n" in out and "mostra questo aiuto ed esce" in out
    parsers = dict(_walk(build_parser("it")))
    if any(not a.option_strings for a in _own_help(parsers[path])):
        assert "\nargomenti:\n" in out
    leak = ENGLISH.search(_words(out))
    assert leak is None, (path, leak.group(0) if leak else "", _words(out))


@pytest.mark.parametrize("path", EVERY, ids=lambda p: " ".join(p) or "pegxl")
def test_every_help_is_english_with_lang_en(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    out = _help([*path, "--help", "--lang", "en"], capsys)
    assert out.startswith(" ".join(["usage: pegxl", *path]))
    for word in ARGPARSE_IT:
        assert word not in out, (path, word)
    assert "\noptions:\n" in out and "show this help message and exit" in out
    leak = ITALIAN.search(_english_words(out))
    assert leak is None, (path, leak.group(0) if leak else "", out)


@pytest.mark.parametrize("path", EVERY, ids=lambda p: " ".join(p) or "pegxl")
def test_every_option_and_argument_is_described_in_each_language(path: tuple[str, ...]) -> None:
    """Each text of a command's help comes from the catalogue, once per language: a text
    written in the code would read the same in both builds of the parser."""
    it, en = dict(_walk(build_parser("it")))[path], dict(_walk(build_parser("en")))[path]
    assert (it.description or "").strip() and (en.description or "").strip(), path
    assert it.description != en.description, path
    if path:  # every command shows its examples, in its language
        assert it.epilog and en.epilog and it.epilog != en.epilog, path
        assert it.epilog.startswith("esempi:") and en.epilog.startswith("examples:"), path
    for a, b in zip(_own_help(it), _own_help(en), strict=True):
        assert a.dest == b.dest and a.help and b.help, (path, a.dest)
        if a.dest == "version":  # "pegxl 0.1.0": the same in any language
            continue
        assert a.help != b.help, (path, a.dest, a.help)


def test_the_english_detector_sees_every_english_help() -> None:
    """The detector above is no test if it sees nothing: on each English help it finds a word
    (as it would on an Italian help that left one in English)."""
    for path, parser in _walk(build_parser("en")):
        assert ENGLISH.search(_words(parser.format_help())) is not None, path

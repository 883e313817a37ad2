"""`kontakt due`, `log` and the other commands defined in the parser module itself are parsed
without importing the further command modules (kontakt_tui/cli/parser.py, `parser_for`); the
answer must be exactly the one of the parser that knows every command."""

import pytest

from kontakt_tui.cli.parser import EXTENSIONS, build_parser, named_command, parser_for

CORE = ["init", "demo", "import", "due", "inactive", "contacts", "log", "report"]


def test_the_core_commands_are_those_the_parser_module_defines():
    assert build_parser(extensions=False).commands == frozenset(CORE)
    full = build_parser()
    every = set(full._subparsers._group_actions[0].choices)
    assert set(CORE) < every and len(every) > len(CORE) + len(EXTENSIONS)


@pytest.mark.parametrize(
    "argv, command",
    [
        (["log", "10001", "--outcome", "x"], "log"),
        (["--store", "/s", "--user", "KBA", "due"], "due"),
        (["--store=/s", "--user=KBA", "due"], "due"),
        (["--us", "log", "casting"], "casting"),  # an abbreviated --user takes "log" as its value
        (["--s", "due", "--u", "x", "log"], "log"),
        (["--", "due"], "due"),
        (["-h"], None),
        (["--he"], None),
        ([], None),
        (["--store"], None),
    ],
)
def test_the_command_is_found_as_argparse_finds_it(argv, command):
    assert named_command(argv) == command


SAMPLES = [
    ["due", "--json", "--days", "7", "--as-of", "01.12.2026"],
    ["--store", "/s", "--user", "KBA", "log", "10001", "--outcome", "Gespräch geführt", "--follow-up", "+3m"],
    ["--us", "KBA", "--sto=/s", "log", "10001", "--outcome", "x", "--deal", "5.000"],
    ["inactive", "--all"],
    ["contacts"],
    ["report", "--all", "--groups", "--csv", "r.csv"],
    ["import", "groups", "g.csv"],
    ["init", "--name", "Sparkasse", "--bundesland", "BY"],
    ["demo", "--groups", "20"],
    ["--us", "log", "casting"],
    ["casting", "--all"],
    ["plan"],
]


@pytest.mark.parametrize("argv", SAMPLES)
def test_the_lean_parser_answers_as_the_whole_one(argv):
    try:
        whole = vars(build_parser().parse_args(argv))
    except SystemExit as exit_:
        whole = exit_.code
    try:
        lean = vars(parser_for(argv).parse_args(argv))
    except SystemExit as exit_:
        lean = exit_.code
    assert lean == whole


def test_a_core_command_gets_the_lean_parser_and_any_other_every_command():
    assert parser_for(["due"]).commands == frozenset(CORE)
    assert "casting" not in parser_for(["due"])._subparsers._group_actions[0].choices
    assert "casting" in parser_for(["casting"])._subparsers._group_actions[0].choices
    assert "casting" in parser_for(["-h"])._subparsers._group_actions[0].choices
    assert "casting" in parser_for(["--us", "log", "casting"])._subparsers._group_actions[0].choices

"""The `kontakt` command: opens the app, or runs a headless command for IT and scripts.

Exit codes: 0 done, 1 bad input (nothing was written), 2 store problem.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence

from kontakt_tui import holiday_cache
from kontakt_tui.cli.clean_output import cleaned
from kontakt_tui.cli.commands import daily as commands
from kontakt_tui.cli.context import OPENED, Context, InputError, os_reason
from kontakt_tui.settings import resolve
from model.entities import code_problem
from model.staff import NotAllowed
from model.store import StoreError

EPILOG = """Ohne Befehl öffnet kontakt die Anwendung. Ist kein Speicher eingestellt (--store oder
KONTAKT_STORE), öffnet es das Demo-Institut im Datenordner des Benutzers und legt es beim
ersten Start an."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with German wording for its own messages and headings."""

    commands: frozenset[str] = frozenset()
    """The top-level parser: the commands defined in this module (not those of EXTENSIONS)."""
    command_set: CommandSet | None = None
    """The top-level parser: where EXTENSIONS register their commands (`_add_extensions`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Angaben"
        self._optionals.title = "Optionen"

    def error(self, message: str):  # noqa: D102 - argparse API
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: Fehler: {_german(message)}\n")


_INVALID_VALUE = {"int": "keine ganze Zahl", "float": "keine Zahl"}

_MESSAGES: tuple[tuple[str, str], ...] = (
    # argparse's own messages (Python 3.11–3.13), most specific first; see `_german`.
    (r"the following arguments are required: (.*)", r"diese Angaben fehlen: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"mehrdeutige Option \1, passt zu: \2"),
    (r"one of the arguments (.*) is required", r"eine dieser Angaben fehlt: \1"),
    (r"argument (.+?): invalid choice: (.*?) \(choose from (.*)\)", r"Angabe \1: ungültige Wahl \2, möglich sind \3"),
    (r"argument (.+?): expected one argument", r"Angabe \1: erwartet einen Wert"),
    (r"argument (.+?): expected at least one argument", r"Angabe \1: erwartet mindestens einen Wert"),
    (r"argument (.+?): expected at most one argument", r"Angabe \1: erwartet höchstens einen Wert"),
    (r"argument (.+?): expected (\d+) arguments?", r"Angabe \1: erwartet \2 Werte"),
    (r"argument (.+?): not allowed with argument (.*)", r"Angabe \1 geht nicht zusammen mit \2"),
    (r"argument (.+?): ignored explicit argument (.*)", r"Angabe \1 nimmt keinen Wert, \2 ist zu viel"),
)


def _german(message: str) -> str:
    """argparse's English error message in German; an unknown one keeps its text after a
    German lead-in, so nothing is lost when a new Python version words something new."""
    invalid = re.fullmatch(r"argument (.+?): invalid (\w+) value: (.*)", message)
    if invalid:
        name, kind, value = invalid.groups()
        return f"Angabe {name}: {value} ist {_INVALID_VALUE.get(kind, 'kein gültiger Wert')}"
    for pattern, german in _MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, german, message, flags=re.S)
    return f"ungültige Angaben ({message})"


class CommandSet:
    """Adds subcommands with German help; command modules register theirs through it."""

    def __init__(self, sub) -> None:
        self.sub = sub

    def add(self, name: str, help_text: str, handler) -> argparse.ArgumentParser:
        p = self.sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        p.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")
        p.set_defaults(handler=handler)
        return p

    @staticmethod
    def as_of(p: argparse.ArgumentParser) -> None:
        p.add_argument("--as-of", metavar="DATUM", help="Stichtag (TT.MM.JJJJ oder JJJJ-MM-TT; sonst heute)")

    @staticmethod
    def json_flag(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", action="store_true", help="Ausgabe als JSON")


EXTENSIONS: tuple[str, ...] = (
    "kontakt_tui.cli.commands.casting",
    "kontakt_tui.cli.commands.plan",
    "kontakt_tui.cli.commands.reports",
    "kontakt_tui.cli.commands.campaigns",
    "kontakt_tui.cli.commands.store",
    "kontakt_tui.cli.commands.index",
    "kontakt_tui.cli.commands.groups",
    "kontakt_tui.cli.commands.files",
    "kontakt_tui.cli.commands.surveys",
    "kontakt_tui.cli.commands.locks",
    "kontakt_tui.cli.commands.staff",
    "kontakt_tui.cli.commands.find",
    "kontakt_tui.cli.commands.database",
)
"""Modules with further commands; each has `register(commands: CommandSet)`."""


def build_parser(extensions: bool = True) -> argparse.ArgumentParser:
    """Every command; without `extensions` only those defined here (`main` for one of them)."""
    parser = _Parser(
        prog="kontakt",
        description="Kundenorientiertes Kontaktmanagement für Firmenkundenbetreuer.",
        epilog=EPILOG,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")
    parser.add_argument("--store", metavar="ORDNER", help="Speicher-Ordner (sonst KONTAKT_STORE)")
    parser.add_argument("--user", metavar="KÜRZEL", help="Kürzel des Benutzers (sonst KONTAKT_USER, sonst Login)")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_Parser)
    cmds = CommandSet(sub)
    add, as_of, json_flag = cmds.add, cmds.as_of, cmds.json_flag

    p = add("init", "neuen, leeren Speicher mit der Standard-Konfiguration anlegen", commands.cmd_init)
    p.add_argument(
        "--name", metavar="NAME", help="Name des Instituts (sonst „Demo-Sparkasse“; später: kontakt config set institute)"
    )
    p.add_argument("--bundesland", metavar="KÜRZEL", help="Bundesland für die Feiertage, z. B. BY (sonst HE)")

    p = add("demo", "Demo-Institut in einem neuen Speicher anlegen", commands.cmd_demo)
    p.add_argument("--groups", type=int, default=300, metavar="N", help="Zahl der Verbünde (Standard 300)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="Startwert des Zufalls (Standard 1)")
    as_of(p)

    p = add(
        "import",
        "Verbünde, Ansprechpartner, Kontakte, die Mitarbeiterliste oder Befragungsantworten aus CSV (Excel) einlesen",
        commands.cmd_import,
    )
    p.add_argument(
        "kind",
        choices=["groups", "persons", "contacts", "advisors", "surveys"],
        metavar="ART",
        help="groups, persons, contacts, advisors (Mitarbeiterliste: Kürzel;Name;Fachbereich;Rolle;Nettomarktzeit[;Login]) "
        "oder surveys (Antworten der Care Calls und Befragungen)",
    )
    p.add_argument("file", metavar="DATEI", help="CSV-Datei, ;-getrennt")
    p.add_argument("--campaign", metavar="NAME", help="nur bei surveys: Antworten dieser Befragung (kontakt survey start)")

    p = add("due", "Kontakt-Reminder: überfällige und demnächst fällige Kontakte des Benutzers", commands.cmd_due)
    as_of(p)
    p.add_argument("--days", type=int, default=None, metavar="N", help="Vorschau in Tagen (Standard 14)")
    json_flag(p)

    p = add("inactive", "inaktive Verbünde (kein erreichter Kontakt in 12 Monaten)", commands.cmd_inactive)
    as_of(p)
    p.add_argument("--all", action="store_true", help="alle Verbünde statt nur der eigenen")
    json_flag(p)

    p = add("contacts", "Kontakthistorie eines Verbunds oder aller eigenen Verbünde, neueste zuerst", commands.cmd_contacts)
    p.add_argument("group", nargs="?", metavar="VERBUND-NR")
    json_flag(p)

    p = add("log", "einen Kontakt des Benutzers erfassen", commands.cmd_log)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--outcome", required=True, metavar="ERGEBNIS", help='z. B. "Gespräch geführt"')
    p.add_argument("--date", metavar="DATUM", help="Datum des Kontakts (sonst heute)")
    p.add_argument("--channel", default="", metavar="KANAL", help="Telefon, Besuch, Video, E-Mail, Filiale")
    p.add_argument("--format", default="", metavar="ANLASS", help="z. B. Jahresgespräch")
    p.add_argument(
        "--follow-up",
        metavar="DATUM",
        help="vereinbarter Folgekontakt (TT.MM.JJJJ, +3m, Di …); ohne: der Vorschlag des Dialogs "
        '(Klassenintervall, "nicht erreicht": nächster Arbeitstag, Termin: dessen Tag); '
        "Wochenende und Feiertag werden auf den nächsten Arbeitstag verschoben",
    )
    p.add_argument(
        "--meeting",
        metavar='"TT.MM.JJJJ HH:MM"',
        help='Tag und Uhrzeit des vereinbarten Termins (nur mit --outcome "Termin vereinbart", dort Pflicht)',
    )
    p.add_argument("--note", default="", metavar="TEXT", help="Notiz")
    p.add_argument("--person", default="", metavar="NAME", help="gesprochener Ansprechpartner")
    p.add_argument(
        "--department",
        metavar="FACHBEREICH",
        help="Rolle, in der erfasst wird (sonst die eigene Rolle im Verbund: FKB oder der Fachbereich der Co-Betreuung)",
    )
    p.add_argument("--deal", metavar="BETRAG", help="Deckungsbeitrag eines Abschlusses in € (z. B. 5.000)")

    p = add("report", "Soll/Ist je Klasse für das eigene Portfolio (oder alle)", commands.cmd_report)
    as_of(p)
    p.add_argument("--all", action="store_true", help="alle Betreuer")
    p.add_argument("--groups", action="store_true", help="auch die unter- und überbetreuten Verbünde mit Abstand")
    json_flag(p)
    p.add_argument("--csv", metavar="DATEI", help="zusätzlich als CSV für Excel schreiben (;, UTF-8)")

    parser.commands, parser.command_set = frozenset(sub.choices), cmds
    if extensions:
        _add_extensions(parser)
    return parser


def _add_extensions(parser: _Parser) -> _Parser:
    """The commands of EXTENSIONS added to a parser of the commands defined here."""
    for module in EXTENSIONS:
        importlib.import_module(module).register(parser.command_set)
    return parser


_GLOBAL_VALUES = ("--store", "--user")


def named_command(argv: Sequence[str]) -> str | None:
    """The command argparse finds in `argv`: the first word that is neither an option nor
    the value of --store or --user (abbreviated too, as argparse allows: `--us KBA`)."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            return next(tokens, None)
        if len(token) > 2 and "=" not in token and any(o.startswith(token) for o in _GLOBAL_VALUES):
            next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser for `argv`: for a command defined here (`due`, `log` …) without the command
    modules of EXTENSIONS, which import their own rules (about 0.1 s of every start); for
    any other command, for help or a mistake, every command."""
    core = build_parser(extensions=False)
    return core if named_command(argv) in core.commands else _add_extensions(core)


def _utf8_when_redirected() -> None:
    """Windows writes redirected output in the ANSI code page, which has no "─"; scripts
    reading kontakt's output expect UTF-8 anyway."""
    if not sys.stdout.isatty() and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        sys.stdout.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    with cleaned():  # argparse repeats what was typed in its errors
        args = parser_for(argv).parse_args(argv)
    settings = resolve(args.store, args.user)
    if code_problem(settings.user):
        # Checked before any path is built from it (contacts and audit files carry it).
        print(f"Fehler: --user/KONTAKT_USER: {code_problem(settings.user)}", file=sys.stderr)
        return 1
    holiday_cache.install()
    if args.command is None:
        from kontakt_tui.launch import open_app

        return open_app(settings)
    _utf8_when_redirected()
    with cleaned():
        return _run(args.handler, settings, args)


def _run(handler, settings, args) -> int:
    OPENED.clear()
    try:
        code = handler(Context(settings, args))
        return _report_warnings(code)
    except BrokenPipeError:
        # `kontakt due | head`: the reader left early; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except InputError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 1
    except NotAllowed as exc:  # a model function asked the policy itself
        print(f"Fehler: Keine Berechtigung: {exc} Nichts wurde geändert.", file=sys.stderr)
        return 1
    except StoreError as exc:
        _report_warnings(0)
        print(f"Speicherfehler: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # A share that went away or a folder without rights, outside the store's own checks.
        where = f" bei {exc.filename}" if exc.filename else ""
        print(f"Datei- oder Ordnerfehler{where}: {os_reason(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug must still end with a German message, not a traceback
        _report_warnings(0)
        print(
            f"Interner Fehler ({type(exc).__name__}: {exc}). Bitte IT melden; "
            "was bis dahin gespeichert wurde, steht im Änderungsprotokoll (kontakt audit).",
            file=sys.stderr,
        )
        return 2


def _report_warnings(code: int) -> int:
    """A change that was saved but whose audit line or backup could not be written is not
    "all well": the warning is printed and the command exits 2, saying the change itself IS
    stored (a retry would store it twice)."""
    warnings = [w for store in OPENED for w in store.warnings]
    for warning in warnings:
        print(f"Warnung: {warning} Nicht noch einmal speichern; bitte IT informieren.", file=sys.stderr)
    return 2 if warnings and code == 0 else code

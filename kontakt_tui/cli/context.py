"""What every headless command needs, in one place: the store (opened on first use), the
institute (loaded on first use), the user as an advisor, the as-of date, JSON-or-text output
and writing a file with German errors.

A command handler takes one `Context`; `main` builds it from the settings and the parsed
arguments and turns `InputError` into exit code 1 and `StoreError` into exit code 2.
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path

from kontakt_tui.cli import json_shapes
from kontakt_tui.settings import Settings
from model.entities import Group
from model.german import parse_date_de
from model.institute import Institute
from model.monitoring import Period
from model.staff import Identity, NotAllowed, require, resolve_identity
from model.store.archive import first_open_year
from model.store.interface import StoreBackend, open_backend


class InputError(ValueError):
    """Bad input from the command line; the message is German and names the field."""


def date_arg(text: str | None, field: str, default: date | None = None) -> date:
    """A date typed on the command line; InputError naming the option otherwise."""
    if not text:
        return default or date.today()
    try:
        return parse_date_de(text)
    except ValueError as exc:
        raise InputError(f"{field}: {exc}") from None


OPENED: list[StoreBackend] = []
"""Stores opened by this command: `parser.main` reports their warnings (audit or backup not
written) instead of exiting 0 as if all was well."""


def open_store(settings: Settings) -> StoreBackend:
    """The folder store, or the PostgreSQL store for a `postgresql://…` location."""
    if settings.store is None:
        raise InputError(
            "Kein Speicher angegeben: --store ORDNER (oder postgresql://…) oder Umgebungsvariable KONTAKT_STORE setzen."
        )
    store = open_backend(settings.store, settings.user)
    # A damaged file stops only what needs it: read the rest, name it, never write it.
    store.tolerant = True
    store.on_problem = lambda message: print(f"nur lesen: {message}", file=sys.stderr)
    OPENED.append(store)
    return store


def current_advisor(code: str, institute: Institute) -> str:
    if code not in institute.advisors:
        raise InputError(
            f"Das Kürzel {code} ist im Speicher nicht als Betreuer angelegt "
            "(--user KÜRZEL oder KONTAKT_USER setzen; Login zuordnen: Spalte Login der Mitarbeiterliste)."
        )
    return code


_OS_REASONS = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOENT: "nicht gefunden",
    errno.EISDIR: "ist ein Ordner",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENOSPC: "Datenträger voll",
    errno.EROFS: "nur lesbar",
    errno.ENAMETOOLONG: "Name zu lang",
}


def os_reason(exc: OSError) -> str:
    """The German reason of an operating-system refusal (strerror follows the system language)."""
    return _OS_REASONS.get(exc.errno, exc.strerror or exc.__class__.__name__)


class Context:
    """One command's run: settings, arguments, and the store and institute on first use."""

    def __init__(self, settings: Settings, args: argparse.Namespace) -> None:
        self.settings = settings
        self.args = args
        self.scope: str | None = None
        """What the command reads (`Store.load(scope=...)`); set before `institute` is used."""
        self.mine = False
        """Only the user's own groups are needed (`load(advisor=...)`; a database reads less)."""
        self.since: int | None = None
        """Closed years left out (`load(since=...)`, the whole picture only): for a command
        whose rules look back at most a year, as the app's picture does."""

    # ---- store and institute ------------------------------------------------------------

    @cached_property
    def store(self) -> StoreBackend:
        return open_store(self.settings)

    @cached_property
    def institute(self) -> Institute:
        # Who is working is known once the staff list is read: the login's Kürzel, or the one
        # asked for with --user when the rules allow it. Contacts and audit lines carry it.
        # For the user's own groups the Kürzel is guessed first; a wrong guess (a login that
        # maps to another Kürzel) costs one more narrow load.
        guess = (self.settings.user or "").strip().upper() if self.mine else None
        institute = self.store.load(scope=self.scope, advisor=guess or None, since=self.since)
        code = self._identity(institute).code
        if guess and code != guess:
            institute = self.store.load(scope=self.scope, advisor=code, since=self.since)
        self.store.user = code
        return institute

    def one_group(self, number: str) -> None:
        """The short way for a command about one of the user's own groups (`kontakt log`):
        the picture holds the configuration, the staff list and that group (`load_group`: the
        folder store asks the user's digest and that group's shard, a database one snapshot).
        When it does not answer (a colleague's group, another Kürzel than guessed),
        `institute` loads as before."""
        guess = (self.settings.user or "").strip().upper()
        if not guess or "institute" in self.__dict__:
            return
        picture = self.store.load_group(guess, number)
        if picture is None or self._identity(picture).code != guess:
            return
        self.store.user = guess
        self.__dict__["institute"] = picture

    def _identity(self, institute: Institute) -> Identity:
        if "_found_identity" not in self.__dict__:
            found = resolve_identity(institute, self.settings.login, self.settings.requested)
            if found.refused:
                raise InputError(found.refused)
            self.__dict__["_found_identity"] = found
        return self.__dict__["_found_identity"]

    @property
    def identity(self) -> Identity:
        return self._identity(self.institute)

    def reload(self, scope: str | None = None) -> Institute:
        """The institute as stored now (after this command saved something); the whole
        store unless a `scope` asks for less."""
        self.__dict__["institute"] = self.store.load(scope=scope)
        return self.institute

    def due_picture(self, mine: bool = True) -> Institute:
        """Enough for due dates and activity on `as_of`: the status picture (the folder
        store's status index, no contacts files; a database's per-group latest contacts, and
        only the user's own groups when `mine`); the whole store for a day before a contact in
        it (a replayed past day)."""
        self.scope, self.mine = "status", mine
        return self._answering()

    def period_picture(self, period: Period) -> Institute:
        """Enough for the rules over `period` on `as_of`: closed years left out when the
        period starts in the open ones (`load(since=…)`, as the app's picture); the whole
        store for an earlier period or a replayed past day with later contacts."""
        first = first_open_year(self.as_of)
        if period.first >= date(first, 1, 1):
            self.since = first
        return self._answering()

    def _answering(self) -> Institute:
        """The picture read as asked if it answers for `as_of`, else the whole store."""
        institute = self.institute
        return institute if institute.answers_due_on(self.as_of) else self.reload()

    @property
    def me(self) -> str:
        """The user's code; InputError when the user is not an advisor of the store."""
        institute = self.institute
        return current_advisor(self.identity.code, institute)

    @property
    def actor(self) -> str:
        """The Kürzel working, advisor of the store or not (set-up mode allows the unknown)."""
        return self._identity(self.institute).code

    def require(self, action: str, group: Group | None = None, as_of: date | None = None) -> None:
        """The policy's answer for the user (`model.staff.policy`); InputError (exit 1) with
        the German reason naming the role needed when refused — before anything is written."""
        try:
            require(self.actor, action, self.institute, group, as_of)
        except NotAllowed as exc:
            raise InputError(f"Keine Berechtigung: {exc} Nichts wurde geändert.") from None

    def group(self, number: str, institute: Institute | None = None) -> Group:
        group = (institute or self.institute).group(number)
        if group is None and institute is None and self.mine:
            # Not among the user's own groups (a colleague's customer calling): all of them.
            self.mine = False
            group = self.reload(self.scope).group(number)
        if group is None:
            raise InputError(f"Verbund {number} gibt es nicht.")
        return group

    def advisor(self, code: str, option: str) -> str:
        """An advisor code given with `option`; InputError listing the known codes otherwise."""
        if code not in self.institute.advisors:
            known = ", ".join(sorted(self.institute.advisors))
            raise InputError(f"{option} {code}: kein Betreuer mit diesem Kürzel. Bekannt: {known}")
        return code

    # ---- the date -----------------------------------------------------------------------

    @cached_property
    def as_of(self) -> date:
        """`--as-of` of the command, today without it."""
        return date_arg(getattr(self.args, "as_of", None), "--as-of")

    # ---- output -------------------------------------------------------------------------

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit(self, data: Callable[[], object], text: Callable[[], None]) -> None:
        """JSON (from `data`, shaped by `json_shapes`) with --json, else the German text."""
        if self.json:
            json_shapes.print_json(data())
        else:
            text()

    @staticmethod
    def note(message: str) -> None:
        """A remark for the person, on stderr: stdout may be JSON read by a script."""
        print(message, file=sys.stderr)

    @staticmethod
    def write_file(path: str, option: str, write: Callable[[Path], object]) -> Path:
        """Runs `write(target)`; a missing folder, a folder in place of the file, missing
        rights or another operating-system refusal become a German InputError naming the
        option and the path (nothing was written)."""
        target = Path(path)
        if not target.parent.is_dir():
            raise InputError(f"{option}: Ordner {target.parent} gibt es nicht – bitte zuerst anlegen.")
        if target.is_dir():
            raise InputError(f"{option}: {target} ist ein Ordner; bitte einen Dateinamen angeben.")
        try:
            write(target)
        except PermissionError:
            raise InputError(f"{option}: keine Schreibrechte für {target}.") from None
        except OSError as exc:
            raise InputError(f"{option}: {target} kann nicht geschrieben werden ({os_reason(exc)}).") from None
        return target

"""The Textual App: receives its store, loads the institute in a worker and keeps it fresh by
polling the store's change detection (PostgreSQL: waiting for the server's notification), so
colleagues' changes appear without a restart.
Saves run in workers too (kontakt_tui/store_access.py): a logged call shows at once and is
written in the background; screens ask the app by name and never hold the store."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.worker import get_current_worker

from kontakt_tui.exports import ExportAccess
from kontakt_tui.find_access import FindAccess
from kontakt_tui.key_gate import KeyGate
from kontakt_tui.navigation import DESTINATIONS
from kontakt_tui.palette import GermanCommands, GroupsProvider
from kontakt_tui.store_access import StoreAccess
from model.entities import Group
from model.institute import Institute
from model.staff import may, resolve_identity, setup_mode
from model.store import Store, StoreError
from model.store.archive import first_open_year
from model.store.interface import Listening
from model.text_safety import clean_text
from screens.dialogs.pick_user import PickUserScreen
from screens.today import TodayScreen
from screens.widgets.text import install_control_filter

DIGEST_EVERY = 600.0
"""Seconds between renewals of the user's digest on a folder store (model/store/digest.py):
on a busy day it means a read of the changed status shards (up to 27 MB at 20,000 groups)
every ten minutes per open app; tomorrow's start then reads only the last minutes' changes."""


WORKER_THREADS = 32
"""Threads for the app's thread workers. Textual runs them on asyncio's default executor,
which has min(32, CPUs + 4) threads: 6 on an advisor's 2-CPU PC. Every store call waits for
the one store access in a thread of its own, and PostgreSQL's listener holds one for the
app's life, so a few saves behind a long read (F6's whole picture: 13–20 s at 100,000
groups) left the search and every other thread worker queued until the read ended. Idle
threads cost next to nothing; 32 is the default of a PC with 28 CPUs."""


class KontaktApp(KeyGate, GermanCommands, FindAccess, ExportAccess, StoreAccess, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "kontakt"
    SUB_TITLE = "Kontaktmanagement"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {GroupsProvider}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Beenden", id="quit", priority=True, tooltip="kontakt beenden"),
        Binding("question_mark", "toggle_help", "Tasten", id="help", tooltip="Tasten dieses Bildschirms"),
        Binding("g", "go_menu", "Gehe zu", id="go_menu", tooltip="g und ein Buchstabe: zu einem Bildschirm (statt F-Taste)"),
        Binding("f5", "reload", "Neu laden", id="reload", show=False, tooltip="Speicher neu einlesen"),
        *(
            Binding(d.key, f"goto('{d.name}')", d.title, id=f"goto_{d.name}", show=False, tooltip=f"zu {d.title}")
            for d in DESTINATIONS
            if d.key  # a screen without a free F-key is reached by `g` + letter and the palette
        ),
        # Finding groups and the palette (kontakt_tui/find_access.py, kontakt_tui/palette.py).
        Binding(
            "ctrl+f",
            "find",
            "Verbund finden",
            id="find",
            priority=True,
            tooltip="jeden Verbund nach Nummer, Name, Kunde, Ansprechpartner oder Telefon",
        ),
        Binding(
            "ctrl+p", "command_palette", "Befehle", id="palette", show=False, priority=True, tooltip="Befehle und Verbünde suchen"
        ),
    ]

    institute: reactive[Institute | None] = reactive(None)
    problem: reactive[str] = reactive("")
    saving: reactive[int] = reactive(0)

    def __init__(
        self,
        store: Store,
        user: str | None,
        as_of: date | None = None,
        poll_seconds: float = 5.0,
        demo: bool = False,
        login: str = "",
        requested: str | None = None,
    ):
        install_control_filter()
        super().__init__()
        self.store = store
        self._as_of = as_of
        self._poll_seconds = poll_seconds
        self.demo = demo
        # With a login the staff list decides who is working (model.staff.identity); without
        # one (tests, snapshots) the given Kürzel is used as before.
        self._login, self._requested = login, requested
        self._init_store_access()
        self._init_key_gate()
        self.user = user or ""
        self.loaded_at: datetime | None = None
        self.read_only = False

    @property
    def user(self) -> str:
        return self._user

    @user.setter
    def user(self, code: str) -> None:
        """The advisor working; the store records every change under this Kürzel."""
        self._user = code
        if code:
            self.store.user = code

    @property
    def as_of(self) -> date:
        """The working day: fixed in tests and snapshots, else today."""
        return self._as_of or date.today()

    def on_mount(self) -> None:
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="kontakt-worker")
        )
        if self.demo:
            self.sub_title = "Demo-Institut"
        self.push_screen(TodayScreen())
        self.load_institute(full=True)
        if self._poll_seconds > 0:
            if isinstance(self.store, Listening):
                self.listen_for_changes()  # PostgreSQL: told by the server, no poll
            else:
                self.set_interval(self._poll_seconds, self._poll)
                self.set_interval(DIGEST_EVERY, self.renew_digest)

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = True) -> None:
        """Every notification is literal: messages quote group names, files and store errors,
        and nothing in the app uses markup in them (Widget.notify passes markup=True)."""
        super().notify(
            clean_text(str(message)),
            title=clean_text(str(title), single_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ---- reading ------------------------------------------------------------------------

    _polling = False
    _all_years = False
    """Set once a screen asked for a period in closed years: the picture reads every year."""
    _whole = False
    """Set once the user opened what needs every group: the picture holds them all from then
    on (before, a database's app reads the user's own groups only)."""
    _search_prepared = False
    _picture_for: str | None = None
    """The Kürzel whose groups the picture holds (None: every group)."""
    _waiting: tuple | None = None
    """(screen, test, action): run `action` once a picture passes `test`, if `screen` is
    still the one shown (a user who moved on has not asked for it any more)."""

    def want_whole(self) -> bool:
        """True when the picture holds every group; else start reading them (once) and False."""
        institute = self.institute
        if institute is not None and institute.complete:
            return True
        if not self._whole:
            self._whole = True
            self.load_institute(full=True)
        return False

    def when_loaded(self, test, action, screen) -> None:
        """Run `action()` once a picture passes `test(institute)`, while `screen` is shown."""
        self._waiting = (screen, test, action)

    def read_all_years(self) -> None:
        """Read the closed years into the picture too (a period the user chose reaches into
        them); the screens update when it is there (`institute.history_from` None)."""
        if not self._all_years:
            self._all_years = True
            self.load_institute(full=True)

    def _poll(self) -> None:
        """One poll at a time: on a slow share a poll may take longer than the interval, and
        the next one is skipped instead of piling up workers."""
        if self._polling:
            return
        self._polling = True
        self.load_institute(poll=True)

    @work(thread=True, group="store-read", description="Speicher lesen")
    def load_institute(self, full: bool = False, poll: bool = False) -> None:
        """At start the status picture comes first (enough for every due date), the whole
        institute right after; later calls reread only what changed."""
        try:
            self._read_institute(full)
        finally:
            if poll:
                self._polling = False

    def _read_institute(self, full: bool) -> None:
        first = self.institute is None
        try:
            if first and self.user:
                # The due list first, from the status picture (no contacts file read; a
                # database reads the user's groups only); the whole picture follows.
                with self._store_lock:
                    partial = self.store.load(scope="status", advisor=self.user, tolerant=True)
                if not partial.complete and partial.answers_due_on(self.as_of):
                    self.call_from_thread(self._loaded, partial)
            with self._store_lock:
                # Closed years are not read: due dates need only their status entries, and a
                # card reads its group's older history when it opens (model/store/archive.py).
                # Other advisors' groups are not read until a screen over the institute asks
                # (want_whole) or a card opens: the user's own groups come with their whole
                # history (the folder store still reads every writer's file of the open
                # years, but builds only the contacts of those groups).
                since = None if self._all_years else first_open_year(self.as_of)
                if full or first:
                    advisor = None if self._whole or not self.user else self.user
                    fresh = self.store.load(tolerant=True, since=since, advisor=advisor)
                    self._picture_for = advisor if fresh.some_groups else None
                else:
                    fresh = self.store.refresh()
                if fresh is not None and not fresh.answers_due_on(self.as_of):
                    # A replayed past day with contacts after it: every year, as before.
                    self._all_years, self._picture_for = True, None
                    fresh = self.store.load(tolerant=True)
        except StoreError as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        if fresh is not None:
            self.call_from_thread(self._loaded, fresh)

    @work(thread=True, exclusive=True, group="store-digest", description="Arbeitsstand sichern")
    def renew_digest(self) -> None:
        """The folder store: keep the user's digest current while the app is open (a read of
        the shards changed since the last renewal), so tomorrow's start reads little. Outside
        the store lock: it changes nothing of the picture, and a save must not wait for it."""
        if self.user:
            self.store.renew_digest(self.user)

    @work(thread=True, exclusive=True, group="store-listen", description="Auf Änderungen warten")
    def listen_for_changes(self) -> None:
        """On PostgreSQL: wait on the store's listening connection and refresh when a write
        was committed (LISTEN/NOTIFY), instead of the folder store's poll. One worker for the
        app's life; each wait ends after a second to see whether the app is closing."""
        worker = get_current_worker()
        failed = ""
        while not worker.is_cancelled:
            try:
                changed = self.store.wait_for_change(1.0)
                if changed:
                    with self._store_lock:
                        fresh = self.store.refresh()
                    if fresh is not None and not worker.is_cancelled:
                        self.call_from_thread(self._loaded, fresh)
                failed = ""
            except StoreError as exc:
                if str(exc) != failed:  # said once, not every few seconds while the server is away
                    failed = str(exc)
                    self.call_from_thread(self._failed, failed)
                for _ in range(int(self._poll_seconds * 10)):
                    if worker.is_cancelled:
                        break
                    time.sleep(0.1)

    def _loaded(self, institute: Institute) -> None:
        if self._whole and institute.some_groups:
            return  # a refresh of the own groups, finished after the whole picture was asked for
        first = self.institute is None
        # A bad file: show what could be read, say so, and never write over it (the store refuses).
        self.read_only = self.store.read_only
        problem = "nur lesen: " + "; ".join(self.store.problems) if self.read_only else ""
        if problem and problem != self.problem:
            self.sub_title = "nur lesen (kontakt doctor)"
            self.notify(problem, title="Speicher", severity="error", timeout=15)
        self.problem = problem
        if not problem:
            self.sub_title = self._subtitle(institute)
        if first and self._login:
            identity = resolve_identity(institute, self._login, self._requested)
            if identity.refused:
                self.notify(identity.refused, title="Anmeldung", severity="error", timeout=15)
            self.user = identity.code
        self.institute = institute.with_contacts(list(self._pending.values()))
        self.loaded_at = datetime.now()
        self.screen.refresh_bindings()  # keys a role may use follow a changed staff list (check_action)
        free_choice = not self._login or setup_mode(institute) or institute.config.test_store
        if first and not self.read_only and self.user not in institute.advisors and free_choice:
            # Picking a name is acting as someone else: only where anyone may (set-up, demo, test).
            self.push_screen(PickUserScreen(institute), self._picked_user)
        elif institute.some_groups and self.user != self._picture_for:
            self.load_institute(full=True)  # the login's Kürzel is another than the one read for
        elif institute.some_groups and not self._search_prepared:
            self._search_prepared = True
            self.prepare_search()  # the directory of every group, for the first ctrl+f
        if self._waiting is not None:
            screen, test, action = self._waiting
            if self.screen is not screen:
                self._waiting = None
            elif test(self.institute):
                self._waiting = None
                action()

    def _subtitle(self, institute: Institute) -> str:
        if self.demo:
            return "Demo-Institut"
        return "Einrichtungsmodus: alles erlaubt" if setup_mode(institute) else self.SUB_TITLE

    def allowed(self, action: str, group: Group | None = None) -> bool:
        """The policy's answer (model.staff.policy) for the user; a refusal is shown with the
        role needed. Screens ask before they change anything."""
        if self.institute is None:
            return False
        decision = may(self.user, action, self.institute, group, self.as_of)
        if not decision:
            self.notify(decision.reason, title="Keine Berechtigung", severity="error", timeout=10)
        return decision.allowed

    def permits(self, action: str, group: Group | None = None) -> bool:
        """The policy's answer without a notification: for `check_action`, so that what the
        role may not do is hidden from the footer, the key list and the palette."""
        if self.institute is None:
            return False
        return may(self.user, action, self.institute, group, self.as_of).allowed

    def _picked_user(self, code: str | None) -> None:
        if code:
            self.user = code
            if self.institute is not None and self.institute.some_groups:
                self.load_institute(full=True)  # the picture of the name picked
            self.mutate_reactive(KontaktApp.institute)
            self.screen.refresh_bindings()
            if self._poll_seconds > 0 and not isinstance(self.store, Listening):
                self.renew_digest()  # the start read for another name: tomorrow's start reads little

    def _failed(self, message: str) -> None:
        self.problem = message
        self.notify(message, title="Speicher", severity="error", timeout=10)

    def action_reload(self) -> None:
        self.load_institute(full=True)

    # ---- moving between the main screens ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "find":
            return self.can_find()
        if action == "goto" and self.institute is not None:
            destination = next(d for d in DESTINATIONS if d.name == parameters[0])
            advisor = self.institute.advisors.get(self.user)
            if not destination.roles or setup_mode(self.institute):
                return True
            return advisor is not None and advisor.left is None and advisor.role in destination.roles
        return True

    def action_goto(self, name: str) -> None:
        """Back to the start screen, then on to `name`: the stack never grows past one."""
        destination = next(d for d in DESTINATIONS if d.name == name)
        self._waiting, self._intent = None, object()
        if not destination.own and not self.want_whole():
            # Its figures are over every group: it opens once they are read.
            self.notify(f"{destination.title}: alle Verbünde werden gelesen …", timeout=5)
            self.when_loaded(lambda institute: institute.complete, lambda: self.action_goto(name), self.screen)
            return
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if name != "today":
            screen = destination.make(self)
            if screen is not None:
                self.push_screen(screen)

    def action_go_menu(self) -> None:
        """`g` then a letter (kontakt_tui/goto.py); pushed here so the letter typed next finds it."""
        from kontakt_tui.goto import GoToScreen, reachable

        def chosen(name: str | None) -> None:
            if name:
                self.action_goto(name)

        self.push_screen(GoToScreen(reachable(self)), chosen)

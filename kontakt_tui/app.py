"""The Textual App: receives its store, loads the institute in a worker and keeps it fresh by
polling the store's change detection, so colleagues' changes appear without a restart.
Saves run in workers too (kontakt_tui/store_access.py): a logged call shows at once and is
written in the background; screens ask the app by name and never hold the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import partial

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from model.institute import Institute
from model.store import Store, StoreError
from screens.dialogs.pick_user import PickUserScreen
from model.text_safety import clean_text
from screens.widgets.text import install_control_filter
from screens.today import TodayScreen

from kontakt_tui.key_gate import KeyGate
from kontakt_tui.navigation import DESTINATIONS
from kontakt_tui.store_access import StoreAccess


class KontaktApp(KeyGate, StoreAccess, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "kontakt"
    SUB_TITLE = "Kontaktmanagement"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Beenden", id="quit", priority=True, tooltip="kontakt beenden"),
        Binding("question_mark", "toggle_help", "Tasten", id="help", tooltip="Tasten dieses Bildschirms"),
        Binding("g", "go_menu", "Gehe zu", id="go_menu", tooltip="g und ein Buchstabe: zu einem Bildschirm (statt F-Taste)"),
        Binding("f5", "reload", "Neu laden", id="reload", show=False, tooltip="Speicher neu einlesen"),
        *(
            Binding(d.key, f"goto('{d.name}')", d.title, id=f"goto_{d.name}", show=False, tooltip=f"zu {d.title}")
            for d in DESTINATIONS
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
    ):
        install_control_filter()
        super().__init__()
        self.store = store
        self._as_of = as_of
        self._poll_seconds = poll_seconds
        self.demo = demo
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
        if self.demo:
            self.sub_title = "Demo-Institut"
        self.push_screen(TodayScreen())
        self.load_institute(full=True)
        if self._poll_seconds > 0:
            self.set_interval(self._poll_seconds, self.load_institute)

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

    @work(thread=True, group="store-read", description="Speicher lesen")
    def load_institute(self, full: bool = False) -> None:
        """At start the user's own contacts come first, the colleagues' right after; later
        calls reread only what changed."""
        first = self.institute is None
        try:
            if first and self.user:
                with self._store_lock:
                    partial = self.store.load(first_for=self.user, tolerant=True)
                if not partial.complete:
                    self.call_from_thread(self._loaded, partial)
            with self._store_lock:
                fresh = self.store.load(tolerant=True) if full or first else self.store.refresh()
        except StoreError as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        if fresh is not None:
            self.call_from_thread(self._loaded, fresh)

    def _loaded(self, institute: Institute) -> None:
        first = self.institute is None
        # A bad file: show what could be read, say so, and never write over it (the store refuses).
        self.read_only = self.store.read_only
        problem = "nur lesen: " + "; ".join(self.store.problems) if self.read_only else ""
        if problem and problem != self.problem:
            self.sub_title = "nur lesen (kontakt doctor)"
            self.notify(problem, title="Speicher", severity="error", timeout=15)
        self.problem = problem
        self.institute = institute.with_contacts(list(self._pending.values()))
        self.loaded_at = datetime.now()
        if first and not self.read_only and self.user not in institute.advisors:
            self.push_screen(PickUserScreen(institute), self._picked_user)

    def _picked_user(self, code: str | None) -> None:
        if code:
            self.user = code
            self.mutate_reactive(KontaktApp.institute)

    def _failed(self, message: str) -> None:
        self.problem = message
        self.notify(message, title="Speicher", severity="error", timeout=10)

    def action_reload(self) -> None:
        self.load_institute(full=True)

    # ---- moving between the main screens ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "goto" and self.institute is not None:
            destination = next(d for d in DESTINATIONS if d.name == parameters[0])
            advisor = self.institute.advisors.get(self.user)
            return not destination.roles or (advisor is not None and advisor.role in destination.roles)
        return True

    def action_goto(self, name: str) -> None:
        """Back to the start screen, then on to `name`: the stack never grows past one."""
        destination = next(d for d in DESTINATIONS if d.name == name)
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

    # ---- help and the command palette -----------------------------------------------------

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action the current screen offers, in German, plus the app's own."""
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = active.binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                partial(self._run_binding, active.node, binding.action),
            )
        yield SystemCommand("Farbschema", "Farbschema der Oberfläche wechseln", self.action_change_theme)
        yield SystemCommand("Bildschirmfoto", "Bildschirm als SVG speichern", lambda: self.set_timer(0.1, self.deliver_screenshot))

    async def _run_binding(self, node, action: str) -> None:
        await self.run_action(action, node)

"""The Textual App: receives its store, loads the institute in a worker and keeps it fresh by
polling the store's change detection, so colleagues' changes appear without a restart."""

from __future__ import annotations

import threading
from datetime import date, datetime

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from model.institute import Institute
from model.store import Store, StoreError
from screens.overview import OverviewScreen


class KontaktApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "kontakt"
    SUB_TITLE = "Kontaktmanagement"
    BINDINGS = [
        Binding("q", "quit", "Beenden", id="quit", tooltip="kontakt beenden"),
        Binding("f5", "reload", "Neu laden", id="reload", tooltip="Speicher neu einlesen"),
    ]

    institute: reactive[Institute | None] = reactive(None)
    loaded_at: reactive[datetime | None] = reactive(None)
    problem: reactive[str] = reactive("")

    def __init__(self, store: Store, user: str, as_of: date | None = None, poll_seconds: float = 5.0):
        super().__init__()
        self.store = store
        self.user = user
        self._as_of = as_of
        self._poll_seconds = poll_seconds
        # Store reads happen in worker threads; one at a time keeps its file cache consistent.
        self._store_lock = threading.Lock()

    @property
    def as_of(self) -> date:
        """The working day: fixed in tests and snapshots, else today."""
        return self._as_of or date.today()

    def on_mount(self) -> None:
        self.push_screen(OverviewScreen())
        self.load_institute(full=True)
        if self._poll_seconds > 0:
            self.set_interval(self._poll_seconds, self.load_institute)

    def action_reload(self) -> None:
        self.load_institute(full=True)

    @work(thread=True, group="store", description="Speicher lesen")
    def load_institute(self, full: bool = False) -> None:
        with self._store_lock:
            try:
                fresh = self.store.load() if full or self.institute is None else self.store.refresh()
            except StoreError as exc:
                self.call_from_thread(self._failed, str(exc))
                return
        if fresh is not None:
            self.call_from_thread(self._loaded, fresh)

    def _loaded(self, institute: Institute) -> None:
        self.problem = ""
        self.institute = institute
        self.loaded_at = datetime.now()

    def _failed(self, message: str) -> None:
        self.problem = message
        self.notify(message, title="Speicher", severity="error", timeout=10)

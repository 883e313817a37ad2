""" "Verbund finden": one field over all groups — number, name, member customers, contact
persons, phone numbers — that narrows as you type; Enter opens the group card of the marked
hit. Reached from every main screen and the card with ctrl+f (the app's binding).

The search runs in a thread worker (a one-letter search over 20,000 groups takes a quarter
of a second), once a burst of keys has settled (`SETTLE`); while every group is still being
read it answers from the picture's groups and says so. Enter typed before the answer came
searches at once, so a fast typist's "ctrl+f 10040 Enter" opens 10040 and not a stale hit —
and when nothing can answer yet (the store still being read at the start), the next answer
for that text opens its first hit."""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from model.contacts import FIND_LIMIT, Match
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, line

COLUMNS = (("Verbund", 36), ("Klasse", 6), ("FKB", 5), ("gefunden in", 40))
SETTLE = 0.15
"""Seconds without a key before the search runs (Enter searches at once)."""


class FindScreen(ModalScreen[str | None]):
    """Dismisses with the chosen group's id, or None."""

    CSS_PATH = "find.tcss"
    AUTO_FOCUS = "#find-text"
    BINDINGS = [
        Binding("escape", "close", "Schließen", id="close_find"),
        Binding("down", "move(1)", "nächster Treffer", id="find_next", show=False, priority=True),
        Binding("up", "move(-1)", "voriger Treffer", id="find_previous", show=False, priority=True),
        Binding("enter", "open", "Verbund öffnen", id="find_open", priority=True),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._text = text
        self._shown_for: str | None = None
        self._open_when_found: str | None = None
        self._partial = False

    def compose(self) -> ComposeResult:
        with Vertical(id="find-dialog"):
            yield Static("Verbund finden – Nummer, Name, Kunde, Ansprechpartner oder Telefon", id="find-title")
            yield Input(self._text, placeholder="z. B. 10040, Huber, 0171 234 …", id="find-text")
            yield Static("", id="find-info")
            yield DataTable(id="find-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#find-table", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        table.can_focus = False  # the field keeps the focus; up and down move the cursor
        self._search(self._text)
        self.watch(self.app, "institute", self._picture_changed, init=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._open_when_found = None  # an Enter waiting was for the text before
        self._search(event.value, settle=True)

    def _picture_changed(self, _institute) -> None:
        """The store's picture arrived (or changed) while an Enter waits for a hit, or the
        answer shown was partial: search again."""
        self.search_again()

    def search_again(self) -> None:
        """Every group can be searched now: a partial answer, or an Enter waiting, is renewed."""
        if self.is_active and (self._partial or self._open_when_found is not None):
            self._search(self.query_one("#find-text", Input).value)

    @work(thread=True, exclusive=True, group="find", description="Verbünde suchen")
    def _search(self, text: str, settle: bool = False) -> None:
        worker = get_current_worker()
        if settle:
            # A burst of keys searches once, for its last text: each search holds the
            # interpreter while it scans (a third of a second for one letter over 13,546
            # groups), and a search for every key of "Beck" delayed the field's echo by 1-2 s.
            # The next key cancels this worker.
            for _ in range(int(SETTLE / 0.05)):
                time.sleep(0.05)
                if worker.is_cancelled:
                    return
        # Every group still being read (the first seconds after the start): the picture's
        # groups answer at once and say so; `search_again` brings the whole answer.
        partial = self.app.search_is_partial()
        hits = self.app.find_groups(text, wait=not partial)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, hits, partial)

    def _show(self, text: str, hits: list[Match], partial: bool = False) -> None:
        if not self.is_active:
            return  # closed (an Enter typed in the burst) while this search ran
        if text != self.query_one("#find-text", Input).value:
            return  # a newer search is on its way
        table = self.query_one("#find-table", DataTable)
        table.clear()
        for hit in hits:
            group = hit.group
            table.add_row(
                *cells(f"{group.number} {group.name}", group.cls or "–", group.lead, "; ".join(hit.matched)), key=group.id
            )
        self._shown_for, self._partial = text, partial
        if not text.strip():
            info = "Tippen Sie, was Sie wissen: Nummer, Name, Kunde, Ansprechpartner oder Telefon."
        elif partial:
            found = f"{len(hits)} Treffer in Ihren Verbünden" if hits else "in Ihren Verbünden nichts"
            info = f"{found} · alle Verbünde werden noch gelesen …"
        elif not hits:
            info = f"Kein Verbund zu „{line(text)}“."
        elif len(hits) >= FIND_LIMIT:
            info = f"die ersten {FIND_LIMIT} Treffer – weiter tippen grenzt ein · Enter öffnet · ↑↓ wählen"
        else:
            info = f"{len(hits)} Treffer · Enter öffnet · ↑↓ wählen"
        self.query_one("#find-info", Static).update(Text(info))
        if hits and self._open_when_found == text:
            self._open_when_found = None
            self.dismiss(hits[0].group.id)

    def action_move(self, step: int) -> None:
        table = self.query_one("#find-table", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def action_open(self) -> None:
        text = self.query_one("#find-text", Input).value
        if text != self._shown_for:  # typed faster than the worker answered
            self._show(text, self.app.find_groups(text, wait=False))  # on the UI thread: no store wait
        key = cursor_key(self.query_one("#find-table", DataTable))
        if key is not None:
            self.dismiss(key)
        elif text.strip():
            # No hit yet, perhaps because the store is still being read (the start): the next
            # answer for this text opens its first hit, so the Enter typed is not lost.
            self._open_when_found = text

    def action_close(self) -> None:
        self.dismiss(None)

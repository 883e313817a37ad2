"""`g` then a letter: the second way to every main screen. Windows Terminal takes F11 (full
screen) and other terminals take other function keys, so no screen may be reachable by an
F-key alone. `g` opens a small overlay that lists the letters of the screens the user's role
may open; the letter goes there, anything else closes it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from kontakt_tui.navigation import DESTINATIONS, Destination

LETTERS: dict[str, str] = {
    "today": "h",
    "casting": "c",
    "portfolio": "p",
    "capacity": "k",
    "planning": "e",
    "casting_table": "t",
    "schemes": "s",
    "callparty": "a",
    "carecalls": "r",
    "mine": "m",
    "administration": "v",
}
"""Destination name → its letter after `g` (the first letter of the German name where free)."""


def reachable(app) -> list[tuple[str, Destination]]:
    """(letter, destination) of every screen the user's role may open, in the F-key order."""
    shown = [d for d in DESTINATIONS if d.name in LETTERS and app.check_action("goto", (d.name,))]
    return [(LETTERS[d.name], d) for d in shown]


class GoToScreen(ModalScreen[str | None]):
    """The letters; returns the chosen destination's name, or None."""

    CSS_PATH = "goto.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Abbrechen", id="close_goto")]

    def __init__(self, choices: list[tuple[str, Destination]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        text = Text("Gehe zu …\n", style="bold")
        for letter, destination in self.choices:
            text.append(f"\n {letter} ", style="reverse bold")
            text.append(f" {destination.title}")
            if destination.key:
                text.append(f"  ({destination.key.upper()})", style="dim")
        text.append("\n\nEsc: zurück", style="dim")
        with Vertical(id="goto-box"):
            yield Static(text, id="goto-list")

    def on_key(self, event) -> None:
        event.stop()
        event.prevent_default()
        chosen = next((d.name for letter, d in self.choices if letter == event.character), None)
        self.dismiss(chosen)

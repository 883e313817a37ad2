"""The keys of the current screen in German — for the `?` panel and the command palette.

Textual's widgets bring their own bindings with English descriptions ("Cursor up", "Copy
selected text", "Focus Next"). kontakt's own bindings are German already; Textual's are
translated here when a user needs them (moving in a table or a field) and left out otherwise.
A binding counts as Textual's when a class of the `textual` package in the owner's ancestry
declares the same action with the same description, so a new Textual widget's English never
slips through: it is hidden until it is translated here.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

GERMAN = {
    # tables, lists, scrolling
    "Select": "auswählen",
    "Cursor up": "Zeile hoch",
    "Cursor down": "Zeile runter",
    "Cursor left": "Spalte links",
    "Cursor right": "Spalte rechts",
    "Page up": "Seite hoch",
    "Page down": "Seite runter",
    "Page Up": "Seite hoch",
    "Page Down": "Seite runter",
    "Top": "an den Anfang",
    "Bottom": "ans Ende",
    "Scroll Up": "nach oben rollen",
    "Scroll Down": "nach unten rollen",
    "Scroll Home": "an den Anfang",
    "Scroll End": "ans Ende",
    "Up": "hoch",
    "Down": "runter",
    "First": "erster Eintrag",
    "Last": "letzter Eintrag",
    "Show menu": "Auswahl öffnen",
    "Next option": "nächste Wahl",
    "Previous option": "vorige Wahl",
    "Toggle": "an/aus",
    # fields
    "Focus Next": "nächstes Feld",
    "Focus Previous": "voriges Feld",
    "Submit": "bestätigen",
    "Go to start": "an den Anfang",
    "Go to end": "ans Ende",
    "Delete character left": "Zeichen links löschen",
    "Delete character right": "Zeichen rechts löschen",
    "Delete left to start of word": "Wort links löschen",
    "Delete all to the left": "alles links löschen",
    "Delete all to the right": "alles rechts löschen",
    "Select all": "alles markieren",
    "Cut selected text": "ausschneiden",
    "Copy selected text": "kopieren",
    "Paste text from the clipboard": "einfügen",
    "Cut": "ausschneiden",
    "Copy": "kopieren",
    "Paste": "einfügen",
    "Undo": "rückgängig",
    "Redo": "wiederholen",
}
"""Textual's descriptions a user needs, in German; any other of Textual's is not shown."""


class KeyEntry(NamedTuple):
    keys: str
    description: str
    tooltip: str
    node: DOMNode
    binding: Binding
    enabled: bool
    own: bool
    """A binding of kontakt's (screens, dialogs, the app), not of a Textual widget."""


def _textual_pairs(node: DOMNode) -> set[tuple[str, str]]:
    pairs = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("textual."):
            for b in cls.__dict__.get("BINDINGS", ()):
                if isinstance(b, Binding):
                    pairs.add((b.action, b.description))
                elif len(b) >= 3:
                    pairs.add((b[1], b[2]))
    return pairs


def german_keys(screen: Screen) -> list[KeyEntry]:
    """The screen's active bindings with a German description, one entry per action (its
    keys joined), kontakt's own first; Textual's untranslated and system ones left out."""
    app = screen.app
    entries: dict[tuple[int, str], KeyEntry] = {}
    textual_cache: dict[type, set] = {}
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if binding.system or not binding.description:
            continue
        pairs = textual_cache.setdefault(type(node), _textual_pairs(node))
        own = (binding.action, binding.description) not in pairs
        description = binding.description if own else GERMAN.get(binding.description)
        if description is None:
            continue
        tooltip = active.tooltip or binding.tooltip if own else ""
        key = binding.key_display or app.get_key_display(binding)
        slot = (id(node), binding.action)
        if slot in entries:
            known = entries[slot]
            if key not in known.keys.split(" "):
                entries[slot] = known._replace(keys=f"{known.keys} {key}")
            continue
        entries[slot] = KeyEntry(key, description, tooltip, node, binding, active.enabled, own)
    return sorted(entries.values(), key=lambda e: not e.own)


def keys_table(screen: Screen) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
    table.add_column("Taste", justify="right", style="bold", no_wrap=True)
    table.add_column("was")
    own_done = False
    for entry in german_keys(screen):
        if not entry.own and not own_done:
            own_done = True
            table.add_row("", Text("Bewegen und Bearbeiten", style="bold"))
        description = Text(entry.description, style="" if entry.enabled else "dim")
        if entry.tooltip:
            description.append(f" – {entry.tooltip}", style="dim")
        table.add_row(Text(entry.keys), description)
    return table


class KeysHelp(Static):
    """The `?` panel: this screen's keys in German, updated when they change."""

    DEFAULT_CSS = """
    KeysHelp {
        dock: right;
        width: 44;
        height: 1fr;
        border-left: vkey $foreground 30%;
        background: $panel;
        padding: 0 1;
        overflow-y: auto;
    }
    """

    def on_mount(self) -> None:
        self.border_title = "Tasten"
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self._show())
        self.call_after_refresh(self._show)

    def _show(self) -> None:
        self.update(keys_table(self.screen))

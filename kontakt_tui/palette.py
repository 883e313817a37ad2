"""The command palette (ctrl+p) in German: kontakt's own actions of the current screen and
the app (`KontaktApp.get_system_commands`), and every group — found like "Verbund finden"
by number, name, customer, contact person or phone — opening its card.

An entry "Verbund finden: …" is always offered for what was typed, so the palette never
answers in Textual's English ("No matches found") and the full search is one Enter away."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from screens.widgets.text import line

PLACEHOLDER = "Befehl oder Verbund suchen …"
GROUP_HITS = 12
"""Groups listed in the palette; the search screen shows more."""


class GermanPalette(CommandPalette):
    """Textual's palette with a German prompt."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)


class GroupsProvider(Provider):
    """Groups by number, name, customers, contact persons and phone; Enter opens the card."""

    async def discover(self) -> Hits:
        app = self.app
        yield DiscoveryHit("Verbund finden …", app.action_find, help="Nummer, Name, Kunde, Ansprechpartner oder Telefon (^f)")

    async def search(self, query: str) -> Hits:
        app = self.app
        text = query.strip()
        if not text:
            return
        hits = await app.run_in_thread_find(text, GROUP_HITS) if len(text) >= 2 else []
        for rank, match in enumerate(hits):
            group = match.group
            title = Text(f"{line(group.number)} {line(group.name)}")
            yield Hit(
                1.0 - rank / 100,  # the search's order, above the actions' fuzzy scores
                title,
                partial(app.open_card, group.id),
                help="Verbundkarte · " + line("; ".join(match.matched)),
            )
        yield Hit(0.01, Text(f"Verbund finden: „{line(text)}“"), partial(app.action_find, text), help="alle Treffer zeigen")


class GermanCommands:
    """Mixed into the App: the palette, the theme picker and the `?` key list in German."""

    def get_system_commands(self, screen):
        """kontakt's own actions of the current screen and the app (German, with their key),
        then the few of Textual's kept: colour scheme, key list, screenshot. None of
        Textual's widget bindings ("Cursor up", "Copy selected text")."""
        from textual.app import SystemCommand

        from screens.widgets.keys_help import german_keys

        for entry in german_keys(screen):
            if not entry.own or not entry.enabled or entry.binding.action in ("command_palette", "app.command_palette"):
                continue
            yield SystemCommand(
                f"{entry.description} ({entry.keys})",
                entry.tooltip or entry.description,
                partial(self._run_binding, entry.node, entry.binding.action),
            )
        yield SystemCommand(
            "Exportordner ändern",
            f"wohin CSV-Dateien gespeichert werden (jetzt: {self.export_folder()})",
            self.action_change_export_folder,
        )
        yield from self._keyless_destinations()
        yield SystemCommand("Farbschema", "Farbschema der Oberfläche wechseln", self.action_change_theme)
        yield SystemCommand(
            "Bildschirmfoto", "Bildschirm als SVG-Datei speichern", lambda: self.set_timer(0.1, self.deliver_screenshot)
        )

    def _keyless_destinations(self):
        """Screens without an F-key (Verwaltung) have no binding to list: offered here, for
        the roles that may open them."""
        from textual.app import SystemCommand

        from kontakt_tui.goto import LETTERS
        from kontakt_tui.navigation import DESTINATIONS

        for d in DESTINATIONS:
            if not d.key and self.check_action("goto", (d.name,)):
                yield SystemCommand(f"{d.title} (g {LETTERS[d.name]})", f"zu {d.title}", partial(self.action_goto, d.name))

    async def _run_binding(self, node, action: str) -> None:
        await self.run_action(action, node)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(GermanPalette(id="--command-palette"))

    def action_change_theme(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Farbschema suchen …", id="--command-palette"))

    def action_toggle_help(self) -> None:
        """`?`: this screen's keys in German beside it; `?` again hides them."""
        from screens.widgets.keys_help import KeysHelp

        shown = self.screen.query(KeysHelp)
        if shown:
            shown.remove()
        else:
            self.screen.mount(KeysHelp())

"""Casting schemes for the administrator: criteria, options, points, the department an option
calls in, and per class threshold, target frequency, planning minutes and formats — edited as
text, checked before saving, saved as a new version (groups cast under the old one are then
up for review, never recast silently)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Select, Static, TextArea

from model.casting import SchemeTextError, replace_scheme, scheme_to_text, text_to_scheme
from model.german import counted
from screens.widgets.text import options


class SchemeEditorScreen(Screen[None]):
    CSS_PATH = "schemes.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Prüfen und speichern", id="save_scheme"),
        Binding("escape", "back", "Zurück", id="back"),
    ]

    def compose(self) -> ComposeResult:
        config = self.app.institute.config
        segments = [(s.segment, s.segment) for s in config.schemes]
        yield Header()
        yield Select(options(segments), value=segments[0][1], allow_blank=False, compact=True, id="scheme-segment")
        yield TextArea("", id="scheme-text", soft_wrap=False, show_line_numbers=True)
        yield Static("", id="scheme-problem")
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "save":
            return self.app.permits("schemes")
        return True

    def on_mount(self) -> None:
        self._load()
        self.query_one("#scheme-text", TextArea).focus()

    def _raw_scheme(self, segment: str) -> dict:
        return next(s for s in self.app.institute.config.raw["schemes"] if s["segment"] == segment)

    def _load(self) -> None:
        segment = str(self.query_one("#scheme-segment", Select).value)
        self.query_one("#scheme-text", TextArea).text = scheme_to_text(self._raw_scheme(segment))
        self.query_one("#scheme-problem", Static).update(
            "Strg+S prüft und speichert als neue Version; bisher gecastete Verbünde kommen zur Überprüfung."
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        self._load()

    def action_save(self) -> None:
        if not self.app.allowed("schemes"):
            return
        problem = self.query_one("#scheme-problem", Static)
        segment = str(self.query_one("#scheme-segment", Select).value)
        old = self._raw_scheme(segment)
        try:
            scheme = text_to_scheme(self.query_one("#scheme-text", TextArea).text, segment, old.get("version", 1))
            config = replace_scheme(self.app.institute.config.raw, scheme)
        except (SchemeTextError, ValueError) as exc:
            problem.update(Text(f"Nicht gespeichert:\n{exc}", style="bold red"))
            return
        version = next(s for s in config["schemes"] if s["segment"] == segment)["version"]
        if version == old.get("version", 1):
            problem.update("Keine Änderung – nichts gespeichert.")
            return

        self._save(config, segment, version)

    @work(exclusive=True, group="scheme-save", description="Schema speichern")
    async def _save(self, config: dict, segment: str, version: int) -> None:
        problem = self.query_one("#scheme-problem", Static)
        written = await self.app.save_config(config)
        if written.problem:
            problem.update(Text(f"Nicht gespeichert: {written.problem}", style="bold red"))
            return
        cast = sum(1 for g in self.app.institute.groups.values() if g.segment == segment and g.casting)
        problem.update(
            Text(
                f"Schema {segment} als Version {version} gespeichert; {counted(cast, 'Verbund', 'Verbünde')} zur Überprüfung.",
                style="bold green",
            )
        )

    def action_back(self) -> None:
        self.app.pop_screen()

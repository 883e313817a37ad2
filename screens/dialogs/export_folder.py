"""Asking for the folder exports go to ("Exportordner ändern"). The app remembers the answer
in the user's local settings (kontakt_tui/settings.py); a folder that cannot be created comes
back here with the reason. Enter takes it, Esc leaves it as it was."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from screens.widgets.text import plain


class ExportFolderDialog(ModalScreen[str | None]):
    CSS_PATH = "export_folder.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Abbrechen", id="cancel_export_folder", tooltip="Ordner bleibt")]

    def __init__(self, current: str, problem: str = "") -> None:
        super().__init__()
        self.current = current
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="ef-box"):
            yield Static("Exportordner ändern", id="ef-title")
            yield Static("CSV-Dateien und Care-Call-Versand werden hier gespeichert (nur auf diesem PC).", id="ef-hint")
            yield Input(self.current, id="ef-folder")
            yield Static(plain(self.problem), id="ef-problem")
            yield Static("Enter: übernehmen · Esc: abbrechen", id="ef-keys")

    def on_mount(self) -> None:
        self.query_one("#ef-folder", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        folder = event.value.strip()
        if not folder:
            self.query_one("#ef-problem", Static).update("Bitte einen Ordner angeben.")
            return
        self.dismiss(folder)

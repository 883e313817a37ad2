"""First run: with no user configured or an unknown one, the advisor picks who they are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from model.institute import Institute
from screens.widgets.text import literal


class PickUserScreen(ModalScreen[str | None]):
    CSS_PATH = "pick_user.tcss"
    BINDINGS = [Binding("escape", "dismiss_none", "Später", id="pick_later")]

    def __init__(self, institute: Institute) -> None:
        super().__init__()
        self.institute = institute

    def compose(self) -> ComposeResult:
        advisors = sorted(
            (a for a in self.institute.advisors.values() if a.left is None), key=lambda a: (a.department or "", a.name)
        )
        options = [
            Option(literal(f"{a.code:<6} {a.name} – {a.department or 'Firmenkunden'}, {a.role}"), id=a.code) for a in advisors
        ]
        if advisors:
            title = (
                "Wer sind Sie? Bitte wählen (↑↓, Enter).\n"
                "Dauerhaft einstellen: kontakt --user KÜRZEL oder Umgebungsvariable KONTAKT_USER."
            )
        else:
            # A fresh `kontakt init`: nobody to pick yet — say how the institute gets its people.
            title = (
                "Noch keine Mitarbeiter angelegt.\n"
                "Mitarbeiterliste einlesen: kontakt import advisors DATEI (Kürzel;Name;Fachbereich;Rolle;"
                "Nettomarktzeit;Login) — siehe README „Ein Institut einrichten“. Esc: weiter ohne Benutzer."
            )
        with Vertical(id="pick-dialog"):
            yield Static(title, id="pick-title")
            if options:
                yield OptionList(*options, id="pick-list")
        yield Footer()

    def on_mount(self) -> None:
        for found in self.query("#pick-list"):
            found.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

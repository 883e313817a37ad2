"""A small yes/no question before something typed is thrown away ("Antworten verwerfen?").
`j` or Enter answer yes, `n` or Esc no; the default is to keep what was typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.widgets.text import plain


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("j,enter", "answer(True)", "Ja", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "Nein", id="confirm_no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(plain(self.question, style="bold"), id="confirm-question")
            if self.detail:
                yield Static(plain(self.detail), id="confirm-detail")
            yield Static("j / Enter: ja · n / Esc: nein, weiter bearbeiten", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

"""A small dialog asking one date (and optionally a time) the way advisors type it: `Di`,
`+2w`, `15.01.`, with the live preview of the guided call. Used by the call party for
"Termin vereinbart" (date and time) and "Folgekontakt" (date). Enter moves on and confirms,
Esc cancels; the result is a `date`, a `datetime` or None.
"""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from model.contacts import parse_time
from model.german import describe_follow_up
from screens.widgets.text import plain


class DatePrompt(ModalScreen[date | datetime | None]):
    CSS_PATH = "date_prompt.tcss"
    BINDINGS = [Binding("escape", "cancel", "Abbrechen", id="cancel_prompt", tooltip="ohne Datum zurück")]

    def __init__(self, title: str, today: date, state: str, ask_time: bool = False, time_default: str = "10:00"):
        super().__init__()
        self.title_text = title
        self.today = today
        self.state = state
        self.ask_time = ask_time
        self.time_default = time_default

    def compose(self) -> ComposeResult:
        with Vertical(id="cp-prompt"):
            yield Static(plain(self.title_text), id="cp-prompt-title")
            with Horizontal(classes="cp-prompt-row"):
                yield Label("Datum ", classes="cp-prompt-label")
                yield Input(placeholder="TT.MM.JJJJ, Di, +2w …", compact=True, id="cp-prompt-day")
            if self.ask_time:
                with Horizontal(classes="cp-prompt-row"):
                    yield Label("Uhrzeit ", classes="cp-prompt-label")
                    yield Input(self.time_default, compact=True, id="cp-prompt-time")
            yield Static("", id="cp-prompt-preview")
            yield Static("Enter: weiter/übernehmen · Esc: abbrechen", id="cp-prompt-hint")

    def on_mount(self) -> None:
        self.query_one("#cp-prompt-day", Input).focus()

    def _day(self) -> tuple[date | None, str]:
        """The typed day moved to a working day, or None and a German reason."""
        shift, text = describe_follow_up(self.query_one("#cp-prompt-day", Input).value, self.today, self.state)
        return (shift.day if shift else None), text

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "cp-prompt-day":
            day, text = self._day()
            preview = self.query_one("#cp-prompt-preview", Static)
            preview.update(plain(f"→ {text}" if day else text))
            preview.set_class(day is None, "problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        day, text = self._day()
        if day is None:
            self.query_one("#cp-prompt-preview", Static).update(plain(text))
            self.query_one("#cp-prompt-day", Input).focus()
            return
        if not self.ask_time:
            self.dismiss(day)
        elif event.input.id == "cp-prompt-day":
            self.query_one("#cp-prompt-time", Input).focus()
        else:
            try:
                self.dismiss(datetime.combine(day, parse_time(event.input.value)))
            except ValueError as exc:
                self.query_one("#cp-prompt-preview", Static).update(plain(str(exc)))

    def action_cancel(self) -> None:
        self.dismiss(None)

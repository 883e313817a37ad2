"""A one-line choice of the call's outcome: digits pick, arrows move, Enter confirms."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static


class OutcomeChoice(Static, can_focus=True):
    DEFAULT_CSS = """
    OutcomeChoice { height: 1; padding: 0 1; }
    OutcomeChoice:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left,up", "move(-1)", "voriges", show=False),
        Binding("right,down", "move(1)", "nächstes", show=False),
        Binding("enter", "confirm", "weiter", show=False),
    ]

    selected: reactive[int | None] = reactive(None)

    class Chosen(Message):
        """An outcome was picked with its digit or confirmed with Enter."""

        def __init__(self, outcome: str) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, outcomes: tuple[str, ...], selected: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.outcomes = outcomes
        self.set_reactive(OutcomeChoice.selected, outcomes.index(selected) if selected in outcomes else None)

    @property
    def outcome(self) -> str | None:
        return None if self.selected is None else self.outcomes[self.selected]

    def render(self) -> Text:
        text = Text("Ergebnis: ", style="bold")
        for index, outcome in enumerate(self.outcomes):
            style = "reverse bold" if index == self.selected else ""
            text.append(f" {index + 1} ", style="bold" if index != self.selected else "reverse bold")
            text.append(f"{outcome} ", style=style)
            text.append("  ")
        return text

    def pick(self, index: int) -> None:
        if 0 <= index < len(self.outcomes):
            self.selected = index
            self.post_message(self.Chosen(self.outcomes[index]))

    def action_move(self, step: int) -> None:
        start = -1 if self.selected is None and step > 0 else (self.selected or 0)
        self.selected = (start + step) % len(self.outcomes)

    def action_confirm(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.outcomes[self.selected]))

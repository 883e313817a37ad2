"""Two advisors changed the same field of a group: show both values, one conflict after the
other, and let the user choose — nothing is overwritten silently (issue: nothing lost)."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from model.entities import Group
from model.store import MergeResult, apply_choice
from screens.widgets.text import line


def value_text(value) -> str:
    """A field's value as the user knows it: a person as name, function, phone, e-mail."""
    if value is None:
        return "– (entfernt)"
    if dataclasses.is_dataclass(value):
        parts = [str(v) for k, v in dataclasses.asdict(value).items() if k != "id" and v not in ("", None)]
        return ", ".join(parts)
    if isinstance(value, tuple | list):
        return "; ".join(value_text(v) for v in value) or "–"
    return str(value)


async def save_merged(app: App, base: Group, mine: Group) -> str:
    """Save base→mine over a colleague's save in between: other fields are merged; where both
    changed the same field the user chooses, then it is saved again. Returns the reason when
    the store refused ("" when saved, or when the user cancelled the choice)."""
    while True:
        written = await app.save_group_merged(base, mine)
        if written.problem:
            return written.problem
        result: MergeResult = written.value
        if result.saved:
            return ""
        chosen = await app.push_screen_wait(ConflictScreen(result))
        if chosen is None:
            return ""
        base, mine = result.base, chosen


class ConflictScreen(ModalScreen[Group | None]):
    CSS_PATH = "conflict.tcss"
    BINDINGS = [
        Binding("1", "choose('mine')", "meine Fassung", id="take_mine"),
        Binding("2", "choose('theirs')", "Fassung des Kollegen", id="take_theirs"),
        Binding("escape", "cancel", "Abbrechen", id="cancel_conflict"),
    ]

    def __init__(self, result: MergeResult) -> None:
        super().__init__()
        self.result = result
        self.index = 0
        self.group = result.group

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog"):
            yield Static("", id="conflict-text")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        conflict = self.result.conflicts[self.index]
        text = Text(
            f"Ein Kollege hat {line(self.group.name)} zur gleichen Zeit geändert "
            f"(Konflikt {self.index + 1} von {len(self.result.conflicts)}).\n\n",
            style="bold",
        )
        text.append(f"{line(conflict.label)}\n\n", style="bold")
        text.append(" 1 ", style="reverse bold")
        text.append(f" Ihre Fassung:            {line(value_text(conflict.mine))}\n")
        text.append(" 2 ", style="reverse bold")
        text.append(f" Fassung des Kollegen:    {line(value_text(conflict.theirs))}\n\n")
        text.append("Alles andere aus beiden Änderungen bleibt erhalten.", style="dim")
        self.query_one("#conflict-text", Static).update(text)

    def action_choose(self, side: str) -> None:
        conflict = self.result.conflicts[self.index]
        self.group = apply_choice(self.group, conflict, conflict.mine if side == "mine" else conflict.theirs)
        self.index += 1
        if self.index < len(self.result.conflicts):
            self._show()
        else:
            self.dismiss(self.group)

    def action_cancel(self) -> None:
        self.dismiss(None)

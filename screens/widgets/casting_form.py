"""The casting form: one criterion per line, the option picked with its number key (the
cursor then moves to the next criterion), up/down to move between criteria. In a short
terminal (80×24) the form sits in a scrolling container and keeps the current criterion in
view."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from model.config import Scheme


class CastingForm(Widget, can_focus=True):
    DEFAULT_CSS = """
    CastingForm { height: auto; padding: 0 1; }
    CastingForm:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Kriterium hoch", show=False),
        Binding("down", "move(1)", "Kriterium runter", show=False),
        *(Binding(str(n), f"choose({n - 1})", f"Option {n}", show=False) for n in range(1, 10)),
        Binding("backspace,delete", "clear", "Antwort löschen", show=False),
    ]

    current: reactive[int] = reactive(0)

    class Changed(Message):
        """The answers changed; `answers` maps criterion → option label."""

        def __init__(self, answers: dict[str, str]) -> None:
            super().__init__()
            self.answers = answers

    def __init__(self, scheme: Scheme, answers: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scheme = scheme
        self.answers: dict[str, str] = dict(answers or {})

    def _criterion_text(self, index: int) -> Text:
        criterion = self.scheme.criteria[index]
        mark = "▶ " if index == self.current else "  "
        text = Text(f"{mark}{criterion.name}\n", style="bold" if index == self.current else "")
        chosen = self.answers.get(criterion.name)
        for number, option in enumerate(criterion.options, start=1):
            picked = option.label == chosen
            department = f" → {option.department}" if option.department else ""
            label = f" {number} {option.label} ({option.points}){department} "
            text.append("    " if number == 1 else "  ")
            text.append(label, style="reverse bold" if picked else "dim" if chosen else "")
        text.append("\n")
        return text

    def render(self) -> Text:
        return Text("").join(self._criterion_text(i) for i in range(len(self.scheme.criteria)))

    def watch_current(self) -> None:
        self.call_after_refresh(self._keep_in_view)

    def on_resize(self) -> None:
        self._keep_in_view()

    def _keep_in_view(self) -> None:
        """Scroll the container so the current criterion's lines are all visible."""
        width = self.content_size.width
        if width <= 0 or self.parent is None:
            return
        heights = [len(self._criterion_text(i).wrap(self.app.console, width)) for i in range(self.current + 1)]
        top = sum(heights[:-1])
        self.parent.scroll_to_region(Region(0, top, width, heights[-1]), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        self.current = max(0, min(len(self.scheme.criteria) - 1, self.current + step))
        self.refresh()

    def action_choose(self, index: int) -> None:
        criterion = self.scheme.criteria[self.current]
        if index >= len(criterion.options):
            self.app.bell()
            return
        self.answers[criterion.name] = criterion.options[index].label
        self.post_message(self.Changed(dict(self.answers)))
        if self.current < len(self.scheme.criteria) - 1:
            self.current += 1
        self.refresh()

    def action_clear(self) -> None:
        self.answers.pop(self.scheme.criteria[self.current].name, None)
        self.post_message(self.Changed(dict(self.answers)))
        self.refresh()

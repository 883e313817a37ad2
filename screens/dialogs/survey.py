"""The care-call survey dialog: the essay's three questions and the satisfaction score, each
answered with one number key, then a free comment; Enter in the comment saves.

Backspace goes back one question, Esc cancels. The dialog returns what was asked
(`answers`, `score`, `comment`); the care-call screen turns it into the stored record.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from model.campaigns import QUESTIONS, SCORE_LABELS, SCORES
from screens.widgets.text import plain


@dataclass(frozen=True)
class SurveyAnswers:
    answers: dict[str, str]
    score: int
    comment: str


class SurveyScreen(ModalScreen[SurveyAnswers | None]):
    CSS_PATH = "survey.tcss"
    # Nothing focused at first: the digits answer the questions and must not go into the comment.
    AUTO_FOCUS = ""
    BINDINGS = [
        *(Binding(str(n), f"answer({n})", str(n), show=False) for n in range(1, 10)),
        Binding("backspace", "back", "vorige Frage", id="cc_back"),
        Binding("ctrl+s", "save", "Speichern", id="cc_save", tooltip="Befragung speichern"),
        Binding("escape", "cancel", "Abbrechen", id="cc_cancel", tooltip="Befragung verwerfen"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.answers: dict[str, str] = {}
        self.score: int | None = None
        self.step = 0  # 0..len(QUESTIONS)-1: a question; len(QUESTIONS): the score; then the comment

    def compose(self) -> ComposeResult:
        with Vertical(id="cc-survey"):
            yield Static(plain(self.title_text), id="cc-survey-title")
            yield Static("", id="cc-questions")
            yield Input(placeholder="Kommentar (optional), Enter: speichern", compact=True, id="cc-comment")
            yield Static("", id="cc-survey-problem")
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        text = Text()
        for index, question in enumerate(QUESTIONS):
            self._block(text, index, question.text, question.options, self.answers.get(question.key))
        scores = tuple(f"{s} {SCORE_LABELS[s]}" for s in SCORES)
        chosen = f"{self.score} {SCORE_LABELS[self.score]}" if self.score else None
        self._block(text, len(QUESTIONS), "Wie zufrieden sind Sie insgesamt mit Ihrer Betreuung?", scores, chosen, numbered=False)
        text.rstrip()
        self.query_one("#cc-questions", Static).update(text)

    def _block(self, text: Text, index: int, question: str, options, chosen, numbered: bool = True) -> None:
        current = index == self.step
        text.append("▶ " if current else "  ", style="bold")
        text.append(f"{index + 1}. {question}\n", style="bold" if current else "")
        width = 4  # options wrap by hand, never inside an option: the dialog is 96 columns wide
        text.append("   ")
        for number, option in enumerate(options, 1):
            label = f" {number} {option} " if numbered else f" {option} "
            if width + len(label) + 1 > 94:
                text.append("\n   ")
                width = 4
            text.append(" ")
            text.append(label, style="reverse bold" if option == chosen else ("" if current else "dim"))
            width += len(label) + 1
        text.append("\n\n")

    def action_answer(self, number: int) -> None:
        if self.step < len(QUESTIONS):
            question = QUESTIONS[self.step]
            if number > len(question.options):
                return
            self.answers[question.key] = question.options[number - 1]
        elif self.step == len(QUESTIONS):
            if number not in SCORES:
                return
            self.score = number
        else:
            return
        self.step += 1
        self._show()
        if self.step > len(QUESTIONS):
            self.query_one("#cc-comment", Input).focus()

    def action_back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self.set_focus(None)
            self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        missing = [q.text for q in QUESTIONS if q.key not in self.answers]
        if missing or self.score is None:
            self.query_one("#cc-survey-problem", Static).update(
                "Bitte erst alle Fragen beantworten." if missing else "Bitte die Zufriedenheit 1–5 wählen."
            )
            return
        self.dismiss(SurveyAnswers(dict(self.answers), self.score, self.query_one("#cc-comment", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)

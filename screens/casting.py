"""Kunden-Casting of one group, or of the review queue one group after another: the
criteria with their options, the score, class and departments called in as you type, an
optional override with a reason, and the previous casting beside it with what changed."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from model.casting import (
    CastingError,
    called_in_departments,
    cast,
    class_for_score,
    score,
)
from model.entities import Casting, Group
from model.german import counted, format_date_de
from screens.widgets.casting_form import CastingForm
from screens.widgets.text import plain


def previous_text(previous: Casting | None, answers: dict[str, str], scheme) -> Text:
    text = Text("Bisheriges Casting\n", style="bold")
    if previous is None:
        text.append("keines – dies ist das erste.")
        return text
    text.append(f"{format_date_de(previous.date)} von {previous.by}: {previous.score} Punkte → Klasse {previous.final_class}")
    if previous.override_class:
        text.append(f" (abweichend, {previous.reason})")
    text.append("\n")
    for criterion in scheme.criteria:
        old = previous.answer(criterion.name)
        new = answers.get(criterion.name)
        changed = new is not None and new != old
        text.append(f"{criterion.name}: ", style="bold" if changed else "")
        text.append(f"{old or '–'}")
        if changed:
            text.append(f"  → {new}", style="bold yellow")
        text.append("\n")
    return text


HINT = "Zahlentaste wählt die Option, ↑↓ wechselt das Kriterium, Strg+S speichert."


class FormScroll(VerticalScroll, can_focus=False):
    """Scrolls the criteria in a short terminal; the form inside keeps the focus."""


class CastingScreen(Screen[None]):
    CSS_PATH = "casting.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Speichern", id="save_casting", tooltip="Casting speichern"),
        Binding("o", "override", "Abweichende Klasse", id="override", tooltip="Klasse mit Begründung festlegen"),
        Binding("n", "skip", "Nächster Verbund", id="next_group", tooltip="Diesen Verbund überspringen"),
        Binding("escape", "back", "Zurück", id="back"),
    ]

    index: reactive[int] = reactive(0, recompose=True, bindings=True)

    def __init__(self, queue: list[tuple[str, str]]) -> None:
        """`queue`: (group id, why it is up for casting); one entry for a single group."""
        super().__init__()
        self.queue = queue
        self._answers: dict[str, str] = {}

    @property
    def group(self) -> Group:
        return self.app.institute.groups[self.queue[self.index][0]]

    @property
    def scheme(self):
        return self.app.institute.config.scheme(self.group.segment)

    def compose(self) -> ComposeResult:
        group, scheme = self.group, self.scheme
        previous = group.casting
        same_scheme = previous is not None and previous.scheme == scheme.segment
        self._answers = dict(previous.answers) if same_scheme else {}
        self._answers = {k: v for k, v in self._answers.items() if scheme.criterion(k) and scheme.criterion(k).option(v)}
        position = f" · Verbund {self.index + 1} von {len(self.queue)}" if len(self.queue) > 1 else ""
        reason = self.queue[self.index][1]
        yield Header()
        yield Static(
            plain(
                f"Kunden-Casting {group.number} {group.name} · {scheme.segment}, Schema Version {scheme.version}"
                f"{position}" + (f"\n{reason}" if reason else "")
            ),
            id="cast-title",
        )
        with Horizontal(id="cast-body"):
            with FormScroll(id="cast-form-scroll"):
                yield CastingForm(scheme, self._answers, id="cast-form")
            with Vertical(id="cast-side"):
                yield Static("", id="cast-result")
                yield Static("", id="cast-previous")
        with Horizontal(id="cast-override"):
            yield Label("Abweichende Klasse ")
            yield Input(max_length=1, placeholder="–", compact=True, id="override-class")
            yield Label(" Begründung ")
            yield Input(placeholder="Pflicht bei abweichender Klasse", compact=True, id="override-reason")
        yield Static(HINT, id="cast-problem")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one(CastingForm).focus()

    def watch_index(self) -> None:
        self.call_after_refresh(self.on_mount)

    # ---- live result ----------------------------------------------------------------------

    def _show(self) -> None:
        scheme = self.scheme
        points = score(scheme, self._answers)
        cls = class_for_score(scheme, points)
        override = self.query_one("#override-class", Input).value.strip().upper()
        missing = [c.name for c in scheme.criteria if c.name not in self._answers]
        result = Text("Ergebnis\n", style="bold")
        result.append(f"{points} Punkte → Klasse ")
        result.append(cls, style="bold")
        if override and override != cls:
            result.append(f" – abweichend festgelegt: {override}", style="bold yellow")
        departments = called_in_departments(scheme, self._answers)
        result.append(f"\nFachbereiche: {', '.join(departments) if departments else 'keine'}")
        band = scheme.band(override if override in ("A", "B", "C", "D") else cls)
        result.append(
            f"\nSoll: {counted(band.frequency, 'Kontakt', 'Kontakte')} p. a., {counted(band.planning_minutes, 'Minute', 'Minuten')} je Kontakt"
        )
        if missing:
            result.append(f"\noffen: {', '.join(missing)}", style="yellow")
        self.query_one("#cast-result", Static).update(result)
        self.query_one("#cast-previous", Static).update(previous_text(self.group.casting, self._answers, scheme))

    def on_casting_form_changed(self, event: CastingForm.Changed) -> None:
        self._answers = event.answers
        self._show()
        self.query_one("#cast-problem", Static).update(HINT)  # a complaint about the old answers is stale

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show()
        self.query_one("#cast-problem", Static).update(HINT)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "override-class":
            self.query_one("#override-reason", Input).focus()
        else:
            self.action_save()

    # ---- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "skip":
            return len(self.queue) > 1
        if action in ("save", "override"):  # hidden where the role may not cast (model.staff.policy)
            return self.app.permits("cast", self.group)
        return True

    def action_override(self) -> None:
        self.query_one("#override-class", Input).focus()

    def _unsaved(self) -> str:
        """What leaving now would throw away, in German ("" when nothing changed)."""
        form = self.query_one(CastingForm)
        previous = self.group.casting
        start = dict(previous.answers) if previous is not None else {}
        changed = [name for name, value in form.answers.items() if start.get(name) != value]
        typed = [self.query_one(f"#{i}", Input).value.strip() for i in ("override-class", "override-reason")]
        parts = []
        if changed:
            parts.append(f"{len(changed)} geänderte Antwort{'en' if len(changed) != 1 else ''}")
        if any(typed):
            parts.append("die abweichende Klasse mit Begründung")
        return " und ".join(parts)

    def _leave(self, go) -> None:
        """Leave with `go()`, after asking when answers or the override would be lost."""
        unsaved = self._unsaved()
        if not unsaved:
            go()
            return
        from screens.dialogs.confirm import ConfirmScreen

        question = f"{self.group.name}: nicht gespeichert. Verwerfen?"
        self.app.push_screen(
            ConfirmScreen(question, f"Verloren gingen {unsaved}. Strg+S speichert stattdessen."),
            lambda yes: go() if yes else None,
        )

    def action_back(self) -> None:
        self._leave(self.app.pop_screen)

    def action_skip(self) -> None:
        self._leave(self._advance)

    def _advance(self) -> None:
        if self.index + 1 < len(self.queue):
            self.index += 1
        else:
            self.app.notify("Alle Verbünde der Liste sind durchgesehen.")
            self.app.pop_screen()

    def action_save(self) -> None:
        if not self.app.allowed("cast", self.group):
            return
        scheme = self.scheme
        self._answers = dict(self.query_one(CastingForm).answers)  # the form's own, not the last message
        problem = self.query_one("#cast-problem", Static)
        missing = [c.name for c in scheme.criteria if c.name not in self._answers]
        if missing:
            problem.update(Text(f"Bitte noch beantworten: {', '.join(missing)}", style="bold red"))
            form = self.query_one(CastingForm)
            form.current = next(i for i, c in enumerate(scheme.criteria) if c.name == missing[0])
            form.refresh()
            form.focus()  # where the answer can be given
            return
        override = self.query_one("#override-class", Input).value.strip().upper() or None
        reason = self.query_one("#override-reason", Input).value
        try:
            casting = cast(scheme, self._answers, on=self.app.as_of, by=self.app.user, override_class=override, reason=reason)
        except CastingError as exc:
            problem.update(Text(str(exc), style="bold red"))
            self.query_one("#override-reason" if override else "#override-class", Input).focus()
            return
        group = self.group

        def add(fresh: Group | None) -> Group:
            return replace(fresh, castings=(*fresh.castings, casting))

        self._change(group.id, add, problem)
        self.app.notify(f"{group.name}: Klasse {casting.final_class} ({casting.score} Punkte) gespeichert.")
        self._advance()

    @work(group="cast-save", description="Casting speichern")
    async def _change(self, group_id: str, change, problem: Static) -> None:
        """The app announces a refused save; here it also stays in the problem line."""
        written = await self.app.change_group(group_id, change)
        if written.problem:
            problem.update(Text(written.problem, style="bold red"))


def review_queue_screen(app) -> CastingScreen | None:
    """The user's review queue (never cast, older than 12 months, scheme changed), worked
    one group after another; None with a message when nothing is due."""
    from model.casting import review_queue

    institute = app.institute
    if institute is None:
        return None
    items = review_queue(institute.groups.values(), institute.config, app.as_of, app.user)
    if not items:
        app.notify("Keine Verbünde zur Überprüfung – alle Castings sind aktuell.")
        return None
    return CastingScreen([(item.group.id, item.reason) for item in items])

"""Adding or editing a contact person (Steuerberater included): name, function, phone and
e-mail, checked before anything is saved; what was typed stays on any error."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from model.contacts import edited_person, person_problems
from model.entities import ContactPerson

FIELDS = (("name", "Name"), ("function", "Funktion (z. B. Geschäftsführer, Steuerberater)"),
          ("phone", "Telefon"), ("email", "E-Mail"))  # fmt: skip


class PersonFormScreen(ModalScreen[ContactPerson | None]):
    CSS_PATH = "person_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Speichern", id="save_person"),
        Binding("escape", "cancel", "Abbrechen", id="cancel_person"),
    ]

    def __init__(self, existing: ContactPerson | None, typed: tuple[str, ...] | None = None, problem: str = ""):
        super().__init__()
        self.existing = existing
        values = typed or (
            (existing.name, existing.function, existing.phone, existing.email) if existing else ("", "", "", "")
        )
        self.typed: tuple[str, ...] = tuple(values)
        self.problem = problem

    def compose(self) -> ComposeResult:
        title = "Ansprechpartner ändern" if self.existing else "Neuer Ansprechpartner"
        with Vertical(id="person-dialog"):
            yield Static(title, id="person-title")
            for (field, label), value in zip(FIELDS, self.typed):
                yield Label(label)
                yield Input(value, compact=True, id=f"person-{field}")
                yield Static("", id=f"person-{field}-problem", classes="problem")
            yield Static(self.problem, id="person-problem", classes="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-name", Input).focus()

    def _values(self) -> tuple[str, ...]:
        return tuple(self.query_one(f"#person-{field}", Input).value for field, _ in FIELDS)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = [f"person-{field}" for field, _ in FIELDS]
        index = ids.index(event.input.id)
        if index + 1 < len(ids):
            self.query_one(f"#{ids[index + 1]}", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.typed = self._values()
        name, function, phone, email = self.typed
        problems = person_problems(name, phone, email)
        for field, _ in FIELDS:
            self.query_one(f"#person-{field}-problem", Static).update(problems.get(field, ""))
        if problems:
            first = next(field for field, _ in FIELDS if field in problems)
            self.query_one(f"#person-{first}", Input).focus()
            return
        self.dismiss(edited_person(self.existing, name, function, phone, email))

    def action_cancel(self) -> None:
        self.dismiss(None)

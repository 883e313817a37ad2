"""Adding or editing a contact person (Steuerberater included): name, function, phone and
e-mail, checked before anything is saved; what was typed stays on any error."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static
from textual.worker import Worker

from model.contacts import edited_person, person_problems
from model.entities import ContactPerson, Group
from screens.dialogs import FLOW, pushed
from screens.dialogs.conflict import save_merged
from screens.widgets.text import plain

FIELDS = (("name", "Name"), ("function", "Funktion (z. B. Geschäftsführer, Steuerberater)"),
          ("phone", "Telefon"), ("email", "E-Mail"))  # fmt: skip


def start_person_edit(app: App, group_id: str, existing: ContactPerson | None) -> Worker[ContactPerson | None]:
    """Add (existing None) or edit a contact person, as a worker of the app: a save that fails
    after the card was closed still reopens the form."""
    first = pushed(app, PersonFormScreen(existing))
    return app.run_worker(edit_person(app, group_id, existing, first), group=FLOW, description="Ansprechpartner")


async def edit_person(
    app: App, group_id: str, existing: ContactPerson | None, first: tuple[ModalScreen, asyncio.Future] | None = None
) -> ContactPerson | None:
    """The form, then the save merged over a colleague's change; a save that fails reopens the
    form with everything typed and the reason, until it is saved or cancelled."""
    base: Group = app.institute.groups[group_id]  # what the user saw when they started: the base of the merge
    typed, problem = None, ""
    while True:
        if first is not None:
            (form, answer), first = first, None
            person = await answer
        else:
            form = PersonFormScreen(existing, typed, problem)
            person = await app.push_screen_wait(form)
        if person is None:
            return None
        problem = await save_merged(app, base, with_person(base, person))
        if not problem:
            return person
        typed = form.typed


def with_person(group: Group, person: ContactPerson) -> Group:
    """The group with `person` added, or replacing the one with the same id."""
    persons = list(group.persons)
    at = next((i for i, p in enumerate(persons) if p.id == person.id), None)
    if at is None:
        persons.append(person)
    else:
        persons[at] = person
    return replace(group, persons=tuple(persons))


class PersonFormScreen(ModalScreen[ContactPerson | None]):
    CSS_PATH = "person_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Speichern", id="save_person"),
        Binding("escape", "cancel", "Abbrechen", id="cancel_person"),
    ]

    def __init__(self, existing: ContactPerson | None, typed: tuple[str, ...] | None = None, problem: str = ""):
        super().__init__()
        self.existing = existing
        values = typed or ((existing.name, existing.function, existing.phone, existing.email) if existing else ("", "", "", ""))
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
            yield Static(plain(self.problem), id="person-problem", classes="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-name", Input).focus()

    def _values(self) -> tuple[str, ...]:
        return tuple(self.query_one(f"#person-{field}", Input).value for field, _ in FIELDS)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = self._ids()
        index = ids.index(event.input.id)
        if index + 1 < len(ids):
            self.query_one(f"#{ids[index + 1]}", Input).focus()
        else:
            self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        # A message about what was typed goes once the user changes it (it would be stale).
        if event.input.id and event.value != dict(zip(self._ids(), self.typed)).get(event.input.id):
            self.query_one(f"#{event.input.id}-problem", Static).update("")

    def _ids(self) -> list[str]:
        return [f"person-{field}" for field, _ in FIELDS]

    def action_save(self) -> None:
        self.query_one("#person-problem", Static).update("")  # the last save's failure is history
        self.typed = self._values()
        name, function, phone, email = self.typed
        problems = person_problems(name, phone, email)
        for field, _ in FIELDS:
            self.query_one(f"#person-{field}-problem", Static).update(plain(problems.get(field, "")))
        if problems:
            first = next(field for field, _ in FIELDS if field in problems)
            self.query_one(f"#person-{first}", Input).focus()
            return
        self.dismiss(edited_person(self.existing, name, function, phone, email))

    def action_cancel(self) -> None:
        self.dismiss(None)

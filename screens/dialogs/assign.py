"""The FKB rolls out the red carpet: assign a colleague of a department to a group (the
departments the casting calls in come first), or end an assignment — its history stays."""

from __future__ import annotations

from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from model.casting import (
    assign,
    colleagues,
    default_frequency,
    end_assignment,
    suggested_departments,
)
from model.entities import Group, new_id
from model.german import format_date_de, format_quantity, parse_amount
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, options, plain


class AssignScreen(ModalScreen[None]):
    CSS_PATH = "assign.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Zuordnen", id="save_assignment"),
        Binding("x", "end", "Zuordnung beenden", id="end_assignment"),
        Binding("escape", "close", "Schließen", id="close_assign"),
    ]

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id

    @property
    def group(self) -> Group:
        return self.app.institute.groups[self.group_id]

    def compose(self) -> ComposeResult:
        institute, group = self.app.institute, self.group
        suggested = suggested_departments(group, institute.config, self.app.as_of)
        others = [d for d in institute.config.departments if d not in suggested]
        departments = [(f"{d} (vom Casting empfohlen)", d) for d in suggested] + [(d, d) for d in others]
        with Vertical(id="assign-dialog"):
            yield Static(plain(f"Co-Betreuung für {group.number} {group.name} (Klasse {group.cls or '–'})"), id="assign-title")
            with Horizontal(classes="call-row"):
                yield Label("Fachbereich", classes="call-label")
                yield Select(
                    options(departments), value=departments[0][1], allow_blank=False, compact=True, id="assign-department"
                )
            with Horizontal(classes="call-row"):
                yield Label("Kollege", classes="call-label")
                yield Select([], prompt="– im Fachbereich niemand –", compact=True, id="assign-colleague")
            with Horizontal(classes="call-row"):
                yield Label("Kontakte p. a.", classes="call-label")
                frequency = format_quantity(default_frequency(group, institute.config))
                yield Input(frequency, compact=True, id="assign-frequency")
            yield Static("", id="assign-problem", classes="problem")
            yield Label("Bestehende Zuordnungen (x beendet die markierte)", classes="card-heading")
            yield DataTable(id="assignments", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#assignments", DataTable).add_columns("Fachbereich", "Kollege", "p. a.", "seit", "bis")
        self._fill_colleagues()
        self._fill_assignments()
        self.watch(self.app, "institute", lambda _: self._fill_assignments())
        self.query_one("#assign-department", Select).focus()

    def _fill_colleagues(self) -> None:
        department = self.query_one("#assign-department", Select).value
        people = colleagues(self.app.institute.advisors, str(department))
        select = self.query_one("#assign-colleague", Select)
        select.set_options(options((f"{a.name} ({a.code})", a.code) for a in people))
        if people:
            select.value = people[0].code

    def _fill_assignments(self) -> None:
        table = self.query_one("#assignments", DataTable)
        table.clear()
        advisors = self.app.institute.advisors
        for a in self.group.assignments:
            who = advisors.get(a.advisor)
            until = format_date_de(a.end) if a.end else "aktiv"
            table.add_row(*cells(a.department, who.name if who else a.advisor, format_quantity(a.frequency),
                                 format_date_de(a.start), until), key=a.id)  # fmt: skip

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "assign-department":
            self._fill_colleagues()

    def _problem(self, message: str) -> None:
        self.query_one("#assign-problem", Static).update(plain(message))

    def action_save(self) -> None:
        if not self.app.allowed("assign", self.group):
            return
        department = str(self.query_one("#assign-department", Select).value)
        colleague = self.query_one("#assign-colleague", Select).value
        if colleague is Select.NULL:
            self._problem(f"Im Fachbereich {department} ist niemand als Betreuer angelegt.")
            return
        try:
            frequency = parse_amount(self.query_one("#assign-frequency", Input).value)
            assign(self.group, department, str(colleague), frequency, self.app.as_of, new_id())
        except ValueError as exc:
            self._problem(str(exc))
            return
        change = partial(_assign_fresh, department, str(colleague), frequency, self.app.as_of, new_id())
        self._change(change)
        self._problem("")
        self.app.notify(f"{department}: {colleague} betreut {self.group.name} ab {format_date_de(self.app.as_of)} mit.")

    def action_end(self) -> None:
        if not self.app.allowed("assign", self.group):
            return
        assignment_id = cursor_key(self.query_one("#assignments", DataTable))
        if assignment_id is None:
            return
        current = next(a for a in self.group.assignments if a.id == assignment_id)
        if current.end is not None:
            self._problem("Diese Zuordnung ist schon beendet.")
            return
        change = partial(_end_fresh, assignment_id, self.app.as_of)
        self._change(change)
        self.app.notify(f"Zuordnung {current.department} beendet; ihre Kontakte bleiben in der Historie.")

    @work(group="assign-save", description="Co-Betreuung speichern")
    async def _change(self, change) -> None:
        """The app announces a refused save; here it also stays in the problem line."""
        written = await self.app.change_group(self.group_id, change)
        if written.problem:
            self._problem(written.problem)

    def action_close(self) -> None:
        self.dismiss(None)


def _assign_fresh(department, advisor, frequency, start, assignment_id, fresh: Group | None) -> Group:
    return assign(fresh, department, advisor, frequency, start, assignment_id)


def _end_fresh(assignment_id, end, fresh: Group | None) -> Group:
    return end_assignment(fresh, assignment_id, end)

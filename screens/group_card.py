"""The group card: members, contact persons (added and edited here), class and the casting
behind it, co-care colleagues, the open follow-up and the contact history, newest first."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from model.casting import network, review_due
from model.contacts import NEVER, due_item, role_frequency, role_of
from model.entities import Contact, Group
from model.german import format_date_de, format_quantity, outcome_label, reason_label, role_label
from model.institute import Institute
from screens.dialogs.call import start_call
from screens.dialogs.person_form import start_person_edit
from screens.widgets.text import cells, line, literal

HISTORY_COLUMNS = ("Datum", "von", "Rolle", "Kanal", "Anlass", "Ergebnis", "Folgekontakt", "mit", "Notiz")
PERSON_COLUMNS = ("Name", "Funktion", "Telefon", "E-Mail")


def casting_text(group: Group, institute: Institute, as_of) -> Text:
    text = Text()
    casting = group.casting
    if casting is None:
        carried = f" (Klasse {group.carried_class} aus früherer Analyse übernommen)" if group.carried_class else ""
        text.append(f"noch nicht gecastet{carried}", style="yellow")
        return text
    scheme = institute.config.scheme(casting.scheme)
    for criterion in scheme.criteria:
        label = casting.answer(criterion.name)
        option = criterion.option(label) if label else None
        text.append(f"{line(criterion.name)}: ", style="bold")
        if option is None:
            text.append("–\n")
            continue
        called = f" → {option.department}" if option.department else ""
        text.append(f"{line(option.label)} ({option.points} P.){line(called)}\n")
    text.append(f"Summe {casting.score} → Klasse {casting.computed_class}", style="bold")
    by = institute.advisors.get(casting.by)
    text.append(f" · gecastet am {format_date_de(casting.date)} von {line(by.name if by else casting.by)}")
    if casting.override_class:
        text.append(f"\nabweichend festgelegt: Klasse {casting.override_class} – {line(casting.reason)}", style="yellow")
    if review_due(casting, as_of, institute.config.casting_review_months):
        text.append("\nÜberprüfung fällig", style="bold red")
    return text


class GroupCardScreen(Screen[None]):
    CSS_PATH = "group_card.tcss"
    BINDINGS = [
        Binding("a", "call", "Anrufen", id="call", tooltip="Geführtes Gespräch mit diesem Verbund"),
        Binding("c", "cast", "Casting", id="cast", tooltip="Kunden-Casting dieses Verbunds"),
        Binding("z", "assign", "Kollege zuordnen", id="assign", tooltip="Co-Betreuung durch einen Fachbereich"),
        Binding("v", "audit", "Änderungen", id="audit", tooltip="wer hat wann was an diesem Verbund geändert"),
        Binding("p", "add_person", "Ansprechpartner neu", id="add_person"),
        Binding("e", "edit_person", "Ansprechpartner ändern", id="edit_person"),
        Binding("o", "top", "nach oben", id="card_top", show=False, tooltip="zum Anfang der Karte"),
        Binding("escape", "back", "Zurück", id="back"),
    ]

    def __init__(self, group_id: str, role: str | None = None) -> None:
        super().__init__()
        self.group_id = group_id
        self.role = role
        # The group's history from closed years, which the app's picture leaves out
        # (`Institute.history_from`): read once when the card opens.
        self._older: tuple[Contact, ...] | None = None
        self._older_problem = ""
        self._older_asked: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="card"):
            yield Static("", id="card-title")
            with Horizontal(id="card-top"):
                yield Static("", id="card-members", classes="card-box")
                yield Static("", id="card-casting", classes="card-box")
            yield Static("", id="card-care", classes="card-box")
            yield Label("Kontaktnetz: letzter Kontakt je Paar (– noch nie)", classes="card-heading")
            yield DataTable(id="network", cursor_type="none", show_cursor=False)
            yield Label("Ansprechpartner (p: neu, e: ändern)", classes="card-heading")
            yield DataTable(id="persons", cursor_type="row")
            yield Label("Kontakthistorie (Enter: ganzer Kontakt)", classes="card-heading")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-older")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#persons", DataTable).add_columns(*PERSON_COLUMNS)
        self.query_one("#history", DataTable).add_columns(*HISTORY_COLUMNS)
        self.watch(self.app, "institute", self._show)
        # Focus without scrolling to it: the card opens at its top (title, members, casting).
        self.set_focus(self.query_one("#persons", DataTable), scroll_visible=False)
        self.call_after_refresh(self.action_top)

    @property
    def group(self) -> Group | None:
        return self.app.institute.groups.get(self.group_id) if self.app.institute else None

    def _role(self, group: Group, institute: Institute) -> str:
        return self.role or role_of(self.app.user, group, institute.advisors, self.app.as_of)

    def _show(self, institute: Institute | None) -> None:
        group = self.group
        if institute is None or group is None:
            return
        if institute.history_from is not None and self._older_asked != institute.history_from.year:
            self._older_asked = institute.history_from.year
            self._read_older(group, institute.history_from.year)
        as_of = self.app.as_of
        lead = institute.advisors.get(group.lead)
        title = Text(f"{line(group.number)} {line(group.name)}\n", style="bold")
        title.append(
            line(f"{group.segment} · Klasse {group.cls or '–'} · FKB {lead.name if lead else group.lead} ({group.lead})")
        )
        self.query_one("#card-title", Static).update(title)
        members = Text("Mitglieder\n", style="bold")
        for customer in group.customers:
            members.append(f"{line(customer.number)}  {line(customer.name)}\n")
        if not group.customers:
            members.append("keine erfasst\n")
        self.query_one("#card-members", Static).update(members)
        self.query_one("#card-casting", Static).update(Text("Casting\n", style="bold") + casting_text(group, institute, as_of))
        self.query_one("#card-care", Static).update(self._care_text(group, institute))
        self._fill_network(group, institute)
        self._fill_persons(group)
        self._fill_history(group, institute)

    def _care_text(self, group: Group, institute: Institute) -> Text:
        as_of = self.app.as_of
        role = self._role(group, institute)
        item = due_item(
            group, role, role_frequency(group, role, institute.config, as_of), institute.contacts, institute.config, as_of
        )
        text = Text(f"Nächster Kontakt ({role_label(role)}): ", style="bold")
        if item.reason == NEVER:
            text.append("sofort – noch nie kontaktiert", style="red")
        else:
            text.append(
                f"{format_date_de(item.due)} ({reason_label(item.reason, item.meeting)})",
                style="red" if item.overdue_days > 0 else "",
            )
            latest = next((c for c in self._history(institute) if c.role == role and c.follow_up), None)
            if item.reason == "follow_up" and latest and latest.note:
                text.append(f" – „{line(latest.note)}“")
        text.append("\nCo-Betreuung: ", style="bold")
        active = group.active_assignments(as_of)
        if not active:
            text.append("keine")
        for a in active:
            colleague = institute.advisors.get(a.advisor)
            text.append(f"\n  {line(a.department)}: {line(colleague.name if colleague else a.advisor)} ({line(a.advisor)}), "
                        f"{format_quantity(a.frequency)}× p.a., seit {format_date_de(a.start)}")  # fmt: skip
        return text

    def _fill_network(self, group: Group, institute: Institute) -> None:
        """ "Alle relevanten Personen sollen sich kennen": the gaps are the dashes."""
        people, persons, last = network(
            group, institute.advisors, self._history(institute), self.app.as_of, counted=institute.config.counted
        )
        table = self.query_one("#network", DataTable)
        table.clear(columns=True)
        table.add_column("Bank")
        for person in persons:
            table.add_column(literal(person.name))
        for code, role in people:
            advisor = institute.advisors.get(code)
            dates = []
            for person in persons:
                day = last.get((code, person.id))
                dates.append(Text(format_date_de(day)) if day else Text("–", style="red"))
            table.add_row(literal(f"{advisor.name if advisor else code} ({role})"), *dates)

    def _fill_persons(self, group: Group) -> None:
        table = self.query_one("#persons", DataTable)
        row = table.cursor_row
        table.clear()
        for p in group.persons:
            table.add_row(*cells(p.name, p.function, p.phone, p.email), key=p.id)
        if group.persons:
            table.move_cursor(row=min(row, len(group.persons) - 1))

    def _fill_history(self, group: Group, institute: Institute) -> None:
        table = self.query_one("#history", DataTable)
        table.clear()
        names = {p.id: p.name for p in group.persons}
        if not institute.has_histories:  # the status picture at start holds no history yet
            table.add_row(*cells("…", "", "", "", "", "", "", "", "Verlauf wird gelesen …"))
            return
        for c in self._history(institute):
            follow = format_date_de(c.follow_up) if c.follow_up else ""
            table.add_row(*cells(
                format_date_de(c.date), c.by, role_label(c.role), c.channel, c.format, outcome_label(c.outcome, c.meeting), follow,
                names.get(c.person, ""), c.note), key=c.id,
            )  # fmt: skip
        note = ""
        if institute.history_from is not None and self._older_problem:
            note = f"Ältere Jahre nicht lesbar: {self._older_problem}"
        elif institute.history_from is not None and self._older is None:
            note = f"Ältere Jahre (vor {institute.history_from.year}) werden gelesen …"
        older = self.query_one("#history-older", Static)
        older.update(Text(line(note), style="italic"))
        older.display = bool(note)

    def _history(self, institute: Institute) -> tuple[Contact, ...]:
        """The group's contacts newest first: the picture's, and once read those of closed
        years in full (the picture holds of them only what decides due dates, without notes)."""
        return institute.history_with(self.group_id, self._older or ())

    @work(exclusive=True, group="card-older")
    async def _read_older(self, group: Group, before: int) -> None:
        read = await self.app.read_closed_history(group, before)
        self._older, self._older_problem = tuple(read.value or ()), read.problem
        if self.app.institute is not None and self.is_attached:
            self._show(self.app.institute)

    # ---- actions ------------------------------------------------------------------------

    # What the user's role may not do with this group is hidden (model.staff.policy).
    POLICY = {"call": "log", "cast": "cast", "assign": "assign", "add_person": "edit_persons", "edit_person": "edit_persons"}

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        group = self.group
        if action in self.POLICY and not (group and self.app.permits(self.POLICY[action], group)):
            return False
        if action == "edit_person":
            return bool(group and group.persons)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_top(self) -> None:
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "history" or self.app.institute is None:
            return
        from screens.dialogs.contact_detail import ContactDetailScreen

        wanted = event.row_key.value
        contact = next((c for c in self._history(self.app.institute) if c.id == wanted), None)
        if contact is not None:
            self.app.push_screen(ContactDetailScreen(contact))

    def action_call(self) -> None:
        if self.group is not None and self.app.allowed("log", self.group):
            start_call(self.app, self.group_id, self.role)

    def action_cast(self) -> None:
        from screens.casting import CastingScreen

        if not self.app.allowed("cast", self.group):
            return
        self.app.push_screen(CastingScreen([(self.group_id, "")]))

    def action_assign(self) -> None:
        from screens.dialogs.assign import AssignScreen

        if not self.app.allowed("assign", self.group):
            return
        self.app.push_screen(AssignScreen(self.group_id))

    def action_audit(self) -> None:
        from screens.dialogs.change_history import AuditScreen

        self.app.push_screen(AuditScreen(self.group_id))

    def action_add_person(self) -> None:
        if self.app.allowed("edit_persons", self.group):
            start_person_edit(self.app, self.group_id, None)

    def action_edit_person(self) -> None:
        group = self.group
        table = self.query_one("#persons", DataTable)
        if group and group.persons and self.app.allowed("edit_persons", group):
            start_person_edit(self.app, self.group_id, group.persons[table.cursor_row])

"""Start screen "Heute": the user's Kontakt-Reminder (never contacted and overdue first, then
due in the next 14 days) and, one key away, the user's inactive groups. `/` filters as you
type, f/k/n sort, Enter opens the group card, a starts the guided call."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from model.campaigns import next_party_note
from model.contacts import NEVER, SORTS, DueItem, InactiveItem, due_counts, due_list, filtered, inactive_groups, page, sort_key
from model.german import counted, format_date_de, format_number, format_weekday_date, reason_label, role_label
from model.institute import Institute
from screens.dialogs.call import start_call
from screens.group_card import GroupCardScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells as literal_cells
from screens.widgets.text import line, plain

# Fixed widths: the table need not measure every cell, and "Verbund" takes the rest (long
# group names get the free width: 32 columns at 120, 112 at 200).
DUE_COLUMNS = (("Verbund", 0), ("Klasse", 6), ("fällig", 15), ("überfällig", 10), ("Grund", 15),
               ("Rolle", 15), ("zuletzt", 10))  # fmt: skip
# Below FULL columns the list must fit without scrolling sideways: short headings, "nie" for
# never contacted, Rolle abbreviated; below WIDE (80×24) also no "zuletzt" (it is on the card).
WIDE = 90
NARROW_DUE_COLUMNS = (("Verbund", 0), ("Kl.", 3), ("fällig", 10), ("überf.", 6), ("Grund", 15), ("Rolle", 5))
FULL = sum(w for _, w in DUE_COLUMNS) + 2 * len(DUE_COLUMNS) + 3 + 20  # 20: the least room for names


def short_role(role: str) -> str:
    """ "FKB", "PB" (Private Banking), "Vers." (Versicherung): at most 5 characters."""
    label = role_label(role)
    if len(label) <= 5:
        return label
    words = label.split()
    return "".join(w[0] for w in words).upper()[:5] if len(words) > 1 else label[:4] + "."


INACTIVE_COLUMNS = (("Verbund", 0), ("Klasse", 6), ("FKB", 6), ("zuletzt", 10))


def due_key(item: DueItem) -> str:
    return f"{item.group.id}|{item.role}"


class TodayScreen(Screen[None]):
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("a", "call", "Anrufen", id="call", tooltip="Geführtes Gespräch mit dem markierten Verbund"),
        # priority: the table's own Enter would hide this one from the footer
        Binding("enter", "open_card", "Verbund", id="open_card", tooltip="Verbundkarte öffnen", priority=True),
        Binding("slash", "filter", "Filtern", id="filter", tooltip="Liste durch Tippen filtern"),
        Binding("escape", "clear_filter", "Filter weg", id="clear_filter"),
        Binding("i", "view('inactive')", "Inaktive", id="show_inactive", tooltip="Inaktive Verbünde zeigen"),
        Binding("h", "view('due')", "Heute", id="show_due", tooltip="Kontakt-Reminder zeigen"),
        Binding("f", "sort('due')", "nach fällig", id="sort_due"),
        Binding("k", "sort('class')", "nach Klasse", id="sort_class"),
        Binding("n", "sort('name')", "nach Name", id="sort_name"),
    ]

    view: reactive[str] = reactive("due", bindings=True)
    order: reactive[str] = reactive("due", bindings=True)
    filter_text: reactive[str] = reactive("", bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self._due: list[DueItem] = []
        self._inactive: list[InactiveItem] = []
        self._cursor_to: str | None = None
        self._party_note = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="today"):
            yield Static("Speicher wird gelesen …", id="today-head")
            yield Static("", id="today-info")
            yield Input(placeholder="Filter: Nr, Name, Kunde oder Ansprechpartner …", id="filter")
            with ContentSwitcher(initial="due-table", id="views"):
                yield DataTable(id="due-table", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="inactive-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self._set_columns(self.app.size.width)
        self.query_one("#filter", Input).display = False
        self.watch(self.app, "institute", self._recompute)
        self.watch(self.app, "problem", self._show_problem)
        self.watch(self.app, "saving", lambda _: self._show_info())

    # ---- state → screen -----------------------------------------------------------------

    def _set_columns(self, width: int) -> None:
        self._narrow, self._last = width < FULL, width >= WIDE
        due = (NARROW_DUE_COLUMNS + DUE_COLUMNS[-1:] if self._last else NARROW_DUE_COLUMNS) if self._narrow else DUE_COLUMNS
        for selector, columns in (("#due-table", due), ("#inactive-table", INACTIVE_COLUMNS)):
            table = self.query_one(selector, DataTable)
            fixed = sum(w for _, w in columns) + 2 * len(columns) + 3  # cell padding, scrollbar
            table.clear(columns=True)
            for label, w in columns:
                table.add_column(label, width=w or max(20, min(120, width - fixed)))
        self._width = width

    def on_resize(self, event) -> None:
        if event.size.width != getattr(self, "_width", None):
            self._set_columns(event.size.width)
            self._fill()

    @property
    def table(self) -> DataTable:
        return self.query_one("#due-table" if self.view == "due" else "#inactive-table", DataTable)

    def _recompute(self, institute: Institute | None) -> None:
        if institute is None or self.app.user not in institute.advisors:
            return  # the user is still picking who they are
        self._compute(institute, self.app.user, self.app.as_of)

    @work(thread=True, exclusive=True, group="due-list", description="Fälligkeiten rechnen")
    def _compute(self, institute: Institute, user: str, as_of) -> None:
        """Off the UI thread: 20,000 groups and 250,000 contacts take a noticeable moment."""
        due = due_list(user, institute.groups.values(), institute.contacts, institute.config, as_of)
        inactive = inactive_groups(institute.groups.values(), institute.contacts, institute.config, as_of, advisor=user)
        note = next_party_note(institute.config, as_of).removeprefix(" · ")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, institute, due, inactive, note)

    def _computed(self, institute: Institute, due: list[DueItem], inactive: list[InactiveItem], note: str) -> None:
        if institute is not self.app.institute:
            return  # a newer picture of the store is being computed
        self._due, self._inactive, self._party_note = due, inactive, note
        self._show_head(institute)
        self._fill()

    def _show_head(self, institute: Institute) -> None:
        app = self.app
        if app.problem:  # a bad file left the store read-only: keep saying so
            self._show_problem(app.problem)
            return
        advisor = institute.advisors.get(app.user)
        who = f"{advisor.name} ({advisor.code})" if advisor else app.user
        counts = due_counts(self._due)
        day = format_weekday_date(app.as_of)
        head = Text.assemble(
            ("Kontakt-Reminder ", "bold"),
            f"{line(who)} · {day} — ",
            (f"{counts.overdue} überfällig", "bold red" if counts.overdue else ""),
            " · ",
            (f"{counts.today} heute", "bold yellow" if counts.today else ""),
            f" · {counts.soon} demnächst · {len(self._inactive)} inaktiv",
        )
        self.query_one("#today-head", Static).update(head)

    def _show_info(self, hidden: int = 0) -> None:
        view = "Heute" if self.view == "due" else "Inaktive"
        parts = [f"Ansicht: {view}", f"sortiert nach {SORTS[self.order]}"]
        if self.filter_text:
            parts.append(f"Filter: „{self.filter_text}“ (Esc hebt auf)")
        if hidden:
            parts.append(f"{format_number(hidden)} weitere – bitte mit / filtern")
        if self.app.saving:
            parts.append("speichert …")
        if self._party_note:
            parts.append(self._party_note)
        institute = self.app.institute
        if institute is not None and not institute.has_histories:
            parts.append("liest noch die Kontaktverläufe …")
        self.query_one("#today-info", Static).update(plain(" · ".join(parts)))

    def _fill(self) -> None:
        if self.view == "due":
            items = sorted(filtered(self._due, self.filter_text), key=sort_key(self.order))
            rows, hidden = page(items)
            self._load_table(self.table, [(due_key(i), self._due_cells(i)) for i in rows])
        else:
            items = sorted(filtered(self._inactive, self.filter_text), key=sort_key(self.order, inactive=True))
            rows, hidden = page(items)
            self._load_table(self.table, [(i.group.id, self._inactive_cells(i)) for i in rows])
        self._show_info(hidden)
        self.refresh_bindings()  # "Anrufen" and "Verbund" depend on there being rows

    def _load_table(self, table: DataTable, rows: list[tuple[str, tuple]]) -> None:
        keep = self._cursor_to or cursor_key(table)
        index = table.cursor_row
        self._cursor_to = None
        table.clear()
        for key, cells in rows:
            table.add_row(*literal_cells(*cells), key=key)
        if not rows:
            return
        keys = [key for key, _ in rows]
        table.move_cursor(row=keys.index(keep) if keep in keys else min(index, len(rows) - 1))

    def _due_cells(self, item: DueItem) -> tuple:
        overdue = item.overdue_days or 0
        due = Text("nie kontaktiert", "bold red") if item.reason == NEVER else Text(format_date_de(item.due))
        if item.reason != NEVER and overdue > 0:
            due.stylize("red")
        elif overdue == 0 and item.reason != NEVER:
            due.stylize("bold yellow")
        days = Text(counted(overdue, "Tag", "Tage") if overdue > 0 else "", "red")
        last = format_date_de(item.last_contact) if item.last_contact else "–"
        name = f"{item.group.number} {item.group.name}"
        if getattr(self, "_narrow", False):
            if item.reason == NEVER:
                due = Text("nie", "bold red")
            days = Text(f"{overdue} T" if overdue > 0 else "", "red")
            cells = (name, item.cls or "–", due, days, reason_label(item.reason, item.meeting), short_role(item.role))
            return (*cells, last) if self._last else cells
        return (name, item.cls or "–", due, days, reason_label(item.reason, item.meeting), role_label(item.role), last)

    @staticmethod
    def _inactive_cells(item: InactiveItem) -> tuple:
        last = format_date_de(item.last_contact) if item.last_contact else Text("nie", "red")
        return (f"{item.group.number} {item.group.name}", item.cls or "–", item.lead, last)

    def _show_problem(self, message: str) -> None:
        if message:
            self.query_one("#today-head", Static).update(
                Text.assemble(("Speicher nicht lesbar: ", "bold red"), line(message), "  (F5: erneut versuchen)")
            )

    def watch_view(self, view: str) -> None:
        self.query_one("#views", ContentSwitcher).current = f"{view}-table"
        self._fill()
        self.table.focus()

    def watch_order(self) -> None:
        self._fill()

    # ---- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "view":
            return parameters[0] != self.view
        if action == "clear_filter":
            return bool(self.filter_text) or self.query_one("#filter", Input).display
        if action in ("call", "open_card"):
            return self.table.row_count > 0
        return True

    def action_view(self, view: str) -> None:
        self.view = view

    def action_sort(self, order: str) -> None:
        self.order = order

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.display = False
        self.table.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.filter_text = event.value
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.table.focus()

    def _selected(self) -> tuple[str, str | None] | None:
        key = cursor_key(self.table)
        if key is None:
            return None
        group_id, _, role = key.partition("|")
        return group_id, role or None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a mouse click on a row
        self._open_selected()

    def action_open_card(self) -> None:
        if not isinstance(self.focused, DataTable):
            raise SkipAction()  # Enter in the filter field goes to the field
        self._open_selected()

    def _open_selected(self) -> None:
        selected = self._selected()
        if selected:
            self.app.push_screen(GroupCardScreen(*selected))

    def action_call(self) -> None:
        selected = self._selected()
        if not selected:
            return
        table = self.table
        keys = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        current = keys[table.cursor_row]
        after = keys[table.cursor_row + 1] if table.cursor_row + 1 < len(keys) else None

        def saved() -> None:
            # The called row usually leaves the list; the next call is where the cursor was.
            self._cursor_to = after if after is not None else current

        start_call(self.app, *selected, on_saved=saved)

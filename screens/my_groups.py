""" "Meine Verbünde": every group the user answers for — as FKB or in co-care — with class,
next due date and last contact, whether due now or not. `/` filters as you type, f/k/n/l/r
sort, Enter opens the group card, a starts the guided call ("Kunde ruft an")."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from model.contacts import MY_SORTS, NEVER, MyGroup, my_group_list, sorted_groups
from model.german import format_date_de, role_label
from model.institute import Institute
from screens.dialogs.call import start_call
from screens.group_card import GroupCardScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, plain

COLUMNS = (("Verbund", 0), ("Rolle", 14), ("Klasse", 6), ("nächster Kontakt", 16), ("letzter Kontakt", 15))


def row_key(row: MyGroup) -> str:
    return f"{row.group.id}|{row.role}"


class MyGroupsScreen(Screen[None]):
    CSS_PATH = "my_groups.tcss"
    BINDINGS = [
        Binding("enter", "open_card", "Verbund", id="my_open_card", tooltip="Verbundkarte öffnen", priority=True),
        Binding("a", "call", "Anrufen", id="my_call", tooltip="Gespräch erfassen, auch wenn nicht fällig"),
        Binding("slash", "filter", "Filtern", id="my_filter", tooltip="Liste durch Tippen filtern"),
        Binding("escape", "clear_filter", "Filter weg", id="my_clear_filter"),
        Binding("f", "sort('due')", "nach fällig", id="my_sort_due"),
        Binding("k", "sort('class')", "nach Klasse", id="my_sort_class"),
        Binding("n", "sort('name')", "nach Name", id="my_sort_name"),
        Binding("l", "sort('last')", "nach letztem Kontakt", id="my_sort_last"),
        Binding("r", "sort('number')", "nach Nummer", id="my_sort_number"),
    ]

    order: reactive[str] = reactive("due", bindings=True)
    filter_text: reactive[str] = reactive("", bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[MyGroup] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="my-groups"):
            yield Static("Meine Verbünde – werden gelesen …", id="my-head")
            yield Input(placeholder="Filter: Nr, Name, Kunde oder Ansprechpartner …", id="my-filter")
            yield DataTable(id="my-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self._set_columns(self.app.size.width)
        self.query_one("#my-filter", Input).display = False
        self.query_one("#my-table", DataTable).focus()
        self.watch(self.app, "institute", self._recompute)

    def _set_columns(self, width: int) -> None:
        table = self.query_one("#my-table", DataTable)
        fixed = sum(w for _, w in COLUMNS) + 2 * len(COLUMNS) + 3
        table.clear(columns=True)
        for label, w in COLUMNS:
            table.add_column(label, width=w or max(20, width - fixed))
        self._width = width

    def on_resize(self, event) -> None:
        if event.size.width != getattr(self, "_width", None):
            self._set_columns(event.size.width)
            self._fill()

    def _recompute(self, institute: Institute | None) -> None:
        if institute is not None and self.app.user in institute.advisors:
            self._compute(institute, self.app.user, self.app.as_of)

    @work(thread=True, exclusive=True, group="my-groups", description="Meine Verbünde rechnen")
    def _compute(self, institute: Institute, user: str, as_of) -> None:
        rows = my_group_list(user, institute.groups.values(), institute.contacts, institute.config, as_of)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, institute, rows)

    def _computed(self, institute: Institute, rows: list[MyGroup]) -> None:
        if institute is not self.app.institute:
            return
        self._rows = rows
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#my-table", DataTable)
        keep, index = cursor_key(table), table.cursor_row
        shown = sorted_groups(self._rows, self.order, self.filter_text)
        table.clear()
        as_of = self.app.as_of
        for row in shown:
            if row.reason == NEVER:
                due = Text("nie kontaktiert", "red")
            else:
                due = Text(format_date_de(row.due), "red" if row.due < as_of else "")
            last = format_date_de(row.last_contact) if row.last_contact else "–"
            name = f"{row.group.number} {row.group.name}"
            table.add_row(*cells(name, role_label(row.role), row.cls or "–", due, last), key=row_key(row))
        if shown:
            keys = [row_key(r) for r in shown]
            table.move_cursor(row=keys.index(keep) if keep in keys else min(index, len(shown) - 1))
        parts = [f"Meine Verbünde: {len(shown)} von {len(self._rows)}", f"sortiert nach {MY_SORTS[self.order][0]}"]
        if self.filter_text:
            parts.append(f"Filter: „{self.filter_text}“ (Esc hebt auf)")
        self.query_one("#my-head", Static).update(plain(" · ".join(parts)))
        self.refresh_bindings()

    def watch_order(self) -> None:
        self._fill()

    # ---- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text) or self.query_one("#my-filter", Input).display
        if action in ("call", "open_card"):
            return self.query_one("#my-table", DataTable).row_count > 0
        return True

    def action_sort(self, order: str) -> None:
        self.order = order

    def action_filter(self) -> None:
        field = self.query_one("#my-filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#my-filter", Input)
        field.value = ""
        field.display = False
        self.query_one("#my-table", DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#my-table", DataTable).focus()

    def _selected(self) -> tuple[str, str] | None:
        key = cursor_key(self.query_one("#my-table", DataTable))
        if key is None:
            return None
        group_id, _, role = key.partition("|")
        return group_id, role

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_card()

    def action_open_card(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # Enter in the filter field goes to the field
        selected = self._selected()
        if selected:
            self.app.push_screen(GroupCardScreen(*selected))

    def action_call(self) -> None:
        selected = self._selected()
        if selected:
            start_call(self.app, *selected)

"""Verwaltung (Administrator only; `g v` or the palette — no F-key is free): the staff list,
the institute's settings and the portfolio handover, each through the same `model.staff`
functions as `kontakt staff`, `kontakt config` and `kontakt handover` (one rule, one
implementation; App methods in kontakt_tui/store_access.py run them in a worker).

Mitarbeiter: n adds a person, Enter/e changes one, x marks them as left (kept in the
history, off every list). Einstellungen: every key of `model.staff.setting_keys`, Enter
edits one. Übergabe: who holds how many groups; Enter/u hands a portfolio over. Keys the
user's role may not use are hidden (`check_action`), and each action asks the policy again."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from model.german import format_date_de, format_number
from model.staff import describe, setting_keys, setup_mode, shown, value_of
from screens.dialogs.confirm import ConfirmScreen
from screens.dialogs.handover_form import start_handover
from screens.dialogs.setting_edit import start_setting_edit
from screens.dialogs.staff_form import start_staff_edit
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, plain

TABS = {"staff": "Mitarbeiter", "settings": "Einstellungen", "handover": "Übergabe"}
STAFF_COLUMNS = ("Kürzel", "Name", "Fachbereich", "Rolle", "Nettomarktzeit", "Login", "E-Mail", "ausgeschieden")
# tab → (action of the policy its changes need)
NEEDS = {"staff": "staff", "settings": "config", "handover": "handover"}


class AdministrationScreen(Screen[None]):
    CSS_PATH = "administration.tcss"
    BINDINGS = [
        Binding("1", "tab('staff')", "Mitarbeiter", id="admin_tab_staff", show=False, tooltip="Personen, Rollen, Logins"),
        Binding(
            "2", "tab('settings')", "Einstellungen", id="admin_tab_settings", show=False, tooltip="Bundesland, Listen, Klassen …"
        ),
        Binding("3", "tab('handover')", "Übergabe", id="admin_tab_handover", show=False, tooltip="Portfolio-Übergabe"),
        Binding("n", "add_person", "Person anlegen", id="admin_add_person"),
        Binding("e", "edit", "Ändern", id="admin_edit", tooltip="Person oder Einstellung ändern (auch Enter)"),
        Binding("x", "leave", "Ausgeschieden", id="admin_leave", tooltip="Person als ausgeschieden markieren"),
        Binding("u", "handover", "Übergeben", id="admin_handover", tooltip="Portfolio an einen Kollegen übergeben"),
        Binding("escape", "back", "Zurück", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="admin-head")
        with TabbedContent(id="admin-tabs", initial="staff"):
            with TabPane(TABS["staff"], id="staff"):
                yield DataTable(id="staff-table", cursor_type="row", zebra_stripes=True)
            with TabPane(TABS["settings"], id="settings"):
                yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
            with TabPane(TABS["handover"], id="handover"):
                yield Static(
                    "Die FKB-Rolle und die Co-Betreuungen einer Person gehen an einen Kollegen (alle oder "
                    "einzelne Verbünde), ab einem Stichtag; offene Folgekontakte gehen mit, die Historie bleibt.",
                    id="handover-help",
                )
                yield DataTable(id="holders-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#staff-table", DataTable).add_columns(*STAFF_COLUMNS)
        # Long keys (segments.Gewerbekunden.A.planning_minutes) and lists are cut so that the
        # meaning stays in view at 80 columns; Enter shows the whole value.
        width = self.app.size.width
        settings = self.query_one("#settings-table", DataTable)
        settings.add_column("Schlüssel", width=min(42, width * 2 // 5))
        settings.add_column("Wert", width=min(36, width // 4))
        settings.add_column("Bedeutung")
        self.query_one("#holders-table", DataTable).add_columns("Kürzel", "Name", "FKB-Verbünde", "Co-Betreuungen")
        self.watch(self.app, "institute", lambda _: self._fill())
        self.query_one("#staff-table", DataTable).focus()

    @property
    def tab(self) -> str:
        return self.query_one("#admin-tabs", TabbedContent).active

    # ---- showing --------------------------------------------------------------------------

    def _fill(self) -> None:
        institute = self.app.institute
        if institute is None:
            return
        head = (
            "Einrichtungsmodus: noch kein Administrator – alles ist erlaubt, bis eine Person die Rolle Administrator hat."
            if setup_mode(institute)
            else ""
        )
        self.query_one("#admin-head", Static).update(plain(head, style="bold"))
        self.query_one("#admin-head", Static).display = bool(head)
        people = sorted(institute.advisors.values(), key=lambda a: (a.left is not None, a.department or "", a.code))
        self._refill("#staff-table", [
            (a.code, cells(a.code, a.name, a.department or "–", a.role, format_number(a.net_market_hours, 1),
                           a.login or "–", a.email or "–", format_date_de(a.left) if a.left else ""))
            for a in people
        ])  # fmt: skip
        config = institute.config
        self._refill("#settings-table", [
            (key, cells(key, shown(value_of(config, key)), describe(key))) for key in setting_keys(config)
        ])  # fmt: skip
        today = self.app.as_of
        holders = []
        for a in people:
            if a.left is not None and not any(g.lead == a.code for g in institute.groups.values()):
                continue
            lead = sum(1 for g in institute.groups.values() if g.lead == a.code)
            co = sum(1 for g in institute.groups.values() for s in g.active_assignments(today) if s.advisor == a.code)
            holders.append((a.code, cells(a.code, a.name, str(lead), str(co))))
        self._refill("#holders-table", holders)
        self.refresh_bindings()

    def _refill(self, selector: str, rows: list[tuple[str, list]]) -> None:
        table = self.query_one(selector, DataTable)
        keep = cursor_key(table)
        table.clear()
        for key, row in rows:
            table.add_row(*row, key=key)
        keys = [k for k, _ in rows]
        if keep in keys:
            table.move_cursor(row=keys.index(keep), animate=False)

    # ---- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Hidden what the tab does not offer or the role may not do."""
        if action in ("add_person", "leave"):
            return self.tab == "staff" and self.app.permits("staff")
        if action == "edit":
            return self.tab in ("staff", "settings") and self.app.permits(NEEDS[self.tab])
        if action == "handover":
            return self.tab == "handover" and self.app.permits("handover")
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        table = {"staff": "#staff-table", "settings": "#settings-table", "handover": "#holders-table"}[self.tab]
        self.query_one(table, DataTable).focus()
        self.refresh_bindings()

    def action_tab(self, name: str) -> None:
        self.query_one("#admin-tabs", TabbedContent).active = name

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "holders-table":
            self.action_handover()
        else:
            self.action_edit()

    def _current(self, selector: str) -> str | None:
        return cursor_key(self.query_one(selector, DataTable))

    def action_add_person(self) -> None:
        if self.app.allowed("staff"):
            start_staff_edit(self.app, None)

    def action_edit(self) -> None:
        if self.tab == "settings":
            key = self._current("#settings-table")
            if key and self.app.allowed("config"):
                start_setting_edit(self.app, key)
            return
        code = self._current("#staff-table")
        if code and self.app.allowed("staff"):
            start_staff_edit(self.app, self.app.institute.advisors[code])

    def action_leave(self) -> None:
        code = self._current("#staff-table")
        if not code or not self.app.allowed("staff"):
            return
        advisor = self.app.institute.advisors[code]
        if advisor.left is not None:
            self.notify(f"{code} ist schon seit {format_date_de(advisor.left)} ausgeschieden.", severity="warning")
            return
        on = self.app.as_of
        question = f"{code} {advisor.name} zum {format_date_de(on)} als ausgeschieden markieren?"
        detail = "Bleibt in der Historie, erscheint in keiner Liste mehr und kann nichts mehr erfassen."
        self.app.push_screen(ConfirmScreen(question, detail), lambda yes: yes and self._leave(code, on))

    @work(group="admin-leave", description="Austritt speichern")
    async def _leave(self, code: str, on) -> None:
        written = await self.app.save_leaving(code, on)
        if written.problem:
            self.notify(f"Nicht gespeichert: {written.problem}", title="Mitarbeiter", severity="error", timeout=15)
            return
        advisor, held = written.value
        message = f"{advisor.code} ausgeschieden zum {format_date_de(on)}."
        if held:
            message += f" Hat noch in {held} Verbünden eine Rolle – übergeben mit u im Reiter Übergabe."
        self.notify(message, title="Mitarbeiter", timeout=10)

    def action_handover(self) -> None:
        if self.app.allowed("handover"):
            giver = self._current("#holders-table") if self.tab == "handover" else None
            start_handover(self.app, giver or "")

    def action_back(self) -> None:
        self.app.pop_screen()

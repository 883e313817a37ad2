"""Portfolio (f4): Soll/Ist per class for the user's portfolio — for a Teamleiter or
Administrator every lead advisor side by side — with the under- and over-served groups
(Enter opens the card), the share of effort on C and D, co-care per department and
colleague, and charts. 1–4 choose the period, ctrl+e writes the table in view as CSV.

The figures are computed in a worker in two steps: the overview first (on the 20,000-group
benchmark that is most of the second the team lead waits), then months, departments and
capacity for the charts. Results are kept per (institute, period), so switching back is
instant."""

from __future__ import annotations

import re
import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    LoadingIndicator,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from model.exchange import write_csv
from model.german import format_number, format_percent, format_quantity, parse_date_de, role_label
from model.monitoring import (
    CHOICES,
    CUSTOM,
    LAST_12_MONTHS,
    Portfolio,
    capacity_rows,
    capacity_table,
    class_distribution,
    contacts_per_month,
    department_table,
    departments,
    describe,
    period_for,
    portfolio,
    portfolio_table,
    served_table,
    team,
)
from screens.group_card import GroupCardScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells as literal_cells
from screens.widgets.text import line, plain

LIST_LIMIT = 500
"""Rows shown in the under/over lists: a DataTable measures every cell (the CSV has all)."""
LEADS = ("Teamleiter", "Administrator")
CLASS_COLUMNS = ("Klasse", "Verbünde", "Soll", "Ist", "Abdeckung", "überfällig", "unterbetreut", "überbetreut")
TEAM_COLUMNS = ("Betreuer", "Verbünde", "Soll", "Ist", "Abdeckung", "überfällig", "unterbetreut", "überbetreut",
                "A", "B", "C", "D", "C/D Kontakte")  # fmt: skip
SERVED_COLUMNS = ("Verbund", "Klasse", "FKB", "Soll", "Ist")
DEPARTMENT_COLUMNS = ("Fachbereich", "Kollege", "Verbünde", "Soll", "Ist", "Abdeckung", "überfällig", "unterbetreut",
                      "überbetreut")  # fmt: skip


def class_cells(row) -> list[str]:
    return [row.label, format_number(row.groups), format_quantity(row.soll), format_number(row.ist),
            format_percent(row.coverage), "…" if row.overdue is None else str(row.overdue), str(row.under),
            str(row.over)]  # fmt: skip


def parse_range(text: str):
    """ "01.01.2026 - 30.06.2026" (also with "–" or "bis") → (first, last)."""
    parts = [p for p in re.split(r"\s*(?:–|bis|\s-\s)\s*", text.strip()) if p]
    if len(parts) != 2:
        raise ValueError("Zeitraum als TT.MM.JJJJ - TT.MM.JJJJ eingeben")
    return parse_date_de(parts[0]), parse_date_de(parts[1])


class PortfolioScreen(Screen[None]):
    CSS_PATH = "portfolio.tcss"
    BINDINGS = [
        Binding("1", "period('12m')", "12 Monate", id="pf_12m", tooltip="letzte 12 Monate"),
        Binding("2", "period('year')", "Jahr", id="pf_year", tooltip="laufendes Jahr bis heute"),
        Binding("3", "period('quarter')", "Quartal", id="pf_quarter", tooltip="letztes abgeschlossenes Quartal"),
        Binding("4", "period('custom')", "Zeitraum", id="pf_custom", tooltip="eigenen Zeitraum eingeben"),
        Binding("t", "tab('overview')", "Übersicht", id="pf_tab_overview"),
        Binding("u", "tab('under')", "Unterbetreut", id="pf_tab_under"),
        Binding("o", "tab('over')", "Überbetreut", id="pf_tab_over"),
        Binding("d", "tab('departments')", "Fachbereiche", id="pf_tab_departments"),
        Binding("i", "tab('charts')", "Diagramme", id="pf_tab_charts"),
        Binding("enter", "open_card", "Verbund", id="pf_open_card", tooltip="Verbundkarte öffnen", priority=True),
        Binding("ctrl+e", "export", "CSV", id="pf_export", tooltip="angezeigte Tabelle als CSV speichern"),
        Binding("escape", "app.goto('today')", "Zurück", id="pf_back", show=False),
    ]

    AUTO_FOCUS = "#pf-classes"  # not the hidden range field, which would swallow 1–4
    kind: reactive[str] = reactive(LAST_12_MONTHS, bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self._custom: tuple | None = None
        self._cache: dict = {}
        self._opened = time.perf_counter()
        self.overview_seconds: float | None = None
        """Seconds from opening to the overview on screen (measured for the benchmark)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="pf"):
            yield Static("Portfolio wird berechnet …", id="pf-head")
            yield Input(placeholder="Zeitraum: TT.MM.JJJJ - TT.MM.JJJJ, Enter übernimmt", id="pf-range")
            yield LoadingIndicator(id="pf-loading")
            with TabbedContent(id="pf-tabs"):
                with TabPane("Übersicht", id="pf-tab-overview"):
                    yield DataTable(id="pf-classes", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="pf-effort")
                    yield DataTable(id="pf-team", cursor_type="row", zebra_stripes=True)
                with TabPane("Unterbetreut", id="pf-tab-under"):
                    yield DataTable(id="pf-under", cursor_type="row", zebra_stripes=True)
                with TabPane("Überbetreut", id="pf-tab-over"):
                    yield DataTable(id="pf-over", cursor_type="row", zebra_stripes=True)
                with TabPane("Fachbereiche", id="pf-tab-departments"):
                    yield DataTable(id="pf-departments", cursor_type="row", zebra_stripes=True)
                with TabPane("Diagramme", id="pf-tab-charts"):
                    with Grid(id="pf-charts"):
                        for name in ("classes", "soll", "months", "util"):
                            yield PlotextPlot(id=f"pf-chart-{name}")
        yield Footer()

    def on_mount(self) -> None:
        for selector, columns in (("#pf-classes", CLASS_COLUMNS), ("#pf-team", TEAM_COLUMNS),
                                  ("#pf-under", SERVED_COLUMNS), ("#pf-over", SERVED_COLUMNS),
                                  ("#pf-departments", DEPARTMENT_COLUMNS)):  # fmt: skip
            self.query_one(selector, DataTable).add_columns(*columns)
        self.query_one("#pf-range", Input).display = False
        self.query_one("#pf-team").display = self.is_lead
        self.watch(self.app, "institute", lambda _: self._start())

    @property
    def is_lead(self) -> bool:
        institute = self.app.institute
        advisor = institute.advisors.get(self.app.user) if institute else None
        return bool(advisor and advisor.role in LEADS)

    @property
    def period(self):
        first, last = self._custom or (None, None)
        return period_for(self.kind, self.app.as_of, first, last)

    # ---- computing ----------------------------------------------------------------------

    def _start(self) -> None:
        institute = self.app.institute
        if institute is None or not self.app.user:
            return
        self.query_one("#pf-team").display = self.is_lead
        if institute.history_from is not None and self.period.first < institute.history_from:
            # A period in closed years: the picture leaves them out until they are read.
            self.query_one("#pf-loading").display = True
            self.query_one("#pf-head", Static).update(
                plain(f"{describe(self.period)}: abgeschlossene Jahre (vor {institute.history_from.year}) werden gelesen …")
            )
            self.app.read_all_years()
            return
        key = (id(institute), self.period)
        if key in self._cache:
            self._show(*self._cache[key])
            return
        self.query_one("#pf-loading").display = True
        self._compute(institute, self.period, self.is_lead, key)

    @work(thread=True, exclusive=True, group="pf-compute", description="Portfolio berechnen")
    def _compute(self, institute, period, lead: bool, key) -> None:
        worker = get_current_worker()
        groups, contacts, config, as_of = institute.groups.values(), institute.contacts, institute.config, self.app.as_of
        if lead:
            # first the figures without overdue (the slowest count), so the team lead reads
            # the table while the rest is computed
            self.app.call_from_thread(self._show, *team(groups, contacts, config, period, as_of, False), None)
            time.sleep(0.05)  # let the screen paint before this thread takes the GIL again
            each, whole = team(groups, contacts, config, period, as_of)
        else:
            each, whole = [], portfolio(groups, contacts, config, period, as_of, self.app.user)
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show, each, whole, None)
        extra = {
            "months": contacts_per_month(whole.targets, contacts, config, as_of),
            "departments": departments(groups, contacts, config, period, as_of),
            "capacity": capacity_rows(groups, institute.advisors, config, as_of),
        }
        if not worker.is_cancelled:
            self._cache[key] = (each, whole, extra)
            self.app.call_from_thread(self._show, each, whole, extra)

    # ---- showing ------------------------------------------------------------------------

    def _show(self, each: list[Portfolio], whole: Portfolio, extra: dict | None) -> None:
        self._each, self._whole, self._extra = each, whole, extra
        who = "Team (alle Betreuer)" if whole.advisor is None else whole.advisor
        self.query_one("#pf-head", Static).update(
            plain(f"Portfolio {who} · {CHOICES[self.kind]}: {describe(whole.period)} · 1–4 Zeitraum · ctrl+e CSV")
        )
        self._fill("#pf-classes", [(r.label, class_cells(r)) for r in [*whole.rows, whole.total]])
        effort = whole.effort
        self.query_one("#pf-effort", Static).update(
            f"Aufwand für C- und D-Verbünde: {format_percent(effort.contacts)} der gezählten Kontakte, "
            f"{format_percent(effort.minutes)} der Planungsminuten"
        )
        self._fill("#pf-team", [(p.advisor, self._team_cells(p)) for p in each])
        for which, items in (("under", whole.under), ("over", whole.over)):
            self._fill(f"#pf-{which}", [(f"{t.group.id}|{t.role}", self._served_cells(t)) for t in items[:LIST_LIMIT]])
        self.query_one("#pf-loading").display = extra is None
        if extra is not None:
            self._fill("#pf-departments", [(f"{r.department}|{r.advisor}", self._department_cells(r))
                                           for r in extra["departments"]])  # fmt: skip
            self._charts(whole, extra)
        elif self.overview_seconds is None:
            self.overview_seconds = time.perf_counter() - self._opened
        self.refresh_bindings()

    @staticmethod
    def _team_cells(p: Portfolio) -> list[str]:
        cells = class_cells(p.total)
        cells[0] = p.advisor or ""
        return [*cells, *(format_percent(r.coverage) for r in p.rows[:4]), format_percent(p.effort.contacts)]

    @staticmethod
    def _served_cells(t) -> list[str]:
        role = "" if t.role == "lead" else f" ({role_label(t.role)})"
        return [f"{t.group.number} {t.group.name}{role}", t.cls or "–", t.group.lead, format_quantity(t.soll),
                str(t.ist)]  # fmt: skip

    @staticmethod
    def _department_cells(r) -> list[str]:
        cells = class_cells(r.row)
        return [r.department if r.advisor is None else "", r.advisor or "gesamt", *cells[1:]]

    def _fill(self, selector: str, rows) -> None:
        table = self.query_one(selector, DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*literal_cells(*cells), key=key)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _charts(self, whole: Portfolio, extra: dict) -> None:
        def draw(name: str, title: str, paint, values) -> None:
            widget = self.query_one(f"#pf-chart-{name}", PlotextPlot)
            plt = widget.plt
            plt.clear_data()
            plt.clear_figure()
            plt.title(title)
            paint(plt)
            # plotext writes 94.5; German readers expect 94,5.
            top = max(values, default=0) or 1
            ticks = [top * n / 4 for n in range(5)]
            plt.yticks(ticks, [format_number(t, 0 if top >= 20 else 1) for t in ticks])
            widget.refresh()

        labels = [r.label for r in whole.rows]
        classes, counts = map(list, zip(*class_distribution(whole.rows)))
        draw("classes", "Verbünde je Klasse", lambda plt: plt.bar(classes, counts), counts)
        soll = [round(r.soll, 1) for r in whole.rows]
        ist = [r.ist for r in whole.rows]
        draw("soll", "Soll und Ist je Klasse",
             lambda plt: plt.multiple_bar(labels, [soll, ist], labels=["Soll", "Ist"]), soll + ist)  # fmt: skip
        months = extra["months"]
        per_month = [n for _, n in months]
        draw("months", "gezählte Kontakte je Monat",
             lambda plt: plt.bar([d.strftime("%m.%y") for d, _ in months], per_month), per_month)  # fmt: skip
        util = [u for u in extra["capacity"] if u.span or u.co_care_roles]
        if whole.advisor is not None:
            util = [u for u in util if u.advisor == whole.advisor]
        shares = [round((u.share or 0) * 100) for u in util]
        draw("util", "Auslastung je Betreuer (%)", lambda plt: plt.bar([line(u.advisor) for u in util], shares), shares)

    # ---- keys ---------------------------------------------------------------------------

    def action_period(self, kind: str) -> None:
        if kind == CUSTOM:
            field = self.query_one("#pf-range", Input)
            field.display = True
            field.focus()
            return
        self.kind = kind
        self._start()

    def action_tab(self, name: str) -> None:
        self.query_one("#pf-tabs", TabbedContent).active = f"pf-tab-{name}"
        table = {"overview": "#pf-classes", "under": "#pf-under", "over": "#pf-over", "departments": "#pf-departments"}
        # focus must move into the new pane (or onto the tab bar): left on a table of the old
        # pane, TabbedContent would switch back to where the focus is
        self.query_one(table[name] if name in table else "#pf-tabs Tabs").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "pf-range":
            return
        try:
            first, last = parse_range(event.value)
            period_for(CUSTOM, self.app.as_of, first, last)
        except ValueError as exc:
            self.notify(str(exc), title="Zeitraum", severity="error")
            return
        self._custom = (first, last)
        event.input.display = False
        self.kind = CUSTOM
        self._start()
        self.query_one("#pf-classes").focus()

    def _served_table(self) -> DataTable | None:
        active = self.query_one("#pf-tabs", TabbedContent).active
        if active in ("pf-tab-under", "pf-tab-over"):
            return self.query_one("#pf-under" if active == "pf-tab-under" else "#pf-over", DataTable)
        return None

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open_card":
            table = self._served_table()
            return bool(table and table.row_count) or None  # greyed out outside the lists
        return True

    def action_open_card(self) -> None:
        table = self._served_table()
        key = cursor_key(table) if table is not None else None
        if key is None:
            return
        group_id, _, role = key.partition("|")
        self.app.push_screen(GroupCardScreen(group_id, role))

    def on_tabbed_content_tab_activated(self, event) -> None:
        self.refresh_bindings()

    def action_export(self) -> None:
        """The table in view, complete (the lists too, beyond the rows shown), to the export folder."""
        whole = getattr(self, "_whole", None)
        if whole is None:
            return
        active = self.query_one("#pf-tabs", TabbedContent).active
        extra = self._extra or {}
        tables = {
            "pf-tab-under": ("unterbetreut", lambda: served_table(whole, "under")),
            "pf-tab-over": ("ueberbetreut", lambda: served_table(whole, "over")),
            "pf-tab-departments": ("fachbereiche", lambda: department_table(extra.get("departments", []))),
            "pf-tab-charts": ("kapazitaet", lambda: capacity_table(extra.get("capacity", []))),
        }
        name, make = tables.get(active, ("portfolio", lambda: portfolio_table([*self._each, whole])))
        who = whole.advisor or "team"
        try:
            path = self.app.export_path(f"{name}-{who}-{self.app.as_of.isoformat()}.csv")
            write_csv(path, *make())
        except OSError as exc:
            self.notify(str(exc), title="CSV nicht geschrieben", severity="error")
            return
        self.app.exported("CSV", path)

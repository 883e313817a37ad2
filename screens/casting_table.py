"""The portfolio casting table, like the essay's: groups × the chosen option of every
criterion × points × class, with the class distribution above it; filtered by any option of
any criterion, by class and by advisor; Enter opens the group, ctrl+e exports for Excel.
Number, name, class and points stay in view while the criteria scroll sideways; a class set
by hand (override) is marked with *. The filter picker narrows its list as the user types."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from model.casting import (
    casting_rows,
    distribution,
    filter_rows,
    table_for_export,
)
from model.contacts import ROW_LIMIT
from model.entities import CLASSES
from model.exchange import write_csv
from model.german import counted, format_percent
from screens.group_card import GroupCardScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, line, literal, plain

CLASS_CYCLE = (None, *CLASSES)


class OptionPicker(ModalScreen[tuple[str, str] | None]):
    """Pick "criterion: option" to filter by."""

    CSS_PATH = "casting_table.tcss"

    BINDINGS = [
        Binding("escape", "dismiss_none", "Abbrechen", id="cancel_pick"),
        # The typing stays in the search field; the arrows move in the list below it.
        Binding("down", "move(1)", "nächste Option", id="pick_down", priority=True, show=False),
        Binding("up", "move(-1)", "vorige Option", id="pick_up", priority=True, show=False),
    ]

    def __init__(self, scheme) -> None:
        super().__init__()
        self.scheme = scheme
        self.choices = [
            (f"{ci}|{oi}", f"{c.name}: {o.label}") for ci, c in enumerate(self.scheme.criteria) for oi, o in enumerate(c.options)
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog"):
            yield Static("Filtern nach Kriterium und Option (tippen sucht, ↑↓, Enter)", id="pick-title")
            yield Input(placeholder="suchen …", id="pick-search")
            yield OptionList(*(Option(literal(label), id=key) for key, label in self.choices), id="pick-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pick-search", Input).focus()
        self.query_one(OptionList).highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        words = event.value.casefold().split()
        shown = [(k, label) for k, label in self.choices if all(w in label.casefold() for w in words)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(literal(label), id=key) for key, label in shown])
        options.highlighted = 0 if shown else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, key: str) -> None:
        ci, oi = (int(x) for x in key.split("|"))
        criterion = self.scheme.criteria[ci]
        self.dismiss((criterion.name, criterion.options[oi].label))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class CastingTableScreen(Screen[None]):
    CSS_PATH = "casting_table.tcss"
    BINDINGS = [
        Binding("enter", "open_card", "Verbund", id="open_card", priority=True),
        Binding("f", "add_filter", "Filter Option", id="option_filter", tooltip="nach Kriterium und Option filtern"),
        Binding("k", "next_class", "Klasse", id="class_filter", tooltip="nur eine Klasse zeigen (wechselt)"),
        Binding("b", "next_advisor", "Betreuer", id="advisor_filter", tooltip="eigene, alle oder die eines Betreuers (wechselt)"),
        Binding("s", "next_segment", "Segment", id="segment", tooltip="Kundensegment wechseln"),
        Binding("x", "clear_filters", "Filter weg", id="clear_filters"),
        Binding("ctrl+e", "export", "Export CSV", id="export_casting"),
        Binding("escape", "back", "Zurück", id="back"),
    ]

    segment: reactive[str] = reactive("", bindings=True)
    class_filter: reactive[str | None] = reactive(None, bindings=True)
    advisor: reactive[str | None] = reactive(None, bindings=True)
    """Whose groups: one advisor's code, or None for everyone's."""

    def __init__(self) -> None:
        super().__init__()
        self.options: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ct-head")
        yield Static("", id="ct-filters")
        yield DataTable(id="ct-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        institute = self.app.institute
        advisor = institute.advisors.get(self.app.user)
        # A team lead starts with everyone's groups, an FKB with their own.
        lead_view = advisor is not None and advisor.role in ("Teamleiter", "Administrator")
        self.advisor = None if lead_view else self.app.user
        self.segment = institute.config.schemes[0].segment
        self.watch(self.app, "institute", lambda _: self._fill())

    @property
    def scheme(self):
        return self.app.institute.config.scheme(self.segment)

    def _rows(self):
        return rows_for(self.app.institute, self.segment, self.advisor, list(self.options), self.class_filter)

    def _fill(self) -> None:
        if not self.segment or self.app.institute is None:
            return
        self._compute(self.app.institute, self.segment, self.advisor, list(self.options), self.class_filter)

    @work(thread=True, exclusive=True, group="ct-rows", description="Casting-Tabelle rechnen")
    def _compute(self, institute, segment, advisor, options, class_filter) -> None:
        """Off the UI thread: scoring 20,000 groups takes a noticeable moment."""
        all_rows, rows = rows_for(institute, segment, advisor, options, class_filter)
        shares = distribution(all_rows)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_rows, all_rows, rows, shares)

    def _show_rows(self, all_rows, rows, shares) -> None:
        head = Text(f"Casting-Tabelle {line(self.segment)}", style="bold")
        whose = "alle Betreuer" if self.advisor is None else "meine Verbünde" if self.advisor == self.app.user else self.advisor
        head.append(f" · {line(whose)} · Verteilung: ")
        for cls, count, share in shares:
            head.append(f"{cls} {count} ({format_percent(share)})  ")
        self.query_one("#ct-head", Static).update(head)
        filters = [f"{c} = {o}" for c, o in self.options]
        if self.class_filter:
            filters.append(f"Klasse {self.class_filter}")
        shown = f"{len(rows)} von {len(all_rows)} Verbünden"
        self.query_one("#ct-filters", Static).update(
            plain(
                f"Filter: {' · '.join(filters) if filters else 'keiner'} — {shown}"
                + (f" (die ersten {ROW_LIMIT} gezeigt)" if len(rows) > ROW_LIMIT else "")
                + " · * Klasse von Hand gesetzt"
            )
        )
        table = self.query_one("#ct-table", DataTable)
        table.clear(columns=True)
        # The first four stay in view while the criteria scroll (fixed_columns in the tcss
        # would not do: DataTable takes it as an attribute).
        name_width = max(16, min(40, self.size.width - 3 - 6 - 5 - 5 - 8 - 5 - 20))
        table.add_column("Nr", width=6)
        table.add_column("Verbund", width=name_width)
        table.add_column("Kl.", width=3)
        table.add_column("Pkt.", width=4)
        table.fixed_columns = 4
        table.add_column("FKB", width=5)
        for criterion in self.scheme.criteria:
            table.add_column(literal(criterion.name), width=18)
        for row in rows[:ROW_LIMIT]:
            answers = [row.answers.get(c.name, "–") for c in self.scheme.criteria]
            score = "" if row.score is None else str(row.score)
            overridden = row.casting is not None and row.casting.override_class is not None
            cls = (row.cls or "–") + ("*" if overridden else "")
            table.add_row(*cells(row.group.number, row.group.name, cls, score, row.group.lead, *answers),
                          key=row.group.id)  # fmt: skip
        self.refresh_bindings()

    def watch_segment(self) -> None:
        self.options = []
        self._fill()

    def watch_class_filter(self) -> None:
        self._fill()

    def watch_advisor(self) -> None:
        self._fill()

    # ---- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "clear_filters":
            return bool(self.options or self.class_filter)
        if action == "next_segment":
            return len(self.app.institute.config.schemes) > 1
        if action in ("open_card", "export"):
            return self.query_one("#ct-table", DataTable).row_count > 0
        return True

    def action_open_card(self) -> None:
        group_id = cursor_key(self.query_one("#ct-table", DataTable))
        if group_id is not None:
            self.app.push_screen(GroupCardScreen(group_id))

    def action_add_filter(self) -> None:
        def chosen(picked: tuple[str, str] | None) -> None:
            if picked and picked not in self.options:
                self.options.append(picked)
                self._fill()

        self.app.push_screen(OptionPicker(self.scheme), chosen)

    def action_next_class(self) -> None:
        self.class_filter = CLASS_CYCLE[(CLASS_CYCLE.index(self.class_filter) + 1) % len(CLASS_CYCLE)]

    def action_next_advisor(self) -> None:
        """Mine → everyone's → each FKB in turn."""
        leads = sorted({g.lead for g in self.app.institute.groups.values()} - {self.app.user})
        cycle = [self.app.user, None, *leads]
        position = cycle.index(self.advisor) if self.advisor in cycle else 0
        self.advisor = cycle[(position + 1) % len(cycle)]

    def action_next_segment(self) -> None:
        segments = [s.segment for s in self.app.institute.config.schemes]
        self.segment = segments[(segments.index(self.segment) + 1) % len(segments)]

    def action_clear_filters(self) -> None:
        self.options = []
        self.class_filter = None
        self._fill()

    def action_export(self) -> None:
        _, rows = self._rows()
        header, data = table_for_export(rows, self.scheme)
        name = f"casting-{self.segment.replace(' ', '-')}-{date.today():%Y-%m-%d}.csv"
        path = self.app.export_folder() / name
        try:
            path = self.app.export_path(name)
            write_csv(path, header, data)
        except OSError as exc:
            self.app.notify(f"Export nach {path} fehlgeschlagen: {exc.strerror or exc}", severity="error")
            return
        self.app.exported(counted(len(data), "Verbund", "Verbünde"), path)

    def action_back(self) -> None:
        self.app.pop_screen()


def rows_for(institute, segment, advisor, options, class_filter):
    """All rows of the segment (for one advisor or all), and those left by the filters."""
    rows = casting_rows(institute.groups.values(), institute.config, segment)
    all_rows = filter_rows(rows, advisor=advisor)
    classes = (class_filter,) if class_filter else ()
    return all_rows, filter_rows(all_rows, options, classes)

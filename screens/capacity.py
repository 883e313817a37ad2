"""Kapazität (f6), docs/rules.md, rule 7: per advisor the span (groups led), co-care roles,
hours required by the targets, net market time and utilisation, with a clear warning above
100 %. Below the table a what-if per class (target frequency, planning minutes): every
advisor's utilisation follows as you type; ctrl+s writes it into the configuration.
n edits the selected advisor's net market time, v proposes the highest frequencies that
keep the A:B:C:D ratios and fit that advisor's time (and puts them into the what-if).

The portfolio is boiled down once (model.monitoring.capacity.workloads, in a worker); a what-if is
then a few multiplications per advisor, cheap enough for every keystroke."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import replace

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    LoadingIndicator,
    Static,
)

from model.entities import CLASSES
from model.exchange import write_csv
from model.german import format_date_de, format_number, format_percent, parse_decimal
from model.monitoring import ClassChange, apply_what_if, capacity_table, propose, utilisations, workloads
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells, line, plain

# Short headings: at 80 columns the Auslastung must still be in view; the bar may be cut.
COLUMNS = ("Kürzel", "Name", "Verbünde", "Co-Betr.", "Bedarf h", "NMZ h", "Auslastung", "")


def parse_number(text: str) -> float | None:
    """ "0,5" or "0.5" → 0.5; empty → None (no change); ValueError otherwise."""
    if not text.strip():
        return None
    value = parse_decimal(text)
    if value < 0:
        raise ValueError(text)
    return value


class CapacityScreen(Screen[None]):
    CSS_PATH = "capacity.tcss"
    BINDINGS = [
        Binding("n", "edit_hours", "Nettomarktzeit", id="cap_hours", tooltip="Nettomarktzeit des Betreuers ändern"),
        Binding("v", "propose", "Vorschlag", id="cap_propose", tooltip="machbare Frequenzen für dieses Portfolio"),
        Binding("ctrl+s", "save_what_if", "What-if speichern", id="cap_save", tooltip="in die Konfiguration"),
        Binding("ctrl+r", "reset", "zurücksetzen", id="cap_reset", tooltip="What-if leeren"),
        Binding("ctrl+e", "export", "CSV", id="cap_export", tooltip="Tabelle als CSV speichern"),
        Binding("escape", "app.goto('today')", "Zurück", id="cap_back", show=False),
    ]

    AUTO_FOCUS = "#cap-table"  # n and v act on the selected advisor

    def __init__(self) -> None:
        super().__init__()
        self._loads: dict | None = None
        self._hours: dict[str, float] = {}
        self._rows = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cap"):
            yield Static("Kapazität wird berechnet …", id="cap-head")
            yield LoadingIndicator(id="cap-loading")
            yield DataTable(id="cap-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="cap-warning")
            with Horizontal(id="cap-whatif"):
                for cls in CLASSES:
                    yield Label(f"{cls} Frequenz")
                    yield Input(id=f"cap-freq-{cls}", restrict=r"[0-9.,]*")
                    yield Label("Min.")
                    yield Input(id=f"cap-min-{cls}", restrict=r"[0-9]*")
            yield Input(placeholder="Nettomarktzeit in Stunden, Enter speichert", id="cap-hours", restrict=r"[0-9.,]*")
            yield Static("", id="cap-proposal")
            yield Static("", id="cap-info")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cap-table", DataTable).add_columns(*COLUMNS)
        self.query_one("#cap-hours").display = False
        self.watch(self.app, "institute", self._start)

    def _start(self, institute) -> None:
        if institute is None:
            return
        for cls in CLASSES:  # placeholders show what is configured today
            band = institute.config.scheme(institute.config.schemes[0].segment).band(cls)
            self.query_one(f"#cap-freq-{cls}", Input).placeholder = format_number(band.frequency, 2).rstrip("0").rstrip(",")
            self.query_one(f"#cap-min-{cls}", Input).placeholder = str(band.planning_minutes)
        self.query_one("#cap-loading").display = True
        self._compute(institute)

    @work(thread=True, exclusive=True, group="cap-compute", description="Kapazität berechnen")
    def _compute(self, institute) -> None:
        loads = workloads(institute.groups.values(), institute.config, self.app.as_of)
        self.app.call_from_thread(self._loaded, loads)

    def _loaded(self, loads) -> None:
        self._loads = loads
        self.query_one("#cap-loading").display = False
        self._show()

    # ---- what-if ------------------------------------------------------------------------

    def changes(self) -> dict[str, ClassChange]:
        """The what-if as typed; an unreadable field is marked and left out."""
        result = {}
        for cls in CLASSES:
            values = []
            for kind in ("freq", "min"):
                field = self.query_one(f"#cap-{kind}-{cls}", Input)
                try:
                    value = parse_number(field.value)
                    if kind == "freq" and value == 0:
                        raise ValueError(field.value)
                    field.remove_class("-invalid")
                except ValueError:
                    field.add_class("-invalid")
                    value = None
                values.append(value)
            if values != [None, None]:
                minutes = None if values[1] is None else int(values[1])
                result[cls] = ClassChange(values[0], minutes)
        return result

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith(("cap-freq-", "cap-min-")):
            self._show()

    def _show(self) -> None:
        institute = self.app.institute
        if institute is None or self._loads is None:
            return
        changes = self.changes()
        self._rows = utilisations(self._loads, institute.advisors, institute.config, changes, self._hours)
        table = self.query_one("#cap-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for u in self._rows:
            warn = "ÜBER 100 % – nicht machbar" if u.over else ""
            share = format_percent(u.share)
            table.add_row(*cells(u.advisor, u.name, format_number(u.span), format_number(u.co_care_roles),
                                 format_number(u.required, 1), format_number(u.available),
                                 Text(share, style="bold red" if u.over else ""), Text(warn, style="bold red")),
                          key=u.advisor)  # fmt: skip
        if self._rows:
            table.move_cursor(row=min(cursor, len(self._rows) - 1))
        over = [u.advisor for u in self._rows if u.over]
        self.query_one("#cap-warning", Static).update(plain(
            f"⚠ {len(over)} Betreuer über 100 % Auslastung: {', '.join(over)} – die Vorgaben sind dort nicht machbar."
            if over else ""
        ))  # fmt: skip
        what_if = " · What-if aktiv (ctrl+s speichert in die Konfiguration)" if changes else ""
        self.query_one("#cap-head", Static).update(
            f"Kapazität · Stand {format_date_de(self.app.as_of)} · Stunden im Jahr{what_if}"
        )

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("save_what_if", "edit_hours"):  # hidden below Teamleiter (model.staff.policy)
            return self.app.permits("capacity")
        return True

    def action_reset(self) -> None:
        for field in self.query("#cap-whatif Input").results(Input):
            field.value = ""
        self.query_one("#cap-proposal", Static).update("")

    def action_save_what_if(self) -> None:
        changes = self.changes()
        if not changes:
            self.notify("Kein What-if eingegeben.", title="Konfiguration")
            return
        if not self.app.allowed("capacity"):
            return
        try:
            document = apply_what_if(self.app.institute.config.raw, changes)
        except ValueError as exc:
            self.notify(str(exc), title="Nicht gespeichert", severity="error")
            return
        # The same way as `kontakt config set`: role check, the configuration's checks, audit.
        self._save(self.app.change_config(document, "capacity"), "What-if in die Konfiguration übernommen.", reset=True)

    @work(group="cap-save", description="Kapazität speichern")
    async def _save(self, saving: Awaitable, message: str, reset: bool = False) -> None:
        written = await saving
        if written.problem:
            self.app.notify(written.problem, title="Nicht gespeichert", severity="error")
            return
        self.app.notify(message, title="Gespeichert")
        if reset:
            self.action_reset()

    # ---- per advisor --------------------------------------------------------------------

    def _selected(self) -> str | None:
        return cursor_key(self.query_one("#cap-table", DataTable))

    def action_edit_hours(self) -> None:
        code = self._selected()
        if code is None or code not in self.app.institute.advisors:
            self.notify("Nur für angelegte Betreuer.", severity="warning")
            return
        field = self.query_one("#cap-hours", Input)
        row = next(u for u in self._rows if u.advisor == code)
        field.value = format_number(row.available)
        field.border_title = Content(f"Nettomarktzeit {line(code)}")
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "cap-hours":
            return
        code = self._selected()
        try:
            hours = parse_number(event.value)
        except ValueError:
            hours = None
        if code is None or hours is None:
            self.notify("Bitte Stunden als Zahl eingeben, z. B. 630.", severity="error")
            return
        event.input.display = False
        self.query_one("#cap-table").focus()
        if not self.app.allowed("capacity"):
            return
        self._hours[code] = hours  # shown at once, written in the background
        self._show()
        advisor = replace(self.app.institute.advisors[code], net_market_hours=hours)
        self._save(self.app.save_advisors([advisor]), f"Nettomarktzeit {code}: {format_number(hours)} Std.")

    def action_propose(self) -> None:
        code = self._selected()
        if code is None or self._loads is None or code not in self._loads:
            self.notify("Dieser Betreuer hat keine Verbünde.", severity="warning")
            return
        row = next(u for u in self._rows if u.advisor == code)
        p = propose(self._loads[code], self.app.institute.config, row.available)
        text = self.query_one("#cap-proposal", Static)
        if p.factor is None:
            text.update(plain(f"Vorschlag {code}: keine machbaren Frequenzen (keine Verbünde oder Co-Betreuung füllt die Zeit)."))
            return
        freqs = " · ".join(f"{cls} {format_number(f, 2)}" for cls, f in p.frequencies.items())
        text.update(
            plain(
                f"Vorschlag {code}: {freqs} Kontakte im Jahr (Faktor {format_number(p.factor, 2)} auf die heutigen "
                f"Vorgaben, Bedarf {format_number(p.required, 1)} von {format_number(p.available)} Std.) – als What-if übernommen."
            )
        )
        for cls, f in p.frequencies.items():
            self.query_one(f"#cap-freq-{cls}", Input).value = format_number(f, 2)

    def action_export(self) -> None:
        try:
            path = self.app.export_path(f"kapazitaet-{self.app.as_of.isoformat()}.csv")
            write_csv(path, *capacity_table(self._rows))
        except OSError as exc:
            self.notify(str(exc), title="CSV nicht geschrieben", severity="error")
            return
        self.app.exported("CSV", path)

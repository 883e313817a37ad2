"""Erfolgsplanung (F7): the essay's success-planning calculator. Every input is an editable
field (German numbers, "40 %" or "0,4" for rates), checked as you type with the message under
the field; every figure, the model in words, the yearly totals, a chart and the 36-month table
follow at once. The panel "Ist" shows the team's actual rates over the last 12 months up to the
working day beside the plan; ctrl+t starts the plan from them, ctrl+e saves the month table as CSV.
"""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from model.exchange import write_csv
from model.german import format_amount, format_date_de, format_number
from model.institute import Institute
from model.monitoring import (
    CHOICES,
    CURRENT_YEAR,
    LAST_12_MONTHS,
    LAST_QUARTER,
    period_for,
)
from model.planning import (
    FIELDS,
    MONTH_HEADER,
    YEAR_HEADER,
    PlanActuals,
    PlanInputs,
    PlanResult,
    actual_lines,
    calculate,
    describe_model,
    figure_lines,
    format_field,
    format_rate,
    institute_actuals,
    month_cells,
    month_values,
    parse_field,
    plan_from_actuals,
    problem_field,
    with_values,
    year_cells,
)
from screens.widgets.text import plain

INPUT_PREFIX = "plan-in-"
ERROR_PREFIX = "plan-err-"


class PlanningScreen(Screen[None]):
    CSS_PATH = "planning.tcss"
    BINDINGS = [
        Binding("ctrl+t", "plan_from_actual", "Plan aus Ist", id="plan_from_actual",
                tooltip="Eingaben mit den Ist-Quoten des Teams füllen"),
        Binding("ctrl+r", "defaults", "Standardwerte", id="plan_defaults",
                tooltip="Eingaben des Essays wiederherstellen (9 Betreuer, 210 Tage, …)"),
        # priority: a focused Input binds ctrl+e to "end of line"
        Binding("ctrl+e", "export", "CSV-Export", id="plan_export", priority=True,
                tooltip="Monatstabelle als CSV in den aktuellen Ordner speichern"),
        Binding("ctrl+o", "next_period", "Ist-Zeitraum", id="plan_period", priority=True,
                tooltip="Ist über 12 Monate, das laufende Jahr oder das letzte Quartal"),
        Binding("escape", "back", "Zurück", id="plan_back", tooltip="zurück zum Kontakt-Reminder"),
    ]  # fmt: skip
    PERIODS = (LAST_12_MONTHS, CURRENT_YEAR, LAST_QUARTER)

    def __init__(self) -> None:
        super().__init__()
        self.inputs = PlanInputs()
        self.result: PlanResult | None = calculate(self.inputs)
        self.valid = True
        self.actuals: PlanActuals | None = None
        self.period_kind = LAST_12_MONTHS
        self._typed = {f"{INPUT_PREFIX}{f.key}": format_field(f, self.inputs) for f in FIELDS}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="plan"):
            yield Static("", id="plan-result")
            with Horizontal(id="plan-top"):
                with Vertical(id="plan-inputs"):
                    for field in FIELDS:
                        with Horizontal(classes="plan-row"):
                            yield Label(field.label, classes="plan-label")
                            yield Input(format_field(field, self.inputs), id=f"{INPUT_PREFIX}{field.key}",
                                        classes="plan-input", select_on_focus=True)  # fmt: skip
                        yield Static("", id=f"{ERROR_PREFIX}{field.key}", classes="plan-error")
                yield Static("", id="plan-figures")
            with Horizontal(id="plan-middle"):
                yield Static("Ist wird gelesen …", id="plan-actual")
                with Vertical(id="plan-explain"):
                    yield Static("", id="plan-model")
                    yield Static("", id="plan-years")
            yield PlotextPlot(id="plan-chart")
            yield DataTable(id="plan-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#plan-inputs").border_title = "Eingaben"
        self.query_one("#plan-actual").border_title = "Ist (Team, 12 Monate)"
        self.query_one("#plan-figures").border_title = "Kontaktstrategie: Planung"
        table = self.query_one("#plan-table", DataTable)
        for label in MONTH_HEADER:
            table.add_column(label, width=max(len(label), 11 if label == "Aufträge €" else 5))
        for field in FIELDS:
            self.query_one(f"#{ERROR_PREFIX}{field.key}").display = False
        self._show()
        self.watch(self.app, "institute", self._measure)
        self.query_one(f"#{INPUT_PREFIX}{FIELDS[0].key}", Input).focus()

    # ---- inputs → plan --------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        # Every input reports its first value when mounted: 13 recalculations and footer
        # rebuilds froze the screen for a quarter second on opening. Only a change counts.
        key = event.input.id
        if key and key.startswith(INPUT_PREFIX) and self._typed.get(key) != event.value:
            self._typed[key] = event.value
            self._recalculate()

    def _recalculate(self) -> None:
        """Read every field; recompute when all are usable, else mark the wrong ones and keep
        showing the last good plan (a half-typed number must not blank the screen)."""
        values, errors = {}, {}
        for field in FIELDS:
            try:
                values[field.key] = parse_field(field, self.query_one(f"#{INPUT_PREFIX}{field.key}", Input).value)
            except ValueError as exc:
                errors[field.key] = str(exc)
        if not errors:
            candidate = with_values(PlanInputs(), values)
            errors = {problem_field(k): v for k, v in candidate.problems().items()}
        for field in FIELDS:
            message = errors.get(field.key, "")
            error = self.query_one(f"#{ERROR_PREFIX}{field.key}", Static)
            error.update(plain(message))  # quotes what was typed: "[/]" must not be markup
            error.display = bool(message)
            self.query_one(f"#{INPUT_PREFIX}{field.key}", Input).set_class(bool(message), "-invalid")
        was_valid, self.valid = self.valid, not errors
        if self.valid:
            self.inputs = candidate
            self.result = calculate(candidate)
            if self.actuals is not None:
                self._rescale_actuals()
        self._show()
        if was_valid != self.valid:  # export is offered only for a valid plan
            self.refresh_bindings()

    # ---- plan → screen --------------------------------------------------------------------

    def _show(self) -> None:
        result = self.result
        if result is None:
            return
        head = Text.assemble(
            ("Erfolgsplanung  ", "bold"),
            f"Jahr 1: {format_amount(result.first_year)} · Folgejahr: {format_amount(result.following_year)}"
            f" · dauerhaft: {format_amount(result.steady_state)} p. a.",
        )
        if not self.valid:
            head.append("  (Eingabe prüfen – es gilt die letzte gültige Rechnung)", "bold red")
        self.query_one("#plan-result", Static).update(head)

        figures = Table.grid(padding=(0, 1))
        figures.add_column(no_wrap=True)
        figures.add_column(justify="right", no_wrap=True)
        figures.add_column(style="dim")
        for label, value, remark in figure_lines(result):
            bold = label.startswith(("Aufträge", "Aktiv-Termine"))
            figures.add_row(label, Text(value, "bold" if bold else ""), remark)
        self.query_one("#plan-figures", Static).update(figures)

        self.query_one("#plan-model", Static).update(describe_model(result.inputs))
        years = Table(*YEAR_HEADER, box=None, padding=(0, 1), show_edge=False)
        for column in years.columns[1:]:
            column.justify = "right"
        for row in year_cells(result):
            years.add_row(*row)
        steady = Text.assemble(
            "Dauerhaft (alle Stufen laufen): ",
            (f"{format_amount(result.steady_state)} p. a.", "bold"),
            f" = {format_number(result.calls)} Calls × {format_rate(result.overall_rate)} × "
            f"{format_amount(result.inputs.contribution)}",
        )
        block = Table.grid()
        block.add_row(years)
        block.add_row(steady)
        self.query_one("#plan-years", Static).update(block)
        self._chart(result)
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        for row in month_cells(result):
            table.add_row(*(Text(cell, justify="right") for cell in row))

    def _chart(self, result: PlanResult) -> None:
        chart = self.query_one("#plan-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        months = [r.month for r in result.months]
        plt.plot(
            months,
            [r.meetings for r in result.months],
            label="Termine",
            marker="braille",
        )
        plt.plot(
            months,
            [r.conversions for r in result.months],
            label="Conversions",
            marker="braille",
        )
        plt.title("Termine und Conversions je Monat")
        plt.xlabel("Monat (1 = Januar Jahr 1)")
        plt.xticks([1, 7, 13, 19, 25, 31, 36])
        # plotext writes 94.5; German readers expect 94,5.
        top = max((r.meetings for r in result.months), default=0) or 1
        ticks = [top * n / 4 for n in range(5)]
        plt.yticks(ticks, [format_number(t, 1) for t in ticks])
        chart.refresh()

    # ---- Ist --------------------------------------------------------------------------------

    def _measure(self, institute: Institute | None) -> None:
        """Team Ist over the chosen period up to the working day; measured once per picture of
        the store (a large institute has 250,000 contacts), rescaled when the working days change."""
        if institute is None:
            return
        self._compute_actuals(institute, period_for(self.period_kind, self.app.as_of), self.inputs.working_days)

    @work(thread=True, exclusive=True, group="plan-actuals", description="Ist rechnen")
    def _compute_actuals(self, institute: Institute, period, working_days) -> None:
        """Off the UI thread: a large institute's contacts take a noticeable moment."""
        actuals = institute_actuals(institute, period, None, working_days)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._measured, actuals)

    def _measured(self, actuals: PlanActuals) -> None:
        self.actuals = actuals
        self._show_actuals()
        self.refresh_bindings()

    def action_next_period(self) -> None:
        self.period_kind = self.PERIODS[(self.PERIODS.index(self.period_kind) + 1) % len(self.PERIODS)]
        self._measure(self.app.institute)

    def _rescale_actuals(self) -> None:
        actuals = self.actuals
        days = self.inputs.working_days * actuals.period.years
        if actuals.working_days != days:
            self.actuals = replace(actuals, working_days=days)
        self._show_actuals()

    def _show_actuals(self) -> None:
        a = self.actuals
        if a is None:
            return
        widget = self.query_one("#plan-actual", Static)
        widget.border_title = f"Ist (Team, {a.advisors} FKB)"
        widget.border_subtitle = (
            f"{CHOICES[self.period_kind]}: {format_date_de(a.period.first)} – {format_date_de(a.period.last)} (Strg+O wechselt)"
        )
        compare = Table("", "Plan", "Ist", box=None, padding=(0, 1), show_edge=False)
        compare.columns[0].no_wrap = True
        compare.columns[1].justify = compare.columns[2].justify = "right"
        i = self.inputs

        def rate(value: float | None) -> str:
            return "–" if value is None else format_rate(round(value, 3))

        def number(value: float | None) -> str:
            return "–" if value is None else format_number(value, 2)

        plan_per_day = self.result.meetings_per_day if self.result else None
        compare.add_row("Calls / Tag / MA", number(i.calls_per_day), number(a.calls_per_day))
        compare.add_row("Sofort-Terminquote", format_rate(i.immediate_rate), rate(a.immediate_rate))
        compare.add_row("Follow-up-Quote", format_rate(i.follow_up_rate), rate(a.follow_up_rate))
        compare.add_row(
            "Terminquote Follow-ups",
            format_rate(i.follow_up_meeting_rate),
            rate(a.follow_up_meeting_rate),
        )
        compare.add_row("Termine / Tag / MA", number(plan_per_day), number(a.meetings_per_day))
        per_deal = a.contribution_per_conversion
        compare.add_row(
            "DB je Conversion",
            format_amount(i.contribution),
            "–" if per_deal is None else format_amount(per_deal),
        )
        details = Table.grid(padding=(0, 1))
        details.add_column(style="dim", no_wrap=True)
        details.add_column(justify="right")
        wanted = ("Arbeitstage je Betreuer", "Active Calls (Erst-Calls)", "Follow-up-Calls",
                  "Conversions (Abschlüsse)", "Deckungsbeitrag gesamt")  # fmt: skip
        for label, value in actual_lines(a):
            if label in wanted:
                details.add_row(label, value.replace(" (Plan-Tage × Zeitraum)", ""))
        body = Table.grid()
        body.add_row(compare)
        body.add_row("")
        body.add_row(details)
        # Say how Ist is counted, so that a team lead does not compare apples with pears.
        body.add_row(Text("Arbeitstage = Plan-Tage × Zeitraum. Calls/Tag ohne Follow-up-Calls "
                          "(der Plan rechnet sie dazu).", "dim"))  # fmt: skip
        body.add_row(Text(f"Gezählt (FKB): {', '.join(a.counted) or '–'}", "dim"))
        widget.update(body)

    # ---- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "plan_from_actual":
            return self.actuals is not None and self.actuals.calls > 0
        if action == "export":
            return self.valid
        return True

    def action_plan_from_actual(self) -> None:
        if self.actuals is None or not self.actuals.calls:
            self.notify(
                "Im Zeitraum sind keine Active Calls erfasst.",
                title="Plan aus Ist",
                severity="warning",
            )
            return
        self._fill(plan_from_actuals(self.inputs, self.actuals))
        self.notify("Eingaben aus den Ist-Quoten des Teams übernommen.", title="Plan aus Ist")

    def action_defaults(self) -> None:
        self._fill(PlanInputs())

    def _fill(self, inputs: PlanInputs) -> None:
        for field in FIELDS:
            self.query_one(f"#{INPUT_PREFIX}{field.key}", Input).value = format_field(field, inputs)
        self._recalculate()

    def action_export(self) -> None:
        if not self.valid or self.result is None:
            self.notify(
                "Erst die markierten Eingaben korrigieren.",
                title="CSV-Export",
                severity="warning",
            )
            return
        name = f"erfolgsplanung-{self.app.as_of.isoformat()}.csv"
        path = self.app.export_folder() / name
        try:
            path = self.app.export_path(name)
            write_csv(path, MONTH_HEADER, month_values(self.result))
        except OSError as exc:
            self.notify(
                f"{path}: {exc.strerror or exc}",
                title="CSV-Export fehlgeschlagen",
                severity="error",
            )
            return
        self.app.exported("Monatstabelle", path, title="CSV-Export")

    def action_back(self) -> None:
        self.app.action_goto("today")

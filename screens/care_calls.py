"""Care Calls (F11): every Monday the groups that had a consultation in the previous calendar
week; Enter opens the short survey (three questions and the score by number key, a comment)
and saves it to the shared collection "care-call-surveys".

`r` switches to the results: the user's own portfolio week by week (the trend the essay's
monitoring asks for) and, for team leads, every advisor side by side. `b`/`w` step a week
back or forward. Surveys are read in a thread worker and reread when their file changes.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Static

from model.campaigns import care_calls as cc
from model.german import counted, format_date_de
from model.entities import new_id
from model.german import format_number
from model.institute import Institute
from screens.dialogs.survey import SurveyAnswers, SurveyScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells

POLL_SECONDS = 5.0
TEAM_ROLES = ("Teamleiter", "Administrator")


def _average(value: float | None) -> str:
    return format_number(value, 1) if value is not None else "–"


class CareCallScreen(Screen[None]):
    CSS_PATH = "care_calls.tcss"
    BINDINGS = [
        Binding("enter", "survey", "Befragen", id="cc_survey", tooltip="Care Call mit dem markierten Verbund", priority=True),
        Binding("b", "week(-1)", "Vorwoche", id="cc_prev_week"),
        Binding("w", "week(1)", "Folgewoche", id="cc_next_week"),
        Binding("r", "toggle_results", "Ergebnisse", id="cc_results", tooltip="Ergebnisse je Woche und Betreuer"),
    ]

    week: reactive[str] = reactive("", bindings=True)
    view: reactive[str] = reactive("list", bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.surveys: list[dict] = []
        self._signature: object = "unread"
        self._items: list[cc.CareCallItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cc-root"):
            yield Static("Care Calls", id="cc-head")
            yield Static("", id="cc-info")
            with ContentSwitcher(initial="cc-list-view", id="cc-views"):
                with Vertical(id="cc-list-view"):
                    yield DataTable(id="cc-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="cc-results-view"):
                    yield DataTable(id="cc-trend-table", cursor_type="row", zebra_stripes=True)
                    yield DataTable(id="cc-team-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cc-trend-table").border_title = "Mein Portfolio je Woche"
        self.query_one("#cc-team-table").border_title = "Team je Betreuer"
        self.week = cc.previous_week(self.app.as_of)
        self.watch(self.app, "institute", lambda _: self._show())
        self._poll()
        self.set_interval(POLL_SECONDS, self._poll)

    # ---- store ------------------------------------------------------------------------------

    @work(exclusive=True, group="cc-poll", description="Care Calls lesen")
    async def _poll(self) -> None:
        read = await self.app.read_collection(cc.COLLECTION, self._signature)
        if read.value is not None:  # unchanged, or unreadable now: the next poll tries again
            self._apply(*read.value)

    def _apply(self, signature: object, records: list[dict]) -> None:
        self._signature, self.surveys = signature, records
        self._show()

    # ---- state → screen ---------------------------------------------------------------------

    def watch_week(self) -> None:
        self._show()

    def watch_view(self, view: str) -> None:
        self.query_one("#cc-views", ContentSwitcher).current = f"cc-{view}-view"
        self._show()

    @property
    def is_team_lead(self) -> bool:
        institute = self.app.institute
        advisor = institute.advisors.get(self.app.user) if institute else None
        return advisor is not None and advisor.role in TEAM_ROLES

    def _show(self) -> None:
        institute = self.app.institute
        if institute is None or not self.week or not self.is_mounted:
            return
        done = cc.surveyed(self.surveys, self.week)
        self._items = cc.care_call_list(institute.groups, institute.contacts, institute.config, self.week)
        monday_list = "Montagsliste" if self.week == cc.previous_week(self.app.as_of) else "andere Woche"
        self.query_one("#cc-head", Static).update(
            Text.assemble(("Care Calls ", "bold"), cc.describe_week(self.week), f" · {monday_list} · "
                          f"{counted(len(self._items), 'Verbund', 'Verbünde')} mit Beratungsgespräch · {len(done)} befragt")
        )  # fmt: skip
        self.query_one("#cc-info", Static).update(
            "Enter: befragen · b/w: Woche zurück/vor · r: Ergebnisse"
            if self.view == "list" else "r: zurück zur Liste · b/w: Woche zurück/vor"
        )  # fmt: skip
        if self.view == "list":
            self._fill_list(institute, done)
        else:
            self._fill_results()
        self.refresh_bindings()

    def _fill_list(self, institute: Institute, done: dict[str, dict]) -> None:
        table = self.query_one("#cc-table", DataTable)
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_columns("Verbund", "Klasse", "FKB", "Gespräch am", "Anlass", "von", "befragt")
        for item in self._items:
            survey = done.get(item.group.id)
            status = Text(f"✓ {survey['score']}/5", "green") if survey else Text("offen", "yellow")
            c = item.consultation
            table.add_row(*cells(
                f"{item.group.number} {item.group.name}", item.group.cls or "–", item.lead,
                format_date_de(c.date), c.format, c.by, status), key=item.group.id,
            )  # fmt: skip
        if self._items:
            table.move_cursor(row=min(keep, len(self._items) - 1))
        table.focus()

    def _fill_results(self) -> None:
        trend = self.query_one("#cc-trend-table", DataTable)
        trend.clear(columns=True)
        trend.add_columns("Woche", "Befragte", "Ø Zufriedenheit", "", *(f"Frage {n}" for n in range(1, len(cc.QUESTIONS) + 1)))
        for result in reversed(cc.weekly_trend(self.surveys, self.app.user)):  # newest week on top
            stars = "★" * round(result.average or 0)
            trend.add_row(*cells(
                cc.describe_week(result.week), str(result.count), _average(result.average), stars,
                *(cc.most_given(result, q.key) for q in cc.QUESTIONS),
            ))  # fmt: skip
        if not trend.row_count:
            trend.add_row("noch keine Befragungen für Ihr Portfolio", *([""] * (len(trend.columns) - 1)))
        team = self.query_one("#cc-team-table", DataTable)
        team.display = self.is_team_lead
        if not self.is_team_lead:
            return
        team.clear(columns=True)
        team.add_columns("Betreuer", "Befragte gesamt", "Ø gesamt", "Befragte KW", "Ø KW", "Trend (Ø je Woche)")
        this_week = {r.advisor: r for r in cc.per_advisor(self.surveys, [self.week])}
        for result in cc.per_advisor(self.surveys):
            week = this_week.get(result.advisor)
            weekly = " ".join(_average(r.average) for r in cc.weekly_trend(self.surveys, result.advisor)[-6:])
            team.add_row(*cells(
                result.advisor, str(result.count), _average(result.average),
                str(week.count) if week else "0", _average(week.average if week else None), weekly,
            ))  # fmt: skip

    # ---- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "survey":
            return self.view == "list" and bool(self._items)
        return True

    def action_week(self, step: int) -> None:
        self.week = cc.shift_week(self.week, step)

    def action_toggle_results(self) -> None:
        self.view = "results" if self.view == "list" else "list"

    def action_survey(self) -> None:
        group_id = cursor_key(self.query_one("#cc-table", DataTable))
        if group_id is None:
            return
        group = self.app.institute.groups[group_id]
        week = self.week
        title = f"Care Call {group.number} {group.name} · FKB {group.lead} · {cc.describe_week(week)}"

        def answered(result: SurveyAnswers | None) -> None:
            if result is not None:
                self._save(group_id, week, result)

        self.app.push_screen(SurveyScreen(title), answered)

    def _save(self, group_id: str, week: str, result: SurveyAnswers) -> None:
        group = self.app.institute.groups[group_id]
        # The wall clock's time on the app's working day, as every record of this app.
        at = datetime.combine(self.app.as_of, datetime.now().time().replace(microsecond=0))
        try:
            survey = cc.new_survey(new_id(), group, week, result.answers, result.score, result.comment, self.app.user, at)
        except ValueError as exc:
            self.notify(str(exc), title="Nicht gespeichert", severity="error")
            return
        self.surveys = cc.save_survey(self.surveys, survey)  # shown at once
        self._show()
        self._save_survey(survey, f"Care Call mit {group.name} gespeichert (Zufriedenheit {result.score}/5).")

    @work(group="cc-save", description="Care Call speichern")
    async def _save_survey(self, survey: dict, done_message: str) -> None:
        written = await self.app.update_collection(cc.COLLECTION, lambda records: cc.save_survey(records, survey))
        if written.problem:
            self.notify(written.problem, title="Care Call nicht gespeichert", severity="error", timeout=15)
            return
        self.notify(done_message)
        self._signature = "unread"
        self._poll()

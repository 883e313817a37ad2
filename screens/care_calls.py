"""Care Calls (F11): every Monday the groups that had a consultation in the previous calendar
week; Enter opens the short survey (three questions and the score by number key, a comment)
and saves it to the shared collection "care-call-surveys".

`x` writes the Monday dispatch of the week shown to the current folder: the list per contact
person (`carecalls-JJJJ-Www.csv`, phone rows for groups without e-mail) and one e-mail draft
per recipient in the advisor's name (`carecalls-JJJJ-Www/*.eml`), and notes the dispatch.

`r` switches to the results: the user's own portfolio week by week (the trend the essay's
monitoring asks for) with the share of customers whose perception matches the contact log
and the largest gaps, and, for team leads, every advisor side by side. `b`/`w` step a week
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
from model.campaigns import dispatch, drafts, perception
from model.exchange import write_csv
from model.german import counted, format_date_de, format_number, format_percent
from model.institute import Institute
from screens.dialogs.survey import SurveyAnswers, SurveyScreen
from screens.widgets.tables import cursor_key
from screens.widgets.text import cells

POLL_SECONDS = 5.0
TEAM_ROLES = ("Teamleiter", "Administrator")


def _average(value: float | None) -> str:
    return format_number(value, 1) if value is not None else "–"


def _share(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


class CareCallScreen(Screen[None]):
    CSS_PATH = "care_calls.tcss"
    BINDINGS = [
        Binding("enter", "survey", "Befragen", id="cc_survey", tooltip="Care Call mit dem markierten Verbund", priority=True),
        Binding("b", "week(-1)", "Vorwoche", id="cc_prev_week"),
        Binding("w", "week(1)", "Folgewoche", id="cc_next_week"),
        Binding("r", "toggle_results", "Ergebnisse", id="cc_results", tooltip="Ergebnisse je Woche und Betreuer"),
        Binding(
            "x",
            "export",
            "Versand",
            id="cc_export",
            tooltip="Versandliste (CSV) und E-Mail-Entwürfe der Woche im Namen der Betreuer schreiben",
        ),
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
                    yield DataTable(id="cc-gap-table", cursor_type="row", zebra_stripes=True)
                    yield DataTable(id="cc-team-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cc-trend-table").border_title = "Mein Portfolio je Woche"
        self.query_one("#cc-team-table").border_title = "Team je Betreuer"
        self.query_one("#cc-gap-table").border_title = "Größte Abstände: Antwort des Kunden · laut Kontaktlog"
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
            "Enter: befragen · x: Versand (CSV und E-Mail-Entwürfe) · b/w: Woche zurück/vor · r: Ergebnisse"
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
        institute = self.app.institute
        records = cc.weekly(self.surveys)
        compared = perception.compare_all(records, institute.groups, institute.contacts, institute.config)
        lead = self.is_team_lead
        trend = self.query_one("#cc-trend-table", DataTable)
        trend.clear(columns=True)
        trend.add_columns("Woche", "Befragte", "Ø Zufriedenheit", "", "deckt sich mit Log", "Ø Abstand",
                          *(f"Frage {n}" for n in range(1, len(cc.QUESTIONS) + 1)))  # fmt: skip
        agreement = {a.week: a for a in perception.agreement_by_week(compared, self.app.user)}
        for result in reversed(cc.weekly_trend(records, self.app.user)):  # newest week on top
            stars = "★" * round(result.average or 0)
            a = agreement.get(result.week)
            trend.add_row(*cells(
                cc.describe_week(result.week), str(result.count), _average(result.average), stars,
                _share(a.share if a else None), _average(a.average_gap if a else None),
                *(cc.most_given(result, q.key) for q in cc.QUESTIONS),
            ))  # fmt: skip
        if not trend.row_count:
            trend.add_row("noch keine Befragungen für Ihr Portfolio", *([""] * (len(trend.columns) - 1)))
        gaps = self.query_one("#cc-gap-table", DataTable)
        gaps.clear(columns=True)
        gaps.add_columns("Verbund", "FKB", "Woche", "Abstand", *(perception.SHORT[q.key] for q in cc.QUESTIONS))
        for c in perception.largest_gaps(c for c in compared if lead or c.advisor == self.app.user):
            gaps.add_row(*cells(
                f"{c.group.number} {c.group.name}", c.advisor, c.week, str(c.gap),
                *(f"{'=' if i.matches else '≠'} {i.answer} · {i.logged}" for i in c.items),
            ))  # fmt: skip
        team = self.query_one("#cc-team-table", DataTable)
        team.display = lead
        if not lead:
            return
        team.clear(columns=True)
        team.add_columns("Betreuer", "Befragte gesamt", "Ø gesamt", "Befragte KW", "Ø KW", "Trend (Ø je Woche)",
                         "deckt sich mit Log")  # fmt: skip
        this_week = {r.advisor: r for r in cc.per_advisor(records, [self.week])}
        agree = {a.advisor: a for a in perception.agreement_by_advisor(compared)}
        for result in cc.per_advisor(records):
            week = this_week.get(result.advisor)
            weekly = " ".join(_average(r.average) for r in cc.weekly_trend(records, result.advisor)[-6:])
            a = agree.get(result.advisor)
            team.add_row(*cells(
                result.advisor, str(result.count), _average(result.average),
                str(week.count) if week else "0", _average(week.average if week else None), weekly,
                _share(a.share if a else None),
            ))  # fmt: skip

    # ---- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "survey":
            return self.view == "list" and bool(self._items)
        if action == "export":
            return self.view == "list"
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
            # The stable id of (group, week): an import of the same survey is the same record.
            survey = cc.new_survey("", group, week, result.answers, result.score, result.comment, self.app.user, at,
                                   channel=dispatch.PHONE)  # fmt: skip
        except ValueError as exc:
            self.notify(str(exc), title="Nicht gespeichert", severity="error")
            return
        self.surveys = cc.save_survey(self.surveys, survey)  # shown at once
        self._show()
        self._save_survey(survey, f"Care Call mit {group.name} gespeichert (Zufriedenheit {result.score}/5).")

    @work(group="cc-save", description="Care Call speichern")
    async def _save_survey(self, survey: dict, done_message: str) -> None:
        written = await self.app.save_surveys([survey])
        if written.problem:
            self.notify(written.problem, title="Care Call nicht gespeichert", severity="error", timeout=15)
            return
        self.notify(done_message)
        self._signature = "unread"
        self._poll()

    @work(group="cc-export", description="Care-Call-Versand schreiben")
    async def action_export(self) -> None:
        """The week's dispatch to the export folder; the repeat rule reads the dispatch log
        fresh in the background, so a colleague's export of the same morning is seen."""
        if not self.app.allowed("dispatch"):
            return
        institute, week, user, items = self.app.institute, self.week, self.app.user, self._items
        at = datetime.combine(self.app.as_of, datetime.now().time().replace(microsecond=0))
        try:
            target = self.app.export_path(f"carecalls-{week}.csv")
        except OSError as exc:
            self.notify(f"{self.app.export_folder()}: {exc.strerror or exc}", title="Versand nicht geschrieben", severity="error")
            return
        folder = target.with_suffix("")
        outcome: dict[str, int] = {}

        def write(dispatches: list[dict], surveys: list[dict]) -> list:
            plan = dispatch.week_dispatch(
                items, institute.advisors, week, dispatches, surveys, institute.config.care_call_repeat_weeks
            )
            try:
                write_csv(target, dispatch.EXPORT_COLUMNS, dispatch.export_rows(plan.rows))
                drafts.write_drafts(folder, plan.rows, institute.config.institute)
            except OSError as exc:
                raise ValueError(f"{target}: {exc.strerror or exc}") from None
            outcome.update(mails=len(plan.mails), phone=plan.phone_groups, skipped=plan.skipped)
            return plan.rows

        written = await self.app.dispatch_care_calls(write, user, at)
        if written.problem:
            self.notify(written.problem, title="Versand nicht geschrieben", severity="error", timeout=15)
            return
        self.notify(
            f"{counted(outcome['mails'], 'E-Mail-Entwurf', 'E-Mail-Entwürfe')} in {folder}, "
            f"{counted(outcome['phone'], 'Verbund', 'Verbünde')} zum Anrufen, "
            f"{outcome['skipped']} kürzlich schon gefragt. Liste gespeichert unter {target}",
            title="Care-Call-Versand",
            timeout=10,
        )

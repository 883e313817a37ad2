"""Call Party (F10): the team phones inactive groups together to book meetings.

Without a running session the screen shows the next date and the advisors to pick (space
toggles, `s` starts: each picked advisor gets their own queue). While a session runs, every PC
shows the countdown of the time box and the user's next group; one key records the outcome
(1 Termin vereinbart → date and time, 2 Folgekontakt → date, 3 nicht erreicht, 4 kein
Interesse), logs it as an "Active Call" contact and brings up the next group; `u` takes the
last outcome and its contact back for UNDO_SECONDS (a key hit by mistake). `e` ends the
session for everyone; the summary per advisor and team, all past sessions and a chart of
meetings per session follow.

The session lives in the shared collection "call-parties". Every PC polls its signature every
2 s in a thread worker and rereads only when it changed, so colleagues' calls appear on all PCs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from time import monotonic

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Footer,
    Header,
    SelectionList,
    Static,
)
from textual_plotext import PlotextPlot

from model.campaigns import call_party as cp
from model.contacts import build_call, last_counted_contact, role_of
from model.entities import new_id
from model.german import counted, format_date_de, format_weekday_date
from model.institute import Institute
from screens.dialogs.date_prompt import DatePrompt
from screens.widgets.call_party_summary import (
    draw_chart,
    fill_history,
    fill_summary,
    session_label,
)
from screens.widgets.text import cells, line, literal, plain

POLL_SECONDS = 2.0
UNDO_SECONDS = 10.0


@dataclass
class LastOutcome:
    """What `u` takes back: the outcome in the session and the contact logged with it."""

    group_id: str
    contact: object
    saved: object  # Pending[Written] of the contact
    recorded: object  # the worker writing the outcome to the session
    at: float


class CallPartyScreen(Screen[None]):
    CSS_PATH = "call_party.tcss"
    BINDINGS = [
        Binding("s", "start", "Call Party starten", id="cp_start", tooltip="für die markierten Betreuer starten"),
        Binding("1", "outcome(0)", "Termin", id="cp_meeting", tooltip="Termin vereinbart (fragt Datum und Uhrzeit)"),
        Binding("2", "outcome(1)", "Folgekontakt", id="cp_follow_up", tooltip="Folgekontakt (fragt das Datum)"),
        Binding("3", "outcome(2)", "nicht erreicht", id="cp_not_reached"),
        Binding("4", "outcome(3)", "kein Interesse", id="cp_no_interest"),
        Binding(
            "u", "undo", "Rückgängig", id="cp_undo", tooltip="letztes Ergebnis und seinen Kontakt zurücknehmen (10 Sekunden)"
        ),
        Binding("e", "end", "Party beenden", id="cp_end", tooltip="Call Party für alle beenden, Auswertung zeigen"),
        Binding("v", "history", "Auswertung", id="cp_history", tooltip="letzte Call Party und Verlauf zeigen"),
        Binding("escape", "back", "Zurück", id="cp_back"),
    ]

    view: reactive[str] = reactive("setup", bindings=True)

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict] = []
        self.session: dict | None = None
        self._signature: object = "unread"
        self._shown_id: str | None = None  # the session whose summary is shown
        self._pending: dict[str, dict] = {}  # outcomes written from here, not yet read back
        self._busy = False  # a date prompt is open: no second outcome for the same group
        self._last: LastOutcome | None = None  # what `u` may take back
        self._withdrawn: set[str] = set()  # outcomes taken back here, maybe still stored

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="cp-root"):
            yield Static("Call Party", id="cp-head")
            with ContentSwitcher(initial="cp-setup", id="cp-views"):
                with Vertical(id="cp-setup"):
                    yield Static("", id="cp-next")
                    yield SelectionList[str](id="cp-advisors")
                    yield Static("Leertaste: Betreuer an/abwählen · s: starten · v: letzte Auswertung", id="cp-setup-hint")
                with Vertical(id="cp-work"):
                    yield Static("", id="cp-current")
                    yield DataTable(id="cp-queue", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="cp-team")
                with Vertical(id="cp-summary"):
                    yield DataTable(id="cp-summary-table", cursor_type="row", zebra_stripes=True)
                    yield DataTable(id="cp-history-table", cursor_type="row", zebra_stripes=True)
                    yield PlotextPlot(id="cp-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#cp-advisors").border_title = "Anwesende Betreuer"
        self.query_one("#cp-summary-table").border_title = "Auswertung"
        self.query_one("#cp-history-table").border_title = "Alle Call Partys"
        self.watch(self.app, "institute", self._institute_changed)
        self._poll()
        self.set_interval(POLL_SECONDS, self._poll)
        self.set_interval(1.0, self._tick)

    # ---- time and store ---------------------------------------------------------------------

    def now(self) -> datetime:
        """The app's working day at the wall clock's time (tests fix the day)."""
        return datetime.combine(self.app.as_of, datetime.now().time().replace(microsecond=0))

    @work(exclusive=True, group="cp-poll", description="Call Party lesen")
    async def _poll(self) -> None:
        read = await self.app.read_collection(cp.COLLECTION, self._signature)
        if read.value is not None:  # unchanged, or unreadable now: the next poll tries again
            self._apply(*read.value)

    def _reread(self) -> None:
        self._signature = "unread"
        self._poll()

    def _apply(self, signature: object, records: list[dict]) -> None:
        self._signature, self.records = signature, records
        running = cp.running_session(records, self.now())
        if running is not None:
            stored = running.get("outcomes", {})
            self._withdrawn &= set(stored)
            stored = {g: o for g, o in stored.items() if g not in self._withdrawn}
            self._pending = {g: o for g, o in self._pending.items() if g not in stored}
            running = {**running, "outcomes": {**stored, **self._pending}}
        elif self.session is not None:
            self._shown_id = self.session["id"]  # ended, here or on another PC
        self.session = running
        self.view = "work" if running else ("summary" if self._shown_id else "setup")
        self._show()

    def _institute_changed(self, institute: Institute | None) -> None:
        if institute is not None:
            self._show()

    # ---- state → screen ---------------------------------------------------------------------

    def watch_view(self, view: str) -> None:
        self.query_one("#cp-views", ContentSwitcher).current = f"cp-{view}"

    def _show(self) -> None:
        institute = self.app.institute
        if institute is None or self._signature == "unread":
            return
        if self.view == "setup":
            self._show_setup(institute)
        elif self.view == "work":
            self._show_work(institute)
        else:
            self._show_summary(institute)
        self._tick()
        self.refresh_bindings()

    def _show_setup(self, institute: Institute) -> None:
        upcoming = cp.next_call_party(institute.config, self.now())
        when = f"{format_weekday_date(upcoming.date())} um {upcoming:%H:%M} Uhr" if upcoming else "keine geplant"
        self.query_one("#cp-next", Static).update(
            Text.assemble(("Keine laufende Call Party. ", "bold"), f"Nächste: {when} · "
                          f"{counted(institute.config.call_party.minutes, 'Minute', 'Minuten')} · "
                          f"je Betreuer {institute.config.call_party.groups_per_advisor} inaktive Verbünde")
        )  # fmt: skip
        advisors = self.query_one("#cp-advisors", SelectionList)
        if advisors.option_count:
            return  # keep the user's picks while colleagues' changes come in
        leads = {g.lead for g in institute.groups.values()}
        for code, advisor in sorted(institute.advisors.items()):
            if code in leads and advisor.left is None:
                advisors.add_option((literal(f"{advisor.name} ({code}) · {advisor.role}"), code, True))
        advisors.focus()

    def _show_work(self, institute: Institute) -> None:
        session, user = self.session, self.app.user
        outcomes = session.get("outcomes", {})
        mine = session["queues"].get(user)
        current = self.query_one("#cp-current", Static)
        if mine is None:
            current.update(Text("Sie sind in dieser Call Party nicht eingeteilt; unten der Stand des Teams.", "italic"))
        else:
            open_ids = cp.open_groups(session, user)
            current.update(self._card(institute, open_ids[0]) if open_ids else
                           Text("Ihre Liste ist abgearbeitet. e: Call Party beenden", "bold green"))  # fmt: skip
        table = self.query_one("#cp-queue", DataTable)
        table.clear(columns=True)
        # Fixed widths: refilled every two seconds, auto widths were seen to stick to the
        # header's in a real terminal.
        for label, width in (("Verbund", 44), ("Klasse", 6), ("FKB", 5), ("letzter Kontakt", 15), ("Ergebnis", 22)):
            table.add_column(label, width=width)
        shown = mine if mine is not None else [g for ids in session["queues"].values() for g in ids]
        for gid in shown:
            group = institute.groups.get(gid)
            if group is None:
                continue
            last = last_counted_contact(institute.contacts.get(gid, ()), institute.config, self.app.as_of)
            result = outcomes.get(gid)
            table.add_row(*cells(
                f"{group.number} {group.name}", group.cls or "–", group.lead,
                format_date_de(last) if last else "nie", self._result_text(result)), key=gid,
            )  # fmt: skip
        tallies = cp.summarize(session)
        parts = [f"{t.advisor} {t.calls}/{t.queued}" for t in tallies.advisors]
        team = tallies.team
        self.query_one("#cp-team", Static).update(
            plain(
                f"Team: {' · '.join(parts)} — {counted(team.calls, 'Anruf', 'Anrufe')}, {team.reached} erreicht, "
                f"{counted(team.meetings, 'Termin', 'Termine')}, {counted(team.follow_ups, 'Folgekontakt', 'Folgekontakte')}"
            )
        )

    @staticmethod
    def _result_text(result: dict | None) -> str:
        if not result:
            return ""
        when = result.get("date") or ""
        if "T" in when:
            when = datetime.fromisoformat(when).strftime("%d.%m.%Y %H:%M")
        elif when:
            when = format_date_de(date.fromisoformat(when))
        return f"{result['outcome']} {when}".strip()

    def _card(self, institute: Institute, group_id: str) -> Text:
        group = institute.groups[group_id]
        text = Text.assemble(("Jetzt anrufen: ", "bold"), (line(f"{group.number} {group.name}"), "bold reverse"),
                             f"  Klasse {group.cls or '–'}\n")  # fmt: skip
        for person in group.persons[:3]:
            function = f" ({person.function})" if person.function else ""
            text.append(line(f"  {person.name}{function}  {person.phone or 'keine Telefonnummer'}") + "\n")
        if not group.persons:
            text.append("  kein Ansprechpartner erfasst\n", style="italic")
        text.append("1 Termin vereinbart · 2 Folgekontakt · 3 nicht erreicht · 4 kein Interesse", style="bold")
        return text

    def _show_summary(self, institute: Institute) -> None:
        history = cp.session_history(self.records)
        shown = next((s for s in history if s.id == self._shown_id), history[-1] if history else None)
        if shown is not None:
            fill_summary(self.query_one("#cp-summary-table", DataTable), shown, institute.advisors)
            self.query_one("#cp-summary-table").border_title = f"Auswertung Call Party {session_label(shown)}"
        fill_history(self.query_one("#cp-history-table", DataTable), history)
        draw_chart(self.query_one("#cp-chart", PlotextPlot), history)

    def _tick(self) -> None:
        head = self.query_one("#cp-head", Static)
        if self.session is None:
            head.update(Text("Call Party", "bold"))
            return
        left = cp.remaining(self.session, self.now())
        started = cp.session_start(self.session)
        clock = cp.format_countdown(left) if left.total_seconds() else "Zeit abgelaufen"
        head.update(Text.assemble(
            ("Call Party läuft ", "bold"), f"seit {started:%H:%M} Uhr (gestartet von {self.session['started_by']}) · ",
            ("noch ", "bold"), (clock, "bold reverse" if left.total_seconds() else "bold red"),
        ))  # fmt: skip

    # ---- keys -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "start":
            return self.view == "setup" and self.app.permits("callparty")
        if action == "outcome":
            return self.view == "work" and bool(self.session and cp.open_groups(self.session, self.app.user))
        if action == "undo":
            return self.view == "work" and self._undoable() is not None
        if action == "end":
            return self.view == "work"
        if action == "history":
            return self.view == "setup" and bool(self.records)
        if action == "back":
            return self.view == "summary"
        return True

    def action_start(self) -> None:
        if not self.app.allowed("callparty"):
            return
        institute = self.app.institute
        picked = self.query_one("#cp-advisors", SelectionList).selected
        if institute is None or not picked:
            self.notify("Bitte mindestens einen Betreuer wählen (Leertaste).", severity="warning")
            return
        config, today, now = institute.config, self.app.as_of, self.now()
        queues = {
            code: [i.group.id for i in cp.select_queue(code, institute.groups.values(), institute.contacts, config, today)]
            for code in picked
        }
        session = cp.new_session(new_id(), self.app.user, now, config.call_party.minutes, queues)
        self._shown_id = None
        self._write(lambda records: cp.start_session(records, session, now), "Call Party gestartet.")

    @work(group="cp-write", description="Call Party speichern")
    async def _write(self, change, done_message: str = "") -> None:
        written = await self.app.update_collection(cp.COLLECTION, change)
        if written.problem:
            self.notify(written.problem, title="Call Party", severity="error", timeout=10)
        elif done_message:
            self.notify(done_message)
        self._reread()

    def action_outcome(self, index: int) -> None:
        if self._busy or self.session is None:
            return
        open_ids = cp.open_groups(self.session, self.app.user)
        if not open_ids:
            return
        outcome, group_id = cp.OUTCOMES[index], open_ids[0]
        if outcome not in (cp.APPOINTMENT, cp.FOLLOW_UP):
            self._record(group_id, outcome, None)
            return
        group = self.app.institute.groups[group_id]
        title = f"{outcome} mit {group.name}: " + (
            "wann ist der Termin?" if outcome == cp.APPOINTMENT else "wann ist der Folgekontakt?"
        )
        prompt = DatePrompt(title, self.app.as_of, self.app.institute.config.federal_state, ask_time=outcome == cp.APPOINTMENT)
        self._busy = True

        def answered(when) -> None:
            self._busy = False
            if when is not None:
                self._record(group_id, outcome, when)

        self.app.push_screen(prompt, answered)

    def _record(self, group_id: str, outcome: str, when: date | datetime | None) -> None:
        institute, user, today = self.app.institute, self.app.user, self.app.as_of
        group = institute.groups[group_id]
        role = role_of(user, group, institute.advisors, today)
        entry = cp.call_input(outcome, group, role, institute.config, today, when)
        contact, problems = build_call(entry, group, role, user, institute.config, today)
        if contact is None:
            self.notify(" ".join(problems.values()), title="Nicht erfasst", severity="error", timeout=10)
            return
        saved = self.app.save_contact(contact)  # the app reports a failed save
        iso = "" if when is None else when.isoformat(timespec="minutes") if isinstance(when, datetime) else when.isoformat()
        session_id, at = self.session["id"], self.now()
        # Shown at once; the write below merges it into the fresh record on the share.
        (self.session,) = cp.record_outcome([self.session], session_id, group_id, outcome, user, at, iso)
        self._pending[group_id] = self.session["outcomes"][group_id]
        self._show()
        recorded = self._write(lambda records: cp.record_outcome(records, session_id, group_id, outcome, user, at, iso))
        self._last = LastOutcome(group_id, contact, saved, recorded, monotonic())
        self.set_timer(UNDO_SECONDS + 0.1, self.refresh_bindings)

    def _undoable(self) -> LastOutcome | None:
        last = self._last
        return last if last is not None and monotonic() - last.at <= UNDO_SECONDS else None

    def action_undo(self) -> None:
        last, self._last = self._undoable(), None
        if last is None or self.session is None:
            self.notify("Nichts mehr zurückzunehmen (nur das letzte Ergebnis, 10 Sekunden lang).", severity="warning")
            return
        session_id, user = self.session["id"], self.app.user
        self._pending.pop(last.group_id, None)
        self._withdrawn.add(last.group_id)
        (self.session,) = cp.withdraw_outcome([self.session], session_id, last.group_id, user)
        self._show()
        self._take_back(last, session_id, user)

    @work(group="cp-undo", description="Call Party zurücknehmen")
    async def _take_back(self, last: LastOutcome, session_id: str, user: str) -> None:
        """Once the outcome and its contact are written, take both back."""
        await last.recorded.wait()
        saved = await last.saved
        written = await self.app.update_collection(
            cp.COLLECTION, lambda records: cp.withdraw_outcome(records, session_id, last.group_id, user)
        )
        if not saved.problem:
            withdrawn = await self.app.withdraw_contact(last.contact)
            written = withdrawn if withdrawn.problem else written
        group = self.app.institute.groups.get(last.group_id) if self.app.institute else None
        name = group.name if group else last.group_id
        if written.problem:
            self.notify(written.problem, title="Nicht zurückgenommen", severity="error", timeout=10)
        else:
            self.notify(f"Zurückgenommen: {name} — Ergebnis und Kontakt gelöscht.")
        self._reread()

    def action_end(self) -> None:
        if self.session is None:
            return
        session_id, user, at = self.session["id"], self.app.user, self.now()
        self._shown_id = session_id
        self._write(lambda records: cp.end_session(records, session_id, user, at), "Call Party beendet.")

    def action_history(self) -> None:
        self._shown_id = max(self.records, key=cp.session_start)["id"] if self.records else None
        self.view = "summary"
        self._show()

    def action_back(self) -> None:
        self._shown_id = None
        self.view = "setup"
        self._show()

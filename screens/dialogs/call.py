"""The guided call: talking points first, then the outcome (one key), channel, format, the
person spoken to and a note, a meeting date for "Termin vereinbart", and last the follow-up
date, which cannot be skipped. Enter moves on; Enter in the follow-up saves.

Pre-filled values are right most of the time, so logging from the list is `a`, the outcome's
digit, Enter, Enter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static
from textual.worker import Worker

from model.contacts import (
    APPOINTMENT,
    CallInput,
    allowed_formats,
    build_call,
    default_format,
    role_of,
    suggested_follow_up,
    talking_points,
)
from model.entities import Contact, Group
from model.german import describe_follow_up, format_date_de, parse_relative_date, role_label
from model.institute import Institute
from screens.dialogs import FLOW, pushed
from screens.widgets.outcome_choice import OutcomeChoice
from screens.widgets.talking_points import talking_points_text
from screens.widgets.text import options, plain

FIELD_ORDER = ("outcome", "channel", "format", "person", "deal", "meeting", "follow_up")
FIELD_WIDGETS = {
    "outcome": "#outcome",
    "channel": "#channel",
    "format": "#format",
    "person": "#person",
    "deal": "#deal",
    "meeting": "#meeting-day",
    "follow_up": "#follow-up",
}


def start_call(app: App, group_id: str, role: str | None, on_saved: Callable[[], None] | None = None) -> Worker[Contact | None]:
    """Start the guided call as a worker of the app, not of the screen it was started from:
    a save that fails after the group card was closed still reopens the call. The dialog is
    pushed here, in the key's handler, so the keys typed right after `a` find it."""
    first = pushed(app, CallScreen(group_id, role or _role(app, group_id)))
    return app.run_worker(guided_call(app, group_id, role, on_saved, first), group=FLOW, description="Gespräch erfassen")


def _role(app: App, group_id: str) -> str:
    institute: Institute = app.institute
    return role_of(app.user, institute.groups[group_id], institute.advisors, app.as_of)


async def guided_call(
    app: App,
    group_id: str,
    role: str | None,
    on_saved: Callable[[], None] | None = None,
    first: tuple[ModalScreen, asyncio.Future] | None = None,
) -> Contact | None:
    """The call from the first key to the stored contact. A save that fails reopens the
    dialog with everything typed and the reason, until it is saved or cancelled."""
    institute: Institute = app.institute
    group = institute.groups[group_id]
    role = role or role_of(app.user, group, institute.advisors, app.as_of)
    draft, problem = None, ""
    while True:
        if first is not None:
            (screen, answer), first = first, None
            contact = await answer
        else:
            screen = CallScreen(group_id, role, draft, problem)
            contact = await app.push_screen_wait(screen)
        if contact is None:
            return None
        if on_saved is not None:
            on_saved()
        # Shown at once; the write runs in the background and takes the contact back on failure.
        app.notify(f"Gespräch mit {group.name} erfasst. Folgekontakt {format_date_de(contact.follow_up)}.")
        written = await app.save_contact(contact)
        if not written.problem:
            return contact
        draft, problem = screen.entry, written.problem


class CallScreen(ModalScreen[Contact | None]):
    CSS_PATH = "call.tcss"
    # Below 104 columns the dialog takes the whole width and drops the blank lines (call.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (104, "-wide")]
    AUTO_FOCUS = "#outcome"
    BINDINGS = [
        Binding("1", "outcome(0)", "Termin", show=False),
        Binding("2", "outcome(1)", "Gespräch", show=False),
        Binding("3", "outcome(2)", "kein Interesse", show=False),
        Binding("4", "outcome(3)", "nicht erreicht", show=False),
        Binding("ctrl+s", "save", "Speichern", id="save_call", tooltip="Gespräch speichern"),
        Binding("escape", "cancel", "Abbrechen", id="cancel_call", tooltip="Gespräch nicht erfassen"),
    ]

    def __init__(self, group_id: str, role: str, draft: CallInput | None = None, problem: str = "") -> None:
        super().__init__()
        self.group_id = group_id
        self.role = role
        self.draft = draft
        self.problem = problem
        self.entry: CallInput | None = draft
        self._prefill = ""
        self._prefill_reason: str | None = None

    @property
    def group(self) -> Group:
        return self.app.institute.groups[self.group_id]

    def compose(self) -> ComposeResult:
        institute: Institute = self.app.institute
        group, config, today = self.group, institute.config, self.app.as_of
        draft = self.draft
        points = self._points = talking_points(group, institute.history(group.id), self.role, config, today)
        last_person = points.last_conversation.person if points.last_conversation else ""
        persons = [(f"{p.name} ({p.function})" if p.function else p.name, p.id) for p in group.persons]
        person = draft.person if draft else (last_person or (group.persons[0].id if group.persons else ""))
        formats = allowed_formats(config, group)
        chosen_format = draft.format if draft and draft.format in formats else default_format(config, group)
        with VerticalScroll(id="call-dialog"):
            yield Static(
                plain(f"Gespräch mit {group.number} {group.name} · Klasse {group.cls or '–'} · Rolle {role_label(self.role)}"),
                id="call-title",
            )
            yield Static(talking_points_text(points, institute), id="talking-points")
            yield OutcomeChoice(config.outcomes, draft.outcome if draft else None, id="outcome")
            with Horizontal(classes="call-row"):
                yield Label("Kanal", classes="call-label")
                yield Select(
                    options((c, c) for c in config.channels),
                    value=draft.channel if draft and draft.channel else config.channels[0],
                    allow_blank=False,
                    compact=True,
                    id="channel",
                )
                yield Label("Anlass", id="format-label")
                yield Select(options((f, f) for f in formats), value=chosen_format, allow_blank=False, compact=True, id="format")
            with Horizontal(classes="call-row"):
                yield Label("Gesprochen mit", classes="call-label")
                yield Select(
                    options(persons), value=person or Select.NULL, prompt="– nicht angegeben –", compact=True, id="person"
                )
            with Horizontal(classes="call-row"):
                yield Input(draft.note if draft else "", placeholder="Notiz (optional), Enter: weiter", compact=True, id="note")
                yield Label(" Abschluss € ", id="deal-label")
                yield Input(draft.deal if draft else "", placeholder="optional", compact=True, id="deal")
            with Horizontal(classes="call-row", id="meeting-row"):
                yield Label("Termin am", classes="call-label")
                yield Input(
                    draft.meeting_day if draft else "", placeholder="TT.MM.JJJJ, Di, +2w …", compact=True, id="meeting-day"
                )
                yield Label(" um ", id="at-label")
                yield Input(draft.meeting_time if draft else "", placeholder="10:00", compact=True, id="meeting-time")
            with Horizontal(classes="call-row"):
                yield Label("Folgekontakt", classes="call-label")
                yield Input(draft.follow_up if draft else "", compact=True, id="follow-up")
            yield Static("", id="follow-up-preview")
            yield Static(plain(self.problem), id="call-problem")
        yield Footer()

    def on_mount(self) -> None:
        institute: Institute = self.app.institute
        if institute.needs_older(self._points.last_conversation, self._points.open_follow_up):
            self._read_older(institute.history_from.year)
        self._show_meeting_row()
        if not self.query_one("#follow-up", Input).value:
            self._prefill_follow_up()
        self._preview()
        self.query_one("#outcome", OutcomeChoice).focus()

    @work(exclusive=True, group="call-older")
    async def _read_older(self, before: int) -> None:
        """The last conversation or the open follow-up lies in a closed year: the picture has
        it from the status index, without its note. Read the group's closed years (as the
        card does) and show the talking points again, notes included; only this text changes,
        nothing the user has typed. A file that cannot be read leaves the points as they are."""
        read = await self.app.read_closed_history(self.group, before)
        institute: Institute = self.app.institute
        if read.problem or not read.value or institute is None or not self.is_attached:
            return
        history = institute.history_with(self.group_id, read.value)
        points = talking_points(self.group, history, self.role, institute.config, self.app.as_of)
        self.query_one("#talking-points", Static).update(talking_points_text(points, institute))

    # ---- reacting to input ------------------------------------------------------------------

    @property
    def outcome(self) -> str | None:
        return self.query_one("#outcome", OutcomeChoice).outcome

    def _show_meeting_row(self) -> None:
        self.query_one("#meeting-row").display = self.outcome == APPOINTMENT

    def _meeting_day(self):
        try:
            return parse_relative_date(self.query_one("#meeting-day", Input).value, self.app.as_of)
        except ValueError:
            return None

    def _prefill_follow_up(self) -> None:
        """Suggest a date until the advisor types one of their own."""
        field = self.query_one("#follow-up", Input)
        if field.value and field.value != self._prefill:
            return
        institute = self.app.institute
        outcome = self.outcome or institute.config.outcomes[1]
        shift = suggested_follow_up(self.group, self.role, outcome, institute.config, self.app.as_of, self._meeting_day())
        self._prefill = format_date_de(shift.day)
        self._prefill_reason = shift.reason
        field.value = self._prefill

    def _preview(self) -> None:
        value = self.query_one("#follow-up", Input).value
        config = self.app.institute.config
        shift, text = describe_follow_up(value, self.app.as_of, config.federal_state)
        if shift and value == self._prefill and self._prefill_reason:
            text = f"{text} (vorgeschlagen: {self._prefill_reason})"
        preview = self.query_one("#follow-up-preview", Static)
        preview.update(plain(f"→ {text}" if shift else text))
        preview.set_class(shift is None, "problem")

    def on_outcome_choice_chosen(self, event: OutcomeChoice.Chosen) -> None:
        self._show_meeting_row()
        self._prefill_follow_up()
        self.query_one("#note", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "meeting-day":
            self._prefill_follow_up()
        if event.input.id in ("follow-up", "meeting-day"):
            self._preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        following = {
            "note": "#meeting-day" if self.outcome == APPOINTMENT else "#follow-up",
            "deal": "#meeting-day" if self.outcome == APPOINTMENT else "#follow-up",
            "meeting-day": "#meeting-time",
            "meeting-time": "#follow-up",
        }
        if event.input.id == "follow-up":
            self.action_save()
        elif event.input.id in following:
            self.query_one(following[event.input.id]).focus()

    # ---- actions ----------------------------------------------------------------------------

    def action_outcome(self, index: int) -> None:
        self.query_one("#outcome", OutcomeChoice).pick(index)

    def _value(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return "" if value is Select.NULL else str(value)

    def action_save(self) -> None:
        if not self.app.allowed("log", self.group):
            return
        institute = self.app.institute
        entry = CallInput(
            outcome=self.outcome or "",
            channel=self._value("#channel"),
            format=self._value("#format"),
            person=self._value("#person"),
            note=self.query_one("#note", Input).value,
            follow_up=self.query_one("#follow-up", Input).value,
            meeting_day=self.query_one("#meeting-day", Input).value,
            meeting_time=self.query_one("#meeting-time", Input).value,
            deal=self.query_one("#deal", Input).value,
        )
        self.entry = entry
        contact, problems = build_call(entry, self.group, self.role, self.app.user, institute.config, self.app.as_of)
        if contact is not None:
            self.dismiss(contact)
            return
        self.query_one("#call-problem", Static).update(plain("\n".join(problems.values())))
        first = next(field for field in FIELD_ORDER if field in problems)
        self.query_one(FIELD_WIDGETS.get(first, "#follow-up")).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

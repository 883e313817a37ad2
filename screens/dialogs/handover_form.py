"""Portfolio handover from the administration screen: from whom, to whom, all or the named
groups, from which day — planned with `model.staff.plan_handover` (the check of `kontakt
handover`, German messages), then a summary to confirm, then written all or nothing by
`model.staff.hand_over` (`App.hand_over`). A refusal reopens the form with the reason."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from model.german import counted, format_date_de, parse_date_de
from model.institute import Institute
from model.staff import Handover, StaffError, plan_handover
from screens.dialogs import FLOW, pushed
from screens.dialogs.confirm import ConfirmScreen
from screens.widgets.text import plain

FIELDS = (
    ("giver", "von", "Kürzel der abgebenden Person"),
    ("taker", "an", "Kürzel der übernehmenden Person"),
    ("groups", "Verbünde", "leer = alle; sonst Nummern mit Komma oder Leerzeichen"),
    ("day", "Stichtag", "TT.MM.JJJJ (nicht in der Zukunft)"),
)


@dataclass(frozen=True)
class HandoverRequest:
    giver: str
    taker: str
    numbers: tuple[str, ...]
    on: date
    plan: Handover

    def summary(self) -> str:
        which = ", ".join(self.numbers) if self.numbers else "alle Verbünde"
        lines = [
            f"{self.giver} → {self.taker} zum {format_date_de(self.on)} ({which}):",
            f"FKB-Rolle in {counted(len(self.plan.lead), 'Verbund', 'Verbünden')}, "
            f"{counted(len(self.plan.co_care), 'Co-Betreuung', 'Co-Betreuungen')}; "
            f"{counted(self.plan.open_follow_ups, 'offener Folgekontakt geht', 'offene Folgekontakte gehen')} mit.",
            "Die Kontakthistorie bleibt, jede Änderung steht im Protokoll.",
            *self.plan.notes,
        ]
        return "\n".join(lines)


def check_request(values: dict[str, str], institute: Institute, today: date) -> tuple[HandoverRequest | None, str]:
    """The typed values planned: (request, "") or (None, German reason)."""
    giver, taker = values["giver"].strip().upper(), values["taker"].strip().upper()
    numbers = tuple(n for n in re.split(r"[,;\s]+", values["groups"]) if n)
    try:
        on = parse_date_de(values["day"])
    except ValueError as exc:
        return None, f"Stichtag: {exc}"
    if on > today:
        return None, f"Stichtag: {format_date_de(on)} liegt in der Zukunft; eine Übergabe wird am Tag selbst gebucht."
    try:
        plan = plan_handover(institute, giver, taker, numbers, on)
    except StaffError as exc:
        return None, str(exc)
    return HandoverRequest(giver, taker, numbers, on, plan), ""


def start_handover(app: App, giver: str = "") -> Worker[bool]:
    first = pushed(app, HandoverScreen(app.institute, app.as_of, {"giver": giver}))
    return app.run_worker(run_handover(app, first), group=FLOW, description="Übergabe")


async def run_handover(app: App, first: tuple[ModalScreen, asyncio.Future]) -> bool:
    typed: dict[str, str] = {}
    problem = ""
    while True:
        if first is not None:
            (form, answer), first = first, None
            request = await answer
        else:
            form = HandoverScreen(app.institute, app.as_of, typed, problem)
            request = await app.push_screen_wait(form)
        if request is None:
            return False
        typed = form.typed
        if not await app.push_screen_wait(ConfirmScreen("Portfolio übergeben?", request.summary())):
            problem = "Nicht übergeben – bitte ändern oder mit Esc abbrechen."
            continue
        written = await app.hand_over(request.giver, request.taker, list(request.numbers), request.on)
        if not written.problem:
            moved = written.value
            app.notify(
                f"Übergabe {request.giver} → {request.taker}: FKB-Rolle in {len(moved.lead)} Verbünden, "
                f"{len(moved.co_care)} Co-Betreuungen.",
                title="Übergabe gespeichert",
            )
            return True
        problem = f"Nicht gespeichert: {written.problem}"


class HandoverScreen(ModalScreen[HandoverRequest | None]):
    CSS_PATH = "handover_form.tcss"
    BINDINGS = [Binding("escape", "cancel", "Abbrechen", id="cancel_handover")]

    def __init__(self, institute: Institute, today: date, typed: dict[str, str] | None = None, problem: str = "") -> None:
        super().__init__()
        self.institute = institute
        self.today = today
        self.typed = {"giver": "", "taker": "", "groups": "", "day": format_date_de(today)} | (typed or {})
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-dialog"):
            yield Static("Portfolio-Übergabe", id="handover-title")
            for field, label, hint in FIELDS:
                with Horizontal(classes="handover-row"):
                    yield Label(label, classes="handover-label")
                    yield Input(self.typed[field], placeholder=hint, compact=True, id=f"handover-{field}")
            yield Static(plain(self.problem), id="handover-problem", classes="problem")
            yield Static("Enter: nächstes Feld, im letzten prüfen · Esc: abbrechen", id="handover-hint")

    def on_mount(self) -> None:
        first = next((f for f, _, _ in FIELDS if not self.typed[f]), "giver")
        self.query_one(f"#handover-{first}", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = [f"handover-{field}" for field, _, _ in FIELDS]
        index = ids.index(event.input.id)
        if index + 1 < len(ids):
            self.query_one(f"#{ids[index + 1]}", Input).focus()
            return
        self.typed = {field: self.query_one(f"#handover-{field}", Input).value for field, _, _ in FIELDS}
        request, problem = check_request(self.typed, self.institute, self.today)
        if request is None:
            self.query_one("#handover-problem", Static).update(plain(problem))
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)

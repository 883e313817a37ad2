"""Adding a person or changing one (administration screen): Kürzel, name, department, role,
net market time, login and e-mail, each checked with the staff rules the CLI uses
(`model.staff.check_*`), the German message beside the field; what was typed stays on any
error. The result is a `StaffEntry`; the save (`App.save_staff_change`) checks once more,
asks the role and audits, and a refusal reopens the form with the reason."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static
from textual.worker import Worker

from model.entities import Advisor
from model.german import format_number, parse_decimal
from model.institute import Institute
from model.staff import StaffError, check_code, check_department, check_email, check_hours, check_login, check_role
from screens.dialogs import FLOW, pushed
from screens.widgets.text import plain

FIELDS = (
    ("code", "Kürzel", "Buchstaben und Ziffern, z. B. MKR"),
    ("name", "Name", "Vor- und Nachname"),
    ("department", "Fachbereich", "leer = keiner (FKB)"),
    ("role", "Rolle", "Berater, Teamleiter oder Administrator"),
    ("hours", "Nettomarktzeit", "Stunden im Jahr, z. B. 630 oder 472,5"),
    ("login", "Login", "Windows-Anmeldename, z. B. BANK\\mkraus; leer = keiner"),
    ("email", "E-Mail", "Absender der Care-Call-Entwürfe; leer = keine"),
)


@dataclass(frozen=True)
class StaffEntry:
    """A checked form: the fields of `model.staff.add_person` / `change_person`."""

    code: str
    name: str
    department: str | None
    role: str
    hours: float
    login: str
    email: str

    def fields(self) -> dict:
        return {
            "name": self.name, "department": self.department or "", "role": self.role,
            "hours": self.hours, "login": self.login, "email": self.email,
        }  # fmt: skip


def check_entry(
    values: dict[str, str], institute: Institute, existing: Advisor | None
) -> tuple[StaffEntry | None, dict[str, str]]:
    """The typed values checked by the staff rules: (entry, {}) or (None, field → German problem)."""
    problems: dict[str, str] = {}
    checked: dict[str, object] = {}

    def run(field: str, check) -> None:
        try:
            checked[field] = check(values[field])
        except StaffError as exc:  # the model's message names the field
            problems[field] = str(exc)

    run("code", (lambda v: existing.code) if existing else check_code)
    if not values["name"].strip():
        problems["name"] = "Name: Wert fehlt."
    run("department", lambda v: check_department(v, institute))
    run("role", check_role)
    run("hours", _hours)
    run("login", lambda v: check_login(v, str(checked.get("code", "")), institute))
    run("email", check_email)
    if problems:
        return None, problems
    entry = StaffEntry(
        str(checked["code"]), " ".join(values["name"].split()), checked["department"],  # type: ignore[arg-type]
        str(checked["role"]), float(checked["hours"]), str(checked["login"]), str(checked["email"]),  # type: ignore[arg-type]
    )  # fmt: skip
    return entry, {}


def _hours(text: str) -> float:
    try:
        return check_hours(parse_decimal(text))
    except StaffError:
        raise
    except ValueError as exc:  # parse_decimal's German message, without the field
        raise StaffError(f"Nettomarktzeit: {exc}") from None


def start_staff_edit(app: App, existing: Advisor | None) -> Worker[Advisor | None]:
    """Add (existing None) or change a person, as a worker of the app (pushed now, so keys
    typed right after reach the form)."""
    first = pushed(app, StaffFormScreen(app.institute, existing))
    return app.run_worker(edit_staff(app, existing, first), group=FLOW, description="Mitarbeiter")


async def edit_staff(app: App, existing: Advisor | None, first: tuple[ModalScreen, asyncio.Future]) -> Advisor | None:
    """The form, then the save; a refused or failed save reopens the form with what was typed
    and the reason, until it is saved or cancelled."""
    typed, problem = None, ""
    while True:
        if first is not None:
            (form, answer), first = first, None
            entry = await answer
        else:
            form = StaffFormScreen(app.institute, existing, typed, problem)
            entry = await app.push_screen_wait(form)
        if entry is None:
            return None
        written = await app.save_staff_change(entry.code, entry.fields(), new=existing is None)
        if not written.problem:
            saved = written.value
            app.notify(f"{saved.code} {saved.name} gespeichert ({saved.role}).", title="Mitarbeiter")
            return saved
        typed, problem = form.typed, f"Nicht gespeichert: {written.problem}"


class StaffFormScreen(ModalScreen[StaffEntry | None]):
    CSS_PATH = "staff_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Speichern", id="save_staff"),
        Binding("escape", "cancel", "Abbrechen", id="cancel_staff"),
    ]

    def __init__(self, institute: Institute, existing: Advisor | None, typed: dict[str, str] | None = None, problem: str = ""):
        super().__init__()
        self.institute = institute
        self.existing = existing
        a = existing
        self.typed: dict[str, str] = typed or {
            "code": a.code if a else "", "name": a.name if a else "", "department": (a.department or "") if a else "",
            "role": a.role if a else "Berater", "hours": format_number(a.net_market_hours if a else 630.0, 1),
            "login": a.login if a else "", "email": a.email if a else "",
        }  # fmt: skip
        self.problem = problem

    def compose(self) -> ComposeResult:
        title = f"{self.existing.code} ändern" if self.existing else "Neue Person"
        with Vertical(id="staff-dialog"):
            yield Static(title, id="staff-title")
            for field, label, hint in FIELDS:
                with Horizontal(classes="staff-row"):
                    yield Label(label, classes="staff-label")
                    yield Input(
                        self.typed[field], placeholder=hint, compact=True, id=f"staff-{field}",
                        disabled=field == "code" and self.existing is not None,
                    )  # fmt: skip
                yield Static("", id=f"staff-{field}-problem", classes="problem staff-field-problem")
            yield Static(plain(self.problem), id="staff-problem", classes="problem")
            yield Static("Enter: nächstes Feld, im letzten speichern", id="staff-hint")
        yield Footer()

    def on_mount(self) -> None:
        for field, _, _ in FIELDS:
            self.query_one(f"#staff-{field}-problem", Static).display = False
        self.query_one("#staff-problem", Static).display = bool(self.problem)
        self.query_one("#staff-name" if self.existing else "#staff-code", Input).focus()

    def _values(self) -> dict[str, str]:
        return {field: self.query_one(f"#staff-{field}", Input).value for field, _, _ in FIELDS}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ids = [f"staff-{field}" for field, _, _ in FIELDS if not (field == "code" and self.existing)]
        index = ids.index(event.input.id)
        if index + 1 < len(ids):
            self.query_one(f"#{ids[index + 1]}", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.typed = self._values()
        entry, problems = check_entry(self.typed, self.institute, self.existing)
        for field, _, _ in FIELDS:
            shown = self.query_one(f"#staff-{field}-problem", Static)
            shown.update(plain(problems.get(field, "")))
            shown.display = field in problems
        if entry is None:
            first = next(field for field, _, _ in FIELDS if field in problems)
            self.query_one(f"#staff-{first}", Input).focus()
            return
        self.dismiss(entry)

    def action_cancel(self) -> None:
        self.dismiss(None)

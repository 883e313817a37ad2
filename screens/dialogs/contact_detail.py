"""One contact of the history, whole: every field and the full note (the card's history table
shows only the start of a note). Enter on a history row of the group card opens it."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from model.entities import Contact
from model.german import format_amount, format_date_de, role_label
from screens.widgets.text import line, plain


def contact_text(contact: Contact, app) -> Text:
    institute = app.institute
    group = institute.groups.get(contact.group)
    who = institute.advisors.get(contact.by)
    person = next((p for p in group.persons if p.id == contact.person), None) if group else None
    rows = [
        ("Datum", format_date_de(contact.date)),
        ("von", f"{who.name} ({contact.by})" if who else contact.by),
        ("Rolle", role_label(contact.role)),
        ("Kanal", contact.channel or "–"),
        ("Anlass", contact.format or "–"),
        ("Ergebnis", contact.outcome),
        ("Gesprochen mit", (f"{person.name} ({person.function})" if person.function else person.name) if person else "–"),
        ("Termin", _meeting(contact.meeting)),
        ("Folgekontakt", format_date_de(contact.follow_up) if contact.follow_up else "–"),
        ("Abschluss", format_amount(contact.deal) if contact.deal is not None else "–"),
    ]
    text = Text()
    for label, value in rows:
        text.append(f"{label}: ".ljust(16), style="bold")
        text.append(line(value) + "\n")
    text.append("Notiz:\n", style="bold")
    text.append_text(plain(contact.note or "–"))
    return text


def _meeting(value: str) -> str:
    if not value:
        return "–"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{format_date_de(moment.date())} um {moment:%H:%M}" if "T" in value else format_date_de(moment.date())


class ContactDetailScreen(ModalScreen[None]):
    CSS_PATH = "contact_detail.tcss"
    BINDINGS = [
        Binding("escape,enter", "close", "Schließen", id="close_contact"),
    ]
    AUTO_FOCUS = "#contact-body"

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact

    def compose(self) -> ComposeResult:
        group = self.app.institute.groups.get(self.contact.group)
        title = f"Kontakt mit {group.number} {group.name}" if group else "Kontakt"
        with VerticalScroll(id="contact-body"):
            yield Static(plain(title), id="contact-title")
            yield Static(contact_text(self.contact, self.app), id="contact-fields")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

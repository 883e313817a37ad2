"""The talking points of a call as text: what the casting calls in, who else cares for the
group, the last conversation and the open follow-up with their notes."""

from __future__ import annotations

from rich.text import Text

from model.contacts import TalkingPoints
from model.entities import Contact
from model.german import format_date_de, role_label
from model.institute import Institute
from screens.widgets.text import line


def _contact_line(contact: Contact, institute: Institute) -> str:
    who = institute.advisors.get(contact.by)
    parts = [format_date_de(contact.date), who.name if who else contact.by, role_label(contact.role)]
    parts += [p for p in (contact.channel, contact.format, contact.outcome) if p]
    line = ", ".join(parts)
    return f"{line} – „{contact.note}“" if contact.note else line


def talking_points_text(points: TalkingPoints, institute: Institute) -> Text:
    text = Text()

    def item(label: str, body: str) -> None:
        text.append(f"{label}: ", style="bold")
        text.append(line(body) + "\n")  # names and notes of others: never markup, no controls

    if points.called_in:
        item("Themen", "; ".join(f"{c}: {o} → {d}" for c, o, d in points.called_in))
    if points.co_care:
        names = []
        for a in points.co_care:
            advisor = institute.advisors.get(a.advisor)
            names.append(f"{a.department}: {advisor.name if advisor else a.advisor}")
        item("Co-Betreuung", "; ".join(names))
    if points.last_conversation:
        item("Letztes Gespräch", _contact_line(points.last_conversation, institute))
    else:
        item("Letztes Gespräch", "noch keines erfasst")
    if points.open_follow_up:
        follow = points.open_follow_up
        note = f" – „{follow.note}“" if follow.note else ""
        item("Offener Folgekontakt", f"{format_date_de(follow.follow_up)} (vereinbart am {format_date_de(follow.date)}){note}")
    return text

"""The user's due contacts and booked meetings as an iCalendar file that Outlook imports.

One event per item: a due (group, role) is an all-day event on its due date (never
contacted: on the as-of date, it is due at once); a booked meeting (Contact.meeting) lasts
60 minutes, in German local time. UIDs are derived from the group id and the role (and the
contact id for a meeting), never random: importing a newer export into Outlook updates the
events instead of adding a second copy. DTSTAMP is derived from the as-of date, so the same
store and day give byte-identical files.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from model.config import Config
from model.german.dates import format_date_de
from model.entities import Contact, Group
from model.german.labels import role_label
from model.contacts.due import NEVER, due_list

BERLIN = ZoneInfo("Europe/Berlin")
MEETING_MINUTES = 60
_NAMESPACE = uuid.UUID("6f1c1c1e-7d8a-4a36-9d53-5b0c6b7e0a11")
"""Fixed namespace of kontakt's UIDs; changing it would duplicate every imported event."""


def due_uid(group_id: str, role: str) -> str:
    return f"{uuid.uuid5(_NAMESPACE, f'due|{group_id}|{role}')}@kontakt"


def meeting_uid(group_id: str, role: str, contact_id: str) -> str:
    return f"{uuid.uuid5(_NAMESPACE, f'meeting|{group_id}|{role}|{contact_id}')}@kontakt"


@dataclass(frozen=True, slots=True)
class CalendarItem:
    uid: str
    summary: str
    description: str
    start: date | datetime
    """A date: all-day event; a datetime (Berlin time): a timed one."""
    end: date | datetime


def due_items(
    advisor: str, groups: Sequence[Group], contacts: Mapping[str, Sequence[Contact]], config: Config,
    as_of: date, days: int | None = None,
) -> list[CalendarItem]:  # fmt: skip
    """The user's Kontakt-Reminder (as on the start screen) as all-day events."""
    items = []
    for due in due_list(advisor, groups, contacts, config, as_of, days):
        group = due.group
        day = as_of if due.reason == NEVER else due.due
        lines = [f"Klasse {due.cls or '–'} · Rolle {role_label(due.role)}"]
        if due.reason == NEVER:
            lines.append("noch nie kontaktiert – sofort fällig")
        elif due.last_contact:
            lines.append(f"letzter Kontakt {format_date_de(due.last_contact)}")
        if due.overdue_days and due.overdue_days > 0:
            lines.append(f"überfällig seit {due.overdue_days} Tagen (Stand {format_date_de(as_of)})")
        items.append(
            CalendarItem(
                due_uid(group.id, due.role),
                f"Kontakt fällig: {group.number} {group.name}",
                "\n".join(lines),
                day,
                day + timedelta(days=1),
            )
        )
    return items


def meeting_items(
    advisor: str, groups: Mapping[str, Group], contacts: Mapping[str, Sequence[Contact]], as_of: date
) -> list[CalendarItem]:
    """Meetings the user booked (any role), from the as-of date on; earlier ones are history."""
    items = []
    for group_id, entries in contacts.items():
        group = groups.get(group_id)
        if group is None:
            continue
        for c in entries:
            if not c.meeting or c.by != advisor or c.date > as_of:
                continue
            try:
                start = datetime.fromisoformat(c.meeting)
            except ValueError:
                continue  # a hand-edited store; one bad entry must not stop the export
            if start.date() < as_of:
                continue
            start = start.replace(tzinfo=BERLIN) if start.tzinfo is None else start
            items.append(
                CalendarItem(
                    meeting_uid(group.id, c.role, c.id),
                    f"Termin: {group.number} {group.name}",
                    f"vereinbart am {format_date_de(c.date)} · Rolle {role_label(c.role)}"
                    + (f"\n{c.note}" if c.note else ""),
                    start,
                    start + timedelta(minutes=MEETING_MINUTES),
                )
            )
    items.sort(key=lambda i: (i.start, i.uid))
    return items


def to_ics(items: Sequence[CalendarItem], as_of: date, name: str = "kontakt") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kontakt//Kontaktmanagement//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=timezone.utc)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        # all-day reminders must not block the advisor's time in Outlook's scheduling
        event.add("transp", "TRANSPARENT" if not isinstance(item.start, datetime) else "OPAQUE")
        calendar.add_component(event)
    if any(isinstance(i.start, datetime) for i in items):
        calendar.add_missing_timezones()
    return calendar.to_ical()


def export_calendar(
    advisor: str, groups: Mapping[str, Group], contacts: Mapping[str, Sequence[Contact]], config: Config,
    as_of: date, days: int | None = None,
) -> tuple[bytes, int, int]:  # fmt: skip
    """The .ics document, the number of due events and of meeting events."""
    due = due_items(advisor, list(groups.values()), contacts, config, as_of, days)
    meetings = meeting_items(advisor, groups, contacts, as_of)
    return to_ics([*due, *meetings], as_of, f"kontakt {advisor}"), len(due), len(meetings)

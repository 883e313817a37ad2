"""The user's due contacts and booked meetings as an iCalendar file that Outlook imports.

One event per item: a due (group, role) is an all-day event on its due date; overdue and never
contacted ones sit on the export day (Outlook's day and week views do not show past days the
user no longer looks at), the due date in the text. A booked meeting (Contact.meeting) lasts
60 minutes, in German local time, with the Berlin zone written as yearly rules
(`ical_timezone`). UIDs are derived from the group id and the role (and the contact id for a
meeting), never random: importing a newer export updates the events instead of adding a
second copy.

Done reminders: a reminder that was in the user's list just before its latest contact, and
is not any more, is written once more with STATUS:CANCELLED, so a re-import removes it. This
is recomputed from the log (no state file): for contacts of the last `DONE_DAYS` days, the
(group, role) is replayed as it stood before that contact.

SEQUENCE and DTSTAMP come from the export's *stamp*: the later of the as-of day's midnight and
the latest `logged_at` of the user's groups' contacts. A later day or a newly logged contact
gives a higher SEQUENCE (clients apply only updates with a higher one); the same store on the
same day gives byte-identical files. Known gap: a casting or reassignment without a logged
contact on the same day does not raise it (it does from the next day on).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from model.config import Config
from model.contacts.due import NEVER, due_for_role, due_list, role_entries, roles_of
from model.entities import Advisor, Contact, Group, save_order
from model.exchange.ical_timezone import berlin_vtimezone
from model.german.counts import counted
from model.german.dates import format_date_de
from model.german.labels import role_label

BERLIN = ZoneInfo("Europe/Berlin")
MEETING_MINUTES = 60
_NAMESPACE = uuid.UUID("6f1c1c1e-7d8a-4a36-9d53-5b0c6b7e0a11")
"""Fixed namespace of kontakt's UIDs; changing it would duplicate every imported event."""
DONE_DAYS = 92
"""How far back a contact cancels its reminder: a quarter covers an export every few weeks;
older ones were cancelled by the exports in between (or the user never imported them)."""
_EPOCH = datetime(2020, 1, 1)


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
    cancelled: bool = False


def due_items(
    advisor: str, groups: Sequence[Group], contacts: Mapping[str, Sequence[Contact]], config: Config,
    as_of: date, days: int | None = None,
) -> list[CalendarItem]:  # fmt: skip
    """The user's Kontakt-Reminder (as on the start screen) as all-day events."""
    items = []
    for due in due_list(advisor, groups, contacts, config, as_of, days):
        group = due.group
        day = as_of if due.reason == NEVER or due.due < as_of else due.due
        lines = [f"Klasse {due.cls or '–'} · Rolle {role_label(due.role)}"]
        if due.reason == NEVER:
            lines.append("noch nie kontaktiert – sofort fällig")
        elif due.last_contact:
            lines.append(f"letzter Kontakt {format_date_de(due.last_contact)}")
        if due.overdue_days and due.overdue_days > 0:
            lines.append(
                f"fällig seit {format_date_de(due.due)}, überfällig seit {counted(due.overdue_days, 'Tag', 'Tagen')}"
                f" (Stand {format_date_de(as_of)})"
            )
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
                    f"vereinbart am {format_date_de(c.date)} · Rolle {role_label(c.role)}" + (f"\n{c.note}" if c.note else ""),
                    start,
                    start + timedelta(minutes=MEETING_MINUTES),
                )
            )
    items.sort(key=lambda i: (i.start, i.uid))
    return items


def done_items(
    advisor: str, groups: Sequence[Group], contacts: Mapping[str, Sequence[Contact]], config: Config,
    as_of: date, days: int | None = None, current: Sequence[CalendarItem] = (),
) -> list[CalendarItem]:  # fmt: skip
    """Reminders done since they were (probably) exported: the (group, role) is not in the
    list now, its latest contact lies in the last DONE_DAYS days, and just before that contact
    it was in the list (due within the preview, or never contacted). Written CANCELLED on the
    contact's day, so a re-import removes the user's old reminder."""
    showing = {item.uid for item in current}
    horizon_days = config.due_horizon_days if days is None else days
    first = as_of - timedelta(days=DONE_DAYS)
    items = []
    for group, role, frequency in roles_of(advisor, groups, config, as_of):
        uid = due_uid(group.id, role)
        if uid in showing:
            continue
        keep = role_entries(role, config)
        entries = sorted((c for c in contacts.get(group.id, ()) if c.date <= as_of and keep(c)), key=save_order)
        if not entries or entries[-1].date < first:
            continue
        last = entries[-1]
        before = due_for_role(entries[:-1], frequency, config.counted, last.date)
        if before.reason != NEVER and before.date > last.date + timedelta(days=horizon_days):
            continue  # it was not in the list when the contact came: nothing to cancel
        items.append(
            CalendarItem(
                due_uid(group.id, role),
                f"Kontakt fällig: {group.number} {group.name}",
                f"erledigt am {format_date_de(last.date)} ({last.outcome}, {last.by})",
                last.date,
                last.date + timedelta(days=1),
                cancelled=True,
            )
        )
    return items


def export_stamp(groups: Sequence[Group], contacts: Mapping[str, Sequence[Contact]], as_of: date) -> datetime:
    """The later of the as-of day's midnight and the latest `logged_at` of the contacts (up to
    as_of) of `groups`: what SEQUENCE and DTSTAMP are derived from (see the module text)."""
    stamp = datetime.combine(as_of, time(0, 0))
    for group in groups:
        for c in contacts.get(group.id, ()):
            if c.date <= as_of and c.logged_at:
                try:
                    logged = datetime.fromisoformat(c.logged_at).replace(tzinfo=None)
                except ValueError:
                    continue  # a hand-edited store; the day's midnight still orders exports
                stamp = max(stamp, logged)
    return stamp


def sequence_of(stamp: datetime) -> int:
    """Minutes since 01.01.2020: grows with every day and every newly logged contact, and
    stays far below the 32-bit limit Outlook keeps it in (until about year 6100)."""
    return max(0, int((stamp - _EPOCH).total_seconds() // 60))


def organizer(advisor: Advisor | None, code: str) -> vCalAddress:
    """The advisor as ORGANIZER (METHOD:PUBLISH requires one, RFC 5546): mailto: with an
    e-mail if the store knows one, else a URN naming the Kürzel; CN is the name."""
    email = getattr(advisor, "email", "") if advisor else ""  # Advisor has no e-mail yet
    address = vCalAddress(f"mailto:{email}" if email else f"urn:kontakt:berater:{quote(code)}")
    address.params["CN"] = advisor.name if advisor else code
    return address


def to_ics(
    items: Sequence[CalendarItem], as_of: date, name: str = "kontakt",
    stamp: datetime | None = None, organiser: vCalAddress | None = None,
) -> bytes:  # fmt: skip
    calendar = Calendar()
    calendar.add("prodid", "-//kontakt//Kontaktmanagement//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    stamp = stamp or datetime.combine(as_of, time(0, 0))
    organiser = organiser or organizer(None, "kontakt")
    if any(isinstance(i.start, datetime) for i in items):
        calendar.add_component(berlin_vtimezone())
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        # the stamp is German local time; DTSTAMP must be UTC
        event.add("dtstamp", stamp.replace(tzinfo=BERLIN).astimezone(UTC))
        event.add("sequence", sequence_of(stamp))
        event.add("organizer", organiser)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        # all-day reminders must not block the advisor's time in Outlook's scheduling
        event.add("transp", "TRANSPARENT" if not isinstance(item.start, datetime) else "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


class CalendarExport(NamedTuple):
    data: bytes
    """The .ics document."""
    due: int
    meetings: int
    done: int
    """Reminders written as cancelled (done since an earlier export)."""


def export_calendar(
    advisor: str, groups: Mapping[str, Group], contacts: Mapping[str, Sequence[Contact]], config: Config,
    as_of: date, days: int | None = None, advisors: Mapping[str, Advisor] | None = None,
) -> CalendarExport:  # fmt: skip
    """The .ics document with the counts of due, meeting and cancelled (done) events.
    `advisors` gives the organiser's name (else the Kürzel)."""
    group_list = list(groups.values())
    due = due_items(advisor, group_list, contacts, config, as_of, days)
    meetings = meeting_items(advisor, groups, contacts, as_of)
    done = done_items(advisor, group_list, contacts, config, as_of, days, due)
    stamp = export_stamp([g for g, _, _ in roles_of(advisor, group_list, config, as_of)], contacts, as_of)
    data = to_ics(
        [*due, *meetings, *done], as_of, f"kontakt {advisor}", stamp,
        organizer((advisors or {}).get(advisor), advisor),
    )  # fmt: skip
    return CalendarExport(data, len(due), len(meetings), len(done))

"""The guided call: what to talk about, what to pre-fill, and turning what the advisor
entered into a contact — or into German messages naming each field that is wrong.

The follow-up date cannot be skipped: the essay's process is sustainable only when every
conversation ends with the next contact agreed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from model.config import Config
from model.contacts.due import interval
from model.entities import LEAD, Advisor, Assignment, Contact, Group, new_id
from model.german.dates import check_follow_up
from model.german.numbers import parse_amount
from model.german.workdays import Shift, next_working_day, parse_relative_date, to_working_day

APPOINTMENT, NOT_REACHED = "Termin vereinbart", "nicht erreicht"
PREFERRED_FORMAT = "Servicekontakt"


def role_of(user: str, group: Group, advisors: Mapping[str, Advisor], as_of: date) -> str:
    """The role in which `user` calls this group: lead, their co-care department, or the
    department they belong to (a colleague helping out)."""
    if group.lead == user:
        return LEAD
    for assignment in group.active_assignments(as_of):
        if assignment.advisor == user:
            return assignment.department
    advisor = advisors.get(user)
    return advisor.department if advisor and advisor.department else LEAD


def roles_held(user: str, group: Group, advisors: Mapping[str, Advisor], as_of: date) -> tuple[str, ...]:
    """Every role in which `user` may log a contact with this group: lead, each co-care
    department assigned to them, or — only when neither — the role `role_of` gives (a
    colleague helping out). Logging in a role not held would move someone else's due date."""
    held = ([LEAD] if group.lead == user else []) + [a.department for a in group.active_assignments(as_of) if a.advisor == user]
    return tuple(dict.fromkeys(held)) or (role_of(user, group, advisors, as_of),)


def role_frequency(group: Group, role: str, config: Config, as_of: date) -> float:
    if role != LEAD:
        for assignment in group.active_assignments(as_of):
            if assignment.department == role:
                return assignment.frequency
    return config.frequency(group.segment, group.cls)


@dataclass(frozen=True, slots=True)
class TalkingPoints:
    called_in: tuple[tuple[str, str, str], ...]
    """(criterion, chosen option, department) for every option that calls a department in."""
    last_conversation: Contact | None
    open_follow_up: Contact | None
    co_care: tuple[Assignment, ...]


def talking_points(group: Group, history: Sequence[Contact], role: str, config: Config, as_of: date) -> TalkingPoints:
    """`history` newest first, as `Institute.history` gives it."""
    called_in = []
    casting = group.casting
    if casting is not None:
        scheme = config.scheme(casting.scheme)
        for criterion_name, label in casting.answers:
            criterion = scheme.criterion(criterion_name)
            option = criterion.option(label) if criterion else None
            if option is not None and option.department:
                called_in.append((criterion_name, label, option.department))
    past = [c for c in history if c.date <= as_of]
    last = next((c for c in past if config.counted(c)), None)
    latest_for_role = next((c for c in past if c.role == role and config.takes_part(c)), None)
    open_follow_up = latest_for_role if latest_for_role and latest_for_role.follow_up else None
    return TalkingPoints(tuple(called_in), last, open_follow_up, group.active_assignments(as_of))


def allowed_formats(config: Config, group: Group) -> tuple[str, ...]:
    """Costly formats only where the class allows them (docs/rules.md, rule 2)."""
    return config.band(group.segment, group.cls).formats


def default_format(config: Config, group: Group) -> str:
    formats = allowed_formats(config, group)
    return PREFERRED_FORMAT if PREFERRED_FORMAT in formats else formats[0]


def suggested_follow_up(
    group: Group, role: str, outcome: str, config: Config, today: date, meeting_day: date | None = None
) -> Shift:
    """Pre-fill of the follow-up prompt: the class interval from today; "nicht erreicht":
    the next working day; a booked meeting: its day. Moved off weekends and holidays."""
    if outcome == NOT_REACHED:
        day = next_working_day(today, config.federal_state)
    elif outcome == APPOINTMENT and meeting_day is not None:
        day = meeting_day
    else:
        day = today + interval(role_frequency(group, role, config, today))
    return to_working_day(day, config.federal_state)


@dataclass(frozen=True)
class CallInput:
    """What the advisor entered, as typed."""

    outcome: str
    channel: str
    format: str
    person: str
    note: str
    follow_up: str
    meeting_day: str = ""
    meeting_time: str = ""
    deal: str = ""


_TIME = re.compile(r"^(\d{1,2})(?::|\.)?(\d{2})?$")


def parse_time(text: str) -> time:
    """ "9", "9:30", "09.30", "930" → time; German message otherwise."""
    value = text.strip().replace(" Uhr", "").replace("Uhr", "")
    match = _TIME.match(value)
    if match:
        hours_text, minutes_text = match.groups()
        if minutes_text is None and len(hours_text) > 2:
            hours_text, minutes_text = hours_text[:-2], hours_text[-2:]
        hours, minutes = int(hours_text), int(minutes_text or 0)
        if hours < 24 and minutes < 60:
            return time(hours, minutes)
    raise ValueError(f'"{text.strip()}" ist keine Uhrzeit (z. B. 9:30 oder 14:00)')


def follow_up_for_log(
    text: str, group: Group, role: str, outcome: str, config: Config, today: date, meeting_day: str = ""
) -> tuple[Shift, bool]:
    """The follow-up a contact logged without the dialog gets, and whether it was suggested:
    the typed date when there is one, else the pre-fill the dialog would offer (counted from
    `today`, the contact's day). ValueError with a German message for an unusable date."""
    if text.strip():
        return follow_up_from_text(text, config, today), False
    try:
        meeting = parse_relative_date(meeting_day, today) if meeting_day.strip() else None
    except ValueError:
        meeting = None  # build_call names the bad meeting day
    return suggested_follow_up(group, role, outcome, config, today, meeting), True


def follow_up_from_text(text: str, config: Config, today: date) -> Shift:
    """The typed follow-up, refused when empty or in the past, moved to a working day."""
    if not text.strip():
        raise ValueError("Ohne Folgekontakt geht es nicht: bitte ein Datum eingeben.")
    day = parse_relative_date(text, today)
    if day < today:
        raise ValueError(f"Der Folgekontakt liegt in der Vergangenheit ({day:%d.%m.%Y}).")
    check_follow_up(day, today)
    return to_working_day(day, config.federal_state)


def build_call(
    entry: CallInput, group: Group, role: str, user: str, config: Config, today: date
) -> tuple[Contact | None, dict[str, str]]:
    """The contact to save, or None and field → German problem for every wrong field."""
    problems: dict[str, str] = {}
    if not entry.outcome:
        problems["outcome"] = "Bitte das Ergebnis wählen (Taste 1–4)."
    elif entry.outcome not in config.outcomes:
        problems["outcome"] = f"Ergebnis {entry.outcome!r} ist nicht vorgesehen. Möglich: {', '.join(config.outcomes)}"
    if entry.channel and entry.channel not in config.channels:
        problems["channel"] = f"Kanal {entry.channel!r} ist nicht vorgesehen. Möglich: {', '.join(config.channels)}"
    formats = allowed_formats(config, group)
    if entry.format and entry.format not in formats:
        problems["format"] = f"{entry.format} ist für Klasse {group.cls or '–'} nicht vorgesehen. Möglich: {', '.join(formats)}"
    if entry.person and entry.person not in {p.id for p in group.persons}:
        problems["person"] = "Diesen Ansprechpartner gibt es im Verbund nicht (mehr)."
    meeting = ""
    if entry.outcome == APPOINTMENT:
        try:
            day = parse_relative_date(entry.meeting_day, today)
            if day < today:
                raise ValueError(f"Der Termin liegt in der Vergangenheit ({day:%d.%m.%Y}).")
            check_follow_up(day, today)  # a meeting is a follow-up too: not years ahead
            meeting = datetime.combine(day, parse_time(entry.meeting_time)).isoformat(timespec="minutes")
        except ValueError as exc:
            problems["meeting"] = str(exc)
    deal = None
    if entry.deal.strip():
        try:
            deal = parse_amount(entry.deal)
        except ValueError as exc:
            problems["deal"] = str(exc)
    follow_up = None
    try:
        follow_up = follow_up_from_text(entry.follow_up, config, today).day
    except ValueError as exc:
        problems["follow_up"] = str(exc)
    if problems:
        return None, problems
    contact = Contact(
        id=new_id(),
        group=group.id,
        date=today,
        by=user,
        outcome=entry.outcome,
        channel=entry.channel,
        format=entry.format,
        department=None if role == LEAD else role,
        follow_up=follow_up,
        note=entry.note.strip(),
        person=entry.person,
        meeting=meeting,
        deal=deal,
    )
    return contact, {}

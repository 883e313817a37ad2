"""The Monday dispatch (essay "Monitoring": "am Montag danach in ihrem Namen gefragt"): whom to
ask about last week's consultations — or in a baseline survey — one row per contact person
asked (one per group: one survey per group and week is kept), in the lead advisor's name, with a survey reference the import matches again.

A group whose chosen contact persons have an e-mail address is asked by e-mail; a group
without any is listed for a phone call (channel "Telefon"). A group asked within the last
`care_call_repeat_weeks` weeks (any dispatch or answered survey, weekly or baseline) is left
out, so no customer is asked twice in a short time. Pure: the dispatch log is a list of dicts
the caller reads from and writes to the shared collection `DISPATCHES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from model.campaigns.care_calls import CareCallItem, shift_week, week_days
from model.entities import Advisor, ContactPerson, Group

DISPATCHES = "care-call-dispatches"
MAIL, PHONE = "E-Mail", "Telefon"
EXPORT_COLUMNS = (
    "Kanal", "Verbund-Nr", "Verbund", "Ansprechpartner", "E-Mail", "Telefon", "Absender", "Absender E-Mail",
    "Gespräch am", "Anlass", "KW", "Befragung", "Referenz",
)  # fmt: skip
_REFERENCE = re.compile(r"^(?P<number>.+)-(?P<week>\d{4}-W\d{2})-(?P<person>[0-9a-z]{1,8})$")


@dataclass(frozen=True, slots=True)
class Recipient:
    channel: str
    group: Group
    person: ContactPerson | None
    """None: the group has no contact person; the phone row names only the group."""
    advisor: Advisor
    meeting: date | None
    """The consultation asked about (weekly care calls); None in a baseline survey."""
    format: str
    week: str
    campaign: str
    """"" for the weekly care call, else the baseline survey's name."""

    @property
    def reference(self) -> str:
        return reference(self.group.number, self.week, self.person.id if self.person else "")


def reference(number: str, week: str, person_id: str) -> str:
    """ "10001-2026-W53-1a2b3c4d": group, week and person, readable and stable."""
    person = re.sub(r"[^0-9a-z]", "", person_id.lower())[:8]
    return f"{number}-{week}-{person or '0'}"


def parse_reference(text: str) -> tuple[str, str, str] | None:
    """(Verbund-Nr, week, person part) of a reference, None when it is not one."""
    match = _REFERENCE.match(text.strip())
    return (match["number"], match["week"], match["person"]) if match else None


def recently_asked(dispatches: Iterable[Mapping], surveys: Iterable[Mapping], week: str, weeks: int) -> set[str]:
    """Group ids asked (dispatched or answered) in the `weeks` weeks before `week`. `week`
    itself is not among them: exporting the same week again gives the same list."""
    if weeks <= 0:
        return set()
    first, _ = week_days(shift_week(week, -weeks))
    monday, _ = week_days(week)
    found = set()
    for record in (*dispatches, *surveys):
        try:
            asked, _ = week_days(record.get("week", ""))
        except ValueError:
            continue
        if first <= asked < monday:
            found.add(record.get("group", ""))
    return found


def _advisor(code: str, advisors: Mapping[str, Advisor]) -> Advisor:
    return advisors.get(code) or Advisor(code, code)


def _rows_of(group, advisor, people, meeting, fmt, week, campaign) -> list[Recipient]:
    """One person per group, since one survey per group and week is kept: the first with an
    e-mail address, else the first to phone (the list's order: main contact first)."""
    with_mail = [p for p in people if p.email.strip()]
    if with_mail:
        return [Recipient(MAIL, group, with_mail[0], advisor, meeting, fmt, week, campaign)]
    return [Recipient(PHONE, group, people[0] if people else None, advisor, meeting, fmt, week, campaign)]


def weekly_recipients(
    items: Sequence[CareCallItem], advisors: Mapping[str, Advisor], week: str, skip: set[str] = frozenset()
) -> list[Recipient]:
    """The Monday list as rows: the person spoken to in the consultation if the log names
    one of the group's contact persons, else the group's first (see `_rows_of`)."""
    rows = []
    for item in items:
        if item.group.id in skip:
            continue
        spoken = [p for p in item.group.persons if p.id == item.consultation.person]
        people = spoken or list(item.group.persons)
        c = item.consultation
        rows += _rows_of(item.group, _advisor(item.lead, advisors), people, c.date, c.format, week, "")
    return _ordered(rows)


@dataclass(frozen=True)
class WeekDispatch:
    """A week's care-call dispatch as the app and the CLI write and report it."""

    rows: list[Recipient]
    skipped: int
    """Groups with a consultation that week left out: asked within the repeat weeks."""

    @property
    def mails(self) -> list[Recipient]:
        return [r for r in self.rows if r.channel == MAIL]

    @property
    def phone_groups(self) -> int:
        return len({r.group.id for r in self.rows if r.channel == PHONE})

    @property
    def groups(self) -> int:
        return len({r.group.id for r in self.rows})


def week_dispatch(
    items: Sequence[CareCallItem],
    advisors: Mapping[str, Advisor],
    week: str,
    dispatches: Iterable[Mapping],
    surveys: Iterable[Mapping],
    repeat_weeks: int,
) -> WeekDispatch:
    """Whom the Monday dispatch asks about `week`'s consultations, given the dispatch log and
    the surveys as read now (a colleague's export of the same morning counts)."""
    skip = recently_asked(dispatches, surveys, week, repeat_weeks)
    return WeekDispatch(weekly_recipients(items, advisors, week, skip), len({i.group.id for i in items} & skip))


def campaign_recipients(
    groups: Iterable[Group], advisors: Mapping[str, Advisor], week: str, campaign: str, skip: set[str] = frozenset()
) -> list[Recipient]:
    """A baseline survey asks every group in its scope (one person each, see `_rows_of`)."""
    rows = []
    for group in groups:
        if group.id not in skip:
            rows += _rows_of(group, _advisor(group.lead, advisors), list(group.persons), None, "", week, campaign)
    return _ordered(rows)


def _ordered(rows: list[Recipient]) -> list[Recipient]:
    """E-mails first, then the phone list; within each by advisor and group number."""
    return sorted(rows, key=lambda r: (r.channel != MAIL, r.advisor.code, r.group.number, r.person.name if r.person else ""))


def export_rows(rows: Sequence[Recipient]) -> list[list[object]]:
    """The cells of `EXPORT_COLUMNS` (for `model.exchange.write_csv`, formula-safe)."""
    return [
        [
            r.channel, r.group.number, r.group.name, r.person.name if r.person else "",
            r.person.email if r.person else "", r.person.phone if r.person else "", r.advisor.name, r.advisor.email,
            r.meeting, r.format, r.week, r.campaign or "Care Call", r.reference,
        ]
        for r in rows
    ]  # fmt: skip


def dispatch_records(rows: Sequence[Recipient], by: str, at: datetime) -> list[dict]:
    """One log record per group asked (the rule above counts groups, not persons)."""
    seen: dict[str, dict] = {}
    for r in rows:
        key = f"{r.group.id}|{r.week}|{r.campaign}"
        seen.setdefault(key, {
            "id": key, "group": r.group.id, "group_number": r.group.number, "advisor": r.advisor.code,
            "week": r.week, "campaign": r.campaign, "channel": r.channel, "by": by,
            "at": at.isoformat(timespec="seconds"),
        })  # fmt: skip
    return list(seen.values())


def log_dispatch(records: list[dict], new: Sequence[dict]) -> list[dict]:
    """Add the new log records; a group already logged for the same week and campaign keeps
    its first record (an export run twice is one dispatch)."""
    known = {r.get("id") for r in records}
    return [*records, *(r for r in new if r["id"] not in known)]

"""When is a group due, and who has gone quiet: docs/rules.md, rules 3–5.

Every function takes the as-of date `as_of`; contacts dated after it are ignored, so any past
day can be replayed exactly. A (group, role) is the unit: the role is `LEAD` for the lead
advisor or a department's name for a co-care assignment, and only contacts logged for that
role count toward its due date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter

from dateutil.relativedelta import relativedelta

from model.config import Config
from model.entities import CLASSES, LEAD, Contact, Group, save_order
from model.monitoring.soll_ist import Period

FOLLOW_UP, FREQUENCY, NEVER = "follow_up", "frequency", "never"
ContactsByGroup = Mapping[str, Sequence[Contact]]


def interval(frequency: float) -> relativedelta:
    """12/frequency calendar months (A: 3, B: 6, C: 12, D: 24); odd frequencies in days."""
    months = 12 / frequency
    if months == int(months):
        return relativedelta(months=int(months))
    return relativedelta(days=round(365.25 / frequency))


@lru_cache(maxsize=1 << 16)
def _next_due(last: date, frequency: float) -> date:
    """`last` plus the interval of `frequency`. Remembered: calendar arithmetic with
    relativedelta takes microseconds, and a team's 100,000 roles share a few thousand
    (day, frequency) pairs."""
    return last + interval(frequency)


_DATE = attrgetter("date")


@dataclass(frozen=True, slots=True)
class Due:
    date: date | None
    reason: str
    last_contact: date | None
    meeting: str = ""
    """The booked meeting (ISO) when the due date is its day, else ""."""


def role_entries(role: str, config: Config) -> Callable[[Contact], bool]:
    """Which logged entries count for a (group, role)'s due date: that role's entries that take
    part in the rules (`Config.takes_part`: a Care Call entry without a follow-up must not hide
    the advisor's own). For `due_for_role`'s `keep`."""
    takes_part = config.takes_part
    return lambda c: c.role == role and takes_part(c)


def due_for_role(
    entries: Iterable[Contact],
    frequency: float,
    counted: Callable[[Contact], bool],
    as_of: date,
    keep: Callable[[Contact], bool] | None = None,
) -> Due:
    """Rule 4 for one (group, role), given only that role's logged entries that take part in
    the rules (`role_entries`), or with `keep` (`role_entries(role, config)`) all of the
    group's entries: then those `keep` refuses are passed over as if left out beforehand.
    `counted` is `Config.counted`. Any order of the entries gives the same answer."""
    # Sorted by day (in C, a stable sort: entries of one day keep their order, so of entries
    # with equal save order the first in the list wins, as in a forward walk), then walked
    # from the latest day: the walk ends at the first entry that can be neither the latest
    # nor a later counted contact. In save order, as the stores hand entries over, the sort
    # is one pass and that is the second or third entry (a team overview's 100,000 roles:
    # 0.38 s -> 0.31 s; walking every entry had taken it from 3.0 s to 0.8 s in the profile).
    # `keep` is asked only of an entry that could decide, not of each of a group's dozen.
    latest: Contact | None = None
    latest_day: date | None = None
    latest_order: tuple = ()
    last_counted: date | None = None
    for c in reversed(sorted(entries, key=_DATE)):
        day = c.date
        if day > as_of:
            continue
        newer = latest_day is None or day >= latest_day
        uncounted = last_counted is None or day > last_counted
        if not (newer or uncounted):
            break  # the entries still to come are of that day or earlier
        if keep is not None and not keep(c):
            continue
        if newer:
            order = save_order(c)
            if order >= latest_order:
                latest, latest_day, latest_order = c, day, order
        if uncounted and counted(c):
            last_counted = day
    if latest is not None and latest.follow_up is not None:
        return Due(latest.follow_up, FOLLOW_UP, last_counted, latest.meeting)
    if last_counted is not None:
        return Due(_next_due(last_counted, frequency), FREQUENCY, last_counted)
    return Due(None, NEVER, None)


@dataclass(frozen=True, slots=True)
class DueItem:
    group: Group
    role: str
    cls: str | None
    due: date | None
    reason: str
    overdue_days: int | None
    last_contact: date | None
    meeting: str = ""
    """The booked meeting (ISO "2026-12-03T14:30") whose day is the due date, else ""."""


def roles_of(advisor: str, groups: Iterable[Group], config: Config, as_of: date):
    """Every (group, role, frequency) the advisor answers for on `as_of`."""
    for group in groups:
        if group.lead == advisor:
            yield group, LEAD, config.frequency(group.segment, group.cls)
        for assignment in group.assignments:
            if assignment.advisor == advisor and assignment.active_on(as_of):
                yield group, assignment.department, assignment.frequency


def class_rank(cls: str | None) -> int:
    return CLASSES.index(cls) if cls in CLASSES else len(CLASSES)


def due_sort_key(item: DueItem) -> tuple:
    """Never contacted first, then most overdue, then class A→D, then group name."""
    return (item.reason != NEVER, item.due or date.min, class_rank(item.cls), item.group.name)


def due_item(group: Group, role: str, frequency: float, contacts: ContactsByGroup, config: Config, as_of: date):
    due = due_for_role(contacts.get(group.id, ()), frequency, config.counted, as_of, role_entries(role, config))
    overdue = (as_of - due.date).days if due.date else None
    return DueItem(group, role, group.cls, due.date, due.reason, overdue, due.last_contact, due.meeting)


def due_list(
    advisor: str,
    groups: Iterable[Group],
    contacts: ContactsByGroup,
    config: Config,
    as_of: date,
    days: int | None = None,
) -> list[DueItem]:
    """The advisor's Kontakt-Reminder: never contacted, or due on or before as_of + days."""
    horizon = as_of + timedelta(days=config.due_horizon_days if days is None else days)
    items = []
    for group, role, frequency in roles_of(advisor, groups, config, as_of):
        item = due_item(group, role, frequency, contacts, config, as_of)
        if item.reason == NEVER or item.due <= horizon:
            items.append(item)
    items.sort(key=due_sort_key)
    return items


@dataclass(frozen=True, slots=True)
class InactiveItem:
    group: Group
    cls: str | None
    lead: str
    last_contact: date | None


def last_counted_contact(contacts: Iterable[Contact], config: Config, as_of: date) -> date | None:
    """The latest counted contact by anyone in any role, on or before as_of."""
    dates = [c.date for c in contacts if c.date <= as_of and config.counted(c)]
    return max(dates, default=None)


def inactive_groups(
    groups: Iterable[Group],
    contacts: ContactsByGroup,
    config: Config,
    as_of: date,
    advisor: str | None = None,
) -> list[InactiveItem]:
    """Rule 5: no counted contact by anyone in the 12 months up to as_of, or never.

    Ordered as a call party works them: class A first, then longest inactivity (never
    contacted before the oldest), then name.
    """
    window = Period.last_months(as_of, config.inactive_months)
    items = []
    for group in groups:
        if advisor is not None and group.lead != advisor:
            continue
        last = last_counted_contact(contacts.get(group.id, ()), config, as_of)
        if last is None or last < window.first:
            items.append(InactiveItem(group, group.cls, group.lead, last))
    items.sort(key=lambda i: (class_rank(i.cls), i.last_contact or date.min, i.group.name))
    return items

"""Due dates, the due list and inactive groups (docs/rules.md, rules 3–5) on exact dates."""

from datetime import date

import pytest

from model.config import default_config
from model.contacts.due import (
    FOLLOW_UP,
    FREQUENCY,
    NEVER,
    due_for_role,
    due_list,
    inactive_groups,
    interval,
)
from model.entities import LEAD, Assignment, Casting, Contact, Group

CONFIG = default_config()
REACHED, NOT_REACHED = "Gespräch geführt", "nicht erreicht"
_ids = iter(range(10**6))


def contact(on, outcome=REACHED, follow_up=None, department=None, group="g1", by="MKR", logged_at=""):
    return Contact(
        id=f"c{next(_ids):06d}",
        group=group,
        date=on,
        by=by,
        outcome=outcome,
        department=department,
        follow_up=follow_up,
        logged_at=logged_at,
    )


def group(gid="g1", name="Alpha GmbH", cls="A", lead="MKR", assignments=()):
    casting = Casting(f"cast-{gid}", date(2026, 1, 1), "Firmenkunden", 1, (), 0, cls, "MKR")
    return Group(gid, gid, name, "Firmenkunden", lead, castings=(casting,), assignments=tuple(assignments))


def due(entries, frequency=4.0, as_of=date(2026, 12, 31)):
    return due_for_role(entries, frequency, CONFIG.counted, as_of)


@pytest.mark.parametrize(
    ("last", "frequency", "expected"),
    [
        (date(2026, 8, 31), 4, date(2026, 11, 30)),  # month end: 31.08. + 3 months = 30.11.
        (date(2023, 11, 30), 4, date(2024, 2, 29)),  # into a leap February
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # from a leap day, one year on
        (date(2024, 2, 29), 0.5, date(2026, 2, 28)),  # D: 24 months
        (date(2026, 10, 15), 4, date(2027, 1, 15)),  # across the year boundary
        (date(2026, 12, 31), 2, date(2027, 6, 30)),  # year end + 6 months
        (date(2026, 1, 31), 12, date(2026, 2, 28)),  # monthly
    ],
)
def test_frequency_due_date_uses_calendar_months(last, frequency, expected):
    result = due([contact(last)], frequency, as_of=max(last, date(2026, 1, 1)))
    assert (result.date, result.reason) == (expected, FREQUENCY)


def test_frequency_not_dividing_twelve_falls_back_to_days():
    assert interval(5) == interval(5)  # deterministic
    assert date(2026, 1, 1) + interval(5) == date(2026, 3, 15)  # 73 days


def test_follow_up_supersedes_frequency():
    result = due([contact(date(2026, 3, 1), follow_up=date(2026, 4, 10))], frequency=4)
    assert (result.date, result.reason) == (date(2026, 4, 10), FOLLOW_UP)


def test_later_follow_up_even_beyond_frequency_wins():
    result = due([contact(date(2026, 3, 1), follow_up=date(2027, 3, 1))], frequency=4)
    assert result.date == date(2027, 3, 1)


def test_newer_contact_without_follow_up_supersedes_older_follow_up():
    entries = [contact(date(2026, 3, 1), follow_up=date(2026, 12, 1)), contact(date(2026, 5, 4))]
    result = due(entries, frequency=4)
    assert (result.date, result.reason) == (date(2026, 8, 4), FREQUENCY)


def test_not_reached_with_follow_up_sets_the_date():
    entries = [contact(date(2026, 3, 1)), contact(date(2026, 6, 2), NOT_REACHED, follow_up=date(2026, 6, 3))]
    result = due(entries, frequency=1)
    assert (result.date, result.reason, result.last_contact) == (date(2026, 6, 3), FOLLOW_UP, date(2026, 3, 1))


def test_not_reached_without_follow_up_falls_back_to_last_counted_contact():
    entries = [
        contact(date(2026, 3, 1), follow_up=date(2026, 3, 20)),
        contact(date(2026, 3, 20), NOT_REACHED),
    ]
    result = due(entries, frequency=2)
    assert (result.date, result.reason) == (date(2026, 9, 1), FREQUENCY)


def test_only_not_reached_attempts_count_as_never_contacted():
    result = due([contact(date(2026, 3, 1), NOT_REACHED)])
    assert (result.date, result.reason, result.last_contact) == (None, NEVER, None)


def test_never_contacted():
    assert due([]).reason == NEVER


def test_same_day_entries_ordered_by_logging_time():
    entries = [
        contact(date(2026, 3, 1), follow_up=date(2026, 3, 2), logged_at="2026-03-01T15:00:00"),
        contact(date(2026, 3, 1), follow_up=date(2026, 5, 1), logged_at="2026-03-01T09:00:00"),
    ]
    assert due(entries).date == date(2026, 3, 2)


def test_contacts_after_as_of_are_ignored():
    entries = [contact(date(2026, 1, 10)), contact(date(2026, 6, 1), follow_up=date(2026, 7, 1))]
    result = due(entries, frequency=4, as_of=date(2026, 3, 1))
    assert (result.date, result.reason) == (date(2026, 4, 10), FREQUENCY)


def test_department_contacts_do_not_count_for_the_lead_role():
    assignment = Assignment("a1", "Versicherung", "VKS", 1.0, date(2025, 1, 1))
    g = group(assignments=[assignment])
    contacts = {"g1": [contact(date(2026, 11, 1), department="Versicherung", by="VKS")]}
    as_of = date(2026, 11, 27)
    lead_items = due_list("MKR", [g], contacts, CONFIG, as_of)
    assert [(i.role, i.reason) for i in lead_items] == [(LEAD, NEVER)]
    colleague_items = due_list("VKS", [g], contacts, CONFIG, as_of, days=400)
    assert [(i.role, i.reason, i.due) for i in colleague_items] == [("Versicherung", FREQUENCY, date(2027, 11, 1))]


def test_ended_assignment_leaves_the_colleagues_list():
    assignment = Assignment("a1", "Nachfolge", "NFB", 1.0, date(2025, 1, 1), end=date(2026, 6, 1))
    g = group(assignments=[assignment])
    assert due_list("NFB", [g], {}, CONFIG, date(2026, 5, 31))
    assert due_list("NFB", [g], {}, CONFIG, date(2026, 6, 1)) == []


def test_due_list_window_and_order():
    as_of = date(2026, 11, 27)
    groups = [
        group("g1", "Zeta KG", "C"),  # never contacted
        group("g2", "Beta AG", "B"),  # due 01.10. → 57 days overdue
        group("g3", "Alpha GmbH", "A"),  # due 11.12. = as_of + 14: last day inside the window
        group("g4", "Gamma OHG", "A"),  # due 12.12.: outside
        group("g5", "Delta eG", "D"),  # due 01.10. too, class D after B
        group("g6", "Epsilon", "A", lead="OTHER"),  # someone else's
        group("g7", "Eta", "C"),  # never, sorted by name after class
    ]
    contacts = {
        "g2": [contact(date(2026, 4, 1), group="g2")],
        "g3": [contact(date(2026, 9, 11), group="g3")],
        "g4": [contact(date(2026, 9, 12), group="g4")],
        "g5": [contact(date(2026, 8, 1), group="g5", follow_up=date(2026, 10, 1))],
    }
    items = due_list("MKR", groups, contacts, CONFIG, as_of)
    assert [(i.group.id, i.reason, i.overdue_days) for i in items] == [
        ("g7", NEVER, None),
        ("g1", NEVER, None),
        ("g2", FREQUENCY, 57),
        ("g5", FOLLOW_UP, 57),
        ("g3", FREQUENCY, -14),
    ]


def test_uncast_group_is_planned_with_the_configured_class():
    g = Group("g1", "1", "Ohne Casting", "Firmenkunden", "MKR")
    contacts = {"g1": [contact(date(2025, 11, 27))]}
    (item,) = due_list("MKR", [g], contacts, CONFIG, date(2026, 11, 27))
    assert (item.cls, item.due, item.overdue_days) == (None, date(2026, 11, 27), 0)  # planned as C


def test_inactive_groups_window_is_the_twelve_months_up_to_as_of():
    as_of = date(2026, 11, 27)
    groups = [group("g1", "Eins", "B"), group("g2", "Zwei", "A"), group("g3", "Drei", "A"), group("g4", "Vier", "C")]
    contacts = {
        "g1": [contact(date(2025, 11, 27), group="g1")],  # exactly 12 months ago: outside
        "g2": [contact(date(2025, 11, 28), group="g2", department="Versicherung", by="VKS")],  # inside, any role
        "g3": [contact(date(2026, 11, 1), NOT_REACHED, group="g3")],  # attempts don't count
        "g4": [contact(date(2025, 1, 5), group="g4")],
    }
    items = inactive_groups(groups, contacts, CONFIG, as_of)
    assert [(i.group.id, i.last_contact) for i in items] == [
        ("g3", None),
        ("g1", date(2025, 11, 27)),
        ("g4", date(2025, 1, 5)),
    ]
    assert [i.group.id for i in inactive_groups(groups, contacts, CONFIG, as_of, advisor="NOBODY")] == []


def test_inactive_on_leap_day():
    g = group("g1")
    contacts = {"g1": [contact(date(2023, 2, 28))]}
    assert inactive_groups([g], contacts, CONFIG, date(2024, 2, 29))  # window starts 01.03.2023
    contacts = {"g1": [contact(date(2023, 3, 1))]}
    assert not inactive_groups([g], contacts, CONFIG, date(2024, 2, 29))

"""The start screen's lists: counts, filter, sorts and the row limit."""

from datetime import date

from model.contacts.due import DueItem
from model.contacts.reminder_list import ROW_LIMIT, due_counts, filtered, page, sort_key
from model.entities import ContactPerson, Customer, Group


def item(name, cls, due, reason="frequency", overdue=None, customers=(), persons=()):
    g = Group(name, name[:3], name, "Firmenkunden", "MKR", tuple(customers), tuple(persons))
    return DueItem(g, "lead", cls, due, reason, overdue, None)


ITEMS = [
    item("Zeta", "C", None, "never"),
    item("Alpha", "B", date(2026, 11, 1), overdue=26),
    item("Beta", "A", date(2026, 11, 27), overdue=0, customers=[Customer("1", "Huber, Anna")]),
    item("Gamma", "D", date(2026, 12, 5), overdue=-8, persons=[ContactPerson("p", "Klaus Berg", "Steuerberater")]),
]


def test_counts():
    counts = due_counts(ITEMS)
    assert (counts.overdue, counts.today, counts.soon) == (2, 1, 1)


def test_filter_searches_number_name_members_and_persons_word_by_word():
    assert [i.group.name for i in filtered(ITEMS, "huber")] == ["Beta"]
    assert [i.group.name for i in filtered(ITEMS, "berg klaus")] == ["Gamma"]
    assert [i.group.name for i in filtered(ITEMS, "  ")] == ["Zeta", "Alpha", "Beta", "Gamma"]


def test_sorts():
    assert [i.group.name for i in sorted(ITEMS, key=sort_key("due"))] == ["Zeta", "Alpha", "Beta", "Gamma"]
    assert [i.group.name for i in sorted(ITEMS, key=sort_key("class"))] == ["Beta", "Alpha", "Zeta", "Gamma"]
    assert [i.group.name for i in sorted(ITEMS, key=sort_key("name"))] == ["Alpha", "Beta", "Gamma", "Zeta"]


def test_page_limits_rows():
    rows, hidden = page(list(range(ROW_LIMIT + 5)))
    assert len(rows) == ROW_LIMIT and hidden == 5
    assert page([1, 2]) == ([1, 2], 0)

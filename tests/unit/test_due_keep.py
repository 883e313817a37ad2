"""`due_for_role` handed all of a group's entries and `keep` (`role_entries`) answers exactly as
handed only the role's entries that take part (rule 4): other roles' entries and Care Calls
are passed over however they lie, in save order, reversed or shuffled, on any as-of day."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from model.config import CARE_CALL_FORMAT, default_config
from model.contacts.due import FOLLOW_UP, FREQUENCY, due_for_role, role_entries
from model.demo import build_demo
from model.entities import LEAD, Contact, save_order

AS_OF = date(2026, 11, 27)
DAY = date(2026, 6, 1)


def _entry(n, on, department=None, format="Active Call", outcome="Gespräch geführt", follow_up=None, seq=0):
    return Contact(f"c{n:03d}", "g1", on, "MKR", outcome, format=format, department=department,
                   follow_up=follow_up, seq=seq)  # fmt: skip


@pytest.mark.parametrize("care_call_counts", [False, True])
def test_a_later_care_call_or_colleague_entry_is_passed_over(care_call_counts):
    config = replace(default_config(), care_call_counts=care_call_counts)
    own = _entry(1, DAY, follow_up=DAY + timedelta(days=30), seq=1)
    care_call = _entry(2, DAY, format=CARE_CALL_FORMAT, seq=2)  # same day, saved later, no follow-up
    colleague = _entry(3, DAY + timedelta(days=1), department="Versicherung", seq=3)
    everything = [own, care_call, colleague]
    keep = role_entries(LEAD, config)
    for entries in (everything, everything[::-1]):
        due = due_for_role(entries, 4, config.counted, AS_OF, keep)
        if care_call_counts:  # the Care Call is the latest lead entry: no follow-up, so the frequency
            assert (due.date, due.reason) == (date(2026, 9, 1), FREQUENCY)
        else:
            assert (due.date, due.reason, due.last_contact) == (DAY + timedelta(days=30), FOLLOW_UP, DAY)
    colleague_due = due_for_role(everything, 2, config.counted, AS_OF, role_entries("Versicherung", config))
    assert (colleague_due.date, colleague_due.last_contact) == (date(2026, 12, 2), DAY + timedelta(days=1))


@pytest.fixture(scope="module")
def demo():
    data = build_demo(AS_OF, 300, seed=11)
    by_group: dict[str, list] = {}
    for c in data.contacts:
        by_group.setdefault(c.group, []).append(c)
    for items in by_group.values():
        items.sort(key=save_order)
    return by_group


@pytest.mark.parametrize("care_call_counts", [False, True])
def test_keep_equals_filtering_first_on_a_demo_institute(demo, care_call_counts):
    config = replace(default_config(), care_call_counts=care_call_counts)
    rng = random.Random(5)
    compared = 0
    for items in demo.values():
        roles = {c.role for c in items} | {LEAD}
        shuffled = rng.sample(items, len(items))
        for as_of in (AS_OF, AS_OF - timedelta(days=200), items[len(items) // 2].date):
            for role in roles:
                alone = [c for c in items if c.role == role and config.takes_part(c)]
                expected = due_for_role(alone, 2, config.counted, as_of)
                keep = role_entries(role, config)
                for order in (items, items[::-1], shuffled):
                    assert due_for_role(order, 2, config.counted, as_of, keep) == expected
                compared += 1
    assert compared > 1000


def test_of_equal_save_orders_the_first_in_the_list_wins_in_any_position():
    """Two entries of one save order (the same record twice, edited): the first in the list
    decides, wherever entries of other days lie around them (the walk sorts by day, stably)."""
    config = default_config()
    first = _entry(1, DAY, follow_up=DAY + timedelta(days=10), seq=4)
    second = first._replace(follow_up=DAY + timedelta(days=20))
    older, newer = _entry(2, DAY - timedelta(days=40), seq=1), _entry(3, DAY + timedelta(days=400), seq=9)
    for entries, winner in (([first, older, second, newer], first), ([newer, second, older, first], second)):
        due = due_for_role(entries, 4, config.counted, AS_OF)
        assert due.date == winner.follow_up
        assert due_for_role(entries, 4, config.counted, AS_OF, role_entries(LEAD, config)).date == winner.follow_up

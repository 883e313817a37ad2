"""The demo institute: deterministic, consistent with the configuration, and with something
to show on every screen on its as-of date."""

from collections import Counter, defaultdict
from datetime import date

import pytest

from model.config import default_config
from model.contacts.due import FOLLOW_UP, FREQUENCY, NEVER, due_list, inactive_groups
from model.demo import DemoData, build_demo, write_demo
from model.entities import LEAD
from model.store import Store

AS_OF = date(2026, 3, 2)
CONFIG = default_config()
COSTLY = ("Strategiegespräch", "Ratinggespräch")


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return build_demo(AS_OF)


def by_group(data: DemoData) -> dict:
    contacts = defaultdict(list)
    for c in data.contacts:
        contacts[c.group].append(c)
    return contacts


def lead_advisors(data: DemoData) -> list[str]:
    return sorted({g.lead for g in data.groups})


def test_same_seed_and_date_give_identical_data(demo):
    again = build_demo(AS_OF)
    assert again.advisors == demo.advisors
    assert again.groups == demo.groups
    assert again.contacts == demo.contacts
    assert [c.logged_at for c in again.contacts] == [c.logged_at for c in demo.contacts]


def test_another_seed_or_date_gives_other_data(demo):
    other = build_demo(AS_OF, seed=2)
    assert [g.id for g in other.groups] != [g.id for g in demo.groups]
    assert [g.name for g in other.groups] != [g.name for g in demo.groups]
    later = build_demo(date(2026, 6, 1))
    assert max(c.date for c in later.contacts) > AS_OF


def test_sizes(demo):
    assert len(demo.groups) == 300
    assert len({g.id for g in demo.groups}) == 300
    assert len({g.number for g in demo.groups}) == 300
    assert len({c.id for c in demo.contacts}) == len(demo.contacts)
    assert 800 <= len(demo.contacts) <= 3000  # two years of history
    roles = Counter(a.role for a in demo.advisors)
    assert roles["Teamleiter"] == 1 and roles["Administrator"] == 1
    assert len([a for a in demo.advisors if a.department is None and a.role != "Administrator"]) == 9
    assert {a.department for a in demo.advisors if a.department} == set(CONFIG.departments)
    assert len({a.code for a in demo.advisors}) == len(demo.advisors)
    assert all(1 <= len(g.customers) <= 5 and 1 <= len(g.persons) <= 3 for g in demo.groups)


def test_class_distribution_in_range(demo):
    cast = [g.cls for g in demo.groups if g.castings]
    share = {cls: n / len(cast) for cls, n in Counter(cast).items()}
    assert 0.04 <= share["A"] <= 0.18
    assert 0.15 <= share["B"] <= 0.35
    assert 0.28 <= share["C"] <= 0.52
    assert 0.15 <= share["D"] <= 0.35
    never_cast = sum(1 for g in demo.groups if not g.castings)
    assert 0.04 * len(demo.groups) <= never_cast <= 0.2 * len(demo.groups)
    assert any(g.casting.override_class and g.casting.reason for g in demo.groups if g.castings)
    assert any(g.casting.date.replace(year=g.casting.date.year + 1) <= AS_OF for g in demo.groups if g.castings)


def test_castings_are_consistent_with_the_scheme(demo):
    for g in demo.groups:
        for casting in g.castings:
            scheme = CONFIG.scheme(g.segment)
            assert casting.scheme == g.segment
            assert casting.date <= AS_OF
            assert sum(scheme.criterion(k).option(v).points for k, v in casting.answers) == casting.score
            assert casting.override_class != casting.computed_class
            assert bool(casting.override_class) == bool(casting.reason)


def test_co_care_goes_to_a_colleague_of_that_department(demo):
    department_of = {a.code: a.department for a in demo.advisors}
    assignments = [a for g in demo.groups for a in g.assignments]
    assert assignments
    assert any(a.end for a in assignments)
    for a in assignments:
        assert department_of[a.advisor] == a.department
        assert a.start < AS_OF and a.frequency in (1.0, 2.0)
        assert a.end is None or a.start < a.end <= AS_OF


def test_every_contact_refers_to_an_existing_group_and_advisor(demo):
    groups = {g.id: g for g in demo.groups}
    codes = {a.code for a in demo.advisors}
    for c in demo.contacts:
        assert c.group in groups and c.by in codes
        assert c.date <= AS_OF
        assert c.logged_at.startswith(c.date.isoformat() + "T")
        assert c.person == "" or c.person in {p.id for p in groups[c.group].persons}
        if c.department:
            assert c.department in {a.department for a in groups[c.group].assignments}


def test_values_come_from_the_configuration(demo):
    for c in demo.contacts:
        assert c.outcome in CONFIG.outcomes
        assert c.channel in CONFIG.channels
        assert c.format in CONFIG.formats
    share_not_reached = sum(1 for c in demo.contacts if not CONFIG.counts(c.outcome)) / len(demo.contacts)
    assert 0.08 <= share_not_reached <= 0.25


def test_costly_formats_only_for_a_and_b(demo):
    groups = {g.id: g for g in demo.groups}
    costly = [c for c in demo.contacts if c.format in COSTLY]
    assert costly
    assert all(groups[c.group].cls in ("A", "B") for c in costly)


def test_follow_ups_are_overdue_due_soon_and_later(demo):
    follow_ups = [c.follow_up for c in demo.contacts if c.follow_up and CONFIG.counts(c.outcome)]
    reached = sum(1 for c in demo.contacts if CONFIG.counts(c.outcome))
    assert len(follow_ups) > reached / 2
    assert all(f > c.date for c in demo.contacts if (f := c.follow_up))
    assert any(f < AS_OF for f in follow_ups)
    assert any(0 <= (f - AS_OF).days <= 14 for f in follow_ups)
    assert any((f - AS_OF).days > 14 for f in follow_ups)


def test_lead_contacts_are_mostly_by_the_lead_advisor(demo):
    groups = {g.id: g for g in demo.groups}
    lead = [c for c in demo.contacts if c.department is None]
    assert sum(1 for c in lead if c.by == groups[c.group].lead) > 0.85 * len(lead)


def test_every_lead_advisor_has_a_due_list_with_all_reasons_across_the_institute(demo):
    contacts = by_group(demo)
    reasons = Counter()
    for code in lead_advisors(demo):
        items = due_list(code, demo.groups, contacts, CONFIG, AS_OF)
        assert items, code
        reasons.update(i.reason for i in items)
        assert all(i.role == LEAD or i.group.lead != code for i in items)
    assert reasons[NEVER] and reasons[FOLLOW_UP] and reasons[FREQUENCY]
    assert len(lead_advisors(demo)) == 9


def test_some_groups_are_inactive_and_some_never_contacted(demo):
    contacts = by_group(demo)
    inactive = inactive_groups(demo.groups, contacts, CONFIG, AS_OF)
    assert 0 < len(inactive) < len(demo.groups) / 3
    never = [g for g in demo.groups if g.id not in contacts]
    assert 0 < len(never) < len(demo.groups) / 10


def test_write_demo_round_trips_through_the_store(demo, tmp_path):
    store = Store.create(tmp_path / "s", "ADM")
    write_demo(store, demo)
    institute = store.load()
    assert len(institute.advisors) == len(demo.advisors)
    assert len(institute.groups) == len(demo.groups)
    assert institute.contact_count == len(demo.contacts)
    some = demo.groups[0]
    assert institute.group(some.number).name == some.name
    assert institute.groups[some.id].castings == some.castings
    assert sorted(c.id for c in institute.history(some.id)) == sorted(c.id for c in demo.contacts if c.group == some.id)

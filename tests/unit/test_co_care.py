"""Co-care on a hand-built group: suggestions from the casting, colleagues of a department,
assigning and ending (history kept), and the contact network with the last contact per pair."""

from datetime import date

import pytest

from model.casting.co_care import (
    assign,
    colleagues,
    default_frequency,
    end_assignment,
    network,
    suggested_departments,
)
from model.casting.scoring import cast
from model.config import default_config
from model.entities import Advisor, Assignment, Contact, ContactPerson, Group

CONFIG = default_config()
SCHEME = CONFIG.scheme("Firmenkunden")
AS_OF = date(2026, 11, 27)
ANSWERS = {
    "Potenzial Gesamtverbund": "hoch",
    "Versicherungspotenzial p.a.": "≥ 2.500 €",  # → Versicherung
    "Unternehmensnachfolge": "ist perspektivisch zu lösen",  # → Nachfolge
    "Anlagepotenzial": "über 15 T€",  # → Private Banking
    "Privatvermögen Inhaber": "unauffällig",
    "Finanzierungsbedarf": "keiner",
}  # 2 + 3 + 2 + 2 = 9 → A
ADVISORS = {
    a.code: a
    for a in (
        Advisor("MKR", "Martina Kraus"),
        Advisor("VKS", "Vera Kessler", "Versicherung"),
        Advisor("VAB", "Volker Abel", "Versicherung"),
        Advisor("NFO", "Nina Fohr", "Nachfolge"),
    )
}
PERSONS = (ContactPerson("p-1", "Anna Huber", "Geschäftsführerin"), ContactPerson("p-2", "Klaus Berg", "Steuerberater"))


def make_group(assignments=()) -> Group:
    casting = cast(SCHEME, ANSWERS, on=date(2026, 3, 1), by="MKR")
    return Group(
        "g-1",
        "10001",
        "Bäckerei Huber GmbH",
        "Firmenkunden",
        "MKR",
        persons=PERSONS,
        castings=(casting,),
        assignments=assignments,
    )


def test_suggestions_are_the_called_in_departments_without_active_assignments():
    group = make_group()
    assert suggested_departments(group, CONFIG, AS_OF) == ("Versicherung", "Nachfolge", "Private Banking")
    running = Assignment("a-1", "Versicherung", "VKS", 2.0, date(2026, 1, 1))
    ended = Assignment("a-2", "Nachfolge", "NFO", 1.0, date(2025, 1, 1), end=date(2026, 1, 1))
    assert suggested_departments(make_group((running, ended)), CONFIG, AS_OF) == ("Nachfolge", "Private Banking")
    never = Group("g-2", "10002", "Neu", "Firmenkunden", "MKR")
    assert suggested_departments(never, CONFIG, AS_OF) == ()


def test_colleagues_of_a_department_by_name_and_default_frequency_from_the_class():
    assert [a.code for a in colleagues(ADVISORS, "Versicherung")] == ["VKS", "VAB"]
    assert colleagues(ADVISORS, "Leasing") == []
    assert default_frequency(make_group(), CONFIG) == 4.0  # class A
    assert default_frequency(Group("g-2", "10002", "Neu", "Firmenkunden", "MKR"), CONFIG) == 1.0  # uncast → C


def test_assign_and_refuse_a_second_running_assignment_of_the_department():
    group = assign(make_group(), "Versicherung", "VKS", 2, date(2026, 11, 1), "a-1")
    assert group.assignments == (Assignment("a-1", "Versicherung", "VKS", 2.0, date(2026, 11, 1)),)
    assert [a.id for a in group.active_assignments(AS_OF)] == ["a-1"]
    with pytest.raises(ValueError, match="wird für Versicherung bereits von VKS betreut"):
        assign(group, "Versicherung", "VAB", 2, AS_OF, "a-2")
    with pytest.raises(ValueError, match="muss größer als 0 sein"):
        assign(group, "Nachfolge", "NFO", 0, AS_OF, "a-3")
    both = assign(group, "Nachfolge", "NFO", 1, AS_OF, "a-3")
    assert [a.department for a in both.assignments] == ["Versicherung", "Nachfolge"]


def test_end_keeps_the_history_and_frees_the_department():
    group = assign(make_group(), "Versicherung", "VKS", 2, date(2026, 1, 1), "a-1")
    ended = end_assignment(group, "a-1", date(2026, 6, 30))
    assert ended.assignments == (Assignment("a-1", "Versicherung", "VKS", 2.0, date(2026, 1, 1), date(2026, 6, 30)),)
    assert ended.active_assignments(AS_OF) == () and ended.active_assignments(date(2026, 6, 29))
    again = assign(ended, "Versicherung", "VAB", 1, date(2026, 7, 1), "a-2")
    assert [(a.advisor, a.end) for a in again.assignments] == [("VKS", date(2026, 6, 30)), ("VAB", None)]
    with pytest.raises(ValueError, match="bereits beendet"):
        end_assignment(ended, "a-1", AS_OF)
    with pytest.raises(ValueError, match="gibt es bei Bäckerei Huber GmbH nicht"):
        end_assignment(ended, "nope", AS_OF)
    with pytest.raises(ValueError, match="vor dem Beginn"):
        end_assignment(group, "a-1", date(2025, 12, 31))
    assert make_group().assignments == ()  # inputs untouched


def test_network_lists_people_persons_and_the_last_counted_contact_per_pair():
    assignments = (
        Assignment("a-1", "Versicherung", "VKS", 2.0, date(2026, 1, 1)),
        Assignment("a-2", "Nachfolge", "NFO", 1.0, date(2025, 1, 1), end=date(2026, 1, 1)),
    )
    group = make_group(assignments)
    contacts = [
        Contact("c-1", "g-1", date(2026, 5, 1), "MKR", "Gespräch geführt", person="p-1"),
        Contact("c-2", "g-1", date(2026, 9, 1), "MKR", "Gespräch geführt", person="p-1"),
        Contact("c-3", "g-1", date(2026, 10, 1), "MKR", "nicht erreicht", person="p-1"),  # not counted
        Contact("c-4", "g-1", date(2026, 12, 1), "MKR", "Gespräch geführt", person="p-2"),  # after as-of
        Contact("c-5", "g-1", date(2026, 7, 1), "VKS", "Termin vereinbart", department="Versicherung", person="p-2"),
        Contact("c-6", "g-1", date(2026, 8, 1), "VKS", "Gespräch geführt", department="Versicherung"),  # no person
        Contact("c-7", "g-9", date(2026, 8, 1), "VKS", "Gespräch geführt", person="p-1"),  # other group
    ]
    people, persons, last = network(group, ADVISORS, contacts, AS_OF, CONFIG.counted)
    assert people == [("MKR", "FKB"), ("VKS", "Versicherung")]  # NFO's assignment has ended
    assert persons == list(PERSONS)
    assert last == {
        ("MKR", "p-1"): date(2026, 9, 1),
        ("MKR", "p-2"): None,
        ("VKS", "p-1"): None,
        ("VKS", "p-2"): date(2026, 7, 1),
    }
    assert network(group, ADVISORS, contacts, AS_OF)[2] == last  # default rule 3 from the shipped config

"""The guided call's rules: role, talking points, pre-filled follow-up, validation."""

from datetime import date

import pytest

from model.config import default_config
from model.contacts.guided_call import (
    APPOINTMENT,
    NOT_REACHED,
    CallInput,
    allowed_formats,
    build_call,
    default_format,
    parse_time,
    role_of,
    suggested_follow_up,
    talking_points,
)
from model.entities import (
    LEAD,
    Advisor,
    Assignment,
    Casting,
    Contact,
    ContactPerson,
    Group,
)

CONFIG = default_config()  # federal state HE
FRIDAY = date(2026, 11, 27)
ANSWERS = (
    ("Potenzial Gesamtverbund", "hoch"),
    ("Versicherungspotenzial p.a.", "≥ 2.500 €"),
    ("Unternehmensnachfolge", "ist perspektivisch zu lösen"),
)


def group(cls="A", assignments=()):
    casting = Casting("k1", date(2026, 2, 1), "Firmenkunden", 1, ANSWERS, 7, cls, "MKR")
    persons = (ContactPerson("p1", "Anna Huber", "Inhaberin"),)
    return Group("g1", "10001", "Huber GmbH", "Firmenkunden", "MKR", (), persons, (casting,), tuple(assignments))


def entry(**changes):
    values = dict(
        outcome="Gespräch geführt", channel="Telefon", format="Servicekontakt", person="p1", note=" gut ", follow_up="15.01.2027"
    )
    return CallInput(**(values | changes))


def test_role_of_lead_colleague_and_helper():
    care = Assignment("a1", "Versicherung", "VKS", 1.0, date(2025, 1, 1))
    advisors = {"PBR": Advisor("PBR", "Pia", department="Private Banking")}
    g = group(assignments=[care])
    assert role_of("MKR", g, advisors, FRIDAY) == LEAD
    assert role_of("VKS", g, advisors, FRIDAY) == "Versicherung"
    assert role_of("PBR", g, advisors, FRIDAY) == "Private Banking"
    assert role_of("XYZ", g, advisors, FRIDAY) == LEAD


def test_talking_points():
    history = [
        Contact("c3", "g1", date(2026, 11, 1), "MKR", NOT_REACHED, follow_up=date(2026, 11, 20), note="Sekretariat"),
        Contact("c2", "g1", date(2026, 9, 1), "VKS", "Gespräch geführt", department="Versicherung", note="Police"),
        Contact("c1", "g1", date(2026, 6, 1), "MKR", "Gespräch geführt", note="Halle"),
    ]
    points = talking_points(group(), history, LEAD, CONFIG, FRIDAY)
    assert points.called_in == (
        ("Versicherungspotenzial p.a.", "≥ 2.500 €", "Versicherung"),
        ("Unternehmensnachfolge", "ist perspektivisch zu lösen", "Nachfolge"),
    )
    assert points.last_conversation.id == "c2"  # the last reached contact, whoever had it
    assert points.open_follow_up.id == "c3"


@pytest.mark.parametrize(
    ("cls", "outcome", "meeting", "expected", "moved"),
    [
        ("A", "Gespräch geführt", None, date(2027, 3, 1), True),  # 27.02.2027 is a Saturday
        ("B", "kein Interesse", None, date(2027, 5, 28), True),  # 27.05.2027 Fronleichnam (HE)
        ("C", "Gespräch geführt", None, date(2027, 11, 29), True),  # Saturday 27.11.2027
        ("A", NOT_REACHED, None, date(2026, 11, 30), False),  # Friday → Monday
        ("A", APPOINTMENT, date(2026, 12, 3), date(2026, 12, 3), False),
        ("D", "Gespräch geführt", None, date(2028, 11, 27), False),
    ],
)
def test_suggested_follow_up(cls, outcome, meeting, expected, moved):
    shift = suggested_follow_up(group(cls), LEAD, outcome, CONFIG, FRIDAY, meeting)
    assert shift.day == expected and (shift.reason is not None) == moved


def test_not_reached_before_a_holiday_goes_to_the_next_working_day():
    shift = suggested_follow_up(group(), LEAD, NOT_REACHED, CONFIG, date(2026, 12, 24))
    assert shift.day == date(2026, 12, 28)  # 25./26.12. holidays, 27.12. Sunday


def test_formats_follow_the_class():
    assert "Strategiegespräch" in allowed_formats(CONFIG, group("A"))
    assert "Strategiegespräch" not in allowed_formats(CONFIG, group("C"))
    assert default_format(CONFIG, group("D")) == "Servicekontakt"


def test_build_call_makes_the_contact():
    contact, problems = build_call(entry(), group(), LEAD, "MKR", CONFIG, FRIDAY)
    assert problems == {}
    assert (contact.date, contact.by, contact.department, contact.follow_up, contact.note, contact.person) == (
        FRIDAY,
        "MKR",
        None,
        date(2027, 1, 15),
        "gut",
        "p1",
    )


def test_build_call_moves_a_weekend_follow_up_and_books_the_meeting():
    contact, _ = build_call(
        entry(outcome=APPOINTMENT, follow_up="28.11.", meeting_day="Di", meeting_time="9:30"),
        group(), "Versicherung", "VKS", CONFIG, FRIDAY,
    )  # fmt: skip
    assert contact.follow_up == date(2026, 11, 30)
    assert contact.meeting == "2026-12-01T09:30"
    assert contact.department == "Versicherung"


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"follow_up": ""}, "follow_up", "Ohne Folgekontakt geht es nicht"),
        ({"follow_up": "31.02.2027"}, "follow_up", '"31.02.2027" ist kein gültiges Datum'),
        ({"follow_up": "01.11.2026"}, "follow_up", "in der Vergangenheit"),
        ({"outcome": ""}, "outcome", "Ergebnis"),
        ({"format": "Strategiegespräch"}, "format", "nicht vorgesehen"),
        ({"person": "p9"}, "person", "gibt es im Verbund nicht"),
        ({"outcome": APPOINTMENT, "meeting_day": "Di", "meeting_time": "25:00"}, "meeting", "keine Uhrzeit"),
        ({"outcome": APPOINTMENT, "meeting_day": "", "meeting_time": "10:00"}, "meeting", "kein gültiges Datum"),
    ],
)
def test_build_call_names_every_wrong_field(changes, field, text):
    contact, problems = build_call(entry(**changes), group("C"), LEAD, "MKR", CONFIG, FRIDAY)
    assert contact is None and text in problems[field]


@pytest.mark.parametrize(
    ("text", "hours", "minutes"), [("9", 9, 0), ("9:30", 9, 30), ("09.30", 9, 30), ("1400", 14, 0), ("14:00 Uhr", 14, 0)]
)
def test_parse_time(text, hours, minutes):
    assert (parse_time(text).hour, parse_time(text).minute) == (hours, minutes)

"""Call Party rules: the RFC 5545 schedule with holidays skipped (also across New Year), the
queue per advisor, and the shared session record (outcomes merged by group, summaries)."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from model.campaigns import call_party as cp
from model.config import CallPartyConfig, default_config
from model.contacts.guided_call import build_call
from model.entities import Contact
from tests.conftest import AS_OF, make_group

CONFIG = default_config()


def with_rule(rule: str, start: str, state: str = "HE", **extra):
    party = CallPartyConfig(rule, start, extra.get("minutes", 75), extra.get("groups", 5))
    return replace(CONFIG, call_party=party, federal_state=state)


# ---- schedule -------------------------------------------------------------------------------


def test_default_rule_every_second_tuesday_at_nine():
    # dtstart 06.01.2026, every 2nd Tuesday: … 24.11., 08.12., 22.12.2026, 05.01.2027 …
    assert cp.next_call_party(CONFIG, datetime(2026, 11, 27, 8, 0)) == datetime(2026, 12, 8, 9, 0)
    assert cp.next_call_party(CONFIG, datetime(2026, 12, 8, 9, 0)) == datetime(2026, 12, 8, 9, 0)
    assert cp.next_call_party(CONFIG, datetime(2026, 12, 8, 9, 1)) == datetime(2026, 12, 22, 9, 0)


def test_a_tuesday_that_is_a_holiday_is_skipped():
    # Heilige Drei Könige (06.01.) is a holiday in Bavaria, not in Hesse.
    bavaria = with_rule(CONFIG.call_party.rrule, "2026-01-06T09:00:00", state="BY")
    assert cp.next_call_party(bavaria, datetime(2026, 1, 1)) == datetime(2026, 1, 20, 9, 0)
    assert cp.next_call_party(CONFIG, datetime(2026, 1, 1)) == datetime(2026, 1, 6, 9, 0)
    # Weekly on Tuesdays in Hesse: Fronleichnam is a Thursday, but 3 Oct 2028 is a Tuesday.
    weekly = with_rule("FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0", "2028-09-05T09:00:00")
    days = [d.date() for d in cp.call_party_dates(weekly, datetime(2028, 9, 25), datetime(2028, 10, 12))]
    assert days == [date(2028, 9, 26), date(2028, 10, 10)]


def test_year_boundary():
    days = cp.call_party_dates(CONFIG, datetime(2026, 12, 1), datetime(2027, 1, 31, 23, 59))
    assert [d.date() for d in days] == [date(2026, 12, 8), date(2026, 12, 22), date(2027, 1, 5), date(2027, 1, 19)]
    # Fridays: 01.01.2027 (Neujahr) is skipped, the next party is a week later.
    fridays = with_rule("FREQ=WEEKLY;BYDAY=FR;BYHOUR=9;BYMINUTE=30", "2026-12-04T09:30:00")
    assert cp.next_call_party(fridays, datetime(2026, 12, 31, 10, 0)) == datetime(2027, 1, 8, 9, 30)


def test_rule_that_has_ended_and_rule_that_cannot_be_read():
    ended = with_rule("FREQ=WEEKLY;COUNT=2;BYDAY=TU", "2026-01-06T09:00:00")
    assert cp.next_call_party(ended, datetime(2026, 6, 1)) is None
    with pytest.raises(ValueError, match="nicht lesbar"):
        cp.next_call_party(with_rule("FREQ=SOMETIMES", "2026-01-06T09:00:00"), datetime(2026, 6, 1))


# ---- queue ----------------------------------------------------------------------------------


def queue_fixture():
    groups = [
        make_group("a-old", "1", "Alt A", "A"),
        make_group("a-never", "2", "Nie A", "A"),
        make_group("b-old", "3", "Alt B", "B"),
        make_group("c-never", "4", "Nie C", "C"),
        make_group("a-follow", "5", "Folge A", "A"),
        make_group("a-meeting", "6", "Termin A", "A"),
        make_group("a-active", "7", "Aktiv A", "A"),
        make_group("d-old", "8", "Alt D", "D"),
        make_group("other", "9", "Fremd A", "A", lead="TLE"),
        make_group("a-colleague", "10", "Kollege A", "A"),
    ]
    old = date(2024, 5, 1)
    contacts = {
        "a-old": [Contact("1", "a-old", old, "MKR", "Gespräch geführt")],
        "b-old": [Contact("2", "b-old", date(2023, 1, 1), "MKR", "Gespräch geführt")],
        # a not-reached attempt whose follow-up lies ahead: planned, left out
        "a-follow": [Contact("3", "a-follow", date(2026, 11, 2), "MKR", "nicht erreicht", follow_up=date(2026, 12, 2))],
        # meeting booked long ago for a day still to come
        "a-meeting": [Contact("4", "a-meeting", date(2025, 9, 1), "MKR", "Termin vereinbart", meeting="2026-12-03T10:00")],
        "a-active": [Contact("5", "a-active", date(2026, 10, 1), "MKR", "Gespräch geführt")],
        "d-old": [Contact("6", "d-old", old, "MKR", "Gespräch geführt")],
        # a co-care colleague agreed a follow-up: any role counts
        "a-colleague": [Contact("7", "a-colleague", date(2026, 11, 1), "VKS", "nicht erreicht",
                                department="Versicherung", follow_up=date(2027, 1, 10))],
    }  # fmt: skip
    return groups, contacts


def test_queue_class_a_first_then_longest_inactivity_without_planned_groups():
    groups, contacts = queue_fixture()
    queue = cp.select_queue("MKR", groups, contacts, CONFIG, AS_OF)
    assert [i.group.id for i in queue] == ["a-never", "a-old", "b-old", "c-never", "d-old"]
    assert [i.group.id for i in cp.select_queue("MKR", groups, contacts, CONFIG, AS_OF, size=2)] == ["a-never", "a-old"]
    assert [i.group.id for i in cp.select_queue("TLE", groups, contacts, CONFIG, AS_OF)] == ["other"]


def test_a_follow_up_due_today_or_past_meeting_does_not_block():
    groups, contacts = queue_fixture()
    contacts["a-follow"] = [Contact("3", "a-follow", date(2026, 11, 2), "MKR", "nicht erreicht", follow_up=AS_OF)]
    contacts["a-meeting"] = [Contact("4", "a-meeting", date(2025, 9, 1), "MKR", "Termin vereinbart", meeting="2025-09-10T10:00")]
    ids = [i.group.id for i in cp.select_queue("MKR", groups, contacts, CONFIG, AS_OF, size=10)]
    assert "a-follow" in ids and "a-meeting" in ids


# ---- session --------------------------------------------------------------------------------

START = datetime(2026, 12, 8, 9, 0)


def session_records():
    session = cp.new_session("s-1", "TLE", START, 75, {"MKR": ["g-1", "g-2", "g-3"], "VKS": ["g-4"]})
    return cp.start_session([], session, START)


def test_start_refused_while_one_is_running_and_allowed_after_end():
    records = session_records()
    other = cp.new_session("s-2", "MKR", START, 60, {"MKR": []})
    with pytest.raises(ValueError, match="läuft bereits"):
        cp.start_session(records, other, START.replace(minute=5))
    ended = cp.end_session(records, "s-1", "TLE", START.replace(minute=50))
    assert len(cp.start_session(ended, other, START.replace(minute=55))) == 2
    # a forgotten session is not running the next day
    assert cp.running_session(records, datetime(2026, 12, 9, 9, 0)) is None


def test_outcomes_merge_by_group_and_summary():
    records = session_records()
    at = START.replace(minute=10)
    records = cp.record_outcome(records, "s-1", "g-1", cp.APPOINTMENT, "MKR", at, "2026-12-10T10:00")
    records = cp.record_outcome(records, "s-1", "g-4", cp.NOT_REACHED, "VKS", at)
    records = cp.record_outcome(records, "s-1", "g-2", cp.FOLLOW_UP, "MKR", at, "2027-01-12")
    session = cp.running_session(records, at)
    assert set(session["outcomes"]) == {"g-1", "g-2", "g-4"}
    assert session["outcomes"]["g-1"] == {
        "outcome": "Termin vereinbart", "date": "2026-12-10T10:00", "advisor": "MKR", "by": "MKR", "at": "2026-12-08T09:10:00",
    }  # fmt: skip
    assert cp.open_groups(session, "MKR") == ["g-3"] and cp.open_groups(session, "VKS") == []
    summary = cp.summarize(session)
    mkr, vks = summary.advisors
    assert (mkr.advisor, mkr.queued, mkr.calls, mkr.reached, mkr.meetings, mkr.follow_ups) == ("MKR", 3, 2, 2, 1, 1)
    assert (vks.calls, vks.reached, vks.meetings) == (1, 0, 0)
    assert (summary.team.queued, summary.team.calls, summary.team.reached, summary.team.meetings) == (4, 3, 2, 1)
    with pytest.raises(ValueError, match="Datum"):
        cp.record_outcome(records, "s-1", "g-3", cp.FOLLOW_UP, "MKR", at)
    with pytest.raises(ValueError, match="gibt es nicht"):
        cp.record_outcome(records, "s-x", "g-3", cp.NO_INTEREST, "MKR", at)


def test_countdown_and_history():
    records = session_records()
    session = records[0]
    assert cp.format_countdown(cp.remaining(session, START)) == "1:15:00"
    assert cp.format_countdown(cp.remaining(session, datetime(2026, 12, 8, 10, 10, 1))) == "04:59"
    assert cp.remaining(session, datetime(2026, 12, 8, 11, 0)).total_seconds() == 0
    later = cp.new_session("s-0", "TLE", datetime(2026, 11, 24, 9), 60, {"MKR": ["g-9"]})
    history = cp.session_history([*records, later])
    assert [s.id for s in history] == ["s-0", "s-1"]


def test_call_input_builds_an_active_call_contact():
    group = make_group("g-1", "1", "Alt A", "A")
    meeting = datetime(2026, 12, 3, 10, 30)
    entry = cp.call_input(cp.APPOINTMENT, group, "lead", CONFIG, AS_OF, meeting)
    contact, problems = build_call(entry, group, "lead", "MKR", CONFIG, AS_OF)
    assert problems == {}
    assert (contact.outcome, contact.format, contact.meeting, contact.follow_up) == (
        "Termin vereinbart",
        "Active Call",
        "2026-12-03T10:30",
        date(2026, 12, 3),
    )
    contact, _ = build_call(cp.call_input(cp.NOT_REACHED, group, "lead", CONFIG, AS_OF), group, "lead", "MKR", CONFIG, AS_OF)
    assert (contact.outcome, contact.follow_up) == ("nicht erreicht", date(2026, 11, 30))
    entry = cp.call_input(cp.FOLLOW_UP, group, "lead", CONFIG, AS_OF, date(2027, 1, 12))
    contact, _ = build_call(entry, group, "lead", "MKR", CONFIG, AS_OF)
    assert (contact.outcome, contact.follow_up) == ("Gespräch geführt", date(2027, 1, 12))

"""The .ics export as real clients read it (issue 13): the Berlin time zone as yearly rules
(checked with three independent parsers: icalendar, vobject, ical), overdue reminders on the
export day, done reminders cancelled, a SEQUENCE that grows with changes, an ORGANIZER."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from icalendar import Calendar

from model.entities import Contact
from model.exchange.calendar import due_uid, export_calendar
from tests.conftest import AS_OF

vobject = pytest.importorskip("vobject")
ical_stream = pytest.importorskip("ical.calendar_stream")

UTC = UTC


def export(store, advisor="MKR", as_of=AS_OF):
    inst = store.load()
    return export_calendar(advisor, inst.groups, inst.contacts, inst.config, as_of, advisors=inst.advisors)


def book_summer_and_winter(store):
    store.add_contacts(
        [
            Contact("m-s", "g-3", date(2026, 11, 26), "MKR", "Termin vereinbart", "Telefon", "Active Call",
                    meeting="2027-06-10T14:00", logged_at="2026-11-26T09:00:00"),
            Contact("m-w", "g-4", date(2026, 11, 26), "MKR", "Termin vereinbart", "Telefon", "Active Call",
                    meeting="2027-01-13T14:00", logged_at="2026-11-26T09:05:00"),
        ]
    )  # fmt: skip


def test_berlin_written_as_yearly_rules(small_store):
    book_summer_and_winter(small_store)
    text = export(small_store).data.decode()
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert "RDATE" not in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    assert text.count("BEGIN:VTIMEZONE") == 1


def _starts_icalendar(data):
    return {str(e["summary"]): e["dtstart"].dt for e in Calendar.from_ical(data).walk("VEVENT")}


def _starts_vobject(data):
    cal = vobject.readOne(data.decode())
    return {e.summary.value: e.dtstart.value for e in cal.vevent_list}


def _starts_ical(data):
    cal = ical_stream.IcsCalendarStream.calendar_from_ics(data.decode())
    return {e.summary: e.dtstart for e in cal.events}


@pytest.mark.parametrize("parse", [_starts_icalendar, _starts_vobject, _starts_ical])
def test_meeting_times_in_utc_in_every_parser(small_store, parse):
    book_summer_and_winter(small_store)
    starts = parse(export(small_store).data)
    june, january = starts["Termin: 10003 Schreinerei Vogt"], starts["Termin: 10004 Metallbau Seitz GmbH"]
    assert june.astimezone(UTC) == datetime(2027, 6, 10, 12, 0, tzinfo=UTC)
    assert january.astimezone(UTC) == datetime(2027, 1, 13, 13, 0, tzinfo=UTC)


def events(data):
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_overdue_reminder_on_export_day(small_store):
    huber = events(export(small_store).data)[due_uid("g-1", "lead")]
    # due on 01.09.2026, 87 days overdue: shown on the export day, the due date in the text
    assert huber["dtstart"].dt == AS_OF and huber["dtend"].dt == AS_OF + timedelta(days=1)
    assert "fällig seit 01.09.2026" in str(huber["description"])


def test_organizer_on_every_event(small_store):
    cal = Calendar.from_ical(export(small_store).data)
    assert str(cal["method"]) == "PUBLISH"
    for event in cal.walk("VEVENT"):
        organizer = event["organizer"]
        assert organizer.params["CN"] == "Martina Kraus"
        assert str(organizer).startswith(("mailto:", "urn:"))


def test_done_reminder_cancelled_in_next_export(small_store):
    before = events(export(small_store).data)
    uid = due_uid("g-1", "lead")
    assert str(before[uid].get("status", "CONFIRMED")) != "CANCELLED"
    small_store.add_contacts(
        [Contact("c-9", "g-1", AS_OF, "MKR", "Gespräch geführt", "Telefon", "Active Call",
                 logged_at="2026-11-27T10:15:00")]
    )  # fmt: skip
    result = export(small_store)
    after = events(result.data)
    assert str(after[uid]["status"]) == "CANCELLED" and result.done == 1
    assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])
    # a group contacted long ago (never in the user's calendar) gets no cancellation
    assert due_uid("g-4", "lead") not in after


def test_sequence_grows_with_days_and_changes(small_store):
    uid = due_uid("g-3", "lead")  # never contacted: on the export day
    first = int(events(export(small_store).data)[uid]["sequence"])
    same = export(small_store)
    assert int(events(same.data)[uid]["sequence"]) == first  # same store, same day: same bytes
    later = int(events(export(small_store, as_of=AS_OF + timedelta(days=1)).data)[uid]["sequence"])
    assert later > first
    small_store.add_contacts(
        [Contact("c-8", "g-2", AS_OF, "MKR", "Nicht erreicht", "Telefon", "Active Call",
                 logged_at="2026-11-27T16:40:00")]
    )  # fmt: skip
    assert int(events(export(small_store).data)[uid]["sequence"]) > first


def test_done_reminder_cancelled_after_an_unreached_attempt(small_store):
    """The list just before the contact is replayed with the rules' own `counted`: an attempt
    that did not reach the customer (or a Care Call) does not count, so the overdue reminder
    was in the list and is cancelled. With every entry counted, the attempt of five days
    earlier had moved the replayed due date a year ahead and the reminder stayed in Outlook."""
    uid = due_uid("g-1", "lead")
    small_store.add_contacts(
        [Contact("c-8", "g-1", AS_OF - timedelta(days=5), "MKR", "nicht erreicht", "Telefon",
                 "Active Call", logged_at="2026-11-22T10:15:00"),
         Contact("c-7", "g-1", AS_OF - timedelta(days=3), "MKR", "Gespräch geführt", "Care Call",
                 "Care Call", logged_at="2026-11-24T10:15:00"),
         Contact("c-9", "g-1", AS_OF, "MKR", "Gespräch geführt", "Telefon", "Active Call",
                 logged_at="2026-11-27T10:15:00")]
    )  # fmt: skip
    result = export(small_store)
    assert str(events(result.data)[uid]["status"]) == "CANCELLED" and result.done == 1

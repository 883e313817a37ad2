"""The .ics export parses back with icalendar: one event per due contact and booked meeting,
stable UIDs (a second export has the same ones), German summaries."""

from datetime import date, datetime, timedelta

from icalendar import Calendar

from model.entities import Contact
from model.exchange.calendar import due_uid, export_calendar
from tests.conftest import AS_OF


def events(data: bytes) -> dict[str, object]:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_due_contacts_and_meetings(small_store):
    small_store.add_contacts(
        [
            Contact("m-1", "g-3", date(2026, 11, 26), "MKR", "Termin vereinbart", "Telefon",
                    follow_up=date(2026, 12, 3), meeting="2026-12-03T10:00"),
            Contact("m-0", "g-4", date(2026, 10, 1), "MKR", "Termin vereinbart", meeting="2026-10-05T09:00"),
        ]
    )  # fmt: skip
    inst = small_store.load()
    data, due, meetings, _ = export_calendar("MKR", inst.groups, inst.contacts, inst.config, AS_OF)
    # due list: g-1 (overdue since 01.09.), g-2 (follow-up 05.12.), g-3 (follow-up 03.12.);
    # the meeting of 05.10. is past and left out
    assert (due, meetings) == (3, 1)
    found = events(data)
    assert len(found) == 4
    by_summary = {str(e["summary"]): e for e in found.values()}
    huber = by_summary["Kontakt fällig: 10001 Bäckerei Huber GmbH"]
    # overdue since 01.09.: on the export day, so Outlook's day and week views show it
    assert huber["dtstart"].dt == AS_OF and huber["dtend"].dt == AS_OF + timedelta(days=1)
    assert str(huber["uid"]) == due_uid("g-1", "lead")
    meeting = by_summary["Termin: 10003 Schreinerei Vogt"]
    start = meeting["dtstart"].dt
    assert isinstance(start, datetime) and (start.hour, start.minute) == (10, 0)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert meeting["dtend"].dt - start == timedelta(minutes=60)
    # the same export again: same UIDs, same bytes
    again, *_ = export_calendar("MKR", inst.groups, inst.contacts, inst.config, AS_OF)
    assert set(events(again)) == set(found) and again == data


def test_never_contacted_on_as_of_and_uid_stable_across_days(small_store):
    inst = small_store.load()
    data, *_ = export_calendar("MKR", inst.groups, inst.contacts, inst.config, AS_OF)
    vogt = next(e for e in events(data).values() if "10003" in str(e["summary"]))
    assert vogt["dtstart"].dt == AS_OF  # never contacted: due at once
    later, *_ = export_calendar("MKR", inst.groups, inst.contacts, inst.config, AS_OF + timedelta(days=3))
    assert str(vogt["uid"]) in events(later)  # a later export updates the event in Outlook
    vks, due, *_ = export_calendar("VKS", inst.groups, inst.contacts, inst.config, AS_OF)
    assert due == 1 and due_uid("g-1", "Versicherung") in events(vks)

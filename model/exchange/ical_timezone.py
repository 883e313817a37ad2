"""The Europe/Berlin VTIMEZONE in the classic RFC 5545 form: one STANDARD and one DAYLIGHT
part, each with a yearly RRULE (last Sunday of October / March), as Outlook and Thunderbird
write it.

Why not icalendar's `add_missing_timezones()`: it writes the zone as long RDATE lists cut off
at 2038 with a first STANDARD part from 1970, and ical.js and vobject then read a 14:00
meeting in June as 14:00+01:00 (13:00 German summer time). The yearly rule has been
Germany's since 1996 (EU summer time) and is what every client understands.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

TZID = "Europe/Berlin"


def _part(kind, name: str, start: datetime, month: int, offset_from: int, offset_to: int):
    part = kind()
    part.add("tzname", name)
    # Local wall-clock time of the switch (floating), as RFC 5545 3.6.5 requires.
    part.add("dtstart", start)
    part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
    part.add("tzoffsetfrom", timedelta(hours=offset_from))
    part.add("tzoffsetto", timedelta(hours=offset_to))
    return part


def berlin_vtimezone() -> Timezone:
    """VTIMEZONE Europe/Berlin: CEST from the last Sunday of March 02:00, CET from the last
    Sunday of October 03:00 (29.03.1970 and 25.10.1970 were such Sundays)."""
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add_component(_part(TimezoneDaylight, "CEST", datetime(1970, 3, 29, 2, 0), 3, 1, 2))
    zone.add_component(_part(TimezoneStandard, "CET", datetime(1970, 10, 25, 3, 0), 10, 2, 1))
    return zone

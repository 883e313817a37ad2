"""Dates as German users type and read them.

Input comes from people and from German Excel: `TT.MM.JJJJ` (day and month may have one digit,
as Excel writes `1.2.2026`) or ISO `JJJJ-MM-TT`. Two-digit years are refused on purpose: "26"
could be 1926 or 2026, and a wrong century silently breaks every due date computed from it.
Error messages are German and quote the input, so they can be shown to the user as they are.
"""

from __future__ import annotations

import re
from datetime import date

_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

EXPECTED = "erwartet TT.MM.JJJJ oder JJJJ-MM-TT"
FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Dates outside these years are typing errors (31.12.9999 would overflow every due date
computed from it after the contact was stored)."""
FOLLOW_UP_YEARS = 10
"""A follow-up is at most this many years after its contact."""


def date_problem(value: date, follow_up: date | None = None) -> str | None:
    """German message when a contact's date or follow-up is implausible, else None."""
    for d in (value, follow_up):
        if d is not None and not FIRST_YEAR <= d.year <= LAST_YEAR:
            return f"{format_date_de(d)} liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}"
    if follow_up is not None:
        try:
            latest = value.replace(year=value.year + FOLLOW_UP_YEARS)
        except ValueError:  # 29.02.
            latest = value.replace(year=value.year + FOLLOW_UP_YEARS, day=28)
        if follow_up > latest:
            return f"Folgekontakt {format_date_de(follow_up)} liegt mehr als {FOLLOW_UP_YEARS} Jahre nach dem Kontakt"
    return None


def parse_date_de(text: str) -> date:
    """`31.01.2026`, `1.2.2026` or `2026-01-31` → date; anything else raises ValueError
    with a German message such as `"31.02.2026" ist kein gültiges Datum (erwartet …)`."""
    value = text.strip()
    match = _GERMAN.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(value)
        if not match:
            raise ValueError(f'"{value}" ist kein gültiges Datum ({EXPECTED})')
        year, month, day = (int(part) for part in match.groups())
    try:
        # date() rejects impossible days such as 31.02. or 29.02. outside leap years.
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f'"{value}" ist kein gültiges Datum ({EXPECTED})') from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f'"{value}" liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}')
    return parsed


def format_date_de(value: date) -> str:
    """date → `TT.MM.JJJJ` with leading zeros, as German users read dates."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"

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
"""Dates outside are typos (20226, 0026) or hostile (31.12.9999) — never a contact."""
FOLLOW_UP_YEARS = 10
"""A follow-up further ahead than this is a typo; nobody plans a call for 2040."""


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
        result = date(year, month, day)
    except ValueError:
        raise ValueError(f'"{value}" ist kein gültiges Datum ({EXPECTED})') from None
    check_year(result, value)
    return result


def check_year(day: date, typed: str = "") -> None:
    """ValueError (German) for a date outside 1900–2100."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = typed or format_date_de(day)
        raise ValueError(f'"{shown}" liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}')


def check_follow_up(day: date, reference: date) -> None:
    """ValueError (German) for a follow-up more than FOLLOW_UP_YEARS after `reference` (the
    contact's day, or today in the dialog)."""
    check_year(day)
    try:
        limit = reference.replace(year=reference.year + FOLLOW_UP_YEARS)
    except ValueError:  # 29.02. of a leap year
        limit = reference.replace(year=reference.year + FOLLOW_UP_YEARS, day=28)
    if day > limit:
        raise ValueError(f"{format_date_de(day)} liegt mehr als {FOLLOW_UP_YEARS} Jahre nach dem {format_date_de(reference)}")


def date_problem(value: date, follow_up: date | None = None) -> str | None:
    """German message when a contact's date or follow-up is implausible, else None (the
    store's last check before a contact is written)."""
    try:
        check_year(value)
        if follow_up is not None:
            check_follow_up(follow_up, value)
    except ValueError as exc:
        return str(exc)
    return None


def format_date_de(value: date) -> str:
    """date → `TT.MM.JJJJ` with leading zeros, as German users read dates."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"

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
        return date(year, month, day)
    except ValueError:
        raise ValueError(f'"{value}" ist kein gültiges Datum ({EXPECTED})') from None


def format_date_de(value: date) -> str:
    """date → `TT.MM.JJJJ` with leading zeros, as German users read dates."""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"

"""Working days and follow-up dates as German advisors type them.

An advisor types a follow-up ("Wiedervorlage") as `15.01.`, `+3m`, `morgen` or `Di`; the app
shows a live preview under the input and books the date. A follow-up that lands on a weekend
or a public holiday is useless, so it is moved to the next working day and the preview says
why ("Karfreitag (Feiertag) → verschoben auf Dienstag, 07.04.2026").

Public holidays differ per federal state (Fronleichnam in HE/BY/NW…, Reformationstag in
SN/BB…), so every function that needs them takes the state code. They come from the
`holidays` package rather than a hand-made table: Easter-based dates and law changes
(e.g. Frauentag in Berlin since 2019) are easy to get wrong by hand.

24.12. and 31.12. are no legal holidays and therefore count as working days here.
Error messages are German and quote the input, so they can be shown as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

from model.german.dates import check_follow_up, format_date_de, parse_date_de

# The 16 federal states by their usual codes. `holidays` also knows "Augsburg" (a city with
# its own Friedensfest); it is no state, so it is deliberately not offered here.
STATES: Mapping[str, str] = MappingProxyType(
    {
        "BB": "Brandenburg",
        "BE": "Berlin",
        "BW": "Baden-Württemberg",
        "BY": "Bayern",
        "HB": "Bremen",
        "HE": "Hessen",
        "HH": "Hamburg",
        "MV": "Mecklenburg-Vorpommern",
        "NI": "Niedersachsen",
        "NW": "Nordrhein-Westfalen",
        "RP": "Rheinland-Pfalz",
        "SH": "Schleswig-Holstein",
        "SL": "Saarland",
        "SN": "Sachsen",
        "ST": "Sachsen-Anhalt",
        "TH": "Thüringen",
    }
)

WEEKDAY_NAMES = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

# Typed weekday → date.weekday(). "Sonnabend" is what northern and eastern Germans say.
_WEEKDAYS = {name.lower(): index for index, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:2].lower(): index for index, name in enumerate(WEEKDAY_NAMES)})
_WEEKDAYS["sonnabend"] = 5

_DAYS_FROM_TODAY = {"heute": 0, "morgen": 1, "übermorgen": 2, "uebermorgen": 2}

_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
_OFFSET = re.compile(r"^\+(\d{1,4})([mwtd]?)$")

ACCEPTED = "erlaubt: TT.MM.JJJJ, TT.MM., +3m, +2w, +10, heute, morgen, übermorgen oder ein Wochentag wie Mo, Di, Montag"


def _state_code(state: str) -> str:
    code = state.strip().upper()
    if code not in STATES:
        raise ValueError(f'"{state}" ist kein bekanntes Bundesland (erwartet: {", ".join(STATES)})')
    return code


def library_table(state: str, year: int) -> dict[date, str]:
    """The `holidays` library's public holidays of one state and year, date → German name."""
    # Imported here: `holidays` takes about 60 ms to import, and most commands (`due`, the
    # reports) never ask for a holiday; every `kontakt` start would pay it.
    import holidays

    try:
        table = holidays.country_holidays("DE", subdiv=state, years=year, language="de")
    except TypeError:
        # Releases before localisation know no `language`; they name German holidays in German.
        table = holidays.country_holidays("DE", subdiv=state, years=year)
    return dict(table)


_source: Callable[[str, int], Mapping[date, str]] = library_table


def use_table_source(source: Callable[[str, int], Mapping[date, str]] | None) -> None:
    """Where the tables come from: `source(state, year)`, or the library itself (None).
    The app shell keeps the library's tables in the user's cache folder
    (kontakt_tui/holiday_cache.py); the rules never know."""
    global _source
    _source = source or library_table
    _holidays_of.cache_clear()


@lru_cache(maxsize=128)
def _holidays_of(state: str, year: int) -> Mapping[date, str]:
    """All public holidays of one state and year, date → German name.

    Cached because building the holiday table is slow compared with a keystroke, and the
    preview calls in here on every keystroke. Copied into a read-only mapping so that no
    caller can change the cached table (the `holidays` object would also silently grow
    other years on lookup).
    """
    return MappingProxyType(dict(_source(state, year)))


def holiday_name(day: date, state: str) -> str | None:
    """German name of the public holiday on `day` in `state` ("Karfreitag"), or None.
    An unknown state code raises ValueError."""
    return _holidays_of(_state_code(state), day.year).get(day)


def is_working_day(day: date, state: str) -> bool:
    """Monday to Friday and no public holiday in `state`."""
    return day.weekday() < 5 and holiday_name(day, state) is None


def next_working_day(day: date, state: str) -> date:
    """The first working day strictly after `day`."""
    _state_code(state)  # fail on a bad state even if the loop would not look up a holiday
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate, state):
        candidate += timedelta(days=1)
    return candidate


def format_weekday_date(day: date) -> str:
    """`Dienstag, 01.12.2026` – the weekday helps advisors spot a wrong date at once."""
    return f"{WEEKDAY_NAMES[day.weekday()]}, {format_date_de(day)}"


@dataclass(frozen=True)
class Shift:
    """A requested date and the working day it ends up on; `reason` is None if unchanged."""

    requested: date
    day: date
    reason: str | None


def to_working_day(day: date, state: str) -> Shift:
    """`day` itself if it is a working day, else the next one with a German reason such as
    `Samstag → verschoben auf Montag, 30.11.2026`."""
    holiday = holiday_name(day, state)
    if holiday is None and day.weekday() < 5:
        return Shift(requested=day, day=day, reason=None)
    # A holiday on a weekend (Ostersonntag) is named as the holiday: that is what people know it as.
    cause = f"{holiday} (Feiertag)" if holiday else WEEKDAY_NAMES[day.weekday()]
    target = next_working_day(day, state)
    return Shift(requested=day, day=target, reason=f"{cause} → verschoben auf {format_weekday_date(target)}")


def _next_day_month(day: int, month: int, today: date) -> date:
    """The next `day.month.` on or after `today`; 29.02. waits for the next leap year."""
    for year in range(today.year, today.year + 9):  # a leap year comes within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise ValueError  # impossible day/month such as 31.02.; the caller words the message


def _offset(amount: int, unit: str, today: date) -> date:
    if unit == "m":
        # Calendar months: 31.08. + 3 months = 30.11., not "90 days".
        return today + relativedelta(months=amount)
    if unit == "w":
        return today + timedelta(weeks=amount)
    return today + timedelta(days=amount)  # "", "t" (Tage) and "d" (days)


def parse_relative_date(text: str, today: date) -> date:
    """What an advisor types as a follow-up → date, relative to `today`.

    `31.12.2026` / `2026-12-31`, `24.12.` (next such date on or after today), `+3m`, `+2w`,
    `+10`/`+10t`/`+10d`, `heute`, `morgen`, `übermorgen`, `Di`/`Di.`/`Dienstag` (the next
    such weekday strictly after today). Case does not matter. Anything else raises ValueError
    with a German message that lists the accepted forms.
    """
    value = text.strip()
    key = value.lower()
    error = ValueError(f'"{value}" ist kein gültiges Datum ({ACCEPTED})')

    if key in _DAYS_FROM_TODAY:
        return today + timedelta(days=_DAYS_FROM_TODAY[key])

    weekday = _WEEKDAYS.get(key.removesuffix("."))
    if weekday is not None:
        # Strictly after today: "Di" typed on a Tuesday means next week, as in speech.
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)

    try:
        match = _OFFSET.match(key)
        if match:
            return _offset(int(match.group(1)), match.group(2), today)
        match = _DAY_MONTH.match(key)
        if match:
            return _next_day_month(int(match.group(1)), int(match.group(2)), today)
        return parse_date_de(value)
    except (ValueError, OverflowError) as exc:
        if "liegt nicht zwischen" in str(exc):
            raise  # a real date, only absurd: say exactly that
        # One message for every wrong input, so the advisor always sees all accepted forms.
        raise error from None


def describe_follow_up(text: str, today: date, state: str) -> tuple[Shift | None, str]:
    """Live preview for a follow-up input: (shift, German text) or (None, German error).

    An unknown `state` still raises: it comes from the configuration, not from typing.
    """
    try:
        requested = parse_relative_date(text, today)
    except ValueError as exc:
        return None, str(exc)
    if requested < today:
        return None, f"{format_weekday_date(requested)} liegt in der Vergangenheit"
    try:
        check_follow_up(requested, today)
    except ValueError as exc:
        return None, str(exc)
    shift = to_working_day(requested, state)
    return shift, shift.reason or format_weekday_date(shift.day)

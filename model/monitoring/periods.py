"""The periods a Soll/Ist report can cover (docs/rules.md, rule 6), each a function of the as-of
date so that a report can be replayed for any past day.

- last 12 months: the default of rule 6, the 12 calendar months up to and including as_of;
- current year: 1 January up to as_of (year to date: later days have no contacts yet, and
  Soll is pro-rated by `Period.years`, so a half-year shows half a year's Soll);
- last quarter: the last *complete* calendar quarter before as_of (a quarter in progress
  would always look under-served);
- custom: any inclusive range of days, checked.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from model.german.dates import format_date_de
from model.monitoring.soll_ist import Period

LAST_12_MONTHS, CURRENT_YEAR, LAST_QUARTER, CUSTOM = "12m", "year", "quarter", "custom"

CHOICES: dict[str, str] = {
    LAST_12_MONTHS: "letzte 12 Monate",
    CURRENT_YEAR: "laufendes Jahr",
    LAST_QUARTER: "letztes Quartal",
    CUSTOM: "eigener Zeitraum",
}
"""Period kinds in the order the screens cycle through them, with their German labels."""


def last_12_months(as_of: date) -> Period:
    return Period.last_months(as_of, 12)


def current_year(as_of: date) -> Period:
    return Period(date(as_of.year, 1, 1), as_of)


def last_quarter(as_of: date) -> Period:
    """01.07.–30.09. for any as_of in October to December, and so on."""
    start_of_this = date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    first = start_of_this - relativedelta(months=3)
    return Period(first, start_of_this - timedelta(days=1))


def custom(first: date, last: date) -> Period:
    """A range typed by the user; a German message when it runs backwards."""
    if last < first:
        raise ValueError(f"Zeitraum: {format_date_de(first)} liegt nach {format_date_de(last)}")
    return Period(first, last)


def period_for(kind: str, as_of: date, first: date | None = None, last: date | None = None) -> Period:
    """The period of one of CHOICES; `custom` needs first and last."""
    if kind == LAST_12_MONTHS:
        return last_12_months(as_of)
    if kind == CURRENT_YEAR:
        return current_year(as_of)
    if kind == LAST_QUARTER:
        return last_quarter(as_of)
    if kind == CUSTOM:
        if first is None or last is None:
            raise ValueError("Zeitraum: Anfang und Ende angeben")
        return custom(first, last)
    raise ValueError(f"Zeitraum {kind!r} unbekannt (möglich: {', '.join(CHOICES)})")


def describe(period: Period) -> str:
    return f"{format_date_de(period.first)} bis {format_date_de(period.last)}"


def month_starts(as_of: date, months: int = 12) -> list[date]:
    """First days of the `months` calendar months ending with as_of's month, oldest first."""
    this = as_of.replace(day=1)
    return [this - relativedelta(months=n) for n in range(months - 1, -1, -1)]

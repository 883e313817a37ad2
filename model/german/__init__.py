"""German dates, numbers, working days and the words for the rules' codes.

Public names are imported from the package (`from model.german import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lazy_exports import lazy_exports

_WHERE = {
    "ACCEPTED": "workdays",
    "EXPECTED": "dates",
    "FIRST_YEAR": "dates",
    "FOLLOW_UP_YEARS": "dates",
    "LAST_YEAR": "dates",
    "MAX_AMOUNT": "numbers",
    "REASONS": "labels",
    "STATES": "workdays",
    "Shift": "workdays",
    "WEEKDAY_NAMES": "workdays",
    "check_follow_up": "dates",
    "check_year": "dates",
    "counted": "counts",
    "date_problem": "dates",
    "describe_follow_up": "workdays",
    "format_amount": "numbers",
    "format_date_de": "dates",
    "format_number": "numbers",
    "format_percent": "numbers",
    "format_quantity": "numbers",
    "format_weekday_date": "workdays",
    "holiday_name": "workdays",
    "is_working_day": "workdays",
    "meeting_iso": "labels",
    "meeting_label": "labels",
    "next_working_day": "workdays",
    "outcome_label": "labels",
    "parse_amount": "numbers",
    "parse_date_de": "dates",
    "parse_decimal": "numbers",
    "parse_relative_date": "workdays",
    "plural": "counts",
    "reason_label": "labels",
    "role_label": "labels",
    "round_half_up": "numbers",
    "to_working_day": "workdays",
}

__all__ = [
    "ACCEPTED",
    "EXPECTED",
    "FIRST_YEAR",
    "FOLLOW_UP_YEARS",
    "LAST_YEAR",
    "MAX_AMOUNT",
    "REASONS",
    "STATES",
    "Shift",
    "WEEKDAY_NAMES",
    "check_follow_up",
    "check_year",
    "counted",
    "date_problem",
    "describe_follow_up",
    "format_amount",
    "format_date_de",
    "format_number",
    "format_percent",
    "format_quantity",
    "format_weekday_date",
    "holiday_name",
    "is_working_day",
    "meeting_iso",
    "meeting_label",
    "next_working_day",
    "outcome_label",
    "parse_amount",
    "parse_date_de",
    "parse_decimal",
    "parse_relative_date",
    "plural",
    "reason_label",
    "role_label",
    "round_half_up",
    "to_working_day",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())

if TYPE_CHECKING:
    from model.german.counts import counted, plural
    from model.german.dates import (
        EXPECTED,
        FIRST_YEAR,
        FOLLOW_UP_YEARS,
        LAST_YEAR,
        check_follow_up,
        check_year,
        date_problem,
        format_date_de,
        parse_date_de,
    )
    from model.german.labels import REASONS, meeting_iso, meeting_label, outcome_label, reason_label, role_label
    from model.german.numbers import (
        MAX_AMOUNT,
        format_amount,
        format_number,
        format_percent,
        format_quantity,
        parse_amount,
        parse_decimal,
        round_half_up,
    )
    from model.german.workdays import (
        ACCEPTED,
        STATES,
        WEEKDAY_NAMES,
        Shift,
        describe_follow_up,
        format_weekday_date,
        holiday_name,
        is_working_day,
        next_working_day,
        parse_relative_date,
        to_working_day,
    )

"""Campaigns the team runs together: the Call Party and the weekly Care Calls.

Public names are imported from the package (`from model.campaigns import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "APPOINTMENT": "call_party",
    "COLLECTION": "call_party",
    "CONTACT_OUTCOME": "call_party",
    "CareCallItem": "care_calls",
    "FOLLOW_UP": "call_party",
    "NOT_REACHED": "call_party",
    "NO_INTEREST": "call_party",
    "OUTCOMES": "call_party",
    "QUESTIONS": "care_calls",
    "Question": "care_calls",
    "Result": "care_calls",
    "SCORES": "care_calls",
    "SCORE_LABELS": "care_calls",
    "SessionSummary": "call_party",
    "Tally": "call_party",
    "call_input": "call_party",
    "call_party_dates": "call_party",
    "care_call_list": "care_calls",
    "describe_week": "care_calls",
    "end_session": "call_party",
    "format_countdown": "call_party",
    "is_consultation": "care_calls",
    "is_planned": "call_party",
    "most_given": "care_calls",
    "new_session": "call_party",
    "new_survey": "care_calls",
    "next_call_party": "call_party",
    "next_party_note": "call_party",
    "open_groups": "call_party",
    "per_advisor": "care_calls",
    "previous_week": "care_calls",
    "record_outcome": "call_party",
    "remaining": "call_party",
    "running_session": "call_party",
    "save_survey": "care_calls",
    "select_queue": "call_party",
    "session_history": "call_party",
    "session_start": "call_party",
    "shift_week": "care_calls",
    "start_session": "call_party",
    "summarize": "call_party",
    "surveyed": "care_calls",
    "week_days": "care_calls",
    "week_of": "care_calls",
    "weekly_trend": "care_calls",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from model.campaigns.call_party import APPOINTMENT, COLLECTION, CONTACT_OUTCOME, FOLLOW_UP, NOT_REACHED, NO_INTEREST, OUTCOMES, SessionSummary, Tally, call_input, call_party_dates, end_session, format_countdown, is_planned, new_session, next_call_party, next_party_note, open_groups, record_outcome, remaining, running_session, select_queue, session_history, session_start, start_session, summarize
    from model.campaigns.care_calls import CareCallItem, QUESTIONS, Question, Result, SCORES, SCORE_LABELS, care_call_list, describe_week, is_consultation, most_given, new_survey, per_advisor, previous_week, save_survey, shift_week, surveyed, week_days, week_of, weekly_trend

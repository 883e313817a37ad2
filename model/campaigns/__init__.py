"""Campaigns the team runs together: the Call Party, the weekly Care Calls and the baseline survey.

Public names are imported from the package (`from model.campaigns import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "APPOINTMENT": "call_party",
    "Agreement": "perception",
    "CAMPAIGNS": "baseline",
    "COLLECTION": "call_party",
    "COLUMNS": "survey_import",
    "CONTACT_NAMESPACE": "survey_import",
    "CONTACT_OUTCOME": "call_party",
    "CareCallItem": "care_calls",
    "Comparison": "perception",
    "DEFAULT_MEETING_CHANNELS": "perception",
    "DISPATCHES": "dispatch",
    "EXPORT_COLUMNS": "dispatch",
    "FOLLOW_UP": "call_party",
    "MAIL": "dispatch",
    "NOT_REACHED": "call_party",
    "NO_INTEREST": "call_party",
    "OUTCOMES": "call_party",
    "PHONE": "dispatch",
    "QUESTIONS": "care_calls",
    "Question": "care_calls",
    "REFERENCE": "survey_import",
    "Recipient": "dispatch",
    "Result": "care_calls",
    "SATISFACTION": "drafts",
    "SCOPES": "baseline",
    "SCORES": "care_calls",
    "SCORE_LABELS": "care_calls",
    "SHORT": "perception",
    "SURVEY_NAMESPACE": "care_calls",
    "SessionSummary": "call_party",
    "SurveyComparison": "perception",
    "SurveyPlan": "survey_import",
    "Tally": "call_party",
    "agreement_by_advisor": "perception",
    "agreement_by_week": "perception",
    "body": "drafts",
    "call_input": "call_party",
    "call_party_dates": "call_party",
    "campaign_recipients": "dispatch",
    "care_call_contact": "survey_import",
    "care_call_list": "care_calls",
    "compare": "perception",
    "compare_all": "perception",
    "describe_scope": "baseline",
    "describe_week": "care_calls",
    "dispatch_records": "dispatch",
    "draft": "drafts",
    "end_session": "call_party",
    "export_rows": "dispatch",
    "file_name": "drafts",
    "find": "baseline",
    "format_countdown": "call_party",
    "goals_talk": "perception",
    "how_often": "perception",
    "import_surveys": "survey_store",
    "in_scope": "baseline",
    "is_consultation": "care_calls",
    "is_planned": "call_party",
    "largest_gaps": "perception",
    "log_dispatch": "dispatch",
    "log_dispatches": "survey_store",
    "meeting_channels": "perception",
    "missing_contacts": "survey_import",
    "most_given": "care_calls",
    "new_campaign": "baseline",
    "new_session": "call_party",
    "new_survey": "care_calls",
    "next_call_party": "call_party",
    "next_party_note": "call_party",
    "open_groups": "call_party",
    "parse_reference": "dispatch",
    "per_advisor": "care_calls",
    "plan_surveys": "survey_import",
    "previous_week": "care_calls",
    "recently_asked": "dispatch",
    "record_outcome": "call_party",
    "withdraw_outcome": "call_party",
    "reference": "dispatch",
    "remaining": "call_party",
    "running_session": "call_party",
    "same_answers": "care_calls",
    "save_survey": "care_calls",
    "save_surveys": "survey_store",
    "select_queue": "call_party",
    "session_history": "call_party",
    "session_start": "call_party",
    "shift_week": "care_calls",
    "stable_survey_id": "care_calls",
    "start_session": "call_party",
    "subject": "drafts",
    "summarize": "call_party",
    "survey_key": "care_calls",
    "surveyed": "care_calls",
    "week_days": "care_calls",
    "week_of": "care_calls",
    "weekly": "care_calls",
    "weekly_recipients": "dispatch",
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
    from model.campaigns.baseline import CAMPAIGNS, SCOPES, describe_scope, find, in_scope, new_campaign
    from model.campaigns.call_party import APPOINTMENT, COLLECTION, CONTACT_OUTCOME, FOLLOW_UP, NOT_REACHED, NO_INTEREST, OUTCOMES, SessionSummary, Tally, call_input, call_party_dates, end_session, format_countdown, is_planned, new_session, next_call_party, next_party_note, open_groups, record_outcome, remaining, running_session, select_queue, session_history, session_start, start_session, summarize, withdraw_outcome
    from model.campaigns.care_calls import CareCallItem, QUESTIONS, Question, Result, SCORES, SCORE_LABELS, SURVEY_NAMESPACE, care_call_list, describe_week, is_consultation, most_given, new_survey, per_advisor, previous_week, same_answers, save_survey, shift_week, stable_survey_id, survey_key, surveyed, week_days, week_of, weekly, weekly_trend
    from model.campaigns.dispatch import DISPATCHES, EXPORT_COLUMNS, MAIL, PHONE, Recipient, campaign_recipients, dispatch_records, export_rows, log_dispatch, parse_reference, recently_asked, reference, weekly_recipients
    from model.campaigns.drafts import SATISFACTION, body, draft, file_name, subject
    from model.campaigns.perception import Agreement, Comparison, DEFAULT_MEETING_CHANNELS, SHORT, SurveyComparison, agreement_by_advisor, agreement_by_week, compare, compare_all, goals_talk, how_often, largest_gaps, meeting_channels
    from model.campaigns.survey_import import COLUMNS, CONTACT_NAMESPACE, REFERENCE, SurveyPlan, care_call_contact, missing_contacts, plan_surveys
    from model.campaigns.survey_store import import_surveys, log_dispatches, save_surveys

"""The daily contact work: due dates, the Kontakt-Reminder and inactive groups, the guided call, contact-person checks.

Public names are imported from the package (`from model.contacts import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "APPOINTMENT": "guided_call",
    "CallInput": "guided_call",
    "ContactsByGroup": "due",
    "Counts": "reminder_list",
    "Due": "due",
    "DueItem": "due",
    "FIND_LIMIT": "find",
    "FOLLOW_UP": "due",
    "FREQUENCY": "due",
    "InactiveItem": "due",
    "Item": "reminder_list",
    "MY_SORTS": "my_groups",
    "Match": "find",
    "MyGroup": "my_groups",
    "NEVER": "due",
    "NOT_REACHED": "guided_call",
    "PREFERRED_FORMAT": "guided_call",
    "ROW_LIMIT": "reminder_list",
    "SORTS": "reminder_list",
    "SearchIndex": "find",
    "TalkingPoints": "guided_call",
    "allowed_formats": "guided_call",
    "build_call": "guided_call",
    "class_rank": "due",
    "default_format": "guided_call",
    "due_counts": "reminder_list",
    "due_for_role": "due",
    "due_item": "due",
    "due_list": "due",
    "due_sort_key": "due",
    "edited_person": "person_checks",
    "email_problem": "person_checks",
    "filtered": "reminder_list",
    "find_groups": "find",
    "fold": "find",
    "follow_up_for_log": "guided_call",
    "follow_up_from_text": "guided_call",
    "inactive_groups": "due",
    "interval": "due",
    "last_counted_contact": "due",
    "matches": "reminder_list",
    "my_group_list": "my_groups",
    "page": "reminder_list",
    "parse_time": "guided_call",
    "person_problems": "person_checks",
    "phone_digits": "find",
    "phone_problem": "person_checks",
    "role_frequency": "guided_call",
    "role_of": "guided_call",
    "roles_held": "guided_call",
    "roles_of": "due",
    "sort_key": "reminder_list",
    "sorted_groups": "my_groups",
    "suggested_follow_up": "guided_call",
    "talking_points": "guided_call",
}

__all__ = [
    "APPOINTMENT",
    "CallInput",
    "ContactsByGroup",
    "Counts",
    "Due",
    "DueItem",
    "FIND_LIMIT",
    "FOLLOW_UP",
    "FREQUENCY",
    "InactiveItem",
    "Item",
    "MY_SORTS",
    "Match",
    "MyGroup",
    "NEVER",
    "NOT_REACHED",
    "PREFERRED_FORMAT",
    "ROW_LIMIT",
    "SORTS",
    "SearchIndex",
    "TalkingPoints",
    "allowed_formats",
    "build_call",
    "class_rank",
    "default_format",
    "due_counts",
    "due_for_role",
    "due_item",
    "due_list",
    "due_sort_key",
    "edited_person",
    "email_problem",
    "filtered",
    "find_groups",
    "fold",
    "follow_up_for_log",
    "follow_up_from_text",
    "inactive_groups",
    "interval",
    "last_counted_contact",
    "matches",
    "my_group_list",
    "page",
    "parse_time",
    "person_problems",
    "phone_digits",
    "phone_problem",
    "role_frequency",
    "role_of",
    "roles_held",
    "roles_of",
    "sort_key",
    "sorted_groups",
    "suggested_follow_up",
    "talking_points",
]


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
    from model.contacts.due import ContactsByGroup, Due, DueItem, FOLLOW_UP, FREQUENCY, InactiveItem, NEVER, class_rank, due_for_role, due_item, due_list, due_sort_key, inactive_groups, interval, last_counted_contact, roles_of
    from model.contacts.find import FIND_LIMIT, Match, SearchIndex, find_groups, fold, phone_digits
    from model.contacts.guided_call import APPOINTMENT, CallInput, NOT_REACHED, PREFERRED_FORMAT, TalkingPoints, allowed_formats, build_call, default_format, follow_up_for_log, follow_up_from_text, parse_time, role_frequency, role_of, roles_held, suggested_follow_up, talking_points
    from model.contacts.my_groups import MY_SORTS, MyGroup, my_group_list, sorted_groups
    from model.contacts.person_checks import edited_person, email_problem, person_problems, phone_problem
    from model.contacts.reminder_list import Counts, Item, ROW_LIMIT, SORTS, due_counts, filtered, matches, page, sort_key

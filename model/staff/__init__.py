"""Staff and who may do what: the staff list, people changes and portfolio handover, the one
policy of roles, who is working (login → Kürzel) and the settings changed by command.

Public names are imported from the package (`from model.staff import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lazy_exports import lazy_exports

_WHERE = {
    "ACTIONS": "policy",
    "ADMINISTRATOR": "policy",
    "BAND_FIELDS": "settings",
    "BERATER": "policy",
    "COLUMNS": "staff_list",
    "Decision": "policy",
    "Handover": "handover",
    "Identity": "identity",
    "LISTS": "settings",
    "MAX_HOURS": "people",
    "NotAllowed": "policy",
    "OPTIONAL": "staff_list",
    "RANK": "policy",
    "SCALARS": "settings",
    "SettingError": "settings",
    "StaffError": "people",
    "StaffPlan": "staff_list",
    "TEAMLEITER": "policy",
    "active_advisors": "people",
    "add_person": "people",
    "add_to_list": "settings",
    "change_person": "people",
    "check_code": "people",
    "check_department": "people",
    "check_email": "people",
    "check_hours": "people",
    "check_login": "people",
    "check_role": "people",
    "code_for_login": "identity",
    "department_users": "settings",
    "describe": "settings",
    "hand_over": "saving",
    "holds_role": "policy",
    "import_staff": "saving",
    "mark_left": "people",
    "may": "policy",
    "plan_handover": "handover",
    "plan_staff": "staff_list",
    "policy_table": "policy",
    "remove_from_list": "settings",
    "require": "policy",
    "resolve_identity": "identity",
    "save_config_change": "settings",
    "set_setting": "settings",
    "setting_keys": "settings",
    "setup_mode": "policy",
    "shown": "settings",
    "value_of": "settings",
}

__all__ = [
    "ACTIONS",
    "ADMINISTRATOR",
    "BAND_FIELDS",
    "BERATER",
    "COLUMNS",
    "Decision",
    "Handover",
    "Identity",
    "LISTS",
    "MAX_HOURS",
    "NotAllowed",
    "OPTIONAL",
    "RANK",
    "SCALARS",
    "SettingError",
    "StaffError",
    "StaffPlan",
    "TEAMLEITER",
    "active_advisors",
    "add_person",
    "add_to_list",
    "change_person",
    "check_code",
    "check_department",
    "check_email",
    "check_hours",
    "check_login",
    "check_role",
    "code_for_login",
    "department_users",
    "describe",
    "hand_over",
    "holds_role",
    "import_staff",
    "mark_left",
    "may",
    "plan_handover",
    "plan_staff",
    "policy_table",
    "remove_from_list",
    "require",
    "resolve_identity",
    "save_config_change",
    "set_setting",
    "setting_keys",
    "setup_mode",
    "shown",
    "value_of",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())

if TYPE_CHECKING:
    from model.staff.handover import Handover, plan_handover
    from model.staff.identity import Identity, code_for_login, resolve_identity
    from model.staff.people import MAX_HOURS, StaffError, active_advisors, add_person, change_person, check_code, check_department, check_email, check_hours, check_login, check_role, mark_left
    from model.staff.policy import ACTIONS, ADMINISTRATOR, BERATER, Decision, NotAllowed, RANK, TEAMLEITER, holds_role, may, policy_table, require, setup_mode
    from model.staff.saving import hand_over, import_staff
    from model.staff.settings import BAND_FIELDS, LISTS, SCALARS, SettingError, add_to_list, department_users, describe, remove_from_list, save_config_change, set_setting, setting_keys, shown, value_of
    from model.staff.staff_list import COLUMNS, OPTIONAL, StaffPlan, plan_staff

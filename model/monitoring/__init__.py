"""Monitoring: periods, Soll/Ist, the portfolio view, capacity and the export tables.

Public names are imported from the package (`from model.monitoring import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_WHERE = {
    "CHOICES": "periods",
    "CLASS_HEADER": "tables",
    "CURRENT_YEAR": "periods",
    "CUSTOM": "periods",
    "Changes": "capacity",
    "ClassChange": "capacity",
    "ClassRow": "portfolios",
    "ClassSummary": "soll_ist",
    "ContactsByGroup": "portfolios",
    "DEFAULT_NET_MARKET_HOURS": "capacity",
    "DepartmentRow": "portfolios",
    "EffortShare": "soll_ist",
    "Key": "capacity",
    "LAST_12_MONTHS": "periods",
    "LAST_QUARTER": "periods",
    "NO_CLASS": "soll_ist",
    "Period": "soll_ist",
    "Portfolio": "portfolios",
    "Proposal": "capacity",
    "RoleTarget": "soll_ist",
    "Table": "tables",
    "Utilisation": "capacity",
    "Workload": "capacity",
    "apply_what_if": "capacity",
    "band_values": "capacity",
    "capacity_rows": "capacity",
    "capacity_table": "tables",
    "class_cells": "tables",
    "class_distribution": "portfolios",
    "co_care_hours": "capacity",
    "contacts_per_month": "portfolios",
    "current_year": "periods",
    "custom": "periods",
    "department_table": "tables",
    "departments": "portfolios",
    "describe": "periods",
    "effort_on_c_and_d": "soll_ist",
    "last_12_months": "periods",
    "last_quarter": "periods",
    "lead_hours": "capacity",
    "month_starts": "periods",
    "overdue_flags": "portfolios",
    "percent": "tables",
    "period_for": "periods",
    "portfolio": "portfolios",
    "portfolio_table": "tables",
    "propose": "capacity",
    "required_hours": "capacity",
    "role_targets": "soll_ist",
    "served_table": "tables",
    "summarize": "soll_ist",
    "summary_table": "tables",
    "team": "portfolios",
    "utilisations": "capacity",
    "workloads": "capacity",
}

__all__ = [
    "CHOICES",
    "CLASS_HEADER",
    "CURRENT_YEAR",
    "CUSTOM",
    "Changes",
    "ClassChange",
    "ClassRow",
    "ClassSummary",
    "ContactsByGroup",
    "DEFAULT_NET_MARKET_HOURS",
    "DepartmentRow",
    "EffortShare",
    "Key",
    "LAST_12_MONTHS",
    "LAST_QUARTER",
    "NO_CLASS",
    "Period",
    "Portfolio",
    "Proposal",
    "RoleTarget",
    "Table",
    "Utilisation",
    "Workload",
    "apply_what_if",
    "band_values",
    "capacity_rows",
    "capacity_table",
    "class_cells",
    "class_distribution",
    "co_care_hours",
    "contacts_per_month",
    "current_year",
    "custom",
    "department_table",
    "departments",
    "describe",
    "effort_on_c_and_d",
    "last_12_months",
    "last_quarter",
    "lead_hours",
    "month_starts",
    "overdue_flags",
    "percent",
    "period_for",
    "portfolio",
    "portfolio_table",
    "propose",
    "required_hours",
    "role_targets",
    "served_table",
    "summarize",
    "summary_table",
    "team",
    "utilisations",
    "workloads",
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
    from model.monitoring.capacity import Changes, ClassChange, DEFAULT_NET_MARKET_HOURS, Key, Proposal, Utilisation, Workload, apply_what_if, band_values, capacity_rows, co_care_hours, lead_hours, propose, required_hours, utilisations, workloads
    from model.monitoring.periods import CHOICES, CURRENT_YEAR, CUSTOM, LAST_12_MONTHS, LAST_QUARTER, current_year, custom, describe, last_12_months, last_quarter, month_starts, period_for
    from model.monitoring.portfolios import ClassRow, ContactsByGroup, DepartmentRow, Portfolio, class_distribution, contacts_per_month, departments, overdue_flags, portfolio, team
    from model.monitoring.soll_ist import ClassSummary, EffortShare, NO_CLASS, Period, RoleTarget, effort_on_c_and_d, role_targets, summarize
    from model.monitoring.tables import CLASS_HEADER, Table, capacity_table, class_cells, department_table, percent, portfolio_table, served_table, summary_table

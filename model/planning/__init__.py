"""Erfolgsplanung: the essay's calculator, its input fields and the actual rates beside it.

Public names are imported from the package (`from model.planning import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lazy_exports import lazy_exports

_WHERE = {
    "ACTIVE_CALL": "actuals",
    "CONVERSION_MONTHS": "calculator",
    "FIELDS": "fields",
    "FIELD_BY_KEY": "fields",
    "INPUT_NAMES": "calculator",
    "MEETING": "actuals",
    "MONTHS_PER_YEAR": "calculator",
    "MONTH_HEADER": "fields",
    "MonthRow": "calculator",
    "PlanActuals": "actuals",
    "PlanField": "fields",
    "PlanInputs": "calculator",
    "PlanResult": "calculator",
    "TABLE_MONTHS": "calculator",
    "WORKDAYS_PER_WEEK": "calculator",
    "YEAR_HEADER": "fields",
    "YearTotal": "calculator",
    "actual_lines": "fields",
    "calculate": "calculator",
    "describe_model": "calculator",
    "field_value": "fields",
    "figure_lines": "fields",
    "format_field": "fields",
    "format_rate": "calculator",
    "institute_actuals": "actuals",
    "measure": "actuals",
    "month_cells": "fields",
    "month_values": "fields",
    "parse_conversion": "fields",
    "parse_field": "fields",
    "parse_rate": "fields",
    "parse_whole": "fields",
    "plan_from_actuals": "actuals",
    "planned_team": "actuals",
    "problem_field": "fields",
    "with_values": "fields",
    "year_cells": "fields",
}

__all__ = [
    "ACTIVE_CALL",
    "CONVERSION_MONTHS",
    "FIELDS",
    "FIELD_BY_KEY",
    "INPUT_NAMES",
    "MEETING",
    "MONTHS_PER_YEAR",
    "MONTH_HEADER",
    "MonthRow",
    "PlanActuals",
    "PlanField",
    "PlanInputs",
    "PlanResult",
    "TABLE_MONTHS",
    "WORKDAYS_PER_WEEK",
    "YEAR_HEADER",
    "YearTotal",
    "actual_lines",
    "calculate",
    "describe_model",
    "field_value",
    "figure_lines",
    "format_field",
    "format_rate",
    "institute_actuals",
    "measure",
    "month_cells",
    "month_values",
    "parse_conversion",
    "parse_field",
    "parse_rate",
    "parse_whole",
    "plan_from_actuals",
    "planned_team",
    "problem_field",
    "with_values",
    "year_cells",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())

if TYPE_CHECKING:
    from model.planning.actuals import ACTIVE_CALL, MEETING, PlanActuals, institute_actuals, measure, plan_from_actuals, planned_team
    from model.planning.calculator import CONVERSION_MONTHS, INPUT_NAMES, MONTHS_PER_YEAR, MonthRow, PlanInputs, PlanResult, TABLE_MONTHS, WORKDAYS_PER_WEEK, YearTotal, calculate, describe_model, format_rate
    from model.planning.fields import FIELDS, FIELD_BY_KEY, MONTH_HEADER, PlanField, YEAR_HEADER, actual_lines, field_value, figure_lines, format_field, month_cells, month_values, parse_conversion, parse_field, parse_rate, parse_whole, problem_field, with_values, year_cells

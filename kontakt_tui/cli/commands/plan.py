"""`kontakt plan`: the success-planning calculator on the command line (docs/rules.md, rule 10). Prints the
essay's table "Kontaktstrategie: Planung", the yearly totals and the steady state for the
inputs given (defaults: the essay's), optionally the 36-month table and the actual rates from
the store. `--json` keys are documented in the README section "Erfolgsplanung"."""

from __future__ import annotations

import argparse
from dataclasses import replace

from model.german import format_date_de
from model.planning import PlanActuals, institute_actuals, plan_from_actuals
from model.planning import (
    FIELD_BY_KEY,
    MONTH_HEADER,
    YEAR_HEADER,
    actual_lines,
    figure_lines,
    month_cells,
    parse_conversion,
    parse_field,
    year_cells,
)
from model.planning import (
    CONVERSION_MONTHS,
    PlanInputs,
    PlanResult,
    calculate,
    describe_model,
)
from model.monitoring import Period

from kontakt_tui.cli import output
from kontakt_tui.cli.commands.daily import InputError, current_advisor, date_arg, open_store

# option → PlanInputs field; the values are read by model.planning.fields so the CLI accepts
# exactly what the screen accepts ("40", "40 %", "0,4").
OPTIONS = (
    ("--advisors", "advisors", "N", "Betreuer im Team (Standard 9)"),
    ("--days", "working_days", "N", "Arbeitstage im Jahr (Standard 210)"),
    (
        "--calls-per-day",
        "calls_per_day",
        "X",
        "Active Calls pro Tag und Betreuer (Standard 1,0)",
    ),
    ("--immediate-rate", "immediate_rate", "P", "Sofort-Terminquote (Standard 40 %%)"),
    ("--follow-up-rate", "follow_up_rate", "P", "Follow-up-Quote (Standard 40 %%)"),
    (
        "--follow-up-delay",
        "follow_up_delay",
        "M",
        "Monate bis zum Follow-up-Call (Standard 6)",
    ),
    (
        "--follow-up-meeting-rate",
        "follow_up_meeting_rate",
        "P",
        "Terminquote aus Follow-up-Calls (Standard 50 %%)",
    ),
    (
        "--contribution",
        "contribution",
        "EUR",
        "Deckungsbeitrag je Conversion in € (Standard 5.000)",
    ),
    (
        "--lead-time",
        "lead_time",
        "M",
        "weitere Monate vom Call zum Termin (Standard 0)",
    ),
)


def register(cmds) -> None:
    p = cmds.add(
        "plan",
        "Erfolgsplanung: Termine, Conversions und Aufträge aus Active Calls",
        cmd_plan,
    )
    for option, _, metavar, help_text in OPTIONS:
        p.add_argument(option, metavar=metavar, help=help_text)
    p.add_argument(
        "--conversion",
        metavar="P,P,P,P",
        help="kumulierte Conversion nach 3, 6, 12, 18 Monaten (Standard 10,20,30,40)",
    )
    p.add_argument(
        "--months", action="store_true", help="auch die Tabelle der 36 Monate zeigen"
    )
    p.add_argument(
        "--actual",
        action="store_true",
        help="auch die Ist-Quoten der letzten 12 Monate aus dem Speicher",
    )
    p.add_argument(
        "--from-actual",
        action="store_true",
        help="Plan mit den Ist-Quoten beginnen (Optionen gehen vor)",
    )
    p.add_argument(
        "--advisor",
        metavar="KÜRZEL",
        help="Ist eines Betreuers statt des Teams ('ich': der Benutzer)",
    )
    cmds.as_of(p)
    cmds.json_flag(p)


def inputs_from_args(
    args: argparse.Namespace, base: PlanInputs | None = None
) -> PlanInputs:
    """The plan's inputs from the options; InputError names the option and what is wrong."""
    inputs = base or PlanInputs()
    changes: dict = {}
    for option, key, _, _ in OPTIONS:
        text = getattr(args, key_attr(option))
        if text is None:
            continue
        try:
            value = parse_field(FIELD_BY_KEY[key], text)
        except ValueError as exc:
            raise InputError(f"{option}: {exc}") from None
        changes[key] = (
            value if FIELD_BY_KEY[key].kind in ("count", "months") else float(value)
        )
    if args.conversion is not None:
        try:
            changes["conversion"] = parse_conversion(args.conversion)
        except ValueError as exc:
            raise InputError(f"--conversion: {exc}") from None
    inputs = replace(inputs, **changes)
    problems = inputs.problems()
    if problems:
        by_key = {key: option for option, key, _, _ in OPTIONS}
        lines = []
        for key, message in problems.items():
            if key.startswith("conversion_"):
                option = (
                    f"--conversion (nach {key.removeprefix('conversion_')} Monaten)"
                )
            else:
                option = by_key.get(key, "--conversion")
            lines.append(f"{option}: {message}")
        raise InputError("; ".join(lines))
    return inputs


def key_attr(option: str) -> str:
    return option.removeprefix("--").replace("-", "_")


def cmd_plan(settings, args: argparse.Namespace) -> int:
    actuals = None
    if args.actual or args.from_actual:
        as_of = date_arg(args.as_of, "--as-of")
        institute = open_store(settings).load()
        advisor = args.advisor
        if advisor in ("ich", "me"):
            advisor = current_advisor(settings, institute)
        elif advisor is not None and advisor not in institute.advisors:
            raise InputError(
                f"--advisor {advisor} ist im Speicher nicht als Betreuer angelegt."
            )
        working_days = PlanInputs().working_days
        if args.days is not None:
            working_days = inputs_from_args(args).working_days
        actuals = institute_actuals(
            institute, Period.last_months(as_of), advisor, working_days
        )
    base = (
        plan_from_actuals(PlanInputs(), actuals)
        if args.from_actual and actuals
        else None
    )
    inputs = inputs_from_args(args, base)
    result = calculate(inputs)
    if args.json:
        data = plan_json(result)
        if actuals is not None:
            data["actual"] = actuals_json(actuals)
        output.print_json(data)
        return 0
    print_plan(result, args.months)
    if actuals is not None:
        print()
        print_actuals(actuals)
    return 0


# ---- text -------------------------------------------------------------------------------------


def print_plan(result: PlanResult, months: bool = False) -> None:
    print("Erfolgsplanung – Kontaktstrategie: Planung")
    print()
    lines = figure_lines(result)
    width = max(len(label) for label, _, _ in lines)
    value_width = max(len(value) for _, value, _ in lines)
    for label, value, remark in lines:
        print(f"{label.ljust(width)}  {value.rjust(value_width)}  {remark}".rstrip())
    print()
    print("Aufträge je Kalenderjahr")
    output.print_table(
        YEAR_HEADER, [list(r) for r in year_cells(result)], right={1, 2, 3, 4, 5}
    )
    if months:
        print()
        print("Monat für Monat")
        output.print_table(
            MONTH_HEADER, [list(r) for r in month_cells(result)], right=set(range(9))
        )
    print()
    print(describe_model(result.inputs))


def print_actuals(a: PlanActuals) -> None:
    who = f"Betreuer {a.advisor}" if a.advisor else f"Team ({a.advisors} Betreuer)"
    print(
        f"Ist {who}, {format_date_de(a.period.first)} bis {format_date_de(a.period.last)}"
    )
    for label, value in actual_lines(a):
        print(f"  {label.ljust(34)} {value}")


# ---- JSON -------------------------------------------------------------------------------------


def plan_json(result: PlanResult) -> dict:
    i = result.inputs
    data = {
        "inputs": {
            "advisors": i.advisors,
            "working_days": i.working_days,
            "calls_per_day": i.calls_per_day,
            "immediate_rate": i.immediate_rate,
            "follow_up_rate": i.follow_up_rate,
            "follow_up_delay_months": i.follow_up_delay,
            "follow_up_meeting_rate": i.follow_up_meeting_rate,
            "conversion_months": list(CONVERSION_MONTHS),
            "conversion_cumulative": list(i.conversion),
            "contribution": i.contribution,
            "lead_time_months": i.lead_time,
        },
        "figures": {
            "calls": result.calls,
            "immediate_meetings": result.immediate_meetings,
            "follow_up_calls": result.follow_up_calls,
            "call_success_rate": result.call_success_rate,
            "follow_up_meetings": result.follow_up_meetings,
            "meetings": result.meetings,
            "calls_per_advisor": result.per_advisor(result.calls),
            "immediate_meetings_per_advisor": result.per_advisor(
                result.immediate_meetings
            ),
            "follow_up_calls_per_advisor": result.per_advisor(result.follow_up_calls),
            "follow_up_meetings_per_advisor": result.per_advisor(
                result.follow_up_meetings
            ),
            "meetings_per_day_and_advisor": result.meetings_per_day,
            "meetings_per_week_and_advisor": result.meetings_per_week,
            "overall_rate": result.overall_rate,
            "first_year": result.first_year,
            "following_year": result.following_year,
            "steady_state": result.steady_state,
            "steady_state_conversions": result.steady_state_conversions,
        },
    }
    data["years"] = [
        {"year": y.year, "calls": y.calls, "follow_up_calls": y.follow_up_calls, "meetings": y.meetings,
         "conversions": y.conversions, "amount": y.amount}
        for y in result.years
    ]  # fmt: skip
    data["months"] = [
        {"month": r.month, "year": r.year, "calls": r.calls, "follow_up_calls": r.follow_up_calls,
         "immediate_meetings": r.immediate_meetings, "follow_up_meetings": r.follow_up_meetings,
         "meetings": r.meetings, "conversions": r.conversions, "amount": r.amount}
        for r in result.months
    ]  # fmt: skip
    return data


def actuals_json(a: PlanActuals) -> dict:
    return {
        "advisor": a.advisor,
        "advisors": a.advisors,
        "period": {
            "first": a.period.first.isoformat(),
            "last": a.period.last.isoformat(),
        },
        "working_days": a.working_days,
        "calls": a.calls,
        "first_calls": a.first_calls,
        "follow_up_calls": a.follow_up_calls,
        "immediate_meetings": a.immediate_meetings,
        "follow_ups_agreed": a.follow_ups_agreed,
        "follow_up_meetings": a.follow_up_meetings,
        "calls_per_day": a.calls_per_day,
        "immediate_rate": a.immediate_rate,
        "follow_up_rate": a.follow_up_rate,
        "follow_up_meeting_rate": a.follow_up_meeting_rate,
        "meetings_per_day": a.meetings_per_day,
        "conversions": a.conversions,
        "contribution": a.contribution,
        "contribution_per_conversion": a.contribution_per_conversion,
    }

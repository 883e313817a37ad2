"""`kontakt plan`: the success-planning calculator on the command line (docs/rules.md, rule 10). Prints the
essay's table "Kontaktstrategie: Planung", the yearly totals and the steady state for the
inputs given (defaults: the essay's), optionally the 36-month table and the actual rates from
the store. `--json` keys (shaped in `cli.json_shapes`) are listed in the README section "Erfolgsplanung"."""

from __future__ import annotations

import argparse
from dataclasses import replace

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError
from model.german import format_date_de
from model.monitoring import Period
from model.planning import (
    FIELD_BY_KEY,
    MONTH_HEADER,
    YEAR_HEADER,
    PlanActuals,
    PlanInputs,
    PlanResult,
    actual_lines,
    calculate,
    describe_model,
    figure_lines,
    institute_actuals,
    month_cells,
    parse_conversion,
    parse_field,
    plan_from_actuals,
    year_cells,
)

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
    p.add_argument("--months", action="store_true", help="auch die Tabelle der 36 Monate zeigen")
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


def inputs_from_args(args: argparse.Namespace, base: PlanInputs | None = None) -> PlanInputs:
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
        changes[key] = value if FIELD_BY_KEY[key].kind in ("count", "months") else float(value)
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
                option = f"--conversion (nach {key.removeprefix('conversion_')} Monaten)"
            else:
                option = by_key.get(key, "--conversion")
            lines.append(f"{option}: {message}")
        raise InputError("; ".join(lines))
    return inputs


def key_attr(option: str) -> str:
    return option.removeprefix("--").replace("-", "_")


def cmd_plan(ctx: Context) -> int:
    args = ctx.args
    actuals = None
    if args.actual or args.from_actual:
        as_of = ctx.as_of
        institute = ctx.period_picture(Period.last_months(as_of))
        advisor = args.advisor
        if advisor in ("ich", "me"):
            advisor = ctx.me
        elif advisor is not None and advisor not in institute.advisors:
            raise InputError(f"--advisor {advisor} ist im Speicher nicht als Betreuer angelegt.")
        working_days = PlanInputs().working_days
        if args.days is not None:
            working_days = inputs_from_args(args).working_days
        actuals = institute_actuals(institute, Period.last_months(as_of), advisor, working_days)
    base = plan_from_actuals(PlanInputs(), actuals) if args.from_actual and actuals else None
    inputs = inputs_from_args(args, base)
    result = calculate(inputs)
    if args.json:
        data = json_shapes.plan_json(result)
        if actuals is not None:
            names = {code: a.name for code, a in ctx.institute.advisors.items()}
            data["actual"] = json_shapes.plan_actuals_json(actuals, names)
        json_shapes.print_json(data)
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
    output.print_table(YEAR_HEADER, [list(r) for r in year_cells(result)], right={1, 2, 3, 4, 5})
    if months:
        print()
        print("Monat für Monat")
        output.print_table(MONTH_HEADER, [list(r) for r in month_cells(result)], right=set(range(9)))
    print()
    print(describe_model(result.inputs))


def print_actuals(a: PlanActuals) -> None:
    who = f"Betreuer {a.advisor}" if a.advisor else f"Team ({a.advisors} FKB)"
    print(f"Ist {who}, {format_date_de(a.period.first)} bis {format_date_de(a.period.last)}")
    if not a.advisor:
        print(f"  gezählt: {', '.join(a.counted) or '–'} (Betreuer, die Verbünde führen; ohne Fachbereiche)")
    for label, value in actual_lines(a):
        print(f"  {label.ljust(34)} {value}")

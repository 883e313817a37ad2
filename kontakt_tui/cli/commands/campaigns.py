"""Call Party and Care Call commands: `kontakt callparty next`, `kontakt callparty queue`,
`kontakt carecalls`. Registered through `cli.EXTENSIONS`; the JSON keys are documented in the
README ("Call Party und Care Calls")."""

from __future__ import annotations

import argparse
from datetime import date, datetime, time

from model.campaigns import care_calls
from model.campaigns import next_call_party, select_queue
from model.german import format_date_de
from model.german import format_weekday_date

from kontakt_tui.cli import output
from kontakt_tui.cli.commands.daily import InputError, current_advisor, date_arg, open_store
from kontakt_tui.settings import Settings


def register(cmds) -> None:
    p = cmds.add("callparty", "Call Party: nächster Termin oder die eigene Anrufliste", _missing_action)
    # The nested commands get the same German help wording as the top-level ones.
    actions = type(cmds)(p.add_subparsers(dest="callparty_action", metavar="AKTION"))
    q = actions.add("next", "nächste Call Party (Feiertage ausgelassen)", cmd_next)
    cmds.as_of(q)
    cmds.json_flag(q)
    q = actions.add("queue", "die eigenen inaktiven Verbünde für die Call Party (A zuerst, dann am längsten inaktiv)", cmd_queue)
    cmds.as_of(q)
    cmds.json_flag(q)

    p = cmds.add("carecalls", "Care Calls: Verbünde mit Beratungsgespräch in der Vorwoche", cmd_carecalls)
    p.add_argument("--week", metavar="JJJJ-Www", help="Kalenderwoche, z. B. 2026-W48 (sonst die Vorwoche von heute)")
    cmds.json_flag(p)


def _missing_action(settings: Settings, args: argparse.Namespace) -> int:
    raise InputError("kontakt callparty braucht eine Aktion: next oder queue.")


def cmd_next(settings: Settings, args: argparse.Namespace) -> int:
    # Without --as-of the clock decides: a party at 09:00 today is "next" until 09:00.
    now = datetime.combine(date_arg(args.as_of, "--as-of"), time.min) if args.as_of else datetime.now()
    config = open_store(settings).load().config
    try:
        upcoming = next_call_party(config, now)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    minutes = config.call_party.minutes
    if args.json:
        output.print_json({
            "next": upcoming.isoformat(timespec="minutes") if upcoming else None,
            "minutes": minutes,
            "rule": config.call_party.rrule,
            "federal_state": config.federal_state,
        })  # fmt: skip
    elif upcoming is None:
        print("Keine weitere Call Party geplant (Regel abgelaufen).")
    else:
        print(f"Nächste Call Party: {format_weekday_date(upcoming.date())} um {upcoming:%H:%M} Uhr ({minutes} Minuten)")
    return 0


def cmd_queue(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    me = current_advisor(settings, institute)
    items = select_queue(me, institute.groups.values(), institute.contacts, institute.config, as_of)
    if args.json:
        output.print_json([output.inactive_json(i) for i in items])
        return 0
    print(f"Call-Party-Liste {me}, Stichtag {format_date_de(as_of)}: {len(items)} Verbünde")
    rows = [
        [i.group.number, i.group.name, i.cls or "–", format_date_de(i.last_contact) if i.last_contact else "nie"]
        for i in items
    ]
    output.print_table(["Nr", "Verbund", "Klasse", "letzter Kontakt"], rows)
    return 0


def cmd_carecalls(settings: Settings, args: argparse.Namespace) -> int:
    week = args.week or care_calls.previous_week(date.today())
    try:
        care_calls.week_days(week)
    except ValueError as exc:
        raise InputError(f"--week: {exc}") from None
    store = open_store(settings)
    institute = store.load()
    items = care_calls.care_call_list(institute.groups, institute.contacts, institute.config, week)
    done = care_calls.surveyed(store.read_collection(care_calls.COLLECTION), week)
    monday, sunday = care_calls.week_days(week)
    if args.json:
        output.print_json({
            "week": week,
            "from": monday.isoformat(),
            "to": sunday.isoformat(),
            "groups": [
                {
                    "group": i.group.number,
                    "name": i.group.name,
                    "class": i.group.cls,
                    "lead": i.lead,
                    "date": i.consultation.date.isoformat(),
                    "format": i.consultation.format,
                    "by": i.consultation.by,
                    "surveyed": i.group.id in done,
                    "score": done[i.group.id]["score"] if i.group.id in done else None,
                }
                for i in items
            ],
        })  # fmt: skip
        return 0
    print(f"Care Calls {care_calls.describe_week(week)}: {len(items)} Verbünde, {len(done)} befragt")
    rows = [
        [
            i.group.number, i.group.name, i.group.cls or "–", i.lead, format_date_de(i.consultation.date),
            i.consultation.format, f"ja ({done[i.group.id]['score']})" if i.group.id in done else "",
        ]
        for i in items
    ]  # fmt: skip
    output.print_table(["Nr", "Verbund", "Klasse", "FKB", "Gespräch am", "Anlass", "befragt"], rows)
    return 0

"""Call Party and Care Call commands: `kontakt callparty next`, `kontakt callparty queue`,
`kontakt carecalls`. Registered through `cli.EXTENSIONS`; the JSON keys are documented in the
README ("Call Party und Care Calls"); the shapes are in `cli.json_shapes`."""

from __future__ import annotations

from datetime import datetime, time

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError, date_arg
from model.campaigns import care_calls, next_call_party, select_queue
from model.german import counted, format_date_de, format_weekday_date
from model.monitoring import Period


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
    p.add_argument("--week", metavar="JJJJ-Www", help="Kalenderwoche, z. B. 2026-W48 (sonst die Vorwoche des Stichtags)")
    cmds.as_of(p)
    cmds.json_flag(p)
    p.add_argument(
        "--export", metavar="DATEI", help="Versandliste je Ansprechpartner als CSV (Excel) schreiben und den Versand vermerken"
    )
    p.add_argument(
        "--eml", metavar="ORDNER", help="mit --export: je E-Mail-Empfänger einen Entwurf (.eml) im Namen des Betreuers"
    )
    p.add_argument("--results", action="store_true", help="Ergebnisse je Woche und Betreuer, Wahrnehmung gegen Kontaktlog")
    p.add_argument("--advisor", metavar="KÜRZEL", help="mit --results: nur dieses Portfolio (sonst das Team)")


def _missing_action(ctx: Context) -> int:
    raise InputError("kontakt callparty braucht eine Aktion: next oder queue.")


def cmd_next(ctx: Context) -> int:
    args = ctx.args
    # Without --as-of the clock decides: a party at 09:00 today is "next" until 09:00.
    now = datetime.combine(date_arg(args.as_of, "--as-of"), time.min) if args.as_of else datetime.now()
    ctx.scope, ctx.mine = "status", True  # only the configuration is needed: the smallest picture
    config = ctx.institute.config
    try:
        upcoming = next_call_party(config, now)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    ctx.emit(lambda: json_shapes.call_party_json(upcoming, config), lambda: _print_next(upcoming, config))
    return 0


def _print_next(upcoming, config) -> None:
    if upcoming is None:
        print("Keine weitere Call Party geplant (Regel abgelaufen).")
    else:
        minutes = config.call_party.minutes
        print(
            f"Nächste Call Party: {format_weekday_date(upcoming.date())} um {upcoming:%H:%M} Uhr ({counted(minutes, 'Minute', 'Minuten')})"
        )


def cmd_queue(ctx: Context) -> int:
    ctx.mine = True  # the user's own groups, with all their contacts (any booked meeting counts)
    as_of, institute, me = ctx.as_of, ctx.institute, ctx.me
    items = select_queue(me, institute.groups.values(), institute.contacts, institute.config, as_of)
    ctx.emit(lambda: [json_shapes.inactive_json(i) for i in items], lambda: _print_queue(me, as_of, items))
    return 0


def _print_queue(me, as_of, items) -> None:
    print(f"Call-Party-Liste {me}, Stichtag {format_date_de(as_of)}: {counted(len(items), 'Verbund', 'Verbünde')}")
    rows = [
        [i.group.number, i.group.name, i.cls or "–", format_date_de(i.last_contact) if i.last_contact else "nie"] for i in items
    ]
    output.print_table(["Nr", "Verbund", "Klasse", "letzter Kontakt"], rows)


def cmd_carecalls(ctx: Context) -> int:
    from kontakt_tui.cli.commands import surveys

    args = ctx.args
    if args.eml and not args.export:
        raise InputError("--eml geht nur zusammen mit --export DATEI.")
    if args.advisor and not args.results:
        raise InputError("--advisor geht nur zusammen mit --results.")
    if args.results and (args.export or args.week):
        raise InputError("--results zeigt alle Wochen; bitte ohne --export und --week.")
    if args.results:
        return surveys.results(ctx, "")
    week = ctx.args.week or care_calls.previous_week(ctx.as_of)
    try:
        monday, sunday = care_calls.week_days(week)
    except ValueError as exc:
        raise InputError(f"--week: {exc}") from None
    week = care_calls.week_of(monday)  # "2026w53" typed → "2026-W53"
    # The week's consultations only: the closed years are not read (when the week lies in the open ones).
    ctx.period_picture(Period(monday, sunday))
    if args.export:
        if args.json:
            raise InputError("--export schreibt eine Datei; bitte ohne --json.")
        return surveys.export_week(ctx, week)
    store, institute = ctx.store, ctx.institute
    items = care_calls.care_call_list(institute.groups, institute.contacts, institute.config, week)
    done = care_calls.surveyed(store.read_collection(care_calls.COLLECTION), week)
    ctx.emit(
        lambda: json_shapes.care_calls_json(week, monday, sunday, items, done),
        lambda: _print_care_calls(week, items, done),
    )
    return 0


def _print_care_calls(week, items, done) -> None:
    print(f"Care Calls {care_calls.describe_week(week)}: {counted(len(items), 'Verbund', 'Verbünde')}, {len(done)} befragt")
    rows = [
        [
            i.group.number, i.group.name, i.group.cls or "–", i.lead, format_date_de(i.consultation.date),
            i.consultation.format, f"ja ({done[i.group.id]['score']})" if i.group.id in done else "",
        ]
        for i in items
    ]  # fmt: skip
    output.print_table(["Nr", "Verbund", "Klasse", "FKB", "Gespräch am", "Anlass", "befragt"], rows)

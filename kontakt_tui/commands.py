"""Handlers of the headless commands. Each takes the settings and parsed arguments, talks to
the store and the rules in `model`, prints German text or JSON and returns the exit code."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from model.calls import role_frequency
from model.csv_export import write_csv
from model.dates import date_problem, format_date_de, parse_date_de
from model.entities import Contact, new_id
from model.formatting import parse_amount
from model.institute import Institute
from model.labels import REASONS
from model.report_tables import summary_table
from model.schedule import NEVER, due_item, due_list, inactive_groups
from model.soll_ist import Period, role_targets, summarize
from model.store import Store

from . import output
from .settings import Settings


class InputError(ValueError):
    """Bad input from the command line; the message is German and names the field."""


def date_arg(text: str | None, field: str, default: date | None = None) -> date:
    """A date typed on the command line; InputError naming the option otherwise."""
    if not text:
        return default or date.today()
    try:
        return parse_date_de(text)
    except ValueError as exc:
        raise InputError(f"{field}: {exc}") from None


OPENED: list[Store] = []
"""Stores opened by this command: `cli.main` reports their warnings (audit or backup not
written) instead of exiting 0 as if all was well."""


def open_store(settings: Settings) -> Store:
    if settings.store is None:
        raise InputError("Kein Speicher angegeben: --store ORDNER oder Umgebungsvariable KONTAKT_STORE setzen.")
    store = Store.open(settings.store, settings.user)
    OPENED.append(store)
    return store


def current_advisor(settings: Settings, institute: Institute) -> str:
    if settings.user not in institute.advisors:
        raise InputError(
            f"Das Kürzel {settings.user} ist im Speicher nicht als Betreuer angelegt "
            "(--user KÜRZEL oder KONTAKT_USER setzen)."
        )
    return settings.user


def cmd_init(settings: Settings, args: argparse.Namespace) -> int:
    if settings.store is None:
        raise InputError("kontakt init braucht --store ORDNER (oder KONTAKT_STORE).")
    Store.create(settings.store, settings.user)
    print(f"Neuer Speicher angelegt: {settings.store}")
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from model.demo import build_demo, write_demo

    if settings.store is None:
        raise InputError("kontakt demo braucht --store ORDNER (oder KONTAKT_STORE).")
    if args.groups < 1:
        raise InputError("--groups muss mindestens 1 sein.")
    as_of = date_arg(args.as_of, "--as-of")
    store = Store.create(settings.store, settings.user)
    data = build_demo(as_of, groups=args.groups, seed=args.seed)
    write_demo(store, data)
    print(
        f"Demo-Institut angelegt in {settings.store}: {len(data.advisors)} Betreuer, "
        f"{len(data.groups)} Verbünde, {len(data.contacts)} Kontakte (Stichtag {format_date_de(as_of)})."
    )
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from model import importing

    store = open_store(settings)
    path = Path(args.file)
    try:
        if args.kind == "groups":
            report = importing.import_groups(store, path, date.today())
        elif args.kind == "persons":
            report = importing.import_persons(store, path)
        else:
            report = importing.import_contacts(store, path)
    except importing.ImportFailed as exc:
        raise InputError(f"Import aus {path} abgebrochen, nichts wurde gespeichert:\n{exc}") from None
    for line in report.messages:
        print(line)
    return 0


def cmd_due(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    if args.days is not None and args.days < 0:
        raise InputError("--days darf nicht negativ sein.")
    institute = open_store(settings).load()
    me = current_advisor(settings, institute)
    items = due_list(me, institute.groups.values(), institute.contacts, institute.config, as_of, args.days)
    if args.json:
        output.print_json([output.due_json(i) for i in items])
    else:
        output.print_due(me, as_of, items)
    return 0


def cmd_inactive(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    advisor = None if args.all else current_advisor(settings, institute)
    items = inactive_groups(institute.groups.values(), institute.contacts, institute.config, as_of, advisor)
    if args.json:
        output.print_json([output.inactive_json(i) for i in items])
    else:
        output.print_inactive(as_of, items)
    return 0


def cmd_contacts(settings: Settings, args: argparse.Namespace) -> int:
    institute = open_store(settings).load()
    if args.group:
        group = institute.group(args.group)
        if group is None:
            raise InputError(f"Verbund {args.group} gibt es nicht.")
        groups = [group]
    else:
        me = current_advisor(settings, institute)
        groups = [
            g for g in institute.groups.values() if g.lead == me or any(a.advisor == me for a in g.assignments)
        ]
    entries = sorted(
        ((g, c) for g in groups for c in institute.history(g.id)),
        key=lambda gc: (gc[1].date, gc[1].logged_at, gc[1].id),
        reverse=True,
    )
    if args.json:
        output.print_json([output.contact_json(g, c) for g, c in entries])
    else:
        output.print_contacts(entries)
    return 0


def _check_choice(value: str, allowed, field: str) -> None:
    if value and value not in allowed:
        raise InputError(f"{field} {value!r} ist nicht vorgesehen. Möglich: {', '.join(allowed)}")


def cmd_log(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    institute = store.load()
    me = current_advisor(settings, institute)
    config = institute.config
    group = institute.group(args.group)
    if group is None:
        raise InputError(f"Verbund {args.group} gibt es nicht.")
    on = date_arg(args.date, "--date")
    follow_up = date_arg(args.follow_up, "--follow-up") if args.follow_up else None
    if follow_up is not None and follow_up <= on:
        raise InputError(f"--follow-up {format_date_de(follow_up)} muss nach dem Kontaktdatum {format_date_de(on)} liegen.")
    if date_problem(on, follow_up):
        raise InputError(f"{date_problem(on, follow_up)}; nichts wurde gespeichert.")
    if args.outcome not in config.outcomes:
        raise InputError(f"--outcome {args.outcome!r} ist nicht vorgesehen. Möglich: {', '.join(config.outcomes)}")
    _check_choice(args.channel, config.channels, "--channel")
    _check_choice(args.format, config.formats, "--format")
    allowed = config.band(group.segment, group.cls).formats
    if args.format and args.format not in allowed:
        raise InputError(
            f"--format {args.format!r} ist für Klasse {group.cls or '–'} nicht vorgesehen. Möglich: {', '.join(allowed)}"
        )
    department = args.department or None
    if department is not None:
        _check_choice(department, config.departments, "--department")
    try:
        deal = parse_amount(args.deal) if args.deal else None
    except ValueError as exc:
        raise InputError(f"--deal: {exc}") from None
    person = ""
    if args.person:
        matches = [p.id for p in group.persons if p.name.casefold() == args.person.strip().casefold()]
        if not matches:
            names = ", ".join(p.name for p in group.persons) or "keine erfasst"
            raise InputError(f"--person {args.person!r} ist kein Ansprechpartner von {group.number}. Bekannt: {names}")
        person = matches[0]
    contact = store.log_contact(
        Contact(
            id=new_id(),
            group=group.id,
            date=on,
            by=me,
            outcome=args.outcome,
            channel=args.channel,
            format=args.format,
            department=department,
            follow_up=follow_up,
            note=args.note,
            person=person,
            deal=deal,
        )
    )
    fresh = store.load()
    frequency = role_frequency(fresh.groups[group.id], contact.role, fresh.config, on)
    item = due_item(fresh.groups[group.id], contact.role, frequency, fresh.contacts, fresh.config, on)
    when = "sofort" if item.reason == NEVER else f"{format_date_de(item.due)} ({REASONS[item.reason]})"
    print(f"Kontakt für {group.number} {group.name} gespeichert. Nächster Kontakt fällig: {when}.")
    return 0


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    advisor = None if args.all else current_advisor(settings, institute)
    period = Period.last_months(as_of)
    targets = role_targets(institute.groups.values(), institute.contacts, institute.config, period, advisor)
    rows, total = summarize(targets)
    if args.json:
        output.print_json(output.report_json(advisor, period, rows, total))
    else:
        output.print_report(advisor, period, rows, total)
    if getattr(args, "csv", None):
        write_csv(Path(args.csv), *summary_table(rows, total))
        print(f"CSV geschrieben: {args.csv}", file=sys.stderr)  # stdout may be JSON for a script
    return 0


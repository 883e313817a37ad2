"""Handlers of the headless commands. Each takes the settings and parsed arguments, talks to
the store and the rules in `model`, prints German text or JSON and returns the exit code."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from model.contacts import (
    APPOINTMENT,
    CallInput,
    build_call,
    follow_up_for_log,
    role_frequency,
    role_of,
    roles_held,
)
from model.exchange import write_csv
from model.german import format_date_de, format_weekday_date, parse_date_de, role_label
from model.institute import Institute
from model.german import REASONS
from model.monitoring import summary_table
from model.contacts import NEVER, due_item, due_list, inactive_groups
from model.monitoring import Period, role_targets, summarize
from model.store import Store

from kontakt_tui.cli import output
from kontakt_tui.settings import Settings


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


def open_store(settings: Settings) -> Store:
    if settings.store is None:
        raise InputError("Kein Speicher angegeben: --store ORDNER oder Umgebungsvariable KONTAKT_STORE setzen.")
    return Store.open(settings.store, settings.user)


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
    from model.exchange import imports as importing

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


# build_call's field → the option that sets it, so a problem names what to type differently.
_LOG_OPTIONS = {
    "outcome": "--outcome",
    "channel": "--channel",
    "format": "--format",
    "person": "--person",
    "deal": "--deal",
    "meeting": "--meeting",
    "follow_up": "--follow-up",
}


def _log_role(args: argparse.Namespace, me: str, group, institute: Institute, on: date) -> str:
    """The role the contact is booked for: the user's own on this group unless --department
    names another one they hold; a role they do not hold would move a colleague's due date."""
    if not args.department:
        return role_of(me, group, institute.advisors, on)
    _check_choice(args.department, institute.config.departments, "--department")
    held = roles_held(me, group, institute.advisors, on)
    if args.department not in held:
        raise InputError(
            f"--department {args.department!r}: {me} betreut {group.number} nicht für {args.department}. "
            f"Rolle(n) von {me} dort: {', '.join(role_label(r) for r in held)}. Nichts gespeichert."
        )
    return args.department


def _follow_up_line(shift, suggested: bool) -> str:
    """The follow-up in the dialog's words: its preview, "(vorgeschlagen: …)" for a pre-fill."""
    if suggested:
        why = f": {shift.reason}" if shift.reason else ""
        return f"Folgekontakt: {format_weekday_date(shift.day)} (vorgeschlagen{why}; ohne --follow-up)"
    return f"Folgekontakt: {shift.reason or format_weekday_date(shift.day)}"


def cmd_log(settings: Settings, args: argparse.Namespace) -> int:
    """Log a contact through the guided call's rules (`build_call`): the same checks, the same
    follow-up pre-fill, the same working-day shift and the same role as in the dialog."""
    store = open_store(settings)
    institute = store.load()
    me = current_advisor(settings, institute)
    config = institute.config
    group = institute.group(args.group)
    if group is None:
        raise InputError(f"Verbund {args.group} gibt es nicht.")
    on = date_arg(args.date, "--date")
    role = _log_role(args, me, group, institute, on)
    meeting_day, _, meeting_time = (args.meeting or "").strip().partition(" ")
    if args.meeting and args.outcome != APPOINTMENT:
        raise InputError(f"--meeting gibt es nur mit --outcome „{APPOINTMENT}“.")
    person = ""
    if args.person:
        matches = [p.id for p in group.persons if p.name.casefold() == args.person.strip().casefold()]
        if not matches:
            names = ", ".join(p.name for p in group.persons) or "keine erfasst"
            raise InputError(f"--person {args.person!r} ist kein Ansprechpartner von {group.number}. Bekannt: {names}")
        person = matches[0]
    try:
        shift, suggested = follow_up_for_log(
            args.follow_up or "", group, role, args.outcome, config, on, meeting_day
        )
    except ValueError as exc:
        raise InputError(f"--follow-up: {exc}") from None
    entry = CallInput(
        outcome=args.outcome,
        channel=args.channel,
        format=args.format,
        person=person,
        note=args.note,
        follow_up=args.follow_up if args.follow_up else format_date_de(shift.day),
        meeting_day=meeting_day,
        meeting_time=meeting_time.strip(),
        deal=args.deal or "",
    )
    contact, problems = build_call(entry, group, role, me, config, on)
    if contact is None:
        raise InputError(
            "Nichts gespeichert:\n" + "\n".join(f"{_LOG_OPTIONS[f]}: {problems[f]}" for f in _LOG_OPTIONS if f in problems)
        )
    contact = store.log_contact(contact)
    print(_follow_up_line(shift, suggested))
    fresh = store.load()
    frequency = role_frequency(fresh.groups[group.id], contact.role, fresh.config, on)
    item = due_item(fresh.groups[group.id], contact.role, frequency, fresh.contacts, fresh.config, on)
    when = "sofort" if item.reason == NEVER else f"{format_date_de(item.due)} ({REASONS[item.reason]})"
    print(f"Kontakt für {group.number} {group.name} ({role_label(role)}) gespeichert. Nächster Kontakt fällig: {when}.")
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


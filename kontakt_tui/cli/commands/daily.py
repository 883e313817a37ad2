"""Handlers of the daily commands (init, demo, import, due, inactive, contacts, log, report).
Each takes the command's `Context`, talks to the store and the rules in `model`, prints German
text or JSON and returns the exit code. (`cmd_log` still takes settings and arguments.)"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError, date_arg
from model.contacts import (
    APPOINTMENT,
    NEVER,
    CallInput,
    build_call,
    due_item,
    due_list,
    follow_up_for_log,
    inactive_groups,
    role_frequency,
    role_of,
    roles_held,
)
from model.entities import save_order
from model.exchange import write_csv
from model.german import REASONS, counted, format_date_de, format_weekday_date, role_label
from model.institute import Institute
from model.monitoring import Period, portfolio, summarize, summary_table
from model.store import StoreError
from model.store.interface import create_backend, serves


def cmd_init(ctx: Context) -> int:
    from model.config import default_config_json
    from model.staff import SettingError, set_setting

    settings, args = ctx.settings, ctx.args
    if settings.store is None:
        raise InputError("kontakt init braucht --store ORDNER oder postgresql://… (oder KONTAKT_STORE).")
    config = default_config_json()
    try:
        if args.name is not None:
            config = set_setting(config, "institute", args.name)
        if args.bundesland is not None:
            config = set_setting(config, "federal_state", args.bundesland)
    except SettingError as exc:
        option = "--name" if str(exc).startswith("institute") else "--bundesland"
        raise InputError(f"{option}: {str(exc).split(': ', 1)[-1]} Nichts angelegt.") from None
    create_backend(settings.store, settings.user, config)
    print(f"Neuer Speicher angelegt: {settings.store}")
    print(f"Institut: {config['institute']} · Bundesland: {config['federal_state']}")
    print(
        "Einrichtungsmodus: noch kein Administrator – alles ist erlaubt, bis eine Mitarbeiterliste "
        "einen Administrator nennt (kontakt import advisors DATEI)."
    )
    return 0


def cmd_demo(ctx: Context) -> int:
    from model.demo import build_demo, write_demo

    settings, args = ctx.settings, ctx.args
    if settings.store is None:
        raise InputError("kontakt demo braucht --store ORDNER (oder KONTAKT_STORE).")
    if args.groups < 1:
        raise InputError("--groups muss mindestens 1 sein.")
    as_of = ctx.as_of
    store = create_backend(settings.store, settings.user)
    data = build_demo(as_of, groups=args.groups, seed=args.seed)
    write_demo(store, data)
    print(
        f"Demo-Institut angelegt in {settings.store}: {len(data.advisors)} Betreuer, "
        f"{counted(len(data.groups), 'Verbund', 'Verbünde')}, {counted(len(data.contacts), 'Kontakt', 'Kontakte')} (Stichtag {format_date_de(as_of)})."
    )
    return 0


def cmd_import(ctx: Context) -> int:
    from model.exchange import imports as importing

    store, args = ctx.store, ctx.args
    if args.kind == "surveys":
        from kontakt_tui.cli.commands.surveys import cmd_import_surveys

        return cmd_import_surveys(ctx)
    if args.campaign:
        raise InputError("--campaign gilt nur für kontakt import surveys.")
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"DATEI: {path} gibt es nicht (oder es ist ein Ordner).")
    ctx.require("staff" if args.kind == "advisors" else "import")
    try:
        if args.kind == "advisors":
            from model.staff import import_staff

            report = import_staff(store, path, ctx.actor)
        elif args.kind == "groups":
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


def cmd_due(ctx: Context) -> int:
    as_of, days = ctx.as_of, ctx.args.days
    if days is not None and days < 0:
        raise InputError("--days darf nicht negativ sein.")
    institute, me = ctx.due_picture(), ctx.me
    items = due_list(me, institute.groups.values(), institute.contacts, institute.config, as_of, days)
    ctx.emit(lambda: [json_shapes.due_json(i) for i in items], lambda: output.print_due(me, as_of, items))
    return 0


def cmd_inactive(ctx: Context) -> int:
    as_of, institute = ctx.as_of, ctx.due_picture(mine=not ctx.args.all)
    advisor = None if ctx.args.all else ctx.me
    items = inactive_groups(institute.groups.values(), institute.contacts, institute.config, as_of, advisor)
    ctx.emit(lambda: [json_shapes.inactive_json(i) for i in items], lambda: output.print_inactive(as_of, items))
    return 0


def cmd_contacts(ctx: Context) -> int:
    ctx.mine = True  # the user's groups; `ctx.group` reads the others when asked for one
    if ctx.args.group:
        groups = [ctx.group(ctx.args.group)]
    else:
        me = ctx.me
        groups = [g for g in ctx.institute.groups.values() if serves(g, me)]
    institute = ctx.institute  # after `ctx.group`: the whole picture when it was a colleague's
    entries = sorted(
        ((g, c) for g in groups for c in institute.history(g.id)),
        key=lambda gc: save_order(gc[1]),
        reverse=True,
    )
    ctx.emit(lambda: [json_shapes.contact_json(g, c) for g, c in entries], lambda: output.print_contacts(entries))
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


def cmd_log(ctx: Context) -> int:
    """Log a contact through the guided call's rules (`build_call`): the same checks, the same
    follow-up pre-fill, the same working-day shift and the same role as in the dialog.
    Reads master data only, of the user's own groups first (a database reads no more); the
    due date after the save comes from the status index."""
    ctx.scope, ctx.mine = "master", True
    ctx.one_group(ctx.args.group)  # the folder store: only the group's shard is asked
    args, store, institute = ctx.args, ctx.store, ctx.institute
    me = ctx.me
    config = institute.config
    group = ctx.group(args.group)
    on = date_arg(args.date, "--date")
    ctx.require("log", group, on)
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
        shift, suggested = follow_up_for_log(args.follow_up or "", group, role, args.outcome, config, on, meeting_day)
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
    try:
        when = _due_after_log(store, config, institute, group, contact, on)
    except StoreError as exc:  # saved all the same: say so, and why the due date is missing
        when = f"nicht ermittelt ({exc})"
    print(f"Kontakt für {group.number} {group.name} ({role_label(role)}) gespeichert. Nächster Kontakt fällig: {when}.")
    return 0


def _due_after_log(store, config, institute: Institute, group, contact, on) -> str:
    """The group's next due date for the logged role, as the due list will show it."""
    # The group's status entries only: the folder store reads its status shard, a database
    # one query; an index that cannot be trusted gives the status picture.
    indexed = store.status_of([group])
    if indexed is not None:
        fresh = Institute(config, institute.advisors, {group.id: group}, indexed, False)
    else:
        fresh = store.load(scope="status", advisor=contact.by)  # through the user's digest
        if group.id not in fresh.groups:  # a colleague's group
            fresh = store.load(scope="status")
    if not fresh.complete and any(c.date > on for c in fresh.contacts.get(group.id, ())):
        fresh = store.load()  # a contact logged for a past day: the index knows only the latest
    frequency = role_frequency(fresh.groups[group.id], contact.role, fresh.config, on)
    item = due_item(fresh.groups[group.id], contact.role, frequency, fresh.contacts, fresh.config, on)
    return "sofort" if item.reason == NEVER else f"{format_date_de(item.due)} ({REASONS[item.reason]})"


def cmd_report(ctx: Context) -> int:
    # One's own portfolio needs one's own groups: a database reads just those, with all their
    # contacts; the period's closed years are not read (the folder store).
    ctx.mine = not ctx.args.all
    as_of, args, period = ctx.as_of, ctx.args, Period.last_months(ctx.as_of)
    institute = ctx.period_picture(period)
    advisor = None if args.all else ctx.me
    # The portfolio screen's figures: Soll/Ist, the served lists and the C/D share in one pass.
    whole = portfolio(institute.groups.values(), institute.contacts, institute.config, period, as_of, advisor)
    rows, total = summarize(whole.targets)
    ctx.emit(
        lambda: json_shapes.report_json(advisor, period, rows, total, whole, args.groups),
        lambda: output.print_report(advisor, period, rows, total, whole, args.groups),
    )
    if args.csv:
        ctx.write_file(args.csv, "--csv", lambda target: write_csv(target, *summary_table(rows, total)))
        ctx.note(f"CSV geschrieben: {args.csv}")
    return 0

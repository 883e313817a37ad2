"""Headless commands of the Kunden-Casting (docs/rules.md, rule 1): `cast`, `casting`, `assign`
and `review`. The rules live in `model.casting.scoring`, `model.casting.table`, `model.casting.co_care` and
`model.casting.schemes`; this module parses, checks who may do what, saves and prints.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError, date_arg
from model.casting import (
    UNCAST,
    CastingError,
    assign,
    called_in_departments,
    cast,
    casting_rows,
    colleagues,
    default_frequency,
    distribution,
    end_assignment,
    filter_rows,
    parse_option_filter,
    review_queue,
    suggested_departments,
    table_for_export,
)
from model.config import Scheme
from model.entities import CLASSES, Group, new_id
from model.exchange import write_csv
from model.german import counted, format_date_de, format_percent, format_quantity, parse_amount
from model.institute import Institute


def _check_may_manage(ctx: Context, group: Group, action: str) -> None:
    # The FKB casts and builds the network (docs/rules.md, rule 1); a team lead or an administrator
    # stands in for them (model.staff.policy). A colleague in co-care must not re-class the group.
    ctx.require(action, group)


def _answers(texts: list[str], scheme: Scheme) -> dict[str, str]:
    answers: dict[str, str] = {}
    problems = []
    for text in texts:
        try:
            criterion, option = parse_option_filter(text, scheme)
        except CastingError as exc:
            problems.append(str(exc))
            continue
        if criterion in answers and answers[criterion] != option:
            problems.append(f"„{criterion}“ ist zweimal angegeben ({answers[criterion]}, {option}).")
        answers[criterion] = option
    # An unanswered criterion would silently score 0 and lower the class: a casting is only
    # "qualified" when every criterion is answered.
    for criterion in scheme.criteria:
        if criterion.name not in answers:
            valid = ", ".join(o.label for o in criterion.options)
            problems.append(f"Es fehlt „{criterion.name}“. Gültig: {valid}")
    if problems:
        raise InputError("\n".join(problems))
    return answers


def cmd_cast(ctx: Context) -> int:
    store, institute, me, args = ctx.store, ctx.institute, ctx.me, ctx.args
    group = ctx.group(args.group)
    _check_may_manage(ctx, group, "cast")
    if args.reason and not args.override:
        raise InputError("--reason gehört zu --override KLASSE.")
    on = date_arg(args.date, "--date")
    scheme = institute.config.scheme(group.segment)
    answers = _answers(args.answers, scheme)
    try:
        casting = cast(scheme, answers, on=on, by=me, override_class=args.override, reason=args.reason or "")
    except CastingError as exc:
        raise InputError(str(exc)) from None
    previous = group.casting
    saved = store.update_group(group.id, lambda fresh: replace(fresh, castings=(*fresh.castings, casting)))
    departments = called_in_departments(scheme, answers)
    line = f"Casting für {group.number} {group.name} gespeichert: {casting.score} Punkte, Klasse {casting.computed_class}"
    if casting.override_class:
        line += f", abweichend festgelegt: Klasse {casting.override_class} ({casting.reason})"
    print(line + ".")
    if previous is not None:
        print(f"Vorher: Klasse {previous.final_class}, {previous.score} Punkte (vom {format_date_de(previous.date)}).")
    print(f"Hinzuziehen: {', '.join(departments) or 'kein Fachbereich'}.")
    open_ones = suggested_departments(saved, institute.config, on)
    if open_ones:
        print(f"Noch ohne Co-Betreuung: {', '.join(open_ones)} (kontakt assign {group.number} --department …).")
    return 0


def _scheme_of(institute: Institute, segment: str) -> Scheme:
    # Config.scheme falls back to the first scheme; on the command line a typo must not
    # silently show another segment's table.
    segments = [s.segment for s in institute.config.schemes]
    if segment not in segments:
        raise InputError(f"Segment „{segment}“ gibt es nicht. Möglich: {', '.join(segments)}")
    return institute.config.scheme(segment)


def cmd_casting(ctx: Context) -> int:
    ctx.scope = "master"  # groups and their castings: no contacts
    institute, args = ctx.institute, ctx.args
    scheme = _scheme_of(institute, args.segment)
    if args.advisor:
        ctx.advisor(args.advisor, "--advisor")
    classes = args.cls or []
    wrong = [c for c in classes if c not in (*CLASSES, UNCAST)]
    if wrong:
        raise InputError(f"--class {', '.join(wrong)}: möglich sind {', '.join(CLASSES)} und {UNCAST} (nie gecastet).")
    try:
        options = [parse_option_filter(text, scheme) for text in args.filter or []]
    except CastingError as exc:
        raise InputError(f"--filter: {exc}") from None
    rows = casting_rows(institute.groups.values(), institute.config, scheme.segment, args.advisor)
    rows = filter_rows(rows, options, classes)
    shares = distribution(rows)
    if args.csv:
        header, table = table_for_export(rows, scheme)
        ctx.write_file(args.csv, "--csv", lambda target: write_csv(target, header, table))
    if args.json:
        json_shapes.print_json(json_shapes.casting_json(scheme.segment, shares, rows))
        return 0
    who = f", FKB {args.advisor}" if args.advisor else ""
    print(f"Kunden-Casting {scheme.segment}{who}: {counted(len(rows), 'Verbund', 'Verbünde')}")
    print("Klassen: " + " · ".join(f"{c} {n} ({format_percent(s)})" for c, n, s in shares))
    header, table = table_for_export(rows, scheme)
    # The terminal table leaves out reason and override flag (they are in --json and --csv)
    # but marks an overridden class with "*".
    criteria = len(scheme.criteria)
    text_rows = []
    for row, cells in zip(rows, table):
        cls = (row.cls or UNCAST) + ("*" if row.casting and row.casting.override_class else "")
        score = "" if row.score is None else str(row.score)
        date_text = format_date_de(row.casting.date) if row.casting else "nie"
        text_rows.append([str(v) for v in cells[: 3 + criteria]] + [score, cls, date_text])
    output.print_table([*header[: 3 + criteria], "Punkte", "Klasse", "gecastet am"], text_rows, right={3 + criteria})
    if args.csv:
        print(f"{counted(len(rows), 'Verbund', 'Verbünde')} exportiert nach {args.csv}.")
    return 0


def _frequency(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = parse_amount(text)  # German decimal comma: "0,5"
    except ValueError:
        raise InputError(f"--frequency: „{text}“ ist keine Zahl (z. B. 2 oder 0,5).") from None
    if value <= 0:
        raise InputError("--frequency muss größer als 0 sein.")
    return value


def cmd_assign(ctx: Context) -> int:
    store, institute, args = ctx.store, ctx.institute, ctx.args
    _ = ctx.me  # InputError when the user is not an advisor of the store
    group = ctx.group(args.group)
    _check_may_manage(ctx, group, "assign")
    config = institute.config
    department = args.department
    if department not in config.departments:
        raise InputError(f"--department „{department}“ gibt es nicht. Möglich: {', '.join(config.departments)}")
    on = date_arg(args.date, "--date")
    if args.end:
        return _end(store, group, department, args.advisor, on)
    if not args.advisor:
        raise InputError("--advisor KÜRZEL fehlt (der Kollege aus dem Fachbereich).")
    chosen = institute.advisors.get(args.advisor)
    if chosen is not None and chosen.left is not None:
        raise InputError(
            f"{args.advisor} ist ausgeschieden (seit {format_date_de(chosen.left)}) und kann nicht zugeordnet werden. "
            "Nichts gespeichert."
        )
    members = colleagues(institute.advisors, department)
    if args.advisor not in {a.code for a in members}:
        listed = ", ".join(f"{a.code} ({a.name})" for a in members) or "niemand angelegt"
        raise InputError(f"{args.advisor} gehört nicht zum Fachbereich {department}. Dort: {listed}")
    frequency = _frequency(args.frequency)
    if frequency is None:
        frequency = default_frequency(group, config)

    def change(fresh: Group) -> Group:
        try:
            return assign(fresh, department, args.advisor, frequency, on, new_id())
        except ValueError as exc:
            raise InputError(str(exc)) from None

    store.update_group(group.id, change)
    name = institute.advisors[args.advisor].name
    print(
        f"{args.advisor} ({name}) betreut {group.number} {group.name} ab {format_date_de(on)} für {department}: "
        f"{format_quantity(frequency)} Kontakte im Jahr."
    )
    return 0


def _end(store, group: Group, department: str, advisor: str | None, on: date) -> int:
    running = [a for a in group.assignments if a.department == department and a.end is None]
    if advisor:
        running = [a for a in running if a.advisor == advisor]
    if not running:
        raise InputError(f"{group.number} hat keine laufende Co-Betreuung für {department}.")
    target = running[0]

    def change(fresh: Group) -> Group:
        try:
            return end_assignment(fresh, target.id, on)
        except ValueError as exc:
            raise InputError(str(exc)) from None

    store.update_group(group.id, change)
    print(f"Co-Betreuung {department} ({target.advisor}) für {group.number} {group.name} endet am {format_date_de(on)}.")
    return 0


def cmd_review(ctx: Context) -> int:
    ctx.scope, ctx.mine = "master", True  # the user's lead groups, no contacts
    as_of, institute, me = ctx.as_of, ctx.institute, ctx.me
    items = review_queue(institute.groups.values(), institute.config, as_of, me)
    if ctx.json:
        json_shapes.print_json([json_shapes.review_json(i) for i in items])
        return 0
    print(f"Casting-Überprüfung {me}, Stichtag {format_date_de(as_of)}: {counted(len(items), 'Verbund', 'Verbünde')}")
    rows = [
        [
            i.group.number,
            i.group.name,
            i.group.cls or UNCAST,
            format_date_de(i.group.casting.date) if i.group.casting else "nie",
            i.reason,
        ]
        for i in items
    ]
    output.print_table(["Nr", "Verbund", "Klasse", "gecastet am", "Grund"], rows)
    return 0


def register(cmds) -> None:
    """Adds `cast`, `casting`, `assign` and `review` to the `kontakt` command."""
    p = cmds.add("cast", "einen Verbund casten (ABCD-Analyse) und speichern", cmd_cast)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("answers", nargs="+", metavar="KRITERIUM=OPTION", help="je Kriterium die gewählte Option")
    p.add_argument("--override", choices=CLASSES, metavar="KLASSE", help="abweichende Klasse A–D (mit --reason)")
    p.add_argument("--reason", metavar="TEXT", help="Begründung der abweichenden Klasse")
    p.add_argument("--date", metavar="DATUM", help="Datum des Castings (sonst heute)")

    p = cmds.add("casting", "Casting-Tabelle eines Portfolios mit Klassenverteilung", cmd_casting)
    p.add_argument("--advisor", metavar="KÜRZEL", help="nur die Verbünde dieses FKB (sonst alle)")
    p.add_argument("--segment", default="Firmenkunden", metavar="SEGMENT", help="Segment (Standard Firmenkunden)")
    p.add_argument("--filter", action="append", metavar="KRITERIUM=OPTION", help="nur Verbünde mit dieser Option (mehrfach)")
    p.add_argument("--class", dest="cls", action="append", metavar="KLASSE", help="nur diese Klasse (mehrfach; – = nie gecastet)")
    p.add_argument("--csv", metavar="DATEI", help="Tabelle als CSV für Excel schreiben")
    cmds.json_flag(p)

    p = cmds.add("assign", "einen Kollegen eines Fachbereichs als Co-Betreuer zuordnen", cmd_assign)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--department", required=True, metavar="NAME", help="Fachbereich, z. B. Versicherung")
    p.add_argument("--advisor", metavar="KÜRZEL", help="Kollege aus dem Fachbereich")
    p.add_argument("--frequency", metavar="N", help="Soll-Kontakte im Jahr (Standard: Frequenz der Klasse)")
    p.add_argument("--end", action="store_true", help="laufende Co-Betreuung dieses Fachbereichs beenden")
    p.add_argument("--date", metavar="DATUM", help="Beginn bzw. Ende (sonst heute)")

    p = cmds.add("review", "Verbünde zum (erneuten) Casting: nie gecastet, Casting zu alt oder Schema geändert", cmd_review)
    cmds.as_of(p)
    cmds.json_flag(p)

"""Running an institute without hand edits: `kontakt staff list|add|set|leave`, `kontakt
handover VON AN [VERBUND-NR …]` and `kontakt config show|set|add|remove`. Registered through
`cli.EXTENSIONS`; the rules are in `model.staff` (people, handover, settings, policy)."""

from __future__ import annotations

from datetime import date

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError, date_arg
from model.german import counted, format_date_de, format_number, parse_decimal
from model.staff import (
    SettingError,
    StaffError,
    add_person,
    add_to_list,
    change_person,
    describe,
    hand_over,
    mark_left,
    remove_from_list,
    save_config_change,
    set_setting,
    setting_keys,
    setup_mode,
    shown,
    value_of,
)

ROLES = "Berater, Teamleiter oder Administrator"


def register(cmds) -> None:
    p = cmds.add("staff", "Mitarbeiter: auflisten, anlegen, ändern, als ausgeschieden markieren", _missing_action)
    actions = type(cmds)(p.add_subparsers(dest="staff_action", metavar="AKTION"))
    q = actions.add("list", "alle Mitarbeiter mit Fachbereich, Rolle, Nettomarktzeit, Login und E-Mail", cmd_list)
    q.add_argument("--all", action="store_true", help="auch Ausgeschiedene")
    cmds.json_flag(q)
    q = actions.add("add", "eine Person anlegen (nur Administrator, außer im Einrichtungsmodus)", cmd_add)
    q.add_argument("code", metavar="KÜRZEL")
    _person_options(q, required_name=True)
    q = actions.add("set", "Name, Fachbereich, Rolle, Nettomarktzeit, Login oder E-Mail einer Person ändern", cmd_set)
    q.add_argument("code", metavar="KÜRZEL")
    _person_options(q, required_name=False)
    q = actions.add("leave", "eine Person als ausgeschieden markieren (bleibt in der Historie)", cmd_leave)
    q.add_argument("code", metavar="KÜRZEL")
    q.add_argument("--date", metavar="DATUM", help="Austrittstag (sonst heute)")

    p = cmds.add(
        "handover",
        "Portfolio-Übergabe: FKB-Rolle und Co-Betreuungen von VON an AN (alle Verbünde oder die genannten)",
        cmd_handover,
    )
    p.add_argument("giver", metavar="VON", help="Kürzel der abgebenden Person")
    p.add_argument("taker", metavar="AN", help="Kürzel der übernehmenden Person")
    p.add_argument("groups", nargs="*", default=[], metavar="VERBUND-NR", help="nur diese Verbünde (sonst alle von VON)")
    p.add_argument("--date", metavar="DATUM", help="Stichtag der Übergabe (sonst heute; nicht in der Zukunft)")

    p = cmds.add("config", "Konfiguration anzeigen und ändern (Bundesland, Listen, Klassen je Segment …)", _missing_config)
    actions = type(cmds)(p.add_subparsers(dest="config_action", metavar="AKTION"))
    q = actions.add("show", "alle Einstellungen oder eine (SCHLÜSSEL) anzeigen", cmd_config_show)
    q.add_argument("key", nargs="?", metavar="SCHLÜSSEL", help="z. B. federal_state oder segments.Firmenkunden.A.frequency")
    cmds.json_flag(q)
    q = actions.add(
        "set", "eine Einstellung setzen (nur Administrator): neue Version mit Sicherung und Protokoll", cmd_config_set
    )
    q.add_argument("key", metavar="SCHLÜSSEL")
    q.add_argument("value", metavar="WERT", help='Listen mit Komma: "Telefon,Besuch,Video"; Zahlen mit Komma: 1,5')
    q = actions.add("add", "einen Wert an eine Liste anhängen (channels, formats, outcomes, departments …)", cmd_config_add)
    q.add_argument("key", metavar="SCHLÜSSEL")
    q.add_argument("value", metavar="WERT")
    q = actions.add("remove", "einen Wert aus einer Liste nehmen", cmd_config_remove)
    q.add_argument("key", metavar="SCHLÜSSEL")
    q.add_argument("value", metavar="WERT")


def _person_options(p, required_name: bool) -> None:
    p.add_argument("--name", required=required_name, metavar="NAME", help="Vor- und Nachname")
    p.add_argument("--fachbereich", metavar="FACHBEREICH", help='Fachbereich laut Konfiguration; "" = keiner (FKB)')
    p.add_argument("--rolle", metavar="ROLLE", help=ROLES)
    p.add_argument("--nettomarktzeit", metavar="STUNDEN", help="Stunden im Jahr, z. B. 630 oder 472,5")
    p.add_argument("--login", metavar="LOGIN", help='Windows-Anmeldename, z. B. BANK\\mkraus; "" = keiner')
    p.add_argument("--email", metavar="E-MAIL", help='Absender der Care-Call-Entwürfe, z. B. m.kraus@bank.de; "" = keine')


def _missing_action(ctx: Context) -> int:
    raise InputError("kontakt staff braucht eine Aktion: list, add, set oder leave.")


def _missing_config(ctx: Context) -> int:
    raise InputError("kontakt config braucht eine Aktion: show, set, add oder remove.")


def _hours(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return parse_decimal(text)
    except ValueError as exc:
        raise InputError(f"--nettomarktzeit: {exc}") from None


# ---- staff ------------------------------------------------------------------------------------


def cmd_list(ctx: Context) -> int:
    institute = ctx.institute
    people = sorted(
        (a for a in institute.advisors.values() if ctx.args.all or a.left is None), key=lambda a: (a.department or "", a.code)
    )
    setup = setup_mode(institute)

    def text() -> None:
        if setup:
            print("Einrichtungsmodus: noch kein Administrator angelegt – alles ist erlaubt.")
        rows = [
            [a.code, a.name, a.department or "–", a.role, format_number(a.net_market_hours, 1), a.login or "–",
             a.email or "–", format_date_de(a.left) if a.left else ""]
            for a in people
        ]  # fmt: skip
        header = ["Kürzel", "Name", "Fachbereich", "Rolle", "Nettomarktzeit", "Login", "E-Mail", "ausgeschieden"]
        output.print_table(header, rows, {4})

    ctx.emit(lambda: json_shapes.staff_json(people, setup), text)
    return 0


def _describe(a) -> str:
    return (
        f"{a.code} {a.name} · {a.department or 'kein Fachbereich (FKB)'} · {a.role} · "
        f"{format_number(a.net_market_hours, 1)} Std./Jahr"
        + (f" · Login {a.login}" if a.login else "")
        + (f" · {a.email}" if a.email else "")
    )


def cmd_add(ctx: Context) -> int:
    args = ctx.args
    try:
        advisor = add_person(
            ctx.store, ctx.institute, ctx.actor, args.code, args.name, args.fachbereich or None,
            args.rolle or "Berater", 630.0 if args.nettomarktzeit is None else _hours(args.nettomarktzeit),
            args.login or "", args.email or "",
        )  # fmt: skip
    except StaffError as exc:
        raise InputError(f"{exc} Nichts gespeichert.") from None
    print(f"Angelegt: {_describe(advisor)}")
    return 0


def cmd_set(ctx: Context) -> int:
    args = ctx.args
    fields = {
        "name": args.name, "department": args.fachbereich, "role": args.rolle,
        "hours": _hours(args.nettomarktzeit), "login": args.login, "email": args.email,
    }  # fmt: skip
    if all(v is None for v in fields.values()):
        raise InputError("Nichts zu ändern: --name, --fachbereich, --rolle, --nettomarktzeit, --login oder --email angeben.")
    try:
        advisor = change_person(ctx.store, ctx.institute, ctx.actor, args.code, **fields)
    except StaffError as exc:
        raise InputError(f"{exc} Nichts gespeichert.") from None
    print(f"Gespeichert: {_describe(advisor)}")
    return 0


def cmd_leave(ctx: Context) -> int:
    on = date_arg(ctx.args.date, "--date")
    try:
        advisor, held = mark_left(ctx.store, ctx.institute, ctx.actor, ctx.args.code, on)
    except StaffError as exc:
        raise InputError(f"{exc} Nichts gespeichert.") from None
    print(
        f"{advisor.code} {advisor.name} ausgeschieden zum {format_date_de(on)}: bleibt in der Historie, erscheint in keiner Liste mehr."
    )
    if held:
        print(f"{advisor.code} hat noch in {held} Verbünden eine Rolle – übergeben mit: kontakt handover {advisor.code} KÜRZEL")
    return 0


def cmd_handover(ctx: Context) -> int:
    args = ctx.args
    on = date_arg(args.date, "--date")
    if on > date.today():
        raise InputError(f"--date {format_date_de(on)} liegt in der Zukunft; eine Übergabe wird am Tag selbst gebucht.")
    ctx.require("handover")
    try:
        moved = hand_over(ctx.store, ctx.institute, ctx.actor, args.giver, args.taker, args.groups, on)
    except StaffError as exc:
        raise InputError(f"{exc} Nichts gespeichert.") from None
    for note in moved.notes:
        print(note)
    print(
        f"Übergabe {args.giver} → {args.taker} zum {format_date_de(on)}: FKB-Rolle in "
        f"{counted(len(moved.lead), 'Verbund', 'Verbünden')}, {counted(len(moved.co_care), 'Co-Betreuung', 'Co-Betreuungen')}; "
        f"{counted(moved.open_follow_ups, 'offener Folgekontakt geht', 'offene Folgekontakte gehen')} mit. "
        "Die Kontakthistorie bleibt, jede Änderung steht im Protokoll."
    )
    return 0


# ---- configuration ------------------------------------------------------------------------------


def cmd_config_show(ctx: Context) -> int:
    config = ctx.institute.config
    try:
        keys = [ctx.args.key] if ctx.args.key else setting_keys(config)
        values = [(k, value_of(config, k), describe(k)) for k in keys]
    except SettingError as exc:
        raise InputError(str(exc)) from None

    def text() -> None:
        for key, value, description in values:
            print(f"{key} = {shown(value)}    ({description})")

    ctx.emit(lambda: json_shapes.settings_json(values), text)
    return 0


def _save(ctx: Context, change, key: str) -> int:
    ctx.require("config")
    institute = ctx.institute
    try:
        document = change(institute.config.raw)
        before = shown(value_of(institute.config, key))
        save_config_change(ctx.store, institute, ctx.actor, document)
    except SettingError as exc:
        raise InputError(f"{exc} Nichts gespeichert.") from None
    after = ctx.reload().config
    print(f"{key}: {before} → {shown(value_of(after, key))} (neue Konfiguration gespeichert, Sicherung und Protokoll angelegt)")
    return 0


def cmd_config_set(ctx: Context) -> int:
    key, value = ctx.args.key, ctx.args.value
    return _save(ctx, lambda raw: set_setting(raw, key, value), key)


def cmd_config_add(ctx: Context) -> int:
    key, value = ctx.args.key, ctx.args.value
    return _save(ctx, lambda raw: add_to_list(raw, key, value), key)


def cmd_config_remove(ctx: Context) -> int:
    key, value = ctx.args.key, ctx.args.value
    return _save(ctx, lambda raw: remove_from_list(raw, key, value), key)

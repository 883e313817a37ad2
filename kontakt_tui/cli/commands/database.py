"""The PostgreSQL backend's commands: `kontakt db upgrade` (schema migrations) and
`kontakt migrate --from … --to …` (a whole store between folder and database, verified)."""

from __future__ import annotations

import time

from kontakt_tui.cli.context import Context, InputError
from model.german.counts import counted
from model.store import StoreError
from model.store.interface import is_url


def register(cmds) -> None:
    p = cmds.add("db", "PostgreSQL-Speicher verwalten (IT)", cmd_db)
    p.add_argument("action", choices=["upgrade", "status"], help="upgrade: Schema auf den neuesten Stand; status: Stand zeigen")

    p = cmds.add("migrate", "einen ganzen Speicher umziehen: Ordner → PostgreSQL oder zurück, Satz für Satz geprüft", cmd_migrate)
    p.add_argument("--from", dest="source", required=True, metavar="QUELLE", help="Ordner oder postgresql://…")
    p.add_argument("--to", dest="target", required=True, metavar="ZIEL", help="leerer Ordner oder leere Datenbank postgresql://…")


def cmd_db(ctx: Context) -> int:
    store = ctx.settings.store
    if not is_url(store):
        raise InputError("kontakt db braucht --store postgresql://… (oder KONTAKT_STORE); ein Ordner hat kein Datenbank-Schema.")
    from model.store.postgres import schema
    from model.store.postgres.connection import connect, shown

    conn = connect(store)
    try:
        if ctx.args.action == "status":
            have = schema.current_version(conn)
            print(f"{shown(store)}: Schema-Stand {have if have is not None else 'keiner'}, dieses kontakt: {schema.latest()}.")
            return 0 if have == schema.latest() else 2
        if schema.current_version(conn) is None:
            raise StoreError(f"In der Datenbank {shown(store)} ist kein kontakt-Speicher. Anlegen mit: kontakt init")
        applied = schema.upgrade(conn)
    finally:
        conn.close()
    if applied:
        print(f"Schema aktualisiert auf Stand {applied[-1]} ({counted(len(applied), 'Schritt', 'Schritte')}).")
    else:
        print(f"Schema ist aktuell (Stand {schema.latest()}).")
    return 0


def cmd_migrate(ctx: Context) -> int:
    from model.store.migrate import migrate

    started = time.perf_counter()
    snap, diffs = migrate(ctx.args.source, ctx.args.target, ctx.settings.user)
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{n} {label}" for label, n in snap.counts().items())
    if diffs:
        for line in diffs:
            print(f"Abweichung: {line}")
        raise StoreError(
            f"Umzug nach {ctx.args.target} ist NICHT gleich der Quelle ({counted(len(diffs), 'Abweichung', 'Abweichungen')}); bitte das Ziel nicht verwenden."
        )
    print(f"Umgezogen nach {ctx.args.target} in {seconds:.1f} s: {counts}. Satz für Satz geprüft: keine Abweichung.")
    return 0

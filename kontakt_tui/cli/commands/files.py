"""`kontakt accept`: an administrator takes a hand-edited store file back into use.

A file without a checksum, or whose checksum does not match, is read-only for everyone
("nur lesen: Datei …"). After checking the edit, an administrator accepts it: kontakt checks
every record again, writes the file with a fresh checksum and audits who accepted what and
why it had been refused. Registered through `cli.EXTENSIONS`.
"""

from __future__ import annotations

from kontakt_tui.cli.context import Context


def register(cmds) -> None:
    p = cmds.add(
        "accept",
        "eine von Hand bearbeitete Datei (fehlende oder falsche Prüfsumme) nach Prüfung annehmen (protokolliert)",
        cmd_accept,
    )
    p.add_argument("files", nargs="+", metavar="DATEI", help="z. B. master/groups-05.json")


def cmd_accept(ctx: Context) -> int:
    store = ctx.store
    ctx.require("accept")
    for name in ctx.args.files:
        path = store.resolve_file(name)
        reason = store.accept(path)
        print(f"{path} angenommen (war: {reason}); neue Prüfsumme geschrieben, Vorgang protokolliert.")
    return 0

"""`kontakt reindex`: build the status index (per group, the contacts that decide due dates
and activity, model/store/status.py) from every contacts file, and the index of the audit
trail per group (model/store/audit_index.py) from every audit file. Needed once for a store
made by an older kontakt, and after a warning that the index could not be updated; `due`,
`inactive` and the start read everything until then, a card's change history every audit
file's bytes. On the folder store it also writes the archive of closed years by group
(model/store/archive.py), which the first card asking for them would otherwise write.
Registered through `cli.EXTENSIONS`.
"""

from __future__ import annotations

from kontakt_tui.cli.context import Context
from model.german import counted
from model.store import Store, archive, audit, status


def register(cmds) -> None:
    p = cmds.add(
        "reindex",
        "Statusverzeichnis (Fälligkeiten je Verbund), Protokollverzeichnis und Archiv abgeschlossener Jahre "
        "aus allen Kontakt- und Protokolldateien neu aufbauen",
        cmd_reindex,
    )
    cmds.as_of(p)  # which years are closed


def cmd_reindex(ctx: Context) -> int:
    before = archive.first_open_year(ctx.as_of)  # a bad --as-of is refused before anything
    ctx.require("unlock")
    store = ctx.store
    groups = status.rebuild(store)
    print(f"Statusverzeichnis neu aufgebaut: {counted(groups, 'Verbund', 'Verbünde')} mit Kontakten, "
          f"aus {counted(len(store.contact_files()), 'Kontaktdatei', 'Kontaktdateien')}.")  # fmt: skip
    if isinstance(store, Store):  # PostgreSQL indexes its audit table itself
        files, lines = audit.reindex(store.root, store.user)
        print(f"Protokollverzeichnis neu aufgebaut: {counted(lines, 'Eintrag', 'Einträge')} je Verbund "
              f"aus {counted(files, 'Protokolldatei', 'Protokolldateien')}.")  # fmt: skip
        for year, contacts, written in archive.rebuild(store, before):
            state = "" if written else " (nicht geschrieben: eine Kontaktdatei des Jahres wurde gerade geändert)"
            print(f"Archiv {year} neu aufgebaut: {counted(contacts, 'Kontakt', 'Kontakte')} je Verbund{state}.")
    return 0

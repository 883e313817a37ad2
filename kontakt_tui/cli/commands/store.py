"""Commands for IT and data protection: `kontakt doctor`, `restore`, `backups`, `audit`,
`export-person` and `erase`. Registered through `cli.EXTENSIONS`.

doctor exits 0 when the store has no errors (hints alone are fine), 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kontakt_tui.cli import json_shapes
from kontakt_tui.cli.context import Context, InputError
from model.change_history import describe_change, what_happened, when
from model.german import counted
from model.staff import setup_mode
from model.store import StoreError, status
from model.store import backups as backup_mod
from model.store.doctor import ERROR, check_store
from model.store.erasure import NotErased
from model.store.leases import remove_orphan_observations


def register(cmds) -> None:
    p = cmds.add("doctor", "den ganzen Speicher prüfen: Dateien, Schema, Verweise, Reste (Exit 0 = in Ordnung)", cmd_doctor)
    p.add_argument(
        "--aufraeumen",
        action="store_true",
        help="unfertige Schreibdateien älter als 1 Stunde und Beobachtungsdateien ohne Sperre entfernen",
    )

    p = cmds.add("restore", "eine Datei aus einer Sicherung wiederherstellen (die alte kommt nach quarantine/)", cmd_restore)
    p.add_argument("file", metavar="DATEI", help="z. B. master/groups-05.json")
    p.add_argument("--backup", metavar="NAME", help="Name der Sicherung (siehe kontakt backups); sonst die neueste lesbare")

    p = cmds.add("backups", "Sicherungen auflisten (Stammdaten, Kontakte, geteilte Sammlungen)", cmd_backups)
    p.add_argument("file", nargs="?", metavar="DATEI", help="nur die einer Datei, z. B. groups-05")

    p = cmds.add("audit", "Änderungsprotokoll eines Verbunds: wer, wann, von welchem PC, vorher/nachher", cmd_audit)
    p.add_argument("group", metavar="VERBUND-NR")
    cmds.json_flag(p)

    p = cmds.add(
        "export-person", "DSGVO-Auskunft (Art. 15): alles über einen Verbund und seine Personen als JSON", cmd_export_person
    )
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--out", metavar="DATEI", help="in eine Datei statt auf die Ausgabe")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")

    p = cmds.add("erase", "DSGVO-Löschung (Art. 17): personenbezogene Daten eines Verbunds überall entfernen", cmd_erase)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")


def cmd_doctor(ctx: Context) -> int:
    store = ctx.store
    if ctx.args.aufraeumen:
        ctx.require("unlock")
        for path in store.cleanup_temp_files(3600):
            print(f"entfernt: {path}")
        for path in remove_orphan_observations(store.root / "locks"):
            print(f"entfernt: {path} (Beobachtung einer nicht mehr bestehenden Sperre)")
        # Rebuilt, not checked: cheaper than comparing, and it clears what crashed writers left.
        status.rebuild(store)
        print("Statusverzeichnis neu aufgebaut.")
    findings = check_store(store)
    errors = [f for f in findings if f.severity == ERROR]
    if setup_mode(store.load(tolerant=True)):
        print("Hinweis: Einrichtungsmodus – noch kein Administrator angelegt, jeder darf alles. "
              "Beenden: kontakt import advisors DATEI mit einer Zeile Rolle Administrator.")  # fmt: skip
    for f in findings:
        print(f)
    files = len(store.files())
    stale = [f for f in findings if f.severity == "Warnung"]
    if stale and not errors:
        print(f"Daten in Ordnung ({counted(files, 'Datei', 'Dateien')} geprüft), aber {counted(len(stale), 'verwaiste Sperre', 'verwaiste Sperren')}: "
              "Speichern darauf wartet bis zu 30 s. Sofort lösen: kontakt unlock --all-stale")  # fmt: skip
        return 0
    if errors:
        print(f"{len(errors)} Fehler, {counted(len(findings) - len(errors), 'Hinweis', 'Hinweise')} in {counted(files, 'Datei', 'Dateien')}. "
              "Beschädigte Stammdateien: kontakt restore DATEI")  # fmt: skip
        return 1
    print(
        f"Speicher {store.root} in Ordnung: {counted(files, 'Datei', 'Dateien')} geprüft, {counted(len(findings), 'Hinweis', 'Hinweise')}."
    )
    return 0


def cmd_restore(ctx: Context) -> int:
    store, args = ctx.store, ctx.args
    path = store.resolve_file(args.file)
    ctx.require("restore")
    quarantined, chosen = store.restore(path, args.backup)
    if quarantined is not None:
        print(f"Bisherige Datei gesichert als {quarantined}")
    print(f"{path} aus Sicherung {chosen.name} (Stand {chosen.revision}) wiederhergestellt.")
    return 0


def cmd_backups(ctx: Context) -> int:
    store, args = ctx.store, ctx.args
    stem = None
    if args.file:
        # "groups-05" names a backup folder; "contacts/2026/MKR.json" a data file
        given = Path(args.file)
        stem = backup_mod.backup_folder(store.root, store.resolve_file(given)).name if len(given.parts) > 1 else given.stem
    found = backup_mod.list_backups(store.root, stem)
    if not found:
        print("Keine Sicherungen vorhanden.")
        return 0
    current = None
    for b in found:
        if b.file != current:
            current = b.file
            print(f"{b.file}:")
        state = f"Stand {b.revision}" if b.revision is not None else "NICHT LESBAR"
        print(f"  {b.name:<24} {state:<14} {b.size:>10} Bytes")
    return 0


def _group(ctx: Context):
    # Tolerant: audit, information and erasure must work while another file is damaged.
    return ctx.group(ctx.args.group, ctx.store.load(tolerant=True))


def cmd_audit(ctx: Context) -> int:
    group = _group(ctx)
    entries = ctx.store.audit_for(group.id)
    if ctx.json:
        json_shapes.print_json(json_shapes.audit_json(entries))
        return 0
    print(f"Änderungsprotokoll {group.number} {group.name} ({counted(len(entries), 'Eintrag', 'Einträge')})")
    advisors = {code: a.name for code, a in ctx.institute.advisors.items()}
    records = {p.id: p.name for p in group.persons} | {group.id: f"{group.number} {group.name}"}
    for e in entries:
        what = what_happened(e)
        print(f"{when(e.get('at'))}  {e.get('user', '?'):<6} {e.get('host', '?'):<12} {what}")
        for line in describe_change(e.get("before"), e.get("after"), advisors, records):
            print(f"    {line}")
    return 0


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError(f"{question} Ohne Terminal nur mit --yes.")
    answer = input(f"{question} [j/N] ").strip().casefold()
    if answer not in ("j", "ja", "y", "yes"):
        raise InputError("Abgebrochen; nichts wurde geändert.")


def cmd_export_person(ctx: Context) -> int:
    args = ctx.args
    group = _group(ctx)
    ctx.require("privacy_export")
    _confirm(f"Alle Daten von Verbund {group.number} {group.name} ausgeben (DSGVO-Auskunft)?", args.yes)
    data = json_shapes.dumps(ctx.store.export_group(group.id))
    if args.out:
        target = ctx.write_file(args.out, "--out", lambda target: target.write_text(data + "\n", encoding="utf-8"))
        ctx.note(f"Auskunft geschrieben: {target}")
    else:
        print(data)
    return 0


def cmd_erase(ctx: Context) -> int:
    store, args = ctx.store, ctx.args
    begun = store.find_erasure(args.group)
    if begun is not None:
        group_id, number = begun
        question = f"Löschung von Verbund {number} wurde begonnen; jetzt fortsetzen und abschließen?"
    else:
        # Every file must be readable: data left in an unreadable file would survive the erasure.
        group = store.load(tolerant=False).group(args.group)
        if group is None:
            raise InputError(f"Verbund {args.group} gibt es nicht.")
        group_id, number = group.id, group.number
        question = (
            f"Verbund {number} {group.name} mit allen Kontakten, Sicherungskopien und Protokollwerten unwiderruflich löschen?"
        )
    ctx.require("erase")
    _confirm(question, args.yes)
    try:
        result = store.erase_group(group_id, number)
    except NotErased:
        raise  # one transaction that was rolled back: nothing to resume
    except (StoreError, OSError) as exc:  # a full disk or a lost share half way: say so, never a traceback
        raise StoreError(
            f"Löschung von Verbund {number} nicht vollständig: {exc}\n"
            f"Die Löschung ist vermerkt; `kontakt erase {number}` setzt sie fort."
        ) from exc
    print(f"Verbund {number} gelöscht{' (Fortsetzung einer begonnenen Löschung)' if result.resumed else ''}. Entfernt:")
    for place, what in result.removed:
        print(f"  {place}: {what}")
    if not result.removed:
        print("  nichts mehr (bereits vollständig gelöscht)")
    print(
        f"Ein Löschvermerk (wer, wann, Verbund-Nr {number}, ohne personenbezogene Daten) steht in {result.register} "
        "und im Protokoll; er verhindert, dass die Daten wieder angelegt werden."
    )
    return 0

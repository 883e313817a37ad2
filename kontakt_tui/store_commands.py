"""Commands for IT and data protection: `kontakt doctor`, `restore`, `backups`, `audit`,
`export-person` and `erase`. Registered through `cli.EXTENSIONS`.

doctor exits 0 when the store has no errors (hints alone are fine), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from model.audit_text import describe_change, what_happened
from model.store import StoreError
from model.store import backups as backup_mod
from model.store.doctor import ERROR, check_store
from model.store.privacy import erase_group, export_group

from .commands import InputError, open_store
from .settings import Settings


def register(cmds) -> None:
    p = cmds.add("doctor", "den ganzen Speicher prüfen: Dateien, Schema, Verweise, Reste (Exit 0 = in Ordnung)", cmd_doctor)
    p.add_argument("--aufraeumen", action="store_true", help="unfertige Schreibdateien älter als 1 Stunde entfernen")

    p = cmds.add("restore", "eine Stammdatei aus einer Sicherung wiederherstellen (die alte kommt nach quarantine/)", cmd_restore)
    p.add_argument("file", metavar="DATEI", help="z. B. master/groups-05.json")
    p.add_argument("--backup", metavar="NAME", help="Name der Sicherung (siehe kontakt backups); sonst die neueste lesbare")

    p = cmds.add("backups", "Sicherungen der Stammdaten auflisten", cmd_backups)
    p.add_argument("file", nargs="?", metavar="DATEI", help="nur die einer Datei, z. B. groups-05")

    p = cmds.add("audit", "Änderungsprotokoll eines Verbunds: wer, wann, von welchem PC, vorher/nachher", cmd_audit)
    p.add_argument("group", metavar="VERBUND-NR")
    cmds.json_flag(p)

    p = cmds.add("export-person", "DSGVO-Auskunft (Art. 15): alles über einen Verbund und seine Personen als JSON", cmd_export_person)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--out", metavar="DATEI", help="in eine Datei statt auf die Ausgabe")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")

    p = cmds.add("erase", "DSGVO-Löschung (Art. 17): personenbezogene Daten eines Verbunds überall entfernen", cmd_erase)
    p.add_argument("group", metavar="VERBUND-NR")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")


def cmd_doctor(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    if args.aufraeumen:
        for path in store.cleanup_temp_files(3600):
            print(f"entfernt: {path}")
    findings = check_store(store)
    errors = [f for f in findings if f.severity == ERROR]
    for f in findings:
        print(f)
    files = len(store.files())
    stale = [f for f in findings if f.severity == "Warnung"]
    if stale and not errors:
        print(f"Daten in Ordnung ({files} Dateien geprüft), aber {len(stale)} verwaiste Sperre(n): "
              "Speichern darauf wartet bis zu 30 s. Sofort lösen: kontakt unlock --all-stale")  # fmt: skip
        return 0
    if errors:
        print(f"{len(errors)} Fehler, {len(findings) - len(errors)} Hinweis(e) in {files} Dateien. "
              "Beschädigte Stammdateien: kontakt restore DATEI")  # fmt: skip
        return 1
    print(f"Speicher {store.root} in Ordnung: {files} Dateien geprüft, {len(findings)} Hinweis(e).")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    path = store.resolve_file(args.file)
    quarantined, chosen = store.restore(path, args.backup)
    if quarantined is not None:
        print(f"Bisherige Datei gesichert als {quarantined}")
    print(f"{path} aus Sicherung {chosen.name} (Stand {chosen.revision}) wiederhergestellt.")
    return 0


def cmd_backups(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    stem = Path(args.file).stem if args.file else None
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


def _group(store, number: str):
    group = store.load(tolerant=True).group(number)
    if group is None:
        raise InputError(f"Verbund {number} gibt es nicht.")
    return group


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    group = _group(store, args.group)
    entries = store.audit_for(group.id)
    if args.json:
        print(json.dumps(entries, ensure_ascii=False, indent=1))
        return 0
    print(f"Änderungsprotokoll {group.number} {group.name} ({len(entries)} Einträge)")
    for e in entries:
        what = what_happened(e)
        print(f"{str(e.get('at', '')).replace('T', ' ')}  {e.get('user', '?'):<6} {e.get('host', '?'):<12} {what}")
        for line in describe_change(e.get("before"), e.get("after")):
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


def cmd_export_person(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    group = _group(store, args.group)
    _confirm(f"Alle Daten von Verbund {group.number} {group.name} ausgeben (DSGVO-Auskunft)?", args.yes)
    data = json.dumps(export_group(store, group.id), ensure_ascii=False, indent=1)
    if args.out:
        target = Path(args.out)
        if not target.parent.exists():
            raise InputError(f"--out: Ordner {target.parent} gibt es nicht")
        target.write_text(data + "\n", encoding="utf-8")
        print(f"Auskunft geschrieben: {target}", file=sys.stderr)
    else:
        print(data)
    return 0


def cmd_erase(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings)
    group = _group(store, args.group)
    _confirm(
        f"Verbund {group.number} {group.name} mit allen Kontakten, Sicherungskopien und Protokollwerten "
        "unwiderruflich löschen?",
        args.yes,
    )
    try:
        counts = erase_group(store, group.id)
    except StoreError as exc:
        raise StoreError(f"Löschung von {group.number} nicht vollständig: {exc}. Bitte erneut ausführen.") from exc
    print(
        f"Verbund {group.number} gelöscht: {counts['kontakte']} Kontakte, {counts['sammlungen']} Sammlungseinträge, "
        f"{counts['sicherungen']} Sicherungskopien, {counts['quarantaene']} Quarantäne-Dateien, "
        f"{counts['protokoll']} Protokolleinträge bereinigt. Ein anonymer Protokolleintrag bleibt."
    )
    return 0

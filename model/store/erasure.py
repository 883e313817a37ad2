"""DSGVO erasure (Art. 17) of one group, in steps that can be repeated until it is finished.

1. The tombstone is written first (`erased.py`): from then on no writer re-creates the data,
   and a re-run after any failure finds the group by its number and continues.
2. The group's contacts in every advisor's files, its own entries in shared collections
   (call-party queue entries and outcomes of that group, its surveys — colleagues' entries
   for other groups stay), the group record in its shard.
3. Backup copies of every file: readable ones are scrubbed record by record; an unreadable
   copy that holds any of the group's identifiers (id, names, phones, e-mails) cannot be
   scrubbed and is deleted. The same for quarantined copies and for leftover temp files
   (`.….tmp`, unfinished writes of crashed PCs).
4. The before/after values of audit entries about the group.
5. The tombstone is marked done and one anonymous audit entry records the erasure.

Every step changes a file under that file's lock, and only when something is to be removed,
so running it again changes nothing that is already clean. `erase_group` returns what it
removed where, for the CLI to print. Both stores offer it as `store.erase_group`; on
PostgreSQL it is one transaction (`postgres/maintenance.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tinydb import Query

from . import audit, backups
from .erased import KIND, erased_path, new_tombstone, tombstones
from .files import StoreError, StoreFileError, is_temp_file, read_document, write_document
from .scrub import scrub_audit_entry, scrub_document, scrub_table
from .transaction import lock_path, locked

# Identifiers shorter than this (a Verbund-Nr "100", a phone "12") would match unrelated
# bytes of an unreadable file; the group's uuid is always searched.
MIN_NEEDLE = 5


@dataclass
class Erasure:
    group_id: str
    number: str
    resumed: bool
    removed: list[tuple[str, str]] = field(default_factory=list)
    register: str = "master/erased.json"
    """Where the tombstone is kept, for the CLI's closing sentence."""

    def add(self, place: Path | str, what: str) -> None:
        self.removed.append((str(place), what))


class NotErased(StoreError):
    """An erasure that failed as a whole and left nothing behind (PostgreSQL rolls it back):
    the message says so; there is nothing to resume."""


def find_erasure(store, number: str) -> tuple[str, str] | None:
    """(group id, number) of an erasure begun for Verbund-Nr `number`, else None."""
    for group_id, t in tombstones(store.root).items():
        if t.get("number") == number:
            return group_id, number
    return None


def erase_group(store, group_id: str, number: str) -> Erasure:
    """Remove the group's personal data everywhere (see the module docstring)."""
    rel = lambda p: p.relative_to(store.root).as_posix()  # noqa: E731
    result = Erasure(group_id, number, resumed=group_id in tombstones(store.root))
    _write_tombstone(store, group_id, number)
    needles = _needles(store, group_id)

    query = Query()
    for path in store.files():
        if path.parent.parent.name == "contacts":
            with store._transaction(path, "contacts") as db:
                table = db.table("contacts")
                if table.contains(query.group == group_id):
                    gone = table.remove(query.group == group_id)
                    result.add(rel(path), f"{len(gone)} Kontakt(e)")
    for name in store.collection_names():
        path = store.collection_path(name)
        with store._transaction(path, "collection") as db:
            table = db.table("records")
            records = {str(r.doc_id): dict(r) for r in table.all()}
            touched = scrub_table(records, group_id)
            if touched:
                table.truncate()
                table.insert_multiple(records.values())
                result.add(rel(path), f"{touched} Eintrag/Einträge des Verbunds")
    # Every shard, not only the group's own: a record in the wrong shard is data too.
    for path in sorted((store.root / "master").glob("groups-*.json")):
        if is_temp_file(path):
            continue
        with store._transaction(path, "groups") as db:
            table = db.table("groups")
            if table.contains(query.id == group_id):
                table.remove(query.id == group_id)
                result.add(rel(path), "Verbund mit Kunden, Ansprechpartnern, Castings, Co-Betreuung")

    # The status index keeps a slim copy of the group's latest contacts: gone as well.
    from . import status

    status.forget(store, [group_id])
    # The advisors' digests hold copies of group records: rebuilt at their next start.
    from . import digest

    if digest.drop_all(store.root):
        result.add(f"{digest.DIR}/", "Arbeitsstände der Betreuer gelöscht (werden neu aufgebaut)")
    # The shards' change journals hold copies of group records and status entries.
    from . import journal

    if journal.drop_all(store.root):
        result.add(f"{journal.DIR}/", "Änderungsjournale der Verbund- und Statusdateien gelöscht (werden neu geschrieben)")
    # The archive of closed years holds copies of contacts: built again when a card needs it.
    from . import archive

    if archive.drop_all(store.root):
        result.add(f"{archive.DIR}/", "Archiv abgeschlossener Jahre gelöscht (wird neu aufgebaut)")
    _scrub_backups(store, group_id, needles, result)
    _scrub_temp_files(store, needles, result)
    quarantine = store.root / "quarantine"
    for copy in sorted(quarantine.glob("*")) if quarantine.exists() else []:
        if copy.is_file() and not is_temp_file(copy):
            _scrub_copy(copy, group_id, needles, result, rel)
    count = audit.rewrite(store.root, lambda e: scrub_audit_entry(e, group_id), store.user)
    if count:
        result.add("audit/", f"Vorher/Nachher-Werte von {count} Protokolleintrag/-einträgen")

    _finish_tombstone(store, group_id)
    summary = {"entfernt": len(result.removed), "fortgesetzt": result.resumed}
    store._audit([store._entry("dsgvo", "erase", group_id, group_id, None, summary, erased_path(store.root))])
    return result


# ---- tombstone ------------------------------------------------------------------------------


def _write_tombstone(store, group_id: str, number: str) -> None:
    with store._transaction(erased_path(store.root), KIND) as db:
        table = db.table("erased")
        if not table.contains(Query().group == group_id):
            table.insert(new_tombstone(group_id, number, store.user))


def _finish_tombstone(store, group_id: str) -> None:
    with store._transaction(erased_path(store.root), KIND) as db:
        table = db.table("erased")
        record = table.get(Query().group == group_id)
        if record is not None and not record.get("done"):
            table.update({"done": datetime.now().isoformat(timespec="seconds"), "done_by": store.user}, Query().group == group_id)


# ---- what identifies the group in files that cannot be read as JSON ----------------------------


def _needles(store, group_id: str) -> list[bytes]:
    """The group's id and its personal identifiers (names, phones, e-mails, customer names)
    from wherever they still are: the group record, readable backups, audit values. Gathered
    again on every run, so a run interrupted after the record was removed still finds them."""
    found: set[str] = {group_id}

    def take(record) -> None:
        if not isinstance(record, dict) or record.get("id") != group_id:
            return
        found.add(str(record.get("name", "")))
        for person in record.get("persons", ()) if isinstance(record.get("persons"), list) else ():
            if isinstance(person, dict):
                found.update(str(person.get(k, "")) for k in ("name", "phone", "email"))
        for customer in record.get("customers", ()) if isinstance(record.get("customers"), list) else ():
            if isinstance(customer, dict):
                found.update(str(customer.get(k, "")) for k in ("name", "number"))

    shard = store.shard_path(store.shard_of(group_id))
    sources = [shard, *(b.path for b in backups.list_backups(store.root, shard.stem) if b.revision is not None)]
    for path in sources:
        try:
            for record in read_document(path).get("groups", {}).values():
                take(record)
        except StoreFileError:
            continue
    for e in audit.entries(store.root):
        if e.get("group") == group_id:
            take(e.get("before"))
            take(e.get("after"))
    return sorted({n.encode() for n in found if len(n.strip()) >= MIN_NEEDLE or n == group_id})


def _holds(path: Path, needles: list[bytes]) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    return any(n in raw for n in needles)


# ---- copies ---------------------------------------------------------------------------------


def _data_file(store, folder: str) -> Path:
    """The data file whose backups live in backups/`folder` (backups.backup_folder reversed)."""
    if folder.startswith("shared-"):
        return store.root / "shared" / f"{folder.removeprefix('shared-')}.json"
    if folder.startswith("contacts-") and folder.count("-") >= 2:
        _, year, code = folder.split("-", 2)
        return store.root / "contacts" / year / f"{code}.json"
    return store.root / "master" / f"{folder}.json"


def _scrub_backups(store, group_id: str, needles: list[bytes], result: Erasure) -> None:
    base = store.root / backups.BACKUP_DIR
    for folder in sorted(p for p in base.glob("*") if p.is_dir()) if base.exists() else []:
        if folder.name == erased_path(store.root).stem:
            continue  # copies of the tombstones: no personal data, needed to restore them
        data = _data_file(store, folder.name)
        # Under the data file's lock: its writer adds and prunes copies under the same lock.
        with locked(lock_path(store.root / "locks", data.relative_to(store.root).as_posix()), user=store.user):
            for copy in sorted(folder.glob("*")):
                if copy.is_file():
                    _scrub_copy(copy, group_id, needles, result, lambda p: p.relative_to(store.root).as_posix())


def _scrub_copy(copy: Path, group_id: str, needles: list[bytes], result: Erasure, rel) -> None:
    if is_temp_file(copy):
        if _holds(copy, needles):
            copy.unlink(missing_ok=True)
            result.add(rel(copy), "unfertige Schreibdatei gelöscht")
        return
    if not _holds(copy, needles):
        return
    try:
        doc = read_document(copy)
    except StoreFileError:
        # Cannot be cleaned record by record: the copy goes as a whole.
        copy.unlink(missing_ok=True)
        result.add(rel(copy), "unlesbare Kopie mit Daten des Verbunds gelöscht")
        return
    touched = scrub_document(doc, group_id)
    if touched:
        write_document(copy, doc)
        result.add(rel(copy), f"{touched} Eintrag/Einträge entfernt")
    elif _holds(copy, [group_id.encode()]):
        copy.unlink(missing_ok=True)
        result.add(rel(copy), "Kopie gelöscht")


def _scrub_temp_files(store, needles: list[bytes], result: Erasure) -> None:
    """Unfinished writes left by crashed PCs. A temp file of a data file is deleted under that
    file's lock, so a colleague's write in progress is never cut off."""
    for temp in store.temp_files():
        if not _holds(temp, needles):
            continue
        target = temp.with_name(temp.name[1:].rsplit(".", 2)[0])
        if target.parent.name in ("master", "shared") or target.parent.parent.name == "contacts":
            with locked(lock_path(store.root / "locks", target.relative_to(store.root).as_posix()), user=store.user):
                removed = _unlink(temp)
        else:
            removed = _unlink(temp)
        if removed:
            result.add(temp.relative_to(store.root).as_posix(), "unfertige Schreibdatei gelöscht")


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True

"""Moving a store between backends (`kontakt migrate --from … --to …`), verified record by
record.

A `Snapshot` is every record of a store in the folder store's format: configuration,
advisors by Kürzel, groups by id (with their revisions), contacts by id, shared collections
by name, audit entries and tombstones. Migrating reads the source's snapshot, writes it into
a new empty target (created with the source's configuration), reads the target's snapshot
back and lists every difference. Records are copied unchanged, so revisions, castings' save
order and keys a newer kontakt wrote survive the move.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from ..german.counts import counted
from . import audit, audit_index, erased
from .files import StoreError, new_document, read_document, signature, write_bytes_atomic, write_document
from .interface import create_backend, is_url, open_backend


@dataclass
class Snapshot:
    config: dict
    advisors: dict[str, dict] = field(default_factory=dict)
    groups: dict[str, dict] = field(default_factory=dict)
    contacts: dict[str, dict] = field(default_factory=dict)
    collections: dict[str, list] = field(default_factory=dict)
    audit: list[dict] = field(default_factory=list)
    tombstones: dict[str, dict] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "Betreuer": len(self.advisors),
            "Verbünde": len(self.groups),
            "Kontakte": len(self.contacts),
            "Sammlungen": len(self.collections),
            "Protokolleinträge": len(self.audit),
            "Löschvermerke": len(self.tombstones),
        }


# ---- reading -------------------------------------------------------------------------------


def snapshot(store) -> Snapshot:
    if hasattr(store, "_conn"):
        return _from_database(store)
    return _from_folder(store)


def _table(path: Path, kind: str, table: str) -> list[dict]:
    if signature(path) is None:
        return []
    return list(read_document(path, kind).get(table, {}).values())


def _from_folder(store) -> Snapshot:
    root = store.root
    snap = Snapshot(config=_table(store.config_path, "config", "config")[0])
    snap.advisors = {a["code"]: a for a in _table(store.organisation_path, "organisation", "advisors")}
    for path in sorted((root / "master").glob("groups-*.json")):
        if not path.name.startswith("."):
            snap.groups.update((g["id"], g) for g in _table(path, "groups", "groups"))
    for path in sorted((root / "contacts").glob("*/*.json")):
        if not path.name.startswith("."):
            snap.contacts.update((c["id"], c) for c in _table(path, "contacts", "contacts"))
    snap.collections = {name: store.read_collection(name) for name in store.collection_names()}
    snap.audit = audit.entries(root)
    snap.tombstones = erased.tombstones(root)
    return snap


def _from_database(store) -> Snapshot:
    conn = store._conn
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snap = Snapshot(config=conn.execute("SELECT doc FROM config WHERE id = 1").fetchone()[0])
        snap.advisors = dict(conn.execute("SELECT code, doc FROM advisors").fetchall())
        snap.groups = dict(conn.execute("SELECT id, doc FROM groups").fetchall())
        snap.contacts = dict(conn.execute("SELECT id, doc FROM contacts").fetchall())
        snap.collections = dict(conn.execute("SELECT name, records FROM collections").fetchall())
        snap.audit = [e for (e,) in conn.execute("SELECT entry FROM audit ORDER BY seq")]
        snap.tombstones = dict(conn.execute("SELECT group_id, doc FROM tombstones").fetchall())
    return snap


# ---- writing -------------------------------------------------------------------------------


def write(store, snap: Snapshot) -> None:
    """Put `snap`'s records into a freshly created `store` (its configuration is set)."""
    if hasattr(store, "_conn"):
        _to_database(store, snap)
    else:
        _to_folder(store, snap)


def _doc(kind: str, table: str, records) -> dict:
    doc = new_document(kind)
    doc[table] = {str(i): r for i, r in enumerate(records, 1)}
    return doc


def _to_folder(store, snap: Snapshot) -> None:
    root = store.root
    write_document(store.organisation_path, _doc("organisation", "advisors", snap.advisors.values()))
    shards: dict[Path, list] = defaultdict(list)
    for g in snap.groups.values():
        shards[store.shard_path(store.shard_of(g["id"]))].append(g)
    for path, records in shards.items():
        write_document(path, _doc("groups", "groups", records))
    files: dict[Path, list] = defaultdict(list)
    for c in snap.contacts.values():
        files[store.contacts_path(date.fromisoformat(c["date"]).year, c["by"])].append(c)
    for path, records in files.items():
        write_document(path, _doc("contacts", "contacts", records))
    for name, records in snap.collections.items():
        write_document(store.collection_path(name), _doc("collection", "records", records))
    by_file: dict[Path, list] = defaultdict(list)
    for e in snap.audit:
        year = int(str(e.get("at", ""))[:4] or date.today().year)
        try:
            path = audit.audit_path(root, str(e.get("user", "")), year)
        except StoreError:
            path = root / audit.AUDIT_DIR / f"UNBEKANNT-{year:04d}.jsonl"  # a Kürzel no file may bear
        by_file[path].append(e)
    for path, entries in by_file.items():
        raw = b"".join(orjson.dumps(e) + b"\n" for e in entries)
        write_bytes_atomic(path, raw)
        audit_index.rebuild(path, raw)  # the new store's card histories read their lines only
    if snap.tombstones:
        write_document(erased.erased_path(root), _doc(erased.KIND, "erased", snap.tombstones.values()))


def _json(value) -> str:
    return orjson.dumps(value).decode()


def _sorted_json(value) -> bytes:
    # JSONB orders keys its own way: compare entries, not their spelling.
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _to_database(store, snap: Snapshot) -> None:
    conn = store._conn
    with conn.transaction():
        with conn.cursor() as cur:
            with cur.copy("COPY advisors (code, doc, changed) FROM STDIN") as copy:
                for code, doc in snap.advisors.items():
                    copy.write_row((code, _json(doc), 1))
            with cur.copy("COPY groups (id, number, doc, revision, changed) FROM STDIN") as copy:
                for gid, doc in snap.groups.items():
                    copy.write_row((gid, str(doc.get("number", "")), _json(doc), int(doc.get("revision", 0)), 1))
            with cur.copy("COPY contacts (id, group_id, advisor, year, doc, changed) FROM STDIN") as copy:
                for cid, doc in snap.contacts.items():
                    copy.write_row((cid, doc["group"], doc["by"], int(str(doc["date"])[:4]), _json(doc), 1))
            with cur.copy("COPY collections (name, records, revision) FROM STDIN") as copy:
                for name, records in snap.collections.items():
                    copy.write_row((name, _json(records), 1))
            with cur.copy("COPY audit (at, user_code, group_id, entry) FROM STDIN") as copy:
                for e in snap.audit:
                    copy.write_row((str(e.get("at", "")), str(e.get("user", "")), e.get("group"), _json(e)))
            with cur.copy("COPY tombstones (group_id, number, doc) FROM STDIN") as copy:
                for gid, doc in snap.tombstones.items():
                    copy.write_row((gid, str(doc.get("number", "")), _json(doc)))
        conn.execute("UPDATE changes SET counter = 1 WHERE kind NOT IN ('removed', 'sequence')")
        # New contacts are numbered after the folder's (schema 3: the save sequence).
        conn.execute(
            "UPDATE changes SET counter = (SELECT coalesce(max((doc->>'seq')::bigint), 0) FROM contacts) WHERE kind = 'sequence'"
        )


# ---- comparing and migrating ---------------------------------------------------------------


def differences(a: Snapshot, b: Snapshot, limit: int = 20) -> list[str]:
    """German lines naming each record that differs (at most `limit`)."""
    found: list[str] = []
    if a.config != b.config:
        found.append("Konfiguration unterscheidet sich")
    for label, left, right in (
        ("Betreuer", a.advisors, b.advisors),
        ("Verbund", a.groups, b.groups),
        ("Kontakt", a.contacts, b.contacts),
        ("Sammlung", a.collections, b.collections),
        ("Löschvermerk", a.tombstones, b.tombstones),
    ):
        for key in sorted(left.keys() | right.keys()):
            if key not in right:
                found.append(f"{label} {key} fehlt im Ziel")
            elif key not in left:
                found.append(f"{label} {key} ist im Ziel zu viel")
            elif left[key] != right[key]:
                found.append(f"{label} {key} unterscheidet sich")
    if len(a.audit) != len(b.audit):
        found.append(f"Protokoll: {counted(len(a.audit), 'Eintrag', 'Einträge')} in der Quelle, {len(b.audit)} im Ziel")
    elif sorted(map(_sorted_json, a.audit)) != sorted(map(_sorted_json, b.audit)):
        found.append("Protokoll: gleich viele Einträge, aber nicht dieselben")
    return found[:limit]


def migrate(source: str | Path, target: str | Path, user: str) -> tuple[Snapshot, list[str]]:
    """Copy the store at `source` into a new store at `target`; returns the source's snapshot
    and the differences found when reading the target back (empty: identical)."""
    if str(source) == str(target):
        raise StoreError("Quelle und Ziel sind derselbe Speicher.")
    src = open_backend(source, user)
    snap = snapshot(src)
    dst = create_backend(target if is_url(target) else Path(target), user, snap.config)
    write(dst, snap)
    back = snapshot(open_backend(target, user))
    return snap, differences(snap, back)

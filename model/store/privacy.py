"""Data-protection requests (DSGVO) for one group and its people.

`export_group` gathers everything stored about a group (Art. 15): the record with customers
and contact persons, every contact logged, records of shared collections that mention it,
its audit history and which backup copies still hold it.

`erase_group` removes its personal data from every file (Art. 17): the group record, its
contacts in every advisor's files, mentioning records of shared collections, every backup copy
of its shard, readable quarantined copies, and the before/after values of audit entries. What
stays is one anonymised audit entry that an erasure happened (group id, who, when — no names).
Each file is changed under its lock and replaced atomically like any other write.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from . import audit, backups
from .files import StoreFileError, is_temp_file, read_document, write_document
from .transaction import lock_path, locked


def _mentions(value, group_id: str) -> bool:
    return group_id.encode() in orjson.dumps(value)


def _without(doc: dict, table: str, drop) -> int:
    records = doc.get(table, {})
    gone = [k for k, r in records.items() if drop(r)]
    for k in gone:
        del records[k]
    return len(gone)


def export_group(store, group_id: str) -> dict:
    picture = store.load()
    group = picture.groups[group_id]
    held_in = []
    shard = store.shard_path(store.shard_of(group_id))
    for b in backups.list_backups(store.root, shard.stem):
        if b.revision is not None and _mentions(read_document(b.path), group_id):
            held_in.append(f"backups/{b.file}/{b.name}")
    result = {
        "exportiert_am": datetime.now().isoformat(timespec="seconds"),
        "speicher": str(store.root),
        "verbund": group.to_json(),
        "kontakte": [c.to_json() for c in picture.history(group_id)],
        "sammlungen": {
            name: [r for r in store.read_collection(name) if _mentions(r, group_id)] for name in store.collection_names()
        },
        "protokoll": store.audit_for(group_id),
        "sicherungen": held_in,
    }
    result["sammlungen"] = {k: v for k, v in result["sammlungen"].items() if v}
    store._audit([store._entry("dsgvo", "export", group_id, group_id, None, None)])
    return result


def erase_group(store, group_id: str) -> dict[str, int]:
    """Remove the group's personal data everywhere; returns counts per place."""
    counts = {"verbund": 0, "kontakte": 0, "sammlungen": 0, "sicherungen": 0, "quarantaene": 0, "protokoll": 0}
    shard = store.shard_path(store.shard_of(group_id))
    # Plain transactions, not update_group & co.: those would audit the very data erased.
    with store._transaction(shard, "groups") as db:
        counts["verbund"] = len(db.table("groups").remove(lambda r: r.get("id") == group_id))
    for path in store.files():
        if path.parent.parent.name != "contacts":
            continue
        with store._transaction(path, "contacts") as db:
            counts["kontakte"] += len(db.table("contacts").remove(lambda r: r.get("group") == group_id))
    for name in store.collection_names():
        path = store.collection_path(name)
        with store._transaction(path, "collection") as db:
            counts["sammlungen"] += len(db.table("records").remove(lambda r: _mentions(r, group_id)))
    # Backups of the shard: rewritten under the shard's lock, as their writer prunes under it.
    with locked(lock_path(store.root / "locks", shard.relative_to(store.root).as_posix()), user=store.user):
        for b in backups.list_backups(store.root, shard.stem):
            if b.revision is None:
                continue
            doc = read_document(b.path)
            if _without(doc, "groups", lambda r: r.get("id") == group_id):
                write_document(b.path, doc)
                counts["sicherungen"] += 1
    for copy in sorted((store.root / "quarantine").glob("*")) if (store.root / "quarantine").exists() else []:
        counts["quarantaene"] += _scrub_quarantined(copy, group_id)
    counts["protokoll"] = audit.rewrite(store.root, lambda e: _anonymised(e, group_id), store.user)
    store._audit([store._entry("dsgvo", "erase", group_id, group_id, None, {k: v for k, v in counts.items()})])
    return counts


def _scrub_quarantined(path: Path, group_id: str) -> int:
    if is_temp_file(path) or group_id.encode() not in path.read_bytes():
        return 0
    try:
        doc = read_document(path)
    except StoreFileError:
        # A corrupt copy cannot be cleaned record by record; it goes as a whole.
        path.unlink()
        return 1
    removed = sum(_without(doc, t, lambda r: _mentions(r, group_id)) for t in ("groups", "contacts", "records"))
    if removed:
        write_document(path, doc)
    return 1 if removed else 0


def _anonymised(item: dict, group_id: str) -> dict:
    if item.get("group") == group_id:
        return item | {"before": None, "after": None, "erased": True} if (item.get("before") or item.get("after")) else item
    if not (_mentions(item.get("before"), group_id) or _mentions(item.get("after"), group_id)):
        return item
    clean = dict(item)
    for side in ("before", "after"):
        value = clean.get(side)
        if isinstance(value, list):
            clean[side] = [r for r in value if not _mentions(r, group_id)]
        elif _mentions(value, group_id):
            clean[side] = None
    return clean | {"erased": True}

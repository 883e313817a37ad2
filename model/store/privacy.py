"""Data-protection requests (DSGVO) for one group and its people.

`export_group` gathers everything stored about a group (Art. 15): the record with customers
and contact persons, every contact logged, records of shared collections that mention it,
its audit history and which backup copies still hold it.

`erase_group` (in `erasure.py`) removes its personal data from every file (Art. 17).
"""

from __future__ import annotations

from datetime import datetime

import orjson

from . import backups
from .files import read_document


def _mentions(value, group_id: str) -> bool:
    return group_id.encode() in orjson.dumps(value)


def export_group(store, group_id: str) -> dict:
    """The folder store's information export (`Store.export_group`), with the backup copies
    of the group's shard that still hold it."""
    held_in = []
    shard = store.shard_path(store.shard_of(group_id))
    for b in backups.list_backups(store.root, shard.stem):
        if b.revision is not None and _mentions(read_document(b.path), group_id):
            held_in.append(f"backups/{b.file}/{b.name}")
    return export_data(store, group_id, held_in)


def export_data(store, group_id: str, held_in: list[str]) -> dict:
    """Everything the store interface knows about the group, audited as an export; `held_in`
    names the copies outside it (the database has none kontakt keeps: pg_dump is IT's)."""
    picture = store.load()
    group = picture.groups[group_id]
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


from .erasure import erase_group  # noqa: E402,F401 - where callers have always found it

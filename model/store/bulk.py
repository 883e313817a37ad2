"""Writing what an import planned, all or nothing, with one group per Verbund-Nr.

`write_planned` puts advisors, changed groups, new groups and contacts into the store in one
`all_or_nothing` step: every file is locked first, then written, or nothing is.

A new group goes to the shard its number chooses (`model.group_numbers`). Under that shard's
lock the number is looked up again: when a colleague's import created it since our plan was
made, the file's columns are applied to that group instead of adding a second one. Groups
stored before this rule sit in the shard their id chose and stay there (no migration); the
plan, read from the whole store, finds them by number as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tinydb import TinyDB

from ..entities import Advisor, Contact, Group
from ..group_numbers import id_for_shard, normalise_number, number_shard
from . import erased
from .contact_writes import insert_new
from .multi import all_or_nothing

Change = Callable[[Group | None], Group | None]


@dataclass(frozen=True)
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    contacts: int = 0


def write_planned(
    store,
    advisors: Iterable[Advisor] = (),
    changes: Mapping[str, Change] | None = None,
    new_groups: Iterable[tuple[Group, Change]] = (),
    contacts: Iterable[Contact] = (),
    what: str = "Import",
) -> Written:
    """`changes`: group id → change of the fresh record (None: leave it). `new_groups`: the
    planned group and the change to apply if its number turns out to exist under the lock."""
    advisors, contacts, new_groups = list(advisors), list(contacts), list(new_groups)
    changes = dict(changes or {})
    if hasattr(store, "write_planned"):  # the database backend: one transaction, same rules
        return store.write_planned(advisors, changes, new_groups, contacts, what)
    files: dict[Path, str] = {}
    if advisors:
        files[store.organisation_path] = "organisation"
    by_shard: dict[int, list] = defaultdict(list)
    for group_id, change in changes.items():
        by_shard[store.shard_of(group_id)].append((group_id, change))
    fresh_by_shard: dict[int, list] = defaultdict(list)
    for planned, on_existing in new_groups:
        fresh_by_shard[number_shard(planned.number, store.shards)].append((planned, on_existing))
    for shard in {*by_shard, *fresh_by_shard}:
        files[store.shard_path(shard)] = "groups"
    by_file: dict[Path, list[Contact]] = defaultdict(list)
    for c in contacts:
        by_file[store.contacts_path(c.date.year, c.by)].append(c)
    for path in by_file:
        files[path] = "contacts"
    if not files:
        return Written()

    entries: list[dict] = []
    counts = {"created": 0, "updated": 0, "unchanged": 0, "contacts": 0}
    with all_or_nothing(store, list(files.items()), what) as dbs:
        # Read under the locks: an erasure writes its tombstone before it removes anything
        # under these locks, so a plan made before it is refused here (erased.py).
        stones = erased.tombstones(store.root)
        if advisors:
            entries += _advisors(store, dbs[store.organisation_path], advisors)
        for shard in sorted({*by_shard, *fresh_by_shard}):
            path = store.shard_path(shard)
            entries += _groups(store, path, dbs[path], by_shard[shard], fresh_by_shard[shard], shard, counts, stones)
        for path, items in sorted(by_file.items()):
            entries += _contacts(store, path, dbs[path], items, counts, stones)
    store._audit(entries)
    return Written(**counts)


def _advisors(store, db: TinyDB, advisors: list[Advisor]) -> list[dict]:
    table = db.table("advisors")
    current = {doc["code"]: dict(doc) for doc in table.all()}
    merged = {a.code: a.merged_into(current.get(a.code)) for a in advisors}
    fresh = {code: record for code, record in merged.items() if current.get(code) != record}
    if fresh:
        table.truncate()
        table.insert_multiple((current | fresh).values())
    path = store.organisation_path
    return [
        store._entry("advisor", "update" if c in current else "create", c, None, current.get(c), r, path)
        for c, r in fresh.items()
    ]


def _groups(store, path: Path, db: TinyDB, changes, new_groups, shard: int, counts: dict, stones: dict) -> list[dict]:
    table = db.table("groups")
    current = {doc["id"]: dict(doc) for doc in table.all()}
    # The re-check under the lock: a number created meanwhile by a colleague is found here.
    by_number = {normalise_number(str(doc.get("number", ""))): gid for gid, doc in current.items()}
    work: list[tuple[str, Change]] = list(changes)
    for planned, on_existing in new_groups:
        existing = by_number.get(normalise_number(planned.number))
        if existing is not None:
            work.append((existing, on_existing))
        else:
            group_id = id_for_shard(shard, store.shards)
            by_number[normalise_number(planned.number)] = group_id
            work.append((group_id, lambda _fresh, g=replace(planned, id=group_id): g))
    entries = []
    for group_id, change in work:
        old = current.get(group_id)
        updated = change(Group.from_json(old) if old else None)
        if updated is None:
            counts["unchanged"] += 1
            continue
        erased.refuse_in(stones, [group_id], [] if old and old.get("number") == updated.number else [updated.number])
        new = (old or {}) | updated.to_json()  # keys a newer kontakt wrote stay
        if old is not None and {**old, "revision": 0} == {**new, "revision": 0}:
            counts["unchanged"] += 1
            continue
        current[group_id] = new | {"revision": (old.get("revision", 0) if old else 0) + 1}
        counts["updated" if old else "created"] += 1
        entries.append(store._entry("group", "update" if old else "create", group_id, group_id, old, current[group_id], path))
    if entries:
        table.truncate()  # one pass instead of TinyDB's scan per upsert
        table.insert_multiple(current.values())
    return entries


def _contacts(store, path: Path, db: TinyDB, items: list[Contact], counts: dict, stones: dict) -> list[dict]:
    erased.refuse_in(stones, {c.group for c in items})
    fresh = insert_new(store, db, items)  # under the file's lock, like a log
    counts["contacts"] += len(fresh)
    return [store._entry("contact", "create", c["id"], c["group"], None, c, path) for c in fresh]

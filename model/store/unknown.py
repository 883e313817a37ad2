"""Keeping fields this version does not know, at every depth of a group record.

A newer kontakt may add keys to a group, a contact person, a casting, a co-care assignment
or a customer. This version reads records into dataclasses that have no room for them, so a
save would drop them for every colleague. `keep_unknown` merges them back at write time from
the stored record: nested entries are matched by their id (customers by their number); an
entry this version removed stays removed, with its unknown keys.

Known keys are the dataclasses' fields, so a field added to an entity is known at once.
"""

from __future__ import annotations

from dataclasses import fields

from ..entities import Assignment, Casting, ContactPerson, Customer, Group


def _names(cls) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


GROUP_KEYS = _names(Group)
NESTED = {
    "customers": (_names(Customer), "number"),
    "persons": (_names(ContactPerson), "id"),
    "castings": (_names(Casting), "id"),
    "assignments": (_names(Assignment), "id"),
}


def keep_unknown(old: dict | None, new: dict) -> dict:
    """`new` (written by this version) with the unknown keys of `old` (as stored) added."""
    if not old:
        return new
    merged = dict(new)
    for key, value in old.items():
        if key not in GROUP_KEYS and key not in merged:
            merged[key] = value
    for field, (known, key) in NESTED.items():
        stored = old.get(field)
        if not isinstance(stored, list) or not isinstance(new.get(field), list):
            continue
        by_key = {item.get(key): item for item in stored if isinstance(item, dict)}
        items = []
        for item in new[field]:
            previous = by_key.get(item.get(key))
            extra = {k: v for k, v in previous.items() if k not in known} if previous else {}
            items.append(item | extra if extra else item)
        merged[field] = items
    return merged

"""Removing one group's entries from any value — records of shared collections, backup and
quarantined copies, audit before/after values — and nothing else.

A call-party session names many groups: the erased group leaves its queue entry and its
outcome, the colleagues' outcomes for other groups stay. A record that belongs to the group
(`"group": id`, a survey) goes as a whole. A record that still mentions the group in some
free text after that goes as a whole too: better one record too many than a name left.
"""

from __future__ import annotations

import orjson

_DROP = object()


def mentions(value, needle: str) -> bool:
    return needle.encode() in orjson.dumps(value)


def _scrub(value, group_id: str):
    if isinstance(value, dict):
        if value.get("group") == group_id or value.get("id") == group_id:
            return _DROP
        out = {}
        for key, item in value.items():
            if key == group_id:
                continue
            clean = _scrub(item, group_id)
            if clean is not _DROP:
                out[key] = clean
        return out
    if isinstance(value, list):
        return [clean for item in value if (clean := _scrub(item, group_id)) is not _DROP]
    if value == group_id:
        return _DROP
    return value


def scrub_record(record, group_id: str):
    """The record without the group's entries, or None when the record is the group's."""
    clean = _scrub(record, group_id)
    if clean is _DROP or mentions(clean, group_id):
        return None
    return clean


def scrub_table(table: dict, group_id: str) -> int:
    """Scrub every record of a TinyDB table (doc-id → record) in place; returns how many
    records were removed or changed."""
    touched = 0
    for doc_id in list(table):
        record = table[doc_id]
        clean = scrub_record(record, group_id)
        if clean is None:
            del table[doc_id]
            touched += 1
        elif clean != record:
            table[doc_id] = clean
            touched += 1
    return touched


def scrub_document(doc: dict, group_id: str) -> int:
    """Scrub every data table of a store document (not `_meta`) in place."""
    return sum(scrub_table(table, group_id) for name, table in doc.items() if name != "_meta" and isinstance(table, dict))


def scrub_audit_entry(item: dict, group_id: str) -> dict:
    """An audit entry of the group loses its before/after values; another entry loses the
    group's entries from its values (a collection change that also touched the group). The
    entries of the erasure itself (kind "dsgvo") hold no personal data and stay as they are."""
    if item.get("kind") == "dsgvo":
        return item
    if item.get("group") == group_id or item.get("id") == group_id:
        if item.get("before") is None and item.get("after") is None:
            return item
        return item | {"before": None, "after": None, "erased": True}
    if not (mentions(item.get("before"), group_id) or mentions(item.get("after"), group_id)):
        return item
    clean = dict(item)
    for side in ("before", "after"):
        value = clean.get(side)
        if value is not None and mentions(value, group_id):
            scrubbed = _scrub(value, group_id)
            clean[side] = None if scrubbed is _DROP or mentions(scrubbed, group_id) else scrubbed
    return clean | {"erased": True}

"""Change journals: what each write of a groups or status shard changed, so that an advisor's
digest catches up on colleagues' writes by reading a few kilobytes instead of the shard.

    journal/groups-NN.json   (master/groups-NN.json)
    journal/status-NN.json   (status/status-NN.json)
        entries: {n: {"from": SIG, "to": SIG, "records": {ID: RECORD or null}, "stale": [ID, …]}}

An entry says: the shard whose signature (`files.signature`) was FROM became the shard with
signature TO, and only the groups in "records" changed — each to the record it now has, or
null when it left the shard; "stale" (status shards only, when it changed) is the shard's
whole stale set after the write. A digest part taken at signature S whose shard now has
signature T is brought to T by the chain of entries from S to T (`changes`).

Entries are written only by the shard's writer, under the shard's lock, right after the
replace: FROM is the signature the transaction read and its fence checked right before the
replace, TO the signature of the file the writer wrote (its temp file's, taken before the
replace, which keeps size, time and file id). So every entry is a true difference of two
versions of the shard, even when a holder paused past its lease replaced the shard again
right after (its version has another signature, and no entry leads to it). A signature
names one version (an atomic replace makes a new file), so any chain of true differences
from S to T is the way from S to T.

Whatever breaks the chain — a crash between shard and journal, a write too large to journal,
a write that keeps no journal (a merge's all-or-nothing step, a restore), a damaged or
trimmed journal, PCs that report another file id for the same file, a server whose rename
changes a file's time — only makes the reader read the shard, as without a journal. The
journal is a cache, written without fsync (a torn file fails its checksum and counts as
missing), trimmed to an eighth of its shard (`KEEP_SHARE`); a DSGVO erasure deletes every
journal (`drop_all`), since entries hold copies of group records.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .files import META, StoreError, StoreFileError, delete_files_in, new_document, read_document, write_document

DIR = "journal"
KIND = "journal"
KEEP_SHARE = 8
"""A journal keeps its newest entries up to an eighth of its shard's size (at least
`KEEP_MIN`): reading it never costs more than an eighth of reading the shard, and the size
follows the institute. At 20,000 groups (shards of about 850 KB, a status entry of one
group 1–3 KB) that is about 100 KB: a day of 30 advisors (600 contacts, about 20 entries
per shard) fits twice. At 100,000 groups (4 MB shards) 500 KB: a day of 200 advisors (125
entries per shard) fits. A reader whose digest is older than the oldest entry reads the
shard. Each write of a shard reads and rewrites its journal, so the size is also what a save
pays on the share (100 KB: about 2 ms at 110 MB/s)."""
KEEP_MIN = 32 * 1024
STALE = "stale"


def journal_path(root: Path, shard: Path) -> Path:
    """The journal of a shard file (master/groups-NN.json → journal/groups-NN.json)."""
    return root / DIR / shard.name


def drop_all(root: Path) -> int:
    """Delete every journal (readers read the shards); returns how many."""
    return delete_files_in(root / DIR)


class Recorder:
    """Notes what one transaction of a shard changes and appends it to the shard's journal.
    `key` is the field that names a record's group ("id" in groups shards, "group" in
    status shards)."""

    def __init__(self, root: Path, shard: Path, key: str) -> None:
        self.path = journal_path(root, shard)
        self.key = key
        self._before: dict | None = None
        self.version: tuple | None = None
        """The signature of the version written (set by `written`)."""

    def read(self, doc: dict) -> None:
        """The shard as read under the lock, before anything changes."""
        self._before = _images(doc, self.key)

    def written(self, data: dict, before: tuple | None, after: tuple | None) -> None:
        """After the replace, still under the lock: append the entry from `before` to
        `after` (the version written), or remove the journal when the change cannot be
        journaled. Never raises: a journal not written costs readers a shard read, never data."""
        self.version = after
        try:
            entry = self._entry(data, before, after)
            if entry is None:
                self.path.unlink(missing_ok=True)
                return
            self._append(entry)
        except (OSError, StoreError):
            pass

    def _entry(self, data: dict, before: tuple | None, after: tuple | None) -> dict | None:
        images = _images(data, self.key)
        if self._before is None or images is None or before is None or after is None:
            return None
        old, new = self._before, images
        records = {g: None for g in old["groups"].keys() - new["groups"].keys()}
        for group_id, raw in new["groups"].items():
            if old["groups"].get(group_id) != raw:
                records[group_id] = orjson.loads(raw)
        entry: dict = {"from": list(before), "to": list(after), "records": records}
        for table in (old.keys() | new.keys()) - {"groups"}:
            if old.get(table) == new.get(table):
                continue
            if table != STALE:
                return None
            entry[STALE] = sorted(((data.get(STALE) or {}).get("1") or {}).keys())
        return entry

    def _append(self, entry: dict) -> None:
        keep = max(KEEP_MIN, entry["to"][0] // KEEP_SHARE)  # the signature's first part is the size
        size = len(orjson.dumps(entry))
        if size > keep:
            self.path.unlink(missing_ok=True)  # a bulk write: readers read the shard
            return
        kept = [entry]
        for old in reversed(_entries(self.path) or []):
            size += len(orjson.dumps(old))
            if size > keep:
                break
            kept.append(old)
        doc = new_document(KIND)
        doc["entries"] = {str(n): e for n, e in enumerate(reversed(kept), start=1)}
        write_document(self.path, doc, durable=False)


def changes(root: Path, shard: Path, since: tuple, now: tuple) -> list[dict] | None:
    """The entries that lead from the shard's version `since` to `now`, oldest first; None
    when the journal cannot tell (missing, damaged, trimmed past `since`, a write in between
    that was not journaled)."""
    entries = _entries(journal_path(root, shard))
    if not entries:
        return None
    by_from = {tuple(e["from"]): e for e in entries}
    chain: list[dict] = []
    at = tuple(since)
    while at != tuple(now):
        entry = by_from.get(at)
        if entry is None or len(chain) >= len(entries):
            return None
        chain.append(entry)
        at = tuple(entry["to"])
    return chain


def _entries(path: Path) -> list[dict] | None:
    """The journal's entries in order; None when it is missing or not what this code writes."""
    try:
        doc = read_document(path, KIND)
        table = doc.get("entries") or {}
        entries = [table[n] for n in sorted(table, key=int)]
    except (StoreFileError, ValueError, TypeError, AttributeError):
        return None
    return entries if all(_well_formed(e) for e in entries) else None


def _well_formed(entry: dict) -> bool:
    sigs_ok = all(_is_sig(entry.get(k)) for k in ("from", "to"))
    records = entry.get("records")
    records_ok = isinstance(records, dict) and all(r is None or isinstance(r, dict) for r in records.values())
    stale = entry.get(STALE, [])
    return sigs_ok and records_ok and isinstance(stale, list) and all(isinstance(s, str) for s in stale)


def _is_sig(value) -> bool:
    return isinstance(value, list) and len(value) == 3 and all(type(x) is int for x in value)


def _images(doc: dict, key: str) -> dict[str, dict] | None:
    """Per table the bytes to compare: the groups table per group id, any other table whole;
    None for a shard this code cannot journal (a record without its group id, an id twice)."""
    images: dict = {"groups": {}}
    for table, records in doc.items():
        if table == META:
            continue
        if table != "groups":
            images[table] = orjson.dumps(records)
            continue
        for record in records.values():
            group_id = record.get(key) if isinstance(record, dict) else None
            if not isinstance(group_id, str) or group_id in images["groups"]:
                return None
            images["groups"][group_id] = orjson.dumps(record)
    return images

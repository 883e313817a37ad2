"""The status index: per group, the few contacts that decide its due dates and activity.

    status/status-NN.json   sharded like the groups (a group's shard is `Store.shard_of`)
        groups: {n: {"group": ID, "keys": {KEY: {"c": CONTACT, "r": REVISION}}}}
        stale:  {"1": {ID: true}}   groups whose index lost contacts (see `forget`)

A KEY is (role, Care Call or not, outcome); for each the latest entry (by date, save sequence, logged_at, id)
is kept, without its note, in the rules' order (date, save sequence, logged_at, id). That is enough, whatever the configuration says later: the rules
(model.contacts.due) only ever ask for the latest entry of a role that takes part and for the
latest counted contact of a role or of anyone, and both are a maximum over such keys
(`takes_part` looks at the format only, `counts` at the outcome only). So `due_list` and
`inactive_groups` run unchanged on the index's contacts and give the same answer as on all
contacts — for any day on or after every indexed contact (`newest`).

The index is kept current by every write of a contacts file, under that file's lock, after the
file was replaced (`Store._contacts_written`): the contacts added or changed are folded in,
shard by shard, each under the shard's lock. Folding is a maximum, so it is idempotent and
order does not matter. A contact that left a group (merge, DSGVO erasure) marks the group
stale; a stale live group makes readers read everything until `kontakt reindex` rebuilt it.
A crash between the contacts file and the index leaves a pending token in the manifest
(manifest.py), and readers read that contacts file themselves.

"r" is the contacts file's revision the entry came from: a rebuild keeps entries folded in
from a newer revision than it read (a colleague's save during the rebuild).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..config import CARE_CALL_FORMAT
from ..entities import LEAD, Contact
from . import erased, journal
from .files import StoreFileError, meta, read_document, signature
from .manifest import AFTER_SAVE_WAIT
from .transaction import lock_path, locked, transaction

DIR = "status"
KIND = "status"


KEPT = frozenset(("id", "date", "by", "outcome", "format", "department", "follow_up", "logged_at", "seq", "meeting"))


def status_path(root: Path, shard: int) -> Path:
    return root / DIR / f"status-{shard:02d}.json"


def key_of(c: dict) -> str:
    role = c.get("department") or LEAD
    return f"{role}\x1f{int(c.get('format') == CARE_CALL_FORMAT)}\x1f{c.get('outcome', '')}"


def _order(c: dict) -> tuple:
    # The rules' order (model.entities.order_key): the save sequence before the writer's clock.
    return (c.get("date", ""), int(c.get("seq", 0) or 0), c.get("logged_at", ""), c.get("id", ""))


def fold(keys: dict, contact: dict, revision: int) -> bool:
    """Keep `contact` for its key if it is the latest there; True when `keys` changed."""
    key = key_of(contact)
    # Only what the rules and a rebuild need: no free text, nothing a start does not read.
    slim = {k: v for k, v in contact.items() if k in KEPT}
    held = keys.get(key)
    if held is not None:
        mine, theirs = _order(slim), _order(held["c"])
        # The same entry again keeps the reading of the newer file revision.
        if theirs > mine or (theirs == mine and held["r"] >= revision):
            return False
    keys[key] = {"c": slim, "r": revision}
    return True


def _shards(store, group_ids: Iterable[str]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for g in group_ids:
        found[store.shard_of(g)].append(g)
    return found


def _shard_tx(store, shard: int, timeout: float | None = None, keep: bool = False):
    """The shard's transaction; `keep`: what it writes goes into this process's cache of
    shards (`read`), with the signature of the version written (the journal's recorder has
    it, from the temp file the replace kept): `kontakt log` asks for the due date right after
    its save and need not read back the shard it has just written."""
    path = status_path(store.root, shard)
    lock = lock_path(store.root / "locks", path.relative_to(store.root).as_posix())
    recorder = journal.Recorder(store.root, path, "group")

    def written(data: dict) -> None:
        cache = getattr(store, "_status_cache", None)
        if cache is None:
            cache = store._status_cache = {}
        sig = recorder.version
        if sig is None:
            cache.pop(shard, None)
        else:
            cache[shard] = (sig, None, data)  # parsed when read (`_parts`)

    return transaction(
        path,
        KIND,
        lock,
        timeout,
        user=store.user,
        on_written=written if keep else None,
        journal=recorder,
    )


def _records(db) -> dict[str, dict]:
    return {r["group"]: dict(r) for r in db.table("groups").all()}


def _write_records(db, records: dict[str, dict]) -> None:
    table = db.table("groups")
    table.truncate()
    table.insert_multiple(records.values())


def update(store, added: Iterable[dict], revision: int, left: Iterable[str] = ()) -> None:
    """Fold contacts (JSON) written at `revision` of their file into their groups' shards;
    groups in `left` lost a contact: marked stale."""
    update_many(store, {revision: list(added)}, left)


def update_many(store, by_revision: dict[int, list[dict]], left: Iterable[str] = ()) -> None:
    """`update` for contacts from several files: revision → the contacts written at it."""
    by_group: dict[str, list[tuple[dict, int]]] = defaultdict(list)
    for revision, added in by_revision.items():
        for c in added:
            by_group[c["group"]].append((c, revision))
    left = set(left)
    shards = _shards(store, set(by_group) | left)
    for shard, ids in sorted(shards.items()):
        # One shard (one contact logged) is kept for the due date asked right after; a bulk
        # write's shards are not held in memory.
        with _shard_tx(store, shard, AFTER_SAVE_WAIT, keep=len(shards) == 1) as db:
            records = _records(db)
            changed = False
            for g in ids:
                record = records.get(g) or {"group": g, "keys": {}}
                keys = dict(record["keys"])
                for c, revision in by_group.get(g, ()):
                    changed |= fold(keys, c, revision)
                records[g] = record | {"keys": keys}
            if changed:
                _write_records(db, records)
            stale_ids = [g for g in ids if g in left]
            if stale_ids:
                stale_t = db.table("stale")
                stale = dict(stale_t.get(doc_id=1) or {})
                stale.update(dict.fromkeys(stale_ids, True))
                stale_t.truncate()
                stale_t.insert(stale)


def forget(store, group_ids: Iterable[str]) -> None:
    """Drop groups from the index entirely (a DSGVO erasure: nothing of them may stay)."""
    for shard, ids in sorted(_shards(store, group_ids).items()):
        with _shard_tx(store, shard) as db:
            records = _records(db)
            if any(g in records for g in ids):
                _write_records(db, {g: r for g, r in records.items() if g not in ids})
            stale_t = db.table("stale")
            stale = dict(stale_t.get(doc_id=1) or {})
            if any(g in stale for g in ids):
                stale_t.truncate()
                stale_t.insert({g: v for g, v in stale.items() if g not in ids})


def read(
    store, missing_ok: bool = False, shards: Iterable[int] | None = None
) -> tuple[dict[str, list[Contact]], set[str]] | None:
    """Group id → its indexed contacts, and the stale groups; None when a shard is
    unreadable, or missing unless `missing_ok` (an indexed store writes a shard when its
    first contact comes): the caller then reads the contacts files."""
    contacts: dict[str, list[Contact]] = {}
    stale: set[str] = set()
    dates = store._dates
    # A shard read before in this process is read again only when its signature changed:
    # `kontakt log` asks for the due date after its save, which changed one shard of 32.
    cache: dict[int, tuple] | None = getattr(store, "_status_cache", None)
    if cache is None:
        cache = store._status_cache = {}
    for shard in range(store.shards) if shards is None else sorted(shards):
        path = status_path(store.root, shard)
        held = cache.get(shard)
        if held is not None and held[0] == signature(path):
            if held[1] is None:  # written by this process (`_shard_tx`), not parsed yet
                held = cache[shard] = (held[0], *_parts(held[2], dates))
            part, part_stale = held[1], held[2]
        else:
            cache.pop(shard, None)
            found: list = []
            try:
                doc = read_document(path, KIND, found=found)
            except StoreFileError as exc:
                if missing_ok and exc.problem == "fehlt":
                    cache[shard] = (None, {}, set())  # still missing while it stats as missing
                    continue
                return None
            part, part_stale = _parts(doc, dates)
            cache[shard] = (found[0], part, part_stale)
        contacts.update(part)  # the lists are shared with the cache: callers must not change them
        stale |= part_stale
    return contacts, stale


def read_older(store, before: str) -> tuple[dict[str, list[Contact]], set[str]] | None:
    """As `read`, but only the entries dated before `before` (ISO) are built: what the
    picture without closed years (open_years.py) takes from the index. A shard is parsed
    again only when its signature changed; None when a shard cannot be read."""
    cache: dict[int, tuple] | None = getattr(store, "_status_older", None)
    if cache is None:
        cache = store._status_older = {}
    contacts: dict[str, list[Contact]] = {}
    stale: set[str] = set()
    dates = store._dates
    for shard in range(store.shards):
        path = status_path(store.root, shard)
        held = cache.get(shard)
        if held is None or held[1] != before or held[0] != signature(path):
            found: list = []
            try:
                doc = read_document(path, KIND, found=found)
            except StoreFileError as exc:
                if exc.problem != "fehlt":
                    return None
                cache[shard] = (None, before, {}, set())
                continue
            part = {}
            for record in doc.get("groups", {}).values():
                group = record["group"]
                old = [Contact.from_json(k["c"], dates, group) for k in record["keys"].values() if k["c"]["date"] < before]
                if old:
                    part[group] = old
            held = cache[shard] = (found[0], before, part, set((doc.get("stale") or {}).get("1") or {}))
        contacts.update(held[2])  # shared with the cache: callers must not change the lists
        stale |= held[3]
    return contacts, stale


def _parts(doc: dict, dates: dict) -> tuple[dict[str, list[Contact]], set[str]]:
    """A shard's contacts by group and its stale groups."""
    part = {}
    for record in doc.get("groups", {}).values():
        group = record["group"]
        part[group] = [Contact.from_json(k["c"], dates, group) for k in record["keys"].values()]
    return part, set((doc.get("stale") or {}).get("1") or {})


def rebuild(store) -> int:
    """Build the whole index from the contacts files (`kontakt reindex`, doctor --aufraeumen);
    returns the count of groups indexed. Each contacts file is read under its lock, so a
    pending token seen then was left by a crashed writer and is cleared once the index holds
    what the file holds; entries a colleague folded in meanwhile from a newer revision stay."""
    from . import manifest

    built: dict[str, dict] = defaultdict(dict)
    read_rev: dict[str, int] = {}
    dead_tokens: list[str] = []
    gone = set(erased.tombstones(store.root))
    for path in store.contact_files():
        rel = path.relative_to(store.root).as_posix()
        with locked(lock_path(store.root / "locks", rel), user=store.user):
            doc = read_document(path, "contacts")
            found = manifest.read(store.root)
            if found is not None:
                dead_tokens += [t for t, r in found["pending"].items() if r == rel]
        revision = int(meta(doc).get("revision", 0))
        read_rev[rel] = revision
        for c in doc.get("contacts", {}).values():
            if c.get("group") not in gone:
                fold(built[c["group"]], c, revision)
    for shard in range(store.shards):
        with _shard_tx(store, shard) as db:
            gone = set(erased.tombstones(store.root))  # an erasure since the files were read
            current = _records(db)
            records = {}
            for g, keys in built.items():
                if store.shard_of(g) == shard and g not in gone:
                    records[g] = {"group": g, "keys": dict(keys)}
            for g, record in current.items():
                for entry in record["keys"].values():
                    c = entry["c"]
                    rel = store.contacts_path(int(c["date"][:4]), c["by"]).relative_to(store.root).as_posix()
                    if entry["r"] > read_rev.get(rel, -1) and g not in gone:
                        target = records.setdefault(g, {"group": g, "keys": {}})
                        fold(target["keys"], c, entry["r"])
            _write_records(db, records)
            db.table("stale").truncate()
            db.table("stale").insert({})
    manifest.set_indexed(store.root, store.user, dead_tokens)
    return len(built)

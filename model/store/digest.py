"""Per-advisor digests: an advisor's start reads one small file instead of every shard.

    digests/KÜRZEL.json   for each groups shard (master/groups-NN.json): the signature of the
                          shard it was taken from and the records of the advisor's groups in
                          it; for each status shard (status/status-NN.json): its signature,
                          the group ids it was filtered for and their index entries

An advisor's picture (`load(scope=…, advisor=…)`) holds only the groups the advisor leads or
co-cares (`interface.serves`), as on PostgreSQL. Reading the 64 shards of 20,000 groups for
them costs 54 MB and more than a second on a share; the digest holds the same records for
about 700 groups. It is a cache, never the truth: each part is used only while its shard has
the signature the part was taken from (the same equality test as the in-process cache of
every file, `files.signature`). A changed shard's part is brought up to date from the shard's
change journal (journal.py: a few kilobytes that say which groups a colleague's write changed
and how) when the journal reaches back to the part's signature; otherwise the shard is read
again and its part replaced. A status part is also read again when the advisor has a group
in that shard the part was not filtered for (a group that came into the portfolio). So a
start stats the shards (64 round trips) and reads the digest, the manifest, the
configuration and the staff list — not 54 MB.

Each advisor's process writes only its own digest, by atomic replace and without a lock:
two processes of one advisor writing at once leave one complete digest, and each part of it
is checked against its shard's signature at the next read anyway. A digest that cannot be
read (damaged, another format, another shard count) or written (a read-only share) costs
speed, never data: the shards are read as without one. A DSGVO erasure deletes every digest
(`drop_all`), since they hold copies of group records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..entities import Contact, Group
from . import journal, status
from .files import StoreError, StoreFileError, delete_files_in, new_document, read_document, signature, write_document
from .group_records import parse_groups
from .interface import serves
from .records import check_tables

DIR = "digests"
KIND = "digest"
FORMAT = 1


def digest_path(root: Path, user: str) -> Path | None:
    """The advisor's digest; None for a Kürzel that cannot name a file (never written)."""
    from .store import valid_code  # store imports this module

    return root / DIR / f"{user}.json" if valid_code(user) else None


def drop_all(root: Path) -> int:
    """Delete every digest (they are rebuilt at the next start); returns how many."""
    return delete_files_in(root / DIR)


@dataclass
class Mine:
    """An advisor's part of the store: their groups and, when asked, their status entries."""

    groups: dict[str, Group]
    indexed: dict[str, list[Contact]] | None = None
    stale: set[str] = field(default_factory=set)
    live: set[str] = field(default_factory=set)
    """Ids merged into the user's groups that are live groups again (their contacts stay theirs)."""
    rewritten: bool = False
    """Whether a part was taken from a shard (the digest was missing or out of date)."""


def read_mine(store, user: str, with_status: bool) -> Mine | None:
    """The user's groups (and status entries) by the digest, reading only changed shards and
    saving the digest when any part was renewed. None when the user has no digest file name.
    Raises StoreFileError for a shard that cannot be read, like a load."""
    path = digest_path(store.root, user)
    if path is None:
        return None
    held = _held(path, user, store.shards)
    mine = Mine({})
    sources = [store.shard_path(shard) for shard in range(store.shards)]
    sigs = {p.name: signature(p) for p in sources}
    all_ids: dict[int, set[str]] = {}  # of the shards read now
    for shard, source in enumerate(sources):
        part = held["master"].get(str(shard))
        if sigs[source.name] is None:  # no group in this shard (yet)
            all_ids[shard] = set()
            if part != [None, [], [], []]:
                held["master"][str(shard)] = [None, [], [], []]
                mine.rewritten = True
            continue
        if part is not None and _same(part[0], sigs[source.name]):
            try:
                mine.groups.update((g.id, g) for g in _parsed(source, {"groups": dict(enumerate(part[1]))}))
                continue
            except StoreFileError:
                pass  # a record the digest should never hold: the shard answers, the part is renewed
        groups = _caught_up_master(store, held, shard, source, sigs[source.name], user)
        if groups is None:
            groups = _renew_master(held, shard, source, user, all_ids)
        mine.groups.update((g.id, g) for g in groups)
        mine.rewritten = True
    # A group merged into one of the user's counts its contacts there unless it lives again
    # (a merge undone by hand): whether it lives is asked of its shard, once per id.
    merged = {m.id for g in mine.groups.values() for m in g.merged} - mine.groups.keys()
    for shard, ids in sorted(_by_shard(store, merged).items()):
        part = held["master"][str(shard)]
        if shard not in all_ids and not ids <= set(part[2]):
            _renew_master(held, shard, store.shard_path(shard), user, all_ids)
            mine.rewritten = True
        if shard in all_ids:
            part = held["master"][str(shard)]
            part[2], part[3] = sorted(ids | set(part[2])), sorted((ids | set(part[2])) & all_ids[shard])
        mine.live |= ids & set(held["master"][str(shard)][3])
    if with_status:
        mine.indexed = {}
        dates = store._dates
        wanted = _by_shard(store, mine.groups.keys() | (merged - mine.live))
        paths = {shard: status.status_path(store.root, shard) for shard in wanted}
        sigs = {p.name: signature(p) for p in paths.values()}
        for shard, ids in sorted(wanted.items()):
            source = paths[shard]
            part = held["status"].get(str(shard))
            found = None
            if part is not None and _same(part[0], sigs[source.name]) and ids <= set(part[1]):
                found = _status_contacts(part, ids, dates)  # None: a broken entry, the shard answers
            if found is None and (caught := _caught_up_status(store, part, source, sigs[source.name], ids)):
                part = held["status"][str(shard)] = caught
                mine.rewritten = True
                found = _status_contacts(part, ids, dates)
            if found is None:
                part = held["status"][str(shard)] = _status_part(source, ids)
                mine.rewritten = True
                found = _status_contacts(part, ids, dates)
                if found is None:
                    raise StoreFileError(source, "enthält einen ungültigen Eintrag")
            mine.indexed.update(found)
            mine.stale |= ids & set(part[3])
    if mine.rewritten:
        _save(path, held)
    return mine


def read_group(store, user: str, number: str) -> Group | None:
    """The user's group with `number` by the digest, asking only the shard that holds it —
    one stat, not 32 (`kontakt log` needs one group, not the portfolio). The number does not
    name the shard (`Store.shard_of` hashes the group's id); the digest's part that holds the
    group's record does. A part whose shard changed is renewed from the shard (and the digest
    saved) before it answers. None when no part holds a group with that number (a colleague's
    group, one new in the portfolio, a number merged into a group, no digest yet): the caller
    loads the user's picture as before. Raises StoreFileError for a shard that cannot be read."""
    from ..group_numbers import normalise_number

    path = digest_path(store.root, user)
    if path is None:
        return None
    held = _held(path, user, store.shards)
    wanted = normalise_number(number)
    for key, part in held["master"].items():
        if not any(isinstance(r, dict) and normalise_number(str(r.get("number", ""))) == wanted for r in part[1]):
            continue
        if not (key.isdigit() and int(key) < store.shards):
            return None
        shard = int(key)
        source = store.shard_path(shard)
        groups, sig = None, signature(source)
        if part[0] is not None and _same(part[0], sig):
            try:
                groups = _parsed(source, {"groups": dict(enumerate(part[1]))})
            except StoreFileError:
                pass  # a record the digest should never hold: the shard answers, the part is renewed
        if groups is None:
            groups = _caught_up_master(store, held, shard, source, sig, user)
            if groups is None:
                groups = _renew_master(held, shard, source, user, {})
            _save(path, held)
        found = [g for g in groups if normalise_number(g.number) == wanted]
        return found[0] if len(found) == 1 else None
    return None


def _status_contacts(part: list, ids: set[str], dates: dict) -> dict[str, list[Contact]] | None:
    """The contacts of a status part for `ids`; None when an entry cannot be built (in a
    digest: renewed from the shard; a shard's own entries passed its record checks)."""
    try:
        records = part[2]
        return {g: [Contact.from_json(k["c"], dates, g) for k in records[g].values()] for g in ids if records.get(g)}
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _by_shard(store, ids: Iterable[str]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for group_id in ids:
        found.setdefault(store.shard_of(group_id), set()).add(group_id)
    return found


def _renew_master(held: dict, shard: int, source: Path, user: str, all_ids: dict[int, set[str]]) -> list[Group]:
    """Read one groups shard again: its part of the digest renewed (the ids asked about
    whether they live answered anew), its ids noted in `all_ids`; the user's groups in it."""
    sig, records, groups, ids = _master_part(source, user)
    probed = held["master"].get(str(shard), [None, [], [], []])[2]
    held["master"][str(shard)] = [list(sig), records, probed, sorted(set(probed) & ids)]
    all_ids[shard] = ids
    return groups


def _caught_up_master(store, held: dict, shard: int, source: Path, sig, user: str) -> list[Group] | None:
    """The user's groups of a shard that changed since its part was taken, the part brought
    to `sig` by the shard's journal (renewed in place); None when the journal cannot tell or
    a record it holds is unusable (the shard is read, and names the culprit)."""
    part = held["master"].get(str(shard))
    chain = _chain(store, part, source, sig)
    if chain is None:
        return None
    changed: dict[str, dict | None] = {}
    for entry in chain:
        changed.update(entry["records"])
    try:
        records = {r.get("id"): r for r in part[1]}
        for group_id, record in changed.items():
            records.pop(group_id, None)
            if record is not None and serves(_parsed(source, {"groups": {"1": record}})[0], user):
                records[group_id] = record
        groups = _parsed(source, {"groups": dict(enumerate(records.values()))})
    except (StoreFileError, AttributeError):
        return None  # (a digest record that is no mapping)
    probed = set(part[2])
    live = (set(part[3]) - changed.keys()) | {g for g, r in changed.items() if r is not None and g in probed}
    held["master"][str(shard)] = [list(sig), list(records.values()), part[2], sorted(live)]
    return groups


def _chain(store, part: list | None, source: Path, sig) -> list[dict] | None:
    """The journal's entries from a digest part's signature to the shard's `sig`; None when
    the part is not behind its shard (at `sig` already: its records failed, the shard answers)
    or the journal cannot tell."""
    if part is None or part[0] is None or sig is None or _same(part[0], sig):
        return None
    return journal.changes(store.root, source, tuple(part[0]), sig)


def _caught_up_status(store, part: list | None, source: Path, sig, ids: set[str]) -> list | None:
    """A status part that covers `ids`, brought to `sig` by the shard's journal; None when
    it does not cover them or the journal cannot tell."""
    chain = _chain(store, part, source, sig) if part is not None and ids <= set(part[1]) else None
    if chain is None:
        return None
    wanted = set(part[1])
    records, stale = dict(part[2]), set(part[3])
    for entry in chain:
        for group_id, record in entry["records"].items():
            if group_id not in wanted:
                continue
            if record is None:
                records.pop(group_id, None)
            elif isinstance(record.get("keys"), dict):
                records[group_id] = record["keys"]
            else:
                return None
        if journal.STALE in entry:
            stale = set(entry[journal.STALE]) & wanted
    return [list(sig), part[1], records, sorted(stale)]


def _held(path: Path, user: str, shards: int) -> dict:
    empty = {"format": FORMAT, "user": user, "shards": shards, "master": {}, "status": {}}
    try:
        doc = read_document(path, KIND, records=False)
        held = doc["digest"]["1"]
    except (StoreFileError, KeyError, TypeError):
        return empty
    if not isinstance(held, dict) or (held.get("format"), held.get("user"), held.get("shards")) != (FORMAT, user, shards):
        return empty
    master, status_parts = held.get("master"), held.get("status")
    if not isinstance(master, dict) or not isinstance(status_parts, dict):
        return empty
    shapes = [(p, (list, list, list)) for p in master.values()] + [(p, (list, dict, list)) for p in status_parts.values()]
    if not all(_shaped(p, kinds) for p, kinds in shapes):
        return empty  # not written by this code: none of it is used
    return held


def _shaped(part, kinds: tuple) -> bool:
    """[signature or None, …] with the containers `kinds` after the signature."""
    if not isinstance(part, list) or len(part) != 4:
        return False
    sig = part[0]
    if sig is not None and not (isinstance(sig, list) and len(sig) == 3 and all(type(x) is int for x in sig)):
        return False
    return all(isinstance(x, kind) for x, kind in zip(part[1:], kinds))


def _same(held, sig) -> bool:
    """Whether a part's signature (a JSON list, or None for a shard not there) is `sig`."""
    return (None if held is None else tuple(held)) == sig


def _master_part(source: Path, user: str) -> tuple[tuple, list[dict], list[Group], set[str]]:
    """(signature, the user's records, their groups, every group id) of one groups shard,
    every record of it checked as a load checks it (errors name the shard and record)."""
    found: list = []
    doc = read_document(source, "groups", found=found, records=False)
    check_tables(source, doc)
    records = list(doc.get("groups", {}).values())
    groups = _parsed(source, doc)
    keep = [i for i, g in enumerate(groups) if serves(g, user)]
    return found[0], [records[i] for i in keep], [groups[i] for i in keep], {g.id for g in groups}


def _parsed(source: Path, doc: dict) -> list[Group]:
    try:
        return parse_groups(source, doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # as `Store._read` names it
        raise StoreFileError(source, f"enthält einen ungültigen Eintrag ({exc!r})") from exc


def _status_part(source: Path, ids: Iterable[str]) -> list:
    """[signature, ids, {group: keys}, stale ids] of one status shard for the wanted ids."""
    ids = sorted(ids)
    found: list = []
    try:
        doc = read_document(source, status.KIND, found=found)
    except StoreFileError as exc:
        if exc.problem != "fehlt":
            raise
        return [None, ids, {}, []]
    wanted = set(ids)
    records = {r["group"]: r["keys"] for r in doc.get("groups", {}).values() if r["group"] in wanted}
    stale = sorted(wanted & set((doc.get("stale") or {}).get("1") or {}))
    return [list(found[0]), ids, records, stale]


def _save(path: Path, held: dict) -> None:
    doc = new_document(KIND)
    doc["digest"] = {"1": held}
    try:
        # A cache: no fsync (a torn digest after a power cut fails its checksum and is
        # rebuilt), as the archive and the journals; the first start after a busy day
        # rewrites about 3 MB of it.
        write_document(path, doc, durable=False)
    except (OSError, StoreError):
        pass  # the next start reads the shards again

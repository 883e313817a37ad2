"""Closed years: what no start reads, and a card reads for one group when it opens.

    archive/JJJJ/NN.json   for a closed year and a groups shard (`Store.shard_of`): the contacts
                           of that year of the shard's groups, and the revisions of the year's
                           contacts files (contacts/JJJJ/*.json) they were taken from

A year is closed from 1 January two years after it (`first_open_year`): on 30.11.2026 the
open years are 2025 and 2026. Every rule of a working day looks at most twelve months back
(Soll/Ist, the team overview, care calls, inactivity); what decides a due date from a closed
year (a group last contacted three years ago) is in the status index (status.py). So the
app's picture (`Store.load(since=first_open_year(as_of))`) reads only the open years' contacts
files and, for older years, the status entries; a card asks for its group's older history
here (`closed_history`), one small shard per closed year instead of every advisor's file.

The archive is a copy, never the truth: contacts/JJJJ/*.json stay where they are, and every
write (a late log, a merge, an erasure, a restore) still goes there. A shard is used only
while the manifest shows each of the year's contacts files at the revision the shard was
taken from and no pending token names one of them (manifest.py: a contacts writer sets the
token before the replace and clears it with the new revision); otherwise the year's files
are read — the answer comes from them — and the year's shards are written again. Shards are
written by atomic replace without a lock: two PCs building one year write the same, and each
shard names its sources, so a shard of an older reading is recognised at the next look. A
store without a usable manifest has no archive: the year's files are read each time.

A DSGVO erasure deletes the whole archive (`drop_all`), and a builder that wrote a shard
holding a group erased meanwhile deletes it again (the erasure writes its tombstone first and
deletes the archive last, so one of the two removes it). A restored contacts file deletes its
year's archive (`drop_year`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..entities import Contact
from . import erased, manifest
from .files import StoreError, StoreFileError, delete_files_in, meta, new_document, read_document, write_document
from .transaction import lock_path, locked

DIR = "archive"
KIND = "archive"
OPEN_YEARS = 2
"""The current year and the one before: Soll/Ist over the last twelve months reaches into it."""


def first_open_year(as_of: date) -> int:
    """The oldest year whose contacts a working day's picture holds in full."""
    return as_of.year - OPEN_YEARS + 1


def shard_path(root: Path, year: int, shard: int) -> Path:
    return root / DIR / f"{year:04d}" / f"{shard:02d}.json"


def closed_years(root: Path, before: int) -> list[int]:
    """The years before `before` that have contacts files (one listing of contacts/)."""
    folder = root / "contacts"
    years = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.name.isdigit() and len(entry.name) == 4 and int(entry.name) < before and entry.is_dir():
            years.append(int(entry.name))
    return years


def closed_history(store, group_ids: Iterable[str], before: int) -> list[Contact]:
    """The contacts of `group_ids` (stored group ids: the caller adds those merged into a
    group) dated in the closed years before `before`. Reads one archive shard per year while
    it is current, else the year's contacts files (and writes the year's shards again).
    StoreFileError names a contacts file that cannot be read."""
    ids = set(group_ids)
    shards = sorted({store.shard_of(g) for g in ids})
    found = manifest.read(store.root)
    dates = store._dates
    result: list[Contact] = []
    for year in closed_years(store.root, before):
        sources = _sources(found, year)
        docs = [_current(shard_path(store.root, year, s), sources) for s in shards]
        if any(d is None for d in docs):
            by_shard, _ = _build_year(store, year, found)
            docs = [{"contacts": by_shard.get(s, {})} for s in shards]
        for doc in docs:
            result += [Contact.from_json(c, dates) for c in doc.get("contacts", {}).values() if c.get("group") in ids]
    return result


def rebuild(store, before: int) -> list[tuple[int, int, bool]]:
    """Write the shards of every closed year before `before` from its contacts files
    (`kontakt reindex`): so that no card pays for it. Per year (year, contacts, written);
    not written when a file of the year was being written meanwhile (the next card builds it)."""
    done = []
    for year in closed_years(store.root, before):
        _note_unlisted(store, year)
        found = manifest.read(store.root)
        by_shard, written = _build_year(store, year, found)
        done.append((year, sum(len(p) for p in by_shard.values()), written))
    return done


def _note_unlisted(store, year: int) -> None:
    """Note in the manifest the revision of each of the year's contacts files it does not
    list (a store from before the manifest, whose closed years nobody writes): else no shard
    of the year would ever match it. Read under the file's lock, so the revision noted is the
    file's, not one a colleague's save has just replaced."""
    found = manifest.read(store.root)
    if found is None:
        return
    folder = store.root / "contacts" / f"{year:04d}"
    for path in sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")):
        rel = path.relative_to(store.root).as_posix()
        if rel in found["files"]:
            continue
        with locked(lock_path(store.root / "locks", rel), user=store.user):
            try:
                revision = int(meta(read_document(path, "contacts")).get("revision", 0))
            except StoreFileError:
                continue  # named when a card reads the year
            manifest.note_written(store.root, store.user, {rel: revision})


def _sources(found: dict | None, year: int) -> dict[str, int] | None:
    """The revisions of the year's contacts files by the manifest; None when a shard cannot be
    trusted: no manifest, or a pending token names a file of the year (a write under way, or a
    crashed writer's)."""
    if found is None:
        return None
    prefix = f"contacts/{year:04d}/"
    if any(rel.startswith(prefix) for rel in found["pending"].values()):
        return None
    return {rel: rev for rel, rev in found["files"].items() if rel.startswith(prefix)}


def _current(path: Path, sources: dict[str, int] | None) -> dict | None:
    """The shard's document if it was taken from exactly `sources`, else None."""
    if sources is None:
        return None
    try:
        doc = read_document(path, KIND)
    except StoreFileError:
        return None
    held = (doc.get("sources") or {}).get("1")
    return doc if held == sources else None


def _build_year(store, year: int, found: dict | None) -> tuple[dict[int, dict[str, dict]], bool]:
    """Shard → {n: contact} of the year, read from its contacts files, and whether the shards
    were written: when the files read are those the manifest shows (nothing written in between)."""
    folder = store.root / "contacts" / f"{year:04d}"
    by_shard: dict[int, dict[str, dict]] = defaultdict(dict)
    read: dict[str, int] = {}
    for path in sorted(p for p in folder.glob("*.json") if not p.name.startswith(".")):
        try:
            doc = read_document(path, "contacts")
        except StoreFileError as exc:
            if exc.problem == "fehlt":
                continue  # removed since it was listed
            raise
        read[path.relative_to(store.root).as_posix()] = int(meta(doc).get("revision", 0))
        for c in doc.get("contacts", {}).values():
            part = by_shard[store.shard_of(c["group"])]
            part[str(len(part) + 1)] = c
    written = _sources(found, year) == read and _write_year(store, year, by_shard, read)
    return by_shard, written


def _write_year(store, year: int, by_shard: dict[int, dict[str, dict]], sources: dict[str, int]) -> bool:
    gone = set(erased.tombstones(store.root))
    written = []
    try:
        shard_path(store.root, year, 0).parent.mkdir(parents=True, exist_ok=True)
        for shard in range(store.shards):
            contacts = {n: c for n, c in by_shard.get(shard, {}).items() if c.get("group") not in gone}
            doc = new_document(KIND)
            doc["sources"] = {"1": sources}
            doc["contacts"] = contacts
            path = shard_path(store.root, year, shard)
            write_document(path, doc, durable=False)  # a copy: a torn one fails its checksum
            written.append((path, {c.get("group") for c in contacts.values()}))
    except (OSError, StoreError):
        return False  # a copy: the next card reads the files again
    # An erasure since `gone` was read: its tombstone is there now, or it drops the archive
    # after this (it deletes the archive last).
    gone = set(erased.tombstones(store.root))
    for path, groups in written:
        if groups & gone:
            path.unlink(missing_ok=True)
    return True


def drop_year(root: Path, year: int) -> None:
    delete_files_in(root / DIR / f"{year:04d}")


def drop_all(root: Path) -> int:
    """Delete the whole archive (it is built again when a card needs it); returns the count
    of files deleted."""
    folder = root / DIR
    years = sorted(folder.glob("*")) if folder.is_dir() else []
    return sum(delete_files_in(year) for year in years if year.is_dir() and not year.is_symlink())

"""The manifest: one small file that says which data file was written last at which revision.

    manifest.json   files:   {"master/groups-03.json": 17, "contacts/2026/KBA.json": 41, …}
                    pending: {TOKEN: "contacts/2026/KBA.json", …}

Every write of a data file notes the file's new revision here, under the manifest's own lease
lock and by atomic replace (after the data file, still under the data file's lock; the lock
order is always data file → status shard → manifest, never the other way). Readers that poll
for colleagues' changes read this one file instead of stat'ing every data file; the manifest's
own revision is a change counter.

`pending` makes the status index (status.py) safe against a crash: a writer of a contacts file
adds a token naming the file *under the file's lock, before replacing it*, and removes it only
after the status shards hold the new contacts. A token that stays (a PC crashed in between)
tells readers to read that one contacts file themselves instead of trusting the status. Under
a contacts file's lock no other writer of that file is in flight, so a writer may also clear
tokens its crashed predecessors left for the same file once its own status update is done.

The manifest is a hint for speed only where it is safe to be one: a missing or unreadable
manifest makes readers fall back to reading (or stat'ing) everything.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from .files import StoreError, StoreFileError, meta, read_document
from .transaction import StoreBusyError, lock_path, transaction

NAME = "manifest.json"
KIND = "manifest"


def manifest_path(root: Path) -> Path:
    return root / NAME


def read(root: Path) -> dict | None:
    """{"revision": n, "files": {rel: rev}, "pending": {token: rel}} or None when there is
    no usable manifest (an old store, a damaged file): the caller reads everything."""
    try:
        doc = read_document(manifest_path(root), KIND)
    except StoreFileError:
        return None
    return {
        "revision": int(meta(doc).get("revision", 0)),
        "files": dict((doc.get("files") or {}).get("1") or {}),
        "pending": dict((doc.get("pending") or {}).get("1") or {}),
        "indexed": bool(((doc.get("index") or {}).get("1") or {}).get("status")),
    }


AFTER_SAVE_WAIT = 2.0
"""Seconds a bookkeeping step after a save waits for a lock (manifest, status shard): the data
is saved already and a skipped step only delays what others see (the sweep finds it within a
minute; a left token makes readers read the file), while the shipped 20 s wait behind a
paused colleague's lock made every save of the store wait and then warn."""


def _change(root: Path, user: str, change, timeout: float | None = None) -> None:
    path = manifest_path(root)
    lock = lock_path(root / "locks", NAME)
    with transaction(path, KIND, lock, timeout, user=user) as db:
        files_t, pending_t = db.table("files"), db.table("pending")
        files = dict(files_t.get(doc_id=1) or {})
        pending = dict(pending_t.get(doc_id=1) or {})
        new_files, new_pending = change(dict(files), dict(pending))
        if new_files != files:
            files_t.truncate()
            files_t.insert(new_files)
        if new_pending != pending:
            pending_t.truncate()
            pending_t.insert(new_pending)


def mark_pending(root: Path, user: str, rels: list[str], stale: set[str] | None = None) -> list[str]:
    """Add one token per file about to be replaced; returns the tokens. Files that already
    had a token (an earlier writer's index update did not happen) are added to `stale`: their
    writer folds the whole file into the index, not only what it changed."""
    tokens = [secrets.token_hex(8) for _ in rels]

    def change(files, pending):
        if stale is not None:
            stale.update(set(rels) & set(pending.values()))
        pending.update(zip(tokens, rels))
        return files, pending

    _change(root, user, change)
    return tokens


def note_written(root: Path, user: str, revisions: dict[str, int], clear_files: set[str] = frozenset(), tokens=()) -> None:
    """Record the new revisions; remove `tokens` and every token naming a file in
    `clear_files` (only ever called under those files' locks, after their status update)."""

    def change(files, pending):
        files.update(revisions)
        pending = {t: rel for t, rel in pending.items() if t not in tokens and rel not in clear_files}
        return files, pending

    _change(root, user, change, AFTER_SAVE_WAIT)


def set_indexed(root: Path, user: str, dead_tokens=()) -> None:
    """The status index was built from every contacts file: readers may use it. Tokens
    of crashed writers whose files the build read are cleared."""
    dead = set(dead_tokens)
    path = manifest_path(root)
    with transaction(path, KIND, lock_path(root / "locks", NAME), user=user) as db:
        index = db.table("index")
        if not (index.get(doc_id=1) or {}).get("status"):
            index.truncate()
            index.insert({"status": True})
        pending_t = db.table("pending")
        pending = dict(pending_t.get(doc_id=1) or {})
        if dead & set(pending):
            pending_t.truncate()
            pending_t.insert({t: r for t, r in pending.items() if t not in dead})


def clear_tokens(root: Path, user: str, tokens) -> None:
    tokens = set(tokens)
    if tokens:
        _change(
            root, user, lambda files, pending: (files, {t: r for t, r in pending.items() if t not in tokens}), AFTER_SAVE_WAIT
        )


def safely(warnings: list[str], action, *args, **kwargs):
    """Run a manifest update after the data is saved: a failure does not undo the save (the
    data file is the truth; a left token makes readers read that file); it is reported,
    except a lock held by a colleague beyond the short wait."""
    try:
        return action(*args, **kwargs)
    except StoreBusyError:
        return None  # a colleague holds it: harmless and passing, see AFTER_SAVE_WAIT
    except (OSError, StoreError) as exc:
        warnings.append(f"Änderungsverzeichnis {NAME} nicht aktualisiert ({exc}); die Änderung ist gespeichert.")
        return None

"""What every write of a data file does besides the write: note it in the manifest and, for a
contacts file, keep the status index current (status.py, manifest.py).

A contacts write, all under the contacts file's lock:
1. when the file changes, before its temp file is written: a pending token for the file goes
   into the manifest (the write is abandoned, nothing saved, when that fails);
2. after the replace: the contacts added or changed are folded into the status shards, then
   the manifest gets the file's new revision and loses the file's tokens.
A failure after the replace does not undo the save; the token stays, so readers read that
file themselves, and the failure is reported in `warnings`.

Bulk writes of many contacts files (`deferred`) fold everything once at the end, shard by
shard, instead of once per file; they then clear only their own tokens.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import orjson

from . import manifest, status
from .files import StoreError, meta
from .transaction import StoreBusyError


class WriteState:
    """One transaction's bookkeeping between the read and the replace."""

    def __init__(self, path: Path, rel: str, kind: str) -> None:
        self.path, self.rel, self.kind = path, rel, kind
        self.before: dict[str, tuple[str, bytes]] = {}
        self.tokens: list[str] = []
        self.stale = False  # an earlier writer of this file left its index update undone
        self.written = False


class IndexHooksMixin:
    root: Path
    user: str
    warnings: list[str]
    _deferred: list | None = None

    def _index_read(self, state: WriteState, doc: dict) -> None:
        if state.kind != "contacts":
            return
        state.before = {c.get("id"): (c.get("group"), orjson.dumps(c)) for c in doc.get("contacts", {}).values()}

    def _index_pending(self, state: WriteState) -> None:
        """Right before a contacts file is replaced (only when it changes)."""
        if state.kind == "contacts":
            stale: set[str] = set()
            state.tokens = manifest.mark_pending(self.root, self.user, [state.rel], stale)
            state.stale = bool(stale)

    def _index_written(self, state: WriteState, data: dict) -> None:
        state.written = True
        revision = int(meta(data).get("revision", 0))
        if state.kind != "contacts":
            manifest.safely(self.warnings, manifest.note_written, self.root, self.user, {state.rel: revision})
            return
        added, left, seen = [], set(), set()
        for c in data.get("contacts", {}).values():
            cid = c.get("id")
            seen.add(cid)
            old = state.before.get(cid)
            # A stale file: every contact, the earlier writer's too (folding is idempotent).
            if old is None or state.stale or old[1] != orjson.dumps(c):
                added.append(c)
                if old is not None and old[0] != c.get("group"):
                    left.add(old[0])  # moved to another group (merge)
        left |= {group for cid, (group, _) in state.before.items() if cid not in seen}
        if self._deferred is not None:
            self._deferred.append((added, revision, left, state))
            return
        try:
            status.update(self, added, revision, left)
        except StoreBusyError:
            return  # the token stays: readers read this file, its next writer folds it whole
        except (OSError, StoreError) as exc:
            self.warnings.append(f"Statusverzeichnis nicht aktualisiert ({exc}); der Kontakt ist gespeichert.")
            return
        # Under this file's lock nobody else writes it: tokens naming it are ours or dead.
        manifest.safely(self.warnings, manifest.note_written, self.root, self.user, {state.rel: revision}, {state.rel})

    def _after_replace_by_hand(self, path: Path, revision: int) -> None:
        """A restore or an accepted hand edit replaced a file outside a transaction: pollers
        learn it from the manifest; a contacts file may have lost or changed contacts, so the
        status index is rebuilt (rare, an administrator's step)."""
        rel = path.relative_to(self.root).as_posix()
        manifest.safely(self.warnings, manifest.note_written, self.root, self.user, {rel: revision})
        if path.parent.parent == self.root / "contacts":
            from . import archive

            if path.parent.name.isdigit():
                archive.drop_year(self.root, int(path.parent.name))  # its copy may name the same revision
            try:
                status.rebuild(self)
            except (OSError, StoreError) as exc:
                self.warnings.append(f"Statusverzeichnis nicht neu aufgebaut ({exc}); bitte kontakt reindex.")

    def _index_abandoned(self, state: WriteState) -> None:
        if state.tokens and not state.written:
            manifest.safely(self.warnings, manifest.clear_tokens, self.root, self.user, state.tokens)

    @contextmanager
    def deferred_index(self):
        """Bulk writes: fold the status index once for all files written inside."""
        if self._deferred is not None:
            yield
            return
        self._deferred = []
        try:
            yield
        finally:
            done, self._deferred = self._deferred, None
            if done:
                self._flush_deferred(done)

    def _flush_deferred(self, done: list) -> None:
        added = [c for a, _, _, _ in done for c in a]
        # One revision per contact: the one of the file it came from.
        by_rev: dict[int, list[dict]] = {}
        for a, revision, _, _ in done:
            by_rev.setdefault(revision, []).extend(a)
        left = set().union(*(lft for _, _, lft, _ in done))
        try:
            if added or left:
                status.update_many(self, by_rev, left)
        except StoreBusyError:
            return  # the tokens stay: readers read these files, their next writers fold them whole
        except (OSError, StoreError) as exc:
            self.warnings.append(f"Statusverzeichnis nicht aktualisiert ({exc}); die Kontakte sind gespeichert.")
            return
        revisions = {state.rel: revision for _, revision, _, state in done}
        tokens = [t for *_, state in done for t in state.tokens]
        manifest.safely(self.warnings, manifest.note_written, self.root, self.user, revisions, frozenset(), tokens)

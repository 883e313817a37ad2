"""Reading only what a command shows: `Store.load(scope=...)`, a mixin of `Store`.

    scope None       everything (reports over periods, the team overview, the app)
    scope "master"   configuration, advisors and groups; no contacts at all (`kontakt log`)
    scope "status"   master data plus, per group, the contacts of the status index
                     (status.py): enough for `due_list` and `inactive_groups` on any day on
                     or after the newest of them — not a group's history

A "status" picture has `complete` False. It falls back to the full load when the index cannot
be trusted: no manifest or never indexed (an old store: `kontakt reindex`), a status shard
unreadable, or a live group marked stale. A contacts file with a pending token (a writer
crashed between the file and the index, or is just writing it) is read whole and its
contacts are added to the picture, so nothing saved is missing.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import Config, default_config_json
from ..entities import Contact, Group
from ..institute import Institute
from . import manifest, status
from .files import StoreFileError, read_document, signature

SCOPES = (None, "master", "status")
SWEEP_EVERY = 12
"""Every 12th refresh (once a minute at a 5-s poll) stats every file as before: a write the
manifest missed (a PC crashed right after its save, a restore, an older kontakt) shows
within a minute."""


@contextmanager
def bulk_load() -> Iterator[None]:
    """No cyclic GC while a picture is parsed. Parsing 250,000 contacts (or 20,000 groups and
    85,000 status entries) creates millions of objects; the cyclic GC would scan them again
    and again although none of them form cycles. Freezing them afterwards keeps later
    collections from walking the whole picture. Nested uses leave enabling to the outermost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class LeanLoadMixin:
    root: Path

    def master_files(self) -> list[Path]:
        found = [self.config_path, self.organisation_path]
        found += sorted(p for p in (self.root / "master").glob("groups-*.json") if not p.name.startswith("."))
        return found

    def contact_files(self) -> list[Path]:
        return sorted(p for p in (self.root / "contacts").glob("*/*.json") if not p.name.startswith("."))

    _contacts_read = False

    def _load_scoped(self, scope: str, tolerant: bool) -> Institute:
        with bulk_load():
            return self._load_scoped_now(scope, tolerant)

    def _load_scoped_now(self, scope: str, tolerant: bool) -> Institute:
        # `load` has just read the manifest (`_remember_manifest`): one read, not two.
        found = getattr(self, "_manifest_seen", None) if scope == "status" else None
        if scope == "status" and (found is None or not found["indexed"]):
            self.lean_fallback = "Statusverzeichnis fehlt (kontakt reindex)"
            return self.load(tolerant=tolerant)
        master = self.master_files()
        changed = [p for p in master if p not in self._cache or self._cache[p][0] != signature(p)]
        changed += [p for p in self._cache if not self._is_contacts(p) and p not in master]
        changed = [p for p in changed if p not in self._bad or self._bad[p][0] != signature(p)]
        self._reload(changed, tolerant, build=False)
        config = self._cache[self.config_path][1] if self.config_path in self._cache else None
        config = config if config is not None else Config.from_json(default_config_json())
        advisors = {a.code: a for a in self._cache.get(self.organisation_path, (None, []))[1]}
        groups: dict[str, Group] = {}
        for path in master[2:]:
            if path in self._cache:
                groups.update((g.id, g) for g in self._cache[path][1])
        if scope == "master":
            return Institute(config, advisors, groups, {}, False)
        by_group = self._indexed_contacts(found, groups)
        if by_group is None:
            return self.load(tolerant=tolerant)
        self.lean_fallback = ""
        return Institute(config, advisors, groups, by_group, False)

    def status_of(self, groups: Iterable[Group]) -> dict[str, list[Contact]] | None:
        """The status index's contacts of a few groups (and of the groups merged into them),
        reading only their shards (a shard read before in this process only if it changed)
        and the contacts files with a pending token: what `kontakt log` needs for the due
        date after its save. None when the index cannot be trusted: the caller loads."""
        groups = {g.id: g for g in groups}
        found = manifest.read(self.root)
        if found is None or not found["indexed"]:
            return None
        ids = set(groups) | {m.id for g in groups.values() for m in g.merged}
        with bulk_load():
            by_group = self._indexed_contacts(found, groups, {self.shard_of(i) for i in ids})
        return None if by_group is None else {g: v for g, v in by_group.items() if g in groups}

    def _indexed_contacts(self, found: dict, groups: dict[str, Group], shards=None) -> dict[str, list[Contact]] | None:
        """Group id → its contacts in the status index (of `shards`, default all) plus those
        of contacts files with a pending token, contacts of a merged-away group under the group
        it went into; None (and `lean_fallback` says why) when the index cannot be trusted."""
        indexed = status.read(self, missing_ok=True, shards=shards)
        if indexed is None or indexed[1] & groups.keys():
            self.lean_fallback = "Statusverzeichnis unvollständig (kontakt reindex)"
            return None
        by_group, _ = indexed
        for rel in sorted(set(found["pending"].values())):
            try:
                doc = read_document(self.root / rel, "contacts")
            except StoreFileError as exc:
                if exc.problem == "fehlt":
                    continue
                self.lean_fallback = f"{rel} nicht lesbar"
                return None
            for c in doc.get("contacts", {}).values():
                # a new list: the index's lists are shared with its cache (status.read)
                by_group[c["group"]] = [*by_group.get(c["group"], ()), Contact.from_json(c, self._dates)]
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups}
        contacts: dict[str, list[Contact]] = defaultdict(list)
        for group_id, items in by_group.items():
            contacts[merged_into.get(group_id, group_id)].extend(items)
        return dict(contacts)

    def _remember_manifest(self) -> None:
        self._manifest_seen = manifest.read(self.root)
        self._polls = 0

    def _manifest_changes(self) -> list[Path] | None:
        """The files to reread by the manifest: one small read instead of a stat per file.
        None when every file must be stat'ed (no manifest, or the periodic sweep)."""
        seen = getattr(self, "_manifest_seen", None)
        self._polls = getattr(self, "_polls", 0) + 1
        found = manifest.read(self.root)
        self._manifest_seen = found
        if found is None or seen is None or self._polls % SWEEP_EVERY == 0:
            return None
        if found["revision"] == seen["revision"]:
            return []
        known = {p.relative_to(self.root).as_posix() for p in self._cache}
        changed = []
        for rel, revision in found["files"].items():
            if seen["files"].get(rel) == revision:
                continue
            path = self.root / rel
            # Only what this picture holds: data files, contacts only when contacts were read.
            data = path in (self.config_path, self.organisation_path) or (
                path.parent.name == "master" and path.name.startswith("groups-")
            )
            if rel in known or data or (self._is_contacts(path) and self._contacts_read):
                changed.append(path)
        return [p for p in changed if p not in self._bad or self._bad[p][0] != signature(p)]

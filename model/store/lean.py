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

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..config import Config, default_config_json
from ..entities import Contact, Group
from ..institute import Institute
from . import digest, manifest, status
from .bulk_parse import bulk_load
from .files import StoreError, StoreFileError, read_document, signature
from .interface import Directory

SCOPES = (None, "master", "status")
SWEEP_EVERY = 12
"""Every 12th refresh (once a minute at a 5-s poll) stats every file as before: a write the
manifest missed (a PC crashed right after its save, a restore, an older kontakt) shows
within a minute."""


class LeanLoadMixin:
    root: Path

    def master_files(self) -> list[Path]:
        found = [self.config_path, self.organisation_path]
        found += sorted(p for p in (self.root / "master").glob("groups-*.json") if not p.name.startswith("."))
        return found

    def contact_files(self) -> list[Path]:
        return sorted(p for p in (self.root / "contacts").glob("*/*.json") if not p.name.startswith("."))

    _contacts_read = False
    _picture: tuple[str | None, str | None] = (None, None)
    """(scope, advisor) of the last load: what `refresh` reads again."""

    def _load_scoped(self, scope: str, tolerant: bool, advisor: str | None = None) -> Institute:
        with bulk_load():
            if advisor is not None:
                picture = self._load_mine(scope, tolerant, advisor)
                if picture is not None:
                    return picture
            return self._load_scoped_now(scope, tolerant)

    def _load_mine(self, scope: str, tolerant: bool, advisor: str) -> Institute | None:
        """The advisor's groups (and their status entries) through the advisor's digest
        (digest.py); None when the shards' path must answer instead: no usable index, a Kürzel
        not on the staff list, a shard that cannot be read (that path names it, or reads
        around it when tolerant), a stale group of the advisor."""
        found = getattr(self, "_manifest_seen", None) if scope == "status" else None
        if scope == "status" and (found is None or not found["indexed"]):
            return None
        config, advisors = self._config_and_staff([self.config_path, self.organisation_path], tolerant)
        if advisor not in advisors:
            return None  # a login not (yet) on the staff list: no digest file for it
        try:
            mine = digest.read_mine(self, advisor, with_status=scope == "status")
        except StoreFileError:
            return None
        if mine is None:
            return None
        if scope == "master":
            return Institute(config, advisors, mine.groups, {}, False)
        if mine.stale:
            return None
        by_group = self._indexed_contacts(found, mine.groups, indexed=(mine.indexed, mine.stale), live=mine.live)
        if by_group is None:
            return None
        self.lean_fallback = ""
        contacts = {g: items for g, items in by_group.items() if g in mine.groups}
        return Institute(config, advisors, mine.groups, contacts, False)

    def load_group(self, advisor: str, number: str) -> Institute | None:
        """`kontakt log`'s picture: the configuration, the staff list and, of the advisor's
        groups, the one with `number` only — by the advisor's digest, checking only that
        group's shard (digest.read_group). None when the digest does not name it (a
        colleague's group, no digest yet, …) or a file cannot be read: the caller loads the
        advisor's picture as before (which names any problem)."""
        with bulk_load():
            try:
                config, advisors = self._config_and_staff([self.config_path, self.organisation_path], self.tolerant)
                if advisor not in advisors:
                    return None
                group = digest.read_group(self, advisor, number)
            except StoreError:
                return None
        return None if group is None else Institute(config, advisors, {group.id: group}, {}, False)

    def group_directory(self, since: object | None = None, keep: Callable[[Group], Any] | None = None) -> Directory:
        """Every group as the search needs it, from the group shards: one read before and
        unchanged comes from the cache, which is left as it is (a refresh still sees what
        changed since the picture). StoreFileError names a shard that cannot be read. The
        token is the shards' signatures: unchanged, nothing is read (`groups` empty)."""
        seen = tuple((path, signature(path)) for path in self.master_files()[2:])
        if since == seen:
            return Directory(seen, [], False)
        groups: list = []
        with bulk_load():
            for path, sig in seen:
                cached = self._cache.get(path)
                if cached is None or cached[0] != sig:
                    cached = self._read_file(path)
                groups += cached[1] if keep is None else map(keep, cached[1])
        return Directory(seen, groups, True)

    def _config_and_staff(self, paths: list[Path], tolerant: bool, listed: bool = False) -> tuple[Config, dict]:
        """Read those of `paths` that changed since they were read (or were never read), and
        with `listed` forget cached master files no longer listed; the config and advisors."""
        changed = [p for p in paths if p not in self._cache or self._cache[p][0] != signature(p)]
        if listed:
            changed += [p for p in self._cache if not self._is_contacts(p) and p not in paths]
        changed = [p for p in changed if not self._still_bad(p)]
        self._reload(changed, tolerant, build=False)
        config = self._cache[self.config_path][1] if self.config_path in self._cache else None
        config = config if config is not None else Config.from_json(default_config_json())
        return config, {a.code: a for a in self._cache.get(self.organisation_path, (None, []))[1]}

    def _load_scoped_now(self, scope: str, tolerant: bool) -> Institute:
        # `load` has just read the manifest (`_remember_manifest`): one read, not two.
        found = getattr(self, "_manifest_seen", None) if scope == "status" else None
        if scope == "status" and (found is None or not found["indexed"]):
            self.lean_fallback = "Statusverzeichnis fehlt (kontakt reindex)"
            return self.load(tolerant=tolerant)
        master = self.master_files()
        config, advisors = self._config_and_staff(master, tolerant, listed=True)
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
        date after its save. None when the index cannot be trusted: the caller loads. A group
        merged into one of them that lives again (a merge undone by hand) keeps its contacts:
        whether it lives is asked of its groups shard."""
        groups = {g.id: g for g in groups}
        found = manifest.read(self.root)
        if found is None or not found["indexed"]:
            return None
        merged = {m.id for g in groups.values() for m in g.merged} - groups.keys()
        with bulk_load():
            live = {m for m in merged if m in self._group_ids(self.shard_of(m))}
            by_group = self._indexed_contacts(found, groups, {self.shard_of(i) for i in groups.keys() | merged}, live=live)
        return None if by_group is None else {g: v for g, v in by_group.items() if g in groups}

    def _group_ids(self, shard: int) -> set[str]:
        """The ids of the groups stored in one groups shard."""
        doc = read_document(self.shard_path(shard), "groups", records=False)
        return {record.get("id") for record in doc.get("groups", {}).values() if isinstance(record, dict)}

    def _indexed_contacts(
        self, found: dict, groups: dict[str, Group], shards=None, indexed=None, live=frozenset()
    ) -> dict[str, list[Contact]] | None:
        """Group id → its contacts in the status index (of `shards`, default all; or as
        `indexed` gives them) plus those of contacts files with a pending token, contacts of a
        merged-away group under the group it went into; None (and `lean_fallback` says why)
        when the index cannot be trusted. `live`: merged ids that are live groups outside
        `groups` (an advisor's picture), whose contacts stay their own."""
        if indexed is None:
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
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups and m.id not in live}
        contacts: dict[str, list[Contact]] = defaultdict(list)
        for group_id, items in by_group.items():
            contacts[merged_into.get(group_id, group_id)].extend(items)
        return dict(contacts)

    def renew_digest(self, advisor: str) -> bool:
        """Bring the advisor's digest up to date with the shards (digest.py) without touching
        this store's picture: the app does it every few minutes, so the next morning's start
        reads only what changed after the app was closed. Catches up on the shards changed
        since the last renewal from their journals and reads only those it cannot
        (journal.py). False when the store has no status index or a shard cannot be read (the
        next start reads it and names it), or the advisor is not on the staff list. Safe beside
        loads in another thread: it touches no state of this object but the shared date cache
        (the staff list is read and parsed apart from the picture's cache)."""
        found = manifest.read(self.root)
        if found is None or not found["indexed"]:
            return False
        try:
            staff = self._parse(self.organisation_path, read_document(self.organisation_path, "organisation"))
            if advisor not in {a.code for a in staff}:
                return False  # no digest for a name not on the staff list (as `_load_mine`)
            return digest.read_mine(self, advisor, with_status=True) is not None
        except (StoreError, OSError):  # a bad shard, the share gone for a moment: next time
            return False

    def _refresh_scoped(self, tolerant: bool | None) -> Institute | None:
        """A narrow picture again when the manifest changed (or at the periodic sweep),
        None when nothing in it changed: a colleague's write elsewhere is no news, as on a
        database. Reading it again costs the stats of the shards and one small file."""
        seen = getattr(self, "_manifest_seen", None)
        self._scoped_polls = getattr(self, "_scoped_polls", 0) + 1
        found = manifest.read(self.root)
        if found is not None and seen is not None and found["revision"] == seen["revision"]:
            if self._scoped_polls % SWEEP_EVERY:
                return None
        scope, advisor = self._picture
        before = getattr(self, "_narrow", None)
        tolerant = self.read_only if tolerant is None else tolerant
        fresh = self._load_again(tolerant, scope, advisor, sweep=self._scoped_polls % SWEEP_EVERY == 0)
        same = before is not None and (before.config, before.advisors, before.groups, before.contacts) == (
            fresh.config,
            fresh.advisors,
            fresh.groups,
            fresh.contacts,
        )
        return None if same else fresh

    def _load_again(self, tolerant: bool, scope: str | None, advisor: str | None, sweep: bool) -> Institute:
        """The narrow picture read again by a refresh (`sweep`: the periodic one)."""
        return self.load(tolerant=tolerant, scope=scope, advisor=advisor)

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
            if self._is_contacts(path) and self._is_closed(path) and rel not in found["pending"].values():
                self._closed_news = True  # not in the picture, but its status entries may be
            elif rel in known or data or (self._is_contacts(path) and self._contacts_read):
                changed.append(path)
        # A closed year's file read only for its pending token: dropped once the token is gone.
        for rel in set(seen["pending"].values()) - set(found["pending"].values()):
            if self.root / rel in self._cache and self._is_closed(self.root / rel):
                changed.append(self.root / rel)
        return [p for p in changed if not self._still_bad(p)]

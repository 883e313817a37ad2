"""The app's picture of an advisor's own groups on the folder store: `Store.load(advisor=…)`
(scope None), a mixin of `Store`.

Such a picture holds the advisor's groups (by the advisor's digest, digest.py), each with its
whole history as far as the picture reaches: every contact of the open years (from `since`
on), and of the closed years what decides due dates and activity (the status index), as the
picture of the whole institute holds them. Colleagues' groups come in one by one when a card
opens (`add_groups`), and the search asks the directory of every group (`group_directory`).
That is what a database's app holds (postgres/reading.py), and the app treats both alike
(`Institute.some_groups`).

A group's contacts lie in every writer's file of the year, so the open years' contacts files
are still read whole; of them only the contacts of the picture's groups are built, and a file
is read again only when it changed. The bytes read are kept (about 24 MB for 20,000 groups):
a colleague's card then costs a parse, not a read of every file on the share.

None (the caller reads the whole institute) when the status index cannot stand in: no
manifest or never indexed, a Kürzel not on the staff list, a groups or status shard that
cannot be read, a stale group of the picture.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import orjson

from ..entities import Contact, Group
from ..institute import Institute
from . import digest
from .bulk_parse import bulk_load
from .files import StoreFileError, signature
from .lean import LeanLoadMixin

_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class _KeptFile:
    """One open year's contacts file as the picture read it: its bytes (the parsed document is
    not kept, the bytes are smaller) and the contacts built of them for the picture's groups."""

    sig: object
    raw: bytes
    noted: int | None
    """The file's revision in the manifest read before the file (`_trust_manifest`)."""
    owners: frozenset | None = None
    """The picture's groups (stored id → live id) `kept` was built for."""
    kept: dict[str, list[Contact]] = field(default_factory=dict)


class PortfolioMixin(LeanLoadMixin):
    """Built on the narrow reads of lean.py (the staff list, the status index, `status_of`)."""

    root: Path
    _portfolio_since: int | None = None
    _portfolio_added: frozenset[str] = frozenset()
    """Colleagues' groups taken into the picture (`add_groups`); kept by every refresh."""
    _trust_manifest = False
    """Set by a refresh between sweeps and by `add_groups`: the manifest says which contacts
    files changed (`_manifest_trusted`)."""

    def _load_portfolio(self, advisor: str, since: int | None, tolerant: bool) -> Institute | None:
        """The advisor's picture, or None when the whole institute must answer (see above)."""
        if self._picture != (None, advisor) or since != self._portfolio_since:  # another picture
            self._portfolio_added = frozenset()
        found = getattr(self, "_manifest_seen", None)
        if found is None or not found["indexed"]:
            return None
        with bulk_load():
            config, advisors = self._config_and_staff([self.config_path, self.organisation_path], tolerant)
            if advisor not in advisors:
                return None
            try:
                mine = digest.read_mine(self, advisor, with_status=True)
                if mine is None or mine.stale:
                    return None
                groups, live = dict(mine.groups), set(mine.live)
                extra = self._live_groups(self._portfolio_added - groups.keys())
                groups |= extra
                live |= self._live_merged(extra.values(), groups)
                older = self._closed_entries(found, mine, extra, since)
            except StoreFileError:
                return None
            if older is None:
                return None
            self._portfolio_added = frozenset(extra)
            owner = {g: g for g in groups} | {
                m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups and m.id not in live
            }
            contacts = self._open_contacts(owner, since, tolerant)
        for gid, items in older.items():
            if gid in groups:
                known = {c.id for c in contacts.get(gid, ())}
                kept = [c for c in items if c.id not in known]
                if kept:
                    contacts[gid] = [*contacts.get(gid, ()), *kept]
        self._portfolio_since = since
        history_from = date(since, 1, 1) if since is not None else None
        return Institute(config, advisors, groups, dict(contacts), False, history_from, some_groups=True)

    def add_groups(self, group_ids: Iterable[str]) -> Institute | None:
        """The picture with `group_ids` (live ids) and their contacts added, kept by every
        refresh; None when the picture holds every group already (the whole picture) or none
        of them is new."""
        scope, advisor = self._picture
        if scope is not None or advisor is None or getattr(self, "_narrow", None) is None:
            return None
        new = set(group_ids) - set(self._narrow.groups)
        if not new:
            return None
        with bulk_load():
            found = self._live_groups(new)
        if not found:
            return None
        self._portfolio_added |= found.keys()
        # The picture anew as of now, as a refresh between sweeps reads it: the manifest says
        # which contacts files changed since they were read (their bytes are kept).
        self._remember_manifest()
        with self._manifest_trusted():
            picture = self._load_portfolio(advisor, self._portfolio_since, self.read_only)
        if picture is None:  # the index cannot stand in any more: the whole institute
            return self.load(tolerant=self.read_only, since=self._portfolio_since)
        self._narrow = picture
        return picture

    def _load_again(self, tolerant: bool, scope: str | None, advisor: str | None, sweep: bool) -> Institute:
        """A refresh of the advisor's picture reads as far back as the picture did and, between
        sweeps, takes the manifest's word for which contacts files changed."""
        if scope is not None:
            return super()._load_again(tolerant, scope, advisor, sweep)
        with self._manifest_trusted(not sweep):
            return self.load(tolerant=tolerant, advisor=advisor, since=self._portfolio_since)

    @contextmanager
    def _manifest_trusted(self, trusted: bool = True) -> Iterator[None]:
        """Loads inside take the manifest's word for which contacts files changed (`_open_contacts`)."""
        self._trust_manifest = trusted
        try:
            yield
        finally:
            self._trust_manifest = False

    def _closed_entries(self, found: dict, mine, extra: dict[str, Group], since: int | None) -> dict | None:
        """Live group id → the status entries dated before `since` of the advisor's groups
        (by the digest) and of `extra` (their status shards), with the contacts of files with
        a pending token; {} when every year is read; None when the index cannot stand in."""
        if since is None:
            return {}
        older = self._indexed_contacts(found, mine.groups, indexed=(mine.indexed, mine.stale), live=mine.live)
        if older is not None and extra:
            more = self.status_of(extra.values())
            older = None if more is None else older | more
        if older is None:
            return None
        first = date(since, 1, 1)
        return {gid: [c for c in items if c.date < first] for gid, items in older.items()}

    def _forget_portfolio(self) -> None:
        """Drop what only an advisor's picture needs (the bytes of the open years' files)."""
        self.__dict__.pop("_portfolio_files", None)
        self.__dict__.pop("_portfolio_shards", None)

    def _live_groups(self, ids: Iterable[str]) -> dict[str, Group]:
        """The groups with these ids that live, each read from its groups shard (a shard read
        before in this process and unchanged is not read again)."""
        cache = self.__dict__.setdefault("_portfolio_shards", {})
        found: dict[str, Group] = {}
        for shard in sorted({self.shard_of(g) for g in ids}):
            path = self.shard_path(shard)
            held = cache.get(shard)
            if held is None or held[0] != signature(path):
                try:
                    held = cache[shard] = self._read_file(path)
                except StoreFileError as exc:
                    if exc.problem != "fehlt":
                        raise
                    continue
            found |= {g.id: g for g in held[1] if g.id in ids}
        return found

    def _live_merged(self, groups: Iterable[Group], picture: dict[str, Group]) -> set[str]:
        """Ids merged into `groups` that are live groups again (a merge undone by hand)."""
        merged = {m.id for g in groups for m in g.merged} - picture.keys()
        return set(self._live_groups(merged)) if merged else set()

    def _open_contacts(self, owner: dict[str, str], since: int | None, tolerant: bool) -> dict[str, list[Contact]]:
        """Live group id → its contacts in the contacts files of the years from `since` on
        (every year when None), of the groups in `owner` (stored id → live id). A file read
        before and unchanged is filtered again from the bytes kept, only when `owner` changed.
        In a refresh between sweeps (`_trust_manifest`) a file the manifest gives the same
        revision as when it was read, without a pending token, is not even stat'ed."""
        cache = self.__dict__.setdefault("_portfolio_files", {})
        paths = self._open_contact_files(since)
        for path in set(cache) - set(paths):
            del cache[path]
        manifest_now = getattr(self, "_manifest_seen", None) or {"files": {}, "pending": {}}
        revisions, pending = manifest_now["files"], set(manifest_now["pending"].values())
        key = frozenset(owner.items())
        contacts: dict[str, list[Contact]] = defaultdict(list)
        dates = self._dates
        for path in paths:
            rel = path.relative_to(self.root).as_posix()
            held = cache.get(path)
            noted = revisions.get(rel)  # read before the file: a later write shows next time
            trusted = self._trust_manifest and noted is not None and rel not in pending
            sig = held.sig if held is not None and trusted and noted == held.noted else signature(path)
            doc = None
            if held is None or held.sig != sig:
                if self._still_bad(path, sig):
                    continue  # found bad before and unchanged: named once, as the whole picture does
                read = self._read_contacts_file(path, tolerant)
                if read is None:
                    cache.pop(path, None)
                    continue
                sig, raw, doc = read
                held = cache[path] = _KeptFile(sig, raw, noted)
            if held.owners != key:
                doc = doc if doc is not None else orjson.loads(held.raw.removeprefix(_BOM))
                held.kept = defaultdict(list)
                for c in doc.get("contacts", {}).values():
                    live = owner.get(c.get("group"))
                    if live is not None:
                        held.kept[live].append(Contact.from_json(c, dates))
                held.owners = key
            for gid, items in held.kept.items():
                contacts[gid].extend(items)
        return contacts

    def _read_contacts_file(self, path: Path, tolerant: bool) -> tuple[object, bytes, dict] | None:
        """(signature, bytes, document) of a contacts file, checked as the whole picture
        checks it; None when it is gone or, when tolerant, bad (and named as the whole
        picture names it)."""
        content: list = []
        try:
            sig, doc = self._read_checked(path, "contacts", content)
        except StoreFileError as exc:
            if exc.problem == "fehlt" and exc.path == path:
                return None
            if not tolerant:
                raise
            self._found_bad(path, exc)
            return None
        self._bad.pop(path, None)
        return sig, content[0], doc

    def _open_contact_files(self, since: int | None) -> list[Path]:
        """The contacts files of the years from `since` on (every year when None). Those of
        closed years with a pending token are read with the status entries (`_closed_entries`)."""
        folder = self.root / "contacts"
        try:
            names = os.listdir(folder)  # one listing; a name that is not a folder globs nothing
        except (FileNotFoundError, NotADirectoryError):
            return []
        found = []
        for name in sorted(n for n in names if n.isdigit() and (since is None or int(n) >= since)):
            found += sorted(p for p in (folder / name).glob("*.json") if not p.name.startswith("."))
        return found

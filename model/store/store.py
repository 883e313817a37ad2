"""The store: one folder of TinyDB JSON files on a shared drive.

    kontakt.json                  marks the folder as a store (schema, group shard count)
    master/config.json            configuration (schemes, classes, lists of values)
    master/organisation.json      advisors
    master/groups-NN.json         groups with customers, persons, castings, co-care; a group's
                                  shard is fixed by its uuid, so an edit rewrites 1/32 of them
    contacts/YYYY/KÜRZEL.json     the contacts one advisor logged in one year (one writer)
    shared/NAME.json              small collections several PCs share (call-party sessions …)
    master/sequence.json          the save-sequence counter of contacts (sequence.py)
    locks/                        lease markers, one per file
    backups/FILE/                 rotated copies of the master files (backups.py)
    audit/KÜRZEL-JJJJ.jsonl       who changed what, before and after (audit.py)
    quarantine/                   bad files moved aside by a restore

Master data is changed only inside `transaction` (lock, fresh read, revision check, atomic
replace). Reading needs no lock. `refresh` reloads only the files whose size or mtime changed.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

from tinydb import Query

from ..config import Config, default_config_json
from ..entities import Advisor, Contact, Group, code_problem, valid_code
from ..institute import Institute
from . import erased
from .bulk_parse import bulk_load
from .collections import COLLECTION_NAME, CollectionsMixin
from .contact_writes import ContactWritesMixin, _stamped
from .files import (
    StoreError,
    StoreFileError,
    meta,
    new_document,
    read_document,
    signature,
    write_document,
)
from .group_records import parse_groups
from .group_writes import _check_base, _new_numbers, _sequenced
from .lean import SCOPES
from .maintenance import MaintenanceMixin
from .open_years import OpenYearsMixin
from .portfolio import PortfolioMixin
from .records import check_records, check_tables, named_entries
from .safety import SafetyMixin
from .unknown import keep_unknown
from .withdraw import WithdrawMixin

MARKER = "kontakt.json"
GROUP_SHARDS = 32
__all__ = ["COLLECTION_NAME", "GROUP_SHARDS", "MARKER", "Store", "_stamped", "code_problem", "valid_code"]


class Store(PortfolioMixin, OpenYearsMixin, SafetyMixin, CollectionsMixin, ContactWritesMixin, WithdrawMixin, MaintenanceMixin):
    def __init__(self, root: Path, user: str):
        self.root = Path(root)
        self.user = user  # checked where a path is built from it (contacts_path, audit_path)
        self._init_safety()
        marker = read_document(self.root / MARKER, "store")
        self.shards = int(marker["store"]["1"].get("group_shards", GROUP_SHARDS))
        self._cache: dict[Path, tuple[tuple[int, int, int] | None, object]] = {}
        self._dates: dict = {}  # parsed dates shared by all contacts
        # What `load` does with a bad file when not told: the CLI reads what is readable
        # (a colleague's broken file must not stop my command) and reports each bad file.
        self.tolerant = False
        self.on_problem: Callable[[str], None] | None = None
        self.lean_fallback = ""  # why the last scoped load read everything, if it did

    # ---- creating and locating --------------------------------------------------------

    @classmethod
    def create(cls, root: Path, user: str, config: dict | None = None) -> Store:
        """A new empty store with the given (default) configuration; never touches an
        existing store or a folder with files in it."""
        root = Path(root)
        if (root / MARKER).exists():
            raise StoreError(f"In {root} gibt es bereits einen kontakt-Speicher; er wird nicht angetastet.")
        if root.exists() and any(root.iterdir()):
            raise StoreError(f"Der Ordner {root} ist nicht leer; ein neuer Speicher braucht einen leeren Ordner.")
        config = config if config is not None else default_config_json()
        Config.from_json(config)
        root.mkdir(parents=True, exist_ok=True)
        for sub in ("master", "contacts", "locks"):
            (root / sub).mkdir(exist_ok=True)
        config_doc = new_document("config")
        config_doc["config"] = {"1": config}
        write_document(root / "master" / "config.json", config_doc)
        org = new_document("organisation")
        org["advisors"] = {}
        write_document(root / "master" / "organisation.json", org)
        marker = new_document("store")
        marker["store"] = {"1": {"group_shards": GROUP_SHARDS, "created": datetime.now().isoformat(timespec="seconds")}}
        write_document(root / MARKER, marker)
        from . import manifest

        manifest.set_indexed(root, user)  # nothing to index yet: readers may use the index
        return cls(root, user)

    @classmethod
    def open(cls, root: Path, user: str) -> Store:
        if not (Path(root) / MARKER).exists():
            raise StoreError(f"In {root} ist kein kontakt-Speicher ({MARKER} fehlt). Anlegen mit: kontakt init")
        return cls(root, user)

    @property
    def config_path(self) -> Path:
        return self.root / "master" / "config.json"

    @property
    def organisation_path(self) -> Path:
        return self.root / "master" / "organisation.json"

    def shard_of(self, group_id: str) -> int:
        return zlib.crc32(group_id.encode("ascii")) % self.shards

    def shard_path(self, shard: int) -> Path:
        return self.root / "master" / f"groups-{shard:02d}.json"

    def contacts_path(self, year: int, advisor: str) -> Path:
        if not valid_code(advisor):
            raise StoreError(code_problem(advisor))
        return self.root / "contacts" / f"{year:04d}" / f"{advisor}.json"

    def files(self) -> list[Path]:
        """Every data file of the store; temp files (".…tmp") and locks are not data."""
        found = [self.config_path, self.organisation_path]
        found += sorted(p for p in (self.root / "master").glob("groups-*.json") if not p.name.startswith("."))
        found += sorted(p for p in (self.root / "contacts").glob("*/*.json") if not p.name.startswith("."))
        return found

    # ---- reading ----------------------------------------------------------------------

    def _parse(self, path: Path, doc: dict) -> object:
        kind = meta(doc).get("kind")
        if kind == "config":
            return Config.from_json(doc["config"]["1"])
        if kind == "organisation":
            return [Advisor.from_json(a) for a in doc.get("advisors", {}).values()]
        if kind == "groups":
            return [Group.from_json(g) for g in doc.get("groups", {}).values()]
        if kind == "contacts":
            dates = self._dates
            return [Contact.from_json(c, dates) for c in doc.get("contacts", {}).values()]
        raise StoreFileError(path, f"unbekannte Art {kind!r}")

    def _read(self, path: Path) -> None:
        self._cache[path] = self._read_file(path)

    def _read_file(self, path: Path) -> tuple[object, object]:
        """(signature of the bytes read, parsed records); StoreFileError names a bad file."""
        sig, doc = self._read_checked(path)
        with named_entries(path):
            parsed = parse_groups(path, doc) if meta(doc).get("kind") == "groups" else self._parse(path, doc)
        return sig, parsed

    def _read_checked(self, path: Path, kind: str | None = None, content: list | None = None) -> tuple[object, dict]:
        """(signature, document) of a data file checked as every picture checks it (a groups
        shard's records while parse_groups builds them); `content` receives the bytes read."""
        found: list = []  # the signature of the bytes read: a replace after the read shows next time
        doc = read_document(path, kind, found=found, records=False, content=content)
        check_tables(path, doc)
        if meta(doc).get("kind") != "groups":
            with named_entries(path):
                check_records(path, doc)
        return found[0], doc

    def changed_files(self) -> list[Path]:
        """Files added, removed or changed since the last load (signature equality). Only a
        file read before (or found bad) is stat'ed: one never read is read anyway, so a first
        load costs no stat per file (about 330 round trips on a share at 10 years)."""
        listed = self.picture_files()
        current = {p: signature(p) if p in self._cache or p in self._bad else None for p in listed}
        changed = [p for p, sig in current.items() if p not in self._cache or self._cache[p][0] != sig]
        changed += [p for p in self._cache if p not in current]
        # A bad file is read again only once it changed (repaired or restored).
        changed = [p for p in changed if not self._still_bad(p, current.get(p))]
        return changed

    def load(
        self,
        first_for: str | None = None,
        tolerant: bool | None = None,
        scope: str | None = None,
        advisor: str | None = None,
        since: int | None = None,
    ) -> Institute:
        """Read every file (first call) or only the changed ones, and build the picture.

        With `first_for`, other advisors' contact files not read yet are left for the next
        call: a quick first picture (`complete` False) of master data and the own contacts.

        `tolerant`: a bad file does not stop the load; the picture holds what could be read
        (a bad file's last good reading, if any), `problems` lists the German messages and
        `read_only` is set. A bad file is never written: its transactions refuse it.

        `scope` "master" or "status" reads less (lean.py), and with `advisor` only the
        advisor's groups, through the advisor's digest (digest.py); None reads everything, or
        with `advisor` the advisor's groups with their whole history (portfolio.py)."""
        tolerant = self.tolerant if tolerant is None else tolerant
        self._remember_manifest()  # read before the files: a write in between shows next time
        if scope not in SCOPES:
            raise ValueError(f"scope {scope!r}")
        if scope is None and advisor is not None:
            picture = self._load_portfolio(advisor, since, tolerant)
            if picture is not None:
                self._picture, self._narrow = (None, advisor), picture
                return picture
        self._picture = (scope, advisor if scope is not None else None)
        if scope is not None:
            self._narrow = self._load_scoped(scope, tolerant, advisor)
            return self._narrow
        self._narrow, self._contacts_read = None, True
        self._forget_portfolio()  # the whole picture holds every contact the bytes kept would give
        self._since, self._closed_news = self._open_since(since), False
        changed = self.changed_files()
        if first_for is not None:
            changed = [p for p in changed if p in self._cache or not self._is_contacts(p) or p.stem == first_for]
        return self._reload(changed, tolerant)

    def refresh(self, tolerant: bool | None = None) -> Institute | None:
        """The new picture if any file changed since the last load, else None. Tolerant
        when asked, or when the last load found bad files. A narrower picture stays as narrow."""
        if self._picture != (None, None):
            return self._refresh_scoped(tolerant)
        changed = self._manifest_changes()
        if changed is None:
            changed = self.changed_files()
        tolerant = self.read_only if tolerant is None else tolerant
        news, self._closed_news = self._closed_news, False
        return self._reload(changed, tolerant) if changed or news else None

    def _is_contacts(self, path: Path) -> bool:
        return path.parent.parent.name == "contacts"

    def _reload(self, changed: list[Path], tolerant: bool = False, build: bool = True) -> Institute | None:
        self._tolerant_now = tolerant
        with bulk_load():
            for path in changed:
                if self._left_out(path):  # a closed year's file whose pending write is done
                    self._cache.pop(path, None)
                    self._bad.pop(path, None)
                    continue
                try:
                    self._read(path)
                    self._bad.pop(path, None)
                except StoreFileError as exc:
                    if exc.problem == "fehlt" and exc.path == path:
                        # Removed since it was listed: gone from the picture, not a problem (no
                        # stat before each read: one round trip less per file on a share).
                        self._cache.pop(path, None)
                        self._bad.pop(path, None)
                        continue
                    if not tolerant:
                        raise
                    self._found_bad(path, exc)
            return self._build() if build else None

    def _build(self) -> Institute:
        # In a tolerant load config and advisors may be missing: fall back to the defaults
        # and an empty organisation rather than showing nothing.
        config = self._cache[self.config_path][1] if self.config_path in self._cache else None
        if config is None:
            config = Config.from_json(default_config_json())
        advisors = {a.code: a for a in self._cache.get(self.organisation_path, (None, []))[1]}
        groups: dict[str, Group] = {}
        contacts: dict[str, list[Contact]] = defaultdict(list)
        contact_lists = []
        for path, (_, parsed) in self._cache.items():
            if path.name.startswith("groups-"):
                groups.update((g.id, g) for g in parsed)
            elif self._is_contacts(path):
                contact_lists.append(parsed)
        # A contact logged for a group after it was merged away (a dialog opened before the
        # merge) belongs to the group it went into.
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups}
        for parsed in contact_lists:
            for c in parsed:
                contacts[merged_into.get(c.group, c.group) if merged_into else c.group].append(c)
        complete = all(p in self._cache for p in self.picture_files())
        if not self._with_closed_status(groups, contacts):
            # The status index went stale since the load decided: read the closed years too.
            return self._reload(self.changed_files(), self._tolerant_now)
        history_from = date(self._since, 1, 1) if self._since is not None else None
        return Institute(config, advisors, groups, dict(contacts), complete, history_from=history_from)

    # ---- writing master data ------------------------------------------------------------

    def save_config(self, config: dict) -> None:
        Config.from_json(config)
        with self._transaction(self.config_path, "config") as db:
            before = dict(db.table("config").get(doc_id=1) or {}) or None
            db.table("config").truncate()
            db.table("config").insert(config)
        if before != config:
            self._audit([self._entry("config", "update", "config", None, before, config, self.config_path)])

    def save_advisors(self, advisors: Iterable[Advisor]) -> None:
        advisors = list(advisors)
        for a in advisors:
            if not valid_code(a.code):
                raise StoreError(code_problem(a.code))
        with self._transaction(self.organisation_path, "organisation") as db:
            table = db.table("advisors")
            current = {doc["code"]: dict(doc) for doc in table.all()}
            merged = {a.code: a.merged_into(current.get(a.code)) for a in advisors}
            fresh = {code: record for code, record in merged.items() if current.get(code) != record}
            if fresh:
                table.truncate()
                table.insert_multiple((current | fresh).values())
        self._audit(
            [
                self._entry(
                    "advisor",
                    "update" if code in current else "create",
                    code,
                    None,
                    current.get(code),
                    record,
                    self.organisation_path,
                )
                for code, record in fresh.items()
            ]
        )

    def save_group(self, group: Group, base_revision: int | None = None) -> Group:
        """Write one group. With `base_revision` (the revision the edit started from) a
        colleague's save in between is refused instead of being overwritten."""
        return self.update_group(group.id, lambda _current: group, base_revision, create=True)

    def update_group(
        self,
        group_id: str,
        change: Callable[[Group | None], Group],
        base_revision: int | None = None,
        create: bool = False,
    ) -> Group:
        """Apply `change` to the freshly read group under the shard's lock."""
        path = self.shard_path(self.shard_of(group_id))
        with self._transaction(path, "groups") as db:
            table = db.table("groups")
            record = table.get(Query().id == group_id)
            current = Group.from_json(record) if record else None
            _check_base(group_id, current, base_revision, create)
            updated = change(current)
            erased.refuse(self.root, [group_id], _new_numbers(current, updated))
            revision = (current.revision if current else 0) + 1
            doc = _sequenced(keep_unknown(record, Group.to_json(updated)), revision, record) | {"revision": revision}
            table.upsert(doc, Query().id == group_id)
        self._audit([self._entry("group", "update" if record else "create", group_id, group_id, record, doc, path)])
        return Group.from_json(doc)

    def save_groups(self, groups: Iterable[Group]) -> int:
        """Bulk write of whole groups (demo, first import): one transaction per shard.
        Returns the count of groups whose stored record changed."""
        return self.update_groups({g.id: (lambda _fresh, g=g: g) for g in groups})

    def update_groups(self, changes: Mapping[str, Callable[[Group | None], Group | None]]) -> int:
        """Apply each group's change to its freshly read record (None for a new group;
        a change returning None leaves the record as it is),
        one transaction per shard touched, so a colleague's edit of other fields made since
        the caller's read is kept. Returns how many stored records changed."""
        by_shard: dict[int, list[str]] = defaultdict(list)
        for group_id in changes:
            by_shard[self.shard_of(group_id)].append(group_id)
        changed = 0
        for shard, ids in sorted(by_shard.items()):
            path = self.shard_path(shard)
            entries: list[dict] = []
            with self._transaction(path, "groups") as db:
                table = db.table("groups")
                current = {doc["id"]: dict(doc) for doc in table.all()}
                for group_id in ids:
                    old = current.get(group_id)
                    updated = changes[group_id](Group.from_json(old) if old else None)
                    if updated is None:
                        continue
                    erased.refuse(self.root, [group_id], _new_numbers(old, updated))
                    # Keys this version does not know (written by a newer kontakt) stay, at any depth.
                    new = keep_unknown(old, updated.to_json())
                    revision = old.get("revision", 0) if old else 0
                    if old is not None and {**old, "revision": 0} == {**new, "revision": 0}:
                        continue
                    current[group_id] = _sequenced(new, revision + 1, old) | {"revision": revision + 1}
                    entries.append(
                        self._entry("group", "update" if old else "create", group_id, group_id, old, current[group_id], path)
                    )
                if entries:
                    # TinyDB's upsert scans the table once per record; rewriting it is one pass.
                    table.truncate()
                    table.insert_multiple(current.values())
            self._audit(entries)
            changed += len(entries)
        return changed

"""`PostgresStore`: the store interface (`model.store.interface.StoreBackend`) on PostgreSQL.

Every write is one transaction: the rows it changes are locked (`SELECT … FOR UPDATE`), the
revision is checked against the caller's base, the change is applied to the fresh record with
the folder store's rules (keep unknown keys, field-level merge, erased groups refused), the
kind's change counter is bumped and the audit entries are inserted — all committed together
or not at all. Messages are the folder store's German ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import psycopg
from psycopg.types.json import Jsonb

from ...config import Config, default_config_json
from ...entities import Advisor, Contact, Group, code_problem, valid_code
from ...german.dates import date_problem
from ...group_numbers import normalise_number
from ...institute import Institute
from .. import audit, erased
from ..files import StoreError
from ..group_writes import _check_base, _new_numbers, _sequenced
from ..interface import serves
from ..merge import MergeResult
from ..safety import SafetyMixin, _Collided
from ..store import _stamped
from ..unknown import keep_unknown
from . import schema
from .connection import connect, shown
from .directory import DirectoryMixin
from .listen import CHANNEL, ListeningMixin
from .maintenance import MaintenanceMixin, erasure_lock
from .reading import ReadingMixin


class DatabaseLocation(str):
    """The database URL as `root`: printable like a folder, but file-store code that builds
    a path from it (doctor, backups, unlock, restore) gets a German StoreError, not a crash."""

    def __truediv__(self, other):
        raise StoreError(
            f"Das gibt es nur beim Ordner-Speicher; {self} ist eine Datenbank (Sicherung: pg_dump, siehe README „PostgreSQL“)."
        )


class PostgresStore(ReadingMixin, DirectoryMixin, ListeningMixin, MaintenanceMixin):
    def __init__(self, url: str, user: str, conn: psycopg.Connection | None = None):
        self.url = url
        self.root = DatabaseLocation(shown(url))
        self.user = user
        self.warnings: list[str] = []
        self.tolerant = False
        self.on_problem: Callable[[str], None] | None = None
        self._conn = conn if conn is not None else connect(url)
        self._init_reading()

    # ---- creating and opening -----------------------------------------------------------

    @classmethod
    def open(cls, url: str, user: str) -> PostgresStore:
        conn = connect(url)
        try:
            schema.check(conn, shown(url))
        except BaseException:
            conn.close()
            raise
        return cls(url, user, conn)

    @classmethod
    def create(cls, url: str, user: str, config: dict | None = None) -> PostgresStore:
        """The schema and an empty store in a database kontakt has not set up yet."""
        config = config if config is not None else default_config_json()
        Config.from_json(config)
        conn = connect(url)
        try:
            if schema.current_version(conn) is not None:
                raise StoreError(
                    f"In der Datenbank {shown(url)} gibt es bereits einen kontakt-Speicher; er wird nicht angetastet."
                )
            schema.upgrade(conn)
            with conn.transaction():
                conn.execute("INSERT INTO config (id, doc) VALUES (1, %s)", (Jsonb(config),))
                created = datetime.now().isoformat(timespec="seconds")
                conn.execute("INSERT INTO store_meta (key, value) VALUES ('created', %s)", (Jsonb(created),))
        except BaseException:
            conn.close()
            raise
        return cls(url, user, conn)

    def close(self) -> None:
        self.stop_listening()
        self._conn.close()

    def load_group(self, advisor: str, number: str) -> Institute | None:
        """`kontakt log`'s picture: the configuration, the staff list and the advisor's group
        with `number` only (one snapshot, the number's index). None when that is not a live
        group the advisor serves (a colleague's, a merged-away number, an unknown one): the
        caller loads as before, which also names what is wrong. The store's picture is left as
        it is."""
        key = normalise_number(number)
        conn = self._conn
        with self._read_snapshot():
            advisors = {a.code: a for a in (Advisor.from_json(doc) for (doc,) in conn.execute("SELECT doc FROM advisors"))}
            if advisor not in advisors:
                return None
            rows = conn.execute("SELECT doc FROM groups WHERE number = %s", (key,)).fetchall()
            row = conn.execute("SELECT doc FROM config WHERE id = 1").fetchone()
        groups = [Group.from_json(doc) for (doc,) in rows]
        if len(groups) != 1 or not serves(groups[0], advisor):
            return None
        config = Config.from_json(row[0] if row else default_config_json())
        return Institute(config, advisors, {groups[0].id: groups[0]}, {}, False)

    def __getattr__(self, name: str):
        from ..interface import FILE_ONLY

        if name in FILE_ONLY:
            raise StoreError(f"„{name}“ gibt es nur beim Ordner-Speicher; {self.root} ist eine Datenbank (Sicherung: pg_dump).")
        raise AttributeError(name)

    # ---- transactions, counters, audit ---------------------------------------------------

    def _bump(self, kind: str) -> int:
        # The row lock orders writers of one kind: see reading.py.
        counter = self._conn.execute(
            "UPDATE changes SET counter = counter + 1 WHERE kind = %s RETURNING counter", (kind,)
        ).fetchone()[0]
        self._conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, kind))
        return counter

    def _entry(self, kind, action, record_id, group, before, after, path=None) -> dict:
        return audit.entry(self.user, kind, action, record_id, group, before, after, str(path) if path else "")

    def _insert_audit(self, entries: list[dict]) -> None:
        if entries:
            with self._conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO audit (at, user_code, group_id, entry) VALUES (%s, %s, %s, %s)",
                    [(e["at"], e["user"], e.get("group"), Jsonb(e)) for e in entries],
                )

    def _audit(self, entries: list[dict]) -> None:
        with self._conn.transaction():
            self._insert_audit(entries)

    def audit_for(self, group_id: str) -> list[dict]:
        """The history of changes of one group, oldest first (read by the group's index)."""
        rows = self._conn.execute("SELECT entry FROM audit WHERE group_id = %s ORDER BY seq", (group_id,))
        return [entry for (entry,) in rows]

    def _tombstones(self) -> dict[str, dict]:
        return {gid: doc for gid, doc in self._conn.execute("SELECT group_id, doc FROM tombstones")}

    def refuse_erased(self, ids: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
        erased.refuse_in(self._tombstones(), list(ids), list(numbers))

    def _guard_erased(self, ids: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
        """`refuse_erased` for a writer of new contacts or a new number, inside its transaction
        and after the erasure lock (maintenance.py): an erasure running now is seen at its
        commit. Group rows need no lock: the erasure locks the group's row."""
        erasure_lock(self._conn)
        self.refuse_erased(ids, numbers)

    # ---- master data ------------------------------------------------------------------------

    def save_config(self, config: dict) -> None:
        Config.from_json(config)
        with self._conn.transaction():
            row = self._conn.execute("SELECT doc FROM config WHERE id = 1 FOR UPDATE").fetchone()
            before = row[0] if row else None
            if before == config:
                return
            self._conn.execute(
                "INSERT INTO config (id, doc) VALUES (1, %s) ON CONFLICT (id) DO UPDATE "
                "SET doc = EXCLUDED.doc, revision = config.revision + 1",
                (Jsonb(config),),
            )
            self._bump("config")
            self._insert_audit([self._entry("config", "update", "config", None, before, config, "config")])

    def save_advisors(self, advisors: Iterable[Advisor]) -> None:
        advisors = list(advisors)
        for a in advisors:
            if not valid_code(a.code):
                raise StoreError(code_problem(a.code))
        with self._conn.transaction():
            self._write_advisors(advisors)

    def _write_advisors(self, advisors: list[Advisor]) -> list[dict]:
        codes = sorted({a.code for a in advisors})
        rows = self._conn.execute("SELECT code, doc FROM advisors WHERE code = ANY(%s) ORDER BY code FOR UPDATE", (codes,))
        current = dict(rows.fetchall())
        merged = {a.code: a.merged_into(current.get(a.code)) for a in advisors}
        fresh = {code: record for code, record in merged.items() if current.get(code) != record}
        if not fresh:
            return []
        changed = self._bump("advisors")
        with self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO advisors (code, doc, changed) VALUES (%s, %s, %s) ON CONFLICT (code) DO UPDATE "
                "SET doc = EXCLUDED.doc, changed = EXCLUDED.changed, revision = advisors.revision + 1",
                [(code, Jsonb(record), changed) for code, record in fresh.items()],
            )
        entries = [
            self._entry("advisor", "update" if code in current else "create", code, None, current.get(code), record, "advisors")
            for code, record in fresh.items()
        ]
        self._insert_audit(entries)
        return entries

    def save_group(self, group: Group, base_revision: int | None = None) -> Group:
        return self.update_group(group.id, lambda _current: group, base_revision, create=True)

    def update_group(
        self,
        group_id: str,
        change: Callable[[Group | None], Group],
        base_revision: int | None = None,
        create: bool = False,
    ) -> Group:
        """Apply `change` to the freshly read group, its row locked until the commit."""
        with self._conn.transaction():
            row = self._conn.execute("SELECT doc FROM groups WHERE id = %s FOR UPDATE", (group_id,)).fetchone()
            record = row[0] if row else None
            current = Group.from_json(record) if record else None
            _check_base(group_id, current, base_revision, create)
            updated = change(current)
            numbers = _new_numbers(current, updated)
            (self._guard_erased if numbers else self.refuse_erased)([group_id], numbers)
            revision = (current.revision if current else 0) + 1
            doc = _sequenced(keep_unknown(record, Group.to_json(updated)), revision, record) | {"revision": revision}
            self._upsert_groups([doc])
            self._insert_audit(
                [self._entry("group", "update" if record else "create", group_id, group_id, record, doc, "groups")]
            )
        return Group.from_json(doc)

    def _upsert_groups(self, docs: list[dict]) -> None:
        changed = self._bump("groups")
        with self._conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO groups (id, number, doc, revision, changed) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, doc = EXCLUDED.doc, "
                "revision = EXCLUDED.revision, changed = EXCLUDED.changed",
                [(d["id"], str(d.get("number", "")), Jsonb(d), d["revision"], changed) for d in docs],
            )

    def save_groups(self, groups: Iterable[Group]) -> int:
        return self.update_groups({g.id: (lambda _fresh, g=g: g) for g in groups})

    def update_groups(self, changes: Mapping[str, Callable[[Group | None], Group | None]]) -> int:
        """Apply each group's change to its freshly read record, all in one transaction.
        Returns how many stored records changed."""
        with self._conn.transaction():
            return len(self._write_groups(changes))

    def _write_groups(self, changes: Mapping[str, Callable[[Group | None], Group | None]]) -> list[dict]:
        ids = sorted(changes)  # one lock order for every writer: no deadlocks
        rows = self._conn.execute("SELECT id, doc FROM groups WHERE id = ANY(%s) ORDER BY id FOR UPDATE", (ids,))
        current = dict(rows.fetchall())
        docs, entries, numbers, touched = [], [], [], []
        for group_id in changes:
            old = current.get(group_id)
            updated = changes[group_id](Group.from_json(old) if old else None)
            if updated is None:
                continue
            numbers += _new_numbers(old, updated)
            touched.append(group_id)
            new = keep_unknown(old, updated.to_json())
            revision = old.get("revision", 0) if old else 0
            if old is not None and {**old, "revision": 0} == {**new, "revision": 0}:
                continue
            doc = _sequenced(new, revision + 1, old) | {"revision": revision + 1}
            docs.append(doc)
            entries.append(self._entry("group", "update" if old else "create", group_id, group_id, old, doc, "groups"))
        # One check for all, before anything is written (nothing stored when one is refused).
        (self._guard_erased if numbers else self.refuse_erased)(touched, numbers)
        if docs:
            self._upsert_groups(docs)
            self._insert_audit(entries)
        return entries

    def save_group_merged(self, base: Group, mine: Group) -> MergeResult:
        """The edit base→mine laid over what is stored now (`model.store.merge`); nothing is
        written when both sides changed the same field."""
        try:
            saved = self.update_group(base.id, lambda current: SafetyMixin._merged(base, mine, current))
        except _Collided as collided:
            return collided.result
        return MergeResult(saved, (), True, None)

    def write_planned(self, advisors, changes, new_groups, contacts, what: str = "Import"):
        """An import's plan, all or nothing in one transaction (`model.store.bulk`)."""
        from .planned import write_planned

        return write_planned(self, list(advisors), dict(changes), list(new_groups), list(contacts), what)

    # ---- contacts -----------------------------------------------------------------------------

    def log_contact(self, contact: Contact) -> Contact:
        if not contact.logged_at:
            contact = _stamped(contact)
        seqs: dict[str, int] = {}
        self.add_contacts([contact], seqs)
        return contact._replace(seq=seqs.get(contact.id, contact.seq))

    def add_contacts(self, contacts: Iterable[Contact], seqs: dict[str, int] | None = None) -> int:
        """Add contacts not stored yet (by id); returns how many were new. Each new contact
        gets the store's next save sequence, recorded in `seqs` (as on folders)."""
        contacts = list(contacts)
        for c in contacts:
            if not valid_code(c.by):
                raise StoreError(code_problem(c.by))
            problem = date_problem(c.date, c.follow_up)
            if problem:
                raise StoreError(f"Kontakt {c.id}: {problem}; nichts wurde gespeichert.")
        with self._conn.transaction():
            entries = self._write_contacts(contacts)
        if seqs is not None:
            seqs.update((e["after"]["id"], e["after"]["seq"]) for e in entries)
        return len(entries)

    def _write_contacts(self, contacts: list[Contact]) -> list[dict]:
        if not contacts:
            return []
        self._guard_erased({c.group for c in contacts})
        known = {i for (i,) in self._conn.execute("SELECT id FROM contacts WHERE id = ANY(%s)", ([c.id for c in contacts],))}
        fresh = []
        for c in contacts:
            if c.id not in known:
                known.add(c.id)
                fresh.append(c.to_json())
        if not fresh:
            return []
        changed = self._bump("contacts")
        # Under the contacts counter's row lock, held to the commit: numbers in commit order.
        (last,) = self._conn.execute(
            "UPDATE changes SET counter = counter + %s WHERE kind = 'sequence' RETURNING counter", (len(fresh),)
        ).fetchone()
        fresh = [c | {"seq": last - len(fresh) + 1 + i} for i, c in enumerate(fresh)]
        with self._conn.cursor() as cur:
            # ON CONFLICT: a colleague's import of the same contact in the same instant.
            cur.executemany(
                "INSERT INTO contacts (id, group_id, advisor, year, doc, changed) VALUES (%s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO NOTHING",
                [(c["id"], c["group"], c["by"], int(str(c["date"])[:4]), Jsonb(c), changed) for c in fresh],
            )
        entries = [self._entry("contact", "create", c["id"], c["group"], None, c, "contacts") for c in fresh]
        self._insert_audit(entries)
        return entries

    # ---- shared collections -------------------------------------------------------------------

    def collection_names(self) -> list[str]:
        return [name for (name,) in self._conn.execute("SELECT name FROM collections ORDER BY name")]

    def _check_name(self, name: str) -> None:
        from ..collections import COLLECTION_NAME

        if not COLLECTION_NAME.fullmatch(name):
            raise StoreError(f"Ungültiger Sammlungsname {name!r} (erlaubt: a–z, 0–9, -)")

    def read_collection(self, name: str) -> list[dict]:
        self._check_name(name)
        row = self._conn.execute("SELECT records FROM collections WHERE name = %s", (name,)).fetchone()
        return list(row[0]) if row else []

    def collection_signature(self, name: str) -> int | None:
        """The collection's revision: compared for equality by pollers."""
        self._check_name(name)
        row = self._conn.execute("SELECT revision FROM collections WHERE name = %s", (name,)).fetchone()
        return row[0] if row else None

    def update_collection(self, name: str, change: Callable[[list[dict]], list[dict]]) -> list[dict]:
        self._check_name(name)
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO collections (name, records, revision) VALUES (%s, '[]', 0) ON CONFLICT (name) DO NOTHING", (name,)
            )
            before = self._conn.execute("SELECT records FROM collections WHERE name = %s FOR UPDATE", (name,)).fetchone()[0]
            after = change([dict(r) for r in before])
            erased.refuse_new_mentions_in(self._tombstones(), before, after)
            if after != before:
                self._conn.execute(
                    "UPDATE collections SET records = %s, revision = revision + 1 WHERE name = %s", (Jsonb(after), name)
                )
                self._insert_audit([self._entry("collection", "update", name, None, before, after, "collections")])
        return after

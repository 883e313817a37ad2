"""Reading the institute from PostgreSQL, as a mixin of `PostgresStore`.

The first load reads what its picture needs; a refresh reads the change counters (one small
query) and then only the rows changed since: each write takes the next number of its kind's
counter under that counter's row lock, so writers of one kind commit in counter order and a
snapshot that sees counter N holds every row numbered up to N. A removal (merge, erasure,
a withdrawn contact: postgres/maintenance.py) bumps `removed`, and the next refresh reads the picture again.

What a picture holds (`load(scope=…, advisor=…)`, the same scopes as the folder store):

    scope None       everything (reports over periods, the team overview, the app)
    scope "master"   configuration, advisors and groups; no contacts (`kontakt log`)
    scope "status"   master data plus, per group, the latest contact in save order of each
                     (role, Care Call or not, outcome): enough for `due_list` and `inactive_groups` on
                     any day on or after the newest of them — chosen in SQL (DISTINCT ON over
                     the index `contacts_status`, migration 0002), not a group's history
    advisor X        only the groups X's due list and inactive list can show: X leads them or
                     has a co-care assignment there (any period), with their contacts; with
                     scope "status", of a group X does not lead only the entries of the
                     departments X is assigned there (X's due list and "Meine Verbünde" ask
                     for X's roles only; the inactive list for the groups X leads)

Any picture but (None, None) has `complete` False. A refresh keeps the picture's scope and
advisor: a group that came into the advisor's portfolio is read with its contacts, one that
left it is dropped. `add_groups` takes a colleague's group into a narrow picture (the app's
card of a group found by the search); the refresh keeps it there. `status_of` gives the
status entries of a few groups (`kontakt log`'s next due date).

`group_directory` (postgres/directory.py) is what the search needs of every group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

import psycopg
from psycopg.types.json import Jsonb

from ...config import Config
from ...entities import Advisor, Contact, Group
from ...institute import Institute
from ..bulk_parse import bulk_load
from ..interface import serves

KINDS = ("config", "advisors", "groups", "contacts", "removed")
SCOPES = (None, "master", "status")

# Per group, the latest entry of each (role, Care Call or not, outcome) by `save_order`: the
# rules only ask for the latest entry of a role that takes part (`takes_part` looks at the
# format being a Care Call, nothing else) and the latest counted one (`counts` looks at the
# outcome only), and both are a maximum over these keys. The expressions are those of the
# index contacts_status (migrations/0002_status_index.sql); 'Care Call' is CARE_CALL_FORMAT.
_KEY = "group_id, coalesce(doc->>'department', ''), coalesce(doc->>'format', '') = 'Care Call', doc->>'outcome'"
_STATUS = f"""
SELECT DISTINCT ON ({_KEY}) doc
FROM contacts {{where}}
ORDER BY {_KEY},
         doc->>'date' DESC, coalesce((doc->>'seq')::bigint, 0) DESC, coalesce(doc->>'logged_at', '') DESC, id DESC
"""
# `interface.serves` in SQL
_ADVISOR_GROUPS = "SELECT doc FROM groups WHERE doc->>'lead' = %s OR doc->'assignments' @> %s"


class ReadingMixin:
    _conn: psycopg.Connection

    def _init_reading(self) -> None:
        self._picture: tuple[str | None, str | None] = (None, None)
        self._since: int | None = None
        self._added: set[str] = set()  # groups taken into a narrow picture (add_groups)
        self._reset_rows()

    def _reset_rows(self) -> None:
        self._seen: dict[str, int] | None = None
        self._config: Config | None = None
        self._advisors: dict[str, Advisor] = {}
        self._groups: dict[str, Group] = {}
        self._contacts: dict[str, Contact] = {}  # the whole picture: contact id → contact
        self._scoped: dict[str, list[Contact]] = {}  # other pictures: stored group id → contacts
        self._owner: dict[str, str] = {}  # other pictures: stored group id → live group shown
        self._dates: dict = {}

    @contextmanager
    def _read_snapshot(self) -> Iterator[None]:
        """One read-only snapshot for the statements inside, parsed without the cyclic GC."""
        with bulk_load(), self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield

    def _counters(self) -> dict[str, int]:
        return dict(self._conn.execute("SELECT kind, counter FROM changes").fetchall())

    def load(
        self,
        first_for: str | None = None,
        tolerant: bool | None = None,
        scope: str | None = None,
        advisor: str | None = None,
        since: int | None = None,
    ) -> Institute:
        """The institute as stored now (first call: the picture's rows; later: the changed
        rows). `scope` and `advisor`: see the module docstring; another picture than the last
        one is read afresh. `since` (scope None, also with `advisor`): contacts dated before
        1 January of `since` only as far as they decide due dates and activity (the status
        query), as the folder store leaves out closed years. `first_for` and `tolerant` are
        accepted for the interface: a database has no half-read files."""
        if scope not in SCOPES:
            raise ValueError(f"scope {scope!r}")
        since = since if scope is None else None
        if (scope, advisor) != self._picture or since != self._since:
            self._picture, self._since = (scope, advisor), since
            self._added = set()
            self._reset_rows()
        self._read_changes(force=False)
        return self._build()

    def refresh(self, tolerant: bool | None = None) -> Institute | None:
        """The new picture if anything in it changed since the last load, else None (one
        query when nothing was written at all)."""
        if self._seen is not None and self._counters() == self._seen:
            return None
        return self._build() if self._read_changes(force=False) else None

    def _read_changes(self, force: bool) -> bool:
        """Read what changed into the picture; False when nothing of the picture changed."""
        conn = self._conn
        with self._read_snapshot():  # for the counters and the rows they number
            counters = self._counters()
            seen = self._seen
            if force or seen is None or counters.get("removed") != seen.get("removed"):
                self._reset_rows()
                seen = {kind: -1 for kind in KINDS}
            changed = counters["config"] != seen["config"] or counters["advisors"] != seen["advisors"]
            if counters["config"] != seen["config"]:
                row = conn.execute("SELECT doc FROM config WHERE id = 1").fetchone()
                self._config = Config.from_json(row[0]) if row else None
            if counters["advisors"] != seen["advisors"]:
                rows = conn.execute("SELECT doc FROM advisors WHERE changed > %s", (seen["advisors"],))
                for (doc,) in rows:
                    advisor = Advisor.from_json(doc)
                    self._advisors[advisor.code] = advisor
            if self._picture == (None, None):
                changed |= self._read_everything(counters, seen)
            else:
                changed |= self._read_scoped(counters, seen)
            self._seen = counters
        return changed

    def _read_everything(self, counters: dict[str, int], seen: dict[str, int]) -> bool:
        conn = self._conn
        if counters["groups"] != seen["groups"]:
            for (doc,) in conn.execute("SELECT doc FROM groups WHERE changed > %s", (seen["groups"],)):
                self._groups[doc["id"]] = Group.from_json(doc)
        if counters["contacts"] != seen["contacts"]:
            dates = self._dates
            if seen["contacts"] < 0 and self._since is not None:
                # The first reading without closed years; later changes are read whatever their date.
                start = f"{self._since:04d}-01-01"
                queries = [
                    ("SELECT doc FROM contacts WHERE doc->>'date' >= %s", (start,)),
                    (_STATUS.format(where="WHERE doc->>'date' < %s"), (start,)),
                ]
            else:
                queries = [("SELECT doc FROM contacts WHERE changed > %s", (seen["contacts"],))]
            with conn.cursor(binary=True) as cur:
                for query, params in queries:
                    cur.execute(query, params)
                    for (doc,) in cur:
                        contact = Contact.from_json(doc, dates)
                        self._contacts[contact.id] = contact
        return counters["groups"] != seen["groups"] or counters["contacts"] != seen["contacts"]

    def _read_scoped(self, counters: dict[str, int], seen: dict[str, int]) -> bool:
        conn = self._conn
        scope, advisor = self._picture
        first = seen["groups"] < 0
        touched: set[str] = set()  # groups (re)read: their contacts are read again too
        changed = False
        if counters["groups"] != seen["groups"]:
            if first and advisor is not None:
                query = _ADVISOR_GROUPS + " OR id = ANY(%s)"  # and those added, after a removal
                rows = conn.execute(query, (advisor, Jsonb([{"advisor": advisor}]), sorted(self._added)))
            else:
                rows = conn.execute("SELECT doc FROM groups WHERE changed > %s", (seen["groups"],))
            for (doc,) in rows:
                group = Group.from_json(doc)
                if advisor is None or serves(group, advisor) or group.id in self._added:
                    self._groups[group.id] = group
                    touched.add(group.id)
                    changed = True
                elif self._groups.pop(group.id, None) is not None:
                    changed = True  # left the advisor's portfolio
            if touched or changed:
                self._owner = self._owners()
        if scope == "master":
            return changed
        wanted = {raw for raw, live in self._owner.items() if live in touched}
        if counters["contacts"] != seen["contacts"] and seen["contacts"] >= 0:
            rows = conn.execute("SELECT DISTINCT group_id FROM contacts WHERE changed > %s", (seen["contacts"],))
            wanted |= {raw for (raw,) in rows if raw in self._owner}
        if not wanted:
            return changed
        everything = first and advisor is None  # no list of 100,000 ids: every row is wanted
        self._read_contacts(None if everything else sorted(wanted))
        for raw in [raw for raw in self._scoped if raw not in self._owner]:
            del self._scoped[raw]
        return True

    def _read_contacts(self, raw_ids: list[str] | None) -> None:
        """The contacts of the stored groups `raw_ids` (None: of every group) as the picture
        holds them: their history, without closed years but for what decides (`since`), or
        the status entries only (scope "status"; of an advisor's, those of their roles)."""
        where, params = ("", ()) if raw_ids is None else ("group_id = ANY(%s)", (raw_ids,))
        scope, advisor = self._picture
        if scope == "status" and advisor is not None and raw_ids is not None:
            queries = [self._status_of_roles(raw_ids, advisor)]
        elif scope == "status":
            queries = [(_STATUS.format(where=f"WHERE {where}" if where else ""), params)]
        elif self._since is None:
            queries = [("SELECT doc FROM contacts" + (f" WHERE {where}" if where else ""), params)]
        else:
            start = f"{self._since:04d}-01-01"
            also = f"{where} AND " if where else ""
            queries = [
                (f"SELECT doc FROM contacts WHERE {also}doc->>'date' >= %s", (*params, start)),
                (_STATUS.format(where=f"WHERE {also}doc->>'date' < %s"), (*params, start)),
            ]
        for raw in raw_ids or ():
            self._scoped[raw] = []
        dates = self._dates
        with self._conn.cursor(binary=True) as cur:
            for query, args in queries:
                cur.execute(query, args)
                for (doc,) in cur:
                    contact = Contact.from_json(doc, dates)
                    self._scoped.setdefault(contact.group, []).append(contact)

    def _status_of_roles(self, raw_ids: list[str], advisor: str) -> tuple[str, tuple]:
        """The status query of the advisor's picture for the stored groups `raw_ids`: every
        entry of the groups the advisor leads, of the others those of the departments the
        advisor is assigned there (any period). A department colleague co-caring 13,546
        groups reads 24,368 entries instead of 87,289 (docs/benchmarks.md)."""
        led, cocared, departments = [], [], set()
        for raw in raw_ids:
            group = self._groups[self._owner[raw]]
            if group.lead == advisor:
                led.append(raw)
            else:
                cocared.append(raw)
                departments |= {a.department for a in group.assignments if a.advisor == advisor}
        # The departments of all co-cared groups in one list: a group where the advisor holds
        # one of them also brings the entries of the others it has, which is more than its
        # lists need and changes none of their answers.
        where = "WHERE group_id = ANY(%s) OR (group_id = ANY(%s) AND coalesce(doc->>'department', '') = ANY(%s))"
        return _STATUS.format(where=where), (led, cocared, sorted(departments))

    def status_of(self, groups: Iterable[Group]) -> dict[str, list[Contact]]:
        """Group id → the status entries of `groups` (and of groups merged into them): what
        the status picture holds of them, read in one query whatever the picture is."""
        groups = {g.id: g for g in groups}
        found: dict[str, list[Contact]] = {gid: [] for gid in groups}
        dates = self._dates
        conn = self._conn
        with self._read_snapshot():  # for the merged groups and their entries
            owner = self._owners(groups)
            with conn.cursor(binary=True) as cur:
                cur.execute(_STATUS.format(where="WHERE group_id = ANY(%s)"), (sorted(owner),))
                for (doc,) in cur:
                    contact = Contact.from_json(doc, dates)
                    found[owner[contact.group]].append(contact)
        return found

    def add_groups(self, group_ids: Iterable[str]) -> Institute | None:
        """The picture with `group_ids` (live ids) and their contacts added, kept by every
        refresh; None when the picture holds every group already (the whole picture) or
        none of them is new. For a narrow picture of scope None (the app's)."""
        if self._picture == (None, None) or self._picture[0] is not None:
            return None
        new = sorted(set(group_ids) - set(self._groups))
        if not new:
            return None
        conn = self._conn
        with self._read_snapshot():
            rows = conn.execute("SELECT doc FROM groups WHERE id = ANY(%s)", (new,)).fetchall()
            if not rows:
                return None
            for (doc,) in rows:
                group = Group.from_json(doc)
                self._groups[group.id] = group
                self._added.add(group.id)
            before = set(self._owner)
            self._owner = self._owners()
            self._read_contacts(sorted(set(self._owner) - before))
        return self._build()

    def _owners(self, groups: dict[str, Group] | None = None) -> dict[str, str]:
        """Stored group id → the live group of the picture (or of `groups`) its contacts
        belong to: the group itself, and groups merged into it unless they are live again (as
        `_build` does for the whole picture; asked of the database, the picture lacks them)."""
        groups = self._groups if groups is None else groups
        owner = {gid: gid for gid in groups}
        merged = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in owner}
        if merged:
            live = {gid for (gid,) in self._conn.execute("SELECT id FROM groups WHERE id = ANY(%s)", (sorted(merged),))}
            owner |= {raw: gid for raw, gid in merged.items() if raw not in live}
        return owner

    def _build(self) -> Institute:
        config = self._config if self._config is not None else Config.from_json(_default_config())
        groups = dict(self._groups)
        contacts: dict[str, list[Contact]] = defaultdict(list)
        if self._picture != (None, None):
            for raw, items in self._scoped.items():
                live = self._owner.get(raw)
                if live is not None:
                    contacts[live].extend(items)
            history_from = date(self._since, 1, 1) if self._since is not None else None
            some = self._picture[0] is None
            return Institute(config, dict(self._advisors), groups, dict(contacts), False, history_from, some_groups=some)
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups}
        for c in self._contacts.values():
            contacts[merged_into.get(c.group, c.group) if merged_into else c.group].append(c)
        history_from = date(self._since, 1, 1) if self._since is not None else None
        return Institute(config, dict(self._advisors), groups, dict(contacts), True, history_from)

    def closed_history(self, group_ids, before: int) -> list[Contact]:
        """The contacts of `group_ids` (stored ids) dated before 1 January of `before`."""
        rows = self._conn.execute(
            "SELECT doc FROM contacts WHERE group_id = ANY(%s) AND doc->>'date' < %s",
            (sorted(set(group_ids)), f"{before:04d}-01-01"),
        )
        return [Contact.from_json(doc, self._dates) for (doc,) in rows]

    # ---- the interface's state of a tolerant load: a database has no bad files --------------

    @property
    def problems(self) -> list[str]:
        return []

    @property
    def read_only(self) -> bool:
        return False


def _default_config() -> dict:
    from ...config import default_config_json

    return default_config_json()

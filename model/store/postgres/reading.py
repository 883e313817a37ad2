"""Reading the institute from PostgreSQL, as a mixin of `PostgresStore`.

The first load reads every row; a refresh reads the change counters (one small query) and
then only the rows changed since: each write takes the next number of its kind's counter
under that counter's row lock, so writers of one kind commit in counter order and a snapshot
that sees counter N holds every row numbered up to N. A removal (merge, erasure, a withdrawn
contact: postgres/maintenance.py) bumps `removed`, and the next refresh reads everything again.
"""

from __future__ import annotations

from collections import defaultdict

import psycopg

from ...config import Config
from ...entities import Advisor, Contact, Group
from ...institute import Institute

KINDS = ("config", "advisors", "groups", "contacts", "removed")


class ReadingMixin:
    _conn: psycopg.Connection

    def _init_reading(self) -> None:
        self._seen: dict[str, int] | None = None
        self._config: Config | None = None
        self._advisors: dict[str, Advisor] = {}
        self._groups: dict[str, Group] = {}
        self._contacts: dict[str, Contact] = {}
        self._dates: dict = {}

    def _counters(self) -> dict[str, int]:
        return dict(self._conn.execute("SELECT kind, counter FROM changes").fetchall())

    def load(self, first_for: str | None = None, tolerant: bool | None = None, scope: str | None = None) -> Institute:
        """The institute as stored now (first call: every row; later: the changed rows).
        `first_for` and `tolerant` are accepted for the interface: a database has no
        half-read files, so the picture is always complete."""
        self._read_changes(force=False)
        return self._build()

    def refresh(self, tolerant: bool | None = None) -> Institute | None:
        """The new picture if anything changed since the last load, else None (one query)."""
        if self._seen is not None and self._counters() == self._seen:
            return None
        self._read_changes(force=False)
        return self._build()

    def _read_changes(self, force: bool) -> None:
        conn = self._conn
        with conn.transaction():
            # One snapshot for the counters and the rows they number.
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            counters = self._counters()
            seen = self._seen
            if force or seen is None or counters.get("removed") != seen.get("removed"):
                self._init_reading()
                seen = {kind: -1 for kind in KINDS}
            if counters["config"] != seen["config"]:
                row = conn.execute("SELECT doc FROM config WHERE id = 1").fetchone()
                self._config = Config.from_json(row[0]) if row else None
            if counters["advisors"] != seen["advisors"]:
                rows = conn.execute("SELECT doc FROM advisors WHERE changed > %s", (seen["advisors"],))
                for (doc,) in rows:
                    advisor = Advisor.from_json(doc)
                    self._advisors[advisor.code] = advisor
            if counters["groups"] != seen["groups"]:
                for (doc,) in conn.execute("SELECT doc FROM groups WHERE changed > %s", (seen["groups"],)):
                    self._groups[doc["id"]] = Group.from_json(doc)
            if counters["contacts"] != seen["contacts"]:
                dates = self._dates
                with conn.cursor(binary=True) as cur:
                    cur.execute("SELECT doc FROM contacts WHERE changed > %s", (seen["contacts"],))
                    for (doc,) in cur:
                        contact = Contact.from_json(doc, dates)
                        self._contacts[contact.id] = contact
            self._seen = counters

    def _build(self) -> Institute:
        config = self._config if self._config is not None else Config.from_json(_default_config())
        groups = dict(self._groups)
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups}
        contacts: dict[str, list[Contact]] = defaultdict(list)
        for c in self._contacts.values():
            contacts[merged_into.get(c.group, c.group) if merged_into else c.group].append(c)
        return Institute(config, dict(self._advisors), groups, dict(contacts), True)

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

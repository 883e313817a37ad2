"""The search's directory of every group on PostgreSQL, as a mixin of `PostgresStore`.

`group_directory` is what the search needs of every group (numbers, names, customers,
persons, the class): a narrow picture's app finds any group without holding them all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import psycopg

from ...entities import ContactPerson, Customer, Group
from ..interface import Directory

# What the search shows and looks in (model.contacts.find), as plain texts (no JSON to build and
# parse): no assignments, castings, history or the persons' ids and functions. The class in
# force (the latest casting's, as `Group.cls`) is worked out here and stands in carried_class.
_LATEST_CLASS = """(SELECT coalesce(nullif(c->>'override_class', ''), c->>'computed_class')
    FROM jsonb_array_elements(coalesce(doc->'castings', '[]')) WITH ORDINALITY AS x(c, n)
    ORDER BY c->>'date' DESC, coalesce((c->>'seq')::bigint, 0) DESC, n DESC LIMIT 1)"""


def _texts(array: str, key: str) -> str:
    return f"ARRAY(SELECT coalesce(e->>'{key}', '') FROM jsonb_array_elements(coalesce(doc->'{array}', '[]')) WITH ORDINALITY AS x(e, n) ORDER BY n)"


_DIRECTORY = f"""
SELECT id, doc->>'number', doc->>'name', doc->>'lead', coalesce(doc->>'segment', ''),
       coalesce({_LATEST_CLASS}, doc->>'carried_class'), revision,
       {_texts("customers", "number")}, {_texts("customers", "name")},
       {_texts("persons", "name")}, {_texts("persons", "phone")}, {_texts("persons", "email")}
FROM groups {{where}}
"""


class DirectoryMixin:
    """Expects `_conn`, and `_read_snapshot` and `_counters` of `ReadingMixin`."""

    _conn: psycopg.Connection

    def group_directory(self, since: object | None = None, keep: Callable[[Group], Any] | None = None) -> Directory:
        """The live groups as the search needs them: number, name, lead, segment, customers,
        persons (name, phone, e-mail) and the class in force. With `since` (the change
        counters of an earlier answer) only the groups changed since, unless one was removed
        (merged, erased) meanwhile. The store keeps none of them."""
        conn = self._conn
        groups: list = []
        keep = keep or (lambda group: group)
        with self._read_snapshot():
            counters = self._counters()
            now = (counters["groups"], counters["removed"])
            if since == now:
                return Directory(now, [], False)
            whole = not (isinstance(since, tuple) and len(since) == 2 and since[1] == now[1])
            query = _DIRECTORY.format(where="" if whole else "WHERE changed > %s")
            # A server-side cursor, 5,000 rows at a time: at 100,000 groups 60 MB less held
            # by the app afterwards (the whole result is never in memory), 0.7 s slower.
            with conn.cursor(name="kontakt_directory", binary=True) as cur:
                cur.itersize = 5000
                cur.execute(query, () if whole else (since[0],))
                for gid, number, name, lead, segment, cls, revision, numbers, names, persons, phones, emails in cur:
                    groups.append(keep(
                        Group(
                            gid, number, name, sys.intern(segment), sys.intern(lead),
                            customers=tuple(map(Customer, numbers, names)),
                            persons=tuple(ContactPerson("", n, "", p, e) for n, p, e in zip(persons, phones, emails, strict=True)),
                            carried_class=cls, revision=revision,
                        )
                    ))  # fmt: skip
        return Directory(now, groups, whole)

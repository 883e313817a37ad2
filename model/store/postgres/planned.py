"""What an import planned (`model.store.bulk.write_planned`), written on PostgreSQL in one
transaction with the folder store's rules: advisors merged, group changes applied to the
fresh records, a new group's number looked up again under lock (a colleague's import that
created it meanwhile gets the file's columns instead of a second group), contacts once."""

from __future__ import annotations

import uuid
from dataclasses import replace

from ...entities import Advisor, Contact
from ...group_numbers import normalise_number
from ..bulk import Written

# Importers of new groups take this lock first, so the number check below sees every group
# a concurrent import created (transaction-scoped: released at commit or rollback).
_NEW_GROUPS_LOCK = 0x6B6F6E75


def write_planned(store, advisors: list[Advisor], changes: dict, new_groups: list, contacts: list[Contact], what: str) -> Written:
    conn = store._conn
    counts = {"created": 0, "updated": 0, "unchanged": 0, "contacts": 0}
    with conn.transaction():
        if advisors:
            store._write_advisors(advisors)
        work = dict(changes)
        if new_groups:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_NEW_GROUPS_LOCK,))
            by_number = {normalise_number(n): gid for gid, n in conn.execute("SELECT id, number FROM groups")}
            for planned, on_existing in new_groups:
                key = normalise_number(planned.number)
                existing = by_number.get(key)
                if existing is not None:
                    work[existing] = on_existing
                else:
                    group_id = str(uuid.uuid4())
                    by_number[key] = group_id
                    work[group_id] = lambda _fresh, g=replace(planned, id=group_id): g
        if work:
            before = dict(conn.execute("SELECT id, revision FROM groups WHERE id = ANY(%s)", (sorted(work),)).fetchall())
            entries = store._write_groups(work)
            written = {e["id"] for e in entries}
            counts["created"] = sum(1 for gid in written if gid not in before)
            counts["updated"] = len(written) - counts["created"]
            counts["unchanged"] = len(work) - len(written)
        counts["contacts"] = len(store._write_contacts(contacts))
    return Written(**counts)

"""The maintenance operations of `PostgresStore` (a mixin): the DSGVO erasure and
information export, merging two groups, and the call party's undo of a just-logged contact —
each one transaction with row locks, with the folder store's rules, German messages, audit
entries and results (`model.store.erasure`, `privacy`, `merge_groups`, `withdraw`).

Erasure and writers: a contact row has nothing to lock before it exists, so the writers of
contacts and of a new Verbund-Nr take a shared advisory lock before they read the tombstones;
the erasure takes it exclusively after locking the group's row (new contacts wait for the
erasure's commit, a few hundred milliseconds). A writer either commits before the erasure deletes (and is deleted with
it) or reads the tombstone after it (and is refused). Groups and collections are serialised
by their row locks. A removal bumps the `removed` counter: other PCs' refresh reads all.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import psycopg
from psycopg.types.json import Jsonb

from ...entities import Group, code_problem, valid_code
from ...german.counts import counted
from ..erased import new_tombstone
from ..erasure import Erasure, NotErased
from ..files import StoreError
from ..merge_groups import GONE, MergeReport, merged_group, resolve
from ..privacy import export_data
from ..scrub import scrub_audit_entry, scrub_table
from ..withdraw import not_found, refuse_unless_withdrawable

# The advisory lock between an erasure (exclusive) and the writers that could re-create its
# data without a row to wait on (shared): new contacts, a new Verbund-Nr. One key, not one
# per group: an import of a year's contacts would otherwise hold thousands of locks.
_ERASURE_LOCK = 0x6B6F6E65


def erasure_lock(conn: psycopg.Connection, exclusive: bool = False) -> None:
    """Take the erasure lock until the transaction ends: shared for writers, exclusive for
    the erasure. Writers take it after their row locks, the erasure after the group's row:
    one order, no deadlock."""
    take = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    conn.execute(f"SELECT {take}(%s)", (_ERASURE_LOCK,))


class MaintenanceMixin:
    _conn: psycopg.Connection
    user: str

    # ---- DSGVO ----------------------------------------------------------------------------

    def find_erasure(self, number: str) -> tuple[str, str] | None:
        """(group id, number) of an erasure done for Verbund-Nr `number`, else None."""
        row = self._conn.execute("SELECT group_id, number FROM tombstones WHERE number = %s", (number,)).fetchone()
        return (row[0], row[1]) if row else None

    def export_group(self, group_id: str) -> dict:
        """DSGVO information (Art. 15). kontakt keeps no copies beside the tables: the
        database's dumps and archives are IT's (README „PostgreSQL“)."""
        return export_data(self, group_id, [])

    def erase_group(self, group_id: str, number: str) -> Erasure:
        """DSGVO erasure (Art. 17): the group's contacts, its entries in shared collections,
        its record and the before/after values of its audit entries, the tombstone and one
        anonymous audit entry — all in one transaction. A failure leaves everything as it
        was (NotErased says so)."""
        try:
            with self._conn.transaction():
                return self._erase(group_id, number)
        except (psycopg.Error, StoreError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            raise NotErased(
                f"Löschung von Verbund {number} nicht ausgeführt: {reason}. Die Transaktion wurde zurückgerollt, "
                f"nichts wurde gelöscht. Erneut versuchen: kontakt erase {number}"
            ) from None

    def _erase(self, group_id: str, number: str) -> Erasure:
        conn = self._conn
        # The row first, then the writers' keys: the same order as a group writer's.
        conn.execute("SELECT id FROM groups WHERE id = %s FOR UPDATE", (group_id,))
        erasure_lock(conn, exclusive=True)
        resumed = conn.execute("SELECT 1 FROM tombstones WHERE group_id = %s", (group_id,)).fetchone() is not None
        result = Erasure(group_id, number, resumed, register="der Tabelle tombstones")
        if not resumed:
            conn.execute(
                "INSERT INTO tombstones (group_id, number, doc) VALUES (%s, %s, %s)",
                (group_id, number, Jsonb(new_tombstone(group_id, number, self.user))),
            )
        gone = conn.execute("DELETE FROM contacts WHERE group_id = %s RETURNING advisor, year", (group_id,)).fetchall()
        for (advisor, year), n in sorted(Counter(gone).items(), key=lambda item: (item[0][1], item[0][0])):
            result.add(f"contacts {year}/{advisor}", f"{n} Kontakt(e)")
        for name, records in conn.execute("SELECT name, records FROM collections ORDER BY name FOR UPDATE").fetchall():
            table = {str(i): r for i, r in enumerate(records)}
            touched = scrub_table(table, group_id)
            if touched:
                conn.execute(
                    "UPDATE collections SET records = %s, revision = revision + 1 WHERE name = %s",
                    (Jsonb(list(table.values())), name),
                )
                result.add(f"collections/{name}", f"{touched} Eintrag/Einträge des Verbunds")
        if conn.execute("DELETE FROM groups WHERE id = %s RETURNING id", (group_id,)).fetchone():
            result.add("groups", "Verbund mit Kunden, Ansprechpartnern, Castings, Co-Betreuung")
        rows = conn.execute(
            "SELECT seq, entry FROM audit WHERE group_id = %s OR strpos(entry::text, %s) > 0 ORDER BY seq FOR UPDATE",
            (group_id, group_id),
        ).fetchall()
        changed = [(Jsonb(new), seq) for seq, entry in rows if (new := scrub_audit_entry(entry, group_id)) != entry]
        if changed:
            with conn.cursor() as cur:
                cur.executemany("UPDATE audit SET entry = %s WHERE seq = %s", changed)
            result.add("audit", f"Vorher/Nachher-Werte von {len(changed)} Protokolleintrag/-einträgen")
        done = {"done": datetime.now().isoformat(timespec="seconds"), "done_by": self.user}
        conn.execute(
            "UPDATE tombstones SET doc = doc || %s WHERE group_id = %s AND doc->>'done' IS NULL", (Jsonb(done), group_id)
        )
        if result.removed:
            self._bump("removed")
        summary = {"entfernt": len(result.removed), "fortgesetzt": resumed}
        self._insert_audit([self._entry("dsgvo", "erase", group_id, group_id, None, summary, "tombstones")])
        return result

    # ---- merging two groups -------------------------------------------------------------------

    def merge_groups(self, keep_ref: str, drop_ref: str) -> MergeReport:
        """Merge group `drop_ref` into `keep_ref` (numbers or ids) in one transaction: both
        rows locked and read fresh, the contacts re-pointed, the given-up row deleted."""
        found = resolve(self.load(), keep_ref, drop_ref)
        if isinstance(found, MergeReport):
            return found
        keep, drop = found
        conn = self._conn
        at = datetime.now().isoformat(timespec="seconds")
        with conn.transaction():
            rows = conn.execute(
                "SELECT id, doc FROM groups WHERE id = ANY(%s) ORDER BY id FOR UPDATE", (sorted([keep.id, drop.id]),)
            )
            docs = dict(rows.fetchall())
            keep_doc, drop_doc = docs.get(keep.id), docs.get(drop.id)
            if keep_doc is None or drop_doc is None:
                raise StoreError(GONE)
            fresh_keep, fresh_drop = Group.from_json(keep_doc), Group.from_json(drop_doc)
            group, counts = merged_group(fresh_keep, fresh_drop, at, self.user)
            new_doc = keep_doc | group.to_json() | {"revision": fresh_keep.revision + 1}
            moved_rows = conn.execute(
                "UPDATE contacts SET group_id = %s, doc = jsonb_set(doc, '{group}', to_jsonb(%s::text)) "
                "WHERE group_id = %s RETURNING advisor, year",
                (keep.id, keep.id, drop.id),
            ).fetchall()
            conn.execute("DELETE FROM groups WHERE id = %s", (drop.id,))
            self._upsert_groups([new_doc])
            self._bump("removed")
            moved = len(moved_rows)
            summary = {"merged_into": group.number, "contacts": moved, **counts}
            entries = [
                self._entry("group", "merge", drop.id, drop.id, drop_doc, summary, "groups"),
                self._entry("group", "update", keep.id, keep.id, keep_doc, new_doc, "groups"),
            ]
            for (advisor, year), n in sorted(Counter(moved_rows).items(), key=lambda item: (item[0][1], item[0][0])):
                entries.append(
                    self._entry(
                        "contact",
                        "update",
                        counted(n, "Kontakt", "Kontakte"),
                        keep.id,
                        {"group": drop.id},
                        {"group": keep.id},
                        f"contacts {year}/{advisor}",
                    )
                )
            self._insert_audit(entries)
        return MergeReport(group, fresh_drop.number, moved, **counts)

    # ---- the call party's undo ------------------------------------------------------------------

    def withdraw_contact(self, contact_id: str, year: int, now: datetime | None = None) -> dict:
        """Remove the contact `contact_id` this user logged within the withdraw window among
        their contacts of `year`; returns the removed record. Anything else is refused with
        the folder store's German reason and nothing is changed."""
        if not valid_code(self.user):
            raise StoreError(code_problem(self.user))
        now = now or datetime.now()
        with self._conn.transaction():
            row = self._conn.execute(
                "SELECT doc FROM contacts WHERE id = %s AND advisor = %s AND year = %s FOR UPDATE",
                (contact_id, self.user, year),
            ).fetchone()
            if row is None:
                raise not_found(contact_id, f"den Kontakten {year} von {self.user}")
            record = row[0]
            refuse_unless_withdrawable(record, contact_id, f"Kontakte {year} von {self.user}", self.user, now)
            self._conn.execute("DELETE FROM contacts WHERE id = %s", (contact_id,))
            self._bump("removed")
            self._insert_audit([self._entry("contact", "withdraw", contact_id, record.get("group"), record, None, "contacts")])
        return record

"""Writing contacts into the folder store, a mixin of `Store`: each contact goes into its
writer's file for its year (`contacts/YYYY/KÜRZEL.json`, one writer per file), under that
file's lock, with the store's next save sequence (sequence.py) and an audit line; several
files written at once fold the status index once at the end (`deferred_index`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..entities import Contact
from ..german.dates import date_problem
from . import erased, sequence
from .files import StoreError


class ContactWritesMixin:
    root: Path
    user: str

    def log_contact(self, contact: Contact) -> Contact:
        """Append one contact to its writer's file for that year (durable on return)."""
        if not contact.logged_at:
            contact = _stamped(contact)
        seqs: dict[str, int] = {}
        self.add_contacts([contact], seqs)
        return contact._replace(seq=seqs.get(contact.id, contact.seq))

    def add_contacts(self, contacts: Iterable[Contact], seqs: dict[str, int] | None = None) -> int:
        """Add contacts that are not stored yet (by id); returns how many were new. Each new
        contact gets the store's next save sequence (sequence.py), recorded in `seqs`."""
        by_file: dict[Path, list[Contact]] = defaultdict(list)
        for c in contacts:
            # Everything is checked before the first write: never store, then fail.
            problem = date_problem(c.date, c.follow_up)
            if problem:
                raise StoreError(f"Kontakt {c.id}: {problem}; nichts wurde gespeichert.")
            by_file[self.contacts_path(c.date.year, c.by)].append(c)
        with self.deferred_index() if len(by_file) > 1 else _nothing():
            return self._add_by_file(by_file, seqs)

    def _add_by_file(self, by_file: dict[Path, list[Contact]], seqs: dict[str, int] | None) -> int:
        added = 0
        for path, items in sorted(by_file.items()):
            with self._transaction(path, "contacts") as db:
                erased.refuse(self.root, {c.group for c in items})
                fresh = insert_new(self, db, items)
                if fresh:
                    if seqs is not None:
                        seqs.update((c["id"], c["seq"]) for c in fresh)
            self._audit([self._entry("contact", "create", c["id"], c["group"], None, c, path) for c in fresh])
            added += len(fresh)
        return added


def insert_new(store, db, items: list[Contact]) -> list[dict]:
    """Insert into a contacts file's table the contacts it does not hold yet (by id), each
    with the store's next save sequence — taken under the file's lock, so the numbers follow
    the order of the saves; returns them as stored."""
    table = db.table("contacts")
    known = {doc["id"] for doc in table.all()}
    fresh = []
    for c in items:
        if c.id not in known:
            known.add(c.id)
            fresh.append(c.to_json())
    if fresh:
        fresh = sequence.stamp(store.root, fresh, store.user)
        table.insert_multiple(fresh)
    return fresh


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _stamped(contact: Contact) -> Contact:
    return contact._replace(logged_at=datetime.now().isoformat(timespec="seconds"))

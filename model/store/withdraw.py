"""Taking back a contact the user has just logged (the call party's one-key undo).

A mixin of `Store`. Contacts are otherwise never removed (the history is the record of what
was done); a withdrawal is allowed only for a contact the same user logged a few minutes
ago, happens under the contact file's lock and is written to the audit trail with the
contact as it was, so the change history shows it. `refuse_unless_withdrawable` is the rule
itself, shared with the PostgreSQL store (`postgres/maintenance.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ..german.counts import counted
from .files import StoreError

WITHDRAW_WINDOW = timedelta(minutes=5)
"""How long after logging a contact its author may take it back."""


def not_found(contact_id: str, where: str) -> StoreError:
    return StoreError(f"Kontakt {contact_id} steht nicht in {where}; nichts zurückgenommen.")


def refuse_unless_withdrawable(record: dict, contact_id: str, where: str, user: str, now: datetime) -> None:
    """StoreError in German unless `user` logged `record` within WITHDRAW_WINDOW before `now`."""
    logged = record.get("logged_at") or ""
    try:
        age = now - datetime.fromisoformat(logged)
    except ValueError:
        age = None
    if record.get("by") != user or age is None or not timedelta(0) <= age <= WITHDRAW_WINDOW:
        window = counted(int(WITHDRAW_WINDOW.total_seconds() // 60), "Minute", "Minuten")
        raise StoreError(
            f"Kontakt {contact_id} ({where}) kann nicht mehr zurückgenommen werden: nur eigene Kontakte der letzten {window}."
        )


class WithdrawMixin:
    user: str
    root: Path

    def withdraw_contact(self, contact_id: str, year: int, now: datetime | None = None) -> dict:
        """Remove the contact `contact_id` that this user logged within WITHDRAW_WINDOW from
        their file for `year`; returns the removed record. Anything else is refused with a
        German reason (StoreError) and nothing is changed."""
        path = self.contacts_path(year, self.user)
        now = now or datetime.now()
        with self._transaction(path, "contacts") as db:
            table = db.table("contacts")
            found = [doc for doc in table.all() if doc.get("id") == contact_id]
            if not found:
                raise not_found(contact_id, path.name)
            record = dict(found[0])
            refuse_unless_withdrawable(record, contact_id, path.name, self.user, now)
            kept = [doc for doc in table.all() if doc.get("id") != contact_id]
            table.truncate()
            table.insert_multiple(kept)
        self._audit([self._entry("contact", "withdraw", contact_id, record.get("group"), record, None, path)])
        return record

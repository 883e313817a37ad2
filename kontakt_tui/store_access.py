"""What the screens may ask of the store, by name. Screens never hold the store: each method
here runs one store call in a worker thread of the App (one store access at a time keeps the
store's cache sound), rereads what changed and returns the answer to come (Pending).

A flow written top-down awaits the answer inside its own `@work` method:

    written = await self.app.save_contact(contact)
    if written.problem:
        ...  # reopen the dialog with the draft and the reason

Callers that do not wait let the app report: a failed write is announced where the method
says so, and the institute on screen is updated either way."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Generator, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from textual import work
from textual.worker import Worker

from model.entities import Advisor, Contact, Group
from model.store import Store, StoreError

if TYPE_CHECKING:
    from model.institute import Institute


class Written(NamedTuple):
    """The store's answer to a write, or the German reason why nothing was saved."""

    value: Any = None
    problem: str = ""


class Read(NamedTuple):
    """What was read (None: unchanged since the signature the caller knew), or why not."""

    value: Any = None
    problem: str = ""


T = TypeVar("T")


class Pending(Generic[T]):
    """A store call running in a worker of the App. Awaiting it gives the answer; a screen
    that is closed while it waits does not cancel the call (the wait is shielded)."""

    def __init__(self, worker: Worker[T]) -> None:
        self.worker = worker

    def __await__(self) -> Generator[Any, None, T]:
        return asyncio.shield(self.worker.wait()).__await__()


class StoreAccess:
    """Mixed into the App; expects `store`, `institute`, `saving`, `_loaded` and `notify`."""

    store: Store
    institute: Institute | None

    def _init_store_access(self) -> None:
        self._store_lock = threading.Lock()
        self._pending: dict[str, Contact] = {}

    # ---- writes -------------------------------------------------------------------------

    def save_contact(self, contact: Contact) -> Pending[Written]:
        """Show the contact at once and write it in the background; on failure it is taken
        back and announced (the guided call reopens with what was typed)."""
        self._pending[contact.id] = contact
        if self.institute is not None:
            self.institute = self.institute.with_contacts([contact])
        return Pending(
            self._write(
                lambda store: store.log_contact(contact), "Kontakt nicht gespeichert", lambda w: self._contact_written(contact, w)
            )
        )

    def _contact_written(self, contact: Contact, written: Written) -> None:
        self._pending.pop(contact.id, None)
        if written.problem and self.institute is not None:
            self.institute = self.institute.without_contact(contact)

    def withdraw_contact(self, contact: Contact) -> Pending[Written]:
        """Take back a contact this user has just logged (the store allows it for a few
        minutes, with an audit entry). Await its save first. Failures are announced."""
        self._pending.pop(contact.id, None)
        if self.institute is not None:
            self.institute = self.institute.without_contact(contact)

        return Pending(
            self._write(lambda store: store.withdraw_contact(contact.id, contact.date.year), "Kontakt nicht zurückgenommen")
        )

    def change_group(
        self, group_id: str, change: Callable[[Group | None], Group], base_revision: int | None = None
    ) -> Pending[Written]:
        """Apply an edit to the freshly read group; a colleague's save since `base_revision`
        is reported instead of overwritten. A ValueError from `change` means the edit no longer
        fits the fresh record (a colleague was faster). Failures are announced."""
        update = self._write(lambda store: store.update_group(group_id, change, base_revision), "Nicht gespeichert")
        return Pending(update)

    def save_group_merged(self, base: Group, mine: Group) -> Pending[Written]:
        """Save base→mine over a colleague's save in between; `value` is the MergeResult
        (not saved when both changed the same field: the caller lets the user choose)."""
        return Pending(self._write(lambda store: store.save_group_merged(base, mine)))

    def save_config(self, config: dict) -> Pending[Written]:
        return Pending(self._write(lambda store: store.save_config(config)))

    def change_config(self, document: dict, action: str = "config") -> Pending[Written]:
        """A configuration change the way `kontakt config set` makes it: the user's role for
        `action`, the configuration's own checks, a new revision with backup and audit."""
        from model.staff import save_config_change

        institute, user = self.institute, self.user
        return Pending(self._write(lambda store: save_config_change(store, institute, user, document, action=action)))

    # ---- staff and handover: the same model functions as `kontakt staff` and `kontakt handover` ----

    def save_staff_change(self, code: str, fields: dict, new: bool = False) -> Pending[Written]:
        """Add a person (`new`; fields: name, department, role, hours, login, email) or change
        one (`model.staff.change_person`): the role check, the field checks and the audited
        save of the CLI. `value` is the saved Advisor; `problem` the German reason."""
        from model.staff import add_person, change_person

        institute, user = self.institute, self.user
        if new:
            return Pending(self._write(lambda store: add_person(store, institute, user, code, **fields)))
        return Pending(self._write(lambda store: change_person(store, institute, user, code, **fields)))

    def save_leaving(self, code: str, on: date) -> Pending[Written]:
        """Mark `code` as left on `on` (`model.staff.mark_left`); `value` is (advisor, groups
        they still hold a role in)."""
        from model.staff import mark_left

        institute, user = self.institute, self.user
        return Pending(self._write(lambda store: mark_left(store, institute, user, code, on)))

    def hand_over(self, giver: str, taker: str, numbers: list[str], on: date) -> Pending[Written]:
        """The portfolio handover of `kontakt handover` (`model.staff.hand_over`), all or
        nothing; `value` is the Handover (what moved)."""
        from model.staff import hand_over

        institute, user = self.institute, self.user
        return Pending(self._write(lambda store: hand_over(store, institute, user, giver, taker, numbers, on)))

    def save_advisors(self, advisors: Iterable[Advisor]) -> Pending[Written]:
        advisors = list(advisors)
        return Pending(self._write(lambda store: store.save_advisors(advisors)))

    def update_collection(self, name: str, change: Callable[[list[dict]], list[dict]]) -> Pending[Written]:
        """Change a shared collection (Call Party, Care Calls) under the store's lock."""
        return Pending(self._write(lambda store: store.update_collection(name, change)))

    def save_surveys(self, surveys: list[dict]) -> Pending[Written]:
        """Care-Call surveys and their entries in the groups' histories (one rule with the
        import: `model.campaigns.survey_store`)."""
        from model.campaigns import survey_store

        institute = self.institute
        return Pending(self._write(lambda store: survey_store.save_surveys(store, institute, surveys)))

    def dispatch_care_calls(self, write: Callable[[list[dict], list[dict]], list], user: str, at: datetime) -> Pending[Written]:
        """A Monday dispatch: `write(dispatches, surveys)` writes the files from the freshly
        read dispatch log and surveys and returns the rows sent, which are then logged as
        dispatched by `user` at `at` (so the repeat rule sees them)."""
        from model.campaigns import dispatch, survey_store
        from model.campaigns.care_calls import COLLECTION

        def run(store: Store):
            rows = write(store.read_collection(dispatch.DISPATCHES), store.read_collection(COLLECTION))
            survey_store.log_dispatches(store, rows, user, at)
            return rows

        return Pending(self._write(run))

    def _saving(self, step: int) -> None:
        self.saving += step

    @work(thread=True, group="store-write", description="Speichern")
    def _write(
        self,
        write: Callable[[Store], object],
        failure_title: str | None = None,
        after: Callable[[Written], None] | None = None,
    ) -> Written:
        """Run `write(store)`, then reread what changed; `after(written)` runs on the UI thread
        before anyone awaiting the worker sees the answer."""
        self.call_from_thread(self._saving, +1)
        try:
            with self._store_lock:
                value = write(self.store)
                fresh = self.store.refresh()
                # A backup or audit entry that could not be written after the save counts.
                warnings, self.store.warnings[:] = list(self.store.warnings), []
        except (StoreError, ValueError) as exc:
            written = Written(problem=str(exc))
            if failure_title:
                self.call_from_thread(self.notify, written.problem, title=failure_title, severity="error", timeout=15)
        else:
            written = Written(value)
            if fresh is not None:
                self.call_from_thread(self._loaded, fresh)
            for warning in warnings:
                self.call_from_thread(self.notify, warning, title="Hinweis", severity="warning", timeout=15)
        finally:
            self.call_from_thread(self._saving, -1)
        if after is not None:
            self.call_from_thread(after, written)
        return written

    # ---- reads --------------------------------------------------------------------------

    def read_audit(self, group_id: str) -> Pending[Read]:
        """The change history of one group, oldest first."""
        return Pending(self._read(lambda store: store.audit_for(group_id)))

    def read_closed_history(self, group: Group, before: int) -> Pending[Read]:
        """`value` is the group's contacts (and those of groups merged into it) dated before
        1 January of `before`: what a picture without closed years left out. Not under the
        store lock: the first reading of a closed year may take seconds on a share, and it
        touches nothing of the picture (a database connection serialises its own use)."""
        ids = [group.id, *(m.id for m in group.merged if m.id not in (self.institute.groups if self.institute else {}))]
        return Pending(self._read_unlocked(lambda store: tuple(store.closed_history(ids, before))))

    @work(thread=True, group="store-archive", description="Ältere Jahre lesen")
    def _read_unlocked(self, read: Callable[[Store], object]) -> Read:
        try:
            return Read(read(self.store))
        except (StoreError, OSError) as exc:
            return Read(problem=str(exc))

    def read_collection(self, name: str, known: object = None) -> Pending[Read]:
        """`value` is (signature, records), or None when the collection's signature is still
        `known` (nothing to reread)."""

        def read(store: Store):
            signature = store.collection_signature(name)
            return None if signature == known else (signature, store.read_collection(name))

        return Pending(self._read(read))

    @work(thread=True, group="store-read", description="Speicher lesen")
    def _read(self, read: Callable[[Store], object]) -> Read:
        try:
            with self._store_lock:
                return Read(read(self.store))
        except (StoreError, OSError) as exc:
            return Read(problem=str(exc))

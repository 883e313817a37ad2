"""The one store interface the app and the CLI work against, and how a location picks its
backend.

`StoreBackend` names every operation used outside `model/store/` on any store: reading the
institute (load, refresh), the writes with their revision checks and field-level merge, the
contacts log, the shared collections, the audit trail per group, and the state a caller
reports (warnings, problems, read_only) — and the maintenance operations (DSGVO information
and erasure, merging two groups, the call party's undo). Two backends satisfy it:

- `model.store.Store` — the embedded default, TinyDB files in one folder (a share);
- `model.store.postgres.PostgresStore` — PostgreSQL, for institutes beyond one share.

File-only maintenance (`doctor`, `restore`, `accept`, `unlock`, backups, temp files) works on
files and is not part of the interface: those commands say so on a database
(`FILE_ONLY`). `open_backend`/`create_backend` choose by the location: a
`postgresql://…` (or `postgres://…`) URL opens the database, anything else is a folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from ..entities import Advisor, Contact, Group
from ..institute import Institute
from .merge import MergeResult

if TYPE_CHECKING:
    from .erasure import Erasure
    from .merge_groups import MergeReport

URL_SCHEMES = ("postgresql://", "postgres://")


class Directory(NamedTuple):
    """What `group_directory` answers."""

    token: object
    """Given back as `since`, the next call reads only what changed after this answer."""
    groups: list
    """The groups (or what `keep` made of each)."""
    whole: bool
    """True: `groups` are every live group; False: those added or changed since `since`
    (none was removed: a removal makes the next answer whole)."""


def serves(group: Group, advisor: str) -> bool:
    """Whether the group belongs in `advisor`'s picture (`load(advisor=…)`): the advisor leads
    it or has a co-care assignment there, in any period. PostgreSQL asks the same in SQL."""
    return group.lead == advisor or any(a.advisor == advisor for a in group.assignments)


FILE_ONLY = frozenset(
    {
        # files, locks, backups and checksums exist only in the folder store
        "files", "resolve_file", "restore", "accept", "temp_files", "cleanup_temp_files",
        "shard_path", "shard_of", "shards", "organisation_path", "config_path", "contacts_path",
        "collection_path", "_transaction", "_backup", "_parse", "leases", "doctor", "bulk",
        "transaction",
        # the status index and the manifest of the lean reads (lean.py, status.py)
        "contact_files", "master_files", "lean_fallback", "deferred_index",
        # the advisor's digest (digest.py), renewed by the open app on a folder store only
        "renew_digest",
    }
)  # fmt: skip
"""Names used outside model/store on a store that belong to the folder store only."""


@runtime_checkable
class StoreBackend(Protocol):
    """What the app and the CLI may ask of a store, whatever keeps the data."""

    user: str
    """The Kürzel writing: contacts and audit entries carry it."""
    root: Any
    """Where the store is, for messages: the folder, or the database URL without password."""
    warnings: list[str]
    """German messages about follow-up writes (audit, backup) that failed after a save."""
    tolerant: bool
    on_problem: Callable[[str], None] | None

    # ---- reading ----------------------------------------------------------------------
    def load(
        self,
        first_for: str | None = None,
        tolerant: bool | None = None,
        scope: str | None = None,
        advisor: str | None = None,
        since: int | None = None,
    ) -> Institute:
        """The institute as stored now. `scope` None reads everything; "master" config,
        advisors and groups without contacts; "status" adds per group the latest contact of
        each (role, Care Call or not, outcome) — enough for `due_list` and
        `inactive_groups` on any day on or after the newest of them (the folder store: its
        status index). `advisor` restricts the groups to those the advisor leads or has a
        co-care assignment in (`serves`: what their due and inactive lists can show); the
        folder store reads them through the advisor's digest (digest.py). With scope "status"
        a backend may hold of a group the advisor does not lead only the entries of the
        departments the advisor is assigned there (PostgreSQL does): enough for their due
        list and "Meine Verbünde"; the inactive list asks only of the groups they lead. A backend
        may always return more than asked, down to the whole picture (`complete` True). Any narrower picture has `complete` False;
        `refresh` keeps the scope and the advisor of the last load.

        `since` (scope None, with or without `advisor`): contacts dated before 1 January of
        `since` (closed years, archive.first_open_year) are left out but for those that
        decide due dates and activity; the picture's `history_from` says so (the app's
        picture). A backend may return them anyway (`history_from` None)."""
        ...

    def closed_history(self, group_ids: Iterable[str], before: int) -> list[Contact]:
        """The contacts of `group_ids` (stored ids: the caller adds those merged into a
        group) dated before 1 January of `before`: what a card adds to a picture whose
        `history_from` left them out."""
        ...

    def load_group(self, advisor: str, number: str) -> Institute | None:
        """The configuration, the staff list and the advisor's live group with `number` only
        (`kontakt log` on one of the user's groups), the store's picture left as it is. None
        when that is not one of the advisor's groups, or cannot be told so cheaply: the
        caller loads a picture instead."""
        ...

    def status_of(self, groups: Iterable[Group]) -> dict[str, list[Contact]] | None:
        """Group id → the entries a status picture holds of these few groups (and of the
        groups merged into them), read without a picture: `kontakt log`'s next due date. None
        when the backend cannot answer so (the folder store's status index not trusted): the
        caller loads a status picture instead."""
        ...

    def add_groups(self, group_ids: Iterable[str]) -> Institute | None:
        """The picture of the last load with the live groups `group_ids` and their contacts
        added (a refresh keeps them): the app's card of a colleague's group, found by the
        search, on a picture of the user's own groups. None when nothing was added: the
        picture holds every group already, or none of the ids is a group."""
        ...

    def group_directory(self, since: object | None = None, keep: Callable[[Group], Any] | None = None) -> Directory:
        """The live groups as the search (model.contacts.find) needs them: number, name,
        lead, segment, customers, persons and the class in force — a backend may leave out
        the rest (assignments, castings, ids of persons). For a picture that lacks most
        groups. With `since` (the token of an earlier answer) a backend may answer with the
        groups added or changed since only (`whole` False). `keep(group)` is what the answer
        holds of each group, made as it is read (default: the group)."""
        ...

    def refresh(self, tolerant: bool | None = None) -> Institute | None: ...
    @property
    def problems(self) -> list[str]: ...
    @property
    def read_only(self) -> bool: ...

    # ---- master data ------------------------------------------------------------------
    def save_config(self, config: dict) -> None: ...
    def save_advisors(self, advisors: Iterable[Advisor]) -> None: ...
    def save_group(self, group: Group, base_revision: int | None = None) -> Group: ...
    def update_group(
        self, group_id: str, change: Callable[[Group | None], Group], base_revision: int | None = None, create: bool = False
    ) -> Group: ...
    def save_groups(self, groups: Iterable[Group]) -> int: ...
    def update_groups(self, changes: Mapping[str, Callable[[Group | None], Group | None]]) -> int: ...
    def save_group_merged(self, base: Group, mine: Group) -> MergeResult: ...

    # ---- contacts ---------------------------------------------------------------------
    def log_contact(self, contact: Contact) -> Contact: ...
    def add_contacts(self, contacts: Iterable[Contact]) -> int: ...

    # ---- shared collections -----------------------------------------------------------
    def collection_names(self) -> list[str]: ...
    def read_collection(self, name: str) -> list[dict]: ...
    def collection_signature(self, name: str) -> object: ...
    def update_collection(self, name: str, change: Callable[[list[dict]], list[dict]]) -> list[dict]: ...

    # ---- audit trail --------------------------------------------------------------------
    def audit_for(self, group_id: str) -> list[dict]: ...
    def _entry(self, kind, action, record_id, group, before, after, path=None) -> dict: ...
    def _audit(self, entries: list[dict]) -> None: ...

    # ---- maintenance: one method per rule, on either store (folder: maintenance.py) ----------
    def withdraw_contact(self, contact_id: str, year: int, now: datetime | None = None) -> dict: ...
    def merge_groups(self, keep_ref: str, drop_ref: str) -> MergeReport: ...
    def find_erasure(self, number: str) -> tuple[str, str] | None: ...
    def erase_group(self, group_id: str, number: str) -> Erasure: ...
    def export_group(self, group_id: str) -> dict: ...


@runtime_checkable
class Listening(Protocol):
    """A backend that tells of committed writes (PostgreSQL: LISTEN/NOTIFY), so the app waits
    instead of polling `refresh` on a timer; the folder store is polled."""

    def wait_for_change(self, timeout: float) -> bool:
        """True when a write was committed since the last call (or the wait began anew and
        one may have been missed), False after `timeout` seconds without one."""
        ...


def is_url(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def open_backend(location: str | Path, user: str) -> StoreBackend:
    """The store at `location`: a PostgreSQL URL or a folder (StoreError if there is none)."""
    if is_url(location):
        from .postgres import PostgresStore

        return PostgresStore.open(str(location), user)
    from .store import Store

    return Store.open(Path(location), user)


def create_backend(location: str | Path, user: str, config: dict | None = None) -> StoreBackend:
    """A new empty store at `location` (`kontakt init`): the schema in an empty database, or
    the files in an empty folder."""
    if is_url(location):
        from .postgres import PostgresStore

        return PostgresStore.create(str(location), user, config)
    from .store import Store

    return Store.create(Path(location), user, config)


def refuse_erased(store: StoreBackend, ids: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
    """ErasedError if an id or Verbund-Nr belongs to an erased group, on either backend."""
    check = getattr(store, "refuse_erased", None)
    if check is not None:
        check(ids, numbers)
        return
    from . import erased

    erased.refuse(store.root, list(ids), list(numbers))

"""Changing one store file under a lease lock, through TinyDB.

    with transaction(path, "groups", locks_dir) as db:
        db.table("groups").upsert(record, Query().id == record["id"])

takes the file's lock, reads the file fresh, hands a TinyDB over that data to the caller and,
if anything changed, bumps the file's revision and writes it atomically. Before the replace
it checks that nobody else wrote the file meanwhile (a holder paused past its lease must not
overwrite a newer revision). TinyDB's doc_ids live only inside this one transaction.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import LeaseSettingsMismatch, SoftFileLease, Timeout
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from .files import (
    ConflictError,
    StoreError,
    meta,
    new_document,
    read_document,
    signature,
    write_document,
)
from .journal import Recorder
from .leases import KontaktLease, Observer, holder_user, host_name  # noqa: F401 - host_name: audit.py imports it from here

LEASE_SECONDS = 30.0
LOCK_TIMEOUT = 20.0


class StoreBusyError(StoreError):
    """The file stayed locked by a colleague longer than we wait."""


class _TrackingStorage(MemoryStorage):
    """Memory storage that remembers whether TinyDB wrote to it."""

    def __init__(self) -> None:
        super().__init__()
        self.dirty = False

    def write(self, data):
        super().write(data)
        self.dirty = True


def lock_path(locks_dir: Path, relative: str) -> Path:
    return locks_dir / (relative.replace("/", "--") + ".lock")


def describe_holder(lease: SoftFileLease, waited: float = 0.0) -> str:
    """ "MKR auf PC-17 seit 12 s" when the marker names the holder (leases.holder_user), else host and pid.
    "seit" is how long this (the waiting) PC has seen the marker unchanged, over all
    attempts — never a comparison of the holder's clock with ours."""
    record = lease.owner
    if record is None:
        return "einem anderen Programm"
    user = holder_user(Path(lease.lock_file), record.token)
    if user:
        return f"{user} auf {record.hostname} seit {waited:.0f} s (Prozess {record.pid})"
    return f"PC {record.hostname} (Prozess {record.pid})"


@contextmanager
def locked(lock: Path, timeout: float | None = None, user: str = "") -> Iterator[KontaktLease]:
    """Hold the lease on `lock`. A crashed holder stops refreshing its marker; waiters take
    it over once they have seen it unchanged for the lease time on their own clock — an
    observation kept across attempts and commands (leases.Observer), so a retry after the
    lease gets in even though one attempt waits less than the lease."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    # (filelock creates `locks/` itself on every attempt: no mkdir of ours, one round trip less)
    observer = Observer(lock)
    lease = KontaktLease(lock, observer=observer, user=user, lease_duration=LEASE_SECONDS, timeout=timeout, poll_interval=0.02)
    started = time.monotonic()
    deadline = started + timeout
    while True:
        try:
            lease.acquire(timeout=max(0.0, deadline - time.monotonic()))
            break
        except LeaseSettingsMismatch:
            # A holder running a kontakt version with another lease time: wait for it like
            # for any holder instead of failing at once.
            if time.monotonic() < deadline:
                time.sleep(0.05)
                continue
        except Timeout:
            pass
        seen = max(observer.unchanged_for(), time.monotonic() - started)
        left = LEASE_SECONDS - seen
        hint = (
            f"Meldet sich der Inhaber nicht mehr, ist die Sperre in {left:.0f} s frei."
            if left > 0
            else "Die Sperre wird beim nächsten Versuch übernommen."
        )
        raise StoreBusyError(
            f"{lock.stem.replace('--', '/')} ist gesperrt von {describe_holder(lease, seen)}; "
            f"nach {timeout:g} s Warten abgebrochen. {hint} Bitte gleich noch einmal versuchen."
        ) from None
    observer.forget()
    try:
        yield lease
    finally:
        lease.release()


@contextmanager
def transaction(
    path: Path,
    kind: str,
    lock: Path,
    timeout: float | None = None,
    user: str = "",
    on_written: Callable[[dict], None] | None = None,
    on_read: Callable[[dict], None] | None = None,
    before_write: Callable[[dict], None] | None = None,
    journal: Recorder | None = None,
) -> Iterator[TinyDB]:
    """`on_written(data)` runs after a successful replace, still under the lock (backups,
    status index, manifest); `on_read(doc)` right after the fresh read under the lock,
    before the caller changes anything; `before_write(data)` only when something changed,
    right before the temp file is written (both may raise to abandon the transaction).
    `journal` (a shard's) is told what was read and, after the replace, what was written."""
    with locked(lock, timeout, user) as lease:
        before = signature(path)
        doc = read_document(path, kind) if before is not None else new_document(kind)
        if on_read is not None:
            on_read(doc)
        if journal is not None:
            journal.read(doc)
        db = TinyDB(storage=_TrackingStorage)
        storage = db.storage
        storage.memory = doc
        yield db
        if not storage.dirty:
            return
        data = storage.read()
        meta(data)["revision"] = int(meta(data).get("revision", 0)) + 1

        def fence() -> None:
            # Checked after the new content is on the share and right before the replace: a
            # holder paused past its lease (lid closed, SIGSTOP) whose lock was taken over
            # meanwhile must never overwrite what the new holder wrote.
            if lease.compromise is not None or not lease.still_ours() or signature(path) != before:
                raise ConflictError(
                    f"Datei {path} wurde während des Speicherns von anderer Seite geändert "
                    "oder die Sperre ist abgelaufen; nichts wurde überschrieben. Bitte erneut speichern."
                )

        # No fence here as well: the one before the replace is what keeps a late writer out;
        # checking earlier too cost a marker read and a stat per save and only spared a lost
        # holder its temp file (its pending token is cleared when the save is abandoned).
        if before_write is not None:
            before_write(data)
        written: list = []
        try:
            write_document(path, data, before_replace=fence, found=written if journal is not None else None)
        except PermissionError as exc:
            raise StoreError(
                f"Datei {path} konnte nicht ersetzt werden: sie ist anderswo geöffnet "
                f"(Virenscanner, anderer PC). Nichts wurde geändert. ({exc})"
            ) from exc
        except OSError as exc:
            raise StoreError(
                f"Datei {path} konnte nicht geschrieben werden ({exc.strerror or exc}). Nichts wurde geändert."
            ) from exc
        if journal is not None:
            journal.written(data, before, written[0] if written else None)
        if on_written is not None:
            on_written(data)


def os_login(environ=os.environ) -> str:
    """The operating-system login: on Windows the domain user (DOMAIN\\user, USERDOMAIN and
    USERNAME), elsewhere `getpass.getuser()`; "" when the system has none."""
    user, domain = environ.get("USERNAME", ""), environ.get("USERDOMAIN", "")
    if sys.platform == "win32" and user:
        return f"{domain}\\{user}" if domain else user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container without a passwd entry
        return user

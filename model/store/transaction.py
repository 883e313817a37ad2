"""Changing one store file under a lease lock, through TinyDB.

    with transaction(path, "groups", locks_dir) as db:
        db.table("groups").upsert(record, Query().id == record["id"])

takes the file's lock, reads the file fresh, hands a TinyDB over that data to the caller and,
if anything changed, bumps the file's revision and writes it atomically. Before the replace
it checks that nobody else wrote the file meanwhile (a holder paused past its lease must not
overwrite a newer revision). TinyDB's doc_ids live only inside this one transaction.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
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


def describe_holder(lease: SoftFileLease) -> str:
    record = lease.owner
    if record is None:
        return "einem anderen Programm"
    return f"PC {record.hostname} (Prozess {record.pid})"


@contextmanager
def locked(lock: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[SoftFileLease]:
    """Hold the lease on `lock`. A crashed holder stops refreshing its marker; waiters take
    it over once they have seen it unchanged for the lease time on their own clock."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    lease = SoftFileLease(lock, lease_duration=LEASE_SECONDS, timeout=timeout, poll_interval=0.02)
    deadline = time.monotonic() + timeout
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
        raise StoreBusyError(
            f"{lock.stem.replace('--', '/')} ist gesperrt von {describe_holder(lease)}; "
            f"nach {timeout:g} s Warten abgebrochen. Bitte gleich noch einmal versuchen."
        ) from None
    try:
        yield lease
    finally:
        lease.release()


@contextmanager
def transaction(path: Path, kind: str, lock: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[TinyDB]:
    with locked(lock, timeout) as lease:
        before = signature(path)
        doc = read_document(path, kind) if before is not None else new_document(kind)
        db = TinyDB(storage=_TrackingStorage)
        storage = db.storage
        storage.memory = doc
        yield db
        if not storage.dirty:
            return
        data = storage.read()
        meta(data)["revision"] = int(meta(data).get("revision", 0)) + 1
        if lease.compromise is not None or signature(path) != before:
            raise ConflictError(
                f"Datei {path} wurde während des Speicherns von anderer Seite geändert; "
                "nichts wurde überschrieben. Bitte erneut speichern."
            )
        try:
            write_document(path, data)
        except PermissionError as exc:
            raise StoreError(
                f"Datei {path} konnte nicht ersetzt werden: sie ist anderswo geöffnet "
                f"(Virenscanner, anderer PC). Nichts wurde geändert. ({exc})"
            ) from exc
        except OSError as exc:
            raise StoreError(
                f"Datei {path} konnte nicht geschrieben werden ({exc.strerror or exc}). Nichts wurde geändert."
            ) from exc


def host_name() -> str:
    return socket.gethostname()

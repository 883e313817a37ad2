"""Changing several store files all or nothing: imports and merging groups.

    with all_or_nothing(store, [(path, kind), …], "Import") as dbs:
        dbs[path].table("groups").insert(…)

takes every file's lock first — in one fixed order (by lock name), so two importers never
wait for each other crosswise — with one deadline for all of them, then reads each file
fresh. Nothing is written until the caller's block is done and every lock is held. Then:

1. stage: each changed file is written to a temp file next to it and fsynced (a full disk or
   a refused file shows here, while every original is still in place);
2. commit: the temp files replace the originals one by one; if a replace fails (a file held
   open by a virus scanner or another PC beyond the retries), the files already replaced are
   put back from the bytes read under the lock, and the temp files are removed.

A failure of a lock, a read, a stage or a commit raises `StoreError` "… abgebrochen: … —
nichts wurde geändert." Only when putting a file back fails too does the message say which
file was left changed and how to restore it. Backups are written after the commit; the
caller appends the audit entries.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tinydb import TinyDB

from . import backups
from . import files as files_mod
from . import transaction as transaction_mod
from .files import (
    TEMP_SUFFIX,
    ConflictError,
    StoreError,
    encode_document,
    meta,
    new_document,
    read_document,
    replace_with_retry,
    signature,
    write_bytes_atomic,
)
from .transaction import StoreBusyError, _TrackingStorage, lock_path, locked


class _Open:
    def __init__(self, path: Path, kind: str, lease) -> None:
        self.path, self.kind, self.lease = path, kind, lease
        self.before = signature(path)
        # The bytes as read under the lock: what a failed commit puts back.
        self.original = path.read_bytes() if self.before is not None else None
        doc = read_document(path, kind) if self.before is not None else new_document(kind)
        self.db = TinyDB(storage=_TrackingStorage)
        self.db.storage.memory = doc
        self.temp: Path | None = None
        self.data: dict | None = None


def _reason(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, StoreBusyError):
        # "X ist gesperrt von Y; nach 20 s Warten abgebrochen. Bitte …": the advice follows ours.
        text = text.split("; nach ")[0]
    return text.rstrip(". ")


@contextmanager
def all_or_nothing(store, files: Sequence[tuple[Path, str]], what: str = "Import") -> Iterator[dict[Path, TinyDB]]:
    wanted = dict(files)
    order = sorted(wanted, key=lambda p: p.relative_to(store.root).as_posix())
    deadline = time.monotonic() + transaction_mod.LOCK_TIMEOUT
    with ExitStack() as stack:
        opened: dict[Path, _Open] = {}
        try:
            for path in order:
                lock = lock_path(store.root / "locks", path.relative_to(store.root).as_posix())
                # One wait for all locks together, not 20 s for each of 33 files.
                remaining = max(0.5, deadline - time.monotonic())
                lease = stack.enter_context(locked(lock, remaining, user=store.user))
                opened[path] = _Open(path, wanted[path], lease)
        except StoreError as exc:
            raise StoreError(
                f"{what} abgebrochen: {_reason(exc)} — nichts wurde geändert. Bitte gleich noch einmal versuchen."
            ) from exc
        yield {path: o.db for path, o in opened.items()}
        dirty = [o for o in opened.values() if o.db.storage.dirty]
        for o in dirty:
            if o.lease.compromise is not None or signature(o.path) != o.before:
                raise ConflictError(
                    f"{what} abgebrochen: {o.path.relative_to(store.root).as_posix()} wurde währenddessen von anderer "
                    "Seite geändert — nichts wurde geändert. Bitte noch einmal versuchen."
                )
        _stage(store, dirty, what)
        _commit(store, dirty, what)
    for o in dirty:
        if backups.is_master(store.root, o.path):
            store._backup(o.path, o.data)


def _name(store, path: Path) -> str:
    return path.relative_to(store.root).as_posix()


def _stage(store, dirty: list[_Open], what: str) -> None:
    for o in dirty:
        data = o.db.storage.read()
        meta(data)["revision"] = int(meta(data).get("revision", 0)) + 1
        o.data = data
        temp = o.path.with_name(f".{o.path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            o.path.parent.mkdir(parents=True, exist_ok=True)  # contacts/JJJJ/ of a new year
            with open(temp, "xb") as fh:
                o.temp = temp
                fh.write(encode_document(data))
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            _remove_temps(dirty)
            raise StoreError(
                f"{what} abgebrochen: {_name(store, o.path)} konnte nicht geschrieben werden "
                f"({exc.strerror or exc}) — nichts wurde geändert."
            ) from exc


def _commit(store, dirty: list[_Open], what: str) -> None:
    done: list[_Open] = []
    for o in dirty:
        try:
            replace_with_retry(o.temp, o.path, files_mod.REPLACE_RETRY_DELAYS)
        except OSError as exc:
            _remove_temps(dirty)
            left = _put_back(done)
            problem = f"{_name(store, o.path)} konnte nicht ersetzt werden (anderswo geöffnet? {exc.strerror or exc})"
            if not left:
                raise StoreError(f"{what} abgebrochen: {problem} — nichts wurde geändert.") from exc
            names = ", ".join(_name(store, p) for p, _ in left)
            raise StoreError(
                f"{what} abgebrochen: {problem}. ACHTUNG: {names} konnte(n) nicht zurückgesetzt werden "
                f"({left[0][1]}); bitte mit `kontakt restore` die vorige Sicherung zurückholen."
            ) from exc
        o.temp = None
        done.append(o)
    for folder in {o.path.parent for o in dirty}:
        files_mod._fsync_dir(folder)


def _put_back(done: list[_Open]) -> list[tuple[Path, str]]:
    """Restore the files already replaced; returns those that could not be restored."""
    left = []
    for o in reversed(done):
        try:
            if o.original is None:
                o.path.unlink()
            else:
                write_bytes_atomic(o.path, o.original)
        except OSError as exc:
            left.append((o.path, exc.strerror or str(exc)))
    return left


def _remove_temps(dirty: list[_Open]) -> None:
    for o in dirty:
        if o.temp is not None:
            try:
                o.temp.unlink()
            except OSError:
                pass
            o.temp = None

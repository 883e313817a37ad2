"""Locks and failing storage beyond test_store_locks/test_store_files: a holder paused past its
lease cannot write over a newer revision when it resumes (the fence), clocks an hour off
change nothing, the waiting colleague is named with user, PC and how long, and a full disk
while writing a backup does not fail a save that was already committed."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import model.store.backups as backups_mod
import model.store.transaction as transaction_mod
from model.store import StoreBusyError
from model.store.files import read_document, signature
from model.store.leases import seen_path
from model.store.transaction import lock_path, locked, transaction
from tests.unit.test_store import PROJECT, make_group, store  # noqa: F401 - fixture
from tests.unit.test_store_locks import contacts_lock, write_foreign_marker

PAUSED = r"""
import sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, {project!r})
import model.store.transaction as t
t.LEASE_SECONDS = 1.0
from model.store import ConflictError, Store
store = Store.open(Path({root!r}), "MKR")
ready, go = Path({ready!r}), Path({go!r})
def change(g):
    ready.write_text("")  # holding the lock, fresh record read
    while not go.exists():
        time.sleep(0.01)
    return replace(g, name="vom Pausierten")
try:
    store.update_group({gid!r}, change)
    print("gespeichert")
except ConflictError as exc:
    print("Konflikt:", exc)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP")
def test_holder_paused_past_its_lease_cannot_overwrite(store, tmp_path, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    group = store.save_group(make_group("40"))
    ready, go = tmp_path / "ready", tmp_path / "go"
    code = PAUSED.format(project=str(PROJECT), root=str(store.root), ready=str(ready), go=str(go), gid=group.id)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGSTOP)  # a PC frozen (suspend, debugger, stalled share)
        started = time.monotonic()
        store.update_group(group.id, lambda g: replace(g, name="vom Kollegen"))
        assert time.monotonic() - started >= 0.95  # taken over only after the lease, on our clock
        go.write_text("")
        os.kill(proc.pid, signal.SIGCONT)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
    assert out.startswith("Konflikt:") and "nichts wurde überschrieben" in out
    stored = store.load().groups[group.id]
    assert stored.name == "vom Kollegen" and stored.revision == group.revision + 1


def test_clock_skew_of_an_hour_changes_nothing(store, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    group = store.save_group(make_group("41"))
    now = time.time()
    for skew in (+3600, -3600):
        # a crashed holder on a PC whose clock is an hour off: taken over after the lease
        # measured here, neither at once nor an hour late
        lock = lock_path(store.root / "locks", "shared/skew.json")
        write_foreign_marker(lock, 1.0)
        os.utime(lock, (now + skew, now + skew))
        started = time.monotonic()
        with transaction(store.collection_path("skew"), "collection", lock) as db:
            db.table("records").insert({"id": f"x{skew}"})
        assert 0.95 <= time.monotonic() - started < 5
    # a colleague's write stamped in the past is still seen (signature compared for equality)
    path = store.shard_path(store.shard_of(group.id))
    store.load()
    store.update_group(group.id, lambda g: replace(g, name="neu"))
    os.utime(path, (now - 3600, now - 3600))
    assert path in store.changed_files()
    assert store.refresh().groups[group.id].name == "neu"


HOLDER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
import model.store.transaction as t
with t.locked(Path({lock!r}), user="MKR"):
    Path({ready!r}).write_text("")
    while not Path({release!r}).exists():
        time.sleep(0.02)
"""


def test_waiter_names_user_pc_and_since_when(store, tmp_path):
    lock = contacts_lock(store, 2024, "AB")
    ready, release = tmp_path / "ready", tmp_path / "release"
    code = HOLDER.format(project=str(PROJECT), lock=str(lock), ready=str(ready), release=str(release))
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 20
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.01)
        with pytest.raises(StoreBusyError) as info:
            with transaction(store.contacts_path(2024, "AB"), "contacts", lock, timeout=1.2) as db:
                db.table("contacts").insert({"id": "x"})
        assert f"gesperrt von MKR auf {socket.gethostname()} seit 1 s" in str(info.value)
    finally:
        release.write_text("")
        proc.wait(timeout=10)
    # The marker is gone (no sidecar is written: the marker names the user); the waiter's
    # observation stays until this PC next takes the lock — it never counts for another claim.
    assert [p.name for p in (store.root / "locks").iterdir()] == [seen_path(lock).name]
    with locked(lock, user="AB"):
        pass
    assert list((store.root / "locks").iterdir()) == []


def test_full_disk_while_writing_the_backup_keeps_the_save(store, monkeypatch):
    group = store.save_group(make_group("42"))

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups_mod, "write_document", full)
    saved = store.update_group(group.id, lambda g: replace(g, name="trotzdem"))
    assert saved.name == "trotzdem" and store.load().groups[group.id].name == "trotzdem"
    assert len(store.warnings) == 1 and "Sicherungskopie" in store.warnings[0] and "gespeichert" in store.warnings[0]


def test_full_disk_while_writing_the_file_changes_nothing(store, monkeypatch):
    group = store.save_group(make_group("43"))
    path = store.shard_path(store.shard_of(group.id))
    before, sig = path.read_bytes(), signature(path)
    real_open = open

    def full_open(file, mode="r", *args, **kwargs):
        if "x" in mode and Path(file).parent == path.parent:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_open)
    with pytest.raises(Exception) as info:
        store.update_group(group.id, lambda g: replace(g, name="geht nicht"))
    monkeypatch.undo()
    assert "konnte nicht geschrieben werden" in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == before and signature(path) == sig
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    read_document(path)

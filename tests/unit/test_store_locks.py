"""Lease locks on the shared drive: a crashed holder is taken over after the lease, a live
holder is named ("gesperrt von PC …"), a holder of another kontakt version is waited for, and
advisor codes that cannot be file names are refused."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import model.store.transaction as transaction_mod
from model.entities import Advisor
from model.store import Store, StoreBusyError, StoreError, valid_code
from model.store.transaction import lock_path, transaction
from tests.unit.test_store import PROJECT, make_contact, make_group, snapshot, store  # noqa: F401 - fixture

# ---- lease locks -------------------------------------------------------------------------

HOLDER = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
import model.store.transaction as t
t.LEASE_SECONDS = {lease!r}
lock, ready, release = Path({lock!r}), Path({ready!r}), Path({release!r})
with t.locked(lock, timeout=10):
    ready.write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    if release.exists() and release.read_text() == "crash":
        os._exit(1)  # dies holding the lock: no release, marker stays
"""


def start_holder(tmp_path: Path, lock: Path, lease: float) -> tuple[subprocess.Popen, Path]:
    ready, release = tmp_path / "holder.ready", tmp_path / "holder.release"
    code = HOLDER.format(project=str(PROJECT), lease=lease, lock=str(lock), ready=str(ready), release=str(release))
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 15
    while not ready.exists():
        assert proc.poll() is None, "lock holder died before taking the lock"
        assert time.monotonic() < deadline, "lock holder did not take the lock"
        time.sleep(0.02)
    time.sleep(0.05)  # the pid is written; give the marker write its moment
    return proc, release


def contacts_lock(store: Store, year: int, code: str) -> Path:
    return lock_path(store.root / "locks", store.contacts_path(year, code).relative_to(store.root).as_posix())


def test_crashed_holder_sigkill_is_taken_over(store, tmp_path, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    group = store.save_group(make_group("8"))
    lock = contacts_lock(store, 2024, "AB")
    proc, _ = start_holder(tmp_path, lock, 1.0)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert lock.exists(), "the killed holder left its marker"
    started = time.monotonic()
    contact = store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    elapsed = time.monotonic() - started
    assert elapsed < 5.0
    assert [c.id for c in store.load().history(group.id)] == [contact.id]
    assert list((store.root / "locks").iterdir()) == []


def test_crashed_holder_os_exit_is_taken_over(store, tmp_path, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    group = store.save_group(make_group("9"))
    lock = contacts_lock(store, 2024, "AB")
    proc, release = start_holder(tmp_path, lock, 1.0)
    release.write_text("crash")
    assert proc.wait(timeout=10) == 1
    assert lock.exists()
    contact = store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    assert [c.id for c in store.load().history(group.id)] == [contact.id]
    assert list((store.root / "locks").iterdir()) == []


def write_foreign_marker(lock: Path, lease: float, host: str = "PC-KASSE-07", pid: int = 4242) -> None:
    """The marker a holder on another PC leaves when that PC crashes: its pid cannot be
    checked from here, so only the lease running out frees it."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text(f"filelock/2\npid={pid}\nhost={host}\nmode=lease\ntoken=deadbeefdeadbeef\nduration={lease!r}\n")


def test_crashed_holder_on_other_pc_is_taken_over_after_the_lease(store, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    group = store.save_group(make_group("10"))
    lock = contacts_lock(store, 2024, "AB")
    write_foreign_marker(lock, 1.0)
    started = time.monotonic()
    contact = store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    elapsed = time.monotonic() - started
    assert 0.95 <= elapsed < 5.0  # not before the lease ran out on our own clock
    assert [c.id for c in store.load().history(group.id)] == [contact.id]
    assert list((store.root / "locks").iterdir()) == []


def test_lease_of_other_pc_not_yet_expired_names_that_pc(store, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    path = store.contacts_path(2024, "AB")
    lock = contacts_lock(store, 2024, "AB")
    write_foreign_marker(lock, 1.0, host="PC-FILIALE-3", pid=777)
    with pytest.raises(StoreBusyError) as info:
        with transaction(path, "contacts", lock, timeout=0.3) as db:
            db.table("contacts").insert({"id": "x"})
    assert "gesperrt von PC PC-FILIALE-3 (Prozess 777)" in str(info.value)
    assert "contacts/2024/AB.json" in str(info.value)
    assert not path.exists()


def test_live_holder_makes_waiter_give_up_naming_the_pc(store, tmp_path):
    group = store.save_group(make_group("11"))
    path = store.contacts_path(2024, "AB")
    lock = contacts_lock(store, 2024, "AB")
    proc, release = start_holder(tmp_path, lock, transaction_mod.LEASE_SECONDS)
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as info:
            with transaction(path, "contacts", lock, timeout=0.5) as db:
                db.table("contacts").insert({"id": "x"})
        assert 0.45 <= time.monotonic() - started < 5.0
        message = str(info.value)
        assert f"gesperrt von PC {socket.gethostname()}" in message
        assert f"Prozess {proc.pid}" in message
        assert "Bitte gleich noch einmal versuchen" in message
        assert not path.exists()
        assert isinstance(info.value, StoreError)
    finally:
        release.write_text("release")
        proc.wait(timeout=10)
    assert proc.returncode == 0
    contact = store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    assert [c.id for c in store.load().history(group.id)] == [contact.id]
    assert list((store.root / "locks").iterdir()) == []


def test_waiter_gets_lock_when_live_holder_releases(store, tmp_path):
    group = store.save_group(make_group("12"))
    lock = contacts_lock(store, 2024, "AB")
    proc, release = start_holder(tmp_path, lock, transaction_mod.LEASE_SECONDS)
    try:
        # release shortly after we start waiting
        subprocess.Popen(
            [sys.executable, "-c", f"import time, pathlib; time.sleep(0.4); pathlib.Path({str(release)!r}).write_text('release')"]
        )
        started = time.monotonic()
        contact = store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
        assert 0.3 <= time.monotonic() - started < 10
    finally:
        release.write_text("release")
        proc.wait(timeout=10)
    assert [c.id for c in store.load().history(group.id)] == [contact.id]


def test_marker_with_other_lease_duration_gives_store_error(store, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.0)
    path = store.contacts_path(2024, "AB")
    lock = contacts_lock(store, 2024, "AB")
    write_foreign_marker(lock, 45.0, host="PC-NEUE-VERSION")
    with pytest.raises(StoreError) as info:
        with transaction(path, "contacts", lock, timeout=0.3) as db:
            db.table("contacts").insert({"id": "x"})
    assert "PC-NEUE-VERSION" in str(info.value)


def test_code_with_trailing_newline_is_refused(store):
    before = snapshot(store.root)
    assert not valid_code("AB\n")
    with pytest.raises(StoreError):
        store.save_advisors([Advisor("AB\n", "Zeilenumbruch")])
    with pytest.raises(StoreError):
        store.log_contact(make_contact(make_group("99"), "AB\n", date(2024, 1, 1)))
    assert snapshot(store.root) == before

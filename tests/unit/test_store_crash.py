"""A writer killed at any moment leaves every file in its old or its new state.

Random kills: a forked child loops writes (contacts and group edits, each acknowledged on a
pipe once the call returned) and is SIGKILLed after a random short delay, round after round;
after every kill each file is valid JSON with a consistent revision and every acknowledged
write is there. Fixed points: the child exits (os._exit, no clean-up) right after the temp
write, after its fsync, or after the replace. Leftover temp files are ignored by readers and
removed by `cleanup_temp_files`, which judges their age by the server's mtimes only.
"""

from __future__ import annotations

import os
import random
import select
import signal
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from filelock._soft._exclusive import _recovery as filelock_recovery

import model.store.files as files_mod
from model.entities import ContactPerson
from model.store import Store, audit
from model.store.files import is_temp_file, meta, read_document
from tests.unit.test_store import make_contact, make_group, snapshot, store  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

KILL_ROUNDS = 200


def _child(root: Path, group, ack: int) -> None:
    """Runs in the forked child; never returns."""
    group_id = group.id
    try:
        s = Store.open(root, "AB")
        os.write(ack, b"r ready\n")
        i = 0
        while True:
            tag = f"{os.getpid()}-{i}"
            if i % 2:
                person = ContactPerson(f"p-{tag}", f"Person {tag}")
                s.update_group(group_id, lambda g: replace(g, persons=(*g.persons, person)))
                os.write(ack, f"p {person.id}\n".encode())
            else:
                contact = make_contact(group, "AB", date(2024, 3, 1))._replace(id=f"c-{tag}")
                s.log_contact(contact)
                os.write(ack, f"c {contact.id}\n".encode())
            i += 1
    finally:
        os._exit(0)


def check_consistent(store: Store, group_id: str, acked: dict[str, set[str]]) -> None:
    """Every data file valid, revisions match content, every acknowledged write present."""
    for path in store.files() + [store.root / "kontakt.json"]:
        read_document(path)
    if store.contacts_path(2024, "AB").exists():
        contacts = read_document(store.contacts_path(2024, "AB"), "contacts")
        records = contacts["contacts"].values()
        assert meta(contacts)["revision"] == len(records)  # no lost or half-done write
        assert acked["c"] <= {r["id"] for r in records}
    else:
        assert not acked["c"]  # killed before its first contact was saved
    picture = Store.open(store.root, "CHECK").load()
    group = picture.groups[group_id]
    assert group.revision == 1 + len(group.persons)
    assert acked["p"] <= {p.id for p in group.persons}
    for copy in (store.root / "backups").rglob("*.json"):
        if not is_temp_file(copy):
            read_document(copy)
    logged = {e["id"] for e in audit.entries(store.root)}
    assert acked["c"] <= logged


def _read_acks(fd: int, acked: dict[str, set[str]], until: int, timeout: float) -> int:
    """Read acknowledgements from the child until `until` lines came (or EOF, or `timeout`);
    returns how many lines were read."""
    lines, buffer = 0, b""
    deadline = time.monotonic() + timeout
    while lines < until and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buffer += chunk
        *complete, buffer = buffer.split(b"\n")
        for line in complete:
            kind, ident = line.decode().split()
            if kind != "r":
                acked[kind].add(ident)
            lines += 1
    return lines


@pytest.mark.slow
def test_random_sigkills_leave_every_file_old_or_new(store, monkeypatch):
    # A kill between creating a lock marker and writing it leaves an empty marker, which
    # filelock takes over after seeing it unchanged for 2 s; the children would be killed
    # while waiting, round after round. Shortened like the lease in the lock tests.
    monkeypatch.setattr(filelock_recovery, "MALFORMED_LOCK_AGE_THRESHOLD", 0.05)
    group = store.save_group(make_group("50"))
    rng = random.Random(6)
    acked: dict[str, set[str]] = {"c": set(), "p": set()}
    started = time.monotonic()
    kills = 0
    # Each kill is timed by the child's progress, not by the wall clock: the parent waits until
    # the child has opened the store and acknowledged 0–2 writes, then kills it a random
    # moment (0–30 ms) into whatever comes next. A busy machine slows every round alike, so
    # the kills fall into real writes however loaded the CPU is (timed by the clock alone,
    # a loaded machine let only 16 saves through in 200 kills).
    while kills < KILL_ROUNDS:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(store.root, group, write_end)
        os.close(write_end)
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.0, 0.02))  # also kills during start-up and the first write
        else:
            _read_acks(read_end, acked, until=1 + rng.choice((0, 1, 2)), timeout=60.0)
            time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        _read_acks(read_end, acked, until=10**9, timeout=5.0)  # the rest, up to EOF
        os.close(read_end)
        check_consistent(store, group.id, acked)
    elapsed = time.monotonic() - started
    print(f"\n{kills} SIGKILLs in {elapsed:.1f} s, {len(acked['c'])} contacts and {len(acked['p'])} edits acknowledged")
    assert kills == KILL_ROUNDS
    # the kills fell in the middle of real work: the rounds wait for 145 acknowledgements in all
    # (fixed by the seed, whatever the load), the kills land in the writes after them
    assert len(acked["c"]) + len(acked["p"]) >= KILL_ROUNDS // 2
    assert acked["c"] and acked["p"]
    # leftover temp files never show as data and are cleaned up
    assert not [p for p in store.files() if is_temp_file(p)]
    store.cleanup_temp_files(min_age_seconds=0)
    assert store.temp_files() == []


def _exit_at(point: str, target: Path, monkeypatch) -> None:
    """Patch the child so it dies at `point` of its next write of `target` (other files it
    writes first, such as the save-sequence counter, are written normally)."""
    real_fsync, real_replace, real_write = os.fsync, files_mod.replace_with_retry, files_mod.write_bytes_atomic

    def write(path, *args, **kwargs):
        if Path(path) == target:
            if point == "after-temp-write":
                monkeypatch.setattr(files_mod.os, "fsync", lambda fd: os._exit(7))
            elif point == "after-fsync":
                monkeypatch.setattr(files_mod.os, "fsync", lambda fd: (real_fsync(fd), os._exit(7)))
            elif point == "after-replace":
                monkeypatch.setattr(files_mod, "replace_with_retry", lambda *a: (real_replace(*a), os._exit(7)))
        return real_write(path, *args, **kwargs)

    monkeypatch.setattr(files_mod, "write_bytes_atomic", write)


@pytest.mark.parametrize("point", ["after-temp-write", "after-fsync", "after-replace"])
@pytest.mark.parametrize("target", ["contacts", "group"])
def test_kill_at_fixed_point(store, point, target, monkeypatch):
    group = store.save_group(make_group("51"))
    store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    path = store.contacts_path(2024, "AB") if target == "contacts" else store.shard_path(store.shard_of(group.id))
    before = read_document(path)
    pid = os.fork()
    if pid == 0:
        try:
            _exit_at(point, path, monkeypatch)
            if target == "contacts":
                store.log_contact(make_contact(group, "AB", date(2024, 2, 1)))
            else:
                store.update_group(group.id, lambda g: replace(g, name="Neu"))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 7
    after = read_document(path)
    if point == "after-replace":
        assert meta(after)["revision"] == meta(before)["revision"] + 1
    else:
        assert after == before
        assert [p.parent for p in store.temp_files()] == [path.parent]  # the unfinished write
    # readers ignore the leftover and a colleague writes on (the dead holder's lock is taken over)
    picture = Store.open(store.root, "CD").load()
    assert len(picture.history(group.id)) == (2 if target == "contacts" and point == "after-replace" else 1)
    # The status index missed the dead writer's contact; its pending token makes readers read the file.
    indexed = Store.open(store.root, "CD").load(scope="status")
    assert picture.history(group.id)[0].id in {c.id for c in indexed.contacts.get(group.id, ())}
    assert not store.changed_files() or all(not is_temp_file(p) for p in store.changed_files())
    store.update_group(group.id, lambda g: replace(g, name="Danach"))
    assert store.cleanup_temp_files(min_age_seconds=3600) == []  # too young to be judged dead
    removed = store.cleanup_temp_files(min_age_seconds=0)
    assert len(removed) == (0 if point == "after-replace" else 1)
    assert store.temp_files() == []


def test_cleanup_judges_age_by_server_mtimes_not_the_local_clock(store):
    folder = store.root / "master"
    young, old = folder / ".groups-01.json.aaaaaaaaaaaa.tmp", folder / ".groups-02.json.bbbbbbbbbbbb.tmp"
    young.write_bytes(b"{")
    old.write_bytes(b"{")
    now = time.time()
    # a writer whose PC is an hour ahead stamped its temp file "in the future": not old
    os.utime(young, (now + 3600, now + 3600))
    os.utime(old, (now - 7200, now - 7200))
    before = snapshot(store.root)
    assert store.cleanup_temp_files(min_age_seconds=600) == [old]
    assert young.exists() and not old.exists()
    assert snapshot(store.root) == {k: v for k, v in before.items() if not k.endswith("bbbbbbbbbbbb.tmp")}

"""`kontakt log` with fewer round trips on a share (issue 16), each cut with its safety kept:
the lock's marker names its holder (no sidecar file per lock), an observation of a claim never
carries over to the next claim (so a release does not list `locks/`), the status shard this
process has just written is not read back, and the group is found by the digest asking only
its own shard."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from filelock import Timeout

from kontakt_tui import cli
from model.entities import Contact
from model.store import Store, digest, status
from model.store.leases import KontaktLease, Observer, holder_user, seen_path
from model.store.transaction import describe_holder, lock_path, locked
from tests.unit.test_nothing_silent import LOG, run

# ---- the holder's Kürzel in the marker ----------------------------------------------------------


def test_the_marker_names_its_holder_and_no_sidecar_is_written(small_store):
    lock = lock_path(small_store.root / "locks", "contacts/2026/MKR.json")
    with locked(lock, user="MKR") as lease:
        assert "kontakt-user=MKR\n" in lock.read_text()
        assert not lock.with_name(lock.name + ".who").exists()
        waiter = KontaktLease(lock, observer=Observer(lock), lease_duration=30.0, timeout=0.05, poll_interval=0.01)
        try:
            waiter.acquire()
            raise AssertionError("a second holder got in")
        except Timeout:
            pass
        assert describe_holder(waiter).startswith("MKR auf ")
        assert holder_user(lock, lease.token) == "MKR"
        assert holder_user(lock, "a-token-of-another-claim") is None
    assert not lock.exists()


def test_an_older_kontakts_sidecar_still_names_its_holder(small_store):
    # kontakt versions before the marker's user line wrote `NAME.lock.who` with the claim's token.
    lock = lock_path(small_store.root / "locks", "master/config.json")
    with locked(lock) as lease:  # no user: the marker has no user line, like an older holder's
        assert "kontakt-user=" not in lock.read_text()
        sidecar = lock.with_name(lock.name + ".who")
        sidecar.write_text(json.dumps({"user": "TLE", "host": "PC-7", "pid": 1, "token": lease.token}))
        assert holder_user(lock, lease.token) == "TLE"
        sidecar.write_text(json.dumps({"user": "TLE", "host": "PC-7", "pid": 1, "token": "an-earlier-claim"}))
        assert holder_user(lock, lease.token) is None


def test_a_user_text_cannot_forge_lines_of_the_marker(small_store):
    lock = lock_path(small_store.root / "locks", "master/config.json")
    with locked(lock, user="MKR\nmode=exclusive") as lease:
        text = lock.read_text()
        assert text.count("mode=") == 1 and "kontakt-user=MKR_mode_exclusive\n" in text
        assert lease.owner is not None and lease.owner.mode == "lease"


# ---- an observation never continues into another claim --------------------------------------


def _age(observation: Path, seconds: float) -> None:
    record = json.loads(observation.read_text())
    record["wall"] -= seconds
    record["mono"] -= seconds
    observation.write_text(json.dumps(record))


def test_a_waiters_observation_left_behind_never_counts_for_the_next_claim(small_store):
    """Why a release need not remove other PCs' observations: a new claim has a new token."""
    lock = lock_path(small_store.root / "locks", "master/config.json")
    with locked(lock, user="TLE"):
        Observer(lock).unchanged_for()  # a waiter's first sighting, then it gives up
        observation = seen_path(lock)
        assert observation.exists()
        _age(observation, 3600)
        assert Observer(lock).unchanged_for() >= 3600  # the same claim: the observation goes on
    assert observation.exists()  # left behind: the holder's release does not list `locks/`
    with locked(lock, user="VKS"):  # the next claim (another holder)
        assert Observer(lock).unchanged_for() < 60  # seen anew, never since an hour
    with locked(lock, user="MKR"):  # this PC takes the lock: its own observation is removed
        assert not observation.exists()


# ---- the status shard written is not read back --------------------------------------------------


def _reads(monkeypatch) -> list[Path]:
    seen: list[Path] = []
    original = status.read_document

    def counted(path, *args, **kwargs):
        seen.append(Path(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(status, "read_document", counted)
    return seen


def test_the_due_date_after_a_save_comes_from_the_shard_just_written(small_store, monkeypatch):
    store = Store.open(small_store.root, "MKR")
    group = store.load().groups["g-3"]
    reads = _reads(monkeypatch)
    store.log_contact(Contact("c-new", "g-3", date(2026, 11, 20), "MKR", "Gespräch geführt", "Telefon"))
    shard = status.status_path(store.root, store.shard_of("g-3"))
    before = [p for p in reads if p == shard]  # the transaction's own read under the lock
    indexed = store.status_of([group])
    assert [p for p in reads if p == shard] == before  # not read back
    assert indexed == Store.open(small_store.root, "MKR").status_of([group])  # as a fresh reader sees it
    assert "c-new" in {c.id for c in indexed["g-3"]}
    # A colleague's save into the same shard afterwards: its signature changed, it is read again.
    Store.open(small_store.root, "TLE").log_contact(
        Contact("c-tle", "g-3", date(2026, 11, 21), "TLE", "Gespräch geführt", "Telefon")
    )
    assert "c-tle" in {c.id for c in store.status_of([group])["g-3"]}


# ---- the group by the digest, one shard asked -----------------------------------------------


def _stats(monkeypatch) -> list[Path]:
    seen: list[Path] = []
    original = digest.signature

    def counted(path):
        seen.append(Path(path))
        return original(path)

    monkeypatch.setattr(digest, "signature", counted)
    return seen


def test_log_of_an_own_group_asks_only_its_shard(small_store, capsys, monkeypatch):
    assert run(capsys, small_store, "due", "--as-of", "2026-11-20")[0] == 0  # MKR's digest is written
    stats = _stats(monkeypatch)
    code, out, err = run(capsys, small_store, *LOG, "--note", "kurz")
    assert code == 0, err
    assert "Kontakt für 10001 Bäckerei Huber GmbH" in out
    groups_shards = {p for p in stats if p.parent.name == "master"}
    assert groups_shards == {small_store.shard_path(small_store.shard_of("g-1"))}
    notes = {c.note for c in Store.open(small_store.root, "ADM").load().contacts["g-1"]}
    assert "kurz" in notes


def test_log_sees_a_colleagues_change_of_the_group_and_renews_that_part(small_store, capsys, monkeypatch):
    assert run(capsys, small_store, "due", "--as-of", "2026-11-20")[0] == 0
    Store.open(small_store.root, "TLE").update_group("g-1", lambda g: replace(g, name="Bäckerei Huber & Sohn"))
    code, out, err = run(capsys, small_store, *LOG)
    assert code == 0, err
    assert "Kontakt für 10001 Bäckerei Huber & Sohn" in out
    stats = _stats(monkeypatch)
    reads: list = []
    original = digest._master_part
    monkeypatch.setattr(digest, "_master_part", lambda *a: reads.append(a) or original(*a))
    code, out, err = run(capsys, small_store, *LOG)  # the renewed part answers: no shard read
    assert code == 0, err
    assert not reads and "Bäckerei Huber & Sohn" in out
    assert len({p for p in stats if p.parent.name == "master"}) == 1


def test_log_without_digest_or_for_a_group_the_digest_lacks_loads_as_before(small_store, capsys):
    (small_store.root / "digests").mkdir(exist_ok=True)
    for path in (small_store.root / "digests").glob("*.json"):
        path.unlink()
    code, out, err = run(capsys, small_store, *LOG)
    assert code == 0, err
    assert "Kontakt für 10001" in out
    # g-5 is TLE's, not in MKR's digest (a colleague's customer calling): the whole store answers
    code, out, err = run(capsys, small_store, "log", "10005", "--outcome", "Gespräch geführt", "--date", "2026-11-20")
    assert code == 0, err
    assert "Kontakt für 10005 Praxis Dr. Lang" in out
    code, _, err = run(capsys, small_store, "log", "99999", "--outcome", "Gespräch geführt", "--date", "2026-11-20")
    assert code == 1 and "Verbund 99999 gibt es nicht" in err

"""Change journals (model/store/journal.py): an advisor's digest catches up on colleagues'
writes from the shards' journals instead of reading the shards, and ends exactly where a
digest built from the shards would — whatever broke the chain (a crash between shard and
journal, a paused holder's late replace, a damaged or trimmed journal, a bulk write) costs a
shard read, never a wrong picture."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from model.entities import Assignment, Contact
from model.store import Store, digest, journal
from model.store.journal import Recorder
from tests.conftest import make_group

AS_OF = date(2026, 11, 30)


def _picture(root, user="MKR"):
    """What the user's start shows: each group's record and each group's status contacts."""
    mine = Store.open(root, user).load(scope="status", advisor=user)
    contacts = {g: sorted(c.id for c in cs) for g, cs in mine.contacts.items() if cs}
    return {g.id: g.to_json() for g in mine.groups.values()}, contacts


def _from_shards(root, user="MKR"):
    """The same picture from a digest built from the shards alone."""
    saved = {p: p.read_bytes() for p in (root / journal.DIR).glob("*")}
    (root / digest.DIR / f"{user}.json").unlink(missing_ok=True)
    journal.drop_all(root)
    try:
        return _picture(root, user)
    finally:
        for path, raw in saved.items():
            path.write_bytes(raw)


def _contact(cid, gid, by, day=AS_OF, department=None):
    return Contact(cid, gid, day, by, "Gespräch geführt", "Telefon", department=department)


def test_a_busy_day_of_colleagues_is_caught_up_without_reading_a_shard(small_store, counted):
    # The shipped journal size: a day's writes in one shard (20 contacts, 3 edits) fit.
    root = small_store.root
    _picture(root)
    tle, vks = Store.open(root, "TLE"), Store.open(root, "VKS")
    for n in range(20):
        tle.log_contact(_contact(f"t-{n}", "g-5", "TLE", AS_OF - timedelta(days=n)))
    vks.log_contact(_contact("v-1", "g-1", "VKS", department="Versicherung"))
    for n in range(3):
        tle.update_group("g-5", lambda g, n=n: replace(g, name=f"Praxis Dr. Lang {n}"))
    tle.update_group("g-2", lambda g: replace(g, name="Autohaus Krämer & Sohn KG"))
    counted.update(master=0, status=0)
    caught = _picture(root)
    assert counted == {"master": 0, "status": 0}
    assert caught[0]["g-2"]["name"] == "Autohaus Krämer & Sohn KG" and "v-1" in caught[1]["g-1"]
    assert caught == _from_shards(root)


def test_random_writes_of_colleagues_end_where_the_shards_are(small_store, counted):
    # Handovers into and out of the portfolio, new groups, co-care given and taken, contacts
    # of leads and co-carers, merges, an erasure: after each step the caught-up digest shows
    # what a digest built from the shards shows.
    root = small_store.root
    rng = random.Random(16)
    stores = {code: Store.open(root, code) for code in ("MKR", "TLE", "VKS")}
    ids = ["g-1", "g-2", "g-3", "g-4", "g-5"]
    _picture(root)
    caught_up = 0
    for step in range(60):
        code = rng.choice(list(stores))
        store, gid = stores[code], rng.choice(ids)
        action = rng.randrange(7)
        if action == 0:
            store.update_group(gid, lambda g: replace(g, lead=rng.choice(["MKR", "TLE"])))
        elif action == 1:
            new = f"n-{step}"
            store.save_groups([make_group(new, f"2{step:04d}", f"Neu {step}", "B", lead=rng.choice(["MKR", "TLE"]))])
            ids.append(new)
        elif action == 2:
            care = (Assignment(f"as-{step}", "Versicherung", "VKS", 1.0, date(2025, 1, 1)),)
            store.update_group(gid, lambda g, care=care: replace(g, assignments=care if rng.random() < 0.5 else ()))
        elif action == 3 and len(ids) > 3:
            drop = rng.choice([i for i in ids if i != gid])
            store.merge_groups(gid, drop)
            ids.remove(drop)
        elif action == 4 and step == 40:
            gone = ids.pop()
            stores["TLE"].erase_group(gone, Store.open(root, "ADM").load().groups[gone].number)
        else:
            department = "Versicherung" if code == "VKS" else None
            store.log_contact(_contact(f"c-{step}", gid, code, AS_OF - timedelta(days=rng.randrange(400)), department))
        counted.update(master=0, status=0)
        caught = _picture(root)
        caught_up += counted == {"master": 0, "status": 0}
        assert caught == _from_shards(root), f"Schritt {step}"
    assert caught_up >= 20  # the journals did the work most of the time


def test_a_crash_between_the_shard_and_its_journal_reads_the_shard(small_store, counted, monkeypatch):
    root = small_store.root
    _picture(root)
    written = Recorder.written
    monkeypatch.setattr(Recorder, "written", lambda *args: None)  # the PC died after the replace
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, name="Autohaus Neu"))
    monkeypatch.setattr(Recorder, "written", written)
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, name="Autohaus Neuer"))  # journaled again
    counted.update(master=0, status=0)
    assert _picture(root)[0]["g-2"]["name"] == "Autohaus Neuer"
    assert counted["master"] == 1  # the chain broke at the crash: the shard answered


def test_a_late_replace_by_a_paused_holder_is_not_taken_for_the_journaled_write(small_store, counted, monkeypatch):
    # A holder paused past its lease between its fence and its replace wakes up right after
    # TLE's replace and puts its own version in place. TLE's entry names TLE's version (its
    # temp file's signature), not what a stat after the replace would show: no chain leads
    # to the late version, and the shard answers with what it really holds.
    from model.store import files, transaction

    root = small_store.root
    _picture(root)
    shard = small_store.shard_path(small_store.shard_of("g-2"))
    late = files.read_document(shard)
    next(r for r in late["groups"].values() if r["id"] == "g-2")["name"] = "Spät geschrieben"
    real, woke = files.replace_with_retry, []

    def replaced_then_overwritten(temp, target, *args):
        real(temp, target, *args)
        if target == shard and not woke:
            woke.append(True)
            files.write_document(shard, late)  # the paused holder's replace, right after

    monkeypatch.setattr(files, "replace_with_retry", replaced_then_overwritten)
    assert transaction.write_document is files.write_document
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, name="Autohaus Neu"))
    monkeypatch.setattr(files, "replace_with_retry", real)
    assert woke
    counted.update(master=0, status=0)
    caught, reads = _picture(root), dict(counted)
    assert caught[0]["g-2"]["name"] == "Spät geschrieben" and reads["master"] == 1
    assert caught == _from_shards(root)


@pytest.mark.parametrize("damage", [b"", b"{nonsense", b"x" * 100])
def test_a_damaged_journal_reads_the_shard(small_store, counted, damage):
    root = small_store.root
    _picture(root)
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, name="Autohaus Neu"))
    for path in (root / journal.DIR).glob("*"):
        path.write_bytes(damage)
    counted.update(master=0, status=0)
    caught, reads = _picture(root), dict(counted)
    assert caught == _from_shards(root) and reads["master"] == 1


def test_a_journal_trimmed_past_the_digest_reads_the_shard(small_store, counted, monkeypatch):
    # Shortened to a few entries; the shipped size is the busy-day test above.
    root = small_store.root
    _picture(root)
    monkeypatch.setattr(journal, "KEEP_MIN", 3000)
    for n in range(12):
        Store.open(root, "TLE").update_group("g-2", lambda g, n=n: replace(g, name=f"Autohaus {n}"))
    path = root / journal.DIR / f"groups-{small_store.shard_of('g-2'):02d}.json"
    assert 0 < len(journal._entries(path)) < 12
    assert path.stat().st_size < 3000 + 500  # the entries kept, and the file's head
    counted.update(master=0, status=0)
    caught, reads = _picture(root), dict(counted)
    assert caught == _from_shards(root) and reads["master"] == 1


def test_a_bulk_write_removes_the_journal(small_store, counted):
    root = small_store.root
    _picture(root)
    # An import's 40 groups into g-2's shard, whose entry would be twice the journal's size.
    shard = small_store.shard_of("g-2")
    ids = [f"b-{n}" for n in range(5000) if small_store.shard_of(f"b-{n}") == shard][:40]
    name = "x" * (journal.KEEP_MIN // 20)
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, name="Autohaus Neu"))  # a journal to remove
    assert (root / journal.DIR / f"groups-{shard:02d}.json").exists()
    Store.open(root, "TLE").save_groups([make_group(i, f"3{n:04d}", f"{name} {n}", "C", lead="TLE") for n, i in enumerate(ids)])
    assert not (root / journal.DIR / f"groups-{shard:02d}.json").exists()
    counted.update(master=0, status=0)
    caught, reads = _picture(root), dict(counted)
    assert caught == _from_shards(root) and reads["master"] > 0


def test_a_new_group_of_the_user_brings_its_status_shard_read(small_store, counted):
    # Its status shard's part was filtered without it: the journal cannot fill that in.
    root = small_store.root
    _picture(root)
    tle = Store.open(root, "TLE")
    # In a shard that exists already (a new shard file has no journal yet).
    new = next(f"h-{n}" for n in range(1000) if small_store.shard_of(f"h-{n}") == small_store.shard_of("g-5"))
    tle.save_groups([make_group(new, "40001", "Hofladen Berg", "B", lead="TLE")])
    tle.log_contact(_contact("h-c", new, "TLE", date(2026, 3, 1)))
    tle.update_group(new, lambda g: replace(g, lead="MKR"))
    counted.update(master=0, status=0)
    caught = _picture(root)
    assert counted["master"] == 0 and caught[1][new] == ["h-c"]
    assert caught == _from_shards(root)


def test_an_erasure_deletes_every_journal(small_store):
    root = small_store.root
    Store.open(root, "TLE").update_group("g-5", lambda g: replace(g, name="Praxis Dr. Lang-Weber"))
    assert any((root / journal.DIR).glob("*"))
    small_store.erase_group("g-5", "10005")
    assert not any((root / journal.DIR).glob("*"))


def test_log_reads_its_group_through_the_journal(small_store, counted):
    root = small_store.root
    _picture(root)
    Store.open(root, "TLE").update_group("g-2", lambda g: replace(g, lead="MKR", name="Autohaus Neu"))
    counted.update(master=0, status=0)
    found = digest.read_group(Store.open(root, "MKR"), "MKR", "10002")
    assert found is not None and found.name == "Autohaus Neu" and counted["master"] == 0


def test_a_record_that_left_its_shard_leaves_the_picture(small_store, counted):
    # As an erasure removes a record (its journal is dropped afterwards; here it stays).
    from tinydb import Query

    root = small_store.root
    _picture(root)
    tle = Store.open(root, "TLE")
    with tle._transaction(tle.shard_path(tle.shard_of("g-2")), "groups") as db:
        db.table("groups").remove(Query().id == "g-2")
    counted.update(master=0, status=0)
    caught = _picture(root)
    assert counted["master"] == 0 and "g-2" not in caught[0]
    assert caught == _from_shards(root)


def test_a_journal_keeps_an_eighth_of_a_large_shard(small_store):
    # The shipped sizes: a shard of about 400 KB keeps about 50 KB of entries, more than the
    # 32-KB floor and less than the shard's eighth plus one entry.
    root = small_store.root
    shard = small_store.shard_of("g-2")
    ids = [f"b-{n}" for n in range(5000) if small_store.shard_of(f"b-{n}") == shard][:50]
    tle = Store.open(root, "TLE")
    tle.save_groups([make_group(i, f"3{n:04d}", f"Verbund {n} " + "x" * 8000, "C", lead="TLE") for n, i in enumerate(ids)])
    for n in range(80):  # each entry holds one 8-KB record
        tle.update_group(ids[n % len(ids)], lambda g, n=n: replace(g, name=f"{g.name[:8008]} {n}"))
    size = small_store.shard_path(shard).stat().st_size
    kept = (root / journal.DIR / f"groups-{shard:02d}.json").stat().st_size
    assert size > 8 * journal.KEEP_MIN
    assert journal.KEEP_MIN < kept <= size // journal.KEEP_SHARE + 500

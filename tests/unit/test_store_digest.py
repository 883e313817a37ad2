"""The advisor's digest (model/store/digest.py): a start reads one small file instead of every
shard, reads a shard again only when it changed, and never shows less than the shards say —
a damaged, foreign or unwritable digest costs speed, not data."""

from dataclasses import replace
from datetime import date

import pytest

from model.contacts.due import due_list
from model.entities import Contact
from model.store import Store, StoreError, digest, journal, status
from model.store.interface import serves
from tests.conftest import make_group

AS_OF = date(2026, 11, 30)


def _mine(root, user="MKR"):
    return Store.open(root, user).load(scope="status", advisor=user)


def _due(inst, user="MKR"):
    return [(i.group.id, i.role, i.due) for i in due_list(user, inst.groups.values(), inst.contacts, inst.config, AS_OF)]


def _expected(root, user="MKR"):
    whole = Store.open(root, "ADM").load()
    groups = {g.id: g for g in whole.groups.values() if serves(g, user)}
    return set(groups), _due(whole, user)


def test_the_second_start_reads_no_shard_and_a_colleagues_save_one(small_store, counted):
    root = small_store.root
    first = _mine(root)
    assert counted["master"] == len(list((root / "master").glob("groups-*.json"))) and counted["status"] > 0
    assert (set(first.groups), _due(first)) == _expected(root)
    assert (root / "digests" / "MKR.json").is_file()
    counted.update(master=0, status=0)
    again = _mine(root)
    assert counted == {"master": 0, "status": 0}
    assert (set(again.groups), _due(again)) == _expected(root)
    # A colleague renames their own group: one shard changed, its journal says what changed.
    Store.open(root, "TLE").update_group("g-5", lambda g: replace(g, name="Praxis Dr. Lang-Weber"))
    _mine(root)
    assert counted == {"master": 0, "status": 0}
    # Without the journal that shard is read again; MKR's picture the same.
    Store.open(root, "TLE").update_group("g-5", lambda g: replace(g, name="Praxis Dr. Lang"))
    assert journal.drop_all(root) > 0
    assert (set(_mine(root).groups), _due(_mine(root))) == _expected(root)
    assert counted == {"master": 1, "status": 0}


def test_a_group_handed_over_brings_its_contacts_from_an_unchanged_status_shard(small_store, counted):
    root = small_store.root
    # x-14 shares g-5's shard: MKR's digest holds a part of that status shard, without g-5.
    assert small_store.shard_of("x-14") == small_store.shard_of("g-5")
    small_store.save_groups([make_group("x-14", "10014", "Gärtnerei Roth", "B")])
    small_store.log_contact(Contact("c-14", "x-14", date(2026, 5, 4), "MKR", "Gespräch geführt", "Telefon"))
    assert "g-5" not in _mine(root).groups
    Store.open(root, "TLE").update_group("g-5", lambda g: replace(g, lead="MKR"))
    counted.update(master=0, status=0)
    mine = _mine(root)
    assert counted["status"] == 1  # the shard's part was filtered without g-5
    assert [c.id for c in mine.contacts["g-5"]] == ["c-4"]
    assert (set(mine.groups), _due(mine)) == _expected(root)
    Store.open(root, "TLE").update_group("g-5", lambda g: replace(g, lead="TLE"))
    assert "g-5" not in _mine(root).groups and "g-5" not in _mine(root).contacts


def test_a_colleagues_contact_shows_at_the_next_start(small_store):
    root = small_store.root
    _mine(root)
    Store.open(root, "TLE").log_contact(Contact("c-9", "g-3", AS_OF, "TLE", "Gespräch geführt", "Telefon"))
    assert "c-9" in {c.id for c in _mine(root).contacts["g-3"]}
    assert _due(_mine(root)) == _expected(root)[1]


def test_a_contact_whose_index_update_failed_is_read_from_its_file(small_store, monkeypatch):
    root = small_store.root
    _mine(root)

    def broken(*args, **kwargs):
        raise StoreError("Netz weg")

    monkeypatch.setattr(status, "update_many", broken)
    small_store.log_contact(Contact("c-lost", "g-3", AS_OF, "MKR", "Gespräch geführt", "Telefon"))
    monkeypatch.undo()
    assert "c-lost" in {c.id for c in _mine(root).contacts["g-3"]}


@pytest.mark.parametrize("damage", [b"", b"{nonsense", b'{"_meta": {"1": {"schema_version": 1, "kind": "digest"}}}', "torn"])
def test_a_damaged_digest_is_rebuilt_from_the_shards(small_store, damage):
    # "torn": cut in the middle, as a power cut may leave it (it is written without fsync).
    root = small_store.root
    _mine(root)
    path = root / "digests" / "MKR.json"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2] if damage == "torn" else damage)
    mine = _mine(root)
    assert (set(mine.groups), _due(mine)) == _expected(root)
    assert Store.open(root, "MKR").load(scope="status", advisor="MKR").groups == mine.groups  # rewritten, readable


def test_a_forged_digest_is_not_believed(small_store):
    # Someone edits MKR's digest to add a group: the checksum no longer fits, the shards answer.
    root = small_store.root
    _mine(root)
    path = root / "digests" / "MKR.json"
    path.write_bytes(path.read_bytes().replace(b"Schreinerei Vogt", b"Schreinerei Fake"))
    assert _mine(root).groups["g-3"].name == "Schreinerei Vogt"


def test_a_digest_of_another_advisor_or_shard_count_is_not_used(small_store):
    root = small_store.root
    _mine(root, "TLE")
    (root / "digests" / "TLE.json").replace(root / "digests" / "MKR.json")
    assert (set(_mine(root).groups), _due(_mine(root))) == _expected(root)


def test_a_symlink_in_place_of_the_digest_is_not_written_through(small_store, tmp_path):
    root = small_store.root
    target = tmp_path / "elsewhere.json"
    target.write_text("fremd")
    (root / "digests").mkdir(exist_ok=True)
    (root / "digests" / "MKR.json").symlink_to(target)
    mine = _mine(root)
    assert (set(mine.groups), _due(mine)) == _expected(root)
    assert target.read_text() == "fremd"


def test_no_digest_for_a_code_that_cannot_name_a_file(tmp_path):
    for code in ("../ADM", "A/B", "", "CON\x00"):
        assert digest.digest_path(tmp_path, code) is None


def test_an_erasure_deletes_every_digest(small_store):
    root = small_store.root
    _mine(root)
    _mine(root, "TLE")
    small_store.erase_group("g-3", "10003")
    assert not list((root / "digests").glob("*.json"))
    assert "g-3" not in _mine(root).groups


def test_a_new_shard_and_a_group_in_it_show(tmp_path):
    store = Store.create(tmp_path / "s", "ADM")
    from model.entities import Advisor

    store.save_advisors([Advisor("MKR", "Martina Kraus")])
    store.save_groups([make_group("g-1", "10001", "Erste GmbH", "A")])
    assert set(_mine(store.root).groups) == {"g-1"}
    ids = [f"n-{i}" for i in range(40)]  # enough to fall into shards that had no file
    store.save_groups([make_group(i, str(20000 + n), f"Neu {n}", "B") for n, i in enumerate(ids)])
    assert set(_mine(store.root).groups) == {"g-1", *ids}


def test_renewal_reads_only_changed_shards_and_needs_the_index(small_store, counted):
    root = small_store.root
    store = Store.open(root, "MKR")
    assert store.renew_digest("MKR") and counted["master"] > 0
    counted.update(master=0, status=0)
    assert store.renew_digest("MKR") and counted == {"master": 0, "status": 0}
    assert not store.renew_digest("ROOT") and not (root / "digests" / "ROOT.json").exists()
    (root / "manifest.json").unlink()  # an old store without the status index
    assert not Store.open(root, "MKR").renew_digest("MKR")


def test_a_digest_record_that_fails_the_checks_is_replaced_from_its_shard(small_store, counted):
    # A digest with a valid checksum but a broken record (a bug, or a forger who knew the
    # checksum): the shard answers and the part is renewed, so the next start is quick again.
    from model.store.files import encode_document, read_document

    root = small_store.root
    _mine(root)
    path = root / "digests" / "MKR.json"
    doc = read_document(path, "digest", records=False)
    part = next(p for p in doc["digest"]["1"]["master"].values() if p[1])
    part[1][0]["castings"] = "kaputt"
    path.write_bytes(encode_document(doc))
    counted.update(master=0, status=0)
    assert (set(_mine(root).groups), _due(_mine(root))) == _expected(root)
    counted.update(master=0, status=0)
    _mine(root)
    assert counted == {"master": 0, "status": 0}


def test_a_broken_status_entry_in_the_digest_is_replaced_from_its_shard(small_store):
    from model.store.files import encode_document, read_document

    root = small_store.root
    _mine(root)
    path = root / "digests" / "MKR.json"
    doc = read_document(path, "digest", records=False)
    part = next(p for p in doc["digest"]["1"]["status"].values() if p[2])
    keys = next(iter(part[2].values()))
    next(iter(keys.values()))["c"]["date"] = "31.02.2026"
    path.write_bytes(encode_document(doc))
    mine = _mine(root)
    assert (set(mine.groups), _due(mine)) == _expected(root)


@pytest.mark.parametrize(
    "shape",
    [
        lambda d: d["master"].update({"0": ["x", [], [], []]}),
        lambda d: d["master"].update({"0": [None, {}, [], []]}),
        lambda d: d["status"].update({"0": [[1, 2, "3"], [], {}, []]}),
        lambda d: d["status"].update({"0": [None, [], [], []]}),
        lambda d: d["master"].update({"0": [None, [], "g-1", []]}),
        lambda d: d["master"].update({"0": [None, ["kein Verbund"], [], []]}),
    ],
)
def test_a_digest_of_the_wrong_shape_is_not_used(small_store, shape):
    from model.store.files import encode_document, read_document

    root = small_store.root
    _mine(root)
    path = root / "digests" / "MKR.json"
    doc = read_document(path, "digest", records=False)
    shape(doc["digest"]["1"])
    path.write_bytes(encode_document(doc))
    mine = _mine(root)
    assert (set(mine.groups), _due(mine)) == _expected(root)


def test_no_digest_for_a_login_not_on_the_staff_list(small_store):
    # The app's first picture is asked for the OS login before the user picked their Kürzel.
    picture = Store.open(small_store.root, "ROOT").load(scope="status", advisor="ROOT")
    assert not (small_store.root / "digests" / "ROOT.json").exists()
    assert not any(serves(g, "ROOT") for g in picture.groups.values())


def test_renewal_survives_the_share_going_away(small_store, monkeypatch):
    # The app renews in a background worker: an OSError there must not end the app.
    def gone(*args, **kwargs):
        raise OSError(112, "Der Netzwerkpfad wurde nicht gefunden")

    monkeypatch.setattr(digest, "signature", gone)
    assert not Store.open(small_store.root, "MKR").renew_digest("MKR")


@pytest.mark.slow
def test_readers_racing_writers_never_fail_and_end_with_the_truth(small_store):
    # Two of MKR's processes read (and rewrite the one digest) while colleagues log contacts
    # and edit groups in other processes' stores: no read fails, and once the writers stop the
    # digest's picture is the shards' picture again.
    import threading

    root = small_store.root
    stop, errors = threading.Event(), []
    ids = ["g-1", "g-2", "g-3", "g-4", "g-5"]

    def writer(code):
        store = Store.open(root, code)
        n = 0
        while not stop.is_set():
            gid = ids[n % len(ids)]
            try:
                store.log_contact(Contact(f"r-{code}-{n}", gid, AS_OF, code, "Gespräch geführt", "Telefon"))
                store.update_group(gid, lambda g, n=n: replace(g, name=f"{g.name.split(' #')[0]} #{n}"))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))
            n += 1

    def reader():
        while not stop.is_set():
            try:
                mine = _mine(root)
                assert all(serves(g, "MKR") for g in mine.groups.values())
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(c,)) for c in ("TLE", "VKS")]
    threads += [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    stop.wait(4.0)
    stop.set()
    for t in threads:
        t.join(30)
    assert errors == []
    mine = _mine(root)
    assert (set(mine.groups), _due(mine)) == _expected(root)
    whole = Store.open(root, "ADM").load()
    assert {g: mine.groups[g].name for g in mine.groups} == {g: whole.groups[g].name for g in mine.groups}

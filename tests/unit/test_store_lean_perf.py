"""The fast start of the folder store (issue 16): groups checked by a quick test and built
lazily (group_records.py), files read in one open, status shards read once per process —
every record still checked and named, the picture the same as before."""

from __future__ import annotations

import copy
import os
import pickle
from dataclasses import replace
from datetime import date

import pytest

from model.entities import Assignment, Casting, ContactPerson, Customer, Group
from model.store import Store, StoreFileError, files, status
from model.store import records as records_mod
from model.store.group_records import LazyGroup, parse_groups
from model.store.records import _Bad, _group_named, group_ok
from tests.unit.test_cli import run
from tests.unit.test_store import make_contact, make_group, store  # noqa: F401 - fixture
from tests.unit.test_store_records import hand_edit, no_traceback, shard

FULL = make_group(
    "100",
    persons=(ContactPerson("p-1", "Anna Huber", "GF", "0619 1", "anna@huber.de"),),
    customers=(Customer("4711", "Huber GmbH"),),
    castings=(Casting("k-1", date(2024, 1, 2), "Firmenkunden", 1, (("Umsatz", "hoch"),), 5, "B", "AB", seq=3),),
    assignments=(Assignment("as-1", "Versicherung", "CD", 1.0, date(2024, 1, 1), date(2025, 1, 1)),),
)


def _record() -> dict:
    return copy.deepcopy(FULL.to_json())


def _named_accepts(record: dict) -> bool:
    try:
        _group_named(record)
    except _Bad:
        return False
    return True


def _mutations():
    """Every field of a group record, and of each part, set to values of every JSON type."""
    values = (None, "", " ", "x", "2024-01-02", "31.12.2024", 0, 1, 1.5, True, [], [{}], {}, {"a": 1}, "Z", "A")
    base = _record()
    for key in base:
        for value in (*values, "<missing>"):
            yield (key,), value
    for part in ("customers", "persons", "castings", "assignments"):
        for key in base[part][0]:
            for value in (*values, "<missing>"):
                yield (part, key), value
        for item in (None, "x", 1, []):
            yield (part, "<item>"), item
    for key in ("seq", "scheme_version", "reason", "by", "override_class"):
        for value in values:
            yield ("castings", key), value
    for value in ("x", 1, {"a": 1}, {"a": None}):
        yield ("castings", "answers"), value


def _mutated(path: tuple, value) -> dict:
    record = _record()
    target = record if len(path) == 1 else record[path[0]][0]
    key = path[-1]
    if key == "<item>":
        record[path[0]][0] = value
    elif value == "<missing>":
        target.pop(key, None)
    else:
        target[key] = value
    return record


@pytest.mark.parametrize("path,value", list(_mutations()), ids=str)
def test_the_quick_test_accepts_only_what_the_named_checks_and_the_parser_accept(path, value):
    record = _mutated(path, value)
    if group_ok(record):
        assert _named_accepts(record), "the quick test let through what the field checks refuse"
        eager = Group.from_json(record)  # must not raise: the lazy parts are built later, unchecked
        assert LazyGroup.of(record) == eager


def test_the_quick_test_passes_an_ordinary_group():
    assert group_ok(_record())


def test_a_lazy_group_is_a_group_in_every_way():
    record = _record()
    lazy, eager = LazyGroup.of(record), Group.from_json(record)
    assert isinstance(lazy, Group) and lazy == eager and eager == lazy and not (lazy != eager)
    assert hash(lazy) == hash(eager) and {lazy: 1}[eager] == 1
    assert lazy.cls == "B" and lazy.castings == eager.castings and lazy.persons == eager.persons
    lazy2 = LazyGroup.of(_record())
    assert lazy2 == lazy  # both lazy, not built yet
    assert replace(LazyGroup.of(_record()), name="Neu") == replace(eager, name="Neu")
    assert pickle.loads(pickle.dumps(LazyGroup.of(_record()))) == eager
    assert copy.copy(LazyGroup.of(_record())) == eager
    assert LazyGroup.of(_record()) != replace(eager, customers=())
    with pytest.raises(AttributeError):
        LazyGroup.of(_record()).nothing  # noqa: B018
    with pytest.raises(Exception):
        LazyGroup.of(_record()).name = "x"  # frozen


def test_parse_groups_names_a_bad_record_like_check_records(tmp_path):
    path = tmp_path / "groups-00.json"
    good, bad = _record(), _record()
    bad["castings"][0]["computed_class"] = "Z"
    doc = {"_meta": {"1": {"kind": "groups"}}, "groups": {"1": good, "2": bad}}
    with pytest.raises(StoreFileError) as info:
        parse_groups(path, doc)
    assert str(path) in str(info.value) and "Eintrag 2 (Verbund 100): Casting Nr. 1: Klasse 'Z'" in str(info.value)
    with pytest.raises(StoreFileError) as again:
        records_mod.check_records(path, doc)
    assert str(again.value) == str(info.value)


def test_a_record_the_checks_allow_but_the_parser_refuses_is_named_at_load(store, capsys):
    """A casting's scheme_version of None passes the field checks but not Casting.from_json:
    the load must say so naming the file, not a later look at the group crash."""
    g = make_group("100", castings=FULL.castings)
    store.save_groups([g])
    path = shard(store, g)
    hand_edit(path, lambda d: next(iter(d["groups"].values()))["castings"][0].update(scheme_version=None), True)
    with pytest.raises(StoreFileError, match="ungültigen Eintrag"):
        Store.open(store.root, "AB").load(scope="status")
    code, _, err = run(capsys, store, "due", "--as-of", "2024-06-01", user="AB")
    assert code in (0, 1, 2) and "nur lesen" in err and str(path) in err and "ungültigen Eintrag" in err
    assert "Traceback" not in err


def test_lean_picture_equals_the_full_one_group_by_group(store):
    groups = [FULL, make_group("200", lead="CD"), make_group("300")]
    store.save_groups(groups)
    store.log_contact(make_contact(FULL, "AB", date(2024, 5, 1)))
    full = Store.open(store.root, "AB").load()
    lean = Store.open(store.root, "AB").load(scope="status")
    assert lean.groups == full.groups
    assert all(type(g) is LazyGroup for g in lean.groups.values())  # the fast path was taken
    assert {g.id: (g.cls, g.persons, g.customers) for g in lean.groups.values()} == {
        g.id: (g.cls, g.persons, g.customers) for g in full.groups.values()
    }


def test_a_file_is_read_with_one_fstat_and_one_read(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 100_000)
    calls = []
    for name in ("fstat", "read", "stat"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    raw, sig = files.read_file(path)
    monkeypatch.undo()
    assert raw == path.read_bytes() and sig == files.signature(path)
    assert calls == ["fstat", "read"]


def test_a_file_longer_than_its_fstat_is_read_to_the_end(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    path.write_bytes(b"y" * 5000)
    real = os.fstat

    def smaller(fd):
        st = real(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10, *st[7:]))

    monkeypatch.setattr(os, "fstat", smaller)
    assert files.read_file(path)[0] == b"y" * 5000


def test_a_second_status_load_reads_only_the_changed_shard(store, monkeypatch):
    groups = [make_group(str(n)) for n in range(100, 140)]
    store.save_groups(groups)
    store.add_contacts([make_contact(g, "AB", date(2024, 5, 1)) for g in groups])
    reader = Store.open(store.root, "AB")
    first = reader.load(scope="status")
    read = []
    real = status.read_document
    monkeypatch.setattr(status, "read_document", lambda path, *a, **k: read.append(path.name) or real(path, *a, **k))
    store.log_contact(make_contact(groups[0], "AB", date(2024, 6, 1), note="neu"))
    second = reader.load(scope="status")
    assert read == [status.status_path(store.root, store.shard_of(groups[0].id)).name]
    assert second.contacts[groups[0].id] != first.contacts[groups[0].id]
    # the cached lists were not changed by the second picture
    assert all(first.contacts[g.id] == second.contacts[g.id] for g in groups[1:])


def test_status_of_a_group_equals_its_status_picture_and_reads_its_shard(store, monkeypatch, capsys):
    groups = [make_group(str(n)) for n in range(100, 140)]
    store.save_groups(groups)
    store.add_contacts([make_contact(g, "AB", date(2024, 5, n % 20 + 1)) for n, g in enumerate(groups)])
    picture = Store.open(store.root, "AB").load(scope="status")
    reader = Store.open(store.root, "AB")
    read = []
    real = status.read_document
    monkeypatch.setattr(status, "read_document", lambda path, *a, **k: read.append(path.name) or real(path, *a, **k))
    assert reader.status_of([groups[3]]) == {groups[3].id: picture.contacts[groups[3].id]}
    assert read == [status.status_path(store.root, store.shard_of(groups[3].id)).name]
    read.clear()
    code, out, err = run(capsys, store, "log", "103", "--outcome", "Gespräch geführt", "--date", "2024-06-03", user="AB")
    assert code == 0, err
    # The save wrote that shard (under its lock): the due date comes from what it wrote, the
    # shard is not read back.
    assert read == []
    assert "Nächster Kontakt fällig: 03.06.2025" in out


def test_a_first_load_stats_no_file_and_a_later_one_sees_changes(store, monkeypatch):
    g = make_group("100")
    store.save_groups([g])
    store.log_contact(make_contact(g, "AB", date(2024, 5, 1)))
    reader = Store.open(store.root, "AB")
    stats = []
    real = files.signature
    monkeypatch.setattr("model.store.store.signature", lambda p: stats.append(p) or real(p))
    reader.load()
    assert stats == []  # every file was new: read, not stat'ed first
    store.log_contact(make_contact(g, "AB", date(2024, 6, 1)))
    assert len(reader.changed_files()) == 1 and stats  # known files are compared
    assert len(reader.load().contacts[g.id]) == 2

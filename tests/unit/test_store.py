"""The store folder: creating and opening, round trips of master data and contacts, revision
conflicts, idempotent bulk writes, change detection between colleagues, and fields written
by a newer kontakt surviving an older one's save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from model.entities import (
    Advisor,
    Assignment,
    Casting,
    Contact,
    ContactPerson,
    Customer,
    Group,
    new_id,
)
from model.store import (
    MARKER,
    ConflictError,
    Store,
    StoreError,
    StoreFileError,
    valid_code,
)
from model.store.files import meta, read_document
from model.store.transaction import lock_path, transaction

PROJECT = Path(__file__).resolve().parents[2]


def make_group(number: str, lead: str = "AB", **extra) -> Group:
    return Group(id=new_id(), number=number, name=f"Verbund {number}", segment="Firmenkunden", lead=lead, **extra)


def make_contact(group: Group, by: str, day: date, **extra) -> Contact:
    return Contact(id=new_id(), group=group.id, date=day, by=by, outcome="erreicht", **extra)


def snapshot(root: Path) -> dict[str, bytes]:
    """The data files; backups/ and audit/ grow with every write by design (test_store_safety)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] not in ("backups", "audit", "digests")
    }


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store.create(tmp_path / "store", "AB")
    s.save_advisors([Advisor("AB", "Anna Berger"), Advisor("CD", "Carl Dörr", department="Versicherung")])
    return s


# ---- creating and opening ----------------------------------------------------------------


def test_create_lays_out_an_empty_store(tmp_path):
    s = Store.create(tmp_path / "neu", "AB")
    assert (s.root / MARKER).is_file()
    assert {p.name for p in s.root.iterdir()} == {MARKER, "master", "contacts", "locks", "manifest.json"}
    assert s.files() == [s.config_path, s.organisation_path]
    picture = s.load()
    assert picture.advisors == {} and picture.groups == {} and picture.contact_count == 0


def test_create_refuses_existing_store(store):
    before = snapshot(store.root)
    with pytest.raises(StoreError) as info:
        Store.create(store.root, "XY")
    assert "bereits einen kontakt-Speicher" in str(info.value)
    assert snapshot(store.root) == before


def test_create_refuses_non_empty_folder(tmp_path):
    folder = tmp_path / "ablage"
    folder.mkdir()
    (folder / "Notizen.txt").write_text("wichtig")
    with pytest.raises(StoreError) as info:
        Store.create(folder, "AB")
    assert "nicht leer" in str(info.value)
    assert [p.name for p in folder.iterdir()] == ["Notizen.txt"]


def test_create_accepts_existing_empty_folder(tmp_path):
    (tmp_path / "leer").mkdir()
    Store.create(tmp_path / "leer", "AB")
    assert (tmp_path / "leer" / MARKER).exists()


def test_open_without_marker(tmp_path):
    for root in (tmp_path, tmp_path / "gibt-es-nicht"):
        with pytest.raises(StoreError) as info:
            Store.open(root, "AB")
        assert "kontakt.json fehlt" in str(info.value)
        assert str(root) in str(info.value)


def test_open_with_corrupt_marker(tmp_path):
    (tmp_path / MARKER).write_bytes(b"\x00" * 64)
    with pytest.raises(StoreFileError) as info:
        Store.open(tmp_path, "AB")
    assert MARKER in str(info.value)


# ---- round trips ---------------------------------------------------------------------------


def test_round_trip_through_a_second_instance(store):
    group = make_group(
        "100200",
        customers=(Customer("4711", "Bäckerei Müller GmbH"), Customer("4712", "Müller KG")),
        persons=(ContactPerson(new_id(), "Frau Groß", "Geschäftsführerin", "0711 123", "gross@example.de"),),
        castings=(
            Casting(
                new_id(),
                date(2024, 2, 1),
                "Firmenkunden",
                1,
                (("Potenzial Gesamtverbund", "hoch"),),
                17,
                "B",
                "AB",
                "A",
                "Nachfolge",
            ),
        ),
        assignments=(Assignment(new_id(), "Versicherung", "CD", 2.0, date(2024, 1, 1)),),
        carried_class="C",
    )
    saved = store.save_group(group)
    assert saved.revision == 1
    assert saved == replace(group, revision=1)
    contact = store.log_contact(
        make_contact(
            group,
            "CD",
            date(2024, 3, 5),
            department="Versicherung",
            note="Rückruf",
            person=group.persons[0].id,
            follow_up=date(2024, 4, 1),
        )
    )
    assert contact.logged_at  # stamped on logging

    colleague = Store.open(store.root, "CD")
    picture = colleague.load()
    assert picture.advisors == {"AB": Advisor("AB", "Anna Berger"), "CD": Advisor("CD", "Carl Dörr", department="Versicherung")}
    assert picture.groups == {group.id: saved}
    assert picture.group("100200") == saved
    assert list(picture.history(group.id)) == [contact]
    assert picture.history(group.id)[0].logged_at == contact.logged_at
    assert picture.contact_count == 1


def test_save_advisors_updates_and_adds(store):
    store.save_advisors([Advisor("AB", "Anna Berger-Neu", role="Teamleiter"), Advisor("EF", "Eva Fink")])
    advisors = store.load().advisors
    assert set(advisors) == {"AB", "CD", "EF"}
    assert advisors["AB"].name == "Anna Berger-Neu" and advisors["AB"].role == "Teamleiter"


def test_save_advisors_unchanged_does_not_write(store):
    before = snapshot(store.root)
    store.save_advisors([Advisor("AB", "Anna Berger")])
    assert snapshot(store.root) == before


# ---- revisions and conflicts ---------------------------------------------------------------


def test_save_group_with_stale_base_revision_is_refused(store):
    group = make_group("1")
    first = store.save_group(group)
    second = store.save_group(replace(first, name="Kollege war schneller"), base_revision=first.revision)
    assert second.revision == 2
    path = store.shard_path(store.shard_of(group.id))
    before = path.read_bytes()
    with pytest.raises(ConflictError) as info:
        store.save_group(replace(first, name="Meine veraltete Bearbeitung"), base_revision=first.revision)
    message = str(info.value)
    assert "Verbund 1" in message and "Stand 2" in message and "Stand 1" in message
    assert "Nichts wurde überschrieben" in message
    assert path.read_bytes() == before
    assert store.load().groups[group.id].name == "Kollege war schneller"


def test_update_group_applies_to_fresh_record(store):
    group = store.save_group(make_group("2"))
    mine = Store.open(store.root, "AB")
    mine.load()  # my picture still shows revision 1
    colleague = Store.open(store.root, "CD")
    person = ContactPerson(new_id(), "Herr Klein")
    colleague.update_group(group.id, lambda g: replace(g, persons=(*g.persons, person)))

    seen = []

    def rename(current: Group) -> Group:
        seen.append(current)
        return replace(current, name="Neuer Name")

    result = mine.update_group(group.id, rename)
    assert seen[0].persons == (person,) and seen[0].revision == 2  # the colleague's edit is there
    assert result.revision == 3 and result.persons == (person,) and result.name == "Neuer Name"
    assert mine.load().groups[group.id] == result


def test_update_group_of_unknown_group(store):
    with pytest.raises(StoreError) as info:
        store.update_group(new_id(), lambda g: g)
    assert "gibt es nicht" in str(info.value)
    assert not list((store.root / "master").glob("groups-*.json"))


def test_save_groups_is_idempotent(store):
    groups = [make_group(str(n), persons=(ContactPerson(new_id(), f"Person {n}"),)) for n in range(60)]
    assert store.save_groups(groups) == 60
    before = snapshot(store.root)
    assert store.save_groups(groups) == 0
    assert snapshot(store.root) == before
    # re-saving what was loaded (revisions included) changes nothing either
    loaded = list(store.load().groups.values())
    assert store.save_groups(loaded) == 0
    assert snapshot(store.root) == before
    # one real change touches one group's revision and one shard only
    changed = replace(groups[7], name="Umbenannt")
    assert store.save_groups(groups[:7] + [changed]) == 1
    after = snapshot(store.root)
    differing = {k for k in after if after[k] != before.get(k)}
    # … and the manifest, which notes every write for the pollers, and the shard's journal
    shard = store.shard_path(store.shard_of(changed.id))
    assert differing == {shard.relative_to(store.root).as_posix(), "manifest.json", f"journal/{shard.name}"}
    picture = store.load()
    assert picture.groups[changed.id].revision == 2 and picture.groups[changed.id].name == "Umbenannt"
    assert picture.groups[groups[8].id].revision == 1


def test_add_contacts_twice_adds_nothing(store):
    group = store.save_group(make_group("3"))
    contacts = [make_contact(group, "AB", date(2024, 1, d), logged_at="2024-01-31T10:00:00") for d in range(1, 11)]
    assert store.add_contacts(contacts) == 10
    before = snapshot(store.root)
    assert store.add_contacts(contacts) == 0
    assert store.add_contacts(contacts[:3]) == 0
    assert snapshot(store.root) == before
    extra = make_contact(group, "AB", date(2024, 2, 1))
    assert store.add_contacts([*contacts, extra]) == 1
    assert store.load().contact_count == 11


def test_duplicates_within_one_call_are_added_once(store):
    group = store.save_group(make_group("4"))
    c = make_contact(group, "AB", date(2024, 1, 1))
    assert store.add_contacts([c, c, c]) == 1
    assert store.load().contact_count == 1


def test_contacts_are_filed_per_year_and_writer(store):
    group = store.save_group(make_group("5"))
    # logged in 2025 about a conversation in 2024: the conversation's year decides
    a24 = make_contact(group, "AB", date(2024, 12, 31), logged_at="2025-01-02T08:00:00")
    a25 = make_contact(group, "AB", date(2025, 1, 1))
    c24 = make_contact(group, "CD", date(2024, 6, 1))
    store.add_contacts([a24, a25, c24])
    root = store.root / "contacts"
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.json")) == [
        "2024/AB.json",
        "2024/CD.json",
        "2025/AB.json",
    ]

    def ids(rel):
        doc = read_document(root / rel, "contacts")
        return sorted(r["id"] for r in doc["contacts"].values())

    assert ids("2024/AB.json") == [a24.id]
    assert ids("2025/AB.json") == [a25.id]
    assert ids("2024/CD.json") == [c24.id]
    assert store.contacts_path(2024, "AB") == root / "2024" / "AB.json"
    history = store.load().history(group.id)
    assert [c.id for c in history] == [a25.id, a24.id, c24.id]  # newest first


# ---- change detection between colleagues --------------------------------------------------


def test_changed_files_and_refresh(store):
    group = store.save_group(make_group("6"))
    store.log_contact(make_contact(group, "AB", date(2024, 1, 1)))
    mine = Store.open(store.root, "AB")
    first = mine.load()
    assert first.contact_count == 1
    assert mine.changed_files() == []
    assert mine.refresh() is None

    colleague = Store.open(store.root, "CD")
    new = colleague.log_contact(make_contact(group, "CD", date(2024, 2, 1)))
    assert mine.changed_files() == [store.contacts_path(2024, "CD")]

    picture = mine.refresh()
    assert picture is not None
    assert picture.contact_count == 2
    assert new in picture.history(group.id)
    assert mine.changed_files() == []
    assert mine.refresh() is None

    # an edit to an existing file is seen as well, and only that file is named
    colleague.update_group(group.id, lambda g: replace(g, name="Geändert"))
    assert mine.changed_files() == [store.shard_path(store.shard_of(group.id))]
    assert mine.refresh().groups[group.id].name == "Geändert"
    assert mine.refresh() is None


def test_refresh_is_not_fooled_by_a_temp_file(store):
    store.load()
    (store.root / "master" / ".organisation.json.abcdef.tmp").write_text("{")
    assert store.changed_files() == []
    assert store.refresh() is None


# ---- advisor codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "",
        "A B",
        "A/B",
        "..",
        "../AB",
        "AB.json",
        "C:",
        "A\\B",
        "X" * 9,
        "AB\t",
        " AB",
        "A",
        "a-b",
        "ß_1",
        "CON",
        "nul",
        "Com1",
        "LPT9",
        "aux",
        "PRN",
        "../../OUTSIDE",
    ],
)
def test_invalid_code_is_refused(store, code):
    assert not valid_code(code)
    before = snapshot(store.root)
    with pytest.raises(StoreError) as info:
        store.save_advisors([Advisor("EF", "Eva"), Advisor(code, "Kaputt")])
    assert "Ungültiges Kürzel" in str(info.value)
    group = make_group("7")
    with pytest.raises(StoreError):
        store.log_contact(make_contact(group, code, date(2024, 1, 1)))
    assert snapshot(store.root) == before  # nothing written, not even the valid advisor


@pytest.mark.parametrize("code", ["AB", "ÄÖÜ", "ß1", "ab", "X" * 8, "COM10", "CONX", "LPT0"])
def test_valid_codes(code):
    assert valid_code(code)


# ---- forward compatibility -----------------------------------------------------------------


def add_field_of_newer_version(store: Store, group: Group) -> Path:
    """What a newer kontakt (same schema_version, one more optional field) leaves behind."""
    path = store.shard_path(store.shard_of(group.id))
    locks = store.root / "locks"
    with transaction(path, "groups", lock_path(locks, path.relative_to(store.root).as_posix())) as db:
        db.table("groups").update({"rating": "Premium"})
    with transaction(store.organisation_path, "organisation", lock_path(locks, "master/organisation.json")) as db:
        db.table("advisors").update({"phone": "0711 42"})
    return path


def test_update_group_keeps_fields_of_newer_version(store):
    group = store.save_group(make_group("14"))
    path = add_field_of_newer_version(store, group)
    store.update_group(group.id, lambda g: replace(g, name="Umbenannt"))  # TinyDB upsert merges
    record = next(iter(read_document(path, "groups")["groups"].values()))
    assert record["name"] == "Umbenannt" and record["rating"] == "Premium"


def test_bulk_save_keeps_fields_of_newer_version(store):
    group = store.save_group(make_group("15"))
    path = add_field_of_newer_version(store, group)
    picture = store.load()  # this (older) version reads it fine ...
    before = snapshot(store.root)
    store.save_groups(picture.groups.values())  # ... and saves back what it read
    store.save_advisors(picture.advisors.values())
    record = next(iter(read_document(path, "groups")["groups"].values()))
    advisors = read_document(store.organisation_path, "organisation")["advisors"].values()
    assert record.get("rating") == "Premium"
    assert all(a.get("phone") == "0711 42" for a in advisors)
    assert snapshot(store.root) == before


def test_revision_in_meta_counts_writes(store):
    group = store.save_group(make_group("13"))
    path = store.shard_path(store.shard_of(group.id))
    assert meta(read_document(path))["revision"] == 1
    store.update_group(group.id, lambda g: replace(g, name="x"))
    assert meta(read_document(path))["revision"] == 2


# ---- a first picture at start ---------------------------------------------------------------


def test_first_picture_has_the_users_contacts_then_the_rest(store):
    group = store.save_group(make_group("20"))
    store.add_contacts([make_contact(group, "AB", date(2026, 3, 1)), make_contact(group, "CD", date(2026, 3, 2))])
    reader = Store.open(store.root, "AB")
    first = reader.load(first_for="AB")
    assert not first.complete
    assert [c.by for c in first.history(group.id)] == ["AB"]
    full = reader.load()
    assert full.complete
    assert sorted(c.by for c in full.history(group.id)) == ["AB", "CD"]
    assert reader.refresh() is None


# ---- small shared collections ---------------------------------------------------------------


def test_collections_are_read_fresh_and_changed_under_the_lock(store):
    assert store.read_collection("sessions") == [] and store.collection_signature("sessions") is None
    store.update_collection("sessions", lambda records: [*records, {"id": "s1", "calls": 1}])
    colleague = Store.open(store.root, "CD")
    before = colleague.collection_signature("sessions")
    colleague.update_collection("sessions", lambda records: [*records, {"id": "s2", "calls": 2}])
    assert store.collection_signature("sessions") != before
    assert sorted(r["id"] for r in store.read_collection("sessions")) == ["s1", "s2"]
    unchanged = store.collection_signature("sessions")
    store.update_collection("sessions", lambda records: records)  # nothing changed: nothing written
    assert store.collection_signature("sessions") == unchanged
    with pytest.raises(StoreError, match="Sammlungsname"):
        store.read_collection("../master/config")

"""The store contract: what the app and the CLI rely on, checked on every backend alike."""

from dataclasses import replace
from datetime import date

import pytest

from model.config import default_config_json
from model.entities import Advisor, Contact, ContactPerson
from model.store import ConflictError, StoreError
from model.store.erased import ErasedError
from model.store.interface import StoreBackend, open_backend
from tests.conftest import make_group


def advisor(code: str, name: str) -> Advisor:
    return Advisor(code=code, name=name, roles=("berater",)) if "roles" in Advisor.__dataclass_fields__ else Advisor(code, name)


def contact(cid: str, group: str, by: str, day: date, follow_up: date | None = None) -> Contact:
    return Contact(cid, group, day, by, "Gespräch geführt", "Telefon", "Jahresgespräch", follow_up=follow_up)


def test_satisfies_the_interface(backend):
    assert isinstance(backend, StoreBackend)


def test_a_new_store_is_empty_with_the_default_config(backend):
    institute = backend.load()
    assert institute.groups == {} and institute.advisors == {} and institute.contacts == {}
    assert institute.config.raw == default_config_json()


def test_create_refuses_an_existing_store(backend, location):
    from model.store.interface import create_backend

    with pytest.raises(StoreError, match="bereits"):
        create_backend(location, "ADM")


def test_groups_saved_are_loaded_by_a_colleague(backend, location):
    saved = backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    assert saved.revision == 1
    backend.save_groups([make_group("g2", "10002", "Beta KG", "B"), make_group("g3", "10003", "Gamma AG", None)])
    colleague = open_backend(location, "VKS")
    groups = colleague.load().groups
    assert sorted(groups) == ["g1", "g2", "g3"]
    assert groups["g1"].name == "Alpha GmbH" and groups["g1"].revision == 1
    assert colleague.load().group("10002").id == "g2"


def test_refresh_sees_a_colleagues_change_and_nothing_else(backend, location):
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    colleague = open_backend(location, "VKS")
    colleague.load()
    assert colleague.refresh() is None
    backend.update_group("g1", lambda g: replace(g, name="Alpha neu"))
    fresh = colleague.refresh()
    assert fresh is not None and fresh.groups["g1"].name == "Alpha neu" and fresh.groups["g1"].revision == 2
    assert colleague.refresh() is None


def test_a_stale_revision_is_refused_not_overwritten(backend, location):
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    colleague = open_backend(location, "VKS")
    colleague.update_group("g1", lambda g: replace(g, name="Von VKS"), base_revision=1)
    with pytest.raises(ConflictError, match="Verbund 10001 wurde inzwischen von anderer Seite geändert"):
        backend.update_group("g1", lambda g: replace(g, name="Von ADM"), base_revision=1)
    assert backend.load().groups["g1"].name == "Von VKS"


def test_update_of_a_missing_group_is_refused(backend):
    with pytest.raises(StoreError, match="gibt es nicht"):
        backend.update_group("nope", lambda g: g)


def test_field_level_merge_keeps_both_changes(backend, location):
    base = backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    colleague = open_backend(location, "VKS")
    colleague.save_group_merged(base, replace(base, persons=(ContactPerson("p1", "Anna Huber", phone="0611 1"),)))
    result = backend.save_group_merged(base, replace(base, name="Alpha Holding"))
    assert result.saved and not result.conflicts
    stored = backend.load().groups["g1"]
    assert stored.name == "Alpha Holding" and [p.name for p in stored.persons] == ["Anna Huber"]
    assert stored.revision == 3


def test_the_same_field_changed_twice_is_a_conflict_and_nothing_is_written(backend, location):
    base = backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    open_backend(location, "VKS").save_group_merged(base, replace(base, name="Alpha VKS"))
    result = backend.save_group_merged(base, replace(base, name="Alpha ADM"))
    assert not result.saved
    assert [c.field for c in result.conflicts] == ["name"]
    assert result.base.name == "Alpha VKS"
    assert backend.load().groups["g1"].name == "Alpha VKS"


def test_contacts_are_logged_once_and_read_back_per_group(backend, location):
    backend.save_advisors([advisor("MKR", "Maria Kramer")])
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A", lead="MKR"))
    first = backend.log_contact(contact("c1", "g1", "MKR", date(2026, 3, 2), follow_up=date(2026, 4, 1)))
    assert first.logged_at
    assert backend.add_contacts([first, contact("c2", "g1", "MKR", date(2025, 12, 1))]) == 1
    colleague = open_backend(location, "VKS")
    history = colleague.load().history("g1")
    assert [c.id for c in history] == ["c1", "c2"]
    assert history[0].follow_up == date(2026, 4, 1)


def test_due_list_reads_back_from_the_store(backend):
    from model.contacts import due_list

    backend.save_advisors([advisor("MKR", "Maria Kramer")])
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A", lead="MKR"))
    backend.save_group(make_group("g2", "10002", "Beta KG", "D", lead="MKR"))
    backend.log_contact(contact("c1", "g2", "MKR", date(2026, 11, 1)))
    institute = backend.load()
    due = due_list("MKR", institute.groups.values(), institute.contacts, institute.config, date(2026, 11, 27))
    last = {item.group.id: item.last_contact for item in due}
    assert last["g1"] is None  # never contacted: due
    assert last.get("g2", date(2026, 11, 1)) == date(2026, 11, 1)  # the logged contact counts


def test_the_later_save_of_a_day_decides_whatever_the_clocks_say(backend, location):
    """Two contacts of one day, the second saved from a PC whose clock is hours slow: the
    save sequence, not the clock, says which is the latest (whole and status picture)."""
    from model.contacts import due_list

    backend.save_advisors([advisor("MKR", "Maria Kramer")])
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A", lead="MKR"))
    day = date(2026, 11, 27)
    first = backend.log_contact(contact("c1", "g1", "MKR", day, date(2027, 3, 1))._replace(logged_at="2026-11-27T15:00:00"))
    second = backend.log_contact(contact("c2", "g1", "MKR", day, date(2026, 12, 1))._replace(logged_at="2026-11-27T09:00:00"))
    assert second.seq > first.seq > 0
    colleague = open_backend(location, "VKS")
    for picture in (colleague.load(), colleague.load(scope="status")):
        (item,) = [i for i in due_list("MKR", picture.groups.values(), picture.contacts, picture.config, day, 30)]
        assert item.due == date(2026, 12, 1)


def test_a_contact_with_an_impossible_date_is_refused(backend):
    bad = contact("c1", "g1", "MKR", date(2026, 3, 2), follow_up=date(2099, 3, 1))
    with pytest.raises(StoreError, match="nichts wurde gespeichert"):
        backend.add_contacts([bad])


def test_collections_read_update_and_signature(backend, location):
    assert backend.read_collection("call-party") == []
    before = backend.collection_signature("call-party")
    backend.update_collection("call-party", lambda records: records + [{"id": "s1", "groups": ["g1"]}])
    colleague = open_backend(location, "VKS")
    assert colleague.read_collection("call-party") == [{"id": "s1", "groups": ["g1"]}]
    assert colleague.collection_signature("call-party") != before
    assert "call-party" in colleague.collection_names()
    with pytest.raises(StoreError, match="Ungültiger Sammlungsname"):
        backend.read_collection("../etc")


def test_audit_for_one_group(backend):
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    backend.save_group(make_group("g2", "10002", "Beta KG", "B"))
    backend.update_group("g1", lambda g: replace(g, name="Alpha neu"))
    backend.log_contact(contact("c1", "g1", "ADM", date(2026, 3, 2)))
    history = backend.audit_for("g1")
    assert [(e["kind"], e["action"]) for e in history] == [("group", "create"), ("group", "update"), ("contact", "create")]
    assert history[1]["before"]["name"] == "Alpha GmbH" and history[1]["after"]["name"] == "Alpha neu"
    assert all(e["user"] == "ADM" for e in history)


def test_advisors_are_saved_merged_and_bad_codes_refused(backend, location):
    backend.save_advisors([advisor("MKR", "Maria Kramer"), advisor("VKS", "Volker Sand")])
    backend.save_advisors([advisor("MKR", "Maria Kramer-Lang")])
    advisors = open_backend(location, "VKS").load().advisors
    assert advisors["MKR"].name == "Maria Kramer-Lang" and advisors["VKS"].name == "Volker Sand"
    with pytest.raises(StoreError):
        backend.save_advisors([advisor("bad code!", "X")])


def test_config_is_saved_and_checked(backend, location):
    config = default_config_json() | {"institute": "Sparkasse Test"}
    backend.save_config(config)
    assert open_backend(location, "VKS").load().config.institute == "Sparkasse Test"
    with pytest.raises(Exception):
        backend.save_config({"schemes": "kaputt"})
    assert open_backend(location, "VKS").load().config.institute == "Sparkasse Test"


def test_an_erased_group_is_not_recreated(backend):
    backend.save_group(make_group("g1", "10001", "Alpha GmbH", "A"))
    _tombstone(backend, "g9", "10009")
    with pytest.raises(ErasedError, match="Verbund 10009 wurde am"):
        backend.save_group(make_group("g9", "10009", "Gelöscht", "A"))
    with pytest.raises(ErasedError):
        backend.update_group("g1", lambda g: replace(g, number="10009"))
    with pytest.raises(ErasedError):
        backend.log_contact(contact("c1", "g9", "ADM", date(2026, 3, 2)))
    with pytest.raises(ErasedError):
        backend.update_collection("call-party", lambda records: records + [{"groups": ["g9"]}])
    assert "g9" not in backend.load().groups


def _tombstone(backend, group_id: str, number: str) -> None:
    """Write a tombstone the way an erasure does (first step), per backend."""
    from model.store import erased

    stone = erased.new_tombstone(group_id, number, "ADM")
    if hasattr(backend, "_conn"):
        from psycopg.types.json import Jsonb

        backend._conn.execute(
            "INSERT INTO tombstones (group_id, number, doc) VALUES (%s, %s, %s)", (group_id, number, Jsonb(stone))
        )
        return
    from model.store.files import new_document, write_document

    doc = new_document(erased.KIND)
    doc["erased"] = {"1": stone}
    write_document(erased.erased_path(backend.root), doc)


def test_file_only_commands_say_so_on_a_database(postgres_url, capsys):
    from kontakt_tui.cli import main
    from model.store.interface import create_backend

    create_backend(postgres_url, "ADM").close()
    for command in (["doctor"], ["backups"], ["unlock"], ["restore", "master/config.json"]):
        assert main(["--store", postgres_url, *command]) == 2, command
        assert "nur beim Ordner-Speicher" in capsys.readouterr().err

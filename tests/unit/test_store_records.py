"""Files that check themselves (issue 11, item 7): a mandatory checksum with `kontakt accept`,
every record checked on load, a damaged file stopping only what needs it, backups of every
kind of file, and unknown fields kept at every depth."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from model.entities import Assignment, Casting, ContactPerson, Customer
from model.store import Store, StoreFileError
from model.store import audit as audit_mod
from model.store import backups as backup_mod
from model.store.files import read_document, write_document
from tests.unit.test_cli import run
from tests.unit.test_store import make_contact, make_group, store  # noqa: F401 - fixture


@pytest.fixture
def filled(store):
    g1 = make_group(
        "100",
        persons=(ContactPerson("p-1", "Anna Huber", "GF", "0619 1", "anna@huber.de"),),
        customers=(Customer("4711", "Huber GmbH"),),
        castings=(Casting("k-1", date(2024, 1, 2), "Firmenkunden", 1, (("Umsatz", "hoch"),), 5, "B", "AB"),),
        assignments=(Assignment("as-1", "Versicherung", "CD", 1.0, date(2024, 1, 1)),),
    )
    store.save_groups([g1])
    store.log_contact(make_contact(g1, "AB", date(2024, 5, 1)))
    store.log_contact(make_contact(g1, "CD", date(2024, 5, 2), department="Versicherung"))
    return store, g1


def hand_edit(path, change, keep_checksum: bool = False) -> None:
    """What an administrator with an editor does: change the JSON, save it as plain JSON.
    `keep_checksum` writes through kontakt's encoder, as if the edit had been accepted."""
    doc = json.loads(path.read_bytes())
    doc["_meta"]["1"].pop("checksum", None)
    change(doc)
    if keep_checksum:
        write_document(path, doc)
    else:
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def shard(store, group):
    return store.shard_path(store.shard_of(group.id))


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Error(" not in err, err


# ---- mandatory checksum ---------------------------------------------------------------------


def test_removing_the_checksum_makes_the_file_read_only_until_accepted(filled, capsys):
    store, g1 = filled
    path = shard(store, g1)
    hand_edit(path, lambda d: next(iter(d["groups"].values())).update(name="Von Hand"))
    fresh = Store.open(store.root, "AB")
    fresh.load(tolerant=True)
    assert fresh.read_only and "keine Prüfsumme" in fresh.problems[0] and str(path) in fresh.problems[0]
    # the next save must not launder the hand edit
    with pytest.raises(StoreFileError, match="keine Prüfsumme"):
        fresh.update_group(g1.id, lambda g: replace(g, segment="Privat"))
    code, out, _ = run(capsys, store, "doctor", user="AB")
    assert code == 1 and "keine Prüfsumme" in out
    code, out, err = run(capsys, store, "accept", path.relative_to(store.root).as_posix(), user="AB")
    assert code == 0, err
    assert "angenommen" in out
    assert b'"checksum":"' in path.read_bytes()
    assert Store.open(store.root, "AB").load().groups[g1.id].name == "Von Hand"
    accepted = [e for e in audit_mod.entries(store.root) if e["action"] == "accept"]
    assert accepted and accepted[0]["user"] == "AB" and accepted[0]["file"] == path.relative_to(store.root).as_posix()
    assert run(capsys, store, "doctor", user="AB")[0] == 0


def test_accept_refuses_a_file_whose_records_are_unusable(filled, capsys):
    store, g1 = filled
    path = shard(store, g1)
    hand_edit(path, lambda d: next(iter(d["groups"].values()))["castings"][0].update(computed_class="Z"))
    code, _, err = run(capsys, store, "accept", str(path), user="AB")
    assert code == 2 and "Klasse 'Z'" in err
    no_traceback(err)
    assert b'"checksum"' not in path.read_bytes()


# ---- every record checked -------------------------------------------------------------------


def _doc_id_abc(d):
    d["groups"] = {"abc": next(iter(d["groups"].values()))}


def _class_z(d):
    next(iter(d["groups"].values()))["castings"][0]["computed_class"] = "Z"


def _table_as_list(d):
    d["groups"] = list(d["groups"].values())


def _bad_date(d):
    next(iter(d["groups"].values()))["assignments"][0]["start"] = "31.12.2024"


def _number_as_list(d):
    next(iter(d["groups"].values()))["number"] = ["100"]


CASES = {
    "doc-id abc": (_doc_id_abc, "Eintrags-Nummer 'abc'"),
    "Klasse Z": (_class_z, "Casting Nr. 1: Klasse 'Z'"),
    "Tabelle als Liste": (_table_as_list, "Tabelle 'groups' ist keine Zuordnung"),
    "Datum": (_bad_date, "Beginn '31.12.2024' ist kein Datum"),
    "Nummer als Liste": (_number_as_list, "Verbund-Nr ist kein Text"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_record_is_named_by_doctor_and_crashes_no_command(filled, capsys, case):
    store, g1 = filled
    change, message = CASES[case]
    path = shard(store, g1)
    hand_edit(path, change, keep_checksum=True)  # a valid checksum: only the record check can tell
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert str(path) in str(info.value) and message in str(info.value)
    code, out, err = run(capsys, store, "doctor", user="AB")
    assert code == 1 and message in out and str(path) in out
    no_traceback(err)
    for args in (
        ["due", "--as-of", "2024-06-01"],
        ["contacts"],
        ["inactive", "--all"],
        ["log", "100", "--outcome", "Gespräch geführt"],
    ):
        code, out, err = run(capsys, store, *args, user="AB")
        no_traceback(err)
        assert code in (0, 1, 2), (args, code)
        assert str(path) in err, (args, err)


# ---- a damaged file stops only what needs it ------------------------------------------------


def test_a_colleagues_broken_contacts_file_does_not_stop_my_log_or_due(filled, capsys):
    store, g1 = filled
    broken = store.contacts_path(2024, "CD")
    broken.write_bytes(torn := broken.read_bytes()[:50])  # torn by a crashed PC
    code, out, err = run(capsys, store, "log", "100", "--outcome", "Gespräch geführt", "--date", "2024-06-03", user="AB")
    assert code == 0, err
    assert "nur lesen" in err and str(broken) in err
    code, out, err = run(capsys, store, "due", "--as-of", "2024-06-04", user="AB")
    assert code == 0 and "nur lesen" in err and str(broken) in err
    assert len(read_document(store.contacts_path(2024, "AB"))["contacts"]) == 2
    assert broken.read_bytes() == torn  # never written
    # the owner of the broken file is refused, with the file named
    code, out, err = run(capsys, store, "log", "100", "--outcome", "Gespräch geführt", "--date", "2024-06-03", user="CD")
    assert code == 2 and str(broken) in err
    no_traceback(err)


def test_an_import_does_not_run_on_a_partial_picture(filled, capsys, tmp_path):
    store, g1 = filled
    path = shard(store, g1)
    path.write_bytes(b"")
    csv = tmp_path / "g.csv"
    csv.write_text("Verbund-Nr;Name;FKB\n100;Verbund 100;AB\n", encoding="utf-8")
    code, _, err = run(capsys, store, "import", "groups", str(csv), user="AB")
    assert code == 2 and str(path) in err
    no_traceback(err)


# ---- backups for every kind of file ---------------------------------------------------------


def test_config_contacts_and_shared_collections_have_backups(filled):
    store, g1 = filled
    store.save_config(read_document(store.config_path)["config"]["1"] | {"institute": "Neu"})
    store.update_collection("call-parties", lambda rs: [*rs, {"id": "s1"}])
    names = {b.file for b in backup_mod.list_backups(store.root)}
    assert "config" in names and "organisation" in names
    contacts = backup_mod.backup_folder(store.root, store.contacts_path(2024, "AB")).name
    assert contacts in names and contacts != "AB"
    assert backup_mod.backup_folder(store.root, store.collection_path("call-parties")).name in names
    # a broken contacts file can be restored like a master file
    path = store.contacts_path(2024, "AB")
    good = read_document(path)
    path.write_bytes(b"\x00" * 64)
    store.restore(path)
    assert read_document(path)["contacts"] == good["contacts"]


# ---- unknown fields at any depth survive a save by an older version -------------------------


def test_unknown_nested_fields_survive_a_save(filled):
    store, g1 = filled
    path = shard(store, g1)

    def newer(d):
        g = next(iter(d["groups"].values()))
        g["zukunft"] = {"a": 1}
        g["persons"][0]["linkedin"] = "anna-huber"
        g["castings"][0]["ki_hinweis"] = "prüfen"
        g["assignments"][0]["stunden"] = 3
        g["customers"][0]["lei"] = "5299"

    hand_edit(path, newer, keep_checksum=True)
    store.update_group(g1.id, lambda g: replace(g, name="Geändert", persons=(replace(g.persons[0], phone="0619 2"),)))
    store.save_groups([replace(store.load().groups[g1.id], segment="Privat")])
    g = next(iter(read_document(path)["groups"].values()))
    assert g["name"] == "Geändert" and g["segment"] == "Privat" and g["persons"][0]["phone"] == "0619 2"
    assert g["zukunft"] == {"a": 1}
    assert g["persons"][0]["linkedin"] == "anna-huber"
    assert g["castings"][0]["ki_hinweis"] == "prüfen"
    assert g["assignments"][0]["stunden"] == 3
    assert g["customers"][0]["lei"] == "5299"
    # a person removed by this version stays removed, with its unknown keys
    store.update_group(g1.id, lambda g: replace(g, persons=()))
    assert next(iter(read_document(path)["groups"].values()))["persons"] == []

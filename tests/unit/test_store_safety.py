"""Corrupt or foreign files (tolerant load, read-only, doctor, restore), backups, the audit
trail and data-protection requests (export-person, erase)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import orjson
import pytest

from model.entities import Advisor, ContactPerson
from model.store import SCHEMA_VERSION, Store, StoreFileError
from model.store import audit as audit_mod
from model.store import backups as backup_mod
from model.store.files import meta, read_document, write_document
from tests.unit.test_cli import run
from tests.unit.test_store import make_contact, make_group, store  # noqa: F401 - fixture


@pytest.fixture
def filled(store):
    """Two groups in different shards, contacts and a person; AB is the user."""
    g1 = make_group("100", persons=(ContactPerson("p-1", "Anna Huber", "GF", "0619 1", "anna@huber.de"),))
    g2 = make_group("200")
    while store.shard_of(g2.id) == store.shard_of(g1.id):
        g2 = make_group("200")
    store.save_groups([g1, g2])
    store.log_contact(make_contact(g1, "AB", date(2024, 5, 1), note="Gespräch mit Anna Huber", person="p-1"))
    store.log_contact(make_contact(g2, "AB", date(2024, 5, 2)))
    return store, g1, g2


BAD = {
    "leer": b"",
    "abgeschnitten": b'{"_meta": {"1": {"schema_version": 1, "kind": "groups", "rev',
    "NUL": b"\x00" * 64,
    "doppeltes Ende": b'{"_meta": {"1": {"schema_version": 1, "kind": "groups", "revision": 1}}}}}',
    "kein JSON": b"<html>Fehlerseite</html>",
    "neueres Schema": orjson.dumps({"_meta": {"1": {"schema_version": SCHEMA_VERSION + 1, "kind": "groups", "revision": 1}}}),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_opens_read_only_and_is_never_written(filled, case):
    store, g1, g2 = filled
    shard = store.shard_path(store.shard_of(g1.id))
    shard.write_bytes(BAD[case])
    with pytest.raises(StoreFileError):
        Store.open(store.root, "AB").load()
    reader = Store.open(store.root, "AB")
    picture = reader.load(tolerant=True)
    assert reader.read_only and len(reader.problems) == 1
    assert str(shard) in reader.problems[0]
    assert g1.id not in picture.groups and g2.id in picture.groups  # what could be read
    assert len(picture.history(g2.id)) == 1
    with pytest.raises(StoreFileError):
        reader.update_group(g1.id, lambda g: replace(g, name="X"))
    assert shard.read_bytes() == BAD[case]
    assert reader.refresh() is None  # an unchanged bad file is not read again and again
    # a restore brings back the last backup; the reading store sees it at once
    store.restore(shard)
    fresh = reader.refresh()
    assert fresh is not None and g1.id in fresh.groups and not reader.read_only


def test_doctor_reports_and_exits_1_then_0_after_restore(filled, capsys):
    store, g1, _ = filled
    code, out, _ = run(capsys, store, "doctor", user="AB")
    assert code == 0 and "in Ordnung" in out
    shard = store.shard_path(store.shard_of(g1.id))
    shard.write_bytes(b'{"_meta": ')
    code, out, _ = run(capsys, store, "doctor", user="AB")
    assert code == 1
    assert f"Fehler: Datei {shard}: ist kein gültiges JSON" in out and "abgeschnitten" in out
    code, out, _ = run(capsys, store, "restore", "master/" + shard.name, user="AB")
    assert code == 0 and "quarantine" in out and "wiederhergestellt" in out
    quarantined = list((store.root / "quarantine").iterdir())
    assert [p.read_bytes() for p in quarantined] == [b'{"_meta": ']
    revisions = [b.revision for b in backup_mod.list_backups(store.root, shard.stem) if b.revision]
    assert meta(read_document(shard))["revision"] == max(revisions)
    assert run(capsys, store, "doctor", user="AB")[0] == 0


def test_doctor_finds_references_duplicates_and_leftovers(filled, capsys):
    store, g1, g2 = filled
    store.update_group(g2.id, lambda g: replace(g, number="100", lead="XYZ"))
    (store.root / "master" / ".groups-01.json.abcdefabcdef.tmp").write_bytes(b"{")
    code, out, _ = run(capsys, store, "doctor", user="AB")
    assert code == 1
    assert "Verbund-Nr 100 ist 2-mal vergeben" in out
    assert "FKB XYZ ist kein angelegter Betreuer" in out
    assert "Hinweis: unfertige Schreibdatei" in out


def test_backups_keep_20_revisions_and_30_days(store, capsys):
    group = store.save_group(make_group("300"))
    for n in range(25):
        store.update_group(group.id, lambda g, n=n: replace(g, name=f"Name {n}"))
    folder = backup_mod.backup_folder(store.root, store.shard_path(store.shard_of(group.id)))
    revisions = sorted(p.name for p in folder.glob("r*.json"))
    assert len(revisions) == 20 and revisions[-1] == "r00000026.json"
    daily = folder / f"tag-{date.today().isoformat()}.json"
    assert meta(read_document(daily))["revision"] == 1  # the day's first state
    for age in (29, 30, 45):  # a month of daily copies is kept, older ones are pruned by the writer
        write_document(folder / f"tag-{(date.today() - timedelta(days=age)).isoformat()}.json", read_document(daily))
    store.update_group(group.id, lambda g: replace(g, name="noch einmal"))
    days = sorted(p.name for p in folder.glob("tag-*.json"))
    assert days == [f"tag-{(date.today() - timedelta(days=29)).isoformat()}.json", daily.name]
    code, out, _ = run(capsys, store, "backups", folder.name, user="AB")
    assert code == 0 and "r00000027.json" in out and "Stand 27" in out


def test_audit_records_who_when_where_before_and_after(filled, capsys):
    store, g1, _ = filled
    store.update_group(g1.id, lambda g: replace(g, name="Huber & Söhne"))
    store.save_advisors([Advisor("EF", "Eva Fuchs")])
    config = read_document(store.config_path)["config"]["1"]
    store.save_config(config | {"due_horizon_days": 21})
    history = store.audit_for(g1.id)
    assert [(e["kind"], e["action"]) for e in history] == [("group", "create"), ("contact", "create"), ("group", "update")]
    last = history[-1]
    assert last["user"] == "AB" and last["host"] and last["at"]
    assert last["before"]["name"] == "Verbund 100" and last["after"]["name"] == "Huber & Söhne"
    kinds = {e["kind"] for e in audit_mod.entries(store.root)}
    assert {"advisor", "config", "group", "contact"} <= kinds
    # a torn tail (crash mid-append) is skipped and the next append starts on a new line
    path = audit_mod.audit_path(store.root, "AB", date.today().year)
    with open(path, "ab") as fh:
        fh.write(b'{"at": "2026-')
    store.update_group(g1.id, lambda g: replace(g, name="Huber GmbH"))
    assert [e["after"]["name"] for e in store.audit_for(g1.id) if e["kind"] == "group"][-1] == "Huber GmbH"
    code, out, _ = run(capsys, store, "audit", "100", user="AB")
    assert code == 0 and "Verbund geändert" in out and "Name: Verbund 100 → Huber & Söhne" in out


def test_export_person_and_erase(filled, capsys, monkeypatch):
    store, g1, g2 = filled
    store.update_collection(
        "call-party", lambda rs: [*rs, {"id": "s1", "group": g1.id, "note": "Anna"}, {"id": "s2", "group": g2.id}]
    )
    store.update_group(g1.id, lambda g: replace(g, name="Huber Holding"))
    code, out, err = run(capsys, store, "export-person", "100", user="AB")
    assert code == 1 and "nur mit --yes" in err  # no terminal, no --yes: nothing happens
    code, out, _ = run(capsys, store, "export-person", "100", "--yes", user="AB")
    data = json.loads(out)
    assert data["verbund"]["persons"][0]["email"] == "anna@huber.de"
    assert [c["note"] for c in data["kontakte"]] == ["Gespräch mit Anna Huber"]
    assert [r["id"] for r in data["sammlungen"]["call-party"]] == ["s1"]
    assert data["protokoll"] and data["sicherungen"]

    assert run(capsys, store, "erase", "100", user="AB")[0] == 1
    assert g1.id in store.load().groups
    code, out, _ = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 0 and "gelöscht" in out
    everything = b"".join(p.read_bytes() for p in store.root.rglob("*") if p.is_file())
    for secret in (b"Anna Huber", b"anna@huber.de", b"Huber Holding", b"Verbund 100"):
        assert secret not in everything, secret
    picture = Store.open(store.root, "AB").load()
    assert g1.id not in picture.groups and g2.id in picture.groups and len(picture.history(g2.id)) == 1
    assert [r["id"] for r in store.read_collection("call-party")] == ["s2"]
    left = store.audit_for(g1.id)
    assert [e["action"] for e in left][-2:] == ["export", "erase"]
    assert all(e["before"] is None and (e["after"] is None or e["action"] == "erase") for e in left)
    assert run(capsys, store, "doctor", user="AB")[0] == 0

"""`kontakt erase` that finishes (issue 11, item 5): no personal data left in temp files or
unreadable backups, only the group's own entries removed from shared collections, resumable
after a half failure, and a tombstone that stops stale dialogs and imports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

import model.campaigns.call_party as cp
from model.entities import ContactPerson
from model.store import Store, StoreError
from model.store import audit as audit_mod
from model.store import backups as backup_mod
from model.store import erasure as erasure_mod
from model.store.erased import ErasedError, erased_path
from model.store.files import read_document
from tests.unit.test_cli import run
from tests.unit.test_store import make_contact, make_group, store  # noqa: F401 - fixture

SECRETS = (b"Anna Huber", b"anna@huber.de", b"06195 4711", b"Huber Holding", b"Notiz zu Frau Huber")


@pytest.fixture
def filled(store):
    """Group 100 (to be erased) and 200 in different shards, contacts of two advisors, a
    call-party session naming both groups, surveys of both."""
    g1 = make_group("100", persons=(ContactPerson("p-1", "Anna Huber", "GF", "06195 4711", "anna@huber.de"),))
    g1 = replace(g1, name="Huber Holding")
    g2 = make_group("200")
    while store.shard_of(g2.id) == store.shard_of(g1.id):
        g2 = make_group("200")
    store.save_groups([g1, g2])
    store.update_group(g1.id, lambda g: replace(g, segment="Privat"))  # audit before/after values
    store.log_contact(make_contact(g1, "AB", date(2024, 5, 1), note="Notiz zu Frau Huber", person="p-1"))
    store.log_contact(make_contact(g1, "CD", date(2024, 5, 3), department="Versicherung"))
    store.log_contact(make_contact(g2, "CD", date(2024, 5, 2)))
    session = cp.new_session("s-1", "AB", datetime(2024, 5, 7, 9), 60, {"AB": [g1.id], "CD": [g2.id]})
    store.update_collection(cp.COLLECTION, lambda rs: cp.start_session(rs, session, datetime(2024, 5, 7, 9)))
    for gid, by in ((g1.id, "AB"), (g2.id, "CD")):
        store.update_collection(
            cp.COLLECTION,
            lambda rs, gid=gid, by=by: cp.record_outcome(rs, "s-1", gid, cp.NOT_REACHED, by, datetime(2024, 5, 7, 9, 5)),
        )
    store.update_collection(
        "care-call-surveys", lambda rs: [*rs, {"group": g1.id, "week": "2024-W19"}, {"group": g2.id, "week": "2024-W19"}]
    )
    return store, g1, g2


def everything(store) -> bytes:
    return b"".join(p.read_bytes() for p in store.root.rglob("*") if p.is_file())


def assert_no_personal_data(store) -> None:
    data = everything(store)
    for secret in SECRETS:
        assert secret not in data, secret


def test_erase_leaves_nothing_in_temp_files_and_unreadable_backups(filled, capsys):
    store, g1, g2 = filled
    shard = store.shard_path(store.shard_of(g1.id))
    # a PC that crashed between writing its temp file and replacing the shard
    leftover = shard.with_name(f".{shard.name}.0123456789ab.tmp")
    leftover.write_bytes(shard.read_bytes())
    contacts_temp = store.contacts_path(2024, "AB").with_name(".AB.json.ba9876543210.tmp")
    contacts_temp.write_bytes(store.contacts_path(2024, "AB").read_bytes())
    # a backup copy torn on the share: unreadable, still full of names
    copies = backup_mod.list_backups(store.root, shard.stem)
    torn = copies[-1].path
    torn.write_bytes(torn.read_bytes()[:-7])
    assert read_document(shard) and b"Anna Huber" in torn.read_bytes()

    code, out, err = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 0, err
    assert_no_personal_data(store)
    assert not leftover.exists() and not contacts_temp.exists()
    # it says what it removed where
    for place in (shard.relative_to(store.root).as_posix(), "contacts/2024/AB.json", "contacts/2024/CD.json",
                  f"shared/{cp.COLLECTION}.json", torn.relative_to(store.root).as_posix(), leftover.name, "audit/"):  # fmt: skip
        assert place in out, (place, out)
    assert "unlesbare Kopie" in out
    assert run(capsys, store, "doctor", user="AB")[0] == 0


def test_erase_keeps_colleagues_entries_in_shared_collections(filled, capsys):
    store, g1, g2 = filled
    assert run(capsys, store, "erase", "100", "--yes", user="AB")[0] == 0
    [session] = store.read_collection(cp.COLLECTION)
    assert session["id"] == "s-1"
    assert list(session["outcomes"]) == [g2.id] and session["outcomes"][g2.id]["by"] == "CD"
    assert session["queues"] == {"AB": [], "CD": [g2.id]}
    assert [r["group"] for r in store.read_collection("care-call-surveys")] == [g2.id]
    picture = Store.open(store.root, "AB").load()
    assert g1.id not in picture.groups and len(picture.history(g2.id)) == 1
    # the audit keeps the colleague's outcome in the collection's before/after values
    entries = [e for e in audit_mod.entries(store.root) if e["kind"] == "collection" and e["id"] == cp.COLLECTION]
    assert any(g2.id in json.dumps(e["after"]) for e in entries)
    assert not any(g1.id in json.dumps([e["before"], e["after"]]) for e in entries)


def test_a_half_failed_erase_can_be_finished(filled, capsys, monkeypatch):
    store, g1, g2 = filled
    real = audit_mod.rewrite

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_mod, "rewrite", broken)
    code, out, err = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 2 and "nicht vollständig" in err and "kontakt erase 100" in err
    assert g1.id not in Store.open(store.root, "AB").load().groups  # the record is gone already
    monkeypatch.setattr(audit_mod, "rewrite", real)
    code, out, err = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 0, err
    assert "Fortsetzung" in out and "audit/" in out
    assert_no_personal_data(store)
    [stone] = read_document(erased_path(store.root))["erased"].values()
    assert stone["done"] and stone["by"] == "AB" and stone["number"] == "100" and stone["at"]
    # a third run finds nothing left to remove
    code, out, _ = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 0 and "nichts mehr" in out


def test_the_tombstone_is_written_first(filled, monkeypatch):
    store, g1, g2 = filled

    def fail_first_step(*args, **kwargs):
        raise StoreError("Netz weg")

    monkeypatch.setattr(erasure_mod, "_needles", fail_first_step)
    with pytest.raises(StoreError):
        erasure_mod.erase_group(store, g1.id, g1.number)
    assert erasure_mod.find_erasure(store, "100") == (g1.id, "100")
    with pytest.raises(ErasedError):  # already protected although nothing was removed yet
        store.log_contact(make_contact(g1, "AB", date(2024, 6, 1), note="Anna Huber"))


def test_a_stale_dialog_or_an_import_cannot_recreate_the_data(filled, capsys, tmp_path):
    store, g1, g2 = filled
    stale = Store.open(store.root, "CD")
    stale_group = stale.load().groups[g1.id]  # a colleague's dialog opened before the erase
    assert run(capsys, store, "erase", "100", "--yes", user="AB")[0] == 0
    attempts = [
        lambda: stale.save_group(replace(stale_group, name="Huber Holding")),
        lambda: stale.save_groups([stale_group]),
        lambda: stale.update_group(g1.id, lambda g: stale_group, create=True),
        lambda: stale.log_contact(make_contact(stale_group, "CD", date(2024, 6, 1), note="Notiz zu Frau Huber")),
        lambda: stale.update_collection(
            cp.COLLECTION, lambda rs: cp.record_outcome(rs, "s-1", g1.id, cp.NOT_REACHED, "CD", datetime(2024, 5, 7, 9, 9))
        ),
        lambda: stale.update_collection("care-call-surveys", lambda rs: [*rs, {"group": g1.id, "week": "2024-W20"}]),
    ]
    for attempt in attempts:
        with pytest.raises(ErasedError, match="Verbund 100 wurde am .* von AB gelöscht"):
            attempt()
    # the colleague's other work goes on
    stale.update_collection(
        cp.COLLECTION,
        lambda rs: cp.record_outcome(rs, "s-1", g2.id, cp.APPOINTMENT, "CD", datetime(2024, 5, 7, 9, 9), "2024-06-01T10:00"),
    )
    csv = tmp_path / "g.csv"
    csv.write_text(
        "Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde\n100;Huber Holding;Firmenkunden;AB;4711;Anna Huber\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, store, "import", "groups", str(csv), user="AB")
    assert code == 2 and "Verbund 100 wurde am" in err and "Traceback" not in err
    assert_no_personal_data(store)


def test_doctor_reports_an_unfinished_erasure(filled, capsys, monkeypatch):
    store, g1, g2 = filled
    monkeypatch.setattr(erasure_mod, "_scrub_backups", lambda *a: (_ for _ in ()).throw(OSError(5, "E/A-Fehler")))
    assert run(capsys, store, "erase", "100", "--yes", user="AB")[0] == 2
    code, out, _ = run(capsys, store, "doctor", user="AB")
    assert code == 1 and "Löschung von Verbund 100" in out and "kontakt erase 100" in out
    monkeypatch.undo()
    assert run(capsys, store, "erase", "100", "--yes", user="AB")[0] == 0
    assert run(capsys, store, "doctor", user="AB")[0] == 0
    assert_no_personal_data(store)

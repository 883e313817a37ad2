"""The store contract for the maintenance operations — DSGVO erasure and information, merging
two groups, the call party's undo — on every backend alike: results, audit trail, a
colleague's refresh afterwards and the refusals."""

from dataclasses import replace
from datetime import date, datetime, timedelta

import orjson
import pytest

from model.entities import Contact, ContactPerson, Customer
from model.store import StoreError
from model.store.bulk import write_planned
from model.store.erased import ErasedError
from model.store.interface import open_backend
from model.store.merge_groups import MergeInputError
from tests.conftest import make_group

SECRETS = ("Anna Huber", "anna@huber.de", "Notiz zu Frau Huber", "Huber Holding")


def contact(cid: str, group: str, by: str, day: date, note: str = "", **extra) -> Contact:
    return Contact(cid, group, day, by, "Gespräch geführt", "Telefon", "Jahresgespräch", note=note, **extra)


@pytest.fixture
def filled(backend):
    """Group 10001 (to be erased or given up) with a person, contacts of two advisors and
    entries in two shared collections beside group 10002's."""
    person = ContactPerson("p-1", "Anna Huber", "GF", "06195 4711", "anna@huber.de")
    backend.save_groups(
        [
            make_group("g1", "10001", "Huber Holding", "A", persons=(person,), customers=(Customer("4711", "Huber AG"),)),
            make_group("g2", "10002", "Beta KG", "B", customers=(Customer("4811", "Beta KG"),)),
        ]
    )
    backend.update_group("g1", lambda g: replace(g, segment="Gewerbekunden"))
    backend.add_contacts(
        [
            contact("c1", "g1", "ADM", date(2025, 5, 1), "Notiz zu Frau Huber", person="p-1"),
            contact("c2", "g1", "VKS", date(2026, 1, 9)),
            contact("c3", "g2", "VKS", date(2026, 1, 10)),
        ]
    )
    session = {"id": "s-1", "queues": {"ADM": ["g1"], "VKS": ["g2"]}, "outcomes": {"g1": {"by": "ADM"}, "g2": {"by": "VKS"}}}
    backend.update_collection("call-party", lambda records: [*records, session])
    backend.update_collection("care-call-surveys", lambda records: [*records, {"group": "g1"}, {"group": "g2"}])
    return backend


def dump(value) -> str:
    return orjson.dumps(value).decode()


# ---- DSGVO erasure and information --------------------------------------------------------------


def test_erase_removes_the_group_everywhere_and_a_colleague_sees_it(filled, location):
    colleague = open_backend(location, "VKS")
    assert "g1" in colleague.load().groups
    result = filled.erase_group("g1", "10001")
    assert (result.group_id, result.number, result.resumed) == ("g1", "10001", False)
    places = dump(result.removed)
    assert "2 Kontakt(e)" not in places  # one per advisor's contacts
    assert places.count("1 Kontakt(e)") == 2 and "call-party" in places and "care-call-surveys" in places
    assert "Vorher/Nachher-Werte" in places and "Verbund mit Kunden" in places

    fresh = colleague.refresh()
    assert fresh is not None and "g1" not in fresh.groups and not fresh.history("g1")
    assert [c.id for c in fresh.history("g2")] == ["c3"]
    [session] = colleague.read_collection("call-party")
    assert session["queues"] == {"ADM": [], "VKS": ["g2"]} and list(session["outcomes"]) == ["g2"]
    assert [r["group"] for r in colleague.read_collection("care-call-surveys")] == ["g2"]

    trail = filled.audit_for("g1")
    assert trail[-1]["kind"] == "dsgvo" and trail[-1]["action"] == "erase" and trail[-1]["user"] == "ADM"
    assert trail[-1]["after"] == {"entfernt": len(result.removed), "fortgesetzt": False}
    assert all(e["before"] is None and e["after"] is None for e in trail[:-1])
    kept = dump(trail) + dump(filled.read_collection("call-party")) + dump([g.to_json() for g in filled.load().groups.values()])
    for secret in SECRETS:
        assert secret not in kept
    assert filled.find_erasure("10001") == ("g1", "10001") and filled.find_erasure("10002") is None


def test_erase_again_finds_nothing_left(filled):
    filled.erase_group("g1", "10001")
    again = filled.erase_group("g1", "10001")
    assert again.resumed is True and again.removed == []


def test_an_erased_group_is_not_imported_again(filled, location):
    filled.erase_group("g1", "10001")
    stale = open_backend(location, "VKS")
    refused = [
        lambda: stale.save_group(make_group("g1", "10001", "Huber Holding", "A")),
        lambda: stale.save_group(make_group("g-new", "10001", "Huber Holding", "A")),
        lambda: stale.update_group("g2", lambda g: replace(g, number="10001")),
        lambda: stale.log_contact(contact("c9", "g1", "VKS", date(2026, 2, 1))),
        lambda: stale.update_collection("care-call-surveys", lambda records: [*records, {"group": "g1"}]),
        lambda: write_planned(stale, changes={"g1": lambda _g: make_group("g1", "10009", "Huber", "A")}),
        lambda: write_planned(stale, new_groups=[(make_group("g-imp", "10001", "Huber", "A"), lambda g: g)]),
        lambda: write_planned(stale, contacts=[contact("c8", "g1", "VKS", date(2026, 2, 2))]),
    ]
    for attempt in refused:
        with pytest.raises(ErasedError, match="Verbund 10001 wurde am .* von ADM gelöscht"):
            attempt()
    picture = open_backend(location, "VKS").load()
    assert sorted(picture.groups) == ["g2"] and not picture.history("g1")


def test_the_information_export_holds_everything_and_is_audited(filled):
    data = filled.export_group("g1")
    assert data["verbund"]["name"] == "Huber Holding"
    assert sorted(c["id"] for c in data["kontakte"]) == ["c1", "c2"]
    assert sorted(data["sammlungen"]) == ["call-party", "care-call-surveys"]
    assert isinstance(data["sicherungen"], list)
    assert filled.audit_for("g1")[-1]["action"] == "export"


# ---- merging two groups --------------------------------------------------------------------------


def test_merge_moves_everything_and_a_colleague_sees_it(filled, location):
    colleague = open_backend(location, "VKS")
    colleague.load()
    report = filled.merge_groups("10002", "10001")
    assert (report.given_up, report.contacts, report.persons, report.customers, report.already) == ("10001", 2, 1, 1, False)
    assert report.kept.id == "g2" and filled.load().groups["g2"].revision == 2
    assert [(m.number, m.id, m.by) for m in report.kept.merged] == [("10001", "g1", "ADM")]

    fresh = colleague.refresh()
    assert fresh is not None and sorted(fresh.groups) == ["g2"]
    assert sorted(c.id for c in fresh.history("g2")) == ["c1", "c2", "c3"]
    assert fresh.groups["g2"].revision == 2 and [p.name for p in fresh.groups["g2"].persons] == ["Anna Huber"]
    assert {c.group for c in fresh.history("g2")} == {"g2"}

    given_up = filled.audit_for("g1")[-1]
    assert (given_up["action"], given_up["after"]["merged_into"], given_up["after"]["contacts"]) == ("merge", "10002", 2)
    kept = [(e["kind"], e["action"]) for e in filled.audit_for("g2")]
    assert sorted(kept[-3:]) == [("contact", "update"), ("contact", "update"), ("group", "update")]
    # a repeated command says so; a contact from a dialog opened before counts for the kept group
    assert filled.merge_groups("10002", "10001").already is True
    colleague.log_contact(contact("c4", "g1", "VKS", date(2026, 3, 1)))
    assert "c4" in {c.id for c in filled.load().history("g2")}


def test_merge_refuses_the_same_group_and_an_unknown_one(filled):
    with pytest.raises(MergeInputError, match="derselbe Verbund"):
        filled.merge_groups("10001", "g1")
    with pytest.raises(MergeInputError, match="Verbund 99999 gibt es nicht"):
        filled.merge_groups("10001", "99999")
    assert sorted(filled.load().groups) == ["g1", "g2"]
    assert [e["action"] for e in filled.audit_for("g1") if e["kind"] == "group"] == ["create", "update"]


def test_merge_of_a_group_erased_meanwhile_changes_nothing(filled, location):
    colleague = open_backend(location, "VKS")
    colleague.load()  # the picture the merge resolves the numbers in
    filled.erase_group("g1", "10001")
    # the colleague's picture is refreshed by merge_groups itself: the number is gone
    with pytest.raises(MergeInputError, match="gibt es nicht"):
        colleague.merge_groups("10002", "10001")
    assert colleague.load().groups["g2"].revision == 1


# ---- the call party's undo ----------------------------------------------------------------------


def test_withdraw_removes_my_fresh_contact_with_an_audit_entry(filled, location):
    colleague = open_backend(location, "VKS")
    colleague.load()
    logged = filled.log_contact(contact("c5", "g2", "ADM", date(2026, 3, 2)))
    assert colleague.refresh() is not None
    record = filled.withdraw_contact("c5", 2026)
    assert record["id"] == "c5" and record["group"] == "g2"
    fresh = colleague.refresh()
    assert fresh is not None and [c.id for c in fresh.history("g2")] == ["c3"]
    entry = filled.audit_for("g2")[-1]
    assert (entry["kind"], entry["action"], entry["id"], entry["after"]) == ("contact", "withdraw", "c5", None)
    assert entry["before"]["logged_at"] == logged.logged_at
    with pytest.raises(StoreError, match="nichts zurückgenommen"):
        filled.withdraw_contact("c5", 2026)


def test_withdraw_refuses_someone_elses_an_unknown_and_an_old_contact(filled):
    with pytest.raises(StoreError, match="Kontakt c2 steht nicht in .*; nichts zurückgenommen"):
        filled.withdraw_contact("c2", 2026)  # VKS's contact
    with pytest.raises(StoreError, match="Kontakt nope steht nicht in .*; nichts zurückgenommen"):
        filled.withdraw_contact("nope", 2026)
    logged = filled.log_contact(contact("c6", "g2", "ADM", date(2026, 3, 2)))
    later = datetime.fromisoformat(logged.logged_at) + timedelta(minutes=6)
    with pytest.raises(StoreError, match="kann nicht mehr zurückgenommen werden: nur eigene Kontakte der letzten 5 Minuten"):
        filled.withdraw_contact("c6", 2026, now=later)
    assert {"c2", "c6"} <= {c.id for cs in filled.load().contacts.values() for c in cs}
    assert not [e for e in filled.audit_for("g1") + filled.audit_for("g2") if e["action"] == "withdraw"]

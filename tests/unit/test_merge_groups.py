"""`kontakt merge-groups BEHALTEN AUFGEBEN` (issue 11, item 2): two groups that are the same
customer group become one — contacts re-pointed, persons, castings, co-care and customers
kept, the given-up number recorded and still leading to the kept group, audited."""

from __future__ import annotations

from datetime import date

import pytest

from kontakt_tui.cli.parser import main
from model.entities import Advisor, Assignment, Casting, Contact, ContactPerson, Customer, Group
from model.exchange.imports import import_groups
from model.store import Store
from model.store.doctor import ERROR, check_store
from tests.unit.test_importing import AS_OF, GROUP_HEADER, csv_file


@pytest.fixture
def twins(tmp_path) -> Store:
    store = Store.create(tmp_path / "s", "ADM")
    store.save_advisors([Advisor("MKR", "Martina Kraus"), Advisor("VKS", "Vera Kessler", department="Versicherung")])
    keep = Group(
        "g-keep", "00815", "Huber Gruppe", "Firmenkunden", "MKR",
        customers=(Customer("1", "Huber GmbH"),),
        persons=(ContactPerson("p-1", "Anna Huber", "Inhaberin", "", ""),),
    )  # fmt: skip
    drop = Group(
        "g-drop", "815", "Huber Grp.", "Firmenkunden", "MKR",
        customers=(Customer("1", "Huber GmbH"), Customer("2", "Huber Immobilien KG")),
        persons=(ContactPerson("p-2", "Klaus Berg", "Steuerberater", "", ""),),
        castings=(Casting("c-1", date(2026, 2, 1), "Firmenkunden", 8, (), 0, "A", "MKR"),),
        assignments=(Assignment("as-1", "Versicherung", "VKS", 1.0, date(2025, 1, 1)),),
    )  # fmt: skip
    store.save_groups([keep, drop])
    store.add_contacts([
        Contact("k-1", "g-drop", date(2025, 5, 2), "MKR", "Gespräch geführt", person="p-2"),
        Contact("k-2", "g-drop", date(2026, 1, 9), "VKS", "Gespräch geführt", department="Versicherung"),
        Contact("k-3", "g-keep", date(2026, 1, 9), "MKR", "nicht erreicht"),
    ])  # fmt: skip
    return store


def _merge(store: Store, *args: str) -> int:
    return main(["--store", str(store.root), "--user", "ADM", "merge-groups", *args, "--yes"])


def test_merge_keeps_history_persons_castings_co_care_and_customers(twins, capsys):
    assert _merge(twins, "00815", "815") == 0
    assert "2 Kontakte umgehängt" in capsys.readouterr().out
    picture = Store.open(twins.root, "ADM").load()
    assert list(picture.groups) == ["g-keep"]
    kept = picture.groups["g-keep"]
    assert {p.id for p in kept.persons} == {"p-1", "p-2"}
    assert [c.id for c in kept.castings] == ["c-1"] and kept.cls == "A"
    assert [a.id for a in kept.assignments] == ["as-1"]
    assert [c.number for c in kept.customers] == ["1", "2"]
    assert {c.id for c in picture.history("g-keep")} == {"k-1", "k-2", "k-3"}
    assert [(m.number, m.id, m.by) for m in kept.merged] == [("815", "g-drop", "ADM")]
    assert picture.group("815").id == "g-keep"  # the given-up number leads to the kept group
    assert not [f for f in check_store(twins) if f.severity == ERROR]


def test_merge_is_audited_and_shows_in_both_histories(twins):
    assert _merge(twins, "00815", "815") == 0
    merge = [e for e in twins.audit_for("g-drop") if e["action"] == "merge"]
    assert merge and merge[0]["user"] == "ADM" and merge[0]["after"]["merged_into"] == "00815"
    assert any(e["action"] == "update" for e in twins.audit_for("g-keep"))


def test_a_repeated_merge_does_nothing_and_says_so(twins, capsys):
    assert _merge(twins, "00815", "815") == 0
    before = {p.name: p.read_bytes() for p in (twins.root / "master").glob("groups-*.json")}
    assert _merge(twins, "00815", "815") == 0
    assert "schon" in capsys.readouterr().out
    assert before == {p.name: p.read_bytes() for p in (twins.root / "master").glob("groups-*.json")}


def test_a_contact_logged_for_the_given_up_group_afterwards_counts_for_the_kept_one(twins):
    assert _merge(twins, "00815", "815") == 0
    twins.add_contacts([Contact("k-late", "g-drop", date(2026, 2, 1), "MKR", "Gespräch geführt")])
    picture = Store.open(twins.root, "ADM").load()
    assert "k-late" in {c.id for c in picture.history("g-keep")}
    assert not [f for f in check_store(twins) if f.severity == ERROR]


def test_an_import_that_still_lists_the_given_up_number_is_refused(twins, tmp_path):
    from model.exchange.imports import ImportFailed

    assert _merge(twins, "00815", "815") == 0
    text = f"{GROUP_HEADER}\n815;Huber;Firmenkunden;MKR;9;Huber GmbH\n"
    with pytest.raises(ImportFailed, match="zusammengeführt"):
        import_groups(twins, csv_file(tmp_path, text), AS_OF)
    assert len(twins.load().groups) == 1


def test_duplicates_with_the_same_normalised_number_are_merged_by_id(twins, capsys):
    twins.save_groups([Group("g-zw", "00815\u200b", "Huber doppelt", "Firmenkunden", "MKR")])
    assert _merge(twins, " 00815 ", "815") == 1  # typed with blanks: two groups match
    assert "ID" in capsys.readouterr().err
    assert _merge(twins, "g-keep", "g-zw") == 0
    assert not [f for f in check_store(twins) if f.severity == ERROR and "vergeben" in f.message]


def test_unknown_numbers_and_the_same_group_are_bad_input(twins, capsys):
    assert _merge(twins, "00815", "4711") == 1
    assert _merge(twins, "00815", "g-keep") == 1
    err = capsys.readouterr().err
    assert "4711 gibt es nicht" in err and "derselbe Verbund" in err

"""Field-level three-way merge of groups (model/store/merge.py) and the merging save: property
tests with hypothesis, the store's save_group_merged, and two processes saving at once."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from model.entities import Assignment, ContactPerson, Customer, Group
from model.store.merge import FieldConflict, apply_choice, merge_group
from tests.unit.test_store import PROJECT, make_group, store  # noqa: F401 - fixture

PERSON_IDS = ("p1", "p2", "p3", "p4")
names = st.sampled_from(["Anna", "Bernd", "Carla", "Dieter"])
persons = st.builds(ContactPerson, st.sampled_from(PERSON_IDS), names, st.sampled_from(["GF", "StB", ""]))
assignments = st.builds(
    Assignment, st.sampled_from(("a1", "a2", "a3")), st.sampled_from(("Versicherung", "Leasing")),
    st.sampled_from(("VKS", "TLE")), st.sampled_from((1.0, 2.0)), st.just(date(2025, 1, 1)),
)  # fmt: skip
customers = st.builds(Customer, st.sampled_from(("4711", "4712", "4713")), names)


def unique(key):
    return lambda items: tuple({key(i): i for i in items}.values())


groups = st.builds(
    Group,
    id=st.just("g-1"),
    number=st.sampled_from(("100", "200")),
    name=st.sampled_from(("Huber GmbH", "Huber KG", "Berg AG")),
    segment=st.sampled_from(("Firmenkunden", "Gewerbekunden")),
    lead=st.sampled_from(("MKR", "SWE", "THO")),
    customers=st.lists(customers, max_size=3).map(unique(lambda c: c.number)),
    persons=st.lists(persons, max_size=4).map(unique(lambda p: p.id)),
    assignments=st.lists(assignments, max_size=3).map(unique(lambda a: a.id)),
    carried_class=st.sampled_from((None, "A", "B")),
)


def canonical(group: Group) -> dict:
    """Compared as maps by id: the merge keeps one side's order, which is not a property."""
    d = group.to_json()
    d.pop("revision")
    for name, key in (("persons", "id"), ("castings", "id"), ("assignments", "id"), ("customers", "number")):
        d[name] = sorted(d[name], key=lambda r: r[key])
    return d


def as_maps(group: Group) -> dict:
    d = canonical(group)
    for name, key in (("persons", "id"), ("castings", "id"), ("assignments", "id"), ("customers", "number")):
        d[name] = {r[key]: r for r in d[name]}
    return d


@settings(max_examples=300, deadline=None)
@given(groups, groups, groups)
def test_merge_is_symmetric_without_conflicts(base, mine, theirs):
    one, conflicts_one = merge_group(base, mine, theirs)
    two, conflicts_two = merge_group(base, theirs, mine)
    assert len(conflicts_one) == len(conflicts_two)
    if not conflicts_one:
        assert canonical(one) == canonical(two)


@settings(max_examples=300, deadline=None)
@given(groups, groups, groups)
def test_merge_never_loses_a_one_sided_change(base, mine, theirs):
    merged, conflicts = merge_group(base, mine, theirs)
    b, m, t, r = as_maps(base), as_maps(mine), as_maps(theirs), as_maps(merged)
    for field in b:
        if isinstance(b[field], dict):
            for key in set(b[field]) | set(m[field]) | set(t[field]):
                bv, mv, tv = (x[field].get(key) for x in (b, m, t))
                if mv != bv and tv == bv:
                    assert r[field].get(key) == mv, (field, key)
                elif tv != bv and mv == bv:
                    assert r[field].get(key) == tv, (field, key)
                elif mv != bv and tv != bv and mv != tv and None in (bv, mv, tv):  # added or removed
                    assert any(c.field == field and c.key == key for c in conflicts)
                    assert r[field].get(key) == tv  # unresolved: the stored value stays
                elif mv != bv and tv != bv and mv != tv:  # the record changed on both sides: field by field
                    for attr in bv:
                        ba, ma, ta, ra = bv[attr], mv[attr], tv[attr], r[field][key][attr]
                        if ma != ba and ta == ba:
                            assert ra == ma, (field, key, attr)
                        elif ta != ba and ma == ba:
                            assert ra == ta, (field, key, attr)
                        elif ma != ba != ta != ma:
                            assert any(c.key == key and c.attribute == attr for c in conflicts)
                            assert ra == ta
        elif m[field] != b[field] and t[field] == b[field]:
            assert r[field] == m[field], field
        elif t[field] != b[field] and m[field] == b[field]:
            assert r[field] == t[field], field
        elif m[field] != b[field] != t[field] != m[field]:
            assert FieldConflict(field, getattr(mine, field), getattr(theirs, field)) in conflicts
            assert r[field] == t[field]


@settings(max_examples=300, deadline=None)
@given(groups, groups, groups)
def test_merge_is_idempotent(base, mine, theirs):
    merged, conflicts = merge_group(base, mine, theirs)
    again, conflicts_again = merge_group(base, mine, merged)
    if not conflicts:
        assert canonical(again) == canonical(merged) and conflicts_again == []
    assert canonical(merge_group(base, mine, mine)[0]) == canonical(mine)
    assert canonical(merge_group(base, base, theirs)[0]) == canonical(theirs)
    assert merge_group(base, base, theirs)[1] == []


def test_conflict_can_be_resolved_with_either_value():
    base = make_group("1", persons=(ContactPerson("p1", "Anna", "GF"),))
    mine = replace(base, name="Mein Name", persons=(ContactPerson("p1", "Anna", "Inhaberin"),))
    theirs = replace(base, name="Ihr Name", persons=())
    merged, conflicts = merge_group(base, mine, theirs)
    assert {c.label for c in conflicts} == {"Name", "Ansprechpartner Anna"}
    assert merged.name == "Ihr Name" and merged.persons == ()
    for c in conflicts:
        merged = apply_choice(merged, c, c.mine)
    assert merged.name == "Mein Name" and merged.persons == (ContactPerson("p1", "Anna", "Inhaberin"),)


def test_two_colleagues_changing_different_fields_of_one_person_both_survive():
    base = make_group("1", persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 1", "alt@huber.de"),))
    mine = replace(base, persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 2", "alt@huber.de"),))
    theirs = replace(base, persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 1", "neu@huber.de"),))
    merged, conflicts = merge_group(base, mine, theirs)
    assert conflicts == []
    assert merged.persons == (ContactPerson("p1", "Anna Huber", "GF", "06195 2", "neu@huber.de"),)


def test_the_same_field_of_one_person_is_a_conflict_named_in_german():
    base = make_group("1", persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 1", "alt@huber.de"),))
    mine = replace(base, persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 2", "neu@huber.de"),))
    theirs = replace(base, persons=(ContactPerson("p1", "Anna Huber", "GF", "06195 3", "alt@huber.de"),))
    merged, conflicts = merge_group(base, mine, theirs)
    (conflict,) = conflicts
    assert (conflict.label, conflict.mine, conflict.theirs) == ("Ansprechpartner Anna Huber: Telefon", "06195 2", "06195 3")
    assert merged.persons[0].email == "neu@huber.de"  # my other field is kept
    chosen = apply_choice(merged, conflict, conflict.mine)
    assert chosen.persons == (ContactPerson("p1", "Anna Huber", "GF", "06195 2", "neu@huber.de"),)


# ---- the merging save -------------------------------------------------------------------


def test_save_group_merged_keeps_a_colleagues_change_of_another_field(store):
    base = store.save_group(make_group("20"))
    store.update_group(base.id, lambda g: replace(g, persons=(ContactPerson("p9", "Klaus Berg"),)))  # colleague
    result = store.save_group_merged(base, replace(base, name="Neuer Name"))
    assert result.saved and result.conflicts == ()
    stored = store.load().groups[base.id]
    assert stored.name == "Neuer Name" and [p.name for p in stored.persons] == ["Klaus Berg"]
    assert stored.revision == base.revision + 2


def test_save_group_merged_with_conflict_writes_nothing_and_offers_both(store):
    base = store.save_group(make_group("21"))
    theirs = store.update_group(base.id, lambda g: replace(g, lead="CD"))
    result = store.save_group_merged(base, replace(base, lead="AB2", name="Auch geändert"))
    assert not result.saved
    assert result.conflicts == (FieldConflict("lead", "AB2", "CD"),)
    assert result.base == theirs and result.group.name == "Auch geändert" and result.group.lead == "CD"
    assert store.load().groups[base.id] == theirs
    # the user takes their own value and saves again on the new base
    chosen = apply_choice(result.group, result.conflicts[0], result.conflicts[0].mine)
    again = store.save_group_merged(result.base, chosen)
    assert again.saved and again.group.lead == "AB2" and again.group.name == "Auch geändert"


SAVER = r"""
import json, sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, {project!r})
from model.entities import ContactPerson
from model.store import Store
root, name, go = Path({root!r}), {name!r}, Path({go!r})
store = Store.open(root, "AB")
base = store.load().groups[{gid!r}]
if name == "a":
    mine = replace(base, name="Name von A", persons=(*base.persons, ContactPerson("pa", "Person A")))
else:
    mine = replace(base, lead="CD", persons=(*base.persons, ContactPerson("pb", "Person B")))
Path({ready!r}).write_text("")
while not go.exists():
    time.sleep(0.001)
result = store.save_group_merged(base, mine)
print(json.dumps({{"saved": result.saved, "conflicts": len(result.conflicts)}}))
"""


def test_two_processes_merge_their_changes(store, tmp_path):
    base = store.save_group(make_group("22", persons=(ContactPerson("p0", "Alt"),)))
    go = tmp_path / "go"
    procs = []
    for name in ("a", "b"):
        ready = tmp_path / f"ready-{name}"
        code = SAVER.format(project=str(PROJECT), root=str(store.root), name=name, go=str(go), gid=base.id, ready=str(ready))
        procs.append((subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True), ready))
    deadline = time.monotonic() + 30
    while not all(ready.exists() for _, ready in procs):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    go.write_text("")
    outputs = [json.loads(p.communicate(timeout=30)[0]) for p, _ in procs]
    assert outputs == [{"saved": True, "conflicts": 0}] * 2
    stored = store.load().groups[base.id]
    assert stored.name == "Name von A" and stored.lead == "CD"
    assert sorted(p.id for p in stored.persons) == ["p0", "pa", "pb"]
    assert stored.revision == base.revision + 2
    history = store.audit_for(base.id)
    assert [e["action"] for e in history] == ["create", "update", "update"]

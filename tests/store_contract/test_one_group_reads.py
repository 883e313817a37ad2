"""What `kontakt log` reads of one group, on every backend: `load_group` (the configuration,
the staff list and the user's group with that number, or None so that the caller loads), and
`status_of` (a few groups' status entries, read without a picture, for the next due date it
prints), which answer every role's due date as the whole institute does, merged groups'
entries included."""

from __future__ import annotations

from datetime import timedelta

from model.contacts import due_item, role_frequency
from model.entities import LEAD
from model.institute import Institute
from model.store.interface import open_backend, serves
from tests.unit.test_postgres_scoped import TODAY, _institute, _newest


def test_the_status_of_a_few_groups_answers_every_role_as_the_whole_institute(backend, location):
    _institute(backend)
    whole = open_backend(location, "ADM").load()
    reader = open_backend(location, "ADM")
    reader.load(scope="master", advisor="MKR")  # as `kontakt log` has it: the user's groups, no contacts
    for group in whole.groups.values():
        found = reader.status_of([group])
        assert found is not None and set(found) <= {group.id}
        assert len(found.get(group.id, ())) <= len(whole.contacts.get(group.id, ()))
        one = Institute(whole.config, whole.advisors, {group.id: group}, found, False)
        for as_of in (_newest(whole), TODAY + timedelta(days=200)):
            for role in {LEAD, *(a.department for a in group.assignments)}:
                frequency = role_frequency(group, role, whole.config, as_of)
                assert due_item(group, role, frequency, one.contacts, one.config, as_of) == due_item(
                    group, role, frequency, whole.contacts, whole.config, as_of
                )
    merged = reader.status_of([whole.groups["g-0"]])["g-0"]
    assert any(c.group == "old-1" for c in merged)  # the contacts of the group merged into g-0
    assert all(c.group == "g-39" for c in reader.status_of([whole.groups["g-39"]])["g-39"])  # live again: its own


def test_one_of_the_advisors_groups_is_read_alone_and_anything_else_is_left_to_a_load(backend, location):
    _institute(backend)
    whole = open_backend(location, "ADM").load()
    for code in ("MKR", "VKS"):
        open_backend(location, code).load(scope="status", advisor=code)  # the folder store: the digest written
        for group in (g for g in whole.groups.values() if serves(g, code)):
            picture = open_backend(location, code).load_group(code, f" {group.number}\u200b")  # as pasted
            assert picture is not None, (code, group.number)
            assert picture.groups == {group.id: group} and picture.contacts == {}
            assert picture.config == whole.config and picture.advisors == whole.advisors
    view = open_backend(location, "MKR")
    theirs = [g for g in whole.groups.values() if g.lead != "MKR" and all(a.advisor != "MKR" for a in g.assignments)]
    assert theirs and all(view.load_group("MKR", g.number) is None for g in theirs)  # a colleague's: loaded as before
    assert view.load_group("MKR", "99999") is None and view.load_group("XYZ", whole.groups["g-1"].number) is None

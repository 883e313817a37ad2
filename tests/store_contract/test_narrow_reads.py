"""What an app on a picture of the user's own groups asks of the store (issue 16: colleagues'
history is read when a card opens), on every backend: the search's directory of every group
(`group_directory`) and a colleague's group taken into the picture (`add_groups`), both kept
current when a colleague writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from model.contacts import SearchIndex
from model.contacts.find import slim_entry
from model.entities import Casting, Contact, ContactPerson, Customer
from model.store.interface import open_backend, serves
from tests.unit.test_postgres_scoped import _institute


def _searchable(group) -> tuple:
    """What the search looks in and shows."""
    persons = tuple((p.name, p.phone, p.email) for p in group.persons)
    return (group.id, group.number, group.name, group.lead, group.segment, group.customers, persons, group.cls)


def _directory(store) -> dict:
    answer = store.group_directory()
    assert answer.whole
    return {g.id: _searchable(g) for g in answer.groups}


def _with_people(store) -> None:
    _institute(store)
    store.update_group(
        "g-3",
        lambda g: replace(
            g,
            customers=(Customer("4711", "Bäckerei Huber GmbH"),),
            persons=(ContactPerson("p-1", "Anna Huber", "Inhaberin", "+49 171 2345678", "anna@huber.de"),),
            castings=(
                *g.castings,
                Casting("cast-new", date(2026, 6, 1), "Firmenkunden", 1, (), 0, "B", "ADM"),
                Casting("cast-old", date(2025, 6, 1), "Firmenkunden", 1, (), 0, "D", "ADM"),
            ),
        ),
    )


def test_the_directory_holds_what_the_search_needs_of_every_group(backend, location):
    _with_people(backend)
    whole = open_backend(location, "ADM").load()
    seen = open_backend(location, "ADM")
    assert _directory(seen) == {g.id: _searchable(g) for g in whole.groups.values()}
    first = seen.group_directory()
    slim = SearchIndex.of_entries(seen.group_directory(keep=slim_entry).groups)  # as the app keeps it
    for text in ("huber", "0171 234", "4711", "10003", "Firma 1", "anna@"):
        expected = [(m.group.id, m.group.number, m.group.cls, m.matched) for m in SearchIndex(whole.groups.values()).find(text)]
        for index in (SearchIndex(first.groups), slim):
            assert [(m.group.id, m.group.number, m.group.cls, m.matched) for m in index.find(text)] == expected, text
    assert _directory(seen)["g-3"][-1] == "B"  # the latest casting's class
    assert seen.group_directory(first.token) == (first.token, [], False)  # nothing changed: nothing read

    # A colleague renames one group and adds one: the changes renew the index; then merges
    # one away: the next answer is whole again.
    colleague = open_backend(location, "TLE")
    colleague.update_group("g-5", lambda g: replace(g, name="Umbenannt GmbH"))
    colleague.save_groups([replace(whole.groups["g-7"], id="g-new", number="20000", name="Neu KG", revision=0)])
    changes = seen.group_directory(first.token, keep=slim_entry)
    if isinstance(location, str):  # a database reads the changed groups only
        assert not changes.whole and {e.group.id for e in changes.groups} == {"g-5", "g-new"}
    renewed = slim.with_entries(changes.groups) if not changes.whole else SearchIndex.of_entries(changes.groups)
    now = open_backend(location, "ADM").load()
    for text in ("umbenannt", "neu kg", "firma", "huber"):
        expected = [(m.group.id, m.matched) for m in SearchIndex(now.groups.values()).find(text, None)]
        assert [(m.group.id, m.matched) for m in renewed.find(text, None)] == expected, text
    colleague.merge_groups("10002", "10004")
    after = seen.group_directory(changes.token)
    assert after.whole and {g.id: _searchable(g) for g in after.groups} == {
        g.id: _searchable(g) for g in open_backend(location, "ADM").load().groups.values()
    }
    assert "g-4" not in {g.id for g in after.groups}


def test_a_colleagues_group_joins_the_picture_with_its_whole_history(backend, location):
    _institute(backend)
    whole = open_backend(location, "ADM").load()
    store = open_backend(location, "VKS")
    mine = store.load(advisor="VKS")
    others = [g for g in whole.groups.values() if not serves(g, "VKS") and whole.contacts.get(g.id)]
    assert mine.some_groups and not mine.complete
    assert others[0].id not in mine.groups
    taken = [others[0].id, "g-0"] if not serves(whole.groups["g-0"], "VKS") else [others[0].id]
    picture = store.add_groups([*taken, "no-such-group"])
    for gid in taken:
        assert picture.groups[gid] == whole.groups[gid]
        assert sorted(picture.contacts[gid]) == sorted(whole.contacts[gid])  # g-0 with old-1's
    assert set(picture.groups) == set(mine.groups) | set(taken)
    assert store.add_groups(taken) is None  # nothing new

    # The refresh keeps it: a colleague logs a contact there and renames the group.
    colleague = open_backend(location, "TLE")
    contact = Contact("c-late", others[0].id, date(2026, 11, 30), "TLE", "Gespräch geführt", "Telefon", "Servicekontakt")
    colleague.log_contact(contact)
    colleague.update_group(others[0].id, lambda g: replace(g, name="Neu benannt"))
    fresh = store.refresh()
    assert fresh.groups[others[0].id].name == "Neu benannt"
    assert "c-late" in {c.id for c in fresh.contacts[others[0].id]}
    assert set(fresh.groups) == set(picture.groups)

    # A removal elsewhere (a merge) makes the refresh read the picture anew (a database) or
    # finds nothing of it changed (None, the folder store): still with them.
    numbers = [g.number for g in whole.groups.values() if g.id not in picture.groups and g.id not in ("g-39", "old-1")]
    colleague.merge_groups(numbers[0], numbers[1])
    again = store.refresh() or fresh
    assert set(again.groups) == set(picture.groups)
    assert {c.id for c in again.contacts[others[0].id]} == {c.id for c in fresh.contacts[others[0].id]}


def test_an_advisors_picture_without_closed_years_answers_as_the_whole(backend, location):
    """The app's picture: the user's groups with the open years' contacts and, of closed
    years, what decides due dates; a card adds the closed years (`closed_history`) and has
    the whole history again."""
    from model.contacts.due import due_list, inactive_groups
    from tests.unit.test_postgres_scoped import TODAY

    _institute(backend)
    whole = open_backend(location, "ADM").load()
    store = open_backend(location, "TLE")
    picture = store.load(advisor="TLE", since=2025)
    assert picture.history_from == date(2025, 1, 1) and picture.has_histories
    assert {g for g in whole.groups if serves(whole.groups[g], "TLE")} <= set(picture.groups)
    for as_of in (TODAY, date(2027, 3, 1)):
        args = (picture.groups.values(), picture.contacts, picture.config, as_of)
        all_args = (whole.groups.values(), whole.contacts, whole.config, as_of)
        assert due_list("TLE", *args) == due_list("TLE", *all_args)
        assert inactive_groups(*args, "TLE") == inactive_groups(*all_args, "TLE")
    others = [g for g in whole.groups.values() if not serves(g, "TLE") and whole.contacts.get(g.id)]
    added = store.add_groups([others[0].id]) or picture
    for gid in [*(g for g in picture.groups if serves(whole.groups[g], "TLE")), others[0].id]:
        full = whole.contacts.get(gid, [])
        have = added.contacts.get(gid, [])
        assert sorted(c for c in have if c.date.year >= 2025) == sorted(c for c in full if c.date.year >= 2025)
        assert {c.id for c in have} <= {c.id for c in full}
        stored = [gid, *(m.id for m in whole.groups[gid].merged if m.id not in whole.groups)]
        older = store.closed_history(stored, 2025)
        assert [c.id for c in added.history_with(gid, older)] == [c.id for c in whole.history(gid)]

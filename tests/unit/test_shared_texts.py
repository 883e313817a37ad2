"""A picture of a million contacts and 100,000 groups holds each of their few distinct texts
once, not once per record: read from JSON every value is a string of its own — about 320 of
a contact's 800 bytes (group, advisor, outcome, channel, format, department, person) and
1,100 of a group's 3,800 (segment, lead, casting scheme, criteria and labels, class, co-care
department and advisor, a person's function)."""

from datetime import date

import orjson

from model.entities import Contact, Group
from model.store import Store

DOC = {"id": "c-1", "group": "g-1", "date": "2026-03-02", "by": "MKR", "outcome": "Gespräch geführt",
       "channel": "Telefon", "format": "Active Call", "department": "Versicherung", "person": "p-1"}  # fmt: skip


def _read(doc: dict) -> Contact:
    return Contact.from_json(orjson.loads(orjson.dumps(doc)), {})  # a string of its own per value


def test_contacts_read_from_json_share_their_texts():
    a, b = _read(DOC), _read(DOC | {"id": "c-2", "note": "Kreditlinie besprochen"})
    for field in ("group", "by", "outcome", "channel", "format", "department", "person"):
        assert getattr(a, field) == getattr(b, field)
        assert getattr(a, field) is getattr(b, field), field
    assert _read(DOC | {"department": None}).department is None
    bare = _read({k: v for k, v in DOC.items() if k not in ("department", "person")})
    assert (bare.department, bare.person) == (None, "")


def test_the_folder_store_picture_shares_them(small_store):
    small_store.add_contacts(
        [Contact(f"c-{n}", "g-1", date(2026, 9, n), "MKR", "Gespräch geführt", "Telefon", "Active Call") for n in (2, 3)]
    )
    reopened = Store.open(small_store.root, "MKR")
    for picture in (reopened.load(), Store.open(small_store.root, "MKR").load(scope="status")):
        mine = [c for items in picture.contacts.values() for c in items if c.by == "MKR"]
        assert len(mine) >= 2
        assert all(c.by is mine[0].by and c.outcome is mine[0].outcome for c in mine if c.outcome == mine[0].outcome)


def test_groups_read_from_json_share_their_texts(small_store):
    stored = small_store.load().groups["g-1"]
    assert stored.castings and stored.assignments and stored.persons
    a, b = (Group.from_json(orjson.loads(orjson.dumps(stored.to_json()))) for _ in range(2))
    assert a == stored and a.segment is b.segment and a.lead is b.lead
    for one, two in zip(a.castings, b.castings, strict=True):
        assert one.scheme is two.scheme and one.computed_class is two.computed_class and one.by is two.by
        assert all(x[0] is y[0] and x[1] is y[1] for x, y in zip(one.answers, two.answers, strict=True))
    assert all(x.department is y.department and x.advisor is y.advisor for x, y in zip(a.assignments, b.assignments))
    assert all(x.function is y.function for x, y in zip(a.persons, b.persons, strict=True))

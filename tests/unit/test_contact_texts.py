"""A picture of a million contacts holds each of the few distinct texts of a contact (group,
advisor, outcome, channel, format, department, person) once, not once per contact: read from
JSON every value is a string of its own, about 320 of a contact's 800 bytes."""

from datetime import date

import orjson

from model.entities import Contact
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

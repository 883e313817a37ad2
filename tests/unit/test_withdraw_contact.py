"""Taking back a contact just logged (the call party's `u`): only one's own, only for a few
minutes, under the file's lock, with an audit entry."""

from datetime import date, datetime, timedelta

import pytest

from model.entities import Contact
from model.store import Store, StoreError
from model.store.audit import entries
from model.store.withdraw import WITHDRAW_WINDOW


def logged(store: Store, cid: str, at: datetime, by: str = "MKR") -> Contact:
    contact = Contact(cid, "g-1", date(2026, 11, 24), by, "nicht erreicht", "Telefon", "Active Call",
                      logged_at=at.isoformat(timespec="seconds"))  # fmt: skip
    store.user = by
    store.add_contacts([contact])
    store.user = "MKR"
    return contact


def test_own_contact_of_the_last_minutes_is_taken_back_with_an_audit_entry(small_store):
    now = datetime(2026, 11, 24, 9, 30)
    logged(small_store, "c-new", now - timedelta(seconds=20))
    logged(small_store, "c-keep", now - timedelta(seconds=10))
    record = small_store.withdraw_contact("c-new", 2026, now=now)
    assert record["id"] == "c-new"
    ids = {c.id for c in Store.open(small_store.root, "MKR").load().history("g-1")}
    assert "c-new" not in ids and "c-keep" in ids
    (last,) = [e for e in entries(small_store.root) if e.get("action") == "withdraw"]
    assert last["before"]["id"] == "c-new" and last["after"] is None and last["user"] == "MKR"


@pytest.mark.parametrize("age", [WITHDRAW_WINDOW + timedelta(seconds=1), -timedelta(minutes=1)])
def test_an_older_contact_is_refused(small_store, age):
    now = datetime(2026, 11, 24, 9, 30)
    logged(small_store, "c-old", now - age)
    with pytest.raises(StoreError, match="kann nicht mehr zurückgenommen werden"):
        small_store.withdraw_contact("c-old", 2026, now=now)
    assert "c-old" in {c.id for c in small_store.load().history("g-1")}


def test_a_colleagues_contact_is_not_in_the_users_file(small_store):
    now = datetime(2026, 11, 24, 9, 30)
    logged(small_store, "c-tle", now, by="TLE")
    with pytest.raises(StoreError, match="steht nicht in MKR.json"):
        small_store.withdraw_contact("c-tle", 2026, now=now)

"""`u` in a running call party takes the last outcome and its contact back (10 seconds)."""

from model.campaigns import call_party as cp
from model.store import Store
from screens.call_party import CallPartyScreen
from tests.app.helpers import make_app, settle, text_of
from tests.app.test_call_party import add_inactive_groups
from tests.conftest import AS_OF


async def test_u_takes_back_the_last_outcome_and_its_contact(small_store):
    add_inactive_groups(small_store)
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert "Druckerei Roth" in text_of(app, "#cp-current")
        await pilot.press("3", "u")  # a slip of the finger, taken back at once
        await settle(app, pilot)
        assert isinstance(app.screen, CallPartyScreen)
        assert "Druckerei Roth" in text_of(app, "#cp-current")
        await pilot.press("4")
        await settle(app, pilot)
        assert "Spedition Keller" in text_of(app, "#cp-current")

    (session,) = small_store.read_collection(cp.COLLECTION)
    assert {g: o["outcome"] for g, o in session["outcomes"].items()} == {"g-6": cp.NO_INTEREST}
    contacts = [c for c in Store.open(small_store.root, "MKR").load().history("g-6") if c.date == AS_OF]
    assert [c.outcome for c in contacts] == ["kein Interesse"]


async def test_u_after_ten_seconds_changes_nothing(small_store, monkeypatch):
    add_inactive_groups(small_store)
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        app.screen._last.at -= 11  # as if ten seconds had passed
        await pilot.press("u")
        await settle(app, pilot)
    (session,) = small_store.read_collection(cp.COLLECTION)
    assert list(session["outcomes"]) == ["g-6"]


async def test_u_takes_back_on_postgresql(small_store, postgres_url):
    from model.store.interface import open_backend
    from model.store.migrate import migrate

    add_inactive_groups(small_store)
    migrate(small_store.root, postgres_url, "ADM")
    store = open_backend(postgres_url, "MKR")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("3", "u")
        await settle(app, pilot)
        assert "Druckerei Roth" in text_of(app, "#cp-current")
        await pilot.press("4")
        await settle(app, pilot)
    (session,) = store.read_collection(cp.COLLECTION)
    assert {g: o["outcome"] for g, o in session["outcomes"].items()} == {"g-6": cp.NO_INTEREST}
    colleague = open_backend(postgres_url, "TLE")
    contacts = [c for c in colleague.load().history("g-6") if c.date == AS_OF]
    assert [c.outcome for c in contacts] == ["kein Interesse"]
    assert [e["action"] for e in colleague.audit_for("g-6") if e["kind"] == "contact"] == ["create", "withdraw", "create"]

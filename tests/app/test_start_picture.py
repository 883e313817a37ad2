"""Pilot test of the start: the due list comes from the status picture (no contacts file read),
the card says its history is still being read, and the picture of the user's groups with
their history replaces it."""

import threading

from model.store import Store
from model.store.interface import serves
from screens.group_card import GroupCardScreen
from tests.app.helpers import make_app, rows, settle


async def test_due_list_shows_before_the_histories_are_read(small_store, monkeypatch):
    expected_rows = None
    probe = make_app(Store.open(small_store.root, "MKR"))
    async with probe.run_test(size=(130, 50)) as pilot:
        await settle(probe, pilot)
        expected_rows = rows(probe)
    assert expected_rows

    release, whole_asked = threading.Event(), threading.Event()
    real_load = Store.load

    def held_load(self, first_for=None, tolerant=None, scope=None, advisor=None, since=None):
        if scope is None:  # the whole picture waits until the test lets it go
            whole_asked.set()
            assert release.wait(10)
        return real_load(self, first_for, tolerant, scope, advisor, since)

    monkeypatch.setattr(Store, "load", held_load)
    app = make_app(Store.open(small_store.root, "MKR"))
    async with app.run_test(size=(130, 50)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if whole_asked.is_set() and app.institute is not None:
                break
        assert app.institute is not None and not app.institute.complete
        assert rows(app) == expected_rows  # the same due list as from every file
        assert "liest noch die Kontaktverläufe" in str(app.screen.query_one("#today-info").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GroupCardScreen)
        history = app.screen.query_one("#history")
        assert history.row_count == 1 and "Verlauf wird gelesen" in str(history.get_row_at(0)[-1])
        release.set()
        await settle(app, pilot)
        # The user's groups with their history; no other group is read until a screen over
        # the institute asks (test_narrow_picture.py).
        whole = Store.open(small_store.root, "ADM").load()
        assert app.institute.some_groups and app.institute.has_histories
        assert set(app.institute.groups) == {g.id for g in whole.groups.values() if serves(g, "MKR")} != set(whole.groups)
        history = app.screen.query_one("#history")
        assert "Verlauf wird gelesen" not in " ".join(str(c) for i in range(history.row_count) for c in history.get_row_at(i))


async def test_on_postgresql_the_first_picture_holds_the_users_groups_only(small_store, postgres_url, monkeypatch):
    from kontakt_tui.cli import main
    from model.store.interface import open_backend
    from model.store.postgres import PostgresStore

    assert main(["migrate", "--from", str(small_store.root), "--to", postgres_url]) == 0
    whole = open_backend(postgres_url, "MKR").load()
    mine = {g.id for g in whole.groups.values() if g.lead == "MKR" or any(a.advisor == "MKR" for a in g.assignments)}
    assert mine and mine != set(whole.groups)

    release, pictures = threading.Event(), []
    real_load = PostgresStore.load

    def held_load(self, first_for=None, tolerant=None, scope=None, advisor=None, since=None):
        if scope is None:
            assert release.wait(10)
        picture = real_load(self, first_for, tolerant, scope, advisor, since)
        pictures.append(picture)
        return picture

    monkeypatch.setattr(PostgresStore, "load", held_load)
    app = make_app(open_backend(postgres_url, "MKR"))
    async with app.run_test(size=(130, 50)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.institute is not None:
                break
        assert set(app.institute.groups) == mine and not app.institute.complete
        early = rows(app)
        release.set()
        await settle(app, pilot)
        # Then the same groups with their whole history, and the same due list; no other
        # group is read until a screen over the institute asks (test_narrow_picture.py).
        assert app.institute.some_groups and set(app.institute.groups) == mine and rows(app) == early
        for gid in mine:
            assert sorted(app.institute.contacts.get(gid, ())) == sorted(whole.contacts.get(gid, ()))


async def test_the_open_app_keeps_the_users_digest_current(small_store, monkeypatch):
    # A colleague works while MKR's app is open; the app's renewal (every 10 minutes; here
    # every 0.2 s) reads the changed shards, so MKR's next start reads none of them.
    from dataclasses import replace
    from datetime import date

    import kontakt_tui.app as app_module
    from kontakt_tui.app import KontaktApp
    from model.entities import Contact
    from model.store import digest
    from tests.app.helpers import AS_OF

    monkeypatch.setattr(app_module, "DIGEST_EVERY", 0.2)
    path = small_store.root / "digests" / "MKR.json"
    app = KontaktApp(Store.open(small_store.root, "MKR"), "MKR", as_of=AS_OF, poll_seconds=5)
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(app, pilot)
        assert path.is_file()  # written by the start
        colleague = Store.open(small_store.root, "TLE")
        colleague.update_group("g-3", lambda g: replace(g, name="Schreinerei Vogt & Söhne"))
        colleague.log_contact(Contact("c-t", "g-3", date(2026, 11, 27), "TLE", "Gespräch geführt", "Telefon"))
        for _ in range(50):
            await pilot.pause(0.05)
            if "Söhne".encode() in path.read_bytes():
                break
        await settle(app, pilot)
    reads = []
    for name in ("_master_part", "_status_part"):
        real = getattr(digest, name)
        monkeypatch.setattr(digest, name, lambda *a, _real=real, _n=name: reads.append(_n) or _real(*a))
    mine = Store.open(small_store.root, "MKR").load(scope="status", advisor="MKR")
    assert reads == []
    assert mine.groups["g-3"].name == "Schreinerei Vogt & Söhne" and "c-t" in {c.id for c in mine.contacts["g-3"]}

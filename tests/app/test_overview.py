"""Pilot tests of the app shell: it opens on an injected store, shows the user's figures,
picks up a colleague's change through the store's change detection, and quits."""

from datetime import date

from kontakt_tui.app import KontaktApp
from model.entities import Contact
from model.store import Store
from tests.conftest import AS_OF


async def _settled(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def figures(app) -> str:
    return str(app.screen.query_one("#figures").content)


async def test_overview_shows_the_users_day(small_store):
    app = KontaktApp(small_store, "MKR", as_of=AS_OF, poll_seconds=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settled(app, pilot)
        text = figures(app)
        assert "Martina Kraus (MKR, Berater)" in text
        assert "27.11.2026" in text
        # g-1 due 01.09. (A, 3 months), g-3 never: overdue; g-2 follow-up 05.12.: soon;
        # g-4 (D, 24 months) not due.
        assert "2 überfällig · 0 heute · 1 demnächst" in text
        assert "Meine Verbünde" in text and "4  (A 1 · B 1 · C 1 · D 1)" in text
        assert "Bäckerei" not in text
        await pilot.press("q")
    assert app.return_code == 0


async def test_colleagues_change_appears_without_restart(small_store):
    app = KontaktApp(small_store, "MKR", as_of=AS_OF, poll_seconds=0)
    async with app.run_test() as pilot:
        await _settled(app, pilot)
        assert "2 überfällig" in figures(app)
        colleague = Store.open(small_store.root, "MKR")
        colleague.log_contact(Contact("c-new", "g-3", date(2026, 11, 26), "MKR", "Gespräch geführt", "Telefon"))
        app.load_institute()  # what the poll timer does every few seconds
        await _settled(app, pilot)
        assert "1 überfällig" in figures(app)


async def test_unknown_user_is_told(small_store):
    app = KontaktApp(small_store, "XYZ", as_of=AS_OF, poll_seconds=0)
    async with app.run_test() as pilot:
        await _settled(app, pilot)
        assert "XYZ ist im Speicher nicht als Betreuer angelegt" in figures(app)


async def test_reload_binding_is_in_footer_and_palette(small_store):
    app = KontaktApp(small_store, "MKR", as_of=AS_OF, poll_seconds=0)
    async with app.run_test() as pilot:
        await _settled(app, pilot)
        keys = {b.binding.id for b in app.active_bindings.values()}
        assert {"quit", "reload"} <= keys

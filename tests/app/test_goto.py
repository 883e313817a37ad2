"""`g` and a letter reach every main screen without function keys (Windows Terminal takes F11),
also typed in one burst; the overlay lists only what the user's role may open."""

from kontakt_tui.goto import GoToScreen
from model.entities import Advisor
from screens.capacity import CapacityScreen
from screens.care_calls import CareCallScreen
from screens.today import TodayScreen
from tests.app.burst import burst
from tests.app.helpers import make_app, settle, text_of
from tests.app.test_bursts import drain


async def test_g_and_a_letter_open_a_screen_even_in_a_burst(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "g", "r")  # Care Calls, F11 elsewhere
        await drain(app, pilot)
        assert isinstance(app.screen, CareCallScreen)
        burst(app, "g", "k", "g", "h")
        await drain(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("g", "k")
        await settle(app, pilot)
        assert isinstance(app.screen, CapacityScreen)


async def test_the_overlay_lists_only_what_the_role_may_open(small_store):
    # With an Administrator in the staff list the store has left set-up mode: roles hold.
    small_store.save_advisors([Advisor("ADM", "Anke Dorn", role="Administrator")])
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoToScreen)
        listed = text_of(app, "#goto-list")
        assert "Care Calls" in listed and "Schemata" not in listed  # the scheme editor is the administrator's
        await pilot.press("x")  # not a letter of the list: back, nothing opened
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

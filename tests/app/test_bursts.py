"""Keys sent in one burst, as a fast typist or a key macro sends them (tests/app/burst.py):
nothing typed is lost and nothing reaches the screen below a dialog that is still opening."""

from textual.widgets import Input

from model.store import Store
from screens.casting import CastingScreen
from screens.dialogs.call import CallScreen
from screens.group_card import GroupCardScreen
from screens.today import TodayScreen
from tests.app.burst import burst
from tests.app.helpers import make_app, settle
from tests.app.test_call import saved
from tests.app.test_casting import FIRMEN_ANSWERS, fresh
from tests.conftest import AS_OF


async def drain(app, pilot) -> None:
    """Wait until the app has routed every key of the burst, then for what they started."""
    for _ in range(200):
        await pilot.pause(0.01)
        if not app.keys_waiting:
            break
    await settle(app, pilot)


async def test_a_call_typed_in_one_burst_is_saved(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "a", "2", "enter", "enter")
        await drain(app, pilot)
        (contact,) = saved(small_store, "g-3")
        assert contact.outcome == "Gespräch geführt"
        assert isinstance(app.screen, TodayScreen)  # not the group card behind the dialog


async def test_a_note_typed_in_the_same_burst_reaches_the_note(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "a", "4", *"Mailbox", "enter", "enter")
        await drain(app, pilot)
        (contact,) = saved(small_store, "g-3")
        assert (contact.outcome, contact.note) == ("nicht erreicht", "Mailbox")


async def test_six_answers_and_save_in_one_burst_cast_the_group(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "down", "enter", "c", *FIRMEN_ANSWERS, "ctrl+s")
        await drain(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        casting = fresh(small_store).group("10001").casting
        assert (casting.score, casting.final_class, casting.date) == (13, "A", AS_OF)


async def test_a_tab_right_after_the_phone_number_moves_on(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "down", "enter", "p", *"Eva Steuer", "tab", *"StB", "tab", *"069 4455667", "tab",
              *"eva@stb.de", "ctrl+s")  # fmt: skip
        await drain(app, pilot)
        persons = Store.open(small_store.root, "MKR").load().group("10001").persons
        assert (persons[-1].name, persons[-1].function, persons[-1].phone, persons[-1].email) == (
            "Eva Steuer",
            "StB",
            "069 4455667",
            "eva@stb.de",
        )


async def test_leaving_the_casting_with_answers_asks_first(small_store):
    from screens.dialogs.confirm import ConfirmScreen

    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        burst(app, "down", "enter", "c", "2", "4", "escape")
        await drain(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: keep editing, the answers are still there
        await pilot.pause()
        assert isinstance(app.screen, CastingScreen)
        assert len(app.screen.query_one("#cast-form").answers) == 2
        await pilot.press("escape", "j")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        assert fresh(small_store).group("10001").casting.date != AS_OF


async def test_saving_with_open_questions_puts_the_cursor_on_the_first(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter", "c", "2", "down", "down", "3", "ctrl+s")
        await settle(app, pilot)
        form = app.screen.query_one("#cast-form")
        assert "Bitte noch beantworten" in str(app.screen.query_one("#cast-problem").render())
        assert app.screen.focused is form and form.current == 1
        await pilot.press("4")
        assert "Bitte noch" not in str(app.screen.query_one("#cast-problem").render())

"""The group card by keyboard at 80×24: it opens at its top, `o` goes back there, and Enter
on a history row shows the whole contact with its full note."""

from datetime import date

from textual.containers import VerticalScroll

from model.entities import Contact
from screens.dialogs.contact_detail import ContactDetailScreen
from tests.app.helpers import make_app, settle, text_of

LONG_NOTE = "Nachfolge besprochen: Tochter übernimmt 2028, Steuerberater Berg bringt Unterlagen zum Jahresgespräch mit."


async def test_the_card_opens_at_its_top_and_o_goes_back_there(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        card = app.screen.query_one("#card", VerticalScroll)
        assert card.scroll_y == 0
        await pilot.press("tab")  # the history table, far down
        await settle(app, pilot)
        assert card.scroll_y > 0
        await pilot.press("o")
        await settle(app, pilot)
        assert card.scroll_y == 0


async def test_enter_on_a_history_row_shows_the_whole_note(small_store):
    small_store.add_contacts([Contact("c-long", "g-1", date(2026, 1, 5), "MKR", "Gespräch geführt", "Telefon", note=LONG_NOTE)])
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter", "tab", "down", "enter")  # the second, older row
        await settle(app, pilot)
        assert isinstance(app.screen, ContactDetailScreen)
        assert LONG_NOTE[:60] in text_of(app, "#contact-fields").replace("\n", " ")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ContactDetailScreen)

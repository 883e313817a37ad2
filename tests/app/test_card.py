"""Pilot tests of the group card: what it shows, and contact persons added and edited with
their phone and e-mail checked — nothing typed is lost on an error."""

from textual.widgets import Input

from model.store import Store
from screens.group_card import GroupCardScreen
from screens.person_form import PersonFormScreen
from tests.app.helpers import make_app, settle, text_of, type_text


async def open_card(app, pilot, downs: int = 1) -> None:
    await settle(app, pilot)
    await pilot.press(*["down"] * downs, "enter")
    await pilot.pause()
    assert isinstance(app.screen, GroupCardScreen)


async def test_card_shows_members_persons_casting_care_and_history(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await open_card(app, pilot)
        assert "4712  Huber, Anna" in text_of(app, "#card-members")
        care = text_of(app, "#card-care")
        assert "Nächster Kontakt (FKB): 01.09.2026 (Frequenz)" in care
        assert "Versicherung: Vera Kessler (VKS), 1× p.a., seit 01.01.2025" in care
        assert "Summe 0 → Klasse A" in text_of(app, "#card-casting")
        persons = app.screen.query_one("#persons")
        assert [str(c) for c in persons.get_row_at(1)] == ["Klaus Berg", "Steuerberater", "069 987654", "berg@stb-berg.de"]
        history = app.screen.query_one("#history")
        assert history.row_count == 1 and str(history.get_row_at(0)[0]) == "01.06.2026"


async def test_add_a_person_with_a_bad_phone_then_fix_it(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "Eva Steuer")
        await pilot.press("enter")
        await type_text(pilot, "Steuerberaterin")
        await pilot.press("enter")
        await type_text(pilot, "069-abc")
        await pilot.press("enter")
        await type_text(pilot, "eva@stb-steuer.de")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PersonFormScreen)
        assert "keine gültige Telefonnummer" in text_of(app, "#person-phone-problem")
        assert app.screen.query_one("#person-email", Input).value == "eva@stb-steuer.de"
        await type_text(pilot, "069 4455667")  # the phone field has focus, its text selected
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        stored = Store.open(small_store.root, "MKR").load().group("10001").persons
        assert [(p.name, p.function, p.phone, p.email) for p in stored][-1] == (
            "Eva Steuer", "Steuerberaterin", "069 4455667", "eva@stb-steuer.de"
        )
        assert app.screen.query_one("#persons").row_count == 3


async def test_edit_a_person_keeps_its_id(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("e")  # the first person, Anna Huber
        await pilot.pause()
        await pilot.press("enter", "enter")
        await type_text(pilot, "06195 999888")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        (anna, _) = Store.open(small_store.root, "MKR").load().group("10001").persons
        assert (anna.id, anna.name, anna.phone) == ("p-1", "Anna Huber", "06195 999888")


async def test_call_from_the_card(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("a", "2", "enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        history = app.screen.query_one("#history")
        assert history.row_count == 2 and str(history.get_row_at(0)[0]) == "27.11.2026"

"""Pilot tests of the group card: what it shows, and contact persons added and edited with
their phone and e-mail checked — nothing typed is lost on an error."""

import re

from textual.widgets import Input

from model.store import Store
from screens.dialogs.person_form import PersonFormScreen
from screens.group_card import GroupCardScreen
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
        await pilot.pause()
        assert text_of(app, "#person-phone-problem") == ""  # the message went with the wrong number
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        stored = Store.open(small_store.root, "MKR").load().group("10001").persons
        assert [(p.name, p.function, p.phone, p.email) for p in stored][-1] == (
            "Eva Steuer",
            "Steuerberaterin",
            "069 4455667",
            "eva@stb-steuer.de",
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


async def test_change_history_on_the_card(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(150, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("e", "enter", "enter")  # Anna Huber: to the phone field
        await type_text(pilot, "06195 111222")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        table = app.screen.query_one("#audit-table")
        newest = [str(c) for c in table.get_row_at(0)]
        assert newest[1:4] == ["Martina Kraus", newest[2], "Verbund geändert"]
        assert newest[4] == "Ansprechpartner Anna Huber: Telefon 06195 123456 → 06195 111222"
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", newest[0])
        assert [str(c) for c in table.get_row_at(table.row_count - 1)][3] == "Verbund angelegt"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GroupCardScreen)


async def test_same_person_changed_by_a_colleague_asks_which_value(small_store):
    from dataclasses import replace

    from screens.dialogs.conflict import ConflictScreen

    app = make_app(small_store)
    async with app.run_test(size=(150, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("e", "enter", "enter")  # Anna Huber's phone field, form open
        colleague = Store.open(small_store.root, "TLE")

        def colleague_edit(group):
            anna, klaus = group.persons
            return replace(group, persons=(replace(anna, phone="069 000111"), replace(klaus, email="kb@stb.de")))

        colleague.update_group("g-1", colleague_edit)
        await type_text(pilot, "06195 999888")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictScreen)
        shown = text_of(app, "#conflict-text")
        assert "06195 999888" in shown and "069 000111" in shown
        await pilot.press("1")  # keep mine
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
    anna, klaus = Store.open(small_store.root, "MKR").load().group("10001").persons
    assert anna.phone == "06195 999888"
    assert klaus.email == "kb@stb.de"  # the colleague's other change stays

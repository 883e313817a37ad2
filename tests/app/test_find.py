"""Pilot tests of finding any group (ctrl+f), the palette's group hits, "Meine Verbünde" and
logging a call for a group that is not due ("Kunde ruft an")."""

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable

from model.store import Store
from screens.dialogs.call import CallScreen
from screens.find import FindScreen
from screens.group_card import GroupCardScreen
from screens.my_groups import MyGroupsScreen
from tests.app.helpers import make_app, rows, settle, type_text


async def find_and_open(app, pilot, text: str) -> None:
    await pilot.press("ctrl+f", *text, "enter")  # one burst, as a fast typist sends it
    await settle(app, pilot)


@pytest.mark.parametrize("start", ["f2", "f4", "f7"])
async def test_ctrl_f_finds_a_group_by_customer_from_three_screens_and_enter_opens_the_card(small_store, start):
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(start)
        await settle(app, pilot)
        await find_and_open(app, pilot, "seitz")
        assert isinstance(app.screen, GroupCardScreen)
        assert app.screen.group.number == "10004"


async def test_the_search_narrows_as_you_type_and_names_what_matched(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FindScreen)
        await type_text(pilot, "0619")
        await settle(app, pilot)
        assert rows(app, "#find-table") == ["10001 Bäckerei Huber GmbH"]
        matched = str(app.screen.query_one("#find-table", DataTable).get_row_at(0)[3])
        assert matched == "Telefon Anna Huber 06195 123456"
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"praxis")
        await settle(app, pilot)
        assert rows(app, "#find-table") == ["10005 Praxis Dr. Lang"]  # led by a colleague: found too
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FindScreen)


async def test_a_burst_of_keys_searches_once_for_its_last_text(small_store, monkeypatch):
    # Each search holds the interpreter while it scans; one per key of a fast typist's
    # "Beck" delayed the field's echo by 1-2 s on a big portfolio (tmux, 100,000 groups).
    app = make_app(small_store)
    searched = []
    real = type(app).find_groups

    def find_groups(self, text, *args, **kwargs):
        searched.append(text)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(type(app), "find_groups", find_groups)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"seit")
        await settle(app, pilot)
        assert [t for t in searched if t] == ["seit"]
        assert rows(app, "#find-table") == ["10004 Metallbau Seitz GmbH"]
        await pilot.press("backspace", *"tz", "enter")  # Enter in the burst opens the hit at once
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10004"


async def test_the_palette_finds_a_group_and_opens_its_card(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"krämer")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        assert app.screen.group.number == "10002"


async def test_my_groups_lists_lead_and_co_care_and_sorts_and_filters(small_store):
    app = make_app(small_store, user="VKS")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f12")
        await settle(app, pilot)
        assert isinstance(app.screen, MyGroupsScreen)
        assert rows(app, "#my-table") == ["10001 Bäckerei Huber GmbH"]  # co-care for Versicherung
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f12")
        await settle(app, pilot)
        # by due date, never contacted first; 10004 (due 10.01.2027) is not on the start screen
        assert rows(app, "#my-table") == [
            "10003 Schreinerei Vogt", "10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG", "10004 Metallbau Seitz GmbH",
        ]  # fmt: skip
        await pilot.press("n")
        await pilot.pause()
        assert rows(app, "#my-table")[0] == "10002 Autohaus Krämer KG"
        await pilot.press("r")
        await pilot.pause()
        assert rows(app, "#my-table")[0] == "10001 Bäckerei Huber GmbH"
        await pilot.press("slash", *"gmbh")
        await pilot.pause()
        assert rows(app, "#my-table") == ["10001 Bäckerei Huber GmbH", "10004 Metallbau Seitz GmbH"]
        await pilot.press("enter", "down", "enter")  # leave the field, next row, open
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10004"


async def test_a_call_is_logged_from_the_card_of_a_group_that_is_not_due(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(app, pilot)
        assert "10004 Metallbau Seitz GmbH" not in rows(app)  # not due
        await find_and_open(app, pilot, "10004")
        assert isinstance(app.screen, GroupCardScreen)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("2", "ctrl+s")
        await settle(app, pilot)
        stored = Store.open(small_store.root, "MKR").load()
        group = stored.group("10004")
        assert [(c.by, c.role, c.outcome) for c in stored.history(group.id)][0] == ("MKR", "lead", "Gespräch geführt")


async def test_a_co_carer_logs_a_call_from_the_card_in_their_department(small_store):
    app = make_app(small_store, user="VKS")
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(app, pilot)
        await find_and_open(app, pilot, "huber")
        assert isinstance(app.screen, GroupCardScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("2", "ctrl+s")
        await settle(app, pilot)
        stored = Store.open(small_store.root, "VKS").load()
        latest = stored.history(stored.group("10001").id)[0]
        assert (latest.by, latest.role) == ("VKS", "Versicherung")


async def test_enter_typed_before_the_store_is_read_opens_the_card_once_it_is(small_store, monkeypatch):
    # ctrl+f, a name and Enter in the first moment after the start, before any picture of
    # the store: the Enter is kept and the card opens when the search can answer.
    import threading

    release = threading.Event()
    real = Store.load

    def held(self, *args, **kwargs):
        assert release.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "load", held)
    app = make_app(Store.open(small_store.root, "MKR"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        assert app.institute is None
        await pilot.press("ctrl+f", *"seitz", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FindScreen)
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10004"

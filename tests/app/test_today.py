"""Pilot tests of the start screen "Heute": the due list, the header counts, filtering,
sorting, the inactive view, opening a card, help, the command palette and live updates."""

from datetime import date

from model.entities import Contact
from model.store import Store
from screens.dialogs.pick_user import PickUserScreen
from screens.group_card import GroupCardScreen
from screens.widgets.keys_help import KeysHelp
from tests.app.helpers import cursor_row, make_app, rows, settle, text_of, type_text


async def test_due_list_in_order_with_counts(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        assert rows(app) == ["10003 Schreinerei Vogt", "10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG"]
        head = text_of(app, "#today-head")
        assert "Martina Kraus (MKR) · Freitag, 27.11.2026" in head
        assert "2 überfällig · 0 heute · 1 demnächst · 1 inaktiv" in head
        table = app.screen.query_one("#due-table")
        assert [str(c) for c in table.get_row_at(1)][1:] == ["A", "01.09.2026", "87 Tage", "Frequenz", "FKB", "01.06.2026"]
        assert [str(c) for c in table.get_row_at(0)][2:5] == ["nie kontaktiert", "", "nie kontaktiert"]


async def test_filter_sort_and_inactive_view(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert rows(app) == ["10002 Autohaus Krämer KG", "10001 Bäckerei Huber GmbH", "10003 Schreinerei Vogt"]
        await pilot.press("k")
        assert rows(app) == ["10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG", "10003 Schreinerei Vogt"]
        await pilot.press("slash")
        await type_text(pilot, "anna")  # a member's name finds the group
        assert rows(app) == ["10001 Bäckerei Huber GmbH"]
        assert "Filter: „anna“" in text_of(app, "#today-info")
        await pilot.press("enter")  # leaves the filter field for the list
        assert app.screen.focused.id == "due-table"
        await pilot.press("escape")
        assert len(rows(app)) == 3
        await pilot.press("i")
        assert rows(app, "#inactive-table") == ["10003 Schreinerei Vogt"]
        await pilot.press("h")
        assert len(rows(app)) == 3


async def test_enter_opens_the_card_and_escape_returns(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GroupCardScreen)
        title = text_of(app, "#card-title")
        assert "10001 Bäckerei Huber GmbH" in title and "Klasse A" in title
        await pilot.press("escape")
        await pilot.pause()
        assert cursor_row(app) == "10001 Bäckerei Huber GmbH"


async def test_colleagues_change_appears_without_restart(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        colleague = Store.open(small_store.root, "MKR")
        colleague.log_contact(Contact("c-new", "g-3", date(2026, 11, 26), "MKR", "Gespräch geführt", "Telefon"))
        app.load_institute()  # what the poll timer does every few seconds
        await settle(app, pilot)
        assert "10003 Schreinerei Vogt" not in rows(app)
        assert "1 überfällig" in text_of(app, "#today-head")


async def test_help_and_command_palette_list_the_keys(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query(KeysHelp)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query(KeysHelp)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Anrufen (a)" in titles and "Filtern (/)" in titles and "Inaktive (i)" in titles
        assert "Heute (h)" not in titles  # check_action hides what does not apply


async def test_unknown_user_picks_from_the_advisors(small_store):
    app = make_app(small_store, user="ROOT")
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PickUserScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.user == "MKR"
        assert len(rows(app)) == 3


async def test_unreadable_store_says_so_in_place(small_store):
    (small_store.root / "master" / "organisation.json").write_text("{kaputt", encoding="utf-8")
    app = make_app(small_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        head = text_of(app, "#today-head")
        assert "Speicher nicht lesbar" in head and "organisation.json" in head and "F5" in head
        assert app.read_only and app.sub_title.startswith("nur lesen")  # opened with what was readable


async def test_demo_says_so_and_ctrl_q_quits_from_a_dialog(small_store):
    from kontakt_tui.app import KontaktApp
    from tests.conftest import AS_OF

    app = KontaktApp(small_store, "MKR", as_of=AS_OF, poll_seconds=0, demo=True)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(app, pilot)
        assert app.sub_title == "Demo-Institut"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

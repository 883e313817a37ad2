"""Hostile text in the app (issue 11, item 8): names and notes with Rich markup brackets and
terminal escape sequences. Before the fix `Bäckerei [/] Albrecht` ended the app at start with a
MarkupError and `GmbH [i. L.]` was shown as `GmbH `; now every screen shows them literally and
no escape character reaches the terminal."""

from datetime import date

import pytest
from rich.text import Text
from textual.content import Content

from model.entities import Advisor, Assignment, Contact, ContactPerson, Customer
from model.store import Store
from screens.casting_table import CastingTableScreen
from screens.dialogs.call import CallScreen
from screens.group_card import GroupCardScreen
from screens.portfolio import PortfolioScreen
from tests.app.helpers import every_group_read, make_app, settle
from tests.conftest import make_group

OSC52 = "\x1b]52;c;SGFsbG8gV2VsdA==\x07"
SLASH = "Bäckerei [/] Albrecht"
I_L = "GmbH [i. L.]"
INSOLVENT = "[insolvent] Metallbau"
EVIL = f"Evil{OSC52} AG"


@pytest.fixture
def hostile_store(tmp_path) -> Store:
    store = Store.create(tmp_path / "store", "ADM")
    store.save_advisors(
        [
            Advisor("MKR", "Martina Kraus"),
            Advisor("TLE", "Thomas Lenz", role="Teamleiter"),
            Advisor("VKS", "Vera [red]Kessler", department="Versicherung"),
        ]
    )
    care = Assignment("as-1", "Versicherung", "VKS", 1.0, date(2025, 1, 1))
    store.save_groups(
        [
            make_group(
                "g-1", "10001", SLASH, "A",
                customers=(Customer("4711", I_L), Customer("4712", f"Kunde{OSC52}")),
                persons=(ContactPerson("p-1", "Anna [b]Huber", "[Prokura]", "06195 123456", "anna@huber.de"),),
                assignments=(care,),
            ),
            make_group("g-2", "10002", I_L, "B"),
            make_group("g-3", "10003", EVIL, "C"),
            make_group("g-4", "10004", INSOLVENT, None),
        ]
    )  # fmt: skip
    store.add_contacts(
        [
            Contact("c-1", "g-1", date(2026, 6, 1), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch",
                    follow_up=date(2026, 11, 20), note="[bold] wichtig [/] sehr", person="p-1"),
            Contact("c-2", "g-3", date(2026, 1, 10), "MKR", "Gespräch geführt", "Telefon",
                    follow_up=date(2026, 11, 25), note=f"Notiz{OSC52}[bold]fett"),
        ]
    )  # fmt: skip
    return store


def screen_text(app) -> str:
    """What the terminal would show of the current screen, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "SGFsbG8" not in text


async def test_start_screen_card_and_call_show_hostile_names_literally(hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        shown = screen_text(app)
        for name in (SLASH, I_L, INSOLVENT, "Evil AG"):
            assert name in shown
        assert_clean(shown)

        app.push_screen(GroupCardScreen("g-1"))
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        card = screen_text(app)
        for text in (SLASH, I_L, "Kunde", "Anna [b]Huber", "[Prokura]", "[bold] wichtig [/] sehr", "Vera [red]Kessler"):
            assert text in card, text
        assert_clean(card)

        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        dialog = screen_text(app)
        assert f"Gespräch mit 10001 {SLASH}" in dialog
        assert "[bold] wichtig [/] sehr" in dialog and "Vera [red]Kessler" in dialog
        assert "Anna [b]Huber ([Prokura])" in dialog
        assert_clean(dialog)
        await pilot.press("escape")
        await settle(app, pilot)
    assert app.return_code in (None, 0)


async def test_escape_sequence_in_a_note_never_reaches_the_terminal(hostile_store):
    app = make_app(hostile_store)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        app.push_screen(GroupCardScreen("g-3"))
        await settle(app, pilot)
        card = screen_text(app)
        assert "Evil AG" in card and "Notiz[bold]fett" in card
        assert_clean(card)
        app.notify(f"Gespräch mit {EVIL} [/] erfasst.")
        await settle(app, pilot)
        assert_clean(screen_text(app))


@pytest.mark.slow
async def test_casting_table_and_portfolio_survive_hostile_names(hostile_store):
    app = make_app(hostile_store, user="TLE")
    async with app.run_test(size=(180, 50)) as pilot:
        await settle(app, pilot)
        await every_group_read(app, pilot)  # the screens below are over every group
        app.push_screen(CastingTableScreen())
        await settle(app, pilot)
        table = screen_text(app)
        assert SLASH in table and I_L in table and INSOLVENT in table
        assert_clean(table)
        app.push_screen(PortfolioScreen())
        await settle(app, pilot)
        await pilot.press("u")  # under-served groups: the names are in the table
        await settle(app, pilot)
        portfolio = screen_text(app)
        assert SLASH in portfolio or I_L in portfolio
        assert_clean(portfolio)
    assert app.return_code in (None, 0)


def test_control_filter_covers_rich_text_and_textual_content():
    """The second line of defence still takes effect (it widens library tables in place)."""
    from screens.widgets.text import install_control_filter

    install_control_filter()
    assert Text(f"a{OSC52}b").plain == "a]52;c;SGFsbG8gV2VsdA==b"
    assert "\x1b" not in Content(f"a{OSC52}b").plain
    assert Text("Zeile\n\tTab").plain == "Zeile\n\tTab"

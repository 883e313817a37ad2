"""Keys a role may not use are hidden from the footer (check_action asks model.staff.policy),
not only refused with a notification: a Berater, a Teamleiter and an Administrator see
different footers on the group card, the casting form, the capacity and call-party screens,
the scheme editor and Verwaltung."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from model.entities import Advisor
from screens.call_party import CallPartyScreen
from screens.capacity import CapacityScreen
from screens.casting import CastingScreen
from screens.group_card import GroupCardScreen
from tests.app.helpers import every_group_read, make_app, settle


def footer(app) -> set[str]:
    return {key.description for key in app.screen.query(FooterKey)}


async def keys_on(app, pilot, screen) -> set[str]:
    app.push_screen(screen)
    await settle(app, pilot)
    shown = footer(app)
    app.pop_screen()
    await settle(app, pilot)
    return shown


# user → what they see on TLE's group 10005 (g-5), on MKR's own 10001 (g-1), and on the screens
CARD = {"Anrufen", "Casting", "Kollege zuordnen", "Ansprechpartner neu"}
EXPECTED = {
    "MKR": {"other": set(), "own": CARD | {"Ansprechpartner ändern"}, "cast_other": False, "team": False, "admin": False},
    "TLE": {"other": CARD, "own": CARD | {"Ansprechpartner ändern"}, "cast_other": True, "team": True, "admin": False},
    "ADM": {"other": CARD, "own": CARD | {"Ansprechpartner ändern"}, "cast_other": True, "team": True, "admin": True},
}


@pytest.mark.slow
@pytest.mark.parametrize("user", list(EXPECTED))
async def test_the_footer_shows_what_the_role_may_do(small_store, user):
    small_store.save_advisors([Advisor("ADM", "Anke Dorn", role="Administrator")])  # roles hold from now on
    expected = EXPECTED[user]
    app = make_app(small_store, user)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await every_group_read(app, pilot)  # colleagues' cards and screens over every group, pushed directly
        assert CARD & await keys_on(app, pilot, GroupCardScreen("g-5")) == expected["other"]
        assert (CARD | {"Ansprechpartner ändern"}) & await keys_on(app, pilot, GroupCardScreen("g-1")) == expected["own"]
        assert ("Speichern" in await keys_on(app, pilot, CastingScreen([("g-5", "")]))) is expected["cast_other"]
        capacity = await keys_on(app, pilot, CapacityScreen())
        assert (
            {"What-if speichern", "Nettomarktzeit"} <= capacity
            if expected["team"]
            else not {"What-if speichern", "Nettomarktzeit"} & capacity
        )
        assert ("Call Party starten" in await keys_on(app, pilot, CallPartyScreen())) is expected["team"]
        assert app.check_action("goto", ("schemes",)) is expected["admin"]
        assert app.check_action("goto", ("administration",)) is expected["admin"]
        palette = {c.title for c in app.get_system_commands(app.screen)}
        assert ("Verwaltung (g v)" in palette) is expected["admin"]

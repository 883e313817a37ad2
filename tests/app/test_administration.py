"""Verwaltung (issue 12): add a person, change a role, mark someone as left, set the federal
state, hand a portfolio over — each asserting the store afterwards; the same German checks
as the CLI; a Berater can neither reach the screen nor use its actions."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input

from kontakt_tui.goto import GoToScreen
from model.entities import Advisor
from screens.administration import AdministrationScreen
from screens.dialogs.confirm import ConfirmScreen
from screens.dialogs.handover_form import HandoverScreen
from screens.dialogs.setting_edit import SettingScreen
from screens.dialogs.staff_form import StaffFormScreen
from tests.app.burst import burst
from tests.app.helpers import make_app, settle, text_of, type_text
from tests.app.test_bursts import drain
from tests.conftest import AS_OF

ADMIN = Advisor("ADM", "Anke Dorn", role="Administrator")


def with_admin(store):
    store.save_advisors([ADMIN])
    return store


async def open_admin(app, pilot) -> AdministrationScreen:
    await settle(app, pilot)
    await pilot.press("g", "v")
    await settle(app, pilot)
    assert isinstance(app.screen, AdministrationScreen)
    return app.screen


def cursor_to(screen, selector: str, key: str) -> None:
    table = screen.query_one(selector, DataTable)
    table.move_cursor(row=table.get_row_index(key), animate=False)


def fill(screen, **values: str) -> None:
    for field, value in values.items():
        screen.query_one(f"#staff-{field}", Input).value = value


async def test_add_a_person_typed_in_a_burst(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_admin(app, pilot)
        # n, then every field with Enter: the keys typed before the form exists reach it
        burst(app, "n", *"ssch", "enter", *"Sabine Schulz", "enter", *"Versicherung", "enter", "enter", "enter",
              "enter", *"s.schulz@bank.de", "enter")  # fmt: skip
        await drain(app, pilot)
        assert isinstance(app.screen, AdministrationScreen)
        saved = small_store.load().advisors["SSCH"]
        assert (saved.name, saved.department, saved.role, saved.net_market_hours, saved.email) == (
            "Sabine Schulz",
            "Versicherung",
            "Berater",
            630.0,
            "s.schulz@bank.de",
        )
        assert "SSCH" in [r.value for r in app.screen.query_one("#staff-table", DataTable).rows]


async def test_a_bad_field_is_named_in_german_and_nothing_is_saved(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_admin(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StaffFormScreen)
        fill(form, code="NEU", name="Nina Neu", department="Vertrieb", role="Chef", hours="viel")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "„Vertrieb“ ist kein Fachbereich (erlaubt: Private Banking" in text_of(app, "#staff-department-problem")
        assert "Rolle: „Chef“ ist keine Rolle (erlaubt: Berater, Teamleiter, Administrator)" in text_of(
            app, "#staff-role-problem"
        )
        assert text_of(app, "#staff-hours-problem").startswith("Nettomarktzeit:")
        # a Kürzel that exists: the save (add_person) refuses, the form comes back with the reason
        fill(form, code="mkr", department="", role="Berater", hours="630")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StaffFormScreen)
        assert "Kürzel MKR gibt es schon (Martina Kraus)" in text_of(app, "#staff-problem")
        assert small_store.load().advisors["MKR"].name == "Martina Kraus" and "NEU" not in small_store.load().advisors


async def test_change_a_role(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_admin(app, pilot)
        cursor_to(screen, "#staff-table", "MKR")
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, StaffFormScreen) and form.query_one("#staff-code", Input).disabled
        fill(form, role="teamleiter", login="BANK\\mkraus")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        saved = small_store.load().advisors["MKR"]
        assert (saved.role, saved.login, saved.name) == ("Teamleiter", "BANK\\mkraus", "Martina Kraus")


async def test_mark_as_left_after_a_confirmation(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_admin(app, pilot)
        cursor_to(screen, "#staff-table", "VKS")
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app, pilot)
        assert small_store.load().advisors["VKS"].left == AS_OF
        # the last Administrator cannot leave: the model's message, nothing written
        cursor_to(screen, "#staff-table", "ADM")
        await pilot.press("x", "j")
        await settle(app, pilot)
        assert small_store.load().advisors["ADM"].left is None


async def test_set_the_federal_state_with_the_checks_of_config_set(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_admin(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        cursor_to(screen, "#settings-table", "federal_state")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SettingScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "XX")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "federal_state: „XX“ ist kein Bundesland-Kürzel (erlaubt: BB, BE, BW" in text_of(app, "#setting-problem")
        await pilot.press("ctrl+u")
        await type_text(pilot, "by")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert small_store.load().config.federal_state == "BY"
        row = screen.query_one("#settings-table", DataTable).get_row("federal_state")
        assert str(row[1]) == "BY"


async def test_hand_a_portfolio_over(small_store):
    app = make_app(with_admin(small_store), "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_admin(app, pilot)
        await pilot.press("3")
        await settle(app, pilot)
        cursor_to(screen, "#holders-table", "MKR")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HandoverScreen)
        await type_text(pilot, "tle")
        await pilot.press("enter")
        await type_text(pilot, "10001 10002")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        summary = text_of(app, "#confirm-detail")
        assert "MKR → TLE zum 27.11.2026 (10001, 10002)" in summary and "FKB-Rolle in 2 Verbünden" in summary
        await pilot.press("j")
        await settle(app, pilot)
        groups = {g.number: g for g in small_store.load().groups.values()}
        assert (groups["10001"].lead, groups["10002"].lead, groups["10003"].lead) == ("TLE", "TLE", "MKR")
        assert str(screen.query_one("#holders-table", DataTable).get_row("TLE")[2]) == "3"


async def test_a_berater_cannot_reach_the_screen_nor_use_its_actions(small_store):
    app = make_app(with_admin(small_store), "MKR")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.check_action("goto", ("administration",))
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoToScreen) and "Verwaltung" not in text_of(app, "#goto-list")
        await pilot.press("v")  # not a letter for him: closed, nothing opened
        await settle(app, pilot)
        assert not isinstance(app.screen, AdministrationScreen)
        # pushed anyway (an old key list, a test): every action is hidden and refuses
        app.push_screen(AdministrationScreen())
        await settle(app, pilot)
        screen = app.screen
        for action in ("add_person", "edit", "leave"):
            assert not screen.check_action(action, ())
        screen.action_add_person()
        screen.action_leave()
        await settle(app, pilot)
        assert isinstance(app.screen, AdministrationScreen)  # no dialog opened
        assert any("braucht die Rolle Administrator" in str(n.message) for n in app._notifications)
        before = small_store.load()
        assert before.advisors["VKS"].left is None and before.config.federal_state == "HE"


async def test_a_new_institute_is_set_up_in_the_app(tmp_path, monkeypatch):
    """`kontakt init` → the app in set-up mode → Verwaltung: an Administrator, a department
    colleague, the federal state. Set-up mode ends and the header says so."""
    from kontakt_tui import cli
    from model.store import Store
    from screens.dialogs.pick_user import PickUserScreen

    folder = tmp_path / "store"
    monkeypatch.delenv("KONTAKT_USER", raising=False)
    assert cli.main(["--store", str(folder), "init", "--name", "Sparkasse Musterstadt"]) == 0
    store = Store.open(folder, "ADM")
    app = make_app(store, "ADM")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if isinstance(app.screen, PickUserScreen):  # nobody to pick yet
            await pilot.press("escape")
        assert app.sub_title.startswith("Einrichtungsmodus")
        screen = await open_admin(app, pilot)
        assert "Einrichtungsmodus" in text_of(app, "#admin-head")
        for values in (
            dict(code="ADM", name="Anke Dorn", role="Administrator", login="BANK\\adorn"),
            dict(code="VHO", name="Vera Hofmann", department="versicherung", hours="472,5"),
        ):
            await pilot.press("n")
            await settle(app, pilot)
            fill(app.screen, **values)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert app.screen is screen
        assert app.sub_title == "Kontaktmanagement"  # set-up mode ended with the Administrator
        assert not screen.query_one("#admin-head").display
        await pilot.press("2")
        await settle(app, pilot)
        cursor_to(screen, "#settings-table", "federal_state")
        await pilot.press("enter", "ctrl+u", "N", "W", "enter")
        await settle(app, pilot)
        saved = store.load()
        assert saved.config.federal_state == "NW" and saved.config.institute == "Sparkasse Musterstadt"
        assert (saved.advisors["ADM"].role, saved.advisors["VHO"].department, saved.advisors["VHO"].net_market_hours) == (
            "Administrator",
            "Versicherung",
            472.5,
        )
        # roles hold now: the audit names the administrator for the setting
        from model.store import audit

        assert audit.entries(folder)[-1]["user"] == "ADM"

"""Pilot tests of the monitoring screens on the small store (as-of 27.11.2026): Portfolio (f4)
with figures computed by hand (see tests/unit/test_monitoring.py), period keys, the
under-served list opening a card, the team view, and the capacity what-if."""

import pytest
from textual.widgets import DataTable, TabbedContent

from screens.capacity import CapacityScreen
from screens.group_card import GroupCardScreen
from screens.portfolio import PortfolioScreen
from tests.app.helpers import make_app, settle, text_of, type_text


def cells(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_portfolio_figures_and_period(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        assert isinstance(app.screen, PortfolioScreen)
        rows = cells(app, "#pf-classes")
        assert rows[0] == ["A", "1", "4", "1", "25 %", "1", "1", "0"]
        assert rows[3] == ["D", "1", "0,5", "1", "200 %", "0", "0", "1"]
        assert rows[4] == ["gesamt", "4", "7,5", "3", "40 %", "2", "3", "1"]
        assert "33 % der gezählten Kontakte, 17 % der Planungsminuten" in text_of(app, "#pf-effort")
        assert "28.11.2025 bis 27.11.2026" in text_of(app, "#pf-head")
        assert not app.screen.query_one("#pf-team").display  # an advisor sees only her own
        await pilot.press("3")  # last quarter: nothing logged, Soll a quarter of a year
        await settle(app, pilot)
        assert "01.07.2026 bis 30.09.2026" in text_of(app, "#pf-head")
        assert cells(app, "#pf-classes")[0][2:4] == ["1", "0"]
        await pilot.press("4")
        await type_text(pilot, "01.06.2026 - 01.06.2026")
        await pilot.press("enter")
        await settle(app, pilot)
        assert cells(app, "#pf-classes")[4][3] == "2"  # both contacts of 01.06. count
        assert app.screen.overview_seconds is not None


async def test_enter_on_under_served_opens_card(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "pf-tab-under"
        assert [r[0] for r in cells(app, "#pf-under")] == [
            "10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG", "10003 Schreinerei Vogt"
        ]  # fmt: skip
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        assert "10001 Bäckerei Huber GmbH" in text_of(app, "#card-title")


async def test_team_lead_sees_everyone(small_store, tmp_path, monkeypatch):
    app = make_app(small_store, user="TLE")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        team = cells(app, "#pf-team")
        assert [r[0] for r in team] == ["MKR", "TLE"]
        assert team[1][:5] == ["TLE", "1", "4", "1", "25 %"]
        assert cells(app, "#pf-classes")[4][:4] == ["gesamt", "5", "11,5", "4"]
        monkeypatch.chdir(tmp_path)
        await pilot.press("ctrl+e")
        await pilot.pause()
        written = list(tmp_path.glob("portfolio-team-*.csv"))
        assert len(written) == 1 and "Betreuer;Klasse" in written[0].read_text(encoding="utf-8-sig")


async def test_capacity_what_if_changes_utilisation(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, CapacityScreen)
        mkr = cells(app, "#cap-table")[0]
        assert mkr[:7] == ["MKR", "Martina Kraus", "4", "0", "9,0", "630", "1 %"]
        app.screen.query_one("#cap-freq-A").focus()
        await type_text(pilot, "12")  # A: 12 a year → MKR 18 + 3 = 21 h, TLE 18 h
        await pilot.pause()
        rows = cells(app, "#cap-table")
        assert rows[0][4] == "21,0" and rows[1][4] == "18,0" and rows[2][4] == "1,5"
        app.screen.query_one("#cap-table").focus()
        await pilot.press("n")
        field = app.screen.query_one("#cap-hours")
        field.value = ""
        await type_text(pilot, "14")
        await pilot.press("enter")
        await settle(app, pilot)
        rows = cells(app, "#cap-table")
        assert rows[0][5:7] == ["14", "150 %"] and "ÜBER 100 %" in rows[0][7]
        assert "MKR" in text_of(app, "#cap-warning")
        assert small_store.load().advisors["MKR"].net_market_hours == 14.0


@pytest.mark.parametrize(("typed", "hours"), [("630.5", 630.5), ("630,5", 630.5), ("1.000", 1000.0)])
async def test_net_market_time_is_read_as_a_german_number(small_store, typed, hours):
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        app.screen.query_one("#cap-table").focus()
        await pilot.press("n")
        app.screen.query_one("#cap-hours").value = ""
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(app, pilot)
        assert small_store.load().advisors["MKR"].net_market_hours == hours

"""Pilot tests of the Erfolgsplanung screen (F7): the essay's figures on screen, an edited input
recalculates at once, a wrong input is named in place, "Plan aus Ist" and the CSV export."""

import io
from datetime import date

from rich.console import Console
from textual.widgets import DataTable, Input

from model.entities import Contact
from screens.planning import PlanningScreen
from tests.app.helpers import make_app, settle, text_of, type_text


def active_calls() -> list[Contact]:
    """Team Ist over 28.11.2025–27.11.2026, by hand: first calls a1, a3, a4 (3); a3 a meeting
    (immediate rate 1/3 = 33,3 %); a1 not reached with a follow-up date (follow-up rate 33,3 %);
    a2 follows a1 and books a meeting (100 %); one deal of 7.500 € (a5)."""
    return [
        Contact("a1", "g-2", date(2026, 3, 2), "MKR", "nicht erreicht", "Telefon", "Active Call",
                follow_up=date(2026, 3, 9)),
        Contact("a2", "g-2", date(2026, 3, 9), "MKR", "Termin vereinbart", "Telefon", "Active Call"),
        Contact("a3", "g-3", date(2026, 4, 1), "MKR", "Termin vereinbart", "Telefon", "Active Call"),
        Contact("a4", "g-4", date(2026, 5, 4), "TLE", "kein Interesse", "Telefon", "Active Call"),
        Contact("a5", "g-1", date(2026, 9, 1), "MKR", "Gespräch geführt", "Besuch", "Beratungsgespräch",
                deal=7500.0),
    ]  # fmt: skip


async def open_planning(app, pilot) -> PlanningScreen:
    await settle(app, pilot)
    await pilot.press("f7")
    await settle(app, pilot)
    assert isinstance(app.screen, PlanningScreen)
    return app.screen


def rich_text(app, selector: str) -> str:
    """Plain text of a Static that shows a Rich table, as it would be drawn 100 columns wide."""
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one(selector).content)
    return console.export_text()


def field(app, key: str) -> Input:
    return app.screen.query_one(f"#plan-in-{key}", Input)


async def replace_value(pilot, app, key: str, text: str) -> None:
    field(app, key).focus()
    await pilot.pause()
    await pilot.press("ctrl+u")  # Input: delete everything left of the cursor (at the end)
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, text)
    await pilot.pause()


async def test_f7_shows_the_essay_figures(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        head = text_of(app, "#plan-result")
        assert "Jahr 1: 441.000 €" in head
        assert "Folgejahr: 1.701.000 €" in head
        assert "dauerhaft: 2.268.000 €" in head
        figures = rich_text(app, "#plan-figures")
        for expected in (
            "1.890",
            "756",
            "84 p. a. und MA",
            "378",
            "1.134",
            "ca. 0,60 pro Tag und MA",
            "24 %",
        ):
            assert expected in figures
        assert "im Monat nach dem Anruf" in text_of(app, "#plan-model")
        table = app.screen.query_one("#plan-table", DataTable)
        assert table.row_count == 36
        # Month 2 (February): 63 immediate meetings from January's 157,5 calls.
        assert [str(c) for c in table.get_row_at(1)][:7] == [
            "2",
            "1",
            "157,5",
            "0,0",
            "63,0",
            "0,0",
            "63,0",
        ]


async def test_editing_the_immediate_rate_recalculates(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        await replace_value(pilot, app, "immediate_rate", "30")
        # By hand: 47,25 immediate meetings a month from February (month index 1); they convert
        # 10 % after 3 months within the year for meetings of Feb–Sep (8 months) and 10 % after 6
        # for Feb–Jun (5) → 13 × 4,725 = 61,425 conversions; follow-up meetings (31,5 a month from
        # August) convert after 3 months for Aug and Sep → 2 × 3,15 = 6,3. Total 67,725 × 5.000 €.
        assert "Jahr 1: 338.625 €" in text_of(app, "#plan-result")


async def test_a_wrong_value_is_named_in_place(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        await replace_value(pilot, app, "advisors", "neun")
        error = app.screen.query_one("#plan-err-advisors")
        assert error.display and "keine ganze Zahl" in text_of(app, "#plan-err-advisors")
        # The last good plan stays on screen, flagged.
        assert "441.000 €" in text_of(app, "#plan-result")
        assert "Eingabe prüfen" in text_of(app, "#plan-result")
        await replace_value(pilot, app, "advisors", "10")
        assert not error.display
        assert "Jahr 1: 490.000 €" in text_of(app, "#plan-result")  # 441.000 × 10/9


async def test_plan_from_actuals(small_store):
    small_store.add_contacts(active_calls())
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        actual = rich_text(app, "#plan-actual")
        assert "Sofort-Terminquote" in actual and "33,3 %" in actual and "100 %" in actual
        assert "7.500 €" in actual
        # the plan's team: the FKB MKR and TLE, not the specialist VKS (issue 13)
        assert "Gezählt (FKB): MKR, TLE" in actual
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert field(app, "immediate_rate").value == "33,3 %"
        assert field(app, "follow_up_rate").value == "33,3 %"
        assert field(app, "follow_up_meeting_rate").value == "100 %"
        assert field(app, "contribution").value == "7.500"
        # 3 first calls ÷ (2 FKB × 210 days) = 0,0071 → 0,01 a day
        assert field(app, "calls_per_day").value == "0,01"
        assert field(app, "advisors").value == "9"  # team size is planned, not measured
        assert "Jahr 1: 441.000 €" not in text_of(app, "#plan-result")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Jahr 1: 441.000 €" in text_of(app, "#plan-result")


async def test_export_writes_the_month_table(small_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
    path = tmp_path / "erfolgsplanung-2026-11-27.csv"
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Monat;Jahr;Active Calls")
    assert len(lines) == 37
    assert lines[4] == "4;1;157,50;0;63;0;63;0;0"  # April: February's meetings not converted yet
    assert lines[5] == "5;1;157,50;0;63;0;63;6,30;31500"  # May: 10 % of them after 3 months


async def test_the_actual_period_can_be_chosen(small_store):
    small_store.add_contacts(active_calls())
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_planning(app, pilot)
        assert screen.actuals.period.first == date(2025, 11, 28)
        await pilot.press("ctrl+o")  # laufendes Jahr
        await pilot.pause()
        assert (screen.actuals.period.first, screen.actuals.period.last) == (date(2026, 1, 1), date(2026, 11, 27))
        await pilot.press("ctrl+o")  # letztes Quartal: 01.07.–30.09.2026, only the deal a5 lies in it
        await pilot.pause()
        assert (screen.actuals.period.first, screen.actuals.period.last) == (date(2026, 7, 1), date(2026, 9, 30))
        assert screen.actuals.immediate_rate is None
        assert "letztes Quartal" in str(screen.query_one("#plan-actual").border_subtitle)


async def test_opening_f7_computes_the_plan_once_and_typing_recomputes(small_store, monkeypatch):
    """The inputs' first values are no edits: opening once froze the screen a quarter second
    with 13 recalculations and footer rebuilds."""
    calls = []
    real = PlanningScreen._recalculate
    monkeypatch.setattr(PlanningScreen, "_recalculate", lambda self: (calls.append(1), real(self)))
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_planning(app, pilot)
        assert calls == []
        await replace_value(pilot, app, "advisors", "10")
        await settle(app, pilot)
        assert calls and app.screen.inputs.advisors == 10

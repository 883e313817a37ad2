"""Pilot test: the app's picture leaves out closed years (model/store/archive.py), and the group
card reads its group's older contacts when it opens — shown with their notes once read, with
a line saying so while they are being read, at 80×24 and 120×40."""

import threading
from datetime import date

import pytest

from model.entities import Contact
from model.store import Store
from screens.group_card import GroupCardScreen
from tests.app.helpers import hold_closed_history, make_app, settle, text_of


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_card_reads_closed_years_when_it_opens(small_store, monkeypatch, size):
    # The same role, format class and outcome as the group's 2026 contact: not in the status
    # index, so in no start's picture at all.
    small_store.add_contacts(
        [
            Contact(
                "c-old",
                "g-1",
                date(2023, 3, 14),
                "MKR",
                "Gespräch geführt",
                "Besuch",
                "Jahresgespräch",
                note="Nachfolge [bold]Tochter[/] besprochen",
            )
        ]  # fmt: skip
    )
    release = hold_closed_history(monkeypatch)
    app = make_app(small_store)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert app.institute.history_from == date(2025, 1, 1)
        assert "c-old" not in {c.id for c in app.institute.contacts["g-1"]}
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GroupCardScreen)
        assert "Ältere Jahre (vor 2025) werden gelesen …" in text_of(app, "#history-older")
        assert app.screen.query_one("#history").row_count == 1
        release.set()
        await settle(app, pilot)
        history = app.screen.query_one("#history")
        assert [str(history.get_row_at(r)[0]) for r in range(history.row_count)] == ["01.06.2026", "14.03.2023"]
        assert str(history.get_row_at(1)[8]) == "Nachfolge [bold]Tochter[/] besprochen"
        assert not app.screen.query_one("#history-older").display
        # the archive was written: the next card reads one shard per closed year
        assert len(list((small_store.root / "archive" / "2023").glob("*.json"))) == 32


async def test_a_period_in_closed_years_reads_them_first(small_store):
    from tests.app.helpers import type_text
    from tests.app.test_portfolio import cells

    small_store.add_contacts(
        [Contact("c-2023", "g-2", date(2023, 5, 10), "MKR", "Gespräch geführt", "Telefon", "Servicekontakt")]
    )
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        assert app.institute.history_from == date(2025, 1, 1)
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("4")
        await type_text(pilot, "01.01.2023 - 31.12.2023")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.institute.history_from is None  # every year read now
        assert "01.01.2023 bis 31.12.2023" in text_of(app, "#pf-head")
        assert cells(app, "#pf-classes")[4][3] == "1"  # the contact of 2023 counts


async def test_a_replayed_past_day_reads_every_year(small_store):
    from kontakt_tui.app import KontaktApp

    app = KontaktApp(small_store, "MKR", as_of=date(2026, 3, 2), poll_seconds=0)  # contacts after it exist
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.institute.complete and app.institute.history_from is None

"""Pilot test: the guided call's talking points when the group's last conversation and its
open follow-up lie in a closed year. The app's picture holds them from the status index,
without notes; the dialog reads the group's closed years and shows the notes, while what the
user has already typed stays."""

import threading
from datetime import date

import pytest

from model.entities import Contact
from model.store import Store
from screens.dialogs.call import CallScreen
from tests.app.helpers import hold_closed_history, make_app, settle, text_of, type_text

NOTE = "Nachfolge [bold]Tochter[/] ab 2025, Kreditlinie prüfen"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_call_shows_the_note_of_a_closed_year(small_store, monkeypatch, size):
    small_store.add_contacts(
        [Contact("c-old", "g-3", date(2024, 3, 14), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch",
                 follow_up=date(2025, 3, 1), note=NOTE)]
    )  # fmt: skip
    release = hold_closed_history(monkeypatch)
    app = make_app(small_store)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert app.institute.history_from == date(2025, 1, 1)
        await pilot.press("a")  # the most overdue group first: g-3, follow-up since 01.03.2025
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and app.screen.group_id == "g-3"
        points = text_of(app, "#talking-points")
        assert "Letztes Gespräch: 14.03.2024" in points and "Tochter" not in points
        await pilot.press("2")
        follow_up = app.screen.query_one("#follow-up")
        follow_up.value = ""
        follow_up.focus()
        await type_text(pilot, "in 2 wochen")  # typed while the closed years are read
        release.set()
        await settle(app, pilot)
        points = text_of(app, "#talking-points")
        assert f"„{NOTE}“" in points  # literally: a note is never markup
        assert "Offener Folgekontakt: 01.03.2025 (vereinbart am 14.03.2024)" in points
        assert app.screen.query_one("#follow-up").value == "in 2 wochen"
        assert app.screen.outcome == "Gespräch geführt"


async def test_no_closed_years_read_when_the_points_are_in_the_picture(small_store, monkeypatch):
    asked = []
    monkeypatch.setattr(Store, "closed_history", lambda self, ids, before: asked.append(ids) or [])
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        assert asked == []

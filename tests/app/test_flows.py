"""Pilot tests of the flows written top-down (the guided call, the person edit): a save the
store refuses reopens the dialog with everything typed and the reason, even when the screen
that started the flow was closed in the meantime."""

import threading

from textual.widgets import Input

from model.store import Store, StoreBusyError
from screens.dialogs.call import CallScreen
from screens.dialogs.person_form import PersonFormScreen
from screens.group_card import GroupCardScreen
from screens.today import TodayScreen
from tests.app.helpers import make_app, settle, text_of, type_text

BUSY = "master/groups-00.json ist gesperrt von PC PC-17 (Prozess 4711)"


def persons(store: Store) -> list[tuple[str, str]]:
    return [(p.name, p.phone) for p in Store.open(store.root, "MKR").load().group("10001").persons]


async def open_card(app, pilot) -> None:
    await settle(app, pilot)
    await pilot.press("down", "enter")  # Bäckerei Huber
    await pilot.pause()
    assert isinstance(app.screen, GroupCardScreen)


async def test_a_refused_person_save_reopens_the_form_with_what_was_typed(small_store, monkeypatch):
    def busy(base, mine):
        raise StoreBusyError(BUSY)

    monkeypatch.setattr(small_store, "save_group_merged", busy)
    app = make_app(small_store)
    async with app.run_test(size=(130, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        await type_text(pilot, "Eva Steuer")
        await pilot.press("enter", "enter")
        await type_text(pilot, "069 4455667")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonFormScreen)
        assert "gesperrt von PC PC-17" in text_of(app, "#person-problem")
        assert app.screen.query_one("#person-name", Input).value == "Eva Steuer"
        assert app.screen.query_one("#person-phone", Input).value == "069 4455667"
        assert ("Eva Steuer", "069 4455667") not in persons(small_store)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
    assert persons(small_store)[-1] == ("Eva Steuer", "069 4455667")


async def test_a_call_refused_after_the_card_was_closed_still_reopens(small_store, monkeypatch):
    """The flow belongs to the app: leaving the card while the share is slow loses nothing."""
    release = threading.Event()

    def slow_then_busy(contact):
        release.wait(5)
        raise StoreBusyError(BUSY)

    monkeypatch.setattr(small_store, "log_contact", slow_then_busy)
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await open_card(app, pilot)
        await pilot.press("a", "2")
        await type_text(pilot, "Rückruf wegen Leasing")
        await pilot.press("enter", "enter")  # note, then the follow-up: saves
        await pilot.pause()
        assert isinstance(app.screen, GroupCardScreen)
        await pilot.press("escape")  # back to the list while the write still waits
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        assert "gesperrt von PC PC-17" in text_of(app, "#call-problem")
        assert app.screen.query_one("#note", Input).value == "Rückruf wegen Leasing"
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
    assert "Rückruf wegen Leasing" in [c.note for c in Store.open(small_store.root, "MKR").load().history("g-1")]


def test_screens_ask_the_app_and_never_hold_the_store():
    """Every store call goes through a named method of the App (kontakt_tui/store_access.py)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "screens"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"app\.store\b|write_store|lambda store", line)
    ]
    assert found == []

"""Pilot tests of the guided call from the list: the keystroke budget, every accepted form of
the follow-up date, weekend and holiday shifts, a booked meeting, bad input and a locked
store — asserting on the screen and on the store afterwards."""

from datetime import date

import pytest
from textual.widgets import Input

from model.store import Store, StoreBusyError
from screens.dialogs.call import CallScreen
from tests.app.helpers import cursor_row, make_app, rows, settle, text_of, type_text
from tests.conftest import AS_OF


def saved(store: Store, group_id: str) -> list:
    """What a fresh reader of the store sees for the group on the test's day."""
    return [c for c in Store.open(store.root, "MKR").load().history(group_id) if c.date == AS_OF]


async def test_logging_a_call_takes_four_keystrokes(small_store):
    app = make_app(small_store)
    keys = ["a", "2", "enter", "enter"]  # call, "Gespräch geführt", past the note, accept the follow-up
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        assert cursor_row(app) == "10003 Schreinerei Vogt"
        await pilot.press(*keys)
        await settle(app, pilot)
        assert len(keys) == 4
        (contact,) = saved(small_store, "g-3")
        # Class C: 12 months → Saturday 27.11.2027 → Monday 29.11.2027
        assert (contact.outcome, contact.channel, contact.format, contact.follow_up, contact.person) == (
            "Gespräch geführt",
            "Telefon",
            "Servicekontakt",
            date(2027, 11, 29),
            "",
        )
        assert rows(app) == ["10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG"]
        assert cursor_row(app) == "10001 Bäckerei Huber GmbH"  # the next call


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15.01.2027", date(2027, 1, 15)),
        ("15.01.", date(2027, 1, 15)),
        ("+3m", date(2027, 3, 1)),  # 27.02.2027 is a Saturday
        ("+2w", date(2026, 12, 11)),
        ("+10", date(2026, 12, 7)),
        ("morgen", date(2026, 11, 30)),  # Saturday → Monday
        ("übermorgen", date(2026, 11, 30)),  # Sunday → Monday
        ("Di", date(2026, 12, 1)),
        ("Dienstag", date(2026, 12, 1)),
        ("24.12.", date(2026, 12, 24)),  # Heiligabend is a working day
        ("25.12.", date(2026, 12, 28)),  # 1. und 2. Weihnachtstag, then Sunday
    ],
)
async def test_every_form_of_the_follow_up(small_store, typed, expected):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "a", "2", "enter")  # Bäckerei Huber
        await type_text(pilot, typed)  # replaces the selected pre-fill
        preview = text_of(app, "#follow-up-preview")
        assert f"{expected:%d.%m.%Y}" in preview
        await pilot.press("enter")
        await settle(app, pilot)
        (contact,) = saved(small_store, "g-1")
        assert contact.follow_up == expected


async def test_not_reached_suggests_the_next_working_day_and_keeps_the_note(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "4")
        await type_text(pilot, "Mailbox")
        await pilot.press("enter")
        assert app.screen.query_one("#follow-up", Input).value == "30.11.2026"
        await pilot.press("enter")
        await settle(app, pilot)
        (contact,) = saved(small_store, "g-3")
        assert (contact.outcome, contact.note, contact.follow_up) == ("nicht erreicht", "Mailbox", date(2026, 11, 30))
        assert "10003 Schreinerei Vogt" in rows(app)  # due again on Monday, within the 14 days


async def test_a_booked_meeting_asks_day_and_time(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "a", "1", "enter")
        await type_text(pilot, "Do")
        await pilot.press("enter")
        await type_text(pilot, "14:30")
        await pilot.press("enter")
        assert app.screen.query_one("#follow-up", Input).value == "03.12.2026"  # the meeting's day
        await pilot.press("enter")
        await settle(app, pilot)
        (contact,) = saved(small_store, "g-1")
        assert (contact.meeting, contact.follow_up, contact.person) == ("2026-12-03T14:30", date(2026, 12, 3), "p-1")


@pytest.mark.parametrize(
    ("typed", "message"),
    [("31.02.2027", '"31.02.2027" ist kein gültiges Datum'), ("01.11.2026", "in der Vergangenheit"), ("bald", "erlaubt:")],
)
async def test_bad_follow_up_is_refused_in_place_and_kept(small_store, typed, message):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "2", "enter")
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        assert message in text_of(app, "#call-problem")
        assert app.screen.query_one("#follow-up", Input).value == typed
        assert saved(small_store, "g-3") == []


async def test_locked_store_reopens_the_call_with_everything_typed(small_store, monkeypatch):
    app = make_app(small_store)

    def locked(contact):
        raise StoreBusyError("contacts/2026/MKR.json ist gesperrt von PC PC-17 (Prozess 4711)")

    monkeypatch.setattr(small_store, "log_contact", locked)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "3")
        await type_text(pilot, "kein Bedarf")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        assert "gesperrt von PC PC-17" in text_of(app, "#call-problem")
        assert app.screen.query_one("#note", Input).value == "kein Bedarf"
        assert "10003 Schreinerei Vogt" in rows_behind(app)
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (contact,) = saved(small_store, "g-3")
        assert (contact.outcome, contact.note) == ("kein Interesse", "kein Bedarf")


def rows_behind(app) -> list[str]:
    """Rows of the list under the dialog."""
    table = app.screen_stack[-2].query_one("#due-table")
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_escape_cancels_without_saving(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "2", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, CallScreen)
        assert saved(small_store, "g-3") == []


async def test_a_warning_after_the_save_is_shown(small_store, monkeypatch):
    app = make_app(small_store)
    real = small_store.log_contact

    def log_then_warn(contact):
        result = real(contact)
        small_store.warnings.append("Protokolleintrag nicht geschrieben (Platte voll); die Änderung ist gespeichert.")
        return result

    monkeypatch.setattr(small_store, "log_contact", log_then_warn)
    shown = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: shown.append((message, kwargs.get("severity"))))
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "2", "enter", "enter")
        await settle(app, pilot)
        assert ("Protokolleintrag nicht geschrieben (Platte voll); die Änderung ist gespeichert.", "warning") in shown
        assert small_store.warnings == []
        assert len(saved(small_store, "g-3")) == 1


async def test_a_slow_share_keeps_the_screen_usable(small_store, monkeypatch):
    """A save that hangs, as on a slow share: the call shows at once, keys still work, the save
    finishes in the background once the share answers.

    The save waits for the test's signal instead of sleeping a fixed time, so the screen is
    proven usable while the write is provably still running, on a machine of any speed."""
    import threading

    app = make_app(small_store)
    real = small_store.log_contact
    share_answers = threading.Event()

    def slow(contact):
        assert share_answers.wait(timeout=60), "the test never let the save finish"
        return real(contact)

    monkeypatch.setattr(small_store, "log_contact", slow)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        try:
            await pilot.press("a", "2", "enter", "enter")
            await pilot.pause()
            assert "10003 Schreinerei Vogt" not in rows(app)  # shown at once
            assert "speichert …" in text_of(app, "#today-info")
            await pilot.press("n")  # the screen answers keys meanwhile
            assert rows(app) == ["10002 Autohaus Krämer KG", "10001 Bäckerei Huber GmbH"]
            assert saved(small_store, "g-3") == []
            assert "speichert …" in text_of(app, "#today-info")
        finally:
            share_answers.set()  # a failed assertion must not leave the save hanging
        await settle(app, pilot)
        assert len(saved(small_store, "g-3")) == 1
        assert "speichert" not in text_of(app, "#today-info")

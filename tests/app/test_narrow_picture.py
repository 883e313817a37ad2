"""Pilot tests of an app that holds the user's own groups only (issue 16), on the folder store
and on PostgreSQL: the search finds every group from the store's directory, a colleague's
card reads that group and its history when it opens, and a screen over the institute opens
once every group is read — or not at all, when the user has moved on meanwhile."""

import threading

import pytest

from model.store import Store
from model.store.interface import open_backend
from model.store.postgres import PostgresStore
from screens.capacity import CapacityScreen
from screens.find import FindScreen
from screens.group_card import GroupCardScreen
from screens.my_groups import MyGroupsScreen
from tests.app.helpers import make_app, rows, settle


@pytest.fixture(params=["ordner", "postgresql"])
def location(request, small_store):
    """The store the app opens: the folder store (its picture of the user's own groups,
    model/store/portfolio.py) or a database migrated from it."""
    if request.param == "ordner":
        return small_store.root
    from kontakt_tui.cli import main

    postgres_url = request.getfixturevalue("postgres_url")
    assert main(["migrate", "--from", str(small_store.root), "--to", postgres_url]) == 0
    return postgres_url


def _held(monkeypatch, name: str, when=lambda *args, **kwargs: True) -> tuple[threading.Event, threading.Event]:
    """(asked, release): a call of the backend's `name` for which `when(...)` holds waits
    until the test releases it."""
    asked, release = threading.Event(), threading.Event()

    def holding(real):
        def held(self, *args, **kwargs):
            if when(*args, **kwargs):
                asked.set()
                assert release.wait(10)
            return real(self, *args, **kwargs)

        return held

    for backend in (Store, PostgresStore):
        monkeypatch.setattr(backend, name, holding(getattr(backend, name)))
    return asked, release


def _held_whole(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """(asked, release): a load of every group waits until the test releases it."""
    return _held(monkeypatch, "load", lambda *args, scope=None, advisor=None, **kwargs: scope is None and advisor is None)


async def _until(pilot, done, tries: int = 100) -> None:
    """Let the app run until `done()` (not until every worker is finished), at most `tries` pauses."""
    for _ in range(tries):
        await pilot.pause(0.02)
        if done():
            break


async def _own_picture(app, pilot):
    """Until the app holds the user's own groups; the first of them (MKR leads it), by number."""
    await _until(pilot, lambda: app.institute is not None and app.institute.some_groups)
    return min((g for g in app.institute.groups.values() if g.lead == "MKR"), key=lambda g: g.number)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_colleagues_group_is_found_and_its_card_reads_it(location, size, monkeypatch):
    whole = open_backend(location, "MKR").load()
    lang = whole.group("10005")  # led by a colleague, with contacts
    assert lang.lead != "MKR" and whole.contacts.get(lang.id)
    asked, _ = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert app.institute.some_groups and lang.id not in app.institute.groups
        await pilot.press("ctrl+f", *"praxis", "enter")  # one burst, as a fast typist sends it
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10005"
        history = app.screen.query_one("#history")
        assert history.row_count == len(whole.contacts[lang.id])
        notes = " ".join(str(c) for i in range(history.row_count) for c in history.get_row_at(i))
        assert all(c.note in notes for c in whole.contacts[lang.id])
        assert not asked.is_set() and not app.institute.complete  # no other group was read


async def test_a_screen_over_the_institute_opens_once_every_group_is_read(location, monkeypatch):
    asked, release = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        home = app.screen
        await pilot.press("f6")
        await _until(pilot, asked.is_set, 50)
        assert app.screen is home and not app.institute.complete
        assert any("alle Verbünde werden gelesen" in n.message for n in app._notifications)
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, CapacityScreen) and app.institute.complete


async def test_moving_on_while_every_group_is_read_drops_the_screen_asked_for(location, monkeypatch):
    asked, release = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6", "f12")  # capacity asked for, then "Meine Verbünde" at once
        await _until(pilot, asked.is_set, 50)
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, MyGroupsScreen) and app.institute.complete
        assert rows(app, "#my-table")


async def test_a_card_opened_while_every_group_is_read_stays_open(location, monkeypatch):
    asked, release = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6", "enter")  # capacity asked for, then the first due group's card
        await _until(pilot, asked.is_set, 50)
        card = app.screen
        assert isinstance(card, GroupCardScreen)
        release.set()
        await settle(app, pilot)
        assert app.screen is card and app.institute.complete


async def test_the_search_sees_a_colleagues_new_group(location):
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"praxis")
        await settle(app, pilot)
        assert rows(app, "#find-table") == ["10005 Praxis Dr. Lang"]
        colleague = open_backend(location, "TLE")
        colleague.update_group(app.institute.groups and colleague.load().group("10005").id, _renamed)
        await pilot.press("backspace", *"s")  # the search again, after the colleague's save
        await settle(app, pilot)
        assert isinstance(app.screen, FindScreen)
        assert rows(app, "#find-table") == ["10005 Praxis Dr. Lang-Seitz"]


def _renamed(group):
    from dataclasses import replace

    return replace(group, name="Praxis Dr. Lang-Seitz")


async def test_a_search_during_a_long_read_answers_at_once_and_its_card_wins(location, monkeypatch):
    # Capacity asked for (every group being read, the store busy), then a fast typist's
    # search: Enter answers from the prepared index without waiting for the store, and the
    # card asked for last opens once the read is done; capacity does not open over it.
    asked, release = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)  # the search prepared in the background
        await pilot.press("f6")
        await _until(pilot, asked.is_set, 50)
        await pilot.press("ctrl+f", *"praxis", "enter")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, FindScreen)  # the UI did not wait for the store
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10005"


async def test_a_screen_asked_for_after_a_card_wins_over_the_card_still_being_read(location, monkeypatch):
    # Enter on a colleague's group (its read held back), then F6 at once: the last wish
    # is capacity; the card read for the older wish is not opened over it.
    started, release = _held(monkeypatch, "add_groups")
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"praxis", "enter")
        await _until(pilot, started.is_set, 50)
        await pilot.press("f6")
        await pilot.pause(0.1)
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, CapacityScreen) and app.institute.complete


@pytest.mark.parametrize("route", ["ctrl+f", "ctrl+p"])
async def test_an_own_group_opens_at_once_before_the_directory_is_read(location, monkeypatch, route):
    # Right after the start the directory is still being read (held back here): a fast
    # typist's ctrl+f, an own group's number and Enter open its card without waiting; the
    # palette searches alike (the own groups, no thread waiting per keystroke).
    _, release = _held(monkeypatch, "group_directory")
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(80, 24)) as pilot:
        own = await _own_picture(app, pilot)
        if route == "ctrl+f":
            await pilot.press("ctrl+f", *own.number, "enter")
        else:
            await pilot.press("ctrl+p", *own.name.split()[0].lower())
            await pilot.pause(0.5)  # the palette searches asynchronously
            await pilot.press("enter")
        await _until(pilot, lambda: isinstance(app.screen, GroupCardScreen))
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == own.number
        release.set()
        await settle(app, pilot)


async def test_enter_typed_before_the_search_can_answer_opens_the_hit_when_it_comes(location, monkeypatch):
    # A colleague's number typed with Enter while the directory is still being read: the
    # Enter is not lost, the card opens once the answer is there.
    _, release = _held(monkeypatch, "group_directory")
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(120, 40)) as pilot:
        await _own_picture(app, pilot)
        await pilot.press("ctrl+f", *"10005", "enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, FindScreen)  # nothing to open yet
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group.number == "10005"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_search_before_the_directory_is_read_shows_the_own_hits_and_says_so(location, monkeypatch, size):
    # The first seconds after the start (the directory held back here): the own groups
    # answer at once with a note that every group is still being read; the whole answer
    # replaces it once the directory is there.
    _, release = _held(monkeypatch, "group_directory")
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=size) as pilot:
        own = await _own_picture(app, pilot)
        info = lambda: str(app.screen.query_one("#find-info").render())  # noqa: E731
        await pilot.press("ctrl+f", *own.number)
        await _until(pilot, lambda: app.screen._shown_for == own.number)
        mine = [hit.group for hit in app.find_groups(own.number, wait=False)]
        assert info() == f"{len(mine)} Treffer in Ihren Verbünden · alle Verbünde werden noch gelesen …"
        assert rows(app, "#find-table")[0] == f"{own.number} {own.name}"
        assert all(g.id in app.institute.groups for g in mine)
        await pilot.press(*["backspace"] * len(own.number), *"praxis")  # a colleague's group
        await _until(pilot, lambda: app.screen._shown_for == "praxis")
        assert info() == "in Ihren Verbünden nichts · alle Verbünde werden noch gelesen …"
        release.set()
        await _until(pilot, lambda: "noch gelesen" not in info())
        assert rows(app, "#find-table") == ["10005 Praxis Dr. Lang"]
        assert info() == "1 Treffer · Enter öffnet · ↑↓ wählen"


async def test_typing_a_search_while_every_group_is_read_answers_from_the_directory_read_before(location, monkeypatch):
    # F6 has every group read (held back here, the store busy): the search's answers come
    # from the directory as read at the start, not after the read.
    asked, release = _held_whole(monkeypatch)
    app = make_app(open_backend(location, "MKR"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)  # the directory read
        await pilot.press("f6")
        await _until(pilot, asked.is_set, 50)
        await pilot.press("ctrl+f", *"praxis")
        await _until(pilot, lambda: rows(app, "#find-table") == ["10005 Praxis Dr. Lang"])
        assert rows(app, "#find-table") == ["10005 Praxis Dr. Lang"] and not app.institute.complete
        release.set()
        await settle(app, pilot)

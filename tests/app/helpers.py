"""Shared steps of the Pilot tests."""

import threading

from textual.keys import _character_to_key
from textual.widgets import DataTable
from textual.worker import WorkerCancelled

from kontakt_tui.app import KontaktApp
from screens.dialogs import FLOW
from tests.conftest import AS_OF


def make_app(store, user="MKR") -> KontaktApp:
    return KontaktApp(store, user, as_of=AS_OF, poll_seconds=0)


async def settle(app, pilot) -> None:
    """Let workers (store reads and writes, computations) finish and the screen catch up; a
    flow waiting in a dialog for the user's answer is not waited for."""
    for _ in range(3):
        busy = [w for w in app.workers if w.group != FLOW and not w.is_finished]
        if busy:  # an empty list would mean "all workers" to wait_for_complete
            try:
                await app.workers.wait_for_complete(busy)
            except WorkerCancelled:  # an exclusive computation replaced by a newer one
                pass
        await pilot.pause()


async def every_group_read(app, pilot) -> None:
    """The whole institute in the picture, as after the first screen over every group of the
    day: such a screen then opens at once, without the note that every group is being read."""
    app.want_whole()
    await settle(app, pilot)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*(_character_to_key(ch) for ch in text))


def rows(app, selector="#due-table") -> list[str]:
    table = app.screen.query_one(selector, DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def cursor_row(app, selector="#due-table") -> str:
    table = app.screen.query_one(selector, DataTable)
    return str(table.get_row_at(table.cursor_row)[0])


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def hold_closed_history(monkeypatch) -> threading.Event:
    """Hold every read of closed years (`Store.closed_history`, run in a worker) until the
    returned event is set: a test sees the screen while the read is under way."""
    from model.store import Store

    release = threading.Event()
    real = Store.closed_history

    def held(self, group_ids, before):
        assert release.wait(10)
        return real(self, group_ids, before)

    monkeypatch.setattr(Store, "closed_history", held)
    return release

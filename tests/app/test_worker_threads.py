"""Store calls wait for the one store access each in a thread of their own: a queue of them
behind a long read must not take every thread the app's other thread workers need (asyncio's
default executor has 6 on an advisor's 2-CPU PC; kontakt_tui/app.py WORKER_THREADS)."""

import asyncio

from model.entities import Contact
from tests.app.helpers import make_app, settle
from tests.conftest import AS_OF


async def test_saves_waiting_behind_a_long_read_leave_threads_for_other_work(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app._store_lock.acquire()  # a long read (F6's whole picture) holds the store
        try:
            waiting = [app.save_contact(Contact(f"w-{n}", "g-3", AS_OF, "MKR", "Gespräch geführt", "Telefon")) for n in range(10)]
            other = app.run_worker(lambda: "gesucht", thread=True)  # as the search runs, on no store
            answer = await asyncio.wait_for(other.wait(), 5)
        finally:
            app._store_lock.release()
        assert answer == "gesucht"
        assert [(await w).problem for w in waiting] == [""] * 10
        await settle(app, pilot)
    assert {f"w-{n}" for n in range(10)} <= {c.id for c in small_store.load().contacts["g-3"]}

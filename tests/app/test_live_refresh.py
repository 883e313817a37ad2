"""On PostgreSQL the app learns of a colleague's write from the server (LISTEN/NOTIFY), not
from a poll: a contact logged on another PC shows in the due list well before a poll would have run."""

import time
from datetime import date

from kontakt_tui.app import KontaktApp
from model.entities import Advisor, Contact
from model.store.interface import create_backend, open_backend
from tests.app.helpers import rows
from tests.conftest import AS_OF, make_group


async def _until(pilot, condition, seconds: float) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            break
        await pilot.pause(0.02)
    return time.monotonic() - started


async def test_a_colleagues_contact_shows_before_a_poll_would_run(postgres_url):
    setup = create_backend(postgres_url, "ADM")
    setup.save_advisors([Advisor("MKR", "Martina Kraus"), Advisor("VKS", "Vera Kessler")])
    setup.save_groups(
        [make_group("g-1", "10001", "Bäckerei Huber GmbH", "A"), make_group("g-2", "10002", "Autohaus Krämer KG", "B")]
    )
    setup.close()
    store = open_backend(postgres_url, "MKR")
    refreshes = []
    real_refresh = store.refresh
    store.refresh = lambda *a, **k: refreshes.append(time.monotonic()) or real_refresh(*a, **k)
    # The shipped poll interval: were it a timer, nothing would show before 5 s.
    app = KontaktApp(store, "MKR", as_of=AS_OF, poll_seconds=5.0)
    async with app.run_test(size=(130, 30)) as pilot:
        await _until(pilot, lambda: app.institute is not None and len(rows(app)) == 2, 5.0)
        assert rows(app) == ["10001 Bäckerei Huber GmbH", "10002 Autohaus Krämer KG"]
        await pilot.pause(1.0)
        quiet = len(refreshes)
        await pilot.pause(1.0)
        assert len(refreshes) == quiet <= 1  # nothing written: no reads at all (one after LISTEN)
        colleague = open_backend(postgres_url, "VKS")
        colleague.log_contact(Contact("c-new", "g-1", date(2026, 11, 26), "MKR", "Gespräch geführt", "Telefon", "Jahresgespräch"))
        took = await _until(pilot, lambda: "10001 Bäckerei Huber GmbH" not in rows(app), 5.0)
        colleague.close()
        assert rows(app) == ["10002 Autohaus Krämer KG"]
        # about 0.1 s on a quiet machine; the bound only has to tell the server's word from the
        # 5-s poll, with room for a loaded CI machine
        assert took < 2.5, f"{took:.2f} s"
        assert len(refreshes) == quiet + 1
    store.close()

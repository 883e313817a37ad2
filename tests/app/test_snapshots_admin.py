"""SVG snapshots of Verwaltung (the administration screen) at 80×24 and 120×40: the staff
list, the settings and the new-person form. Update deliberately with
`python -m pytest tests/app/test_snapshots_admin.py --snapshot-update` and look at them."""

from pathlib import Path

import pytest
from textual.widgets import Input

from kontakt_tui.app import KontaktApp
from model.entities import Advisor
from model.store import Store
from tests.app.helpers import every_group_read, settle
from tests.conftest import AS_OF

PICTURES = {"staff": ("g", "v"), "settings": ("g", "v", "2"), "person": ("g", "v", "n")}


@pytest.fixture
def app(small_store, monkeypatch) -> KontaktApp:
    small_store.save_advisors([Advisor("ADM", "Anke Dorn", role="Administrator", email="a.dorn@bank.de", login="BANK\\adorn")])
    # The cursor stays on: a blink phase that depends on how long the machine took to get
    # here would make the pictures differ (seen on a loaded CI machine).
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.chdir(small_store.root.parent)  # the temporary folder's name stays out of the pictures
    return KontaktApp(Store.open(Path(small_store.root.name), "ADM"), "ADM", as_of=AS_OF, poll_seconds=0)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("picture", list(PICTURES))
def test_administration(app, snap_compare, picture, size):
    async def ready(pilot):
        await settle(app, pilot)
        await every_group_read(app, pilot)  # Verwaltung is over the institute
        for key in PICTURES[picture]:
            await pilot.press(key)
            await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)

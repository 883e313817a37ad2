"""SVG snapshots of the shell at a fixed size and date (pytest-textual-snapshot).
Update deliberately with `python -m pytest tests/app/test_snapshots.py --snapshot-update`."""

from pathlib import Path

from kontakt_tui.app import KontaktApp
from model.store import Store
from tests.conftest import AS_OF


def test_overview_snapshot(small_store, snap_compare, monkeypatch):
    # A relative store path keeps the temporary folder's name out of the picture.
    monkeypatch.chdir(small_store.root.parent)
    app = KontaktApp(Store.open(Path(small_store.root.name), "MKR"), "MKR", as_of=AS_OF, poll_seconds=0)

    async def settled(pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 24), run_before=settled)

"""Opening the app from the command line: find or create the store, pick the user, run."""

from __future__ import annotations

import sys
from datetime import date

from kontakt_tui.settings import Settings
from model.store import Store, StoreError
from model.store.interface import open_backend

DEMO_GROUPS = 300


def _demo_store(settings: Settings) -> Store:
    """The newcomer's demo institute, created on first run in the user's data folder."""
    from model.demo import build_demo, write_demo

    path = settings.demo_store
    if (path / "kontakt.json").exists():
        return Store.open(path, settings.user)
    print(f"Kein Speicher eingestellt – lege das Demo-Institut an: {path}", file=sys.stderr)
    store = Store.create(path, settings.user)
    write_demo(store, build_demo(date.today(), groups=DEMO_GROUPS))
    return store


def open_app(settings: Settings, headless: bool = False) -> int:
    """0 when the user quit, 2 when the app ended on a program error (Textual has shown it)
    or the store cannot be opened. `headless` only for tests."""
    from kontakt_tui.app import KontaktApp

    try:
        demo = settings.store is None
        store = _demo_store(settings) if demo else open_backend(settings.store, settings.user)
    except StoreError as exc:
        print(f"Speicherfehler: {exc}", file=sys.stderr)
        return 2
    # An unknown user is asked to pick their name from the advisors once the store is read.
    app = KontaktApp(store, settings.user, demo=demo, login=settings.login, requested=settings.requested)
    app.run(headless=headless)
    # Textual ends the app on an unhandled exception with return code 1 and shows the error;
    # scripts and launchers must see that it did not end normally.
    if app.return_code:
        print(
            "kontakt wurde wegen eines Programmfehlers beendet (siehe oben); gespeichert ist, was vorher "
            "bestätigt wurde. Bitte den Fehlertext an die IT geben.",
            file=sys.stderr,
        )
        return 2
    return 0

"""Opening the app from the command line: find or create the store, pick the user, run."""

from __future__ import annotations

import sys
from datetime import date

from model.store import Store, StoreError

from .settings import Settings

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


def _demo_user(store: Store, user: str) -> str:
    """In the demo, an unknown login works as the lead advisor with the largest portfolio."""
    institute = store.load()
    if user in institute.advisors:
        return user
    counts: dict[str, int] = {}
    for group in institute.groups.values():
        counts[group.lead] = counts.get(group.lead, 0) + 1
    return max(sorted(counts), key=counts.__getitem__) if counts else user


def open_app(settings: Settings) -> int:
    from .app import KontaktApp

    try:
        if settings.store is None:
            store = _demo_store(settings)
            user = _demo_user(store, settings.user)
        else:
            store = Store.open(settings.store, settings.user)
            user = settings.user
    except StoreError as exc:
        print(f"Speicherfehler: {exc}", file=sys.stderr)
        return 2
    KontaktApp(store, user).run()
    return 0

"""Live refresh on PostgreSQL: every write NOTIFYs in its transaction (`PostgresStore._bump`),
so a reader waits on a connection of its own instead of polling.

NOTIFY reaches only the listeners of the same database, and one database holds one kontakt
store, so the channel is the store's own. A notification is delivered at the writer's commit
and never for a rolled-back write; many in one transaction arrive as one per kind.
"""

from __future__ import annotations

import psycopg

from ..files import StoreError
from .connection import connect

CHANNEL = "kontakt_changes"


class ListeningMixin:
    url: str
    _listener: psycopg.Connection | None = None

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a colleague's (or this process's) committed write;
        True when one came — then `refresh()` reads it —, False after the timeout.

        The first call opens the listening connection and returns True at once: a write
        between the last load and the LISTEN sent its notification to nobody, so the caller
        refreshes once (one counters query when nothing changed). After a lost connection
        the next call reconnects and again returns True. StoreError (German) when the
        server cannot be reached."""
        if self._listener is None or self._listener.closed:
            conn = connect(self.url)
            conn.execute(f"LISTEN {CHANNEL}")
            self._listener = conn
            return True
        try:
            got = any(True for _ in self._listener.notifies(timeout=timeout, stop_after=1))
            if got:
                for _ in self._listener.notifies(timeout=0):
                    pass  # the rest of a burst: one refresh reads all of it
            return got
        except psycopg.OperationalError as exc:
            self.stop_listening()
            raise StoreError(f"Verbindung zur Datenbank für Änderungsmeldungen verloren: {exc}".strip()) from None

    def stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.closed:
            listener.close()

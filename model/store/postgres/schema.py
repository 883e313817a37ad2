"""Versioned schema migrations: `migrations/NNNN_name.sql`, applied in order, each in its own
transaction, recorded in `schema_version`. `kontakt db upgrade` applies what is missing; a
store whose schema is older than this kontakt is refused with that advice, one that is newer
(a newer kontakt upgraded it) is refused with the advice to update kontakt.
"""

from __future__ import annotations

import re
from importlib import resources

import psycopg

from ..files import StoreError

_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
# One number for all kontakt processes: two upgrades at once wait for each other.
_UPGRADE_LOCK = 0x6B6F6E74


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, SQL) of every migration shipped, in order."""
    found = []
    for item in resources.files(__package__).joinpath("migrations").iterdir():
        match = _FILE.fullmatch(item.name)
        if match:
            found.append((int(match[1]), match[2], item.read_text(encoding="utf-8")))
    return sorted(found)


def latest() -> int:
    return migrations()[-1][0]


def current_version(conn: psycopg.Connection) -> int | None:
    """The schema version of the database, None when kontakt never set it up."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return None
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def upgrade(conn: psycopg.Connection) -> list[int]:
    """Apply the missing migrations; returns the versions applied (none: up to date)."""
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now())"
        )
        have = current_version(conn) or 0
        if have > latest():
            raise StoreError(_newer(have))
        for version, name, sql in migrations():
            if version <= have:
                continue
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)", (version, name))
            applied.append(version)
    return applied


def check(conn: psycopg.Connection, where: str) -> None:
    """StoreError unless the schema is exactly the one this kontakt knows."""
    have = current_version(conn)
    if have is None:
        raise StoreError(
            f"In der Datenbank {where} ist kein kontakt-Speicher (Tabelle schema_version fehlt). Anlegen mit: kontakt init"
        )
    if have < latest():
        raise StoreError(
            f"Die Datenbank {where} hat Schema-Stand {have}, dieses kontakt braucht {latest()}. "
            "Bitte zuerst `kontakt db upgrade` ausführen (IT)."
        )
    if have > latest():
        raise StoreError(_newer(have))


def _newer(have: int) -> str:
    return f"Die Datenbank hat Schema-Stand {have}, dieses kontakt kennt nur bis {latest()}. Bitte kontakt aktualisieren."

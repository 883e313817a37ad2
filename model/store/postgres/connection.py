"""Opening a PostgreSQL connection for kontakt: JSONB through orjson, German errors, and the
URL shown in messages without its password."""

from __future__ import annotations

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import set_json_dumps, set_json_loads

from ..files import StoreError


def _dumps(value) -> str:
    return orjson.dumps(value).decode()


def shown(url: str) -> str:
    """The URL for messages and `root`: user, host, port and database, never the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://…"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = parts.get("host", "") or ""
    port = f":{parts['port']}" if parts.get("port") else ""
    if host.startswith("/"):
        return f"postgresql://{user}/{parts.get('dbname', '')}?host={host}{port and '&port=' + port[1:]}"
    return f"postgresql://{user}{host}{port}/{parts.get('dbname', '')}"


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection (writes open their own transactions); StoreError in German
    when the server cannot be reached or refuses the login."""
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="kontakt")
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else exc.__class__.__name__
        raise StoreError(f"Datenbank {shown(url)} nicht erreichbar: {reason}") from None
    except psycopg.ProgrammingError as exc:
        raise StoreError(f"Ungültige Datenbank-Adresse {shown(url)}: {exc}") from None
    set_json_loads(orjson.loads, conn)
    set_json_dumps(_dumps, conn)
    return conn

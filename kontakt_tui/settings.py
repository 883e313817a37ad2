"""Where the store is and who the user is: command-line option, else environment, else a
sensible default (the OS login; the demo institute in the user's data folder).

`user` is the Kürzel asked for (--user, else KONTAKT_USER, else the login upper-cased);
`requested` only what was asked for explicitly. Whether that may be used is decided once the
store is read (`model.staff.resolve_identity`: the staff list maps logins to Kürzel)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from model.store.transaction import os_login
from platformdirs import user_data_dir

STORE_ENV = "KONTAKT_STORE"
USER_ENV = "KONTAKT_USER"


@dataclass(frozen=True)
class Settings:
    store: Path | str | None
    """A folder, or a database URL (`postgresql://…`, kept as text)."""
    user: str
    login: str = ""
    """The operating-system login (Windows: DOMAIN\\user)."""
    requested: str | None = None
    """The Kürzel given with --user or KONTAKT_USER, None without."""

    @property
    def demo_store(self) -> Path:
        """The demo institute a newcomer gets when no store is configured."""
        return Path(user_data_dir("kontakt", appauthor=False)) / "demo"


def resolve(store: str | None, user: str | None, environ=os.environ) -> Settings:
    path = store or environ.get(STORE_ENV) or None
    login = os_login(environ)
    requested = (user or environ.get(USER_ENV) or "").strip().upper() or None
    code = requested or login.rsplit("\\", 1)[-1].strip().upper() or "BERATER"
    if path and path.startswith(("postgresql://", "postgres://")):
        return Settings(path, code, login, requested)  # a URL: Path would fold its "//"
    return Settings(Path(path).expanduser() if path else None, code, login, requested)

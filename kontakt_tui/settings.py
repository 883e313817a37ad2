"""Where the store is and who the user is: command-line option, else environment, else a
sensible default (the OS login; the demo institute in the user's data folder)."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

STORE_ENV = "KONTAKT_STORE"
USER_ENV = "KONTAKT_USER"


@dataclass(frozen=True)
class Settings:
    store: Path | None
    user: str

    @property
    def demo_store(self) -> Path:
        """The demo institute a newcomer gets when no store is configured."""
        return Path(user_data_dir("kontakt", appauthor=False)) / "demo"


def resolve(store: str | None, user: str | None, environ=os.environ) -> Settings:
    path = store or environ.get(STORE_ENV) or None
    code = user or environ.get(USER_ENV) or _os_login()
    return Settings(Path(path).expanduser() if path else None, code.strip().upper())


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. in a container without passwd entry)
        return "BERATER"

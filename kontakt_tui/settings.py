"""Where the store is and who the user is: command-line option, else environment, else a
sensible default (the OS login; the demo institute in the user's data folder). Below, the
user's own settings on this PC (the export folder), kept apart from the shared store.

`user` is the Kürzel asked for (--user, else KONTAKT_USER, else the login upper-cased);
`requested` only what was asked for explicitly. Whether that may be used is decided once the
store is read (`model.staff.resolve_identity`: the staff list maps logins to Kürzel)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_documents_dir

from model.store.transaction import os_login

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


# ---- the user's own settings on this PC (not the shared store) ----------------------------

LOCAL_ENV = "KONTAKT_SETTINGS"
"""Path of the local settings file, for tests and unusual set-ups."""


def local_settings_path(environ=os.environ) -> Path:
    """`settings.json` in the user's configuration folder (Windows: %APPDATA%\\kontakt)."""
    given = environ.get(LOCAL_ENV)
    return Path(given).expanduser() if given else Path(user_config_dir("kontakt", appauthor=False)) / "settings.json"


def read_local(environ=os.environ) -> dict:
    """The user's local settings; a missing or unreadable file counts as empty (the
    settings are conveniences, and the next change writes the file anew)."""
    try:
        values = json.loads(local_settings_path(environ).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def write_local(changes: dict, environ=os.environ) -> Path:
    """Merge `changes` into the local settings file (written whole, then renamed)."""
    path = local_settings_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    values = read_local(environ) | changes
    scratch = path.with_name(path.name + ".neu")
    scratch.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(scratch, path)
    return path


def default_export_folder() -> Path:
    """Where exports go until the user chooses: the documents folder."""
    return Path(user_documents_dir())


def export_folder(environ=os.environ) -> Path:
    chosen = read_local(environ).get("export_folder")
    return Path(chosen).expanduser() if isinstance(chosen, str) and chosen.strip() else default_export_folder()


def set_export_folder(folder: Path, environ=os.environ) -> Path:
    """Remember `folder` (created when missing) as the export folder; returns it absolute.
    OSError when it cannot be created or is a file."""
    folder = Path(folder).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    write_local({"export_folder": str(folder)}, environ)
    return folder

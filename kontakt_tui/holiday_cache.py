"""Public-holiday tables kept in the user's cache folder between `kontakt` runs.

Building the first table makes `holidays` import the module of every country it knows
(holidays/countries/__init__.py, some 250 modules): about 0.2 s of a `kontakt log`, which needs
one state's table for a year or two. The tables the library built are kept in `holidays.json`
in the user's cache folder (Linux: ~/.cache/kontakt, Windows: %LOCALAPPDATA%\\kontakt\\Cache;
KONTAKT_CACHE names another), under a key taken from the installed library's version file, so
an update of `holidays` builds them anew.

The file is a copy, never the truth: a table that is missing, unreadable or odd (a date
outside its year, a name with markup or control characters) is asked of the library again and
written anew. Two processes writing at once each replace the whole file (temp file, rename);
the later one wins, and both versions are valid. A cache that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import threading
import zlib
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from platformdirs import user_cache_dir

from model.german import workdays

CACHE_ENV = "KONTAKT_CACHE"
FILE = "holidays.json"
FORMAT = 1
KEEP = 64
"""Tables kept (one per state and year): a few years of one institute's state with room to spare."""
_NAME_LENGTH = 200
"""The library's longest German name has 103 characters (Berlin, 2020 and 2025)."""
_NAME_MARKS = frozenset(" .,;-'()/")
"""Besides letters and digits, what the library's names use (and a few more); markup brackets,
control characters and escape sequences are not in it, since names reach the screen."""


def cache_folder(environ=os.environ) -> Path:
    given = environ.get(CACHE_ENV)
    return Path(given).expanduser() if given else Path(user_cache_dir("kontakt", appauthor=False))


def library_key() -> str | None:
    """What the installed `holidays` is, without importing it: the bytes of its version file.
    None when it cannot be told (then nothing is cached)."""
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or spec.origin is None:
            return None
        raw = (Path(spec.origin).parent / "version.py").read_bytes()
    except (OSError, ImportError, ValueError):
        return None
    return f"{FORMAT}-{zlib.crc32(raw):08x}-{len(raw)}"


def install() -> None:
    """Rules ask for holiday tables through the cache from now on (`kontakt` and the app)."""
    workdays.use_table_source(table)


def table(state: str, year: int) -> Mapping[date, str]:
    """One state's holidays in `year`: from the cache file, else from the library (and kept)."""
    key = library_key()
    if key is None:
        return workdays.library_table(state, year)
    path = cache_folder() / FILE
    tables = _read(path, key)
    name = f"{state}-{year}"
    found = _valid(tables.get(name), year)
    if found is not None:
        return found
    fresh = workdays.library_table(state, year)
    tables.pop(name, None)
    tables[name] = {day.isoformat(): label for day, label in sorted(fresh.items())}
    _write(path, key, dict(list(tables.items())[-KEEP:]))
    return fresh


def _read(path: Path, key: str) -> dict:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("key") != key or not isinstance(doc.get("tables"), dict):
        return {}
    return doc["tables"]


def _valid(entries: object, year: int) -> dict[date, str] | None:
    if not isinstance(entries, dict) or not entries:
        return None  # every state has holidays every year: an empty table is no answer
    found = {}
    for text, label in entries.items():
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            return None
        if day.year != year or not _plain_name(label):
            return None
        found[day] = label
    return found


def _plain_name(label: object) -> bool:
    return isinstance(label, str) and 0 < len(label) <= _NAME_LENGTH and all(ch.isalnum() or ch in _NAME_MARKS for ch in label)


def _write(path: Path, key: str, tables: dict) -> None:
    # one scratch file per process and thread: the app may build tables in two workers at once
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps({"key": key, "tables": tables}, ensure_ascii=False), encoding="utf-8")
        os.replace(scratch, path)
    except OSError:
        # Read-only home, a full disk, Windows holding the file open: the next run asks the
        # library again, nothing is lost.
        with contextlib.suppress(OSError):
            scratch.unlink(missing_ok=True)

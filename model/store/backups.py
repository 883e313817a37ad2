"""Rotated copies of every data file in `<store>/backups/<file>/`.

Every write of a data file — master files (configuration, advisors, a groups shard) in
`backups/config/`, `backups/groups-05/` …, an advisor's contacts of a year in
`backups/contacts-2026-MKR/`, a shared collection in `backups/shared-call-parties/` — leaves
a copy of the new state: `r00000042.json` for revision 42 — the last 20 are kept — and `tag-JJJJ-MM-TT.json`
for the first state written on a day — kept for 30 days. The writer prunes while it still
holds the file's lock, so two PCs never prune the same folder at once.

The day of a copy is the *file server's* calendar day: the mtime of the revision copy just
written, which the server stamps. It names the daily copy and decides which daily copies are
old enough to drop, so a PC whose clock is 45 days fast cannot prune the others' copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .files import (
    StoreError,
    StoreFileError,
    is_temp_file,
    meta,
    read_document,
    write_document,
)

BACKUP_DIR = "backups"
KEEP_REVISIONS = 20
KEEP_DAYS = 30
MASTER_STEMS = ("config", "organisation", "erased")


def is_master(root: Path, path: Path) -> bool:
    return path.parent == root / "master" and (path.stem in MASTER_STEMS or path.stem.startswith("groups-"))


def is_backed_up(root: Path, path: Path) -> bool:
    """Master files, contacts files and shared collections: every kind of data file."""
    if is_master(root, path):
        return True
    if path.parent == root / "shared":
        return True
    return path.parent.parent == root / "contacts"


def backup_folder(root: Path, path: Path) -> Path:
    if path.parent == root / "shared":
        return root / BACKUP_DIR / f"shared-{path.stem}"
    if path.parent.parent == root / "contacts":
        # One advisor has a file per year: the year belongs in the name.
        return root / BACKUP_DIR / f"contacts-{path.parent.name}-{path.stem}"
    return root / BACKUP_DIR / path.stem


def write_backup(root: Path, path: Path, data: dict) -> None:
    """Copy the just-written state of master file `path` and prune old copies."""
    folder = backup_folder(root, path)
    copy = folder / f"r{int(meta(data).get('revision', 0)):08d}.json"
    write_document(copy, data)
    today = date.fromtimestamp(copy.stat().st_mtime)  # the server's day, never this PC's
    daily = folder / f"tag-{today.isoformat()}.json"
    if not daily.exists():
        write_document(daily, data)
    prune(folder, today)


def prune(folder: Path, today: date) -> None:
    revisions = sorted(p for p in folder.glob("r*.json") if not is_temp_file(p))
    for old in revisions[:-KEEP_REVISIONS]:
        old.unlink(missing_ok=True)
    oldest = (today - timedelta(days=KEEP_DAYS - 1)).isoformat()
    for daily in folder.glob("tag-*.json"):
        if daily.stem.removeprefix("tag-") < oldest:
            daily.unlink(missing_ok=True)


@dataclass(frozen=True)
class Backup:
    file: str  # the master file's stem, e.g. "groups-05"
    name: str  # the copy's file name, e.g. "r00000042.json"
    path: Path
    revision: int | None  # None when the copy itself is unreadable
    size: int


def list_backups(root: Path, stem: str | None = None) -> list[Backup]:
    """Every copy (of one master file with `stem`), newest revision first per file."""
    found = []
    base = root / BACKUP_DIR
    folders = [base / stem] if stem else sorted(p for p in base.glob("*") if p.is_dir())
    for folder in folders:
        for path in folder.glob("*.json"):
            if is_temp_file(path):
                continue
            try:
                revision = int(meta(read_document(path)).get("revision", 0))
            except StoreFileError:
                revision = None
            found.append(Backup(folder.name, path.name, path, revision, path.stat().st_size))
    found.sort(key=lambda b: (b.file, -(b.revision or -1), b.name))
    return found


def choose_backup(root: Path, path: Path, name: str | None = None) -> Backup:
    """The named copy, else the readable copy with the highest revision."""
    backups = list_backups(root, backup_folder(root, path).name)
    if name is not None:
        for b in backups:
            if b.name == name:
                if b.revision is None:
                    raise StoreError(f"Sicherung {b.path} ist selbst nicht lesbar.")
                return b
        raise StoreError(f"Keine Sicherung {name!r} für {path.name}. Vorhanden: {', '.join(b.name for b in backups) or 'keine'}")
    readable = [b for b in backups if b.revision is not None]
    if not readable:
        raise StoreError(f"Für {path.name} gibt es keine lesbare Sicherung in {backup_folder(root, path)}.")
    return readable[0]

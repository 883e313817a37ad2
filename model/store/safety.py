"""What keeps nothing lost on the shared drive, as a mixin of `Store`: merging saves, the
audit trail and backups hooked into every write, clean-up of unfinished writes, restores.

Failures of the audit or backup write *after* a change was committed do not undo or fail the
save (the user would retry and save twice); they are kept in `warnings` for the UI to show.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..entities import Group
from . import audit, backups, journal
from .files import (
    StoreError,
    StoreFileError,
    is_temp_file,
    meta,
    read_document,
    server_now,
    signature,
    write_bytes_atomic,
    write_document,
)
from .index_hooks import IndexHooksMixin, WriteState
from .merge import MergeResult, merge_group
from .transaction import lock_path, locked, transaction

QUARANTINE_DIR = "quarantine"


class _Collided(Exception):
    def __init__(self, result: MergeResult):
        self.result = result


class SafetyMixin(IndexHooksMixin):
    root: Path
    on_problem: Callable[[str], None] | None
    user: str

    def _init_safety(self) -> None:
        self.warnings: list[str] = []
        # Files found bad by a tolerant load: path → (signature, German message).
        self._bad: dict[Path, tuple[object, str]] = {}

    # ---- read-only state after a tolerant load ------------------------------------------------

    @property
    def problems(self) -> list[str]:
        """German messages about files a tolerant `load` could not read."""
        return [message for _, message in self._bad.values()]

    @property
    def read_only(self) -> bool:
        return bool(self._bad)

    def _found_bad(self, path: Path, exc: StoreFileError) -> None:
        """A tolerant load could not read `path`: named once (`problems`, `on_problem`), and
        read again only once it changed (`_still_bad`)."""
        self._bad[path] = (signature(path), str(exc))
        if self.on_problem is not None:
            self.on_problem(str(exc))

    def _still_bad(self, path: Path, sig: object = None) -> bool:
        """Whether `path` was found bad and is unchanged since (`sig` its signature when
        known; stat'ed only for a file found bad)."""
        held = self._bad.get(path)
        return held is not None and held[0] == (sig if sig is not None else signature(path))

    # ---- transactions with backups and audit ----------------------------------------------

    @contextmanager
    def _transaction(self, path: Path, kind: str):
        rel = path.relative_to(self.root).as_posix()
        state = WriteState(path, rel, kind)
        backed = backups.is_backed_up(self.root, path)

        def on_written(data: dict) -> None:
            if backed:
                self._backup(path, data)
            self._index_written(state, data)

        lock = lock_path(self.root / "locks", rel)
        try:
            with transaction(
                path,
                kind,
                lock,
                user=self.user,
                on_written=on_written,
                on_read=lambda doc: self._index_read(state, doc),
                before_write=lambda data: self._index_pending(state),
                journal=journal.Recorder(self.root, path, "id") if kind == "groups" else None,
            ) as db:
                yield db
        finally:
            self._index_abandoned(state)

    def _backup(self, path: Path, data: dict) -> None:
        try:
            backups.write_backup(self.root, path, data)
        except (OSError, StoreError) as exc:
            self.warnings.append(f"Sicherungskopie von {path} nicht geschrieben ({exc}); die Änderung ist gespeichert.")

    def _entry(self, kind, action, record_id, group, before, after, path: Path | None = None) -> dict:
        file = path.relative_to(self.root).as_posix() if path is not None else ""
        return audit.entry(self.user, kind, action, record_id, group, before, after, file)

    def _audit(self, entries: list[dict]) -> None:
        if not entries:
            return
        try:
            audit.append(self.root, self.user, entries)
        except (OSError, StoreError) as exc:
            self.warnings.append(f"Protokolleintrag nicht geschrieben ({exc}); die Änderung ist gespeichert.")

    def audit_for(self, group_id: str) -> list[dict]:
        """The history of changes of one group (its record, its contacts), oldest first:
        dicts with at, user, host, kind, action, before, after."""
        return audit.entries_for_group(self.root, group_id)

    # ---- merging saves ------------------------------------------------------------------

    def save_group_merged(self, base: Group, mine: Group) -> MergeResult:
        """Save the edit base→mine over whatever is stored now, under the shard's lock.

        Changes that do not collide with a colleague's save since `base` are merged and
        written; if the same field was changed on both sides nothing is written and the
        result lists the conflicts (with the merge proposal and the stored record as the
        new base), for the user to choose and save again."""
        try:
            saved = self.update_group(base.id, lambda current: self._merged(base, mine, current))
        except _Collided as collided:
            return collided.result
        return MergeResult(saved, (), True, None)

    @staticmethod
    def _merged(base: Group, mine: Group, current: Group | None) -> Group:
        if current is None:
            raise StoreError(f"Verbund {base.number} wurde inzwischen gelöscht; nichts wurde gespeichert.")
        merged, conflicts = merge_group(base, mine, current)
        if conflicts:
            # Raised inside the transaction, so nothing is written.
            raise _Collided(MergeResult(merged, tuple(conflicts), False, current))
        return merged

    # ---- unfinished writes ---------------------------------------------------------------

    def temp_files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob(".*.tmp") if p.is_file() and is_temp_file(p))

    def cleanup_temp_files(self, min_age_seconds: float = 3600.0) -> list[Path]:
        """Remove unfinished writes older than `min_age_seconds`. Age is the file server's
        mtime of the temp file against the mtime of a probe this PC just wrote in the same
        folder — never this PC's clock against the server's. A writer between its temp write
        and its replace is far younger than any sensible minimum age."""
        removed = []
        now_by_folder: dict[Path, float] = {}
        for temp in self.temp_files():
            folder = temp.parent
            if folder not in now_by_folder:
                now_by_folder[folder] = server_now(folder)
            try:
                age = now_by_folder[folder] - temp.stat().st_mtime
                if age >= min_age_seconds:
                    temp.unlink()
                    removed.append(temp)
            except FileNotFoundError:
                continue  # its writer just finished, or a colleague cleaned up
        return removed

    # ---- restoring from a backup ------------------------------------------------------------

    def resolve_file(self, name: str | Path) -> Path:
        path = Path(name)
        path = path if path.is_absolute() else self.root / path
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise StoreError(f"{name} liegt nicht im Speicher {self.root}.")
        return path

    def restore(self, path: Path, backup_name: str | None = None) -> tuple[Path | None, backups.Backup]:
        """Put a backup in place of master file `path` (corrupt or not): the current file is
        first copied to `quarantine/`; the restored file gets a revision above every one
        seen, so readers and paused writers notice it. Returns (quarantine copy, backup)."""
        if not backups.is_backed_up(self.root, path):
            raise StoreError(f"Für {path} gibt es keine Sicherungen (gesichert werden master/, contacts/ und shared/).")
        chosen = backups.choose_backup(self.root, path, backup_name)
        lock = lock_path(self.root / "locks", path.relative_to(self.root).as_posix())
        with locked(lock, user=self.user):
            quarantined = None
            revisions = [b.revision or 0 for b in backups.list_backups(self.root, backups.backup_folder(self.root, path).name)]
            if path.exists():
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                quarantined = self.root / QUARANTINE_DIR / f"{path.name}.{stamp}-{secrets.token_hex(3)}"
                write_bytes_atomic(quarantined, path.read_bytes())
                try:
                    revisions.append(int(meta(read_document(path)).get("revision", 0)))
                except StoreFileError:
                    pass
            data = read_document(chosen.path)
            meta(data)["revision"] = max(revisions, default=0) + 1
            write_document(path, data)
            self._backup(path, data)
        self._after_replace_by_hand(path, int(meta(data)["revision"]))
        self._bad.pop(path, None)
        self._audit([self._entry("file", "restore", path.name, None, None, {"backup": chosen.name}, path)])
        return quarantined, chosen

    # ---- accepting a hand-edited file ---------------------------------------------------------

    def accept(self, path: Path) -> str:
        """Give a file without (or with a wrong) checksum a new one, after an administrator
        checked the hand edit; its records must still pass every check. Audited with the
        reason the file was refused. Returns that reason."""
        lock = lock_path(self.root / "locks", path.relative_to(self.root).as_posix())
        with locked(lock, user=self.user):
            try:
                read_document(path)
            except StoreFileError as exc:
                reason = exc.problem
            else:
                raise StoreError(f"Datei {path} ist in Ordnung (Prüfsumme stimmt); nichts anzunehmen.")
            doc = read_document(path, checksum=False)  # JSON or record problems are not accepted
            meta(doc)["revision"] = int(meta(doc).get("revision", 0)) + 1
            write_document(path, doc)
            if backups.is_backed_up(self.root, path):
                self._backup(path, doc)
        self._after_replace_by_hand(path, int(meta(doc)["revision"]))
        self._bad.pop(path, None)
        self._audit(
            [self._entry("file", "accept", path.name, None, {"problem": reason}, {"revision": meta(doc)["revision"]}, path)]
        )
        return reason

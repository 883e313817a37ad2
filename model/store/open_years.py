"""The working day's picture without closed years: `Store.load(since=…)`, a mixin of `Store`.

With `since` (archive.first_open_year of the day), the whole picture reads the contacts files
of the years from `since` on and, for the years before, only what decides due dates and
activity: the status index's entries (status.py), as a status picture holds them. Every rule
of a working day then answers as on the whole history; a card reads its group's older
history on demand (`closed_history`, archive.py). The picture says so: its `history_from` is
1 January of `since`.

Falls back to reading every year when the status index cannot be trusted (no manifest, never
indexed, a shard unreadable, a stale group). A contacts file of a closed year with a pending
token (a write under way, or a crashed writer's) is read whole, as the status picture reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..entities import Contact, Group
from . import archive, status


class OpenYearsMixin:
    root: Path
    _since: int | None = None
    _tolerant_now = False
    _closed_news = False
    """A contacts file of a closed year changed (the manifest said so): its status entries may have."""

    def _open_since(self, since: int | None) -> int | None:
        """`since` when the status index can stand in for the years before it, else None."""
        found = getattr(self, "_manifest_seen", None)
        if since is None or found is None or not found["indexed"]:
            return None
        indexed = status.read_older(self, f"{since:04d}-01-01")
        if indexed is None or indexed[1]:
            return None
        return since

    def picture_files(self) -> list[Path]:
        """The files the whole picture reads: every data file, less closed years' contacts
        files without a pending token."""
        found = self.files()
        if self._since is None:
            return found
        return [p for p in found if not self._left_out(p)]

    def _left_out(self, path: Path) -> bool:
        """A closed year's contacts file the picture does not read (no pending token)."""
        if not self._is_closed(path):
            return False
        pending = (getattr(self, "_manifest_seen", None) or {}).get("pending", {}).values()
        return path.relative_to(self.root).as_posix() not in pending

    def _is_closed(self, path: Path) -> bool:
        year = path.parent.name
        return self._since is not None and self._is_contacts(path) and year.isdigit() and int(year) < self._since

    def _with_closed_status(self, groups: dict[str, Group], contacts: dict[str, list[Contact]]) -> bool:
        """Add to `contacts` the status entries dated before `since` (in place), under the
        group a merged-away group went into. False (and `since` is dropped) when the index
        cannot stand in any more: the caller reads the closed years."""
        if self._since is None:
            return True
        indexed = status.read_older(self, f"{self._since:04d}-01-01")
        if indexed is None or indexed[1] & groups.keys():
            self._since = None
            return False
        merged_into = {m.id: g.id for g in groups.values() for m in g.merged if m.id not in groups}
        for raw, old in indexed[0].items():
            target = merged_into.get(raw, raw)
            have = contacts.get(target)
            known = {c.id for c in have} if have else set()
            fresh = [c for c in old if c.id not in known]
            if fresh:
                contacts[target] = [*(have or ()), *fresh]
        return True

    def closed_history(self, group_ids: Iterable[str], before: int) -> list[Contact]:
        """The contacts of `group_ids` (stored ids: add those merged into a group) dated in the
        years before `before`, from the archive (archive.py)."""
        return archive.closed_history(self, group_ids, before)

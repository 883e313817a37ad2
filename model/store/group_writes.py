"""What both backends check and stamp when a group is written: a colleague's save in between
(`_check_base`), the numbers to check against erased groups (`_new_numbers`), the save order of
new castings (`_sequenced`). The folder store (store.py) and PostgreSQL (postgres/store.py)
call these, so a group write means the same on both."""

from __future__ import annotations

from collections.abc import Mapping

from ..entities import Group
from .files import ConflictError, StoreError


def _check_base(group_id: str, current: Group | None, base_revision: int | None, create: bool) -> None:
    """StoreError for a group that is gone (unless it is being created), ConflictError when
    a colleague saved it after the revision the caller's edit began from."""
    if current is None and not create:
        raise StoreError(f"Verbund {group_id} gibt es nicht (mehr).")
    if base_revision is not None and current is not None and current.revision != base_revision:
        raise ConflictError(
            f"Verbund {current.number} wurde inzwischen von anderer Seite geändert "
            f"(Stand {current.revision}, Ihre Bearbeitung beruht auf Stand {base_revision}). "
            "Nichts wurde überschrieben."
        )


def _new_numbers(old: Group | dict | None, new: Group) -> list[str]:
    """The Verbund-Nr to check against erased groups: a new group's, or a changed one."""
    before = old.get("number") if isinstance(old, dict) else (old.number if old else None)
    return [] if before == new.number else [new.number]


def _sequenced(record: dict, revision: int, old: Mapping | None) -> dict:
    """Castings stored for the first time get the group's new revision as their save order
    (castings stored before seq existed keep none)."""
    known = {c.get("id") for c in (old or {}).get("castings") or []}
    castings = record.get("castings") or []
    if any(c.get("id") not in known and not c.get("seq") for c in castings):
        fresh = [c | {"seq": revision} if c.get("id") not in known and not c.get("seq") else c for c in castings]
        record = record | {"castings": fresh}
    return record

"""Tombstones of erased groups: `master/erased.json`.

A DSGVO erasure (`privacy.erase_group`) writes the group's tombstone FIRST — its id, its
Verbund-Nr, who started the erasure, when and from which PC — and marks it done at the end.
The tombstone holds no personal data. It does two jobs:

- An interrupted erasure can be finished: the re-run finds the group by its number here even
  when the group record is already gone, and repeats every (idempotent) step.
- Nothing re-creates the erased data: a colleague's dialog opened before the erasure, a
  contact logged for the group, a call-party outcome or an import of the number is refused
  with a German message. The writers check under the lock of the file they change, and the
  erasure removes data under that same lock after writing the tombstone, so a write either
  came before the removal (and is removed) or sees the tombstone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import orjson

from .files import StoreError, read_document, signature
from .transaction import host_name

ERASED_FILE = "erased.json"
KIND = "erased"


class ErasedError(StoreError):
    """A write would re-create data of an erased group."""


def erased_path(root: Path) -> Path:
    return root / "master" / ERASED_FILE


def tombstones(root: Path) -> dict[str, dict]:
    """Group id → tombstone, read fresh (a small file); none when nothing was ever erased."""
    path = erased_path(root)
    if signature(path) is None:
        return {}
    return {t["group"]: t for t in read_document(path, KIND).get("erased", {}).values()}


def new_tombstone(group_id: str, number: str, user: str) -> dict:
    return {
        "group": group_id,
        "number": number,
        "by": user,
        "host": host_name(),
        "at": datetime.now().isoformat(timespec="seconds"),
        "done": None,
    }


def _describe(t: dict) -> str:
    when = str(t.get("at", "")).replace("T", " ")
    return f"Verbund {t.get('number')} wurde am {when} von {t.get('by')} gelöscht (DSGVO, Art. 17)"


def refuse(root: Path, ids=(), numbers=()) -> None:
    """Raise ErasedError if a group id or Verbund-Nr belongs to an erased group."""
    refuse_in(tombstones(root), ids, numbers)


def refuse_in(stones: dict[str, dict], ids=(), numbers=()) -> None:
    """`refuse` against tombstones already read (the database backend reads its own)."""
    if not stones:
        return
    for group_id in ids:
        if group_id in stones:
            raise ErasedError(
                f"{_describe(stones[group_id])}; seine Daten werden nicht wieder angelegt. Nichts wurde gespeichert."
            )
    by_number = {t.get("number"): t for t in stones.values()}
    for number in numbers:
        if number in by_number:
            raise ErasedError(f"{_describe(by_number[number])}; die Nummer wird nicht wieder angelegt. Nichts wurde gespeichert.")


def refuse_new_mentions(root: Path, before, after) -> None:
    """For shared collections: refuse a change that adds a mention of an erased group (a
    stale call-party dialog recording an outcome for it); a colleague's unrelated change while
    the erasure runs, with the not yet removed entries unchanged, passes."""
    refuse_new_mentions_in(tombstones(root), before, after)


def refuse_new_mentions_in(stones: dict[str, dict], before, after) -> None:
    """`refuse_new_mentions` against tombstones already read."""
    if not stones:
        return
    old, new = orjson.dumps(before), orjson.dumps(after)
    for group_id, t in stones.items():
        key = group_id.encode()
        if new.count(key) > old.count(key):
            raise ErasedError(f"{_describe(t)}; seine Daten werden nicht wieder angelegt. Nichts wurde gespeichert.")

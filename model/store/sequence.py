"""The store's save sequence: which contact was saved later, whatever the PCs' clocks say.

`master/sequence.json` holds the last number handed out, `{"last": 4711}`. A writer takes the
counter's lease lock, reads it, writes `last + n` atomically and stamps its n new contacts with
the numbers in between — all while it already holds its contacts file's lock, so the order of
the numbers is the order in which the saves happened on the share. No clock takes part: a PC
whose clock is hours slow still gets a higher number than a save acknowledged before it began
(docs/rules.md, rule 4).

The counter lock is always the innermost lock (nobody waits for another lock while holding
it), so it cannot deadlock with the file locks. A gap (a save that took numbers and then
failed) is harmless: only the order counts. A missing or unreadable counter file is rebuilt
from the highest number found in the contacts files, so numbers never go backwards after a
restore or a hand deletion.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .files import ConflictError, StoreError, write_bytes_atomic
from .transaction import lock_path, locked

SEQUENCE_FILE = "master/sequence.json"


def sequence_path(root: Path) -> Path:
    return root / SEQUENCE_FILE


def read_last(root: Path) -> int | None:
    """The counter's value, or None when the file is missing or unreadable."""
    try:
        value = orjson.loads(sequence_path(root).read_bytes()).get("last")
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return None
    return value if type(value) is int and value >= 0 else None


def highest_in_contacts(root: Path) -> int:
    """The highest save sequence stored in any contacts file (readable ones)."""
    highest = 0
    for path in (root / "contacts").glob("*/*.json"):
        if path.name.startswith("."):
            continue
        try:
            doc = orjson.loads(path.read_bytes())
            records = doc.get("contacts", {}).values()
        except (OSError, orjson.JSONDecodeError, AttributeError):
            continue
        for record in records:
            seq = record.get("seq") if isinstance(record, dict) else None
            if type(seq) is int and seq > highest:
                highest = seq
    return highest


def take(root: Path, count: int, user: str = "") -> int:
    """Reserve `count` numbers; returns the first. Raises StoreError (German) when the
    counter cannot be locked or written — the caller then saves nothing."""
    if count <= 0:
        return 0
    path = sequence_path(root)
    with locked(lock_path(root / "locks", SEQUENCE_FILE), user=user) as lease:
        last = read_last(root)
        if last is None:
            last = highest_in_contacts(root)

        def fence() -> None:
            if lease.compromise is not None or not lease.still_ours():
                raise ConflictError(f"Die Sperre von {path} ist abgelaufen; nichts wurde gespeichert. Bitte erneut speichern.")

        try:
            write_bytes_atomic(path, orjson.dumps({"last": last + count}), before_replace=fence)
        except OSError as exc:
            raise StoreError(
                f"Datei {path} (Speicherfolge) konnte nicht geschrieben werden ({exc.strerror or exc}); nichts wurde gespeichert."
            ) from exc
    return last + 1


def stamp(root: Path, records: list[dict], user: str = "") -> list[dict]:
    """`records` (contacts as JSON) with a save sequence each; ones that carry one keep it."""
    missing = [r for r in records if not r.get("seq")]
    first = take(root, len(missing), user)
    numbers = iter(range(first, first + len(missing)))
    return [r if r.get("seq") else r | {"seq": next(numbers)} for r in records]

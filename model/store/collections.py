"""Small collections several PCs share (call-party sessions, surveys …): `shared/NAME.json`.

A mixin of `Store`: records are read fresh on every call and changed under the
collection's lock; every change is written to the audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from . import erased
from .files import StoreError, read_document, signature

COLLECTION_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")


class CollectionsMixin:
    root: Path

    def collection_path(self, name: str) -> Path:
        if not COLLECTION_NAME.fullmatch(name):
            raise StoreError(f"Ungültiger Sammlungsname {name!r} (erlaubt: a–z, 0–9, -)")
        return self.root / "shared" / f"{name}.json"

    def collection_names(self) -> list[str]:
        return sorted(p.stem for p in (self.root / "shared").glob("*.json") if not p.name.startswith("."))

    def read_collection(self, name: str) -> list[dict]:
        """The records of a small shared collection (call-party sessions, surveys …), read
        fresh; an absent collection is empty."""
        path = self.collection_path(name)
        if signature(path) is None:
            return []
        return list(read_document(path, "collection").get("records", {}).values())

    def collection_signature(self, name: str) -> tuple[int, int, int] | None:
        """Compared for equality by pollers to see a colleague's change cheaply."""
        return signature(self.collection_path(name))

    def update_collection(self, name: str, change: Callable[[list[dict]], list[dict]]) -> list[dict]:
        """Apply `change` to the freshly read records under the collection's lock and write
        the result atomically; returns what was written."""
        path = self.collection_path(name)
        with self._transaction(path, "collection") as db:
            table = db.table("records")
            before = [dict(doc) for doc in table.all()]
            after = change([dict(r) for r in before])
            erased.refuse_new_mentions(self.root, before, after)
            if after != before:
                table.truncate()
                table.insert_multiple(after)
        if after != before:
            self._audit([self._entry("collection", "update", name, None, before, after, path)])
        return after

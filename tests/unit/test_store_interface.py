"""The store interface names what the app and the CLI use: every `store.NAME` outside
model/store is in `StoreBackend` or declared folder-only, and the folder store satisfies it."""

import re
from pathlib import Path

from model.store import Store
from model.store.interface import FILE_ONLY, Listening, StoreBackend

ROOT = Path(__file__).resolve().parents[2]
USE = re.compile(r"\bstore\.([a-z_]+)\b")


def _members() -> set[str]:
    names = set(StoreBackend.__annotations__)
    names |= {n for n in vars(StoreBackend) if not n.startswith("__")}
    names |= {n for n in vars(Listening) if not n.startswith("_")}  # the optional capability
    return names


def test_the_folder_store_satisfies_the_interface(tmp_path):
    store = Store.create(tmp_path / "s", "ADM")
    assert isinstance(store, StoreBackend)


def test_only_the_database_tells_of_changes(tmp_path, postgres_url):
    from model.store.interface import create_backend

    assert not isinstance(Store.create(tmp_path / "s", "ADM"), Listening)
    database = create_backend(postgres_url, "ADM")
    assert isinstance(database, Listening) and isinstance(database, StoreBackend)
    database.close()


def test_every_store_operation_used_outside_the_store_is_named():
    used: dict[str, str] = {}
    for folder in ("kontakt_tui", "screens", "model"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.is_relative_to(ROOT / "model" / "store"):
                continue
            for name in USE.findall(path.read_text(encoding="utf-8")):
                used.setdefault(name, str(path.relative_to(ROOT)))
    unnamed = {n: where for n, where in used.items() if n not in _members() and n not in FILE_ONLY}
    # Package imports (`from model.store.bulk import …`) read like attribute uses.
    package = ROOT / "model" / "store"
    unnamed = {n: w for n, w in unnamed.items() if not ((package / f"{n}.py").exists() or (package / n).is_dir())}
    assert unnamed == {}, f"not in StoreBackend nor FILE_ONLY: {unnamed}"


def test_the_interface_is_not_padded():
    # Every name in the interface is used by the app or the CLI or a store helper they call.
    for name in ("load", "refresh", "save_group_merged", "update_collection", "audit_for", "log_contact"):
        assert name in _members()

"""Imports are all or nothing, also when a lock or the disk fails (issue 11, item 3): a lock
held by another process on one shard, a full disk or a file another program holds open on one
shard — nothing changes anywhere, and the German message says so."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.entities import Advisor
from model.exchange.imports import import_contacts, import_groups
from model.store import Store, StoreError
from model.store import files as files_mod
from model.store import transaction as transaction_mod
from model.store.transaction import lock_path
from tests.unit.test_importing import AS_OF, CONTACT_HEADER, GROUP_HEADER, csv_file

PROJECT = Path(__file__).resolve().parents[2]
COUNT = 64


def _groups_csv(name: str, lead: str = "MKR") -> str:
    rows = [f"{20000 + i};{name} {i};Firmenkunden;{lead};{20000 + i}-1;Kunde {i}" for i in range(COUNT)]
    return "\n".join([GROUP_HEADER, *rows]) + "\n"


@pytest.fixture
def filled(tmp_path) -> Store:
    store = Store.create(tmp_path / "s", "ADM")
    store.save_advisors([Advisor("MKR", "Martina Kraus")])
    import_groups(store, csv_file(tmp_path, _groups_csv("Alt"), name="alt.csv"), AS_OF)
    return store


def _master_bytes(store: Store) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((store.root / "master").glob("*.json"))}


def _busy_shard(store: Store) -> Path:
    """A shard that holds some of the groups (the import must touch it)."""
    picture = store.load()
    return store.shard_path(store.shard_of(sorted(picture.groups)[len(picture.groups) // 2]))


HOLDER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
from model.store.transaction import locked
with locked(Path({lock!r}), user="VKS"):
    Path({ready!r}).write_text("")
    time.sleep({seconds})
"""


def _hold_lock(store: Store, path: Path, tmp_path: Path, seconds: float) -> subprocess.Popen:
    lock = lock_path(store.root / "locks", path.relative_to(store.root).as_posix())
    ready = tmp_path / "held"
    code = HOLDER.format(project=str(PROJECT), lock=str(lock), ready=str(ready), seconds=seconds)
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 20
    while not ready.exists():
        assert time.monotonic() < deadline and proc.poll() is None, "lock holder did not start"
        time.sleep(0.02)
    return proc


def _import_blocked_by_a_lock(filled: Store, tmp_path: Path, hold_seconds: float) -> None:
    before = _master_bytes(filled)
    holder = _hold_lock(filled, _busy_shard(filled), tmp_path, hold_seconds)
    try:
        with pytest.raises(StoreError) as caught:
            import_groups(filled, csv_file(tmp_path, _groups_csv("Neu", lead="NEU"), name="neu.csv"), AS_OF)
    finally:
        holder.kill()
        holder.wait()
    message = str(caught.value)
    assert message.startswith("Import abgebrochen:"), message
    assert "gesperrt von VKS" in message and "nichts wurde geändert" in message, message
    after = _master_bytes(filled)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], f"{len(changed)} Dateien geändert: {changed}"
    picture = Store.open(filled.root, "ADM").load()
    assert {g.name.split()[0] for g in picture.groups.values()} == {"Alt"}
    assert "NEU" not in picture.advisors


def test_an_import_blocked_by_one_lock_changes_nothing(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LOCK_TIMEOUT", 1.0)
    _import_blocked_by_a_lock(filled, tmp_path, hold_seconds=30)


@pytest.mark.slow
def test_an_import_blocked_by_one_lock_changes_nothing_with_the_shipped_wait(filled, tmp_path):
    assert transaction_mod.LOCK_TIMEOUT == 20.0
    _import_blocked_by_a_lock(filled, tmp_path, hold_seconds=transaction_mod.LOCK_TIMEOUT + 10)


def _fail_writes_of(monkeypatch, target: Path, exc: OSError) -> None:
    """Every attempt to create a temp file next to `target` for it fails with `exc`."""
    real_open = open

    def failing_open(file, mode="r", *args, **kwargs):
        name = Path(file).name if isinstance(file, (str, os.PathLike)) else ""
        if "x" in mode and name.startswith(f".{target.name}."):
            raise exc
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)


def _fail_replace_of(monkeypatch, target: Path) -> None:
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise PermissionError(errno.EACCES, "Zugriff verweigert", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)


def _assert_untouched_after_failure(filled: Store, tmp_path: Path) -> str:
    before = _master_bytes(filled)
    with pytest.raises(StoreError) as caught:
        import_groups(filled, csv_file(tmp_path, _groups_csv("Neu", lead="NEU"), name="neu.csv"), AS_OF)
    message = str(caught.value)
    assert message.startswith("Import abgebrochen:") and "nichts wurde geändert" in message, message
    after = _master_bytes(filled)
    assert [n for n in before if before[n] != after[n]] == []
    assert not filled.temp_files()
    return message


def test_a_full_disk_on_one_shard_changes_nothing(filled, tmp_path, monkeypatch):
    shard = _busy_shard(filled)
    _fail_writes_of(monkeypatch, shard, OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar"))
    message = _assert_untouched_after_failure(filled, tmp_path)
    assert shard.name in message


def test_a_shard_held_open_by_another_program_changes_nothing(filled, tmp_path, monkeypatch):
    # A later shard than others in the import: those are replaced first and must be put back.
    picture = filled.load()
    shards = sorted({filled.shard_of(g) for g in picture.groups})
    target = filled.shard_path(shards[-1])
    monkeypatch.setattr(files_mod, "REPLACE_RETRY_DELAYS", (0.01, 0.01))
    _fail_replace_of(monkeypatch, target)
    message = _assert_untouched_after_failure(filled, tmp_path)
    assert target.name in message


@pytest.mark.slow
def test_a_shard_held_open_changes_nothing_with_the_shipped_retries(filled, tmp_path, monkeypatch):
    picture = filled.load()
    target = filled.shard_path(max(filled.shard_of(g) for g in picture.groups))
    _fail_replace_of(monkeypatch, target)
    _assert_untouched_after_failure(filled, tmp_path)


def test_a_contacts_import_blocked_on_one_advisors_file_adds_nothing(filled, tmp_path, monkeypatch):
    filled.save_advisors([Advisor("VKS", "Vera Kessler", department="Versicherung")])
    rows = [f"{20000 + i};15.01.2026;{'MKR' if i % 2 else 'VKS'};;Telefon;;Gespräch geführt;;" for i in range(10)]
    csv = csv_file(tmp_path, "\n".join([CONTACT_HEADER, *rows]) + "\n", name="k.csv")
    monkeypatch.setattr(transaction_mod, "LOCK_TIMEOUT", 1.0)
    holder = _hold_lock(filled, filled.contacts_path(2026, "VKS"), tmp_path, 30)
    try:
        with pytest.raises(StoreError, match="nichts wurde geändert"):
            import_contacts(filled, csv)
    finally:
        holder.kill()
        holder.wait()
    assert Store.open(filled.root, "ADM").load().contact_count == 0


def test_cli_says_in_german_that_nothing_changed(filled, tmp_path, monkeypatch, capsys):
    from kontakt_tui.cli.parser import main

    monkeypatch.setattr(transaction_mod, "LOCK_TIMEOUT", 1.0)
    holder = _hold_lock(filled, _busy_shard(filled), tmp_path, 30)
    try:
        code = main(
            [
                "--store",
                str(filled.root),
                "--user",
                "ADM",
                "import",
                "groups",
                str(csv_file(tmp_path, _groups_csv("Neu"), name="n.csv")),
            ]
        )
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert code == 2
    assert "Import abgebrochen" in err and "gesperrt von VKS" in err and "nichts wurde geändert" in err
    assert "Traceback" not in err

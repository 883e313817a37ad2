"""The folder store's closed years (model/store/archive.py, open_years.py): what the working
day's picture does not read, how a card's older history is kept as a copy by group shard,
and that the copy is never trusted beyond its sources (a late write, a crashed writer's
token, an erasure, a restore)."""

from __future__ import annotations

from datetime import date

import pytest

from model.entities import Contact
from model.store import Store, StoreFileError, archive, manifest, status
from model.store.files import read_document, write_document
from tests.unit.test_postgres_scoped import TODAY, _answers, _institute

SINCE = archive.first_open_year(TODAY)


@pytest.fixture
def store(tmp_path) -> Store:
    found = Store.create(tmp_path / "store", "ADM")
    _institute(found)
    return found


def _closed_file(store: Store):
    return sorted((store.root / "contacts" / "2024").glob("*.json"))[0]


def _older_ids(store: Store, group_id: str) -> set[str]:
    return {c.id for c in Store.open(store.root, "ADM").closed_history([group_id], SINCE)}


def _expected(store: Store, group_id: str) -> set[str]:
    whole = Store.open(store.root, "ADM").load()
    return {c.id for c in whole.contacts.get(group_id, ()) if c.date.year < SINCE and c.group == group_id}


def test_first_open_year_keeps_the_year_before_and_closes_at_new_year():
    assert archive.first_open_year(date(2026, 11, 30)) == 2025
    assert archive.first_open_year(date(2026, 12, 31)) == 2025
    assert archive.first_open_year(date(2027, 1, 1)) == 2026
    assert archive.first_open_year(date(2024, 2, 29)) == 2023


def test_the_working_days_picture_reads_no_closed_years_file(store):
    broken = _closed_file(store)
    broken.write_bytes(b"{ kaputt")  # would stop any load that reads it
    picture = Store.open(store.root, "ADM").load(since=SINCE)
    assert picture.history_from == date(2025, 1, 1) and picture.complete
    with pytest.raises(StoreFileError, match="2024"):
        Store.open(store.root, "ADM").load()
    with pytest.raises(StoreFileError, match="2024"):
        Store.open(store.root, "ADM").closed_history(["g-1"], SINCE)  # no archive yet: the files


def test_a_card_reads_one_shard_per_closed_year_once_it_is_built(store, monkeypatch):
    groups = list(Store.open(store.root, "ADM").load().groups)
    for gid in groups:
        assert _older_ids(store, gid) == _expected(store, gid)
    assert sorted(p.name for p in (store.root / "archive" / "2024").glob("*.json")) == [f"{n:02d}.json" for n in range(32)]
    read = []
    real = archive.read_document
    monkeypatch.setattr(archive, "read_document", lambda path, *a, **k: read.append(path) or real(path, *a, **k))
    assert _older_ids(store, "g-1") == _expected(store, "g-1")
    view = Store.open(store.root, "ADM")
    assert [p.relative_to(store.root).as_posix() for p in read] == [f"archive/2024/{view.shard_of('g-1'):02d}.json"]


def test_a_late_write_into_a_closed_year_makes_its_shards_stale(store):
    _older_ids(store, "g-2")  # built
    group = Store.open(store.root, "ADM").load().groups["g-2"]
    Store.open(store.root, group.lead).log_contact(
        Contact(
            "late",
            "g-2",
            date(2024, 12, 30),
            group.lead,
            "Gespräch geführt",
            "Telefon",
            "Service",
            logged_at="2026-11-27T08:00:00",
        )
    )
    assert "late" in _older_ids(store, "g-2")
    assert _older_ids(store, "g-2") == _expected(store, "g-2")


def test_a_crashed_writers_token_on_a_closed_file_is_read_by_picture_and_card(store):
    _older_ids(store, "g-3")
    path = _closed_file(store)
    rel = path.relative_to(store.root).as_posix()
    doc = read_document(path, "contacts")
    # A writer replaced the file and died before the status index and the manifest knew.
    contact = Contact("ghost", "g-3", date(2024, 12, 31), path.stem, "Gespräch geführt", "Telefon", "Service",
                      logged_at="2025-01-02T08:00:00")  # fmt: skip
    doc["contacts"][str(len(doc["contacts"]) + 1000)] = contact.to_json()
    manifest.mark_pending(store.root, "ADM", [rel])
    write_document(path, doc)
    picture = Store.open(store.root, "ADM").load(since=SINCE)
    assert "ghost" in {c.id for c in picture.contacts["g-3"]}
    assert "ghost" in _older_ids(store, "g-3")
    whole = Store.open(store.root, "ADM").load()
    assert _answers(picture, TODAY) == _answers(whole, TODAY)


def test_a_stale_status_index_makes_the_picture_read_every_year(store):
    view = Store.open(store.root, "ADM")
    with status._shard_tx(view, view.shard_of("g-4")) as db:  # a contact left g-4 (a merge)
        db.table("stale").truncate()
        db.table("stale").insert({"g-4": True})
    picture = Store.open(store.root, "ADM").load(since=SINCE)
    whole = Store.open(store.root, "ADM").load()
    assert picture.history_from is None and picture.contact_count == whole.contact_count


def test_an_erasure_deletes_the_archive_and_a_late_builder_deletes_its_shard(store, monkeypatch):
    _older_ids(store, "g-5")
    gone = store.root / "archive" / "2024"
    assert any(gone.glob("*.json"))
    result = Store.open(store.root, "ADM").erase_group("g-6", "10006")
    assert not any(gone.glob("*.json"))
    assert "archive/" in {place for place, _ in result.removed}
    view = Store.open(store.root, "ADM")
    shard = gone / f"{view.shard_of('g-6'):02d}.json"
    by_shard = {view.shard_of("g-6"): {"1": {"id": "x", "group": "g-6", "date": "2024-01-02"}}}
    # A builder that read the files before the erasure and writes after its tombstone.
    archive._write_year(view, 2024, by_shard, {})
    assert shard.exists() and b"g-6" not in shard.read_bytes()
    # One that saw no tombstone yet when it wrote: it looks again afterwards.
    real, calls = archive.erased.tombstones, []
    monkeypatch.setattr(archive.erased, "tombstones", lambda root: real(root) if calls.append(1) or len(calls) > 1 else {})
    archive._write_year(view, 2024, by_shard, {})
    assert not shard.exists()
    assert (gone / f"{(view.shard_of('g-6') + 1) % 32:02d}.json").exists()


def test_a_restored_contacts_file_deletes_its_years_archive(store):
    _older_ids(store, "g-7")
    path = _closed_file(store)
    view = Store.open(store.root, "ADM")
    view._after_replace_by_hand(path, int(read_document(path)["_meta"]["1"]["revision"]))
    assert not any((store.root / "archive" / "2024").glob("*.json"))
    assert _older_ids(store, "g-7") == _expected(store, "g-7")


def test_a_group_merged_away_is_asked_for_by_its_own_id(store):
    whole = Store.open(store.root, "ADM").load()
    old = {c.id for c in whole.contacts["g-0"] if c.group == "old-1" and c.date.year < SINCE}
    assert old and old <= {c.id for c in Store.open(store.root, "ADM").closed_history(["g-0", "old-1"], SINCE)}


def test_without_a_manifest_the_files_answer_and_nothing_is_written(store):
    manifest.manifest_path(store.root).unlink()
    assert _older_ids(store, "g-8") == _expected(store, "g-8")
    assert not (store.root / "archive").exists()


def test_reindex_writes_the_archive_of_every_closed_year(store, capsys):
    from kontakt_tui.cli import main

    assert main(["--store", str(store.root), "--user", "ADM", "reindex", "--as-of", "27.11.2026"]) == 0
    out = capsys.readouterr().out
    assert "Archiv 2024 neu aufgebaut:" in out and "Archiv 2025" not in out
    assert len(list((store.root / "archive" / "2024").glob("*.json"))) == 32


def test_the_copy_is_written_without_fsync(store, monkeypatch):
    synced = []
    monkeypatch.setattr("os.fsync", lambda fd: synced.append(fd))
    assert _older_ids(store, "g-1") == _expected(store, "g-1")
    assert len(list((store.root / "archive" / "2024").glob("*.json"))) == 32 and synced == []


def test_a_closed_file_read_for_its_token_is_dropped_once_the_token_is_gone(store):
    path = _closed_file(store)
    rel = path.relative_to(store.root).as_posix()
    tokens = manifest.mark_pending(store.root, "ADM", [rel])
    view = Store.open(store.root, "ADM")
    view.load(since=SINCE)
    assert path in view._cache
    status.rebuild(Store.open(store.root, "ADM"))  # clears the dead token, the index holds the file
    assert not manifest.read(store.root)["pending"] and tokens
    view.refresh()
    assert path not in view._cache
    read = []
    real = view._read
    view._read = lambda p: read.append(p) or real(p)
    for _ in range(13):  # past a sweep of every file
        view.refresh()
    assert path not in read


def test_a_replayed_past_day_is_not_answered_by_the_picture_without_closed_years(store):
    picture = Store.open(store.root, "ADM").load(since=SINCE)
    assert picture.answers_due_on(TODAY)
    assert not picture.answers_due_on(date(2025, 3, 1))  # contacts after it: the history is needed
    assert Store.open(store.root, "ADM").load().answers_due_on(date(2025, 3, 1))


def test_reindex_notes_closed_files_a_manifest_from_before_them_does_not_list(store):
    from model.store.files import write_document as write

    found = read_document(manifest.manifest_path(store.root), "manifest")
    found["files"]["1"] = {k: v for k, v in found["files"]["1"].items() if not k.startswith("contacts/2024/")}
    write(manifest.manifest_path(store.root), found)  # as a store whose closed files predate the manifest
    assert all(written for _, _, written in archive.rebuild(Store.open(store.root, "ADM"), SINCE))
    assert _older_ids(store, "g-1") == _expected(store, "g-1")

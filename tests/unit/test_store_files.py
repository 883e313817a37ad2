"""One store file on the shared drive: atomic writes, strict reading with German messages,
retrying replace, and transactions that never damage a file they cannot handle."""

from __future__ import annotations

import errno
import json
from datetime import date
from pathlib import Path

import pytest

import model.store.files as files_mod
import model.store.transaction as transaction_mod
from model.entities import Contact
from model.store import SCHEMA_VERSION, Store, StoreError, StoreFileError
from model.store.files import (
    META,
    meta,
    new_document,
    read_document,
    replace_with_retry,
    signature,
    write_document,
)
from model.store.transaction import transaction

FAST = (0.001, 0.001, 0.001)


def lock_for(path: Path) -> Path:
    return path.parent / "locks" / (path.name + ".lock")


def sample_doc() -> dict:
    doc = new_document("contacts")
    doc["contacts"] = {
        "1": {"id": "c-1", "group": "g-1", "date": "2024-03-01", "by": "ÄB", "outcome": "erreicht", "note": "Grüße – ß"},
        "2": {"id": "c-2", "group": "g-2", "date": "2024-03-02", "by": "ÄB", "outcome": "nicht erreicht"},
    }
    return doc


def assert_names_file(exc: StoreFileError, path: Path) -> None:
    assert str(path) in str(exc)
    assert exc.path == path
    assert str(exc).startswith("Datei ")


# ---- round trip and layout -----------------------------------------------------------------


def test_write_then_read_round_trips(tmp_path):
    path = tmp_path / "sub" / "x.json"  # the folder is created on demand
    doc = sample_doc()
    write_document(path, doc)
    assert read_document(path, "contacts") == doc
    assert read_document(path) == doc
    # written as UTF-8 without escaping umlauts; no temp file left next to it
    assert "Grüße – ß".encode() in path.read_bytes()
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]
    assert meta(read_document(path))["schema_version"] == SCHEMA_VERSION


def test_write_replaces_existing_file(tmp_path):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    second = new_document("contacts")
    second["contacts"] = {}
    write_document(path, second)
    assert read_document(path) == second
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_read_with_wrong_kind_is_refused(tmp_path):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    with pytest.raises(StoreFileError) as info:
        read_document(path, "groups")
    assert_names_file(info.value, path)
    assert "erwartet 'groups'" in str(info.value)


def test_missing_file_is_reported_and_has_no_signature(tmp_path):
    path = tmp_path / "nope.json"
    assert signature(path) is None
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert_names_file(info.value, path)
    assert "fehlt" in str(info.value)


def test_signature_is_size_mtime_and_file_id(tmp_path):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    st = path.stat()
    assert signature(path) == (st.st_size, st.st_mtime_ns, st.st_ino)
    write_document(path, sample_doc())  # same bytes, but a replace is a new file
    assert signature(path) != (st.st_size, st.st_mtime_ns, st.st_ino)


def test_leftover_temp_file_is_not_a_store_file(tmp_path):
    store = Store.create(tmp_path / "store", "AB")
    master = store.root / "master"
    year = store.root / "contacts" / "2024"
    year.mkdir(parents=True)
    # what a crash between "write temp" and "replace" leaves behind
    (master / ".x.json.abc.tmp").write_text('{"half')
    (master / ".groups-03.json.0123456789ab.tmp").write_text('{"half')
    (year / ".AB.json.abc.tmp").write_text("")
    before = store.files()
    assert all(not p.name.startswith(".") and not p.name.endswith(".tmp") for p in before)
    assert before == [store.config_path, store.organisation_path]
    store.load()  # the junk is never read
    store.log_contact(Contact("c-1", "g-1", date(2024, 5, 1), "AB", "erreicht"))
    assert store.files() == [store.config_path, store.organisation_path, year / "AB.json"]
    assert store.load().contact_count == 1


# ---- damaged, foreign or too new files -----------------------------------------------------


def corrupt(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "groups-07.json"
    path.write_bytes(raw)
    return path


def test_empty_file(tmp_path):
    for raw in (b"", b"   \r\n"):
        path = corrupt(tmp_path, raw)
        with pytest.raises(StoreFileError) as info:
            read_document(path)
        assert_names_file(info.value, path)
        assert "ist leer" in str(info.value)


def test_nul_bytes(tmp_path):
    # what a lost write on a network share typically leaves: the right size, all zeros
    good = json.dumps(sample_doc()).encode()
    for raw in (b"\x00" * 512, good[:40] + b"\x00" * 64 + good[104:]):
        path = corrupt(tmp_path, raw)
        with pytest.raises(StoreFileError) as info:
            read_document(path)
        assert_names_file(info.value, path)
        assert "NUL-Bytes" in str(info.value)


def test_truncated_json_names_line_and_column(tmp_path):
    text = json.dumps(sample_doc(), indent=1)
    path = corrupt(tmp_path, text[: len(text) // 2].encode())
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    message = str(info.value)
    assert_names_file(info.value, path)
    assert "kein gültiges JSON" in message
    assert "Zeile " in message and "Spalte " in message


def test_duplicated_tail_is_refused(tmp_path):
    # valid JSON followed by a stray copy of its end (a torn overwrite on some shares)
    good = json.dumps(sample_doc()).encode()
    path = corrupt(tmp_path, good + good[-30:])
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert_names_file(info.value, path)
    assert "kein gültiges JSON" in str(info.value)
    assert "Zeile 1" in str(info.value)


def test_not_utf8(tmp_path):
    path = corrupt(tmp_path, b'{"_meta": {"1": {"kind": "gro\xdfps"}}}')  # latin-1 sharp s
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert_names_file(info.value, path)
    assert "UTF-8" in str(info.value)


@pytest.mark.parametrize(
    "doc",
    [
        [1, 2, 3],
        "text",
        42,
        {},
        {"groups": {}},
        {META: []},
        {META: {}},
        {META: {"2": {"schema_version": 1}}},
    ],
    ids=["list", "string", "number", "empty-dict", "no-meta", "meta-list", "meta-empty", "meta-without-1"],
)
def test_not_a_store_file(tmp_path, doc):
    path = corrupt(tmp_path, json.dumps(doc).encode())
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert_names_file(info.value, path)
    assert "keine kontakt-Datei" in str(info.value)


@pytest.mark.parametrize("version", [None, "1", 1.0])
def test_invalid_schema_version(tmp_path, version):
    doc = new_document("groups")
    if version is None:
        del meta(doc)["schema_version"]
    else:
        meta(doc)["schema_version"] = version
    path = corrupt(tmp_path, json.dumps(doc).encode())
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert "keine gültige schema_version" in str(info.value)


def newer_file(tmp_path: Path) -> Path:
    doc = new_document("groups")
    meta(doc)["schema_version"] = SCHEMA_VERSION + 1
    doc["groups"] = {"1": {"id": "g-1", "number": "1", "name": "Alt", "lead": "AB"}}
    return corrupt(tmp_path, json.dumps(doc).encode())


def test_newer_schema_version_is_refused(tmp_path):
    path = newer_file(tmp_path)
    with pytest.raises(StoreFileError) as info:
        read_document(path, "groups")
    message = str(info.value)
    assert_names_file(info.value, path)
    assert "neueren kontakt-Version" in message
    assert f"Schema {SCHEMA_VERSION + 1}" in message


def test_transaction_on_newer_file_writes_nothing(tmp_path):
    path = newer_file(tmp_path)
    raw, sig = path.read_bytes(), signature(path)
    entered = False
    with pytest.raises(StoreFileError) as info:
        with transaction(path, "groups", lock_for(path), timeout=2) as db:
            entered = True
            db.table("groups").insert({"id": "g-2"})
    assert not entered  # the caller never gets a TinyDB over a file it does not understand
    assert "neueren kontakt-Version" in str(info.value)
    assert path.read_bytes() == raw
    assert signature(path) == sig
    assert sorted(p.name for p in tmp_path.iterdir()) == ["groups-07.json", "locks"]
    assert list((tmp_path / "locks").iterdir()) == []  # and the lock was given back


def test_transaction_on_corrupt_file_writes_nothing(tmp_path):
    path = corrupt(tmp_path, b'{"_meta": {"1": {"schema_version": 1, "kind": "groups", "rev')
    raw = path.read_bytes()
    with pytest.raises(StoreFileError):
        with transaction(path, "groups", lock_for(path), timeout=2) as db:
            db.table("groups").insert({"id": "g-2"})
    assert path.read_bytes() == raw


# ---- replace on a share where the target is briefly held open -------------------------------


def test_replace_retries_permission_error(tmp_path, monkeypatch):
    source, target = tmp_path / "new", tmp_path / "old"
    source.write_text("new")
    target.write_text("old")
    real_replace = files_mod.os.replace
    calls = []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) <= 2:
            raise PermissionError(errno.EACCES, "Zugriff verweigert (Virenscanner)", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(files_mod.os, "replace", flaky)
    replace_with_retry(source, target, delays=FAST)
    assert len(calls) == 3
    assert target.read_text() == "new"
    assert not source.exists()


def test_replace_gives_up_and_reraises(tmp_path, monkeypatch):
    source, target = tmp_path / "new", tmp_path / "old"
    source.write_text("new")
    target.write_text("old")
    calls = []

    def always(src, dst):
        calls.append(src)
        raise PermissionError(errno.EACCES, "Zugriff verweigert", str(dst))

    monkeypatch.setattr(files_mod.os, "replace", always)
    with pytest.raises(PermissionError):
        replace_with_retry(source, target, delays=FAST)
    assert len(calls) == len(FAST) + 1
    assert target.read_text() == "old"


def test_replace_does_not_retry_other_errors(tmp_path, monkeypatch):
    calls = []

    def broken(src, dst):
        calls.append(src)
        raise OSError(errno.EIO, "E/A-Fehler")

    monkeypatch.setattr(files_mod.os, "replace", broken)
    with pytest.raises(OSError):
        replace_with_retry(tmp_path / "a", tmp_path / "b", delays=FAST)
    assert len(calls) == 1


@pytest.fixture
def held_open(tmp_path, monkeypatch) -> tuple[Path, bytes]:
    """A store file that another PC or a virus scanner keeps open: every replace fails."""
    path = tmp_path / "x.json"
    write_document(path, sample_doc())

    def always(src, dst):
        raise PermissionError(errno.EACCES, "Zugriff verweigert", str(dst))

    monkeypatch.setattr(files_mod.os, "replace", always)
    monkeypatch.setattr(files_mod.replace_with_retry, "__defaults__", (FAST,))
    return path, path.read_bytes()


def test_write_document_that_cannot_replace_leaves_original_and_no_temp(tmp_path, held_open):
    path, raw = held_open
    with pytest.raises(PermissionError):
        write_document(path, new_document("contacts"))
    assert path.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # temp file cleaned up


def test_transaction_reports_locked_target_in_german(tmp_path, held_open):
    path, raw = held_open
    with pytest.raises(StoreError) as info:
        with transaction(path, "contacts", lock_for(path), timeout=2) as db:
            db.table("contacts").insert({"id": "c-3"})
    message = str(info.value)
    assert str(path) in message
    assert "anderswo geöffnet" in message and "Nichts wurde geändert" in message
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locks", "x.json"]


def test_transaction_write_failure_is_store_error_and_file_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    raw, sig = path.read_bytes(), signature(path)

    def disk_full(target, doc, **_fence):
        raise OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")

    monkeypatch.setattr(transaction_mod, "write_document", disk_full)
    with pytest.raises(StoreError) as info:
        with transaction(path, "contacts", lock_for(path), timeout=2) as db:
            db.table("contacts").insert({"id": "c-3"})
    message = str(info.value)
    assert not isinstance(info.value, StoreFileError)
    assert str(path) in message
    assert "konnte nicht geschrieben werden" in message
    assert "kein Speicherplatz" in message
    assert "Nichts wurde geändert" in message
    assert isinstance(info.value.__cause__, OSError)
    assert path.read_bytes() == raw and signature(path) == sig
    assert list((tmp_path / "locks").iterdir()) == []


def test_real_enospc_during_temp_write_leaves_no_temp(tmp_path, monkeypatch):
    """The failure inside write_document itself (the temp file write) cleans up after itself."""
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    raw = path.read_bytes()

    def no_space(fd):
        raise OSError(errno.ENOSPC, "Auf dem Gerät ist kein Speicherplatz mehr verfügbar")

    monkeypatch.setattr(files_mod.os, "fsync", no_space)
    with pytest.raises(StoreError) as info:
        with transaction(path, "contacts", lock_for(path), timeout=2) as db:
            db.table("contacts").insert({"id": "c-3"})
    assert "kein Speicherplatz" in str(info.value)
    assert path.read_bytes() == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locks", "x.json"]


# ---- transactions ----------------------------------------------------------------------------


def test_transaction_creates_file_and_bumps_revision(tmp_path):
    path = tmp_path / "c.json"
    with transaction(path, "contacts", lock_for(path)) as db:
        db.table("contacts").insert(sample_doc()["contacts"]["1"])
    doc = read_document(path, "contacts")
    assert meta(doc)["revision"] == 1
    assert meta(doc)["kind"] == "contacts"
    with transaction(path, "contacts", lock_for(path)) as db:
        db.table("contacts").insert(sample_doc()["contacts"]["2"])
    doc = read_document(path, "contacts")
    assert meta(doc)["revision"] == 2
    assert sorted(r["id"] for r in doc["contacts"].values()) == ["c-1", "c-2"]


def test_transaction_without_change_does_not_write(tmp_path):
    path = tmp_path / "c.json"
    write_document(path, sample_doc())
    raw, sig = path.read_bytes(), signature(path)
    with transaction(path, "contacts", lock_for(path)) as db:
        assert len(db.table("contacts").all()) == 2
    assert path.read_bytes() == raw and signature(path) == sig


def test_transaction_body_error_writes_nothing(tmp_path):
    path = tmp_path / "c.json"
    write_document(path, sample_doc())
    raw = path.read_bytes()
    with pytest.raises(RuntimeError):
        with transaction(path, "contacts", lock_for(path)) as db:
            db.table("contacts").insert({"id": "c-3"})
            raise RuntimeError("Abbruch")
    assert path.read_bytes() == raw


def test_transaction_refuses_when_file_changed_behind_its_back(tmp_path):
    """The fence: a writer that ignored the lock (or a holder whose lease ran out) wrote
    meanwhile; the transaction must not overwrite it."""
    from model.store import ConflictError

    path = tmp_path / "c.json"
    write_document(path, sample_doc())
    intruder = sample_doc()
    intruder["contacts"]["3"] = {"id": "c-intruder", "group": "g", "date": "2024-01-01", "by": "X", "outcome": "o"}
    with pytest.raises(ConflictError) as info:
        with transaction(path, "contacts", lock_for(path)) as db:
            db.table("contacts").insert({"id": "c-mine"})
            write_document(path, intruder)
    assert "von anderer Seite geändert" in str(info.value)
    assert read_document(path) == intruder


# ---- damaged meta records ---------------------------------------------------------


@pytest.mark.parametrize("record", [5, [1], "x", None])
def test_meta_record_not_a_dict_gives_store_file_error(tmp_path, record):
    path = tmp_path / "groups-01.json"
    path.write_text(json.dumps({"_meta": {"1": record}}))
    with pytest.raises(StoreFileError) as info:
        read_document(path)
    assert "keine kontakt-Datei" in str(info.value)


# ---- checksum --------------------------------------------------------------------------------


def test_valid_json_with_a_changed_value_fails_the_checksum(tmp_path):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    raw = path.read_bytes()
    assert b'"checksum":"' in raw and raw.startswith(b'{"_meta":')
    path.write_bytes(raw.replace("Grüße".encode(), "Grüsse".encode()))  # still valid JSON
    with pytest.raises(StoreFileError, match="Prüfsumme stimmt nicht"):
        read_document(path)


def test_a_reformatted_file_is_reported_as_changed_outside_kontakt(tmp_path):
    path = tmp_path / "x.json"
    write_document(path, sample_doc())
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2), encoding="utf-8")
    with pytest.raises(StoreFileError, match="außerhalb von kontakt verändert"):
        read_document(path)


def test_files_without_checksum_are_refused_and_empty_documents_are_read(tmp_path):
    old = tmp_path / "old.json"
    doc = sample_doc()
    old.write_bytes(json.dumps(doc, ensure_ascii=False).encode())  # hand edit with the key removed
    with pytest.raises(StoreFileError, match="keine Prüfsumme.*kontakt accept"):
        read_document(old)
    assert read_document(old, checksum=False) == doc
    empty = tmp_path / "empty.json"
    write_document(empty, new_document("contacts"))
    assert read_document(empty) == new_document("contacts")

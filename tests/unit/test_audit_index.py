"""The audit trail's index per group (issue 16): a card's history reads only its group's
lines, with the same result as the byte search over every audit file — also after a torn
line, a crash between the audit append and the index, a DSGVO erasure, a merge, in an old
store without an index and after `kontakt reindex`."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from model.store import Store, audit_index
from model.store import audit as audit_mod
from tests.unit.test_cli import run
from tests.unit.test_store import make_contact, make_group, store  # noqa: F401 - fixture

USERS = ("AB", "CD", "EF")


def _by_bytes(root: Path, group_id: str) -> list[dict]:
    """The history as before the index: every line of every audit file read and filtered."""
    found = [e for path in audit_mod.files(root) for e in audit_mod.read_file(path) if e.get("group") == group_id]
    return sorted(found, key=audit_mod.order_key)


def _entry(user: str, group, n: int, mention: str | None = None) -> dict:
    after = {"n": n, "note": f"erwähnt {mention}" if mention else "", "group": group}
    return audit_mod.entry(user, "contact", "create", f"c-{n}", group, None, after, "")


@pytest.fixture
def trail(tmp_path) -> tuple[Path, list[str]]:
    """Three users' files, 60 groups, batches of several groups, entries without a group and
    entries that name another group in their values."""
    root = tmp_path / "s"
    groups = [str(uuid.uuid4()) for _ in range(60)]
    n = 0
    for batch in range(40):
        user = USERS[batch % 3]
        entries = []
        for k in range(5):
            n += 1
            g = groups[(batch * 7 + k * 13) % len(groups)]
            entries.append(_entry(user, g, n, mention=groups[(n * 3) % len(groups)] if n % 4 == 0 else None))
        entries.append(_entry(user, None, n + 1000))
        audit_mod.append(root, user, entries)
    return root, groups


def _no_mapping(monkeypatch) -> None:
    def refuse(*_a, **_k):
        raise AssertionError("searched a whole audit file")

    monkeypatch.setattr(audit_mod.mmap, "mmap", refuse)


def _same_everywhere(root: Path, groups: list[str]) -> None:
    for g in groups:
        assert audit_mod.entries_for_group(root, g) == _by_bytes(root, g)


def test_the_index_gives_the_byte_search_history_and_reads_only_its_lines(trail, monkeypatch):
    root, groups = trail
    expected = {g: _by_bytes(root, g) for g in groups}
    assert sum(map(len, expected.values())) == 200 and all(expected[g] for g in groups[:5])
    _no_mapping(monkeypatch)
    read: list[int] = []
    real = audit_index.read_ranges
    monkeypatch.setattr(audit_index, "read_ranges", lambda fd, wanted: read.append(len(wanted)) or real(fd, wanted))
    for g in groups:
        assert audit_mod.entries_for_group(root, g) == expected[g]
    assert sum(read) == 200  # each of the group's lines, nothing else


def test_a_torn_audit_line_is_skipped_and_the_next_append_indexed(trail, monkeypatch):
    root, groups = trail
    path = audit_mod.files(root)[0]
    user = path.stem.split("-")[0]
    with path.open("ab") as out:  # a crash mid-append, the group's id in the torn line
        out.write(b'{"group": "' + groups[0].encode() + b'", "kind": "cont')
    _same_everywhere(root, groups)
    audit_mod.append(root, user, [_entry(user, groups[0], 999)])
    assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    _same_everywhere(root, groups)
    _no_mapping(monkeypatch)
    assert [e["id"] for e in audit_mod.entries_for_group(root, groups[0])][-1] == "c-999"


def test_a_complete_line_without_its_newline_still_counts(trail):
    root, groups = trail
    path = audit_mod.files(root)[0]
    user = path.stem.split("-")[0]
    with path.open("ab") as out:  # all but the newline written
        out.write(audit_mod.orjson.dumps(_entry(user, groups[1], 777)))
    _same_everywhere(root, groups)
    audit_mod.append(root, user, [_entry(user, groups[1], 778)])
    assert {"c-777", "c-778"} <= {e["id"] for e in audit_mod.entries_for_group(root, groups[1])}
    _same_everywhere(root, groups)


def test_a_crash_between_the_audit_append_and_the_index(trail, monkeypatch):
    root, groups = trail

    def crash(*_a, **_k):
        raise OSError("Stromausfall")

    with monkeypatch.context() as m:
        m.setattr(audit_index, "after_append", crash)
        audit_mod.append(root, "AB", [_entry("AB", groups[2], 501), _entry("AB", groups[3], 502)])
    _same_everywhere(root, groups)  # the uncovered tail is searched by bytes
    assert "c-501" in [e["id"] for e in audit_mod.entries_for_group(root, groups[2])]
    audit_mod.append(root, "AB", [_entry("AB", groups[2], 503)])  # indexes the lines left over
    path = audit_mod.audit_path(root, "AB", date.today().year)
    assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    _no_mapping(monkeypatch)
    _same_everywhere(root, groups)


def test_a_crash_after_the_shard_lines_before_covered_counts_each_line_once(trail, monkeypatch):
    root, groups = trail
    real = audit_index._append

    def crash_at_covered(path, data):
        if path.name == audit_index.COVERED:
            raise OSError("Stromausfall")
        real(path, data)

    with monkeypatch.context() as m:
        m.setattr(audit_index, "_append", crash_at_covered)
        audit_mod.append(root, "AB", [_entry("AB", groups[4], 601)])
    audit_mod.append(root, "AB", [_entry("AB", groups[4], 602)])  # indexes 601 a second time
    _no_mapping(monkeypatch)
    ids = [e["id"] for e in audit_mod.entries_for_group(root, groups[4])]
    assert ids.count("c-601") == 1 and ids[-2:] == ["c-601", "c-602"]
    _same_everywhere(root, groups)


def test_torn_index_lines_are_skipped(trail):
    root, groups = trail
    folder = audit_index.index_dir(audit_mod.files(root)[0])
    with (folder / f"{audit_index.shard(groups[5]):02d}.idx").open("ab") as out:
        out.write(groups[5].encode() + b"\t12")
    with (folder / audit_index.COVERED).open("ab") as out:
        out.write(b"99")
    _same_everywhere(root, groups)
    audit_mod.append(root, "AB", [_entry("AB", groups[5], 701)])
    _same_everywhere(root, groups)


def test_a_file_changed_behind_the_index_is_searched_by_bytes(trail):
    root, groups = trail
    path = audit_mod.files(root)[0]
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'"note":""', b'"note":"x"', 3))  # offsets and lines move
    _same_everywhere(root, groups)
    lines = raw.splitlines(keepends=True)
    path.write_bytes(lines[1] + lines[0] + b"".join(lines[2:]))  # same size, two lines swapped
    _same_everywhere(root, groups)
    last = lines[-1].replace(b'"group":null', b'"group":"' + groups[0].encode() + b'"', 1)
    path.write_bytes(b"".join(lines[:-1]) + last)  # an unindexed line now longer, of a group
    assert audit_mod.entries_for_group(root, groups[0])[-1]["id"] == audit_mod.orjson.loads(last)["id"]
    _same_everywhere(root, groups)
    path.write_bytes(raw[: len(raw) // 2])  # shorter than the index covers
    _same_everywhere(root, groups)


def test_an_old_store_without_index_until_reindex(trail, monkeypatch):
    root, groups = trail
    shutil.rmtree(root / "audit" / audit_index.INDEX_DIR)
    _same_everywhere(root, groups)
    audit_mod.append(root, "AB", [_entry("AB", groups[6], 801)])  # a save does not read the file whole
    assert not (root / "audit" / audit_index.INDEX_DIR).exists()
    _same_everywhere(root, groups)
    assert audit_mod.reindex(root, "ADM") == (3, 201)
    _no_mapping(monkeypatch)
    _same_everywhere(root, groups)


def test_an_audit_file_removed_and_begun_anew_gets_a_fresh_index(trail, monkeypatch):
    root, groups = trail
    path = audit_mod.audit_path(root, "AB", date.today().year)
    path.unlink()  # its index stays behind, covering more than the new file will hold
    audit_mod.append(root, "AB", [_entry("AB", groups[7], 901)])
    assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    _no_mapping(monkeypatch)
    _same_everywhere(root, groups)


def test_group_ids_the_index_does_not_hold_are_searched_by_bytes(tmp_path):
    root = tmp_path / "s"
    audit_mod.append(root, "AB", [_entry("AB", "mit Leerzeichen", 1), _entry("AB", "g-1", 2)])
    assert [e["id"] for e in audit_mod.entries_for_group(root, "mit Leerzeichen")] == ["c-1"]
    assert [e["id"] for e in audit_mod.entries_for_group(root, "g-1")] == ["c-2"]


# ---- through the store: erasure, merge, reindex ---------------------------------------------


def test_erasure_rebuilds_the_index_of_the_rewritten_files(store, capsys, monkeypatch):  # noqa: F811
    groups = [make_group(str(100 + i), lead="AB") for i in range(12)]
    store.save_groups(groups)
    for i, g in enumerate(groups):
        store.log_contact(make_contact(g, "AB", date(2024, 5, 1 + i), note=f"Notiz {i}"))
        store.update_group(g.id, lambda x, i=i: replace(x, name=f"Neu {i}"))
    path = audit_mod.audit_path(store.root, "AB", date.today().year)
    before = path.stat().st_size
    code, _, _ = run(capsys, store, "erase", "100", "--yes", user="AB")
    assert code == 0 and path.stat().st_size != before  # rewritten: every offset moved
    assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    ids = [g.id for g in groups]
    _same_everywhere(store.root, ids)
    assert all(e.get("erased") or e["kind"] == "dsgvo" for e in store.audit_for(groups[0].id))
    _no_mapping(monkeypatch)
    _same_everywhere(store.root, ids)


def test_an_erasure_that_stops_after_the_rewrite_leaves_no_offset_into_the_new_file(store, capsys, monkeypatch):  # noqa: F811
    groups = [make_group(str(100 + i), lead="AB") for i in range(6)]
    store.save_groups(groups)
    for i, g in enumerate(groups):
        store.log_contact(make_contact(g, "AB", date(2024, 5, 1 + i), note=f"Notiz {i}"))

    def crash(*_a, **_k):
        raise OSError("Stromausfall")

    monkeypatch.setattr(audit_index, "rebuild", crash)
    assert run(capsys, store, "erase", "100", "--yes", user="AB")[0] == 0
    path = audit_mod.audit_path(store.root, "AB", date.today().year)
    assert audit_index.read_covered(audit_index.index_dir(path)) is None  # dropped before the rewrite
    _same_everywhere(store.root, [g.id for g in groups])


def test_merged_groups_histories_equal_the_byte_search(store):  # noqa: F811
    keep, drop = make_group("815", lead="AB"), make_group("816", lead="AB")
    store.save_groups([keep, drop])
    store.log_contact(make_contact(drop, "AB", date(2024, 5, 2)))
    store.merge_groups(keep.number, drop.number)
    assert any(e["action"] == "merge" for e in store.audit_for(drop.id))
    _same_everywhere(store.root, [keep.id, drop.id])


def test_kontakt_reindex_builds_the_audit_index(store, capsys):  # noqa: F811
    g = make_group("100", lead="AB")
    store.save_groups([g])
    store.log_contact(make_contact(g, "AB", date(2024, 5, 1)))
    shutil.rmtree(store.root / "audit" / audit_index.INDEX_DIR)
    code, out, _ = run(capsys, store, "reindex", user="AB")
    assert code == 0 and "Protokollverzeichnis neu aufgebaut" in out
    for path in audit_mod.files(store.root):
        assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    assert store.audit_for(g.id) == _by_bytes(store.root, g.id)


def test_without_os_pread_as_on_windows(tmp_path, monkeypatch):
    """Windows has no `os.pread`: appends (the index's `covered` read), a crash's catch-up and
    a card's history still work, through a seek and a read."""
    monkeypatch.delattr("os.pread")
    root = tmp_path / "s"
    groups = [str(uuid.uuid4()) for _ in range(6)]
    for n in range(12):
        audit_mod.append(root, "AB", [_entry("AB", groups[n % 6], n)])
    with monkeypatch.context() as m:
        m.setattr(audit_index, "after_append", lambda *_a, **_k: (_ for _ in ()).throw(OSError("Stromausfall")))
        audit_mod.append(root, "AB", [_entry("AB", groups[0], 100)])
    audit_mod.append(root, "AB", [_entry("AB", groups[0], 101)])  # catches up the crash's line
    path = audit_mod.audit_path(root, "AB", date.today().year)
    assert audit_index.read_covered(audit_index.index_dir(path)) == path.stat().st_size
    _no_mapping(monkeypatch)
    _same_everywhere(root, groups)
    assert [e["id"] for e in audit_mod.entries_for_group(root, groups[0])][-2:] == ["c-100", "c-101"]

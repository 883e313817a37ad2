"""Reading only what is needed: the status index, scoped loads, the manifest poll, the
per-group audit read (model/store/status.py, manifest.py, lean.py)."""

from datetime import date
from pathlib import Path

import pytest

from model.contacts.due import due_list, inactive_groups
from model.demo import build_demo, write_demo
from model.entities import Contact
from model.store import Store, StoreError, manifest, status
from model.store import audit as audit_mod

AS_OF = date(2026, 3, 2)


def _due(inst, advisor):
    return [
        (i.group.id, i.role, i.due, i.reason, i.last_contact, i.meeting)
        for i in due_list(advisor, inst.groups.values(), inst.contacts, inst.config, AS_OF)
    ]


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lean") / "store"
    write_demo(Store.create(root, "ADM"), build_demo(AS_OF, groups=200, seed=3))
    return root


def test_status_picture_gives_the_same_due_lists_and_inactive_groups(demo_root):
    full = Store.open(demo_root, "ADM").load()
    store = Store.open(demo_root, "ADM")
    lean = store.load(scope="status")
    assert store.lean_fallback == "" and not lean.complete
    assert lean.contact_count < full.contact_count
    for advisor in full.advisors:
        assert _due(lean, advisor) == _due(full, advisor), advisor

    def inactive(i):
        return [(x.group.id, x.last_contact) for x in inactive_groups(i.groups.values(), i.contacts, i.config, AS_OF)]

    assert inactive(lean) == inactive(full)


def test_master_scope_reads_no_contacts(demo_root):
    lean = Store.open(demo_root, "ADM").load(scope="master")
    assert lean.contacts == {} and len(lean.groups) == 200


def test_rebuild_gives_the_same_index(demo_root):
    before = Store.open(demo_root, "ADM").load(scope="status")
    status.rebuild(Store.open(demo_root, "ADM"))
    after = Store.open(demo_root, "ADM").load(scope="status")
    ids = lambda inst: {g: sorted(c.id for c in v) for g, v in inst.contacts.items()}  # noqa: E731
    assert ids(after) == ids(before)


def _contact(small_store, gid, note="x", day=date(2026, 11, 20)):
    return Contact(f"c-{note}", gid, day, "MKR", "erreicht", "Telefon", "Gespräch", note=note)


def test_crash_between_contacts_file_and_index_is_read_from_the_file(small_store, monkeypatch):
    gid = next(iter(small_store.load().groups))

    def broken(*args, **kwargs):
        raise StoreError("Netz weg")

    monkeypatch.setattr(status, "update_many", broken)
    small_store.log_contact(_contact(small_store, gid, "lost"))
    assert any("Statusverzeichnis" in w for w in small_store.warnings)
    monkeypatch.undo()
    found = manifest.read(small_store.root)
    assert list(found["pending"].values()) == ["contacts/2026/MKR.json"]  # the token stayed
    lean = Store.open(small_store.root, "MKR").load(scope="status")
    assert "c-lost" in {c.id for c in lean.contacts[gid]}
    index = status.read(small_store, missing_ok=True)[0]
    assert "c-lost" not in {c.id for c in index.get(gid, ())}
    status.rebuild(small_store)  # kontakt reindex
    assert manifest.read(small_store.root)["pending"] == {}
    assert "c-lost" in {c.id for c in status.read(small_store, missing_ok=True)[0][gid]}


def test_next_write_of_the_file_clears_a_dead_token(small_store, monkeypatch):
    gid = next(iter(small_store.load().groups))
    monkeypatch.setattr(status, "update_many", lambda *a, **k: (_ for _ in ()).throw(StoreError("weg")))
    small_store.log_contact(_contact(small_store, gid, "one"))
    monkeypatch.undo()
    small_store.log_contact(_contact(small_store, gid, "two"))
    assert manifest.read(small_store.root)["pending"] == {}


def test_erasure_drops_the_group_from_the_index(small_store):
    from model.store.erasure import erase_group

    inst = small_store.load()
    gid = next(g for g in inst.contacts if inst.contacts[g])
    assert gid in status.read(small_store, missing_ok=True)[0]
    erase_group(small_store, gid, inst.groups[gid].number)
    index, stale = status.read(small_store, missing_ok=True)
    assert gid not in index and gid not in stale


def test_store_without_index_falls_back_to_reading_everything(small_store):
    (small_store.root / manifest.NAME).unlink()
    store = Store.open(small_store.root, "MKR")
    lean = store.load(scope="status")
    assert lean.complete and "reindex" in store.lean_fallback


def test_refresh_reads_the_manifest_not_every_file(small_store, monkeypatch):
    reader = Store.open(small_store.root, "MKR")
    gid = next(iter(reader.load().groups))
    monkeypatch.setattr(Store, "changed_files", lambda self: pytest.fail("stat'ed every file"))
    assert reader.refresh() is None
    Store.open(small_store.root, "TLE").log_contact(_contact(small_store, gid, "seen"))
    fresh = reader.refresh()
    assert fresh is not None and "c-seen" in {c.id for c in fresh.contacts[gid]}


def test_audit_of_one_group_equals_the_filtered_trail(small_store):
    inst = small_store.load()
    gid = next(iter(inst.groups))
    small_store.log_contact(_contact(small_store, gid, "audited"))
    expected = [e for e in audit_mod.entries(small_store.root) if e.get("group") == gid]
    assert small_store.audit_for(gid) == expected and expected


def test_audit_of_one_group_skips_torn_lines_and_counts_each_line_once(small_store):
    gid = next(iter(small_store.load().groups))
    small_store.log_contact(_contact(small_store, gid, "once"))
    expected = [e for e in audit_mod.entries(small_store.root) if e.get("group") == gid]
    trail = audit_mod.files(small_store.root)[-1]
    with trail.open("ab") as out:  # a crash mid-append: the id is in a line that never ended
        out.write(b'{"group": "' + gid.encode() + b'", "kind": "cont')
    # A contact's line names the group twice (group, after.group): one entry per line still.
    assert small_store.audit_for(gid) == expected

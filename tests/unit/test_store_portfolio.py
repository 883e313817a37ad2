"""The folder store's picture of an advisor's own groups (model/store/portfolio.py, issue 16):
the app holds the user's groups with their whole history as far as the picture reaches, reads
a contacts file again only when it changed, takes a colleague's group in from the bytes it
kept, and names a bad file as the whole picture does."""

from datetime import date

import pytest

from model.entities import Contact
from model.store import Store, StoreError, StoreFileError, manifest, portfolio, status
from model.store.interface import serves

SINCE = 2025


def _contact(cid, gid, day, by="MKR", outcome="Gespräch geführt"):
    return Contact(cid, gid, day, by, outcome, "Telefon", "Jahresgespräch")


@pytest.fixture
def store(small_store):
    """small_store with closed years: MKR and VKS in 2023, TLE on MKR's group in 2025."""
    small_store.add_contacts(
        [
            _contact("old-1", "g-1", date(2023, 3, 1)),
            _contact("old-2", "g-1", date(2023, 9, 1), by="VKS", outcome="Termin vereinbart"),
            _contact("old-3", "g-5", date(2023, 4, 1), by="TLE"),
            _contact("mid-1", "g-2", date(2025, 2, 3), by="TLE"),
        ]
    )
    return small_store


@pytest.fixture
def reads(monkeypatch):
    """The contacts files the picture reads, by name (year/KÜRZEL)."""
    seen: list[str] = []
    real = portfolio.PortfolioMixin._read_contacts_file

    def counted(self, path, *args, **kwargs):
        seen.append(f"{path.parent.name}/{path.stem}")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(portfolio.PortfolioMixin, "_read_contacts_file", counted)
    return seen


def _ids(picture, gid):
    return sorted(c.id for c in picture.contacts.get(gid, ()))


def test_the_advisors_groups_with_every_open_contact_and_the_closed_years_status(store):
    whole = Store.open(store.root, "ADM").load(since=SINCE)
    picture = Store.open(store.root, "MKR").load(advisor="MKR", since=SINCE)
    assert picture.some_groups and not picture.complete and picture.history_from == date(SINCE, 1, 1)
    assert set(picture.groups) == {g for g in whole.groups if serves(whole.groups[g], "MKR")} == {"g-1", "g-2", "g-3", "g-4"}
    for gid in picture.groups:
        assert _ids(picture, gid) == _ids(whole, gid)
    assert _ids(picture, "g-1") == ["c-1", "old-2"]  # of 2023 what decides: old-1 gave way to c-1
    assert "g-5" not in picture.contacts


def test_every_year_when_the_picture_reaches_back(store):
    whole = Store.open(store.root, "ADM").load()
    picture = Store.open(store.root, "MKR").load(advisor="MKR")
    assert picture.history_from is None
    for gid in picture.groups:
        assert _ids(picture, gid) == _ids(whole, gid)


def test_a_file_is_read_again_only_when_it_changed(store, reads):
    mine = Store.open(store.root, "MKR")
    mine.load(advisor="MKR", since=SINCE)
    assert sorted(reads) == ["2025/TLE", "2026/MKR", "2026/TLE"]
    reads.clear()
    assert mine.refresh() is None and reads == []
    colleague = Store.open(store.root, "TLE")
    colleague.log_contact(_contact("c-9", "g-5", date(2026, 11, 20), by="TLE"))
    assert mine.refresh() is None  # a colleague's own group: no news for this picture
    assert reads == ["2026/TLE"]
    reads.clear()
    colleague.log_contact(_contact("c-10", "g-3", date(2026, 11, 25), by="TLE"))
    fresh = mine.refresh()
    assert reads == ["2026/TLE"] and "c-10" in _ids(fresh, "g-3")


def test_a_colleagues_group_comes_from_the_bytes_kept(store, reads):
    mine = Store.open(store.root, "MKR")
    mine.load(advisor="MKR", since=SINCE)
    reads.clear()
    taken = mine.add_groups(["g-5", "no-such-group"])
    assert reads == []
    whole = Store.open(store.root, "ADM").load(since=SINCE)
    assert taken.groups["g-5"] == whole.groups["g-5"] and _ids(taken, "g-5") == _ids(whole, "g-5") == ["c-4", "old-3"]
    assert mine.add_groups(["g-5"]) is None
    Store.open(store.root, "TLE").log_contact(_contact("c-11", "g-5", date(2026, 11, 26), by="TLE"))
    assert "c-11" in _ids(mine.refresh(), "g-5")  # kept by the refresh


def test_a_bad_contacts_file_is_named_and_the_rest_shown(store, reads):
    (store.root / "contacts" / "2026" / "TLE.json").write_text("{kaputt", encoding="utf-8")
    with pytest.raises(StoreFileError, match="TLE.json"):
        Store.open(store.root, "MKR").load(advisor="MKR", since=SINCE)
    mine = Store.open(store.root, "MKR")
    picture = mine.load(advisor="MKR", since=SINCE, tolerant=True)
    assert picture.some_groups and mine.read_only
    assert [p for p in mine.problems if "TLE.json" in p and "kein gültiges JSON" in p]
    assert _ids(picture, "g-1") == ["c-1", "old-2"]
    # Named once: read again only when it changed (a colleague's save elsewhere is news).
    Store.open(store.root, "VKS").log_contact(_contact("c-12", "g-1", date(2026, 11, 27), by="VKS"))
    reads.clear()
    fresh = mine.refresh(tolerant=True)
    assert reads == ["2026/VKS"] and "c-12" in _ids(fresh, "g-1") and mine.read_only


def test_a_closed_years_contact_whose_index_update_failed_is_read_from_its_file(store, monkeypatch):
    def broken(*args, **kwargs):
        raise StoreError("Netz weg")

    monkeypatch.setattr(status, "update_many", broken)
    store.log_contact(_contact("late-entry", "g-4", date(2023, 12, 1)))
    monkeypatch.undo()
    assert list(manifest.read(store.root)["pending"].values()) == ["contacts/2023/MKR.json"]
    picture = Store.open(store.root, "MKR").load(advisor="MKR", since=SINCE)
    assert picture.some_groups and "late-entry" in _ids(picture, "g-4")


def test_a_merge_keeps_the_contacts_under_the_group_that_stays(store):
    store.merge_groups("10004", "10003")  # 10003 goes into 10004
    whole = Store.open(store.root, "ADM").load(since=SINCE)
    picture = Store.open(store.root, "MKR").load(advisor="MKR", since=SINCE)
    assert set(picture.groups) == {g for g in whole.groups if serves(whole.groups[g], "MKR")}
    for gid in picture.groups:
        assert _ids(picture, gid) == _ids(whole, gid)


def test_a_login_not_on_the_staff_list_reads_the_whole_institute(store):
    picture = Store.open(store.root, "XYZ").load(advisor="XYZ", since=SINCE)
    assert picture.complete and not picture.some_groups and "g-5" in picture.groups


def test_between_sweeps_the_manifest_says_which_files_changed(store, monkeypatch):
    from model.store.lean import SWEEP_EVERY

    mine = Store.open(store.root, "MKR")
    mine.load(advisor="MKR", since=SINCE)
    stats: list[str] = []
    real = portfolio.signature
    monkeypatch.setattr(portfolio, "signature", lambda p: stats.append(f"{p.parent.name}/{p.stem}") or real(p))
    Store.open(store.root, "TLE").log_contact(_contact("c-13", "g-2", date(2026, 11, 27), by="TLE"))
    assert "c-13" in _ids(mine.refresh(), "g-2")
    assert [s for s in stats if s[:2] == "20"] == ["2026/TLE"]  # no stat of the files unchanged
    # The periodic sweep stats every file: a write the manifest missed shows within a minute.
    for _ in range(SWEEP_EVERY - 1):
        stats.clear()
        mine.refresh()
    assert sorted(s for s in stats if s[:2] == "20") == ["2025/TLE", "2026/MKR", "2026/TLE"]

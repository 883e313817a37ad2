"""Order without trusting client clocks (issue 11, item 4): the latest casting is the one
saved last, also for re-casts on the same day (it used to be chosen by the random id: 14 of
30 wrong); backups are pruned by the file server's time, not the client's date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from model.entities import Casting, new_id
from model.store import backups
from tests.unit.test_store import make_group, store  # noqa: F401 - fixture


def casting(day: date, cls: str) -> Casting:
    return Casting(new_id(), day, "Firmenkunden", 1, (), 0, cls, "AB")


def test_same_day_recast_the_last_saved_wins_every_time(store):
    group = store.save_group(make_group("70"))
    wrong = 0
    for i in range(30):
        cls = "ABCD"[i % 4]
        store.update_group(group.id, lambda g, cls=cls: replace(g, castings=(*g.castings, casting(date(2026, 3, 1), cls))))
        latest = store.load().groups[group.id].casting
        wrong += latest.final_class != cls
    assert wrong == 0


def test_bulk_save_orders_new_castings_too(store):
    group = make_group("71")
    store.save_groups([replace(group, castings=(casting(date(2026, 3, 1), "B"),))])
    stored = store.load().groups[group.id]
    store.save_groups([replace(stored, castings=(*stored.castings, casting(date(2026, 3, 1), "C")))])
    assert store.load().groups[group.id].casting.final_class == "C"


def test_backup_pruning_uses_the_servers_date_not_a_fast_client_clock(store, monkeypatch):
    group = store.save_group(make_group("72"))
    path = store.shard_path(store.shard_of(group.id))
    folder = backups.backup_folder(store.root, path)
    # nine daily copies of the last nine (server) days
    for age in range(9):
        copy = folder / f"tag-{(date.today() - timedelta(days=age)).isoformat()}.json"
        copy.write_bytes((folder / next(p.name for p in folder.glob("r*.json"))).read_bytes())
    before = sorted(p.name for p in folder.glob("tag-*.json"))

    # a PC whose clock is 45 days fast saves
    class FastDate(date):
        @classmethod
        def today(cls):
            return date.today() + timedelta(days=45)

    monkeypatch.setattr(backups, "date", FastDate)
    store.save_group(replace(store.load().groups[group.id], name="geändert"))
    after = sorted(p.name for p in folder.glob("tag-*.json"))
    assert set(before) <= set(after)  # nothing pruned

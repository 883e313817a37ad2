"""Merging two groups that are the same customer group (`kontakt merge-groups`).

The kept group takes over the given-up group's contact persons, castings, co-care
assignments and customers (record by record: by id, customers by number; the kept group's
own version wins where both have the same record). Every contact of the given-up group is
re-pointed to the kept one, so the history is whole. The given-up number and id are recorded
on the kept group (`Group.merged`): the number still finds the kept group, a contact logged
later from a dialog opened before the merge is counted for it, and a groups import that still
lists the number is refused instead of creating the duplicate again.

All files — both shards and every contacts file with a contact of the given-up group — are
changed in one `all_or_nothing` step. The merge is audited. On PostgreSQL the same merge is
one transaction (`postgres/maintenance.py`); both stores offer it as `store.merge_groups`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..entities import Group, MergedGroup
from ..german.counts import counted
from ..group_numbers import normalise_number
from .files import StoreError
from .multi import all_or_nothing


class MergeInputError(StoreError):
    """A number or id that names no group, or not exactly one."""


@dataclass(frozen=True)
class MergeReport:
    kept: Group
    given_up: str
    contacts: int
    persons: int
    castings: int
    assignments: int
    customers: int
    already: bool = False


def find_group(picture, ref: str) -> Group:
    """A group by id, by its exact number, or by its normalised number if that is unique."""
    if ref in picture.groups:
        return picture.groups[ref]
    exact = [g for g in picture.groups.values() if g.number == ref]
    if len(exact) == 1:
        return exact[0]
    same = [g for g in picture.groups.values() if normalise_number(g.number) == normalise_number(ref)]
    if len(same) > 1:
        ids = ", ".join(sorted(g.id for g in same))
        raise MergeInputError(f"Verbund-Nr {normalise_number(ref)} ist mehrfach vergeben; bitte die ID angeben ({ids}).")
    if not same:
        raise MergeInputError(f"Verbund {ref} gibt es nicht.")
    return same[0]


def _union(mine: tuple, theirs: tuple, key) -> tuple[tuple, int]:
    known = {key(r) for r in mine}
    added = tuple(r for r in theirs if key(r) not in known)
    return mine + added, len(added)


def merged_group(keep: Group, drop: Group, at: str, by: str) -> tuple[Group, dict[str, int]]:
    persons, n_persons = _union(keep.persons, drop.persons, lambda p: p.id)
    castings, n_castings = _union(keep.castings, drop.castings, lambda c: c.id)
    assignments, n_assignments = _union(keep.assignments, drop.assignments, lambda a: a.id)
    customers, n_customers = _union(keep.customers, drop.customers, lambda c: c.number)
    record = MergedGroup(drop.number, drop.id, at, by)
    group = replace(
        keep,
        persons=persons,
        castings=castings,
        assignments=assignments,
        customers=customers,
        carried_class=keep.carried_class or drop.carried_class,
        merged=(*keep.merged, *drop.merged, record),
    )
    counts = {"persons": n_persons, "castings": n_castings, "assignments": n_assignments, "customers": n_customers}
    return group, counts


GONE = "Zusammenführen abgebrochen: einer der Verbünde wurde inzwischen gelöscht — nichts wurde geändert."


def resolve(picture, keep_ref: str, drop_ref: str) -> tuple[Group, Group] | MergeReport:
    """The two groups to merge, or the report of a repeated command (already merged);
    MergeInputError for an unknown group or a group merged into itself. Both backends."""
    keep = find_group(picture, keep_ref)
    try:
        drop = find_group(picture, drop_ref)
    except MergeInputError:
        if any(normalise_number(m.number) == normalise_number(drop_ref) or m.id == drop_ref for m in keep.merged):
            return MergeReport(keep, drop_ref, 0, 0, 0, 0, 0, already=True)  # a repeated command
        raise
    if keep.id == drop.id:
        raise MergeInputError(f"BEHALTEN und AUFGEBEN sind derselbe Verbund ({keep.number}).")
    return keep, drop


def merge_groups(store, keep_ref: str, drop_ref: str) -> MergeReport:
    """The folder store's merge (`Store.merge_groups`; PostgreSQL: postgres/maintenance.py)."""
    picture = store.load()
    found = resolve(picture, keep_ref, drop_ref)
    if isinstance(found, MergeReport):
        return found
    keep, drop = found
    keep_path = store.shard_path(store.shard_of(keep.id))
    drop_path = store.shard_path(store.shard_of(drop.id))
    contact_files = sorted({store.contacts_path(c.date.year, c.by) for c in picture.contacts.get(drop.id, ())})
    files = [(keep_path, "groups"), (drop_path, "groups"), *((p, "contacts") for p in contact_files)]
    at = datetime.now().isoformat(timespec="seconds")
    entries: list[dict] = []
    moved = 0
    with all_or_nothing(store, files, "Zusammenführen") as dbs:
        keep_table, drop_table = dbs[keep_path].table("groups"), dbs[drop_path].table("groups")
        keep_doc = next((dict(r) for r in keep_table.all() if r.get("id") == keep.id), None)
        drop_doc = next((dict(r) for r in drop_table.all() if r.get("id") == drop.id), None)
        if keep_doc is None or drop_doc is None:
            raise StoreError(GONE)
        fresh_keep, fresh_drop = Group.from_json(keep_doc), Group.from_json(drop_doc)
        group, counts = merged_group(fresh_keep, fresh_drop, at, store.user)
        new_doc = keep_doc | group.to_json() | {"revision": fresh_keep.revision + 1}
        for path in contact_files:
            table = dbs[path].table("contacts")
            ids = [r.doc_id for r in table.all() if r.get("group") == drop.id]
            if ids:
                table.update({"group": keep.id}, doc_ids=ids)
                moved += len(ids)
                entries.append(
                    store._entry(
                        "contact",
                        "update",
                        counted(len(ids), "Kontakt", "Kontakte"),
                        keep.id,
                        {"group": drop.id},
                        {"group": keep.id},
                        path,
                    )
                )
        drop_table.remove(lambda r: r.get("id") == drop.id)
        keep_table.remove(lambda r: r.get("id") == keep.id)
        keep_table.insert(new_doc)
    summary = {"merged_into": group.number, "contacts": moved, **counts}
    entries = [
        store._entry("group", "merge", drop.id, drop.id, drop_doc, summary, drop_path),
        store._entry("group", "update", keep.id, keep.id, keep_doc, new_doc, keep_path),
        *entries,
    ]
    store._audit(entries)
    return MergeReport(group, fresh_drop.number, moved, **counts)

"""Groups read from a groups shard: every record checked, the heavy parts built on first use.

A start reads all 20,000 groups, but the due list looks at the customers, contact persons
and castings of the user's own groups only. Building those parts for every group was about
a third of a start. `parse_groups` therefore checks every record as before — a quick test
(`records.group_ok`) and, when any record fails it, the field checks that name file and
record in German — and builds a `LazyGroup` from each record that passed: id, number, name,
segment, lead, co-care, class carried over, revision and merged numbers at once; customers,
persons and castings when something first reads them. Records the quick test refuses but
the field checks accept are built whole at once (`Group.from_json`), as before.

A `LazyGroup` is a `Group` for every purpose: equal to and hashing like the eager group of
the same record, `dataclasses.replace` and pickling work, it is immutable.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from ..entities import Assignment, Casting, ContactPerson, Customer, Group, MergedGroup
from .records import check_records, group_ok

LAZY = ("customers", "persons", "castings")
_set = object.__setattr__
_get = object.__getattribute__


class LazyGroup(Group):
    """A Group whose customers, persons and castings are built from their records on first
    use. The record passed `records.group_ok`, so building them cannot fail."""

    __slots__ = ("_parts",)

    @classmethod
    def of(cls, d: dict) -> LazyGroup:
        g = object.__new__(cls)
        _set(g, "id", d["id"])
        _set(g, "number", str(d["number"]))
        _set(g, "name", d["name"])
        _set(g, "segment", d.get("segment", ""))
        _set(g, "lead", d["lead"])
        assignments = d.get("assignments")
        _set(g, "assignments", tuple(Assignment.from_json(a) for a in assignments) if assignments else ())
        _set(g, "carried_class", d.get("carried_class"))
        _set(g, "revision", int(d.get("revision", 0)))
        merged = d.get("merged")
        _set(g, "merged", tuple(MergedGroup(**m) for m in merged) if merged else ())
        # Only the three lists are kept, not the whole record.
        _set(g, "_parts", (d.get("customers", ()), d.get("persons", ()), d.get("castings", ())))
        return g

    def __getattr__(self, name: str):
        # Called only when a slot is not set: one of the three parts on first use.
        if name not in LAZY:
            raise AttributeError(name)
        try:
            customers, persons, castings = _get(self, "_parts")
        except AttributeError:
            return _get(self, name)  # built by another thread meanwhile
        _set(self, "customers", tuple(Customer(c["number"], c["name"]) for c in customers))
        _set(self, "persons", tuple(ContactPerson.from_json(p) for p in persons))
        _set(self, "castings", tuple(Casting.from_json(c) for c in castings))
        try:
            object.__delattr__(self, "_parts")  # the records are not needed any more
        except AttributeError:
            pass  # another thread was first
        return _get(self, name)

    def __eq__(self, other: object) -> bool:
        # Group's generated __eq__ compares objects of the very same class only.
        if not isinstance(other, Group):
            return NotImplemented
        return _values(self) == _values(other)

    __hash__ = Group.__hash__


_COMPARED = tuple(f.name for f in fields(Group) if f.compare)


def _values(g: Group) -> tuple:
    return tuple(getattr(g, name) for name in _COMPARED)


def parse_groups(path: Path, doc: dict) -> list[Group]:
    """The groups of a shard's document (its tables already checked): StoreFileError naming
    file and record when a record is unusable, exactly as `check_records` names it."""
    records = list(doc.get("groups", {}).values())
    passed = [group_ok(g) for g in records]
    if not all(passed):
        check_records(path, doc)  # names the first unusable record; returns if all are usable
    return [LazyGroup.of(g) if ok else Group.from_json(g) for g, ok in zip(records, passed)]

"""Three-way merge of a group, field by field, as KeePass merges a shared database on save.

Two advisors edit the same group from views loaded before the other's save. Instead of the
second save overwriting the first (or being refused outright), the change the saver made
(`base` → `mine`) is laid over what is stored now (`theirs`):

- a field changed on one side only takes that side's value;
- persons, castings, assignments and customers are merged record by record (by id, customers
  by their number): added on either side → kept, removed on one side and unchanged on the
  other → removed; a record changed on both sides is merged field by field in turn (one
  colleague the phone, the other the e-mail: both kept), and only the same field of the same
  record changed differently is a conflict (or a record changed on one side and removed on
  the other);
- a field (or record) changed on both sides to different values is a `FieldConflict`; the
  merged group then holds the *stored* value, so saving it unresolved never drops a
  colleague's change. The UI shows both values and applies the user's choice with
  `apply_choice`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

from ..entities import Group

_ABSENT = object()

# Record lists merged by key; the key function names a record within its list.
_KEYED = {
    "persons": lambda r: r.id,
    "castings": lambda r: r.id,
    "assignments": lambda r: r.id,
    "customers": lambda r: r.number,
}
# The id cannot change and the revision is the store's counter, not user data.
_SKIPPED = {"id", "revision"}

FIELD_LABELS = {
    "number": "Verbund-Nr",
    "name": "Name",
    "segment": "Segment",
    "lead": "FKB",
    "carried_class": "übernommene Klasse",
    "persons": "Ansprechpartner",
    "castings": "Casting",
    "assignments": "Co-Betreuung",
    "customers": "Kunde",
}

# The fields of a record, as the conflict dialog names them.
RECORD_FIELD_LABELS = {
    "name": "Name",
    "function": "Funktion",
    "phone": "Telefon",
    "email": "E-Mail",
    "number": "Nummer",
    "department": "Fachbereich",
    "advisor": "Kollege",
    "frequency": "Häufigkeit",
    "start": "Beginn",
    "end": "Ende",
    "override_class": "abweichende Klasse",
    "reason": "Begründung",
    "answers": "Antworten",
}


@dataclass(frozen=True)
class FieldConflict:
    """The same field (or the same record of a list: `key` set) changed on both sides.
    `mine`/`theirs` are the two values; None for a record means "removed on that side"."""

    field: str
    mine: Any
    theirs: Any
    key: str | None = None
    attribute: str | None = None
    """For a record changed on both sides: the one field of it both changed (mine/theirs are
    then that field's values)."""
    record: str = ""
    """How the user knows the record: a person's or customer's name (else the key)."""

    @property
    def label(self) -> str:
        """German, with names: "Ansprechpartner Anna Huber: Telefon"."""
        name = FIELD_LABELS.get(self.field, self.field)
        if self.key is None:
            return name
        label = f"{name} {self.record or self.key}"
        if self.attribute is not None:
            label += f": {RECORD_FIELD_LABELS.get(self.attribute, self.attribute)}"
        return label


@dataclass(frozen=True)
class MergeResult:
    """What `Store.save_group_merged` did: `saved` False means nothing was written because
    of `conflicts`; `group` is then the merge proposal (stored values where they collide)
    and `base` the stored record it was built on — the base of the next attempt."""

    group: Group
    conflicts: tuple[FieldConflict, ...] = ()
    saved: bool = True
    base: Group | None = None


def _pick(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """The three-way rule for one value: (result, conflict?)."""
    if mine == base:
        return theirs, False
    if theirs == base or mine == theirs:
        return mine, False
    return theirs, True


def _merge_records(name: str, base: tuple, mine: tuple, theirs: tuple) -> tuple[tuple, list[FieldConflict]]:
    key = _KEYED[name]
    b = {key(r): r for r in base}
    m = {key(r): r for r in mine}
    t = {key(r): r for r in theirs}
    # Order: the stored order, then records new on my side in my order — a stable display
    # order for the colleague who saved first.
    order = list(t) + [k for k in m if k not in t]
    order += [k for k in b if k not in t and k not in m]
    result, conflicts = [], []
    for k in order:
        base_r, mine_r, theirs_r = b.get(k, _ABSENT), m.get(k, _ABSENT), t.get(k, _ABSENT)
        if _ABSENT not in (base_r, mine_r, theirs_r) and is_dataclass(theirs_r):
            value, found = _merge_record_fields(name, str(k), base_r, mine_r, theirs_r)
            conflicts += found
        else:
            value, conflict = _pick(base_r, mine_r, theirs_r)
            if conflict:
                mine_v, theirs_v = m.get(k), t.get(k)
                conflicts.append(FieldConflict(name, mine_v, theirs_v, key=str(k), record=_record_name(mine_v or theirs_v)))
        if value is not _ABSENT:
            result.append(value)
    return tuple(result), conflicts


def _merge_record_fields(name: str, key: str, base: Any, mine: Any, theirs: Any) -> tuple[Any, list[FieldConflict]]:
    """One record changed on both sides, merged field by field like the group itself."""
    changes, conflicts = {}, []
    for f in fields(theirs):
        value, conflict = _pick(getattr(base, f.name), getattr(mine, f.name), getattr(theirs, f.name))
        if conflict:
            conflicts.append(
                FieldConflict(
                    name, getattr(mine, f.name), getattr(theirs, f.name), key=key, attribute=f.name, record=_record_name(theirs)
                )  # fmt: skip
            )
        changes[f.name] = value
    return replace(theirs, **changes), conflicts


def _record_name(record: Any) -> str:
    return str(getattr(record, "name", "") or "")


def merge_group(base: Group, mine: Group, theirs: Group) -> tuple[Group, list[FieldConflict]]:
    """Lay the change base→mine over theirs; see the module docstring for the rules."""
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for f in fields(Group):
        name = f.name
        if name in _SKIPPED:
            continue
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if name in _KEYED:
            value, found = _merge_records(name, b, m, t)
            conflicts += found
        else:
            value, conflict = _pick(b, m, t)
            if conflict:
                conflicts.append(FieldConflict(name, m, t))
        changes[name] = value
    return replace(theirs, **changes), conflicts


def apply_choice(group: Group, conflict: FieldConflict, value: Any) -> Group:
    """`group` with the user's choice for one conflict (`conflict.mine` or `.theirs`, or any
    value typed); for a record, None removes it."""
    if conflict.key is None:
        return replace(group, **{conflict.field: value})
    key = _KEYED[conflict.field]
    records = list(getattr(group, conflict.field))
    at = next((i for i, r in enumerate(records) if str(key(r)) == conflict.key), None)
    if conflict.attribute is not None:
        if at is not None:
            records[at] = replace(records[at], **{conflict.attribute: value})
    elif value is None:
        if at is not None:
            del records[at]
    elif at is None:
        records.append(value)
    else:
        records[at] = value
    return replace(group, **{conflict.field: tuple(records)})

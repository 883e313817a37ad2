""" "Meine Verbünde": every group the advisor answers for — as lead (FKB) or in an active
co-care assignment — with class, next due date and last contact, whether due soon or not.

Pure functions over the institute's parts; the screen only sorts, filters and renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from model.config import Config
from model.contacts.due import ContactsByGroup, class_rank, due_item, roles_of
from model.contacts.find import fold
from model.contacts.reminder_list import matches
from model.entities import Group


@dataclass(frozen=True, slots=True)
class MyGroup:
    group: Group
    role: str
    cls: str | None
    due: date | None
    """None: never contacted in this role (due at once)."""
    reason: str
    last_contact: date | None


def my_group_list(advisor: str, groups: Iterable[Group], contacts: ContactsByGroup, config: Config, as_of: date) -> list[MyGroup]:
    """One row per (group, role) the advisor holds on `as_of`, by due date (never first)."""
    rows = []
    for group, role, frequency in roles_of(advisor, groups, config, as_of):
        item = due_item(group, role, frequency, contacts, config, as_of)
        rows.append(MyGroup(group, role, item.cls, item.due, item.reason, item.last_contact))
    rows.sort(key=MY_SORTS["due"][1])
    return rows


def _by_due(row: MyGroup) -> tuple:
    return (row.due or date.min, class_rank(row.cls), row.group.name.casefold())


MY_SORTS: dict[str, tuple[str, Callable[[MyGroup], tuple]]] = {
    "due": ("fällig", _by_due),
    "class": ("Klasse", lambda r: (class_rank(r.cls), _by_due(r))),
    "name": ("Name", lambda r: (r.group.name.casefold(), r.group.number)),
    "last": ("letzter Kontakt", lambda r: (r.last_contact or date.min, _by_due(r))),
    "number": ("Nummer", lambda r: (r.group.number.zfill(12), r.role)),
}
"""Order name → (German label, key); "last" puts the longest-silent groups first."""


def sorted_groups(rows: Sequence[MyGroup], order: str, text: str = "") -> list[MyGroup]:
    """The rows whose group matches every word of `text`, in `order` (a key of MY_SORTS)."""
    text = fold(text)
    chosen = [r for r in rows if matches(r.group, text)] if text else list(rows)
    return sorted(chosen, key=MY_SORTS[order][1])

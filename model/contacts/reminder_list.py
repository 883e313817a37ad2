"""The advisor's work lists as the start screen shows them: counts for the header line,
filtering by what the user types, the three sort orders, and the row limit.

Pure functions over the rules' results (`DueItem`, `InactiveItem`), so the screen only
renders what comes out of here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from model.contacts.due import NEVER, DueItem, InactiveItem, class_rank, due_sort_key
from model.entities import Group

ROW_LIMIT = 2000
"""More rows than anyone scrolls through; beyond it the screen asks for a filter."""

Item = TypeVar("Item", DueItem, InactiveItem)


@dataclass(frozen=True, slots=True)
class Counts:
    overdue: int
    today: int
    soon: int


def due_counts(items: Sequence[DueItem]) -> Counts:
    """Never contacted counts as overdue: it was due at once."""
    overdue = sum(1 for i in items if i.reason == NEVER or i.overdue_days > 0)
    today = sum(1 for i in items if i.overdue_days == 0)
    return Counts(overdue, today, len(items) - overdue - today)


def _haystack(group: Group) -> str:
    parts = [group.number, group.name, *(c.name for c in group.customers), *(p.name for p in group.persons)]
    return " ".join(parts).casefold()


def matches(group: Group, text: str) -> bool:
    """Every word typed must occur in the group's number, name, customers or contact persons."""
    haystack = _haystack(group)
    return all(word in haystack for word in text.casefold().split())


def filtered(items: Sequence[Item], text: str) -> list[Item]:
    return [i for i in items if matches(i.group, text)] if text.strip() else list(items)


def _inactive_default(item: InactiveItem) -> tuple:
    return (class_rank(item.cls), item.last_contact or date.min, item.group.name)


SORTS: dict[str, str] = {"due": "fällig", "class": "Klasse", "name": "Name"}


def sort_key(order: str, inactive: bool = False) -> Callable:
    """Key for `order` ("due", "class" or "name"); ties fall back to the default order."""
    default = _inactive_default if inactive else due_sort_key
    if order == "class":
        return lambda i: (class_rank(i.cls), default(i))
    if order == "name":
        return lambda i: (i.group.name.casefold(), default(i))
    return default


def page(items: Sequence[Item], limit: int = ROW_LIMIT) -> tuple[list[Item], int]:
    """The rows to show and how many more were left out."""
    return list(items[:limit]), max(0, len(items) - limit)

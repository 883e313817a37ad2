"""Importing groups, contact persons and contacts from CSV files (German Excel): read the
file, plan against the current picture (`model.import_plans`, all or nothing), then write.

Writes apply only what the file says onto freshly read records, so a colleague's edit made
between our read and our write is kept. The store writes one transaction per file touched:
an import interrupted half-way (crash, lock timeout) is completed by running it again, since
a second run plans only what is still missing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from .csv_input import ImportFailed, read_text, squash
from .entities import Group
from .import_plans import (
    CONTACT_NAMESPACE,
    ImportReport,
    Plan,
    contact_id,
    plan_contacts,
    plan_groups,
    plan_persons,
)
from .store import Store, StoreError
from .store import erased

__all__ = [
    "CONTACT_NAMESPACE", "ImportFailed", "ImportReport", "Plan", "contact_id", "import_contacts", "import_groups",
    "import_persons", "plan_contacts", "plan_groups", "plan_persons",
]  # fmt: skip


def import_groups(store: Store, path: Path, as_of: date) -> ImportReport:
    text = read_text(path)  # an unreadable file fails before the store is even read
    plan = plan_groups(text, _complete_picture(store), as_of)
    # An erased group's number is not re-created (DSGVO tombstone); checked before any write.
    erased.refuse(store.root, numbers=[g.number for g in plan.groups])
    # Advisors first: a group must never name a lead the organisation does not know.
    if plan.advisors:
        store.save_advisors(plan.advisors)
    if plan.groups:
        # Only the columns of the file are written onto the freshly read group, so a
        # colleague's casting or co-care saved since our read stays.
        store.update_groups({g.id: partial(_take_file_columns, g) for g in plan.groups})
    return plan.report()


def _complete_picture(store: Store):
    """The whole store or nothing: a group in an unreadable shard would look new to the import
    and be created a second time, so an unreadable file stops the import before any write."""
    picture = store.load()
    if store.read_only:
        raise StoreError("Import abgebrochen, nichts wurde gespeichert: " + "; ".join(store.problems))
    return picture


def _take_file_columns(planned: Group, fresh: Group | None) -> Group:
    if fresh is None:
        return planned
    return replace(
        fresh,
        name=planned.name,
        segment=planned.segment,
        lead=planned.lead,
        customers=planned.customers,
        carried_class=planned.carried_class,
    )


def _take_file_persons(planned: Group, fresh: Group | None) -> Group | None:
    """The planned persons merged by name into the fresh list: a person a colleague added
    meanwhile stays. A group removed meanwhile stays removed."""
    if fresh is None:
        return None
    persons = list(fresh.persons)
    index = {squash(p.name).casefold(): i for i, p in enumerate(persons)}
    for person in planned.persons:
        key = squash(person.name).casefold()
        if key in index:
            persons[index[key]] = person
        else:
            persons.append(person)
    return replace(fresh, persons=tuple(persons))


def import_persons(store: Store, path: Path) -> ImportReport:
    text = read_text(path)
    plan = plan_persons(text, _complete_picture(store))
    if plan.groups:
        # One call: one transaction per shard, not per group.
        store.update_groups({g.id: partial(_take_file_persons, g) for g in plan.groups})
    return plan.report()


def import_contacts(store: Store, path: Path) -> ImportReport:
    text = read_text(path)
    plan = plan_contacts(text, _complete_picture(store))
    if not plan.contacts:
        return plan.report()
    added = store.add_contacts(plan.contacts)
    # The store has the last word: a colleague may have imported the same file meanwhile.
    return replace(plan, created=added, unchanged=plan.unchanged + len(plan.contacts) - added).report()

"""Importing groups, contact persons and contacts from CSV files (German Excel): read the
file, plan against the current picture (`model.exchange.import_checks`, all or nothing), then write.

Writes apply only what the file says onto freshly read records, so a colleague's edit made
between our read and our write is kept. Every import is written all or nothing
(`model.store.bulk`): all files it touches are locked first and written together, so a lock
held by a colleague or a full disk leaves the store as it was ("Import abgebrochen: … —
nichts wurde geändert"). A new Verbund-Nr is looked up again under its shard's lock, so two
PCs importing the same file create each group once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from model.entities import Group
from model.exchange.csv_in import ImportFailed, read_text, squash
from model.exchange.import_checks import (
    CONTACT_NAMESPACE,
    ImportReport,
    Plan,
    contact_id,
    plan_contacts,
    plan_groups,
    plan_persons,
)
from model.store import StoreError
from model.store.bulk import write_planned
from model.store.interface import refuse_erased

if TYPE_CHECKING:
    from model.store import Store

__all__ = [
    "CONTACT_NAMESPACE", "ImportFailed", "ImportReport", "Plan", "contact_id", "import_contacts", "import_groups",
    "import_persons", "plan_contacts", "plan_groups", "plan_persons",
]  # fmt: skip


def import_groups(store: Store, path: Path, as_of: date) -> ImportReport:
    text = read_text(path)  # an unreadable file fails before the store is even read
    picture = _complete_picture(store)
    plan = plan_groups(text, picture, as_of)
    # An erased group's number is not re-created (DSGVO tombstone); checked before any write.
    refuse_erased(store, numbers=[g.number for g in plan.groups])
    # Only the columns of the file are written onto the freshly read group, so a colleague's
    # casting or co-care saved since our read stays. Advisors go in the same step: a group
    # must never name a lead the organisation does not know.
    changes = {g.id: partial(_take_file_columns, g) for g in plan.groups if g.id in picture.groups}
    new = [(g, partial(_take_file_columns, g)) for g in plan.groups if g.id not in picture.groups]
    written = write_planned(store, plan.advisors, changes, new)
    if not plan.groups:
        return plan.report()
    # The store has the last word: a colleague may have imported the same file meanwhile.
    unchanged = plan.unchanged + written.unchanged
    messages = plan.messages
    if (written.created, written.updated) != (plan.created, plan.updated):
        messages += (
            f"Beim Speichern: {written.created} neu, {written.updated} geändert, {unchanged} unverändert "
            "(dieselben Verbünde wurden gleichzeitig von anderer Seite importiert).",
        )
    return replace(plan, created=written.created, updated=written.updated, unchanged=unchanged, messages=messages).report()


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
        number=planned.number,  # a stored spelling with invisible characters is cleaned
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
        write_planned(store, changes={g.id: partial(_take_file_persons, g) for g in plan.groups})
    return plan.report()


def import_contacts(store: Store, path: Path) -> ImportReport:
    text = read_text(path)
    plan = plan_contacts(text, _complete_picture(store))
    if not plan.contacts:
        return plan.report()
    added = write_planned(store, contacts=plan.contacts).contacts
    # The store has the last word: a colleague may have imported the same file meanwhile.
    return replace(plan, created=added, unchanged=plan.unchanged + len(plan.contacts) - added).report()

"""One consistent, read-only picture of the store as the rules need it: configuration,
advisors, groups and every group's contacts. The store builds it; screens and the CLI read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from model.config import Config
from model.entities import Advisor, Contact, Group, save_order
from model.group_numbers import normalise_number


@dataclass(frozen=True)
class Institute:
    config: Config
    advisors: Mapping[str, Advisor]
    groups: Mapping[str, Group]
    contacts: Mapping[str, Sequence[Contact]]
    """Group id → that group's contacts, in no particular order (see `history`)."""
    complete: bool = True
    """False for a status picture (`Store.load(scope="status")`): per group only the contacts
    that decide its due dates and activity, not its history."""
    history_from: date | None = None
    """Set when the picture leaves out closed years (`Store.load(since=…)`): contacts dated
    before it are here only as far as they decide due dates and activity; a group's whole
    history before it comes from `closed_history`."""
    some_groups: bool = False
    """True for a picture of some groups, each with its whole history (`complete` is False):
    an advisor's own (`load(advisor=…)` on a database) and those added by `add_groups`."""
    _by_number: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _histories: dict[str, tuple[Contact, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Keyed by the normalised number: "10040" typed or pasted with a zero-width space
        # finds the same group.
        self._by_number.update({normalise_number(g.number): g.id for g in self.groups.values()})
        # A number given up in a merge finds the group it went into (unless it is live again).
        for g in self.groups.values():
            for m in g.merged:
                self._by_number.setdefault(normalise_number(m.number), g.id)

    def group(self, number: str) -> Group | None:
        group_id = self._by_number.get(normalise_number(number))
        return self.groups[group_id] if group_id else None

    def history(self, group_id: str) -> Sequence[Contact]:
        """The group's contacts newest first (sorted on first use: a start sorts none)."""
        found = self._histories.get(group_id)
        if found is None:
            entries = self.contacts.get(group_id, ())
            found = tuple(sorted(entries, key=save_order, reverse=True))
            self._histories[group_id] = found
        return found

    def history_with(self, group_id: str, older: Sequence[Contact]) -> tuple[Contact, ...]:
        """`history` with a group's contacts of closed years (`closed_history`) in full: the
        picture holds of them only what decides due dates, without notes, and those entries
        give way to the full ones."""
        items = self.history(group_id)
        if self.history_from is None or not older:
            return tuple(items)
        full = {c.id: c for c in older}
        merged = [c for c in items if c.id not in full] + list(full.values())
        return tuple(sorted(merged, key=save_order, reverse=True))

    def needs_older(self, *contacts: Contact | None) -> bool:
        """Whether any of these came from closed years (an entry of the status index, without
        its note): a screen that shows their notes reads the group's closed years."""
        start = self.history_from
        return start is not None and any(c is not None and c.date < start for c in contacts)

    def answers_due_on(self, day: date) -> bool:
        """Whether due dates and activity computed from this picture for `day` are right:
        always for the whole history; for a status picture, or one without closed years,
        when none of its contacts is dated after `day` (a replayed past day needs the
        history: the latest entry before it may be one the picture left out)."""
        if self.has_histories and self.history_from is None:
            return True
        return all(c.date <= day for items in self.contacts.values() for c in items)

    @property
    def has_histories(self) -> bool:
        """Whether each group's contacts are its history (not a status picture's entries)."""
        return self.complete or self.some_groups

    def led_by(self, advisor: str) -> list[Group]:
        return [g for g in self.groups.values() if g.lead == advisor]

    def with_contacts(self, extra: Sequence[Contact]) -> Institute:
        """The same picture plus contacts not in it yet (a save still on its way to the
        share shows at once)."""
        known = {c.id for g in {c.group for c in extra} for c in self.contacts.get(g, ())}
        fresh = [c for c in extra if c.id not in known]
        if not fresh:
            return self
        contacts = dict(self.contacts)
        for c in fresh:
            contacts[c.group] = [*contacts.get(c.group, ()), c]
        return replace(self, contacts=contacts, _by_number={}, _histories={})

    def without_contact(self, contact: Contact) -> Institute:
        """The picture with one contact taken back (its save failed)."""
        contacts = dict(self.contacts)
        contacts[contact.group] = [c for c in contacts.get(contact.group, ()) if c.id != contact.id]
        return replace(self, contacts=contacts, _by_number={}, _histories={})

    @property
    def contact_count(self) -> int:
        return sum(len(v) for v in self.contacts.values())

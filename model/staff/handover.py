"""Portfolio handover: a colleague takes over the lead role (FKB) of groups and the co-care
assignments of another, from a date.

The due date of a (group, role) is computed from the contacts logged *for that role*
(`model.contacts.due`), whoever logged them: so the previous holder's contacts and agreed
follow-ups keep counting, and the new holder's due list shows them at once — open follow-ups
go along without copying anything. The history stays as it was (contacts keep their writer).
A co-care assignment ends on the handover day and a new one with the same department and
frequency starts that day for the colleague, so who cared when stays visible. Every changed
group is one audited update; all of them are written all or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from model.entities import LEAD, Assignment, Group, new_id
from model.institute import Institute
from model.staff.people import StaffError


@dataclass(frozen=True)
class Handover:
    lead: tuple[Group, ...]
    """Groups whose lead role moves."""
    co_care: tuple[tuple[Group, str], ...]
    """(group, department) of the co-care assignments that move."""
    open_follow_ups: int
    """Agreed follow-ups still open in the roles that move (they go along)."""
    notes: tuple[str, ...] = ()


def _open_follow_ups(institute: Institute, group: Group, role: str, on: date) -> int:
    entries = [c for c in institute.history(group.id) if c.role == role and c.date <= on]
    latest = entries[0] if entries else None
    return int(latest is not None and latest.follow_up is not None and latest.follow_up >= on)


def plan_handover(institute: Institute, giver: str, taker: str, numbers: Sequence[str], on: date) -> Handover:
    """What moves from `giver` to `taker` on `on`: all their groups, or those numbered."""
    for code, what in ((giver, "VON"), (taker, "AN")):
        if code not in institute.advisors:
            raise StaffError(f"{what} {code}: keine Person mit diesem Kürzel. Bekannt: {', '.join(sorted(institute.advisors))}")
    if giver == taker:
        raise StaffError("VON und AN sind dieselbe Person.")
    receiver = institute.advisors[taker]
    if receiver.left is not None:
        raise StaffError(f"AN {taker} ist ausgeschieden (seit {receiver.left:%d.%m.%Y}) und kann nichts übernehmen.")
    if numbers:
        groups = []
        for number in numbers:
            group = institute.group(number)
            if group is None:
                raise StaffError(f"Verbund {number} gibt es nicht.")
            if group.lead != giver and not any(a.advisor == giver and a.active_on(on) for a in group.assignments):
                raise StaffError(f"Verbund {number}: {giver} hat dort keine Rolle (FKB ist {group.lead}).")
            groups.append(group)
    else:
        groups = sorted(institute.groups.values(), key=lambda g: g.number)
    lead = tuple(g for g in groups if g.lead == giver)
    co_care = tuple((g, a.department) for g in groups for a in g.active_assignments(on) if a.advisor == giver)
    notes = []
    for g, department in co_care:
        if receiver.department != department:
            notes.append(
                f"Hinweis: {taker} gehört nicht zum Fachbereich {department} (Verbund {g.number}); übernommen wird trotzdem."
            )
    open_count = sum(_open_follow_ups(institute, g, LEAD, on) for g in lead)
    open_count += sum(_open_follow_ups(institute, g, d, on) for g, d in co_care)
    if not lead and not co_care:
        raise StaffError(f"{giver} hat am {on:%d.%m.%Y} keine Verbünde und keine Co-Betreuung; nichts zu übergeben.")
    return Handover(lead, co_care, open_count, tuple(notes))


def _moved(giver: str, taker: str, on: date, fresh: Group | None) -> Group | None:
    if fresh is None:
        return None
    lead = taker if fresh.lead == giver else fresh.lead
    assignments = []
    for a in fresh.assignments:
        if a.advisor == giver and a.active_on(on):
            if a.start < on:
                assignments.append(replace(a, end=on))
            assignments.append(Assignment(new_id(), a.department, taker, a.frequency, on, a.end))
        else:
            assignments.append(a)
    return replace(fresh, lead=lead, assignments=tuple(assignments))

"""Co-care assigned by the FKB and the contact network of a group (docs/rules.md, rule 1).

The casting names the departments to call in; the FKB picks a colleague of that department
and a target frequency (default: the group's class frequency). The colleague then has the
group on their own due list with role = department (see `schedule.roles_of`). Ending an
assignment only sets its end date: the history of who cared for the group stays.

The network puts the bank's people (FKB and active colleagues) against the group's contact
persons with the date of the last counted contact of each pair, so gaps are visible
("alle relevanten Personen sollen sich kennen").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from model.casting.scoring import called_in_departments
from model.config import Config, default_config
from model.entities import LEAD, Advisor, Assignment, Contact, ContactPerson, Group
from model.german.dates import format_date_de
from model.german.labels import role_label


def suggested_departments(group: Group, config: Config, as_of: date) -> tuple[str, ...]:
    """Departments the latest casting calls in that have no active assignment on `as_of`."""
    casting = group.casting
    if casting is None:
        return ()
    # The group's current scheme: a department dropped from a newer scheme is no longer
    # suggested; labels that no longer exist simply call in nothing.
    called = called_in_departments(config.scheme(group.segment), dict(casting.answers))
    covered = {a.department for a in group.active_assignments(as_of)}
    return tuple(d for d in called if d not in covered)


def colleagues(advisors: Mapping[str, Advisor], department: str) -> list[Advisor]:
    """The advisors of a department who have not left, by name."""
    return sorted((a for a in advisors.values() if a.department == department and a.left is None), key=lambda a: (a.name, a.code))


def default_frequency(group: Group, config: Config) -> float:
    """Target frequency of a new assignment: the group's class frequency (rule 2)."""
    return config.frequency(group.segment, group.cls)


def _open_on(assignment: Assignment, day: date) -> bool:
    # Active on the day or later: also an assignment starting in the future blocks a second one.
    return assignment.end is None or assignment.end > day


def assign(group: Group, department: str, advisor_code: str, frequency: float, start: date, new_id: str) -> Group:
    """The group with a new co-care assignment; ValueError (German) for a department that
    already has a running assignment, a frequency <= 0 or a missing department/advisor."""
    if not department.strip():
        raise ValueError("Fachbereich fehlt.")
    if not advisor_code.strip():
        raise ValueError("Kürzel des Kollegen fehlt.")
    if not frequency > 0:
        raise ValueError(f"Die Kontaktfrequenz muss größer als 0 sein (ist {frequency}).")
    for existing in group.assignments:
        if existing.department == department and _open_on(existing, start):
            raise ValueError(
                f"{group.name} wird für {department} bereits von {existing.advisor} betreut "
                f"(seit {format_date_de(existing.start)}). Diese Zuordnung zuerst beenden."
            )
    assignment = Assignment(new_id, department, advisor_code, float(frequency), start)
    return replace(group, assignments=(*group.assignments, assignment))


def end_assignment(group: Group, assignment_id: str, end: date) -> Group:
    """The group with the assignment ended on `end` (no longer active from that day on);
    it stays in the list so the history of the co-care is kept."""
    found = next((a for a in group.assignments if a.id == assignment_id), None)
    if found is None:
        raise ValueError(f"Die Co-Betreuung {assignment_id} gibt es bei {group.name} nicht.")
    if found.end is not None:
        raise ValueError(
            f"Die Co-Betreuung {found.department} ({found.advisor}) ist bereits beendet ({format_date_de(found.end)})."
        )
    if end < found.start:
        raise ValueError(f"Ende {format_date_de(end)} liegt vor dem Beginn der Co-Betreuung ({format_date_de(found.start)}).")
    ended = replace(found, end=end)
    return replace(group, assignments=tuple(ended if a.id == assignment_id else a for a in group.assignments))


def network(
    group: Group,
    advisors: Mapping[str, Advisor],
    contacts: Sequence[Contact],
    as_of: date,
    counted: Callable[[Contact], bool] | None = None,
) -> tuple[list[tuple[str, str]], list[ContactPerson], dict[tuple[str, str], date | None]]:
    """(bank people as (code, "FKB" or department), the group's contact persons, the last
    counted contact on or before `as_of` for every (bank code, person id) pair or None).

    `counted` is rule 3 (pass `config.counted`); without it the shipped configuration decides.
    A colleague is listed while their assignment is active; their contacts from before
    count as well, since the two people know each other either way."""
    counted = counted or default_config().counted
    people: list[tuple[str, str]] = [(group.lead, role_label(LEAD))]
    active = sorted(
        group.active_assignments(as_of),
        key=lambda a: (a.department, advisors[a.advisor].name if a.advisor in advisors else a.advisor),
    )
    people += [(a.advisor, a.department) for a in active]
    persons = list(group.persons)
    last: dict[tuple[str, str], date | None] = {(code, p.id): None for code, _ in people for p in persons}
    for c in contacts:
        key = (c.by, c.person)
        if key not in last or c.group != group.id or c.date > as_of or not counted(c):
            continue
        seen = last[key]
        if seen is None or c.date > seen:
            last[key] = c.date
    return people, persons, last

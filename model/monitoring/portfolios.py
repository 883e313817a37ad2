"""Monitoring, docs/rules.md, rule 6 and the essay's section "Monitoring": Soll/Ist per class for
one portfolio or every lead advisor side by side, the under- and over-served groups, the
share of effort on C and D groups, co-care per department and colleague, and counted
contacts per month.

Soll, Ist and the flags come from `soll_ist.role_targets`, overdue from `schedule.due_for_role`;
this module only groups and counts. Overdue is judged on `as_of` (the working day), whatever
period the Soll/Ist covers: it answers "what is late now", not "what was late then".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

from model.config import Config
from model.contacts.due import class_rank, due_for_role, role_entries
from model.contacts.guided_call import role_frequency
from model.entities import CLASSES, LEAD, Contact, Group
from model.monitoring.periods import month_starts
from model.monitoring.soll_ist import (
    NO_CLASS,
    EffortShare,
    Period,
    RoleTarget,
    class_labels,
    effort_on_c_and_d,
    role_targets,
)

ContactsByGroup = Mapping[str, Sequence[Contact]]


@dataclass(frozen=True, slots=True)
class ClassRow:
    """One line of the portfolio table: a class (or "gesamt"), or a department/colleague."""

    label: str
    groups: int
    soll: float
    ist: int
    overdue: int | None
    """None: not counted (a first, quicker picture; see `team`)."""
    under: int
    over: int

    @property
    def coverage(self) -> float | None:
        """Ist as a share of Soll (1.0 = 100 %), None when nothing was due."""
        return self.ist / self.soll if self.soll else None


@dataclass(frozen=True, slots=True)
class Portfolio:
    advisor: str | None
    """None: every lead advisor together."""
    period: Period
    as_of: date
    rows: list[ClassRow]
    total: ClassRow
    under: list[RoleTarget]
    """Under-served, largest gap (Soll − Ist) first."""
    over: list[RoleTarget]
    """Over-served, largest excess first."""
    effort: EffortShare
    targets: list[RoleTarget]


def overdue_flags(targets: Iterable[RoleTarget], contacts: ContactsByGroup, config: Config, as_of: date) -> set:
    """(group id, role) of every target overdue on as_of; never contacted counts (it was
    due at once), as on the start screen. Rule 4 as `due.due_for_role` has it, handed all of
    the group's entries and the role's `role_entries` to pick its own: it asks that only of
    the few entries that could decide (a team's 100,000 groups: 0.77 s -> 0.37 s, with the
    walk's own speed-up)."""
    flags = set()
    counted = config.counted
    keeps: dict[str, Callable[[Contact], bool]] = {}
    # A lead role is planned at its class's frequency: `role_frequency` asked once per
    # (segment, class), not per group (it finds the class in the castings and the band in
    # the scheme again; 100,000 groups: 0.08 s). test_team_equivalence asks it per group.
    lead_frequencies: dict[tuple[str, str | None], float] = {}
    for t in targets:
        group, role = t.group, t.role
        keep = keeps.get(role)
        if keep is None:
            keep = keeps[role] = role_entries(role, config)
        if role == LEAD:
            frequency = lead_frequencies.get((group.segment, t.cls))
            if frequency is None:
                frequency = lead_frequencies[group.segment, t.cls] = role_frequency(group, role, config, as_of)
        else:
            frequency = role_frequency(group, role, config, as_of)
        due = due_for_role(contacts.get(group.id, ()), frequency, counted, as_of, keep)
        if due.date is None or due.date < as_of:
            flags.add((group.id, role))
    return flags


_CHUNK = 256
"""Groups whose targets and overdue flags are computed together (see `_targets`)."""


def _targets(
    groups: Iterable[Group],
    contacts: ContactsByGroup,
    config: Config,
    period: Period,
    as_of: date,
    with_overdue: bool = True,
    advisor: str | None = None,
    co_care: bool = False,
) -> tuple[list[RoleTarget], set | None]:
    """`role_targets` and their `overdue_flags`, a few hundred groups at a time: the second
    walk over a group's contacts then finds them still in the processor's cache (a team of
    100,000 groups, 1.25 million contacts: a tenth to a fifth less time). The same result as in
    one go: a group's targets and flags depend on that group alone."""
    targets: list[RoleTarget] = []
    overdue: set | None = set() if with_overdue else None
    remaining = iter(groups)
    while chunk := list(islice(remaining, _CHUNK)):
        part = role_targets(chunk, contacts, config, period, advisor, co_care)
        targets += part
        if overdue is not None:
            overdue |= overdue_flags(part, contacts, config, as_of)
    return targets, overdue


_Tally = tuple[set, int, int, int, int]


def _tally(targets: Sequence[RoleTarget], overdue: set | None) -> _Tally:
    """(group ids, Ist, overdue, under-served, over-served) of the targets, in one walk."""
    groups, ist, late, under, over = set(), 0, 0, 0, 0
    for t in targets:
        groups.add(t.group.id)
        ist += t.ist
        under += t.under
        over += t.over
        if overdue is not None and (t.group.id, t.role) in overdue:
            late += 1
    return groups, ist, late, under, over


def _row(label: str, targets: Sequence[RoleTarget], overdue: set | None, tally: _Tally | None = None) -> ClassRow:
    groups, ist, late, under, over = tally or _tally(targets, overdue)
    # Soll with sum() over the targets in order, as ever, so that the float is the same to the last bit.
    return ClassRow(label, len(groups), sum(t.soll for t in targets), ist, None if overdue is None else late, under, over)


def _merged(tallies: Iterable[_Tally]) -> _Tally:
    tallies = list(tallies)
    return set().union(*(x[0] for x in tallies)), *(sum(x[i] for x in tallies) for i in range(1, 5))


def _class_rows(
    targets: Sequence[RoleTarget], overdue: set | None, tallies: dict[str, _Tally] | None = None
) -> tuple[list[ClassRow], ClassRow, dict[str, _Tally]]:
    """The class rows (those `summarize` has) and the total; `tallies` per class when they
    are known already (the whole team's, from its advisors')."""
    by_class: dict[str, list[RoleTarget]] = {label: [] for label in (*CLASSES, NO_CLASS)}
    for t in targets:
        by_class[t.cls if t.cls in CLASSES else NO_CLASS].append(t)
    labels = class_labels(by_class[NO_CLASS])  # the uncast targets decide whether "–" has a row
    if tallies is None:
        tallies = {label: _tally(by_class[label], overdue) for label in labels}
    rows = [_row(label, by_class[label], overdue, tallies[label]) for label in labels]
    # The total from the class tallies (every target is in one class): a team overview's
    # 100,000 targets are not walked once more.
    return rows, _row("gesamt", targets, overdue, _merged(tallies[label] for label in labels)), tallies


def _served_lists(targets: Sequence[RoleTarget]) -> tuple[list[RoleTarget], list[RoleTarget]]:
    """Under-served, largest gap (Soll − Ist) first, and over-served, largest excess first;
    then class A→D, then group name, then the targets' order."""
    under: dict[tuple[float, int], list[RoleTarget]] = defaultdict(list)
    over: dict[tuple[float, int], list[RoleTarget]] = defaultdict(list)
    ranks: dict[str | None, int] = {}
    for t in targets:
        is_under, is_over = t.under, t.over
        if is_under or is_over:
            rank = ranks.get(t.cls)
            if rank is None:
                rank = ranks[t.cls] = class_rank(t.cls)
            if is_under:
                under[t.ist - t.soll, rank].append(t)
            if is_over:
                over[t.soll - t.ist, rank].append(t)
    return _ordered(under), _ordered(over)


def _by_name(t: RoleTarget) -> str:
    return t.group.name


def _ordered(buckets: dict[tuple[float, int], list[RoleTarget]]) -> list[RoleTarget]:
    """The targets of (gap, class rank) buckets by gap, class, then group name, then their
    order: one sort of the whole list of decorated tuples took a tenth of a team overview
    (gaps are few, so nearly every comparison went on to the class and the name); sorting
    the few bucket keys, then each bucket by name alone (stable: equal names keep their
    order) gives the same order (100,000 groups: 0.15 s -> 0.06 s)."""
    result: list[RoleTarget] = []
    for key in sorted(buckets):
        items = buckets[key]
        items.sort(key=_by_name)
        result += items
    return result


def _portfolio(advisor, period, as_of, targets, overdue, served=None, tallies=None) -> tuple[Portfolio, dict[str, _Tally]]:
    rows, total, tallies = _class_rows(targets, overdue, tallies)
    under, over = served or _served_lists(targets)
    return Portfolio(advisor, period, as_of, rows, total, under, over, effort_on_c_and_d(targets), targets), tallies


def portfolio(
    groups: Iterable[Group],
    contacts: ContactsByGroup,
    config: Config,
    period: Period,
    as_of: date,
    advisor: str | None = None,
) -> Portfolio:
    """One advisor's lead portfolio (or, with advisor None, every lead role together)."""
    targets, overdue = _targets(groups, contacts, config, period, as_of, advisor=advisor)
    return _portfolio(advisor, period, as_of, targets, overdue)[0]


def team(
    groups: Iterable[Group],
    contacts: ContactsByGroup,
    config: Config,
    period: Period,
    as_of: date,
    with_overdue: bool = True,
) -> tuple[list[Portfolio], Portfolio]:
    """Every lead advisor's portfolio side by side (by code), and the whole team's.
    Soll/Ist and overdue are computed once for all and then split by lead advisor.
    `with_overdue=False` leaves overdue out (None): it is about two fifths of the time, and
    the screen shows the rest first. benchmarks/bench_team.py measures `team` (on a quiet
    2-CPU machine, 01.12.2026: 20,000 groups 0.18 s; 100,000 groups 0.97 s)."""
    targets, overdue = _targets(groups, contacts, config, period, as_of, with_overdue)
    # The whole team's lists of under- and over-served sorted once; an advisor's are the
    # same order restricted to the advisor (a stable sort of a subsequence keeps it).
    under, over = _served_lists(targets)
    by_advisor: dict[str, list[RoleTarget]] = defaultdict(list)
    for t in targets:
        by_advisor[t.advisor].append(t)
    served: dict[str, tuple[list, list]] = {code: ([], []) for code in by_advisor}
    for i, items in enumerate((under, over)):
        for t in items:
            served[t.advisor][i].append(t)
    each, class_tallies = [], defaultdict(list)
    for code in sorted(by_advisor):
        one, tallies = _portfolio(code, period, as_of, by_advisor[code], overdue, served[code])
        each.append(one)
        for label, tally in tallies.items():
            class_tallies[label].append(tally)
    # The whole team's class tallies from its advisors' (each target is one advisor's).
    whole_tallies = {label: _merged(items) for label, items in class_tallies.items()}
    empty: _Tally = (set(), 0, 0, 0, 0)
    whole, _ = _portfolio(None, period, as_of, targets, overdue, (under, over), defaultdict(lambda: empty, whole_tallies))
    return each, whole


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    department: str
    advisor: str | None
    """None: the department's total line."""
    row: ClassRow


def departments(
    groups: Iterable[Group], contacts: ContactsByGroup, config: Config, period: Period, as_of: date
) -> list[DepartmentRow]:
    """Co-care Soll/Ist per department (total line first) and per colleague in it.
    Assignments are those active at the end of the period (as in role_targets)."""
    targets, overdue = _targets(groups, contacts, config, period, as_of, co_care=True)
    by_department: dict[str, list[RoleTarget]] = defaultdict(list)
    for t in targets:
        by_department[t.role].append(t)
    result = []
    for department in sorted(by_department):
        items = by_department[department]
        result.append(DepartmentRow(department, None, _row(department, items, overdue)))
        by_colleague: dict[str, list[RoleTarget]] = defaultdict(list)
        for t in items:
            by_colleague[t.advisor].append(t)
        for code in sorted(by_colleague):
            result.append(DepartmentRow(department, code, _row(code, by_colleague[code], overdue)))
    return result


def contacts_per_month(
    targets: Iterable[RoleTarget], contacts: ContactsByGroup, config: Config, as_of: date, months: int = 12
) -> list[tuple[date, int]]:
    """Counted contacts of the targets' (group, role)s per calendar month, for the `months`
    months ending with as_of's month (the last one up to as_of); oldest first."""
    starts = month_starts(as_of, months)
    counts = {start: 0 for start in starts}
    first = starts[0]
    roles: dict[str, set[str]] = defaultdict(set)
    for t in targets:
        roles[t.group.id].add(t.role)
    for group_id, wanted in roles.items():
        for c in contacts.get(group_id, ()):
            if first <= c.date <= as_of and c.role in wanted and config.counted(c):
                counts[c.date.replace(day=1)] += 1
    return list(counts.items())


def class_distribution(rows: Sequence[ClassRow]) -> list[tuple[str, int]]:
    """Groups per class, for the chart."""
    return [(r.label, r.groups) for r in rows]

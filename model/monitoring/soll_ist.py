"""Soll/Ist over a period, docs/rules.md, rule 6: Soll = frequency × period in years; Ist =
counted contacts in the period for that role. Under-served: Ist < Soll. Over-served:
Soll > 0 and Ist ≥ 2 × Soll. Plus the share of effort spent on C and D groups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from model.config import Config
from model.entities import CLASSES, LEAD, Contact, Group

NO_CLASS = "–"


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of days."""

    first: date
    last: date

    @classmethod
    def last_months(cls, as_of: date, months: int = 12) -> Period:
        """The `months` calendar months up to and including as_of (default rule 6 period)."""
        return cls(as_of - relativedelta(months=months) + timedelta(days=1), as_of)

    @property
    def years(self) -> float:
        """Length in years, counted in calendar months so that 12 months are exactly 1.0."""
        rd = relativedelta(self.last + timedelta(days=1), self.first)
        return rd.years + rd.months / 12 + rd.days / 365

    def __contains__(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class RoleTarget:
    group: Group
    role: str
    advisor: str
    cls: str | None
    soll: float
    ist: int
    planning_minutes: int

    @property
    def under(self) -> bool:
        return self.ist < self.soll

    @property
    def over(self) -> bool:
        return self.soll > 0 and self.ist >= 2 * self.soll


def role_targets(
    groups: Iterable[Group],
    contacts: Mapping[str, Sequence[Contact]],
    config: Config,
    period: Period,
    advisor: str | None = None,
    co_care: bool = False,
) -> list[RoleTarget]:
    """Soll and Ist per (group, role): lead roles, or with `co_care` the assignments active
    at the end of the period. `advisor` restricts to one advisor's roles."""
    years, first, last, counted = period.years, period.first, period.last, config.counted
    bands: dict[tuple[str, str | None], tuple[float, int]] = {}  # (segment, class): lookups once
    results: list[RoleTarget] = []
    for group in groups:
        if co_care:
            roles = [
                (a.department, a.advisor, a.frequency)
                for a in group.assignments
                if a.active_on(last) and advisor in (None, a.advisor)
            ]
            if not roles:
                continue
        elif advisor is None or advisor == group.lead:
            roles = None  # the lead role alone, at the class's frequency (looked up below)
        else:
            continue
        cls = group.cls
        key = (group.segment, cls)
        band = bands.get(key)
        if band is None:
            band = bands[key] = (config.frequency(*key), config.band(*key).planning_minutes)
        class_frequency, minutes = band
        group_contacts = contacts.get(group.id, ())
        # The period's test (`day in period`) first, written out: it is the cheap one and
        # leaves a fifth of five years' contacts for the role and rule 3 (`Config.counted`).
        if roles is None:
            # One plain loop, no list or generator per group: every group of a team overview
            # comes here (100,000 groups: 0.27 s -> 0.19 s for the Ist).
            ist = 0
            for c in group_contacts:
                if first <= c.date <= last and c.role == LEAD and counted(c):
                    ist += 1
            results.append(RoleTarget(group, LEAD, group.lead, cls, class_frequency * years, ist, minutes))
            continue
        in_period = [c for c in group_contacts if first <= c.date <= last]
        for role, who, frequency in roles:
            ist = sum(1 for c in in_period if c.role == role and counted(c))
            results.append(RoleTarget(group, role, who, cls, frequency * years, ist, minutes))
    return results


@dataclass(frozen=True, slots=True)
class ClassSummary:
    cls: str
    groups: int
    soll: float
    ist: int
    under: int
    over: int

    @property
    def coverage(self) -> float | None:
        """Ist as a share of Soll (1.0 = 100 %), None when nothing was due."""
        return self.ist / self.soll if self.soll else None


def summarize(targets: Sequence[RoleTarget]) -> tuple[list[ClassSummary], ClassSummary]:
    """Rows per class A–D (and '–' for uncast groups if any), and the total row."""

    def row(label: str, items: Sequence[RoleTarget]) -> ClassSummary:
        return ClassSummary(
            label,
            len({t.group.id for t in items}),
            sum(t.soll for t in items),
            sum(t.ist for t in items),
            sum(1 for t in items if t.under),
            sum(1 for t in items if t.over),
        )

    by_class: dict[str, list[RoleTarget]] = {label: [] for label in class_labels(targets)}
    for t in targets:
        by_class[t.cls if t.cls in CLASSES else NO_CLASS].append(t)
    return [row(label, items) for label, items in by_class.items()], row("gesamt", targets)


def class_labels(targets: Iterable[RoleTarget]) -> list[str]:
    """The class rows a summary has: A–D always, '–' (uncast groups) only if there are any."""
    return [*CLASSES, NO_CLASS] if any(t.cls not in CLASSES for t in targets) else list(CLASSES)


@dataclass(frozen=True, slots=True)
class EffortShare:
    contacts: float | None
    minutes: float | None


def effort_on_c_and_d(targets: Sequence[RoleTarget]) -> EffortShare:
    """Share of counted contacts, and of planning minutes, spent on C and D groups."""
    total_contacts = sum(t.ist for t in targets)
    total_minutes = sum(t.ist * t.planning_minutes for t in targets)
    cd = [t for t in targets if t.cls in ("C", "D")]
    cd_contacts = sum(t.ist for t in cd)
    cd_minutes = sum(t.ist * t.planning_minutes for t in cd)
    return EffortShare(
        cd_contacts / total_contacts if total_contacts else None,
        cd_minutes / total_minutes if total_minutes else None,
    )

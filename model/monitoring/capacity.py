"""Capacity, docs/rules.md, rule 7: required hours a year = Σ over an advisor's roles of
frequency × planning minutes / 60; available = the advisor's net market time; utilisation =
required / available, above 100 % the targets are not feasible for that portfolio.

Roles are the lead groups (frequency and planning minutes of their class band) and the
co-care assignments active on the as-of date (their own frequency, the group's planning
minutes). The portfolio is first boiled down to a `Workload` — how many lead groups and how
much co-care frequency per (segment, class) — so that a what-if, which only changes band
values, is a handful of multiplications per advisor and can follow every keystroke.
"""

from __future__ import annotations

import copy
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from model.config import Config
from model.entities import CLASSES, Advisor, Group

DEFAULT_NET_MARKET_HOURS = 630.0
Key = tuple[str, str]
"""(segment, class in force; an uncast group counts as the configured unclassified class)."""


@dataclass(frozen=True, slots=True)
class ClassChange:
    """A what-if for one class: a new target frequency and/or new planning minutes."""

    frequency: float | None = None
    planning_minutes: int | None = None


Changes = Mapping[str, ClassChange]
"""Class (A–D) → change; applied to that class in every segment's scheme."""


@dataclass(slots=True)
class Workload:
    advisor: str
    lead: dict[Key, int] = field(default_factory=dict)
    """Lead groups per (segment, class)."""
    co_care: dict[Key, float] = field(default_factory=dict)
    """Sum of the co-care assignments' frequencies per (segment, class) of their groups."""
    co_care_roles: int = 0

    @property
    def span(self) -> int:
        """Beraterspanne: the number of groups the advisor leads."""
        return sum(self.lead.values())


def workloads(groups: Iterable[Group], config: Config, as_of: date) -> dict[str, Workload]:
    """Every advisor's roles on as_of, boiled down per (segment, class)."""
    found: dict[str, Workload] = {}

    def of(code: str) -> Workload:
        w = found.get(code)
        if w is None:
            w = found[code] = Workload(code, defaultdict(int), defaultdict(float))
        return w

    for group in groups:
        key = (group.segment, group.cls or config.unclassified_as)
        of(group.lead).lead[key] += 1
        for a in group.assignments:
            if a.active_on(as_of):
                w = of(a.advisor)
                w.co_care[key] += a.frequency
                w.co_care_roles += 1
    for w in found.values():
        w.lead, w.co_care = dict(w.lead), dict(w.co_care)
    return found


def band_values(config: Config, segment: str, cls: str, changes: Changes | None = None) -> tuple[float, int]:
    """(frequency, planning minutes) of a class band, with the what-if applied."""
    band = config.band(segment, cls)
    change = (changes or {}).get(cls)
    frequency = change.frequency if change and change.frequency is not None else band.frequency
    minutes = change.planning_minutes if change and change.planning_minutes is not None else band.planning_minutes
    return frequency, minutes


def lead_hours(workload: Workload, config: Config, changes: Changes | None = None) -> float:
    total = 0.0
    for (segment, cls), n in workload.lead.items():
        frequency, minutes = band_values(config, segment, cls, changes)
        total += n * frequency * minutes / 60
    return total


def co_care_hours(workload: Workload, config: Config, changes: Changes | None = None) -> float:
    """Co-care keeps its own frequency; only the group's planning minutes follow a what-if."""
    total = 0.0
    for (segment, cls), frequency_sum in workload.co_care.items():
        _, minutes = band_values(config, segment, cls, changes)
        total += frequency_sum * minutes / 60
    return total


def required_hours(workload: Workload, config: Config, changes: Changes | None = None) -> float:
    return lead_hours(workload, config, changes) + co_care_hours(workload, config, changes)


@dataclass(frozen=True, slots=True)
class Utilisation:
    advisor: str
    name: str
    span: int
    co_care_roles: int
    required: float
    available: float

    @property
    def share(self) -> float | None:
        """required / available (1.0 = 100 %); None without net market time."""
        return self.required / self.available if self.available > 0 else None

    @property
    def over(self) -> bool:
        """Above 100 %: the targets are not feasible for this portfolio."""
        return self.required > self.available


def utilisations(
    loads: Mapping[str, Workload],
    advisors: Mapping[str, Advisor],
    config: Config,
    changes: Changes | None = None,
    hours: Mapping[str, float] | None = None,
) -> list[Utilisation]:
    """Every advisor (and every code holding roles without an advisor record), by code.
    `hours` overrides net market time (edited on screen, not yet saved)."""
    hours = hours or {}
    result = []
    for code in sorted(set(advisors) | set(loads)):
        advisor = advisors.get(code)
        if advisor is not None and advisor.left is not None and code not in loads:
            continue  # left and handed over: off the list (still shown while holding groups)
        w = loads.get(code) or Workload(code)
        available = hours.get(code, advisor.net_market_hours if advisor else DEFAULT_NET_MARKET_HOURS)
        result.append(
            Utilisation(
                code,
                advisor.name if advisor else code,
                w.span,
                w.co_care_roles,
                required_hours(w, config, changes),
                available,
            )
        )
    return result


def capacity_rows(
    groups: Iterable[Group],
    advisors: Mapping[str, Advisor],
    config: Config,
    as_of: date,
    changes: Changes | None = None,
) -> list[Utilisation]:
    """Rule 7 for every advisor, optionally under a what-if (nothing is saved)."""
    return utilisations(workloads(groups, config, as_of), advisors, config, changes)


def apply_what_if(config_raw: dict, changes: Changes) -> dict:
    """A new configuration document with the what-if written into every segment's class
    bands, for Store.save_config; the original document is left untouched."""
    new = copy.deepcopy(config_raw)
    for scheme in new.get("schemes", ()):
        for band in scheme.get("classes", ()):
            change = changes.get(band.get("name"))
            if change is None:
                continue
            if change.frequency is not None:
                if change.frequency <= 0:
                    raise ValueError(f"Frequenz der Klasse {band['name']} muss größer als 0 sein")
                band["frequency"] = change.frequency
            if change.planning_minutes is not None:
                if change.planning_minutes < 0:
                    raise ValueError(f"Planungsminuten der Klasse {band['name']} dürfen nicht negativ sein")
                band["planning_minutes"] = change.planning_minutes
    return new


@dataclass(frozen=True, slots=True)
class Proposal:
    """The highest target frequencies that keep the A:B:C:D ratios and fit the net market
    time: every class frequency times `factor` (1.0 = today's targets just fit)."""

    advisor: str
    factor: float | None
    """None when the advisor leads no group, or co-care alone exceeds the time."""
    frequencies: dict[str, float]
    required: float
    available: float


def propose(workload: Workload, config: Config, available: float, segment: str | None = None) -> Proposal:
    """Solve k × lead hours + co-care hours = available for k. Co-care is not scaled: its
    frequencies are agreed per assignment, not per class. The frequencies are shown for the
    scheme of `segment` (default: the segment holding most of the portfolio) and rounded
    down to two decimals so the proposal stays feasible."""
    base = lead_hours(workload, config)
    fixed = co_care_hours(workload, config)
    if segment is None:
        counts: dict[str, int] = defaultdict(int)
        for (seg, _), n in workload.lead.items():
            counts[seg] += n
        segment = max(counts, key=lambda s: (counts[s], s)) if counts else config.schemes[0].segment
    if base <= 0 or available <= fixed:
        return Proposal(workload.advisor, None, {}, fixed, available)
    factor = (available - fixed) / base
    frequencies = {cls: math.floor(config.band(segment, cls).frequency * factor * 100 + 1e-9) / 100 for cls in CLASSES}
    changes = {cls: ClassChange(frequency=f) for cls, f in frequencies.items()}
    return Proposal(workload.advisor, factor, frequencies, required_hours(workload, config, changes), available)

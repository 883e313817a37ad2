"""Ist beside the plan: the success-planning rates measured on logged contacts over a period,
for one advisor or the team, and a plan started from them.

Definitions (the same chain as the plan in `model/planning/calculator.py`):

- An *active call* is a logged contact of format "Active Call" (reached or not: the plan's one
  call a day includes the ones that fail).
- A *follow-up call* is an active call to a group whose previous active call (by anyone, also
  before the period) ended without a meeting but with a follow-up date. Every other active call
  is a *first call*. The plan counts follow-up calls on top of the daily calls, so the actual
  calls per day are first calls only — otherwise a plan started from Ist would count them twice.
- The team is the plan's team: the FKB, i.e. the advisors who lead at least one group and
  belong to no department (specialists co-care, they do not make the FKB's calls), whatever
  their role (a team lead or administrator who leads groups counts; one without groups not).
  Only their contacts are measured, and `counted` says whom the figures are about.
- Calls per day and advisor = first calls ÷ (advisors × working days of the period), where the
  working days of the period are the plan's working days a year × the period's length in years
  (210 for 12 months): the plan's own yardstick rather than a holiday calendar.
- Immediate-meeting rate = first calls with outcome "Termin vereinbart" ÷ first calls.
- Follow-up rate = first calls without a meeting that got a follow-up date ÷ first calls
  (a share of all first calls, as in the essay where 40 % + 40 % = 80 % of calls succeed).
- Meeting rate from follow-up calls = follow-up calls with "Termin vereinbart" ÷ follow-up calls.
- Conversions = contacts in the period (any format) with a deal amount; contribution = their sum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import chain

from model.entities import Advisor, Contact, Group, save_order
from model.institute import Institute
from model.monitoring.soll_ist import Period
from model.planning.calculator import PlanInputs

ACTIVE_CALL = "Active Call"
MEETING = "Termin vereinbart"


@dataclass(frozen=True, slots=True)
class PlanActuals:
    period: Period
    advisor: str | None
    """The advisor measured, or None for the team."""
    advisors: int
    working_days: float
    """Working days per advisor in the period (plan's days a year × period in years)."""
    calls: int
    """All active calls in the period (first calls + follow-up calls)."""
    first_calls: int
    immediate_meetings: int
    follow_ups_agreed: int
    follow_up_calls: int
    follow_up_meetings: int
    conversions: int
    contribution: float
    counted: tuple[str, ...] = ()
    """Kürzel of the advisors measured (the team's FKB, or the one advisor)."""

    @staticmethod
    def _share(part: float, whole: float) -> float | None:
        return part / whole if whole else None

    @property
    def advisor_days(self) -> float:
        return self.advisors * self.working_days

    @property
    def calls_per_day(self) -> float | None:
        return self._share(self.first_calls, self.advisor_days)

    @property
    def immediate_rate(self) -> float | None:
        return self._share(self.immediate_meetings, self.first_calls)

    @property
    def follow_up_rate(self) -> float | None:
        return self._share(self.follow_ups_agreed, self.first_calls)

    @property
    def follow_up_meeting_rate(self) -> float | None:
        return self._share(self.follow_up_meetings, self.follow_up_calls)

    @property
    def meetings(self) -> int:
        return self.immediate_meetings + self.follow_up_meetings

    @property
    def meetings_per_day(self) -> float | None:
        return self._share(self.meetings, self.advisor_days)

    @property
    def contribution_per_conversion(self) -> float | None:
        return self._share(self.contribution, self.conversions)

    @property
    def conversions_per_meeting(self) -> float | None:
        """Deals per meeting in the same period: a rough check, since a meeting's deal may
        come months later (the plan's 3/6/12/18-month steps)."""
        return self._share(self.conversions, self.meetings)


def _chronological(contacts: Iterable[Contact]) -> dict[str, list[Contact]]:
    by_group: dict[str, list[Contact]] = defaultdict(list)
    for c in contacts:
        by_group[c.group].append(c)
    for entries in by_group.values():
        entries.sort(key=save_order)
    return by_group


def measure(
    contacts: Iterable[Contact],
    period: Period,
    advisors: Collection[str] | None,
    advisor_count: int,
    working_days_a_year: float = 210,
    active_format: str = ACTIVE_CALL,
    meeting_outcome: str = MEETING,
) -> PlanActuals:
    """Actual rates over `period` from the contacts logged by `advisors` (None: by anyone).
    `advisor_count` is the number of advisors the per-day figures are divided by."""
    first = immediate = agreed = follow_up_calls = follow_up_meetings = conversions = 0
    contribution = 0.0
    for entries in _chronological(contacts).values():
        previous: Contact | None = None  # the group's previous active call, by anyone
        for c in entries:
            mine = (advisors is None or c.by in advisors) and c.date in period
            if mine and c.deal is not None:
                conversions += 1
                contribution += c.deal
            if c.format != active_format:
                continue
            is_follow_up = previous is not None and previous.outcome != meeting_outcome and previous.follow_up is not None
            previous = c
            if not mine:
                continue
            met = c.outcome == meeting_outcome
            if is_follow_up:
                follow_up_calls += 1
                follow_up_meetings += met
            else:
                first += 1
                immediate += met
                agreed += (not met) and c.follow_up is not None
    single = None
    if advisors is not None and len(advisors) == 1:
        single = next(iter(advisors))
    counted = tuple(sorted(advisors)) if advisors is not None else ()
    return PlanActuals(
        period=period,
        advisor=single,
        advisors=advisor_count,
        working_days=working_days_a_year * period.years,
        calls=first + follow_up_calls,
        first_calls=first,
        immediate_meetings=immediate,
        follow_ups_agreed=agreed,
        follow_up_calls=follow_up_calls,
        follow_up_meetings=follow_up_meetings,
        conversions=conversions,
        contribution=contribution,
        counted=counted,
    )


def planned_team(advisors: Mapping[str, Advisor], groups: Iterable[Group]) -> list[str]:
    """The FKB the plan is about: advisors who lead a group and belong to no department,
    sorted by Kürzel. Not the specialists, not an administrator without groups."""
    leads = {g.lead for g in groups}
    return sorted(code for code, a in advisors.items() if code in leads and not a.department)


def institute_actuals(
    institute: Institute,
    period: Period,
    advisor: str | None = None,
    working_days_a_year: float = 210,
) -> PlanActuals:
    """Ist of one advisor, or of the team (the FKB, `planned_team`) when None."""
    contacts = chain.from_iterable(institute.contacts.values())
    if advisor is None:
        team = planned_team(institute.advisors, institute.groups.values())
        # a team of one stays "the team" (measure() would name the advisor)
        return replace(measure(contacts, period, set(team), len(team), working_days_a_year), advisor=None)
    return measure(contacts, period, {advisor}, 1, working_days_a_year)


def plan_from_actuals(inputs: PlanInputs, actuals: PlanActuals) -> PlanInputs:
    """`inputs` with the rates that were measured replaced by the actual ones; team size,
    working days, delays and conversion steps stay (they are not measured). A rate without
    data (no calls, no deals) keeps its planned value."""
    changes: dict[str, float] = {}
    if actuals.calls_per_day is not None:
        changes["calls_per_day"] = round(actuals.calls_per_day, 2)
    if actuals.immediate_rate is not None:
        changes["immediate_rate"] = round(actuals.immediate_rate, 3)
    if actuals.follow_up_rate is not None:
        # Rounded shares of the same calls may add up to 100,1 %; the plan refuses that.
        immediate = changes.get("immediate_rate", inputs.immediate_rate)
        changes["follow_up_rate"] = min(round(actuals.follow_up_rate, 3), round(1 - immediate, 3))
    if actuals.follow_up_meeting_rate is not None:
        changes["follow_up_meeting_rate"] = round(actuals.follow_up_meeting_rate, 3)
    if actuals.contribution_per_conversion is not None:
        changes["contribution"] = float(round(actuals.contribution_per_conversion))
    return replace(inputs, **changes)

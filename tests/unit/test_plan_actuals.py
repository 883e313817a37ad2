"""Ist beside the plan: rates measured on a hand-built list of contacts, answers by hand."""

from datetime import date

import pytest

from model.entities import Contact
from model.monitoring.soll_ist import Period
from model.planning.actuals import institute_actuals, measure, plan_from_actuals, planned_team
from model.planning.calculator import PlanInputs

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))  # exactly one year: 210 working days


def call(cid, group, day, by, outcome, follow_up=None, fmt="Active Call", deal=None) -> Contact:
    return Contact(cid, group, day, by, outcome, "Telefon", fmt, follow_up=follow_up, deal=deal)


CONTACTS = [
    # g1: a call before the period with a follow-up date makes c2 a follow-up call.
    call(
        "c1",
        "g1",
        date(2025, 12, 1),
        "AAA",
        "nicht erreicht",
        follow_up=date(2026, 1, 5),
    ),
    call("c2", "g1", date(2026, 1, 5), "AAA", "Termin vereinbart"),
    # g2: first call without meeting but a follow-up date; the follow-up brings no meeting.
    call(
        "c3",
        "g2",
        date(2026, 2, 2),
        "AAA",
        "Gespräch geführt",
        follow_up=date(2026, 8, 3),
    ),
    call("c4", "g2", date(2026, 8, 3), "AAA", "kein Interesse"),
    # g3: an immediate meeting; the next call follows a meeting, so it is a first call again.
    call(
        "c5",
        "g3",
        date(2026, 3, 2),
        "AAA",
        "Termin vereinbart",
        follow_up=date(2026, 9, 1),
    ),
    call("c6", "g3", date(2026, 9, 1), "BBB", "Termin vereinbart"),
    # g4: a first call without anything; a consultation (not an active call) with a deal.
    call("c7", "g4", date(2026, 4, 1), "BBB", "nicht erreicht"),
    call(
        "c8",
        "g4",
        date(2026, 6, 1),
        "AAA",
        "Gespräch geführt",
        fmt="Beratungsgespräch",
        deal=4000.0,
    ),
    # g5: a follow-up call by BBB after AAA's call with a follow-up date → meeting.
    call(
        "c9",
        "g5",
        date(2026, 5, 4),
        "AAA",
        "nicht erreicht",
        follow_up=date(2026, 5, 11),
    ),
    call("c10", "g5", date(2026, 5, 11), "BBB", "Termin vereinbart", deal=6000.0),
    # outside the period: neither counted nor a deal
    call("c11", "g6", date(2027, 1, 4), "AAA", "Termin vereinbart", deal=9999.0),
]


def test_team_rates_by_hand():
    a = measure(CONTACTS, PERIOD, None, advisor_count=2)
    # First calls in 2026: c3, c5, c6, c7, c9 = 5; follow-up calls: c2, c4, c10 = 3.
    assert (a.first_calls, a.follow_up_calls, a.calls) == (5, 3, 8)
    # Immediate meetings among first calls: c5, c6 → 2/5 = 40 %.
    assert a.immediate_meetings == 2 and a.immediate_rate == pytest.approx(0.4)
    # No meeting but a follow-up date: c3, c9 → 2/5 = 40 % (c5 has one, but booked a meeting).
    assert a.follow_ups_agreed == 2 and a.follow_up_rate == pytest.approx(0.4)
    # Meetings among follow-up calls: c2, c10 → 2/3.
    assert a.follow_up_meetings == 2 and a.follow_up_meeting_rate == pytest.approx(2 / 3)
    # 5 first calls / (2 advisors × 210 days) = 5/420.
    assert a.working_days == 210 and a.calls_per_day == pytest.approx(5 / 420)
    assert a.meetings == 4 and a.meetings_per_day == pytest.approx(4 / 420)
    # Deals in the period: c8 (4.000 €) and c10 (6.000 €); c11 is after it.
    assert (a.conversions, a.contribution, a.contribution_per_conversion) == (
        2,
        10_000,
        5000,
    )
    assert a.advisor is None


def test_one_advisor():
    a = measure(CONTACTS, PERIOD, {"AAA"}, advisor_count=1)
    # AAA's first calls: c3, c5, c9 = 3 (c6, c7 are BBB's); follow-up calls c2, c4 = 2.
    assert (a.first_calls, a.follow_up_calls) == (3, 2)
    assert a.immediate_rate == pytest.approx(1 / 3)  # c5
    assert a.follow_up_rate == pytest.approx(2 / 3)  # c3, c9
    assert a.follow_up_meeting_rate == pytest.approx(1 / 2)  # c2 yes, c4 no
    assert a.calls_per_day == pytest.approx(3 / 210)
    assert (a.conversions, a.contribution) == (1, 4000)  # c8 only: c10 is BBB's
    assert a.advisor == "AAA"


def test_half_a_year_scales_the_working_days():
    a = measure(CONTACTS, Period(date(2026, 1, 1), date(2026, 6, 30)), None, advisor_count=2)
    assert a.working_days == 105  # 210 × 0,5 years
    # First calls in the half year: c3, c5, c7, c9 = 4 → 4 / (2 × 105).
    assert a.first_calls == 4 and a.calls_per_day == pytest.approx(4 / 210)


def test_nothing_logged_gives_no_rates():
    a = measure([], PERIOD, None, advisor_count=3)
    assert a.calls_per_day == 0 and a.immediate_rate is None and a.follow_up_meeting_rate is None
    assert a.contribution_per_conversion is None
    assert plan_from_actuals(PlanInputs(), a) == PlanInputs(calls_per_day=0.0)


def test_plan_from_actuals_takes_the_measured_rates():
    a = measure(CONTACTS, PERIOD, None, advisor_count=2)
    plan = plan_from_actuals(PlanInputs(lead_time=1), a)
    assert plan.calls_per_day == 0.01  # 5/420 = 0,0119 rounded to two decimals
    assert plan.immediate_rate == 0.4 and plan.follow_up_rate == 0.4
    assert plan.follow_up_meeting_rate == 0.667
    assert plan.contribution == 5000
    # What is not measured stays as planned.
    assert (plan.advisors, plan.working_days, plan.follow_up_delay, plan.lead_time) == (
        9,
        210,
        6,
        1,
    )
    assert plan.conversion == PlanInputs().conversion
    assert plan.problems() == {}


def test_institute_actuals_on_the_small_store(small_store):
    small_store.add_contacts([c._replace(by="MKR") for c in CONTACTS[:4]])
    small_store.add_contacts([call("v1", "g-1", date(2026, 3, 3), "VKS", "Termin vereinbart")])
    institute = small_store.load()
    team = institute_actuals(institute, PERIOD)
    # the FKB only: VKS is a specialist (Versicherung), ADM leads no group
    assert team.counted == ("MKR", "TLE") and team.advisors == 2 and team.advisor is None
    assert (team.first_calls, team.follow_up_calls) == (1, 2)  # c3; c2 and c4 (not VKS's v1)
    mine = institute_actuals(institute, PERIOD, "VKS")
    assert mine.advisors == 1 and mine.first_calls == 1 and mine.counted == ("VKS",)


def test_team_of_the_demo_is_the_nine_fkb():
    from model.demo import build_demo

    data = build_demo(date(2026, 11, 27))
    advisors = {a.code: a for a in data.advisors}
    assert len(advisors) == 21
    team = planned_team(advisors, data.groups)
    # the essay's 9 FKB: no specialist, not the administrator
    assert len(team) == 9 and "ADM" not in team
    assert all(advisors[code].department is None for code in team)

"""Soll/Ist over a period (docs/rules.md, rule 6), with answers computed by hand."""

from datetime import date

import pytest

from model.config import default_config
from model.entities import Assignment, Casting, Contact, Group
from model.monitoring.soll_ist import Period, effort_on_c_and_d, role_targets, summarize

CONFIG = default_config()


def group(gid, cls, lead="MKR", assignments=()):
    casting = Casting(f"k{gid}", date(2025, 1, 1), "Firmenkunden", 1, (), 0, cls, lead)
    return Group(gid, gid, f"Verbund {gid}", "Firmenkunden", lead, castings=(casting,), assignments=assignments)


def contacts(gid, *days, outcome="Gespräch geführt", department=None):
    return [Contact(f"{gid}-{d}-{outcome}", gid, d, "MKR", outcome, department=department) for d in days]


@pytest.mark.parametrize(
    ("period", "years"),
    [
        (Period.last_months(date(2026, 11, 27)), 1.0),
        (Period.last_months(date(2024, 2, 29)), 1.0),
        (Period(date(2026, 1, 1), date(2026, 12, 31)), 1.0),
        (Period(date(2026, 7, 1), date(2026, 9, 30)), 0.25),
        (Period(date(2026, 1, 1), date(2026, 1, 10)), 10 / 365),
    ],
)
def test_period_length_in_years(period, years):
    assert period.years == pytest.approx(years)


def test_default_period_edges():
    period = Period.last_months(date(2026, 11, 27))
    assert (period.first, period.last) == (date(2025, 11, 28), date(2026, 11, 27))
    assert date(2025, 11, 27) not in period and date(2025, 11, 28) in period and date(2026, 11, 28) not in period


def test_soll_ist_per_class_by_hand():
    as_of = date(2026, 11, 27)
    va = Assignment("a", "Versicherung", "VKS", 1.0, date(2025, 1, 1))
    groups = [
        group("a1", "A"),  # Soll 4, Ist 2 (one outside the period, one not reached) → under
        group("b1", "B"),  # Soll 2, Ist 4 → over
        group("c1", "C", assignments=(va,)),  # Soll 1, Ist 1 (department contact not counted) → ok
        group("d1", "D"),  # Soll 0.5, Ist 0 → under
        group("x1", "A", lead="OTHER"),
    ]
    log = {
        "a1": contacts("a1", date(2025, 11, 27), date(2025, 11, 28), date(2026, 11, 27))
        + contacts("a1", date(2026, 5, 5), outcome="nicht erreicht"),
        "b1": contacts("b1", date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)),
        "c1": contacts("c1", date(2026, 2, 2)) + contacts("c1", date(2026, 3, 3), department="Versicherung"),
        "x1": contacts("x1", date(2026, 2, 2)),
    }
    targets = role_targets(groups, log, CONFIG, Period.last_months(as_of), advisor="MKR")
    by_group = {t.group.id: (t.soll, t.ist, t.under, t.over) for t in targets}
    assert by_group == {
        "a1": (4.0, 2, True, False),
        "b1": (2.0, 4, False, True),
        "c1": (1.0, 1, False, False),
        "d1": (0.5, 0, True, False),
    }
    rows, total = summarize(targets)
    assert [(r.cls, r.groups, r.soll, r.ist, r.under, r.over) for r in rows] == [
        ("A", 1, 4.0, 2, 1, 0),
        ("B", 1, 2.0, 4, 0, 1),
        ("C", 1, 1.0, 1, 0, 0),
        ("D", 1, 0.5, 0, 1, 0),
    ]
    assert (total.groups, total.soll, total.ist, total.under, total.over) == (4, 7.5, 7, 2, 1)
    assert total.coverage == pytest.approx(7 / 7.5)
    # C and D: 1 of 7 counted contacts; minutes: C 45 of (2·90 + 4·60 + 45)
    share = effort_on_c_and_d(targets)
    assert share.contacts == pytest.approx(1 / 7)
    assert share.minutes == pytest.approx(45 / 465)

    co_care = role_targets(groups, log, CONFIG, Period.last_months(as_of), co_care=True)
    assert [(t.group.id, t.role, t.advisor, t.soll, t.ist) for t in co_care] == [("c1", "Versicherung", "VKS", 1.0, 1)]


def test_quarter_soll_and_d_class_over_served_at_one_contact_a_year():
    quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
    targets = role_targets([group("a1", "A")], {"a1": contacts("a1", date(2026, 7, 1))}, CONFIG, quarter)
    assert (targets[0].soll, targets[0].ist, targets[0].under) == (1.0, 1, False)
    year = Period.last_months(date(2026, 11, 27))
    (d,) = role_targets([group("d1", "D")], {"d1": contacts("d1", date(2026, 1, 1))}, CONFIG, year)
    assert (d.soll, d.ist, d.over) == (0.5, 1, True)


def test_uncast_groups_get_their_own_row():
    g = Group("u1", "u1", "Neu", "Firmenkunden", "MKR")
    rows, total = summarize(role_targets([g], {}, CONFIG, Period.last_months(date(2026, 11, 27))))
    assert rows[-1].cls == "–" and rows[-1].soll == 1.0 and total.groups == 1
    assert effort_on_c_and_d([]).contacts is None

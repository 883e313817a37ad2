"""Monitoring on the small hand-built store (tests/conftest.py), as-of 27.11.2026, with every
figure computed by hand in the comments. MKR leads g-1 (A), g-2 (B), g-3 (C), g-4 (D); TLE
leads g-5 (A); VKS cares for g-1 for Versicherung (1 a year)."""

from datetime import date

import pytest

from model.entities import Contact
from model.monitoring import periods
from model.monitoring.portfolios import contacts_per_month, departments, portfolio, team
from model.monitoring.soll_ist import Period
from tests.conftest import AS_OF


@pytest.fixture
def inst(small_store):
    return small_store.load()


def run(inst, period, advisor="MKR", contacts=None):
    return portfolio(inst.groups.values(), contacts or inst.contacts, inst.config, period, AS_OF, advisor)


def test_periods_as_functions_of_as_of():
    assert periods.last_12_months(AS_OF) == Period(date(2025, 11, 28), date(2026, 11, 27))
    assert periods.current_year(AS_OF) == Period(date(2026, 1, 1), AS_OF)
    assert periods.last_quarter(AS_OF) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert periods.last_quarter(date(2026, 1, 1)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert periods.last_quarter(date(2026, 3, 31)) == Period(date(2025, 10, 1), date(2025, 12, 31))
    assert periods.last_quarter(date(2026, 4, 1)) == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert periods.last_quarter(AS_OF).years == 0.25
    with pytest.raises(ValueError, match="liegt nach"):
        periods.custom(date(2026, 2, 1), date(2026, 1, 1))
    assert periods.period_for("custom", AS_OF, date(2026, 6, 1), date(2026, 6, 1)).years == pytest.approx(1 / 365)
    assert periods.month_starts(AS_OF)[0] == date(2025, 12, 1) and periods.month_starts(AS_OF)[-1] == date(2026, 11, 1)


def test_portfolio_last_12_months(inst):
    p = run(inst, periods.last_12_months(AS_OF))
    rows = {r.label: (r.groups, r.soll, r.ist, r.overdue, r.under, r.over) for r in p.rows}
    # A: Soll 4, Ist 1 (c-1), overdue (01.06. + 3 months = 01.09.); C never contacted = overdue;
    # B's follow-up 05.12. is not due yet; D: 10.01.2026 + 24 months; Ist 1 ≥ 2 × 0,5 → over.
    assert rows == {
        "A": (1, 4.0, 1, 1, 1, 0),
        "B": (1, 2.0, 1, 0, 1, 0),
        "C": (1, 1.0, 0, 1, 1, 0),
        "D": (1, 0.5, 1, 0, 0, 1),
    }
    assert (p.total.groups, p.total.soll, p.total.ist, p.total.overdue) == (4, 7.5, 3, 2)
    assert p.total.coverage == pytest.approx(0.4)
    assert [r.coverage for r in p.rows] == [0.25, 0.5, 0.0, 2.0]
    # under: gap A −3 first, then B and C with −1 (class order)
    assert [t.group.number for t in p.under] == ["10001", "10002", "10003"]
    assert [t.group.number for t in p.over] == ["10004"]
    # C/D share: contacts 1 of 3 (D); minutes 30 of 90 + 60 + 30
    assert p.effort.contacts == pytest.approx(1 / 3)
    assert p.effort.minutes == pytest.approx(30 / 180)


def test_last_quarter_has_no_contacts(inst):
    p = run(inst, periods.last_quarter(AS_OF))  # 01.07.–30.09.2026: nothing logged then
    assert [(r.soll, r.ist, r.under, r.over) for r in p.rows] == [
        (1.0, 0, 1, 0), (0.5, 0, 1, 0), (0.25, 0, 1, 0), (0.125, 0, 1, 0)
    ]  # fmt: skip
    assert p.total.soll == 1.875 and p.total.overdue == 2  # overdue is judged on as_of
    assert p.effort.contacts is None


def test_current_year_and_period_edges(inst):
    p = run(inst, periods.current_year(AS_OF))  # 10 months 27 days
    years = 10 / 12 + 27 / 365
    assert p.total.soll == pytest.approx(7.5 * years) and p.total.ist == 3
    # the first and last day of a custom range both count
    one_day = run(inst, periods.custom(date(2026, 6, 1), date(2026, 6, 1)))
    assert one_day.total.ist == 2
    assert run(inst, periods.custom(date(2026, 6, 2), AS_OF)).total.ist == 0
    # the 12 months start on 28.11.2025: a contact that day counts, one a day earlier not
    contacts = {k: list(v) for k, v in inst.contacts.items()}
    contacts["g-3"] = [
        Contact("x-1", "g-3", date(2025, 11, 28), "MKR", "Gespräch geführt"),
        Contact("x-2", "g-3", date(2025, 11, 27), "MKR", "Gespräch geführt"),
        Contact("x-3", "g-3", date(2026, 11, 20), "MKR", "nicht erreicht"),  # not counted
    ]
    c = run(inst, periods.last_12_months(AS_OF), contacts=contacts).rows[2]
    assert (c.ist, c.under, c.overdue) == (1, 0, 0)  # due 28.11.2025 + 12 months = 28.11.2026


def test_team_side_by_side(inst):
    each, whole = team(inst.groups.values(), inst.contacts, inst.config, periods.last_12_months(AS_OF), AS_OF)
    assert [p.advisor for p in each] == ["MKR", "TLE"]
    tle = each[1]
    assert (tle.total.groups, tle.total.soll, tle.total.ist, tle.total.overdue) == (1, 4.0, 1, 0)
    assert (whole.total.groups, whole.total.soll, whole.total.ist, whole.total.under) == (5, 11.5, 4, 4)


def test_departments_and_months(inst):
    rows = departments(inst.groups.values(), inst.contacts, inst.config, periods.last_12_months(AS_OF), AS_OF)
    assert [(r.department, r.advisor) for r in rows] == [("Versicherung", None), ("Versicherung", "VKS")]
    vks = rows[1].row
    assert (vks.groups, vks.soll, vks.ist, vks.overdue, vks.under, vks.over) == (1, 1.0, 0, 1, 1, 0)
    p = run(inst, periods.last_12_months(AS_OF))
    months = contacts_per_month(p.targets, inst.contacts, inst.config, AS_OF)
    assert len(months) == 12 and months[0] == (date(2025, 12, 1), 0)
    assert dict(months)[date(2026, 1, 1)] == 1 and dict(months)[date(2026, 6, 1)] == 2
    assert sum(n for _, n in months) == 3

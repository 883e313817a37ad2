"""Erfolgsplanung (docs/rules.md, rule 10): the essay's table "Kontaktstrategie: Planung" exactly,
and changed inputs against values computed by hand."""

import pytest

from model.planning.calculator import PlanInputs, calculate, describe_model
from model.planning.fields import (
    figure_lines,
    parse_conversion,
    parse_decimal,
    parse_rate,
    parse_whole,
)


def test_the_essays_table_exactly():
    r = calculate(PlanInputs())
    assert r.calls == 1890  # 9 × 210 × 1
    assert r.immediate_meetings == 756 and r.per_advisor(r.immediate_meetings) == 84
    assert r.follow_up_calls == 756 and r.per_advisor(r.follow_up_calls) == 84
    assert r.call_success_rate == 0.8
    assert r.follow_up_meetings == 378 and r.per_advisor(r.follow_up_meetings) == 42
    assert r.meetings == 1134
    assert r.meetings_per_day == 0.6  # 1.134 / (9 × 210)
    assert r.meetings_per_week == 3.0
    assert r.overall_rate == 0.24  # 1.134 / 1.890 × 40 %
    assert r.first_year == 441_000
    assert r.following_year == 1_701_000
    assert r.steady_state == 2_268_000  # 1.890 × 24 % × 5.000 €


def test_the_essays_table_as_text():
    lines = {label: (value, remark) for label, value, remark in figure_lines(calculate(PlanInputs()))}
    assert lines["Active Calls p. a."][0] == "1.890"
    assert lines["Sofort-Termine"] == ("756", "84 p. a. und MA")
    assert lines["Follow-up-Calls"] == ("756", "84 p. a. und MA")
    assert lines["Termine aus Follow-ups"] == ("378", "42 p. a. und MA")
    assert lines["Aktiv-Termine gesamt"] == (
        "1.134",
        "ca. 0,60 pro Tag und MA, 3 pro Woche",
    )
    assert lines["Erfolgsquote (gesamt)"][0] == "24 %"
    assert lines["Aufträge 12 Monate (Jahr 1)"][0] == "441.000 €"
    assert lines["Aufträge Folgejahr (Jahr 2)"][0] == "1.701.000 €"
    assert lines["Aufträge dauerhaft p. a."][0] == "2.268.000 €"


def test_month_table_and_years():
    r = calculate(PlanInputs())
    assert len(r.months) == 36 and [y.year for y in r.years] == [1, 2, 3]
    jan, feb, may, jul, aug = (
        r.months[0],
        r.months[1],
        r.months[4],
        r.months[6],
        r.months[7],
    )
    assert jan.calls == 157.5 and jan.meetings == 0  # 1.890 / 12; no meeting in the first month
    assert feb.immediate_meetings == 63  # 40 % of January's calls
    assert jul.follow_up_calls == 63 and jul.follow_up_meetings == 0  # 40 % of January's, 6 months on
    assert aug.follow_up_meetings == 31.5 and aug.meetings == 94.5  # 50 % of July's follow-up calls
    assert may.conversions == 6.3 and may.amount == 31_500  # 10 % of February's 63, 3 months on
    assert [y.amount for y in r.years] == [441_000, 1_701_000, 2_252_250]
    # Year 1 has 11 months of immediate and 5 of follow-up meetings: 11 × 63 + 5 × 31,5.
    assert r.years[0].meetings == 850.5
    # Year 3 is still 15.750 € short of the steady state: its 18-month step sees the meetings of
    # months 6..17, and month 6 (July of year 1) had no follow-up meetings yet (31,5 × 10 % × 5.000 €).
    assert r.steady_state - r.years[2].amount == 15_750


def test_each_month_of_lead_time_costs_78750_in_the_first_year():
    first = [calculate(PlanInputs(lead_time=m)).first_year for m in range(3)]
    assert first == [441_000, 362_250, 283_500]
    assert first[0] - first[1] == first[1] - first[2] == 78_750
    # By hand for lead time 1: immediate meetings (63) from March convert after 3 months for
    # Mar–Sep (7) and after 6 for Mar–Jun (4) → 11 × 6,3; follow-up meetings (31,5) from
    # September after 3 months only for September → 3,15. (69,3 + 3,15) × 5.000 = 362.250.
    # From the third month on the step is smaller (63.000 €): fewer steps are left to lose.
    assert calculate(PlanInputs(lead_time=3)).first_year == 220_500


def test_lead_time_2_and_immediate_rate_30():
    r = calculate(PlanInputs(lead_time=2, immediate_rate=0.30))
    # Calls 157,5 a month. Immediate meetings 0,3 × 157,5 = 47,25 a month from April (index 3,
    # call + 1 + 2); follow-up calls 63 from July (index 6), their meetings 31,5 from October
    # (index 9). Meetings M(m): 0 for m < 3, 47,25 for 3 ≤ m ≤ 8, 78,75 from m = 9.
    # Year 1 (m = 0..11), conversions 0,1 × M(m − lag): lag 3 sees m = 3..8 (6 × 47,25),
    # lag 6 sees m = 3..5 (3 × 47,25) → 9 × 4,725 = 42,525 conversions = 212.625 €.
    assert r.first_year == 212_625
    # Year 2 (t = 12..23): lag 3 → M(9..20) = 12 × 78,75 = 945; lag 6 → M(6..17) = 3 × 47,25 +
    # 9 × 78,75 = 850,5; lag 12 → M(0..11) = 6 × 47,25 + 3 × 78,75 = 519,75; lag 18 → M(−6..5)
    # = 3 × 47,25 = 141,75. Sum 2.457 × 0,1 = 245,7 conversions = 1.228.500 €.
    assert r.following_year == 1_228_500
    # Yearly: 567 immediate + 378 follow-up meetings = 945 = 0,5 per call; × 40 % = 20 %.
    assert r.immediate_meetings == 567 and r.meetings == 945
    assert r.overall_rate == 0.2
    assert r.steady_state == 1_890_000
    assert r.months[3].immediate_meetings == 47.25 and r.months[2].meetings == 0
    assert r.months[9].follow_up_meetings == 31.5 and r.months[8].follow_up_meetings == 0


def test_other_inputs_scale_as_expected():
    assert calculate(PlanInputs(advisors=10)).first_year == 490_000
    assert calculate(PlanInputs(contribution=2500.0)).following_year == 850_500
    half = calculate(PlanInputs(calls_per_day=0.5))
    assert half.calls == 945 and half.first_year == 220_500


def test_problems_are_german_and_name_the_field():
    assert PlanInputs().problems() == {}
    problems = PlanInputs(advisors=0, immediate_rate=1.2, conversion=(0.1, 0.3, 0.2, 0.4)).problems()
    assert problems["advisors"] == "mindestens 1 Betreuer"
    assert "100 %" in problems["immediate_rate"]
    assert problems["conversion_12"].startswith("kumuliert")
    assert "höchstens 100 %" in PlanInputs(immediate_rate=0.6, follow_up_rate=0.5).problems()["follow_up_rate"]


def test_model_in_words():
    text = describe_model(PlanInputs(lead_time=2, immediate_rate=0.125))
    assert "12,5 % der Calls bringen einen Sofort-Termin, 3 Monate nach dem Anruf" in text
    assert "kumuliert 10 % nach 3, 20 % nach 6, 30 % nach 12, 40 % nach 18 Monaten" in text


@pytest.mark.parametrize("text, share", [("40", 0.4), ("40%", 0.4), ("40 %", 0.4), ("0,4", 0.4), ("0.4", 0.4),
                                         ("12,5 %", 0.125), ("1 %", 0.01), ("1", 1.0), ("0", 0.0)])  # fmt: skip
def test_parse_rate(text, share):
    assert parse_rate(text) == share


def test_parse_numbers_and_messages():
    assert parse_decimal("1,5") == 1.5 and parse_decimal("5.000 €") == 5000 and parse_decimal("1.000,5") == 1000.5
    assert parse_whole("1.000") == 1000
    with pytest.raises(ValueError, match="„neun“ ist keine ganze Zahl"):
        parse_whole("neun")
    with pytest.raises(ValueError, match="keine ganze Zahl"):
        parse_whole("1,5")
    with pytest.raises(ValueError, match="keine Zahl"):
        parse_rate("viel")
    assert parse_conversion("10,20,30,40") == (0.1, 0.2, 0.3, 0.4)
    assert parse_conversion("0,1;0,2;0,3;0,5") == (0.1, 0.2, 0.3, 0.5)
    with pytest.raises(ValueError, match="vier kumulierte Quoten"):
        parse_conversion("10,20")

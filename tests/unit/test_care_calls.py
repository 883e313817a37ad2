"""Care calls: the Monday list of last week's consultations (ISO weeks, also across New Year),
the survey record and the results per advisor and week."""

from datetime import date, datetime

import pytest

from model.campaigns import care_calls as cc
from model.config import default_config
from model.entities import Contact
from tests.conftest import make_group

CONFIG = default_config()


@pytest.mark.parametrize(
    ("day", "week", "monday", "sunday"),
    [
        (date(2027, 1, 4), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),  # Monday after a 53-week year
        (date(2027, 1, 10), "2026-W53", date(2026, 12, 28), date(2027, 1, 3)),  # any day of the week
        (date(2027, 1, 11), "2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        (date(2026, 11, 30), "2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
        (date(2026, 1, 5), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),  # ISO year starts in December
    ],
)
def test_previous_week_window(day, week, monday, sunday):
    assert cc.previous_week(day) == week
    assert cc.week_days(week) == (monday, sunday)


def test_week_text():
    assert cc.describe_week("2026-W53") == "KW 53/2026 (28.12.2026–03.01.2027)"
    assert cc.shift_week("2026-W53", 1) == "2027-W01" and cc.shift_week("2027-W01", -1) == "2026-W53"
    assert cc.week_days("2026w48")[0] == date(2026, 11, 23)
    for bad in ("2027-W53", "48", "2026-W00"):
        with pytest.raises(ValueError, match="keine Kalenderwoche"):
            cc.week_days(bad)


def test_care_call_list_takes_reached_consultations_of_the_week_only():
    groups = {g.id: g for g in (
        make_group("g-1", "1", "Sonntag", "A"), make_group("g-2", "2", "Montag", "B", lead="TLE"),
        make_group("g-3", "3", "Nicht erreicht", "A"), make_group("g-4", "4", "Service", "A"),
        make_group("g-5", "5", "Vorwoche", "A"), make_group("g-6", "6", "Zweimal", "C"),
    )}  # fmt: skip
    contacts = {
        "g-1": [Contact("1", "g-1", date(2027, 1, 3), "MKR", "Gespräch geführt", format="Jahresgespräch")],
        "g-2": [Contact("2", "g-2", date(2026, 12, 28), "TLE", "Termin vereinbart", format="Strategiegespräch")],
        "g-3": [Contact("3", "g-3", date(2026, 12, 29), "MKR", "nicht erreicht", format="Jahresgespräch")],
        "g-4": [Contact("4", "g-4", date(2026, 12, 29), "MKR", "Gespräch geführt", format="Servicekontakt")],
        "g-5": [Contact("5", "g-5", date(2026, 12, 27), "MKR", "Gespräch geführt", format="Jahresgespräch")],
        "g-6": [Contact("6a", "g-6", date(2026, 12, 29), "MKR", "Gespräch geführt", format="Beratungsgespräch"),
                Contact("6b", "g-6", date(2026, 12, 30), "MKR", "Gespräch geführt", format="Ratinggespräch")],
    }  # fmt: skip
    items = cc.care_call_list(groups, contacts, CONFIG, cc.previous_week(date(2027, 1, 4)))
    assert [(i.group.id, i.lead, i.consultation.id) for i in items] == [
        ("g-6", "MKR", "6b"), ("g-1", "MKR", "1"), ("g-2", "TLE", "2"),
    ]  # fmt: skip


def answers(*picks):
    return {q.key: q.options[p] for q, p in zip(cc.QUESTIONS, picks)}


def test_survey_checked_saved_and_replaced_per_group_and_week():
    group = make_group("g-1", "10001", "Bäckerei Huber GmbH", "A")
    at = datetime(2026, 11, 30, 10, 0)
    survey = cc.new_survey("s-1", group, "2026-W48", answers(1, 3, 0), 4, " gut ", "TLE", at)
    assert survey == {
        "id": "s-1", "group": "g-1", "group_number": "10001", "advisor": "MKR", "week": "2026-W48",
        "answers": {"contact_frequency": "quartalsweise", "meeting_frequency": "jährlich",
                    "last_goals_talk": "in den letzten 3 Monaten"},
        "score": 4, "comment": "gut", "by": "TLE", "at": "2026-11-30T10:00:00",
    }  # fmt: skip
    with pytest.raises(ValueError, match="Zufriedenheit"):
        cc.new_survey("s-2", group, "2026-W48", answers(1, 3, 0), 6, "", "TLE", at)
    with pytest.raises(ValueError, match="Wie oft treffen"):
        cc.new_survey("s-2", group, "2026-W48", {"contact_frequency": "monatlich"}, 3, "", "TLE", at)
    records = cc.save_survey([], survey)
    again = cc.new_survey("s-3", group, "2026-W48", answers(0, 0, 0), 5, "", "TLE", at)
    other_week = cc.new_survey("s-4", group, "2026-W49", answers(0, 0, 0), 5, "", "TLE", at)
    records = cc.save_survey(cc.save_survey(records, again), other_week)
    assert [r["id"] for r in records] == ["s-3", "s-4"]
    assert set(cc.surveyed(records, "2026-W48")) == {"g-1"}


def test_trend_per_week_and_per_advisor():
    mkr, tle = make_group("g-1", "1", "A", "A"), make_group("g-2", "2", "B", "A", lead="TLE")
    at = datetime(2026, 11, 30, 10, 0)
    records = [
        cc.new_survey("1", mkr, "2026-W47", answers(0, 0, 0), 5, "", "X", at),
        cc.new_survey("2", mkr, "2026-W48", answers(4, 4, 4), 2, "", "X", at),
        cc.new_survey("3", tle, "2026-W48", answers(0, 1, 0), 3, "", "X", at),
    ]
    trend = cc.weekly_trend(records, "MKR")
    assert [(r.week, r.count, r.average) for r in trend] == [("2026-W47", 1, 5.0), ("2026-W48", 1, 2.0)]
    assert cc.most_given(trend[1], "contact_frequency") == "seltener"
    team = cc.per_advisor(records)
    assert [(r.advisor, r.count, r.average) for r in team] == [("MKR", 2, 3.5), ("TLE", 1, 3.0)]
    assert [(r.advisor, r.count) for r in cc.per_advisor(records, ["2026-W47"])] == [("MKR", 1)]
    assert [(r.week, r.count, r.average) for r in cc.weekly_trend(records)] == [("2026-W47", 1, 5.0), ("2026-W48", 2, 2.5)]

"""Working days, public holidays per state and typed follow-up dates (model/german/workdays.py).

Exact dates throughout; reference days: Tuesday 01.12.2026 and Sunday 29.11.2026.
"""

from datetime import date

import pytest

from model.german import workdays
from model.german.workdays import (
    Shift,
    describe_follow_up,
    holiday_name,
    is_working_day,
    next_working_day,
    parse_relative_date,
    to_working_day,
)

TUESDAY = date(2026, 12, 1)
SUNDAY = date(2026, 11, 29)


# --- holidays ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", sorted(workdays.STATES))
def test_national_holidays_in_every_state(state):
    assert holiday_name(date(2026, 1, 1), state) == "Neujahr"
    assert holiday_name(date(2026, 4, 3), state) == "Karfreitag"
    assert holiday_name(date(2026, 4, 6), state) == "Ostermontag"
    assert holiday_name(date(2026, 5, 25), state) == "Pfingstmontag"
    assert holiday_name(date(2026, 10, 3), state) == "Tag der Deutschen Einheit"
    assert holiday_name(date(2026, 12, 25), state) == "Erster Weihnachtstag"
    assert holiday_name(date(2026, 12, 26), state) == "Zweiter Weihnachtstag"


@pytest.mark.parametrize("state", ["HE", "BY", "NW", "BW", "RP", "SL"])
def test_fronleichnam_where_it_is_a_holiday(state):
    assert holiday_name(date(2026, 6, 4), state) == "Fronleichnam"


@pytest.mark.parametrize("state", ["BE", "HH", "SN", "NI"])
def test_fronleichnam_is_a_working_day_elsewhere(state):
    assert holiday_name(date(2026, 6, 4), state) is None
    assert is_working_day(date(2026, 6, 4), state)
    assert to_working_day(date(2026, 6, 4), state) == Shift(date(2026, 6, 4), date(2026, 6, 4), None)


def test_state_specific_holidays():
    assert holiday_name(date(2026, 10, 31), "SN") == "Reformationstag"
    assert holiday_name(date(2026, 10, 31), "BB") == "Reformationstag"
    assert holiday_name(date(2026, 10, 31), "BY") is None
    assert holiday_name(date(2026, 11, 18), "SN") == "Buß- und Bettag"
    assert holiday_name(date(2026, 11, 18), "HE") is None
    assert holiday_name(date(2026, 1, 6), "BY") == "Heilige Drei Könige"
    assert holiday_name(date(2026, 3, 8), "BE") == "Frauentag"


@pytest.mark.parametrize("state", ["HE", "BY", "BE", "SN"])
def test_christmas_eve_and_new_years_eve_are_working_days(state):
    for day in (date(2026, 12, 24), date(2026, 12, 31)):  # both Thursdays
        assert holiday_name(day, state) is None
        assert is_working_day(day, state)
        assert to_working_day(day, state).reason is None


def test_state_code_is_case_and_blank_tolerant():
    assert holiday_name(date(2026, 6, 4), " he ") == "Fronleichnam"


@pytest.mark.parametrize("state", ["XX", "", "Hessen", "Augsburg", "DE"])
def test_unknown_state_raises_german_error(state):
    with pytest.raises(ValueError, match="kein bekanntes Bundesland"):
        holiday_name(date(2026, 1, 1), state)
    with pytest.raises(ValueError, match="kein bekanntes Bundesland"):
        next_working_day(date(2026, 1, 5), state)


def test_holiday_table_is_built_once_per_state_and_year(monkeypatch):
    import holidays

    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append((kwargs.get("subdiv"), kwargs.get("years")))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    workdays._holidays_of.cache_clear()
    for _ in range(50):  # as in a live preview: one lookup per keystroke
        holiday_name(date(2026, 4, 3), "HE")
        holiday_name(date(2026, 12, 24), "HE")
        holiday_name(date(2027, 1, 1), "HE")
        holiday_name(date(2026, 4, 3), "BY")
    assert sorted(calls) == [("BY", 2026), ("HE", 2026), ("HE", 2027)]
    workdays._holidays_of.cache_clear()


# --- next_working_day / to_working_day --------------------------------------------------------


def test_next_working_day_is_strictly_after():
    assert next_working_day(date(2026, 12, 1), "HE") == date(2026, 12, 2)
    assert next_working_day(date(2026, 12, 4), "HE") == date(2026, 12, 7)  # Fri → Mon


def test_new_years_eve_to_new_year_crosses_the_year():
    # 31.12.2026 Thu → Neujahr Fri, Sat, Sun → Monday 04.01.2027
    assert next_working_day(date(2026, 12, 31), "HE") == date(2027, 1, 4)
    assert to_working_day(date(2027, 1, 1), "HE") == Shift(
        date(2027, 1, 1), date(2027, 1, 4), "Neujahr (Feiertag) → verschoben auf Montag, 04.01.2027"
    )


def test_christmas_on_a_saturday_moves_past_the_weekend():
    shift = to_working_day(date(2026, 12, 26), "BE")
    assert shift.day == date(2026, 12, 28)
    assert shift.reason == "Zweiter Weihnachtstag (Feiertag) → verschoben auf Montag, 28.12.2026"


def test_working_day_stays():
    assert to_working_day(TUESDAY, "HE") == Shift(TUESDAY, TUESDAY, None)


def test_weekend_moves_to_monday():
    assert to_working_day(date(2026, 11, 28), "HE") == Shift(
        date(2026, 11, 28), date(2026, 11, 30), "Samstag → verschoben auf Montag, 30.11.2026"
    )
    assert to_working_day(SUNDAY, "HE").reason == "Sonntag → verschoben auf Montag, 30.11.2026"


def test_easter_2026():
    assert to_working_day(date(2026, 4, 3), "HE") == Shift(
        date(2026, 4, 3), date(2026, 4, 7), "Karfreitag (Feiertag) → verschoben auf Dienstag, 07.04.2026"
    )
    assert to_working_day(date(2026, 4, 6), "BE").reason == ("Ostermontag (Feiertag) → verschoben auf Dienstag, 07.04.2026")
    assert next_working_day(date(2026, 4, 2), "NW") == date(2026, 4, 7)


def test_holiday_on_a_sunday_is_named_as_the_holiday():
    # Brandenburg lists Ostersonntag as a public holiday; other states just see a Sunday.
    assert to_working_day(date(2026, 4, 5), "BB").reason == ("Ostersonntag (Feiertag) → verschoben auf Dienstag, 07.04.2026")
    assert to_working_day(date(2026, 4, 5), "HE").reason == "Sonntag → verschoben auf Dienstag, 07.04.2026"


def test_saturday_before_whit_monday():
    assert to_working_day(date(2026, 5, 23), "HE") == Shift(
        date(2026, 5, 23), date(2026, 5, 26), "Samstag → verschoben auf Dienstag, 26.05.2026"
    )


def test_fronleichnam_moves_in_hessen():
    assert to_working_day(date(2026, 6, 4), "HE").reason == ("Fronleichnam (Feiertag) → verschoben auf Freitag, 05.06.2026")


def test_reformationstag_on_a_saturday_in_saxony():
    assert to_working_day(date(2026, 10, 31), "SN").reason == ("Reformationstag (Feiertag) → verschoben auf Montag, 02.11.2026")
    assert to_working_day(date(2026, 10, 31), "HE").reason == "Samstag → verschoben auf Montag, 02.11.2026"


# --- parse_relative_date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.12.2026", date(2026, 12, 31)),
        ("1.2.2027", date(2027, 2, 1)),
        ("2027-01-15", date(2027, 1, 15)),
        ("  24.12.2026  ", date(2026, 12, 24)),
        ("29.02.2028", date(2028, 2, 29)),
        ("01.01.2020", date(2020, 1, 1)),  # past dates parse; describe_follow_up refuses them
    ],
)
def test_full_dates(text, expected):
    assert parse_relative_date(text, TUESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.12.", date(2026, 12, 1)),  # today itself counts
        ("1.12", date(2026, 12, 1)),
        ("24.12.", date(2026, 12, 24)),
        ("31.12", date(2026, 12, 31)),
        ("15.01.", date(2027, 1, 15)),  # January typed in December → next year
        ("1.1.", date(2027, 1, 1)),
        ("30.11.", date(2027, 11, 30)),  # yesterday → next year
    ],
)
def test_day_month_is_next_occurrence(text, expected):
    assert parse_relative_date(text, TUESDAY) == expected


def test_leap_day_without_year():
    assert parse_relative_date("29.02.", date(2026, 3, 10)) == date(2028, 2, 29)
    assert parse_relative_date("29.02", date(2028, 1, 5)) == date(2028, 2, 29)
    assert parse_relative_date("29.02.", date(2028, 2, 29)) == date(2028, 2, 29)
    assert parse_relative_date("29.02.", date(2028, 3, 1)) == date(2032, 2, 29)
    assert parse_relative_date("29.02.", date(2096, 3, 1)) == date(2104, 2, 29)  # 2100 is no leap year


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("+3m", date(2026, 8, 31), date(2026, 11, 30)),
        ("+1m", date(2026, 1, 31), date(2026, 2, 28)),
        ("+1m", date(2028, 1, 31), date(2028, 2, 29)),
        ("+1m", date(2026, 12, 31), date(2027, 1, 31)),
        ("+3m", date(2026, 11, 30), date(2027, 2, 28)),
        ("+12m", date(2028, 2, 29), date(2029, 2, 28)),
        ("+3M", date(2026, 8, 31), date(2026, 11, 30)),
        ("+2w", TUESDAY, date(2026, 12, 15)),
        ("+4W", date(2026, 12, 20), date(2027, 1, 17)),
        ("+10", TUESDAY, date(2026, 12, 11)),
        ("+10t", TUESDAY, date(2026, 12, 11)),
        ("+10T", TUESDAY, date(2026, 12, 11)),
        ("+10d", TUESDAY, date(2026, 12, 11)),
        ("+31", TUESDAY, date(2027, 1, 1)),
        ("+0", TUESDAY, TUESDAY),
        ("+0m", TUESDAY, TUESDAY),
    ],
)
def test_offsets(text, today, expected):
    assert parse_relative_date(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("heute", TUESDAY),
        ("HEUTE", TUESDAY),
        ("  Morgen ", date(2026, 12, 2)),
        ("übermorgen", date(2026, 12, 3)),
        ("Übermorgen", date(2026, 12, 3)),
        ("uebermorgen", date(2026, 12, 3)),
    ],
)
def test_words(text, expected):
    assert parse_relative_date(text, TUESDAY) == expected


def test_morgen_on_new_years_eve():
    assert parse_relative_date("morgen", date(2026, 12, 31)) == date(2027, 1, 1)


FROM_TUESDAY = {  # today Tuesday 01.12.2026
    "Mo": date(2026, 12, 7),
    "Di": date(2026, 12, 8),
    "Mi": date(2026, 12, 2),
    "Do": date(2026, 12, 3),
    "Fr": date(2026, 12, 4),
    "Sa": date(2026, 12, 5),
    "So": date(2026, 12, 6),
}
FROM_SUNDAY = {  # today Sunday 29.11.2026
    "Mo": date(2026, 11, 30),
    "Di": date(2026, 12, 1),
    "Mi": date(2026, 12, 2),
    "Do": date(2026, 12, 3),
    "Fr": date(2026, 12, 4),
    "Sa": date(2026, 12, 5),
    "So": date(2026, 12, 6),
}
FULL = dict(zip(FROM_TUESDAY, workdays.WEEKDAY_NAMES, strict=True))


@pytest.mark.parametrize("today, table", [(TUESDAY, FROM_TUESDAY), (SUNDAY, FROM_SUNDAY)])
@pytest.mark.parametrize("short", list(FROM_TUESDAY))
def test_weekday_names_are_the_next_such_day(today, table, short):
    expected = table[short]
    full = FULL[short]
    for text in (short, short + ".", short.upper(), short.lower() + ".", full, full.lower(), full + ".", full.upper()):
        assert parse_relative_date(text, today) == expected, text
    assert expected > today


def test_sonnabend_is_saturday():
    assert parse_relative_date("Sonnabend", TUESDAY) == date(2026, 12, 5)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hallo",
        "31.02.2026",
        "29.02.2026",
        "31.02.",
        "32.01.",
        "13.13.",
        "00.01.",
        "1.2.26",
        "+",
        "+3x",
        "-3",
        "+-3",
        "3m",
        "+3 m",
        "Mon",
        "Dienst",
        "D",
        "Di..",
        "heute+1",
        "2026-13-01",
        "12/01/2026",
    ],
)
def test_bad_inputs_raise_german_message_listing_the_forms(text):
    with pytest.raises(ValueError) as info:
        parse_relative_date(text, TUESDAY)
    message = str(info.value)
    assert message.startswith(f'"{text.strip()}" ist kein gültiges Datum (erlaubt: TT.MM.JJJJ, TT.MM., +3m')
    assert "morgen" in message and "Mo, Di" in message


def test_impossible_date_message():
    with pytest.raises(ValueError, match=r'^"31\.02\.2026" ist kein gültiges Datum \('):
        parse_relative_date("31.02.2026", TUESDAY)


def test_huge_offset_is_a_value_error_not_an_overflow():
    with pytest.raises(ValueError, match="kein gültiges Datum"):
        parse_relative_date("+9999m", date(9500, 1, 1))
    with pytest.raises(ValueError, match="kein gültiges Datum"):
        parse_relative_date("+9999", date(9999, 12, 1))


# --- describe_follow_up -----------------------------------------------------------------------


def test_describe_plain_working_day():
    assert describe_follow_up("+0", TUESDAY, "HE") == (Shift(TUESDAY, TUESDAY, None), "Dienstag, 01.12.2026")
    assert describe_follow_up("Do", TUESDAY, "HE")[1] == "Donnerstag, 03.12.2026"


def test_describe_shifted_day():
    shift, text = describe_follow_up("Sa", TUESDAY, "HE")
    assert shift == Shift(date(2026, 12, 5), date(2026, 12, 7), "Samstag → verschoben auf Montag, 07.12.2026")
    assert text == shift.reason
    assert describe_follow_up("25.12.", TUESDAY, "BY")[1] == (
        "Erster Weihnachtstag (Feiertag) → verschoben auf Montag, 28.12.2026"
    )


def test_describe_refuses_the_past():
    assert describe_follow_up("30.11.2026", TUESDAY, "HE") == (None, "Montag, 30.11.2026 liegt in der Vergangenheit")


def test_describe_bad_input():
    shift, text = describe_follow_up("quatsch", TUESDAY, "HE")
    assert shift is None
    assert text.startswith('"quatsch" ist kein gültiges Datum (erlaubt:')

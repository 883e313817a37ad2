"""German number formatting."""

import pytest

from model.german.numbers import (
    format_amount,
    format_number,
    format_percent,
    format_quantity,
    parse_amount,
    parse_decimal,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1701000, 0, "1.701.000"), (441000.0, 0, "441.000"), (0.6, 2, "0,60"), (-1234.5, 1, "-1.234,5"), (-0.01, 0, "0")],
)
def test_numbers(value, decimals, text):
    assert format_number(value, decimals) == text


def test_amount_percent_quantity():
    assert format_amount(1701000) == "1.701.000 €"
    assert format_percent(0.24) == "24 %"
    assert format_percent(None) == "–"
    assert format_quantity(7.5) == "7,5" and format_quantity(4.0) == "4"


@pytest.mark.parametrize(
    ("text", "amount"), [("5.000", 5000), ("5.000,50", 5000.5), ("5000", 5000), ("1.234 €", 1234), ("12,5", 12.5), ("7.5", 7.5)]
)
def test_parse_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "viel", "-5", "1,2,3"])
def test_bad_amount(text):
    with pytest.raises(ValueError, match="kein Betrag"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(17.25, 1, "17,3"), (12.5, 0, "13"), (2.5, 0, "3"), (-2.5, 0, "-3"), (0.125, 2, "0,13"), (1.005, 2, "1,01")],
)
def test_rounding_is_commercial_not_half_to_even(value, decimals, text):
    assert format_number(value, decimals) == text


def test_percent_and_quantity_round_commercially():
    assert format_percent(0.125) == "13 %"
    assert format_quantity(2.25) == "2,3" and format_quantity(6.96) == "7"
    assert round_half_up(17.25, 1) == 17.3 and round_half_up(-0.125, 2) == -0.13


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.000", 1000), ("1.701.000", 1701000), ("5.000,50", 5000.5), ("1,5", 1.5), (",5", 0.5),
        ("0.5", 0.5), ("630.5", 630.5), ("7.25", 7.25), ("0.500", 0.5), ("-1,5", -1.5), ("40 %", 40), ("1.234 €", 1234),
    ],
)  # fmt: skip
def test_a_dot_is_a_thousands_separator_only_before_groups_of_three(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize("text", ["1.5.3", "1.00,5", "1,000.50", "12.34.567", "1e5", "nan", "inf", "1_000", "", "1,2,3"])
def test_an_unreadable_number_is_refused_in_german(text):
    with pytest.raises(ValueError, match="ist keine Zahl"):
        parse_decimal(text)

"""German number formatting."""

import pytest

from model.german.numbers import (
    format_amount,
    format_number,
    format_percent,
    format_quantity,
    parse_amount,
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


@pytest.mark.parametrize(("text", "amount"), [("5.000", 5000), ("5.000,50", 5000.5), ("5000", 5000), ("1.234 €", 1234), ("12,5", 12.5), ("7.5", 7.5)])
def test_parse_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "viel", "-5", "1,2,3"])
def test_bad_amount(text):
    with pytest.raises(ValueError, match="kein Betrag"):
        parse_amount(text)

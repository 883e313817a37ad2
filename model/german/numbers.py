"""German number and amount formatting: 1.701.000 €, 7,5, 93 %.

Done by hand on purpose: the C library's de_DE locale is often not installed on the PCs and
switching the process locale would also change how other code parses numbers.
"""

from __future__ import annotations

import math
import re


def format_number(value: float, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5' (decimals=1); rounding half away from zero as Excel does."""
    text = f"{abs(value):,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"-{text}" if value < 0 and text.strip("0.,") else text


def format_amount(value: float) -> str:
    return f"{format_number(value)} €"


def format_percent(share: float | None, decimals: int = 0) -> str:
    return "–" if share is None else f"{format_number(share * 100, decimals)} %"


def format_quantity(value: float) -> str:
    """Soll figures: whole numbers without decimals, otherwise one decimal (7,5)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


MAX_AMOUNT = 10**12
"""Upper bound of every amount typed or imported (a deal of a trillion € is a typo)."""

_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_decimal(text: str) -> float:
    """"1,5", "1.5", "1.000", "5.000 €", "40 %" → float; a German message otherwise.
    A dot followed by groups of three digits is a thousands separator, as Germans write."""
    value = text.strip().replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(value):
        value = value.replace(".", "")
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"„{text.strip()}“ ist keine Zahl (z. B. 1,5)") from None
    if not math.isfinite(number):
        raise ValueError(f"„{text.strip()}“ ist keine Zahl (z. B. 1,5)")
    return number


def parse_amount(text: str) -> float:
    """"5.000", "5.000,50", "5000", "1.234 €" → a non-negative amount; German message otherwise."""
    try:
        amount = parse_decimal(text)
    except ValueError:
        raise ValueError(f'"{text.strip()}" ist kein Betrag (z. B. 5.000 oder 1.250,50)') from None
    if amount < 0:
        raise ValueError(f'"{text.strip()}" ist kein Betrag (nicht negativ)')
    if amount > MAX_AMOUNT:
        raise ValueError(f'"{text.strip()}" ist zu groß (höchstens {format_number(MAX_AMOUNT)})')
    return amount

"""German number and amount formatting: 1.701.000 €, 7,5, 93 %.

Done by hand on purpose: the C library's de_DE locale is often not installed on the PCs and
switching the process locale would also change how other code parses numbers.
"""

from __future__ import annotations


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

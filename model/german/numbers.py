"""German numbers: reading what people type and writing 1.701.000 €, 7,5, 93 %.

One parser and one formatter for the whole app and the command line, so that "0,5" means
the same in the scheme editor, the capacity screen, the plan and `kontakt assign`.

Reading a dot (docs/rules.md, "Zahlen"): Germans write the thousands separator as a dot,
people used to spreadsheets in English write the decimal point as one. A dot is read as a
thousands separator only when every group after it has exactly three digits and the first
group does not start with 0 ("1.000", "1.701.000", "5.000,50"); a single dot followed by
anything else is a decimal point ("0.5", "630.5", "7.25"). Every other dot is refused with a
German message ("1.5.3", "1.00,5", "1,000.50") — guessing there could turn 630,5 hours into
6.305. The one reading that stays ambiguous, "1.500", follows the German habit: 1500.

Rounding is commercial ("kaufmännisch", half away from zero, as Excel rounds): 12,5 % → 13 %,
17,25 → 17,3. Python's round() and format() round half to even and on the binary value, which
shows 17,25 as "17,2"; so the decimal written by repr() is rounded instead.

Done by hand on purpose: the C library's de_DE locale is often not installed on the PCs and
switching the process locale would also change how other code parses numbers.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

_EXAMPLES = "z. B. 1,5 oder 1.000"


def _decimal(value: float, decimals: int) -> Decimal:
    """`value` rounded half away from zero to `decimals` places, as the decimal repr() shows."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def round_half_up(value: float, decimals: int = 0) -> float:
    """Commercial rounding: round_half_up(17.25, 1) == 17.3, round_half_up(0.125, 2) == 0.13."""
    if not math.isfinite(value):
        return value
    return float(_decimal(value, decimals))


def format_number(value: float, decimals: int = 0) -> str:
    """1234567.5 → '1.234.567,5' (decimals=1); rounding half away from zero as Excel does."""
    if not math.isfinite(value):
        return "–"
    rounded = _decimal(value, decimals)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"-{text}" if rounded < 0 and text.strip("0.,") else text


def format_amount(value: float) -> str:
    return f"{format_number(value)} €"


def format_percent(share: float | None, decimals: int = 0) -> str:
    return "–" if share is None else f"{format_number(share * 100, decimals)} %"


def format_quantity(value: float) -> str:
    """Soll figures: whole numbers without decimals, otherwise one decimal (7,5); 6,96 → 7."""
    text = format_number(value, 1)
    return text.removesuffix(",0")


MAX_AMOUNT = 10**12
"""Upper bound of every amount typed or imported (a deal of a trillion € is a typo)."""

_GROUPED = r"[1-9]\d{0,2}(?:\.\d{3})+"
_WITH_COMMA = re.compile(rf"^(?P<int>{_GROUPED}|\d*),(?P<frac>\d+)$")
_THOUSANDS = re.compile(rf"^{_GROUPED}$")
_WITH_DOT = re.compile(r"^(?P<int>\d*)\.(?P<frac>\d+)$")
_PLAIN = re.compile(r"^\d+$")


def parse_decimal(text: str) -> float:
    """ "1,5", "1.5", "1.000", "5.000,50", "5.000 €", "40 %", "-2" → float; ValueError with a
    German message otherwise. How a dot is read: see the module's docstring."""
    value = text.strip().replace("€", "").replace("%", "").replace(" ", "").replace("\u00a0", "")
    sign = ""
    if value and value[0] in "+-":
        sign, value = value[0], value[1:]
    if match := _WITH_COMMA.match(value):
        number = f"{match['int'].replace('.', '') or '0'}.{match['frac']}"
    elif _THOUSANDS.match(value):
        number = value.replace(".", "")
    elif match := _WITH_DOT.match(value):
        number = f"{match['int'] or '0'}.{match['frac']}"
    elif _PLAIN.match(value):
        number = value
    else:
        shown = text.strip()
        if value.count(".") > 1 or ("," in value and "." in value):
            raise ValueError(f"„{shown}“ ist keine Zahl: Tausenderpunkte stehen vor je drei Ziffern ({_EXAMPLES})")
        raise ValueError(f"„{shown}“ ist keine Zahl ({_EXAMPLES})")
    return float(f"{sign}{number}")


def parse_amount(text: str) -> float:
    """ "5.000", "5.000,50", "5000", "1.234 €" → a non-negative amount; German message otherwise."""
    try:
        amount = parse_decimal(text)
    except ValueError:
        raise ValueError(f'"{text.strip()}" ist kein Betrag (z. B. 5.000 oder 1.250,50)') from None
    if amount < 0:
        raise ValueError(f'"{text.strip()}" ist kein Betrag (nicht negativ)')
    if amount > MAX_AMOUNT:
        raise ValueError(f'"{text.strip()}" ist zu groß (höchstens {format_number(MAX_AMOUNT)})')
    return amount

"""Counted nouns in German: "1 Anruf", "2 Anrufe", "0 Termine", "1.234 Verbünde".

One helper for every screen and command, so that no text says "1 Anrufe". German uses the
singular only for exactly one; zero, fractions and everything else take the plural
("0 Termine", "1,5 Tage"). Dative works the same way: "seit 1 Tag", "seit 3 Tagen". The plural is spelt out by the caller: German plurals are too
irregular to derive (Anruf → Anrufe, Verbund → Verbünde, Tag → Tage, Kontaktperson → -en).
"""

from __future__ import annotations

from model.german.numbers import format_number, format_quantity


def plural(n: float, singular: str, plural_form: str) -> str:
    """The noun for `n` things: plural(1, "Anruf", "Anrufe") == "Anruf", else "Anrufe"."""
    return singular if n == 1 else plural_form


def counted(n: float, singular: str, plural_form: str) -> str:
    """Number and noun: counted(1, "Termin", "Termine") == "1 Termin"; 2.5 → "2,5 Termine";
    thousands with a dot ("1.234 Verbünde")."""
    number = format_number(n) if float(n).is_integer() else format_quantity(n)
    return f"{number} {plural(n, singular, plural_form)}"

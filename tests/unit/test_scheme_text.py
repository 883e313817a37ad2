"""Casting schemes as editable text and back, with line-numbered German errors."""

import pytest

from model.casting.scheme_text import SchemeTextError, scheme_to_text, text_to_scheme
from model.config import default_config_json


@pytest.mark.parametrize("index", [0, 1, 2])
def test_round_trip_of_every_shipped_scheme(index):
    scheme = default_config_json()["schemes"][index]
    back = text_to_scheme(scheme_to_text(scheme), scheme["segment"], scheme["version"])
    assert back == scheme


def test_text_format_reads_departments_and_german_numbers():
    text = """Kriterium: Nachfolge
  offen = 2 -> Nachfolge
  geregelt = 0
Klasse A: ab 3 Punkte, 4 Kontakte p. a., 90 Minuten, Formate: Jahresgespräch
Klasse D: ab 0 Punkte, 0,5 Kontakte p. a., 30 Minuten, Formate: Servicekontakt, Active Call
"""
    scheme = text_to_scheme(text, "Test", 3)
    assert scheme["criteria"][0]["options"][0] == {"label": "offen", "points": 2, "department": "Nachfolge"}
    assert scheme["classes"][1]["frequency"] == 0.5
    assert scheme["classes"][1]["formats"] == ["Servicekontakt", "Active Call"]
    assert scheme["version"] == 3


def test_every_unreadable_line_is_named():
    text = "  vorweg = 1\nKriterium: X\n  gut = viel\nKlasse A: ab sieben\n"
    with pytest.raises(SchemeTextError) as err:
        text_to_scheme(text, "Test", 1)
    assert [p.split(":")[0] for p in err.value.problems] == ["Zeile 1", "Zeile 3", "Zeile 4"]


@pytest.mark.parametrize(("typed", "frequency"), [("0.5", 0.5), ("0,5", 0.5), ("1.000", 1000), ("2", 2), ("7.25", 7.25)])
def test_frequencies_are_read_by_the_one_german_number_parser(typed, frequency):
    text = f"Kriterium: X\n  a = 1\nKlasse A: ab 3 Punkte, {typed} Kontakte p. a., 90 Minuten, Formate: Jahresgespräch\n"
    assert text_to_scheme(text, "Test", 1)["classes"][0]["frequency"] == frequency


def test_an_unreadable_frequency_names_line_and_class():
    text = "Kriterium: X\n  a = 1\nKlasse B: ab 3 Punkte, 1.5.3 Kontakte p. a., 90 Minuten, Formate: Jahresgespräch\n"
    with pytest.raises(SchemeTextError) as err:
        text_to_scheme(text, "Test", 1)
    assert err.value.problems[0].startswith("Zeile 3, Klasse B, Kontakte p. a.: „1.5.3“ ist keine Zahl")

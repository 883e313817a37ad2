"""Casting schemes as editable text and back, with line-numbered German errors."""

import pytest

from model.config import default_config_json
from model.casting.scheme_text import SchemeTextError, scheme_to_text, text_to_scheme


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

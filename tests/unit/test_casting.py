"""Casting score, class, departments called in and overrides (docs/rules.md, rule 1)."""

from datetime import date

import pytest

from model.casting.scoring import (
    CastingError,
    called_in_departments,
    cast,
    class_for_score,
    review_due,
    score,
)
from model.config import default_config

SCHEME = default_config().scheme("Firmenkunden")


def answers(**picked):
    base = {
        "Potenzial Gesamtverbund": "gering",
        "Versicherungspotenzial p.a.": "< 150 €",
        "Unternehmensnachfolge": "ist geregelt / steht nicht an",
        "Anlagepotenzial": "unter 5 T€",
        "Privatvermögen Inhaber": "unauffällig",
        "Finanzierungsbedarf": "keiner",
    }
    return base | picked


@pytest.mark.parametrize(("points", "cls"), [(0, "D"), (2, "D"), (3, "C"), (4, "C"), (5, "B"), (6, "B"), (7, "A"), (14, "A")])
def test_thresholds(points, cls):
    assert class_for_score(SCHEME, points) == cls


def test_score_and_departments_of_the_essays_name_11():
    chosen = answers(
        **{
            "Versicherungspotenzial p.a.": "1.000 € bis 2.499 €",
            "Unternehmensnachfolge": "ist perspektivisch zu lösen",
            "Anlagepotenzial": "über 15 T€",
            "Privatvermögen Inhaber": "Hohes Einkommen und großes Barvermögen",
        }
    )
    assert score(SCHEME, chosen) == 8
    assert called_in_departments(SCHEME, chosen) == ("Versicherung", "Nachfolge", "Private Banking")
    casting = cast(SCHEME, chosen, on=date(2026, 2, 28), by="MKR")
    assert (casting.score, casting.final_class, casting.scheme_version) == (8, "A", 1)


def test_unknown_criterion_and_option_list_the_valid_ones():
    with pytest.raises(CastingError) as err:
        score(SCHEME, {"Potenzial": "hoch", "Finanzierungsbedarf": "riesig"})
    text = str(err.value)
    assert "Unbekanntes Kriterium 'Potenzial'" in text and "Potenzial Gesamtverbund" in text
    assert "Unbekannte Option 'riesig'" in text and "konkret, perspektivisch, keiner" in text


def test_override_needs_a_reason_and_a_real_class():
    with pytest.raises(CastingError, match="Begründung"):
        cast(SCHEME, answers(), on=date(2026, 1, 1), by="MKR", override_class="A", reason="  ")
    with pytest.raises(CastingError, match="Klasse 'E'"):
        cast(SCHEME, answers(), on=date(2026, 1, 1), by="MKR", override_class="E", reason="x")
    casting = cast(SCHEME, answers(), on=date(2026, 1, 1), by="MKR", override_class="B", reason="Neubau geplant")
    assert (casting.computed_class, casting.final_class, casting.reason) == ("D", "B", "Neubau geplant")


def test_review_due_twelve_months_later():
    casting = cast(SCHEME, answers(), on=date(2025, 2, 28), by="MKR")
    assert not review_due(casting, date(2026, 2, 27))
    assert review_due(casting, date(2026, 2, 28))
    assert review_due(None, date(2026, 1, 1))

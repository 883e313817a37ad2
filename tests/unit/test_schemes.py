"""Schemes as configuration: validation messages, version bump, and the review queue flags
(never cast, 12-month edge, changed scheme)."""

import copy
from datetime import date

import pytest

from model.casting.schemes import (
    ReviewItem,
    replace_scheme,
    review_queue,
    review_reason,
    scheme_changed,
    validate_scheme,
)
from model.config import Config, ConfigError, default_config_json
from model.entities import Casting, Group

RAW = default_config_json()
FORMATS = RAW["formats"]


def firmenkunden() -> dict:
    return copy.deepcopy(next(s for s in RAW["schemes"] if s["segment"] == "Firmenkunden"))


def test_shipped_schemes_are_valid():
    for scheme in RAW["schemes"]:
        assert validate_scheme(scheme, FORMATS, departments=RAW["departments"]) == []


def test_every_problem_is_named_in_german():
    s = firmenkunden()
    s["criteria"][0]["options"] = []
    s["criteria"][1]["name"] = "Unternehmensnachfolge"
    s["criteria"][3]["options"][1]["label"] = "unter 5 T€"
    s["criteria"][5]["options"][0]["points"] = 1.5
    s["classes"][1]["min_score"] = 7
    s["classes"][2]["frequency"] = 0
    s["classes"][3]["planning_minutes"] = -5
    s["classes"][0]["formats"] = [*s["classes"][0]["formats"], "Golfrunde"]
    problems = validate_scheme(s, FORMATS)
    assert "Schema Firmenkunden, Kriterium „Potenzial Gesamtverbund“: keine Optionen." in problems
    assert "Schema Firmenkunden, Kriterium „Unternehmensnachfolge“: Name kommt mehrfach vor." in problems
    assert "Schema Firmenkunden, Kriterium „Anlagepotenzial“, Option „unter 5 T€“: Bezeichnung kommt mehrfach vor." in problems
    assert (
        "Schema Firmenkunden, Kriterium „Finanzierungsbedarf“, Option „konkret“: Punkte müssen eine ganze Zahl sein (ist 1.5)."
        in problems
    )
    assert "Schema Firmenkunden, Klasse B: Schwelle 7 muss kleiner sein als die von Klasse A (7)." in problems
    assert "Schema Firmenkunden, Klasse C: Kontaktfrequenz muss größer als 0 sein (ist 0)." in problems
    assert "Schema Firmenkunden, Klasse D: Planungsminuten müssen größer als 0 sein (ist -5)." in problems
    assert any(
        p.startswith("Schema Firmenkunden, Klasse A: unbekannte Anlässe Golfrunde. Möglich: Jahresgespräch") for p in problems
    )
    assert len(problems) == 8


def test_d_may_start_at_zero_but_not_below_and_classes_are_a_to_d():
    s = firmenkunden()
    assert s["classes"][3]["min_score"] == 0 and validate_scheme(s, FORMATS) == []
    s["classes"][3]["min_score"] = -1
    assert validate_scheme(s, FORMATS) == ["Schema Firmenkunden, Klasse D: Schwelle darf nicht negativ sein (ist -1)."]
    s["classes"] = s["classes"][:3]
    assert validate_scheme(s, FORMATS)[0].startswith("Schema Firmenkunden: Klassen müssen A, B, C, D")


def test_unknown_department_and_bool_points_are_refused():
    s = firmenkunden()
    s["criteria"][0]["options"][0]["department"] = "Golfclub"
    s["criteria"][0]["options"][1]["points"] = True
    problems = validate_scheme(s, FORMATS, departments=RAW["departments"])
    assert problems[0].startswith(
        "Schema Firmenkunden, Kriterium „Potenzial Gesamtverbund“, Option „außerordentlich“: Fachbereich „Golfclub“"
    )
    assert "Punkte müssen eine ganze Zahl sein (ist True)" in problems[1]


def test_replace_scheme_bumps_the_version_and_never_mutates():
    before = copy.deepcopy(RAW)
    s = firmenkunden()
    s["criteria"][0]["options"][0]["points"] = 4
    new = replace_scheme(RAW, s)
    assert RAW == before and s.get("version") == 1
    config = Config.from_json(new)
    assert config.scheme("Firmenkunden").version == 2
    assert config.scheme("Firmenkunden").criteria[0].options[0].points == 4
    assert config.scheme("Gewerbekunden").version == 1
    assert Config.from_json(replace_scheme(new, s)).scheme("Firmenkunden").version == 2  # unchanged: no bump
    s["criteria"][0]["options"][0]["points"] = 5
    assert Config.from_json(replace_scheme(new, s)).scheme("Firmenkunden").version == 3


def test_scheme_changed_ignores_the_version():
    s = firmenkunden()
    assert not scheme_changed(RAW, s) and not scheme_changed(RAW, s | {"version": 7})
    s["criteria"][0]["options"][0]["department"] = "Leasing"
    assert scheme_changed(RAW, s)
    assert scheme_changed(RAW, firmenkunden() | {"segment": "Landwirtschaft"})


def test_replace_scheme_refuses_invalid_with_all_problems():
    s = firmenkunden()
    s["criteria"][0]["options"] = []
    s["classes"][0]["frequency"] = -1
    with pytest.raises(ValueError) as exc:
        replace_scheme(RAW, s)
    assert str(exc.value).splitlines() == [
        "Schema Firmenkunden, Kriterium „Potenzial Gesamtverbund“: keine Optionen.",
        "Schema Firmenkunden, Klasse A: Kontaktfrequenz muss größer als 0 sein (ist -1).",
    ]


def test_a_new_segment_is_added_with_version_1():
    s = firmenkunden() | {"segment": "Landwirtschaft", "version": 9}
    config = Config.from_json(replace_scheme(RAW, s))
    assert config.scheme("Landwirtschaft").version == 1


# ---- review ---------------------------------------------------------------------------

CONFIG = Config.from_json(RAW)
AS_OF = date(2026, 11, 27)


def group(gid, name, cast_on=None, version=1, lead="MKR", segment="Firmenkunden", scheme="Firmenkunden"):
    castings = (Casting(f"c-{gid}", cast_on, scheme, version, (), 5, "B", lead),) if cast_on else ()
    return Group(gid, gid, name, segment, lead, castings=castings)


def test_review_reasons_and_the_12_month_edge():
    assert review_reason(group("1", "a"), CONFIG, AS_OF) == "noch nie gecastet"
    assert review_reason(group("2", "b", date(2025, 11, 28)), CONFIG, AS_OF) is None
    assert review_reason(group("3", "c", date(2025, 11, 27)), CONFIG, AS_OF) == ("Casting vom 27.11.2025 ist älter als 12 Monate")
    assert review_reason(group("4", "d", date(2025, 2, 5)), CONFIG, AS_OF) == "Casting vom 05.02.2025 ist älter als 12 Monate"


def test_a_changed_scheme_flags_castings_of_the_older_version():
    s = firmenkunden()
    s["classes"][0]["min_score"] = 8
    config = Config.from_json(replace_scheme(RAW, s))
    fresh = group("1", "a", date(2026, 11, 1))
    assert review_reason(fresh, CONFIG, AS_OF) is None
    assert review_reason(fresh, config, AS_OF) == "Schema Firmenkunden geändert (Version 1 → 2)"
    assert review_reason(group("2", "b", date(2026, 11, 1), version=2), config, AS_OF) is None
    moved = group("3", "c", date(2026, 11, 1), segment="Gewerbekunden")
    assert review_reason(moved, CONFIG, AS_OF).startswith("Segment gewechselt")


def test_review_queue_order_and_only_the_advisors_lead_groups():
    s = firmenkunden()
    s["classes"][0]["min_score"] = 8
    config = Config.from_json(replace_scheme(RAW, s))
    groups = [
        group("old2", "Zeta", date(2025, 6, 1), version=2),
        group("old1", "Beta", date(2025, 3, 1), version=2),
        group("changed", "Alpha", date(2026, 10, 1)),
        group("never-b", "Bravo"),
        group("never-a", "Anton"),
        group("fine", "Fein", date(2026, 10, 1), version=2),
        group("other", "Fremd", lead="TLE"),
    ]
    queue = review_queue(groups, config, AS_OF, "MKR")
    assert [i.group.id for i in queue] == ["never-a", "never-b", "changed", "old1", "old2"]
    assert queue[2] == ReviewItem(groups[2], "Schema Firmenkunden geändert (Version 1 → 2)")
    assert len(review_queue(groups, config, AS_OF, None)) == 6


@pytest.mark.parametrize(
    ("segment", "cls", "field", "value", "message"),
    [
        ("Firmenkunden", 3, "planning_minutes", 0, "Schema Firmenkunden, Klasse D: Planungsminuten müssen größer als 0 sein (ist 0)."),
        ("Gewerbekunden", 3, "min_score", -2, "Schema Gewerbekunden, Klasse D: Schwelle darf nicht negativ sein (ist -2)."),
        ("Private Banking", 1, "frequency", 0, "Schema Private Banking, Klasse B: Kontaktfrequenz muss größer als 0 sein (ist 0)."),
    ],
)  # fmt: skip
def test_a_config_the_editor_would_refuse_does_not_load(segment, cls, field, value, message):
    raw = copy.deepcopy(RAW)
    scheme = next(s for s in raw["schemes"] if s["segment"] == segment)
    scheme["classes"][cls][field] = value
    with pytest.raises(ConfigError) as loading:
        Config.from_json(raw)
    with pytest.raises(ValueError) as editing:
        replace_scheme(RAW, scheme)
    # One check, one wording: loading lists exactly what the editor lists.
    assert str(loading.value).splitlines()[1:] == str(editing.value).splitlines() == [message]

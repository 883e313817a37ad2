"""Whether a casting scheme can be used — the one check for both ways a scheme arrives: loading
the configuration (`model.config`) and the scheme editor (`model.casting.schemes.replace_scheme`).

Kept apart from `schemes.py` because the configuration itself must run it while loading and
`schemes.py` imports the configuration. Pure: takes the scheme as the dict the configuration
holds (the shape of `data/default_config.json`) and returns German problems, one per line,
each naming segment, criterion/option or class, and the field (docs/rules.md, rule 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

from model.entities import CLASSES


def _is_int(value: object) -> bool:
    # bool is an int subclass in Python, but `true` as points is a typing slip, not 1 point.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _criteria_problems(criteria: object, departments: Sequence[str] | None, scheme: str) -> list[str]:
    if not isinstance(criteria, list) or not criteria:
        return [f"{scheme}: keine Kriterien."]
    problems: list[str] = []
    seen: set[str] = set()
    for index, criterion in enumerate(criteria, start=1):
        name = str(criterion.get("name") or "").strip()
        where = f"{scheme}, Kriterium „{name}“" if name else f"{scheme}, Kriterium {index}"
        if not name:
            problems.append(f"{where}: Name fehlt.")
        elif name.casefold() in seen:
            # Case-insensitive: the CLI and the filters match criteria without regard to case.
            problems.append(f"{where}: Name kommt mehrfach vor.")
        seen.add(name.casefold())
        options = criterion.get("options") or []
        if not options:
            problems.append(f"{where}: keine Optionen.")
        labels: set[str] = set()
        for number, option in enumerate(options, start=1):
            label = str(option.get("label") or "").strip()
            owhere = f"{where}, Option „{label}“" if label else f"{where}, Option {number}"
            if not label:
                problems.append(f"{owhere}: Bezeichnung fehlt.")
            elif label.casefold() in labels:
                problems.append(f"{owhere}: Bezeichnung kommt mehrfach vor.")
            labels.add(label.casefold())
            if not _is_int(option.get("points")):
                problems.append(f"{owhere}: Punkte müssen eine ganze Zahl sein (ist {option.get('points')!r}).")
            department = option.get("department")
            if department and departments is not None and department not in departments:
                problems.append(f"{owhere}: Fachbereich „{department}“ ist nicht angelegt. Möglich: {', '.join(departments)}")
    return problems


def _class_problems(classes: object, formats: Sequence[str], scheme: str) -> list[str]:
    if not isinstance(classes, list):
        return [f"{scheme}: keine Klassen."]
    names = tuple(str(band.get("name")) for band in classes)
    problems: list[str] = []
    if names != CLASSES:
        problems.append(
            f"{scheme}: Klassen müssen {', '.join(CLASSES)} in dieser Reihenfolge sein (sind: {', '.join(names) or 'keine'})."
        )
    previous: tuple[str, int] | None = None
    for band in classes:
        where = f"{scheme}, Klasse {band.get('name')}"
        threshold = band.get("min_score")
        if not _is_int(threshold):
            problems.append(f"{where}: Schwelle muss eine ganze Zahl sein (ist {threshold!r}).")
        else:
            if threshold < 0:
                problems.append(f"{where}: Schwelle darf nicht negativ sein (ist {threshold}).")
            if previous is not None and threshold >= previous[1]:
                problems.append(
                    f"{where}: Schwelle {threshold} muss kleiner sein als die von Klasse {previous[0]} ({previous[1]})."
                )
            previous = (str(band.get("name")), threshold)
        frequency = band.get("frequency")
        if not _is_number(frequency) or frequency <= 0:
            problems.append(f"{where}: Kontaktfrequenz muss größer als 0 sein (ist {frequency!r}).")
        minutes = band.get("planning_minutes")
        if not _is_number(minutes) or minutes <= 0:
            problems.append(f"{where}: Planungsminuten müssen größer als 0 sein (ist {minutes!r}).")
        unknown = [f for f in band.get("formats") or [] if f not in formats]
        if unknown:
            problems.append(f"{where}: unbekannte Anlässe {', '.join(unknown)}. Möglich: {', '.join(formats)}")
    return problems


def validate_scheme(raw: dict, formats: Sequence[str], *, departments: Sequence[str] | None = None) -> list[str]:
    """Every problem of a scheme dict, in German; empty when the scheme can be used.

    `formats` is the configuration's list of Anlässe a class may allow. `departments`, when
    given, is the list of Fachbereiche an option may call in (co-care needs a real one).
    Every message names the segment, then the criterion and option or the class, then the field."""
    if not isinstance(raw, dict):
        return [f"Schema: ein Objekt mit segment, criteria und classes erwartet (ist {raw!r})."]
    segment = str(raw.get("segment") or "").strip()
    scheme = f"Schema {segment}" if segment else "Schema ohne Segment"
    problems = [] if segment else [f"{scheme}: Segment fehlt."]
    problems += _criteria_problems(raw.get("criteria"), departments, scheme)
    problems += _class_problems(raw.get("classes"), formats, scheme)
    return problems

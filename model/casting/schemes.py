"""Casting schemes as configuration (docs/rules.md, rule 1) and the review queue.

An administrator edits a segment's scheme as a plain dict (the shape of
`data/default_config.json`). `validate_scheme` lists every problem in German, naming the
criterion, option or class, so an editor can show all of them at once instead of one per
save. `replace_scheme` puts a valid scheme into a copy of the configuration with the next
version number: castings made under an older version are then flagged for review by
`review_reason`, never silently recast (their answers may no longer fit the new scheme).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from numbers import Real

from model.casting.scoring import review_due
from model.config import Config
from model.german.dates import format_date_de
from model.entities import CLASSES, Group


def _is_int(value: object) -> bool:
    # bool is an int subclass in Python, but `true` as points is a typing slip, not 1 point.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _criteria_problems(criteria: object, departments: Sequence[str] | None) -> list[str]:
    if not isinstance(criteria, list) or not criteria:
        return ["Das Schema hat keine Kriterien."]
    problems: list[str] = []
    seen: set[str] = set()
    for index, criterion in enumerate(criteria, start=1):
        name = str(criterion.get("name") or "").strip()
        where = f"Kriterium „{name}“" if name else f"Kriterium {index}"
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
                problems.append(
                    f"{owhere}: Fachbereich „{department}“ ist nicht angelegt. Möglich: {', '.join(departments)}"
                )
    return problems


def _class_problems(classes: object, formats: Sequence[str]) -> list[str]:
    if not isinstance(classes, list):
        return ["Das Schema hat keine Klassen."]
    names = tuple(str(band.get("name")) for band in classes)
    problems: list[str] = []
    if names != CLASSES:
        problems.append(f"Klassen müssen {', '.join(CLASSES)} in dieser Reihenfolge sein (sind: {', '.join(names) or 'keine'}).")
    previous: tuple[str, int] | None = None
    for band in classes:
        where = f"Klasse {band.get('name')}"
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


def validate_scheme(
    raw: dict, formats: Sequence[str], *, departments: Sequence[str] | None = None
) -> list[str]:
    """Every problem of a scheme dict, in German; empty when the scheme can be used.

    `formats` is the configuration's list of Anlässe a class may allow. `departments`, when
    given, is the list of Fachbereiche an option may call in (co-care needs a real one)."""
    problems: list[str] = []
    if not str(raw.get("segment") or "").strip():
        problems.append("Segment fehlt.")
    problems += _criteria_problems(raw.get("criteria"), departments)
    problems += _class_problems(raw.get("classes"), formats)
    return problems


def _without_version(scheme: dict) -> dict:
    return {k: v for k, v in scheme.items() if k != "version"}


def scheme_changed(config_raw: dict, new_scheme_raw: dict) -> bool:
    """True when the scheme differs from the segment's configured one (version ignored) or
    the segment is new; an editor saves (and bumps the version) only then."""
    segment = str(new_scheme_raw.get("segment") or "").strip()
    for old in config_raw.get("schemes") or []:
        if old.get("segment") == segment:
            return _without_version(old) != _without_version(new_scheme_raw)
    return True


def replace_scheme(config_raw: dict, new_scheme_raw: dict) -> dict:
    """A new configuration dict with the segment's scheme replaced and its version + 1.

    Raises ValueError with the German problems (one per line) if the scheme is invalid. An
    unchanged scheme (see `scheme_changed`) keeps its version, so saving without edits flags
    no group for review. A segment not configured yet is added with version 1. The inputs
    are never changed (an editor that edits the config's own dict in place sees no change)."""
    problems = validate_scheme(
        new_scheme_raw, config_raw.get("formats") or [], departments=config_raw.get("departments")
    )
    if problems:
        raise ValueError("\n".join(problems))
    config = copy.deepcopy(config_raw)
    scheme = copy.deepcopy(new_scheme_raw)
    segment = str(scheme["segment"]).strip()
    scheme["segment"] = segment
    schemes = config.setdefault("schemes", [])
    for index, old in enumerate(schemes):
        if old.get("segment") == segment:
            old_version = int(old.get("version", 1))
            same = _without_version(old) == _without_version(scheme)
            scheme["version"] = old_version if same else old_version + 1
            schemes[index] = scheme
            break
    else:
        scheme["version"] = 1
        schemes.append(scheme)
    # The whole document must still load: the store refuses to save one that does not.
    Config.from_json(config)
    return config


# ---- review queue ---------------------------------------------------------------------

NEVER_CAST = "noch nie gecastet"


@dataclass(frozen=True)
class ReviewItem:
    group: Group
    reason: str


def _review(group: Group, config: Config, as_of: date) -> tuple[int, str] | None:
    """(rank, German reason): 0 never cast, 1 scheme changed, 2 casting too old."""
    casting = group.casting
    if casting is None:
        return 0, NEVER_CAST
    scheme = config.scheme(group.segment)
    if casting.scheme != scheme.segment:
        return 1, f"Segment gewechselt (Casting nach Schema {casting.scheme}, jetzt {scheme.segment})"
    if casting.scheme_version != scheme.version:
        return 1, f"Schema {scheme.segment} geändert (Version {casting.scheme_version} → {scheme.version})"
    months = config.casting_review_months
    if review_due(casting, as_of, months):
        return 2, f"Casting vom {format_date_de(casting.date)} ist älter als {months} Monate"
    return None


def review_reason(group: Group, config: Config, as_of: date) -> str | None:
    """Why the group is up for (re-)casting on `as_of`, or None when its casting stands."""
    found = _review(group, config, as_of)
    return found[1] if found else None


def review_queue(
    groups: Iterable[Group], config: Config, as_of: date, advisor: str | None
) -> list[ReviewItem]:
    """The advisor's lead groups up for casting (all groups when advisor is None): never
    cast first, then changed scheme, then the oldest casting, then the group's name."""
    ranked = []
    for group in groups:
        if advisor is not None and group.lead != advisor:
            continue
        found = _review(group, config, as_of)
        if found is not None:
            casting = group.casting
            ranked.append(((found[0], casting.date if casting else date.min, group.name), ReviewItem(group, found[1])))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _, item in ranked]

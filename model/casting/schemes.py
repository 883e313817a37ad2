"""Casting schemes as configuration (docs/rules.md, rule 1) and the review queue.

An administrator edits a segment's scheme as a plain dict (the shape of
`data/default_config.json`). `validate_scheme` (in `validation.py`, the same check that runs
when the configuration loads) lists every problem in German, naming the segment, criterion,
option or class, so an editor can show all of them at once instead of one per save. `replace_scheme` puts a valid scheme into a copy of the configuration with the next
version number: castings made under an older version are then flagged for review by
`review_reason`, never silently recast (their answers may no longer fit the new scheme).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from model.casting.scoring import review_due
from model.casting.validation import validate_scheme
from model.config import Config
from model.entities import Group
from model.german.counts import counted
from model.german.dates import format_date_de


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
    problems = validate_scheme(new_scheme_raw, config_raw.get("formats") or [], departments=config_raw.get("departments"))
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
        return 2, f"Casting vom {format_date_de(casting.date)} ist älter als {counted(months, 'Monat', 'Monate')}"
    return None


def review_reason(group: Group, config: Config, as_of: date) -> str | None:
    """Why the group is up for (re-)casting on `as_of`, or None when its casting stands."""
    found = _review(group, config, as_of)
    return found[1] if found else None


def review_queue(groups: Iterable[Group], config: Config, as_of: date, advisor: str | None) -> list[ReviewItem]:
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

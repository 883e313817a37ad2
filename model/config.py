"""The institute's configuration: casting schemes per segment, class bands (threshold,
target frequency, planning minutes, allowed formats) and the lists of values.

Every number here is a default an institute may change in its store; code never hard-codes
them. `Config.from_json` checks the document and names the field that is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from model.casting.validation import validate_scheme
from model.entities import CLASSES, Contact
from model.german.workdays import STATES

CARE_CALL_FORMAT = "Care Call"
"""The format of the entry a care-call survey leaves in the group's history."""


class ConfigError(ValueError):
    """A configuration document that cannot be used; the message names the field."""


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    points: int
    department: str | None = None


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    options: tuple[Option, ...]

    def option(self, label: str) -> Option | None:
        return next((o for o in self.options if o.label == label), None)


@dataclass(frozen=True, slots=True)
class ClassBand:
    name: str
    min_score: int
    frequency: float
    planning_minutes: int
    formats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scheme:
    segment: str
    version: int
    criteria: tuple[Criterion, ...]
    classes: tuple[ClassBand, ...]

    def criterion(self, name: str) -> Criterion | None:
        return next((c for c in self.criteria if c.name == name), None)

    def band(self, cls: str) -> ClassBand:
        for band in self.classes:
            if band.name == cls:
                return band
        raise KeyError(cls)


@dataclass(frozen=True, slots=True)
class CallPartyConfig:
    rrule: str
    dtstart: str
    minutes: int
    groups_per_advisor: int


@dataclass(frozen=True, slots=True)
class Config:
    institute: str
    federal_state: str
    due_horizon_days: int
    inactive_months: int
    casting_review_months: int
    unclassified_as: str
    channels: tuple[str, ...]
    formats: tuple[str, ...]
    consultation_formats: tuple[str, ...]
    outcomes: tuple[str, ...]
    uncounted_outcomes: tuple[str, ...]
    departments: tuple[str, ...]
    call_party: CallPartyConfig
    schemes: tuple[Scheme, ...]
    raw: dict
    care_call_counts: bool = False
    """Whether a Care Call entry counts toward Soll/Ist, due dates and activity (`takes_part`)."""
    care_call_repeat_weeks: int = 12
    """A group asked in a care call or survey is not asked again within this many weeks."""
    test_store: bool = False
    """Marked by an administrator (`kontakt config set test_store ja`) or a demo: anyone may act
    as anyone (--user)."""

    def scheme(self, segment: str) -> Scheme:
        """The scheme of a segment; an unknown segment falls back to the first scheme."""
        for scheme in self.schemes:
            if scheme.segment == segment:
                return scheme
        return self.schemes[0]

    def band(self, segment: str, cls: str | None) -> ClassBand:
        """Class band in force; an uncast group is planned as `unclassified_as`."""
        return self.scheme(segment).band(cls or self.unclassified_as)

    def frequency(self, segment: str, cls: str | None) -> float:
        return self.band(segment, cls).frequency

    def counts(self, outcome: str) -> bool:
        """Rule 3: a contact counts toward Ist when the customer was reached."""
        return outcome not in self.uncounted_outcomes

    def takes_part(self, contact: Contact) -> bool:
        """Whether a logged entry takes part in the contact rules (due date, Soll/Ist,
        activity): every entry but a Care Call (the customer answered a survey, the advisor
        did not get in touch) unless `care_call_counts` is set. The one rule for it."""
        return self.care_call_counts or contact.format != CARE_CALL_FORMAT

    def counted(self, contact: Contact) -> bool:
        """Rule 3 for one logged entry: it takes part and the customer was reached."""
        return self.takes_part(contact) and self.counts(contact.outcome)

    @classmethod
    def from_json(cls, d: dict) -> Config:
        try:
            return _parse(d)
        except ConfigError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"Konfiguration unvollständig oder fehlerhaft: {exc!r}") from exc


def _require(cond: bool, message: str) -> None:
    if not cond:
        raise ConfigError(message)


def _flag(value: object, field: str) -> bool:
    _require(isinstance(value, bool), f"{field} muss true oder false sein")
    return bool(value)


def _parse_scheme(s: dict) -> Scheme:
    """A scheme `validate_scheme` accepted."""
    criteria = tuple(
        Criterion(c["name"], tuple(Option(o["label"], int(o["points"]), o.get("department")) for o in c["options"]))
        for c in s["criteria"]
    )
    classes = tuple(
        ClassBand(b["name"], int(b["min_score"]), float(b["frequency"]), int(b["planning_minutes"]), tuple(b["formats"]))
        for b in s["classes"]
    )
    return Scheme(s["segment"], int(s.get("version", 1)), criteria, classes)


def _parse(d: dict) -> Config:
    cp = d["call_party"]
    # The same check as the scheme editor's, so a configuration the editor would refuse (0 planning
    # minutes, a negative threshold …) does not load either; every problem of every scheme at once.
    problems = [p for s in d["schemes"] for p in validate_scheme(s, d["formats"], departments=d["departments"])]
    _require(not problems, "Konfiguration nicht verwendbar:\n" + "\n".join(problems))
    schemes = tuple(_parse_scheme(s) for s in d["schemes"])
    _require(bool(schemes), "Konfiguration: kein Casting-Schema")
    config = Config(
        institute=d.get("institute", ""),
        federal_state=d.get("federal_state", "HE"),
        due_horizon_days=int(d.get("due_horizon_days", 14)),
        inactive_months=int(d.get("inactive_months", 12)),
        casting_review_months=int(d.get("casting_review_months", 12)),
        unclassified_as=d.get("unclassified_as", "C"),
        channels=tuple(d["channels"]),
        formats=tuple(d["formats"]),
        consultation_formats=tuple(d["consultation_formats"]),
        outcomes=tuple(d["outcomes"]),
        uncounted_outcomes=tuple(d["uncounted_outcomes"]),
        departments=tuple(d["departments"]),
        call_party=CallPartyConfig(cp["rrule"], cp["dtstart"], int(cp["minutes"]), int(cp["groups_per_advisor"])),
        schemes=schemes,
        raw=d,
        care_call_counts=_flag(d.get("care_call_counts", False), "care_call_counts"),
        care_call_repeat_weeks=int(d.get("care_call_repeat_weeks", 12)),
        test_store=bool(d.get("test_store", False)),
    )
    _require(config.care_call_repeat_weeks >= 0, "care_call_repeat_weeks darf nicht negativ sein")
    _require(config.unclassified_as in CLASSES, "unclassified_as muss A, B, C oder D sein")
    _require(
        config.federal_state in STATES,
        f"federal_state {config.federal_state!r} ist kein Bundesland-Kürzel (z. B. HE, BY, NW)",
    )
    return config


def default_config_json() -> dict:
    """The shipped default configuration from `data/default_config.json`."""
    text = resources.files("data").joinpath("default_config.json").read_text(encoding="utf-8")
    return json.loads(text)


def default_config() -> Config:
    return Config.from_json(default_config_json())

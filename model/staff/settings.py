"""The institute's settings changed by command, not by hand: every key an institute changes,
its German check naming the key and the allowed values, and one way to save (`save_config_change`:
role check, the configuration's own load checks, a new revision with backup and audit entry).

Keys as the configuration names them: `federal_state`, `due_horizon_days`, `call_party.minutes`,
`channels` (a list: "Telefon,Besuch"), and per segment and class
`segments.Firmenkunden.A.frequency` / `.planning_minutes` / `.formats` / `.min_score`.
Pure except `save_config_change`, which writes through the store it is given.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from dateutil.rrule import rrulestr

from model.config import CLASSES, Config, ConfigError
from model.german.dates import parse_date_de
from model.german.numbers import format_number, parse_decimal
from model.german.workdays import STATES
from model.institute import Institute
from model.staff.policy import require

if TYPE_CHECKING:
    from model.store import Store


class SettingError(ValueError):
    """A value a key does not take; the message (German) names the key and what is allowed."""


LISTS = ("channels", "formats", "consultation_formats", "outcomes", "uncounted_outcomes", "departments")
BAND_FIELDS = ("frequency", "planning_minutes", "formats", "min_score")
_YES, _NO = ("ja", "yes", "true", "1", "an"), ("nein", "no", "false", "0", "aus")


def _int(low: int, high: int) -> Callable[[str, str], int]:
    def parse(key: str, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise SettingError(f"{key}: „{text}“ ist keine ganze Zahl (erlaubt: {low} bis {high}).") from None
        if not low <= value <= high:
            raise SettingError(f"{key}: {value} liegt außerhalb von {low} bis {high}.")
        return value

    return parse


def _state(key: str, text: str) -> str:
    code = text.strip().upper()
    if code not in STATES:
        raise SettingError(f"{key}: „{text}“ ist kein Bundesland-Kürzel (erlaubt: {', '.join(STATES)}).")
    return code


def _class(key: str, text: str) -> str:
    cls = text.strip().upper()
    if cls not in CLASSES:
        raise SettingError(f"{key}: „{text}“ ist keine Klasse (erlaubt: {', '.join(CLASSES)}).")
    return cls


def _flag(key: str, text: str) -> bool:
    word = text.strip().casefold()
    if word in _YES or word in _NO:
        return word in _YES
    raise SettingError(f"{key}: „{text}“ ist weder ja noch nein (erlaubt: ja, nein).")


def _text(key: str, text: str) -> str:
    value = " ".join(text.split())
    if not value or len(value) > 120:
        raise SettingError(f"{key}: Name fehlt oder ist länger als 120 Zeichen.")
    return value


def _rrule(key: str, text: str) -> str:
    value = text.strip().upper().removeprefix("RRULE:")
    try:
        rrulestr(value, dtstart=datetime(2026, 1, 1, 9))
    except (ValueError, TypeError) as exc:
        raise SettingError(
            f"{key}: „{text}“ ist keine gültige Wiederholungsregel (iCalendar RRULE, z. B. "
            f"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=9;BYMINUTE=0;BYSECOND=0): {exc}"
        ) from None
    return value


def _start(key: str, text: str) -> str:
    """ "06.01.2026 09:00" or ISO "2026-01-06T09:00" → ISO with seconds."""
    value = text.strip()
    try:
        return datetime.fromisoformat(value).isoformat(timespec="seconds")
    except ValueError:
        pass
    day, _, clock = value.partition(" ")
    try:
        hour, _, minute = clock.strip().partition(":")
        return (
            datetime.combine(parse_date_de(day), datetime.min.time())
            .replace(hour=int(hour), minute=int(minute or 0))
            .isoformat(timespec="seconds")
        )
    except ValueError:
        raise SettingError(f"{key}: „{text}“ ist kein Zeitpunkt (erlaubt: TT.MM.JJJJ HH:MM).") from None


SCALARS: dict[str, tuple[Callable[[str, str], object], str]] = {
    "institute": (_text, "Name des Instituts"),
    "federal_state": (_state, "Bundesland für Feiertage (Kürzel, z. B. HE)"),
    "due_horizon_days": (_int(0, 365), "Vorschau der Fälligkeitsliste in Tagen"),
    "inactive_months": (_int(1, 60), "inaktiv nach so vielen Monaten ohne Kontakt"),
    "casting_review_months": (_int(1, 60), "Casting gilt nach so vielen Monaten als alt"),
    "unclassified_as": (_class, "Klasse, mit der ungecastete Verbünde geplant werden"),
    "test_store": (_flag, "Testspeicher: jeder darf mit --user als jemand anderes arbeiten"),
    "call_party.rrule": (_rrule, "Call Party: Wiederholungsregel (RRULE)"),
    "call_party.dtstart": (_start, "Call Party: erster Termin"),
    "call_party.minutes": (_int(5, 480), "Call Party: Dauer in Minuten"),
    "call_party.groups_per_advisor": (_int(1, 100), "Call Party: Verbünde je Betreuer"),
}
"""Key → (parser, German description)."""


def _list(key: str, text: str) -> list[str]:
    items = [" ".join(part.split()) for part in text.split(",")]
    items = [i for i in items if i]
    seen: set[str] = set()
    for item in items:
        if item.casefold() in seen:
            raise SettingError(f"{key}: „{item}“ kommt doppelt vor.")
        seen.add(item.casefold())
    return items


_BAND_TEXT = {
    "frequency": "Soll-Kontakte im Jahr",
    "planning_minutes": "Planungsminuten je Kontakt",
    "formats": "erlaubte Anlässe",
    "min_score": "Mindestpunktzahl der Klasse",
}


def describe(key: str) -> str:
    """What a key means, in German (`config show` and the administration screen)."""
    if key in SCALARS:
        return SCALARS[key][1]
    if key.startswith("segments."):
        return _BAND_TEXT.get(key.rsplit(".", 1)[-1], "")
    return "Werteliste (mit Komma getrennt)"


def setting_keys(config: Config) -> list[str]:
    """Every key `set_setting` takes, in the order `config show` lists them."""
    found = [*SCALARS, *LISTS]
    for scheme in config.schemes:
        for band in scheme.classes:
            found += [f"segments.{scheme.segment}.{band.name}.{f}" for f in BAND_FIELDS]
    return found


def _band(raw: dict, key: str) -> tuple[dict, str]:
    parts = key.split(".")
    segments = [s["segment"] for s in raw["schemes"]]
    if len(parts) != 4:
        raise SettingError(
            f"{key}: so ist kein Schlüssel aufgebaut (erlaubt: segments.SEGMENT.KLASSE.FELD, "
            f"z. B. segments.{segments[0]}.A.frequency)."
        )
    _, segment, cls, field = parts
    scheme = next((s for s in raw["schemes"] if s["segment"].casefold() == segment.casefold()), None)
    if scheme is None:
        raise SettingError(f"{key}: Segment „{segment}“ gibt es nicht (erlaubt: {', '.join(segments)}).")
    band = next((b for b in scheme["classes"] if b["name"] == cls.upper()), None)
    if band is None:
        raise SettingError(f"{key}: Klasse „{cls}“ gibt es nicht (erlaubt: {', '.join(CLASSES)}).")
    if field not in BAND_FIELDS:
        raise SettingError(f"{key}: Feld „{field}“ gibt es nicht (erlaubt: {', '.join(BAND_FIELDS)}).")
    return scheme, field


def value_of(config: Config, key: str) -> object:
    """The current value of `key` (as stored: lists as lists)."""
    raw = config.raw
    if key.startswith("segments."):
        scheme, field = _band(raw, key)
        return next(b for b in scheme["classes"] if b["name"] == key.split(".")[2].upper())[field]
    if key in SCALARS:
        head, _, tail = key.partition(".")
        return raw.get(head, {}).get(tail) if tail else raw.get(key, getattr(config, key, None))
    if key in LISTS:
        return list(raw.get(key, ()))
    raise SettingError(f"{key}: diesen Schlüssel gibt es nicht. Möglich: {', '.join([*SCALARS, *LISTS])}, segments.…")


def shown(value: object) -> str:
    """A value as `config show` prints it: lists with commas, numbers with a decimal comma."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return format_number(value, 2).rstrip("0").rstrip(",")
    return "" if value is None else str(value)


def set_setting(raw: dict, key: str, text: str) -> dict:
    """A new configuration document with `key` set from the typed `text`; SettingError (German,
    naming the key and the allowed values) when the value or the result is not usable."""
    new = copy.deepcopy(raw)
    if key in SCALARS:
        value = SCALARS[key][0](key, text)
        head, _, tail = key.partition(".")
        if tail:
            new[head][tail] = value
        else:
            new[key] = value
    elif key in LISTS:
        new[key] = _list(key, text)
        if not new[key] and key not in ("uncounted_outcomes",):
            raise SettingError(f"{key}: die Liste darf nicht leer sein.")
    elif key.startswith("segments."):
        scheme, field = _band(new, key)
        band = next(b for b in scheme["classes"] if b["name"] == key.split(".")[2].upper())
        band[field] = _band_value(key, field, text, new)
        if field == "min_score":  # thresholds change classes: castings under the old ones go to review
            scheme["version"] = int(scheme.get("version", 1)) + 1
    else:
        value_of(Config.from_json(raw), key)  # raises naming the known keys
    _check_whole(key, new)
    return new


def _band_value(key: str, field: str, text: str, raw: dict) -> object:
    if field == "formats":
        items = _list(key, text)
        unknown = [i for i in items if i not in raw["formats"]]
        if unknown or not items:
            raise SettingError(f"{key}: „{', '.join(unknown) or text}“ nicht möglich (erlaubt: {', '.join(raw['formats'])}).")
        return items
    try:
        number = parse_decimal(text)
    except ValueError as exc:
        raise SettingError(f"{key}: {exc}") from None
    if field == "frequency":
        if not 0 < number <= 52:
            raise SettingError(f"{key}: {text} ist nicht möglich (erlaubt: Kontakte im Jahr, größer als 0 bis 52).")
        return number
    if number != int(number) or not 0 <= number <= 10_000:
        raise SettingError(f"{key}: {text} ist nicht möglich (erlaubt: ganze Zahl ab 0).")
    return int(number)


def _check_whole(key: str, raw: dict) -> None:
    """The configuration's own load checks (schemes with `validate_scheme`, the lists they use)."""
    for sub, whole in (("consultation_formats", "formats"), ("uncounted_outcomes", "outcomes")):
        missing = [v for v in raw[sub] if v not in raw[whole]]
        if missing:
            raise SettingError(f"{key}: {sub} nennt {', '.join(missing)}, das in {whole} nicht (mehr) vorkommt.")
    try:
        Config.from_json(raw)
    except ConfigError as exc:
        raise SettingError(f"{key}: so nicht verwendbar – {exc}") from None


def add_to_list(raw: dict, key: str, item: str) -> dict:
    if key not in LISTS:
        raise SettingError(f"{key}: keine Liste (Listen: {', '.join(LISTS)}).")
    return set_setting(raw, key, ",".join([*raw[key], item]))


def remove_from_list(raw: dict, key: str, item: str) -> dict:
    if key not in LISTS:
        raise SettingError(f"{key}: keine Liste (Listen: {', '.join(LISTS)}).")
    kept = [v for v in raw[key] if v.casefold() != " ".join(item.split()).casefold()]
    if len(kept) == len(raw[key]):
        raise SettingError(f"{key}: „{item}“ steht nicht in der Liste (enthält: {', '.join(raw[key])}).")
    return set_setting(raw, key, ",".join(kept))


def department_users(institute: Institute, department: str, as_of: date) -> list[str]:
    """Who still names `department` (German, for the refusal): active advisors by Kürzel and
    groups with a co-care assignment of it running on `as_of` or later."""
    same = department.casefold()
    people = sorted(a.code for a in institute.advisors.values() if a.left is None and (a.department or "").casefold() == same)
    groups = sorted(
        g.number
        for g in institute.groups.values()
        if any(a.department.casefold() == same and (a.end is None or a.end > as_of) for a in g.assignments)
    )
    named = [f"Mitarbeiter {', '.join(people)}"] if people else []
    return named + ([f"Co-Betreuung in Verbund {', '.join(groups)}"] if groups else [])


def _departments_still_named(institute: Institute, document: dict, as_of: date) -> None:
    """A department taken off the list while advisors or co-care assignments name it would
    leave them pointing at nothing: refused, naming them (one check for set, remove, screen)."""
    kept = {d.casefold() for d in document.get("departments", ())}
    for department in institute.config.departments:
        if department.casefold() in kept:
            continue
        users = department_users(institute, department, as_of)
        if users:
            raise SettingError(
                f"departments: „{department}“ wird noch genannt – {'; '.join(users)}. Zuerst diese Personen "
                "ändern (kontakt staff set --fachbereich) und die Co-Betreuungen übergeben oder beenden."
            )


def save_config_change(
    store: Store, institute: Institute, actor: str, document: dict, action: str = "config", as_of: date | None = None
) -> None:
    """Save a changed configuration document if `actor` may (`action`: "config", or
    "capacity" for the capacity screen's what-if): NotAllowed with the German reason
    otherwise. The store checks it once more, writes a new revision, backs up and audits."""
    require(actor, action, institute)
    try:
        Config.from_json(document)
    except ConfigError as exc:
        raise SettingError(str(exc)) from None
    _departments_still_named(institute, document, as_of or date.today())
    store.save_config(document)

"""Checking every record of a store file when it is read: types, ids, enumerations, dates.

A file that is valid JSON with a correct checksum can still hold a record kontakt cannot use
(an administrator's hand edit accepted with `kontakt accept`, an old bug, a foreign tool):
a doc-id "abc", a class "Z", a table written as a list. Such a record used to pass `doctor`
and then crash commands with a traceback. `check_records` raises a `StoreFileError` naming
the file and the record ("Eintrag 3 (Verbund 10040): Klasse 'Z' ist keine von A, B, C, D")
before anything uses the data, so the file is treated like any other damaged file: read-only,
named, never written.

Keys this version does not know are allowed at every depth (a newer kontakt may add them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..config import Config
from ..entities import ADVISOR_ROLES, CLASSES
from .files import META, StoreFileError

_TABLES = {
    "groups": ("groups",),
    "contacts": ("contacts",),
    "organisation": ("advisors",),
    "config": ("config",),
    "collection": ("records",),
    "erased": ("erased",),
    "store": ("store",),
}


class _Bad(Exception):
    """One wrong value; the caller adds file and record to the message."""


def check_records(path: Path, doc: dict) -> None:
    """Raise StoreFileError if a table or record of `doc` cannot be used by this version."""
    check_tables(path, doc)
    kind = doc[META]["1"].get("kind")
    check = _CHECKS.get(kind)
    if check is None:
        return
    for name in _TABLES.get(kind, ()):
        for doc_id, record in doc.get(name, {}).items():
            try:
                check(record)
            except _Bad as exc:
                raise StoreFileError(path, f"Eintrag {doc_id}{_label(kind, record)}: {exc}") from None


@contextmanager
def named_entries(path: Path) -> Iterator[None]:
    """A record that fails a check or its parse inside (KeyError, TypeError, ValueError) is
    named as a StoreFileError of `path`."""
    try:
        yield
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreFileError(path, f"enthält einen ungültigen Eintrag ({exc!r})") from exc


def check_tables(path: Path, doc: dict) -> None:
    """The structure every file shares: each table a mapping of numbers to records."""
    for name, table in doc.items():
        if name == META:
            continue
        if not isinstance(table, dict):
            raise StoreFileError(
                path, f"Tabelle {name!r} ist keine Zuordnung von Eintrags-Nummern zu Einträgen (sondern {_type(table)})"
            )
        if all(map(str.isdigit, table)) and set(map(type, table.values())) <= {dict}:
            continue  # the common case, checked in C; the loop below names the culprit
        for doc_id, record in table.items():
            if not doc_id.isdigit():
                raise StoreFileError(path, f"Tabelle {name!r}: Eintrags-Nummer {doc_id!r} ist keine Zahl")
            if not isinstance(record, dict):
                raise StoreFileError(path, f"Tabelle {name!r}, Eintrag {doc_id}: ist kein Datensatz (sondern {_type(record)})")


def _type(value) -> str:
    return {list: "eine Liste", str: "ein Text", int: "eine Zahl", float: "eine Zahl", bool: "ein Wahrheitswert"}.get(
        type(value), "leer" if value is None else type(value).__name__
    )


def _label(kind: str, record: dict) -> str:
    for key, word in (("number", "Verbund"), ("code", "Betreuer"), ("id", "Id")):
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and kind != "config":
            return f" ({word} {value})"
    return ""


# ---- field checks ---------------------------------------------------------------------------


def _text(record: dict, key: str, label: str, required: bool = True, empty: bool = True) -> None:
    if key not in record:
        if required:
            raise _Bad(f"{label} fehlt")
        return
    value = record[key]
    if not isinstance(value, str):
        raise _Bad(f"{label} ist kein Text ({value!r})")
    if not empty and not value.strip():
        raise _Bad(f"{label} ist leer")


def _optional_text(record: dict, key: str, label: str) -> None:
    if record.get(key) is not None:
        _text(record, key, label)


def _number(record: dict, key: str, label: str, required: bool = True, whole: bool = False) -> None:
    if key not in record or record[key] is None:
        if required:
            raise _Bad(f"{label} fehlt")
        return
    value = record[key]
    kinds = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise _Bad(f"{label} ist keine {'ganze ' if whole else ''}Zahl ({value!r})")


def _date(record: dict, key: str, label: str, required: bool = True) -> None:
    value = record.get(key)
    if value is None:
        if required:
            raise _Bad(f"{label} fehlt")
        return
    if type(value) is not str or not _is_date(value):
        raise _Bad(f"{label} {value!r} ist kein Datum (JJJJ-MM-TT)")


@lru_cache(maxsize=16384)
def _is_date(value: str) -> bool:
    # 250,000 contacts share a few thousand days: each distinct text is parsed once.
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _one_of(record: dict, key: str, label: str, allowed, required: bool = True) -> None:
    value = record.get(key)
    if value is None and not required:
        return
    if value not in allowed:
        raise _Bad(f"{label} {value!r} ist keine von {', '.join(allowed)}")


def _items(record: dict, key: str, label: str, check) -> None:
    items = record.get(key, [])
    if not isinstance(items, list):
        raise _Bad(f"{label} ist keine Liste ({_type(items)})")
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise _Bad(f"{label} Nr. {number} ist kein Datensatz")
        try:
            check(item)
        except _Bad as exc:
            raise _Bad(f"{label} Nr. {number}: {exc}") from None


# ---- records by kind ------------------------------------------------------------------------


def _customer(c: dict) -> None:
    _text(c, "number", "Kunden-Nr", empty=False)
    _text(c, "name", "Name")


def _person(p: dict) -> None:
    _text(p, "id", "Id", empty=False)
    _text(p, "name", "Name")
    for key, label in (("function", "Funktion"), ("phone", "Telefon"), ("email", "E-Mail")):
        _text(p, key, label, required=False)


def _casting(c: dict) -> None:
    _text(c, "id", "Id", empty=False)
    _date(c, "date", "Datum")
    _text(c, "scheme", "Schema")
    _number(c, "scheme_version", "Schema-Version", required=False, whole=True)
    answers = c.get("answers", {})
    if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
        raise _Bad(f"Antworten sind keine Zuordnung Kriterium → Antwort ({answers!r})")
    _number(c, "score", "Punkte", whole=True)
    _one_of(c, "computed_class", "Klasse", CLASSES)
    _one_of(c, "override_class", "abweichende Klasse", CLASSES, required=False)
    _text(c, "reason", "Begründung", required=False)
    _text(c, "by", "Ersteller", required=False)


def _assignment(a: dict) -> None:
    _text(a, "id", "Id", empty=False)
    _text(a, "department", "Fachbereich")
    _text(a, "advisor", "Betreuer", empty=False)
    _number(a, "frequency", "Frequenz")
    _date(a, "start", "Beginn")
    _date(a, "end", "Ende", required=False)


def _group(g: dict) -> None:
    # 20,000 groups are checked at every start: the common record passes the quick test
    # below; anything it does not accept goes through the field checks, which name the problem.
    if group_ok(g):
        return
    _group_named(g)


def _nonempty(value) -> bool:
    return type(value) is str and bool(value.strip())


def _is_day(value) -> bool:
    return type(value) is str and _is_date(value)


_TEXTS = frozenset((str,))


def _texts_only(record: dict) -> bool:
    """Every value a text (in C: no Python call per value)."""
    return set(map(type, record.values())) <= _TEXTS


def _casting_ok(c: dict) -> bool:
    get = c.get
    answers = get("answers", {})
    override = get("override_class")
    # Stricter than `_casting` where `Casting.from_json` is: a version or seq of None (allowed
    # by the field checks) would not parse.
    return (
        _nonempty(get("id")) and _is_day(get("date")) and type(get("scheme")) is str
        and type(get("scheme_version", 1)) is int and type(get("seq", 0)) is int and type(get("score")) is int
        and type(answers) is dict and _texts_only(answers)
        and get("computed_class") in CLASSES and (override is None or override in CLASSES)
        and type(get("reason", "")) is str and type(get("by", "")) is str
    )  # fmt: skip


def _assignment_ok(a: dict) -> bool:
    get = a.get
    frequency, end = get("frequency"), get("end")
    return (
        _nonempty(get("id")) and type(get("department")) is str and _nonempty(get("advisor"))
        and type(frequency) in (int, float) and _is_day(get("start")) and (end is None or _is_day(end))
    )  # fmt: skip


def group_ok(g: dict) -> bool:
    """True only for a group record that every field check of `_group_named` accepts and that
    `Group.from_json` builds without an error (tests hold the three together); False says
    nothing — the named checks decide. A group that passes may be built lazily (group_records.py).
    Plain loops and C-level tests: this runs for every group at every start."""
    get = g.get
    carried = get("carried_class")
    if not (
        _nonempty(get("id")) and _nonempty(get("number")) and type(get("name")) is str
        and type(get("segment", "")) is str and _nonempty(get("lead"))
        and (carried is None or carried in CLASSES) and type(get("revision", 0)) is int
    ):  # fmt: skip
        return False
    customers, persons = get("customers", []), get("persons", [])
    castings, assignments = get("castings", []), get("assignments", [])
    if not (type(customers) is list and type(persons) is list and type(castings) is list and type(assignments) is list):
        return False
    # A customer or contact person holds texts only; a key of a newer version with another
    # type of value just takes the named checks.
    for c in customers:
        if type(c) is not dict or not _texts_only(c) or "name" not in c or not c.get("number", "").strip():
            return False
    for p in persons:
        if type(p) is not dict or not _texts_only(p) or "name" not in p or not p.get("id", "").strip():
            return False
    for c in castings:
        if type(c) is not dict or not _casting_ok(c):
            return False
    for a in assignments:
        if type(a) is not dict or not _assignment_ok(a):
            return False
    return True


def _group_named(g: dict) -> None:
    _text(g, "id", "Id", empty=False)
    _text(g, "number", "Verbund-Nr", empty=False)
    _text(g, "name", "Name")
    _text(g, "segment", "Segment", required=False)
    _text(g, "lead", "FKB", empty=False)
    _items(g, "customers", "Kunde", _customer)
    _items(g, "persons", "Ansprechpartner", _person)
    _items(g, "castings", "Casting", _casting)
    _items(g, "assignments", "Co-Betreuung", _assignment)
    _one_of(g, "carried_class", "übernommene Klasse", CLASSES, required=False)
    _number(g, "revision", "Stand", required=False, whole=True)


_CONTACT_TEXTS = (("channel", "Kanal"), ("format", "Anlass"), ("note", "Notiz"), ("person", "Ansprechpartner"),
                  ("logged_at", "Erfasst"), ("meeting", "Termin"))  # fmt: skip


def _contact(c: dict) -> None:
    # The bulk of the store (250,000 records, checked at every cold start): the common record
    # is accepted with a handful of lookups; the slow path below finds and names the problem.
    get = c.get
    day = get("date")
    if (
        type(get("id")) is str and type(get("group")) is str and type(get("by")) is str
        and type(get("outcome")) is str and get("id") and get("group") and get("by") and get("outcome")
        and type(day) is str and _is_date(day)
    ):  # fmt: skip
        if len(c) == 7 and type(get("channel")) is str and type(get("format")) is str:
            return
        _contact_optional(c)
        return
    for key, label in (("id", "Id"), ("group", "Verbund"), ("by", "Betreuer"), ("outcome", "Ergebnis")):
        value = get(key)
        if type(value) is not str or not value:
            raise _Bad(f"{label} fehlt oder ist kein Text ({value!r})")
    _date(c, "date", "Datum")


def _contact_optional(c: dict) -> None:
    for key, label in _CONTACT_TEXTS:
        if key in c and type(c[key]) is not str:
            raise _Bad(f"{label} ist kein Text ({c[key]!r})")
    _optional_text(c, "department", "Fachbereich")
    _date(c, "follow_up", "Folgekontakt", required=False)
    _number(c, "deal", "Deckungsbeitrag", required=False)
    _number(c, "seq", "Speicherfolge", required=False, whole=True)


def _advisor(a: dict) -> None:
    _text(a, "code", "Kürzel", empty=False)
    _text(a, "name", "Name", required=False)
    _optional_text(a, "department", "Fachbereich")
    _one_of(a, "role", "Rolle", ADVISOR_ROLES, required=False)
    _number(a, "net_market_hours", "Netto-Marktstunden", required=False)


def _config(c: dict) -> None:
    try:
        Config.from_json(c)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _Bad(f"Konfiguration ungültig: {exc}") from None


def _erased(e: dict) -> None:
    _text(e, "group", "Verbund", empty=False)
    _text(e, "number", "Verbund-Nr")


_CHECKS = {
    "groups": _group,
    "contacts": _contact,
    "organisation": _advisor,
    "config": _config,
    "erased": _erased,
}

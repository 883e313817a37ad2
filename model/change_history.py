"""The audit trail in words: what kind of record, what happened, and which values changed —
shared by `kontakt audit` and the change history on the group card.

Everything reads German: field names ("Ansprechpartner Anna Huber: Telefon 069 1 → 069 2"),
people by name ("Martina Kraus (MKR)" for an advisor's Kürzel, the contact person's name
for a person id), dates TT.MM.JJJJ and times TT.MM.JJJJ HH:MM; record ids (UUIDs) are never
shown."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime

AUDIT_KINDS = {"group": "Verbund", "contact": "Kontakt", "dsgvo": "Datenschutz", "file": "Datei"}
AUDIT_ACTIONS = {
    "create": "angelegt",
    "update": "geändert",
    "erase": "gelöscht (DSGVO)",
    "export": "Auskunft erteilt (DSGVO)",
    "restore": "wiederhergestellt",
    "withdraw": "zurückgenommen",
}

FIELD_NAMES = {
    # the group
    "number": "Nummer", "name": "Name", "segment": "Segment", "lead": "FKB", "customers": "Kunden",
    "persons": "Ansprechpartner", "castings": "Casting", "assignments": "Co-Betreuung",
    "carried_class": "übernommene Klasse", "merged": "zusammengeführt",
    # a contact person
    "function": "Funktion", "phone": "Telefon", "email": "E-Mail",
    # a casting
    "date": "Datum", "scheme": "Schema", "scheme_version": "Schema-Version", "answers": "Antworten",
    "score": "Summe", "computed_class": "Klasse", "override_class": "abweichende Klasse", "reason": "Begründung",
    "by": "von",
    # a co-care assignment
    "department": "Fachbereich", "advisor": "Betreuer", "frequency": "Kontakte p. a.", "start": "Beginn", "end": "Ende",
    # a contact
    "group": "Verbund", "outcome": "Ergebnis", "channel": "Kanal", "format": "Anlass", "follow_up": "Folgekontakt",
    "note": "Notiz", "person": "Ansprechpartner", "logged_at": "erfasst", "meeting": "Termin", "deal": "Deckungsbeitrag",
    "role": "Rolle",
}  # fmt: skip
"""Stored field → German; a field not listed keeps its stored name."""

_ORDER = {key: i for i, key in enumerate((
    # the group, then a contact as an advisor tells it, then the parts of records
    "number", "name", "segment", "lead", "customers", "persons", "castings", "assignments", "carried_class", "merged",
    "group", "date", "by", "outcome", "channel", "format", "person", "meeting", "follow_up", "deal", "note", "logged_at",
    "role", "function", "phone", "email", "scheme", "scheme_version", "answers", "score", "computed_class",
    "override_class", "reason", "department", "advisor", "frequency", "start", "end",
))}  # fmt: skip
_HIDDEN = {"id", "revision"}


def _in_order(record: Mapping) -> list[tuple[str, object]]:
    """A stored record's fields in one fixed order (as `_ORDER` lists them, others by
    name): a database may hand back a document's keys in another order than they were
    written (PostgreSQL's jsonb does), and the history must read the same on every store."""
    return sorted(record.items(), key=lambda kv: (_ORDER.get(kv[0], len(_ORDER)), kv[0]))


_PEOPLE = {"lead", "by", "advisor"}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def what_happened(entry: dict) -> str:
    kind, action = entry.get("kind"), entry.get("action")
    return f"{AUDIT_KINDS.get(kind, kind)} {AUDIT_ACTIONS.get(action, action)}"


def when(value) -> str:
    """An audit time as TT.MM.JJJJ HH:MM (the stored text as it is when it is no time)."""
    text = str(value or "")
    if _ISO_TIME.match(text):
        try:
            return datetime.fromisoformat(text.replace(" ", "T")).strftime("%d.%m.%Y %H:%M")
        except ValueError:
            pass
    return text


class _Names:
    """Who and what the ids and codes in an entry stand for."""

    def __init__(self, advisors: Mapping[str, str] | None, records: Mapping[str, str] | None, before, after) -> None:
        self.advisors = advisors or {}
        self.records: dict[str, str] = dict(records or {})
        for side in (before, after):
            if isinstance(side, dict):
                for person in side.get("persons", ()) if isinstance(side.get("persons"), list) else ():
                    if isinstance(person, dict) and "id" in person:
                        self.records[str(person["id"])] = str(person.get("name", ""))

    def value(self, field: str, value) -> str:
        if value is None or value == "":
            return "–"
        if field in _PEOPLE and isinstance(value, str) and value in self.advisors:
            return f"{self.advisors[value]} ({value})"
        if isinstance(value, str):
            if value in self.records or _UUID.match(value):  # a person's or the group's id
                return self.records.get(value) or "–"
            if _ISO_DATE.match(value):
                try:
                    return date.fromisoformat(value).strftime("%d.%m.%Y")
                except ValueError:
                    return value
            if _ISO_TIME.match(value):
                return when(value)
            return value
        if isinstance(value, bool):
            return "ja" if value else "nein"
        if isinstance(value, float):
            return f"{value:g}".replace(".", ",")
        if isinstance(value, list):
            return ", ".join(self.value(field, v) for v in value) or "–"
        if isinstance(value, dict):
            shown = [f"{k}: {self.value(k, v)}" if field == "answers" else self.value(k, v)
                     for k, v in _in_order(value) if k not in _HIDDEN]  # fmt: skip
            return " ".join(shown)
        return json.dumps(value, ensure_ascii=False)

    def label(self, key: str, record: dict) -> str:
        """A record as people know it: "Ansprechpartner Anna Huber", "Casting vom 01.02.2026"."""
        name = FIELD_NAMES.get(key, key)
        if record.get("name"):
            return f"{name} {record['name']}"
        if record.get("department"):
            return f"{name} {record['department']}"
        if record.get("date"):
            return f"{name} vom {self.value('date', record['date'])}"
        return name


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def _records(value) -> dict[str, dict] | None:
    """A list of records with ids (persons, castings, assignments) by id, else None."""
    if isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value):
        return {v["id"]: v for v in value}
    return None


def _record_changes(key: str, old: dict[str, dict], new: dict[str, dict], names: _Names) -> list[str]:
    """Per record: added, removed, or which of its fields changed."""
    lines = []
    for rid, record in new.items():
        label = names.label(key, record)
        if rid not in old:
            lines.append(f"{label}: neu")
            continue
        for field, value in _in_order(record):
            if field not in _HIDDEN and old[rid].get(field) != value:
                before, after = names.value(field, old[rid].get(field)), names.value(field, value)
                lines.append(f"{label}: {field_name(field)} {shorten(before, 30)} → {shorten(after, 30)}")
    for rid, record in old.items():
        if rid not in new:
            lines.append(f"{names.label(key, record)}: entfernt")
    return lines


def describe_change(
    before, after, advisors: Mapping[str, str] | None = None, records: Mapping[str, str] | None = None
) -> list[str]:
    """Changed top-level values as "Feld: alt → neu" lines, in German; lists of records
    (persons, castings, assignments) record by record, so a changed phone number reads
    "Ansprechpartner Anna Huber: Telefon 069 1 → 069 2". `advisors` maps Kürzel → name,
    `records` ids → names (the group's persons for a contact's person, the group itself)."""
    if not isinstance(after, dict):
        return []
    before = before if isinstance(before, dict) else {}
    names = _Names(advisors, records, before, after)
    lines = []
    for key, value in _in_order(after):
        if key in _HIDDEN or before.get(key) == value:
            continue
        old_records, new_records = _records(before.get(key, [])), _records(value)
        if old_records is not None and new_records is not None:
            lines += _record_changes(key, old_records, new_records, names)
            continue
        old = names.value(key, before.get(key)) if key in before else "–"
        lines.append(f"{field_name(key)}: {shorten(old)} → {shorten(names.value(key, value))}")
    return lines


def shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

"""The audit trail in words: what kind of record, what happened, and which values changed —
shared by `kontakt audit` and the change history on the group card."""

from __future__ import annotations

import json

AUDIT_KINDS = {"group": "Verbund", "contact": "Kontakt", "dsgvo": "Datenschutz", "file": "Datei"}
AUDIT_ACTIONS = {
    "create": "angelegt",
    "update": "geändert",
    "erase": "gelöscht (DSGVO)",
    "export": "Auskunft erteilt (DSGVO)",
    "restore": "wiederhergestellt",
}


def what_happened(entry: dict) -> str:
    kind, action = entry.get("kind"), entry.get("action")
    return f"{AUDIT_KINDS.get(kind, kind)} {AUDIT_ACTIONS.get(action, action)}"


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _records(value) -> dict[str, dict] | None:
    """A list of records with ids (persons, castings, assignments) by id, else None."""
    if isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value):
        return {v["id"]: v for v in value}
    return None


def _record_changes(key: str, old: dict[str, dict], new: dict[str, dict]) -> list[str]:
    """Per record: added, removed, or which of its fields changed."""
    lines = []
    for rid, record in new.items():
        label = record.get("name") or record.get("department") or record.get("date") or rid[:8]
        if rid not in old:
            lines.append(f"{key} {label}: neu")
            continue
        for field, value in record.items():
            if old[rid].get(field) != value:
                lines.append(f"{key} {label}: {field} {shorten(_text(old[rid].get(field)), 30)} → {shorten(_text(value), 30)}")
    for rid, record in old.items():
        if rid not in new:
            lines.append(f"{key} {record.get('name') or record.get('department') or rid[:8]}: entfernt")
    return lines


def describe_change(before, after) -> list[str]:
    """Changed top-level values as "Feld: alt → neu" lines; lists of records (persons,
    castings, assignments) record by record, so a changed phone number reads as such."""
    if not isinstance(after, dict):
        return []
    before = before if isinstance(before, dict) else {}
    lines = []
    for key, value in after.items():
        if key == "revision" or before.get(key) == value:
            continue
        old_records, new_records = _records(before.get(key, [])), _records(value)
        if old_records is not None and new_records is not None:
            lines += _record_changes(key, old_records, new_records)
            continue
        old = _text(before.get(key)) if key in before else "–"
        lines.append(f"{key}: {shorten(old)} → {shorten(_text(value))}")
    return lines


def shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

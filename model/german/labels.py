"""German words for the rules' codes, shared by the command line and the screens."""

from __future__ import annotations

from datetime import datetime

from model.entities import LEAD

REASONS = {"follow_up": "Folgekontakt", "frequency": "Frequenz", "never": "nie kontaktiert"}


def role_label(role: str) -> str:
    """ "FKB" for the lead advisor's role, else the department's name."""
    return "FKB" if role == LEAD else role


def meeting_iso(meeting: str) -> str | None:
    """A stored meeting ("2026-12-03T14:30", maybe with seconds) as JJJJ-MM-TTTHH:MM, or None
    (none booked, or a hand-edited value that is no date)."""
    try:
        return datetime.fromisoformat(meeting).strftime("%Y-%m-%dT%H:%M") if meeting else None
    except ValueError:
        return None


def meeting_label(meeting: str) -> str:
    """ "03.12.2026 14:30" for a booked meeting, "" for none."""
    iso = meeting_iso(meeting)
    return "" if iso is None else datetime.fromisoformat(iso).strftime("%d.%m.%Y %H:%M")


def reason_label(reason: str, meeting: str = "") -> str:
    """The due list's "Grund": "Termin 14:30" when the due date is a booked meeting's day,
    else the rule's word (Folgekontakt, Frequenz, nie kontaktiert)."""
    iso = meeting_iso(meeting)
    return f"Termin {iso[11:]}" if iso else REASONS[reason]


def outcome_label(outcome: str, meeting: str = "") -> str:
    """The history's "Ergebnis": with the meeting's day and time when one was booked."""
    label = meeting_label(meeting)
    return f"{outcome} ({label})" if label else outcome

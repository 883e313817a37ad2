"""German words for the rules' codes, shared by the command line and the screens."""

from __future__ import annotations

from model.entities import LEAD

REASONS = {"follow_up": "Folgekontakt", "frequency": "Frequenz", "never": "nie kontaktiert"}


def role_label(role: str) -> str:
    """"FKB" for the lead advisor's role, else the department's name."""
    return "FKB" if role == LEAD else role

"""Checks of a contact person's phone number and e-mail address, shared by the CSV import
and the person form: complete, digital contact data at group level is the point."""

from __future__ import annotations

import re
from dataclasses import replace

from model.entities import ContactPerson, new_id


def email_problem(value: str) -> str | None:
    """A sanity check, not RFC 5322: it catches swapped columns and typos, not every oddity."""
    local, at, domain = value.partition("@")
    labels = domain.split(".")
    if value.count("@") != 1 or not local or any(ch.isspace() for ch in value) or len(labels) < 2 or not all(labels):
        return f'"{value}" ist keine gültige E-Mail-Adresse'
    return None


_PHONE_CHARS = re.compile(r"^[0-9 +/()\-]+$")


def phone_problem(value: str) -> str | None:
    """Digits with the usual separators; Excel's "4,96912E+11" for a long number fails here."""
    if not _PHONE_CHARS.match(value) or sum(ch.isdigit() for ch in value) < 6:
        allowed = "erlaubt: Ziffern, Leerzeichen, + / - ( ); mindestens 6 Ziffern"
        return f'"{value}" ist keine gültige Telefonnummer ({allowed})'
    return None


def person_problems(name: str, phone: str, email: str) -> dict[str, str]:
    """Field name → German problem, empty when the person can be saved."""
    problems = {}
    if not name.strip():
        problems["name"] = "Der Name fehlt."
    if phone.strip() and (problem := phone_problem(phone.strip())):
        problems["phone"] = problem
    if email.strip() and (problem := email_problem(email.strip())):
        problems["email"] = problem
    return problems


def edited_person(existing: ContactPerson | None, name: str, function: str, phone: str, email: str) -> ContactPerson:
    """A new person (fresh id) or the edited one (same id), with blanks trimmed."""
    fields = dict(name=" ".join(name.split()), function=function.strip(), phone=phone.strip(), email=email.strip())
    if existing is None:
        return ContactPerson(new_id(), **fields)
    return replace(existing, **fields)

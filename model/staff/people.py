"""Adding and changing people: name, department, role, net market time, login, leaving.

Each function checks the change (German message naming the field and the allowed values),
asks the policy (`staff` action) and saves through the store's organisation transaction,
which audits every change. A person who left stays in the organisation (the history names
them) but is off every list and may no longer write (`Advisor.left`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from model.entities import ADVISOR_ROLES, Advisor, valid_code
from model.institute import Institute
from model.staff.policy import require

if TYPE_CHECKING:
    from model.store import Store

MAX_HOURS = 2500.0
"""More net market hours than a year of full working days holds is a typing slip."""


class StaffError(ValueError):
    """A change that cannot be made; German, naming the field."""


def active_advisors(institute: Institute) -> dict[str, Advisor]:
    """The advisors who have not left, by Kürzel: what every list and picker shows."""
    return {code: a for code, a in institute.advisors.items() if a.left is None}


def check_department(department: str | None, institute: Institute, field: str = "Fachbereich") -> str | None:
    if not department:
        return None
    for known in institute.config.departments:
        if known.casefold() == " ".join(department.split()).casefold():
            return known
    raise StaffError(
        f"{field}: „{department}“ ist kein Fachbereich (erlaubt: {', '.join(institute.config.departments)} oder leer)."
    )


def check_role(role: str, field: str = "Rolle") -> str:
    for known in ADVISOR_ROLES:
        if known.casefold() == role.strip().casefold():
            return known
    raise StaffError(f"{field}: „{role}“ ist keine Rolle (erlaubt: {', '.join(ADVISOR_ROLES)}).")


def check_hours(hours: float, field: str = "Nettomarktzeit") -> float:
    if not 0 <= hours <= MAX_HOURS:
        raise StaffError(f"{field}: {hours:g} Stunden im Jahr sind nicht möglich (erlaubt: 0 bis {MAX_HOURS:g}).")
    return float(hours)


def check_code(code: str, field: str = "Kürzel") -> str:
    code = code.strip().upper()
    if not valid_code(code):
        raise StaffError(f"{field}: „{code}“ ist kein gültiges Kürzel (Buchstaben und Ziffern, ohne Leerzeichen).")
    return code


def check_login(login: str, code: str, institute: Institute, field: str = "Login") -> str:
    login = login.strip()
    for other in institute.advisors.values():
        if login and other.code != code and other.login.casefold() == login.casefold():
            raise StaffError(f"{field}: „{login}“ gehört schon zu {other.code}; ein Login arbeitet als genau ein Kürzel.")
    return login


def check_email(email: str, field: str = "E-Mail") -> str:
    """The sender address of the care-call drafts; empty for none. The same sanity check as a
    contact person's address (`model.contacts.email_problem`)."""
    from model.contacts import email_problem

    email = email.strip()
    if email and (problem := email_problem(email)):
        raise StaffError(f"{field}: {problem} (leer lassen für keine).")
    return email


def add_person(
    store: Store,
    institute: Institute,
    actor: str,
    code: str,
    name: str,
    department: str | None = None,
    role: str = "Berater",
    hours: float = 630.0,
    login: str = "",
    email: str = "",
) -> Advisor:
    require(actor, "staff", institute)
    code = check_code(code)
    if code in institute.advisors:
        raise StaffError(f"Kürzel {code} gibt es schon ({institute.advisors[code].name}); ändern mit kontakt staff set.")
    if not name.strip():
        raise StaffError("Name: Wert fehlt.")
    advisor = Advisor(
        code,
        " ".join(name.split()),
        check_department(department, institute),
        check_role(role),
        check_hours(hours),
        email=check_email(email),
        login=check_login(login, code, institute),
    )
    store.save_advisors([advisor])
    return advisor


def change_person(store: Store, institute: Institute, actor: str, code: str, **fields) -> Advisor:
    """Change any of name, department ("" for none), role, hours, login, email ("" clears)."""
    require(actor, "staff", institute)
    current = _known(institute, code)
    changes: dict = {}
    if fields.get("name") is not None:
        if not fields["name"].strip():
            raise StaffError("Name: Wert fehlt.")
        changes["name"] = " ".join(fields["name"].split())
    if fields.get("department") is not None:
        changes["department"] = check_department(fields["department"], institute)
    if fields.get("role") is not None:
        changes["role"] = check_role(fields["role"])
    if fields.get("hours") is not None:
        changes["net_market_hours"] = check_hours(fields["hours"])
    if fields.get("login") is not None:
        changes["login"] = check_login(fields["login"], current.code, institute)
    if fields.get("email") is not None:
        changes["email"] = check_email(fields["email"])
    unknown = set(fields) - {"name", "department", "role", "hours", "login", "email"}
    if unknown:
        raise TypeError(f"change_person: unknown fields {sorted(unknown)}")
    updated = replace(current, **changes)
    if updated != current:
        store.save_advisors([updated])
    return updated


def mark_left(store: Store, institute: Institute, actor: str, code: str, on: date) -> tuple[Advisor, int]:
    """Mark `code` as left on `on`; returns the record and how many groups they still hold a
    role in (those need a `handover`, the person is off the lists already)."""
    require(actor, "staff", institute)
    current = _known(institute, code)
    if current.role == "Administrator":
        others = [
            a for a in institute.advisors.values() if a.role == "Administrator" and a.left is None and a.code != current.code
        ]
        if not others:
            raise StaffError(f"{code} ist der letzte Administrator; zuerst einen anderen zum Administrator machen.")
    updated = replace(current, left=on)
    if updated != current:
        store.save_advisors([updated])
    held = sum(
        1
        for g in institute.groups.values()
        if g.lead == code or any(a.advisor == code and a.active_on(on) for a in g.assignments)
    )
    return updated, held


def _known(institute: Institute, code: str) -> Advisor:
    found = institute.advisors.get(code.strip()) or institute.advisors.get(code.strip().upper())
    if found is None:
        raise StaffError(f"Kürzel {code}: keine Person mit diesem Kürzel. Bekannt: {', '.join(sorted(institute.advisors))}")
    return found

"""The staff list: `kontakt import advisors DATEI`, a German Excel CSV

    Kürzel;Name;Fachbereich;Rolle;Nettomarktzeit[;Login][;E-Mail]

read like the other imports (`model.exchange.csv_in`: `;`, UTF-8 with or without BOM or
Windows-1252, CRLF or LF, mixed encodings refused). Upsert by Kürzel (matched ignoring case),
all or nothing, every error with line and column; importing the same file again writes
nothing. `E-Mail` is the sender of the care-call drafts in the advisor's name; a column
left out keeps what is stored (so does `Login`). People not in the file stay as they are (leaving is `kontakt staff leave`). A Kürzel
the groups import created bare (name = Kürzel) is completed here.

Outside set-up mode the import needs the Administrator role (`model.staff.policy`).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.entities import Advisor
from model.exchange.csv_in import ImportFailed, Row, by_line, cell_error, parse_table, required_cell
from model.german import counted
from model.german.numbers import parse_decimal
from model.institute import Institute
from model.staff.people import StaffError, check_code, check_department, check_email, check_hours, check_role

COLUMNS = ("Kürzel", "Name", "Fachbereich", "Rolle", "Nettomarktzeit")
OPTIONAL = ("Login", "E-Mail")


@dataclass(frozen=True)
class StaffPlan:
    rows: int
    created: tuple[Advisor, ...]
    updated: tuple[Advisor, ...]
    unchanged: int
    messages: tuple[str, ...]

    @property
    def advisors(self) -> tuple[Advisor, ...]:
        return (*self.created, *self.updated)


def _cell(row: Row, column: str, check, errors: list[str]):
    try:
        return check(row[column])
    except (StaffError, ValueError) as exc:
        errors.append(cell_error(row, column, str(exc).split(": ", 1)[-1]))
        return None


def plan_staff(text: str, institute: Institute) -> StaffPlan:
    """Every row checked against the configuration and the other rows; ImportFailed with every
    problem (line and column) or the plan of new and changed advisors."""
    table, errors = parse_table(text, COLUMNS, OPTIONAL)
    notes = [f'Spalte "{name}" ist unbekannt und wurde nicht gelesen.' for name in table.ignored]
    existing = {code.casefold(): a for code, a in institute.advisors.items()}
    seen: dict[str, int] = {}
    logins: dict[str, tuple[int, str]] = {}
    created, updated, unchanged = [], [], 0
    for row in table.rows:
        before = len(errors)
        raw_code = required_cell(row, "Kürzel", errors)
        code = _cell(row, "Kürzel", check_code, errors) if raw_code else None
        name = " ".join(required_cell(row, "Name", errors).split())
        department = _cell(row, "Fachbereich", lambda v: check_department(v, institute), errors)
        role = _cell(row, "Rolle", check_role, errors) if required_cell(row, "Rolle", errors) else None
        hours = None
        if required_cell(row, "Nettomarktzeit", errors):
            hours = _cell(row, "Nettomarktzeit", lambda v: check_hours(parse_decimal(v)), errors)
        login = row["Login"].strip() if row.has("Login") else None
        email = _cell(row, "E-Mail", check_email, errors) if row.has("E-Mail") else None
        if code:
            if code.casefold() in seen:
                errors.append(cell_error(row, "Kürzel", f"{code} steht schon in Zeile {seen[code.casefold()]}"))
            seen[code.casefold()] = row.line
        if login:
            first = logins.get(login.casefold())
            if first and first[1] != (code or "").casefold():
                errors.append(cell_error(row, "Login", f"„{login}“ steht schon in Zeile {first[0]} (ein Login, ein Kürzel)"))
            logins.setdefault(login.casefold(), (row.line, (code or "").casefold()))
            other = next((a for a in institute.advisors.values() if a.login.casefold() == login.casefold()), None)
            if other and code and other.code.casefold() != code.casefold():
                errors.append(cell_error(row, "Login", f"„{login}“ gehört schon zu {other.code}"))
        if len(errors) > before or not code:
            continue
        stored = existing.get(code.casefold())
        advisor = Advisor(
            stored.code if stored else code,
            name,
            department,
            role,
            hours,
            email=(stored.email if stored else "") if email is None else email,
            login=stored.login if login is None and stored else (login or ""),
            left=stored.left if stored else None,
        )
        if stored is None:
            created.append(advisor)
        elif advisor != stored:
            updated.append(advisor)
        else:
            unchanged += 1
    if errors:
        raise ImportFailed(by_line(errors))
    if not table.rows:
        raise ImportFailed(["Die Datei enthält keine Mitarbeiter (nur die Kopfzeile)."])
    summary = f"Mitarbeiter: {counted(len(table.rows), 'Zeile', 'Zeilen')}, {len(created)} neu, {len(updated)} geändert, {unchanged} unverändert."
    completed = [a.code for a in updated if existing[a.code.casefold()].name == a.code]
    extra = [f"Vervollständigt (vom Verbünde-Import ohne Namen angelegt): {', '.join(completed)}"] if completed else []
    return StaffPlan(len(table.rows), tuple(created), tuple(updated), unchanged, (summary, *extra, *notes))

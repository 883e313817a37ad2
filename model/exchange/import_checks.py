"""Planning CSV imports of groups, contact persons and contacts (German Excel).

    groups    Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde[;Klasse]   one row per customer
    persons   Verbund-Nr;Name;Funktion;Telefon;E-Mail
    contacts  Verbund-Nr;Datum;Betreuer;Fachbereich;Kanal;Anlass;Ergebnis;Folgekontakt;Notiz

Every import is all-or-nothing: `plan_*` reads the whole text against the current picture
(an `Institute`) and either returns a `Plan` of records to write or raises `ImportFailed` with
every problem, each naming line and column. Only then does `model.exchange.imports` write.
Importing the same file again plans no change and writes nothing: groups are matched by
Verbund-Nr, persons by name within their group, and contacts get ids derived from their
content (uuid5), so the store's files stay byte for byte the same.

Pure: no file or store access; never imports the terminal side.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from dateutil.relativedelta import relativedelta

from model.contacts.person_checks import email_problem, phone_problem
from model.entities import CLASSES, CODE_RULE, Advisor, Contact, ContactPerson, Customer, Group, new_id, valid_code
from model.exchange.csv_in import (
    ImportFailed,
    Row,
    by_line,
    cell_error,
    choice_cell,
    date_cell,
    parse_table,
    required_cell,
    squash,
)
from model.german.dates import check_follow_up, format_date_de
from model.group_numbers import normalise_number
from model.institute import Institute

__all__ = [
    "CONTACT_NAMESPACE", "ImportFailed", "ImportReport", "Plan", "contact_id", "plan_contacts", "plan_groups",
    "plan_persons",
]  # fmt: skip

GROUP_COLUMNS = ("Verbund-Nr", "Verbund", "Segment", "Betreuer", "Kunden-Nr", "Kunde")
PERSON_COLUMNS = ("Verbund-Nr", "Name", "Funktion", "Telefon", "E-Mail")
CONTACT_COLUMNS = (
    "Verbund-Nr", "Datum", "Betreuer", "Fachbereich", "Kanal", "Anlass", "Ergebnis", "Folgekontakt", "Notiz",
)  # fmt: skip

CONTACT_NAMESPACE = uuid.UUID("6f1d2c4e-8a3b-5e7f-9c0d-4b2a1e6f8d35")
"""Fixed forever: changing it would give every re-imported contact a new id (duplicates)."""


@dataclass(frozen=True)
class ImportReport:
    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    new_advisors: tuple[str, ...]
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """What an import will write; `groups`/`contacts` hold only new or changed records."""

    kind: str
    rows: int
    created: int
    updated: int
    unchanged: int
    advisors: tuple[Advisor, ...] = ()
    groups: tuple[Group, ...] = ()
    contacts: tuple[Contact, ...] = ()
    messages: tuple[str, ...] = ()

    def report(self) -> ImportReport:
        return ImportReport(
            self.kind,
            self.rows,
            self.created,
            self.updated,
            self.unchanged,
            tuple(a.code for a in self.advisors),
            self.messages,
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _table(text: str, required: tuple[str, ...], optional: tuple[str, ...] = ()):
    table, errors = parse_table(text, required, optional)  # raises on a broken header
    notes = tuple(f'Spalte "{name}" ist unbekannt und wurde nicht gelesen.' for name in table.ignored)
    return table, errors, notes


def _number(row: Row, errors: list[str]) -> str:
    """The Verbund-Nr without blanks and invisible characters (zero-width space, BOM …)."""
    number = normalise_number(row["Verbund-Nr"])
    if not number:
        errors.append(cell_error(row, "Verbund-Nr", "Wert fehlt"))
    return number


def _group_of(row: Row, institute: Institute, errors: list[str]) -> Group | None:
    number = _number(row, errors)
    group = institute.group(number) if number else None
    if number and group is None:
        message = f'Verbund "{number}" gibt es nicht (zuerst die Verbünde importieren)'
        errors.append(cell_error(row, "Verbund-Nr", message))
    return group


# ---- groups -------------------------------------------------------------------------------


_BAD = object()
"""A cell already reported as wrong; not compared again with the group's other rows."""


@dataclass
class _GroupDraft:
    line: int
    fields: dict[str, object]  # column → value every row of the group must repeat
    customers: list[Customer]


def _lead(row: Row, institute: Institute, codes: dict[str, str], new: dict[str, Advisor], errors: list[str]) -> object:
    """The lead's code as the organisation spells it; an unknown valid code is planned as new."""
    code = required_cell(row, "Betreuer", errors)
    if not code:
        return _BAD
    if not valid_code(code):
        message = f'"{code}" ist kein gültiges Kürzel ({CODE_RULE})'
        errors.append(cell_error(row, "Betreuer", message))
        return _BAD
    # Codes match ignoring case so "mkr" in a sheet does not create a second Martina Kraus.
    code = codes.setdefault(code.casefold(), code)
    if code not in institute.advisors:
        new.setdefault(code, Advisor(code, name=code))
    return code


def plan_groups(text: str, institute: Institute, as_of: date) -> Plan:
    """Groups upserted by Verbund-Nr. An existing group keeps id, persons, castings and co-care
    and takes name, segment, lead, customers and class from the file; an empty Klasse clears
    the carried class, a file without that column leaves it. Unknown advisor codes become new
    advisors. `as_of` dates the hint when a carried class and a casting disagree."""
    table, errors, notes = _table(text, GROUP_COLUMNS, ("Klasse",))
    segments = tuple(s.segment for s in institute.config.schemes)
    codes = {code.casefold(): code for code in institute.advisors}
    new_advisors: dict[str, Advisor] = {}
    drafts: dict[str, _GroupDraft] = {}
    customer_lines: dict[str, int] = {}

    for row in table.rows:
        number = _number(row, errors)
        fields: dict[str, object] = {
            "Verbund": squash(required_cell(row, "Verbund", errors)) or _BAD,
            "Segment": choice_cell(row, "Segment", segments, "kein Segment", errors, required=True) or _BAD,
            "Betreuer": _lead(row, institute, codes, new_advisors, errors),
            "Klasse": row["Klasse"].upper() or None,
        }
        if fields["Klasse"] is not None and fields["Klasse"] not in CLASSES:
            message = f'"{row["Klasse"]}" ist keine Klasse (gültig: A, B, C, D oder leer)'
            errors.append(cell_error(row, "Klasse", message))
            fields["Klasse"] = _BAD
        customer_number = required_cell(row, "Kunden-Nr", errors)
        customer_name = squash(required_cell(row, "Kunde", errors))
        if customer_number in customer_lines:
            first = customer_lines[customer_number]
            errors.append(cell_error(row, "Kunden-Nr", f'Kunde "{customer_number}" steht schon in Zeile {first}'))
        elif customer_number:
            customer_lines[customer_number] = row.line
        if not number:
            continue
        draft = drafts.get(number)
        if draft is None:
            drafts[number] = draft = _GroupDraft(row.line, fields, [])
        else:
            for column, value in fields.items():
                first = draft.fields[column]
                if value is not _BAD and first is not _BAD and value != first:
                    message = (
                        f'"{value or ""}" weicht von Zeile {draft.line} ab ("{first or ""}"); '
                        "alle Zeilen eines Verbunds brauchen denselben Wert"
                    )
                    errors.append(cell_error(row, column, message))
        draft.customers.append(Customer(customer_number, customer_name))
    if errors:
        raise ImportFailed(by_line(errors))

    has_class = "Klasse" in table.columns
    planned: list[Group] = []
    created = updated = unchanged = 0
    in_file = set(drafts)
    given_up = _given_up_numbers(drafts, institute)
    if given_up:
        raise ImportFailed(given_up)
    for number, draft in drafts.items():
        f = draft.fields
        existing = institute.group(number)
        carried = f["Klasse"] if has_class else (existing.carried_class if existing else None)
        values = dict(
            name=f["Verbund"],
            segment=f["Segment"],
            lead=f["Betreuer"],
            customers=tuple(draft.customers),
            carried_class=carried,
        )
        if existing is None:
            planned.append(Group(id=new_id(), number=number, **values))
            created += 1
            continue
        group = replace(existing, **values)
        if group == existing:
            unchanged += 1
            continue
        planned.append(group)
        updated += 1
        notes += _casting_note(group, institute, as_of)

    notes += _moved_customers(drafts, in_file, institute)
    summary = (
        f"{_count(len(table.rows), 'Zeile', 'Zeilen')}, {_count(len(drafts), 'Verbund', 'Verbünde')}: "
        f"{created} neu, {updated} geändert, {unchanged} unverändert."
    )
    if new_advisors:
        notes += (f"Neue Betreuer angelegt: {', '.join(new_advisors)} (Name = Kürzel; bitte ergänzen).",)
    return Plan(
        "groups",
        len(table.rows),
        created,
        updated,
        unchanged,
        advisors=tuple(new_advisors.values()),
        groups=tuple(planned),
        messages=(summary, *notes),
    )


def _given_up_numbers(drafts: dict[str, _GroupDraft], institute: Institute) -> list[str]:
    """A number given up in `kontakt merge-groups` must not come back as a second group."""
    errors = []
    for number, draft in drafts.items():
        group = institute.group(number)
        if group is not None and normalise_number(group.number) != number:
            merged = next(m for m in group.merged if normalise_number(m.number) == number)
            errors.append(
                f'Zeile {draft.line}, Spalte "Verbund-Nr": Verbund {number} wurde am {merged.at[:10]} mit Verbund '
                f"{group.number} zusammengeführt; bitte in der Datei {group.number} verwenden"
            )
    return errors


def _casting_note(group: Group, institute: Institute, as_of: date) -> tuple[str, ...]:
    """A carried class never beats a casting (Group.cls); say so when they disagree."""
    casting = group.casting
    if casting is None or group.carried_class in (None, casting.final_class):
        return ()
    review = casting.date + relativedelta(months=institute.config.casting_review_months)
    state = f"zur Überprüfung fällig seit {format_date_de(review)}" if review <= as_of else "gilt weiter"
    return (
        f"Verbund {group.number}: Klasse {group.carried_class} aus der Datei gespeichert; das Casting vom "
        f"{format_date_de(casting.date)} (Klasse {casting.final_class}) {state}.",
    )


def _moved_customers(drafts: dict[str, _GroupDraft], in_file: set[str], institute: Institute) -> tuple[str, ...]:
    """A customer belongs to exactly one group; a group not in the file still lists it."""
    elsewhere = {c.number: g.number for g in institute.groups.values() if g.number not in in_file for c in g.customers}
    return tuple(
        f"Kunde {c.number} steht auch noch in Verbund {elsewhere[c.number]} (nicht in dieser Datei)."
        for d in drafts.values()
        for c in d.customers
        if c.number in elsewhere
    )


# ---- contact persons ----------------------------------------------------------------------


def plan_persons(text: str, institute: Institute) -> Plan:
    """Contact persons added to their group, or updated when the group already has a person
    of that name (ignoring case and extra blanks); persons not in the file stay."""
    table, errors, notes = _table(text, PERSON_COLUMNS)
    wanted: dict[str, dict[str, tuple[int, ContactPerson]]] = {}  # group id → key → (line, person)
    groups: dict[str, Group] = {}
    for row in table.rows:
        group = _group_of(row, institute, errors)
        name = squash(required_cell(row, "Name", errors))
        phone, email = row["Telefon"], row["E-Mail"]
        if phone and (problem := phone_problem(phone)):
            errors.append(cell_error(row, "Telefon", problem))
        if email and (problem := email_problem(email)):
            errors.append(cell_error(row, "E-Mail", problem))
        if group is None or not name:
            continue
        person = ContactPerson("", name, squash(row["Funktion"]), phone, email)
        persons = wanted.setdefault(group.id, {})
        groups[group.id] = group
        seen = persons.get(name.casefold())
        if seen is not None and seen[1] != person:
            message = f'"{name}" steht für Verbund {group.number} schon in Zeile {seen[0]}, mit anderen Angaben'
            errors.append(cell_error(row, "Name", message))
        elif seen is None:
            persons[name.casefold()] = (row.line, person)
    if errors:
        raise ImportFailed(by_line(errors))

    created = updated = unchanged = 0
    changed: list[Group] = []
    for group_id, persons in wanted.items():
        group = groups[group_id]
        current = list(group.persons)
        index = {squash(p.name).casefold(): i for i, p in enumerate(current)}
        for key, (_line, person) in persons.items():
            if key not in index:
                current.append(replace(person, id=new_id()))
                created += 1
                continue
            old = current[index[key]]
            new = replace(person, id=old.id)
            if new == old:
                unchanged += 1
            else:
                current[index[key]] = new
                updated += 1
        if tuple(current) != group.persons:
            changed.append(replace(group, persons=tuple(current)))
    rows = _count(len(table.rows), "Zeile", "Zeilen")
    summary = f"{rows}: {created} Ansprechpartner neu, {updated} geändert, {unchanged} unverändert."
    return Plan("persons", len(table.rows), created, updated, unchanged, groups=tuple(changed), messages=(summary, *notes))


# ---- contacts -----------------------------------------------------------------------------


def contact_id(fields: list[str]) -> str:
    """Same content, same id: a second import of the file adds nothing."""
    return str(uuid.uuid5(CONTACT_NAMESPACE, "|".join(fields)))


def plan_contacts(text: str, institute: Institute) -> Plan:
    """Logged contacts; an empty Fachbereich is the lead advisor's role (department None)."""
    table, errors, notes = _table(text, CONTACT_COLUMNS)
    config = institute.config
    codes = {code.casefold(): code for code in institute.advisors}
    planned: dict[str, tuple[int, Contact]] = {}
    duplicates: list[str] = []
    for row in table.rows:
        group = _group_of(row, institute, errors)
        day = date_cell(row, "Datum", errors, required=True)
        by = required_cell(row, "Betreuer", errors)
        if by and by.casefold() not in codes:
            message = f'"{by}" ist kein bekannter Betreuer (zuerst die Verbünde importieren oder ihn anlegen)'
            errors.append(cell_error(row, "Betreuer", message))
        by = codes.get(by.casefold(), "")
        department = choice_cell(row, "Fachbereich", config.departments, "kein Fachbereich", errors)
        channel = choice_cell(row, "Kanal", config.channels, "kein Kanal", errors)
        fmt = choice_cell(row, "Anlass", config.formats, "kein Anlass", errors)
        outcome = choice_cell(row, "Ergebnis", config.outcomes, "kein Ergebnis", errors, required=True)
        follow_up = date_cell(row, "Folgekontakt", errors)
        if day and follow_up and follow_up < day:
            message = f"{format_date_de(follow_up)} liegt vor dem Kontakt am {format_date_de(day)}"
            errors.append(cell_error(row, "Folgekontakt", message))
        elif day and follow_up:
            try:
                check_follow_up(follow_up, day)
            except ValueError as exc:
                errors.append(cell_error(row, "Folgekontakt", str(exc)))
        # Excel writes line breaks in a cell as CRLF or LF depending on the path; same note, same id.
        note = row["Notiz"].replace("\r\n", "\n").replace("\r", "\n")
        if group is None or day is None or not by or not outcome or errors:
            continue  # once anything is wrong the plan is discarded; keep only checking
        follow_iso = follow_up.isoformat() if follow_up else ""
        fields = [group.number, day.isoformat(), by, department, channel, fmt, outcome, follow_iso, note]
        contact = Contact(contact_id(fields), group.id, day, by, outcome, channel, fmt, department or None, follow_up, note)
        if contact.id in planned:
            first = planned[contact.id][0]
            duplicates.append(f"Zeile {row.line} gleicht Zeile {first} und wird nur einmal übernommen.")
        else:
            planned[contact.id] = (row.line, contact)
    if errors:
        raise ImportFailed(by_line(errors))

    known = {c.id for cs in institute.contacts.values() for c in cs}
    fresh = tuple(c for _line, c in planned.values() if c.id not in known)
    unchanged = len(planned) - len(fresh)
    summary = f"{_count(len(table.rows), 'Zeile', 'Zeilen')}: {_count(len(fresh), 'Kontakt', 'Kontakte')} neu, {unchanged} schon vorhanden."
    return Plan("contacts", len(table.rows), len(fresh), 0, unchanged, contacts=fresh, messages=(summary, *duplicates, *notes))

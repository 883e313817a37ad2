"""CSV imports of groups, contact persons and contacts (model/exchange/imports.py, model/exchange/csv_in.py,
model/german/dates.py): German Excel encodings, all-or-nothing validation with located German errors,
upserts that keep what the file does not carry, and idempotence down to the stored bytes."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from model.config import default_config
from model.contacts.person_checks import email_problem, phone_problem
from model.entities import Advisor, Casting, Group
from model.exchange.csv_in import decode, parse_table
from model.exchange.imports import (
    ImportFailed,
    contact_id,
    import_contacts,
    import_groups,
    import_persons,
    plan_contacts,
    plan_groups,
    plan_persons,
)
from model.german.dates import format_date_de, parse_date_de
from model.institute import Institute
from model.store import Store

AS_OF = date(2026, 3, 1)
GROUP_HEADER = "Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde"
PERSON_HEADER = "Verbund-Nr;Name;Funktion;Telefon;E-Mail"
CONTACT_HEADER = "Verbund-Nr;Datum;Betreuer;Fachbereich;Kanal;Anlass;Ergebnis;Folgekontakt;Notiz"

GROUPS = f"""{GROUP_HEADER};Klasse
100;Alpha Gruppe;Firmenkunden;MKR;1001;Alpha GmbH;A
100;Alpha Gruppe;Firmenkunden;MKR;1002;Alpha Immobilien KG;A
200;Beta Bau;Gewerbekunden;MKR;2001;Beta Bau GmbH;"""
PERSONS = f"""{PERSON_HEADER}
100;Anna Alt;Geschäftsführerin;+49 69 123456;anna@alpha.de
100;Stefan Steuer;Steuerberater;069/987654;
200;Bernd Bau;Inhaber;;"""
CONTACTS = f"""{CONTACT_HEADER}
100;15.01.2026;MKR;;Telefon;Jahresgespräch;Gespräch geführt;15.04.2026;Alles gut
100;2026-02-03;MKR;Versicherung;Besuch;;Termin vereinbart;;
200;1.2.2026;MKR;;;;nicht erreicht;;"""


# ---- fixtures and helpers -----------------------------------------------------------------


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.create(tmp_path / "s", "ADM")
    store.save_advisors([Advisor("MKR", "Martina Kraus")])
    return store


def csv_file(folder: Path, text: str, encoding: str = "utf-8", newline: str = "\n", name: str = "in.csv") -> Path:
    """The bytes Excel would write: `encoding` "utf-8-sig" adds the BOM, newline CRLF or LF."""
    path = folder / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def snapshot(store: Store) -> dict[str, bytes]:
    """Every data file of the store with its bytes (lock markers and the advisors' digests, a
    read cache, are not data)."""
    files = (p for p in sorted(store.root.rglob("*")) if p.is_file() and not {"locks", "digests"} & set(p.parts))
    return {p.relative_to(store.root).as_posix(): p.read_bytes() for p in files}


def institute(*groups: Group, advisors=("MKR",), contacts=()) -> Institute:
    by_group = {g.id: [c for c in contacts if c.group == g.id] for g in groups}
    return Institute(default_config(), {a: Advisor(a, a) for a in advisors}, {g.id: g for g in groups}, by_group)


def errors_of(call, *args) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        call(*args)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


@pytest.fixture
def filled(store, tmp_path) -> Store:
    import_groups(store, csv_file(tmp_path, GROUPS, name="g.csv"), AS_OF)
    return store


# ---- dates --------------------------------------------------------------------------------


def test_parse_and_format_german_dates():
    assert [parse_date_de(t) for t in ("31.01.2026", "1.2.2026", "2026-02-28", " 29.02.2028 ")] == [
        date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 28), date(2028, 2, 29),
    ]  # fmt: skip
    assert format_date_de(date(2026, 2, 3)) == "03.02.2026"
    for text in ("31.02.2026", "29.02.2026", "2026-13-01", "1.2.26", "", "heute", "01.02.2026 00:00"):
        with pytest.raises(ValueError) as caught:
            parse_date_de(text)
        assert str(caught.value) == f'"{text}" ist kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)'


# ---- reading CSV --------------------------------------------------------------------------


def test_parse_table_decodes_excel_keeps_file_lines_across_multiline_cells_and_skips_blank_rows():
    text = "Müller; Öl; Süß; Maß; 5 €"
    assert decode(("\ufeff" + text).encode("utf-8")) == decode(text.encode("utf-8")) == text
    assert decode(text.encode("cp1252")) == text
    text = 'A;B\r\n1;"zwei\r\nZeilen"\r\n;\r\n3;4\r\n5\r\n'
    table, errors = parse_table(text, ("A", "B"))
    assert [(r.line, r["A"], r["B"]) for r in table.rows] == [(2, "1", "zwei\r\nZeilen"), (5, "3", "4")]
    assert errors == ['Zeile 6: 1 Felder statt 2 (Trennzeichen ";")']


def test_header_matches_case_insensitively_in_any_order_and_reports_unknown_columns():
    text = "kunde;KUNDEN-NR;Betreuer;Segment;Verbund;Verbund-Nr;Bemerkung\nA GmbH;1;MKR;Firmenkunden;A;9;x"
    plan = plan_groups(text, institute(), AS_OF)
    assert plan.groups[0].customers[0].name == "A GmbH"
    assert 'Spalte "Bemerkung" ist unbekannt und wurde nicht gelesen.' in plan.messages


def test_comma_separated_file_gets_a_hint():
    errors = errors_of(plan_groups, GROUP_HEADER.replace(";", ","), institute(), AS_OF)
    assert errors[0] == 'Zeile 1: Spalte "Verbund-Nr" fehlt'
    assert errors[-1].startswith('Zeile 1: Trennzeichen muss ";" sein')


def test_email_and_phone_sanity_checks():
    for good in ("a@b.de", "vorname.name@sub.bank.de"):
        assert email_problem(good) is None
    for bad in ("a.de", "a@@b.de", "a@b", "@b.de", "a@b..de", "a b@c.de", "a@b.de@c.de"):
        assert email_problem(bad) == f'"{bad}" ist keine gültige E-Mail-Adresse'
    for good in ("+49 (69) 123-456", "069/987654", "0171 1234567"):
        assert phone_problem(good) is None
    for bad in ("12345", "4,96912E+11", "069 12345 App. 3", "abc"):
        assert phone_problem(bad).startswith(f'"{bad}" ist keine gültige Telefonnummer')


# ---- groups -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, newline", [("utf-8-sig", "\r\n"), ("utf-8", "\n"), ("cp1252", "\r\n"), ("cp1252", "\n")])
def test_groups_from_every_excel_encoding(store, tmp_path, encoding, newline):
    text = f"{GROUP_HEADER}\n300;Größe & Söhne €-Handel;Firmenkunden;MKR;3001;Müller Öl- und Fußbodenbau GmbH\n"
    report = import_groups(store, csv_file(tmp_path, text, encoding, newline), AS_OF)
    assert (report.kind, report.rows, report.created, report.updated, report.unchanged) == ("groups", 1, 1, 0, 0)
    group = store.load().group("300")
    assert group.name == "Größe & Söhne €-Handel"
    assert group.customers[0].name == "Müller Öl- und Fußbodenbau GmbH"
    assert (group.segment, group.lead, group.carried_class) == ("Firmenkunden", "MKR", None)


def test_upsert_by_number_keeps_id_persons_and_castings(filled, tmp_path):
    import_persons(filled, csv_file(tmp_path, PERSONS, name="p.csv"))
    before = filled.load().group("100")
    casting = Casting("c1", date(2025, 1, 10), "Firmenkunden", 1, (), 8, "A", "MKR")
    filled.save_group(replace(before, castings=(casting,)))
    before = filled.load().group("100")

    changed = f"{GROUP_HEADER};Klasse\n100;Alpha Holding;Gewerbekunden;MKR;1001;Alpha GmbH;b\n{GROUPS.splitlines()[3]}"
    report = import_groups(filled, csv_file(tmp_path, changed, name="g2.csv"), AS_OF)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = filled.load().group("100")
    assert after.id == before.id
    assert after.persons == before.persons and len(after.persons) == 2
    assert after.castings == (casting,)
    assert (after.name, after.segment, after.carried_class) == ("Alpha Holding", "Gewerbekunden", "B")
    assert [c.number for c in after.customers] == ["1001"]
    # The casting still decides the class; it is due for review a year after 10.01.2025.
    assert after.cls == "A"
    note = "Verbund 100: Klasse B aus der Datei gespeichert; das Casting vom 10.01.2025 (Klasse A) zur Überprüfung"
    assert f"{note} fällig seit 10.01.2026." in report.messages


def test_file_without_class_column_keeps_the_carried_class(filled, tmp_path):
    text = f"{GROUP_HEADER}\n100;Alpha Gruppe;Firmenkunden;MKR;1001;Alpha GmbH"
    import_groups(filled, csv_file(tmp_path, text, name="g2.csv"), AS_OF)
    assert filled.load().group("100").carried_class == "A"


def test_unknown_advisor_becomes_new_advisor_and_is_reported(store, tmp_path):
    text = f"{GROUP_HEADER}\n100;A;Firmenkunden;TBE;1;A1\n100;A;Firmenkunden;tbe;2;A2\n200;B;Firmenkunden;mkr;3;B1"
    report = import_groups(store, csv_file(tmp_path, text), AS_OF)
    assert report.new_advisors == ("TBE",)
    assert any(m.startswith("Neue Betreuer angelegt: TBE") for m in report.messages)
    picture = store.load()
    assert picture.advisors["TBE"] == Advisor("TBE", "TBE")
    assert picture.group("100").lead == "TBE"
    assert picture.group("200").lead == "MKR"  # an existing code matches ignoring case
    assert set(picture.advisors) == {"MKR", "TBE"}


def test_groups_errors_all_reported_with_lines_and_nothing_written(filled, tmp_path):
    text = f"""{GROUP_HEADER};Klasse
100;Alpha Gruppe;Firmenkunden;MKR;1001;Alpha GmbH;E
400;Neu;Privatkunden;MKR;4001;Neu GmbH;
400;Neu anders;Firmenkunden;MKR;4002;Neu KG;
500;Fünf;Firmenkunden;M K R;5001;;
600;Sechs;Firmenkunden;NEU;5001;Sechs GmbH;C
700;Sieben;Firmenkunden;MKR;7001
;Acht;Firmenkunden;MKR;8001;Acht GmbH;"""
    before = snapshot(filled)
    errors = errors_of(import_groups, filled, csv_file(tmp_path, text, "cp1252", "\r\n", "bad.csv"), AS_OF)
    assert errors == [
        'Zeile 2, Spalte "Klasse": "E" ist keine Klasse (gültig: A, B, C, D oder leer)',
        'Zeile 3, Spalte "Segment": "Privatkunden" ist kein Segment (gültig: Firmenkunden, Gewerbekunden, Private Banking)',
        'Zeile 4, Spalte "Verbund": "Neu anders" weicht von Zeile 3 ab ("Neu"); alle Zeilen eines Verbunds '
        "brauchen denselben Wert",
        'Zeile 5, Spalte "Betreuer": "M K R" ist kein gültiges Kürzel (erlaubt sind 2 bis 8 Buchstaben oder '
        "Ziffern, kein Gerätename wie CON, NUL, PRN, AUX, COM1 oder LPT1)",
        'Zeile 5, Spalte "Kunde": Wert fehlt',
        'Zeile 6, Spalte "Kunden-Nr": Kunde "5001" steht schon in Zeile 5',
        'Zeile 7: 5 Felder statt 7 (Trennzeichen ";")',
        'Zeile 8, Spalte "Verbund-Nr": Wert fehlt',
    ]
    assert snapshot(filled) == before
    assert "NEU" not in filled.load().advisors


def test_group_rows_must_agree_on_segment_lead_and_class(store):
    text = f"""{GROUP_HEADER};Klasse
100;A;Firmenkunden;MKR;1;A1;A
100;A;Gewerbekunden;MKR;2;A2;A
100;A;Firmenkunden;XYZ;3;A3;A
100;A;Firmenkunden;MKR;4;A4;"""
    errors = errors_of(plan_groups, text, institute(), AS_OF)
    assert [e.split(":")[0] for e in errors] == ['Zeile 3, Spalte "Segment"', 'Zeile 4, Spalte "Betreuer"',
                                                 'Zeile 5, Spalte "Klasse"']  # fmt: skip
    assert errors[2].endswith('"" weicht von Zeile 2 ab ("A"); alle Zeilen eines Verbunds brauchen denselben Wert')


def test_missing_header_columns_are_reported_on_line_1(store, tmp_path):
    before = snapshot(store)
    text = "Verbund-Nr;Verbund;Segment;Betreuer\n100;A;Firmenkunden;MKR"
    errors = errors_of(import_groups, store, csv_file(tmp_path, text), AS_OF)
    assert errors == ['Zeile 1: Spalte "Kunden-Nr" fehlt', 'Zeile 1: Spalte "Kunde" fehlt']
    assert snapshot(store) == before


def test_empty_and_unreadable_files(store, tmp_path):
    [message] = errors_of(import_groups, store, csv_file(tmp_path, ""), AS_OF)
    assert message == "Zeile 1: Kopfzeile fehlt (die Datei ist leer)."
    missing = tmp_path / "fehlt.csv"
    assert errors_of(import_groups, store, missing, AS_OF) == [f"Datei {missing} gibt es nicht."]
    xlsx = tmp_path / "mappe.xlsx"
    xlsx.write_bytes(b"PK\x03\x04\x00\x00binary")
    [message] = errors_of(import_persons, store, xlsx)
    assert message.startswith(f"Datei {xlsx} ist keine CSV-Datei")
    folder = tmp_path / "ordner.csv"
    folder.mkdir()
    [message] = errors_of(import_contacts, store, folder)
    assert message.startswith(f"Datei {folder} kann nicht gelesen werden")


def test_groups_import_carries_the_class_and_twice_changes_nothing(filled, tmp_path):
    alpha, beta = filled.load().group("100"), filled.load().group("200")
    assert ([c.number for c in alpha.customers], alpha.carried_class, alpha.cls) == (["1001", "1002"], "A", "A")
    assert (beta.carried_class, beta.cls, beta.segment) == (None, None, "Gewerbekunden")
    before = snapshot(filled)
    report = import_groups(filled, csv_file(tmp_path, GROUPS, "utf-8-sig", "\r\n", "again.csv"), AS_OF)
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 0, 0, 2)
    assert report.new_advisors == ()
    assert snapshot(filled) == before


def test_customer_still_listed_in_a_group_outside_the_file_is_mentioned(filled):
    text = f"{GROUP_HEADER}\n900;Neu;Firmenkunden;MKR;2001;Beta Bau GmbH"
    plan = plan_groups(text, filled.load(), AS_OF)
    assert "Kunde 2001 steht auch noch in Verbund 200 (nicht in dieser Datei)." in plan.messages


# ---- contact persons ----------------------------------------------------------------------


def test_persons_added_then_updated_by_name_ignoring_case(filled, tmp_path):
    report = import_persons(filled, csv_file(tmp_path, PERSONS, "utf-8-sig", "\r\n", "p.csv"))
    assert (report.kind, report.rows, report.created, report.updated, report.unchanged) == ("persons", 3, 3, 0, 0)
    alpha = filled.load().group("100")
    anna = alpha.persons[0]
    assert (anna.name, anna.function, anna.phone, anna.email) == ("Anna Alt", "Geschäftsführerin", "+49 69 123456",
                                                                  "anna@alpha.de")  # fmt: skip

    text = f"{PERSON_HEADER}\n100;  anna   ALT ;Geschäftsführerin;+49 69 654321;anna@alpha.de"
    report = import_persons(filled, csv_file(tmp_path, text, "cp1252", "\n", "p2.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    after = filled.load().group("100")
    assert len(after.persons) == 2
    assert after.persons[0].id == anna.id
    assert (after.persons[0].name, after.persons[0].phone) == ("anna ALT", "+49 69 654321")
    assert after.persons[1] == alpha.persons[1]  # Stefan Steuer is not in the file and stays


def test_persons_import_twice_changes_nothing(filled, tmp_path):
    path = csv_file(tmp_path, PERSONS, name="p.csv")
    import_persons(filled, path)
    before = snapshot(filled)
    report = import_persons(filled, path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert snapshot(filled) == before


def test_persons_errors_all_reported_and_nothing_written(filled, tmp_path):
    text = f"""{PERSON_HEADER}
100;Bert Alt;GF;123;anna(at)alpha.de
999;Otto Unbekannt;;;
200;;Inhaber;;
100;Anna Alt;GF;0691234567;
100;ANNA ALT;GF;0691234567;"""
    before = snapshot(filled)
    errors = errors_of(import_persons, filled, csv_file(tmp_path, text))
    assert errors == [
        'Zeile 2, Spalte "Telefon": "123" ist keine gültige Telefonnummer (erlaubt: Ziffern, Leerzeichen, + / - ( ); '
        "mindestens 6 Ziffern)",
        'Zeile 2, Spalte "E-Mail": "anna(at)alpha.de" ist keine gültige E-Mail-Adresse',
        'Zeile 3, Spalte "Verbund-Nr": Verbund "999" gibt es nicht (zuerst die Verbünde importieren)',
        'Zeile 4, Spalte "Name": Wert fehlt',
        'Zeile 6, Spalte "Name": "ANNA ALT" steht für Verbund 100 schon in Zeile 5, mit anderen Angaben',
    ]
    assert snapshot(filled) == before


def test_persons_plan_touches_only_changed_groups():
    alpha = Group("g1", "100", "Alpha", "Firmenkunden", "MKR")
    beta = Group("g2", "200", "Beta", "Firmenkunden", "MKR")
    plan = plan_persons(f"{PERSON_HEADER}\n200;Bernd Bau;Inhaber;;", institute(alpha, beta))
    assert [g.id for g in plan.groups] == ["g2"]
    assert plan.groups[0].persons[0].name == "Bernd Bau"


# ---- contacts -----------------------------------------------------------------------------


def test_contacts_both_date_formats_and_roles(filled, tmp_path):
    report = import_contacts(filled, csv_file(tmp_path, CONTACTS, "cp1252", "\r\n", "k.csv"))
    assert (report.kind, report.rows, report.created, report.updated, report.unchanged) == ("contacts", 3, 3, 0, 0)
    picture = filled.load()
    alpha, beta = picture.group("100"), picture.group("200")
    newest, oldest = picture.history(alpha.id)
    assert (oldest.date, oldest.department, oldest.role) == (date(2026, 1, 15), None, "lead")
    assert (oldest.follow_up, oldest.note, oldest.channel, oldest.format) == (
        date(2026, 4, 15), "Alles gut", "Telefon", "Jahresgespräch")  # fmt: skip
    assert (newest.date, newest.department, newest.role, newest.format) == (date(2026, 2, 3), "Versicherung",
                                                                            "Versicherung", "")  # fmt: skip
    [beta_contact] = picture.history(beta.id)
    assert (beta_contact.date, beta_contact.outcome, beta_contact.by) == (date(2026, 2, 1), "nicht erreicht", "MKR")


def test_contacts_import_twice_changes_nothing(filled, tmp_path):
    import_contacts(filled, csv_file(tmp_path, CONTACTS, name="k.csv"))
    before = snapshot(filled)
    # The same content saved differently (BOM, CRLF, ISO date, lower case) is the same contact.
    again = CONTACTS.replace("15.01.2026", "2026-01-15").replace("Telefon", "telefon")
    report = import_contacts(filled, csv_file(tmp_path, again, "utf-8-sig", "\r\n", "k2.csv"))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert snapshot(filled) == before


def test_contact_ids_are_deterministic():
    group = Group("g1", "100", "Alpha", "Firmenkunden", "MKR")
    text = "\n".join(CONTACTS.splitlines()[:2])
    first, second = plan_contacts(text, institute(group)), plan_contacts(text, institute(group))
    assert first.contacts == second.contacts
    fields = ["100", "2026-01-15", "MKR", "", "Telefon", "Jahresgespräch", "Gespräch geführt", "2026-04-15"]
    assert first.contacts[0].id == contact_id([*fields, "Alles gut"])
    known = plan_contacts(text, institute(group, contacts=first.contacts))
    assert (known.created, known.unchanged, known.contacts) == (0, 1, ())


def test_duplicate_contact_rows_are_taken_once():
    group = Group("g1", "100", "Alpha", "Firmenkunden", "MKR")
    row = "100;15.01.2026;MKR;;Telefon;;Gespräch geführt;;"
    plan = plan_contacts("\n".join([CONTACT_HEADER, row, row]), institute(group))
    assert (plan.rows, plan.created, len(plan.contacts)) == (2, 1, 1)
    assert "Zeile 3 gleicht Zeile 2 und wird nur einmal übernommen." in plan.messages


def test_multiline_note_keeps_line_numbers_and_ids_across_line_ends():
    group = Group("g1", "100", "Alpha", "Firmenkunden", "MKR")
    text = CONTACT_HEADER + '\n100;15.01.2026;MKR;;;;Gespräch geführt;;"erste\nzweite"\n100;31.02.2026;MKR;;;;x;;\n'
    errors = errors_of(plan_contacts, text, institute(group))
    assert errors[0].startswith('Zeile 4, Spalte "Datum": "31.02.2026" ist kein gültiges Datum')
    lf = plan_contacts(text.split("\n100;31")[0], institute(group))
    crlf = plan_contacts(text.split("\n100;31")[0].replace("\n", "\r\n"), institute(group))
    assert lf.contacts == crlf.contacts and lf.contacts[0].note == "erste\nzweite"


def test_contacts_errors_all_reported_and_nothing_written(filled, tmp_path):
    text = f"""{CONTACT_HEADER}
100;31.02.2026;MKR;;Telefon;;Gespräch geführt;;
999;01.02.2026;MKR;;Telefon;;Gespräch geführt;;
100;01.02.2026;XYZ;Kredit;Brief;Plausch;vielleicht;;
100;;MKR;;;;;01.01.2026;
100;01.02.2026;MKR;;;;nicht erreicht;31.01.2026;
100;01.02.2026;MKR;;;;nicht erreicht;morgen
200;01.02.2026;MKR;;;;nicht erreicht;;"""
    before = snapshot(filled)
    errors = errors_of(import_contacts, filled, csv_file(tmp_path, text, "utf-8-sig", "\r\n"))
    config = default_config()
    assert errors == [
        'Zeile 2, Spalte "Datum": "31.02.2026" ist kein gültiges Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)',
        'Zeile 3, Spalte "Verbund-Nr": Verbund "999" gibt es nicht (zuerst die Verbünde importieren)',
        'Zeile 4, Spalte "Betreuer": "XYZ" ist kein bekannter Betreuer (zuerst die Verbünde importieren oder ihn anlegen)',
        f'Zeile 4, Spalte "Fachbereich": "Kredit" ist kein Fachbereich (gültig: {", ".join(config.departments)})',
        f'Zeile 4, Spalte "Kanal": "Brief" ist kein Kanal (gültig: {", ".join(config.channels)})',
        f'Zeile 4, Spalte "Anlass": "Plausch" ist kein Anlass (gültig: {", ".join(config.formats)})',
        f'Zeile 4, Spalte "Ergebnis": "vielleicht" ist kein Ergebnis (gültig: {", ".join(config.outcomes)})',
        'Zeile 5, Spalte "Datum": Wert fehlt',
        'Zeile 5, Spalte "Ergebnis": Wert fehlt',
        'Zeile 6, Spalte "Folgekontakt": 31.01.2026 liegt vor dem Kontakt am 01.02.2026',
        'Zeile 7: 8 Felder statt 9 (Trennzeichen ";")',
    ]
    assert snapshot(filled) == before


def test_plain_plans_need_no_store():
    plan = plan_groups(GROUPS, institute(), AS_OF)
    assert (plan.created, plan.updated, plan.unchanged, plan.advisors, len({g.id for g in plan.groups})) == (
        2, 0, 0, (), 2)  # fmt: skip
    assert plan.report().messages[0] == "3 Zeilen, 2 Verbünde: 2 neu, 0 geändert, 0 unverändert."

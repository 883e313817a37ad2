"""The audit trail in words — German field names, people by name, German dates, no ids."""

from model.change_history import describe_change, what_happened, when

ANNA = "0b6f2c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e"


def test_fields_and_records_in_german_words():
    before = {
        "name": "Huber",
        "revision": 1,
        "persons": [{"id": ANNA, "name": "Anna Huber", "phone": "069 1"}, {"id": "p2", "name": "Ben"}],
    }
    after = {
        "name": "Huber GmbH",
        "revision": 2,
        "persons": [{"id": ANNA, "name": "Anna Huber", "phone": "069 2"}, {"id": "p3", "name": "Eva"}],
    }
    assert describe_change(before, after) == [
        "Name: Huber → Huber GmbH",
        "Ansprechpartner Anna Huber: Telefon 069 1 → 069 2",
        "Ansprechpartner Eva: neu",
        "Ansprechpartner Ben: entfernt",
    ]
    assert describe_change(None, None) == []
    assert what_happened({"kind": "group", "action": "update"}) == "Verbund geändert"


def test_people_by_name_dates_german_and_no_uuids():
    advisors = {"MKR": "Martina Kraus", "VKS": "Vera Kessler"}
    contact = {"id": "c0ffee00-0000-4000-8000-000000000001", "group": "g-1", "date": "2026-11-27", "by": "MKR",
               "person": ANNA, "follow_up": "2027-02-27", "logged_at": "2026-11-27T14:30:05", "outcome": "Termin vereinbart"}  # fmt: skip
    lines = describe_change(None, contact, advisors, {ANNA: "Anna Huber", "g-1": "10001 Bäckerei Huber"})
    assert lines == [
        "Verbund: – → 10001 Bäckerei Huber",
        "Datum: – → 27.11.2026",
        "von: – → Martina Kraus (MKR)",
        "Ergebnis: – → Termin vereinbart",
        "Ansprechpartner: – → Anna Huber",
        "Folgekontakt: – → 27.02.2027",
        "erfasst: – → 27.11.2026 14:30",
    ]
    before = {"lead": "MKR", "assignments": []}
    after = {"lead": "VKS", "assignments": [{"id": "a1", "department": "Versicherung", "advisor": "VKS", "frequency": 1.5,
                                             "start": "2025-01-01", "end": None}]}  # fmt: skip
    assert describe_change(before, after, advisors) == [
        "FKB: Martina Kraus (MKR) → Vera Kessler (VKS)",
        "Co-Betreuung Versicherung: neu",
    ]
    text = " ".join(describe_change({"persons": []}, {"persons": [{"id": ANNA, "name": "", "phone": "1"}]}))
    assert ANNA[:8] not in text and text == "Ansprechpartner: neu"


def test_audit_times_read_tt_mm_jjjj_hh_mm():
    assert when("2026-11-27T14:30:05") == "27.11.2026 14:30"
    assert when("2026-11-27T14:30:05+01:00") == "27.11.2026 14:30"
    assert when("") == ""


def test_the_same_record_reads_the_same_whatever_order_the_store_gives_its_keys():
    written = {
        "number": "10003", "name": "Seitz & Keller AG", "lead": "KBA",
        "customers": [{"number": "1000301", "name": "Seitz & Keller AG"}],
        "castings": [{"id": "c1", "date": "2026-08-24", "answers": {"Potenzial": "gering", "Anlage": "keine"}}],
    }  # fmt: skip
    # PostgreSQL's jsonb hands keys back shortest first, not as written.
    reordered = {
        "lead": "KBA", "name": "Seitz & Keller AG", "number": "10003",
        "castings": [{"id": "c1", "date": "2026-08-24", "answers": {"Anlage": "keine", "Potenzial": "gering"}}],
        "customers": [{"name": "Seitz & Keller AG", "number": "1000301"}],
    }  # fmt: skip
    lines = describe_change(None, written, {"KBA": "Katrin Bauer"})
    assert describe_change(None, reordered, {"KBA": "Katrin Bauer"}) == lines
    assert lines[:4] == [
        "Nummer: – → 10003", "Name: – → Seitz & Keller AG", "FKB: – → Katrin Bauer (KBA)",
        "Kunden: – → 1000301 Seitz & Keller AG",
    ]  # fmt: skip

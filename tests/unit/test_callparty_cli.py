"""`kontakt callparty next|queue` and `kontakt carecalls` end to end through `cli.main`."""

import json
from datetime import date, datetime

from model.campaigns import care_calls
from tests.unit.test_cli import run


def test_next_call_party(small_store, capsys):
    code, out, _ = run(capsys, small_store, "callparty", "next", "--as-of", "27.11.2026")
    assert code == 0 and out.strip() == "Nächste Call Party: Dienstag, 08.12.2026 um 09:00 Uhr (75 Minuten)"
    code, out, _ = run(capsys, small_store, "callparty", "next", "--as-of", "09.12.2026", "--json")
    data = json.loads(out)
    assert data["next"] == "2026-12-22T09:00" and data["minutes"] == 75 and data["federal_state"] == "HE"


def test_queue_of_the_user(small_store, capsys):
    code, out, _ = run(capsys, small_store, "callparty", "queue", "--as-of", "27.11.2026", "--json")
    assert code == 0
    assert json.loads(out) == [{"group": "10003", "name": "Schreinerei Vogt", "class": "C", "lead": "MKR", "last_contact": None}]
    code, out, _ = run(capsys, small_store, "callparty", "queue", "--as-of", "27.11.2026")
    assert "Call-Party-Liste MKR, Stichtag 27.11.2026: 1 Verbund" in out and "Schreinerei Vogt" in out


def test_bad_input(small_store, capsys):
    code, _, err = run(capsys, small_store, "callparty")
    assert code == 1 and "next oder queue" in err
    code, _, err = run(capsys, small_store, "carecalls", "--week", "2026-48")
    assert code == 1 and "--week" in err and "keine Kalenderwoche" in err
    code, _, err = run(capsys, small_store, "callparty", "queue", user="XYZ")
    assert code == 1 and "XYZ" in err


def test_carecalls_of_a_week_with_surveys(small_store, capsys):
    # c-1: a reached Jahresgespräch with g-1 on Monday 01.06.2026 (ISO week 23)
    group = small_store.load().groups["g-1"]
    answers = {q.key: q.options[0] for q in care_calls.QUESTIONS}
    survey = care_calls.new_survey("s-1", group, "2026-W23", answers, 5, "", "TLE", datetime(2026, 6, 8, 9))
    small_store.update_collection(care_calls.COLLECTION, lambda records: care_calls.save_survey(records, survey))
    code, out, _ = run(capsys, small_store, "carecalls", "--week", "2026-W23", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["week"], data["from"], data["to"]) == ("2026-W23", "2026-06-01", "2026-06-07")
    assert data["groups"] == [
        {"group": "10001", "name": "Bäckerei Huber GmbH", "class": "A", "lead": "MKR", "date": "2026-06-01",
         "format": "Jahresgespräch", "by": "MKR", "surveyed": True, "score": 5},
    ]  # fmt: skip
    code, out, _ = run(capsys, small_store, "carecalls", "--week", "2026-W23")
    assert "Care Calls KW 23/2026 (01.06.2026–07.06.2026): 1 Verbund, 1 befragt" in out and "ja (5)" in out
    code, out, _ = run(capsys, small_store, "carecalls", "--json")
    assert json.loads(out)["week"] == care_calls.previous_week(date.today())

"""A booked meeting's time (issue 13: "14:30 appears nowhere in the app"): the model's texts
for the due list, the card and the history carry it, and so do `kontakt due` and
`kontakt contacts` (text and JSON key `meeting`, JJJJ-MM-TTTHH:MM)."""

import json
from datetime import date

from model.contacts import due_list
from model.entities import Contact
from model.german import meeting_iso, meeting_label, outcome_label, reason_label
from tests.conftest import AS_OF
from tests.unit.test_cli import run

BOOKED = Contact("m-1", "g-3", date(2026, 11, 26), "MKR", "Termin vereinbart", "Telefon", "Active Call",
                 follow_up=date(2026, 12, 3), meeting="2026-12-03T14:30")  # fmt: skip


def test_texts():
    assert meeting_iso("2026-12-03T14:30:00") == "2026-12-03T14:30"
    assert meeting_iso("") is None and meeting_iso("morgen") is None
    assert meeting_label("2026-12-03T14:30") == "03.12.2026 14:30"
    assert reason_label("follow_up", "2026-12-03T14:30") == "Termin 14:30"
    assert reason_label("follow_up") == "Folgekontakt" and reason_label("never") == "nie kontaktiert"
    assert outcome_label("Termin vereinbart", "2026-12-03T14:30") == "Termin vereinbart (03.12.2026 14:30)"
    assert outcome_label("nicht erreicht") == "nicht erreicht"


def test_due_item_carries_the_meeting(small_store):
    small_store.add_contacts([BOOKED])
    inst = small_store.load()
    vogt = next(i for i in due_list("MKR", inst.groups.values(), inst.contacts, inst.config, AS_OF) if i.group.id == "g-3")
    assert vogt.due == date(2026, 12, 3) and vogt.meeting == "2026-12-03T14:30"
    # a later contact without a meeting replaces it
    later = BOOKED._replace(id="m-2", date=date(2026, 11, 27), outcome="nicht erreicht", meeting="",
                            follow_up=date(2026, 12, 4))  # fmt: skip
    small_store.add_contacts([later])
    inst = small_store.load()
    vogt = next(i for i in due_list("MKR", inst.groups.values(), inst.contacts, inst.config, AS_OF) if i.group.id == "g-3")
    assert vogt.meeting == ""


def test_cli_due_and_contacts_show_the_time(small_store, capsys):
    small_store.add_contacts([BOOKED])
    code, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026")
    assert code == 0 and "Termin 14:30" in out
    code, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json")
    items = {i["group"]: i for i in json.loads(out)}
    assert items["10003"]["meeting"] == "2026-12-03T14:30" and items["10001"]["meeting"] is None
    code, out, _ = run(capsys, small_store, "contacts", "10003")
    assert code == 0 and "Termin vereinbart (03.12.2026 14:30)" in out
    code, out, _ = run(capsys, small_store, "contacts", "10003", "--json")
    assert json.loads(out)[0]["meeting"] == "2026-12-03T14:30"

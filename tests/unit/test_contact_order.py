"""Contacts of one day keep the order in which they were saved, across PCs whose clocks differ
by hours (issue 11, item 4; docs/rules.md, rule 4): a later "nicht erreicht, morgen" from a PC
whose clock is slow used to lose to an earlier entry, because entries were ordered by
`logged_at`, the writer's clock. Also: contacts are filed by their own date."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

import pytest

from kontakt_tui import cli
from model.contacts.due import due_for_role
from model.entities import Contact, new_id, save_order
from model.store import Store, audit, contact_writes, sequence
from model.store import store as store_module
from model.store.files import read_document
from tests.unit.test_store import make_group, store  # noqa: F401 - fixture

DAY = date(2026, 3, 2)


def clock(monkeypatch, hours: float) -> None:
    """This (simulated) PC's clock runs `hours` off."""

    class Skewed(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=hours)

    monkeypatch.setattr(store_module, "datetime", Skewed)
    monkeypatch.setattr(contact_writes, "datetime", Skewed)
    monkeypatch.setattr(audit, "datetime", Skewed)


def call(group, by, outcome, follow_up) -> Contact:
    return Contact(id=new_id(), group=group.id, date=DAY, by=by, outcome=outcome, follow_up=follow_up)


@pytest.mark.parametrize("second_user", ["AB", "CD"], ids=["same-advisor-two-pcs", "colleague-on-another-pc"])
def test_a_later_save_from_a_slow_pc_wins(store, monkeypatch, second_user):  # noqa: F811
    group = store.save_group(make_group("80"))
    pc_a = store
    pc_b = Store.open(store.root, second_user)
    monkeypatch.setenv("KONTAKT_HOST", "PC-A")
    clock(monkeypatch, +3)  # PC A's clock is three hours fast
    first = pc_a.log_contact(call(group, "AB", "erreicht", DAY + timedelta(days=90)))
    monkeypatch.setenv("KONTAKT_HOST", "PC-B")
    clock(monkeypatch, -3)  # PC B's clock is three hours slow: six hours behind A
    second = pc_b.log_contact(call(group, second_user, "nicht erreicht", DAY + timedelta(days=1)))
    assert second.logged_at < first.logged_at  # the writers' clocks say the opposite of the truth
    assert second.seq > first.seq

    picture = Store.open(store.root, "AB").load()
    history = picture.history(group.id)
    assert [c.id for c in history] == [second.id, first.id]  # newest first
    config = picture.config
    due = due_for_role(history, 4, config.counted, DAY)
    assert (due.date, due.reason) == (DAY + timedelta(days=1), "follow_up")
    # call party: a follow-up tomorrow is after today, so the group is in someone's hands either way;
    # the latest entry chosen is the later save
    assert max(history, key=save_order).id == second.id


def test_legacy_entries_without_sequence_come_first_and_keep_their_clock_order(store):  # noqa: F811
    group = make_group("81")
    old_late = Contact(new_id(), group.id, DAY, "AB", "erreicht", logged_at="2026-03-02T15:00:00")
    old_early = Contact(new_id(), group.id, DAY, "AB", "erreicht", logged_at="2026-03-02T09:00:00")
    new = Contact(new_id(), group.id, DAY, "AB", "erreicht", logged_at="2026-03-02T08:00:00", seq=1)
    assert sorted([new, old_late, old_early], key=save_order) == [old_early, old_late, new]


def test_the_counter_follows_the_saves_and_survives_its_loss(store):  # noqa: F811
    group = store.save_group(make_group("82"))
    seqs = [store.log_contact(call(group, "AB", "erreicht", None)).seq for _ in range(3)]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
    assert sequence.read_last(store.root) == seqs[-1]
    sequence.sequence_path(store.root).unlink()  # lost (restore of an old folder, hand deletion)
    assert store.log_contact(call(group, "AB", "erreicht", None)).seq == seqs[-1] + 1
    sequence.sequence_path(store.root).write_text("kaputt")
    assert store.log_contact(call(group, "AB", "erreicht", None)).seq == seqs[-1] + 2


def test_concurrent_writers_never_share_a_number(store):  # noqa: F811
    group = store.save_group(make_group("83"))
    found: list[int] = []

    def writer(user):
        mine = Store.open(store.root, user)
        for _ in range(10):
            found.append(mine.log_contact(call(group, user, "erreicht", None)).seq)

    threads = [threading.Thread(target=writer, args=(u,)) for u in ("AB", "CD", "EF")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(found) == 30 and len(set(found)) == 30


def test_a_contact_is_filed_by_its_own_date_not_the_day_it_was_logged(small_store, capsys):
    """A call of 30.12.2025 logged in 2026 goes to contacts/2025/MKR.json and is found (history,
    `kontakt contacts`, due date)."""
    assert datetime.now().year >= 2026  # logged "in 2026" (or later): the writer's year is not the contact's
    code = cli.main(["--store", str(small_store.root), "--user", "MKR", "log", "10003", "--outcome", "Gespräch geführt",
                     "--date", "30.12.2025", "--channel", "Telefon", "--format", "Servicekontakt",
                     "--follow-up", "15.01.2026", "--person", ""])  # fmt: skip
    assert code == 0, capsys.readouterr()
    capsys.readouterr()
    stored = read_document(small_store.root / "contacts" / "2025" / "MKR.json", "contacts")["contacts"]
    (record,) = [r for r in stored.values() if r["date"] == "2025-12-30"]
    assert record["logged_at"][:4] != "2025" and record["seq"] > 0
    assert not any(r.get("date") == "2025-12-30" for p in (small_store.root / "contacts").glob("202[6-9]/*.json")
                   for r in read_document(p, "contacts")["contacts"].values())  # fmt: skip
    assert cli.main(["--store", str(small_store.root), "--user", "MKR", "contacts", "10003", "--json"]) == 0
    assert [c["date"] for c in json.loads(capsys.readouterr().out)] == ["2025-12-30"]
    picture = Store.open(small_store.root, "MKR").load()
    due = due_for_role(picture.history("g-3"), 1, picture.config.counted, date(2026, 1, 10))
    assert (due.date, due.reason) == (date(2026, 1, 15), "follow_up")


def test_the_change_history_follows_the_saves_not_the_writers_clocks(store, monkeypatch):  # noqa: F811
    group = store.save_group(make_group("86"))
    pc_a = Store.open(store.root, "CD")  # its audit file sorts after AB's: file order is no help
    clock(monkeypatch, +5)  # PC A five hours fast
    first = pc_a.log_contact(call(group, "CD", "erreicht", None))
    clock(monkeypatch, -5)  # PC B five hours slow, saving afterwards
    second = store.log_contact(call(group, "AB", "nicht erreicht", DAY + timedelta(days=1)))
    history = [e["id"] for e in store.audit_for(group.id) if e["kind"] == "contact"]
    assert history == [first.id, second.id]
    lines = [e for e in audit.entries(store.root) if e["kind"] == "contact"]
    assert lines[0]["at"] > lines[1]["at"] and lines[0]["server_at"] <= lines[1]["server_at"]


def test_doctor_finds_a_counter_behind_the_contacts(store):  # noqa: F811
    from model.store.doctor import ERROR, check_store

    group = store.save_group(make_group("87"))
    store.log_contact(call(group, "AB", "erreicht", None))
    store.log_contact(call(group, "AB", "erreicht", None))
    assert not [f for f in check_store(store) if "Speicherzähler" in f.message]
    sequence.sequence_path(store.root).write_text('{"last": 1}')  # an old copy put back
    (finding,) = [f for f in check_store(store) if "Speicherzähler" in f.message]
    assert finding.severity == ERROR and "steht bei 1, die Kontakte schon bei 2" in finding.message
    sequence.sequence_path(store.root).unlink()  # what the message says to do
    assert store.log_contact(call(group, "AB", "erreicht", None)).seq == 3


def test_imported_contacts_get_a_save_sequence_after_logged_ones(small_store, tmp_path, capsys):
    assert cli.main(["--store", str(small_store.root), "--user", "MKR", "log", "10003", "--outcome", "nicht erreicht",
                     "--date", "20.11.2026", "--follow-up", "23.11.2026", "--person", ""]) == 0  # fmt: skip
    csv = tmp_path / "kontakte.csv"
    csv.write_text("Verbund-Nr;Datum;Betreuer;Fachbereich;Kanal;Anlass;Ergebnis;Folgekontakt;Notiz\n"
                   "10003;20.11.2026;MKR;;Telefon;Servicekontakt;Gespräch geführt;20.02.2027;importiert\n", encoding="utf-8")  # fmt: skip
    assert cli.main(["--store", str(small_store.root), "--user", "MKR", "import", "contacts", str(csv)]) == 0, capsys.readouterr()
    history = Store.open(small_store.root, "MKR").load().history("g-3")
    assert [c.note for c in history[:2]] == ["importiert", ""]  # saved last, so the latest entry
    assert history[0].seq > history[1].seq > 0

"""`kontakt erase`, `export-person` and `merge-groups` on PostgreSQL through the CLI, and the
erasure's transaction against a colleague's contact being written at the same moment (the
erasure lock in postgres/maintenance.py): either the contact is erased with the group, or it
is refused — never left behind."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest

from kontakt_tui.cli import main
from model.entities import Contact, ContactPerson
from model.store.erased import ErasedError
from model.store.interface import create_backend, open_backend
from tests.conftest import make_group


def contact(cid: str, group: str, by: str, day: date, note: str = "") -> Contact:
    return Contact(cid, group, day, by, "Gespräch geführt", "Telefon", "Jahresgespräch", note=note)


@pytest.fixture
def database(postgres_url):
    store = create_backend(postgres_url, "ADM")
    person = ContactPerson("p-1", "Anna Huber", "GF", "06195 4711", "anna@huber.de")
    store.save_groups(
        [make_group("g1", "10001", "Huber Holding", "A", persons=(person,)), make_group("g2", "10002", "Beta KG", "B")]
    )
    store.add_contacts(
        [
            contact("c1", "g1", "ADM", date(2026, 1, 5), "Notiz zu Frau Huber"),
            contact("c2", "g1", "VKS", date(2025, 6, 1)),
            contact("c3", "g2", "VKS", date(2026, 1, 6)),
        ]
    )
    yield postgres_url, store
    store.close()


def run(capsys, url: str, *args: str, user: str = "ADM") -> tuple[int, str, str]:
    code = main(["--store", url, "--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_and_erase_on_postgresql(database, capsys, tmp_path):
    url, store = database
    code, out, err = run(capsys, url, "export-person", "10001", "--yes")
    assert code == 0, err
    data = json.loads(out)
    assert data["verbund"]["name"] == "Huber Holding" and sorted(c["id"] for c in data["kontakte"]) == ["c1", "c2"]

    code, out, err = run(capsys, url, "erase", "10001", "--yes")
    assert code == 0, err
    assert "Verbund 10001 gelöscht. Entfernt:" in out
    for line in ("contacts 2025/VKS: 1 Kontakt(e)", "contacts 2026/ADM: 1 Kontakt(e)", "groups: Verbund mit Kunden"):
        assert line in out, out
    assert "steht in der Tabelle tombstones" in out and "master/erased.json" not in out
    picture = open_backend(url, "VKS").load()
    assert sorted(picture.groups) == ["g2"] and [c.id for cs in picture.contacts.values() for c in cs] == ["c3"]
    everything = json.dumps([store.audit_for("g1"), store.export_group("g2")])
    assert "Anna Huber" not in everything and "Notiz zu Frau Huber" not in everything

    code, out, err = run(capsys, url, "erase", "10001", "--yes")
    assert code == 0 and "(Fortsetzung einer begonnenen Löschung)" in out and "nichts mehr" in out
    csv = tmp_path / "g.csv"
    csv.write_text("Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde\n10001;Huber Holding;Firmenkunden;ADM;4711;Anna Huber\n")
    code, _, err = run(capsys, url, "import", "groups", str(csv))
    assert code == 2 and "Verbund 10001 wurde am" in err and "Traceback" not in err
    assert sorted(open_backend(url, "VKS").load().groups) == ["g2"]


def test_merge_groups_on_postgresql(database, capsys):
    url, store = database
    code, out, err = run(capsys, url, "merge-groups", "10002", "10001", "--yes")
    assert code == 0, err
    assert "Verbund 10001 in Verbund 10002 zusammengeführt: 2 Kontakte umgehängt, 1 Ansprechpartner" in out
    picture = open_backend(url, "VKS").load()
    assert sorted(picture.groups) == ["g2"] and sorted(c.id for c in picture.history("g2")) == ["c1", "c2", "c3"]
    assert picture.group("10001").id == "g2"  # the given-up number still leads to the kept group
    code, out, _ = run(capsys, url, "merge-groups", "10002", "10001", "--yes")
    assert code == 0 and "schon in Verbund 10002 aufgegangen" in out
    code, _, err = run(capsys, url, "merge-groups", "10002", "10002", "--yes")
    assert code == 1 and "derselbe Verbund" in err
    code, _, err = run(capsys, url, "merge-groups", "10002", "4242", "--yes")
    assert code == 1 and "Verbund 4242 gibt es nicht" in err


def test_a_contact_written_while_the_erasure_starts_is_erased_with_it(database):
    url, store = database
    colleague = open_backend(url, "VKS")
    done = []
    with colleague._conn.transaction():  # the colleague's save, not committed yet
        colleague._write_contacts([contact("c9", "g1", "VKS", date(2026, 2, 1), "Anna Huber am Telefon")])
        eraser = threading.Thread(target=lambda: done.append(store.erase_group("g1", "10001")))
        eraser.start()
        eraser.join(0.5)
        assert eraser.is_alive()  # the erasure waits for the colleague's commit
    eraser.join(10)
    assert done and done[0].removed
    picture = open_backend(url, "VKS").load()
    assert not picture.history("g1") and "c9" not in {c.id for cs in picture.contacts.values() for c in cs}
    assert "Anna Huber" not in json.dumps(store.audit_for("g1"))


def test_a_contact_saved_while_the_erasure_runs_is_refused(database):
    url, store = database
    colleague = open_backend(url, "VKS")
    colleague.load()
    failed: list[Exception] = []

    def save() -> None:
        try:
            colleague.log_contact(contact("c9", "g1", "VKS", date(2026, 2, 1)))
        except ErasedError as exc:
            failed.append(exc)

    with store._conn.transaction():  # the erasure, not committed yet
        store._erase("g1", "10001")
        writer = threading.Thread(target=save)
        writer.start()
        writer.join(0.5)
        assert writer.is_alive()  # the colleague's save waits for the erasure's commit
    writer.join(10)
    assert failed and "Verbund 10001 wurde am" in str(failed[0])
    assert not open_backend(url, "ADM").load().history("g1")

"""An import writes only what its file says onto freshly read groups: a colleague's casting or
contact person saved between the import's read and its write is kept."""

from dataclasses import replace
from datetime import date

from model.casting.scoring import cast
from model.entities import ContactPerson
from model.exchange import imports as importing
from tests.unit.test_importing import AS_OF, GROUPS, csv_file, filled, store  # noqa: F401 - fixtures


def _colleague_edits_while_planning(monkeypatch, store, edit):
    """Run `edit` right after the import has read the store and planned."""
    real_load = store.load

    def load_then_colleague_edits():
        picture = real_load()
        edit()
        return picture

    monkeypatch.setattr(store, "load", load_then_colleague_edits)


def test_group_import_keeps_a_casting_saved_meanwhile(filled, tmp_path, monkeypatch):
    group = filled.load().group("100")
    scheme = filled.load().config.scheme(group.segment)
    casting = cast(scheme, {"Potenzial Gesamtverbund": "hoch"}, on=date(2026, 11, 20), by="MKR")
    renamed = GROUPS.replace("Alpha Gruppe", "Alpha Holding")

    def colleague():
        filled.update_group(group.id, lambda g: replace(g, castings=(*g.castings, casting)))

    _colleague_edits_while_planning(monkeypatch, filled, colleague)
    importing.import_groups(filled, csv_file(tmp_path, renamed, name="r.csv"), AS_OF)
    monkeypatch.undo()
    after = filled.load().group("100")
    assert after.castings == (casting,)
    assert after.name == "Alpha Holding"


def test_person_import_keeps_a_person_added_meanwhile(filled, tmp_path, monkeypatch):
    group = filled.load().group("100")
    colleague_person = ContactPerson("p-col", "Eva Steuer", "Steuerberaterin", "069 123456", "eva@stb.de")

    def colleague():
        filled.update_group(group.id, lambda g: replace(g, persons=(*g.persons, colleague_person)))

    _colleague_edits_while_planning(monkeypatch, filled, colleague)
    text = "Verbund-Nr;Name;Funktion;Telefon;E-Mail\n100;Anna Huber;Inhaberin;06195 123456;anna@huber.de\n"
    importing.import_persons(filled, csv_file(tmp_path, text, name="p.csv"))
    monkeypatch.undo()
    names = {p.name for p in filled.load().group("100").persons}
    assert names == {"Eva Steuer", "Anna Huber"}

"""find_groups: numbers, names, customers, contact persons and phones, as people type and
paste them."""

from model.contacts import SearchIndex, find_groups, fold, phone_digits
from model.entities import ContactPerson, Customer
from tests.conftest import make_group

GROUPS = [
    make_group("g-1", "10040", "Bäckerei Huber GmbH", "A",
               customers=(Customer("4711", "Bäckerei Huber GmbH"), Customer("4712", "Müller, Otto")),
               persons=(ContactPerson("p-1", "Anna Huber", "GF", "0171/2345678", "anna@huber.de"),)),
    make_group("g-2", "10041", "Autohaus Krämer KG", "B",
               persons=(ContactPerson("p-2", "Jan Krämer", "", "+49 (6195) 99 88 77", ""),)),
    make_group("g-3", "100400", "Schreinerei Vogt", "C", lead="TLE"),
    make_group("g-4", "20001", "Huberty Stahlbau", None),
]  # fmt: skip


def numbers(text: str) -> list[str]:
    return [m.group.number for m in find_groups(GROUPS, text)]


def test_a_number_finds_that_group_first_then_longer_numbers():
    assert numbers("10040") == ["10040", "100400"]
    assert find_groups(GROUPS, "10040")[0].matched == ("Nummer",)


def test_names_ignore_case_and_need_every_word():
    assert numbers("huber") == ["20001", "10040"]  # a name starting with the text comes first
    assert numbers("HUBER gmbh") == ["10040"]
    assert numbers("krämer kg") == ["10041"]
    assert numbers("vogt krämer") == []


def test_customers_by_name_and_number_and_persons_by_name():
    hit = find_groups(GROUPS, "müller")[0]
    assert hit.group.number == "10040" and hit.matched == ("Kunde 4712 Müller, Otto",)
    assert numbers("4712") == ["10040"]
    assert find_groups(GROUPS, "anna")[0].matched == ("Ansprechpartner Anna Huber", "E-Mail Anna Huber anna@huber.de")


def test_phone_digits_match_whatever_separators_were_typed():
    for typed in ("0171 234", "0171/234", "0171-2345678", "01712345", "+49 171 2345"):
        hits = find_groups(GROUPS, typed)
        assert [h.group.number for h in hits] == ["10040"], typed
        assert hits[0].matched == ("Telefon Anna Huber 0171/2345678",)
    assert numbers("06195 998") == ["10041"]  # stored as +49 (6195) 99 88 77
    assert phone_digits("0049 6195 1") == "061951"


def test_look_alike_digits_and_invisible_characters_are_folded():
    assert numbers("１００４０") == ["10040", "100400"]  # full-width digits
    assert numbers("10\u200b040") == ["10040", "100400"]  # zero-width space from a paste
    assert numbers("\ufeffhuber\u00a0gmbh") == ["10040"]  # BOM, non-breaking space
    assert fold("Bäcker\u200bei") == "bäckerei"


def test_empty_text_finds_nothing_and_the_limit_holds():
    assert find_groups(GROUPS, "  \u200b ") == []
    assert len(SearchIndex(GROUPS).find("0", limit=2)) == 2

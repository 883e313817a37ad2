"""The audit trail in words."""

from model.change_history import describe_change, what_happened


def test_fields_and_records_in_words():
    before = {"name": "Huber", "revision": 1, "persons": [{"id": "p1", "name": "Anna", "phone": "069 1"}, {"id": "p2", "name": "Ben"}]}
    after = {"name": "Huber GmbH", "revision": 2, "persons": [{"id": "p1", "name": "Anna", "phone": "069 2"}, {"id": "p3", "name": "Eva"}]}
    assert describe_change(before, after) == [
        "name: Huber → Huber GmbH",
        "persons Anna: phone 069 1 → 069 2",
        "persons Eva: neu",
        "persons Ben: entfernt",
    ]
    assert describe_change(None, None) == []
    assert what_happened({"kind": "group", "action": "update"}) == "Verbund geändert"

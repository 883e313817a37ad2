"""A Care Call entry (a survey answered) shows in the history but, by default, counts neither
toward the due date, nor Soll/Ist, nor activity — one predicate (`Config.counted` /
`Config.takes_part`) for all three; `care_call_counts: true` turns it back on."""

from dataclasses import replace
from datetime import date

import pytest

from model.config import CARE_CALL_FORMAT, Config, ConfigError, default_config, default_config_json
from model.contacts.due import FOLLOW_UP, FREQUENCY, due_item, inactive_groups
from model.entities import LEAD, Casting, Contact, Group
from model.monitoring.soll_ist import Period, role_targets

CONFIG = default_config()
COUNTING = replace(CONFIG, care_call_counts=True)
AS_OF = date(2026, 12, 31)


def group() -> Group:
    casting = Casting("cast", date(2026, 1, 1), "Firmenkunden", 1, (), 0, "A", "MKR")
    return Group("g1", "10001", "Alpha GmbH", "Firmenkunden", "MKR", castings=(casting,))


def entry(cid, on, fmt="Jahresgespräch", follow_up=None, by="MKR"):
    return Contact(cid, "g1", on, by, "Gespräch geführt", "Besuch", fmt, follow_up=follow_up)


ADVISOR = entry("c1", date(2025, 11, 2), follow_up=date(2026, 12, 15))
CARE_CALL = entry("c2", date(2026, 11, 9), fmt=CARE_CALL_FORMAT, by="ADM")


def test_the_default_is_off_and_the_keys_are_read():
    assert CONFIG.care_call_counts is False and CONFIG.care_call_repeat_weeks == 12
    doc = default_config_json() | {"care_call_counts": True, "care_call_repeat_weeks": 8}
    config = Config.from_json(doc)
    assert config.care_call_counts is True and config.care_call_repeat_weeks == 8
    with pytest.raises(ConfigError, match="care_call_counts muss true oder false sein"):
        Config.from_json(default_config_json() | {"care_call_counts": "nein"})


def test_a_care_call_leaves_the_advisors_follow_up_in_force():
    contacts = {"g1": [ADVISOR, CARE_CALL]}
    item = due_item(group(), LEAD, 4.0, contacts, CONFIG, AS_OF)
    assert (item.due, item.reason, item.last_contact) == (date(2026, 12, 15), FOLLOW_UP, date(2025, 11, 2))
    # Counted, the care call is the latest entry (no follow-up): due three months after it.
    item = due_item(group(), LEAD, 4.0, contacts, COUNTING, AS_OF)
    assert (item.due, item.reason, item.last_contact) == (date(2027, 2, 9), FREQUENCY, date(2026, 11, 9))


def test_a_care_call_is_no_ist():
    period = Period(date(2026, 1, 1), AS_OF)
    contacts = {"g1": [ADVISOR, CARE_CALL]}
    assert [t.ist for t in role_targets([group()], contacts, CONFIG, period)] == [0]
    assert [t.ist for t in role_targets([group()], contacts, COUNTING, period)] == [1]


def test_a_care_call_does_not_make_a_group_active():
    contacts = {"g1": [ADVISOR, CARE_CALL]}  # the advisor's visit is 14 months old
    assert [i.last_contact for i in inactive_groups([group()], contacts, CONFIG, AS_OF)] == [date(2025, 11, 2)]
    assert inactive_groups([group()], contacts, COUNTING, AS_OF) == []

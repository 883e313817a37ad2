"""The team overview (`portfolios.team`, made fast for issue 16) gives exactly what the
per-advisor portfolios and a straightforward reading of rules 3, 4 and 6 give, on a generated
mid-size institute: contacts in save order (as the stores load them) and shuffled (a merged
group's contacts come in two runs), with Care Calls left out and counted."""

import random
from dataclasses import replace
from datetime import date

import pytest

from model.config import default_config
from model.contacts.due import interval
from model.contacts.guided_call import role_frequency
from model.demo import build_demo
from model.entities import save_order
from model.monitoring.portfolios import departments, portfolio, team
from model.monitoring.soll_ist import Period

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def picture():
    data = build_demo(AS_OF, 2500, seed=7)  # > 2,000 groups: the benchmark institute, five years
    by_group: dict[str, list] = {}
    for c in data.contacts:
        by_group.setdefault(c.group, []).append(c)
    for items in by_group.values():
        items.sort(key=save_order)
    return data.groups, by_group


def _shuffled(contacts):
    rng = random.Random(3)
    out = {}
    for gid, items in contacts.items():
        items = list(items)
        rng.shuffle(items)
        out[gid] = items
    return out


def _reference_overdue(group, role, entries, config, as_of):
    """Rule 4 read straight: the latest entry (save order) up to as_of with a follow-up
    decides; else the last counted contact plus the interval; never contacted is overdue."""
    past = [c for c in entries if c.role == role and config.takes_part(c) and c.date <= as_of]
    if not past:
        return True
    latest = max(past, key=save_order)
    if latest.follow_up is not None:
        return latest.follow_up < as_of
    counted = [c.date for c in past if config.counted(c)]
    if not counted:
        return True
    return max(counted) + interval(role_frequency(group, role, config, as_of)) < as_of


@pytest.mark.slow
@pytest.mark.parametrize("order", ["save order", "shuffled"])
@pytest.mark.parametrize("care_call_counts", [False, True])
@pytest.mark.parametrize("which", ["last 12 months", "last quarter", "one month back"])
def test_team_equals_per_advisor_portfolios_and_the_rules(picture, order, care_call_counts, which):
    groups, contacts = picture
    if order == "shuffled":
        contacts = _shuffled(contacts)
    config = replace(default_config(), care_call_counts=care_call_counts)
    as_of = AS_OF if which != "one month back" else date(2026, 10, 27)  # later contacts ignored
    period = Period(date(2026, 7, 1), date(2026, 9, 30)) if which == "last quarter" else Period.last_months(as_of)

    each, whole = team(groups, contacts, config, period, as_of)

    codes = sorted({g.lead for g in groups})
    assert [p.advisor for p in each] == codes
    assert each == [portfolio(groups, contacts, config, period, as_of, code) for code in codes]
    assert whole == portfolio(groups, contacts, config, period, as_of)

    by_id = {g.id: g for g in groups}
    assert [t.group.id for t in whole.targets] == [g.id for g in groups]
    overdue = 0
    for t in whole.targets:
        group, entries = by_id[t.group.id], contacts.get(t.group.id, ())
        assert t.cls == group.cls and t.advisor == group.lead
        assert t.soll == config.frequency(group.segment, group.cls) * period.years
        assert t.ist == sum(1 for c in entries if c.role == t.role and c.date in period and config.counted(c))
        overdue += _reference_overdue(group, t.role, entries, config, as_of)
    assert whole.total.overdue == overdue
    assert whole.total.ist == sum(p.total.ist for p in each) and 0 < overdue < len(whole.targets)

    co_care = departments(groups, contacts, config, period, as_of)
    assert co_care and co_care == departments(groups, contacts if order == "shuffled" else _shuffled(contacts),
                                              config, period, as_of)  # fmt: skip


def _frequencies_by_segment(config):
    """Each segment plans its classes at other frequencies (the default schemes agree)."""
    schemes = []
    for n, scheme in enumerate(config.schemes):
        classes = tuple(replace(band, frequency=band.frequency * (1, 3, 12)[n % 3]) for band in scheme.classes)
        schemes.append(replace(scheme, classes=classes))
    return replace(config, schemes=tuple(schemes))


def test_overdue_follows_each_segments_frequencies(picture):
    """The lead roles' frequencies, looked up once per (segment, class), are each segment's."""
    groups, contacts = picture
    # No follow-ups: every due date comes from the frequency.
    contacts = {gid: [c._replace(follow_up=None) for c in items] for gid, items in contacts.items()}
    config = _frequencies_by_segment(default_config())
    assert len({config.frequency(g.segment, "C") for g in groups}) == 3
    period = Period.last_months(AS_OF)
    each, whole = team(groups, contacts, config, period, AS_OF)
    by_id = {g.id: g for g in groups}
    expected = sum(_reference_overdue(by_id[t.group.id], t.role, contacts.get(t.group.id, ()), config, AS_OF)
                   for t in whole.targets)  # fmt: skip
    assert whole.total.overdue == expected == sum(p.total.overdue for p in each)
    assert whole == portfolio(groups, contacts, config, period, AS_OF)

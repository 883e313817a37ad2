"""Capacity (rule 7) and the what-if on the small store: MKR leads one group of each class,
TLE one A group, VKS cares for the A group g-1 at 1 a year. Defaults: A 4 × 90 min,
B 2 × 60, C 1 × 45, D 0,5 × 30."""

from dataclasses import replace

import pytest

from model.config import Config
from model.monitoring.capacity import (
    ClassChange,
    Workload,
    apply_what_if,
    capacity_rows,
    propose,
    utilisations,
    workloads,
)
from tests.conftest import AS_OF


@pytest.fixture
def inst(small_store):
    return small_store.load()


def by_code(inst, changes=None, advisors=None):
    rows = capacity_rows(inst.groups.values(), advisors or inst.advisors, inst.config, AS_OF, changes)
    return {u.advisor: u for u in rows}


def test_required_hours_and_utilisation(inst):
    u = by_code(inst)
    # MKR: 4×90/60 + 2×60/60 + 1×45/60 + 0,5×30/60 = 6 + 2 + 0,75 + 0,25 = 9 h
    assert u["MKR"].required == pytest.approx(9.0) and u["MKR"].span == 4
    assert u["MKR"].share == pytest.approx(9 / 630) and not u["MKR"].over
    assert u["TLE"].required == pytest.approx(6.0)
    # co-care: its own frequency (1) × the group's planning minutes (A: 90)
    assert (u["VKS"].required, u["VKS"].span, u["VKS"].co_care_roles) == (pytest.approx(1.5), 0, 1)


def test_over_100_percent(inst):
    advisors = dict(inst.advisors)
    advisors["MKR"] = replace(advisors["MKR"], net_market_hours=8.0)
    mkr = by_code(inst, advisors=advisors)["MKR"]
    assert mkr.share == pytest.approx(1.125) and mkr.over


def test_what_if_changes_everyone_without_saving(inst):
    u = by_code(inst, {"A": ClassChange(frequency=12)})
    assert u["MKR"].required == pytest.approx(18 + 2 + 0.75 + 0.25)
    assert u["TLE"].required == pytest.approx(18)
    assert u["VKS"].required == pytest.approx(1.5)  # co-care frequency is its own
    u = by_code(inst, {"A": ClassChange(planning_minutes=120)})
    assert u["MKR"].required == pytest.approx(8 + 3) and u["VKS"].required == pytest.approx(2)
    assert inst.config.band("Firmenkunden", "A").frequency == 4  # nothing changed
    loads = workloads(inst.groups.values(), inst.config, AS_OF)
    rows = utilisations(loads, inst.advisors, inst.config, hours={"MKR": 18})
    assert next(r for r in rows if r.advisor == "MKR").share == pytest.approx(0.5)


def test_apply_what_if_writes_every_segment(inst):
    raw = inst.config.raw
    new = apply_what_if(raw, {"C": ClassChange(frequency=0.5, planning_minutes=40)})
    config = Config.from_json(new)
    for scheme in config.schemes:
        assert (scheme.band("C").frequency, scheme.band("C").planning_minutes) == (0.5, 40)
        assert scheme.band("A").frequency == 4
    assert inst.config.band("Firmenkunden", "C").frequency == 1  # original document untouched
    with pytest.raises(ValueError, match="größer als 0"):
        apply_what_if(raw, {"A": ClassChange(frequency=0)})


def test_proposal_keeps_ratios_and_fits(inst):
    loads = workloads(inst.groups.values(), inst.config, AS_OF)
    p = propose(loads["MKR"], inst.config, 18.0)  # 9 h today → factor 2
    assert p.factor == pytest.approx(2.0)
    assert p.frequencies == {"A": 8.0, "B": 4.0, "C": 2.0, "D": 1.0}
    assert p.required == pytest.approx(18.0)
    # co-care is fixed: 10 A groups (60 h) + co-care on C worth 2 × 45 min = 1,5 h
    w = Workload("X", {("Firmenkunden", "A"): 10}, {("Firmenkunden", "C"): 2.0})
    p = propose(w, inst.config, 91.5)
    assert p.factor == pytest.approx(1.5)
    assert p.frequencies == {"A": 6.0, "B": 3.0, "C": 1.5, "D": 0.75}
    assert p.required == pytest.approx(91.5)
    assert propose(w, inst.config, 1.0).factor is None  # co-care alone exceeds the time
    assert propose(loads["VKS"], inst.config, 630).factor is None  # leads no group

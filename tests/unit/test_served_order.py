"""The team overview's under- and over-served lists (`portfolios._served_lists`, sorted in
buckets for speed) in exactly the order of one sort by gap, class rank, group name and the
targets' order, also with classes outside A–D, equal names and gaps of either sign of zero."""

import random

from model.contacts.due import class_rank
from model.entities import Group
from model.monitoring.portfolios import _served_lists
from model.monitoring.soll_ist import RoleTarget


def _reference(targets):
    under = sorted((t.ist - t.soll, class_rank(t.cls), t.group.name, i) for i, t in enumerate(targets) if t.under)
    over = sorted((t.soll - t.ist, class_rank(t.cls), t.group.name, i) for i, t in enumerate(targets) if t.over)
    return [targets[x[-1]] for x in under], [targets[x[-1]] for x in over]


def test_bucketed_order_equals_one_sort():
    rng = random.Random(2)
    names = ["Alpha", "Beta", "Ärzte eG", "beta", "Zeta", "Ölmühle"]
    groups = [Group(f"g{i}", str(i), rng.choice(names), "Firmenkunden", "MKR") for i in range(400)]
    targets = []
    for i in range(3000):
        soll = rng.choice([0.0, 0.5, 1.0, 2.0, 4.0, 1 / 3, 0.25])
        cls = rng.choice(["A", "B", "C", "D", None, "–", "E"])
        targets.append(RoleTarget(rng.choice(groups), "lead", "MKR", cls, soll, rng.randrange(6), 30))
    under, over = _served_lists(targets)
    assert len(under) > 500 and len(over) > 500
    assert (under, over) == _reference(targets)
    assert [id(t) for t in under] == [id(t) for t in _reference(targets)[0]]  # equal targets in their order

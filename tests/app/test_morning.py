"""A morning as an FKB works it, by keys only and in bursts (tests/app/burst.py), at 80×24:
twenty calls from the due list, one inbound caller found with ctrl+f, one co-care
assignment from that caller's card, five castings from the review queue (`g c`). Then a fresh
reader of the store must see every piece of it — nothing typed was lost."""

import pytest

from model.casting import review_queue
from model.demo import build_demo, write_demo
from model.store import Store
from screens.casting import CastingScreen
from screens.dialogs.assign import AssignScreen
from screens.group_card import GroupCardScreen
from screens.today import TodayScreen
from tests.app.burst import burst
from tests.app.helpers import cursor_row, make_app, rows, settle
from tests.conftest import AS_OF

USER = "KBA"  # in the 900-group demo (seed 1) she has 32 groups due and 37 up for casting
CALLS = 20
CASTINGS = 5


@pytest.fixture
def morning_store(tmp_path) -> Store:
    store = Store.create(tmp_path / "store", "ADM")
    write_demo(store, build_demo(AS_OF, groups=900, seed=1))
    return store


def fresh(store: Store):
    return Store.open(store.root, USER).load()


def todays(institute) -> dict:
    """What the user did on the as-of day, as a fresh reader of the store sees it."""
    groups = institute.groups.values()
    return {
        "contacts": [(g.id, c) for g in groups for c in institute.history(g.id) if c.date == AS_OF and c.by == USER],
        "castings": [(g.id, c) for g in groups for c in g.castings if c.date == AS_OF and c.by == USER],
        "assignments": [(g.id, a) for g in groups for a in g.assignments if a.start == AS_OF],
    }


async def drain(app, pilot) -> None:
    """Wait until the app has routed every key of the burst, then for what they started."""
    for _ in range(500):
        await pilot.pause(0.01)
        if not app.keys_waiting:
            break
    await settle(app, pilot)
    assert not app.keys_waiting


def digits_for(scheme) -> list[str]:
    """One answer per criterion, not always the first option, so a lost or misrouted digit
    shows in the stored answers."""
    return [str(i % len(c.options) + 1) for i, c in enumerate(scheme.criteria)]


def expected_answers(scheme, digits) -> dict[str, str]:
    return {c.name: c.options[int(d) - 1].label for c, d in zip(scheme.criteria, digits)}


@pytest.mark.slow
async def test_a_morning_by_keys_only_in_bursts_at_80x24(morning_store):
    before = todays(fresh(morning_store))  # the demo has some contacts on the day already
    app = make_app(morning_store, user=USER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        due_at_start = rows(app)
        assert len(due_at_start) >= CALLS + 1
        by_row = {g.number: g for g in app.institute.groups.values()}

        # Twenty calls, each `a 2 Enter Enter` in one burst on the row the cursor is on.
        called = []
        for _ in range(CALLS):
            row = cursor_row(app)
            called.append(by_row[row.split()[0]].id)
            burst(app, "a", "2", "enter", "enter")
            await drain(app, pilot)
            assert isinstance(app.screen, TodayScreen), f"nach dem Anruf bei {row}: {app.screen!r}"
        assert len(set(called)) == CALLS  # a called group left the list: twenty different groups

        # An inbound caller: a group of hers that is not due, found by its number.
        due_numbers = {r.split()[0] for r in due_at_start}
        caller = next(
            g
            for g in sorted(app.institute.groups.values(), key=lambda g: g.number)
            if g.lead == USER and g.number not in due_numbers and not g.assignments
        )
        burst(app, "ctrl+f", *caller.number, "enter")
        await drain(app, pilot)
        assert isinstance(app.screen, GroupCardScreen) and app.screen.group_id == caller.id
        burst(app, "a", "2", "enter", "enter")
        await drain(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)

        # Co-care from the same card: the department the casting suggests, its first colleague.
        burst(app, "z", "ctrl+s")
        await drain(app, pilot)
        assert isinstance(app.screen, AssignScreen)
        burst(app, "escape", "escape")
        await drain(app, pilot)
        assert isinstance(app.screen, TodayScreen)

        # Five castings from the review queue: `g c`, the digits and ctrl+s in one burst each.
        institute = app.institute
        queue = [item.group for item in review_queue(institute.groups.values(), institute.config, AS_OF, USER)]
        assert len(queue) >= CASTINGS
        burst(app, "g", "c")
        await drain(app, pilot)
        assert isinstance(app.screen, CastingScreen)
        expected = {}
        for group in queue[:CASTINGS]:
            assert app.screen.group.id == group.id
            scheme = institute.config.scheme(group.segment)
            digits = digits_for(scheme)
            expected[group.id] = expected_answers(scheme, digits)
            burst(app, *digits, "ctrl+s")
            await drain(app, pilot)
        burst(app, "escape")
        await drain(app, pilot)

    after = todays(fresh(morning_store))
    after = {kind: [(gid, x) for gid, x in items if x.id not in {y.id for _, y in before[kind]}] for kind, items in after.items()}
    contacts = after["contacts"]
    assert len(contacts) == CALLS + 1
    assert sorted(gid for gid, _ in contacts) == sorted([*called, caller.id])
    assert {c.outcome for _, c in contacts} == {"Gespräch geführt"}
    assert all(c.follow_up is not None for _, c in contacts)  # the pre-filled follow-up was kept
    castings = after["castings"]
    assert len(castings) == CASTINGS
    assert {gid: dict(c.answers) for gid, c in castings} == expected
    ((gid, assignment),) = after["assignments"]
    assert gid == caller.id and assignment.end is None

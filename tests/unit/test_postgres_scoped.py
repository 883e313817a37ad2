"""PostgreSQL reads only what a start needs (model/store/postgres/reading.py): the "status"
picture (per group the latest contact of each role, format and outcome, chosen in SQL) and one
advisor's groups give `due_list` and `inactive_groups` exactly as on the whole institute, and
a refresh keeps the narrower picture correct when a colleague writes."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from model.config import CARE_CALL_FORMAT
from model.contacts.due import due_list, inactive_groups
from model.contacts.my_groups import my_group_list
from model.entities import Advisor, Assignment, Contact, MergedGroup
from model.store.interface import create_backend, open_backend
from tests.conftest import make_group

CODES = ("MKR", "TLE", "VKS", "HBE", "ORT")
OUTCOMES = ("Termin vereinbart", "Gespräch geführt", "kein Interesse", "nicht erreicht")
FORMATS = ("Jahresgespräch", "Servicekontakt", CARE_CALL_FORMAT, "Active Call")
TODAY = date(2026, 11, 27)


def _institute(store) -> None:
    rng = random.Random(16)
    store.save_advisors([Advisor(c, f"Berater {c}", department="Versicherung" if c == "VKS" else None) for c in CODES])
    groups = []
    for i in range(40):
        assignments = []
        if i % 3 == 0:
            assignments.append(Assignment(f"as-{i}", "Versicherung", rng.choice(CODES), 1.0, date(2025, 1, 1)))
        if i % 5 == 0:  # ended before today: listed for the advisor only on a replayed day
            assignments.append(Assignment(f"ai-{i}", "Immobilien", rng.choice(CODES), 2.0, date(2025, 3, 1), date(2026, 6, 1)))
        cls = rng.choice(("A", "B", "C", "D", None))
        groups.append(
            make_group(f"g-{i}", str(10000 + i), f"Firma {i}", cls, lead=rng.choice(CODES), assignments=tuple(assignments))
        )
    # g-0 took over two groups: "old-1" is gone (its contacts count for g-0), g-39 is live again
    # (a merge undone by hand): its contacts stay its own.
    merged = (
        MergedGroup("99001", "old-1", "2026-01-05T10:00:00", "ADM"),
        MergedGroup("10039", "g-39", "2026-01-05T10:00:00", "ADM"),
    )
    groups[0] = replace(groups[0], merged=merged)
    store.save_groups(groups)
    contacts = []
    for n in range(600):
        group = rng.choice([*groups[1:], groups[0], groups[0]])
        gid = "old-1" if group.id == "g-0" and n % 2 else group.id
        roles = [None] + [a.department for a in group.assignments]
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1060))
        follow = day + timedelta(days=rng.randrange(10, 200)) if rng.random() < 0.3 else None
        contacts.append(
            Contact(
                f"c-{n}",
                gid,
                day,
                rng.choice(CODES),
                rng.choice(OUTCOMES),
                "Telefon",
                rng.choice(FORMATS),
                department=rng.choice(roles),
                follow_up=follow,
                logged_at=f"{day.isoformat()}T{rng.randrange(8, 18):02d}:00:00",
                seq=rng.choice((0, n + 1)),  # entries from before save sequences existed, and after
            )
        )
    store.add_contacts(contacts)


def _answers(institute, as_of: date) -> dict:
    groups, contacts, config = institute.groups.values(), institute.contacts, institute.config
    found = {code: due_list(code, groups, contacts, config, as_of) for code in CODES}
    found |= {f"inactive {code}": inactive_groups(groups, contacts, config, as_of, code) for code in CODES}
    found |= {f"mine {code}": my_group_list(code, groups, contacts, config, as_of) for code in CODES}
    return found


def _advisor_answers(picture, code: str, as_of: date) -> dict:
    """What an advisor's own lists show, from their picture: `_answers`' entries for `code`
    (`_of`)."""
    groups, contacts, config = picture.groups.values(), picture.contacts, picture.config
    return {
        code: due_list(code, groups, contacts, config, as_of),
        f"inactive {code}": inactive_groups(groups, contacts, config, as_of, code),
        f"mine {code}": my_group_list(code, groups, contacts, config, as_of),
    }


def _of(expected: dict, code: str) -> dict:
    return {key: expected[key] for key in (code, f"inactive {code}", f"mine {code}")}


def _newest(institute) -> date:
    return max(c.date for items in institute.contacts.values() for c in items)


@pytest.fixture
def pg(postgres_url):
    store = create_backend(postgres_url, "ADM")
    _institute(store)
    yield store
    store.close()


def test_status_and_advisor_pictures_answer_as_the_whole_institute(pg, postgres_url):
    # A contact logged today for a past day: older than what the index holds for other keys.
    pg.log_contact(Contact("c-past", "g-1", date(2025, 2, 3), "MKR", "Gespräch geführt", "Telefon", "Jahresgespräch"))
    whole = open_backend(postgres_url, "ADM").load()
    status = open_backend(postgres_url, "ADM").load(scope="status")
    assert not status.complete and status.groups == whole.groups
    assert status.contact_count < whole.contact_count  # not the history
    for as_of in (_newest(status), TODAY, TODAY + timedelta(days=200)):
        expected = _answers(whole, as_of)
        assert _answers(status, as_of) == expected
        assert inactive_groups(status.groups.values(), status.contacts, status.config, as_of) == inactive_groups(
            whole.groups.values(), whole.contacts, whole.config, as_of
        )
        for code in CODES:
            mine = open_backend(postgres_url, "ADM").load(scope="status", advisor=code)
            assert set(mine.groups) < set(whole.groups)
            assert _advisor_answers(mine, code, as_of) == _of(expected, code)
    assert any(c.group == "old-1" for c in status.contacts["g-0"])  # a merged group's contacts count
    assert all(c.group == "g-39" for c in status.contacts["g-39"])


def test_master_reads_no_contacts_and_an_advisor_only_their_groups(pg, postgres_url):
    whole = pg.load()
    master = open_backend(postgres_url, "ADM").load(scope="master")
    assert master.contacts == {} and master.groups == whole.groups and master.advisors == whole.advisors
    mine = open_backend(postgres_url, "ADM").load(advisor="VKS")
    expected = {g.id for g in whole.groups.values() if g.lead == "VKS" or any(a.advisor == "VKS" for a in g.assignments)}
    assert set(mine.groups) == expected and not mine.complete
    assert {g: sorted(c.id for c in items) for g, items in mine.contacts.items()} == {
        g: sorted(c.id for c in whole.contacts[g]) for g in expected if g in whole.contacts
    }


def test_a_colleagues_status_picture_holds_of_a_cocared_group_only_their_departments(pg, postgres_url):
    # VKS co-cares for insurance (Versicherung) in groups others lead: their due list and
    # "Meine Verbünde" ask for that role only, so the lead's and other departments' entries
    # are not read; in the groups VKS leads every role's entries stay (the inactive list).
    whole = open_backend(postgres_url, "ADM").load(scope="status")
    mine = open_backend(postgres_url, "ADM").load(scope="status", advisor="VKS")
    cocared = [g for g in mine.groups.values() if g.lead != "VKS"]
    led = [g for g in mine.groups.values() if g.lead == "VKS"]
    assert cocared and led
    for group in cocared:
        held = {a.department for a in group.assignments if a.advisor == "VKS"}
        assert {c.role for c in mine.contacts.get(group.id, ())} <= held
    assert any({c.role for c in whole.contacts.get(g.id, ())} - {a.department for a in g.assignments if a.advisor == "VKS"}
               for g in cocared)  # fmt: skip
    for group in led:
        assert sorted(c.id for c in mine.contacts.get(group.id, ())) == sorted(c.id for c in whole.contacts.get(group.id, ()))
    for as_of in (_newest(whole), TODAY, TODAY + timedelta(days=200)):
        expected = _answers(open_backend(postgres_url, "ADM").load(), as_of)
        assert _advisor_answers(mine, "VKS", as_of) == _of(expected, "VKS")


def test_a_refresh_keeps_the_advisors_picture_scoped_and_correct(pg, postgres_url):
    mine = open_backend(postgres_url, "MKR")
    mine.load(scope="status", advisor="MKR")
    colleague = open_backend(postgres_url, "TLE")
    whole = colleague.load()
    theirs = next(g for g in whole.groups.values() if g.lead == "TLE" and not any(a.advisor == "MKR" for a in g.assignments))
    own = next(g for g in whole.groups.values() if g.lead == "MKR")
    assert mine.refresh() is None
    # Someone else's group changes, and a contact there: nothing of MKR's picture changed.
    colleague.log_contact(Contact("n-0", theirs.id, TODAY, "TLE", "Gespräch geführt", "Telefon", "Jahresgespräch"))
    assert mine.refresh() is None
    # A contact in MKR's group, a group handed to MKR and one handed away.
    colleague.log_contact(Contact("n-1", own.id, TODAY, "TLE", "Gespräch geführt", "Telefon", "Jahresgespräch"))
    colleague.update_group(theirs.id, lambda g: replace(g, lead="MKR"))
    other = next(g for g in whole.groups.values() if g.lead == "MKR" and g.id != own.id)
    colleague.update_group(other.id, lambda g: replace(g, lead="ORT", assignments=()))
    fresh = mine.refresh()
    assert fresh is not None and not fresh.complete
    assert theirs.id in fresh.groups and other.id not in fresh.groups
    assert all(g.lead == "MKR" or any(a.advisor == "MKR" for a in g.assignments) for g in fresh.groups.values())
    whole = colleague.load()
    for as_of in (TODAY, TODAY + timedelta(days=90)):
        assert due_list("MKR", fresh.groups.values(), fresh.contacts, fresh.config, as_of) == due_list(
            "MKR", whole.groups.values(), whole.contacts, whole.config, as_of
        )
        assert inactive_groups(fresh.groups.values(), fresh.contacts, fresh.config, as_of, "MKR") == inactive_groups(
            whole.groups.values(), whole.contacts, whole.config, as_of, "MKR"
        )
    assert any(c.id == "n-1" for c in fresh.contacts[own.id])


def test_the_status_query_walks_the_index(pg):
    # The plan, not the time: on 600 rows the planner would rather scan and sort, so that is
    # switched off; on an institute the index is what spares the sort of every contact.
    from model.store.postgres.reading import _STATUS

    pg._conn.execute("SET enable_seqscan = off")
    plan = "\n".join(r[0] for r in pg._conn.execute("EXPLAIN " + _STATUS.format(where="")))
    assert "contacts_status" in plan and "Sort" not in plan, plan


def test_a_store_of_schema_1_is_upgraded_to_the_index(postgres_url, capsys):
    from kontakt_tui.cli import main
    from model.store import StoreError

    store = create_backend(postgres_url, "ADM")
    # A database set up by the kontakt before this index (schema 1).
    store._conn.execute("DROP INDEX contacts_status, groups_lead, groups_assignments")
    store._conn.execute("DELETE FROM changes WHERE kind = 'sequence'")  # schema 3's counter
    store._conn.execute("DELETE FROM schema_version WHERE version IN (2, 3)")
    store.close()
    with pytest.raises(StoreError, match="kontakt db upgrade"):
        open_backend(postgres_url, "ADM")
    assert main(["--store", postgres_url, "db", "upgrade"]) == 0
    assert "Stand 3" in capsys.readouterr().out
    upgraded = open_backend(postgres_url, "ADM")
    names = {n for (n,) in upgraded._conn.execute("SELECT indexname FROM pg_indexes WHERE tablename IN ('contacts', 'groups')")}
    assert {"contacts_status", "groups_lead", "groups_assignments"} <= names
    assert upgraded._conn.execute("SELECT counter FROM changes WHERE kind = 'sequence'").fetchone() == (0,)
    upgraded.close()


def test_the_status_key_names_the_care_call_format():
    from model.store.postgres.reading import _STATUS

    migration = (Path(__file__).parents[2] / "model/store/postgres/migrations/0002_status_index.sql").read_text()
    assert f"= '{CARE_CALL_FORMAT}'" in _STATUS and f"= '{CARE_CALL_FORMAT}'" in migration

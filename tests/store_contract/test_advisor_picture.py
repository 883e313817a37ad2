"""An advisor's picture (`load(scope=…, advisor=…)`) on every backend: the advisor's groups
only, with due and inactive lists exactly as on the whole institute, and a refresh that keeps
it narrow and correct when a colleague writes (the folder store through the advisor's
digest, model/store/digest.py; PostgreSQL in SQL). The scenarios are those of
tests/unit/test_postgres_scoped.py, run here against both backends."""

from __future__ import annotations

from datetime import timedelta

from model.contacts.due import due_list, inactive_groups
from model.store.interface import open_backend, serves
from tests.unit.test_postgres_scoped import (
    CODES,
    TODAY,
    _advisor_answers,
    _answers,
    _institute,
    _newest,
    _of,
)
from tests.unit.test_postgres_scoped import (
    test_a_refresh_keeps_the_advisors_picture_scoped_and_correct as _refresh_scenario,
)


def test_every_advisors_picture_answers_as_the_whole_institute(backend, location):
    _institute(backend)
    whole = open_backend(location, "ADM").load()
    for as_of in (_newest(whole), TODAY, TODAY + timedelta(days=200)):
        expected = _answers(whole, as_of)
        for code in CODES:
            mine = open_backend(location, "ADM").load(scope="status", advisor=code)
            assert set(mine.groups) == {g.id for g in whole.groups.values() if serves(g, code)}
            assert not mine.complete
            assert _advisor_answers(mine, code, as_of) == _of(expected, code)
            master = open_backend(location, "ADM").load(scope="master", advisor=code)
            assert master.groups == mine.groups and master.contacts == {}
    merged_in = open_backend(location, "ADM").load(scope="status", advisor=whole.groups["g-0"].lead)
    assert any(c.group == "old-1" for c in merged_in.contacts["g-0"])  # a merged group's contacts count


def test_a_refresh_keeps_the_advisors_picture_narrow_and_correct(backend, location):
    _institute(backend)
    _refresh_scenario(backend, location)

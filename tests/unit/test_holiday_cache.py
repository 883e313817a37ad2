"""The holiday tables kept in the user's cache folder (kontakt_tui/holiday_cache.py)."""

import json
from datetime import date

import pytest

from kontakt_tui import holiday_cache
from model.german import workdays
from model.german.workdays import STATES, holiday_name, to_working_day


@pytest.fixture
def library_calls(monkeypatch):
    """The library's tables, counted; and the cache installed for the test only."""
    calls = []
    real = workdays.library_table

    def counting(state, year):
        calls.append((state, year))
        return real(state, year)

    monkeypatch.setattr(workdays, "library_table", counting)
    holiday_cache.install()
    yield calls
    workdays.use_table_source(None)


def _file(tmp_path):
    return tmp_path / "cache" / holiday_cache.FILE


def test_every_state_comes_back_from_the_file_as_the_library_built_it(library_calls, monkeypatch):
    # 2025: Berlin's longest name (103 characters); 2028: a leap year
    built = {(s, y): workdays.library_table(s, y) for s in STATES for y in (2025, 2026, 2028)}
    library_calls.clear()
    for (state, year), table in built.items():
        assert holiday_cache.table(state, year) == table
    assert len(library_calls) == len(built)  # the first time each is built by the library
    library_calls.clear()
    for (state, year), table in built.items():
        assert holiday_cache.table(state, year) == table
    assert library_calls == []


def test_a_later_process_asks_no_library(library_calls, tmp_path):
    assert to_working_day(date(2026, 4, 3), "HE").reason == "Karfreitag (Feiertag) → verschoben auf Dienstag, 07.04.2026"
    assert library_calls == [("HE", 2026)]
    workdays.use_table_source(None)
    holiday_cache.install()  # a new process: nothing in memory, the file is there
    library_calls.clear()
    assert holiday_name(date(2026, 10, 3), "HE") == "Tag der Deutschen Einheit"
    assert to_working_day(date(2026, 12, 25), "HE").day == date(2026, 12, 28)
    assert library_calls == []


def test_another_library_version_builds_the_tables_anew(library_calls, tmp_path, monkeypatch):
    holiday_cache.table("BY", 2026)
    monkeypatch.setattr(holiday_cache, "library_key", lambda: "1-deadbeef-99")
    library_calls.clear()
    assert holiday_cache.table("BY", 2026)[date(2026, 6, 4)] == "Fronleichnam"
    assert library_calls == [("BY", 2026)]
    assert json.loads(_file(tmp_path).read_text(encoding="utf-8"))["key"] == "1-deadbeef-99"


BAD_TABLES = [
    {"2027-01-01": "Neujahr"},  # a date outside its year
    {"2026-13-01": "Neujahr"},
    {"2026-01-01": "\x1b]0;x\x07Neujahr"},  # an escape sequence
    {"2026-01-01": "Neujahr\n"},
    {"2026-01-01": "[/]Neujahr"},  # Rich markup
    {"2026-01-01": "Neujahr\u200b"},  # an invisible character
    {"2026-01-01": "N" * 201},
    {"2026-01-01": 1},
    {},
    ["2026-01-01"],
]


@pytest.mark.parametrize("bad", BAD_TABLES)
def test_an_odd_table_is_asked_of_the_library_again(library_calls, tmp_path, bad):
    path = _file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"key": holiday_cache.library_key(), "tables": {"HE-2026": bad}}), encoding="utf-8")
    assert holiday_name(date(2026, 1, 1), "HE") == "Neujahr"
    assert holiday_name(date(2026, 1, 2), "HE") is None
    assert library_calls == [("HE", 2026)]
    stored = json.loads(path.read_text(encoding="utf-8"))["tables"]["HE-2026"]
    assert stored == {d.isoformat(): n for d, n in sorted(workdays.library_table("HE", 2026).items())}


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe", b"[]", b'{"key": 1}', b'{"tables": []}'])
def test_a_damaged_file_is_written_anew(library_calls, tmp_path, content):
    path = _file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert holiday_name(date(2026, 5, 1), "NW") == "Erster Mai"
    assert library_calls == [("NW", 2026)]
    assert "NW-2026" in json.loads(path.read_text(encoding="utf-8"))["tables"]


def test_a_cache_that_cannot_be_written_is_skipped(library_calls, tmp_path):
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    assert holiday_name(date(2026, 10, 31), "SN") == "Reformationstag"
    assert library_calls == [("SN", 2026)]
    assert list(tmp_path.glob("**/.holidays*.tmp")) == []


def test_the_newest_tables_are_kept(library_calls, tmp_path):
    for year in range(2000, 2000 + holiday_cache.KEEP + 6):
        holiday_cache.table("HE", year)
    tables = json.loads(_file(tmp_path).read_text(encoding="utf-8"))["tables"]
    assert len(tables) == holiday_cache.KEEP
    assert "HE-2005" not in tables and "HE-2006" in tables and f"HE-{2000 + holiday_cache.KEEP + 5}" in tables
    library_calls.clear()
    holiday_cache.table("HE", 2003)  # asked again: built again and kept as the newest
    assert library_calls == [("HE", 2003)]
    assert list(json.loads(_file(tmp_path).read_text(encoding="utf-8"))["tables"])[-1] == "HE-2003"

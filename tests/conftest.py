"""Shared fixtures: a small hand-built store in a temporary folder, with a fixed as-of date."""

from datetime import date
from pathlib import Path

import pytest

from model.entities import (
    Advisor,
    Assignment,
    Casting,
    Contact,
    ContactPerson,
    Customer,
    Group,
)
from model.store import Store

AS_OF = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def local_settings(tmp_path, monkeypatch):
    """No test reads or writes the user's real settings, cache or documents folder: the local
    settings file and the cache folder are temporary ones, and exports go to the current
    folder unless a test chooses another (tests chdir to a temporary folder before exporting)."""
    from kontakt_tui import holiday_cache, settings

    monkeypatch.setenv(settings.LOCAL_ENV, str(tmp_path / "local-settings.json"))
    monkeypatch.setenv(holiday_cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(settings, "default_export_folder", lambda: Path.cwd())


def make_group(gid: str, number: str, name: str, cls: str | None, lead: str = "MKR", **extra) -> Group:
    castings = (Casting(f"cast-{gid}", date(2026, 2, 1), "Firmenkunden", 1, (), 0, cls, lead),) if cls else ()
    return Group(gid, number, name, "Firmenkunden", lead, castings=castings, **extra)


@pytest.fixture
def small_store(tmp_path) -> Store:
    """Two lead advisors and a colleague; MKR has one overdue, one never contacted, one due
    within 14 days and one far in the future; VKS cares for one group for Versicherung."""
    store = Store.create(tmp_path / "store", "ADM")
    store.save_advisors(
        [
            Advisor("MKR", "Martina Kraus"),
            Advisor("TLE", "Thomas Lenz", role="Teamleiter"),
            Advisor("VKS", "Vera Kessler", department="Versicherung"),
        ]
    )
    versicherung = Assignment("as-1", "Versicherung", "VKS", 1.0, date(2025, 1, 1))
    store.save_groups(
        [
            make_group(
                "g-1",
                "10001",
                "Bäckerei Huber GmbH",
                "A",
                customers=(Customer("4711", "Bäckerei Huber GmbH"), Customer("4712", "Huber, Anna")),
                persons=(
                    ContactPerson("p-1", "Anna Huber", "Geschäftsführerin", "06195 123456", "anna@huber.de"),
                    ContactPerson("p-2", "Klaus Berg", "Steuerberater", "069 987654", "berg@stb-berg.de"),
                ),
                assignments=(versicherung,),
            ),
            make_group("g-2", "10002", "Autohaus Krämer KG", "B"),
            make_group("g-3", "10003", "Schreinerei Vogt", "C"),
            make_group("g-4", "10004", "Metallbau Seitz GmbH", "D"),
            make_group("g-5", "10005", "Praxis Dr. Lang", "A", lead="TLE"),
        ]
    )
    store.add_contacts(
        [
            Contact("c-1", "g-1", date(2026, 6, 1), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch"),
            Contact("c-2", "g-2", date(2026, 6, 1), "MKR", "Gespräch geführt", "Telefon", follow_up=date(2026, 12, 5)),
            Contact("c-3", "g-4", date(2026, 1, 10), "MKR", "Gespräch geführt", "Telefon"),
            Contact("c-4", "g-5", date(2026, 11, 1), "TLE", "Termin vereinbart", "Telefon"),
        ]
    )
    return store


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster for the whole session (skipped without server binaries)."""
    from tests.postgres_server import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of a fresh empty database, dropped after the test."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)

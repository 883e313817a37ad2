"""The same commands give the same answers on both backends: a demo institute in a folder is
migrated to PostgreSQL, every reading command runs on both and the outputs are compared
character for character; then the same writes go to both and the answers are compared again.
(Ids and numbers are the demo's own on both sides: migrate copies them.) JSON answers are
compared as JSON: an object's keys have no order there, and PostgreSQL's jsonb keeps none."""

from __future__ import annotations

import json

import pytest

from kontakt_tui.cli import main

AS_OF = "27.11.2026"

READS = [
    ("KBA", ["due", "--as-of", AS_OF, "--json"]),
    ("KBA", ["due", "--as-of", AS_OF, "--days", "30"]),
    ("KBA", ["inactive", "--as-of", AS_OF, "--json"]),
    ("MKR", ["inactive", "--as-of", AS_OF, "--all", "--json"]),
    ("KBA", ["contacts", "--json"]),
    ("KBA", ["report", "--as-of", AS_OF, "--groups", "--json"]),
    ("KBA", ["report", "--as-of", "15.06.2024", "--json"]),  # a replayed day: every year read
    ("MKR", ["report", "--as-of", AS_OF, "--all", "--json"]),
    ("MKR", ["casting", "--json"]),
    ("KBA", ["review", "--as-of", AS_OF, "--json"]),
    ("MKR", ["capacity", "--as-of", AS_OF, "--json"]),
    ("MKR", ["departments", "--as-of", AS_OF, "--json"]),
    ("MKR", ["carecalls", "--as-of", AS_OF, "--json"]),
    ("KBA", ["find", "Bauer", "--json"]),
    ("MKR", ["plan", "--as-of", AS_OF, "--actual", "--json"]),
    ("ADM", ["staff", "list"]),
    ("VKO", ["due", "--as-of", AS_OF, "--json"]),  # a co-carer of the Versicherung
    ("MKR", ["casting"]),
    ("KBA", ["audit", "10003"]),  # field by field, in words
    ("KBA", ["audit", "10003", "--json"]),
    ("ADM", ["config", "show"]),
    ("KBA", ["callparty", "next"]),
    ("KBA", ["callparty", "queue"]),
]


def run(capsys, location: str, user: str, args: list[str]) -> tuple[int, str, str]:
    code = main(["--store", location, "--user", user, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def twins(tmp_path, postgres_url, capsys):
    folder = str(tmp_path / "ordner")
    assert main(["--store", folder, "demo", "--groups", "60", "--as-of", AS_OF]) == 0
    assert main(["migrate", "--from", folder, "--to", postgres_url]) == 0
    capsys.readouterr()
    return folder, postgres_url


def assert_same(capsys, twins, user, args):
    folder, database = twins
    on_folder = run(capsys, folder, user, args)
    on_database = run(capsys, database, user, args)
    assert on_folder[0] == 0, (args, on_folder[2])
    if "--json" in args:
        on_folder = (on_folder[0], json.loads(on_folder[1]), on_folder[2])
        on_database = (on_database[0], json.loads(on_database[1]), on_database[2])
    assert on_database == on_folder, args


@pytest.mark.slow
def test_every_reading_command_answers_the_same_on_both(twins, capsys):
    for user, args in READS:
        assert_same(capsys, twins, user, args)


@pytest.mark.slow
def test_the_same_writes_leave_both_giving_the_same_answers(twins, capsys):
    folder, _ = twins
    code, out, _ = run(capsys, folder, "KBA", ["due", "--as-of", AS_OF, "--json"])
    first = json.loads(out)[0]["group"]
    code, out, _ = run(capsys, folder, "JSC", ["due", "--as-of", AS_OF, "--json"])
    colleagues = json.loads(out)[0]["group"]  # not the team lead's own: outside a narrow picture
    writes = [
        ("MKR", ["log", colleagues, "--outcome", "Gespräch geführt", "--date", AS_OF, "--channel", "Telefon"]),
        ("KBA", ["log", first, "--outcome", "nicht erreicht", "--date", AS_OF]),
        ("KBA", ["log", first, "--outcome", "Gespräch geführt", "--date", AS_OF, "--follow-up", "15.01.2027"]),
    ]
    for user, args in writes:
        assert_same(capsys, twins, user, args)
    for user, args in READS[:5]:
        assert_same(capsys, twins, user, args)


def loads_asked(monkeypatch, backend, keyword: str) -> list:
    """Every `backend.load` call's `keyword` argument, in order, while the test runs."""
    asked = []
    real = backend.load

    def load(self, *args, **kwargs):
        asked.append(kwargs.get(keyword))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(backend, "load", load)
    return asked


@pytest.mark.slow
def test_own_commands_read_the_users_groups_and_still_answer_for_a_colleagues(twins, capsys, monkeypatch):
    """`report`, `contacts`, `review` and `callparty` ask the database for the user's
    groups only; a colleague's group asked for by number is read after all (its history
    complete)."""
    from model.store.postgres import PostgresStore

    folder, _ = twins
    code, out, _ = run(capsys, folder, "JSC", ["contacts", "--json"])
    colleagues = json.loads(out)[0]["group"]  # a group of JSC's with contacts
    asked = loads_asked(monkeypatch, PostgresStore, "advisor")
    for args in (
        ["report", "--as-of", AS_OF, "--json"],
        ["review", "--as-of", AS_OF, "--json"],
        ["contacts", "--json"],
        ["callparty", "queue", "--as-of", AS_OF, "--json"],
        ["callparty", "next", "--as-of", AS_OF, "--json"],  # the configuration only
    ):
        asked.clear()
        assert_same(capsys, twins, "KBA", args)
        assert asked == ["KBA"], args
    asked.clear()
    assert_same(capsys, twins, "KBA", ["contacts", colleagues, "--json"])
    assert asked == ["KBA", None]
    code, out, _ = run(capsys, folder, "KBA", ["contacts", colleagues, "--json"])
    assert json.loads(out)


@pytest.mark.slow
def test_report_leaves_closed_years_unread_in_the_folder_store(twins, capsys, monkeypatch):
    """The report's period is the last twelve months: the folder store reads the open years
    (2025 on, for 27.11.2026) and the older status entries, and answers as before."""
    from model.store import Store

    asked = loads_asked(monkeypatch, Store, "since")
    assert_same(capsys, twins, "KBA", ["report", "--as-of", AS_OF, "--groups", "--json"])
    assert asked == [2025]
    asked.clear()
    assert_same(capsys, twins, "KBA", ["report", "--as-of", "15.06.2024", "--json"])
    assert asked == [2023, None]  # contacts after that day: the whole store after all


@pytest.mark.slow
def test_log_of_an_own_group_on_a_database_reads_no_picture(twins, capsys, monkeypatch):
    """`kontakt log` reads the group by its number and, after the save, its status entries:
    a co-carer of 13,546 groups logged in 1.7 s instead of 6.5 s (docs/benchmarks.md)."""
    from model.store.postgres import PostgresStore

    folder, database = twins
    code, out, _ = run(capsys, folder, "VKO", ["due", "--as-of", AS_OF, "--json"])
    cocared = json.loads(out)[0]["group"]
    asked = loads_asked(monkeypatch, PostgresStore, "scope")
    code, out, err = run(capsys, database, "VKO", ["log", cocared, "--outcome", "Gespräch geführt", "--date", AS_OF])
    assert code == 0, err
    assert asked == [], asked
    assert "(Versicherung) gespeichert. Nächster Kontakt fällig: " in out and "nicht ermittelt" not in out, out


@pytest.mark.slow
def test_carecalls_leave_closed_years_unread(twins, capsys, monkeypatch):
    """The care-call list and its dispatch export ask for one week's consultations: the
    closed years are not read when the week lies in the open ones (both backends alike)."""
    from model.store import Store

    asked = loads_asked(monkeypatch, Store, "since")
    assert_same(capsys, twins, "MKR", ["carecalls", "--as-of", AS_OF, "--json"])
    assert asked == [2025]
    assert json.loads(run(capsys, twins[0], "MKR", ["carecalls", "--as-of", AS_OF, "--json"])[1])["groups"]
    asked.clear()
    assert_same(capsys, twins, "MKR", ["carecalls", "--as-of", AS_OF, "--week", "2024-W10", "--json"])
    assert asked == [None]  # a closed year's week: every year


@pytest.mark.slow
@pytest.mark.parametrize(
    "user, args",
    [
        ("KBA", ["report", "--as-of", AS_OF, "--groups", "--json"]),
        ("MKR", ["report", "--as-of", AS_OF, "--all", "--json"]),
        ("MKR", ["departments", "--as-of", AS_OF, "--json"]),
        ("MKR", ["departments", "--as-of", "15.02.2026", "--period", "quarter", "--json"]),
        ("MKR", ["plan", "--as-of", AS_OF, "--actual", "--json"]),
        ("MKR", ["capacity", "--as-of", AS_OF, "--json"]),
        ("MKR", ["casting", "--json"]),
        ("KBA", ["find", "Bauer", "--json"]),
        ("MKR", ["carecalls", "--as-of", AS_OF, "--json"]),
        ("MKR", ["carecalls", "--as-of", AS_OF, "--week", "2025-W10", "--json"]),
    ],
)
def test_commands_reading_less_answer_as_on_the_whole_store(twins, capsys, monkeypatch, user, args):
    """What the folder store leaves unread (closed years; any contacts for `capacity`,
    `casting` and `find`) changes no answer: each output equals the one from every year."""
    from model.store import Store

    folder, _ = twins
    lean = run(capsys, folder, user, args)
    real = Store.load
    monkeypatch.setattr(Store, "load", lambda self, *a, **k: real(self, *a, **(k | {"since": None, "scope": None})))
    whole = run(capsys, folder, user, args)
    assert lean[0] == 0, lean[2]
    assert json.loads(lean[1]) == json.loads(whole[1])

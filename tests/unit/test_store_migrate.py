"""`kontakt migrate`: a demo store goes to PostgreSQL and back without a difference."""

import pytest

from kontakt_tui.cli import main
from model.store import Store
from model.store.migrate import differences, snapshot


@pytest.mark.slow
def test_round_trip_folder_to_database_and_back(tmp_path, postgres_url, capsys):
    source, back = tmp_path / "quelle", tmp_path / "zurueck"
    assert main(["--store", str(source), "demo", "--groups", "40"]) == 0
    assert main(["migrate", "--from", str(source), "--to", postgres_url]) == 0
    assert "keine Abweichung" in capsys.readouterr().out
    assert main(["migrate", "--from", postgres_url, "--to", str(back)]) == 0
    before, after = snapshot(Store.open(source, "ADM")), snapshot(Store.open(back, "ADM"))
    assert before.counts() == after.counts() and before.counts()["Verbünde"] == 40
    assert differences(before, after) == []
    # The database answers the same commands as the folder.
    assert main(["--store", postgres_url, "--user", "MKR", "due", "--json"]) == 0


def test_differences_name_the_record(tmp_path):
    store = Store.create(tmp_path / "s", "ADM")
    a = snapshot(store)
    b = snapshot(store)
    b.groups["g1"] = {"id": "g1"}
    b.audit.append({"at": "2026"})
    assert differences(a, b) == ["Verbund g1 ist im Ziel zu viel", "Protokoll: 0 Einträge in der Quelle, 1 im Ziel"]


def test_migrate_refuses_a_target_that_is_a_store(tmp_path, capsys):
    Store.create(tmp_path / "a", "ADM")
    Store.create(tmp_path / "b", "ADM")
    assert main(["migrate", "--from", str(tmp_path / "a"), "--to", str(tmp_path / "b")]) == 2
    assert "bereits einen kontakt-Speicher" in capsys.readouterr().err

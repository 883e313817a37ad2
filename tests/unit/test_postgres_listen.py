"""`PostgresStore.wait_for_change`: the server tells a waiting reader of each committed write
(LISTEN/NOTIFY), not of rolled-back ones, and a lost connection is said and reopened."""

import time

import pytest

from model.entities import Advisor
from model.store import StoreError
from model.store.interface import create_backend, open_backend
from tests.conftest import make_group


def test_a_reader_waits_for_a_write_and_no_longer(postgres_url):
    store = create_backend(postgres_url, "ADM")
    reader = open_backend(postgres_url, "MKR")
    assert reader.wait_for_change(0.1) is True  # listening from now: refresh once
    started = time.monotonic()
    assert reader.wait_for_change(0.2) is False
    assert 0.15 < time.monotonic() - started < 1.0
    store.save_advisors([Advisor("MKR", "Martina Kraus")])
    store.save_groups([make_group("g-1", "10001", "Alpha GmbH", "A")])
    assert reader.wait_for_change(2.0) is True
    while reader.wait_for_change(0.3):
        pass  # the second write, unless it came with the first
    with store._conn.transaction():  # one commit, several kinds: one change for the reader
        store._bump("groups")
        store._bump("contacts")
    assert reader.wait_for_change(2.0) is True
    assert reader.wait_for_change(0.1) is False
    with pytest.raises(RuntimeError), store._conn.transaction():
        store._bump("groups")
        raise RuntimeError("rolled back")
    assert reader.wait_for_change(0.3) is False
    store.close()
    reader.close()


def test_a_lost_listening_connection_is_said_and_reopened(postgres_url):
    store = create_backend(postgres_url, "ADM")
    reader = open_backend(postgres_url, "MKR")
    reader.wait_for_change(0)
    pid = reader._listener.info.backend_pid
    store._conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StoreError, match="Änderungsmeldungen"):
        reader.wait_for_change(2.0)
    assert reader.wait_for_change(0) is True  # reconnected; what was missed is read by a refresh
    store.save_groups([make_group("g-1", "10001", "Alpha GmbH", "A")])
    assert reader.wait_for_change(2.0) is True
    store.close()
    reader.close()

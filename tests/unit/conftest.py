"""Fixtures of the store's unit tests."""

import pytest

from model.store import digest


@pytest.fixture
def counted(monkeypatch):
    """How many groups and status shards were read from the share (not from the digest)."""
    reads = {"master": 0, "status": 0}
    master, stat = digest._master_part, digest._status_part

    def master_part(*args):
        reads["master"] += 1
        return master(*args)

    def status_part(*args):
        reads["status"] += 1
        return stat(*args)

    monkeypatch.setattr(digest, "_master_part", master_part)
    monkeypatch.setattr(digest, "_status_part", status_part)
    return reads

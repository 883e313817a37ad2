"""A mini soak (benchmarks/soak.py): two advisors on two PCs, one killed and one paused past
the lease while holding a lock, two importers racing, an erase during the writes; afterwards
every acknowledged write and its audit line is there, the ack counters of the killed worker
have no gap, and `kontakt doctor` is clean. The shortened lease has a slow twin with the
shipped 30 s."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX signals")]


def soak(tmp_path: Path, *args: str, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "soak.py"), "--processes", "2", "--kills", "1", "--pauses", "1",
         "--store", str(tmp_path / "soak"), *args],
        capture_output=True, text=True, env=env, timeout=timeout, cwd=PROJECT,
    )  # fmt: skip
    figures = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return figures


def check(figures: dict) -> None:
    assert figures["kills"] == 1 and figures["pauses"] == 1
    assert figures["pause_seconds"] > figures["lease_s"]
    assert figures["losses"] == 0 and figures["missing_audit_lines"] == 0 and figures["ack_counter_gaps"] == 0
    assert figures["acknowledged_writes"] > 50
    assert figures["worker_runs"] == 3  # the killed worker's log counts too
    assert figures["import_rounds"] >= 1 and figures["erase_exit_codes"][-1] == 0
    assert figures["doctor_exit"] == 0 and figures["doctor_errors"] == 0


def test_mini_soak_with_a_shortened_lease(tmp_path):
    check(soak(tmp_path, "--minutes", "0.5", "--lease", "3", timeout=120))


def test_mini_soak_with_the_shipped_lease(tmp_path):
    figures = soak(tmp_path, "--minutes", "1.5", timeout=400)
    assert figures["lease_s"] == 30.0
    check(figures)

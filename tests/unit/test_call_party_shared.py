"""Two PCs work one call party at once: two processes record outcomes for different advisors
into the same session through `Store.update_collection`; afterwards every outcome is there
(outcomes merge by group on the freshly read record, nobody overwrites a colleague)."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from model.campaigns import call_party as cp
from model.store import Store

ROOT = Path(__file__).resolve().parents[2]
CALLS = 12

WORKER = """
import sys
from datetime import datetime
from model.campaigns import call_party as cp
from model.store import Store

root, advisor, session_id = sys.argv[1:4]
store = Store.open(root, advisor)
outcomes = cp.OUTCOMES
for n in range(int(sys.argv[4])):
    group = f"{advisor}-{n}"
    outcome = outcomes[n % 4]
    when = "2026-12-10T10:00" if outcome == cp.APPOINTMENT else "2027-01-12" if outcome == cp.FOLLOW_UP else ""
    store.update_collection(
        cp.COLLECTION,
        lambda records: cp.record_outcome(records, session_id, group, outcome, advisor, datetime(2026, 12, 8, 9, n), when),
    )
"""


def test_two_processes_record_into_one_session(tmp_path):
    store = Store.create(tmp_path / "store", "TLE")
    queues = {advisor: [f"{advisor}-{n}" for n in range(CALLS)] for advisor in ("MKR", "VKS")}
    start = datetime(2026, 12, 8, 9, 0)
    session = cp.new_session("s-1", "TLE", start, 75, queues)
    store.update_collection(cp.COLLECTION, lambda records: cp.start_session(records, session, start))

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store.root), advisor, "s-1", str(CALLS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for advisor in queues
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err

    (stored,) = Store.open(store.root, "TLE").read_collection(cp.COLLECTION)
    assert set(stored["outcomes"]) == {g for ids in queues.values() for g in ids}
    summary = cp.summarize(stored)
    assert [(t.advisor, t.calls, t.meetings, t.follow_ups) for t in summary.advisors] == [
        ("MKR", CALLS, CALLS // 4, CALLS // 4), ("VKS", CALLS, CALLS // 4, CALLS // 4),
    ]  # fmt: skip
    assert summary.team.calls == 2 * CALLS

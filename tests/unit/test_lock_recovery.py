"""Locks that recover (issue 11): a holder on ANOTHER PC that crashed (SIGKILL) or sleeps
(SIGSTOP, laptop lid) is taken over once the waiter has seen its marker unchanged for the
lease — an observation that survives the waiter's attempts and commands, so a user who
retries after the lease gets in. A holder that wakes up afterwards never overwrites newer
data. A holder with a skewed clock that is alive is never taken over.

The second PC is a second host identity: `KONTAKT_HOST` (works everywhere) and, where the
machine allows it, a real second host name through `unshare -u`. Tests with a shortened
lease have a slow twin with the shipped 30 s lease and 20 s wait.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import model.store.transaction as transaction_mod
from model.store import ConflictError, Store, StoreBusyError
from model.store.files import read_document
from model.store.transaction import lock_path, transaction
from tests.unit.test_store import PROJECT, store  # noqa: F401 - fixture

PYTHON = sys.executable

# A holder: takes the lock on a contacts file inside a real transaction, says "ready", then
# waits for "go" and inserts a record (or dies: the test SIGKILLs or SIGSTOPs it).
HOLDER = """
import os, sys, time
from pathlib import Path
sys.path.insert(0, {project!r})
import model.store.transaction as t
t.LEASE_SECONDS = {lease!r}
path, lock, ready, go, out = Path({path!r}), Path({lock!r}), Path({ready!r}), Path({go!r}), Path({out!r})
{skew}
try:
    with t.transaction(path, "contacts", lock, timeout=5, user="MKR") as db:
        ready.write_text(str(os.getpid()))
        while not go.exists():
            time.sleep(0.02)
        db.table("contacts").insert({{"id": "from-the-sleeper", "group": "g", "date": "2026-03-02", "by": "MKR", "outcome": "erreicht"}})
    out.write_text("written")
except Exception as exc:
    out.write_text(type(exc).__name__ + ": " + str(exc))
"""

# A clock 1 h behind: every refresh of the marker stamps it an hour in the past.
SKEW = """
_utime = os.utime
os.utime = lambda p, times=None, **kw: _utime(p, (time.time() - 3600, time.time() - 3600), **kw)
"""

# The CLI as a new process with a given lease (the shipped one unless shortened).
CLI = """
import sys
sys.path.insert(0, {project!r})
import model.store.transaction as t
t.LEASE_SECONDS = {lease!r}
t.LOCK_TIMEOUT = {timeout!r}
from kontakt_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    try:
        done = subprocess.run(["unshare", "-u", "sh", "-c", "hostname pc-zwei && hostname"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == b"pc-zwei"


class Holder:
    def __init__(
        self, tmp_path: Path, store: Store, lease: float, host: str = "PC-ZWEI", unshare: bool = False, skew: bool = False
    ):
        self.path = store.contacts_path(2026, "MKR")
        self.lock = lock_path(store.root / "locks", self.path.relative_to(store.root).as_posix())
        self.ready, self.go, self.out = tmp_path / "ready", tmp_path / "go", tmp_path / "out"
        code = HOLDER.format(
            project=str(PROJECT), lease=lease, path=str(self.path), lock=str(self.lock),
            ready=str(self.ready), go=str(self.go), out=str(self.out), skew=SKEW if skew else "",
        )  # fmt: skip
        env = dict(os.environ)
        if unshare:
            env.pop("KONTAKT_HOST", None)
            argv = ["unshare", "-u", "sh", "-c", f'hostname {host} && exec "$0" -c "$1"', PYTHON, code]
        else:
            env["KONTAKT_HOST"] = host
            argv = [PYTHON, "-c", code]
        self.proc = subprocess.Popen(argv, env=env)
        deadline = time.monotonic() + 20
        while not self.ready.exists():
            assert self.proc.poll() is None, "holder died before taking the lock"
            assert time.monotonic() < deadline, "holder did not take the lock"
            time.sleep(0.02)
        time.sleep(0.1)

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGSTOP)

    def wake_and_write(self) -> str:
        self.go.write_text("go")
        os.kill(self.proc.pid, signal.SIGCONT)
        self.proc.wait(timeout=20)
        return self.out.read_text()

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def holders():
    made: list[Holder] = []
    yield made
    for h in made:
        h.cleanup()


def cli(store: Store, lease: float, timeout: float, *args: str, user: str = "MKR") -> subprocess.CompletedProcess:
    code = CLI.format(project=str(PROJECT), lease=lease, timeout=timeout)
    env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_HOST", "KONTAKT_STORE", "KONTAKT_USER")}
    argv = [PYTHON, "-c", code, "--store", str(store.root), "--user", user, *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


def log(store: Store, lease: float, timeout: float, note: str) -> subprocess.CompletedProcess:
    return cli(store, lease, timeout, "log", "10001", "--outcome", "Gespräch geführt", "--date", "2026-11-20", "--note", note)


def notes(store: Store) -> list[str]:
    doc = read_document(store.contacts_path(2026, "MKR"), "contacts")
    return [c.get("note", "") for c in doc["contacts"].values()]


def audited(store: Store, note: str) -> bool:
    from model.store import audit

    return any((e.get("after") or {}).get("note") == note for e in audit.entries(store.root))


# ---- crashed holder on another PC, retried by the user in new commands ------------------------


def _crashed_holder_then_retries(small_store, tmp_path, holders, lease: float, timeout: float, unshare: bool = False):
    holder = Holder(tmp_path, small_store, lease, unshare=unshare)
    holders.append(holder)
    holder.kill()
    assert holder.lock.exists(), "the killed holder left its marker"
    started = time.monotonic()
    first = log(small_store, lease, timeout, "erster Versuch")
    assert first.returncode == 2, first.stderr
    assert "gesperrt von MKR auf PC-ZWEI" in first.stderr or "gesperrt von MKR auf pc-zwei" in first.stderr
    assert "Traceback" not in first.stderr
    second = log(small_store, lease, timeout, "zweiter Versuch")
    took = time.monotonic() - started
    assert second.returncode == 0, second.stderr
    assert "zweiter Versuch" in notes(small_store) and "erster Versuch" not in notes(small_store)
    assert audited(small_store, "zweiter Versuch")
    # not before the lease had run out on the waiter's clock, and not much later
    assert lease <= took < lease + timeout + 15
    assert not list((small_store.root / "locks").glob("*.seen-*")), "the observation is removed once taken"


def contact(contact_id: str) -> dict:
    """A complete contact record: the store checks every record it reads back."""
    return {"id": contact_id, "group": "g", "date": "2026-03-02", "by": "MKR", "outcome": "erreicht"}


def test_crashed_holder_on_other_pc_is_taken_over_when_the_user_retries(small_store, tmp_path, holders):
    _crashed_holder_then_retries(small_store, tmp_path, holders, lease=3.0, timeout=2.0)


@pytest.mark.slow
def test_crashed_holder_on_other_pc_shipped_lease(small_store, tmp_path, holders):
    _crashed_holder_then_retries(small_store, tmp_path, holders, transaction_mod.LEASE_SECONDS, transaction_mod.LOCK_TIMEOUT)


@pytest.mark.skipif(not _unshare_works(), reason="unshare -u not permitted here")
def test_crashed_holder_with_real_other_host_name(small_store, tmp_path, holders):
    _crashed_holder_then_retries(small_store, tmp_path, holders, lease=3.0, timeout=2.0, unshare=True)


# ---- paused holder: taken over, and its late write is fenced off -------------------------------


def _paused_holder(small_store, tmp_path, holders, lease: float, timeout: float):
    holder = Holder(tmp_path, small_store, lease)
    holders.append(holder)
    holder.stop()
    deadline = time.monotonic() + lease + 3 * timeout + 10
    while True:
        done = log(small_store, lease, timeout, "während der Pause")
        if done.returncode == 0 or time.monotonic() > deadline:
            break
    assert done.returncode == 0, done.stderr
    result = holder.wake_and_write()
    assert result.startswith("ConflictError"), result
    assert "nichts wurde überschrieben" in result
    assert "während der Pause" in notes(small_store)
    ids = [c["id"] for c in read_document(small_store.contacts_path(2026, "MKR"), "contacts")["contacts"].values()]
    assert "from-the-sleeper" not in ids


def test_paused_holder_is_taken_over_and_cannot_overwrite_later(small_store, tmp_path, holders):
    _paused_holder(small_store, tmp_path, holders, lease=3.0, timeout=2.0)


@pytest.mark.slow
def test_paused_holder_shipped_lease(small_store, tmp_path, holders):
    _paused_holder(small_store, tmp_path, holders, transaction_mod.LEASE_SECONDS, transaction_mod.LOCK_TIMEOUT)


# ---- a live holder with a skewed clock is never taken over ----------------------------------------


def test_live_holder_with_clock_an_hour_behind_is_not_taken_over(small_store, tmp_path, holders, monkeypatch):
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.5)
    holder = Holder(tmp_path, small_store, 1.5, skew=True)
    holders.append(holder)
    time.sleep(1.0)  # its first refresh (a third of the lease) stamps the skewed time
    assert time.time() - holder.lock.stat().st_mtime > 3000  # its marker looks an hour old
    with pytest.raises(StoreBusyError):
        with transaction(holder.path, "contacts", holder.lock, timeout=4.0) as db:
            db.table("contacts").insert(contact("intruder"))
    assert holder.wake_and_write() == "written"
    ids = [c["id"] for c in read_document(holder.path, "contacts")["contacts"].values()]
    assert "from-the-sleeper" in ids and "intruder" not in ids


def test_dead_holder_with_clock_an_hour_ahead_waits_for_the_lease(small_store, tmp_path, holders, monkeypatch):
    """A marker stamped an hour in the future (holder's clock fast) is taken over after the
    lease as seen here — neither never nor at once."""
    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.5)
    holder = Holder(tmp_path, small_store, 1.5)
    holders.append(holder)
    holder.kill()
    future = time.time() + 3600
    os.utime(holder.lock, (future, future))
    started = time.monotonic()
    with transaction(holder.path, "contacts", holder.lock, timeout=5.0) as db:
        db.table("contacts").insert(contact("after-lease"))
    assert 1.5 <= time.monotonic() - started < 5.0


# ---- the fence, in process ----------------------------------------------------------------------


def test_fence_refuses_the_write_of_a_holder_whose_lock_was_taken(store):
    path = store.contacts_path(2026, "AB")
    lock = lock_path(store.root / "locks", path.relative_to(store.root).as_posix())
    from model.store.leases import break_lock, marker_key

    with pytest.raises(ConflictError) as info:
        with transaction(path, "contacts", lock) as db:
            db.table("contacts").insert(contact("late"))
            # meanwhile an administrator breaks the lock and a colleague saves
            assert break_lock(lock, transaction_mod.LEASE_SECONDS, marker_key(lock))
            with transaction(path, "contacts", lock) as other:
                other.table("contacts").insert(contact("newer"))
    assert "nichts wurde überschrieben" in str(info.value)
    assert [c["id"] for c in read_document(path, "contacts")["contacts"].values()] == ["newer"]


def test_fence_runs_right_before_the_replace(store, monkeypatch):
    """Even when the colleague's takeover happens after the holder's last look at the file
    (between writing its temp file and replacing), nothing is overwritten."""
    import model.store.files as files_mod
    from model.store.leases import break_lock, marker_key

    path = store.contacts_path(2026, "AB")
    lock = lock_path(store.root / "locks", path.relative_to(store.root).as_posix())
    calls: dict[str, bool] = {}
    original_fsync = os.fsync

    def fsync_then_takeover(fd):
        original_fsync(fd)
        if calls.get("armed"):
            calls["armed"] = False
            assert break_lock(lock, transaction_mod.LEASE_SECONDS, marker_key(lock))

    monkeypatch.setattr(files_mod.os, "fsync", fsync_then_takeover)
    with pytest.raises(ConflictError):
        with transaction(path, "contacts", lock) as db:
            db.table("contacts").insert(contact("late"))
            calls["armed"] = True
    assert not path.exists()


# ---- doctor tells the truth; unlock breaks, audited ------------------------------------------------


def test_doctor_names_a_stale_lock_and_unlock_breaks_it_audited(small_store, tmp_path, holders, capsys, monkeypatch):
    from kontakt_tui import cli as cli_mod
    from model.store import audit

    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.5)
    holder = Holder(tmp_path, small_store, 1.5)
    holders.append(holder)
    holder.kill()
    args = ["--store", str(small_store.root), "--user", "ADM"]
    assert cli_mod.main([*args, "doctor"]) == 0
    out = capsys.readouterr().out
    assert "Sperre auf contacts/2026/MKR.json: MKR auf PC-ZWEI" in out
    assert "Ob sie verwaist ist, zeigt kontakt doctor nach" in out  # the first look cannot know yet
    time.sleep(1.6)
    assert cli_mod.main([*args, "doctor"]) == 0
    out = capsys.readouterr().out
    assert "Warnung: verwaiste Sperre auf contacts/2026/MKR.json: MKR auf PC-ZWEI" in out
    assert "verwaiste Sperre" in out and "in Ordnung:" not in out
    assert cli_mod.main([*args, "unlock", "contacts/2026/MKR.json"]) == 0
    assert "Gelöst: Sperre auf contacts/2026/MKR.json" in capsys.readouterr().out
    assert not holder.lock.exists()
    entry = [e for e in audit.entries(small_store.root) if e.get("kind") == "lock"][-1]
    assert (entry["action"], entry["id"], entry["user"], entry["before"]["host"]) == (
        "unlock",
        "contacts/2026/MKR.json",
        "ADM",
        "PC-ZWEI",
    )


def test_unlock_all_stale_waits_out_the_lease_and_spares_a_live_holder(small_store, tmp_path, holders, capsys, monkeypatch):
    from kontakt_tui import cli as cli_mod

    monkeypatch.setattr(transaction_mod, "LEASE_SECONDS", 1.5)
    dead = Holder(tmp_path / "a", small_store, 1.5) if (tmp_path / "a").mkdir() is None else None
    holders.append(dead)
    dead.kill()
    live_lock = small_store.root / "locks" / "master--groups-01.json.lock"
    from model.store.transaction import locked

    with locked(live_lock, timeout=1.0, user="TLE"):
        assert cli_mod.main(["--store", str(small_store.root), "--user", "ADM", "unlock", "--all-stale"]) == 0
        out = capsys.readouterr().out
        assert live_lock.exists()
    assert "Gelöst: Sperre auf contacts/2026/MKR.json" in out
    assert "Aktiv, nicht gelöst: Sperre auf master/groups-01.json: TLE auf" in out
    assert not dead.lock.exists()


def test_doctor_reports_and_cleans_observations_whose_lock_is_gone(small_store, capsys):
    """A waiter that crashed (or raced the holder's release) leaves `NAME.lock.seen-HOST.json`
    behind; doctor names it and `--aufraeumen` removes it, never one whose lock still exists."""
    from kontakt_tui import cli as cli_mod

    locks = small_store.root / "locks"
    orphan = locks / "master--groups-05.json.lock.seen-PC-17.json"
    orphan.write_text('{"key": [], "wall": 0, "mono": 0, "host": "PC-17"}')
    held = lock_path(locks, "master/groups-06.json")
    held.write_text("")  # a lock that exists (its marker content does not matter here)
    kept = held.with_name(held.name + ".seen-PC-17.json")
    kept.write_text(orphan.read_text())
    args = ["--store", str(small_store.root), "--user", "MKR"]
    cli_mod.main([*args, "doctor"])
    out = capsys.readouterr().out
    assert f"Beobachtungsdatei {orphan} gehört zu keiner Sperre mehr" in out
    assert str(kept) not in out
    assert orphan.exists()  # doctor alone only reports
    cli_mod.main([*args, "doctor", "--aufraeumen"])
    out = capsys.readouterr().out
    assert f"entfernt: {orphan}" in out
    assert not orphan.exists() and kept.exists()

"""Lease locks whose expiry survives the waiter's restarts, and the tools to inspect and break
them (`kontakt doctor`, `kontakt unlock`).

A holder refreshes its marker (`locks/NAME.lock`) every third of the lease. A waiter may take
a marker over once it has seen it *unchanged* for the whole lease on its own clock — never by
comparing the holder's clock with its own, because a PC's clock may be off by an hour. A
crashed or paused holder on another PC cannot be probed by process id, so this observation is
the only way in. It has to outlive one attempt: a save waits 20 s, the lease is 30 s, and the
user retries in a new command. So the first sighting of a marker (its token, file id, mtime
and size) is kept in a small file per lock and PC, `locks/NAME.lock.seen-HOST.json`, with
this PC's wall and monotonic clock at that moment; a later attempt, also in another process,
continues the observation as long as the marker is unchanged. The file is removed once the
lock is taken by that PC. One left by a waiter that gave up stays until its PC next takes
that lock (or `kontakt doctor --aufraeumen`): it never carries over to another claim, whose
marker has a new random token and so another key; a releasing holder therefore does not
list `locks/` to remove other PCs' observations (a directory listing per lock on a share).

`KONTAKT_HOST` overrides the host name written into markers and observation files; the tests
use it to play a second PC on one machine.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from filelock import SoftFileLease
from filelock._filesystem import write_all
from filelock._identity import (
    owner_is_stale,  # the same check the lease uses for local holders
)
from filelock._soft import encode_marker, parse_marker, read_lock_file
from filelock._soft._exclusive import _recovery

from .files import StoreError, write_bytes_atomic

HOST_ENV = "KONTAKT_HOST"
SEEN_INFIX = ".seen-"


def host_name() -> str:
    return os.environ.get(HOST_ENV) or socket.gethostname()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:64] or "_"


def seen_path(lock: Path, host: str | None = None) -> Path:
    return lock.with_name(f"{lock.name}{SEEN_INFIX}{_safe(host or host_name())}.json")


def marker_key(lock: Path) -> tuple | None:
    """What identifies one holder's claim and its last refresh: token, file id, mtime, size.
    None when there is no marker. Compared only for equality."""
    try:
        content, st = read_lock_file(str(lock))
    except (OSError, ValueError):
        return None
    owner = parse_marker(content)
    token = owner.token if owner is not None else None
    return (token, st.st_ino, st.st_mtime_ns, st.st_size)


def _elapsed(wall: float, mono: float) -> float:
    """Seconds since (wall, mono) on this PC, the smaller of both clocks: a waiter never takes
    over early because its own wall clock was set forward or the PC restarted."""
    wall_gone = time.time() - wall
    mono_gone = time.monotonic() - mono
    if mono_gone < 0:  # the PC restarted: only the wall clock spans it
        return max(0.0, wall_gone)
    return max(0.0, min(wall_gone, mono_gone))


class Observer:
    """How long this PC has seen one marker unchanged, across attempts and processes."""

    def __init__(self, lock: Path):
        self.lock = lock
        self.path = seen_path(lock)
        self._key: tuple | None = None
        self._since: tuple[float, float] | None = None
        self._stat: tuple | None = None

    def unchanged_for(self, st: os.stat_result | None = None) -> float:
        quick = (st.st_ino, st.st_mtime_ns, st.st_size) if st is not None else None
        if quick is None or quick != self._stat:
            key = marker_key(self.lock)
            self._stat = key[1:] if key else None
            if key is None:
                self._key = self._since = None
                return 0.0
            if key != self._key:
                self._key, self._since = key, self._recall(key)
        if self._since is None:
            return 0.0
        return _elapsed(*self._since)

    def _recall(self, key: tuple) -> tuple[float, float]:
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if tuple(saved["key"]) == key:
                return float(saved["wall"]), float(saved["mono"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        since = (time.time(), time.monotonic())
        record = {"key": list(key), "wall": since[0], "mono": since[1], "host": host_name()}
        try:
            write_bytes_atomic(self.path, json.dumps(record).encode())
        except (OSError, StoreError):
            pass  # the observation then lasts only this attempt; waiting still works
        return since

    def forget(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


USER_FIELD = "kontakt-user"
"""The marker's extra line naming the holder's Kürzel (filelock's record has host and pid
only; its parser, in every version with protocol 2, ignores keys it does not know — "a field
a newer filelock published" — so older filelocks read the marker as before). Prefixed, so
that no field filelock may add later is taken for it."""


def _user_line(user: str) -> bytes:
    clean = re.sub(r"[\x00-\x1f=]", "_", user)[:64]
    return f"{USER_FIELD}={clean}\n".encode() if clean else b""


def marker_user(content: str | None, token: str | None) -> str | None:
    """The Kürzel a marker's holder wrote into it, when the marker is a claim with `token`."""
    owner = parse_marker(content)
    if owner is None or owner.token != token or content is None:
        return None
    for line in content.splitlines()[1:]:
        key, _, value = line.partition("=")
        if key == USER_FIELD and value:
            return value
    return None


def holder_user(lock: Path, token: str | None) -> str | None:
    """Who holds `lock` (its claim `token`): the Kürzel in the marker, else the sidecar
    `NAME.lock.who` that kontakt versions before the marker's user line wrote."""
    try:
        user = marker_user(read_lock_file(str(lock))[0], token)
    except (OSError, ValueError):
        user = None
    if user:
        return user
    try:
        who = json.loads(lock.with_name(lock.name + ".who").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(who, dict) and token is not None and who.get("token") == token:
        return str(who.get("user") or "") or None
    return None


class KontaktLease(SoftFileLease):
    """filelock's lease with the observation kept across attempts (see module docstring) and
    the holder's Kürzel in its marker (for the waiters' message and `kontakt doctor`): one
    write with the marker instead of a sidecar file created and removed with every lock."""

    def __init__(self, lock_file, *, observer: Observer, force: tuple | None = None, user: str = "", **kwargs):
        super().__init__(lock_file, **kwargs)
        self._observer = observer
        self._force = force
        self._user = user

    def _write_lock_info(self, fd: int) -> None:
        write_all(fd, encode_marker(self._published_record()) + _user_line(self._user))

    def _marker_unchanged_for(self, marker: os.stat_result) -> float:
        if self._force is not None and marker_key(self._observer.lock) == self._force:
            return float("inf")  # an administrator breaks exactly this claim (kontakt unlock)
        return self._observer.unchanged_for(marker)

    def _try_break_stale_lock(self) -> None:
        # An empty marker is left by a holder killed between creating its marker and writing
        # its record (a few microseconds). filelock keeps such a marker forever (older filelock
        # holders left them empty on purpose; no kontakt version does): taken over like a
        # malformed one, once seen unchanged for filelock's threshold (2 s).
        with suppress(OSError, ValueError):
            content, st = read_lock_file(self._lock_path)
            if content == "":
                if self._marker_unchanged_for(st) >= _recovery.MALFORMED_LOCK_AGE_THRESHOLD:
                    self._take_over(st, None)
                return
        super()._try_break_stale_lock()

    def _published_record(self):
        record = super()._published_record()
        return record._replace(hostname=os.environ[HOST_ENV]) if os.environ.get(HOST_ENV) else record

    def still_ours(self) -> bool:
        """The fence before a replace: our marker, with our token, still names us."""
        owner = self.owner
        return owner is not None and self.token is not None and owner.token == self.token


# ---- inspection and explicit breaking --------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    lock: Path
    file: str  # the store file it guards, e.g. "master/groups-05.json"
    user: str | None
    host: str | None
    pid: int | None
    observed: float  # seconds this PC has seen the marker unchanged
    dead: bool  # a holder on this PC whose process is gone
    lease: float

    @property
    def stale(self) -> bool:
        return self.dead or self.observed >= self.lease

    def describe(self) -> str:
        who = f"{self.user} auf {self.host}" if self.user else f"PC {self.host or '?'}"
        if self.pid is not None:
            who += f" (Prozess {self.pid})"
        if self.dead:
            state = "Prozess läuft nicht mehr"
        else:
            state = f"seit {self.observed:.0f} s unverändert (von diesem PC beobachtet, Lease {self.lease:g} s)"
        return f"Sperre auf {self.file}: {who}, {state}"


def guarded_file(lock: Path) -> str:
    return lock.name.removesuffix(".lock").replace("--", "/")


def inspect(lock: Path, lease: float) -> LockState | None:
    """The state of one marker as this PC sees it; records the sighting (see Observer)."""
    key = marker_key(lock)
    if key is None:
        return None
    try:
        owner = parse_marker(read_lock_file(str(lock))[0])
    except (OSError, ValueError):
        owner = None
    user = holder_user(lock, owner.token) if owner is not None else None
    observed = Observer(lock).unchanged_for()
    dead = owner is not None and owner.mode != "unknown" and owner_is_stale(owner.pid, owner.hostname, owner.start)
    return LockState(
        lock, guarded_file(lock), user, owner.hostname if owner else None, owner.pid if owner else None, observed, dead, lease
    )


def lock_files(locks_dir: Path) -> list[Path]:
    return sorted(locks_dir.glob("*.lock")) if locks_dir.is_dir() else []


def orphan_observations(locks_dir: Path) -> list[Path]:
    """Observation files (`NAME.lock.seen-HOST.json`) whose lock no longer exists: left by a
    waiter that crashed or raced the holder's release. Harmless — a new marker has a new key,
    so nobody continues them — but they pile up."""
    if not locks_dir.is_dir():
        return []
    found = []
    for seen in sorted(locks_dir.glob(f"*.lock{SEEN_INFIX}*.json")):
        lock = seen.with_name(seen.name.split(SEEN_INFIX, 1)[0])
        if not lock.exists():
            found.append(seen)
    return found


def remove_orphan_observations(locks_dir: Path) -> list[Path]:
    """Remove what `orphan_observations` finds, each re-checked right before (a lock taken
    meanwhile keeps its observations)."""
    removed = []
    for seen in orphan_observations(locks_dir):
        lock = seen.with_name(seen.name.split(SEEN_INFIX, 1)[0])
        if lock.exists() or seen.is_symlink():
            continue
        with suppress(OSError):
            seen.unlink()
            removed.append(seen)
    return removed


def break_lock(lock: Path, lease: float, expected: tuple | None = None) -> bool:
    """Take the marker over and release it at once, through filelock's own takeover (an atomic
    exchange where the system has one), so a holder arriving meanwhile is never thrown out.
    `expected`: only the claim with this key. False when the marker changed or is gone."""
    key = marker_key(lock)
    if key is None or (expected is not None and key != expected):
        return False
    observer = Observer(lock)
    lease_lock = KontaktLease(lock, observer=observer, force=key, lease_duration=lease, timeout=2.0, poll_interval=0.02)
    try:
        lease_lock.acquire()
    except Exception:  # noqa: BLE001 - Timeout or a settings mismatch: the marker was not ours to break
        return False
    lease_lock.release()
    observer.forget()
    sidecar = lock.with_name(lock.name + ".who")
    with suppress(OSError, ValueError):
        # only the broken holder's courtesy note, never that of a holder who came in since
        if json.loads(sidecar.read_text(encoding="utf-8")).get("token") == key[0]:
            sidecar.unlink()
    return True

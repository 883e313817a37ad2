"""The audit trail: who changed what, when, from which PC, with the values before and after.

One append-only file per user and year, `<store>/audit/<KÜRZEL>-<JJJJ>.jsonl`, one JSON line
per change. A file has one writer (its user), so appends never interleave between PCs; the
append still takes the file's lease lock, because a DSGVO erasure rewrites audit files and
must not lose a line appended meanwhile. Every append is fsynced before the save returns.

A line torn by a crash mid-append is skipped by readers (it is always the last line of its
file, and the next append starts on a fresh line).

Beside each file an index of its lines per group (audit_index.py), written under the same
lock right after the append, lets a card's history read only its group's lines.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import orjson

from . import audit_index, transaction
from .files import StoreError, refuse_unsafe_target, server_now, write_bytes_atomic
from .transaction import host_name, lock_path, locked, os_login

AUDIT_DIR = "audit"
_READERS = 16  # audit files read at once for a card's history


def audit_path(root: Path, user: str, year: int) -> Path:
    from .store import code_problem  # store imports this module

    if code_problem(user):
        raise StoreError(code_problem(user))
    return root / AUDIT_DIR / f"{user}-{year:04d}.jsonl"


def _lock(root: Path, path: Path) -> Path:
    return lock_path(root / "locks", path.relative_to(root).as_posix())


def entry(user: str, kind: str, action: str, record_id: str, group: str | None, before, after, file: str = "") -> dict:
    # "at" is the writer's clock: it dates the entry for people; the order comes from
    # "server_at", added when the line is appended (_server_stamped).
    return {
        "at": datetime.now().isoformat(timespec="seconds"),
        "user": user,
        "login": os_login(),  # who was logged in at the PC, besides the Kürzel worked as
        "host": host_name(),
        "kind": kind,
        "action": action,
        "id": record_id,
        "group": group,
        "file": file,
        "before": before,
        "after": after,
    }


def append(root: Path, user: str, entries: Iterable[dict]) -> None:
    entries = _server_stamped(root, list(entries))
    lines = b"".join(orjson.dumps(e) + b"\n" for e in entries)
    if not lines:
        return
    path = audit_path(root, user, datetime.now().year)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The change is already saved when its audit line is appended, so the append waits out
    # a whole lease: a lock left by a crashed PC is taken over instead of the line dropped.
    with locked(_lock(root, path), timeout=transaction.LEASE_SECONDS + 5, user=user):
        refuse_unsafe_target(path)  # never append to what a planted symlink points at
        # Opened once for both: the last byte is read through the same handle that appends
        # (O_APPEND writes at the end whatever was read; each open is a round trip on a share).
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(path, flags, 0o666), "a+b") as fh:
            # A crash mid-line leaves a torn tail; start on a fresh line so it stays alone.
            before = start = fh.seek(0, os.SEEK_END)
            if before > 0:
                fh.seek(before - 1)
                if fh.read(1) != b"\n":
                    start += fh.write(b"\n")
            fh.write(lines)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            audit_index.after_append(path, before, start, lines)
        except (OSError, StoreError):
            pass  # the lines are saved; readers search what the index lacks, the next append indexes it


def files(root: Path) -> list[Path]:
    return sorted(p for p in (root / AUDIT_DIR).glob("*.jsonl") if not p.name.startswith("."))


def read_file(path: Path) -> Iterator[dict]:
    try:
        raw = path.read_bytes()
    except OSError:
        return
    for line in raw.splitlines():
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # a torn tail from a crash mid-append
        if isinstance(item, dict):
            yield item


def entries_for_group(root: Path, group_id: str) -> list[dict]:
    """The entries of one group, oldest first. Per audit file its index (audit_index.py)
    names the group's lines, and only those bytes are read; what the index does not cover
    (no index yet, a crash before indexing, a file changed behind it) is searched by bytes:
    only the lines that mention the id are parsed (the id is a uuid, quoted in the line)."""
    paths = files(root)
    if len(paths) > 1:
        # One file per user and year: hundreds on an older store. On the share each file
        # costs a dozen round trips (index, coverage, the audit file), so the files are read
        # side by side; the order of the results stays the files' order.
        with ThreadPoolExecutor(max_workers=min(_READERS, len(paths))) as pool:
            per_file = list(pool.map(lambda path: _file_entries_for_group(path, group_id), paths))
    else:
        per_file = [_file_entries_for_group(path, group_id) for path in paths]
    found = [item for items in per_file for item in items]
    found.sort(key=order_key)
    return found


def _file_entries_for_group(path: Path, group_id: str) -> list[dict]:
    indexed = audit_index.ranges_for(path, group_id) if audit_index.indexable(group_id) else None
    if indexed is not None and not indexed[1]:
        # Most files hold nothing of the group: a stat tells that nothing was appended past
        # the index either, without opening the file (each operation a round trip).
        try:
            if path.stat().st_size == indexed[0]:
                return []
        except OSError:
            return []
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return []
    try:
        size = os.fstat(fd).st_size
        if indexed is not None and indexed[0] <= size:
            covered, wanted = indexed
            lines = audit_index.read_ranges(fd, wanted)
            # From the byte before `covered`: a newline there, or the file changed behind the index.
            tail = audit_index.pread(fd, size - covered + 1, covered - 1) if covered else b"\n" + audit_index.pread(fd, size, 0)
            if lines is not None and tail[:1] == b"\n":
                items = [item for item in map(_parsed, lines) if isinstance(item, dict) and item.get("group") == group_id]
                return items + _lines_with(tail[1:], orjson.dumps(group_id), group_id)
        # No usable index: search the whole file's bytes, mapped rather than read.
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as raw:
            return _lines_with(raw, orjson.dumps(group_id), group_id)
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return []
    finally:
        os.close(fd)


def _parsed(line: bytes):
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return None


def entries(root: Path) -> list[dict]:
    """Every entry of every user, oldest first: by the file server's stamp (`server_at`),
    never by the writers' clocks; lines written before the stamp existed by their `at`."""
    found = [e for path in files(root) for e in read_file(path)]
    found.sort(key=order_key)
    return found


def order_key(item: dict) -> tuple[float, int]:
    """The server's stamp; within one tick of its clock (a few ms) contacts by their save
    sequence."""
    after = item.get("after")
    seq = after.get("seq", 0) if isinstance(after, dict) else 0
    seq = seq if type(seq) is int else 0
    for key in ("server_at", "at"):
        try:
            return datetime.fromisoformat(str(item[key])).timestamp(), seq
        except (KeyError, ValueError, TypeError):
            continue
    return 0.0, seq


def _server_stamped(root: Path, entries: list[dict]) -> list[dict]:
    """Each entry with `server_at`: the file server's time of the change — the mtime the
    server gave the data file just written (the change happens before its acknowledgement,
    so a change made after another was acknowledged always gets a later stamp, whatever the
    PCs' clocks say); for entries without a data file (unlock, accept) a probe file's mtime."""
    seen: dict[str, float] = {}
    out = []
    for e in entries:
        if "server_at" not in e:
            name = e.get("file") or ""
            if name not in seen:
                try:
                    seen[name] = (root / name).stat().st_mtime if name else server_now(root / AUDIT_DIR)
                except OSError:
                    seen[name] = server_now(root / AUDIT_DIR)  # erased file, vanished folder
            e = e | {"server_at": datetime.fromtimestamp(seen[name], UTC).isoformat(timespec="microseconds")}
        out.append(e)
    return out


def _lines_with(raw, needle: bytes, group_id: str) -> list[dict]:
    found = []
    at = raw.find(needle)
    while at >= 0:
        start = raw.rfind(b"\n", 0, at) + 1
        end = raw.find(b"\n", at)
        end = len(raw) if end < 0 else end
        try:
            item = orjson.loads(raw[start:end])
        except orjson.JSONDecodeError:
            item = None  # a torn tail from a crash mid-append
        if isinstance(item, dict) and item.get("group") == group_id:
            found.append(item)
        at = raw.find(needle, end)
    return found


def rewrite(root: Path, change: Callable[[dict], dict | None], user: str) -> int:
    """Rewrite every audit file with `change` applied to each entry (None drops it), each
    under its lock and atomically; returns how many entries changed. Only for erasures."""
    changed = 0
    for path in files(root):
        with locked(_lock(root, path), user=user):
            out, touched = [], 0
            for item in read_file(path):
                new = change(item)
                if new != item:
                    touched += 1
                if new is not None:
                    out.append(orjson.dumps(new) + b"\n")
            if touched:
                # No offset of the index may point into the new file: it goes first, and is
                # built again from the new bytes (a crash between leaves the byte search).
                audit_index.drop(path)
                raw = b"".join(out)
                write_bytes_atomic(path, raw)
                try:
                    audit_index.rebuild(path, raw)
                except (OSError, StoreError):
                    pass  # the erasure is done; the file is searched by bytes until `kontakt reindex`
            changed += touched
    return changed


def reindex(root: Path, user: str) -> tuple[int, int]:
    """Build the index of every audit file anew (`kontakt reindex`), each under its lock;
    returns (files, lines indexed)."""
    count = 0
    paths = files(root)
    for path in paths:
        with locked(_lock(root, path), user=user):
            refuse_unsafe_target(path)
            count += audit_index.rebuild(path, path.read_bytes())
    return len(paths), count

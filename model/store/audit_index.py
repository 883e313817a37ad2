"""The per-group index of the audit trail, so a card's change history reads only its group's
lines instead of every audit file's bytes (on the share: the whole trail per card open).

Beside each audit file `audit/<KÜRZEL>-<JJJJ>.jsonl` a folder `audit/index/<KÜRZEL>-<JJJJ>/`:

- `NN.idx` (NN = crc32 of the group id mod 32, as `Store.shard_of` with the default shard
  count): per indexed audit line one text line `<group>\\t<offset>\\t<length>\\t<crc32>` — where
  the line stands in the audit file and a checksum of its bytes;
- `covered`: append-only, one number per line: the audit file's bytes the index describes
  completely (its last complete line counts).

Both are written by the audit file's one writer under the audit file's lock, right after the
audit append: first the shard lines (fsynced), then the new `covered`. A crash in between
leaves audit lines the index does not cover; readers search that uncovered tail by bytes and
the next writer indexes it. Every index write begins with a newline, so a torn index line
stays alone and is skipped. A reader checks every line it reads against the index's crc32;
any mismatch (a file rewritten or edited behind the index) makes it search that whole file
by bytes, as does an audit file without an index (an older store, until `kontakt reindex`).
A rewrite of an audit file (DSGVO erasure) first removes `covered`, then rebuilds the index.
"""

from __future__ import annotations

import os
import shutil
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import orjson

from .files import write_bytes_atomic

INDEX_DIR = "index"
SHARDS = 32
COVERED = "covered"
_GAP = 64 * 1024  # ranges closer than this are read in one go: a round trip costs more
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW
_READ = os.O_RDONLY | _NOFOLLOW
_READ_APPEND = os.O_RDWR | os.O_APPEND | _NOFOLLOW


def index_dir(audit_file: Path) -> Path:
    return audit_file.parent / INDEX_DIR / audit_file.stem


def indexable(group) -> bool:
    """Group ids the index holds: printable ASCII without blanks (every id kontakt makes).
    Any other id is looked up by the byte search, so nothing is ever missed."""
    return isinstance(group, str) and 0 < len(group) <= 200 and group.isascii() and group.isprintable() and " " not in group


def shard(group: str) -> int:
    return zlib.crc32(group.encode("ascii")) % SHARDS


# ---- writing ---------------------------------------------------------------------------------


def index_lines(raw: bytes, start: int) -> Iterable[tuple[str, bytes]]:
    """(group, index line) for each complete, parseable line of `raw` (audit bytes beginning
    at offset `start` of their file) whose group is indexable."""
    at = 0
    while True:
        end = raw.find(b"\n", at)
        if end < 0:
            return  # a torn tail: no index line; the byte search still sees it
        line = raw[at:end]
        try:
            item = orjson.loads(line)
        except orjson.JSONDecodeError:
            item = None
        group = item.get("group") if isinstance(item, dict) else None
        if indexable(group):
            yield group, f"{group}\t{start + at}\t{len(line)}\t{zlib.crc32(line):08x}\n".encode("ascii")
        at = end + 1


def read_covered(folder: Path) -> int | None:
    """The bytes of its audit file the index covers; None without a (readable) index."""
    try:
        fd = os.open(folder / COVERED, _READ)
    except OSError:
        return None
    try:
        return _covered_in(fd)
    finally:
        os.close(fd)


def pread(fd: int, size: int, offset: int) -> bytes:
    """`os.pread`, which Windows lacks: there a seek and a read (the descriptor is this
    process's own, under the audit file's lock)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def _covered_in(fd: int) -> int | None:
    # One fstat and one read of the tail, however long the file grew: on the share every
    # operation is a round trip.
    try:
        tail = pread(fd, 64, max(0, os.fstat(fd).st_size - 64))
    except OSError:
        return None
    complete = tail.split(b"\n")[:-1]  # after the last newline: torn, or nothing
    for value in reversed(complete):
        if value.strip():
            return int(value) if value.isdigit() else None
    return None


def _append(path: Path, data: bytes) -> None:
    # O_NOFOLLOW refuses a planted symlink (an OSError: the save goes on, readers search).
    fd = os.open(path, _FLAGS, 0o666)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def after_append(audit_file: Path, before: int, start: int, appended: bytes) -> None:
    """Index the lines just appended at `start` (the file held `before` bytes; between them a
    newline that closed a torn tail). Called under the audit file's lock. Only an index that
    exists is kept up to date, or one for a new file: an older store's big file is indexed
    by `kontakt reindex`, never by a save that would read it whole. `covered` is opened once
    for reading and appending (each file operation is a round trip on the share)."""
    folder = index_dir(audit_file)
    try:
        fd = os.open(folder / COVERED, _READ_APPEND)
    except FileNotFoundError:
        if before > 0:
            return
        fd = None
    if before == 0 and (fd is None or _covered_in(fd) != 0):
        # A new audit file: a fresh index (leftovers of a removed file of that name go).
        if fd is not None:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / COVERED, _READ_APPEND | os.O_CREAT, 0o666)
    try:
        covered = 0 if before == 0 else _covered_in(fd)
        if covered is None or covered > before:
            return  # no usable index, or the file was replaced behind it: readers search it
        pending = list(index_lines(appended, start))
        if covered < start:  # a crash after an earlier append: index its lines first
            # Up to `start`: with the newline that closed a torn tail.
            with open(audit_file, "rb") as fh:
                tail = pread(fh.fileno(), start - covered, covered)
            pending = list(index_lines(tail, covered)) + pending
        _write_shards(folder, pending, append=True)
        os.write(fd, b"\n%d\n" % (start + len(appended)))
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_shards(folder: Path, pending: Iterable[tuple[str, bytes]], append: bool) -> None:
    by_shard: dict[int, list[bytes]] = defaultdict(list)
    for group, line in pending:
        by_shard[shard(group)].append(line)
    for k, lines in sorted(by_shard.items()):
        path = folder / f"{k:02d}.idx"
        if append:
            _append(path, b"\n" + b"".join(lines))  # a torn line before stays alone
        else:
            write_bytes_atomic(path, b"".join(lines))
    if not append:
        for stale in folder.glob("*.idx"):
            if not (stale.stem.isdigit() and int(stale.stem) in by_shard):
                stale.unlink(missing_ok=True)


def drop(audit_file: Path) -> None:
    """Make the index of `audit_file` unused (readers search the file by bytes) — first step
    of a rewrite, so no reader or writer follows offsets into the new file."""
    try:
        (index_dir(audit_file) / COVERED).unlink()
    except FileNotFoundError:
        pass


def rebuild(audit_file: Path, raw: bytes) -> int:
    """Index `raw`, the audit file's whole content, anew (under the file's lock); returns the
    lines indexed."""
    folder = index_dir(audit_file)
    drop(audit_file)
    folder.mkdir(parents=True, exist_ok=True)
    pending = list(index_lines(raw, 0))
    _write_shards(folder, pending, append=False)
    covered = raw.rfind(b"\n") + 1  # a torn tail stays uncovered: readers search it
    write_bytes_atomic(folder / COVERED, b"%d\n" % covered)
    return len(pending)


# ---- reading ---------------------------------------------------------------------------------


def ranges_for(audit_file: Path, group: str) -> tuple[int, list[tuple[int, int, int]]] | None:
    """(covered bytes, sorted (offset, length, crc32) of the group's lines below them) from
    the index, or None when the file has no usable index. A caller compares the covered
    bytes with the file's size: more covered than there is means a file replaced behind it."""
    folder = index_dir(audit_file)
    covered = read_covered(folder)
    if covered is None:
        return None
    try:
        raw = b"\n" + _read_all(folder / f"{shard(group):02d}.idx")
    except FileNotFoundError:
        raw = b"\n"
    except OSError:
        return None
    needle = b"\n" + group.encode("ascii") + b"\t"
    found: dict[int, tuple[int, int, int]] = {}
    at = raw.find(needle)
    while at >= 0:
        end = raw.find(b"\n", at + 1)
        if end < 0:
            break  # a torn last index line
        fields = raw[at + 1 : end].split(b"\t")
        try:
            offset, length, crc = int(fields[1]), int(fields[2]), int(fields[3], 16)
        except (IndexError, ValueError):
            offset, length, crc = -1, 0, 0
        if len(fields) == 4 and 0 <= offset and offset + length <= covered:
            found[offset] = (offset, length, crc)  # a line indexed twice (crash, catch-up) counts once
        at = raw.find(needle, end)
    return covered, sorted(found.values())


def _read_all(path: Path) -> bytes:
    fd = os.open(path, _READ)
    try:
        size = os.fstat(fd).st_size
        data = pread(fd, size + 1, 0)  # one read; a line appended meanwhile is harmless
        while len(data) <= size:  # a short read (a big file on some shares): the rest
            more = pread(fd, size + 1 - len(data), len(data))
            if not more:
                break
            data += more
        return data
    finally:
        os.close(fd)


def read_ranges(fd: int, wanted: list[tuple[int, int, int]]) -> list[bytes] | None:
    """The lines at `wanted`, reading nearby ones in one go; None if any line is not the one
    indexed (its crc32 differs)."""
    lines: list[bytes] = []
    i = 0
    while i < len(wanted):
        j = i
        while j + 1 < len(wanted) and wanted[j + 1][0] - (wanted[j][0] + wanted[j][1]) <= _GAP:
            j += 1
        base = wanted[i][0]
        chunk = pread(fd, wanted[j][0] + wanted[j][1] - base, base)
        for offset, length, crc in wanted[i : j + 1]:
            line = chunk[offset - base : offset - base + length]
            if len(line) != length or zlib.crc32(line) != crc:
                return None
            lines.append(line)
        i = j + 1
    return lines

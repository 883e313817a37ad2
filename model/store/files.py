"""Reading and writing one store file safely on a shared drive.

A file is a TinyDB JSON document with an extra `_meta` table that holds its
`schema_version`, `kind` and `revision`. Writes go to a temp file in the same folder, are
fsynced and then atomically replace the original, so a reader or a crash sees either the old
or the new file, never a torn one. No file handle stays open between operations.
"""

from __future__ import annotations

import os
import secrets
import stat
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson

SCHEMA_VERSION = 1
META = "_meta"
CHECKSUM = "checksum"
TEMP_SUFFIX = ".tmp"

# Windows raises PermissionError on replace while another PC or a virus scanner has the
# target open; these waits (about 6 s in all) outlast such a short hold.
REPLACE_RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 1.5)


UNCHECKED = (
    "hat keine Prüfsumme: von Hand bearbeitet oder nicht von kontakt geschrieben. Nur lesen, bis eine "
    "Administratorin sie prüft und mit `kontakt accept DATEI` annimmt"
)


class StoreError(Exception):
    """A store problem with a German message that names the place."""


class StoreFileError(StoreError):
    """A file that cannot be read as a store file: corrupt, foreign or too new."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"Datei {path}: {problem}")
        self.path = path
        self.problem = problem


class ConflictError(StoreError):
    """The record or file changed since the caller read it."""


def new_document(kind: str) -> dict:
    return {META: {"1": {"schema_version": SCHEMA_VERSION, "kind": kind, "revision": 0}}}


def meta(doc: dict) -> dict:
    return doc[META]["1"]


def read_file(path: Path) -> tuple[bytes, tuple[int, int, int]]:
    """The file's bytes and its `signature`, with as few round trips as the OS allows on a
    share: open, one fstat, one read of the size fstat gave, close (`Path.read_bytes` stats
    twice and reads until an empty read; a separate `signature` stats by name again). The
    signature is the open file's own, so it always belongs to the bytes returned — a replace
    during the read shows at the next look. Raises OSError like `open`."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        size = st.st_size
        # One byte more than fstat said: a short read then proves the end of the file without
        # a second, empty read; a file that grew in place (kontakt's never do: they are
        # replaced) is read on to its end.
        chunks = [os.read(fd, size + 1)]
        while len(chunks[-1]) and sum(map(len, chunks)) > size:
            chunks.append(os.read(fd, 1 << 20))
    finally:
        os.close(fd)
    return b"".join(chunks) if len(chunks) > 1 else chunks[0], (st.st_size, st.st_mtime_ns, st.st_ino)


def read_document(
    path: Path,
    kind: str | None = None,
    checksum: bool = True,
    found: list | None = None,
    records: bool = True,
    content: list | None = None,
) -> dict:
    """Read and check one store file — structure, checksum, every record — and raise
    StoreFileError naming the problem in German. `checksum=False` only for `kontakt accept`,
    which reads a hand-edited file to give it a checksum again. `found`, when given, receives
    the file's signature (as `signature` gives it) of the bytes read. `records=False` leaves
    the record checks (`records.check_records`) to a caller that checks while it parses.
    `content`, when given, receives the bytes read (a caller that keeps them to parse again)."""
    try:
        raw, sig = read_file(path)
    except FileNotFoundError:
        raise StoreFileError(path, "fehlt") from None
    except OSError as exc:
        raise StoreFileError(path, f"kann nicht gelesen werden ({exc.strerror or exc})") from exc
    if found is not None:
        found.append(sig)
    if content is not None:
        content.append(raw)
    if not raw.strip():
        raise StoreFileError(path, "ist leer")
    if b"\x00" in raw:
        raise StoreFileError(path, "enthält NUL-Bytes (beschädigt)")
    # A BOM is what an editor like Notepad adds; it does not make the content wrong.
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "UTF-8" in exc.msg:
            raise StoreFileError(path, "ist kein gültiges UTF-8 (beschädigt oder fremde Datei)") from exc
        raise StoreFileError(
            path, f"ist kein gültiges JSON (Zeile {exc.lineno}, Spalte {exc.colno}: {_german_json_error(exc.msg)})"
        ) from exc
    check_document(path, doc, kind)
    if checksum:
        verify_checksum(path, raw, doc)
    doc[META]["1"].pop(CHECKSUM, None)  # a property of the file, not of its content
    if records:
        from .records import check_records  # records needs the domain model, which needs this module's errors

        check_records(path, doc)
    return doc


_JSON_ERRORS = {
    "unexpected end of data": "die Datei endet mitten im Inhalt (abgeschnitten)",
    "unexpected content after document": "nach dem Ende des Inhalts folgt noch etwas",
    "unexpected character": "unerwartetes Zeichen",
    "trailing comma": "überzähliges Komma",
    "invalid number": "ungültige Zahl",
    "invalid literal": "ungültiger Wert",
}


def _german_json_error(message: str) -> str:
    for english, german in _JSON_ERRORS.items():
        if message.startswith(english):
            return german
    return message


def check_document(path: Path, doc: object, kind: str | None) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get(META), dict) or not isinstance(doc[META].get("1"), dict):
        raise StoreFileError(path, "ist keine kontakt-Datei (Tabelle _meta fehlt)")
    info = doc[META]["1"]
    version = info.get("schema_version")
    if type(version) is not int or version < 1:
        raise StoreFileError(path, "hat keine gültige schema_version")
    if version > SCHEMA_VERSION:
        raise StoreFileError(
            path,
            f"wurde von einer neueren kontakt-Version geschrieben (Schema {version}, dieses Programm "
            f"kennt bis {SCHEMA_VERSION}). Bitte kontakt aktualisieren; die Datei wird nicht verändert.",
        )
    if kind is not None and info.get("kind") != kind:
        raise StoreFileError(path, f"hat die Art {info.get('kind')!r}, erwartet {kind!r}")


def signature(path: Path) -> tuple[int, int, int] | None:
    """Size, mtime and file id as the file server reports them; compared only for equality,
    never against this PC's clock, because clocks differ between PCs. Every atomic replace
    makes a new file, so the id changes even where timestamps are coarse."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def server_now(folder: Path) -> float:
    """The file server's idea of "now" (as an mtime) in `folder`: the mtime of a probe file
    this PC has just written there. Ages of files on the share are judged against it, never
    against this PC's clock, which may be an hour off the server's."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".probe-{secrets.token_hex(6)}{TEMP_SUFFIX}"
    try:
        with open(probe, "xb") as fh:
            fh.write(b"probe")
        return probe.stat().st_mtime
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def delete_files_in(folder: Path) -> int:
    """Delete the regular files directly in `folder` (a cache's: digests, journals), never
    through a symlink; returns how many."""
    count = 0
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)
            count += 1
    return count


def is_temp_file(path: Path) -> bool:
    """An unfinished write (".NAME.HEX.tmp") or a probe: never data, ignored by readers."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network file systems do not fsync folders; the file itself was synced
    finally:
        os.close(fd)


def replace_with_retry(source: Path, target: Path, delays=REPLACE_RETRY_DELAYS) -> None:
    for delay in (*delays, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)


def encode_document(doc: dict) -> bytes:
    """The file's bytes: `_meta` first, holding a CRC-32 of everything after it, so a change
    that leaves valid JSON (a flipped bit, a hand edit) is still noticed when read."""
    body = orjson.dumps({k: v for k, v in doc.items() if k != META})
    record = {k: v for k, v in doc[META]["1"].items() if k != CHECKSUM}
    record[CHECKSUM] = f"{zlib.crc32(body):08x}"
    head = b'{"' + META.encode() + b'":' + orjson.dumps({"1": record})
    return head + b"}" if body == b"{}" else head + b"," + body[1:]


def verify_checksum(path: Path, raw: bytes, doc: dict) -> None:
    """Raise StoreFileError when the content does not match the checksum in `_meta`.
    A file without one is treated as edited by hand (removing the key must not make any edit
    acceptable): read-only until an administrator accepts it."""
    expected = doc[META]["1"].get(CHECKSUM)
    if expected is None:
        raise StoreFileError(path, UNCHECKED)
    head = b'{"' + META.encode() + b'":' + orjson.dumps(doc[META])
    if raw.startswith(head + b","):
        # The body is "{" + the rest; checksummed in place instead of copying 100 MB.
        crc = zlib.crc32(memoryview(raw)[len(head) + 1 :], zlib.crc32(b"{"))
    elif raw == head + b"}":
        crc = zlib.crc32(b"{}")
    else:
        raise StoreFileError(path, "wurde außerhalb von kontakt verändert (der Aufbau passt nicht zur Prüfsumme)")
    if f"{crc:08x}" != expected:
        raise StoreFileError(path, "Prüfsumme stimmt nicht: der Inhalt ist beschädigt oder wurde von Hand geändert")


def write_document(
    path: Path, doc: dict, before_replace: Callable[[], None] | None = None, durable: bool = True, found: list | None = None
) -> None:
    """Atomically replace `path` with `doc`: temp file in the same folder, fsync, replace.
    `durable` False skips the fsyncs, for a copy that is rebuilt when lost (a torn file after
    a power cut fails its checksum and is treated as missing): half the round trips.
    `found`, when given, receives the signature of the file written (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, encode_document(doc), before_replace, durable, found)


def refuse_unsafe_target(path: Path) -> None:
    """A symlink in place of a store file (planted in locks/, audit/, backups/ …) is never
    written through, and a file IT made read-only is never replaced: both are refused with
    a German message naming the file."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Datei {path} kann nicht geprüft werden ({exc.strerror or exc}); nichts wurde geschrieben.") from exc
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            f"Datei {path} ist eine Verknüpfung (Symlink) auf {os.readlink(path)}; kontakt schreibt nicht "
            "durch Verknüpfungen; weder sie noch ihr Ziel wird verändert. Bitte IT informieren."
        )
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} ist keine gewöhnliche Datei; sie wird nicht verändert.")
    if not st.st_mode & stat.S_IWUSR:
        raise StoreError(f"Datei {path} ist schreibgeschützt (von IT gesetzt?); kontakt ersetzt sie nicht.")


def write_bytes_atomic(
    path: Path, data: bytes, before_replace: Callable[[], None] | None = None, durable: bool = True, found: list | None = None
) -> None:
    """The safe write behind `write_document`, for any content (audit files, restores).
    `before_replace` runs after the temp file is synced, right before the replace (a fence
    check that may raise to abandon the write). `found`, when given, receives the temp
    file's signature once it is closed: the replace keeps size, time and file id, so it is
    the signature of this write's version of `path` — whoever replaces `path` afterwards."""
    refuse_unsafe_target(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
    try:
        try:
            fh = open(temp, "xb")
        except FileNotFoundError:
            # The folder is made only when it is missing (a new year, a first backup): asking
            # first would cost a round trip on every write to a share.
            path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(temp, "xb")
        with fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if found is not None:
            found.append(signature(temp))
        if before_replace is not None:
            before_replace()
        replace_with_retry(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    if durable:
        _fsync_dir(path.parent)

"""Verbund-Nr as people type and paste them, and where a group with a number is stored.

A number copied from a core-banking export or a web page often carries characters nobody
sees: a zero-width space, a non-breaking space, a byte order mark. `normalise_number` removes
them (and surrounding blanks) and folds full-width digits, so "10040" plus a zero-width
space is the group 10040, not a second one. `lookalike_key` goes further — leading zeros
and separators ignored — only to *point out* numbers such as 00815 and 815 (doctor); those
may be different groups, so they are never merged on their own.

New groups are stored in the shard their number chooses (`number_shard`): two PCs importing
the same new number contend for the same file lock, and the second one finds the first one's
group when it re-checks under that lock. The shard is still computed from the group's id
everywhere else, so a new group gets an id that hashes to its number's shard
(`id_for_shard`); groups stored before keep their ids and shards.

Pure: no store access.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zlib

# Invisible characters that are not category Cf but still come with pasted numbers.
_EXTRA_INVISIBLE = "\u115f\u1160\u3164\uffa0\u034f"
_SEPARATORS = re.compile(r"[\s./_-]+")


def normalise_number(raw: str) -> str:
    """The number without surrounding blanks and without invisible characters anywhere."""
    if raw.isascii() and raw == raw.strip() and raw.isprintable():
        return raw  # the common case, kept cheap: 20,000 groups are indexed at every start
    text = unicodedata.normalize("NFKC", raw)  # full-width digits, NBSP → space
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _EXTRA_INVISIBLE)
    return text.strip()


def lookalike_key(number: str) -> str:
    """Equal for numbers that differ only in leading zeros, separators or case."""
    key = _SEPARATORS.sub("", normalise_number(number)).casefold()
    return key.lstrip("0") or key[:1]


def number_shard(number: str, shards: int) -> int:
    return zlib.crc32(normalise_number(number).encode("utf-8")) % shards


def id_for_shard(shard: int, shards: int) -> str:
    """A new random group id whose shard (crc32 of the id, as `Store.shard_of`) is `shard`;
    about `shards` draws on average."""
    while True:
        candidate = str(uuid.uuid4())
        if zlib.crc32(candidate.encode("ascii")) % shards == shard:
            return candidate

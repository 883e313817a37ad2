"""Find any group: by number, name, member customers (number or name), contact persons and
their phone numbers — the search behind the app's "Verbund finden", the command palette and
`kontakt find`.

Text is compared as people type and paste it: case and accents of the Unicode form folded
(NFKC, casefold), invisible characters (zero-width space, BOM, soft hyphen) removed. Every
word typed must occur somewhere in the group. A word with digits also matches a phone
number or customer number digit by digit, so "0171 234" finds "0171/2345678" and
"+49 171 2345678"; a query of digits and separators only is taken as one number.

`SearchIndex` prepares the groups once (20,000 groups: about 0.55 s and 11 MB, then 10–250 ms per search; docs/benchmark-find.md) and then
answers each keystroke; `find_groups` is the one-off form. Pure: no store access.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from model.entities import Group
from model.group_numbers import normalise_number

FIND_LIMIT = 50
"""Hits shown by default: more than a screen, fewer than anyone reads."""

# Format characters (category Cf) that come with pasted text, and look-alike fillers.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2070), 0x3164, 0xFEFF, 0xFFA0, *range(0xFFF9, 0xFFFC)]
)  # fmt: skip
_NUMBER_ONLY = re.compile(r"^[\d\s/().+\-]+$")
_NOT_DIGIT = re.compile(r"\D")


def fold(text: str) -> str:
    """Text as compared: NFKC, invisible characters removed, casefolded, blanks collapsed."""
    text = text or ""
    if not text.isascii():  # the common case skips the Unicode work: 20,000 groups at every load
        text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return " ".join(text.casefold().split())


def phone_digits(text: str) -> str:
    """Only the digits, with the German country code written as the trunk zero: "+49 171 2"
    and "0049 171 2" become "01712"."""
    folded = fold(text).replace(" ", "")
    if folded.startswith("+49"):
        folded = "0" + folded[3:]
    elif folded.startswith("0049"):
        folded = "0" + folded[4:]
    return _NOT_DIGIT.sub("", folded)


@dataclass(frozen=True, slots=True)
class Match:
    """A group found, and in German what matched ("Nummer", "Kunde 4711 Bäckerei Albrecht",
    "Telefon Anna Huber 0171/2345678")."""

    group: Group
    matched: tuple[str, ...]


class _Entry(NamedTuple):
    """One group prepared: its searchable fields as lines, in the order of `_fields` (number,
    name, customers, then per person name, phone, e-mail). Four references per group, not
    an object per field: at 100,000 groups the index is a fraction of what it was."""

    group: Group
    texts: str
    """The fields' folded texts, one line each ("\n" cannot occur: folding joins blanks)."""
    digits: str
    """Per line the field's digits (numbers and phones), "" for the others."""
    ranks: str
    """Per line the kind's rank, one digit: number, name, customers, persons, e-mails."""
    labels: str | None
    """Per line the label, joined by U+001F, for an index that keeps groups without their
    customers and persons (`slim`); None: made from the group for the hits shown."""


def _fields(group: Group) -> list[tuple[str, str, str, str]]:
    """(label, folded text, digits, rank) of each field, the label being what the user is told
    when the field matched ("Kunde 4711 Bäckerei Albrecht")."""
    number = fold(normalise_number(group.number))
    fields = [("Nummer", number, _NOT_DIGIT.sub("", number), "0"), ("Name", fold(group.name), "", "1")]
    for c in group.customers:
        fields.append(
            (f"Kunde {c.number} {c.name}".strip(), fold(f"{c.number} {c.name}"), _NOT_DIGIT.sub("", fold(c.number)), "2")
        )
    for p in group.persons:
        fields.append((f"Ansprechpartner {p.name}", fold(p.name), "", "3"))
        if p.phone:
            fields.append((f"Telefon {p.name} {p.phone}", fold(p.phone), phone_digits(p.phone), "3"))
        if p.email:
            fields.append((f"E-Mail {p.name} {p.email}", fold(p.email), "", "4"))
    return fields


_LABELS = "\x1f"  # a control character: stripped from any text shown anyway (clean_text)


def _entry(group: Group, slim: bool = False) -> _Entry:
    fields = _fields(group)
    texts, digits, ranks = "\n".join(f[1] for f in fields), "\n".join(f[2] for f in fields), "".join(f[3] for f in fields)
    if not slim:
        return _Entry(group, texts, digits, ranks, None)
    # What a hit shows (number, name, class, lead) without the customers and persons.
    shown = Group(group.id, group.number, group.name, group.segment, group.lead, carried_class=group.cls, revision=group.revision)
    labels = _LABELS.join(f[0].replace(_LABELS, " ") for f in fields)
    return _Entry(shown, texts, digits, ranks, labels)


def slim_entry(group: Group) -> _Entry:
    """What a slim index keeps of `group` (SearchIndex.of_entries)."""
    return _entry(group, slim=True)


class SearchIndex:
    """The groups prepared for searching; build it once per picture of the store."""

    def __init__(self, groups: Iterable[Group], known: SearchIndex | None = None, slim: bool = False) -> None:
        """`slim`: keep of each group only what a hit shows (its customers and persons go,
        the labels stay): for groups read for the search alone (a store's directory)."""
        # A group unchanged since `known` (the same object: a store keeps what it did not
        # read again) keeps its prepared entry: a new picture costs only its changed groups.
        reuse = known._by_group if known is not None and not slim else {}
        self._slim = slim
        self._entries = []
        for g in groups:
            entry = reuse.get(g.id)
            self._entries.append(entry if entry is not None and entry.group is g else _entry(g, slim))
        self._by_group = {e.group.id: e for e in self._entries}

    def renewed(self, groups: Iterable[Group]) -> SearchIndex:
        """The index of `groups`, preparing only those not in this one as they are."""
        return SearchIndex(groups, known=self)

    @classmethod
    def of_entries(cls, entries: Iterable[_Entry]) -> SearchIndex:
        """A slim index of groups prepared one by one (`slim_entry`): a store's directory
        passes each group through it as it reads, so that the whole groups are never held
        at once (at 100,000 groups that is the difference between 200 and 300 MB)."""
        index = cls((), slim=True)
        index._entries = list(entries)
        index._by_group = {e.group.id: e for e in index._entries}
        return index

    def with_entries(self, entries: Iterable[_Entry]) -> SearchIndex:
        """This index with the groups of `entries` (changed or new ones) prepared anew."""
        fresh = {e.group.id: e for e in entries}
        index = SearchIndex((), slim=self._slim)
        index._entries = [fresh.pop(e.group.id, e) for e in self._entries] + list(fresh.values())
        index._by_group = {e.group.id: e for e in index._entries}
        return index

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str, limit: int | None = FIND_LIMIT) -> list[Match]:
        """Groups where every word of `text` occurs, best first: number equal, number or
        name starting with the text, then by the kind of field that matched, then by name."""
        query = fold(text)
        if not query:
            return []
        if _NUMBER_ONLY.match(query) and any(ch.isdigit() for ch in query):
            words = [(query, phone_digits(query))]  # "0171 234" is one phone number
        else:
            words = [(w, _NOT_DIGIT.sub("", w) if len(_NOT_DIGIT.sub("", w)) >= 3 else "") for w in query.split()]
        found = []
        for entry in self._entries:
            if not all(w in entry.texts or (d and d in entry.digits) for w, d in words):
                continue
            texts, digits = entry.texts.split("\n"), entry.digits.split("\n")
            hits = [
                i
                for i, (t, n) in enumerate(zip(texts, digits, strict=True))
                if any(w in t or (d and n and d in n) for w, d in words)
            ]
            # Each word must hit within one field (the line test above can match across fields).
            if not all(any(w in texts[i] or (d and digits[i] and d in digits[i]) for i in hits) for w, d in words):
                continue
            found.append((self._rank(entry, texts, query, hits), entry, hits))
        found.sort(key=lambda t: t[0])
        matches = []
        for _, entry, hits in found[:limit]:
            # The labels of the hits shown only.
            labels = entry.labels.split(_LABELS) if entry.labels is not None else [f[0] for f in _fields(entry.group)]
            matches.append(Match(entry.group, tuple(labels[i] for i in hits)))
        return matches

    @staticmethod
    def _rank(entry: _Entry, texts: list[str], query: str, hits: list[int]) -> tuple:
        number, name = texts[0], texts[1]
        if number == query:
            first = 0
        elif number.startswith(query) or name.startswith(query):
            first = 1
        else:
            first = 2
        return (first, min(entry.ranks[i] for i in hits), entry.group.name.casefold(), entry.group.number)


def find_groups(groups: Iterable[Group], text: str, limit: int | None = FIND_LIMIT) -> list[Match]:
    """The groups matching `text` (see the module's docstring), at most `limit`, best first."""
    return SearchIndex(groups).find(text, limit)

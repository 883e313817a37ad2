"""The domain's records: advisors, groups (Kundenverbünde) with their people, castings,
co-care assignments and logged contacts.

All records are frozen dataclasses with a stable uuid (`id`) where they live in the store.
`to_json`/`from_json` give the plain dicts that the store writes; unknown keys from newer
minor versions are ignored so a colleague's newer program never breaks an older reader.
"""

from __future__ import annotations

import re
import sys
import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

LEAD = "lead"
"""The role of a group's lead advisor (FKB). Any other role is a department's name."""

ADVISOR_ROLES = ("Berater", "Teamleiter", "Administrator")
CLASSES = ("A", "B", "C", "D")


def new_id() -> str:
    return str(uuid.uuid4())


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class Advisor:
    code: str
    name: str
    department: str | None = None
    role: str = "Berater"
    net_market_hours: float = 630.0
    email: str = ""
    """Sender of the care-call drafts in the advisor's name; optional."""
    login: str = ""
    """The operating-system login that works as this advisor (staff list column `Login`)."""
    left: date | None = None
    """The day the person left: kept for the history, off every list, may no longer write."""

    @property
    def active(self) -> bool:
        return self.left is None

    def to_json(self) -> dict:
        d = {
            "code": self.code,
            "name": self.name,
            "department": self.department,
            "role": self.role,
            "net_market_hours": self.net_market_hours,
        }
        if self.email:  # only when set: stored advisors stay as they were
            d["email"] = self.email
        # Written only when set, so organisation files of stores without logins stay as they were;
        # `login: ""` / `left: null` written explicitly clear a value (the store merges records).
        if self.login:
            d["login"] = self.login
        if self.left:
            d["left"] = self.left.isoformat()
        return d

    def merged_into(self, stored: dict | None) -> dict:
        """The record to store over `stored`: keys a newer kontakt wrote stay, an e-mail, a
        login or a leaving day cleared here is cleared there too."""
        kept = {k: v for k, v in (stored or {}).items() if k not in ("email", "login", "left")}
        return kept | self.to_json()

    @classmethod
    def from_json(cls, d: dict) -> Advisor:
        return cls(
            code=d["code"],
            name=d.get("name", d["code"]),
            department=d.get("department"),
            role=d.get("role", "Berater"),
            net_market_hours=float(d.get("net_market_hours", 630.0)),
            email=str(d.get("email") or ""),
            login=d.get("login") or "",
            left=_d(d.get("left")),
        )


@dataclass(frozen=True, slots=True)
class Customer:
    number: str
    name: str


@dataclass(frozen=True, slots=True)
class ContactPerson:
    id: str
    name: str
    function: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def from_json(cls, d: dict) -> ContactPerson:
        return cls(d["id"], d["name"], sys.intern(d.get("function", "")), d.get("phone", ""), d.get("email", ""))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "function": self.function,
            "phone": self.phone,
            "email": self.email,
        }


@dataclass(frozen=True, slots=True)
class Casting:
    """A dated ABCD analysis of one group against its segment's scheme."""

    id: str
    date: date
    scheme: str
    scheme_version: int
    answers: tuple[tuple[str, str], ...]
    score: int
    computed_class: str
    by: str
    override_class: str | None = None
    reason: str = ""
    seq: int = field(default=0, compare=False)
    """Save order: the group's revision when this casting was first stored (set by the store
    under the shard's lock). Orders same-day re-casts — never the client clock or the id."""

    @property
    def final_class(self) -> str:
        return self.override_class or self.computed_class

    def answer(self, criterion: str) -> str | None:
        return dict(self.answers).get(criterion)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "scheme": self.scheme,
            "scheme_version": self.scheme_version,
            "answers": dict(self.answers),
            "score": self.score,
            "computed_class": self.computed_class,
            "override_class": self.override_class,
            "reason": self.reason,
            "by": self.by,
        } | ({"seq": self.seq} if self.seq else {})

    @classmethod
    def from_json(cls, d: dict) -> Casting:
        answers = d.get("answers", {})
        return cls(
            id=d["id"],
            date=date.fromisoformat(d["date"]),
            scheme=sys.intern(d["scheme"]),
            scheme_version=int(d.get("scheme_version", 1)),
            # criteria and labels: the scheme's few dozen texts in every casting of every group
            answers=tuple(zip(map(sys.intern, answers), map(sys.intern, answers.values()), strict=True)),
            score=int(d["score"]),
            computed_class=sys.intern(d["computed_class"]),
            override_class=d.get("override_class"),
            reason=d.get("reason", ""),
            by=sys.intern(d.get("by", "")),
            seq=int(d.get("seq", 0)),
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    """Co-care: a colleague of a department looks after a group at a target frequency."""

    id: str
    department: str
    advisor: str
    frequency: float
    start: date
    end: date | None = None

    def active_on(self, as_of: date) -> bool:
        return self.start <= as_of and (self.end is None or as_of < self.end)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "department": self.department,
            "advisor": self.advisor,
            "frequency": self.frequency,
            "start": self.start.isoformat(),
            "end": _iso(self.end),
        }

    @classmethod
    def from_json(cls, d: dict) -> Assignment:
        return cls(
            id=d["id"],
            department=sys.intern(d["department"]),
            advisor=sys.intern(d["advisor"]),
            frequency=float(d["frequency"]),
            start=date.fromisoformat(d["start"]),
            end=_d(d.get("end")),
        )


class MergedGroup(NamedTuple):
    """A group given up in `kontakt merge-groups`: its number and id stay findable."""

    number: str
    id: str
    at: str
    by: str


@dataclass(frozen=True, slots=True)
class Group:
    """A Kundenverbund: the unit of casting and contact planning, with exactly one lead."""

    id: str
    number: str
    name: str
    segment: str
    lead: str
    customers: tuple[Customer, ...] = ()
    persons: tuple[ContactPerson, ...] = ()
    castings: tuple[Casting, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    carried_class: str | None = None
    revision: int = 0
    merged: tuple[MergedGroup, ...] = ()
    """Groups merged into this one (given-up numbers), oldest first."""

    @property
    def casting(self) -> Casting | None:
        """The latest casting, or None if the group was never cast."""
        # Same day: the one saved last (seq), then the later in the list; never the random id.
        # A plain walk, not max() with a key: asked twice for every group of a team overview.
        found = None
        for casting in self.castings:
            if found is None or (casting.date, casting.seq) >= (found.date, found.seq):
                found = casting
        return found

    @property
    def cls(self) -> str | None:
        """Class in force: the latest casting's, else one carried over from an import."""
        casting = self.casting
        return casting.final_class if casting else self.carried_class

    def active_assignments(self, as_of: date) -> tuple[Assignment, ...]:
        return tuple(a for a in self.assignments if a.active_on(as_of))

    def to_json(self) -> dict:
        extra = {"merged": [m._asdict() for m in self.merged]} if self.merged else {}
        return {
            "id": self.id,
            "number": self.number,
            "name": self.name,
            "segment": self.segment,
            "lead": self.lead,
            "customers": [{"number": c.number, "name": c.name} for c in self.customers],
            "persons": [p.to_json() for p in self.persons],
            "castings": [c.to_json() for c in self.castings],
            "assignments": [a.to_json() for a in self.assignments],
            "carried_class": self.carried_class,
            "revision": self.revision,
        } | extra  # only merged groups carry the key: other records stay byte for byte

    @classmethod
    def from_json(cls, d: dict) -> Group:
        return cls(
            id=d["id"],
            number=str(d["number"]),
            name=d["name"],
            segment=sys.intern(d.get("segment", "")),
            lead=sys.intern(d["lead"]),
            customers=tuple(Customer(c["number"], c["name"]) for c in d.get("customers", ())),
            persons=tuple(ContactPerson.from_json(p) for p in d.get("persons", ())),
            castings=tuple(Casting.from_json(c) for c in d.get("castings", ())),
            assignments=tuple(Assignment.from_json(a) for a in d.get("assignments", ())),
            carried_class=d.get("carried_class"),
            revision=int(d.get("revision", 0)),
            merged=tuple(MergedGroup(**m) for m in d.get("merged", ())),
        )


class Contact(NamedTuple):
    """One logged conversation or attempt. `department` None means the lead advisor's role.

    A NamedTuple rather than a frozen dataclass, on purpose: an institute has 250,000 of
    them and all are built at every start; a tuple is built about five times faster, which
    is a large share of the 1.5 s the due list may take. It is just as immutable.
    """

    id: str
    group: str
    date: date
    by: str
    outcome: str
    channel: str = ""
    format: str = ""
    department: str | None = None
    follow_up: date | None = None
    note: str = ""
    person: str = ""
    """Id of the group's contact person spoken to, or empty."""
    logged_at: str = ""
    meeting: str = ""
    """For "Termin vereinbart": the meeting's date and time, ISO ("2026-12-03T10:00")."""
    deal: float | None = None
    """Contribution of a deal closed in this conversation (€), for the success planning."""
    seq: int = 0
    """Save sequence from the store's counter (model/store/sequence.py): which of two entries
    of one day was saved later, across PCs, whatever their clocks say. 0: saved before
    sequences existed (then `logged_at`, the writer's clock, is all there is)."""

    @property
    def role(self) -> str:
        return self.department or LEAD

    def to_json(self) -> dict:
        d = {
            "id": self.id,
            "group": self.group,
            "date": self.date.isoformat(),
            "by": self.by,
            "outcome": self.outcome,
            "channel": self.channel,
            "format": self.format,
        }
        # Empty optional fields are left out: contact logs are the bulk of the store and
        # every key saved is parse time saved at the next cold start.
        if self.department:
            d["department"] = self.department
        if self.follow_up:
            d["follow_up"] = self.follow_up.isoformat()
        if self.note:
            d["note"] = self.note
        if self.person:
            d["person"] = self.person
        if self.logged_at:
            d["logged_at"] = self.logged_at
        if self.meeting:
            d["meeting"] = self.meeting
        if self.deal is not None:
            d["deal"] = self.deal
        if self.seq:
            d["seq"] = self.seq
        return d

    @classmethod
    def from_json(cls, d: dict, dates: dict[str, date] | None = None, group: str | None = None) -> Contact:
        """`dates` memoises parsed dates: 250,000 contacts share a few thousand days. `group`
        for a record that does not carry it (an entry of the status index)."""
        dates = {} if dates is None else dates
        day = d["date"]
        parsed = dates.get(day)
        if parsed is None:
            parsed = dates[day] = date.fromisoformat(day)
        follow_up = d.get("follow_up")
        if follow_up is not None:
            follow = dates.get(follow_up)
            if follow is None:
                follow = dates[follow_up] = date.fromisoformat(follow_up)
            follow_up = follow
        # Group, advisor, outcome, channel, format, department and person are few distinct
        # texts among a million contacts; read from JSON each would be a string of its own.
        # Interned, a contact takes about 320 of 800 bytes less (docs/benchmarks.md). The
        # files' records are checked to hold texts there (records.py) before this runs.
        department = d.get("department")
        return cls._make(
            (
                d["id"],
                sys.intern(d["group"] if group is None else group),
                parsed,
                sys.intern(d["by"]),
                sys.intern(d["outcome"]),
                sys.intern(d.get("channel", "")),
                sys.intern(d.get("format", "")),
                department and sys.intern(department),
                follow_up,
                d.get("note", ""),
                sys.intern(d.get("person", "")),
                d.get("logged_at", ""),
                d.get("meeting", ""),
                d.get("deal"),
                d.get("seq", 0),
            )
        )


def save_order(contact: Contact) -> tuple:
    """The order of entries (docs/rules.md, rule 4): by date; entries of one day in the order
    they were saved — the store's save sequence, which no PC's clock influences; entries saved
    before sequences existed come first and among themselves by the writer's clock."""
    return (contact.date, contact.seq, contact.logged_at, contact.id)


def with_revision(group: Group, revision: int) -> Group:
    return replace(group, revision=revision)


# A Kürzel names files (contacts/JJJJ/KÜRZEL.json, audit/KÜRZEL-JJJJ.jsonl): checked before
# any path is built from it, so "../../x" or a Windows device name never reaches the share.
CODE_PATTERN = re.compile(r"[A-Za-z0-9ÄÖÜäöüß]{2,8}")
DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)})
CODE_RULE = "erlaubt sind 2 bis 8 Buchstaben oder Ziffern, kein Gerätename wie CON, NUL, PRN, AUX, COM1 oder LPT1"


def valid_code(code: str) -> bool:
    """Whether `code` is acceptable as an advisor's Kürzel (it also names files in the store)."""
    return isinstance(code, str) and CODE_PATTERN.fullmatch(code) is not None and code.upper() not in DEVICE_NAMES


def code_problem(code: str) -> str | None:
    """The German message for an unusable Kürzel, else None."""
    return None if valid_code(code) else f"Ungültiges Kürzel {code!r}: {CODE_RULE}."

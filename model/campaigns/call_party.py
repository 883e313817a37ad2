"""Call Party (docs/rules.md, rule 8, essay "Umsetzung / Call Party"): when the team meets, which
inactive groups each advisor phones, and the shared session record several PCs work at once.

The schedule is configuration: an RFC 5545 rule (default every 2nd Tuesday at 09:00) read by
`dateutil.rrule`. A date that falls on a public holiday of the institute's federal state is
skipped, not moved: the ritual lives from its fixed day, and a moved party collides with
other fixed meetings.

A session lives as a plain dict in the shared store collection "call-parties". Every change is
a pure function `records -> records`, handed to `Store.update_collection`, which runs it on the
freshly read records under the collection's lock. Outcomes are keyed by group, so two PCs
recording at the same moment each add their own key and never overwrite each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

from model.config import Config
from model.contacts.due import InactiveItem, inactive_groups
from model.contacts.guided_call import CallInput, allowed_formats, default_format, suggested_follow_up
from model.entities import Contact, Group, save_order
from model.german.dates import format_date_de
from model.german.workdays import WEEKDAY_NAMES, holiday_name

COLLECTION = "call-parties"

APPOINTMENT, FOLLOW_UP, NOT_REACHED, NO_INTEREST = "Termin vereinbart", "Folgekontakt", "nicht erreicht", "kein Interesse"
OUTCOMES = (APPOINTMENT, FOLLOW_UP, NOT_REACHED, NO_INTEREST)
"""In the order of their keys 1–4 on the screen."""

CONTACT_OUTCOME = {APPOINTMENT: "Termin vereinbart", FOLLOW_UP: "Gespräch geführt",
                   NOT_REACHED: "nicht erreicht", NO_INTEREST: "kein Interesse"}  # fmt: skip
"""A call-party outcome as the contact log's Ergebnis: a follow-up agreed means the customer
was reached and spoken to."""

# A rule whose every date is a holiday (e.g. yearly on 25.12.) would never yield a party;
# looking this many dates ahead is years of any sensible rule.
_LOOKAHEAD = 400
# A session nobody ended is no longer "running" after this long (a forgotten session must not
# greet the team two weeks later).
_STALE_AFTER = timedelta(hours=12)


# ---- schedule -------------------------------------------------------------------------------


def _rule(config: Config):
    cp = config.call_party
    try:
        if "DTSTART" in cp.rrule.upper():
            return rrulestr(cp.rrule)
        return rrulestr(cp.rrule, dtstart=datetime.fromisoformat(cp.dtstart))
    except (ValueError, TypeError) as exc:
        raise ValueError(f"Call-Party-Regel {cp.rrule!r} ist nicht lesbar: {exc}") from None


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def call_party_dates(config: Config, start: datetime, end: datetime) -> list[datetime]:
    """Every call party from `start` to `end` (both inclusive), holidays left out."""
    result = []
    for occurrence in _rule(config).xafter(_naive(start), inc=True):
        if occurrence > _naive(end):
            break
        if holiday_name(occurrence.date(), config.federal_state) is None:
            result.append(occurrence)
    return result


def next_call_party(config: Config, now: datetime) -> datetime | None:
    """The first call party at or after `now` that is no public holiday; None when the rule
    has ended (COUNT/UNTIL) or finds nothing within its next 400 dates."""
    for occurrence in _rule(config).xafter(_naive(now), count=_LOOKAHEAD, inc=True):
        if holiday_name(occurrence.date(), config.federal_state) is None:
            return occurrence
    return None


def next_party_note(config: Config, day: date) -> str:
    """ " · nächste Call Party: Di 08.12.2026 09:00" for the start screen's header line, from
    the start of `day` (a party at 09:00 today stays visible all day); "" when none is planned
    or the configured rule cannot be read (the start screen must open anyway)."""
    try:
        upcoming = next_call_party(config, datetime.combine(day, datetime.min.time()))
    except ValueError:
        return ""
    if upcoming is None:
        return ""
    weekday = WEEKDAY_NAMES[upcoming.weekday()][:2]
    return f" · nächste Call Party: {weekday} {format_date_de(upcoming.date())} {upcoming:%H:%M}"


# ---- queue ----------------------------------------------------------------------------------


def _meeting_day(contact: Contact) -> date | None:
    try:
        return datetime.fromisoformat(contact.meeting).date() if contact.meeting else None
    except ValueError:
        return None  # a hand-edited store; an unreadable meeting is no booked meeting


def is_planned(contacts: Iterable[Contact], today: date) -> bool:
    """True when some role's latest entry agrees a follow-up after today, or a meeting is
    booked for today or later: such a group is already in someone's hands."""
    latest: dict[str, Contact] = {}
    for c in contacts:
        if c.date > today:
            continue
        meeting = _meeting_day(c)
        if meeting is not None and meeting >= today:
            return True
        known = latest.get(c.role)
        if known is None or save_order(c) > save_order(known):
            latest[c.role] = c
    return any(c.follow_up is not None and c.follow_up > today for c in latest.values())


def select_queue(
    advisor: str,
    groups: Iterable[Group],
    contacts: Mapping[str, Sequence[Contact]],
    config: Config,
    today: date,
    size: int | None = None,
) -> list[InactiveItem]:
    """The advisor's own inactive groups for a call party: class A first, then longest
    inactivity, without groups that have a follow-up or meeting agreed; `size` defaults to
    the configured groups per advisor."""
    limit = config.call_party.groups_per_advisor if size is None else size
    chosen = []
    for item in inactive_groups(groups, contacts, config, today, advisor=advisor):
        if not is_planned(contacts.get(item.group.id, ()), today):
            chosen.append(item)
            if len(chosen) == limit:
                break
    return chosen


# ---- session records ------------------------------------------------------------------------


def new_session(
    session_id: str,
    started_by: str,
    start: datetime,
    minutes: int,
    queues: Mapping[str, Sequence[str]],
) -> dict:
    """A session record; `queues` maps each participating advisor to their group ids in the
    order they are called."""
    return {
        "id": session_id,
        "started_by": started_by,
        "start": start.isoformat(timespec="seconds"),
        "minutes": int(minutes),
        "participants": list(queues),
        "queues": {advisor: list(ids) for advisor, ids in queues.items()},
        "outcomes": {},
        "ended": None,
        "ended_by": None,
    }


def start_session(records: list[dict], session: dict, now: datetime) -> list[dict]:
    """Add `session`; refused (ValueError) while another session is still running, so two
    team leads starting at once end up with one party."""
    running = running_session(records, now)
    if running is not None:
        raise ValueError(f"Es läuft bereits eine Call Party (gestartet von {running['started_by']}).")
    return [*records, session]


def _replace(records: list[dict], session_id: str, change) -> list[dict]:
    result, found = [], False
    for record in records:
        if record.get("id") == session_id:
            record, found = change(dict(record)), True
        result.append(record)
    if not found:
        raise ValueError("Diese Call Party gibt es nicht (mehr).")
    return result


def record_outcome(
    records: list[dict],
    session_id: str,
    group_id: str,
    outcome: str,
    by: str,
    at: datetime,
    when: str = "",
) -> list[dict]:
    """Add one call's outcome; `when` is the ISO date (follow-up) or date and time (meeting).
    Only this group's key is touched: colleagues' outcomes in the fresh record stay."""
    if outcome not in OUTCOMES:
        raise ValueError(f"Unbekanntes Ergebnis {outcome!r} (möglich: {', '.join(OUTCOMES)})")
    if outcome in (APPOINTMENT, FOLLOW_UP) and not when:
        raise ValueError(f"{outcome}: bitte ein Datum angeben.")

    def change(session: dict) -> dict:
        owner = next((a for a, ids in session.get("queues", {}).items() if group_id in ids), by)
        outcomes = dict(session.get("outcomes", {}))
        outcomes[group_id] = {
            "outcome": outcome,
            "date": when or None,
            "advisor": owner,
            "by": by,
            "at": at.isoformat(timespec="seconds"),
        }
        return {**session, "outcomes": outcomes}

    return _replace(records, session_id, change)


def withdraw_outcome(records: list[dict], session_id: str, group_id: str, by: str) -> list[dict]:
    """Take back the outcome `by` recorded for one group (the one-key undo); a colleague's
    outcome for it, or none, is left as it is."""

    def change(session: dict) -> dict:
        outcomes = dict(session.get("outcomes", {}))
        if outcomes.get(group_id, {}).get("by") != by:
            return session
        del outcomes[group_id]
        return {**session, "outcomes": outcomes}

    return _replace(records, session_id, change)


def end_session(records: list[dict], session_id: str, by: str, at: datetime) -> list[dict]:
    """Close the session; ending twice keeps the first end (two PCs pressing at once)."""

    def change(session: dict) -> dict:
        if session.get("ended"):
            return session
        return {**session, "ended": at.isoformat(timespec="seconds"), "ended_by": by}

    return _replace(records, session_id, change)


def session_start(session: dict) -> datetime:
    return datetime.fromisoformat(session["start"])


def running_session(records: Iterable[dict], now: datetime) -> dict | None:
    """The newest session not ended and started within the last 12 hours, or None."""
    running = [
        r for r in records
        if not r.get("ended") and timedelta(0) <= now - session_start(r) < _STALE_AFTER
    ]  # fmt: skip
    return max(running, key=session_start, default=None)


def remaining(session: dict, now: datetime) -> timedelta:
    """Time left in the time box, never negative."""
    end = session_start(session) + timedelta(minutes=int(session["minutes"]))
    return max(end - now, timedelta(0))


def format_countdown(left: timedelta) -> str:
    """`1:14:59` or `04:59` – what the team sees ticking down."""
    seconds = int(left.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def open_groups(session: dict, advisor: str) -> list[str]:
    """The advisor's groups still without an outcome, in queue order."""
    done = session.get("outcomes", {})
    return [g for g in session.get("queues", {}).get(advisor, ()) if g not in done]


def call_input(
    outcome: str,
    group: Group,
    role: str,
    config: Config,
    today: date,
    when: date | datetime | None = None,
) -> CallInput:
    """The call-party outcome as the guided call's input, so `calls.build_call` checks and
    builds the Contact ("Active Call", by phone) exactly as for any other call. `when` is the
    meeting (date and time) or the agreed follow-up day; without one the usual suggestion
    applies (next working day after "nicht erreicht", the class interval otherwise)."""
    logged = CONTACT_OUTCOME[outcome]
    fmt = "Active Call" if "Active Call" in allowed_formats(config, group) else default_format(config, group)
    meeting_day = meeting_time = ""
    if outcome == APPOINTMENT and isinstance(when, datetime):
        meeting_day, meeting_time = format_date_de(when.date()), f"{when:%H:%M}"
        follow_up = suggested_follow_up(group, role, logged, config, today, when.date()).day
    elif outcome == FOLLOW_UP and when is not None:
        follow_up = when.date() if isinstance(when, datetime) else when
    else:
        follow_up = suggested_follow_up(group, role, logged, config, today).day
    return CallInput(
        outcome=logged, channel="Telefon", format=fmt, person="", note="Call Party",
        follow_up=format_date_de(follow_up), meeting_day=meeting_day, meeting_time=meeting_time,
    )  # fmt: skip


# ---- summary --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    advisor: str
    """Kürzel, or "Team" for the sum."""
    queued: int
    calls: int
    reached: int
    meetings: int
    follow_ups: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    start: datetime
    minutes: int
    ended: bool
    advisors: tuple[Tally, ...]
    team: Tally


def _tally(advisor: str, queued: int, outcomes: Iterable[str]) -> Tally:
    outcomes = list(outcomes)
    return Tally(
        advisor,
        queued,
        calls=len(outcomes),
        reached=sum(1 for o in outcomes if o != NOT_REACHED),
        meetings=outcomes.count(APPOINTMENT),
        follow_ups=outcomes.count(FOLLOW_UP),
    )


def summarize(session: dict) -> SessionSummary:
    """Calls, reached, meetings booked and follow-ups per advisor (whose queue held the
    group) and for the team; the same figures for every session, so they compare."""
    per_advisor: dict[str, list[str]] = defaultdict(list)
    for result in session.get("outcomes", {}).values():
        per_advisor[result.get("advisor") or result.get("by", "")].append(result["outcome"])
    queues = session.get("queues", {})
    advisors = [*queues, *sorted(a for a in per_advisor if a not in queues)]
    rows = tuple(_tally(a, len(queues.get(a, ())), per_advisor.get(a, ())) for a in advisors)
    team = _tally("Team", sum(r.queued for r in rows), [o for a in advisors for o in per_advisor.get(a, ())])
    return SessionSummary(session["id"], session_start(session), int(session["minutes"]), bool(session.get("ended")), rows, team)


def session_history(records: Iterable[dict]) -> list[SessionSummary]:
    """Every session's summary, oldest first (the chart of meetings per session)."""
    return sorted((summarize(r) for r in records), key=lambda s: s.start)

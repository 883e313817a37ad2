"""Care Calls (docs/rules.md, rule 9, essay "Monitoring"): every Monday a short satisfaction call
to the groups that had a consultation in the previous calendar week, and the results per
advisor week by week.

Weeks are ISO calendar weeks ("2026-W53", Monday to Sunday), as German calendars number them;
the week after 28.12.2026 is therefore 2026-W53, not 2027-W01. A survey is a plain dict in
the shared store collection "care-call-surveys"; the functions here build, check, merge and
count those dicts and never touch the store themselves.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from model.config import Config
from model.entities import Contact, Group, save_order

COLLECTION = "care-call-surveys"
SURVEY_NAMESPACE = uuid.UUID("0b7c9e52-3f1a-5d84-a6e2-91c4d07b5f13")
"""Fixed forever: a survey's id comes from its group, week and campaign, so a survey typed in
F11 and the same survey imported are one record."""


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str
    options: tuple[str, ...]
    """Chosen by key 1…n on the screen; stored as the label, so a report reads on its own."""


_HOW_OFTEN = ("monatlich", "quartalsweise", "halbjährlich", "jährlich", "seltener")
QUESTIONS: tuple[Question, ...] = (
    Question("contact_frequency", "Wie oft meldet sich Ihr Kundenberater bei Ihnen?", _HOW_OFTEN),
    Question("meeting_frequency", "Wie oft treffen Sie Ihren Kundenberater?", _HOW_OFTEN),
    Question(
        "last_goals_talk",
        "Wann hatten Sie das letzte ausführliche Gespräch über Ihre Ziele und Pläne?",
        ("in den letzten 3 Monaten", "vor 3 bis 6 Monaten", "vor 6 bis 12 Monaten", "vor über einem Jahr", "noch nie"),
    ),
)
SCORES = (1, 2, 3, 4, 5)
"""Satisfaction: 1 very dissatisfied … 5 very satisfied (as customers rate with stars)."""
SCORE_LABELS = {1: "sehr unzufrieden", 2: "unzufrieden", 3: "teils/teils", 4: "zufrieden", 5: "sehr zufrieden"}

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


# ---- weeks ----------------------------------------------------------------------------------


def week_of(day: date) -> str:
    """The ISO week of `day` as "YYYY-Www" (the ISO year, which differs near New Year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(week: str) -> tuple[date, date]:
    """ "2026-W53" → (Monday, Sunday); German ValueError for anything else."""
    match = _WEEK.match(week.strip())
    if match:
        try:
            monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
            return monday, monday + timedelta(days=6)
        except ValueError:
            pass
    raise ValueError(f'"{week}" ist keine Kalenderwoche (erwartet z. B. 2026-W48)')


def previous_week(day: date) -> str:
    """The calendar week before the one `day` lies in: what the Monday list covers."""
    return week_of(day - timedelta(days=day.weekday() + 1))


def shift_week(week: str, weeks: int) -> str:
    monday, _ = week_days(week)
    return week_of(monday + timedelta(weeks=weeks))


def describe_week(week: str) -> str:
    """ "KW 53/2026 (28.12.2026–03.01.2027)"."""
    monday, sunday = week_days(week)
    year, number = week.split("-W")
    return f"KW {int(number)}/{year} ({monday:%d.%m.%Y}–{sunday:%d.%m.%Y})"


# ---- the list -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CareCallItem:
    group: Group
    lead: str
    consultation: Contact
    """The week's latest consultation with the group."""


def is_consultation(contact: Contact, config: Config) -> bool:
    """A reached contact of a consultation format (Jahres-, Strategie-, Rating-, Beratungsgespräch)."""
    return contact.format in config.consultation_formats and config.counts(contact.outcome)


def care_call_list(
    groups: Mapping[str, Group],
    contacts: Mapping[str, Sequence[Contact]],
    config: Config,
    week: str,
) -> list[CareCallItem]:
    """Groups with a consultation in `week` (Monday–Sunday), by lead advisor, then day, then name."""
    monday, sunday = week_days(week)
    items = []
    for group_id, entries in contacts.items():
        group = groups.get(group_id)
        if group is None:
            continue
        held = [c for c in entries if monday <= c.date <= sunday and is_consultation(c, config)]
        if held:
            latest = max(held, key=save_order)
            items.append(CareCallItem(group, group.lead, latest))
    items.sort(key=lambda i: (i.lead, i.consultation.date, i.group.name))
    return items


# ---- surveys --------------------------------------------------------------------------------


def new_survey(
    survey_id: str,
    group: Group,
    week: str,
    answers: Mapping[str, str],
    score: int,
    comment: str,
    by: str,
    at: datetime,
    campaign: str = "",
    channel: str = "",
    reference: str = "",
) -> dict:
    """A checked survey record; ValueError (German) naming what is missing or unknown.
    `survey_id` "" takes the stable id of (group, week, campaign)."""
    week_days(week)
    for question in QUESTIONS:
        answer = answers.get(question.key)
        if answer not in question.options:
            raise ValueError(f"Frage „{question.text}“: bitte eine der Antworten 1–{len(question.options)} wählen.")
    if score not in SCORES:
        raise ValueError("Zufriedenheit: bitte 1 bis 5 wählen.")
    extra = {k: v for k, v in (("campaign", campaign), ("channel", channel), ("reference", reference)) if v}
    return {
        "id": survey_id or stable_survey_id(group.id, week, campaign),
        "group": group.id,
        "group_number": group.number,
        "advisor": group.lead,  # whose portfolio it judges, kept as it was on the day
        "week": week,
        "answers": {q.key: answers[q.key] for q in QUESTIONS},
        "score": score,
        "comment": comment.strip(),
        "by": by,
        "at": at.isoformat(timespec="seconds"),
    } | extra  # weekly surveys typed in F11 keep their old shape


def survey_key(record: Mapping) -> tuple[str, str, str]:
    """One survey per group, week and campaign ("" = the weekly care call)."""
    return record.get("group", ""), record.get("week", ""), record.get("campaign", "")


def stable_survey_id(group_id: str, week: str, campaign: str = "") -> str:
    return str(uuid.uuid5(SURVEY_NAMESPACE, f"{group_id}|{week}|{campaign}"))


def same_answers(a: Mapping, b: Mapping) -> bool:
    """Whether two surveys say the same (who typed them and when aside): an import of the
    same answers again changes nothing."""
    return all(a.get(k) == b.get(k) for k in ("answers", "score", "comment"))


def save_survey(records: list[dict], survey: dict) -> list[dict]:
    """Add the survey; a second survey of the same group in the same week replaces the
    first (the caller corrected it), every other record stays as read."""
    kept = [r for r in records if survey_key(r) != survey_key(survey)]
    return [*kept, survey]


def surveyed(records: Iterable[dict], week: str) -> dict[str, dict]:
    """Group id → that group's weekly care-call survey in `week` (campaigns aside)."""
    return {r["group"]: r for r in records if r.get("week") == week and not r.get("campaign")}


def weekly(records: Iterable[dict], campaign: str = "") -> list[dict]:
    """The weekly care-call surveys ("") or those of one campaign."""
    return [r for r in records if r.get("campaign", "") == campaign]


# ---- results --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Result:
    """Surveys of one advisor (or "Team") in one week (or over all weeks, week "")."""

    advisor: str
    week: str
    count: int
    average: float | None
    answers: Mapping[str, Mapping[str, int]]
    """Question key → answer label → how often."""


def _result(advisor: str, week: str, surveys: Sequence[dict]) -> Result:
    scores = [int(s["score"]) for s in surveys if s.get("score") in SCORES]
    answers = {q.key: dict(Counter(s.get("answers", {}).get(q.key) for s in surveys if s.get("answers"))) for q in QUESTIONS}
    return Result(advisor, week, len(surveys), sum(scores) / len(scores) if scores else None, answers)


def weekly_trend(records: Iterable[dict], advisor: str | None = None) -> list[Result]:
    """One result per week, oldest first, for one advisor's portfolio (None: the team)."""
    by_week: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if advisor is None or r.get("advisor") == advisor:
            by_week[r["week"]].append(r)
    return [_result(advisor or "Team", week, by_week[week]) for week in sorted(by_week)]


def per_advisor(records: Iterable[dict], weeks: Iterable[str] | None = None) -> list[Result]:
    """One result per advisor over `weeks` (None: all weeks), by Kürzel; for the team lead."""
    chosen = None if weeks is None else set(weeks)
    by_advisor: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if chosen is None or r.get("week") in chosen:
            by_advisor[r.get("advisor", "")].append(r)
    return [_result(a, "", by_advisor[a]) for a in sorted(by_advisor)]


def most_given(result: Result, key: str) -> str:
    """The answer given most often to one question ("–" when none), for a one-line view."""
    counts = result.answers.get(key) or {}
    return max(counts, key=lambda label: (counts[label], label), default="–") if counts else "–"

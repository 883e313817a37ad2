"""Perceived against logged: each answered survey beside what the contact log says about the
same group over the same span ("meldet sich: quartalsweise" against 1 logged contact in 12
months). Per advisor: the share of customers whose perception matches the log, week by week,
and the groups with the largest gap.

The span ends on the Sunday of the survey's week (for a weekly care call: the week of the
consultation asked about) and reaches 12 calendar months back (`Period.last_months`). The log is
every entry of the group, in any role (a customer does not tell the lead advisor from a
department's colleague), that `Config.counted` accepts — a Care Call entry is the survey
itself, not a contact. The log is turned into the answer it implies:

- how often in touch: ≥ 12 contacts monatlich, ≥ 4 quartalsweise, ≥ 2 halbjährlich, 1 jährlich,
  none seltener; how often met: the same, counting only the `meeting_channels`
  (default Besuch, Video, Filiale);
- last thorough talk about goals: the latest consultation (`is_consultation`) within 3 months
  (the day 3 months back included), 6 months, 12 months, earlier, or none logged ("noch nie").

A question matches when the answer is the implied one; a customer matches when all three do.
The gap counts the scale steps between answer and log over the three questions; `steps` > 0
means the customer perceives less (or longer ago) than the log shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from model.campaigns.care_calls import QUESTIONS, is_consultation, week_days
from model.config import Config
from model.entities import Contact, Group
from model.german.dates import format_date_de
from model.monitoring.soll_ist import Period

DEFAULT_MEETING_CHANNELS = ("Besuch", "Video", "Filiale")
SHORT = {"contact_frequency": "meldet sich", "meeting_frequency": "Treffen", "last_goals_talk": "letztes Zielgespräch"}
"""The questions in two words, for one-line views."""
_HOW_OFTEN_AT_LEAST = (12, 4, 2, 1)  # contacts in 12 months for monatlich … jährlich
_GOALS_MONTHS = (3, 6, 12)


@dataclass(frozen=True, slots=True)
class Comparison:
    key: str
    answer: str
    logged: str
    """The answer the log implies (a label of the same scale)."""
    evidence: str
    """What the log says, in words: "1 Kontakt in 12 Monaten"."""
    steps: int

    @property
    def matches(self) -> bool:
        return self.steps == 0


@dataclass(frozen=True, slots=True)
class SurveyComparison:
    survey: Mapping
    group: Group
    items: tuple[Comparison, ...]

    @property
    def advisor(self) -> str:
        return self.survey.get("advisor", "")

    @property
    def week(self) -> str:
        return self.survey.get("week", "")

    @property
    def matches(self) -> bool:
        return all(i.matches for i in self.items)

    @property
    def gap(self) -> int:
        return sum(abs(i.steps) for i in self.items)


def meeting_channels(config: Config) -> tuple[str, ...]:
    return tuple(config.raw.get("meeting_channels") or DEFAULT_MEETING_CHANNELS)


def how_often(count: int) -> str:
    options = QUESTIONS[0].options
    return next((options[i] for i, least in enumerate(_HOW_OFTEN_AT_LEAST) if count >= least), options[-1])


def goals_talk(last: date | None, day: date) -> str:
    options = QUESTIONS[2].options
    if last is None:
        return options[-1]
    for index, months in enumerate(_GOALS_MONTHS):
        if last >= day - relativedelta(months=months):
            return options[index]
    return options[len(_GOALS_MONTHS)]


def _steps(key: str, answer: str, logged: str) -> int:
    options = next(q.options for q in QUESTIONS if q.key == key)
    return options.index(answer) - options.index(logged)


def _times(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many} in 12 Monaten"


def compare(survey: Mapping, group: Group, entries: Sequence[Contact], config: Config) -> SurveyComparison:
    """One survey beside the group's log."""
    _, day = week_days(survey["week"])
    span = Period.last_months(day, 12)
    log = [c for c in entries if c.date in span and config.counted(c)]
    channels = meeting_channels(config)
    met = [c for c in log if c.channel in channels]
    consultations = [c.date for c in entries if c.date <= day and is_consultation(c, config) and config.counted(c)]
    last = max(consultations, default=None)
    answers = survey.get("answers", {})
    implied = {
        "contact_frequency": (how_often(len(log)), _times(len(log), "Kontakt", "Kontakte")),
        "meeting_frequency": (how_often(len(met)), _times(len(met), "Treffen", "Treffen")),
        "last_goals_talk": (
            goals_talk(last, day),
            f"Beratungsgespräch am {format_date_de(last)}" if last else "kein Beratungsgespräch im Log",
        ),
    }
    items = tuple(
        Comparison(q.key, answers[q.key], implied[q.key][0], implied[q.key][1], _steps(q.key, answers[q.key], implied[q.key][0]))
        for q in QUESTIONS
        if answers.get(q.key) in q.options
    )
    return SurveyComparison(survey, group, items)


def compare_all(
    surveys: Iterable[Mapping], groups: Mapping[str, Group], contacts: Mapping[str, Sequence[Contact]], config: Config
) -> list[SurveyComparison]:
    """Every survey of a group that still exists, oldest week first."""
    out = [
        compare(s, groups[s["group"]], contacts.get(s["group"], ()), config)
        for s in surveys
        if s.get("group") in groups and s.get("answers")
    ]
    out.sort(key=lambda c: (c.week, c.group.number))
    return out


@dataclass(frozen=True, slots=True)
class Agreement:
    """Comparisons of one advisor (or "Team") in one week (or over all, week "")."""

    advisor: str
    week: str
    surveys: int
    matching: int
    average_gap: float | None

    @property
    def share(self) -> float | None:
        return self.matching / self.surveys if self.surveys else None


def _agreement(advisor: str, week: str, items: Sequence[SurveyComparison]) -> Agreement:
    gaps = [c.gap for c in items]
    return Agreement(advisor, week, len(items), sum(1 for c in items if c.matches), sum(gaps) / len(gaps) if gaps else None)


def agreement_by_week(comparisons: Iterable[SurveyComparison], advisor: str | None = None) -> list[Agreement]:
    """One row per week, oldest first, for one advisor's portfolio (None: the team)."""
    by_week: dict[str, list[SurveyComparison]] = defaultdict(list)
    for c in comparisons:
        if advisor is None or c.advisor == advisor:
            by_week[c.week].append(c)
    return [_agreement(advisor or "Team", w, by_week[w]) for w in sorted(by_week)]


def agreement_by_advisor(comparisons: Iterable[SurveyComparison]) -> list[Agreement]:
    """One row per advisor over all the comparisons given, by Kürzel; for the team lead."""
    by_advisor: dict[str, list[SurveyComparison]] = defaultdict(list)
    for c in comparisons:
        by_advisor[c.advisor].append(c)
    return [_agreement(a, "", by_advisor[a]) for a in sorted(by_advisor)]


def largest_gaps(comparisons: Iterable[SurveyComparison], limit: int = 10) -> list[SurveyComparison]:
    """The surveys furthest from the log (gap > 0), largest first, then the newest week."""
    found = [c for c in comparisons if c.gap > 0]
    found.sort(key=lambda c: (-c.gap, _neg_week(c.week), c.group.number))
    return found[:limit]


def _neg_week(week: str) -> tuple[int, int]:
    year, number = week.split("-W")
    return -int(year), -int(number)

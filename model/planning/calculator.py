"""Erfolgsplanung (success planning), docs/rules.md, rule 10: the calculator at the end of the essay,
month by month, so that the table "Kontaktstrategie: Planung" comes out exactly.

The model in words (also shown on screen and in the README):

- Active calls are spread evenly over the 12 months of a year and go on in the following years.
- Of the calls in a month, `immediate_rate` give a meeting in the month after the call
  (plus `lead_time` months).
- Of the calls in a month, `follow_up_rate` get a follow-up call `follow_up_delay` months
  later; `follow_up_meeting_rate` of those give a meeting in the month after the follow-up call
  (plus `lead_time`).
- A meeting converts in steps after 3, 6, 12 and 18 months: the increments of the cumulative
  conversion rates (10/20/30/40 % → 10 % each). A conversion earns `contribution` and counts
  in the calendar year of its month; the plan starts in January of year 1.

Sums are taken in exact fractions (inputs read through their decimal text), so 441.000 € is
441000.0 and not 440999.99999 — the essay's figures are tested for equality.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction

from model.german.counts import counted
from model.german.numbers import MAX_AMOUNT, format_number, round_half_up

CONVERSION_MONTHS = (3, 6, 12, 18)
"""Months after the meeting at which the cumulative conversion rates are reached."""

MONTHS_PER_YEAR = 12
WORKDAYS_PER_WEEK = 5
TABLE_MONTHS = 36


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Every input of the essay's table; the defaults are the essay's (rates as shares)."""

    advisors: int = 9
    working_days: int = 210
    calls_per_day: float = 1.0
    immediate_rate: float = 0.40
    follow_up_rate: float = 0.40
    follow_up_delay: int = 6
    follow_up_meeting_rate: float = 0.50
    conversion: tuple[float, float, float, float] = (0.10, 0.20, 0.30, 0.40)
    """Cumulative conversion after CONVERSION_MONTHS (3, 6, 12, 18) months."""
    contribution: float = 5000.0
    """Deckungsbeitrag je Conversion in €."""
    lead_time: int = 0
    """Further months between a call and its meeting (0: meeting in the month after)."""

    def problems(self) -> dict[str, str]:
        """Field name → German message for every input that the model cannot use."""
        found: dict[str, str] = {}
        if self.advisors < 1:
            found["advisors"] = "mindestens 1 Betreuer"
        elif self.advisors > 10_000:
            found["advisors"] = "höchstens 10.000 Betreuer"
        if not 1 <= self.working_days <= 366:
            found["working_days"] = "Arbeitstage zwischen 1 und 366"
        if self.calls_per_day < 0:
            found["calls_per_day"] = "darf nicht negativ sein"
        elif self.calls_per_day > 1_000:
            found["calls_per_day"] = "höchstens 1.000 Calls pro Tag"
        for name in ("immediate_rate", "follow_up_rate", "follow_up_meeting_rate"):
            if not 0 <= getattr(self, name) <= 1:
                found[name] = "Quote zwischen 0 % und 100 %"
        if self.immediate_rate + self.follow_up_rate > 1 and "follow_up_rate" not in found:
            # Both are shares of the same calls: a call ends in a meeting or a follow-up date.
            found["follow_up_rate"] = "Sofort-Terminquote + Follow-up-Quote höchstens 100 %"
        if not 0 <= self.follow_up_delay <= 36:
            found["follow_up_delay"] = "zwischen 0 und 36 Monaten"
        if not 0 <= self.lead_time <= 24:
            found["lead_time"] = "zwischen 0 und 24 Monaten"
        if self.contribution < 0:
            found["contribution"] = "darf nicht negativ sein"
        elif self.contribution > MAX_AMOUNT:
            found["contribution"] = "höchstens 1.000.000.000.000 €"
        if len(self.conversion) != len(CONVERSION_MONTHS):
            found["conversion"] = "vier Werte (nach 3, 6, 12 und 18 Monaten)"
        else:
            previous = 0.0
            for months, rate in zip(CONVERSION_MONTHS, self.conversion):
                if not 0 <= rate <= 1:
                    found[f"conversion_{months}"] = "Quote zwischen 0 % und 100 %"
                elif rate < previous:
                    found[f"conversion_{months}"] = "kumuliert: nicht kleiner als die vorige Stufe"
                previous = max(previous, rate)
        return found


@dataclass(frozen=True, slots=True)
class MonthRow:
    """One month of the plan; month 1 is January of year 1."""

    month: int
    year: int
    calls: float
    follow_up_calls: float
    immediate_meetings: float
    follow_up_meetings: float
    meetings: float
    conversions: float
    amount: float


@dataclass(frozen=True, slots=True)
class YearTotal:
    year: int
    calls: float
    follow_up_calls: float
    meetings: float
    conversions: float
    amount: float


@dataclass(frozen=True, slots=True)
class PlanResult:
    """Every figure of the essay's table (yearly rates, once the plan runs), the month table
    and what the calendar years actually bring."""

    inputs: PlanInputs
    calls: float
    immediate_meetings: float
    follow_up_calls: float
    call_success_rate: float
    """Erfolgsquote Calls: share of calls ending in a meeting or a follow-up call."""
    follow_up_meetings: float
    meetings: float
    meetings_per_day: float
    """Meetings per working day and advisor (essay: ca. 0,60)."""
    meetings_per_week: float
    overall_rate: float
    """Erfolgsquote (gesamt): conversions per active call."""
    first_year: float
    following_year: float
    steady_state: float
    steady_state_conversions: float
    months: tuple[MonthRow, ...]
    years: tuple[YearTotal, ...]

    def per_advisor(self, value: float) -> float:
        return value / self.inputs.advisors if self.inputs.advisors else 0.0


def _exact(value: float) -> Fraction:
    """The number as typed: Fraction(0.4) would be 0.400000000000000022…, Fraction('0.4') is 2/5."""
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def _shifted(series: list[Fraction], lag: int, month: int) -> Fraction:
    return series[month - lag] if month - lag >= 0 else Fraction(0)


def calculate(inputs: PlanInputs, months: int = TABLE_MONTHS) -> PlanResult:
    """The plan for `inputs` over `months` months (at least 24, for first and following year).
    Invalid inputs (see `PlanInputs.problems`) are the caller's to reject; the sums still run."""
    months = max(months, 2 * MONTHS_PER_YEAR)
    advisors, days = _exact(inputs.advisors), _exact(inputs.working_days)
    immediate, follow_up = _exact(inputs.immediate_rate), _exact(inputs.follow_up_rate)
    follow_up_meeting, contribution = (
        _exact(inputs.follow_up_meeting_rate),
        _exact(inputs.contribution),
    )
    cumulative = [_exact(r) for r in inputs.conversion]
    steps = [c - p for c, p in zip(cumulative, [Fraction(0), *cumulative[:-1]])]
    to_meeting = 1 + inputs.lead_time  # a meeting falls in the month after its call, plus lead time

    calls_year = advisors * days * _exact(inputs.calls_per_day)
    calls = [calls_year / MONTHS_PER_YEAR] * months
    follow_up_calls = [follow_up * _shifted(calls, inputs.follow_up_delay, m) for m in range(months)]
    immediate_meetings = [immediate * _shifted(calls, to_meeting, m) for m in range(months)]
    follow_up_meetings = [follow_up_meeting * _shifted(follow_up_calls, to_meeting, m) for m in range(months)]
    meetings = [a + b for a, b in zip(immediate_meetings, follow_up_meetings)]
    conversions = [
        sum(
            (step * _shifted(meetings, lag, m) for step, lag in zip(steps, CONVERSION_MONTHS)),
            Fraction(0),
        )
        for m in range(months)
    ]

    rows = tuple(
        MonthRow(
            month=m + 1,
            year=m // MONTHS_PER_YEAR + 1,
            calls=float(calls[m]),
            follow_up_calls=float(follow_up_calls[m]),
            immediate_meetings=float(immediate_meetings[m]),
            follow_up_meetings=float(follow_up_meetings[m]),
            meetings=float(meetings[m]),
            conversions=float(conversions[m]),
            amount=float(conversions[m] * contribution),
        )
        for m in range(months)
    )
    years = []
    for year in range(1, months // MONTHS_PER_YEAR + 1):
        span = range((year - 1) * MONTHS_PER_YEAR, year * MONTHS_PER_YEAR)
        years.append(
            YearTotal(
                year=year,
                calls=float(sum(calls[m] for m in span)),
                follow_up_calls=float(sum(follow_up_calls[m] for m in span)),
                meetings=float(sum(meetings[m] for m in span)),
                conversions=float(sum(conversions[m] for m in span)),
                amount=float(sum(conversions[m] for m in span) * contribution),
            )
        )

    # The essay's yearly figures: what one full year of calls leads to once the plan runs.
    year_immediate = calls_year * immediate
    year_follow_up_calls = calls_year * follow_up
    year_follow_up_meetings = year_follow_up_calls * follow_up_meeting
    year_meetings = year_immediate + year_follow_up_meetings
    final_conversion = cumulative[-1] if cumulative else Fraction(0)
    overall = year_meetings / calls_year * final_conversion if calls_year else Fraction(0)
    advisor_days = advisors * days
    per_day = year_meetings / advisor_days if advisor_days else Fraction(0)
    return PlanResult(
        inputs=inputs,
        calls=float(calls_year),
        immediate_meetings=float(year_immediate),
        follow_up_calls=float(year_follow_up_calls),
        call_success_rate=float(immediate + follow_up),
        follow_up_meetings=float(year_follow_up_meetings),
        meetings=float(year_meetings),
        meetings_per_day=float(per_day),
        meetings_per_week=float(per_day * WORKDAYS_PER_WEEK),
        overall_rate=float(overall),
        first_year=years[0].amount,
        following_year=years[1].amount,
        steady_state=float(calls_year * overall * contribution),
        steady_state_conversions=float(calls_year * overall),
        months=rows,
        years=tuple(years),
    )


def format_rate(share: float) -> str:
    """0.4 → "40 %", 0.125 → "12,5 %": whole percent without decimals, else up to two."""
    percent = round_half_up(share * 100, 2)
    decimals = 0 if percent == int(percent) else (1 if percent * 10 == int(percent * 10) else 2)
    return f"{format_number(percent, decimals)} %"


def describe_model(inputs: PlanInputs) -> str:
    """The model in German words with the current inputs filled in."""

    def pct(share: float) -> str:
        return format_rate(share)

    after = "im Monat nach dem Anruf" if inputs.lead_time == 0 else f"{inputs.lead_time + 1} Monate nach dem Anruf"
    steps = ", ".join(f"{pct(r)} nach {m}" for m, r in zip(CONVERSION_MONTHS, inputs.conversion))
    return (
        "Rechnung Monat für Monat: Die Active Calls verteilen sich gleichmäßig auf die 12 Monate "
        "und laufen im Folgejahr weiter. "
        f"{pct(inputs.immediate_rate)} der Calls bringen einen Sofort-Termin, {after}. "
        f"{pct(inputs.follow_up_rate)} der Calls bekommen {counted(inputs.follow_up_delay, 'Monat', 'Monate')} später einen "
        f"Follow-up-Call; {pct(inputs.follow_up_meeting_rate)} davon bringen einen Termin im Monat danach"
        + (f" (plus {counted(inputs.lead_time, 'Monat', 'Monate')} Vorlauf)" if inputs.lead_time else "")
        + ". "
        f"Ein Termin führt gestaffelt zum Auftrag (kumuliert {steps} Monaten); jede Conversion bringt "
        "den Deckungsbeitrag und zählt im Kalenderjahr ihres Monats. Die Planung beginnt im Januar."
    )


INPUT_NAMES = tuple(f.name for f in fields(PlanInputs))

"""The success plan as people type and read it: the input fields with German labels, parsing of
German numbers and rates ("40", "40 %", "0,4"), the essay's table as labelled lines and the
month table. Shared by `kontakt plan` and the planning screen, so both say the same."""

from __future__ import annotations

from dataclasses import dataclass, replace

from model.german.counts import counted
from model.german.numbers import format_amount, format_number, parse_decimal
from model.planning.actuals import PlanActuals
from model.planning.calculator import CONVERSION_MONTHS, PlanInputs, PlanResult, format_rate


@dataclass(frozen=True, slots=True)
class PlanField:
    key: str
    """PlanInputs attribute, or conversion_3/6/12/18 for one step of `conversion`."""
    label: str
    kind: str
    """count (whole number), decimal, rate (share), months, amount (€)."""


FIELDS: tuple[PlanField, ...] = (
    PlanField("advisors", "Betreuer im Team", "count"),
    PlanField("working_days", "Arbeitstage p. a.", "count"),
    PlanField("calls_per_day", "Active Calls / Tag / MA", "decimal"),
    PlanField("immediate_rate", "Sofort-Terminquote", "rate"),
    PlanField("follow_up_rate", "Follow-up-Quote", "rate"),
    PlanField("follow_up_delay", "Follow-up nach (Monate)", "months"),
    PlanField("follow_up_meeting_rate", "Terminquote Follow-ups", "rate"),
    *(PlanField(f"conversion_{m}", f"Conversion {m} Mte. (kum.)", "rate") for m in CONVERSION_MONTHS),
    PlanField("contribution", "DB je Conversion (€)", "amount"),
    PlanField("lead_time", "Vorlauf Call→Termin (Mte.)", "months"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}


def parse_whole(text: str) -> int:
    """ "9", "1.000" → int; "1,5" or "neun" → a German message."""
    try:
        number = parse_decimal(text)
    except ValueError:
        number = None
    if number is None or number != int(number):
        raise ValueError(f"„{text.strip()}“ ist keine ganze Zahl")
    return int(number)


def parse_rate(text: str) -> float:
    """ "40", "40 %", "40%" and "0,4" → 0.4. A number above 1 is read as percent, up to 1 as
    a share ("1" is 100 %); write "1 %" for one percent."""
    number = parse_decimal(text)
    if "%" in text or number > 1:
        number /= 100
    return round(number, 10)  # 40/100 → 0.4, not 0.40000000000000002


def parse_conversion(text: str) -> tuple[float, float, float, float]:
    """ "10,20,30,40" or "10;20;30;40" or "10 20 30 40" → cumulative shares after 3/6/12/18
    months. A decimal comma only with ";" between the values ("0,1;0,2;0,3;0,4")."""
    separator = ";" if ";" in text else "," if "," in text else None
    parts = [p for p in (text.split(separator) if separator else text.split()) if p.strip()]
    if len(parts) != len(CONVERSION_MONTHS):
        raise ValueError(f"„{text}“: vier kumulierte Quoten nach 3, 6, 12 und 18 Monaten erwartet (z. B. 10,20,30,40)")
    return tuple(parse_rate(p) for p in parts)  # type: ignore[return-value]


def parse_field(field: PlanField, text: str) -> float | int:
    if not text.strip():
        raise ValueError("Bitte einen Wert eingeben")
    if field.kind in ("count", "months"):
        return parse_whole(text)
    if field.kind == "rate":
        return parse_rate(text)
    return parse_decimal(text)


def field_value(inputs: PlanInputs, key: str) -> float | int:
    if key.startswith("conversion_"):
        return inputs.conversion[CONVERSION_MONTHS.index(int(key.removeprefix("conversion_")))]
    return getattr(inputs, key)


def format_field(field: PlanField, inputs: PlanInputs) -> str:
    """The value as an input field shows it: "9", "1,0", "40 %", "5.000"."""
    value = field_value(inputs, field.key)
    if field.kind == "rate":
        return format_rate(value)
    if field.kind == "decimal":
        return format_number(value, 1 if round(value, 1) == value else 2)
    return format_number(value)


def with_values(inputs: PlanInputs, values: dict[str, float | int]) -> PlanInputs:
    """`inputs` with the parsed field values (keys of FIELDS) put in."""
    conversion = list(inputs.conversion)
    plain = {}
    for key, value in values.items():
        if key.startswith("conversion_"):
            conversion[CONVERSION_MONTHS.index(int(key.removeprefix("conversion_")))] = float(value)
        else:
            plain[key] = int(value) if FIELD_BY_KEY[key].kind in ("count", "months") else float(value)
    return replace(inputs, conversion=tuple(conversion), **plain)


def problem_field(problem_key: str) -> str:
    """PlanInputs.problems() names the field a message belongs to; "conversion" means all four."""
    return "conversion_3" if problem_key == "conversion" else problem_key


# ---- reading the result ---------------------------------------------------------------------


def _count(value: float) -> str:
    return format_number(value, 0 if round(value) == round(value, 6) else 1)


def figure_lines(result: PlanResult) -> list[tuple[str, str, str]]:
    """The essay's table "Kontaktstrategie: Planung": (label, value, remark)."""
    i = result.inputs

    def per_advisor(value: float) -> str:
        return f"{_count(result.per_advisor(value))} p. a. und MA"

    lines = [
        ("Sales MA", format_number(i.advisors), ""),
        ("Tage p. a.", format_number(i.working_days), ""),
        (
            "Active Calls / Tag / MA",
            format_number(
                i.calls_per_day,
                1 if round(i.calls_per_day, 1) == i.calls_per_day else 2,
            ),
            "",
        ),
        ("Active Calls p. a.", _count(result.calls), per_advisor(result.calls)),
        ("Sofort-Terminquote", format_rate(i.immediate_rate), ""),
        (
            f"Follow-up-Quote ({i.follow_up_delay} Mte.)",
            format_rate(i.follow_up_rate),
            "",
        ),
        ("Erfolgsquote Calls", format_rate(result.call_success_rate), ""),
        (
            "Sofort-Termine",
            _count(result.immediate_meetings),
            per_advisor(result.immediate_meetings),
        ),
        (
            "Follow-up-Calls",
            _count(result.follow_up_calls),
            per_advisor(result.follow_up_calls),
        ),
        ("Terminquote aus Follow-up-Calls", format_rate(i.follow_up_meeting_rate), ""),
        (
            "Termine aus Follow-ups",
            _count(result.follow_up_meetings),
            per_advisor(result.follow_up_meetings),
        ),
        (
            "Aktiv-Termine gesamt",
            _count(result.meetings),
            f"ca. {format_number(result.meetings_per_day, 2)} pro Tag und MA, {_count(result.meetings_per_week)} pro Woche",
        ),
        *(
            (f"Conversion Rate ({m} Mte.)", format_rate(rate), "kum." if n else "")
            for n, (m, rate) in enumerate(zip(CONVERSION_MONTHS, i.conversion))
        ),
        ("Auftrag (DB je Conversion)", format_amount(i.contribution), ""),
        (
            "Vorlauf Call → Termin",
            f"{i.lead_time} Mte.",
            "0: Termin im Monat nach dem Call",
        ),
        (
            "Erfolgsquote (gesamt)",
            format_rate(result.overall_rate),
            "Conversions je Active Call",
        ),
        (
            "Aufträge 12 Monate (Jahr 1)",
            format_amount(result.first_year),
            "Jahr der Aussaat",
        ),
        (
            "Aufträge Folgejahr (Jahr 2)",
            format_amount(result.following_year),
            "Jahr der Ernte",
        ),
        (
            "Aufträge dauerhaft p. a.",
            format_amount(result.steady_state),
            f"{_count(result.steady_state_conversions)} Conversions im Jahr",
        ),
    ]
    return lines


MONTH_HEADER = (
    "Monat", "Jahr", "Active Calls", "Follow-up-Calls", "Sofort-Termine", "Termine aus Follow-ups",
    "Termine", "Conversions", "Aufträge €",
)  # fmt: skip


def month_values(
    result: PlanResult,
) -> list[tuple[int, int, float, float, float, float, float, float, float]]:
    """The month table as numbers (for CSV: no thousands dots, decimal comma)."""
    return [
        (r.month, r.year, r.calls, r.follow_up_calls, r.immediate_meetings, r.follow_up_meetings,
         r.meetings, r.conversions, r.amount)
        for r in result.months
    ]  # fmt: skip


def month_cells(result: PlanResult) -> list[tuple[str, ...]]:
    """The month table as German text for people: 157,5 calls, 6,3 conversions, 31.500 €."""
    return [
        (
            str(r.month),
            str(r.year),
            format_number(r.calls, 1),
            format_number(r.follow_up_calls, 1),
            format_number(r.immediate_meetings, 1),
            format_number(r.follow_up_meetings, 1),
            format_number(r.meetings, 1),
            format_number(r.conversions, 2),
            format_amount(r.amount),
        )
        for r in result.months
    ]


YEAR_HEADER = (
    "Jahr",
    "Active Calls",
    "Follow-up-Calls",
    "Termine",
    "Conversions",
    "Aufträge",
)


def year_cells(result: PlanResult) -> list[tuple[str, ...]]:
    return [
        (
            str(y.year),
            _count(y.calls),
            _count(y.follow_up_calls),
            _count(y.meetings),
            format_number(y.conversions, 2),
            format_amount(y.amount),
        )
        for y in result.years
    ]


def actual_lines(a: PlanActuals) -> list[tuple[str, str]]:
    """Ist figures as (label, value); "–" where nothing was logged. Shared with the screen."""

    def rate(value: float | None) -> str:
        return "–" if value is None else format_rate(round(value, 3))

    per_day = "–" if a.calls_per_day is None else format_number(a.calls_per_day, 2)
    meetings_day = "–" if a.meetings_per_day is None else format_number(a.meetings_per_day, 2)
    per_deal = "–" if a.contribution_per_conversion is None else format_amount(a.contribution_per_conversion)
    return [
        (
            "Arbeitstage je Betreuer",
            f"{format_number(a.working_days, 1)} (Plan-Tage × Zeitraum)",
        ),
        ("Active Calls (Erst-Calls)", format_number(a.first_calls)),
        ("Active Calls / Tag / MA", per_day),
        (
            "Sofort-Terminquote",
            f"{rate(a.immediate_rate)} ({counted(a.immediate_meetings, 'Termin', 'Termine')})",
        ),
        (
            "Follow-up-Quote",
            f"{rate(a.follow_up_rate)} ({a.follow_ups_agreed} vereinbart)",
        ),
        ("Follow-up-Calls", format_number(a.follow_up_calls)),
        (
            "Terminquote aus Follow-up-Calls",
            f"{rate(a.follow_up_meeting_rate)} ({counted(a.follow_up_meetings, 'Termin', 'Termine')})",
        ),
        ("Aktiv-Termine / Tag / MA", meetings_day),
        ("Conversions (Abschlüsse)", format_number(a.conversions)),
        ("Deckungsbeitrag gesamt", format_amount(a.contribution)),
        ("DB je Conversion", per_deal),
    ]

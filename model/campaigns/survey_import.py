"""Survey answers back in (`kontakt import surveys DATEI`): a German Excel CSV with
`Verbund-Nr;KW;Kontakthäufigkeit;Treffen;Letztes Zielgespräch;Zufriedenheit;Kommentar`
(and optionally the `Referenz` of the export), checked all or nothing with line and column.

An answer is the text of the shipped scale ("quartalsweise", "vor über einem Jahr") or its
number (what a customer replies to the e-mail draft); satisfaction is 1–5. A survey already
stored with the same answers is left as it is, so a second import of the file changes nothing.
Each survey also leaves a Care Call entry in the group's history (`care_call_contact`): its
id comes from the survey's, so the entry is written once however often the file comes in.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from model.campaigns.care_calls import (
    QUESTIONS,
    SCORES,
    describe_week,
    new_survey,
    same_answers,
    survey_key,
    week_days,
)
from model.campaigns.dispatch import MAIL, parse_reference
from model.config import CARE_CALL_FORMAT, Config
from model.entities import Contact
from model.exchange.csv_in import ImportFailed, Row, by_line, cell_error, choose, parse_table
from model.institute import Institute

COLUMNS = ("Verbund-Nr", "KW", "Kontakthäufigkeit", "Treffen", "Letztes Zielgespräch", "Zufriedenheit", "Kommentar")
REFERENCE = "Referenz"
_ANSWER_COLUMNS = dict(zip((q.key for q in QUESTIONS), COLUMNS[2:5], strict=True))
CONTACT_NAMESPACE = uuid.UUID("5a0f7d21-c8e4-5b19-8f63-2d7e9a41c6b0")
"""Fixed forever: the Care Call entry of a survey must keep its id across imports."""


@dataclass
class SurveyPlan:
    changed: list[dict] = field(default_factory=list)
    """New surveys and surveys whose answers differ from the stored ones."""
    unchanged: int = 0

    def messages(self, campaign: str) -> list[str]:
        what = f"Befragung {campaign}" if campaign else "Care Calls"
        return [f"{what}: {len(self.changed)} Antworten gespeichert, {self.unchanged} unverändert."]


def _answer(row: Row, column: str, options: tuple[str, ...], errors: list[str]) -> str:
    value = row[column]
    if not value:
        errors.append(cell_error(row, column, "Wert fehlt"))
        return ""
    if value.isdigit() and 1 <= int(value) <= len(options):
        return options[int(value) - 1]
    found = choose(value, options)
    if found is None:
        allowed = ", ".join(f"{n} {o}" for n, o in enumerate(options, 1))
        errors.append(cell_error(row, column, f'"{value}" ist keine der Antworten ({allowed})'))
        return ""
    return found


def _score(row: Row, errors: list[str]) -> int | None:
    value = row["Zufriedenheit"].strip()
    if value.isdigit() and int(value) in SCORES:
        return int(value)
    errors.append(cell_error(row, "Zufriedenheit", f'"{value}" ist keine Zufriedenheit 1–5' if value else "Wert fehlt"))
    return None


def plan_surveys(
    text: str, institute: Institute, stored: Iterable[dict], by: str, at: datetime, campaign: str = "", week: str = ""
) -> SurveyPlan:
    """The surveys to save; ImportFailed with every problem (by line) when any row is wrong.
    `week` set (a baseline survey's week): the KW of every row must be it."""
    table, errors = parse_table(text, COLUMNS, (REFERENCE,))
    stored_by_key = {survey_key(r): r for r in stored}
    planned: dict[tuple, tuple[int, dict]] = {}
    plan = SurveyPlan()
    for row in table.rows:
        problems: list[str] = []
        group = institute.group(row["Verbund-Nr"]) if row["Verbund-Nr"] else None
        if group is None:
            problems.append(
                cell_error(
                    row, "Verbund-Nr", f'Verbund "{row["Verbund-Nr"]}" gibt es nicht' if row["Verbund-Nr"] else "Wert fehlt"
                )
            )
        kw = row["KW"].upper().replace(" ", "")
        try:
            week_days(kw)
        except ValueError as exc:
            problems.append(cell_error(row, "KW", str(exc)))
            kw = ""
        if kw and week and kw != week:
            problems.append(cell_error(row, "KW", f"die Befragung {campaign} läuft in {describe_week(week)}, nicht {kw}"))
        answers = {
            key: _answer(row, column, q.options, problems)
            for (key, column), q in zip(_ANSWER_COLUMNS.items(), QUESTIONS, strict=True)
        }
        score = _score(row, problems)
        ref = row[REFERENCE] if table.columns and REFERENCE in table.columns else ""
        if ref:
            parsed = parse_reference(ref)
            if parsed is None or (group is not None and parsed[0] != group.number) or (kw and parsed[1] != kw):
                problems.append(cell_error(row, REFERENCE, f'"{ref}" passt nicht zu Verbund-Nr und KW dieser Zeile'))
        if problems:
            errors += problems
            continue
        survey = new_survey("", group, kw, answers, score, row["Kommentar"], by, at, campaign, MAIL, ref)
        key = survey_key(survey)
        if key in planned:
            first_line, first = planned[key]
            if not same_answers(first, survey):
                errors.append(
                    f"Zeile {row.line}: Verbund {group.number} {kw} steht schon in Zeile {first_line} mit anderen Antworten"
                )
            continue
        planned[key] = (row.line, survey)
    if errors:
        raise ImportFailed(by_line(errors))
    for key, (_, survey) in planned.items():
        old = stored_by_key.get(key)
        if old is not None and same_answers(old, survey):
            plan.unchanged += 1
        else:
            plan.changed.append(survey)
    return plan


def care_call_contact(survey: Mapping, config: Config) -> Contact:
    """The history entry of a survey: format "Care Call", reached, by whoever recorded it,
    on that day. Whether it counts is `Config.takes_part` (`care_call_counts`)."""
    at = datetime.fromisoformat(survey["at"])
    outcome = (
        "Gespräch geführt"
        if "Gespräch geführt" in config.outcomes
        else next((o for o in config.outcomes if config.counts(o)), config.outcomes[0])
    )
    what = f"Befragung {survey['campaign']}" if survey.get("campaign") else f"Care Call {describe_week(survey['week'])}"
    return Contact(
        id=str(uuid.uuid5(CONTACT_NAMESPACE, survey["id"])),
        group=survey["group"],
        date=at.date(),
        by=survey.get("by", ""),
        outcome=outcome,
        channel=survey.get("channel") or "Telefon",  # typed in F11: asked on the phone
        format=CARE_CALL_FORMAT,
        note=f"{what}: beantwortet, Zufriedenheit {survey.get('score')}/5",
        logged_at=survey["at"],
    )


def missing_contacts(surveys: Iterable[Mapping], institute: Institute) -> list[Contact]:
    """Care Call entries of `surveys` not yet in the history (also after an interrupted write)."""
    out = []
    for survey in surveys:
        contact = care_call_contact(survey, institute.config)
        if contact.group in institute.groups and all(c.id != contact.id for c in institute.history(contact.group)):
            out.append(contact)
    return out

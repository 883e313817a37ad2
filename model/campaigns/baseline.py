"""The baseline satisfaction survey (essay: "Am Anfang kann eine allgemeine
Kundenzufriedenheitsmessung stehen"): a named campaign over all groups, one segment or one
advisor's portfolio, with its own period. It uses the weekly care call's export, drafts and
import; its surveys carry the campaign's name and the week its period starts in.

A campaign is a plain dict in the shared collection `CAMPAIGNS`: `id` (= name), `name`,
`scope` ("all", "segment", "advisor"), `value`, `from`, `to` (ISO days), `week`, `groups`
(ids fixed at the start, so later new groups do not slip in), `started_by`, `at`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from model.campaigns.care_calls import week_of
from model.entities import Group

CAMPAIGNS = "survey-campaigns"
SCOPES = ("all", "segment", "advisor")
_NAME = re.compile(r"^[A-Za-z0-9ÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß _.-]{0,39}$")


def in_scope(groups: Iterable[Group], scope: str, value: str = "") -> list[Group]:
    """The groups a campaign asks, by Verbund-Nr."""
    if scope == "all":
        chosen = list(groups)
    elif scope == "segment":
        chosen = [g for g in groups if g.segment == value]
    elif scope == "advisor":
        chosen = [g for g in groups if g.lead == value]
    else:
        raise ValueError(f"Umfang {scope!r}: erwartet all, segment oder advisor")
    return sorted(chosen, key=lambda g: g.number)


def new_campaign(
    name: str,
    scope: str,
    value: str,
    groups: Iterable[Group],
    first: date,
    last: date,
    by: str,
    at: datetime,
    existing: Iterable[Mapping] = (),
) -> dict:
    """A checked campaign; ValueError (German) naming the problem."""
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise ValueError(f'Name "{name}": 1–40 Zeichen, Buchstaben, Ziffern, Leerzeichen, Punkt, Binde- und Unterstrich')
    if any(c.get("name", "").casefold() == name.casefold() for c in existing):
        raise ValueError(f'Eine Befragung "{name}" gibt es schon.')
    if last < first:
        raise ValueError(f"Zeitraum: {last:%d.%m.%Y} liegt vor {first:%d.%m.%Y}")
    chosen = in_scope(groups, scope, value)
    if not chosen:
        raise ValueError("Im gewählten Umfang gibt es keinen Verbund.")
    return {
        "id": name, "name": name, "scope": scope, "value": value, "from": first.isoformat(), "to": last.isoformat(),
        "week": week_of(first), "groups": [g.id for g in chosen], "started_by": by,
        "at": at.isoformat(timespec="seconds"),
    }  # fmt: skip


def find(records: Iterable[Mapping], name: str) -> Mapping | None:
    return next((c for c in records if c.get("name", "").casefold() == name.strip().casefold()), None)


def describe_scope(campaign: Mapping) -> str:
    scope, value = campaign.get("scope"), campaign.get("value", "")
    return {"all": "alle Verbünde", "segment": f"Segment {value}", "advisor": f"Portfolio {value}"}.get(scope, scope)

"""Every JSON shape the headless commands print, in one place and one style (UTF-8, indent 2).
The keys are part of the command-line interface: the README lists them per command and
tests/unit/test_cli_contracts.py checks keys and types. Dates are ISO (JJJJ-MM-TT), shares
are fractions (0.25 = 25 %), a missing value is null."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import date

from model.contacts import DueItem, InactiveItem, Match
from model.entities import Contact, Group
from model.german import meeting_iso
from model.monitoring import ClassSummary, Period


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_json(data) -> None:
    sys.stdout.write(dumps(data) + "\n")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def period_json(period: Period) -> dict:
    return {"first": period.first.isoformat(), "last": period.last.isoformat()}


# ---- daily work: due, inactive, contacts, callparty queue --------------------------------------


def due_json(item: DueItem) -> dict:
    return {
        "group": item.group.number,
        "name": item.group.name,
        "class": item.cls,
        "role": item.role,
        "due": _iso(item.due),
        "overdue_days": item.overdue_days,
        "reason": item.reason,
        "meeting": meeting_iso(item.meeting),
    }


def inactive_json(item: InactiveItem) -> dict:
    return {
        "group": item.group.number,
        "name": item.group.name,
        "class": item.cls,
        "lead": item.lead,
        "last_contact": _iso(item.last_contact),
    }


def find_json(match: Match) -> dict:
    """`kontakt find`: the group and, in German, what matched ("Name", "Telefon Anna Huber …")."""
    group = match.group
    return {"group": group.number, "name": group.name, "lead": group.lead, "class": group.cls, "matched": list(match.matched)}


def contact_json(group: Group, c: Contact) -> dict:
    return {
        "group": group.number,
        "date": c.date.isoformat(),
        "by": c.by,
        "department": c.department,
        "channel": c.channel,
        "format": c.format,
        "outcome": c.outcome,
        "follow_up": _iso(c.follow_up),
        "note": c.note,
        "meeting": meeting_iso(c.meeting),
    }


# ---- monitoring: report, capacity, departments -------------------------------------------------


def _summary_json(row: ClassSummary) -> dict:
    return {
        "class": row.cls,
        "groups": row.groups,
        "soll": float(row.soll),
        "ist": row.ist,
        "under_served": row.under,
        "over_served": row.over,
    }


def served_json(target) -> dict:
    """One under- or over-served role (a `RoleTarget`); gap = Ist − Soll (negative: missing contacts)."""
    return {
        "group": target.group.number,
        "name": target.group.name,
        "class": target.cls,
        "advisor": target.advisor,
        "role": target.role,
        "soll": round(target.soll, 2),
        "ist": target.ist,
        "gap": round(target.ist - target.soll, 2),
    }


def report_json(
    advisor: str | None, period: Period, rows: Sequence[ClassSummary], total: ClassSummary, portfolio, groups: bool
) -> dict:
    data = {
        "advisor": advisor,
        "period": period_json(period),
        "classes": [_summary_json(r) for r in rows],
        "total": _summary_json(total),
        "c_d_share": {
            "contacts": _share(portfolio.effort.contacts),
            "planning_minutes": _share(portfolio.effort.minutes),
        },
    }
    if groups:
        data["under_served"] = [served_json(t) for t in portfolio.under]
        data["over_served"] = [served_json(t) for t in portfolio.over]
    return data


def capacity_json(as_of: date, rows) -> dict:
    return {
        "as_of": as_of.isoformat(),
        "advisors": [
            {
                "code": u.advisor,
                "name": u.name,
                "span": u.span,
                "co_care_roles": u.co_care_roles,
                "required_hours": round(u.required, 2),
                "available_hours": u.available,
                "utilisation": _share(u.share),
                "over": u.over,
            }
            for u in rows
        ],
    }


def proposal_json(as_of: date, p) -> dict:
    """`model.monitoring.propose`'s answer; factor null: no feasible frequencies."""
    return {
        "as_of": as_of.isoformat(),
        "advisor": p.advisor,
        "factor": None if p.factor is None else round(p.factor, 4),
        "frequencies": dict(p.frequencies),
        "required_hours": round(p.required, 2),
        "available_hours": p.available,
    }


def net_market_time_json(code: str, hours: float) -> dict:
    return {"advisor": code, "net_market_hours": hours}


def departments_json(period: Period, rows) -> dict:
    return {
        "period": period_json(period),
        "departments": [
            {
                "department": r.department,
                "advisor": r.advisor,
                "groups": r.row.groups,
                "soll": float(r.row.soll),
                "ist": r.row.ist,
                "coverage": r.row.coverage,
                "overdue": r.row.overdue,
                "under_served": r.row.under,
                "over_served": r.row.over,
            }
            for r in rows
        ],
    }


# ---- casting -----------------------------------------------------------------------------------


def casting_row_json(row) -> dict:
    casting = row.casting
    return {
        "group": row.group.number,
        "name": row.group.name,
        "lead": row.group.lead,
        "answers": dict(row.answers),
        "score": row.score,
        "class": row.cls,
        "override": casting.override_class if casting else None,
        "reason": casting.reason if casting else "",
        "date": _iso(casting.date) if casting else None,
    }


def casting_json(segment: str, shares, rows) -> dict:
    return {
        "segment": segment,
        "distribution": [{"class": c, "count": n, "share": round(s, 4)} for c, n, s in shares],
        "groups": [casting_row_json(r) for r in rows],
    }


def review_json(item) -> dict:
    return {
        "group": item.group.number,
        "name": item.group.name,
        "class": item.group.cls,
        "date": _iso(item.group.casting.date) if item.group.casting else None,
        "reason": item.reason,
    }


# ---- campaigns ---------------------------------------------------------------------------------


def call_party_json(upcoming, config) -> dict:
    return {
        "next": upcoming.isoformat(timespec="minutes") if upcoming else None,
        "minutes": config.call_party.minutes,
        "rule": config.call_party.rrule,
        "federal_state": config.federal_state,
    }


def care_calls_json(week: str, monday: date, sunday: date, items, done: Mapping[str, dict]) -> dict:
    return {
        "week": week,
        "from": monday.isoformat(),
        "to": sunday.isoformat(),
        "groups": [
            {
                "group": i.group.number,
                "name": i.group.name,
                "class": i.group.cls,
                "lead": i.lead,
                "date": i.consultation.date.isoformat(),
                "format": i.consultation.format,
                "by": i.consultation.by,
                "surveyed": i.group.id in done,
                "score": done[i.group.id]["score"] if i.group.id in done else None,
            }
            for i in items
        ],
    }


def survey_results_json(advisor: str | None, campaign: str | None, weeks, advisors, gaps) -> dict:
    """`kontakt carecalls --results` and `kontakt survey results`: `weeks` and `advisors` are
    (Result, Agreement) pairs of model.campaigns, `gaps` SurveyComparisons."""

    def row(result, agreement) -> dict:
        return {
            "surveys": result.count,
            "average_score": result.average,
            "matching": agreement.matching,
            "share_matching": _share(agreement.share),
            "average_gap": agreement.average_gap,
        }

    return {
        "advisor": advisor,
        "campaign": campaign,
        "weeks": [{"week": r.week} | row(r, a) for r, a in weeks],
        "advisors": [{"advisor": r.advisor} | row(r, a) for r, a in advisors],
        "gaps": [
            {
                "group": c.group.number,
                "name": c.group.name,
                "advisor": c.advisor,
                "week": c.week,
                "score": c.survey.get("score"),
                "gap": c.gap,
                "questions": [
                    {"question": i.key, "answer": i.answer, "logged": i.logged, "evidence": i.evidence, "steps": i.steps}
                    for i in c.items
                ],
            }
            for c in gaps
        ],
    }


# ---- planning ----------------------------------------------------------------------------------


def plan_json(result) -> dict:
    from model.planning import CONVERSION_MONTHS

    i = result.inputs
    per = result.per_advisor
    return {
        "inputs": {
            "advisors": i.advisors,
            "working_days": i.working_days,
            "calls_per_day": i.calls_per_day,
            "immediate_rate": i.immediate_rate,
            "follow_up_rate": i.follow_up_rate,
            "follow_up_delay_months": i.follow_up_delay,
            "follow_up_meeting_rate": i.follow_up_meeting_rate,
            "conversion_months": list(CONVERSION_MONTHS),
            "conversion_cumulative": list(i.conversion),
            "contribution": i.contribution,
            "lead_time_months": i.lead_time,
        },
        "figures": {
            "calls": result.calls,
            "immediate_meetings": result.immediate_meetings,
            "follow_up_calls": result.follow_up_calls,
            "call_success_rate": result.call_success_rate,
            "follow_up_meetings": result.follow_up_meetings,
            "meetings": result.meetings,
            "calls_per_advisor": per(result.calls),
            "immediate_meetings_per_advisor": per(result.immediate_meetings),
            "follow_up_calls_per_advisor": per(result.follow_up_calls),
            "follow_up_meetings_per_advisor": per(result.follow_up_meetings),
            "meetings_per_day_and_advisor": result.meetings_per_day,
            "meetings_per_week_and_advisor": result.meetings_per_week,
            "overall_rate": result.overall_rate,
            "first_year": result.first_year,
            "following_year": result.following_year,
            "steady_state": result.steady_state,
            "steady_state_conversions": result.steady_state_conversions,
        },
        "years": [
            {"year": y.year, "calls": y.calls, "follow_up_calls": y.follow_up_calls, "meetings": y.meetings,
             "conversions": y.conversions, "amount": y.amount}
            for y in result.years
        ],
        "months": [
            {"month": r.month, "year": r.year, "calls": r.calls, "follow_up_calls": r.follow_up_calls,
             "immediate_meetings": r.immediate_meetings, "follow_up_meetings": r.follow_up_meetings,
             "meetings": r.meetings, "conversions": r.conversions, "amount": r.amount}
            for r in result.months
        ],
    }  # fmt: skip


def plan_actuals_json(a, names: Mapping[str, str] | None = None) -> dict:
    """`counted`: the advisors measured (the team's FKB, or the one advisor), Kürzel and name."""
    names = names or {}
    return {
        "advisor": a.advisor,
        "advisors": a.advisors,
        "counted": [{"code": code, "name": names.get(code, code)} for code in a.counted],
        "period": period_json(a.period),
        "working_days": a.working_days,
        "calls": a.calls,
        "first_calls": a.first_calls,
        "follow_up_calls": a.follow_up_calls,
        "immediate_meetings": a.immediate_meetings,
        "follow_ups_agreed": a.follow_ups_agreed,
        "follow_up_meetings": a.follow_up_meetings,
        "calls_per_day": a.calls_per_day,
        "immediate_rate": a.immediate_rate,
        "follow_up_rate": a.follow_up_rate,
        "follow_up_meeting_rate": a.follow_up_meeting_rate,
        "meetings_per_day": a.meetings_per_day,
        "conversions": a.conversions,
        "contribution": a.contribution,
        "contribution_per_conversion": a.contribution_per_conversion,
    }


# ---- the store: audit and the data-protection export are the stored records as they are ---------


def audit_json(entries: Sequence[dict]) -> list[dict]:
    """The audit lines as stored: `at`, `user` (the Kürzel worked as), `login` (the operating-system
    login, "" in entries written before it was recorded), `host`, `kind`, `action`, `id`, `group`,
    `file`, `before`, `after` (the record before and after, null when created or deleted),
    `server_at` (the file server's time of the change, UTC, which orders the lines; null in
    entries written before it was recorded)."""
    return [{"login": "", "server_at": None} | dict(e) for e in entries]


# ---- staff and configuration -------------------------------------------------------------------


def advisor_json(advisor) -> dict:
    """One person of the staff list; `left` the leaving day (ISO) or null."""
    return {
        "code": advisor.code,
        "name": advisor.name,
        "department": advisor.department,
        "role": advisor.role,
        "net_market_hours": advisor.net_market_hours,
        "login": advisor.login,
        "email": advisor.email,
        "left": _iso(advisor.left),
    }


def staff_json(advisors: Sequence, setup_mode: bool) -> dict:
    return {"setup_mode": setup_mode, "advisors": [advisor_json(a) for a in advisors]}


def settings_json(values: Sequence[tuple[str, object, str]]) -> list[dict]:
    """`config show`: every key with its value as stored (lists as lists) and what it means."""
    return [{"key": key, "value": value, "description": description} for key, value, description in values]

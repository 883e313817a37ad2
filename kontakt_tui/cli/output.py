"""What the headless commands print: German text tables for people, JSON for scripts.
The JSON keys are part of the command-line interface documented in the README."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date

from model.german import format_date_de
from model.entities import Contact, Group
from model.german import format_percent, format_quantity
from model.german import REASONS, role_label
from model.contacts import NEVER, DueItem, InactiveItem
from model.monitoring import ClassSummary, Period
from model.text_safety import clean_text


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] = frozenset()) -> None:
    # Cleaned before measuring: an escape sequence in a name would otherwise widen its column.
    rows = [[clean_text(c, single_line=True) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    print(line(header))
    print("  ".join("─" * w for w in widths))
    for r in rows:
        print(line(r))


def _d(value: date | None, empty: str = "") -> str:
    return format_date_de(value) if value else empty


def due_json(item: DueItem) -> dict:
    return {
        "group": item.group.number,
        "name": item.group.name,
        "class": item.cls,
        "role": item.role,
        "due": item.due.isoformat() if item.due else None,
        "overdue_days": item.overdue_days,
        "reason": item.reason,
    }


def print_due(advisor: str, as_of: date, items: Sequence[DueItem]) -> None:
    overdue = sum(1 for i in items if i.reason == NEVER or i.overdue_days > 0)
    today = sum(1 for i in items if i.overdue_days == 0)
    print(
        f"Kontakt-Reminder {advisor}, Stichtag {format_date_de(as_of)}: "
        f"{overdue} überfällig · {today} heute · {len(items) - overdue - today} demnächst"
    )
    rows = [
        [
            i.group.number,
            i.group.name,
            i.cls or "–",
            _d(i.due, "nie kontaktiert"),
            str(i.overdue_days) if i.overdue_days and i.overdue_days > 0 else "",
            REASONS[i.reason],
            role_label(i.role),
            _d(i.last_contact, "–"),
        ]
        for i in items
    ]
    header = ["Nr", "Verbund", "Klasse", "fällig", "überfällig seit", "Grund", "Rolle", "letzter Kontakt"]
    print_table(header, rows, right={4})


def inactive_json(item: InactiveItem) -> dict:
    return {
        "group": item.group.number,
        "name": item.group.name,
        "class": item.cls,
        "lead": item.lead,
        "last_contact": item.last_contact.isoformat() if item.last_contact else None,
    }


def print_inactive(as_of: date, items: Sequence[InactiveItem]) -> None:
    print(f"Inaktive Verbünde am {format_date_de(as_of)}: {len(items)}")
    rows = [[i.group.number, i.group.name, i.cls or "–", i.lead, _d(i.last_contact, "nie")] for i in items]
    print_table(["Nr", "Verbund", "Klasse", "FKB", "letzter Kontakt"], rows)


def contact_json(group: Group, c: Contact) -> dict:
    return {
        "group": group.number,
        "date": c.date.isoformat(),
        "by": c.by,
        "department": c.department,
        "channel": c.channel,
        "format": c.format,
        "outcome": c.outcome,
        "follow_up": c.follow_up.isoformat() if c.follow_up else None,
        "note": c.note,
    }


def print_contacts(entries: Sequence[tuple[Group, Contact]]) -> None:
    rows = [
        [_d(c.date), g.number, g.name, c.by, role_label(c.role), c.channel, c.format, c.outcome, _d(c.follow_up), c.note]
        for g, c in entries
    ]
    header = ["Datum", "Nr", "Verbund", "von", "Rolle", "Kanal", "Anlass", "Ergebnis", "Folgekontakt", "Notiz"]
    print_table(header, rows)


def _summary_json(row: ClassSummary) -> dict:
    return {
        "class": row.cls,
        "groups": row.groups,
        "soll": row.soll,
        "ist": row.ist,
        "under_served": row.under,
        "over_served": row.over,
    }


def report_json(advisor: str | None, period: Period, rows: Sequence[ClassSummary], total: ClassSummary) -> dict:
    return {
        "advisor": advisor,
        "period": {"first": period.first.isoformat(), "last": period.last.isoformat()},
        "classes": [_summary_json(r) for r in rows],
        "total": _summary_json(total),
    }


def print_report(advisor: str | None, period: Period, rows: Sequence[ClassSummary], total: ClassSummary) -> None:
    who = advisor or "alle Betreuer"
    print(f"Soll/Ist {who}, {format_date_de(period.first)} bis {format_date_de(period.last)}")
    table = [
        [
            r.cls,
            str(r.groups),
            format_quantity(r.soll),
            str(r.ist),
            format_percent(r.coverage),
            str(r.under),
            str(r.over),
        ]
        for r in [*rows, total]
    ]
    header = ["Klasse", "Verbünde", "Soll", "Ist", "Abdeckung", "unterbetreut", "überbetreut"]
    print_table(header, table, right={1, 2, 3, 4, 5, 6})

"""What the headless commands print for people: German text tables. The JSON for scripts is
shaped in `json_shapes` (`print_json` is re-exported here for the command modules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kontakt_tui.cli.json_shapes import print_json  # noqa: F401 - re-exported
from model.contacts import NEVER, DueItem, InactiveItem
from model.entities import Contact, Group
from model.german import format_date_de, format_percent, format_quantity, outcome_label, reason_label, role_label
from model.monitoring import ClassSummary, Period
from model.text_safety import clean_text


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
            reason_label(i.reason, i.meeting),
            role_label(i.role),
            _d(i.last_contact, "–"),
        ]
        for i in items
    ]
    header = ["Nr", "Verbund", "Klasse", "fällig", "überfällig seit", "Grund", "Rolle", "letzter Kontakt"]
    print_table(header, rows, right={4})


def print_inactive(as_of: date, items: Sequence[InactiveItem]) -> None:
    print(f"Inaktive Verbünde am {format_date_de(as_of)}: {len(items)}")
    rows = [[i.group.number, i.group.name, i.cls or "–", i.lead, _d(i.last_contact, "nie")] for i in items]
    print_table(["Nr", "Verbund", "Klasse", "FKB", "letzter Kontakt"], rows)


def print_contacts(entries: Sequence[tuple[Group, Contact]]) -> None:
    rows = [
        [
            _d(c.date),
            g.number,
            g.name,
            c.by,
            role_label(c.role),
            c.channel,
            c.format,
            outcome_label(c.outcome, c.meeting),
            _d(c.follow_up),
            c.note,
        ]
        for g, c in entries
    ]
    header = ["Datum", "Nr", "Verbund", "von", "Rolle", "Kanal", "Anlass", "Ergebnis", "Folgekontakt", "Notiz"]
    print_table(header, rows)


def print_report(
    advisor: str | None,
    period: Period,
    rows: Sequence[ClassSummary],
    total: ClassSummary,
    portfolio=None,
    groups: bool = False,
) -> None:
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
    if portfolio is None:
        return
    effort = portfolio.effort  # the wording of the portfolio screen
    print(
        f"Aufwand für C- und D-Verbünde: {format_percent(effort.contacts)} der gezählten Kontakte, "
        f"{format_percent(effort.minutes)} der Planungsminuten"
    )
    if groups:
        for title, items in (("Unterbetreut", portfolio.under), ("Überbetreut", portfolio.over)):
            print()
            print(f"{title}: {len(items)}")
            served = [
                [t.group.number, t.group.name, t.cls or "–", t.advisor, role_label(t.role), format_quantity(t.soll),
                 str(t.ist), format_quantity(t.ist - t.soll)]
                for t in items
            ]  # fmt: skip
            print_table(["Nr", "Verbund", "Klasse", "Betreuer", "Rolle", "Soll", "Ist", "Abstand"], served, {5, 6, 7})

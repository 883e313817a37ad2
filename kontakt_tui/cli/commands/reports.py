"""Monitoring commands: `kontakt export calendar`, `kontakt capacity`, `kontakt departments`.
Registered through `cli.EXTENSIONS`; JSON keys are documented in the README ("Monitoring")."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from model.exchange import export_calendar
from model.monitoring import capacity_rows
from model.exchange import write_csv
from model.german import format_date_de
from model.german import format_number, format_percent, format_quantity
from model.monitoring import departments
from model.monitoring import CHOICES, LAST_12_MONTHS, describe, period_for
from model.monitoring import capacity_table, department_table

from kontakt_tui.cli import output
from kontakt_tui.cli.commands.daily import InputError, current_advisor, date_arg, open_store
from kontakt_tui.settings import Settings


def register(cmds) -> None:
    p = cmds.add("export", "Daten exportieren: calendar = fällige Kontakte und Termine als iCalendar (Outlook)", cmd_export)
    p.add_argument("kind", choices=["calendar"], metavar="ART", help="calendar")
    p.add_argument("file", metavar="DATEI", help="Zieldatei, z. B. kontakt.ics")
    cmds.as_of(p)
    p.add_argument("--days", type=int, default=None, metavar="N", help="Vorschau in Tagen (Standard 14)")

    p = cmds.add("capacity", "Kapazität: Bedarf an Stunden gegen Nettomarktzeit je Betreuer", cmd_capacity)
    cmds.as_of(p)
    cmds.json_flag(p)
    csv_flag(p)

    p = cmds.add("departments", "Co-Betreuung: Soll/Ist je Fachbereich und Kollege", cmd_departments)
    cmds.as_of(p)
    p.add_argument(
        "--period", choices=[k for k in CHOICES if k != "custom"], default=LAST_12_MONTHS, metavar="ZEITRAUM",
        help="12m (letzte 12 Monate, Standard), year (laufendes Jahr), quarter (letztes Quartal)",
    )  # fmt: skip
    cmds.json_flag(p)
    csv_flag(p)


def csv_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", metavar="DATEI", help="zusätzlich als CSV für Excel schreiben (;, UTF-8)")


def write_table(path: str | None, table) -> None:
    """The CSV beside the normal output; a folder that does not exist is bad input."""
    if not path:
        return
    target = Path(path)
    if not target.parent.exists():
        raise InputError(f"--csv: Ordner {target.parent} gibt es nicht")
    write_csv(target, *table)
    print(f"CSV geschrieben: {target}", file=sys.stderr)  # stdout may be JSON for a script


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    advisor = current_advisor(settings, institute)
    target = Path(args.file)
    if not target.parent.exists():
        raise InputError(f"DATEI: Ordner {target.parent} gibt es nicht")
    data, due, meetings = export_calendar(
        advisor, institute.groups, institute.contacts, institute.config, as_of, args.days
    )
    target.write_bytes(data)
    print(f"{due} fällige Kontakte und {meetings} Termine nach {target} exportiert (Stand {format_date_de(as_of)}).")
    return 0


def cmd_capacity(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    rows = capacity_rows(institute.groups.values(), institute.advisors, institute.config, as_of)
    if args.json:
        output.print_json(
            {
                "as_of": as_of.isoformat(),
                "advisors": [
                    {
                        "code": u.advisor,
                        "name": u.name,
                        "span": u.span,
                        "co_care_roles": u.co_care_roles,
                        "required_hours": round(u.required, 2),
                        "available_hours": u.available,
                        "utilisation": None if u.share is None else round(u.share, 4),
                        "over": u.over,
                    }
                    for u in rows
                ],
            }
        )
    else:
        print(f"Kapazität, Stand {format_date_de(as_of)} (Stunden im Jahr)")
        table = [
            [u.advisor, u.name, str(u.span), str(u.co_care_roles), format_number(u.required, 1),
             format_number(u.available, 0), format_percent(u.share), "ÜBER 100 %" if u.over else ""]
            for u in rows
        ]  # fmt: skip
        header = ["Kürzel", "Name", "Verbünde", "Co-Betr.", "Bedarf", "Nettomarktzeit", "Auslastung", ""]
        output.print_table(header, table, right={2, 3, 4, 5, 6})
    write_table(args.csv, capacity_table(rows))
    return 0


def cmd_departments(settings: Settings, args: argparse.Namespace) -> int:
    as_of = date_arg(args.as_of, "--as-of")
    institute = open_store(settings).load()
    period = period_for(args.period, as_of)
    rows = departments(institute.groups.values(), institute.contacts, institute.config, period, as_of)
    if args.json:
        output.print_json(
            {
                "period": {"first": period.first.isoformat(), "last": period.last.isoformat()},
                "departments": [
                    {
                        "department": r.department,
                        "advisor": r.advisor,
                        "groups": r.row.groups,
                        "soll": r.row.soll,
                        "ist": r.row.ist,
                        "coverage": r.row.coverage,
                        "overdue": r.row.overdue,
                        "under_served": r.row.under,
                        "over_served": r.row.over,
                    }
                    for r in rows
                ],
            }
        )
    else:
        print(f"Co-Betreuung Soll/Ist, {describe(period)}")
        table = [
            [r.department if r.advisor is None else "", r.advisor or "gesamt", str(r.row.groups),
             format_quantity(r.row.soll), str(r.row.ist), format_percent(r.row.coverage), str(r.row.overdue),
             str(r.row.under), str(r.row.over)]
            for r in rows
        ]  # fmt: skip
        header = ["Fachbereich", "Kollege", "Verbünde", "Soll", "Ist", "Abdeckung", "überfällig", "unterbetreut", "überbetreut"]
        output.print_table(header, table, right={2, 3, 4, 5, 6, 7, 8})
    write_table(args.csv, department_table(rows))
    return 0

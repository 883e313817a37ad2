"""Monitoring commands: `kontakt export calendar`, `kontakt capacity`, `kontakt departments`.
Registered through `cli.EXTENSIONS`; JSON shapes in `cli.json_shapes`, listed in the README
("Monitoring"). `capacity` also edits an advisor's net market time and proposes feasible
frequencies, with the same model functions as the capacity screen's n and v."""

from __future__ import annotations

import argparse
from dataclasses import replace

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError
from model import exchange
from model.exchange import write_csv
from model.german import counted, format_date_de, format_number, format_percent, format_quantity, parse_decimal
from model.monitoring import (
    CHOICES,
    LAST_12_MONTHS,
    capacity_rows,
    capacity_table,
    department_table,
    departments,
    describe,
    period_for,
    propose,
    utilisations,
    workloads,
)


def register(cmds) -> None:
    p = cmds.add("export", "Daten exportieren: calendar = fällige Kontakte und Termine als iCalendar (Outlook)", cmd_export)
    p.add_argument("kind", choices=["calendar"], metavar="ART", help="calendar")
    p.add_argument("file", metavar="DATEI", help="Zieldatei, z. B. kontakt.ics")
    cmds.as_of(p)
    p.add_argument("--days", type=int, default=None, metavar="N", help="Vorschau in Tagen (Standard 14)")

    p = cmds.add("capacity", "Kapazität: Bedarf an Stunden gegen Nettomarktzeit je Betreuer", cmd_capacity)
    cmds.as_of(p)
    p.add_argument(
        "--set-net-market-time", nargs=2, metavar=("KÜRZEL", "STUNDEN"),
        help="Nettomarktzeit eines Betreuers in Stunden im Jahr speichern (z. B. 630 oder 612,5)",
    )  # fmt: skip
    p.add_argument(
        "--propose", metavar="KÜRZEL",
        help="machbare Frequenzen für das Portfolio dieses Betreuers vorschlagen (A:B:C:D bleibt, nichts wird gespeichert)",
    )  # fmt: skip
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


def write_table(ctx: Context, table) -> None:
    """The CSV beside the normal output (the note on stderr: stdout may be JSON)."""
    if ctx.args.csv:
        target = ctx.write_file(ctx.args.csv, "--csv", lambda target: write_csv(target, *table))
        ctx.note(f"CSV geschrieben: {target}")


def cmd_export(ctx: Context) -> int:
    as_of, args = ctx.as_of, ctx.args
    institute, advisor = ctx.institute, ctx.me
    # Through the package at the call: `icalendar` (about 50 ms to import) loads only for
    # the export, not with every `kontakt` start (model/exchange/__init__.py resolves lazily).
    result = exchange.export_calendar(
        advisor, institute.groups, institute.contacts, institute.config, as_of, args.days, institute.advisors
    )
    target = ctx.write_file(args.file, "DATEI", lambda target: target.write_bytes(result.data))
    done = f", {counted(result.done, 'erledigter Kontakt', 'erledigte Kontakte')} als abgesagt" if result.done else ""
    print(
        f"{counted(result.due, 'fälliger Kontakt', 'fällige Kontakte')} und "
        f"{counted(result.meetings, 'Termin', 'Termine')}{done} nach {target} exportiert "
        f"(Stand {format_date_de(as_of)})."
    )
    return 0


def cmd_capacity(ctx: Context) -> int:
    args = ctx.args
    if args.set_net_market_time and args.propose:
        raise InputError("--set-net-market-time und --propose bitte einzeln aufrufen.")
    if args.set_net_market_time:
        return _set_net_market_time(ctx, *args.set_net_market_time)
    if args.propose:
        return _propose(ctx, args.propose)
    ctx.scope = "master"  # classes, frequencies and hours: no contacts
    as_of, institute = ctx.as_of, ctx.institute
    rows = capacity_rows(institute.groups.values(), institute.advisors, institute.config, as_of)
    ctx.emit(lambda: json_shapes.capacity_json(as_of, rows), lambda: _print_capacity(as_of, rows))
    write_table(ctx, capacity_table(rows))
    return 0


def _print_capacity(as_of, rows) -> None:
    print(f"Kapazität, Stand {format_date_de(as_of)} (Stunden im Jahr)")
    table = [
        [u.advisor, u.name, str(u.span), str(u.co_care_roles), format_number(u.required, 1),
         format_number(u.available, 0), format_percent(u.share), "ÜBER 100 %" if u.over else ""]
        for u in rows
    ]  # fmt: skip
    header = ["Kürzel", "Name", "Verbünde", "Co-Betr.", "Bedarf", "Nettomarktzeit", "Auslastung", ""]
    output.print_table(header, table, right={2, 3, 4, 5, 6})


def _set_net_market_time(ctx: Context, code: str, text: str) -> int:
    """As the screen's n: the advisor record with the new hours, saved through the store."""
    try:
        hours = parse_decimal(text)
    except ValueError as exc:
        raise InputError(f"--set-net-market-time STUNDEN: {exc}") from None
    if hours < 0:
        raise InputError(f"--set-net-market-time STUNDEN: {text} – Stunden dürfen nicht negativ sein.")
    ctx.advisor(code, "--set-net-market-time")
    ctx.require("capacity")
    ctx.store.save_advisors([replace(ctx.institute.advisors[code], net_market_hours=hours)])
    ctx.emit(
        lambda: json_shapes.net_market_time_json(code, hours),
        lambda: print(f"Nettomarktzeit {code} gespeichert: {format_number(hours, 0 if hours.is_integer() else 1)} Std. im Jahr."),
    )
    return 0


def _propose(ctx: Context, code: str) -> int:
    """As the screen's v: the highest frequencies that keep A:B:C:D and fit the advisor's time."""
    as_of, institute = ctx.as_of, ctx.institute
    ctx.advisor(code, "--propose")
    loads = workloads(institute.groups.values(), institute.config, as_of)
    if code not in loads:
        raise InputError(f"--propose {code}: dieser Betreuer hat keine Verbünde.")
    row = next(u for u in utilisations(loads, institute.advisors, institute.config) if u.advisor == code)
    p = propose(loads[code], institute.config, row.available)
    ctx.emit(lambda: json_shapes.proposal_json(as_of, p), lambda: _print_proposal(code, p))
    return 0


def _print_proposal(code: str, p) -> None:
    if p.factor is None:
        print(f"Vorschlag {code}: keine machbaren Frequenzen (keine Verbünde oder Co-Betreuung füllt die Zeit).")
        return
    freqs = " · ".join(f"{cls} {format_number(f, 2)}" for cls, f in p.frequencies.items())
    print(
        f"Vorschlag {code}: {freqs} Kontakte im Jahr (Faktor {format_number(p.factor, 2)} auf die heutigen "
        f"Vorgaben, Bedarf {format_number(p.required, 1)} von {format_number(p.available)} Std.)."
    )


def cmd_departments(ctx: Context) -> int:
    as_of = ctx.as_of
    period = period_for(ctx.args.period, as_of)
    institute = ctx.period_picture(period)
    rows = departments(institute.groups.values(), institute.contacts, institute.config, period, as_of)
    ctx.emit(lambda: json_shapes.departments_json(period, rows), lambda: _print_departments(period, rows))
    write_table(ctx, department_table(rows))
    return 0


def _print_departments(period, rows) -> None:
    print(f"Co-Betreuung Soll/Ist, {describe(period)}")
    table = [
        [r.department if r.advisor is None else "", r.advisor or "gesamt", str(r.row.groups),
         format_quantity(r.row.soll), str(r.row.ist), format_percent(r.row.coverage), str(r.row.overdue),
         str(r.row.under), str(r.row.over)]
        for r in rows
    ]  # fmt: skip
    header = ["Fachbereich", "Kollege", "Verbünde", "Soll", "Ist", "Abdeckung", "überfällig", "unterbetreut", "überbetreut"]
    output.print_table(header, table, right={2, 3, 4, 5, 6, 7, 8})

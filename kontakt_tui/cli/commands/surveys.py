"""Digital care calls and the baseline survey, headless: the Monday export in the advisors'
names (`kontakt carecalls --export DATEI [--eml ORDNER]`), the results with perceived against
logged (`kontakt carecalls --results`), the baseline survey (`kontakt survey start|export|results`)
and the answers back in (`kontakt import surveys DATEI [--campaign NAME]`).

Registered through `cli.EXTENSIONS` (the `survey` command; the `carecalls` options live in
`commands/campaigns.py` and call in here). JSON shapes in `cli.json_shapes`."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kontakt_tui.cli import json_shapes, output
from kontakt_tui.cli.context import Context, InputError, date_arg, os_reason
from model.campaigns import baseline, care_calls, dispatch, drafts, perception, survey_store
from model.exchange import ImportFailed, write_csv
from model.german import counted, format_date_de, format_number, format_percent


def register(cmds) -> None:
    p = cmds.add("survey", "Zufriedenheitsbefragung (Basismessung): starten, exportieren, Ergebnisse", _missing_action)
    actions = type(cmds)(p.add_subparsers(dest="survey_action", metavar="AKTION"))
    q = actions.add("start", "eine Befragung für alle Verbünde, ein Segment oder ein Portfolio anlegen", cmd_start)
    q.add_argument("name", metavar="NAME", help='Name der Befragung, z. B. "Basis 2027"')
    scope = q.add_mutually_exclusive_group(required=True)
    scope.add_argument("--all", action="store_true", help="alle Verbünde")
    scope.add_argument("--segment", metavar="SEGMENT", help="nur die Verbünde dieses Segments")
    scope.add_argument("--advisor", metavar="KÜRZEL", help="nur das Portfolio dieses Betreuers (FKB)")
    q.add_argument("--from", dest="first", metavar="DATUM", help="Beginn (sonst heute)")
    q.add_argument("--to", dest="last", metavar="DATUM", help="Ende (sonst vier Wochen nach Beginn)")
    cmds.as_of(q)
    q = actions.add("export", "Versandliste (CSV) und E-Mail-Entwürfe einer Befragung", cmd_export)
    q.add_argument("name", metavar="NAME")
    q.add_argument("file", metavar="DATEI", help="CSV-Datei für Excel (;, UTF-8)")
    q.add_argument("--eml", metavar="ORDNER", help="je Empfänger einen E-Mail-Entwurf (.eml) in ORDNER")
    cmds.as_of(q)
    q = actions.add("results", "Ergebnisse einer Befragung je Betreuer, Wahrnehmung gegen Kontaktlog", cmd_survey_results)
    q.add_argument("name", metavar="NAME")
    q.add_argument("--advisor", metavar="KÜRZEL", help="nur dieses Portfolio")
    cmds.json_flag(q)


def _missing_action(ctx: Context) -> int:
    raise InputError("kontakt survey braucht eine Aktion: start, export oder results.")


def _now(ctx: Context) -> datetime:
    return datetime.combine(ctx.as_of, datetime.now().time().replace(microsecond=0))


def _campaign(ctx: Context, name: str) -> dict:
    found = baseline.find(ctx.store.read_collection(baseline.CAMPAIGNS), name)
    if found is None:
        raise InputError(f'Befragung "{name}" gibt es nicht (anlegen mit kontakt survey start).')
    return dict(found)


# ---- export -------------------------------------------------------------------------------


def _write_export(ctx: Context, rows, file: str, eml: str | None) -> None:
    """The CSV, the drafts, then the dispatch log (only what was written is logged)."""
    ctx.require("dispatch")
    ctx.write_file(file, "DATEI", lambda target: write_csv(target, dispatch.EXPORT_COLUMNS, dispatch.export_rows(rows)))
    mails = [r for r in rows if r.channel == dispatch.MAIL]
    if eml:
        folder = Path(eml)
        try:
            drafts.write_drafts(folder, rows, ctx.institute.config.institute)
        except OSError as exc:
            raise InputError(f"--eml: Ordner {folder} kann nicht beschrieben werden ({os_reason(exc)}).") from None
    survey_store.log_dispatches(ctx.store, rows, ctx.settings.user, _now(ctx))
    groups = len({r.group.id for r in rows})
    phone = len({r.group.id for r in rows if r.channel == dispatch.PHONE})
    print(
        f"{counted(groups, 'Verbund', 'Verbünde')}: {counted(len(mails), 'E-Mail', 'E-Mails')}, "
        f"{counted(phone, 'Verbund', 'Verbünde')} ohne E-Mail-Adresse zum Anrufen (Kanal Telefon)."
    )
    print(f"Versandliste: {file}" + (f"; {counted(len(mails), 'Entwurf', 'Entwürfe')} in {eml}" if eml else ""))


def export_week(ctx: Context, week: str) -> int:
    """`kontakt carecalls [--week] --export DATEI [--eml ORDNER]`."""
    store, institute = ctx.store, ctx.institute
    items = care_calls.care_call_list(institute.groups, institute.contacts, institute.config, week)
    plan = dispatch.week_dispatch(
        items, institute.advisors, week, store.read_collection(dispatch.DISPATCHES),
        store.read_collection(care_calls.COLLECTION), institute.config.care_call_repeat_weeks,
    )  # fmt: skip
    print(f"Care Calls {care_calls.describe_week(week)}: {counted(len(items), 'Verbund', 'Verbünde')} mit Beratungsgespräch, "
          f"{plan.skipped} in den letzten {institute.config.care_call_repeat_weeks} Wochen schon gefragt.")  # fmt: skip
    _write_export(ctx, plan.rows, ctx.args.export, ctx.args.eml)
    return 0


def cmd_export(ctx: Context) -> int:
    ctx.as_of  # noqa: B018 - a bad --as-of is named before anything is looked up
    campaign = _campaign(ctx, ctx.args.name)
    store, institute = ctx.store, ctx.institute
    skip = dispatch.recently_asked(
        store.read_collection(dispatch.DISPATCHES), store.read_collection(care_calls.COLLECTION), campaign["week"],
        institute.config.care_call_repeat_weeks,
    )  # fmt: skip
    groups = [institute.groups[g] for g in campaign["groups"] if g in institute.groups]
    rows = dispatch.campaign_recipients(groups, institute.advisors, campaign["week"], campaign["name"], skip)
    print(f'Befragung "{campaign["name"]}" ({baseline.describe_scope(campaign)}): {counted(len(groups), "Verbund", "Verbünde")}, '
          f"{len({g.id for g in groups} & skip)} in den letzten {institute.config.care_call_repeat_weeks} Wochen schon gefragt.")  # fmt: skip
    _write_export(ctx, rows, ctx.args.file, ctx.args.eml)
    return 0


# ---- the baseline survey ------------------------------------------------------------------


def cmd_start(ctx: Context) -> int:
    args, institute = ctx.args, ctx.institute
    first = date_arg(args.first, "--from", ctx.as_of)
    last = date_arg(args.last, "--to", first + timedelta(days=27))
    ctx.require("campaign")
    if args.all:
        scope, value = "all", ""
    elif args.segment:
        scope, value = "segment", args.segment
    else:
        scope, value = "advisor", ctx.advisor(args.advisor, "--advisor")
    at = _now(ctx)

    def add(records: list[dict]) -> list[dict]:
        return [*records, baseline.new_campaign(args.name, scope, value, institute.groups.values(), first, last,
                                                ctx.settings.user, at, records)]  # fmt: skip

    try:
        written = ctx.store.update_collection(baseline.CAMPAIGNS, add)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    campaign = baseline.find(written, args.name)
    print(f'Befragung "{campaign["name"]}" angelegt: {baseline.describe_scope(campaign)}, {counted(len(campaign["groups"]), "Verbund", "Verbünde")}, '
          f"{format_date_de(first)}–{format_date_de(last)} ({care_calls.describe_week(campaign['week'])}).")  # fmt: skip
    return 0


# ---- import -------------------------------------------------------------------------------


def cmd_import_surveys(ctx: Context) -> int:
    """`kontakt import surveys DATEI [--campaign NAME]`."""
    ctx.require("surveys")
    path = Path(ctx.args.file)
    if not path.is_file():
        raise InputError(f"DATEI: {path} gibt es nicht (oder es ist ein Ordner).")
    name = getattr(ctx.args, "campaign", None) or ""
    campaign = _campaign(ctx, name) if name else None
    try:
        plan, added = survey_store.import_surveys(
            ctx.store, ctx.institute, path, ctx.settings.user, datetime.now().replace(microsecond=0),
            campaign["name"] if campaign else "", campaign["week"] if campaign else "",
        )  # fmt: skip
    except ImportFailed as exc:
        raise InputError(f"Import aus {path} abgebrochen, nichts wurde gespeichert:\n{exc}") from None
    for line in plan.messages(campaign["name"] if campaign else ""):
        print(line)
    print(f"{added} Care-Call-Einträge in den Kontakthistorien ergänzt.")
    return 0


# ---- results ------------------------------------------------------------------------------


def results(ctx: Context, campaign: str) -> int:
    institute = ctx.institute
    advisor = ctx.advisor(ctx.args.advisor, "--advisor") if ctx.args.advisor else None
    records = care_calls.weekly(ctx.store.read_collection(care_calls.COLLECTION), campaign)
    compared = perception.compare_all(records, institute.groups, institute.contacts, institute.config)
    mine = [c for c in compared if advisor in (None, c.advisor)]
    scores = {r.week: r for r in care_calls.weekly_trend(records, advisor)}
    weeks = [(scores[a.week], a) for a in perception.agreement_by_week(mine, advisor)]
    by_advisor = {r.advisor: r for r in care_calls.per_advisor(r for r in records if advisor in (None, r.get("advisor")))}
    advisors = [(by_advisor[a.advisor], a) for a in perception.agreement_by_advisor(mine)]
    gaps = perception.largest_gaps(mine)
    ctx.emit(
        lambda: json_shapes.survey_results_json(advisor, campaign or None, weeks, advisors, gaps),
        lambda: _print_results(advisor, campaign, weeks, advisors, gaps),
    )
    return 0


def cmd_survey_results(ctx: Context) -> int:
    return results(ctx, _campaign(ctx, ctx.args.name)["name"])


def _n(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else format_number(value, digits)


def _share(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def _print_results(advisor, campaign, weeks, advisors, gaps) -> None:
    what = f'Befragung "{campaign}"' if campaign else "Care Calls"
    print(f"{what}, {'Portfolio ' + advisor if advisor else 'Team'}: Wahrnehmung der Kunden gegen das Kontaktlog")
    header = ["Befragte", "Ø Zufriedenheit", "deckt sich", "Anteil", "Ø Abstand"]
    numbers = lambda r, a: [str(r.count), _n(r.average), str(a.matching), _share(a.share), _n(a.average_gap)]  # noqa: E731
    output.print_table(
        ["Woche", *header], [[care_calls.describe_week(r.week), *numbers(r, a)] for r, a in weeks], right={1, 2, 3, 4, 5}
    )
    print()
    output.print_table(["Betreuer", *header], [[r.advisor, *numbers(r, a)] for r, a in advisors], right={1, 2, 3, 4, 5})
    if gaps:
        print("\nGrößte Abstände (Antwort des Kunden · laut Log):")
        for c in gaps:
            print(f"  {c.group.number} {c.group.name} ({c.advisor}, {c.week}), Abstand {c.gap}:")
            for i in c.items:
                mark = "=" if i.matches else "≠"
                print(f"    {mark} {perception.SHORT[i.key]}: {i.answer} · {i.logged} ({i.evidence})")

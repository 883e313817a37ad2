"""Commands on whole groups for administrators: `kontakt merge-groups BEHALTEN AUFGEBEN`.
Registered through `cli.EXTENSIONS`. Needs the merge_groups permission; the merge is audited,
on either store (`store.merge_groups`)."""

from __future__ import annotations

from kontakt_tui.cli.commands.store import _confirm
from kontakt_tui.cli.context import Context, InputError
from model.german import counted
from model.store.merge_groups import MergeInputError, find_group


def register(cmds) -> None:
    p = cmds.add(
        "merge-groups",
        "zwei Verbünde zusammenführen, die derselbe Kundenverbund sind (Kontakte, Ansprechpartner, Castings, "
        "Co-Betreuung und Kunden gehen in BEHALTEN auf)",
        cmd_merge_groups,
    )
    p.add_argument("keep", metavar="BEHALTEN", help="Verbund-Nr (oder ID, siehe kontakt doctor) des bleibenden Verbunds")
    p.add_argument("drop", metavar="AUFGEBEN", help="Verbund-Nr (oder ID) des Verbunds, der darin aufgeht")
    p.add_argument("--yes", action="store_true", help="ohne Rückfrage")


def cmd_merge_groups(ctx: Context) -> int:
    args, store = ctx.args, ctx.store
    picture = ctx.institute
    ctx.require("merge_groups")
    try:
        keep = find_group(picture, args.keep)
    except MergeInputError as exc:
        raise InputError(str(exc)) from None
    try:
        drop = find_group(picture, args.drop)
    except MergeInputError:
        drop = None  # perhaps merged already: merge_groups tells
    if drop is not None:
        _confirm(
            f"Verbund {drop.number} {drop.name} in Verbund {keep.number} {keep.name} aufgehen lassen "
            f"({counted(len(picture.contacts.get(drop.id, ())), 'Kontakt', 'Kontakte')})?",
            args.yes,
        )
    try:
        report = store.merge_groups(args.keep, args.drop)
    except MergeInputError as exc:
        raise InputError(str(exc)) from None
    if report.already:
        print(f"Verbund {args.drop} ist schon in Verbund {report.kept.number} aufgegangen; nichts zu tun.")
        return 0
    print(
        f"Verbund {report.given_up} in Verbund {report.kept.number} zusammengeführt: {counted(report.contacts, 'Kontakt', 'Kontakte')} "
        f"umgehängt, {report.persons} Ansprechpartner, {report.castings} Castings, {report.assignments} "
        f"Co-Betreuungen und {report.customers} Kunden übernommen. Die Nummer {report.given_up} führt "
        f"künftig zu Verbund {report.kept.number}."
    )
    return 0

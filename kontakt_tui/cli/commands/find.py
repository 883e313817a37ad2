"""`kontakt find TEXT`: any group by number, name, member customer, contact person or phone —
the same search as ctrl+f in the app (model.contacts.find). Registered through
`cli.EXTENSIONS`."""

from __future__ import annotations

from kontakt_tui.cli import json_shapes
from kontakt_tui.cli.context import Context, InputError
from kontakt_tui.cli.output import print_table
from model.contacts import FIND_LIMIT, find_groups
from model.text_safety import clean_text


def register(cmds) -> None:
    p = cmds.add(
        "find",
        "Verbünde finden: Nummer, Name, Kunde, Ansprechpartner oder Telefon (jedes Wort muss vorkommen; "
        '"0171 234" findet auch 0171/2345678)',
        cmd_find,
    )
    p.add_argument("text", nargs="+", metavar="TEXT", help="wonach gesucht wird")
    p.add_argument("--limit", type=int, default=FIND_LIMIT, metavar="N", help=f"höchstens N Treffer (Standard {FIND_LIMIT})")
    cmds.json_flag(p)


def cmd_find(ctx: Context) -> int:
    text = " ".join(ctx.args.text)
    if not text.strip():
        raise InputError("TEXT: bitte angeben, wonach gesucht wird (z. B. kontakt find Huber).")
    if ctx.args.limit < 1:
        raise InputError(f"--limit {ctx.args.limit}: bitte eine Zahl ab 1 angeben.")
    ctx.scope = "master"  # numbers, names, customers, persons: no contacts
    matches = find_groups(ctx.institute.groups.values(), text, ctx.args.limit)

    def text_output() -> None:
        if not matches:
            print(clean_text(f"Kein Verbund zu „{text}“.", single_line=True))
            return
        rows = [(m.group.number, m.group.name, m.group.cls or "–", m.group.lead, "; ".join(m.matched)) for m in matches]
        print_table(("Verbund", "Name", "Klasse", "FKB", "gefunden in"), rows)
        if len(matches) == ctx.args.limit:
            ctx.note(f"Die ersten {len(matches)} Treffer; genauer suchen oder --limit erhöhen.")

    ctx.emit(lambda: [json_shapes.find_json(m) for m in matches], text_output)
    return 0

"""User and file text on screen: literal, never markup, without control characters.

Textual reads a plain `str` given to a Static, a DataTable cell or column, an Option or a
notification as markup: `Bäckerei [/] Albrecht` raises a MarkupError that ends the app,
`GmbH [i. L.]` loses its bracket. A `rich.text.Text` is shown as it is; so every name, note
or message that may hold someone else's text goes through `plain` / `cells` / `line`, which
also remove escape sequences and control characters (`model.text_safety`).

`install_control_filter` is the second line of defence for text that reaches a widget some
other way: it widens the set of characters Rich's Text and Textual's Content drop on
construction (by default only BEL, BS, VT, FF, CR) to every C0 control but tab and newline,
DEL and C1 — so an ESC can never reach the terminal from a widget.
"""

from __future__ import annotations

from rich.text import Text

from model.text_safety import clean_text

_DROPPED = [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]


def line(value: object) -> str:
    """One line of user text, as a str for `Text.append` / `Text.assemble` (never markup
    there): escape sequences and controls removed, newlines and tabs as blanks."""
    return clean_text("" if value is None else str(value), single_line=True)


def plain(value: object, style: str = "") -> Text:
    """User text as a Text that is shown literally; newlines stay (notes, messages)."""
    return Text(clean_text("" if value is None else str(value)), style=style)


def literal(value: object) -> object:
    """A table cell or prompt made literal: str → one-line Text; a Text is cleaned; anything
    else (a number, a renderable built by the screen) stays as it is."""
    if isinstance(value, str):
        return Text(line(value), no_wrap=True, end="")
    if isinstance(value, Text):
        cleaned = clean_text(value.plain)
        return value if cleaned == value.plain else Text(line(cleaned), style=value.style)
    return value


def cells(*values: object) -> list[object]:
    """A DataTable row (or column labels) shown literally: `table.add_row(*cells(...))`."""
    return [literal(v) for v in values]


def options(pairs) -> list[tuple[Text, object]]:
    """(prompt, value) pairs for a Select, with literal prompts (person and advisor names)."""
    return [(literal(prompt), value) for prompt, value in pairs]


def install_control_filter() -> None:
    """Make Rich's Text and Textual's Content drop every control character except tab and
    newline. Both keep the table of dropped code points in a module-level dict bound as a
    default argument; widening that dict in place is the only hook they offer. Idempotent;
    `tests/app/test_hostile_text.py` checks it still takes effect after a library update."""
    import rich.control
    import textual.content

    for table in (rich.control._CONTROL_STRIP_TRANSLATE, textual.content._CONTROL_STRIP_TRANSLATE):
        table.update(dict.fromkeys(_DROPPED))

"""Text from people and files made harmless for a terminal and for Excel.

Names and notes come from imports, from colleagues and from hand-edited files. Shown raw, an
escape sequence in them is a command to the terminal: `ESC ] 52 ; c ; … BEL` writes the
clipboard, `ESC [ 2 J` clears the screen, a carriage return overwrites what was printed before.
`clean_text` removes whole sequences (not only the ESC, which would leave the payload visible)
and every other control character; the app and the command line both print through it.

A CSV cell that starts with `=`, `+`, `-` or `@` is a formula to Excel (OWASP "CSV
injection"); `csv_safe` prefixes such text with `'`, which Excel shows as text.

Pure: no terminal, no textual — `model/` is shared by the app and the command line.
"""

from __future__ import annotations

import re

# ECMA-48, 7-bit and 8-bit forms. Order matters: the string commands (OSC, DCS, SOS, PM, APC)
# run to their terminator — BEL or ST (ESC \ or 0x9c) — or, unterminated, to the end of the
# text: a terminal would swallow everything up to a terminator too.
_STRING_COMMAND = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x9c]*?(?:\x07|\x1b\\|\x9c|\Z)"
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
_OTHER_ESCAPE = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_SEQUENCE = re.compile(f"{_STRING_COMMAND}|{_CSI}|{_OTHER_ESCAPE}", re.DOTALL)

# Left after the sequences: C0 except tab and newline, DEL, C1, and the bidi embeddings,
# overrides and isolates that make a terminal show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_AND_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str, single_line: bool = False) -> str:
    """`text` without escape sequences and control characters; tabs and newlines stay (notes
    have lines), CRLF becomes LF. `single_line` turns tabs and newlines into blanks, for
    table cells and one-line messages."""
    if not text:
        return text
    if _is_plain(text):
        return text  # the common case: nothing to do, no copy
    value = _SEQUENCE.sub("", text.replace("\r\n", "\n"))
    if single_line:
        return _CONTROL_AND_NEWLINES.sub(lambda m: " " if m.group() in "\t\n" else "", value)
    return _CONTROL.sub("", value)


def _is_plain(text: str) -> bool:
    return text.isprintable() and not any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in text)


def has_control(text: str) -> bool:
    """True when `clean_text` would change `text` (tabs and newlines aside)."""
    return clean_text(text) != text.replace("\r\n", "\n")


def csv_safe(value: str) -> str:
    """Text for a CSV cell that Excel will not run as a formula: a leading `=`, `+`, `-`, `@`,
    tab or CR gets a `'` in front (OWASP). Numbers are not text: the writer passes them by."""
    if value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value

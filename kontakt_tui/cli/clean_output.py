"""What the headless commands print passes `model.text_safety.clean_text` on its way to the
terminal: a group name with `ESC ] 52` would otherwise write the clipboard of whoever runs
`kontakt due`. One wrapper around stdout and stderr catches every print, error message and
argparse echo, so no command can forget it. JSON output is unaffected: json.dump writes control
characters below 0x20 as \\u escapes, and the raw C1 characters it would pass are dropped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from model.text_safety import clean_text


class CleanStream:
    """A text stream that removes escape sequences and control characters (tab and newline
    stay) from everything written; all else is the wrapped stream's."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean_text(text))
        return len(text)  # print() and json.dump only check that writing worked

    def writelines(self, lines) -> None:
        for text in lines:
            self.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextmanager
def cleaned() -> Iterator[None]:
    """stdout and stderr cleaned inside the block, restored afterwards (tests capture them)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(sys.stdout), CleanStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved

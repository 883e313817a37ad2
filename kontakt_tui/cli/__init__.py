"""The `kontakt` command line: `main` parses the arguments and runs a command or the app."""

from kontakt_tui.cli.parser import main

__all__ = ["main"]

"""`python -m kontakt_tui` is the same as the `kontakt` command."""

from .cli import main

raise SystemExit(main())

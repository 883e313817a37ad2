"""What a `kontakt` command start imports: only what the command needs.

Every command pays its imports on every start, and an advisor runs `kontakt due` and `kontakt
log` many times a day. The UI (textual), the iCalendar library (about 50 ms) and the holiday
library (about 0.2 s with its countries) load only for the commands that use them."""

import shutil
import subprocess
import sys
from pathlib import Path

from kontakt_tui.cli.parser import EXTENSIONS
from kontakt_tui.holiday_cache import cache_folder

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "rich", "icalendar", "holidays")
"""Libraries, and the command modules kontakt_tui/cli/parser.py lists in EXTENSIONS (each
imports its own rules): `due` and `log` are defined in the parser module and need none."""


def _modules_after(store: Path, *argv: str) -> list[str]:
    code = (
        "import sys\n"
        "from kontakt_tui.cli import main\n"
        f"code = main({['--store', str(store), '--user', 'KBA', *argv]!r})\n"
        "from kontakt_tui.cli.parser import EXTENSIONS\n"
        f"heavy = {{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}\n"
        "heavy |= {m.rsplit('.', 1)[1] for m in EXTENSIONS if m in sys.modules}\n"
        "print(code, sorted(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def test_due_log_and_export_load_only_what_they_use(tmp_path):
    store = tmp_path / "store"
    subprocess.run(
        [sys.executable, "-c", f"from kontakt_tui.cli import main; main(['--store', {str(store)!r}, 'demo'])"],
        cwd=ROOT, capture_output=True, check=True,
    )  # fmt: skip
    assert _modules_after(store, "due") == "0 []"
    # A logged contact moves its follow-up off holidays: the first time on this PC the library
    # builds the table, later ones find it in the user's cache folder (kontakt_tui/holiday_cache.py).
    shutil.rmtree(cache_folder(), ignore_errors=True)
    assert _modules_after(store, "log", "10074", "--outcome", "Gespräch geführt") == "0 ['holidays']"
    assert _modules_after(store, "log", "10074", "--outcome", "Gespräch geführt") == "0 []"
    # only the export writes iCalendar; its command is an extension's (all of them are parsed)
    everything = sorted({"icalendar", *(m.rsplit(".", 1)[1] for m in EXTENSIONS)})
    assert _modules_after(store, "export", "calendar", str(tmp_path / "k.ics")) == f"0 {everything}"

"""German singulars (issue 13: "1 Anrufe", "1 Termine"): one helper for every count."""

import subprocess
from pathlib import Path

from model.german import counted, plural

ROOT = Path(__file__).resolve().parents[2]


def test_singular_only_for_exactly_one():
    assert counted(1, "Anruf", "Anrufe") == "1 Anruf"
    assert counted(0, "Termin", "Termine") == "0 Termine"
    assert counted(2, "Verbund", "Verbünde") == "2 Verbünde"
    assert counted(1234, "Kontakt", "Kontakte") == "1.234 Kontakte"
    assert counted(1.5, "Tag", "Tage") == "1,5 Tage" and counted(1.0, "Tag", "Tage") == "1 Tag"
    assert plural(1, "Eintrag", "Einträge") == "Eintrag" and plural(-1, "Tag", "Tage") == "Tage"


def test_no_count_printed_with_a_fixed_plural():
    """Counts in f-strings go through counted(): a number followed by a plural noun is a bug
    the day the number is 1. Fixed numbers in prose ("ab 3 Monaten") are not f-string fields."""
    nouns = "Anrufe|Termine|Verbünde|Kontakte|Einträge|Dateien|Zeilen|Monate|Minuten|Punkte|Hinweis\\(e\\)"
    pattern = rf"\{{(len\([^}}]*\)|[a-z_.]*(calls|meetings|contacts|groups|entries|files|months|minutes|cast))\}} ({nouns})\b"
    found = subprocess.run(
        ["grep", "-rnEI", pattern, "model", "screens", "kontakt_tui", "--include=*.py"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert found == ""

"""A casting scheme as text an administrator edits in the terminal, and back:

    Kriterium: Unternehmensnachfolge
      ist perspektivisch zu lösen = 2 -> Nachfolge
      ist geregelt / steht nicht an = 0
    Klasse A: ab 7 Punkte, 4 Kontakte p. a., 90 Minuten, Formate: Jahresgespräch, Strategiegespräch

Every line that cannot be read gives a German message with its line number; the meaning
(thresholds in order, frequencies > 0 …) is checked by `model.casting.validation.validate_scheme`, the check loading uses too.
"""

from __future__ import annotations

import re

from model.german.counts import counted
from model.german.numbers import parse_decimal

_CRITERION = re.compile(r"^Kriterium:\s*(?P<name>.+?)\s*$")
_OPTION = re.compile(r"^\s+(?P<label>.+?)\s*=\s*(?P<points>-?\d+)\s*(?:->\s*(?P<department>.+?))?\s*$")
_CLASS = re.compile(
    r"^Klasse\s+(?P<name>[A-Z]):\s*ab\s+(?P<min>-?\d+)\s+Punkte?,\s*(?P<freq>[\d.,]+)\s+Kontakte?\s+p\.\s*a\.,"
    r"\s*(?P<minutes>\d+)\s+Minuten,\s*Formate:\s*(?P<formats>.*?)\s*$"
)

HELP = """# Kriterien: "Kriterium: Name", darunter eingerückt je Option "Option = Punkte",
# optional "-> Fachbereich" für den Fachbereich, den die Option hinzuzieht.
# Klassen: "Klasse X: ab N Punkte, F Kontakte p. a., M Minuten, Formate: a, b, c".
# Zeilen mit # sind Kommentare."""


class SchemeTextError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def scheme_to_text(scheme: dict) -> str:
    lines = [f"# Casting-Schema {scheme['segment']} (Version {scheme.get('version', 1)})", HELP, ""]
    for criterion in scheme["criteria"]:
        lines.append(f"Kriterium: {criterion['name']}")
        for option in criterion["options"]:
            department = f" -> {option['department']}" if option.get("department") else ""
            lines.append(f"  {option['label']} = {option['points']}{department}")
        lines.append("")
    for band in scheme["classes"]:
        lines.append(
            f"Klasse {band['name']}: ab {counted(band['min_score'], 'Punkt', 'Punkte')}, {counted(band['frequency'], 'Kontakt', 'Kontakte')} p. a., "
            f"{counted(band['planning_minutes'], 'Minute', 'Minuten')}, Formate: {', '.join(band['formats'])}"
        )
    return "\n".join(lines) + "\n"


def text_to_scheme(text: str, segment: str, version: int) -> dict:
    """The scheme dict the configuration holds; SchemeTextError lists every unreadable line."""
    criteria: list[dict] = []
    classes: list[dict] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if match := _CRITERION.match(line):
            criteria.append({"name": match["name"], "options": []})
        elif match := _OPTION.match(line):
            if not criteria:
                problems.append(f"Zeile {number}: Option vor dem ersten „Kriterium:“")
                continue
            department = match["department"] or None
            criteria[-1]["options"].append({"label": match["label"], "points": int(match["points"]), "department": department})
        elif match := _CLASS.match(line):
            formats = [f.strip() for f in match["formats"].split(",") if f.strip()]
            try:
                frequency = parse_decimal(match["freq"])
            except ValueError as exc:
                problems.append(f"Zeile {number}, Klasse {match['name']}, Kontakte p. a.: {exc}")
                continue
            classes.append(
                {
                    "name": match["name"],
                    "min_score": int(match["min"]),
                    "frequency": frequency,
                    "planning_minutes": int(match["minutes"]),
                    "formats": formats,
                }
            )
        else:
            problems.append(
                f"Zeile {number}: „{line.strip()}“ ist weder „Kriterium: …“, eine eingerückte Option "
                "„Option = Punkte“ noch „Klasse X: ab N Punkte, F Kontakte p. a., M Minuten, Formate: …“"
            )
    if problems:
        raise SchemeTextError(problems)
    return {"segment": segment, "version": version, "classes": classes, "criteria": criteria}

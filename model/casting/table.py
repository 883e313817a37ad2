"""The portfolio casting table (docs/rules.md, rule 1): groups × criteria (chosen option) × score ×
class, like the table in the essay, with filters by option, class and advisor, the class
distribution shown above it and the rows for the CSV export.

"Qualified" casting means every criterion stays visible per portfolio, so a row keeps the
answers of the group's latest casting, and a filter such as "Unternehmensnachfolge: ist
perspektivisch zu lösen" finds every group whose succession is still open.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from model.casting.scoring import CastingError
from model.config import Config, Scheme
from model.entities import CLASSES, Casting, Group

UNCAST = "–"
"""Class shown for a group that was never cast (in the distribution and in class filters)."""


@dataclass(frozen=True)
class CastingRow:
    group: Group
    casting: Casting | None
    answers: Mapping[str, str]
    score: int | None
    cls: str | None
    """The latest casting's final class (override included); None when never cast. A class
    carried over from an import is not a casting and is not shown as one."""


def casting_rows(groups: Iterable[Group], config: Config, segment: str, advisor: str | None = None) -> list[CastingRow]:
    """One row per group of the segment (only the advisor's lead groups when given), by number."""
    rows = []
    for group in groups:
        if group.segment != segment or (advisor is not None and group.lead != advisor):
            continue
        casting = group.casting
        if casting is None:
            rows.append(CastingRow(group, None, {}, None, None))
        else:
            rows.append(CastingRow(group, casting, dict(casting.answers), casting.score, casting.final_class))
    rows.sort(key=lambda r: (r.group.number, r.group.name))
    return rows


def _match(text: str, choices: Sequence[str]) -> str | None:
    """Exact match, else the one choice equal without regard to case and outer spaces."""
    value = text.strip()
    if value in choices:
        return value
    folded = [c for c in choices if c.casefold() == value.casefold()]
    return folded[0] if len(folded) == 1 else None


def parse_option_filter(text: str, scheme: Scheme) -> tuple[str, str]:
    """ "KRITERIUM=OPTION" or "Kriterium: Option" → (criterion, option) as the scheme spells
    them; CastingError listing the valid criteria, or the valid options of the criterion."""
    # "=" first: no label in the shipped schemes has one, while ":" may appear in a label.
    for separator in ("=", ":"):
        if separator in text:
            name, label = text.split(separator, 1)
            break
    else:
        valid = ", ".join(c.name for c in scheme.criteria)
        raise CastingError(f"„{text}“: erwartet KRITERIUM=OPTION. Kriterien: {valid}")
    criterion_name = _match(name, [c.name for c in scheme.criteria])
    if criterion_name is None:
        valid = ", ".join(c.name for c in scheme.criteria)
        raise CastingError(f"Unbekanntes Kriterium „{name.strip()}“ im Schema {scheme.segment}. Gültig: {valid}")
    criterion = scheme.criterion(criterion_name)
    labels = [o.label for o in criterion.options]  # type: ignore[union-attr]
    option = _match(label, labels)
    if option is None:
        raise CastingError(f"Unbekannte Option „{label.strip()}“ für „{criterion_name}“. Gültig: {', '.join(labels)}")
    return criterion_name, option


def filter_rows(
    rows: Iterable[CastingRow],
    options: Sequence[tuple[str, str]] = (),
    classes: Collection[str] = (),
    advisor: str | None = None,
) -> list[CastingRow]:
    """Rows matching every filter. Several options of the same criterion are alternatives
    ("Potenzial hoch or außerordentlich"), different criteria must all match. `classes` may
    hold "–" for groups never cast; `advisor` keeps the lead advisor's groups."""
    wanted: dict[str, set[str]] = {}
    for criterion, option in options:
        wanted.setdefault(criterion, set()).add(option)
    found = []
    for row in rows:
        if advisor is not None and row.group.lead != advisor:
            continue
        if classes and (row.cls or UNCAST) not in classes:
            continue
        if all(row.answers.get(criterion) in labels for criterion, labels in wanted.items()):
            found.append(row)
    return found


def distribution(rows: Sequence[CastingRow]) -> list[tuple[str, int, float]]:
    """(class, count, share 0..1) for A–D always, and "–" for groups never cast if any."""
    rows = list(rows)
    total = len(rows)
    counts = {cls: 0 for cls in CLASSES}
    uncast = 0
    for row in rows:
        if row.cls in counts:
            counts[row.cls] += 1
        else:
            uncast += 1
    result = [(cls, n, n / total if total else 0.0) for cls, n in counts.items()]
    if uncast:
        result.append((UNCAST, uncast, uncast / total))
    return result


def table_for_export(rows: Iterable[CastingRow], scheme: Scheme) -> tuple[list[str], list[list]]:
    """Header and rows for `csv_export.write_csv`: one column per criterion of the scheme."""
    criteria = [c.name for c in scheme.criteria]
    header = ["Nr", "Verbund", "FKB", *criteria, "Punkte", "Klasse", "abweichend", "Begründung", "gecastet am"]
    table = []
    for row in rows:
        casting = row.casting
        table.append(
            [
                row.group.number,
                row.group.name,
                row.group.lead,
                *(row.answers.get(name, "") for name in criteria),
                row.score,
                row.cls or UNCAST,
                # ja/nein (csv_export renders bools so); empty for a group never cast.
                (casting.override_class is not None) if casting else None,
                casting.reason if casting else "",
                casting.date if casting else None,
            ]
        )
    return header, table

"""Kunden-Casting (qualified ABCD analysis), docs/rules.md, rule 1: the score is the sum of the
chosen options' points, the scheme's thresholds give the class, the chosen options name the
departments to call in. An override needs a written reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from model.config import Scheme
from model.entities import CLASSES, Casting, new_id


class CastingError(ValueError):
    """Answers that do not fit the scheme; the message lists what is valid."""


def validate_answers(scheme: Scheme, answers: Mapping[str, str]) -> None:
    """Raise CastingError naming every unknown criterion or option and the valid choices."""
    problems = []
    for criterion_name, label in answers.items():
        criterion = scheme.criterion(criterion_name)
        if criterion is None:
            valid = ", ".join(c.name for c in scheme.criteria)
            problems.append(f"Unbekanntes Kriterium {criterion_name!r}. Gültig: {valid}")
        elif criterion.option(label) is None:
            valid = ", ".join(o.label for o in criterion.options)
            problems.append(f"Unbekannte Option {label!r} für {criterion_name!r}. Gültig: {valid}")
    if problems:
        raise CastingError("\n".join(problems))


def score(scheme: Scheme, answers: Mapping[str, str]) -> int:
    """Sum of points of the chosen options; unanswered criteria give no points."""
    validate_answers(scheme, answers)
    total = 0
    for criterion in scheme.criteria:
        label = answers.get(criterion.name)
        if label is not None:
            total += criterion.option(label).points  # type: ignore[union-attr]
    return total


def class_for_score(scheme: Scheme, points: int) -> str:
    """The first class (A→D) whose threshold the score reaches; D when none does."""
    for band in scheme.classes:
        if points >= band.min_score:
            return band.name
    return scheme.classes[-1].name


def called_in_departments(scheme: Scheme, answers: Mapping[str, str]) -> tuple[str, ...]:
    """Departments the chosen options call in, in the scheme's order, without repeats."""
    found: list[str] = []
    for criterion in scheme.criteria:
        label = answers.get(criterion.name)
        option = criterion.option(label) if label is not None else None
        if option and option.department and option.department not in found:
            found.append(option.department)
    return tuple(found)


def cast(
    scheme: Scheme,
    answers: Mapping[str, str],
    *,
    on: date,
    by: str,
    override_class: str | None = None,
    reason: str = "",
) -> Casting:
    """A new casting. An override must name a class A–D and give a non-empty reason."""
    points = score(scheme, answers)
    computed = class_for_score(scheme, points)
    if override_class is not None:
        if override_class not in CLASSES:
            raise CastingError(f"Klasse {override_class!r} gibt es nicht. Gültig: A, B, C, D")
        if not reason.strip():
            raise CastingError("Eine abweichende Klasse braucht eine Begründung.")
        if override_class == computed:
            override_class = None
    ordered = tuple((c.name, answers[c.name]) for c in scheme.criteria if c.name in answers)
    return Casting(
        id=new_id(),
        date=on,
        scheme=scheme.segment,
        scheme_version=scheme.version,
        answers=ordered,
        score=points,
        computed_class=computed,
        by=by,
        override_class=override_class,
        reason=reason.strip() if override_class else "",
    )


def review_due(casting: Casting | None, as_of: date, months: int = 12) -> bool:
    """A casting is due for review `months` after its date; a group never cast is due now."""
    return casting is None or casting.date + relativedelta(months=months) <= as_of

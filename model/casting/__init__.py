"""Kunden-Casting: score and class, casting schemes, the portfolio casting table, co-care.

Public names are imported from the package (`from model.casting import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lazy_exports import lazy_exports

_WHERE = {
    "CastingError": "scoring",
    "CastingRow": "table",
    "HELP": "scheme_text",
    "NEVER_CAST": "schemes",
    "ReviewItem": "schemes",
    "SchemeTextError": "scheme_text",
    "UNCAST": "table",
    "assign": "co_care",
    "called_in_departments": "scoring",
    "cast": "scoring",
    "casting_rows": "table",
    "class_for_score": "scoring",
    "colleagues": "co_care",
    "default_frequency": "co_care",
    "distribution": "table",
    "end_assignment": "co_care",
    "filter_rows": "table",
    "network": "co_care",
    "parse_option_filter": "table",
    "replace_scheme": "schemes",
    "review_due": "scoring",
    "review_queue": "schemes",
    "review_reason": "schemes",
    "scheme_changed": "schemes",
    "scheme_to_text": "scheme_text",
    "score": "scoring",
    "suggested_departments": "co_care",
    "table_for_export": "table",
    "text_to_scheme": "scheme_text",
    "validate_answers": "scoring",
    "validate_scheme": "validation",
}

__all__ = [
    "CastingError",
    "CastingRow",
    "HELP",
    "NEVER_CAST",
    "ReviewItem",
    "SchemeTextError",
    "UNCAST",
    "assign",
    "called_in_departments",
    "cast",
    "casting_rows",
    "class_for_score",
    "colleagues",
    "default_frequency",
    "distribution",
    "end_assignment",
    "filter_rows",
    "network",
    "parse_option_filter",
    "replace_scheme",
    "review_due",
    "review_queue",
    "review_reason",
    "scheme_changed",
    "scheme_to_text",
    "score",
    "suggested_departments",
    "table_for_export",
    "text_to_scheme",
    "validate_answers",
    "validate_scheme",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())

if TYPE_CHECKING:
    from model.casting.co_care import assign, colleagues, default_frequency, end_assignment, network, suggested_departments
    from model.casting.scheme_text import HELP, SchemeTextError, scheme_to_text, text_to_scheme
    from model.casting.schemes import NEVER_CAST, ReviewItem, replace_scheme, review_queue, review_reason, scheme_changed
    from model.casting.scoring import (
        CastingError,
        called_in_departments,
        cast,
        class_for_score,
        review_due,
        score,
        validate_answers,
    )
    from model.casting.table import (
        UNCAST,
        CastingRow,
        casting_rows,
        distribution,
        filter_rows,
        parse_option_filter,
        table_for_export,
    )
    from model.casting.validation import validate_scheme

"""CSV files as German Excel opens them with a double click: `;` between fields, UTF-8 with
BOM (else Excel guesses Windows-1252 and breaks umlauts), CRLF, German number format."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from model.german.dates import format_date_de
from model.german.numbers import format_number
from model.text_safety import clean_text, csv_safe


def cell(value: object) -> str:
    """Numbers with a decimal comma (no thousands dots: Excel would read 1.234 as 1,234),
    dates as TT.MM.JJJJ, None as empty. Text never starts a formula (`csv_safe`) and has no
    control characters; a negative number passed as a number stays a number (-3 or -1,5)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format_number(value, 0 if value.is_integer() else 2)
        return text.replace(".", "")
    if isinstance(value, date):
        return format_date_de(value)
    return csv_safe(clean_text(str(value)))


def to_csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])  # headers hold criterion names from the config
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write the file in one go (a half-written export is worse than none)."""
    Path(path).write_bytes(to_csv_text(header, rows).encode("utf-8-sig"))

"""Reading CSV files as German Excel writes them, and checking single cells.

German Excel saves "CSV (Trennzeichen-getrennt)" with `;` between fields (the comma is the
decimal sign), in Windows-1252 or — "CSV UTF-8" — in UTF-8 with a byte order mark, with CRLF
line ends; files edited elsewhere come as UTF-8 without BOM and LF. All of these are read here.

The import is all-or-nothing, so nothing in this module stops at the first problem: the table
parser returns every header and row-shape error, and the cell checks return a German message
(or None) that the importer prefixes with line and column. Pure: no store, no terminal.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from model.german.dates import parse_date_de

DELIMITER = ";"


class ImportFailed(Exception):
    """The file was not imported; `errors` holds every problem found (German, one a line)."""

    def __init__(self, errors: Iterable[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))

    def __str__(self) -> str:
        return "\n".join(self.errors)


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: `line` is the file line it starts on (the header is line 1)."""

    line: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")

    def has(self, column: str) -> bool:
        return column in self.values


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    columns: tuple[str, ...]
    """The known columns present in the header (canonical spelling)."""
    ignored: tuple[str, ...]
    """Header names that are not part of this import; their cells are not read."""


def cell_error(row: Row, column: str, message: str) -> str:
    return f'Zeile {row.line}, Spalte "{column}": {message}'


def by_line(errors: Iterable[str]) -> list[str]:
    """Errors in file order, so the user can fix them top to bottom; a stable sort keeps the
    columns of one line in the order they were checked."""

    def line(error: str) -> int:
        match = re.match(r"Zeile (\d+)", error)
        return int(match.group(1)) if match else 0

    return sorted(errors, key=line)


class MixedEncoding(ValueError):
    """UTF-8 and Windows-1252 lines in one file; `line` is the first line that is not UTF-8."""

    def __init__(self, line: int, utf8_line: int):
        self.line, self.utf8_line = line, utf8_line
        super().__init__(
            f"Zeile {line} ist nicht UTF-8 (wohl Windows-1252), Zeile {utf8_line} aber UTF-8: "
            'die Datei mischt zwei Zeichenkodierungen. Bitte in Excel als "CSV UTF-8" neu speichern.'
        )


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) first: a cp1252 file with umlauts is almost never valid UTF-8,
    while every UTF-8 file with umlauts would decode as cp1252 into garbage (Ã¤).
    A file that is neither — UTF-8 lines with umlauts beside a cp1252 line, as when rows
    from two sources are pasted together — raises MixedEncoding: decoding it whole as cp1252
    would silently turn every UTF-8 umlaut into mojibake."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8_line = bad_line = 0
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            bad_line = bad_line or number
    if utf8_line or data.startswith(b"\xef\xbb\xbf"):
        raise MixedEncoding(bad_line, utf8_line or 1)
    return data.decode("cp1252")  # may raise too: five byte values are unused in cp1252


def read_text(path: Path) -> str:
    """The file's text, or ImportFailed with one message that names the file."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFailed([f"Datei {path} gibt es nicht."]) from None
    except OSError as exc:
        raise ImportFailed([f"Datei {path} kann nicht gelesen werden ({exc.strerror or exc})."]) from None
    # NUL bytes mean a binary file: most often an .xlsx or a UTF-16 "Unicode-Text" export.
    if b"\x00" in data:
        raise ImportFailed(
            [f'Datei {path} ist keine CSV-Datei (Binärdaten). In Excel als "CSV (Trennzeichen-getrennt)" speichern.']
        )
    try:
        return decode(data)
    except MixedEncoding as exc:
        raise ImportFailed([f"Datei {path}: {exc}"]) from None
    except UnicodeDecodeError:
        raise ImportFailed([f"Datei {path}: Zeichenkodierung nicht erkannt (weder UTF-8 noch Windows-1252)."]) from None


def parse_table(text: str, required: Sequence[str], optional: Sequence[str] = ()) -> tuple[Table, list[str]]:
    """Split `text` into rows keyed by column name. Header names match case-insensitively,
    in any order. Returns the table and every row-shape error (wrong number of fields); a
    header error raises ImportFailed at once with every header problem."""
    errors: list[str] = []
    known = {" ".join(c.split()).casefold(): c for c in (*required, *optional)}
    # newline="" keeps CRLF inside quoted cells (multi-line notes) intact for the csv module.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER)
    records: list[tuple[int, list[str]]] = []
    last_line = 0
    try:
        for fields in reader:
            records.append((last_line + 1, fields))  # a quoted newline spans lines: take the first
            last_line = reader.line_num
    except csv.Error as exc:
        raise ImportFailed([f"Zeile {reader.line_num}: kann nicht gelesen werden ({exc})."]) from None
    if not records or not any(f.strip() for f in records[0][1]):
        raise ImportFailed(["Zeile 1: Kopfzeile fehlt (die Datei ist leer)."])

    header = records[0][1]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        name = known.get(" ".join(raw.split()).casefold())
        if name is None:
            if raw.strip():
                ignored.append(raw.strip())
        elif name in positions:
            errors.append(f'Zeile 1: Spalte "{name}" kommt doppelt vor')
        else:
            positions[name] = index
    missing = [c for c in required if c not in positions]
    errors += [f'Zeile 1: Spalte "{c}" fehlt' for c in missing]
    if missing and len(header) == 1 and any(sep in header[0] for sep in ",\t"):
        errors.append('Zeile 1: Trennzeichen muss ";" sein (in Excel: "CSV (Trennzeichen-getrennt)")')
    if errors:
        raise ImportFailed(errors)  # without the header no cell can be given its column

    rows: list[Row] = []
    for line, fields in records[1:]:
        if not any(f.strip() for f in fields):
            continue  # Excel writes rows of bare ";;;;" for cells that were once touched
        if len(fields) != len(header):
            errors.append(f'Zeile {line}: {len(fields)} Felder statt {len(header)} (Trennzeichen ";")')
            continue
        rows.append(Row(line, {name: fields[i].strip() for name, i in positions.items()}))
    return Table(tuple(rows), tuple(positions), tuple(ignored)), errors


# ---- single cells -------------------------------------------------------------------------
# Each reads one cell and appends a located German message to `errors` instead of raising,
# so one pass over the file finds every problem.


def required_cell(row: Row, column: str, errors: list[str]) -> str:
    value = row[column]
    if not value:
        errors.append(cell_error(row, column, "Wert fehlt"))
    return value


def date_cell(row: Row, column: str, errors: list[str], required: bool = False) -> date | None:
    if not row[column]:
        if required:
            errors.append(cell_error(row, column, "Wert fehlt"))
        return None
    try:
        return parse_date_de(row[column])
    except ValueError as exc:
        errors.append(cell_error(row, column, str(exc)))
        return None


def choice_cell(row: Row, column: str, allowed: Sequence[str], what: str, errors: list[str], required: bool = False) -> str:
    """The configured spelling of the cell, or "" when empty or wrong (and reported)."""
    value = row[column]
    if not value:
        if required:
            errors.append(cell_error(row, column, "Wert fehlt"))
        return ""
    found = choose(value, allowed)
    if found is None:
        errors.append(cell_error(row, column, f'"{value}" ist {what} (gültig: {", ".join(allowed)})'))
        return ""
    return found


def squash(text: str) -> str:
    """Inner runs of blanks to one, for comparing names and list values as people type them."""
    return " ".join(text.split())


def choose(value: str, allowed: Iterable[str]) -> str | None:
    """The configured spelling of `value` (matched ignoring case and extra blanks), or None;
    "telefon" from a hand-made sheet must land as the configured "Telefon"."""
    key = squash(value).casefold()
    return next((a for a in allowed if squash(a).casefold() == key), None)

"""Files in and out: CSV as German Excel reads and writes it, imports, the iCalendar export.

Public names are imported from the package (`from model.exchange import …`) and resolved lazily, so that
importing one rule module never loads the others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.lazy_exports import lazy_exports

_WHERE = {
    "BERLIN": "calendar",
    "CONTACT_COLUMNS": "import_checks",
    "CONTACT_NAMESPACE": "import_checks",
    "CalendarExport": "calendar",
    "CalendarItem": "calendar",
    "DELIMITER": "csv_in",
    "DONE_DAYS": "calendar",
    "GROUP_COLUMNS": "import_checks",
    "ImportFailed": "csv_in",
    "ImportReport": "import_checks",
    "MEETING_MINUTES": "calendar",
    "MixedEncoding": "csv_in",
    "PERSON_COLUMNS": "import_checks",
    "Plan": "import_checks",
    "Row": "csv_in",
    "TZID": "ical_timezone",
    "Table": "csv_in",
    "berlin_vtimezone": "ical_timezone",
    "by_line": "csv_in",
    "cell": "csv_out",
    "cell_error": "csv_in",
    "choice_cell": "csv_in",
    "choose": "csv_in",
    "contact_id": "import_checks",
    "date_cell": "csv_in",
    "decode": "csv_in",
    "done_items": "calendar",
    "due_items": "calendar",
    "due_uid": "calendar",
    "export_calendar": "calendar",
    "export_stamp": "calendar",
    "import_contacts": "imports",
    "import_groups": "imports",
    "import_persons": "imports",
    "meeting_items": "calendar",
    "meeting_uid": "calendar",
    "organizer": "calendar",
    "parse_table": "csv_in",
    "plan_contacts": "import_checks",
    "plan_groups": "import_checks",
    "plan_persons": "import_checks",
    "read_text": "csv_in",
    "required_cell": "csv_in",
    "sequence_of": "calendar",
    "squash": "csv_in",
    "to_csv_text": "csv_out",
    "to_ics": "calendar",
    "write_csv": "csv_out",
}

__all__ = [
    "BERLIN",
    "CONTACT_COLUMNS",
    "CONTACT_NAMESPACE",
    "CalendarExport",
    "CalendarItem",
    "DELIMITER",
    "DONE_DAYS",
    "GROUP_COLUMNS",
    "ImportFailed",
    "ImportReport",
    "MEETING_MINUTES",
    "MixedEncoding",
    "PERSON_COLUMNS",
    "Plan",
    "Row",
    "TZID",
    "Table",
    "berlin_vtimezone",
    "by_line",
    "cell",
    "cell_error",
    "choice_cell",
    "choose",
    "contact_id",
    "date_cell",
    "decode",
    "done_items",
    "due_items",
    "due_uid",
    "export_calendar",
    "export_stamp",
    "import_contacts",
    "import_groups",
    "import_persons",
    "meeting_items",
    "meeting_uid",
    "organizer",
    "parse_table",
    "plan_contacts",
    "plan_groups",
    "plan_persons",
    "read_text",
    "required_cell",
    "sequence_of",
    "squash",
    "to_csv_text",
    "to_ics",
    "write_csv",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())

if TYPE_CHECKING:
    from model.exchange.calendar import BERLIN, CalendarExport, CalendarItem, DONE_DAYS, MEETING_MINUTES, done_items, due_items, due_uid, export_calendar, export_stamp, meeting_items, meeting_uid, organizer, sequence_of, to_ics
    from model.exchange.csv_in import DELIMITER, ImportFailed, MixedEncoding, Row, Table, by_line, cell_error, choice_cell, choose, date_cell, decode, parse_table, read_text, required_cell, squash
    from model.exchange.csv_out import cell, to_csv_text, write_csv
    from model.exchange.ical_timezone import TZID, berlin_vtimezone
    from model.exchange.import_checks import CONTACT_COLUMNS, CONTACT_NAMESPACE, GROUP_COLUMNS, ImportReport, PERSON_COLUMNS, Plan, contact_id, plan_contacts, plan_groups, plan_persons
    from model.exchange.imports import import_contacts, import_groups, import_persons

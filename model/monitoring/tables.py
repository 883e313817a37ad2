"""The monitoring tables as header + rows of plain values, shared by the CSV exports of the
command line and of the screens. Values stay numbers (write_csv gives them the German
decimal comma); percentages are given as percent figures (25 for 25 %) because Excel users
read a column "Abdeckung %" that way."""

from __future__ import annotations

from collections.abc import Sequence

from model.german.numbers import round_half_up
from model.monitoring.capacity import Utilisation
from model.monitoring.portfolios import ClassRow, DepartmentRow, Portfolio
from model.monitoring.soll_ist import ClassSummary

Table = tuple[list[str], list[list[object]]]

CLASS_HEADER = ["Klasse", "Verbünde", "Soll", "Ist", "Abdeckung %", "überfällig", "unterbetreut", "überbetreut"]


def percent(share: float | None) -> float | None:
    return None if share is None else round_half_up(share * 100, 2)


def _round(value: float) -> float:
    return round_half_up(float(value), 2)


def class_cells(row: ClassRow) -> list[object]:
    return [row.label, row.groups, _round(row.soll), row.ist, percent(row.coverage), row.overdue, row.under, row.over]


def portfolio_table(portfolios: Sequence[Portfolio]) -> Table:
    """One block of class rows and a total per portfolio, the advisor in the first column."""
    rows = []
    for p in portfolios:
        who = p.advisor or "alle"
        rows += [[who, *class_cells(r)] for r in [*p.rows, p.total]]
    return ["Betreuer", *CLASS_HEADER], rows


def summary_table(rows: Sequence[ClassSummary], total: ClassSummary) -> Table:
    """The table of `kontakt report` (no overdue column there)."""
    header = ["Klasse", "Verbünde", "Soll", "Ist", "Abdeckung %", "unterbetreut", "überbetreut"]
    return header, [[r.cls, r.groups, _round(r.soll), r.ist, percent(r.coverage), r.under, r.over] for r in [*rows, total]]


def capacity_table(rows: Sequence[Utilisation]) -> Table:
    header = ["Kürzel", "Name", "Verbünde", "Co-Betreuungen", "Bedarf Std.", "Nettomarktzeit Std.", "Auslastung %"]
    return header, [
        [u.advisor, u.name, u.span, u.co_care_roles, _round(u.required), _round(u.available), percent(u.share)] for u in rows
    ]


def department_table(rows: Sequence[DepartmentRow]) -> Table:
    header = ["Fachbereich", "Kollege", *CLASS_HEADER[1:]]
    return header, [[r.department, r.advisor or "gesamt", *class_cells(r.row)[1:]] for r in rows]


def served_table(portfolio: Portfolio, which: str) -> Table:
    """The under- ("under") or over-served ("over") groups of a portfolio."""
    items = portfolio.under if which == "under" else portfolio.over
    header = ["Nr", "Verbund", "Klasse", "Betreuer", "Rolle", "Soll", "Ist"]
    return header, [[t.group.number, t.group.name, t.cls or "–", t.advisor, t.role, _round(t.soll), t.ist] for t in items]

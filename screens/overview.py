"""The start screen of the app shell: who is working, on which store, and the day's figures
(due contacts, inactive groups, portfolio by class, Soll/Ist) — refreshed whenever the store
changes."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from model.dates import format_date_de
from model.entities import CLASSES
from model.formatting import format_number, format_percent, format_quantity
from model.institute import Institute
from model.schedule import NEVER, due_list, inactive_groups
from model.soll_ist import Period, role_targets, summarize


def overview_lines(institute: Institute, user: str, as_of) -> list[tuple[str, str]]:
    """(label, value) rows for the user's day; pure so it can be tested without a screen."""
    advisor = institute.advisors.get(user)
    if advisor is None:
        return [("Benutzer", f"{user} ist im Speicher nicht als Betreuer angelegt")]
    groups = institute.groups.values()
    config = institute.config
    due = due_list(user, groups, institute.contacts, config, as_of)
    overdue = sum(1 for i in due if i.reason == NEVER or i.overdue_days > 0)
    today = sum(1 for i in due if i.overdue_days == 0)
    inactive = inactive_groups(groups, institute.contacts, config, as_of, advisor=user)
    mine = [g for g in groups if g.lead == user]
    by_class = Counter(g.cls or "–" for g in mine)
    classes = " · ".join(f"{c} {by_class[c]}" for c in (*CLASSES, "–") if by_class[c])
    _, total = summarize(role_targets(groups, institute.contacts, config, Period.last_months(as_of), user))
    return [
        ("Benutzer", f"{advisor.name} ({advisor.code}, {advisor.role})"),
        ("Stichtag", format_date_de(as_of)),
        ("Kontakt-Reminder", f"{overdue} überfällig · {today} heute · {len(due) - overdue - today} demnächst"),
        ("Inaktive Verbünde", str(len(inactive))),
        ("Meine Verbünde", f"{len(mine)}" + (f"  ({classes})" if classes else "")),
        (
            "Soll/Ist 12 Monate",
            f"Ist {total.ist} von Soll {format_quantity(total.soll)} ({format_percent(total.coverage)}), "
            f"{total.under} unterbetreut, {total.over} überbetreut",
        ),
    ]


class OverviewScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="overview"):
            yield Static("Speicher wird gelesen …", id="figures")
            yield Static("", id="store-info")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "institute", self._show)
        self.watch(self.app, "problem", self._show_problem)

    def _show(self, institute: Institute | None) -> None:
        if institute is None:
            return
        app = self.app
        rows = overview_lines(institute, app.user, app.as_of)
        width = max(len(label) for label, _ in rows)
        self.query_one("#figures", Static).update(
            "\n".join(f"[b]{label.ljust(width)}[/b]  {escape(value)}" for label, value in rows)
        )
        self.query_one("#store-info", Static).update(
            escape(
                f"{institute.config.institute} · {len(institute.groups)} Verbünde · "
                f"{format_number(institute.contact_count)} Kontakte · Speicher {app.store.root}"
            )
        )

    def _show_problem(self, message: str) -> None:
        if message:
            self.query_one("#figures", Static).update(f"[b red]Speicher nicht lesbar[/]\n{escape(message)}")

"""A group's history of changes from the audit trail: who changed what, when, from which PC,
with the values before and after. Read in a worker: the trail lives in files of its own."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from model.change_history import describe_change, what_happened, when
from model.german import counted
from screens.widgets.text import cells, plain


class AuditScreen(ModalScreen[None]):
    CSS_PATH = "change_history.tcss"
    BINDINGS = [Binding("escape", "close", "Schließen", id="close_audit")]

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id

    def compose(self) -> ComposeResult:
        group = self.app.institute.groups[self.group_id]
        with Vertical(id="audit-dialog"):
            yield Static(plain(f"Änderungen an {group.number} {group.name} – neueste zuerst"), id="audit-title")
            yield Static("Protokoll wird gelesen …", id="audit-info")
            yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#audit-table", DataTable)
        for label, width in (("Zeit", 16), ("wer", 18), ("PC", 12), ("was", 18), ("Änderung", 70)):
            table.add_column(label, width=width)
        table.focus()
        self._read()

    @work(exclusive=True, description="Änderungsprotokoll lesen")
    async def _read(self) -> None:
        read = await self.app.read_audit(self.group_id)
        if read.problem:
            self.query_one("#audit-info", Static).update(plain(f"Nicht lesbar: {read.problem}"))
        else:
            self._show(read.value)

    def _show(self, entries: list[dict]) -> None:
        table = self.query_one("#audit-table", DataTable)
        institute = self.app.institute
        advisors = {code: a.name for code, a in institute.advisors.items()}
        group = institute.groups.get(self.group_id)
        records = {p.id: p.name for p in group.persons} | {group.id: f"{group.number} {group.name}"} if group else {}
        for entry in reversed(entries):
            changes = describe_change(entry.get("before"), entry.get("after"), advisors, records)
            user = str(entry.get("user", "?"))
            table.add_row(*cells(
                when(entry.get("at")), advisors.get(user, user), str(entry.get("host", "?")),
                what_happened(entry), "; ".join(changes) or "–",
            ))  # fmt: skip
        self.query_one("#audit-info", Static).update(counted(len(entries), "Eintrag", "Einträge"))

    def action_close(self) -> None:
        self.dismiss(None)

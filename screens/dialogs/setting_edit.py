"""Changing one setting of the institute (administration screen): the key, what it means, its
value as `kontakt config show` prints it, checked with `model.staff.set_setting` — the check
of `kontakt config set`, German, naming the key and the allowed values. The result is the
new configuration document; the save (`App.change_config`) asks the role and writes a new
revision with backup and audit entry; a refusal reopens the dialog with the reason."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker

from model.staff import SettingError, describe, set_setting, shown, value_of
from screens.dialogs import FLOW, pushed
from screens.widgets.text import plain


def start_setting_edit(app: App, key: str) -> Worker[bool]:
    first = pushed(app, SettingScreen(key, app.institute.config.raw))
    return app.run_worker(edit_setting(app, key, first), group=FLOW, description="Einstellung")


async def edit_setting(app: App, key: str, first: tuple[ModalScreen, asyncio.Future]) -> bool:
    typed, problem = None, ""
    while True:
        if first is not None:
            (dialog, answer), first = first, None
            document = await answer
        else:
            dialog = SettingScreen(key, app.institute.config.raw, typed, problem)
            document = await app.push_screen_wait(dialog)
        if document is None:
            return False
        before = shown(value_of(app.institute.config, key))
        written = await app.change_config(document)
        if not written.problem:
            after = shown(value_of(app.institute.config, key))
            app.notify(f"{key}: {before} → {after} (neue Version mit Sicherung und Protokoll).", title="Einstellung gespeichert")
            return True
        typed, problem = dialog.typed, f"Nicht gespeichert: {written.problem}"


class SettingScreen(ModalScreen[dict | None]):
    CSS_PATH = "setting_edit.tcss"
    BINDINGS = [Binding("escape", "cancel", "Abbrechen", id="cancel_setting")]

    def __init__(self, key: str, raw: dict, typed: str | None = None, problem: str = "") -> None:
        super().__init__()
        from model.config import Config

        self.key = key
        self.raw = raw
        self.typed = shown(value_of(Config.from_json(raw), key)) if typed is None else typed
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="setting-dialog"):
            yield Static(plain(self.key, style="bold"), id="setting-key")
            yield Static(plain(describe(self.key)), id="setting-description")
            yield Input(self.typed, compact=True, id="setting-value")
            yield Static(plain(self.problem), id="setting-problem", classes="problem")
            yield Static(
                "Enter: prüfen und speichern · Esc: abbrechen · Listen mit Komma, Zahlen mit Dezimalkomma", id="setting-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#setting-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.typed = event.value
        try:
            document = set_setting(self.raw, self.key, event.value)
        except SettingError as exc:
            self.query_one("#setting-problem", Static).update(plain(str(exc)))
            return
        self.dismiss(document)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Where the screens' exports go: the folder the user chose once ("Exportordner ändern" in
the palette), kept in the local settings file on this PC (kontakt_tui/settings.py), by
default the documents folder — never the folder the app happened to be started from. Every
export names the full path it was saved under."""

from __future__ import annotations

from pathlib import Path

from kontakt_tui import settings

CHANGE_HINT = "Ordner ändern: ctrl+p → Exportordner ändern"


class ExportAccess:
    """Mixed into the App; expects `notify` and `push_screen`."""

    def export_folder(self) -> Path:
        return settings.export_folder()

    def export_path(self, name: str) -> Path:
        """`name` in the export folder (created when missing); OSError when it cannot be."""
        folder = self.export_folder()
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def exported(self, what: str, path: Path, title: str = "Export") -> None:
        self.notify(f"{what} gespeichert unter {path}\n{CHANGE_HINT}", title=title, timeout=12)

    def action_change_export_folder(self, problem: str = "", typed: str | None = None) -> None:
        from screens.dialogs.export_folder import ExportFolderDialog

        def chosen(folder: str | None) -> None:
            if folder is None:
                return
            try:
                saved = settings.set_export_folder(Path(folder))
            except OSError as exc:
                reason = f"{folder}: Ordner lässt sich nicht anlegen ({exc.strerror or exc})."
                self.action_change_export_folder(reason, folder)
                return
            self.notify(f"Exporte werden ab jetzt gespeichert unter {saved}", title="Exportordner")

        current = typed if typed is not None else str(self.export_folder())
        self.push_screen(ExportFolderDialog(current, problem), chosen)

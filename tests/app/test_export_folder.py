"""Exports go to the folder the user chose once (local settings, default documents folder)
and every export names the full path."""

import json

from kontakt_tui import settings
from screens.capacity import CapacityScreen
from screens.dialogs.export_folder import ExportFolderDialog
from tests.app.helpers import make_app, settle, type_text


def test_the_choice_is_kept_in_the_local_settings_file_not_the_store(tmp_path, small_store):
    chosen = settings.set_export_folder(tmp_path / "Exporte" / "kontakt")
    assert chosen.is_dir() and settings.export_folder() == chosen
    stored = json.loads(settings.local_settings_path().read_text(encoding="utf-8"))
    assert stored == {"export_folder": str(chosen)}
    assert not settings.local_settings_path().is_relative_to(small_store.root)


def test_default_is_the_documents_folder(monkeypatch, tmp_path):
    monkeypatch.undo()  # the real default, not the tests' current folder
    monkeypatch.setenv(settings.LOCAL_ENV, str(tmp_path / "none.json"))
    from platformdirs import user_documents_dir

    assert str(settings.export_folder()) == user_documents_dir()


async def test_change_the_folder_then_export_there(small_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "Meine Exporte"
    app = make_app(small_store)
    notes = []
    real_notify = app.notify
    app.notify = lambda message, **kw: (notes.append(message), real_notify(message, **kw))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_change_export_folder()
        await pilot.pause()
        assert isinstance(app.screen, ExportFolderDialog)
        await pilot.press("ctrl+u")  # empty the field (Textual: delete all to the left)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, str(target))
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, CapacityScreen)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
    written = list(target.glob("kapazitaet-*.csv"))
    assert len(written) == 1 and not list(tmp_path.glob("*.csv"))
    assert any(f"gespeichert unter {written[0]}" in n for n in notes)

"""Opening `kontakt` without a configured store: the demo institute is created once in the
user's data folder, and an unknown login works as the FKB with the largest portfolio."""

from pathlib import Path

from kontakt_tui import launch
from kontakt_tui.settings import resolve


def test_settings_come_from_options_then_environment_then_login(monkeypatch):
    env = {"KONTAKT_STORE": "/srv/kontakt", "KONTAKT_USER": "jsc"}
    assert resolve(None, None, env).store == Path("/srv/kontakt")
    assert resolve(None, None, env).user == "JSC"
    assert resolve("/x", "mkr", env).user == "MKR"
    monkeypatch.setattr("getpass.getuser", lambda: "anna")
    assert resolve(None, None, {}).store is None and resolve(None, None, {}).user == "ANNA"


def test_demo_store_is_created_once_in_the_data_folder(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(launch, "DEMO_GROUPS", 30)
    settings = resolve(None, "nobody", {})
    store = launch._demo_store(settings)
    assert store.root == tmp_path / "data" / "kontakt" / "demo"
    assert "lege das Demo-Institut an" in capsys.readouterr().err
    picture = store.load()
    assert len(picture.groups) == 30
    again = launch._demo_store(settings)
    assert again.root == store.root and capsys.readouterr().err == ""


def test_open_app_with_a_broken_store_says_so(tmp_path, capsys):
    code = launch.open_app(resolve(str(tmp_path / "fehlt"), "MKR", {}))
    assert code == 2 and "kontakt.json fehlt" in capsys.readouterr().err
    assert not (tmp_path / "fehlt").exists()


CRASHING_APP = """
import sys
from kontakt_tui import launch
from kontakt_tui.settings import resolve
from screens.today import TodayScreen

def boom(self):
    raise RuntimeError("Absturz im Bildschirm")

TodayScreen.on_mount = boom
sys.exit(launch.open_app(resolve(sys.argv[1], "MKR", {}), headless=True))
"""


def test_an_app_crash_exits_non_zero(small_store):
    """A screen raising an unhandled exception used to end `kontakt` with exit 0."""
    import os
    import subprocess
    import sys

    project = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(project)}
    done = subprocess.run([sys.executable, "-c", CRASHING_APP, str(small_store.root)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Programmfehlers" in done.stderr

"""The real `kontakt` command in a real terminal (tmux): create a demo store with the CLI,
open the app on it, read the screen, quit with a key."""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux ist nicht installiert"),
]

KONTAKT = str(Path(sys.executable).with_name("kontakt"))


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def _wait_for(session: str, text: str, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} erschien nicht. Bildschirm:\n{screen}")


def test_kontakt_opens_shows_the_day_and_quits(tmp_path):
    store = tmp_path / "store"
    env = {**os.environ, "KONTAKT_STORE": str(store), "KONTAKT_USER": "JSC", "TERM": "xterm-256color"}
    subprocess.run([KONTAKT, "demo", "--groups", "60", "--as-of", "27.11.2026"], env=env, check=True)
    session = f"kontakt-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = f"{KONTAKT}; echo $? > {done}"
    _tmux("new-session", "-d", "-s", session, "-x", "110", "-y", "30", *[f"-e{k}={env[k]}" for k in ("KONTAKT_STORE", "KONTAKT_USER")], command)
    try:
        screen = _wait_for(session, "Kontakt-Reminder")
        assert "Jürgen Schneider (JSC" in screen
        assert "Beenden" in screen  # the footer shows the bindings
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)

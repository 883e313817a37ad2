"""The real `kontakt` command in a real terminal (tmux): create a demo store with the CLI,
open the app on it, log a call with four keys, check the store with the CLI, quit."""

import json
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


def test_kontakt_logs_a_call_in_a_real_terminal(tmp_path):
    store = tmp_path / "store"
    env = {**os.environ, "KONTAKT_STORE": str(store), "KONTAKT_USER": "JSC", "TERM": "xterm-256color"}
    subprocess.run([KONTAKT, "demo", "--groups", "60"], env=env, check=True)
    session = f"kontakt-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = f"{KONTAKT}; echo $? > {done}"
    exported = [f"-e{k}={env[k]}" for k in ("KONTAKT_STORE", "KONTAKT_USER")]
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "36", *exported, command)
    # A detached session may start at the server's default size; set it before the app draws.
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "120", "-y", "36"], capture_output=True)
    try:
        screen = _wait_for(session, "a Anrufen")  # the footer offers a call once the list is there
        assert "Jürgen Schneider (JSC)" in screen
        assert "a Anrufen" in screen and "/ Filtern" in screen  # the footer shows the bindings
        first = next(line for line in screen.splitlines() if line.strip()[:5].isdigit()).split()[0]
        _tmux("send-keys", "-t", session, "a")
        _wait_for(session, "Folgekontakt")
        for key in ("2", "Enter", "Enter"):
            _tmux("send-keys", "-t", session, key)
            time.sleep(0.3)
        _wait_for(session, "erfasst")
        history = subprocess.run([KONTAKT, "contacts", first, "--json"], env=env, check=True, capture_output=True, text=True)
        newest = json.loads(history.stdout)[0]
        assert (newest["outcome"], newest["by"], newest["channel"]) == ("Gespräch geführt", "JSC", "Telefon")
        assert newest["follow_up"] is not None
        _tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)

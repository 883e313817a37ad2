"""The real `kontakt` command in a real terminal (tmux): create a demo store with the CLI,
open the app on it, log a call with four keys, check the store with the CLI, quit."""

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date
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


def _kontakt_json(env: dict, *args: str):
    out = subprocess.run([KONTAKT, *args, "--json"], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


FIRMEN_ANSWERS = ("2", "4", "1", "3", "2", "1")  # one digit per criterion of the Firmenkunden scheme


@pytest.mark.slow
def test_a_morning_in_a_real_terminal_at_80x24(tmp_path):
    """Find a group that is not due (ctrl+f), log a call for it in one send-keys, cast the
    first group of the review queue (`g c`, then six digits and ctrl+s in one send-keys), quit; the
    store, read by the CLI afterwards, has the contact and the casting."""
    store = tmp_path / "store"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run([KONTAKT, "--store", str(store), "demo", "--groups", "60"], env=env, check=True, capture_output=True)
    cli = ("--store", str(store), "--user", "JSC")
    today = date.today().isoformat()
    due = {item["group"] for item in _kontakt_json(env, *cli, "due")}
    table = _kontakt_json(env, *cli, "casting")["groups"]
    not_due = sorted((row["lead"] != "JSC", row["group"]) for row in table if row["group"] not in due)
    caller = not_due[0][1]  # one of hers if she has one that is not due
    to_cast = _kontakt_json(env, *cli, "review")[0]["group"]
    assert to_cast in {row["group"] for row in table}  # a Firmenkunden group: six criteria
    session = f"kontakt-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = f"{KONTAKT} {' '.join(cli)}; echo $? > {done}"
    _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-e", f"PYTHONPATH={env.get('PYTHONPATH', '')}", command)
    subprocess.run(["tmux", "resize-window", "-t", session, "-x", "80", "-y", "24"], capture_output=True)
    started = time.monotonic()
    try:
        _wait_for(session, "Anrufen")
        _tmux("send-keys", "-t", session, "C-f")
        _wait_for(session, "Verbund finden")
        _tmux("send-keys", "-t", session, caller, "Enter")
        screen = _wait_for(session, "Mitglieder")  # the group card, opened at its top
        assert caller in screen
        _tmux("send-keys", "-t", session, "a", "2", "Enter", "Enter")  # one burst
        _wait_for(session, "erfasst")
        _tmux("send-keys", "-t", session, "Escape")
        _wait_for(session, "Kontakt-Reminder")
        _tmux("send-keys", "-t", session, "g", "c")
        screen = _wait_for(session, "Kunden-Casting")
        assert to_cast in screen
        _tmux("send-keys", "-t", session, *FIRMEN_ANSWERS, "C-s")  # one burst
        _wait_for(session, "Punkte) gespeichert")
        _tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    print(f"morning in tmux: {time.monotonic() - started:.1f} s")
    newest = _kontakt_json(env, *cli, "contacts", caller)[0]
    assert (newest["date"], newest["outcome"], newest["by"]) == (today, "Gespräch geführt", "JSC")
    cast = next(row for row in _kontakt_json(env, *cli, "casting")["groups"] if row["group"] == to_cast)
    assert cast["date"] == today and len(cast["answers"]) == len(FIRMEN_ANSWERS)

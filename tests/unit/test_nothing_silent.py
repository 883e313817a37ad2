"""Nothing silent, nothing outside the store (issue 11, items 6 and 8): a saved change whose
audit line cannot be written exits 2 with a German warning; implausible dates are refused
before anything is written; a bug ends with a German message, not a traceback; the Kürzel is
checked before a path is built from it; symlinks and read-only files are refused."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from kontakt_tui import cli
from kontakt_tui.cli.commands import daily as commands
from model.store import audit
from model.store.files import read_document
from tests.unit.test_store import PROJECT

LOG = ["log", "10001", "--outcome", "Gespräch geführt", "--date", "2026-11-20"]


def run(capsys, store, *args, user="MKR"):
    code = cli.main(["--store", str(store.root), "--user", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def files_of(root):
    """Every file but the advisors' digests: a read cache any load may renew (digest.py)."""
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != "digests")
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def contacts_2026(store):
    path = store.contacts_path(2026, "MKR")
    return list(read_document(path, "contacts")["contacts"].values()) if path.exists() else []


# ---- validate before writing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--date", "31.12.9999"], "liegt nicht zwischen 1900 und 2100"),
        (["--date", "01.01.1899"], "liegt nicht zwischen 1900 und 2100"),
        (["--follow-up", "21.11.2036"], "mehr als 10 Jahre"),
        (["--follow-up", "31.12.9999"], "liegt nicht zwischen 1900 und 2100"),
    ],
)
def test_implausible_dates_are_refused_before_anything_is_written(capsys, small_store, extra, message):
    before = files_of(small_store.root)
    for _ in range(2):  # a retry must not store it either
        code, _, err = run(capsys, small_store, *LOG[:4], "--date", "2026-11-20", *extra)
        assert code == 1
        assert message in err and "Traceback" not in err
    assert files_of(small_store.root) == before


def test_store_refuses_an_implausible_contact_from_any_caller(small_store):
    from model.entities import Contact
    from model.store import StoreError

    bad = Contact("x", "g-1", date(9999, 12, 31), "MKR", "Gespräch geführt")
    before = files_of(small_store.root)
    with pytest.raises(StoreError, match="nichts wurde gespeichert"):
        small_store.add_contacts([bad])
    assert files_of(small_store.root) == before


# ---- audit or backup not written: said, and not exit 0 -----------------------------------------------


def test_unwritable_audit_is_reported_and_exits_2(capsys, small_store):
    path = audit.audit_path(small_store.root, "MKR", date.today().year)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    path.chmod(0o444)
    code, out, err = run(capsys, small_store, *LOG, "--note", "ohne Protokoll")
    assert code == 2
    assert "gespeichert" in out  # the change itself is stored …
    assert "Warnung: Protokolleintrag nicht geschrieben" in err and "schreibgeschützt" in err
    assert "Nicht noch einmal speichern" in err  # … and a retry would store it twice
    assert [c.get("note") for c in contacts_2026(small_store)].count("ohne Protokoll") == 1


def test_audit_folder_that_is_a_file_is_reported(capsys, small_store):
    (small_store.root / "audit").mkdir(exist_ok=True)
    shutil.rmtree(small_store.root / "audit")  # the trail and its index
    (small_store.root / "audit").write_text("kein Ordner")
    code, _, err = run(capsys, small_store, *LOG)
    assert code == 2 and "Warnung: Protokolleintrag nicht geschrieben" in err


def test_unwritable_backup_is_reported_and_exits_2(capsys, small_store):
    (small_store.root / "backups").mkdir(exist_ok=True)
    target = small_store.root / "backups" / "organisation"
    if target.exists():
        for p in target.iterdir():
            p.unlink()
        target.rmdir()
    target.write_text("kein Ordner")
    code, _, err = run(capsys, small_store, "import", "groups", str(PROJECT / "tests" / "missing.csv"))
    assert "Traceback" not in err
    from model.entities import Advisor

    small_store.save_advisors([Advisor("NEU", "Neu Mann")])
    assert any("Sicherungskopie" in w for w in small_store.warnings)


def test_a_bug_ends_with_a_german_message_and_exit_2(capsys, small_store, monkeypatch):
    def broken(settings, args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(commands, "cmd_due", broken)
    code, _, err = run(capsys, small_store, "due")
    assert code == 2
    assert "Interner Fehler" in err and "Traceback" not in err


# ---- the Kürzel and the paths built from it -------------------------------------------------------


@pytest.mark.parametrize("user", ["../../OUTSIDE", "..", "CON", "nul", "COM1", "LPT9", "A", "NEUNZEICH", "M/K"])
def test_bad_user_code_is_refused_before_any_path_is_built(capsys, small_store, user, tmp_path):
    before = files_of(tmp_path)
    code, _, err = run(capsys, small_store, *LOG, user=user)
    assert code == 1
    assert "Ungültiges Kürzel" in err
    assert files_of(tmp_path) == before  # nothing written anywhere, inside or outside the store


# ---- symlinks and read-only files -------------------------------------------------------------------


def test_symlink_planted_as_audit_file_is_refused_and_its_target_untouched(capsys, small_store, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("wichtig\n")
    path = audit.audit_path(small_store.root, "MKR", date.today().year)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    path.symlink_to(victim)
    code, _, err = run(capsys, small_store, *LOG)
    assert code == 2 and "Verknüpfung" in err
    assert victim.read_text() == "wichtig\n"


def test_symlink_planted_as_lock_sidecar_is_never_written_through(capsys, small_store, tmp_path):
    # The holder's Kürzel is in the lock's marker; no sidecar (`.who`) is written any more,
    # so one planted by someone (or left by an older kontakt) is neither followed nor needed.
    victim = tmp_path / "victim.txt"
    victim.write_text("wichtig\n")
    locks = small_store.root / "locks"
    locks.mkdir(exist_ok=True)
    (locks / "contacts--2026--MKR.json.lock.who").symlink_to(victim)
    before = contacts_2026(small_store)
    code, _, err = run(capsys, small_store, *LOG)
    assert code == 0, err
    assert victim.read_text() == "wichtig\n"
    assert contacts_2026(small_store) != before
    assert not (locks / "contacts--2026--MKR.json.lock").exists()  # the lock was released


def test_symlink_in_place_of_a_data_file_is_refused(capsys, small_store, tmp_path):
    victim = tmp_path / "victim.json"
    path = small_store.contacts_path(2026, "MKR")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        victim.write_bytes(path.read_bytes())
        path.unlink()
    else:
        victim.write_text("{}")
    raw = victim.read_bytes()
    path.symlink_to(victim)
    code, _, err = run(capsys, small_store, *LOG)
    assert code == 2 and "Verknüpfung" in err
    assert victim.read_bytes() == raw and path.is_symlink()


def test_read_only_data_file_is_refused_not_replaced(capsys, small_store):
    small_store.add_contacts([])  # nothing
    code, _, _ = run(capsys, small_store, *LOG, "--note", "erster")
    assert code == 0
    path = small_store.contacts_path(2026, "MKR")
    path.chmod(0o444)
    raw = path.read_bytes()
    code, _, err = run(capsys, small_store, *LOG, "--note", "zweiter")
    assert code == 2 and "schreibgeschützt" in err
    assert path.read_bytes() == raw
    assert path.stat().st_mode & 0o777 == 0o444


# ---- every acknowledged change has its audit line, across kill -9 -------------------------------------

WRITER = """
import sys
sys.path.insert(0, {project!r})
from kontakt_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_every_acknowledged_cli_write_has_its_audit_line_across_sigkill(small_store):
    rng = random.Random(11)
    acknowledged, killed = [], 0
    env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_HOST", "KONTAKT_STORE", "KONTAKT_USER")}

    def argv(note):
        return [
            sys.executable,
            "-c",
            WRITER.format(project=str(PROJECT)),
            "--store",
            str(small_store.root),
            "--user",
            "MKR",
            *LOG,
            "--note",
            note,
        ]

    durations = []
    for n in range(3):
        started = time.monotonic()
        assert subprocess.run(argv(f"untimed-{n}"), env=env, capture_output=True).returncode == 0
        durations.append(time.monotonic() - started)
    duration = sorted(durations)[1]  # one whole command; its write comes at the end
    # The kill comes around the end of a command, where its write is. How long a command
    # takes varies with the machine's load, so the moment follows a staircase: a little
    # later after a kill, a little earlier after a command that finished — about half of
    # the rounds end each way, however busy the machine is. 40 rounds, more only until both
    # ways are seen five times.
    later, notes = 1.0, []
    for i in range(120):
        if i >= 40 and killed >= 5 and len(acknowledged) >= 5:
            break
        note = f"kill-{i}"
        notes.append(note)
        proc = subprocess.Popen(argv(note), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.85, 1.15) * later * duration)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
            later *= 1.1
        else:
            later *= 0.9
        proc.wait(timeout=60)
        if proc.returncode == 0:
            acknowledged.append(note)
    lines = {(e.get("after") or {}).get("note") for e in audit.entries(small_store.root)}
    stored = {c.get("note") for c in contacts_2026(small_store)}
    print(f"\n{killed} SIGKILLs, {len(acknowledged)} acknowledged, {len(stored & set(notes))} stored in {len(notes)} rounds")
    assert killed >= 5 and len(acknowledged) >= 5
    assert set(acknowledged) <= lines  # every acknowledged write has its audit line
    assert set(acknowledged) <= stored

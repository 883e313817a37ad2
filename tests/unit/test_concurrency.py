"""Many advisors at once on one store: separate processes log contacts (each on its own file,
and several on one shared file), edit the same groups and add advisors, while a reader keeps
refreshing. Afterwards every file is intact and nothing was lost or duplicated."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from model.contacts.due import due_list
from model.entities import Advisor, Group, new_id
from model.store import SCHEMA_VERSION, Store, journal, manifest, sequence
from model.store.files import meta, read_document, signature

PROJECT = Path(__file__).resolve().parents[2]
OPS = 50

WORKER = r"""
import json, os, sys, time, traceback
from dataclasses import replace
from datetime import date
from pathlib import Path
sys.path.insert(0, {project!r})
from model.entities import Advisor, Contact, ContactPerson, new_id
from model.store import Store

job = json.loads({job!r})
root, tmp = Path(job["root"]), Path(job["tmp"])
store = Store.open(root, job["code"])
(tmp / f"ready-{{job['name']}}").write_text("")
while not (tmp / "start").exists():
    time.sleep(0.002)

done, errors = [], []
started = time.monotonic()
if job["role"] == "reader":
    refreshes = 0
    while not (tmp / "stop").exists():
        try:
            if store.refresh() is not None:
                refreshes += 1
        except Exception:
            errors.append(traceback.format_exc())
        time.sleep(0.005)
    done.append(refreshes)
else:
    for i in range(job["ops"]):
        try:
            if job["role"] == "log":
                group = job["groups"][i % len(job["groups"])]
                day = date(2024 + i % 2, 1 + i % 12, 1 + i % 28)
                c = Contact(new_id(), group, day, job["code"], "erreicht", note=f"{{job['name']}} #{{i}}")
                store.log_contact(c)
                done.append(c.id)
            elif job["role"] == "person":
                group = job["groups"][i % len(job["groups"])]
                person = ContactPerson(new_id(), f"{{job['name']}} Person {{i}}")
                store.update_group(group, lambda g: replace(g, persons=(*g.persons, person)))
                done.append([group, person.id])
            elif job["role"] == "advisor":
                code = f"{{job['prefix']}}{{i}}"
                store.save_advisors([Advisor(code, f"Neu {{code}}")])
                done.append(code)
        except Exception:
            errors.append(traceback.format_exc())
result = {{"name": job["name"], "done": done, "errors": errors, "seconds": time.monotonic() - started}}
(tmp / f"result-{{job['name']}}.json").write_text(json.dumps(result))
"""


def groups_for_contention(store: Store) -> list[Group]:
    """Three groups, two of them in the same shard file, so edits of different groups
    also contend for one file."""
    first = Group(new_id(), "1", "Verbund 1", "Firmenkunden", "S1")
    shard = store.shard_of(first.id)
    same = other = None
    while same is None or other is None:
        gid = new_id()
        if store.shard_of(gid) == shard:
            same = same or Group(gid, "2", "Verbund 2", "Firmenkunden", "S2")
        else:
            other = other or Group(gid, "3", "Verbund 3", "Firmenkunden", "S3")
    return [first, same, other]


@pytest.mark.slow
def test_many_processes_at_once(tmp_path):
    root = tmp_path / "store"
    store = Store.create(root, "ADMIN")
    base_advisors = [Advisor(c, f"Berater {c}") for c in ("S1", "S2", "S3", "S4", "TEAM", "ADMIN")]
    store.save_advisors(base_advisors)
    groups = groups_for_contention(store)
    store.save_groups(groups)
    group_ids = [g.id for g in groups]

    jobs = []
    for n in range(1, 5):  # each logs as an advisor of their own
        jobs.append({"name": f"solo{n}", "role": "log", "code": f"S{n}"})
    for n in range(1, 4):  # three sessions of one advisor: one contacts file, real lock contention
        jobs.append({"name": f"team{n}", "role": "log", "code": "TEAM"})
    for n in range(1, 3):  # both edit the same three groups (two of them in one shard)
        jobs.append({"name": f"person{n}", "role": "person", "code": "ADMIN"})
    for n in range(1, 3):  # both add advisors to the one organisation file
        jobs.append({"name": f"advisor{n}", "role": "advisor", "code": "ADMIN", "prefix": f"N{n}x"})
    jobs.append({"name": "reader", "role": "reader", "code": "S1"})
    assert len(jobs) - 1 >= 8

    procs = []
    for job in jobs:
        job |= {"root": str(root), "tmp": str(tmp_path), "ops": OPS, "groups": group_ids}
        code = WORKER.format(project=str(PROJECT), job=json.dumps(job))
        procs.append(subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True))

    try:
        deadline = time.monotonic() + 30
        while len(list(tmp_path.glob("ready-*"))) < len(jobs):
            assert all(p.poll() is None for p in procs), [p.stderr.read() for p in procs if p.poll() is not None]
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.01)
        started = time.monotonic()
        (tmp_path / "start").write_text("")
        writers = [p for p, job in zip(procs, jobs) if job["role"] != "reader"]
        for p in writers:
            p.wait(timeout=60)
        elapsed = time.monotonic() - started
        (tmp_path / "stop").write_text("")
        for p in procs:
            p.wait(timeout=30)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    stderr = {job["name"]: p.stderr.read() for p, job in zip(procs, jobs)}
    assert all(p.returncode == 0 for p in procs), stderr
    results = {job["name"]: json.loads((tmp_path / f"result-{job['name']}.json").read_text()) for job in jobs}
    errors = {name: r["errors"] for name, r in results.items() if r["errors"]}
    assert not errors, json.dumps(errors, indent=1)[:5000]
    print(
        f"\n{len(jobs)} processes, writers done in {elapsed:.1f} s; "
        + ", ".join(f"{n} {r['seconds']:.1f}s" for n, r in results.items())
    )

    # -- every file parses, has the right schema and kind, and nothing else lies around
    # backups/ and audit/ are checked below; the rest must be data files only
    all_files = [p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in ("backups", "audit")]
    assert not [p for p in all_files if p.name.startswith(".") or p.suffix in {".tmp", ".lock"} or ".break." in p.name]
    assert list((root / "locks").iterdir()) == []
    # the save-sequence counter is no data file (a number, rebuilt from the contacts if lost);
    # it must be ahead of every contact saved
    counter = sequence.sequence_path(root)
    assert sequence.read_last(root) >= sequence.highest_in_contacts(root) > 0
    all_files.remove(counter)
    kinds = {}
    for path in all_files:
        doc = read_document(path)
        assert meta(doc)["schema_version"] == SCHEMA_VERSION, path
        kinds[path.relative_to(root).as_posix()] = meta(doc)["kind"]
    assert kinds.pop("kontakt.json") == "store"
    assert kinds.pop("master/config.json") == "config"
    assert kinds.pop("master/organisation.json") == "organisation"
    assert kinds.pop("manifest.json") == "manifest"
    for rel in [r for r in kinds if r.startswith("status/")]:
        assert kinds.pop(rel) == "status"
    # each shard's journal ends at the shard as it is: its writers took turns under the lock
    for rel in [r for r in kinds if r.startswith("journal/")]:
        assert kinds.pop(rel) == "journal"
        shard = root / ("status" if rel.startswith("journal/status-") else "master") / Path(rel).name
        assert journal._entries(root / rel)[-1]["to"] == list(signature(shard)), rel
    # the status index holds what the contacts files hold, and no writer left a pending note
    assert manifest.read(root)["pending"] == {}
    full, lean = Store.open(root, "S1").load(), Store.open(root, "S1").load(scope="status")

    def due(institute, code):
        items = due_list(code, institute.groups.values(), institute.contacts, institute.config, date.today())
        return [(x.group.id, x.role, x.due, x.reason, x.last_contact) for x in items]

    for code in full.advisors:
        assert due(lean, code) == due(full, code), code
    for rel, kind in kinds.items():
        assert kind == ("groups" if rel.startswith("master/groups-") else "contacts"), rel
    assert sorted(p.relative_to(root).as_posix() for p in store.files()) == sorted(
        p.relative_to(root).as_posix()
        for p in all_files
        if p.name not in ("kontakt.json", "manifest.json") and p.parent.name not in ("status", "journal")  # not data
    )

    picture = Store.open(root, "CHECK").load()

    # -- contacts: exactly those logged, once each, in the logging advisor's files
    logged = {name: r["done"] for name, r in results.items() if name.startswith(("solo", "team"))}
    assert all(len(ids) == OPS for ids in logged.values())
    all_logged = [cid for ids in logged.values() for cid in ids]
    assert len(set(all_logged)) == len(all_logged)
    stored = [c for history in picture.contacts.values() for c in history]
    assert Counter(c.id for c in stored) == Counter(all_logged)
    assert picture.contact_count == len(all_logged) == 7 * OPS
    by_writer = Counter(c.by for c in stored)
    assert by_writer == {"S1": OPS, "S2": OPS, "S3": OPS, "S4": OPS, "TEAM": 3 * OPS}
    by_note = Counter(c.note.split(" #")[0] for c in stored)
    assert by_note == {name: OPS for name in logged}
    for code in by_writer:
        for year in (2024, 2025):
            doc = read_document(store.contacts_path(year, code), "contacts")
            records = list(doc["contacts"].values())
            assert all(r["by"] == code and r["date"].startswith(str(year)) for r in records)
            # one transaction per logged contact: a lost update would show as a gap here
            assert meta(doc)["revision"] == len(records)

    # -- groups: every person added is there, once, and every edit bumped the revision once
    added = [tuple(x) for name, r in results.items() if name.startswith("person") for x in r["done"]]
    assert len(added) == 2 * OPS
    for group in groups:
        mine = [pid for gid, pid in added if gid == group.id]
        stored_persons = [p.id for p in picture.groups[group.id].persons]
        assert sorted(stored_persons) == sorted(mine), group.number
        assert picture.groups[group.id].revision == 1 + len(mine)
        assert picture.groups[group.id].name == group.name and picture.groups[group.id].lead == group.lead

    # -- advisors: the base ones and every one added
    added_codes = [code for name, r in results.items() if name.startswith("advisor") for code in r["done"]]
    assert len(added_codes) == 2 * OPS
    assert set(picture.advisors) == {a.code for a in base_advisors} | set(added_codes)
    org = read_document(store.organisation_path, "organisation")
    assert meta(org)["revision"] == 1 + len(added_codes)

    # -- the audit trail has one entry per change, and every backup is a valid file
    from model.store import audit

    kinds_logged = Counter(e["kind"] for e in audit.entries(root))
    assert kinds_logged["contact"] == 7 * OPS
    assert kinds_logged["group"] == len(groups) + 2 * OPS
    assert kinds_logged["advisor"] == len(base_advisors) + 2 * OPS
    for copy in (root / "backups").rglob("*.json"):
        assert not copy.name.startswith("."), copy
        read_document(copy)

    # -- the reader kept up without ever seeing a broken file
    assert results["reader"]["done"][0] >= 1

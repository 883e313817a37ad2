"""Soak test: N processes act as advisors on one store for M minutes with random reads and
writes while a killer SIGKILLs random ones (and restarts them); then checks consistency.

    python benchmarks/soak.py [--processes 8] [--minutes 2] [--store ORDNER] [--seed 1]

Not part of the test run (docs/rules.md, "The soak test"). Without --store it uses a fresh temp folder.
Each worker loops: log a contact in its own file, add a contact person to a shared group
through the merging save, rename a group (merge conflicts are offered, not lost), append to a
shared collection, or read (refresh). A write counts as acknowledged once the call returned
and the worker appended its id to its own ack file (fsynced). The check at the end: `kontakt
doctor` finds no error, every acknowledged contact, person and collection record is stored
("losses" must be 0), every backup is readable. Figures are printed as one JSON line too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from model.entities import Advisor, Contact, ContactPerson, Group, new_id  # noqa: E402
from model.store import ConflictError, Store, StoreBusyError, StoreError  # noqa: E402
from model.store.doctor import ERROR, check_store  # noqa: E402

GROUPS = 12  # few groups: many edits of the same records and shards


def ack(fh, kind: str, ident: str) -> None:
    fh.write(f"{kind} {ident}\n")
    fh.flush()
    os.fsync(fh.fileno())


def worker(root: Path, name: str, stop: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(root, name)
    counts = {"reads": 0, "conflicts": 0, "busy": 0, "errors": 0}
    picture = store.load()
    ids = sorted(picture.groups)
    with open(root.parent / "acks" / f"{name}-{os.getpid()}.log", "a", encoding="utf-8") as fh:
        while not stop.exists():
            op = rng.random()
            gid = rng.choice(ids)
            try:
                if op < 0.35:
                    c = Contact(new_id(), gid, date(2026, rng.randint(1, 12), rng.randint(1, 28)), name, "Gespräch geführt")
                    store.log_contact(c)
                    ack(fh, "c", c.id)
                elif op < 0.6:
                    base = picture.groups[gid]  # possibly stale on purpose
                    person = ContactPerson(new_id(), f"Person {name}")
                    result = store.save_group_merged(base, replace(base, persons=(*base.persons, person)))
                    if result.saved:
                        ack(fh, "p", f"{gid}/{person.id}")
                    else:
                        counts["conflicts"] += 1
                elif op < 0.7:
                    base = picture.groups[gid]
                    result = store.save_group_merged(base, replace(base, name=f"Verbund {name} {rng.randint(1, 99)}"))
                    counts["conflicts"] += 0 if result.saved else 1
                elif op < 0.8:
                    rid = new_id()
                    store.update_collection("soak", lambda rs, rid=rid: [*rs, {"id": rid, "by": name}])
                    ack(fh, "r", rid)
                else:
                    fresh = store.refresh()
                    picture = fresh or picture
                    counts["reads"] += 1
            except (ConflictError, StoreBusyError):
                counts["busy"] += 1
            except StoreError as exc:
                counts["errors"] += 1
                print(f"{name}: {exc}", file=sys.stderr)
            time.sleep(rng.uniform(0, 0.02))
    (root.parent / "acks" / f"{name}-{os.getpid()}.counts").write_text(json.dumps(counts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=3, metavar=("ROOT", "NAME", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        root, name, seed = args.worker
        worker(Path(root), name, Path(root).parent / "stop", int(seed))
        return

    base = args.store or Path(tempfile.mkdtemp(prefix="kontakt-soak-"))
    root = base / "store"
    (base / "acks").mkdir(parents=True, exist_ok=True)
    names = [f"S{n:02d}" for n in range(1, args.processes + 1)]
    store = Store.create(root, "ADMIN")
    store.save_advisors([Advisor(n, f"Soak {n}") for n in [*names, "ADMIN"]])
    store.save_groups(
        [Group(new_id(), str(1000 + i), f"Verbund {i}", "Firmenkunden", names[i % len(names)]) for i in range(GROUPS)]
    )

    rng = random.Random(args.seed)
    spawn = lambda n: subprocess.Popen([sys.executable, __file__, "--worker", str(root), n, str(rng.randrange(1 << 30))])  # noqa: E731
    procs = {n: spawn(n) for n in names}
    kills, started = 0, time.monotonic()
    deadline = started + args.minutes * 60
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.3, 2.0))
        victim = rng.choice(names)
        procs[victim].send_signal(signal.SIGKILL)
        procs[victim].wait()
        kills += 1
        procs[victim] = spawn(victim)
    (base / "stop").write_text("")
    for p in procs.values():
        p.wait(timeout=120)
    elapsed = time.monotonic() - started

    acked: dict[str, set[str]] = {"c": set(), "p": set(), "r": set()}
    counts = {"reads": 0, "conflicts": 0, "busy": 0, "errors": 0}
    for log in (base / "acks").glob("*.log"):
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.count(" ") == 1:  # a line torn by the kill was never acknowledged
                kind, ident = line.split()
                acked[kind].add(ident)
    for f in (base / "acks").glob("*.counts"):
        for k, v in json.loads(f.read_text()).items():
            counts[k] += v
    check = Store.open(root, "CHECK")
    picture = check.load()
    stored_contacts = {c.id for history in picture.contacts.values() for c in history}
    stored_persons = {f"{g.id}/{p.id}" for g in picture.groups.values() for p in g.persons}
    stored_records = {r["id"] for r in check.read_collection("soak")}
    losses = len(acked["c"] - stored_contacts) + len(acked["p"] - stored_persons) + len(acked["r"] - stored_records)
    findings = check_store(check)
    errors = [str(f) for f in findings if f.severity == ERROR]
    figures = {
        "processes": args.processes,
        "minutes": round(elapsed / 60, 2),
        "acknowledged_writes": sum(len(v) for v in acked.values()),
        "contacts": len(acked["c"]),
        "persons": len(acked["p"]),
        "collection_records": len(acked["r"]),
        "reads_of_surviving_workers": counts["reads"],
        "merge_conflicts_offered": counts["conflicts"],
        "busy_or_fenced": counts["busy"],
        "other_errors": counts["errors"],
        "kills": kills,
        "losses": losses,
        "doctor_errors": len(errors),
        "doctor_hints": len(findings) - len(errors),
    }
    print(json.dumps(figures))
    for e in errors[:20]:
        print(e)
    print(f"Speicher: {root}")
    sys.exit(1 if losses or errors else 0)


if __name__ == "__main__":
    main()

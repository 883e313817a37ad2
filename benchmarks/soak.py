"""Soak test: N processes act as advisors on N different PCs of one store for M minutes while
the share fails around them; then everything is checked (benchmarks/soak_check.py).

    python benchmarks/soak.py [--processes 6] [--minutes 4] [--store ORDNER] [--seed 1]
                              [--lease 30] [--kills N] [--pauses N] [--no-imports] [--no-erase]

Not part of the test run (docs/rules.md, "The soak test"; tests/unit/test_soak.py runs a mini
version). Without --store it uses a fresh temp folder.

- Every worker is a PC of its own (`KONTAKT_HOST=PC-01` …), so a lock it leaves is never
  recognised by process id: only the lease (the shipped 30 s unless --lease) frees it.
- Workers loop: log a contact, add a contact person to a shared group through the merging save,
  rename a group, append to a shared collection, or read (refresh).
- A killer SIGKILLs random workers (and restarts them on the same PC) and pauses others with
  SIGSTOP for longer than the lease (a closed laptop lid), then SIGCONT: the paused one must
  find its lock taken over and write nothing (the fence).
- Importers race: every round two processes on two PCs import the same groups file with new
  numbers (`kontakt import groups`).
- An erase runs during the writes: `kontakt erase` of one group (repeated until it finishes).

A write counts as acknowledged once the call returned without a warning and the worker appended
its id to its own ack file (fsynced); every other outcome (busy, conflict, refused, warning) is
appended as a line as well — before the worker goes on, so the counts of killed workers are not
lost. Exit 0 when nothing was lost.
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

GROUPS = 12  # few groups: many edits of the same records and shards
ERASED_NUMBER = "1000"  # the group `kontakt erase` removes during the run

# A kontakt command as a process on its own PC, with the soak's lease.
CLI = """
import sys
sys.path.insert(0, {project!r})
import model.store.transaction as t
t.LEASE_SECONDS = {lease!r}
from kontakt_tui.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def record(fh, line: str, durable: bool) -> None:
    """One line in the worker's log. Written with write() at once, so a SIGKILL cannot lose it
    (the kernel has it); acknowledgements are also fsynced (a crash of the PC)."""
    fh.write(line + "\n")
    fh.flush()
    if durable:
        os.fsync(fh.fileno())


def worker(root: Path, name: str, stop: Path, seed: int, lease: float) -> None:
    import model.store.transaction as transaction
    from model.entities import Contact, ContactPerson, new_id
    from model.store import ConflictError, Store, StoreBusyError, StoreError

    transaction.LEASE_SECONDS = lease
    rng = random.Random(seed)
    store = Store.open(root, name)
    picture = store.load()
    ids = sorted(picture.groups)
    known = dict(picture.groups)  # a group erased meanwhile stays "open in a dialog" here
    log = root.parent / "acks" / f"{name}-{os.getpid()}.log"
    with open(log, "a", encoding="utf-8") as fh:
        n = 0
        while not stop.exists():
            op = rng.random()
            gid = rng.choice(ids)
            store.warnings.clear()
            try:
                acked = None
                if op < 0.35:
                    c = Contact(new_id(), gid, date(2026, rng.randint(1, 12), rng.randint(1, 28)), name, "Gespräch geführt")
                    store.log_contact(c)
                    acked = f"c {c.id} {gid}"
                elif op < 0.6:
                    base = known[gid]  # possibly stale on purpose
                    person = ContactPerson(new_id(), f"Person {name}")
                    result = store.save_group_merged(base, replace(base, persons=(*base.persons, person)))
                    acked = f"p {gid}/{person.id} {gid}" if result.saved else None
                    if not result.saved:
                        record(fh, "x conflict", False)
                elif op < 0.7:
                    base = known[gid]
                    result = store.save_group_merged(base, replace(base, name=f"Verbund {name} {rng.randint(1, 99)}"))
                    record(fh, "x rename" if result.saved else "x conflict", False)
                elif op < 0.8:
                    rid = new_id()
                    store.update_collection("soak", lambda rs, rid=rid: [*rs, {"id": rid, "by": name}])
                    acked = f"r {rid} -"
                else:
                    picture = store.refresh() or picture
                    known.update(picture.groups)
                    record(fh, "x read", False)
                if acked and store.warnings:
                    record(fh, f"w {acked}", True)  # stored, but told the user something failed
                elif acked:
                    n += 1
                    record(fh, f"{acked} {n}", True)
            except (ConflictError, StoreBusyError):
                record(fh, "x busy", False)
            except StoreError as exc:
                # A group erased meanwhile refuses writes (DSGVO tombstone): expected.
                gone = "gelöscht" in str(exc) or "gibt es nicht (mehr)" in str(exc)
                record(fh, "x refused" if gone else f"x error {str(exc)[:200]!r}", False)
            time.sleep(rng.uniform(0, 0.02))


def lock_holders(root: Path) -> set[str]:
    """The host names in the lock markers right now."""
    from filelock._soft import parse_marker, read_lock_file

    hosts = set()
    for lock in (root / "locks").glob("*.lock"):
        try:
            owner = parse_marker(read_lock_file(str(lock))[0])
        except (OSError, ValueError):
            continue
        if owner is not None:
            hosts.add(owner.hostname)
    return hosts


def pick_holder(root: Path, candidates: list[str], rng: random.Random) -> tuple[str, bool]:
    """A worker that holds a lock at this moment (watched for up to 2 s), else any: a kill or
    pause of a lock holder is the case that matters."""
    for _ in range(100):
        holding = [n for n in candidates if f"PC-{n[1:]}" in lock_holders(root)]
        if holding:
            return rng.choice(holding), True
        time.sleep(0.02)
    return rng.choice(candidates), False


def run_cli(root: Path, lease: float, host: str, user: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_STORE", "KONTAKT_USER")} | {"KONTAKT_HOST": host}
    argv = [sys.executable, "-c", CLI.format(project=str(PROJECT), lease=lease), "--store", str(root), "--user", user, *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=timeout)


class Importers:
    """Two PCs importing the same groups file, round after round, each round new numbers."""

    def __init__(self, base: Path, root: Path, lease: float, leads: list[str]):
        self.base, self.root, self.lease, self.leads = base, root, lease, leads
        self.rounds: list[dict] = []
        self.running: list[tuple[dict, list[subprocess.Popen]]] = []

    def start_round(self) -> None:
        k = len(self.rounds) + len(self.running)
        numbers = [str(5000 + 10 * k + i) for i in range(5)]
        path = self.base / f"import-{k}.csv"
        lines = ["Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde"]
        lines += [f"{n};Import {n};Firmenkunden;{self.leads[i % len(self.leads)]};{n}1;Kunde {n}" for i, n in enumerate(numbers)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_STORE", "KONTAKT_USER")}
        code = CLI.format(project=str(PROJECT), lease=self.lease)
        procs = [
            subprocess.Popen([sys.executable, "-c", code, "--store", str(self.root), "--user", "ADMIN", "import", "groups", str(path)],
                             env=env | {"KONTAKT_HOST": f"PC-IMPORT-{j}"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for j in (1, 2)
        ]  # fmt: skip
        self.running.append(({"numbers": numbers}, procs))

    def poll(self, wait: bool = False) -> None:
        still = []
        for info, procs in self.running:
            if wait or all(p.poll() is not None for p in procs):
                outs = [p.communicate(timeout=300) for p in procs]
                info["codes"] = [p.returncode for p in procs]
                info["messages"] = [err.strip()[-300:] for _, err in outs if err.strip()]
                self.rounds.append(info)
            else:
                still.append((info, procs))
        self.running = still


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lease", type=float, default=None, help="Lease in s (Vorgabe: die ausgelieferten 30 s)")
    parser.add_argument("--kills", type=int, help="genau so viele SIGKILL (sonst laufend)")
    parser.add_argument("--pauses", type=int, help="genau so viele SIGSTOP über die Lease (sonst laufend)")
    parser.add_argument("--no-imports", action="store_true")
    parser.add_argument("--no-erase", action="store_true")
    parser.add_argument("--worker", nargs=4, metavar=("ROOT", "NAME", "SEED", "LEASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        root, name, seed, lease = args.worker
        worker(Path(root), name, Path(root).parent / "stop", int(seed), float(lease))
        return
    sys.exit(run(args))


def run(args) -> int:
    from benchmarks.soak_check import check
    from model.entities import Advisor, Group, new_id
    from model.store import Store, transaction

    lease = args.lease if args.lease is not None else transaction.LEASE_SECONDS
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
    env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_STORE", "KONTAKT_USER")}

    def spawn(n: str) -> subprocess.Popen:
        host = f"PC-{n[1:]}"  # each advisor on a PC of their own; a restart comes back on it
        argv = [sys.executable, __file__, "--worker", str(root), n, str(rng.randrange(1 << 30)), str(lease)]
        return subprocess.Popen(argv, env=env | {"KONTAKT_HOST": host, "PYTHONPATH": str(PROJECT)})

    procs = {n: spawn(n) for n in names}
    paused: dict[str, float] = {}  # name -> monotonic time to wake
    events = {"kills": 0, "killed_holding_a_lock": 0, "pauses": 0, "paused_holding_a_lock": 0, "pause_seconds": lease + 5}
    importers = None if args.no_imports else Importers(base, root, lease, names)
    erase = {"attempts": 0, "codes": [], "done": args.no_erase}
    started = time.monotonic()
    deadline = started + args.minutes * 60
    next_import = started + 2
    erase_at = started + args.minutes * 60 * 0.4
    budget_kills = args.kills if args.kills is not None else float("inf")
    budget_pauses = args.pauses if args.pauses is not None else float("inf")
    # With budgets (the mini soak) the events are spread over the first half of the run.
    spacing = (args.minutes * 30) / max(1, (args.kills or 0) + (args.pauses or 0)) if args.kills is not None else None
    while time.monotonic() < deadline:
        time.sleep(spacing if spacing else rng.uniform(1.0, 4.0))
        now = time.monotonic()
        for n, wake in list(paused.items()):
            if now >= wake:
                os.kill(procs[n].pid, signal.SIGCONT)
                del paused[n]
        awake = [n for n in names if n not in paused]
        want_pause = events["pauses"] < budget_pauses and (rng.random() < 0.15 or events["kills"] >= budget_kills)
        if want_pause and len(awake) > 1 and now + events["pause_seconds"] < deadline:
            victim, holder = pick_holder(root, awake, rng)
            os.kill(procs[victim].pid, signal.SIGSTOP)
            events["paused_holding_a_lock"] += holder
            paused[victim] = now + events["pause_seconds"]
            events["pauses"] += 1
        elif events["kills"] < budget_kills and awake:
            victim, holder = pick_holder(root, awake, rng)
            procs[victim].send_signal(signal.SIGKILL)
            events["killed_holding_a_lock"] += holder
            procs[victim].wait()
            events["kills"] += 1
            procs[victim] = spawn(victim)
        if importers is not None:
            importers.poll()
            if now >= next_import and not importers.running:
                importers.start_round()
                next_import = now + max(5.0, args.minutes * 60 / 8)
        if not erase["done"] and now >= erase_at:
            _erase_step(root, lease, erase)
            erase_at = now + 5  # a failed attempt (a lock held by a paused worker …) resumes then
    for n in list(paused):
        os.kill(procs[n].pid, signal.SIGCONT)
    (base / "stop").write_text("")
    for p in procs.values():
        p.wait(timeout=300)
    if importers is not None:
        importers.poll(wait=True)
    if erase.get("proc") is not None:
        erase["proc"].wait(timeout=600)
        _erase_step(root, lease, erase)
    while not erase["done"] and erase["attempts"] < 10:
        _erase_step(root, lease, erase)
        if erase.get("proc") is not None:
            erase["proc"].wait(timeout=600)
            _erase_step(root, lease, erase)
    erase.pop("proc", None)
    elapsed = time.monotonic() - started

    figures, problems = check(base, root, lease, names, importers.rounds if importers else [], erase)
    figures = {"processes": args.processes, "hosts": len(names) + 3, "minutes": round(elapsed / 60, 2), "lease_s": lease,
               **events, **figures}  # fmt: skip
    print(json.dumps(figures))
    for p in problems[:30]:
        print(p)
    print(f"Speicher: {root}")
    return 1 if problems else 0


def _erase_step(root: Path, lease: float, erase: dict) -> None:
    """`kontakt erase` of one group as the administrator on another PC, in the background
    while the workers write; an attempt that ends with exit 2 (a lock held by a paused or
    killed worker, say) is resumed by running it again."""
    proc = erase.get("proc")
    if proc is None:
        env = {k: v for k, v in os.environ.items() if k not in ("KONTAKT_STORE", "KONTAKT_USER")} | {"KONTAKT_HOST": "PC-ADMIN"}
        code = CLI.format(project=str(PROJECT), lease=lease)
        argv = [sys.executable, "-c", code, "--store", str(root), "--user", "ADMIN", "erase", ERASED_NUMBER, "--yes"]
        erase["proc"] = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        erase["attempts"] += 1
        return
    if proc.poll() is None:
        return
    _, err = proc.communicate()
    erase["proc"] = None
    erase["codes"].append(proc.returncode)
    if proc.returncode != 0:
        erase.setdefault("messages", []).append(err.strip()[-300:])
    erase["done"] = proc.returncode == 0


if __name__ == "__main__":
    main()

"""Lean reads against whole-institute reads (issue 16): one advisor's `due`, `log`, Soll/Ist,
a card's change history, a refresh and the app's due list — each in a new process: wall time,
CPU time (user + system) and peak RSS, beside the fair floor (orjson.loads of the same files'
bytes, nothing else).

    python benchmarks/bench_lean.py STORE [--user KBA] [--group 10140] [--repeat 3]
        [--projects new=.,base=DIR] [--stats SLOWFS_STATS --rtt-ms 1 --mbps 110]

Runs are interleaved (repeat → case → project, the projects' order turned every round), so
two versions of the code (`--projects`, e.g. a `git archive` of main) are compared under the
same load of a shared machine. STORE may be a slowfs mount (../shared/tools/slowfs.py); with
its --stats file every run reports its round trips (simulated wait minus transfer time, over
the RTT), the refresh case also those of the refresh alone. `cli_due_after_day` (not in the
default cases) times the first start after a colleagues' day (`DAY`, written through STORE
with the measured code before each run), with the megabytes it read. Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

OLDER = """
from model.store import Store, archive
s = Store.open(ROOT, USER); i = s.load(scope="master"); since = archive.first_open_year(AS_OF)
mine = [g for g in i.groups.values() if g.lead == USER]
{prepare}
before, mb = trips(), read_mb()
t = time.perf_counter(); n = len(s.closed_history([mine[0].id], since))
extra = {{"older_s": time.perf_counter() - t}}
if before is not None:
    extra["older_trips"], extra["older_mb"] = trips() - before, read_mb() - mb
"""
"""A card's closed years (archive.py): one of the user's groups, after `prepare`."""

CASES = {
    "due_lean": """
from model.store import Store
from model.contacts.due import due_list
s = Store.open(ROOT, USER); i = s.load(scope="status")
n = len(due_list(USER, i.groups.values(), i.contacts, i.config, AS_OF)); extra = {"fallback": s.lean_fallback}
""",
    "due_mine": """
from model.store import Store
from model.contacts.due import due_list
s = Store.open(ROOT, USER); i = s.load(scope="status", advisor=USER)
n = len(due_list(USER, i.groups.values(), i.contacts, i.config, AS_OF)); extra = {"fallback": s.lean_fallback, "groups": len(i.groups)}
""",
    "due_full": """
from model.store import Store
from model.contacts.due import due_list
i = Store.open(ROOT, USER).load()
n = len(due_list(USER, i.groups.values(), i.contacts, i.config, AS_OF))
""",
    "floor_full": """
import orjson
from model.store import Store
s = Store.open(ROOT, USER); n = sum(len(orjson.loads(p.read_bytes())) for p in s.files())
""",
    "floor_lean": """
import orjson
from model.store import Store
from model.store.status import status_path
s = Store.open(ROOT, USER)
paths = s.master_files() + [status_path(s.root, k) for k in range(s.shards)] + [s.root / "manifest.json"]
n = sum(len(orjson.loads(p.read_bytes())) for p in paths if p.exists())
""",
    "soll_ist": """
from model.store import Store
from model.monitoring.soll_ist import Period, role_targets, summarize
i = Store.open(ROOT, USER).load()
t = time.perf_counter()
period = Period.last_months(AS_OF)
n = len(summarize(role_targets(i.groups.values(), i.contacts, i.config, period, advisor=USER)))
extra = {"compute_s": time.perf_counter() - t}
""",
    "history": """
from model.store import Store
s = Store.open(ROOT, USER); i = s.load(scope="master")
g = next(g for g in i.groups.values() if g.lead == USER)
before, mb = trips(), read_mb()
t = time.perf_counter(); n = len(s.audit_for(g.id)); extra = {"audit_s": time.perf_counter() - t}
if before is not None:
    extra["audit_trips"], extra["audit_mb"] = trips() - before, read_mb() - mb
""",
    "whole_all": """
from model.store import Store
i = Store.open(ROOT, USER).load(tolerant=True); n = i.contact_count
""",
    "whole_open": """
from model.store import Store
from model.store.archive import first_open_year
i = Store.open(ROOT, USER).load(tolerant=True, since=first_open_year(AS_OF)); n = i.contact_count
extra = {"history_from": str(i.history_from)}
""",
    "older_build": OLDER.format(prepare="archive.drop_all(ROOT)  # the first card after an erasure"),
    "older": OLDER.format(prepare="s.closed_history([mine[1].id], since)  # the archive written, if it was not"),
    "refresh": """
from model.store import Store
s = Store.open(ROOT, USER); s.load(scope="status")
before = trips()
t = time.perf_counter(); s.refresh(); extra = {"refresh_s": time.perf_counter() - t}; n = 0
if before is not None:
    extra["refresh_trips"] = trips() - before
""",
}

PRELUDE = """
import time, resource, json, sys
from datetime import date
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, {project!r})
ROOT, USER, AS_OF = Path({root!r}), {user!r}, date.fromisoformat({as_of!r})
STATS, RTT, BW = {stats!r}, {rtt!r}, {bw!r}
extra = {{}}

def trips():
    if not STATS:
        return None
    time.sleep(0.5)  # slowfs writes its counters every 0.2 s
    d = json.loads(Path(STATS).read_text())
    return round((d["waited_s"] - (d["bytes_read"] + d["bytes_written"]) / BW) / RTT)

def read_mb():
    return json.loads(Path(STATS).read_text())["bytes_read"] / 1e6 if STATS else None
"""
EPILOGUE = """
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t0, "cpu": r.ru_utime + r.ru_stime, "mb": r.ru_maxrss / 1024, "n": n, **extra}))
"""

APP = r"""
import time
T0 = time.perf_counter()
import asyncio, json, resource, sys
from kontakt_tui.app import KontaktApp
from model.store import Store

async def run():
    app = KontaktApp(Store.open(sys.argv[1], sys.argv[2]), sys.argv[2], poll_seconds=0)
    async with app.run_test(size=(120, 36)) as pilot:
        while True:
            await pilot.pause(0.01)
            tables = app.screen.query("#due-table")
            if tables and tables.first().row_count:
                break
        extra = {}
        if sys.argv[3:] == ["whole"]:
            # The picture after the due list: every group (complete), or the user's own with
            # their history (some_groups), then the search's directory of every group.
            while not (app.institute is not None and (app.institute.complete or app.institute.some_groups)):
                await pilot.pause(0.01)
            extra["picture_s"] = time.perf_counter() - T0
            extra["own"] = app.institute.some_groups
            if app.institute.some_groups:
                while not (app._find_index is not None and app._find_index[2] == "directory"):
                    await pilot.pause(0.01)
        usable = time.perf_counter() - T0
        r = resource.getrusage(resource.RUSAGE_SELF)
        print(json.dumps({"s": usable, "cpu": r.ru_utime + r.ru_stime, "mb": r.ru_maxrss / 1024,
                          "n": tables.first().row_count, **extra}), flush=True)
        app.exit()

asyncio.run(run())
"""
"""The app's due list visible (bench_start.py's probe): from before the first import until
the due table has rows; the colleagues' contacts are not waited for. With "whole" (case
app_whole): until the picture after the due list is there — every group, or the user's own
with their history and then the search's directory of every group (`picture_s` the first)."""


class Run(argparse.Namespace):
    project: Path
    stats: str
    rtt: float
    bw: float


def _counters(opts: Run) -> dict | None:
    """slowfs's counters now (None without --stats)."""
    if not opts.stats:
        return None
    time.sleep(0.5)  # slowfs writes its counters every 0.2 s
    return json.loads(Path(opts.stats).read_text())


def _trips(opts: Run) -> int | None:
    d = _counters(opts)
    return None if d is None else round((d["waited_s"] - (d["bytes_read"] + d["bytes_written"]) / opts.bw) / opts.rtt)


def _env(opts: Run) -> dict:
    # Bytecode is cached as on an advisor's PC (pip compiles it at install; the warm-up run
    # writes it here): a PYTHONDONTWRITEBYTECODE of the shell running the benchmark would
    # add compiling every import, about 0.2 s, to each process measured.
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONTAKT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(opts.project)
    return env


def _child(argv: list[str], opts: Run, what: str) -> tuple[subprocess.CompletedProcess, float, float, float | None]:
    """Run one process; its stdout, wall time, CPU time and peak RSS (MB, None if not a new peak)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, env=_env(opts), cwd=opts.project)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{what}: exit {proc.returncode}\n{proc.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return proc, seconds, cpu, after.ru_maxrss / 1024 if after.ru_maxrss > before.ru_maxrss else None


def run_case(name: str, args, opts: Run) -> dict:
    head = PRELUDE.format(project=str(opts.project), root=args.store, user=args.user, as_of=args.as_of,
                          stats=opts.stats, rtt=opts.rtt, bw=opts.bw)  # fmt: skip
    before = _trips(opts)
    proc, _, _, _ = _child([sys.executable, "-c", head + CASES[name] + EPILOGUE], opts, name)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    if before is not None:
        found["trips"] = _trips(opts) - before
    return found


def run_app(args, opts: Run, whole: bool = False) -> dict:
    before = _trips(opts)
    mode = ["whole"] if whole else []
    proc, _, _, _ = _child([sys.executable, "-c", APP, args.store, args.user, *mode], opts, "app")
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    if before is not None:
        found["trips"] = _trips(opts) - before
    return found


CLI = """
import atexit, resource, sys
atexit.register(lambda: print("BENCH_RSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr))
from kontakt_tui.cli import main
raise SystemExit(main())
"""


def run_cli(command: list[str], args, opts: Run) -> dict:
    before = _trips(opts)
    argv = [sys.executable, "-c", CLI, "--store", args.store, "--user", args.user, *command]
    proc, seconds, cpu, _ = _child(argv, opts, " ".join(command))
    rss = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("BENCH_RSS ")]
    found = {"s": seconds, "cpu": cpu, "mb": int(rss[-1]) / 1024 if rss else None}
    if before is not None:
        found["trips"] = _trips(opts) - before
    return found


DAY = """
import random, sys
from dataclasses import replace
from datetime import date
sys.path.insert(0, sys.argv[1])
from model.entities import Contact
from model.store import Store
root, user, as_of, seed = sys.argv[2], sys.argv[3], date.fromisoformat(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
groups = list(Store.open(root, "ADM").load(scope="master").groups.values())
others = sorted({g.lead for g in groups} - {user})
by_writer = {}
for n in range(600):
    g = rng.choice(groups)
    writer = g.lead if g.lead != user else rng.choice(others)  # a co-carer on the user's own groups
    by_writer.setdefault(writer, []).append(Contact(f"day-{seed}-{n}", g.id, as_of, writer, "Gespräch geführt", "Telefon"))
for writer, contacts in sorted(by_writer.items()):
    Store.open(root, writer).add_contacts(contacts)
edits = {}
for g in rng.sample(groups, 100):
    edits.setdefault(g.lead, {})[g.id] = lambda old: replace(old, name=old.name.removesuffix(" ·") if old.name.endswith(" ·") else old.name + " ·")
for writer, changes in sorted(edits.items()):
    Store.open(root, writer).update_groups(changes)
"""
"""A colleagues' day between two of the user's starts: 600 contacts on random groups (by
their leads, by a colleague on the user's own groups), written writer by writer, and 100
groups renamed by their leads — every shard changes."""


def _read_mb(opts: Run) -> float | None:
    d = _counters(opts)
    return None if d is None else d["bytes_read"] / 1e6


def run_after_day(i: int, args, opts: Run) -> dict:
    """`kontakt due` as the first start after a colleagues' day (`DAY`, written with the
    measured code, so that its journals are that code's), the user's digest current before."""
    run_cli(["due", "--as-of", args.as_of], args, opts)
    _child([sys.executable, "-c", DAY, str(opts.project), args.store, args.user, args.as_of, str(1000 + i)], opts, "day")
    mb = _read_mb(opts)
    found = run_cli(["due", "--as-of", args.as_of], args, opts)
    if mb is not None:
        found["read_mb"] = round(_read_mb(opts) - mb, 1)
    return found


def run_one(name: str, i: int, args, opts: Run) -> dict:
    if name == "cli_due":
        return run_cli(["due", "--as-of", args.as_of], args, opts)
    if name == "cli_due_after_day":
        return run_after_day(i, args, opts)
    if name == "cli_log":
        note = ["--note", f"bench {opts.project.name} {i}"]
        return run_cli(["log", args.group, "--outcome", "Gespräch geführt", "--date", args.as_of, *note], args, opts)
    if name == "app_due":
        return run_app(args, opts)
    if name == "app_whole":
        return run_app(args, opts, whole=True)
    return run_case(name, args, opts)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("store")
    p.add_argument("--user", default="KBA")
    p.add_argument("--as-of", default="2026-03-02")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1, help="rounds run first and not counted")
    p.add_argument("--group", default="", help="Verbund-Nr for `log` (one of the user's)")
    p.add_argument("--cases", default="due_lean,due_mine,due_full,floor_lean,floor_full,history,refresh,cli_due,cli_log,app_due")
    p.add_argument("--projects", default=f"this={PROJECT}", help="NAME=DIR,…: the code measured, interleaved")
    p.add_argument("--stats", default="", help="slowfs --stats file: round trips per run")
    p.add_argument("--rtt-ms", type=float, default=1.0, help="slowfs --rtt-ms (to count round trips)")
    p.add_argument("--mbps", type=float, default=110.0, help="slowfs --mbps (to count round trips)")
    args = p.parse_args()
    projects = dict(item.split("=", 1) for item in args.projects.split(","))
    runs: dict[tuple[str, str], list[dict]] = {}
    for i in range(-args.warmup, args.repeat):  # warm-up rounds (i < 0): compiled bytecode, page cache
        for name in args.cases.split(","):
            # Each round in the other order: a run after a write (`cli_due` after the round's
            # logs catches the user's digest up) is not always the same project's.
            order = list(projects.items())
            for label, folder in order if i % 2 == 0 else reversed(order):
                opts = Run(project=Path(folder).resolve(), stats=args.stats, rtt=args.rtt_ms / 1000, bw=args.mbps * 1e6)
                found = run_one(name, i, args, opts)
                if i < 0:
                    continue
                runs.setdefault((name, label), []).append(found)
                print(f"  run {i + 1} {name:10} {label:6} {json.dumps(found)}", flush=True)
    results = {}
    for (name, label), found in runs.items():
        summary: dict = {"s": statistics.median(r["s"] for r in found), "runs": [round(r["s"], 3) for r in found]}
        for key in ("cpu", "mb", "trips", "read_mb", "refresh_s", "refresh_trips", "n", "fallback"):
            values = [r[key] for r in found if r.get(key) is not None]
            if values:
                summary[key] = values[-1] if isinstance(values[0], str) else statistics.median(values)
        results[f"{name}/{label}"] = summary
        print(f"{name:10} {label:6} {summary['s']:7.3f} s  {json.dumps(summary)}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()

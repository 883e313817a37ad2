"""Benchmark: the kontakt store against one stock TinyDB JSON file on the benchmark institute.

    python benchmarks/bench_store.py --groups 20000 --seed 1 --dir benchmarks/out

Generates the benchmark institute (`model.demo.build_demo`, 20,000 groups, 30 advisors, about
250,000 contacts over five years) once into a kontakt store and into a single stock TinyDB
file (default JSONStorage, tables advisors/groups/contacts with the same records); both are
reused on the next run. Writes go to fresh working copies, so the reference data never grows.

Every measurement runs in a new Python process, so imports, file reads and parsing are paid
as a user pays them when starting the program (the operating system's file cache is warm):

1. cold start to the due list of the lead advisor with the largest portfolio (wall time inside
   the process, from before the imports of the project's modules, and the process's peak RSS);
2. logging one contact durably, median of `--repeat`;
3. Soll/Ist of that advisor's portfolio over the 12 months up to as_of, median of `--repeat`;
4. peak RSS of the process that did 1–3.

Prints a Markdown table and writes it with the machine info to docs/benchmarks.md.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {"cold": 1.5, "log": 0.100, "soll_ist": 0.200, "rss": 400.0}

# ---- the code that runs in the measured processes ----------------------------------------

COMMON = r"""
import json, resource, statistics, sys, time, uuid
T0 = time.perf_counter()
from collections import Counter, defaultdict
from datetime import date
from model.config import default_config
from model.entities import Advisor, Contact, Group, save_order
from model.contacts.due import due_list
from model.monitoring.soll_ist import Period, role_targets, summarize

ARGS = json.loads(sys.argv[1])
AS_OF = date.fromisoformat(ARGS["as_of"])

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def biggest_lead(groups):
    return Counter(g.lead for g in groups).most_common(1)[0][0]

def new_contact(group, advisor, on):
    return Contact(str(uuid.uuid4()), group.id, on, advisor, "Gespräch geführt", "Telefon",
                   "Servicekontakt", note="Benchmark")

def median_seconds(fn, repeat):
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
"""

KONTAKT_LOAD = r"""
from model.store import Store
store = Store.open(ARGS["path"], "ADM")
inst = store.load()
config, groups, contacts = inst.config, inst.groups, inst.contacts
"""

TINYDB_LOAD = r"""
from tinydb import TinyDB
db = TinyDB(ARGS["path"])  # stock: default JSONStorage, every table read parses the whole file
config = default_config()
advisors = {a.code: a for a in map(Advisor.from_json, db.table("advisors").all())}
groups = {g.id: g for g in map(Group.from_json, db.table("groups").all())}
contacts = defaultdict(list)
for c in map(Contact.from_json, db.table("contacts").all()):
    contacts[c.group].append(c)
for entries in contacts.values():
    entries.sort(key=save_order, reverse=True)
contacts = dict(contacts)
"""

DUE = r"""
advisor = biggest_lead(groups.values())
items = due_list(advisor, groups.values(), contacts, config, AS_OF)
RESULT = {"cold": time.perf_counter() - T0, "advisor": advisor, "due": len(items),
          "groups": len(groups), "contacts": sum(map(len, contacts.values()))}
"""

KONTAKT_LOG = r"""
portfolio = [g for g in groups.values() if g.lead == advisor]
def log(i):
    store.log_contact(new_contact(portfolio[i % len(portfolio)], advisor, ARGS["log_date"]))
def log_full(i):
    store.log_contact(new_contact(portfolio[i % len(portfolio)], advisor, date(AS_OF.year - 1, 12, 30)))
"""

TINYDB_LOG = r"""
portfolio = [g for g in groups.values() if g.lead == advisor]
def log(i):
    db.table("contacts").insert(new_contact(portfolio[i % len(portfolio)], advisor, ARGS["log_date"]).to_json())
log_full = log  # one file holds every year
"""

WORK = r"""
ARGS["log_date"] = date.fromisoformat(ARGS["log_date"])
RESULT["log"] = median_seconds(log, ARGS["repeat"])
RESULT["log_full"] = median_seconds(log_full, ARGS["repeat"])
period = Period.last_months(AS_OF)
def soll_ist(i):
    summarize(role_targets(groups.values(), contacts, config, period, advisor=advisor))
RESULT["soll_ist"] = median_seconds(soll_ist, ARGS["repeat"])
"""

END = r"""
RESULT["rss"] = peak_mb()
print(json.dumps(RESULT))
"""


def run(code: str, args: dict) -> dict:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, json.dumps(args)], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"Measurement failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - started
    return result


def measure(kind: str, path: Path, as_of: date, repeat: int, log_date: date, cold_runs: int) -> dict:
    load = KONTAKT_LOAD if kind == "kontakt" else TINYDB_LOAD
    log = KONTAKT_LOG if kind == "kontakt" else TINYDB_LOG
    args = {"path": str(path), "as_of": as_of.isoformat(), "repeat": repeat, "log_date": log_date.isoformat()}
    colds = sorted((run(COMMON + load + DUE + END, args) for _ in range(cold_runs)), key=lambda r: r["cold"])
    cold = colds[len(colds) // 2]
    work = run(COMMON + load + DUE + log + WORK + END, args)
    return {"cold": cold["cold"], "cold_rss": cold["rss"], "process": cold["process"], "advisor": cold["advisor"],
            "due": cold["due"], "groups": cold["groups"], "contacts": cold["contacts"],
            "log": work["log"], "log_full": work["log_full"], "soll_ist": work["soll_ist"], "rss": work["rss"]}  # fmt: skip


# ---- preparing the data -------------------------------------------------------------------


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def prepare(out: Path, groups: int, seed: int, as_of: date) -> tuple[Path, Path]:
    from tinydb import TinyDB

    from model.demo import build_demo, write_demo
    from model.store import MARKER, Store

    store_dir = out / f"kontakt-{groups}-s{seed}-{as_of.isoformat()}"
    tiny_file = out / f"tinydb-{groups}-s{seed}-{as_of.isoformat()}.json"
    if (store_dir / MARKER).exists() and tiny_file.exists():
        print(f"Reusing {store_dir} and {tiny_file}")
        return store_dir, tiny_file
    t = time.perf_counter()
    data = build_demo(as_of, groups=groups, seed=seed)
    print(f"build_demo: {len(data.groups)} groups, {len(data.advisors)} advisors, "
          f"{len(data.contacts)} contacts in {time.perf_counter() - t:.1f} s")  # fmt: skip
    if not (store_dir / MARKER).exists():
        shutil.rmtree(store_dir, ignore_errors=True)
        t = time.perf_counter()
        write_demo(Store.create(store_dir, "ADM"), data)
        print(f"write_demo into the kontakt store: {time.perf_counter() - t:.1f} s")
    if not tiny_file.exists():
        t = time.perf_counter()
        temp = tiny_file.with_suffix(".partial")
        temp.unlink(missing_ok=True)
        db = TinyDB(temp)
        db.table("advisors").insert_multiple(a.to_json() for a in data.advisors)
        db.table("groups").insert_multiple(g.to_json() for g in data.groups)
        db.table("contacts").insert_multiple(c.to_json() for c in data.contacts)
        db.close()
        temp.replace(tiny_file)
        print(f"stock TinyDB file: {time.perf_counter() - t:.1f} s")
    return store_dir, tiny_file


def working_copies(out: Path, store_dir: Path, tiny_file: Path) -> tuple[Path, Path]:
    work_store, work_tiny = out / "work-kontakt", out / "work-tinydb.json"
    shutil.rmtree(work_store, ignore_errors=True)
    shutil.copytree(store_dir, work_store)
    shutil.copyfile(tiny_file, work_tiny)
    return work_store, work_tiny


# ---- report -------------------------------------------------------------------------------


def table(ours: dict, stock: dict, repeat: int) -> str:
    def ok(value: float, target: float) -> str:
        return "✓" if value <= target else "✗"

    rows = [
        ("1. Cold start to the due list (in process)", "cold", 1.5, lambda v: f"{v:.2f} s"),
        ("   peak RSS of that process", "cold_rss", 400, lambda v: f"{v:.0f} MB"),
        ("   whole process incl. interpreter start", "process", None, lambda v: f"{v:.2f} s"),
        (f"2. Log one contact durably (median of {repeat})", "log", 0.1, lambda v: f"{v * 1000:.1f} ms"),
        (f"   … into last year's full file (median of {repeat})", "log_full", 0.1, lambda v: f"{v * 1000:.1f} ms"),
        (f"3. Soll/Ist of one portfolio (median of {repeat})", "soll_ist", 0.2, lambda v: f"{v * 1000:.1f} ms"),
        ("4. Peak RSS of the process doing 1–3", "rss", 400, lambda v: f"{v:.0f} MB"),
    ]
    lines = ["| measurement | target | kontakt store | stock TinyDB |", "|---|---|---|---|"]
    for label, key, target, fmt in rows:
        shown = "–" if target is None else fmt(target)
        marks = ("", "") if target is None else (f" {ok(ours[key], target)}", f" {ok(stock[key], target)}")
        lines.append(f"| {label} | {shown} | {fmt(ours[key])}{marks[0]} | {fmt(stock[key])}{marks[1]} |")
    return "\n".join(lines)


def machine() -> str:
    return (f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, {platform.platform()}, run on {date.today().isoformat()}")  # fmt: skip


def write_doc(path: Path, text: str, info: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""# Store benchmark

Machine: {machine()}.

Data: the benchmark institute from `model.demo.build_demo(as_of={info["as_of"]}, groups={info["groups"]},
seed={info["seed"]})`: {info["n_groups"]:,} groups, {info["advisors"]} advisors, {info["contacts"]:,} contacts
over five years. kontakt store: {info["store_mb"]:.0f} MB in {info["files"]} files; stock TinyDB: one file of
{info["tiny_mb"]:.0f} MB. Due list and Soll/Ist for {info["advisor"]} (the largest portfolio:
{info["due"]} entries on the due list).

{text}

## Setup

Produced by `python benchmarks/bench_store.py --groups {info["groups"]} --seed {info["seed"]}` (not part of
the test run). Each measurement runs in a new Python process, started from the benchmark script.

1. **Cold start to the due list**: a new process imports the model, opens the store, loads the
   whole picture (configuration, advisors, groups, every contact) and computes
   `model.contacts.due.due_list` for one lead advisor. Time is measured inside the process from
   before the project's imports; the median of {info["cold_runs"]} such processes is shown. The operating
   system's file cache is warm, so this is the time of a second start on the same PC, not of
   a first read over the network.
   *Stock TinyDB*: `TinyDB(path)` with the default `JSONStorage`; `db.table(...).all()` for the
   three tables (each call parses the whole file again, as stock TinyDB does), the same entity
   objects built with `from_json`, contacts grouped by group, then the same `due_list`.
2. **One contact**: `Store.log_contact` appends to the writer's file for that year under its
   lease lock, written to a temp file, fsynced and atomically replaced ({info["log_date"]}, so the
   file of the current year); then dated 30 December of the year before, into that year's
   full file (about 1,700 contacts for this advisor). *Stock TinyDB*: `db.table("contacts").insert(...)` on the
   {info["contacts"]:,}-contact file, which rewrites the whole file (without fsync).
3. **Soll/Ist**: `role_targets` + `summarize` for the advisor over `Period.last_months(as_of)`,
   on the picture loaded in 1; the same code for both, so it differs only by chance.
4. **Peak memory**: `resource.getrusage(RUSAGE_SELF).ru_maxrss` of the process that did 1–3.
   The data is generated in a separate process so that the script that starts the measured
   processes stays small (Linux passes the starting process's peak RSS on to a child).

Writes go to working copies of both data sets, so the reference data stays unchanged.
"""
    , encoding="utf-8")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 3, 2))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    out = args.dir.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.prepare_only:
        prepare(out, args.groups, args.seed, args.as_of)
        return
    # Generating the data takes ~1 GB; done in a child process so that this process stays
    # small: Linux hands a process's peak RSS on through fork/exec to the measured children.
    subprocess.run([sys.executable, __file__, *sys.argv[1:], "--prepare-only"], check=True)
    store_dir, tiny_file = prepare(out, args.groups, args.seed, args.as_of)
    work_store, work_tiny = working_copies(out, store_dir, tiny_file)
    print("Measuring the kontakt store …", flush=True)
    ours = measure("kontakt", work_store, args.as_of, args.repeat, args.as_of, args.cold_runs)
    print("Measuring stock TinyDB …", flush=True)
    stock = measure("tinydb", work_tiny, args.as_of, args.repeat, args.as_of, args.cold_runs)
    text = table(ours, stock, args.repeat)
    print()
    print(text)
    info = {
        "as_of": args.as_of.isoformat(), "groups": args.groups, "seed": args.seed, "n_groups": ours["groups"],
        "contacts": ours["contacts"], "advisor": ours["advisor"], "due": ours["due"], "cold_runs": args.cold_runs,
        "advisors": len(json.loads((store_dir / "master" / "organisation.json").read_text("utf-8"))["advisors"]),
        "store_mb": folder_size(store_dir) / 2**20, "tiny_mb": folder_size(tiny_file) / 2**20,
        "files": sum(1 for p in store_dir.rglob("*.json")), "log_date": args.as_of.isoformat(),
    }  # fmt: skip
    write_doc(args.doc, text, info)
    print(f"\nWritten to {args.doc}")
    shutil.rmtree(work_store, ignore_errors=True)
    work_tiny.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Lean reads against whole-institute reads (issue 16): one advisor's `due`, `log`, Soll/Ist,
a card's change history, and a refresh — each in a new process, time and peak RSS, beside the
fair floor (orjson.loads of the same files' bytes, nothing else).

    python benchmarks/bench_lean.py STORE [--user KBA] [--repeat 3]

STORE may be a slowfs mount (../shared/tools/slowfs.py); its --stats file then gives the
round trips. Not part of the test run.
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

CASES = {
    "due_lean": """
from model.store import Store
from model.contacts.due import due_list
s = Store.open(ROOT, USER); i = s.load(scope="status")
n = len(due_list(USER, i.groups.values(), i.contacts, i.config, AS_OF)); extra = {"fallback": s.lean_fallback}
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
n = len(s.audit_for(g.id))
""",
    "refresh": """
from model.store import Store
s = Store.open(ROOT, USER); s.load(scope="status")
t = time.perf_counter(); s.refresh(); extra = {"refresh_s": time.perf_counter() - t}; n = 0
""",
}

PRELUDE = """
import time, resource, json, sys
from datetime import date
from pathlib import Path
t0 = time.perf_counter()
sys.path.insert(0, {project!r})
ROOT, USER, AS_OF = Path({root!r}), {user!r}, date.fromisoformat({as_of!r})
extra = {{}}
"""
EPILOGUE = """
print(json.dumps({"s": time.perf_counter() - t0, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "n": n, **extra}))
"""


def run_case(name: str, root: str, user: str, as_of: str) -> dict:
    code = PRELUDE.format(project=str(PROJECT), root=root, user=user, as_of=as_of) + CASES[name] + EPILOGUE
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_cli(args: list[str], root: str, user: str) -> dict:
    code = f"import sys; sys.path.insert(0, {str(PROJECT)!r}); from kontakt_tui.cli import main; raise SystemExit(main())"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONTAKT_")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, "--store", root, "--user", user, *args], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{args}: exit {proc.returncode}\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"s": seconds, "mb": peak / 1024 if peak > before else None}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("store")
    p.add_argument("--user", default="KBA")
    p.add_argument("--as-of", default="2026-03-02")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--group", default="", help="Verbund-Nr for `log` (one of the user's)")
    p.add_argument("--cases", default="due_lean,due_full,floor_lean,floor_full,history,refresh,cli_due,cli_log")
    args = p.parse_args()
    results = {}
    for name in args.cases.split(","):
        runs = []
        for i in range(args.repeat):
            if name == "cli_due":
                runs.append(run_cli(["due", "--as-of", "02.03.2026"], args.store, args.user))
            elif name == "cli_log":
                runs.append(
                    run_cli(
                        ["log", args.group, "--outcome", "Gespräch geführt", "--date", "02.03.2026", "--note", f"bench {i}"],
                        args.store,
                        args.user,
                    )
                )
            else:
                runs.append(run_case(name, args.store, args.user, args.as_of))
        s = statistics.median(r["s"] for r in runs)
        results[name] = runs[-1] | {"s": s}
        print(f"{name:12} {s:7.3f} s  {results[name]}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()

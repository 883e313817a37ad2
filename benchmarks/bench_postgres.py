"""Benchmark: kontakt on PostgreSQL, an institute of 100,000 groups, 1.25 million contacts and
200 advisors (issue 16's server targets).

    python benchmarks/bench_postgres.py [--groups 100000] [--runs 3] [--doc docs/benchmarks.md]

Starts a throwaway cluster (tests/postgres_server.py) with the server's shipped durability
(fsync and synchronous commit on), generates the benchmark institute (`model.demo.build_demo`,
five years of contacts; its 24 lead advisors' groups dealt to 193 lead advisors, so 200
advisors with the team lead, the administrator and the five department colleagues), bulk-loads
it with COPY (groups, contacts and one audit entry per record, as the store writes them) and
measures:

1. an advisor's start to the due list: a new process imports, opens the store, loads the
   status picture of that advisor (`load(scope="status", advisor=…)`), computes `due_list`
   and `inactive_groups` and prints the due list as `kontakt due --json` does — for the lead
   with the most groups and for the department colleague with the most co-care groups; wall
   time from before the imports, and the process's peak RSS. The CLI's `kontakt due` (the
   same narrow picture, plus the command's own start) is measured once beside it;
2. one contact logged (`log_contact`, one transaction with its audit entry), in process,
   median of 20, and `kontakt log` as a process once;
3. the team overview: `model.monitoring.portfolios.team` (Soll/Ist and overdue of every lead
   role) on the whole picture, and the whole picture's load before it;
4. a card's change history: `audit_for` of one group, median of 5;
5. 200 app instances (one per advisor, each its status picture loaded and listening): the time
   from one logged contact until every listener got the NOTIFY, and until every instance's
   `refresh()` returned.

Prints a Markdown table; with --doc replaces the PostgreSQL section of that file. Not part of
the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = date(2026, 11, 27)
LEAD_COUNT = 193
TARGETS = {"start": 1.0, "rss": 200.0, "log": 0.020, "team": 1.5}
SECTION = "## PostgreSQL"

# ---- generating and loading --------------------------------------------------------------


def _institute(groups: int, seed: int):
    from dataclasses import replace

    from model.demo import build_demo
    from model.entities import LEAD, Advisor

    data = build_demo(AS_OF, groups, seed)
    old_leads = {g.lead for g in data.groups}
    codes = [f"B{n:03d}" for n in range(1, LEAD_COUNT + 1)]
    new_lead = {g.id: codes[i % LEAD_COUNT] for i, g in enumerate(data.groups)}
    advisors = [a for a in data.advisors if a.code not in old_leads or a.role == "Teamleiter"]
    advisors += [Advisor(code, f"Berater {code}") for code in codes]
    groups_ = [replace(g, lead=new_lead[g.id]) for g in data.groups]
    contacts = [
        c._replace(by=new_lead[c.group]) if c.by in old_leads and c.role == LEAD and c.group in new_lead else c
        for c in data.contacts
    ]
    return advisors, groups_, contacts


def _bulk_load(url: str, groups: int, seed: int) -> dict:
    from psycopg.types.json import Jsonb

    from model.config import default_config_json
    from model.store.interface import create_backend

    started = time.perf_counter()
    advisors, groups_, contacts = _institute(groups, seed)
    built = time.perf_counter() - started
    # A test store: the CLI may work as any advisor (--user) whatever the machine's login is.
    store = create_backend(url, "ADM", default_config_json() | {"test_store": True})
    conn = store._conn
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('groups', 'contacts', 'audit') "
        "AND indexname NOT LIKE '%_pkey'"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    at = f"{AS_OF.isoformat()}T08:00:00"

    def audit(kind, rid, group, after, path):
        return (at, "ADM", group, Jsonb({"at": at, "user": "ADM", "login": "bench", "host": "bench", "kind": kind,
                                         "action": "create", "id": rid, "group": group, "file": path, "before": None,
                                         "after": after}))  # fmt: skip

    with conn.cursor() as cur:
        with cur.copy("COPY advisors (code, doc, changed) FROM STDIN") as copy:
            for a in advisors:
                copy.write_row((a.code, Jsonb(a.to_json()), 1))
        with cur.copy("COPY groups (id, number, doc, revision, changed) FROM STDIN") as copy:
            for g in groups_:
                copy.write_row((g.id, g.number, Jsonb(g.to_json() | {"revision": 1}), 1, 1))
        with cur.copy("COPY contacts (id, group_id, advisor, year, doc, changed) FROM STDIN") as copy:
            for c in contacts:
                copy.write_row((c.id, c.group, c.by, c.date.year, Jsonb(c.to_json()), 1))
        with cur.copy("COPY audit (at, user_code, group_id, entry) FROM STDIN") as copy:
            for g in groups_:
                copy.write_row(audit("group", g.id, g.id, g.to_json(), "groups"))
            for c in contacts:
                copy.write_row(audit("contact", c.id, c.group, c.to_json(), "contacts"))
    for _, definition in indexes:
        conn.execute(definition)
    conn.execute("UPDATE changes SET counter = 1 WHERE kind IN ('advisors', 'groups', 'contacts')")
    conn.execute("VACUUM ANALYZE")
    store.close()
    lead_sizes = {}
    cocare = {}
    for g in groups_:
        lead_sizes[g.lead] = lead_sizes.get(g.lead, 0) + 1
        for a in {a.advisor for a in g.assignments}:
            cocare[a] = cocare.get(a, 0) + 1
    lead = max(lead_sizes, key=lead_sizes.get)
    own = [g for g in groups_ if g.lead == lead]
    colleague = max(cocare, key=cocare.get)
    other = next(g for g in reversed(groups_) if not {g.lead, *(a.advisor for a in g.assignments)} & {lead, colleague})
    return {
        "groups": len(groups_),
        "contacts": len(contacts),
        "advisors": len(advisors),
        "lead": lead,
        "lead_groups": max(lead_sizes.values()),
        "colleague": colleague,
        "other_id": other.id,  # a group neither of them serves: a colleague's card
        "colleague_groups": max(cocare.values()),
        "number": own[len(own) // 2].number,  # the lead's own: `kontakt log` allows it
        "group_id": own[len(own) // 2].id,
        "generate": built,
        "load": time.perf_counter() - started - built,
    }


# ---- the measured processes ----------------------------------------------------------------

# Each measured process reports its peak memory with this. VmHWM, not ru_maxrss: Linux carries
# ru_maxrss over fork and exec, so a child of this benchmark (which held the generated
# institute) would report the parent's peak.
PEAK = """
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
"""

START = r"""
import time
T0 = time.perf_counter()
import json, sys
{PEAK}from datetime import date
from kontakt_tui.cli import json_shapes
from model.contacts.due import due_list, inactive_groups
from model.store.postgres import PostgresStore
url, code, as_of = sys.argv[1], sys.argv[2], date.fromisoformat(sys.argv[3])
store = PostgresStore.open(url, code)
inst = store.load(scope="status", advisor=code)
newest = max((c.date for items in inst.contacts.values() for c in items), default=None)
if newest is not None and newest > as_of:  # a replayed past day: the status picture is not enough
    inst = store.load(advisor=code)
due = due_list(code, inst.groups.values(), inst.contacts, inst.config, as_of)
inactive = inactive_groups(inst.groups.values(), inst.contacts, inst.config, as_of, code)
json_shapes.print_json([json_shapes.due_json(i) for i in due])
print(json.dumps({"start": time.perf_counter() - T0, "rss": peak_mb(),
                  "groups": len(inst.groups), "contacts": inst.contact_count, "due": len(due),
                  "inactive": len(inactive)}), file=sys.stderr)
""".replace("{PEAK}", PEAK)

CLI = r"""
import time
T0 = time.perf_counter()
import json, sys
{PEAK}from kontakt_tui.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"seconds": time.perf_counter() - T0, "rss": peak_mb(),
                  "rc": rc}), file=sys.stderr)
""".replace("{PEAK}", PEAK)

APP = r"""
import json, sys, time
{PEAK}from model.contacts import SearchIndex
from model.contacts.find import slim_entry
from model.store.interface import serves
from model.store.postgres import PostgresStore
from datetime import date
from model.store.archive import first_open_year
url, code, other, as_of = sys.argv[1], sys.argv[2], sys.argv[3], date.fromisoformat(sys.argv[4])
store = PostgresStore.open(url, code)
out = {}
t = time.perf_counter()
store.load(scope="status", advisor=code)
out["status"] = time.perf_counter() - t
t = time.perf_counter()
mine = store.load(advisor=code, since=first_open_year(as_of))  # the app's picture: the own groups, open years
out["own"], out["own_rss"] = time.perf_counter() - t, peak_mb()
out["own_groups"], out["own_contacts"] = len(mine.groups), mine.contact_count
t = time.perf_counter()
directory = store.group_directory(keep=slim_entry)  # the first search, as the app prepares it
index = SearchIndex.of_entries(directory.groups)
hits = index.find("müller")
out["find"], out["find_rss"], out["directory"] = time.perf_counter() - t, peak_mb(), len(index)
t = time.perf_counter()
index.find("0171 23")
out["keystroke"] = time.perf_counter() - t
t = time.perf_counter()
picture = store.add_groups([other])  # a colleague's card
out["card"], out["card_contacts"] = time.perf_counter() - t, len(picture.contacts.get(other, ()))
t = time.perf_counter()
again = store.group_directory(directory.token, keep=slim_entry)  # a search after a refresh, nothing changed
index = index.with_entries(again.groups)
out["again"] = time.perf_counter() - t
out["rss"] = peak_mb()
assert not serves(picture.groups[other], code)
print(json.dumps(out))
""".replace("{PEAK}", PEAK)

WORK = r"""
import json, statistics, sys, time, uuid
{PEAK}from datetime import date
from model.entities import Contact
from model.monitoring.portfolios import team
from model.monitoring.soll_ist import Period
from model.store.postgres import PostgresStore
url, code, group_id, as_of = sys.argv[1], sys.argv[2], sys.argv[3], date.fromisoformat(sys.argv[4])
store = PostgresStore.open(url, code)
def median(fn, n):
    times = []
    for i in range(n):
        t = time.perf_counter(); fn(i); times.append(time.perf_counter() - t)
    return statistics.median(times)
def log(i):
    store.log_contact(Contact(str(uuid.uuid4()), group_id, as_of, code, "Gespräch geführt", "Telefon", "Servicekontakt",
                              note="Benchmark"))
result = {"log": median(log, 20), "audit": median(lambda i: store.audit_for(group_id), 5),
          "audit_entries": len(store.audit_for(group_id))}
from model.store.archive import first_open_year
since = first_open_year(as_of)
t = time.perf_counter()
inst = PostgresStore.open(url, code).load(since=since)  # the app's picture: no closed years
result["open_load"], result["open_rss"], result["open_contacts"] = time.perf_counter() - t, peak_mb(), inst.contact_count
period = Period.last_months(as_of)
t = time.perf_counter()
open_team = team(inst.groups.values(), inst.contacts, inst.config, period, as_of)
result["open_team"] = time.perf_counter() - t
del inst
t = time.perf_counter()
result["older_n"] = len(store.closed_history([group_id], since))
result["older"] = time.perf_counter() - t
t = time.perf_counter()
inst = store.load()
result["whole_load"] = time.perf_counter() - t
period = Period.last_months(as_of)
t = time.perf_counter()
each, whole = team(inst.groups.values(), inst.contacts, inst.config, period, as_of)
result["team"] = time.perf_counter() - t
result["team_rows"] = len(each)
result["team_same"] = open_team == (each, whole)
result["rss"] = peak_mb()
print(json.dumps(result))
""".replace("{PEAK}", PEAK)


def _python(code: str, *args: str, stderr_json: bool = False) -> tuple[dict, float]:
    # bytecode cached as on an installed PC (see bench_lean.py's _env)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode not in (0,) and not stderr_json:
        raise RuntimeError(done.stderr[-3000:])
    text = done.stderr if stderr_json else done.stdout
    found = json.loads(text.strip().splitlines()[-1])
    if found.get("rc"):
        found["said"] = done.stderr.strip().splitlines()[:-1][-3:]
    return found, wall


def _listeners(url: str, codes: list[str], group_id: str) -> dict:
    """200 app instances: each its status picture and a listening connection; one write."""
    import uuid

    from model.entities import Contact
    from model.store.postgres import PostgresStore

    started = time.perf_counter()
    stores = []
    for code in codes:
        store = PostgresStore.open(url, code)
        store.load(scope="status", advisor=code)
        store.wait_for_change(0)  # LISTEN
        stores.append(store)
    setup = time.perf_counter() - started
    got: list[float] = [0.0] * len(stores)
    refreshed: list[float] = [0.0] * len(stores)
    ready = threading.Barrier(len(stores) + 1)

    def wait(i: int, store) -> None:
        ready.wait()
        if store.wait_for_change(30):
            got[i] = time.perf_counter()
            store.refresh()
            refreshed[i] = time.perf_counter()

    threads = [threading.Thread(target=wait, args=(i, s)) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    writer = PostgresStore.open(url, "ADM")
    ready.wait()
    time.sleep(0.5)  # every thread is inside its wait
    t0 = time.perf_counter()
    writer.log_contact(Contact(str(uuid.uuid4()), group_id, AS_OF, "ADM", "Gespräch geführt", "Telefon", "Servicekontakt"))
    for t in threads:
        t.join()
    for store in [*stores, writer]:
        store.close()
    missing = sum(1 for g in got if not g)
    return {
        "setup": setup,
        "notified": max(got) - t0 if not missing else None,
        "notified_median": statistics.median(g - t0 for g in got if g),
        "refreshed": max(refreshed) - t0 if not missing else None,
        "missing": missing,
    }


# ---- running it -----------------------------------------------------------------------------


def _fmt_s(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--listeners", type=int, default=200)
    parser.add_argument("--no-cli", action="store_true", help="kontakt due/log as processes left out (they load everything)")
    parser.add_argument("--doc", type=Path, help="write the table into this Markdown file's PostgreSQL section")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # killed: still stop the cluster

    from tests.postgres_server import Server

    server = Server(durable=True, settings=("max_connections=500", "shared_buffers=512MB"))
    try:
        url = server.new_database()
        info = _bulk_load(url, args.groups, args.seed)
        print(f"generated in {info['generate']:.0f} s, loaded (COPY, indexes, analyze) in {info['load']:.0f} s: {info}")
        rows = []
        for who, label in ((info["lead"], "lead"), (info["colleague"], "co-care")):
            runs = [_python(START, url, who, AS_OF.isoformat(), stderr_json=True)[0] for _ in range(args.runs)]
            best = {k: statistics.median(r[k] for r in runs) for k in ("start", "rss")}
            r = runs[0]
            rows.append(
                (f"{label} {who}: start to the due list (process, status picture, {r['groups']:,} groups, "
                 f"{r['contacts']:,} contacts, {r['due']} due)", _fmt_s(best["start"]), f"{best['rss']:.0f} MB",
                 f"≤ {TARGETS['start']} s, ≤ {TARGETS['rss']:.0f} MB")
            )  # fmt: skip
        for who, label in ((info["lead"], "lead"), (info["colleague"], "co-care")):
            runs = [_python(APP, url, who, info["other_id"], AS_OF.isoformat())[0] for _ in range(args.runs)]
            app = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows += [
                (f"app of {label} {who}: its own groups, closed years left out (`load(advisor=…, since=…)` after the status "
                 f"picture; {app['own_groups']:,.0f} groups, {app['own_contacts']:,.0f} contacts)", _fmt_s(app["own"]),
                 f"{app['own_rss']:.0f} MB", f"≤ {TARGETS['rss']:.0f} MB"),
                (f"… the first search (`group_directory`, {app['directory']:,.0f} groups, and the index; then a keystroke "
                 f"{_fmt_s(app['keystroke'])}; after a refresh {_fmt_s(app['again'])})", _fmt_s(app["find"]),
                 f"{app['find_rss']:.0f} MB", ""),
                (f"… a colleague's card (`add_groups`, {app['card_contacts']:.0f} contacts)", _fmt_s(app["card"]),
                 f"{app['rss']:.0f} MB", ""),
            ]  # fmt: skip
        work, _ = _python(WORK, url, info["lead"], info["group_id"], AS_OF.isoformat())
        rows.append(
            ("one contact logged (in process, median of 20)", _fmt_s(work["log"]), "", f"≤ {TARGETS['log'] * 1000:.0f} ms")
        )
        rows.append((f"a card's change history (`audit_for`, {work['audit_entries']} entries)", _fmt_s(work["audit"]), "", ""))
        rows.append(
            (f"the app's picture without closed years (`load(since=…)`, in process, {work['open_contacts']:,} contacts)",
             _fmt_s(work["open_load"]), f"{work['open_rss']:.0f} MB", "")
        )  # fmt: skip
        rows.append(
            (f"team overview on that picture (same result as on the whole: {work['team_same']})", _fmt_s(work["open_team"]),
             "", f"≤ {TARGETS['team']} s")
        )  # fmt: skip
        rows.append((f"a card's closed years (`closed_history`, {work['older_n']} contacts)", _fmt_s(work["older"]), "", ""))
        rows.append(("the whole picture loaded (in process)", _fmt_s(work["whole_load"]), f"{work['rss']:.0f} MB", ""))
        rows.append(
            (f"team overview (`team`, {work['team_rows']} lead advisors, on the whole picture)", _fmt_s(work["team"]), "",
             f"≤ {TARGETS['team']} s")
        )  # fmt: skip
        if not args.no_cli:
            due, wall = _python(CLI, "--store", url, "--user", info["lead"], "due", "--json", stderr_json=True)
            assert due["rc"] == 0, due
            rows.append(
                (
                    "`kontakt due --json`, whole process (the user's status picture)",
                    _fmt_s(due["seconds"]),
                    f"{due['rss']:.0f} MB",
                    "",
                )
            )
            log, wall = _python(
                CLI, "--store", url, "--user", info["lead"], "log", info["number"], "--outcome", "Gespräch geführt",
                "--date", AS_OF.strftime("%d.%m.%Y"), stderr_json=True,
            )  # fmt: skip
            assert log["rc"] == 0, log
            rows.append(
                (
                    "`kontakt log`, whole process (the user's groups, then the status picture)",
                    _fmt_s(log["seconds"]),
                    f"{log['rss']:.0f} MB",
                    "",
                )
            )
        codes = [f"B{n:03d}" for n in range(1, LEAD_COUNT + 1)]
        codes += [c for c in ("MKR", "ADM", "PBR", "EVO", "VKO", "LFR", "NHE")][: max(0, args.listeners - len(codes))]
        heard = _listeners(url, codes[: args.listeners], info["group_id"])
        rows.append(
            (f"{len(codes[: args.listeners])} app instances: one NOTIFY received by all (median {_fmt_s(heard['notified_median'])})",
             _fmt_s(heard["notified"]), "", "")
        )  # fmt: skip
        rows.append((f"… and every instance's `refresh()` done ({heard['missing']} missed)", _fmt_s(heard["refreshed"]), "", ""))
    finally:
        server.stop()
    head = (
        f"{info['groups']:,} groups, {info['contacts']:,} contacts (five years), {info['advisors']} advisors; "
        f"PostgreSQL {_server_version()} with fsync and synchronous commit on, on the same machine; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"medians of {args.runs} runs for the starts."
    )
    table = ["| measurement | time | peak RSS | target |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = head + "\n\n" + "\n".join(table) + "\n"
    print(text)
    if args.doc:
        _write_section(args.doc, args.groups, text)


def _server_version() -> str:
    import re

    from tests.postgres_server import _bin_dir

    out = subprocess.run([str(_bin_dir() / "postgres"), "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\d+\.\d+", out)
    return found[0] if found else "?"


def _write_section(doc: Path, groups: int, text: str) -> None:
    """The table under `## PostgreSQL` / `### N groups`, replacing an earlier one of that size;
    the rest of the file is left as it is."""
    current = doc.read_text(encoding="utf-8") if doc.exists() else ""
    if SECTION not in current:
        current = current.rstrip("\n") + f"\n\n{SECTION}\n\nMeasured by `benchmarks/bench_postgres.py`.\n"
    start = current.index(SECTION)
    end = current.find("\n## ", start + len(SECTION))
    end = len(current) if end < 0 else end + 1
    section = current[start:end]
    sub = f"### {groups:,} groups"
    parts = section.split("\n### ")
    kept = [part for part in parts[1:] if not ("### " + part).startswith(sub)]
    body = parts[0].rstrip("\n") + "\n" + "".join(f"\n### {part.rstrip()}\n" for part in kept)
    body += f"\n{sub}\n\n{text}"
    doc.write_text(current[:start] + body + ("\n" + current[end:] if end < len(current) else ""), encoding="utf-8")


if __name__ == "__main__":
    main()

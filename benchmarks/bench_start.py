"""How long until the start screen is usable: a new process imports the app, opens the store,
loads master data and the user's own contacts in the app's worker and fills the due list
("usable"), then reads the colleagues' contact files and refreshes the list ("complete").

    python benchmarks/bench_start.py STORE KÜRZEL [--runs 3]

Not part of the test run. The app runs headless (Textual's test driver) at 120×36; the time is
measured inside the process from before the first import, so interpreter start-up (~30 ms) is
not included.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

PROBE = r"""
import time
T0 = time.perf_counter()
import asyncio, sys
from datetime import date
from kontakt_tui.app import KontaktApp
from model.store import Store

async def main():
    app = KontaktApp(Store.open(sys.argv[1], sys.argv[2]), sys.argv[2], poll_seconds=0)
    async with app.run_test(size=(120, 36)) as pilot:
        while True:
            await pilot.pause(0.01)
            screen = app.screen
            tables = screen.query("#due-table")
            if tables and tables.first().row_count:
                break
        usable = time.perf_counter() - T0
        while not app.institute.complete:
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"{usable:.3f} {time.perf_counter() - T0:.3f} {tables.first().row_count}")

asyncio.run(main())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("user")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--doc", type=Path, help="also write the figures as Markdown to this file")
    args = parser.parse_args()
    times = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", PROBE, args.store, args.user], capture_output=True, text=True, check=True)
        usable, complete, rows = out.stdout.split()
        times.append((float(usable), float(complete)))
        print(f"usable after {float(usable):.2f} s, complete after {float(complete):.2f} s ({rows} rows)")
    usable = statistics.median(t[0] for t in times)
    complete = statistics.median(t[1] for t in times)
    print(f"median of {args.runs}: usable {usable:.2f} s, complete {complete:.2f} s")
    if args.doc:
        args.doc.write_text(
            "# Start screen benchmark\n\n"
            f"Produced by `python benchmarks/bench_start.py {args.store} {args.user} --runs {args.runs}` on "
            f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {date.today():%d.%m.%Y}.\n\n"
            "| measurement | target | median |\n|---|---|---|\n"
            f"| start screen usable (due list shown, own contacts read) | 1.50 s | {usable:.2f} s |\n"
            f"| picture complete (colleagues' contacts read, list refreshed) | – | {complete:.2f} s |\n\n"
            f"The due list had {rows} rows. Headless Textual at 120×36; time from before the first import.\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()

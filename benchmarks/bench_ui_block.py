"""How long the UI thread is blocked by the heavy computations of three screens: the due list
(start screen), the casting table (f8) and the plan's Ist (f7). A 5 ms timer ticks on the UI
thread; the longest gap between two ticks while a screen computes is how long a key press
would have waited.

    python benchmarks/bench_ui_block.py STORE KÜRZEL [--as-of TT.MM.JJJJ]

Not part of the test run. Headless at 120×36, like bench_start.py; build the benchmark
institute with `kontakt --store DIR demo --groups 20000`.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date, datetime

from textual.widgets import DataTable, Static

from kontakt_tui.app import KontaktApp
from model.store import Store


class Ticks:
    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.gap = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.gap = max(self.gap, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.gap = time.perf_counter(), 0.0


async def until(pilot, done, start: float, timeout: float = 120.0) -> float:
    while not done():
        await pilot.pause(0.01)
        if time.perf_counter() - start > timeout:
            raise TimeoutError
    return time.perf_counter() - start


async def measure(store: str, user: str, as_of: date | None) -> dict[str, tuple[float, float]]:
    app = KontaktApp(Store.open(store, user), user, as_of=as_of, poll_seconds=0)
    ticks = Ticks()
    figures = {}
    async with app.run_test(size=(120, 36)) as pilot:
        app.set_interval(0.005, ticks.tick)
        await until(pilot, lambda: app.institute is not None and app.institute.complete, time.perf_counter())
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        # The due list again on the full institute, as after every store change.
        ticks.reset()
        start = time.perf_counter()
        app.mutate_reactive(KontaktApp.institute)
        await pilot.pause()
        took = await until(pilot, lambda: not [w for w in app.workers if not w.is_finished], start)
        await pilot.pause(0.1)
        figures["Heute: Fälligkeitsliste"] = (ticks.gap, took)
        ticks.reset()
        start = time.perf_counter()
        await pilot.press("f8")
        took = await until(
            pilot, lambda: app.screen.query("#ct-table") and app.screen.query_one("#ct-table", DataTable).row_count > 0, start
        )
        await pilot.pause(0.1)
        figures["Casting-Tabelle (f8)"] = (ticks.gap, took)
        ticks.reset()
        start = time.perf_counter()
        await pilot.press("f7")
        took = await until(
            pilot,
            lambda: (
                app.screen.query("#plan-actual")
                and "gelesen" not in str(app.screen.query_one("#plan-actual", Static).render())
                and "rechnet" not in str(app.screen.query_one("#plan-actual", Static).render())
            ),
            start,
        )
        await pilot.pause(0.1)
        figures["Erfolgsplanung: Ist (f7)"] = (ticks.gap, took)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("user")
    parser.add_argument("--as-of", help="TT.MM.JJJJ (default today)")
    args = parser.parse_args()
    as_of = datetime.strptime(args.as_of, "%d.%m.%Y").date() if args.as_of else None
    figures = asyncio.run(measure(args.store, args.user, as_of))
    print("| screen | longest UI stall | until shown |")
    print("|---|---|---|")
    for name, (gap, took) in figures.items():
        print(f"| {name} | {gap * 1000:.0f} ms | {took:.2f} s |")


if __name__ == "__main__":
    main()

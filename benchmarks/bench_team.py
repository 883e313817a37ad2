"""Benchmark: the team lead's overview (`model.monitoring.portfolios.team`) in process, on an
in-memory picture of the benchmark institute (issue 16: ≤ 1.5 s at 100,000 groups).

    python benchmarks/bench_team.py [--groups 100000] [--runs 3] [--profile]
    python benchmarks/bench_team.py --groups 20000 --code /tmp/old-checkout   # another version

No store: the institute is generated as benchmarks/bench_postgres.py generates it
(`model.demo.build_demo`, five years of contacts, its lead groups dealt to 193 lead advisors)
and held as the stores hand it to the model — contacts grouped by group id, in save order.
The generated picture is cached as a pickle under /tmp (kontakt-bench-team-GROUPS-SEED.pickle;
100,000 groups take minutes to generate and a few GB of memory), so before/after runs of two
code versions (`--code DIR`, a checkout whose `model/` is imported instead of this one's)
measure the same picture; both print a digest of `team`'s whole result, which must agree. Times `team(...)` and one lead advisor's `portfolio(...)` on the
current year's period (`Period.last_months`), median of --runs; prints the figures (and with
--profile the top of a cProfile of one `team` call). Not part of the test run.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _picture(groups: int, seed: int):
    """(groups, contacts by group id) — generated once, then read from the pickle."""
    cache = Path(f"/tmp/kontakt-bench-team-{groups}-{seed}.pickle")
    if cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_postgres import AS_OF, _institute  # the PostgreSQL benchmark's institute

    from model.entities import save_order

    t = time.perf_counter()
    _, groups_, contacts = _institute(groups, seed)
    by_group = defaultdict(list)
    for c in contacts:
        by_group[c.group].append(c)
    for items in by_group.values():
        items.sort(key=save_order)  # as the stores load them (schema 3: save order)
    picture = (AS_OF, groups_, dict(by_group))
    print(f"generated {len(groups_):,} groups, {len(contacts):,} contacts in {time.perf_counter() - t:.0f} s")
    with cache.open("wb") as f:
        pickle.dump(picture, f, protocol=pickle.HIGHEST_PROTOCOL)
    return picture


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _digest(each, whole) -> str:
    """A fingerprint of everything `team` returns, to see two code versions agree exactly."""
    import hashlib

    def one(p):
        targets = [(t.group.id, t.role, t.advisor, t.cls, t.soll, t.ist, t.planning_minutes) for t in p.targets]
        served = [[(t.group.id, t.role) for t in ts] for ts in (p.under, p.over)]
        return (p.advisor, p.period, p.as_of, p.rows, p.total, served, p.effort, targets)

    return hashlib.sha256(repr([one(p) for p in (*each, whole)]).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose model/ is measured")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one team call")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    import model
    from model.config import default_config
    from model.monitoring import portfolios
    from model.monitoring.soll_ist import Period

    as_of, groups, contacts = _picture(args.groups, args.seed)
    n_contacts = sum(len(v) for v in contacts.values())
    config = default_config()
    period = Period.last_months(as_of)
    lead_groups = defaultdict(int)
    for g in groups:
        lead_groups[g.lead] += 1
    biggest = max(lead_groups, key=lambda code: (lead_groups[code], code))

    each, whole = portfolios.team(groups, contacts, config, period, as_of)
    team_s = _median(lambda: portfolios.team(groups, contacts, config, period, as_of), args.runs)
    one_s = _median(lambda: portfolios.portfolio(groups, contacts, config, period, as_of, biggest), args.runs)
    print(f"code: {Path(model.__file__).resolve().parents[1]}")
    print(f"{len(groups):,} groups, {n_contacts:,} contacts, {len(each)} lead advisors; period "
          f"{period.first}–{period.last}; total Soll {whole.total.soll:.1f}, Ist {whole.total.ist}, "
          f"overdue {whole.total.overdue}")  # fmt: skip
    print(f"result digest {_digest(each, whole)}")
    print(f"team(...)                      median of {args.runs}: {team_s:.3f} s")
    print(f"portfolio(..., {biggest}, {lead_groups[biggest]} groups) median of {args.runs}: {one_s:.3f} s")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(portfolios.team, groups, contacts, config, period, as_of)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()

"""How long `kontakt find` / the app's search take on a large institute (20,000 groups):
building the index once, and one search per keystroke. Run:
    PYTHONPATH=. python benchmarks/bench_find.py [GROUPS]"""

import sys
import time
from datetime import date

from model.contacts import SearchIndex
from model.demo import build_demo


def main(n: int = 20_000) -> None:
    data = build_demo(date(2026, 11, 27), groups=n)
    groups = data.groups
    t = time.perf_counter()
    index = SearchIndex(groups)
    print(f"{n} Verbünde: Index gebaut in {(time.perf_counter() - t) * 1000:.0f} ms")
    sample = groups[n // 2]
    person = next((p for g in groups for p in g.persons if p.phone), None)
    queries = ["b", "bä", "bäc", "bäck", sample.number, sample.name.split()[0], "müller", "gmbh"]
    if person:
        queries += [person.phone[:4], person.phone[:8], person.name]
    for q in queries:
        t = time.perf_counter()
        for _ in range(5):
            hits = index.find(q)
        ms = (time.perf_counter() - t) * 1000 / 5
        print(f"  {q!r:28} {ms:6.1f} ms  {len(hits)} Treffer")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)

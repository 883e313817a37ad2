"""The checks after a soak run (benchmarks/soak.py): returns the figures and every problem.

- every acknowledged write is stored (contacts, contact persons, collection records), except
  those of the group erased during the run — of which nothing may be left at all;
- every acknowledged change has its audit line;
- each worker's log counts its acknowledgements 1, 2, 3 … without a gap, also for the workers
  that were killed (their counts were persisted before the acknowledgement);
- every import round is all or nothing: when one of the two racing imports exited 0, each of
  its numbers is one group, with its audit line; when both failed, none exists;
- the erase finished (tombstone done), and `kontakt doctor` exits 0 with no error.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def _read_logs(base: Path) -> tuple[dict[str, dict[str, str]], Counter, list[str]]:
    """Acknowledged ids by kind (id -> group), outcome counts, gaps in the ack counters."""
    acked: dict[str, dict[str, str]] = {"c": {}, "p": {}, "r": {}}
    counts: Counter = Counter()
    gaps = []
    for log in sorted((base / "acks").glob("*.log")):
        raw = log.read_text(encoding="utf-8")
        lines = raw.split("\n")
        if lines and lines[-1] != "":
            counts["torn_lines"] += 1  # cut by the kill mid-line: never acknowledged
        expected = 1
        for line in lines[:-1]:
            parts = line.split(" ")
            if parts[0] in acked and len(parts) == 4:
                kind, ident, group, n = parts
                acked[kind][ident] = group
                if int(n) != expected:
                    gaps.append(f"{log.name}: Quittung Nr. {n} statt {expected}")
                expected = int(n) + 1
            elif parts[0] == "w":
                counts["warned"] += 1
            elif parts[0] == "x":
                counts[parts[1]] += 1
        counts["worker_runs"] += 1
    return acked, counts, gaps


def check(base: Path, root: Path, lease: float, names: list[str], rounds: list[dict], erase: dict) -> tuple[dict, list[str]]:
    from benchmarks.soak import ERASED_NUMBER, run_cli
    from model.group_numbers import normalise_number
    from model.store import Store, audit
    from model.store.erased import tombstones

    problems: list[str] = []
    acked, counts, gaps = _read_logs(base)
    problems += gaps
    store = Store.open(root, "ADMIN")
    picture = store.load()
    stones = tombstones(root)
    erased_ids = {gid for gid, t in stones.items() if t.get("number") == ERASED_NUMBER}
    if not erase.get("done", True) or any(not t.get("done") for t in stones.values()):
        problems.append(f"Löschung nicht abgeschlossen: {erase}")

    stored_contacts = {c.id: c.group for history in picture.contacts.values() for c in history}
    stored_persons = {f"{g.id}/{p.id}" for g in picture.groups.values() for p in g.persons}
    stored_records = {r["id"] for r in store.read_collection("soak")}
    kept = {k: {i: g for i, g in v.items() if g not in erased_ids} for k, v in acked.items()}
    lost = (
        [f"Kontakt {i}" for i in kept["c"] if i not in stored_contacts]
        + [f"Ansprechpartner {i}" for i in kept["p"] if i not in stored_persons]
        + [f"Sammlungseintrag {i}" for i in kept["r"] if i not in stored_records]
    )
    problems += [f"verloren: {x}" for x in lost]
    for gid in erased_ids:
        if gid in picture.groups or gid in picture.contacts:
            problems.append(f"gelöschter Verbund {gid}: Daten wieder da")
        if any(g == gid for g in stored_contacts.values()):
            problems.append(f"gelöschter Verbund {gid}: Kontakte gespeichert")

    entries = audit.entries(root)
    logged_contacts = {e.get("id") for e in entries if e.get("kind") == "contact" and e.get("action") == "create"}
    logged_persons = {
        f"{e.get('group')}/{p.get('id')}"
        for e in entries
        if e.get("kind") == "group" and isinstance(e.get("after"), dict)
        for p in e["after"].get("persons") or []
        if isinstance(p, dict)
    }
    logged_records = {
        r.get("id")
        for e in entries
        if e.get("kind") == "collection" and e.get("id") == "soak" and isinstance(e.get("after"), list)
        for r in e["after"]
        if isinstance(r, dict)
    }
    no_audit = (
        [f"Kontakt {i}" for i in kept["c"] if i not in logged_contacts]
        + [f"Ansprechpartner {i}" for i in kept["p"] if i not in logged_persons]
        + [f"Sammlungseintrag {i}" for i in kept["r"] if i not in logged_records]
    )
    problems += [f"ohne Protokollzeile: {x}" for x in no_audit]

    numbers = Counter(normalise_number(g.number) for g in picture.groups.values())
    created = {
        e["after"].get("number")
        for e in entries
        if e.get("kind") == "group" and e.get("action") == "create" and isinstance(e.get("after"), dict)
    }
    imported = 0
    for k, r in enumerate(rounds):
        ok = 0 in r["codes"]
        for n in r["numbers"]:
            if ok and numbers[n] != 1:
                problems.append(f"Import-Runde {k} (Exit {r['codes']}): Verbund-Nr {n} {numbers[n]}-mal vorhanden")
            if not ok and numbers[n]:
                problems.append(f"Import-Runde {k} (Exit {r['codes']}, nichts geändert): Verbund-Nr {n} trotzdem angelegt")
            if ok and n not in created:
                problems.append(f"Import-Runde {k}: Verbund-Nr {n} ohne Protokollzeile")
        imported += len(r["numbers"]) if ok else 0
        if any(c not in (0, 2) for c in r["codes"]):
            problems.append(f"Import-Runde {k}: Exit {r['codes']} {r.get('messages')}")

    doctor = run_cli(root, lease, "PC-CHECK", "ADMIN", "doctor")
    doctor_lines = doctor.stdout.splitlines()
    doctor_errors = [line for line in doctor_lines if line.startswith("Fehler")]
    if doctor.returncode != 0 or doctor_errors:
        problems.append(f"kontakt doctor: Exit {doctor.returncode}; {doctor_errors[:5]} {doctor.stderr.strip()[-300:]}")
    if counts.get("error"):
        problems.append(f"{counts['error']} unerwartete Fehler in den Workern (siehe acks/*.log, Zeilen 'x error')")

    figures = {
        "acknowledged_writes": sum(len(v) for v in acked.values()),
        "contacts": len(acked["c"]),
        "persons": len(acked["p"]),
        "collection_records": len(acked["r"]),
        "acknowledged_for_erased_group": sum(len(v) - len(kept[k]) for k, v in acked.items()),
        "worker_runs": counts["worker_runs"],
        "stored_with_warning": counts["warned"],
        "busy_or_fenced": counts["busy"],
        "merge_conflicts_offered": counts["conflict"],
        "refused_erased": counts["refused"],
        "other_errors": counts["error"],
        "losses": len(lost),
        "missing_audit_lines": len(no_audit),
        "ack_counter_gaps": len(gaps),
        "import_rounds": len(rounds),
        "import_exit_codes": dict(Counter(str(c) for r in rounds for c in r["codes"])),
        "imported_groups": imported,
        "erase_attempts": erase.get("attempts", 0),
        "erase_exit_codes": erase.get("codes", []),
        "doctor_exit": doctor.returncode,
        "doctor_errors": len(doctor_errors),
        "doctor_warnings": sum(1 for line in doctor_lines if line.startswith("Warnung")),
        "doctor_hints": sum(1 for line in doctor_lines if line.startswith("Hinweis")),
    }
    return figures, problems

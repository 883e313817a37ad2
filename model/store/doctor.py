"""`kontakt doctor`: checks a whole store and reports in German.

Errors ("Fehler") are what makes the app open read-only or the data wrong: a file that cannot
be read (empty, truncated, NUL bytes, invalid JSON, a foreign or newer file, a wrong kind), an
invalid record, a group in the wrong shard, duplicate Verbund-Nr, references to advisors,
groups or contact persons that do not exist. Hints ("Hinweis") are harmless leftovers that
kontakt copes with on its own: unfinished writes (temp files), lock markers no holder refreshes,
torn audit lines, unreadable backup copies.

Ages (temp files, locks) are judged against a probe file's mtime on the same share — the
file server's clock against itself — never against this PC's clock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..group_numbers import lookalike_key, normalise_number
from . import audit, backups, sequence, transaction
from .erased import KIND, erased_path, tombstones
from .files import StoreFileError, is_temp_file, read_document, server_now
from .leases import inspect, lock_files, orphan_observations

ERROR, WARNING, HINT = "Fehler", "Warnung", "Hinweis"


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


def _kind_for(store, path: Path) -> str:
    if path == store.config_path:
        return "config"
    if path == store.organisation_path:
        return "organisation"
    if path.name.startswith("groups-"):
        return "groups"
    if path == erased_path(store.root):
        return KIND
    if path.parent.parent.name == "shared" or path.parent.name == "shared":
        return "collection"
    return "contacts"


def check_store(store) -> list[Finding]:
    findings: list[Finding] = []
    parsed: dict[Path, object] = {}
    shared = sorted(p for p in (store.root / "shared").glob("*.json") if not is_temp_file(p))
    if erased_path(store.root).exists():
        shared.append(erased_path(store.root))  # read like a collection: checked, not parsed
    for path in store.files() + shared:
        try:
            doc = read_document(path, _kind_for(store, path))
            if path not in shared:
                parsed[path] = store._parse(path, doc)
        except StoreFileError as exc:
            findings.append(Finding(ERROR, str(exc)))
        except (KeyError, TypeError, ValueError) as exc:
            findings.append(Finding(ERROR, f"Datei {path}: enthält einen ungültigen Eintrag ({exc!r})"))
    for required in (store.config_path, store.organisation_path):
        if not required.exists():
            findings.append(Finding(ERROR, f"Datei {required}: fehlt"))
    findings += _check_erasures(store)
    findings += _check_sequence(store)
    findings += _check_references(store, parsed)
    findings += _check_leftovers(store)
    return findings


def _check_sequence(store) -> list[Finding]:
    """The save-sequence counter (sequence.py) must be ahead of every stored contact, or new
    contacts would sort before older ones of the same day."""
    path = sequence.sequence_path(store.root)
    if not path.exists():
        return []
    last, highest = sequence.read_last(store.root), sequence.highest_in_contacts(store.root)
    if last is None:
        return [
            Finding(
                HINT, f"Speicherzähler {path} ist unlesbar; er wird beim nächsten Speichern aus den Kontaktdateien neu gebildet"
            )
        ]
    if last < highest:
        return [Finding(ERROR, (
            f"Speicherzähler {path} steht bei {last}, die Kontakte schon bei {highest} (alte Kopie zurückgespielt?): "
            "neue Kontakte würden vor älteren desselben Tages einsortiert. Datei löschen, sie wird neu gebildet"
        ))]  # fmt: skip
    return []


def _check_erasures(store) -> list[Finding]:
    try:
        stones = tombstones(store.root)
    except StoreFileError:
        return []  # reported with the files above
    return [
        Finding(
            ERROR,
            f"Löschung von Verbund {t.get('number')} (begonnen {t.get('at')} von {t.get('by')}) ist nicht abgeschlossen: kontakt erase {t.get('number')}",
        )
        for t in stones.values()
        if not t.get("done")
    ]


def _check_references(store, parsed: dict[Path, object]) -> list[Finding]:
    found = []
    advisors = {a.code for a in parsed.get(store.organisation_path, [])} if store.organisation_path in parsed else None
    groups = {}
    for path, items in parsed.items():
        if not path.name.startswith("groups-"):
            continue
        for g in items:
            groups[g.id] = g
            if store.shard_path(store.shard_of(g.id)) != path:
                found.append(
                    Finding(
                        ERROR,
                        f"Verbund {g.number} steht in {path.name}, gehört aber in {store.shard_path(store.shard_of(g.id)).name}",
                    )
                )
    found += _check_numbers(groups)
    if advisors is not None:
        for g in sorted(groups.values(), key=lambda g: g.number):
            if g.lead not in advisors:
                found.append(Finding(ERROR, f"Verbund {g.number}: FKB {g.lead} ist kein angelegter Betreuer"))
            for a in g.assignments:
                if a.advisor not in advisors:
                    found.append(
                        Finding(
                            ERROR, f"Verbund {g.number}: Co-Betreuer {a.advisor} ({a.department}) ist kein angelegter Betreuer"
                        )
                    )
    # Contacts logged for a group after it was merged away count for the group it went into.
    merged_into = {m.id: g for g in groups.values() for m in g.merged}
    missing_groups: dict[Path, int] = defaultdict(int)
    for path, items in parsed.items():
        if path.parent.parent.name != "contacts":
            continue
        for c in items:
            group = groups.get(c.group) or merged_into.get(c.group)
            if group is None:
                missing_groups[path] += 1
            elif c.person and c.person not in {p.id for p in group.persons}:
                found.append(
                    Finding(ERROR, f"{path}: Kontakt {c.id} nennt einen Ansprechpartner, den Verbund {group.number} nicht hat")
                )
            if c.by != path.stem or str(c.date.year) != path.parent.name:
                found.append(Finding(ERROR, f"{path}: Kontakt {c.id} von {c.by} am {c.date} gehört nicht in diese Datei"))
        if advisors is not None and path.stem not in advisors:
            found.append(Finding(ERROR, f"{path}: {path.stem} ist kein angelegter Betreuer"))
    for path, count in sorted(missing_groups.items()):
        found.append(Finding(ERROR, f"{path}: {count} Kontakt(e) zu einem Verbund, den es nicht gibt"))
    return found


def _check_numbers(groups: dict) -> list[Finding]:
    """The same number twice (also when one spelling carries invisible characters) is an
    error; numbers that differ only in leading zeros or separators (00815, 815) a hint —
    they may be two groups. Both name the command that merges them."""
    found = []
    same: dict[str, list] = defaultdict(list)
    alike: dict[str, list] = defaultdict(list)
    for g in groups.values():
        same[normalise_number(g.number)].append(g)
        alike[lookalike_key(g.number)].append(g)
    for number, items in sorted(same.items()):
        if len(items) > 1:
            ids = sorted(g.id for g in items)
            found.append(Finding(ERROR, (
                f"Verbund-Nr {number} ist {len(items)}-mal vergeben (IDs {', '.join(ids)}); "
                f"zusammenführen mit: kontakt merge-groups {ids[0]} {ids[1]}"
            )))  # fmt: skip
    for items in alike.values():
        numbers = sorted({normalise_number(g.number) for g in items})
        if len(numbers) > 1:
            found.append(Finding(HINT, (
                f"Verbund-Nr {' / '.join(numbers)} sind sich ähnlich (führende Nullen, Trennzeichen); "
                f"falls derselbe Kundenverbund: kontakt merge-groups {numbers[0]} {numbers[1]}"
            )))  # fmt: skip
    return found


def _check_leftovers(store) -> list[Finding]:
    found = []
    now: dict[Path, float] = {}

    def age(path: Path) -> float:
        if path.parent not in now:
            now[path.parent] = server_now(path.parent)
        return now[path.parent] - path.stat().st_mtime

    for temp in store.temp_files():
        try:
            found.append(
                Finding(
                    HINT,
                    f"unfertige Schreibdatei {temp} (seit {age(temp):.0f} s; wird ignoriert, `kontakt doctor --aufraeumen` entfernt alte)",
                )
            )
        except FileNotFoundError:
            continue
    found += _check_locks(store, age)
    for path in audit.files(store.root):
        raw = path.read_bytes()
        torn = sum(1 for line in raw.splitlines() if line.strip()) - sum(1 for _ in audit.read_file(path))
        if torn:
            found.append(
                Finding(HINT, f"Protokoll {path}: {torn} abgebrochene Zeile(n) (Absturz beim Anhängen), werden übergangen")
            )
    for b in backups.list_backups(store.root):
        if b.revision is None:
            found.append(Finding(HINT, f"Sicherung {b.path} ist nicht lesbar"))
    return found


def _check_locks(store, age) -> list[Finding]:
    """Every lock marker with its holder and how long THIS PC has seen it unchanged (the
    observation `kontakt unlock --all-stale` and the next save continue). The marker's own
    time stamp comes from the holder's clock and is only shown, never trusted."""
    found = []
    lease = transaction.LEASE_SECONDS
    for seen in orphan_observations(store.root / "locks"):
        found.append(
            Finding(
                HINT,
                f"Beobachtungsdatei {seen} gehört zu keiner Sperre mehr (Rest eines Wartenden; `kontakt doctor --aufraeumen` entfernt sie)",
            )
        )
    for marker in lock_files(store.root / "locks"):
        state = inspect(marker, lease)
        if state is None:
            continue
        try:
            stamp = f"; laut Zeitstempel (Uhr des Inhabers) vor {age(marker):.0f} s erneuert"
        except FileNotFoundError:
            continue
        if state.stale:
            found.append(
                Finding(
                    WARNING,
                    f"verwaiste {state.describe()}{stamp}. Wird beim nächsten Speichern übernommen; sofort lösen: kontakt unlock {state.file}",
                )
            )
        else:
            found.append(
                Finding(
                    HINT,
                    f"{state.describe()}{stamp}. Ob sie verwaist ist, zeigt kontakt doctor nach {lease - state.observed:.0f} s erneut oder kontakt unlock --all-stale",
                )
            )
    return found

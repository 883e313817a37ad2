"""One Verbund-Nr, one group (issue 11, item 2): racing importer processes on the same file
create each number once; look-alike spellings ("10040" plus a zero-width space) are the same
number; doctor reports duplicates and look-alikes; an administrator merges two groups."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from model.entities import Advisor
from model.exchange.imports import import_groups
from model.group_numbers import lookalike_key, normalise_number
from model.store import Store
from model.store.doctor import ERROR, HINT, check_store
from tests.unit.test_importing import AS_OF, GROUP_HEADER, csv_file

PROJECT = Path(__file__).resolve().parents[2]


def _groups_csv(count: int, start: int = 10000) -> str:
    rows = [f"{start + i};Verbund {i};Firmenkunden;MKR;{start + i}-1;Kunde {i}" for i in range(count)]
    return "\n".join([GROUP_HEADER, *rows]) + "\n"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.create(tmp_path / "s", "ADM")
    store.save_advisors([Advisor("MKR", "Martina Kraus")])
    return store


# ---- normalising ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["10040", " 10040 ", "10040\u200b", "\ufeff10040", "\u00a010040\u00a0", "100\u200d40", "１００４０"]
)
def test_invisible_characters_and_blanks_do_not_make_another_number(raw):
    assert normalise_number(raw) == "10040"


def test_lookalike_key_ignores_leading_zeros_and_separators():
    assert lookalike_key("00815") == lookalike_key("815") == lookalike_key("8-15")
    assert lookalike_key("815") != lookalike_key("8150")


def test_zero_width_space_in_the_file_is_the_same_group(store, tmp_path):
    import_groups(store, csv_file(tmp_path, _groups_csv(1, 10040)), AS_OF)
    text = f"{GROUP_HEADER}\n10040\u200b;Verbund neu;Firmenkunden;MKR;10040-1;Kunde 0\n"
    report = import_groups(store, csv_file(tmp_path, text, name="zw.csv"), AS_OF)
    groups = list(store.load().groups.values())
    assert [g.number for g in groups] == ["10040"]
    assert groups[0].name == "Verbund neu"
    assert report.created == 0 and report.updated == 1


def test_a_number_typed_with_a_zero_width_space_finds_the_group(store, tmp_path):
    import_groups(store, csv_file(tmp_path, _groups_csv(1, 10040)), AS_OF)
    assert store.load().group(" 10040\u200b").number == "10040"


# ---- racing importers --------------------------------------------------------------------

IMPORTER = r"""
import sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {project!r})
from model.exchange.imports import import_groups
from model.store import Store
store = Store.open(Path({root!r}), "ADM")
while not Path({start!r}).exists():
    time.sleep(0.001)
report = import_groups(store, Path({csv!r}), date(2026, 3, 1))
print(report.created, report.updated, report.unchanged)
"""


def _race(store: Store, tmp_path: Path, csv: Path, processes: int) -> list[subprocess.CompletedProcess]:
    start = tmp_path / "start"
    code = IMPORTER.format(project=str(PROJECT), root=str(store.root), start=str(start), csv=str(csv))
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    time.sleep(1.5)  # every process has imported and opened the store
    start.write_text("")
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return results


@pytest.mark.slow
def test_racing_importers_create_each_number_once(store, tmp_path):
    csv = csv_file(tmp_path, _groups_csv(300))
    results = _race(store, tmp_path, csv, processes=4)
    for r in results:
        assert r.returncode == 0, r.stderr
    numbers = Counter(g.number for g in store.load().groups.values())
    assert len(numbers) == 300
    assert max(numbers.values()) == 1, [n for n, c in numbers.items() if c > 1][:5]
    created = sum(int(r.stdout.split()[0]) for r in results)
    assert created == 300  # the others found each number under the lock and updated nothing
    assert not [f for f in check_store(store) if f.severity == ERROR]


def test_a_second_import_of_the_same_new_number_meets_it_under_the_lock(store, tmp_path, monkeypatch):
    """Both importers planned "new" from the same picture; the second one must find the
    group the first one wrote — in the shard the number chooses — and not add another."""
    csv = csv_file(tmp_path, _groups_csv(20))
    stale = store.load()
    import_groups(Store.open(store.root, "ADM"), csv, AS_OF)
    monkeypatch.setattr(store, "load", lambda *a, **k: stale)
    import_groups(store, csv, AS_OF)
    monkeypatch.undo()
    numbers = Counter(g.number for g in store.load().groups.values())
    assert len(numbers) == 20 and max(numbers.values()) == 1


def test_new_groups_live_in_the_shard_their_number_chooses(store, tmp_path):
    from model.group_numbers import number_shard

    import_groups(store, csv_file(tmp_path, _groups_csv(50)), AS_OF)
    for g in store.load().groups.values():
        assert store.shard_of(g.id) == number_shard(g.number, store.shards)


# ---- doctor -----------------------------------------------------------------------------


def _legacy_group(store: Store, gid: str, number: str) -> None:
    from model.entities import Group

    store.save_groups([Group(gid, number, f"Verbund {number}", "Firmenkunden", "MKR")])


def test_doctor_reports_duplicates_by_normalised_number_and_names_the_merge(store):
    _legacy_group(store, "g-a", "10040")
    _legacy_group(store, "g-b", "10040\u200b")
    errors = [f.message for f in check_store(store) if f.severity == ERROR]
    assert any("10040" in m and "2-mal" in m and "merge-groups" in m for m in errors), errors


def test_doctor_reports_lookalikes(store):
    _legacy_group(store, "g-a", "00815")
    _legacy_group(store, "g-b", "815")
    hints = [f.message for f in check_store(store) if f.severity == HINT]
    assert any("00815" in m and "815" in m and "ähnlich" in m for m in hints), hints

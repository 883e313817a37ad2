"""The monitoring commands end to end through `cli.main`: CSV files that Excel opens (`;`,
UTF-8 with BOM, German numbers), JSON keys, and the calendar export."""

import csv
import json

from icalendar import Calendar

from tests.unit.test_cli import run


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_report_csv(small_store, tmp_path, capsys):
    target = tmp_path / "report.csv"
    code, out, err = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--csv", str(target))
    assert code == 0 and "Soll/Ist MKR" in out and "CSV geschrieben" in err
    rows = read_csv(target)
    assert rows[0] == ["Klasse", "Verbünde", "Soll", "Ist", "Abdeckung %", "unterbetreut", "überbetreut"]
    assert rows[1] == ["A", "1", "4", "1", "25", "1", "0"]
    assert rows[4] == ["D", "1", "0,50", "1", "200", "0", "1"]
    assert rows[5] == ["gesamt", "4", "7,50", "3", "40", "3", "1"]
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_capacity_json_and_csv(small_store, tmp_path, capsys):
    target = tmp_path / "kap.csv"
    code, out, _ = run(capsys, small_store, "capacity", "--as-of", "27.11.2026", "--json", "--csv", str(target))
    assert code == 0
    data = json.loads(out)  # the CSV note goes to stderr, stdout stays JSON
    mkr = next(a for a in data["advisors"] if a["code"] == "MKR")
    assert mkr == {
        "code": "MKR", "name": "Martina Kraus", "span": 4, "co_care_roles": 0, "required_hours": 9.0,
        "available_hours": 630.0, "utilisation": round(9 / 630, 4), "over": False,
    }  # fmt: skip
    rows = read_csv(target)
    assert rows[0] == ["Kürzel", "Name", "Verbünde", "Co-Betreuungen", "Bedarf Std.", "Nettomarktzeit Std.", "Auslastung %"]
    assert rows[1] == ["MKR", "Martina Kraus", "4", "0", "9", "630", "1,43"]
    assert rows[3] == ["VKS", "Vera Kessler", "0", "1", "1,50", "630", "0,24"]
    code, out, _ = run(capsys, small_store, "capacity", "--as-of", "27.11.2026")
    assert "Kapazität, Stand 27.11.2026" in out and "1 %" in out


def test_departments(small_store, tmp_path, capsys):
    target = tmp_path / "fb.csv"
    code, out, _ = run(capsys, small_store, "departments", "--as-of", "27.11.2026", "--json", "--csv", str(target))
    assert code == 0
    data = json.loads(out)
    assert data["period"] == {"first": "2025-11-28", "last": "2026-11-27"}
    assert [(d["department"], d["advisor"], d["soll"], d["ist"], d["overdue"]) for d in data["departments"]] == [
        ("Versicherung", None, 1.0, 0, 1), ("Versicherung", "VKS", 1.0, 0, 1)
    ]  # fmt: skip
    rows = read_csv(target)
    assert rows[0][:4] == ["Fachbereich", "Kollege", "Verbünde", "Soll"]
    assert rows[2] == ["Versicherung", "VKS", "1", "1", "0", "0", "1", "1", "0"]
    code, out, _ = run(capsys, small_store, "departments", "--as-of", "27.11.2026", "--period", "quarter")
    assert "01.07.2026 bis 30.09.2026" in out and "VKS             1   0,3" in out  # Soll 1 × 0,25 years, rounded commercially


def test_export_calendar(small_store, tmp_path, capsys):
    target = tmp_path / "kontakt.ics"
    code, out, _ = run(capsys, small_store, "export", "calendar", str(target), "--as-of", "27.11.2026")
    assert code == 0 and "3 fällige Kontakte und 0 Termine" in out
    summaries = sorted(str(e["summary"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert summaries[0] == "Kontakt fällig: 10001 Bäckerei Huber GmbH"
    code, _, err = run(capsys, small_store, "export", "calendar", str(tmp_path / "nope" / "x.ics"))
    assert code == 1 and "gibt es nicht" in err

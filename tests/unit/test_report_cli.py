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


def test_report_shows_the_c_and_d_share_and_the_served_groups(small_store, capsys):
    # MKR's counted contacts: A (90 planning minutes), B (60), D (30); C none.
    code, out, _ = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--json", "--groups")
    data = json.loads(out)
    assert code == 0 and data["c_d_share"] == {"contacts": 0.3333, "planning_minutes": 0.1667}
    assert [(g["group"], g["class"], g["soll"], g["ist"], g["gap"]) for g in data["under_served"]] == [
        ("10001", "A", 4.0, 1, -3.0), ("10002", "B", 2.0, 1, -1.0), ("10003", "C", 1.0, 0, -1.0)
    ]  # fmt: skip
    assert data["over_served"] == [
        {"group": "10004", "name": data["over_served"][0]["name"], "class": "D", "advisor": "MKR", "role": "lead",
         "soll": 0.5, "ist": 1, "gap": 0.5}
    ]  # fmt: skip
    _, out, _ = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--json")
    assert "under_served" not in json.loads(out) and "c_d_share" in json.loads(out)
    _, out, _ = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--groups")
    assert "Aufwand für C- und D-Verbünde: 33 % der gezählten Kontakte, 17 % der Planungsminuten" in out
    assert "Unterbetreut: 3" in out and "Überbetreut: 1" in out and "-3" in out


def test_capacity_sets_the_net_market_time_in_german_and_proposes(small_store, capsys):
    code, out, _ = run(capsys, small_store, "capacity", "--set-net-market-time", "MKR", "1.260,5")
    assert code == 0 and "Nettomarktzeit MKR gespeichert: 1.260,5 Std." in out
    assert small_store.load().advisors["MKR"].net_market_hours == 1260.5  # the screen's store call
    run(capsys, small_store, "capacity", "--set-net-market-time", "MKR", "630")
    # MKR needs 9 hours a year (540 planning minutes); 630 hours fit 70 times today's targets.
    code, out, _ = run(capsys, small_store, "capacity", "--propose", "MKR", "--as-of", "27.11.2026", "--json")
    assert code == 0 and json.loads(out) == {
        "as_of": "2026-11-27", "advisor": "MKR", "factor": 70.0,
        "frequencies": {"A": 280.0, "B": 140.0, "C": 70.0, "D": 35.0}, "required_hours": 630.0, "available_hours": 630.0,
    }  # fmt: skip
    _, out, _ = run(capsys, small_store, "capacity", "--propose", "MKR", "--as-of", "27.11.2026")
    assert out.startswith("Vorschlag MKR: A 280,00 · B 140,00 · C 70,00 · D 35,00 Kontakte im Jahr (Faktor 70,00")


def test_capacity_refuses_bad_hours_and_unknown_codes(small_store, capsys):
    for args, message in [
        (["--set-net-market-time", "MKR", "viel"], "„viel“ ist keine Zahl"),
        (["--set-net-market-time", "MKR", "-5"], "nicht negativ"),
        (["--set-net-market-time", "XYZ", "600"], "XYZ: kein Betreuer"),
        (["--propose", "XYZ"], "--propose XYZ: kein Betreuer"),
    ]:
        code, _, err = run(capsys, small_store, "capacity", *args)
        assert code == 1 and message in err, err
    assert small_store.load().advisors["MKR"].net_market_hours == 630.0
    # VKS only cares for a group (co-care is not scaled): nothing to propose, as on the screen.
    code, out, _ = run(capsys, small_store, "capacity", "--propose", "VKS")
    assert code == 0 and "Vorschlag VKS: keine machbaren Frequenzen" in out


def test_carecalls_take_the_week_before_the_as_of_date(small_store, capsys):
    code, out, _ = run(capsys, small_store, "carecalls", "--as-of", "10.06.2026", "--json")
    data = json.loads(out)
    assert code == 0 and (data["week"], data["from"]) == ("2026-W23", "2026-06-01")
    assert [g["group"] for g in data["groups"]] == ["10001"]

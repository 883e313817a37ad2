"""`kontakt plan` through `kontakt_tui.cli.parser`: the essay's figures as text and JSON, changed
inputs, German messages for bad values, and the actual rates from a store."""

import json
from datetime import date

import pytest

from kontakt_tui import cli
from model.entities import Contact


def run(capsys, *args, store=None, user="MKR"):
    argv = (["--store", str(store.root)] if store is not None else []) + [
        "--user",
        user,
        "plan",
        *args,
    ]
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_text_shows_the_essays_table(capsys):
    code, out, _ = run(capsys)
    assert code == 0
    for line in (
        "Active Calls p. a.                     1.890",
        "Sofort-Termine                           756  84 p. a. und MA",
        "Follow-up-Calls                          756  84 p. a. und MA",
        "Termine aus Follow-ups                   378  42 p. a. und MA",
        "Aktiv-Termine gesamt                   1.134  ca. 0,60 pro Tag und MA, 3 pro Woche",
        "Erfolgsquote (gesamt)                   24 %",
        "Aufträge 12 Monate (Jahr 1)        441.000 €",
        "Aufträge Folgejahr (Jahr 2)      1.701.000 €",
        "Aufträge dauerhaft p. a.         2.268.000 €",
    ):
        assert line in out
    assert "Rechnung Monat für Monat" in out
    assert "Monat für Monat\n" not in out  # the month table only with --months


def test_json_keys_and_figures(capsys):
    code, out, _ = run(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {"inputs", "figures", "years", "months"}
    f = data["figures"]
    assert (
        f["calls"],
        f["immediate_meetings"],
        f["follow_up_calls"],
        f["follow_up_meetings"],
    ) == (1890, 756, 756, 378)
    assert (f["immediate_meetings_per_advisor"], f["follow_up_calls_per_advisor"]) == (
        84,
        84,
    )
    assert f["follow_up_meetings_per_advisor"] == 42
    assert (
        f["meetings"],
        f["meetings_per_day_and_advisor"],
        f["meetings_per_week_and_advisor"],
    ) == (1134, 0.6, 3)
    assert (f["overall_rate"], f["first_year"], f["following_year"]) == (
        0.24,
        441000,
        1701000,
    )
    assert f["steady_state"] == 2268000
    assert [y["amount"] for y in data["years"]] == [441000, 1701000, 2252250]
    assert len(data["months"]) == 36 and data["months"][4]["conversions"] == 6.3
    assert data["inputs"]["conversion_cumulative"] == [0.1, 0.2, 0.3, 0.4]


@pytest.mark.parametrize("rate", ["30", "30%", "0,3", "30 %"])
def test_changed_inputs(capsys, rate):
    code, out, _ = run(capsys, "--lead-time", "2", "--immediate-rate", rate, "--json")
    f = json.loads(out)["figures"]
    # Computed by hand in tests/unit/test_planning.py::test_lead_time_2_and_immediate_rate_30.
    assert code == 0 and (f["first_year"], f["following_year"], f["steady_state"]) == (
        212625,
        1228500,
        1890000,
    )


def test_all_options(capsys):
    code, out, _ = run(
        capsys, "--advisors", "10", "--days", "200", "--calls-per-day", "1,5", "--follow-up-rate", "0,3",
        "--follow-up-delay", "3", "--follow-up-meeting-rate", "60 %", "--conversion", "5,15,25,35",
        "--contribution", "4.000", "--json",
    )  # fmt: skip
    data = json.loads(out)
    i, f = data["inputs"], data["figures"]
    assert code == 0
    assert (
        i["advisors"],
        i["working_days"],
        i["calls_per_day"],
        i["follow_up_delay_months"],
    ) == (10, 200, 1.5, 3)
    assert (i["follow_up_rate"], i["follow_up_meeting_rate"], i["contribution"]) == (
        0.3,
        0.6,
        4000,
    )
    assert i["conversion_cumulative"] == [0.05, 0.15, 0.25, 0.35]
    # 10 × 200 × 1,5 = 3.000 calls; 1.200 immediate + 3.000 × 30 % × 60 % = 540 → 1.740 meetings.
    assert (f["calls"], f["meetings"]) == (3000, 1740)
    assert f["steady_state"] == pytest.approx(1740 * 0.35 * 4000)


def test_months_table(capsys):
    code, out, _ = run(capsys, "--months")
    assert code == 0 and "Monat für Monat" in out
    may = ["5", "1", "157,5", "0,0", "63,0", "0,0", "63,0", "6,30", "31.500", "€"]
    assert may in [line.split() for line in out.splitlines()]  # 10 % of February's 63 meetings


@pytest.mark.parametrize(
    "args, message",
    [
        (["--advisors", "neun"], "--advisors: „neun“ ist keine ganze Zahl"),
        (["--advisors", "0"], "--advisors: mindestens 1 Betreuer"),
        (["--immediate-rate", "viel"], "--immediate-rate: „viel“ ist keine Zahl"),
        (["--immediate-rate", "120"], "--immediate-rate: Quote zwischen 0 % und 100 %"),
        (
            ["--immediate-rate", "70"],
            "--follow-up-rate: Sofort-Terminquote + Follow-up-Quote höchstens 100 %",
        ),
        (["--conversion", "10,20"], "--conversion: „10,20“: vier kumulierte Quoten"),
        (["--conversion", "10,30,20,40"], "--conversion (nach 12 Monaten): kumuliert"),
        (["--contribution", "-5"], "--contribution: darf nicht negativ sein"),
        (["--lead-time", "1,5"], "--lead-time: „1,5“ ist keine ganze Zahl"),
        (["--days", "400"], "--days: Arbeitstage zwischen 1 und 366"),
    ],
)
def test_bad_values_are_named_in_german(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert message in err and err.startswith("Fehler: ")


def test_actual_from_the_store(capsys, small_store):
    small_store.add_contacts(
        [
            Contact("a1", "g-2", date(2026, 3, 2), "MKR", "nicht erreicht", "Telefon", "Active Call",
                    follow_up=date(2026, 3, 9)),
            Contact("a2", "g-2", date(2026, 3, 9), "MKR", "Termin vereinbart", "Telefon", "Active Call"),
            Contact("a3", "g-3", date(2026, 4, 1), "MKR", "Termin vereinbart", "Telefon", "Active Call", deal=5000.0),
            Contact("a4", "g-4", date(2026, 5, 4), "TLE", "kein Interesse", "Telefon", "Active Call"),
        ]
    )  # fmt: skip
    code, out, _ = run(capsys, "--actual", "--as-of", "27.11.2026", "--json", store=small_store)
    a = json.loads(out)["actual"]
    assert code == 0
    # the FKB MKR and TLE; VKS (Versicherung) is not in the plan's team
    assert (a["advisors"], a["first_calls"], a["follow_up_calls"]) == (2, 3, 1)
    assert a["counted"] == [{"code": "MKR", "name": "Martina Kraus"}, {"code": "TLE", "name": "Thomas Lenz"}]
    assert a["immediate_rate"] == pytest.approx(1 / 3) and a["follow_up_meeting_rate"] == 1
    assert a["period"] == {"first": "2025-11-28", "last": "2026-11-27"}
    code, out, _ = run(
        capsys,
        "--actual",
        "--as-of",
        "27.11.2026",
        "--advisor",
        "ich",
        store=small_store,
    )
    assert code == 0 and "Ist Betreuer MKR, 28.11.2025 bis 27.11.2026" in out
    assert "Sofort-Terminquote" in out and "50 %" in out  # MKR: a1, a3 first calls, a3 a meeting
    code, out, _ = run(capsys, "--from-actual", "--as-of", "27.11.2026", "--json", store=small_store)
    i = json.loads(out)["inputs"]
    assert (i["immediate_rate"], i["follow_up_rate"], i["follow_up_meeting_rate"]) == (
        0.333,
        0.333,
        1.0,
    )
    assert i["contribution"] == 5000 and i["advisors"] == 9
    code, _, err = run(capsys, "--actual", "--advisor", "XYZ", store=small_store)
    assert code == 1 and "XYZ ist im Speicher nicht als Betreuer angelegt" in err

"""`kontakt cast`, `casting`, `assign` and `review` through `kontakt_tui.cli.parser`, good and
bad input (exit 1 with the German list of what is valid)."""

import copy
import json
from datetime import date

from kontakt_tui import cli
from model.casting.schemes import replace_scheme
from model.config import default_config_json
from model.entities import Advisor
from model.store import Store

FULL = [
    "Potenzial Gesamtverbund=hoch",
    "Versicherungspotenzial p.a.=≥ 2.500 €",
    "Unternehmensnachfolge: ist perspektivisch zu lösen",
    "Anlagepotenzial=unter 5 T€",
    "Privatvermögen Inhaber=unauffällig",
    "finanzierungsbedarf=Konkret",
]  # 2 + 3 + 2 + 0 + 0 + 2 = 9 → A; calls in Versicherung and Nachfolge


def run(capsys, store, *args, user="MKR"):
    try:
        code = cli.main(["--store", str(store.root), "--user", user, *args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cast_saves_a_casting_by_the_user_and_prints_the_result(small_store, capsys):
    code, out, _ = run(capsys, small_store, "cast", "10003", *FULL, "--date", "27.11.2026")
    assert code == 0
    assert "Casting für 10003 Schreinerei Vogt gespeichert: 9 Punkte, Klasse A." in out
    assert "Vorher: Klasse C, 0 Punkte (vom 01.02.2026)." in out
    assert "Hinzuziehen: Versicherung, Nachfolge." in out
    group = small_store.load().group("10003")
    casting = group.casting
    assert (casting.date, casting.by, casting.score, group.cls) == (date(2026, 11, 27), "MKR", 9, "A")
    assert casting.answer("Finanzierungsbedarf") == "konkret" and len(group.castings) == 2


def test_cast_with_override_needs_a_reason(small_store, capsys):
    code, _, err = run(capsys, small_store, "cast", "10003", *FULL, "--override", "B")
    assert code == 1 and "Eine abweichende Klasse braucht eine Begründung." in err
    code, out, _ = run(capsys, small_store, "cast", "10003", *FULL, "--override", "B", "--reason", "Inhaber geht in Rente")
    assert code == 0 and "abweichend festgelegt: Klasse B (Inhaber geht in Rente)" in out
    assert small_store.load().group("10003").cls == "B"
    assert run(capsys, small_store, "cast", "10003", *FULL, "--override", "E", "--reason", "x")[0] == 1
    assert run(capsys, small_store, "cast", "10003", *FULL, "--reason", "ohne Klasse")[0] == 1


def test_cast_refuses_unknown_criteria_options_and_gaps_with_the_valid_lists(small_store, capsys):
    before = small_store.load().group("10003")
    code, _, err = run(capsys, small_store, "cast", "10003", "Nachfolge=offen", "Finanzierungsbedarf=riesig")
    assert code == 1
    assert (
        "Unbekanntes Kriterium „Nachfolge“ im Schema Firmenkunden. Gültig: Potenzial Gesamtverbund, Versicherungspotenzial p.a.,"
        in err
    )
    assert "Unbekannte Option „riesig“ für „Finanzierungsbedarf“. Gültig: konkret, perspektivisch, keiner" in err
    assert "Es fehlt „Potenzial Gesamtverbund“. Gültig: außerordentlich, hoch, mittel, gering" in err
    code, _, err = run(capsys, small_store, "cast", "10003", *FULL[:5])
    assert code == 1 and "Es fehlt „Finanzierungsbedarf“." in err
    assert run(capsys, small_store, "cast", "99999", *FULL)[0] == 1
    assert small_store.load().group("10003") == before  # nothing written


def _roles_in_force(store) -> None:
    """An Administrator ends set-up mode; the test store lets the tests act as anyone."""
    store.save_advisors([Advisor("ADM", "Anke Dorn", role="Administrator")])
    store.save_config(store.load().config.raw | {"test_store": True})


def test_cast_is_for_the_lead_or_a_team_lead(small_store, capsys):
    assert run(capsys, small_store, "cast", "10003", *FULL, user="VKS")[0] == 0  # set-up mode: anyone
    _roles_in_force(small_store)
    code, _, err = run(capsys, small_store, "cast", "10003", *FULL, user="VKS")
    assert code == 1 and "darf für 10003 nicht casten: das darf der FKB des Verbunds (FKB: MKR) oder die Rolle Teamleiter" in err
    assert run(capsys, small_store, "cast", "10003", *FULL, user="TLE")[0] == 0


def test_casting_table_json_with_distribution_and_filters(small_store, capsys):
    run(capsys, small_store, "cast", "10003", *FULL, "--date", "27.11.2026")
    code, out, _ = run(capsys, small_store, "casting", "--json")
    data = json.loads(out)
    assert code == 0 and data["segment"] == "Firmenkunden"
    assert data["distribution"] == [
        {"class": "A", "count": 3, "share": 0.6},
        {"class": "B", "count": 1, "share": 0.2},
        {"class": "C", "count": 0, "share": 0.0},
        {"class": "D", "count": 1, "share": 0.2},
    ]
    vogt = next(g for g in data["groups"] if g["group"] == "10003")
    answers = vogt.pop("answers")
    assert vogt == {
        "group": "10003", "name": "Schreinerei Vogt", "lead": "MKR",
        "score": 9, "class": "A", "override": None, "reason": "", "date": "2026-11-27",
    }  # fmt: skip
    assert answers["Unternehmensnachfolge"] == "ist perspektivisch zu lösen" and len(answers) == 6
    _, out, _ = run(capsys, small_store, "casting", "--json", "--filter", "Unternehmensnachfolge: ist perspektivisch zu lösen")
    assert [g["group"] for g in json.loads(out)["groups"]] == ["10003"]
    _, out, _ = run(capsys, small_store, "casting", "--json", "--advisor", "TLE", "--class", "A")
    assert [g["group"] for g in json.loads(out)["groups"]] == ["10005"]
    _, out, _ = run(capsys, small_store, "casting", "--json", "--class", "B", "--class", "D")
    assert [g["group"] for g in json.loads(out)["groups"]] == ["10002", "10004"]


def test_casting_table_text_and_csv(small_store, capsys, tmp_path):
    target = tmp_path / "casting.csv"
    code, out, _ = run(capsys, small_store, "casting", "--csv", str(target))
    assert code == 0
    assert "Kunden-Casting Firmenkunden: 5 Verbünde" in out
    assert "Klassen: A 2 (40 %) · B 1 (20 %) · C 1 (20 %) · D 1 (20 %)" in out
    assert "5 Verbünde exportiert nach" in out
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Nr;Verbund;FKB;Potenzial Gesamtverbund;") and lines[0].endswith(
        ";Punkte;Klasse;abweichend;Begründung;gecastet am"
    )
    assert lines[1] == "10001;Bäckerei Huber GmbH;MKR;;;;;;;0;A;nein;;01.02.2026"


def test_casting_bad_input_lists_what_is_valid(small_store, capsys):
    code, _, err = run(capsys, small_store, "casting", "--filter", "Nachfolge=offen")
    assert code == 1 and "--filter: Unbekanntes Kriterium „Nachfolge“" in err and "Gültig: Potenzial Gesamtverbund" in err
    code, _, err = run(capsys, small_store, "casting", "--segment", "Landwirtschaft")
    assert code == 1 and "Möglich: Firmenkunden, Gewerbekunden, Private Banking" in err
    code, _, err = run(capsys, small_store, "casting", "--class", "E")
    assert code == 1 and "möglich sind A, B, C, D" in err
    code, _, err = run(capsys, small_store, "casting", "--advisor", "XYZ")
    assert code == 1 and "Bekannt: MKR, TLE, VKS" in err


def test_assign_puts_the_group_on_the_colleagues_due_list(small_store, capsys):
    code, out, _ = run(
        capsys, small_store, "assign", "10002", "--department", "Versicherung", "--advisor", "VKS", "--date", "27.11.2026"
    )
    assert code == 0
    assert "VKS (Vera Kessler) betreut 10002 Autohaus Krämer KG ab 27.11.2026 für Versicherung: 2 Kontakte im Jahr." in out
    _, out, _ = run(capsys, small_store, "due", "--json", "--as-of", "27.11.2026", user="VKS")
    items = [(i["group"], i["role"]) for i in json.loads(out)]
    assert ("10002", "Versicherung") in items and ("10001", "Versicherung") in items
    assignment = small_store.load().group("10002").assignments[0]
    assert (assignment.advisor, assignment.frequency, assignment.start) == ("VKS", 2.0, date(2026, 11, 27))


def test_assign_today_with_frequency_and_end_keeps_the_history(small_store, capsys):
    assert (
        run(capsys, small_store, "assign", "10003", "--department", "Versicherung", "--advisor", "VKS", "--frequency", "0,5")[0]
        == 0
    )
    _, out, _ = run(capsys, small_store, "due", "--json", user="VKS")
    assert ("10003", "Versicherung") in [(i["group"], i["role"]) for i in json.loads(out)]
    code, _, err = run(capsys, small_store, "assign", "10003", "--department", "Versicherung", "--advisor", "VKS")
    assert code == 1 and "bereits von VKS betreut" in err
    code, out, _ = run(capsys, small_store, "assign", "10003", "--department", "Versicherung", "--end")
    assert code == 0 and "endet am" in out
    (ended,) = small_store.load().group("10003").assignments
    assert ended.frequency == 0.5 and ended.end == date.today()
    code, _, err = run(capsys, small_store, "assign", "10003", "--department", "Versicherung", "--end")
    assert code == 1 and "keine laufende Co-Betreuung für Versicherung" in err


def test_assign_refuses_with_the_departments_advisors(small_store, capsys):
    code, _, err = run(capsys, small_store, "assign", "10002", "--department", "Versicherung", "--advisor", "TLE")
    assert code == 1 and "TLE gehört nicht zum Fachbereich Versicherung. Dort: VKS (Vera Kessler)" in err
    code, _, err = run(capsys, small_store, "assign", "10002", "--department", "Nachfolge", "--advisor", "VKS")
    assert code == 1 and "Dort: niemand angelegt" in err
    code, _, err = run(capsys, small_store, "assign", "10002", "--department", "Golf", "--advisor", "VKS")
    assert code == 1 and "Möglich: Private Banking, Versicherung, Nachfolge" in err
    code, _, err = run(
        capsys, small_store, "assign", "10002", "--department", "Versicherung", "--advisor", "VKS", "--frequency", "0"
    )
    assert code == 1 and "--frequency muss größer als 0 sein" in err
    code, _, err = run(capsys, small_store, "assign", "10002", "--department", "Versicherung")
    assert code == 1 and "--advisor KÜRZEL fehlt" in err
    _roles_in_force(small_store)
    code, _, err = run(capsys, small_store, "assign", "10002", "--department", "Versicherung", "--advisor", "VKS", user="VKS")
    assert code == 1 and "nicht Co-Betreuung zuordnen: das darf der FKB des Verbunds (FKB: MKR)" in err
    assert small_store.load().group("10002").assignments == ()


def test_review_lists_the_users_groups_due_for_casting(small_store, capsys):
    code, out, _ = run(capsys, small_store, "review", "--as-of", "27.11.2026", "--json")
    assert code == 0 and json.loads(out) == []
    _, out, _ = run(capsys, small_store, "review", "--as-of", "01.02.2027", "--json")
    data = json.loads(out)
    assert [i["group"] for i in data] == ["10002", "10001", "10004", "10003"]  # same date: by name
    assert data[0] == {
        "group": "10002", "name": "Autohaus Krämer KG", "class": "B", "date": "2026-02-01",
        "reason": "Casting vom 01.02.2026 ist älter als 12 Monate",
    }  # fmt: skip
    _, out, _ = run(capsys, small_store, "review", "--as-of", "01.02.2027")
    assert "Casting-Überprüfung MKR, Stichtag 01.02.2027: 4 Verbünde" in out


def test_review_after_a_scheme_change(small_store, capsys):
    raw = default_config_json()
    scheme = copy.deepcopy(next(s for s in raw["schemes"] if s["segment"] == "Firmenkunden"))
    scheme["classes"][0]["min_score"] = 8
    small_store.save_config(replace_scheme(raw, scheme))
    run(capsys, small_store, "cast", "10003", *FULL, "--date", "27.11.2026")
    _, out, _ = run(capsys, small_store, "review", "--as-of", "27.11.2026", "--json")
    data = json.loads(out)
    assert [i["group"] for i in data] == ["10002", "10001", "10004"]
    assert {i["reason"] for i in data} == {"Schema Firmenkunden geändert (Version 1 → 2)"}
    assert small_store.load().group("10003").casting.scheme_version == 2
    assert run(capsys, small_store, "review", user="XYZ")[0] == 1


def test_help_lists_the_new_commands(capsys):
    try:
        cli.main(["--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert all(name in out for name in ("cast", "casting", "assign", "review"))


def test_store_is_untouched_by_refused_commands(small_store: Store, capsys):
    files = {p: p.read_bytes() for p in small_store.files()}
    run(capsys, small_store, "assign", "10001", "--department", "Versicherung", "--advisor", "VKS")  # already cared for
    run(capsys, small_store, "cast", "10001", "Potenzial Gesamtverbund=riesig")
    assert {p: p.read_bytes() for p in small_store.files()} == files
